# `plenary record 'mosaic:…'`: four feeds (two test pictures, the test RTSP
# server, and an RTSP address nobody answers) recorded as one 2x2 grid into
# the usual segmented fMP4 recording. The RTSP server is stopped half-way:
# its cell turns to "No signal" and the grid goes on. ffprobe checks the
# media follows the wall clock, frame by frame.
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/test-recorder-lib.sh"

port=$(free_port)
dead=$(free_port)
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

# esc TEXT: percent-encoded, as a URI query value
esc() {
  local s=$1 i c out=
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case $c in
      [a-zA-Z0-9._~-]) out+=$c ;;
      *) out+=$(printf '%%%02X' "'$c") ;;
    esac
  done
  echo "$out"
}
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
wall=$(awk -v a="$(manifest_ms rec/manifest.ini started)" -v b="$(manifest_ms rec/manifest.ini ended)" 'BEGIN {print (b - a) / 1000}')
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
# cells FILE…: per frame, one letter per cell: S (No signal: most of the
# cell one flat value between 40 and 75) or P (picture)
cells() {
  local name out=()
  for name in "$@"; do
    out+=("$(od -An -v -tu1 -w640 "$name" | awk '
      { r = NR - 1; ry = r % 240
        if (ry < 8 || ry >= 232 || ry % 2) next
        for (c = 1; c <= NF; c++) {
          x = c - 1; rx = x % 320
          if (rx < 8 || rx >= 312 || rx % 2) continue
          cell = (r >= 240) * 2 + (x >= 320); n[cell]++; h[cell, $c]++
        } }
      END {
        for (i = 0; i < 4; i++) {
          best = 0; v = 0
          for (p = 0; p < 256; p++) if (h[i, p] > best) { best = h[i, p]; v = p }
          flat = 0
          for (p = v - 3; p <= v + 3; p++) flat += h[i, p]
          printf "%s", (flat / n[i] > 0.8 && v >= 40 && v <= 75) ? "S" : "P"
        } }')")
  done
  echo "${out[*]}"
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
