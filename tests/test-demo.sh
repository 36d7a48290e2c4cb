# The demo data set: the seed figures, checked with the sqlite3 CLI, and
# the same rows on every run.
. "$(dirname "$0")/tap.sh"

q() { sqlite3 -batch -noheader "$1" "$2"; }
# between VALUE LOW HIGH: VALUE is a number from LOW to HIGH
between() { awk -v v="$1" -v lo="$2" -v hi="$3" 'BEGIN { exit !(v ~ /^-?[0-9]+(\.[0-9]*)?$/ && v + 0 >= lo && v + 0 <= hi) }'; }

out=$(plenary --db a.db demo 2> err.txt); status=$?
check "demo exits 0" "$status" 0
contains "the output says the commune split is illustrative" "$out" "split between the 13 district-level areas is illustrative"
contains "the output says the codes are not secret" "$out" "not secret"

check "177 commune stations" "$(q a.db "SELECT count(*) FROM sites WHERE level = 'commune';")" 177
check "13 district health centres" "$(q a.db "SELECT count(*) FROM sites WHERE level = 'district';")" 13
check "18 provincial units and 13 district offices" \
  "$(q a.db "SELECT p.level, count(*) FROM sites s JOIN sites p ON p.id = s.parent_id WHERE s.level = 'unit' GROUP BY p.level ORDER BY p.level;")" \
  "district|13
province|18"
check "the host is Sở Y tế Quảng Ninh" "$(q a.db "SELECT name FROM sites WHERE level = 'province';")" "Sở Y tế Quảng Ninh"
check "the district centres have their real names" \
  "$(q a.db "SELECT name FROM sites WHERE code IN ('QN-TTYT-HL', 'QN-TTYT-BC') ORDER BY code;")" \
  "Trung tâm Y tế huyện Ba Chẽ
Trung tâm Y tế thành phố Hạ Long"
check "every commune and village lies in a district" \
  "$(q a.db "SELECT count(*) FROM sites WHERE level IN ('commune', 'village') AND district_id IS NULL;")" 0
check "2 251 people" "$(q a.db "SELECT count(*) FROM people;")" 2251
check "343 at commune level" "$(q a.db "SELECT count(*) FROM people p JOIN sites s ON s.id = p.site_id WHERE s.level = 'commune';")" 343
check "1 566 at village level" "$(q a.db "SELECT count(*) FROM people p JOIN sites s ON s.id = p.site_id WHERE s.level = 'village';")" 1566
check "every village has its people" \
  "$(q a.db "SELECT count(*) FROM sites s WHERE level = 'village' AND NOT EXISTS (SELECT 1 FROM people WHERE site_id = s.id);")" 0
check "sign-in codes are 10 characters without look-alikes, all different" \
  "$(q a.db "SELECT count(DISTINCT signin_code) FROM people WHERE length(signin_code) = 10 AND signin_code NOT GLOB '*[^2-9a-hjkmnp-z]*';")" 2251

ev="(SELECT id FROM events WHERE starts_at = strftime('%s', '2022-11-10 01:00:00'))"
check "the 2022 conference starts at 08:00 in Hạ Long, stored in UTC" \
  "$(q a.db "SELECT kind, datetime(starts_at, 'unixepoch', '+7 hours') FROM events WHERE id = $ev;")" \
  "conference|2022-11-10 08:00:00"
check "the 2022 conference has 191 points" "$(q a.db "SELECT count(*) FROM bridge_points WHERE event_id = $ev;")" 191
check "the host, 13 district centres and 177 stations" \
  "$(q a.db "SELECT s.level, count(*), sum(b.is_host) FROM bridge_points b JOIN sites s ON s.id = b.site_id WHERE event_id = $ev GROUP BY s.level ORDER BY s.level;")" \
  "commune|177|0
district|13|0
province|1|1"
check "1 000 expected" "$(q a.db "SELECT sum(expected_count) FROM bridge_points WHERE event_id = $ev;")" 1000
check "1 034 reported" "$(q a.db "SELECT sum(reported_count) FROM bridge_points WHERE event_id = $ev;")" 1034
check "189 connected" "$(q a.db "SELECT count(*) FROM bridge_points WHERE event_id = $ev AND link_status = 'connected';")" 189
check "the 2 others are commune stations that never connected nor reported" \
  "$(q a.db "SELECT count(*) FROM bridge_points b JOIN sites s ON s.id = b.site_id WHERE event_id = $ev AND link_status IN ('waiting', 'lost') AND reported_count IS NULL AND s.level = 'commune' AND NOT EXISTS (SELECT 1 FROM link_changes WHERE point_id = b.id AND status = 'connected');")" 2
check "stations connected between 07:45 and 08:05" \
  "$(q a.db "SELECT time(min(first), 'unixepoch', '+7 hours') >= '07:45:00' AND time(max(first), 'unixepoch', '+7 hours') <= '08:05:00' FROM (SELECT min(changed_at) AS first FROM link_changes c JOIN bridge_points b ON b.id = c.point_id JOIN sites s ON s.id = b.site_id WHERE b.event_id = $ev AND c.status = 'connected' AND s.level = 'commune' GROUP BY b.id);")" 1
check "a few points dropped and reconnected" \
  "$(q a.db "SELECT count(DISTINCT point_id) > 0 FROM link_changes c JOIN bridge_points b ON b.id = c.point_id WHERE b.event_id = $ev AND b.link_status = 'connected' AND c.status = 'lost';")" 1
check "the conference has an agenda" "$(q a.db "SELECT count(*) > 3 FROM agenda_items WHERE event_id = $ev;")" 1
check "tokens are 32 hex digits, all different" \
  "$(q a.db "SELECT count(DISTINCT token) = count(*) AND sum(length(token) = 32 AND token NOT GLOB '*[^0-9a-f]*') = count(*) FROM bridge_points;")" 1
check "a training with social media, marketing and false information on its agenda" \
  "$(q a.db "SELECT count(*) FROM agenda_items a JOIN events e ON e.id = a.event_id WHERE e.kind = 'training' AND (a.title LIKE '%mạng xã hội%' OR a.title LIKE '%Marketing%' OR a.title LIKE '%thông tin sai lệch%');")" 3
check "an upcoming event in 2027" \
  "$(q a.db "SELECT count(*) FROM events WHERE strftime('%Y', starts_at, 'unixepoch') = '2027' AND starts_at > strftime('%s', 'now');")" 1

# The demo recordings: a few seconds of test pattern per event, packaged.
demo_rec="folder LIKE 'demo/recording-%'"
check "3 demo recordings, ready and public" "$(q a.db "SELECT count(*) FROM recordings WHERE $demo_rec AND state = 'ready' AND visibility = 'public';")" 3
check "with the agenda as chapters" "$(q a.db "SELECT count(DISTINCT recording_id) FROM chapters c JOIN recordings r ON r.id = c.recording_id WHERE r.$demo_rec;")" 3
mp4="library/$(q a.db "SELECT path FROM outputs o JOIN recordings r ON r.id = o.recording_id WHERE r.$demo_rec AND kind = 'mp4' ORDER BY o.id LIMIT 1;")"
dur=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$mp4")
ok "a demo MP4 lasts a few seconds ($dur s)" between "$dur" 3 10
contains "its chapters are the event's agenda" "$(ffprobe -v error -show_chapters -of compact "$mp4")" "Khai mạc"
contains "search finds them" "$(plenary --db a.db library search "binh dan hoc vu so")" "Bình dân học vụ số"

# The media bytes (and so sizes and lengths to the frame) may differ from
# run to run, and the packaging jobs carry the time they ran; every other
# row must be the same.
normalized_dump() {
  rm -f n.db
  q "$1" ".backup n.db"
  q n.db "UPDATE outputs SET bytes = 0; UPDATE segments SET bytes = 0, duration_ms = 0;
          UPDATE recordings SET duration_ms = 0 WHERE $demo_rec;
          UPDATE archive_jobs SET created_at = 0, finished_at = 0;"
  q n.db .dump
  rm -f n.db
}
mv library library-a
plenary --db b.db demo > /dev/null
normalized_dump a.db > a.sql
normalized_dump b.db > b.sql
ok "two runs give the same rows (sqlite3 .dump, media sizes aside)" diff a.sql b.sql

plenary --db a.db demo > /dev/null 2> err.txt; status=$?
check "a second demo on the same database is refused" "$status" 1
contains "the refusal names --force" "$(cat err.txt)" "--force"
check "and changes nothing" "$(q a.db "SELECT count(*) FROM people;")" 2251

# --force replaces everything, recordings and courses included, with the
# same rows again.
# Ids far above the demo's own, so that every insert lands (sqlite3 stops
# at the first failing statement).
ok "extra rows of every kind go in" sqlite3 -bail a.db "INSERT INTO sites (code, name, level) VALUES ('EXTRA', 'Extra', 'province');
  INSERT INTO recordings (id, public_id, event_id, point_id, title, folder, created_at) VALUES (9001, 'r9001', 1, 1, 'R', 'extra/r9001', 0);
  INSERT INTO chapters (recording_id, offset_ms, title) VALUES (9001, 0, 'C');
  INSERT INTO courses (id, title, created_at) VALUES (9001, 'K', 0);
  INSERT INTO course_items (course_id, position, recording_id) VALUES (9001, 1, 9001);
  INSERT INTO progress (person_id, recording_id, start_ms, end_ms, updated_at) VALUES (1, 9001, 0, 1000, 0);"
plenary --db a.db demo --force > /dev/null; status=$?
check "demo --force exits 0" "$status" 0
normalized_dump a.db > a2.sql
ok "demo --force gives the same rows as a fresh demo" diff a2.sql b.sql

done_testing
