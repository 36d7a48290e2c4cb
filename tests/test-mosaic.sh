# `plenary record 'mosaic:…'`: four feeds (two test pictures, the test RTSP
# server, and an RTSP address nobody answers) recorded as one 2x2 grid into
# the usual segmented fMP4 recording. The RTSP server is stopped half-way:
# its cell turns to "No signal" and the grid goes on. ffprobe checks the
# media follows the wall clock, frame by frame.
. "$(dirname "$0")/tap.sh"
# the system's python starts fast (a version manager's shim may not)
py=$(command -v /usr/bin/python3 || command -v python3)

port=$($py -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
dead=$($py -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
server_pid=
rec_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  [ -n "$rec_pid" ] && kill -KILL "$rec_pid" 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT

"$PLN_TEST_RTSP_SERVER" "$port" > server.out 2>&1 &
server_pid=$!
for _ in $(seq 50); do grep -q READY server.out 2>/dev/null && break; sleep 0.1; done

esc() { $py -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }
uri="mosaic:?src=$(esc 'test://a?size=320x240&fps=15&title=Host')"
uri="$uri&src=$(esc 'test://b?size=320x240&fps=15&title=Bridge')"
uri="$uri&src=$(esc "rtsp://127.0.0.1:$port/test")"
uri="$uri&src=$(esc "rtsp://127.0.0.1:$dead/nobody")"
uri="$uri&size=640x480&fps=15"

duration=10
"$PLENARY_EXE" record "$uri" --out rec --duration $duration --segment-seconds 6 --preset light \
  --bitrate 800 --min-free-mb 1 > record.out 2>&1 &
rec_pid=$!
for _ in $(seq 150); do grep -q "State: recording" record.out && break; sleep 0.1; done
sleep 4
kill "$server_pid"; wait "$server_pid" 2>/dev/null; server_pid=
wait "$rec_pid"; status=$?; rec_pid=
check "plenary record exits 0 after its duration" "$status" 0
[ "$status" = 0 ] || sed 's/^/# /' record.out | tail -n 20

n=$(ls rec/segment-*.mp4 2>/dev/null | wc -l)
ok "two segments ($n)" test "$n" -ge 2
check "one video stream, H.264 640x480" \
  "$(ffprobe -v error -select_streams v -show_entries stream=codec_name,width,height -of csv=p=0 rec/segment-00000.mp4)" \
  "h264,640,480"

media=0; frames=0
for f in rec/segment-*.mp4; do
  ok "$(basename "$f") decodes without error" test -z "$(ffmpeg -v error -i "$f" -f null - 2>&1)"
  d=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$f")
  c=$(ffprobe -v error -select_streams v:0 -count_packets -show_entries stream=nb_read_packets -of csv=p=0 "$f")
  media=$(awk -v a="$media" -v b="$d" 'BEGIN {print a + b}'); frames=$((frames + c))
done
wall=$($py - rec/manifest.ini <<'PY'
import configparser, datetime, sys
c = configparser.ConfigParser(interpolation=None); c.read(sys.argv[1])
p = lambda s: datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%S.%fZ")
print((p(c["recording"]["ended"]) - p(c["recording"]["started"])).total_seconds())
PY
)
echo "# media $media s, wall $wall s, $frames frames"
near() { awk -v a="$1" -v b="$2" -v d="$3" 'BEGIN {exit !(a - b <= d && b - a <= d)}'; }
ok "media ≈ wall time (±0.7 s)" near "$media" "$wall" 0.7
ok "media ≈ the asked duration (±0.7 s)" near "$media" "$duration" 0.7
ok "15 frames per second of media (≥ 95 %)" awk -v f="$frames" -v m="$media" 'BEGIN {exit !(f >= 0.95 * 15 * m)}'

# Cells of the 2x2 grid, 320x240 each: which show a picture, which the
# "No signal" card (a flat dark grey with a line of text)?
# frame FILE SECONDS OUT: the luma of one frame (-sseof when SECONDS < 0)
frame() {
  if [ "${2#-}" != "$2" ]; then
    ffmpeg -v error -sseof "$2" -i "$1" -frames:v 1 -f rawvideo -pix_fmt gray -y "$3"
  else
    ffmpeg -v error -ss "$2" -i "$1" -frames:v 1 -f rawvideo -pix_fmt gray -y "$3"
  fi
}
# cells FILE…: per frame, one letter per cell: S (No signal) or P (picture)
cells() {
  $py - "$@" <<'PY'
import sys, collections
w, h, cw, ch = 640, 480, 320, 240
frames = []
for name in sys.argv[1:]:
    y = open(name, "rb").read()
    out = ""
    for i in range(4):
        x0, y0 = (i % 2) * cw, (i // 2) * ch
        px = [y[(y0 + r) * w + x0 + c] for r in range(8, ch - 8, 2) for c in range(8, cw - 8, 2)]
        value, n = collections.Counter(px).most_common(1)[0]
        flat = sum(1 for p in px if abs(p - value) <= 3) / len(px)
        out += "S" if flat > 0.8 and 40 <= value <= 75 else "P"
    frames.append(out)
print(" ".join(frames))
PY
}
first=rec/segment-00000.mp4
last=$(ls rec/segment-*.mp4 | tail -n 1)
for t in 1.5 2.5 3.5; do frame "$first" $t "f$t.gray"; done
frame "$last" -0.3 end.gray
early=" $(cells f1.5.gray f2.5.gray f3.5.gray)"
late=$(cells end.gray)
echo "# cells early:$early, at the end: $late"
contains "the test pictures show in cells 1 and 2 from the start" "$early" " PP"
contains "the RTSP feed shows in cell 3 while its server runs" "$early" "PPPS"
check "at the end: cell 3 says No signal (its server stopped), cell 4 too (never reachable)" "$late" "PPSS"

done_testing
