# The scheduler killed (SIGKILL) in the middle of an event and started
# again: the lease of the dead instance expires, the new one resumes the
# same recording as new segments, and the gap is recorded: one recording
# with a gap, not two recordings.
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/test-recorder-lib.sh"   # free_port
serve_pid=
cleanup() {
  [ -n "$serve_pid" ] && kill -KILL "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT

export PLENARY_DB="$TMP/plenary.db"
db() { sqlite3 "$PLENARY_DB" "$@"; }
iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%S+00:00; }
wait_for() { # SECONDS SQL EXPECTED
  local i
  for i in $(seq $(($1 * 4))); do
    [ "$(db "$2")" = "$3" ] && return 0
    sleep 0.25
  done
  return 1
}

plenary events list > /dev/null
db "INSERT INTO settings (key, value) VALUES ('library-path', '$TMP/library');
    INSERT INTO settings (key, value) VALUES ('archive-thumbnail-seconds', '0');
    INSERT INTO sites (id, code, name, level) VALUES (1, 'QN-DT', 'Trung tâm Y tế thị xã Đông Triều', 'district');"

start=$(($(date +%s) + 2))
end=$((start + 16))
plenary events add --kind conference --title "Hội nghị Đông Triều" --start "$(iso $start)" --end "$(iso $end)" \
  --host QN-DT --record "test://?size=320x240&fps=15" --lead 0 --tail 0 > /dev/null

# An event that ended an hour ago while nothing ran.
plenary events add --kind workshop --title "Hội thảo bị lỡ" --start "$(iso $((start - 7200)))" --end "$(iso $((start - 3600)))" \
  --host QN-DT --record "test://missed" --lead 0 --tail 0 > /dev/null

port=$(free_port)
"$PLENARY_EXE" serve --port "$port" --bind 127.0.0.1 --lease-seconds 4 --segment-seconds 3 > serve1.out 2>&1 &
serve_pid=$!
ok "the recording starts" wait_for 10 "SELECT state FROM recordings;" recording
check "a start missed while nothing ran is reported, not hidden" \
  "$(db "SELECT e.title FROM schedule_log l JOIN events e ON e.id = l.event_id WHERE l.kind = 'missed';")" "Hội thảo bị lỡ"
contains "…in the log too" "$(cat serve1.out)" "was not recorded: Plenary was not running"
sleep 4
kill -KILL "$serve_pid"; wait "$serve_pid" 2>/dev/null
killed_at=$(date +%s)
check "the killed instance leaves its lease behind" "$(db "SELECT count(*) FROM scheduler_lease;")" 1
sleep 1

"$PLENARY_EXE" serve --port "$port" --bind 127.0.0.1 --lease-seconds 4 --segment-seconds 3 > serve2.out 2>&1 &
serve_pid=$!
ok "the new instance takes the schedule over once the lease has expired" wait_for 10 \
  "SELECT count(*) FROM schedule_log WHERE kind = 'resumed';" 1
resumed_at=$(db "SELECT at FROM schedule_log WHERE kind = 'resumed';")
ok "…not before it expired (killed at $killed_at, resumed at $resumed_at)" test "$resumed_at" -ge "$((killed_at + 2))"
ok "the recording ends and is packaged" wait_for 40 "SELECT state FROM recordings;" ready

check "one recording, not two" "$(db "SELECT count(*) FROM recordings;")" 1
gap=$(db "SELECT sum (gap_before_ms) FROM segments;")
ok "a gap is recorded between the segments ($gap ms)" test "$gap" -ge 2000
check "the gap is inside the recording, not before its first segment" "$(db "SELECT gap_before_ms FROM segments WHERE position = 0;")" 0
dir="$TMP/library/$(db "SELECT folder FROM recordings;")"
ok "the manifest has the gap" grep -q "^\[gap" "$dir/manifest.ini"
ok "no part folder is left" test -z "$(find "$dir" -maxdepth 1 -name 'part-*')"
check "the segment files follow each other" "$(ls "$dir" | grep -c '^segment-')" "$(db "SELECT count(*) FROM segments;")"

mp4="$TMP/library/$(db "SELECT path FROM outputs WHERE kind = 'mp4';")"
ok "the packaged MP4 decodes without error" test -z "$(ffmpeg -v error -i "$mp4" -f null - 2>&1)"
chapters=$(ffprobe -v error -show_chapters -of compact "$mp4")
contains "the MP4 marks the gap as a chapter" "$chapters" "Link lost"
# What was recorded on each side of the gap, not a share of the 16 s: under
# load (CI's sanitizer pass) each start of the source takes seconds.
gap_at=$(db "SELECT min (position) FROM segments WHERE gap_before_ms > 0;")
before_ms=$(db "SELECT sum (duration_ms) FROM segments WHERE position < $gap_at;")
after_ms=$(db "SELECT sum (duration_ms) FROM segments WHERE position >= $gap_at;")
ok "media was recorded before the kill ($before_ms ms) and after the resume ($after_ms ms)" \
  test "$before_ms" -ge 1000 -a "$after_ms" -ge 1000
dur_ms=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$mp4" | awk '{ printf "%d", $1 * 1000 }')
ok "the MP4 holds both sides ($dur_ms ms of $((before_ms + after_ms)) ms recorded, $gap ms lost)" \
  test "$dur_ms" -ge $((before_ms + after_ms - 500)) -a "$dur_ms" -le $((before_ms + after_ms + 500))

kill -TERM "$serve_pid"; wait "$serve_pid" 2>/dev/null; serve_pid=
done_testing
