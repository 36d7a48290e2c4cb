#!/usr/bin/env bash
# bench/recorder.sh: what recording costs, Plenary beside ffmpeg in the same
# run, from the same test RTSP server on 127.0.0.1 (H.264 + AAC, 1280x720,
# 25 fps, 2.5 Mbit/s by default):
#   1. passthrough, 1 stream: CPU seconds (user + system) per minute of
#      recording: Plenary with its own RTSP receiver (PLENARY_RTSP_RECEIVER=
#      plenary), Plenary with GStreamer's rtspsrc (=rtspsrc), `ffmpeg -c copy`
#      to fragmented MP4, and plain GStreamer (gst-launch rtspsrc ! mp4mux)
#      for reference; then the four side by side: CPU per second once
#      running, and start-up;
#   2. passthrough, 8 simultaneous streams: the same, per stream;
#   3. passthrough, 50 simultaneous streams: share of the machine and frames
#      lost (holes in the recorded timestamps), Plenary (both receivers) and
#      ffmpeg;
#   4. encoding: frames per second at 720p and 1080p, Plenary (x264 veryfast,
#      its "good" preset) beside ffmpeg/libx264 at the same preset, tune,
#      profile, bitrate and keyframe interval, from the same MPEG-4 file;
# each pair with its ratio.
# Usage: bench/recorder.sh [BUILD_DIR] [SECONDS] [WxH] [N_MANY] [passthrough]
#   (build first: ninja -C BUILD_DIR app/plenary tests/pln-test-rtsp-server;
#   a fifth argument "passthrough" skips the encoding figures; with
#   BENCH_LOGS=DIR in the environment every Plenary recording of the 8- and
#   N-stream parts leaves its log, with the receiver's and the recorder's
#   debug messages, and its manifest in DIR)
set -euo pipefail
build=${1:-build}
seconds=${2:-60}
size=${3:-1280x720}
many=${4:-50}
only_passthrough=${5:-}
logs=${BENCH_LOGS:-}
plenary="$build/app/plenary"
server="$build/tests/pln-test-rtsp-server"
[ -x "$plenary" ] && [ -x "$server" ] || { echo "Build first: ninja -C $build app/plenary tests/pln-test-rtsp-server" >&2; exit 1; }
command -v ffmpeg >/dev/null || { echo "bench/recorder needs ffmpeg (apt-get install ffmpeg)" >&2; exit 1; }
py=$(command -v /usr/bin/python3 || command -v python3)
cores=$(nproc)

work=$(mktemp -d)
server_pid=
trap '[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT
port=$($py -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
w=${size%x*}; h=${size#*x}
"$server" --live-play "$port" "( videotestsrc is-live=true pattern=smpte horizontal-speed=2 \
  ! video/x-raw,width=$w,height=$h,framerate=25/1 ! videoconvert \
  ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=50 bitrate=2500 \
  ! video/x-h264,profile=main ! rtph264pay name=pay0 pt=96 config-interval=1 \
  audiotestsrc is-live=true ! audio/x-raw,rate=48000,channels=2 ! audioconvert \
  ! avenc_aac bitrate=128000 ! rtpmp4gpay name=pay1 pt=97 )" > "$work/server.out" 2>&1 &
server_pid=$!
for _ in $(seq 50); do grep -q READY "$work/server.out" && break; sleep 0.1; done
uri="rtsp://127.0.0.1:$port/test"

# cpu COMMAND…: user+system CPU seconds of COMMAND and all its children
cpu() {
  /usr/bin/time -f "%U %S %e" -o "$work/time" "$@" > /dev/null 2>&1 || true
  tail -n 1 "$work/time" | awk '{printf "%.2f %.2f\n", $1 + $2, $3}'
}
per_min() { awk -v c="$1" -v s="$2" -v n="${3:-1}" 'BEGIN {printf "%.2f", c * 60 / s / n}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "-"}'; }

rec_plenary() { # DIR (the receiver: $rx, plenary or rtspsrc)
  if [ -n "$logs" ]; then
    # keep each recording's log (the receiver's and the recorder's debug
    # messages) and its manifest
    local name
    name=$(basename "$1")
    G_MESSAGES_DEBUG="plenary-rtsp plenary-recorder" PLENARY_RTSP_RECEIVER=$rx "$plenary" record "$uri" --out "$1" \
      --duration "$seconds" --min-free-mb 100 -q > "$logs/$name.log" 2>&1 || echo "exit $?" >> "$logs/$name.log"
    cp "$1/manifest.ini" "$logs/$name.manifest.ini" 2>/dev/null || true
  else
    PLENARY_RTSP_RECEIVER=$rx "$plenary" record "$uri" --out "$1" --duration "$seconds" --min-free-mb 100 -q
  fi
}
rec_ffmpeg() { # FILE
  ffmpeg -nostdin -v error -rtsp_transport udp -i "$uri" -t "$seconds" -c copy \
    -f mp4 -movflags +frag_keyframe+empty_moov "$1"
}
rec_gst() { # FILE
  timeout -s INT "$((seconds + 1))" gst-launch-1.0 -e -q rtspsrc location="$uri" latency=200 \
    buffer-mode=none name=s s. ! rtph264depay ! h264parse ! video/x-h264,stream-format=avc,alignment=au \
    ! mp4mux fragment-duration=1000 name=m ! filesink location="$1" s. ! rtpmp4gdepay ! aacparse ! m.
}
# parallel N FUNCTION PREFIX: N recordings at once, started 0.1 s apart
# (the server plays from now whatever Range a client asks for
# (--live-play), as a camera does: without that, gst-rtsp-server 1.22
# seeks its shared media back to the start for each ffmpeg that joins,
# and the other clients lose packets)
parallel() {
  local n=$1 fn=$2 prefix=$3 i
  for i in $(seq "$n"); do "$fn" "$prefix$i" & sleep 0.1; done
  wait
}
export -f rec_plenary rec_ffmpeg rec_gst parallel
export plenary uri seconds logs rx=plenary
load() { cut -d ' ' -f 1-3 /proc/loadavg; }

# lost FILE…: video frames missing inside the recordings (holes in the
# timestamps longer than 1.5 frames), summed, and frames recorded
lost() {
  for f in "$@"; do
    ffprobe -v error -select_streams v:0 -show_entries packet=pts_time -of csv=p=0 "$f" 2>/dev/null | sort -g |
      awk 'BEGIN {lost = 0; n = 0} $1 != "" {if (n > 0 && $1 - p > 0.06) lost += int(($1 - p) / 0.04 + 0.5) - 1; p = $1; n++}
           END {print lost, n}'
  done | awk '{l += $1; n += $2} END {print l + 0, n + 0}'
}

echo "Passthrough from $uri ($size, 25 fps, 2.5 Mbit/s, AAC 128 kbit/s), $seconds s each, $cores cores"
echo
echo "1 stream                             CPU s/min"
rx=plenary; read -r o_cpu _ < <(cpu bash -c "rec_plenary $work/o1")
rx=rtspsrc; read -r p_cpu _ < <(cpu bash -c "rec_plenary $work/p1")
read -r f_cpu _ < <(cpu bash -c "rec_ffmpeg $work/f1.mp4")
read -r g_cpu _ < <(cpu bash -c "rec_gst $work/g1.mp4")
printf "  %-34s %6s\n" "Plenary, own receiver" "$(per_min "$o_cpu" "$seconds")"
printf "  %-34s %6s\n" "Plenary, rtspsrc" "$(per_min "$p_cpu" "$seconds")"
printf "  %-34s %6s\n" "ffmpeg -c copy (fragmented MP4)" "$(per_min "$f_cpu" "$seconds")"
printf "  %-34s %6s\n" "plain GStreamer rtspsrc ! mp4mux" "$(per_min "$g_cpu" "$seconds")"
printf "  ratio to ffmpeg: own receiver %s, rtspsrc %s   (plain GStreamer: %s)   load %s\n" "$(ratio "$o_cpu" "$f_cpu")" \
  "$(ratio "$p_cpu" "$f_cpu")" "$(ratio "$g_cpu" "$f_cpu")" "$(load)"

# The same four side by side, so they share whatever else the machine
# does: CPU per second of media once running (from 5 s after the last
# start for SECONDS, the process's user + system time from /proc), and what
# starting took (the CPU before that, minus that rate). Start-up weighs on
# a short recording: ffmpeg loads about a hundred shared libraries.
echo
echo "1 stream, side by side                steady CPU ms/s   start-up CPU s"
# user + system time of every thread, the ended ones too, in ns
tick=$(getconf CLK_TCK)
runtime_ns() { awk -v t="$tick" '{print ($14 + $15) * 1e9 / t}' /proc/"$1"/stat 2>/dev/null || echo 0; }
# (started 2 s apart: the test server answers a second DESCRIBE late while
# it prepares the media for the first)
PLENARY_RTSP_RECEIVER=plenary "$plenary" record "$uri" --out "$work/os" --duration "$((seconds + 20))" \
  --min-free-mb 100 -q > /dev/null 2>&1 &
so=$!
sleep 2
PLENARY_RTSP_RECEIVER=rtspsrc "$plenary" record "$uri" --out "$work/ps" --duration "$((seconds + 20))" \
  --min-free-mb 100 -q > /dev/null 2>&1 &
sp=$!
sleep 2
ffmpeg -nostdin -v error -rtsp_transport udp -i "$uri" -t "$((seconds + 20))" -c copy \
  -f mp4 -movflags +frag_keyframe+empty_moov "$work/fs.mp4" > /dev/null 2>&1 &
sf=$!
sleep 2
gst-launch-1.0 -e -q rtspsrc location="$uri" latency=200 buffer-mode=none name=s s. ! rtph264depay ! h264parse \
  ! video/x-h264,stream-format=avc,alignment=au ! mp4mux fragment-duration=1000 name=m \
  ! filesink location="$work/gs.mp4" s. ! rtpmp4gdepay ! aacparse ! m. > /dev/null 2>&1 &
sg=$!
sleep 5
declare -A t0
for x in $so $sp $sf $sg; do t0[$x]=$(runtime_ns "$x"); done
sleep "$seconds"
declare -A t1
for x in $so $sp $sf $sg; do t1[$x]=$(runtime_ns "$x"); done
kill -INT $so $sp $sf $sg 2>/dev/null; wait $so $sp $sf $sg 2>/dev/null || true
steady() { awk -v a="${t0[$1]}" -v b="${t1[$1]}" -v s="$seconds" 'BEGIN {printf "%.1f", (b - a) / 1e6 / s}'; }
startup() { awk -v a="${t0[$1]}" -v b="${t1[$1]}" -v s="$seconds" -v w="$2" 'BEGIN {r = (b - a) / s; printf "%.2f", (a - w * r) / 1e9}'; }
printf "  %-34s %8s %15s\n" "Plenary, own receiver" "$(steady $so)" "$(startup $so 11)"
printf "  %-34s %8s %15s\n" "Plenary, rtspsrc" "$(steady $sp)" "$(startup $sp 9)"
printf "  %-34s %8s %15s\n" "ffmpeg -c copy" "$(steady $sf)" "$(startup $sf 7)"
printf "  %-34s %8s %15s\n" "plain GStreamer rtspsrc ! mp4mux" "$(steady $sg)" "$(startup $sg 5)"
printf "  steady ratio to ffmpeg: own receiver %s, rtspsrc %s   (plain GStreamer: %s)   load %s\n" \
  "$(ratio "$(steady $so)" "$(steady $sf)")" "$(ratio "$(steady $sp)" "$(steady $sf)")" \
  "$(ratio "$(steady $sg)" "$(steady $sf)")" "$(load)"
rm -rf "$work/os" "$work/ps" "$work/fs.mp4" "$work/gs.mp4"
echo
echo "8 simultaneous streams               CPU s/min per stream"
rx=plenary; read -r o_cpu _ < <(cpu bash -c "parallel 8 rec_plenary $work/o8-")
rx=rtspsrc; read -r p_cpu _ < <(cpu bash -c "parallel 8 rec_plenary $work/p8-")
read -r f_cpu _ < <(cpu bash -c "parallel 8 rec_ffmpeg $work/f8-")
printf "  %-34s %6s\n" "Plenary, own receiver" "$(per_min "$o_cpu" "$seconds" 8)"
printf "  %-34s %6s\n" "Plenary, rtspsrc" "$(per_min "$p_cpu" "$seconds" 8)"
printf "  %-34s %6s\n" "ffmpeg -c copy" "$(per_min "$f_cpu" "$seconds" 8)"
printf "  ratio to ffmpeg: own receiver %s, rtspsrc %s   load %s\n" "$(ratio "$o_cpu" "$f_cpu")" "$(ratio "$p_cpu" "$f_cpu")" "$(load)"
read -r o_lost o_frames < <(lost "$work"/o8-*/segment-*.mp4)
read -r p_lost p_frames < <(lost "$work"/p8-*/segment-*.mp4)
read -r f_lost f_frames < <(lost "$work"/f8-*)
printf "  frames lost: own receiver %s of %s, rtspsrc %s of %s, ffmpeg %s of %s\n" "$o_lost" "$o_frames" \
  "$p_lost" "$p_frames" "$f_lost" "$f_frames"
rm -rf "$work"/o8-* "$work"/p8-* "$work"/f8-*

echo
echo "$many simultaneous streams            machine share   frames lost / recorded   load before, after"
many_plenary() { # RECEIVER PREFIX LABEL
  local l0 c w lo fr ok
  l0=$(load)
  rx=$1; read -r c w < <(cpu bash -c "parallel $many rec_plenary $work/$2-")
  read -r lo fr < <(lost "$work"/"$2"-*/segment-*.mp4)
  ok=$( (ls -d "$work"/"$2"-*/segment-00000.mp4 2>/dev/null || true) | wc -l)
  rm -rf "$work"/"$2"-*
  printf "  %-34s %8s   %s / %s (%s recordings with media)   %s; %s\n" "$3" "$(share "$c")" "$lo" "$fr" "$ok" "$l0" "$(load)"
  echo "$c" > "$work/$2.cpu"
}
share() { awk -v c="$1" -v s="$seconds" -v k="$cores" 'BEGIN {printf "%.0f %%", 100 * c / s / k}'; }
many_plenary plenary om "Plenary, own receiver"
many_plenary rtspsrc pm "Plenary, rtspsrc"
l0=$(load)
read -r f_cpu f_wall < <(cpu bash -c "parallel $many rec_ffmpeg $work/fm-")
read -r f_lost f_frames < <(lost "$work"/fm-*)
f_ok=$( (ls "$work"/fm-* 2>/dev/null || true) | wc -l)
rm -rf "$work"/fm-*
printf "  %-34s %8s   %s / %s (%s recordings with media)   %s; %s\n" "ffmpeg -c copy" "$(share "$f_cpu")" \
  "$f_lost" "$f_frames" "$f_ok" "$l0" "$(load)"
printf "  ratio to ffmpeg (CPU): own receiver %s, rtspsrc %s   (share = CPU s / (%s s × %s cores))\n" \
  "$(ratio "$(cat "$work/om.cpu")" "$f_cpu")" "$(ratio "$(cat "$work/pm.cpu")" "$f_cpu")" "$seconds" "$cores"
printf "  frames the server sent each recording: about %s\n" "$((seconds * 25))"

kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null || true; server_pid=
[ "$only_passthrough" = passthrough ] && exit 0

echo
echo "Encoding (x264 veryfast, main, 2.5 Mbit/s, a keyframe every 10 frames; from the same 10 s MPEG-4 file)"
echo "  frames/s: over the wall time (the machine's other load counts), and per CPU second"
for res in 1280x720 1920x1080; do
  src="$work/src-$res.mkv"
  ffmpeg -nostdin -v error -f lavfi -i "testsrc2=size=$res:rate=25" -t 10 -c:v mpeg4 -q:v 2 "$src"
  frames=250
  read -r p_cpu p_wall < <(cpu "$plenary" record "file://$src" --out "$work/enc-$res" --preset good \
    --bitrate 2500 --min-free-mb 100 -q)
  read -r f_cpu f_wall < <(cpu ffmpeg -nostdin -v error -i "$src" -c:v libx264 -preset veryfast \
    -tune zerolatency -profile:v main -b:v 2500k -g 10 -f mp4 -movflags +frag_keyframe+empty_moov \
    -y "$work/enc-$res.mp4")
  got=$(ffprobe -v error -select_streams v:0 -count_packets -show_entries stream=nb_read_packets -of csv=p=0 \
    "$work"/enc-"$res"/segment-*.mp4 | awk '{n += $1} END {print n + 0}')
  fps() { awk -v n="$1" -v t="$2" 'BEGIN {if (t > 0) printf "%.1f", n / t; else print "-"}'; }
  printf "  %-9s Plenary %6s/s, %6s/CPU s   ffmpeg/libx264 %6s/s, %6s/CPU s   ratio %s, %s\n" "$res" \
    "$(fps "$got" "$p_wall")" "$(fps "$got" "$p_cpu")" "$(fps "$frames" "$f_wall")" "$(fps "$frames" "$f_cpu")" \
    "$(ratio "$(fps "$got" "$p_wall")" "$(fps "$frames" "$f_wall")")" \
    "$(ratio "$(fps "$got" "$p_cpu")" "$(fps "$frames" "$f_cpu")")"
  [ "$got" = "$frames" ] || echo "  (Plenary wrote $got of $frames frames)"
  rm -rf "$src" "$work/enc-$res" "$work/enc-$res.mp4"
done
