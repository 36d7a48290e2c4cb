# The events, points, report and backup commands, checked with the sqlite3 CLI.
. "$(dirname "$0")/tap.sh"

export PLENARY_DB="$TMP/plenary.db"
db() { sqlite3 "$PLENARY_DB" "$@"; }

plenary events list > out.txt
ok "events list works on a new database" grep -q "No events yet" out.txt

# A small network, written with the sqlite3 CLI (district_id as the schema says).
db "INSERT INTO sites (id, code, name, level, parent_id, district_id) VALUES
  (1, 'QN-SYT', 'Sở Y tế Quảng Ninh', 'province', NULL, NULL),
  (2, 'QN-TTYT-BC', 'Trung tâm Y tế huyện Ba Chẽ', 'district', 1, 2),
  (3, 'QN-BC-01', 'Trạm Y tế xã Thanh Sơn', 'commune', 2, 2),
  (4, 'QN-BC-02', 'Trạm Y tế xã Đồn Đạc', 'commune', 2, 2),
  (5, 'QN-TTYT-TY', 'Trung tâm Y tế huyện Tiên Yên', 'district', 1, 5),
  (6, 'QN-TY-01', 'Trạm Y tế xã Hà Lâu', 'commune', 5, 5);"

out=$(plenary events add --kind conference --title "Hội nghị truyền thông 2022" \
        --start "2022-11-10 08:00" --end 2022-11-10T11:30+07:00 --host QN-SYT --description "Trực tuyến")
contains "events add says what it added" "$out" "Added event 1: Hội nghị truyền thông 2022"
check "the start is stored in UTC (08:00 in Hà Nội is 01:00 UTC)" \
  "$(db "SELECT datetime (starts_at, 'unixepoch'), datetime (ends_at, 'unixepoch'), kind FROM events;")" \
  "2022-11-10 01:00:00|2022-11-10 04:30:00|conference"
check "the host point comes with the event" "$(db "SELECT site_id, is_host FROM bridge_points;")" "1|1"

plenary events add --kind party --title x --start 2022-11-10T08:00 --end 2022-11-10T09:00 --host QN-SYT 2> err.txt; status=$?
check "an unknown kind exits 1" "$status" 1
contains "an unknown kind is explained" "$(cat err.txt)" "write conference, training or workshop"
plenary events add --kind training --title x --start "10/11/2022" --end 2022-11-10T09:00 --host QN-SYT 2> err.txt
contains "a bad time is named" "$(cat err.txt)" "“10/11/2022” is not a time"
plenary events add --kind training --title x --start 2022-11-10T08:00 --end 2022-11-10T09:00 --host QN-XA-999 2> err.txt
contains "an unknown host site is named" "$(cat err.txt)" "QN-XA-999"
plenary events add --title x 2> err.txt; status=$?
check "missing options exit 2 with the usage" "$status" 2
contains "missing options print the usage" "$(cat err.txt)" "Usage: plenary events"
check "nothing was added by the bad commands" "$(db "SELECT count(*) FROM events;")" 1

# The sources the scheduler records during the event: added, listed in
# order, removed; a removal that names a source the event does not record
# changes nothing, even the removals before it on the line.
out=$(plenary events sources 1 --add rtsp://127.0.0.1:8554/host --add srt://127.0.0.1:9000)
check "events sources lists what it records" "$(echo "$out" | tr '\n' ' ')" "rtsp://127.0.0.1:8554/host srt://127.0.0.1:9000 "
contains "events show lists the sources" "$(plenary events show 1)" "srt://127.0.0.1:9000"
plenary events sources 1 --remove rtsp://127.0.0.1:8554/host --remove rtsp://typo 2> err.txt; status=$?
check "removing a source the event does not have exits 1" "$status" 1
contains "and names it" "$(cat err.txt)" "does not record “rtsp://typo”: nothing was changed"
check "nothing was removed" "$(db "SELECT count(*) FROM event_sources WHERE event_id = 1;")" 2
ok "a source is removed" plenary events sources 1 --remove rtsp://127.0.0.1:8554/host
check "only the other one is left" "$(db "SELECT uri FROM event_sources WHERE event_id = 1;")" "srt://127.0.0.1:9000"
plenary events sources 1 --add "not a uri" 2> err.txt; status=$?
check "a source that is not a URI is refused" "$status" 1
ok "the last source is removed" plenary events sources 1 --remove srt://127.0.0.1:9000
contains "an event without sources says how to add one" "$(plenary events sources 1)" "records nothing"

out=$(plenary points add 1 'level=commune district="ba che,TIÊN YÊN"' --expected 5 --dry-run)
contains "a dry run previews the count and expected total" "$out" "3 sites, 15 expected"
check "a dry run adds nothing" "$(db "SELECT count(*) FROM bridge_points;")" 1
out=$(plenary points add 1 'level=commune district="ba che,TIÊN YÊN"' --expected 5)
contains "points add prints the count and expected total" "$out" "3 sites, 15 expected"
check "points add stores one point per commune with its token" \
  "$(db "SELECT group_concat (site_id || ':' || expected_count || ':' || length (token), ' ') FROM bridge_points WHERE is_host = 0;")" \
  "3:5:32 4:5:32 6:5:32"
out=$(plenary points add 1 'under=QN-TTYT-BC' --expected 10)
contains "points already there are kept" "$out" "2 sites were already points"
check "the district centre was added with 10 expected" "$(db "SELECT expected_count FROM bridge_points WHERE site_id = 2;")" 10
plenary points add 1 'level=town' 2> err.txt; status=$?
check "a bad rule exits 1" "$status" 1
contains "a bad rule names the bad term" "$(cat err.txt)" "“town” in the term “level=town”"

ok "points report records a head-count" plenary points report 1 QN-BC-01 7
check "the head-count is stored with its time" "$(db "SELECT reported_count, reported_at > 0 FROM bridge_points WHERE site_id = 3;")" "7|1"
plenary points report 1 QN-TY-01 -4 2> err.txt; status=$?
check "a negative head-count is refused" "$status" 1
plenary points report 1 QN-TTYT-TY 4 2> err.txt
contains "a site that is not a point says how to add it" "$(cat err.txt)" "plenary points add 1 codes=QN-TTYT-TY"
plenary points report 9 QN-BC-01 4 2> err.txt
contains "an unknown event is named" "$(cat err.txt)" "There is no event 9"

ok "points link records a status" plenary points link 1 QN-BC-01 connected
plenary points link 1 QN-BC-01 lost > /dev/null
plenary points link 1 QN-TY-01 connected > /dev/null
plenary points report 1 QN-TY-01 4 > /dev/null
plenary points report 1 QN-SYT 30 > /dev/null
check "the link history is kept" "$(db "SELECT group_concat (status, ' ') FROM link_changes WHERE point_id = (SELECT id FROM bridge_points WHERE site_id = 3);")" "connected lost"

out=$(plenary events list)
contains "events list shows the date in Asia/Ho_Chi_Minh" "$out" "2022-11-10 08:00"
contains "events list shows points, expected and reported" "$out" "Hội nghị truyền thông 2022       5        25        41"
out=$(plenary events show 1)
contains "events show has the host" "$out" "Sở Y tế Quảng Ninh"
contains "events show has the totals" "$out" "41 / 25"

# By district: provincial 1 point (30), Ba Chẽ 3 points (7 + 0 + 0,
# expected 10 + 5 + 5), Tiên Yên 1 point (4, expected 5). Connected: Thanh Sơn
# (connected, then lost) and Hà Lâu: 2 of 5.
out=$(plenary report attendance 1)
contains "the report has a line per district" "$out" "Trung tâm Y tế huyện Ba Chẽ         3          1        20         7"
contains "the report has the total line" "$out" "Total                               5          2        25        41"
contains "the report sums up" "$out" "2 / 5 points connected; 41 / 25 delegates reported / expected."
check "the CSV report" "$(plenary report attendance 1 --by level --csv | tr '\r\n' '| ')" \
"level,level_name,points,connected,reporting,expected,reported| province,Province,1,0,1,0,30| district,District,1,0,0,10,0| commune,Commune,3,2,2,15,11| total,Total,5,2,3,25,41| "
plenary report attendance 1 --by town 2> err.txt
contains "a bad grouping is explained" "$(cat err.txt)" "--by district or --by level"

ok "backup writes a copy" plenary backup "$TMP/copy.db"
check "the copy is a whole database" "$(sqlite3 "$TMP/copy.db" "PRAGMA integrity_check; SELECT count(*) FROM bridge_points;" | tr '\n' ' ')" "ok 5 "
db "PRAGMA foreign_keys = ON; DELETE FROM events;"
check "the events are gone" "$(db "SELECT count(*) FROM bridge_points;")" 0
ok "restore brings the copy back" plenary restore "$TMP/copy.db"
check "the restored database has the points again" "$(db "SELECT count(*) FROM bridge_points;")" 5
echo "not a database" > "$TMP/junk.db"
plenary restore "$TMP/junk.db" 2> err.txt; status=$?
check "restoring a file that is not a database fails" "$status" 1
contains "and says nothing was changed" "$(cat err.txt)" "Nothing was changed"
check "the database is untouched" "$(db "SELECT count(*) FROM bridge_points;")" 5
plenary restore "$TMP/none.db" 2> err.txt; status=$?
check "restoring a missing file fails" "$status" 1
plenary backup "$PLENARY_DB" 2> err.txt; status=$?
check "backing up onto the database itself is refused" "$status" 1
check "and the database is still whole" "$(db "PRAGMA integrity_check; SELECT count(*) FROM bridge_points;" | tr '\n' ' ')" "ok 5 "

done_testing
