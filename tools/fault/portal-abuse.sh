#!/usr/bin/env bash
# tools/fault/portal-abuse.sh [--requests N]   (default 10000)
# The portal (`plenary serve`) of an AddressSanitizer build faces N
# malformed requests (bad and overlapping ranges, huge headers, duplicate
# Host and Content-Length, bad chunked bodies, garbage request lines,
# malformed JSON and forms, short bodies) and 50 slow clients, then more
# than 50 path traversal payloads (encoded, double-encoded, backslash, NUL,
# overlong UTF-8) and recordings whose files are a symlink or a hard link
# to a canary outside the library, or a path out of it.
# Rules: no crash and no sanitizer report; every malformed request gets a
# 4xx or a closed connection (one whose only fault is its Range header gets
# 200, 206 or 416, as RFC 9110 says); a normal request is answered within
# 1 s right after; the canary is never served.
# PLENARY_BUILD must be a build with -Db_sanitize=address,undefined (the
# script sets one up in build-asan when PLENARY_BUILD is not given).
[ -n "${PLENARY_BUILD:-}" ] || {
  here=$(cd "$(dirname "$0")/../.." && pwd)
  export PLENARY_BUILD=$here/build-asan
  [ -f "$PLENARY_BUILD/build.ninja" ] || meson setup "$PLENARY_BUILD" "$here" -Db_sanitize=address,undefined -Db_lundef=false > /dev/null
}
. "$(dirname "$0")/lib.sh"
requests=10000
while [ $# -gt 0 ]; do
  case "$1" in
    --requests) requests=$2; shift 2 ;;
    *) echo "usage: $0 [--requests N]" >&2; exit 2 ;;
  esac
done
meson configure "$fault_build" 2>/dev/null | awk '$1 == "b_sanitize" && $2 ~ /address/ {found = 1} END {exit !found}' ||
  echo "warning: $fault_build is not an AddressSanitizer build; the figures hold for it only" >&2

cd "$fault_work"
export PLENARY_DB=$fault_work/portal.db
db() { sqlite3 "$PLENARY_DB" "$@"; }
cat > sites.csv <<'CSV'
code,name,level,parent_code,district_code,address
QN-SYT,Sở Y tế Quảng Ninh,province,,,
QN-TTYT-BC,Trung tâm Y tế huyện Ba Chẽ,district,QN-SYT,,
QN-TYT-BC-02,Trạm Y tế xã Thanh Sơn,commune,QN-TTYT-BC,,
CSV
"$PLENARY_EXE" sites import sites.csv > /dev/null
"$PLENARY_EXE" events add --kind conference --title "Hội nghị" --start "$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%SZ)" \
  --end "$(date -u -d '+3 hour' +%Y-%m-%dT%H:%M:%SZ)" --host QN-SYT > /dev/null
"$PLENARY_EXE" points add 1 "under=QN-TTYT-BC" --expected 20 > /dev/null
token=$(db "SELECT token FROM bridge_points LIMIT 1;")

library=$fault_work/library
canary_text="canary-$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')-must-never-be-served"
echo "$canary_text" > "$fault_work/canary.txt"
mkdir -p "$library/rec1" "$library/private" "$library/hls"
ffmpeg -v error -f lavfi -i testsrc=size=160x120:rate=10 -t 2 -c:v libx264 -pix_fmt yuv420p "$library/rec1/recording.mp4"
ln -s "$fault_work/canary.txt" "$library/private/link.mp4"
ln "$fault_work/canary.txt" "$library/private/hard.mp4"
ln -s "$fault_work" "$library/private/dirlink"
cp "$library/rec1/recording.mp4" "$library/hls/segment-00000.mp4"
ln -s "$fault_work/canary.txt" "$library/hls/segment-00001.mp4"
ln "$fault_work/canary.txt" "$library/hls/segment-00002.mp4"
printf '#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\nsegment-00000.mp4\n#EXTINF:2.0,\nsegment-00001.mp4\n#EXTINF:2.0,\nsegment-00002.mp4\n#EXT-X-ENDLIST\n' > "$library/hls/hls.m3u8"
pub=0123456789abcdef0123456789abcdef
hls=0a1b2c3d4e5f60718293a4b5c6d7e8f9
db <<SQL
INSERT INTO settings (key, value) VALUES ('library-path', '$library');
INSERT INTO recordings (public_id, event_id, title, folder, state, visibility, started_at, duration_ms, created_at) VALUES
  ('$pub', 1, 'Khai mạc', 'rec1', 'ready', 'public', 1700000000, 2000, 1700000000),
  ('$hls', 1, 'HLS', 'hls', 'ready', 'public', 1700000000, 6000, 1700000000),
  ('aaaabbbbccccddddeeeeffff00001111', 1, 'Symlink', 'p1', 'ready', 'public', 1, 1, 1),
  ('aaaabbbbccccddddeeeeffff00002222', 1, 'Hard link', 'p2', 'ready', 'public', 1, 1, 1),
  ('aaaabbbbccccddddeeeeffff00003333', 1, 'Out of the library', 'p3', 'ready', 'public', 1, 1, 1),
  ('aaaabbbbccccddddeeeeffff00004444', 1, 'Through a linked folder', 'private/dirlink', 'ready', 'public', 1, 1, 1);
INSERT INTO outputs (recording_id, kind, path, bytes) SELECT id, 'mp4', 'rec1/recording.mp4', 0 FROM recordings WHERE public_id = '$pub';
INSERT INTO outputs (recording_id, kind, path, bytes) SELECT id, 'hls', 'hls/hls.m3u8', 0 FROM recordings WHERE public_id = '$hls';
INSERT INTO outputs (recording_id, kind, path, bytes) SELECT id, 'mp4', 'private/link.mp4', 0 FROM recordings WHERE title = 'Symlink';
INSERT INTO outputs (recording_id, kind, path, bytes) SELECT id, 'mp4', 'private/hard.mp4', 0 FROM recordings WHERE title = 'Hard link';
INSERT INTO outputs (recording_id, kind, path, bytes) SELECT id, 'mp4', '../canary.txt', 0 FROM recordings WHERE title = 'Out of the library';
INSERT INTO outputs (recording_id, kind, path, bytes) SELECT id, 'mp4', 'private/dirlink/canary.txt', 0 FROM recordings WHERE title = 'Through a linked folder';
INSERT INTO outputs (recording_id, kind, path, bytes) SELECT id, 'hls', 'private/dirlink/canary.txt', 0 FROM recordings WHERE title = 'Through a linked folder';
SQL

export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:log_path=$fault_work/asan
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:log_path=$fault_work/ubsan
port=$(free_port)
PLENARY_PORTAL_HEADER_SECONDS=3 G_MESSAGES_DEBUG=plenary-portal "$PLENARY_EXE" serve --bind 127.0.0.1 --port "$port" > serve.log 2>&1 &
pid=$!; fault_pids=("$pid")
for _ in $(seq 100); do grep -q 'http://' serve.log && break; sleep 0.1; done
grep -q 'http://' serve.log || { cat serve.log; exit 1; }
rss0=$(rss_kb "$pid"); fds0=$(fd_count "$pid")

status=0
abuse=$(fault_cc pln-http-abuse)
echo "portal abuse against $(basename "$fault_build") ($(versions))"
"$abuse" malformed 127.0.0.1 "$port" "$requests" "/media/$pub.mp4" "$token" || status=1
"$abuse" traversal 127.0.0.1 "$port" "$canary_text" "$pub" "$hls" || status=1
sleep 1
alive=yes; kill -0 "$pid" 2>/dev/null || { alive=no; status=1; }
reports=$(cat "$fault_work"/asan.* "$fault_work"/ubsan.* 2>/dev/null | grep -c 'ERROR\|runtime error' || true)
[ "$reports" -eq 0 ] || { status=1; cat "$fault_work"/asan.* "$fault_work"/ubsan.* 2>/dev/null | head -n 40; }
echo "portal still running: $alive; sanitizer reports: $reports"
echo "portal RSS ${rss0} kB → $(rss_kb "$pid") kB (AddressSanitizer keeps freed memory in quarantine: no leak figure)"
# File descriptors: the portal closes what libsoup keeps of clients that
# went (2-4 s after they hung up; 45 s for a connection stuck otherwise).
# Counted every second for 60 s, then a normal request.
fds1=$(fd_count "$pid") back_after=
for t in $(seq 60); do
  sleep 1
  n=$(fd_count "$pid")
  [ -z "$back_after" ] && [ "$n" -le "$fds0" ] && back_after=$t
  case $t in 5|10|30|60) fds_at="${fds_at:-}${fds_at:+, }${t} s later: $n" ;; esac
done
if [ -n "$back_after" ]; then back="back to $fds0 or fewer after $back_after s"; else back="never back to $fds0 in 60 s"; fi
echo "portal fds: $fds0 before, $fds1 right after, $fds_at; $back"
echo "connections libsoup kept that the portal closed: $(grep -c 'that libsoup kept: its client hung up' serve.log) hung up, $(grep -c 'that libsoup kept: stuck' serve.log) stuck"
[ -n "$back_after" ] || status=1
read -r s took <<< "$(curl -s -o /dev/null -w '%{http_code} %{time_total}' --max-time 2 "http://127.0.0.1:$port/")"
echo "a normal request then: GET / → $s in $took s"
[ "$s" = 200 ] && awk -v t="$took" 'BEGIN {exit !(t <= 1)}' || status=1
exit "$status"
