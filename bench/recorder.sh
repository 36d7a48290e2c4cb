#!/usr/bin/env bash
# bench/recorder.sh: CPU cost of recording an RTSP feed in passthrough,
# Plenary's recorder beside `ffmpeg -c copy` from the same test RTSP server
# (H.264 + AAC, 1280x720 by default), in the same run, on 127.0.0.1.
# Prints CPU seconds (user + system) per minute of recording for each, and
# the ratio.
# Usage: bench/recorder.sh [BUILD_DIR] [SECONDS] [WxH]
#   (build the server first: ninja -C BUILD_DIR tests/pln-test-rtsp-server)
set -euo pipefail
build=${1:-build}
seconds=${2:-60}
size=${3:-1280x720}
plenary="$build/app/plenary"
server="$build/tests/pln-test-rtsp-server"
[ -x "$plenary" ] && [ -x "$server" ] || { echo "Build first: ninja -C $build" >&2; exit 1; }
command -v ffmpeg >/dev/null || { echo "bench/recorder needs ffmpeg (apt-get install ffmpeg)" >&2; exit 1; }

work=$(mktemp -d)
server_pid=
trap '[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
w=${size%x*}; h=${size#*x}
"$server" "$port" "( videotestsrc is-live=true pattern=smpte horizontal-speed=2 \
  ! video/x-raw,width=$w,height=$h,framerate=25/1 ! videoconvert \
  ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=50 bitrate=2500 \
  ! video/x-h264,profile=main ! rtph264pay name=pay0 pt=96 config-interval=1 \
  audiotestsrc is-live=true ! audio/x-raw,rate=48000,channels=2 ! audioconvert \
  ! avenc_aac bitrate=128000 ! rtpmp4gpay name=pay1 pt=97 )" > "$work/server.out" 2>&1 &
server_pid=$!
for _ in $(seq 50); do grep -q READY "$work/server.out" && break; sleep 0.1; done
uri="rtsp://127.0.0.1:$port/test"

# cpu COMMAND…: user+system CPU seconds of COMMAND (and its children)
cpu() {
  /usr/bin/time -f "%U %S" -o "$work/time" "$@" > /dev/null 2>&1 || true
  awk '{printf "%.2f\n", $1 + $2}' "$work/time"
}

echo "Recording $uri ($size) for $seconds s with each…"
plenary_cpu=$(cpu "$plenary" record "$uri" --out "$work/plenary" --duration "$seconds" --min-free-mb 100 -q)
ffmpeg_cpu=$(cpu ffmpeg -v error -rtsp_transport udp -i "$uri" -t "$seconds" -c copy \
  -f mp4 -movflags +frag_keyframe+empty_moov "$work/ffmpeg.mp4")

per_min() { awk -v c="$1" -v s="$seconds" 'BEGIN {printf "%.2f", c * 60 / s}'; }
printf "%-34s %8s\n" "" "CPU s/min"
printf "%-34s %8s\n" "Plenary recorder (passthrough)" "$(per_min "$plenary_cpu")"
printf "%-34s %8s\n" "ffmpeg -c copy (fragmented MP4)" "$(per_min "$ffmpeg_cpu")"
awk -v p="$plenary_cpu" -v f="$ffmpeg_cpu" 'BEGIN {if (f > 0) printf "ratio Plenary/ffmpeg: %.2f\n", p / f}'
echo "(Plenary also decodes the audio for its level meters; the preview stays closed.)"
