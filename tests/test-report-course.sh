# Courses and the training reports on the demo data set: the 2025 "Bình
# dân học vụ số" course for the 2 251 staff, its figures set against one
# plain SQL query run by the sqlite3 CLI (bench/reports.sql), the PDFs read
# back with pdftotext and rendered with pdftoppm, the year report, and a
# course made from the command line.
. "$(dirname "$0")/tap.sh"

export PLENARY_DB="$TMP/plenary.db"
q() { sqlite3 -batch -noheader "$PLENARY_DB" "$1"; }
# The PDFs group digits with a no-break space; read them with plain spaces.
pdftext() { pdftotext -layout "$1" - 2>/dev/null | sed 's/\xc2\xa0/ /g'; }

plenary demo > /dev/null 2>&1
course=$(q "SELECT id FROM courses WHERE title LIKE 'Bình dân học vụ số%';")
check "the demo has the Bình dân học vụ số course" "$(printf '%s' "$course" | grep -c '^[0-9][0-9]*$')" 1
check "with 30 lessons, each a ready recording for staff" \
  "$(q "SELECT count(*) FROM course_items i JOIN recordings r ON r.id = i.recording_id WHERE i.course_id = $course AND r.state = 'ready' AND r.visibility = 'staff' AND r.duration_ms > 0;")" 30

list=$(plenary courses list --csv | tr -d '\r')
check "courses list --csv: the course id first, then its title, items and audience" \
  "$(printf '%s\n' "$list" | grep "^$course," | cut -d, -f1-4)" \
  "$course,Bình dân học vụ số: kỹ năng số cơ bản cho cán bộ y tế,30,2251"

# Plenary's figures by district beside one SQL query's.
ours=$(plenary report course "$course" --csv | tr -d '\r' | sed '1d;$d' | cut -d, -f2-5)
theirs=$(sqlite3 -batch -noheader -csv "$PLENARY_DB" ".param set :course $course" \
           ".read $PLENARY_SOURCE_ROOT/bench/reports.sql" | tr -d '"')
check "by district: audience, started, completed as one SQL query finds them" "$ours" "$theirs"
check "14 lines: the provincial level and the 13 districts" "$(printf '%s\n' "$ours" | wc -l)" 14
total=$(plenary report course "$course" --csv | tr -d '\r' | tail -n 1)
audience=$(echo "$total" | cut -d, -f3); started=$(echo "$total" | cut -d, -f4); completed=$(echo "$total" | cut -d, -f5)
check "the total is the 2 251 staff" "$audience" 2251
check "the total adds up the districts" "$(printf '%s\n' "$theirs" | awk -F, '{ a += $2; s += $3; c += $4 } END { print a, s, c }')" \
  "$audience $started $completed"
ok "progress differs by district: some meet the 90 % target, some do not" \
  sh -c "\"\$PLENARY_EXE\" report course $course --csv | grep -q ',yes' && \"\$PLENARY_EXE\" report course $course --csv | sed '1d;\$d' | grep -q ',no'"

check "by level: 343 at commune and 1 566 at village level" \
  "$(plenary report course "$course" --by level --csv | tr -d '\r' | grep -E '^(commune|village),' | cut -d, -f1,3 | tr '\n' ' ')" \
  "commune,343 village,1566 "
check "by unit: the department, 18 units, 13 centres, 13 offices, 177 stations (villages with their station)" \
  "$(plenary report course "$course" --by unit --csv | tr -d '\r' | sed '1d;$d' | wc -l)" 222
check "who has not started: audience − started" \
  "$(plenary report course "$course" --not-started --csv | tr -d '\r' | sed '1d' | wc -l)" "$((audience - started))"
check "the trend ends at the completed total" \
  "$(plenary report course "$course" --trend --csv | tr -d '\r' | tail -n 1 | cut -d, -f3)" "$completed"
contains "the table says who reached the target" "$(plenary report course "$course")" "Trung tâm Y tế huyện Đầm Hà"

# The PDF: A4, the totals in its text, Vietnamese intact, and it renders.
out=$(plenary report course "$course" --pdf course.pdf)
check "report course --pdf says where it wrote" "$out" "Wrote course.pdf"
ok "the course PDF is A4" sh -c "pdfinfo course.pdf | grep -q 'Page size: *595.* x 841.* pts (A4)'"
text=$(pdftext course.pdf)
g() { printf '%s' "$1" | sed -E ":a;s/^([0-9]+)([0-9]{3})/\1 \2/;ta"; }
contains "the PDF names the course with its diacritics" "$text" "Bình dân học vụ số: kỹ năng số cơ bản cho cán bộ y tế"
contains "the PDF gives the audience, started and completed totals" "$text" \
  "Audience: $(g "$audience") people. Started: $(g "$started"). Completed: $(g "$completed")"
contains "the PDF has the district lines" "$text" "Trung tâm Y tế thành phố Hạ Long"
ok "pdftoppm renders the first page" pdftoppm -r 40 -f 1 -l 1 -png course.pdf page
ok "the rendered page is a PNG of some size" sh -c "test \$(stat -c %s page-1.png) -gt 10000"

# In Vietnamese (LANGUAGE=vi): the labels are whatever the build's catalogue
# says (gettext asked on its own), the data keeps its diacritics.
LANGUAGE=vi PLENARY_LOCALEDIR="$PLENARY_BUILD_ROOT/po" "$PLENARY_EXE" report course "$course" --pdf vi.pdf > /dev/null
text=$(pdftext vi.pdf)
for label in "Completion by district" "Total"; do
  contains "the Vietnamese PDF says “$label” as the catalogue has it" "$text" \
    "$(LANGUAGE=vi TEXTDOMAINDIR="$PLENARY_BUILD_ROOT/po" gettext -d plenary "$label")"
done
contains "the Vietnamese PDF names the districts with their diacritics" "$text" "Trung tâm Y tế huyện Đầm Hà"

# Attendance and year reports as PDF and CSV.
ev=$(q "SELECT id FROM events WHERE starts_at = strftime('%s', '2022-11-10 01:00:00');")
ok "report attendance --pdf" plenary report attendance "$ev" --pdf attendance.pdf
text=$(pdftext attendance.pdf)
contains "the attendance PDF has the totals" "$text" "189 of 191 points connected. Delegates: 1 000 expected, 1 034 reported."
contains "the attendance PDF gives each point's connected time" "$text" "Connected for"
check "report attendance still writes its CSV" \
  "$(plenary report attendance "$ev" --csv | tr -d '\r' | tail -n 1)" "total,Total,191,189,189,1000,1034"

year=$(plenary report year 2022 --csv | tr -d '\r')
check "2022: one conference" "$(printf '%s\n' "$year" | grep '^conferences,')" "conferences,1"
check "2022: 1 034 delegates reached" "$(printf '%s\n' "$year" | grep '^delegates_reached,')" "delegates_reached,1034"
check "2025: the course's completion" "$(plenary report year 2025 --csv | tr -d '\r' | grep "^course_${course}_completed_percent," | cut -d, -f2)" \
  "$(awk -v c="$completed" -v a="$audience" 'BEGIN { printf "%.1f", c * 100 / a }')"
ok "report year --pdf" plenary report year 2022 --pdf year.pdf
contains "the year PDF has the delegates reached" "$(pdftext year.pdf)" "Delegates reached (reported)                 1 034"

# A course from the command line: two lessons, the commune station heads.
l1=$(q "SELECT id FROM recordings WHERE folder = 'demo/binh-dan-hoc-vu-so/bai-01';")
l2=$(q "SELECT id FROM recordings WHERE folder = 'demo/binh-dan-hoc-vu-so/bai-02';")
heads=$(q "SELECT count(*) FROM people p JOIN sites s ON s.id = p.site_id WHERE s.level = 'commune' AND (instr(p.title, 'Trạm trưởng') > 0 OR instr(p.title, 'trạm trưởng') > 0);")
out=$(plenary courses add --title "Kỹ năng số cho trạm trưởng" --recordings "$l1,$l2" \
        --audience level=commune --role "tram truong" --completion 80 --target 95 --by 2026-06-30)
contains "courses add says the audience" "$out" "2 items, audience $heads people."
new=$(q "SELECT max(id) FROM courses;")
check "it is stored with its rule" \
  "$(q "SELECT audience_rule, audience_role, completion_percent, target_percent, date(target_date, 'unixepoch', '+7 hours') FROM courses WHERE id = $new;")" \
  "level=commune|tram truong|80|95|2026-06-30"
# Started: heads with any progress on the two lessons; completed: ≥ 80 % of both.
check "its report, beside sqlite3" \
  "$(plenary report course "$new" --csv | tr -d '\r' | tail -n 1 | cut -d, -f3-5)" \
  "$heads,$(q "SELECT count(DISTINCT p.id) FROM people p JOIN sites s ON s.id = p.site_id JOIN progress g ON g.person_id = p.id WHERE s.level = 'commune' AND (instr(p.title, 'Trạm trưởng') > 0 OR instr(p.title, 'trạm trưởng') > 0) AND g.recording_id IN ($l1, $l2);"),$(q "SELECT count(*) FROM (SELECT person_id FROM (SELECT g.person_id FROM progress g JOIN recordings r ON r.id = g.recording_id JOIN people p ON p.id = g.person_id JOIN sites s ON s.id = p.site_id WHERE s.level = 'commune' AND (instr(p.title, 'Trạm trưởng') > 0 OR instr(p.title, 'trạm trưởng') > 0) AND g.recording_id IN ($l1, $l2) GROUP BY g.person_id, g.recording_id HAVING sum(g.end_ms - g.start_ms) * 100 >= max(r.duration_ms) * 80) GROUP BY person_id HAVING count(*) = 2);")"
contains "courses show lists the items" "$(plenary courses show "$new")" "Bình dân học vụ số – Bài 2:"

err=$(plenary courses add --title X --recordings 999999 2>&1); status=$?
check "a course with a recording that does not exist is refused" "$status" 1
contains "…saying which" "$err" "no recording with the id 999999"
err=$(plenary courses add --title X --recordings "$l1" --audience level=town 2>&1); status=$?
check "a bad audience rule is refused" "$status" 1
contains "…naming the bad value" "$err" "town"
err=$(plenary report course 9999 2>&1); status=$?
check "report course on a course that does not exist fails" "$status" 1
contains "…and says how to find the ids" "$err" "plenary courses list"
err=$(plenary report course "$course" --pdf /nonexistent-folder/x.pdf 2>&1); status=$?
check "a PDF that cannot be written is an error" "$status" 1
contains "…naming the file" "$err" "x.pdf"
check "the demo course is unchanged by all this" "$(q "SELECT count(*) FROM courses;")" 2

# Editing the new course: a new title and target, lesson 2 before lesson 1.
items() { q "SELECT group_concat ($1, ' ') FROM (SELECT $1 FROM course_items WHERE course_id = $new ORDER BY position);"; }
before=$(items id)
out=$(plenary courses edit "$new" --title "Kỹ năng số cho trạm trưởng (2026)" --target 90 --recordings "$l2,$l1")
contains "courses edit says what it saved" "$out" "Saved course $new “Kỹ năng số cho trạm trưởng (2026)”: 2 items."
check "the edit is stored, the rest kept" \
  "$(q "SELECT title, audience_rule, completion_percent, target_percent FROM courses WHERE id = $new;")" \
  "Kỹ năng số cho trạm trưởng (2026)|level=commune|80|90"
check "the lessons are in their new order" "$(items recording_id)" "$l2 $l1"
check "…under their old ids (what is credited to them stays)" "$(items id)" "$(echo "$before" | awk '{ print $2, $1 }')"
err=$(plenary courses edit "$new" --recordings 999999 2>&1); status=$?
check "an edit naming a recording that does not exist is refused" "$status" 1
contains "…saying which" "$err" "no recording with the id 999999"
check "…and the course keeps its items" "$(q "SELECT count(*) FROM course_items WHERE course_id = $new;")" 2
err=$(plenary courses edit 9999 --title X 2>&1); status=$?
check "editing a course that does not exist fails" "$status" 1
contains "…and says how to find the ids" "$err" "plenary courses list"

# Presence at the 2025 launch counts for lesson 1, as the organiser chose.
launch=$(q "SELECT id FROM events WHERE starts_at = strftime('%s', '2025-05-12 01:00:00');")
item1=$(q "SELECT id FROM course_items WHERE course_id = $course AND position = 1;")
check "the organiser's choice is kept in the settings" \
  "$(q "SELECT value FROM settings WHERE key = 'course-item-attendance:$item1';")" "$launch"
present=$(q "SELECT count(*) FROM delegates d JOIN bridge_points b ON b.id = d.point_id WHERE b.event_id = $launch AND d.present = 1;")
check "each station head marked present has lesson 1 watched live" \
  "$(q "SELECT count(*) FROM progress p JOIN course_items i ON i.recording_id = p.recording_id WHERE i.id = $item1 AND p.origin = 'live' AND p.start_ms = 0 AND p.end_ms = (SELECT duration_ms FROM recordings WHERE id = i.recording_id);")" "$present"
check "2025: the launch conference and the Digital Learning Day workshop" \
  "$(plenary report year 2025 --csv | tr -d '\r' | grep -E '^(conferences|workshops),' | tr '\n' ' ')" "conferences,1 workshops,1 "
out=$(plenary courses credit "$course" 1 "$launch")
contains "courses credit applies it again" "$out" "$present people marked present at event $launch now have item 1"
check "…and no watched minute counts twice: no two rows of a person's recording overlap or touch" \
  "$(q "SELECT count(*) FROM (SELECT start_ms, lag (end_ms) OVER (PARTITION BY person_id, recording_id ORDER BY start_ms) AS prev FROM progress) WHERE start_ms <= prev;")" 0

done_testing
