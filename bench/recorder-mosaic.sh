#!/usr/bin/env bash
# bench/recorder-mosaic.sh: a mosaic of 9 feeds recorded like any feed
# (`plenary record 'mosaic:?src=…'`, a 3x3 grid, 1280x720 at 15 fps, x264)
# from the test RTSP server on 127.0.0.1, two ways:
#   - 9 full streams (1280x720, 25 fps, H.264 + AAC): decoded key frames only;
#   - 9 sub-streams (640x360, 25 fps): every frame decoded, thinned to 15 fps.
# Prints the recorder's CPU (share of the machine), the recorded media
# beside the wall time, and the frames recorded beside 15 × the media.
# Usage: bench/recorder-mosaic.sh [BUILD_DIR] [SECONDS] [N_FEEDS]
set -euo pipefail
build=${1:-build}
seconds=${2:-30}
feeds=${3:-9}
plenary="$build/app/plenary"
server="$build/tests/pln-test-rtsp-server"
[ -x "$plenary" ] && [ -x "$server" ] || { echo "Build first: ninja -C $build app/plenary tests/pln-test-rtsp-server" >&2; exit 1; }
py=$(command -v /usr/bin/python3 || command -v python3)
cores=$(nproc)

work=$(mktemp -d)
server_pid=
trap '[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT

start_server() { # WxH KBPS
  local w=${1%x*} h=${1#*x}
  port=$($py -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "$server" "$port" "( videotestsrc is-live=true pattern=smpte horizontal-speed=2 \
    ! video/x-raw,width=$w,height=$h,framerate=25/1 ! videoconvert \
    ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=50 bitrate=$2 \
    ! video/x-h264,profile=main ! rtph264pay name=pay0 pt=96 config-interval=1 \
    audiotestsrc is-live=true ! audio/x-raw,rate=48000,channels=2 ! audioconvert \
    ! avenc_aac bitrate=128000 ! rtpmp4gpay name=pay1 pt=97 )" > "$work/server.out" 2>&1 &
  server_pid=$!
  for _ in $(seq 50); do grep -q READY "$work/server.out" && break; sleep 0.1; done
}
stop_server() { kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null || true; server_pid=; }

run() { # LABEL WxH KBPS
  local label=$1 uri dir=$work/rec
  start_server "$2" "$3"
  uri="mosaic:?size=1280x720&fps=15"
  for i in $(seq "$feeds"); do
    uri="$uri&src=$($py -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "rtsp://127.0.0.1:$port/test")"
  done
  rm -rf "$dir"
  /usr/bin/time -f "%U %S %e" -o "$work/time" "$plenary" record "$uri" --out "$dir" --duration "$seconds" \
    --min-free-mb 100 -q > "$work/record.out" 2>&1 || true
  stop_server
  read -r cpu wall < <(tail -n 1 "$work/time" | awk '{print $1 + $2, $3}')
  media=0; frames=0
  for f in "$dir"/segment-*.mp4; do
    d=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$f")
    c=$(ffprobe -v error -select_streams v:0 -count_packets -show_entries stream=nb_read_packets -of csv=p=0 "$f")
    media=$(awk -v a="$media" -v b="$d" 'BEGIN {print a + b}'); frames=$((frames + c))
  done
  span=$($py - "$dir/manifest.ini" <<'PY'
import configparser, datetime, sys
c = configparser.ConfigParser(interpolation=None); c.read(sys.argv[1])
p = lambda s: datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%S.%fZ")
print((p(c["recording"]["ended"]) - p(c["recording"]["started"])).total_seconds())
PY
)
  printf "  %-36s %5.0f %%   %6.1f s   %6.1f s   %5d / %5.0f\n" "$label" \
    "$(awk -v c="$cpu" -v w="$wall" -v k="$cores" 'BEGIN {print 100 * c / w / k}')" \
    "$media" "$span" "$frames" "$(awk -v m="$media" 'BEGIN {print 15 * m}')"
}

echo "Mosaic of $feeds RTSP feeds, 3x3 at 1280x720, 15 fps, x264 veryfast 2.5 Mbit/s, $seconds s, $cores cores"
echo "                                       CPU      media     wall   frames / 15 × media"
run "$feeds × 1280x720 (key frames only)" 1280x720 2500
run "$feeds × 640x360 sub-streams (all)" 640x360 600
