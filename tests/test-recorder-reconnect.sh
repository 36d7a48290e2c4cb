# The RTSP server goes away for ~10 s and comes back on the same port:
# one recording, two or more segments, a gap of about 10 s in the manifest,
# and media + gaps = wall time.
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/test-recorder-lib.sh"
port=$(free_port)
server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT

start_server() {
  "$PLN_TEST_RTSP_SERVER" "$port" > server.out 2>&1 &
  server_pid=$!
  for _ in $(seq 50); do grep -q READY server.out 2>/dev/null && return 0; sleep 0.1; done
  return 1
}

key() { manifest_key rec/manifest.ini "$1" "$2"; } # key SECTION NAME

ok "the RTSP server starts" start_server
"$PLENARY_EXE" record "rtsp://127.0.0.1:$port/test" --out rec --duration 21 --min-free-mb 1 > record.out 2>&1 &
rec_pid=$!

# record ~5 s, then the server dies for 10 s
for _ in $(seq 100); do grep -q "State: recording" record.out && break; sleep 0.1; done
sleep 5
kill "$server_pid"; wait "$server_pid" 2>/dev/null
sleep 10
ok "the RTSP server starts again on the same port" start_server

wait "$rec_pid"; status=$?
kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; server_pid=

check "plenary record exits 0 when its time is up, though the source dropped" "$status" 0
contains "the recorder said it was reconnecting" "$(cat record.out)" "reconnecting"

n=$(grep -c '^\[segment-' rec/manifest.ini)
ok "two or more segments ($n)" test "$n" -ge 2
check "the manifest says stopped" "$(key recording state)" stopped

gap_start=$(key gap-0 start_ms); gap_end=$(key gap-0 end_ms)
gap=$(( ${gap_end:-0} - ${gap_start:-0} ))
echo "# gap: $gap ms ($(key gap-0 reason))"
ok "one gap of about 10 s (${gap} ms)" test "$gap" -ge 9000 -a "$gap" -le 17000
ok "the gap names the source" grep -q "reason=.*rtsp://127.0.0.1:$port/test" rec/manifest.ini

media=0
for f in rec/segment-*.mp4; do
  d=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$f")
  media=$(awk -v a="$media" -v d="$d" 'BEGIN {printf "%d", a + d * 1000}')
  ok "$(basename "$f") decodes without error" test -z "$(ffmpeg -v error -i "$f" -f null - 2>&1)"
done
wall=$(( $(manifest_ms rec/manifest.ini ended) - $(manifest_ms rec/manifest.ini started) ))
echo "# wall $wall ms, media $media ms, gap $gap ms"
off=$(( wall - gap - media ))
ok "media ≈ wall time − gap (within 1.5 s)" test "${off#-}" -le 1500

second_start=$(key segment-00001 start_ms)
check "the segment after the gap starts where the gap ends" "$second_start" "$gap_end"

done_testing
