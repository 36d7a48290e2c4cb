# The scheduler under `plenary serve`: an event 5 s ahead with a test://
# source and a real RTSP source on loopback records itself, stops at its
# end, is packaged and can be found by search; ffprobe checks the files.
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/test-recorder-lib.sh"   # free_port
server_pid=
serve_pid=
cleanup() {
  [ -n "$serve_pid" ] && kill -TERM "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null
  [ -n "$server_pid" ] && kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT

export PLENARY_DB="$TMP/plenary.db"
db() { sqlite3 "$PLENARY_DB" "$@"; }
# between VALUE LOW HIGH: VALUE is a number from LOW to HIGH
between() { awk -v v="$1" -v lo="$2" -v hi="$3" 'BEGIN { exit !(v ~ /^-?[0-9]+(\.[0-9]*)?$/ && v + 0 >= lo && v + 0 <= hi) }'; }
# index_in_front MP4: ffprobe walks the top-level boxes in file order; the
# index (moov) comes before the media (mdat), as for playback over HTTP.
index_in_front() {
  [ "$(ffprobe -v trace -i "$1" 2>&1 | sed -n "s/.* type:'\(moov\|mdat\)' parent:'root' .*/\1/p" | head -n 1)" = moov ]
}
iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%S+00:00; }

plenary events list > /dev/null
db "INSERT INTO settings (key, value) VALUES ('library-path', '$TMP/library');
    INSERT INTO settings (key, value) VALUES ('archive-thumbnail-seconds', '2');
    INSERT INTO sites (id, code, name, level) VALUES (1, 'QN-BC', 'Trung tâm Y tế huyện Ba Chẽ', 'district');"

rtsp_port=$(free_port)
"$PLN_TEST_RTSP_SERVER" "$rtsp_port" \
  "( videotestsrc is-live=true ! video/x-raw,width=320,height=240,framerate=15/1 ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=15 bitrate=300 ! rtph264pay name=pay0 pt=96 )" \
  > rtsp.out 2>&1 &
server_pid=$!

# plenary serve first, so that the 5 s ahead are not spent starting
# programs on a busy machine: the event is added while it runs (another
# process writing the database, as the app or the CLI would).
port=$(free_port)
"$PLENARY_EXE" serve --port "$port" --bind 127.0.0.1 --lease-seconds 6 --segment-seconds 4 > serve.out 2>&1 &
serve_pid=$!

wait_for() { # SECONDS SQL EXPECTED
  local i
  for i in $(seq $(($1 * 4))); do
    [ "$(db "$2")" = "$3" ] && return 0
    sleep 0.25
  done
  return 1
}
ok "plenary serve takes the schedule" wait_for 30 "SELECT count(*) FROM scheduler_lease;" 1

now=$(date +%s)
start=$((now + 5))
end=$((start + 8))
out=$(plenary events add --kind training --title "Tập huấn truyền thông Ba Chẽ" --start "$(iso $start)" --end "$(iso $end)" \
        --host QN-BC --record "test://?size=320x240&fps=15&title=Ba%20Che" --record "rtsp://127.0.0.1:$rtsp_port/test" \
        --lead 0 --tail 0)
contains "events add takes the recording sources" "$out" "It records 2 sources"
ok "…and schedules it ahead of time ($(( start - $(date +%s) )) s ahead)" test "$(date +%s)" -lt "$start"
check "the sources are stored in order" "$(db "SELECT position || ':' || substr (uri, 1, 7) FROM event_sources ORDER BY position;" | tr '\n' ' ')" "0:test:// 1:rtsp:// "
check "lead and tail are the event's own" "$(db "SELECT lead_seconds || '/' || tail_seconds FROM events;")" "0/0"

plenary events add --kind training --title x --start "$(iso $start)" --end "$(iso $end)" --host QN-BC --lead 10 2> err.txt
contains "--lead without a source is refused" "$(cat err.txt)" "--record"

ok "both sources record once the event starts" wait_for 15 "SELECT count(*) FROM recordings WHERE state = 'recording';" 2
started=$(db "SELECT min(started_at) FROM recordings;")
ok "they started at the event's start, not before (+$((started - start)) s)" test "$((started - start))" -le 2 -a "$((started - start))" -ge 0
check "the lease names this instance" "$(db "SELECT owner LIKE '%:$serve_pid:%' FROM scheduler_lease;")" 1

ok "both stop at the end and are packaged" wait_for 60 "SELECT count(*) FROM recordings WHERE state = 'ready';" 2
ended=$(db "SELECT max(ended_at) FROM recordings;")
ok "they stopped at the event's end (±3 s)" test "$((ended - end))" -le 3 -a "$((ended - end))" -ge -2
check "one packaging job each, done" "$(db "SELECT group_concat (state) FROM archive_jobs;")" "done,done"
check "the log has the starts and stops" \
  "$(db "SELECT kind, count(*) FROM schedule_log GROUP BY kind ORDER BY kind;" | tr '\n' ' ')" "started|2 stopped|2 "

lib="$TMP/library"
for kind in mp4 hls poster; do
  check "both recordings have a $kind output" "$(db "SELECT count(DISTINCT recording_id) FROM outputs WHERE kind = '$kind';")" 2
done
ok "thumbnails every 2 s" test "$(db "SELECT count(*) FROM outputs WHERE kind = 'thumbnail';")" -ge 6

for id in 1 2; do
  mp4="$lib/$(db "SELECT path FROM outputs WHERE recording_id = $id AND kind = 'mp4';")"
  dur=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$mp4")
  ok "recording $id: the MP4 covers the event (8 s; got $dur)" between "$dur" 4.0 10.5
  ms=$(db "SELECT duration_ms FROM recordings WHERE id = $id;")
  ok "recording $id: the store's length is the MP4's ($ms ms)" \
    awk -v ms="$ms" -v d="$dur" 'BEGIN { x = ms / 1000 - d; exit !(ms ~ /^[0-9]+$/ && d ~ /^[0-9]+(\.[0-9]*)?$/ && x >= -0.6 && x <= 0.6) }'
  check "recording $id: H.264 video" "$(ffprobe -v error -select_streams v:0 -show_entries stream=codec_name -of csv=p=0 "$mp4")" h264
  ok "recording $id: the index is in front (faststart)" index_in_front "$mp4"
  m3u8="$lib/$(db "SELECT path FROM outputs WHERE recording_id = $id AND kind = 'hls';")"
  ok "recording $id: the HLS playlist reads in ffprobe" ffprobe -v error -i "$m3u8"
  poster="$lib/$(db "SELECT path FROM outputs WHERE recording_id = $id AND kind = 'poster';")"
  check "recording $id: the poster is a JPEG" "$(ffprobe -v error -show_entries stream=codec_name -of csv=p=0 "$poster")" mjpeg
done
check "only the test:// recording has sound, so only it has an M4A" "$(db "SELECT group_concat (recording_id) FROM outputs WHERE kind = 'audio';")" 1
check "the test:// recording's M4A is AAC" \
  "$(ffprobe -v error -show_entries stream=codec_name -of csv=p=0 "$lib/$(db "SELECT path FROM outputs WHERE recording_id = 1 AND kind = 'audio';")")" aac
ok "no hidden partial folders are left" test -z "$(find "$lib" -name '.outputs-*')"

out=$(plenary library search "tap huan ba che")
contains "search finds them without diacritics" "$out" "Tập huấn truyền thông Ba Chẽ"
check "…both" "$(printf '%s\n' "$out" | grep -c "Tập huấn")" 2
out=$(plenary library list)
contains "library list shows them ready" "$out" "ready"
ok "library verify finds every file" plenary library verify
out=$(plenary library list --csv)
contains "library list --csv has a header" "$out" "id,public_id,event_id"

contains "library jobs lists the packaging jobs" "$(plenary library jobs)" "done"
plenary library retry 1 2> err.txt; status=$?
check "a finished job is not retried" "$status" 1
contains "…and says why" "$(cat err.txt)" "only a failed or cancelled job can be retried"

rm "$lib/$(db "SELECT path FROM outputs WHERE recording_id = 2 AND kind = 'poster';")"
printf 'garbage' > "$lib/$(db "SELECT path FROM segments WHERE recording_id = 1 AND position = 0;")"
plenary library verify > verify.out; status=$?
check "library verify fails on a damaged library" "$status" 1
contains "…and names the missing poster" "$(cat verify.out)" "MISSING"
contains "…and the damaged segment" "$(cat verify.out)" "CORRUPT"

kill -TERM "$serve_pid"; wait "$serve_pid" 2>/dev/null; serve_pid=
check "the lease is given up on a clean stop" "$(db "SELECT count(*) FROM scheduler_lease;")" 0

done_testing
