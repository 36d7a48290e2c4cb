-- The course report by district in one plain query, beside which
-- bench/reports and tests/test-report-course.sh set Plenary's own figures.
-- Parameter :course. The audience is taken as everyone (the demo course's
-- audience); "started" is any progress on the course's recordings;
-- "completed" is every item watched for at least the course's share of its
-- span. Progress rows are stored merged (no overlaps for one person and
-- recording), so, clipped to an item's span, they can simply be summed.
WITH course AS (SELECT id, completion_percent AS pc FROM courses WHERE id = :course),
items AS (
  SELECT i.id AS item, i.recording_id AS rec,
         coalesce (c.offset_ms, 0) AS s,
         CASE WHEN c.id IS NULL THEN r.duration_ms
              ELSE coalesce ((SELECT min (n.offset_ms) FROM chapters n
                              WHERE n.recording_id = c.recording_id AND n.offset_ms > c.offset_ms),
                             r.duration_ms) END AS e
  FROM course_items i JOIN course ON course.id = i.course_id
  JOIN recordings r ON r.id = i.recording_id
  LEFT JOIN chapters c ON c.id = i.chapter_id),
watched AS (
  SELECT p.person_id, it.item, it.e - it.s AS span,
         sum (max (0, min (p.end_ms, it.e) - max (p.start_ms, it.s))) AS ms
  FROM progress p JOIN items it ON it.rec = p.recording_id
  GROUP BY p.person_id, it.item),
done AS (
  SELECT person_id FROM watched, course
  WHERE span > 0 AND ms * 100 >= span * course.pc
  GROUP BY person_id HAVING count (*) = (SELECT count (*) FROM items)),
started AS (
  SELECT DISTINCT person_id FROM progress WHERE recording_id IN (SELECT rec FROM items))
SELECT coalesce (d.name, 'Provincial level') AS district, count (*) AS audience,
       count (started.person_id) AS started, count (done.person_id) AS completed
FROM people pe JOIN sites s ON s.id = pe.site_id
LEFT JOIN sites d ON d.id = s.district_id
LEFT JOIN started ON started.person_id = pe.id
LEFT JOIN done ON done.person_id = pe.id
GROUP BY d.id ORDER BY d.id IS NOT NULL, d.code;
