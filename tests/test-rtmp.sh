# `plenary record rtmp://…` from a real RTMP server on 127.0.0.1: nginx with
# its RTMP module (what many sites run), fed by ffmpeg publishing H.264 + AAC
# as an encoder would. ffmpeg's own `-listen 1` server is no peer for
# GStreamer's rtmp2src: it sends the media on stream 0, which rtmp2src
# (rightly) ignores. Records 6 s and checks the file with ffprobe.
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/test-recorder-lib.sh"

nginx=$(command -v nginx || echo /usr/sbin/nginx)
module=/usr/lib/nginx/modules/ngx_rtmp_module.so
if [ ! -x "$nginx" ] || [ ! -f "$module" ]; then
  skip "record from an RTMP server" "needs nginx and its RTMP module (Debian: nginx-light libnginx-mod-rtmp)"
  done_testing; exit
fi

port=$(free_port)
nginx_pid=
ffmpeg_pid=
cleanup() {
  [ -n "$ffmpeg_pid" ] && kill "$ffmpeg_pid" 2>/dev/null
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT

mkdir -p nginx/logs
cat > nginx/nginx.conf <<EOF
load_module $module;
daemon off;
master_process off;
worker_processes 1;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/logs/error.log warn;
events { worker_connections 64; }
rtmp {
  server {
    listen 127.0.0.1:$port;
    application live { live on; record off; }
  }
}
EOF
"$nginx" -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" -e "$TMP/nginx/logs/error.log" > nginx.out 2>&1 &
nginx_pid=$!
for _ in $(seq 50); do listening "$port" && break; sleep 0.1; done
ok "nginx serves RTMP on 127.0.0.1:$port" listening "$port"

# the encoder: H.264 (a keyframe a second) + AAC, published in real time
ffmpeg -v error -re -f lavfi -i "testsrc=size=320x240:rate=25" \
  -f lavfi -i "sine=frequency=440:sample_rate=48000" \
  -c:v libx264 -preset ultrafast -tune zerolatency -g 25 -pix_fmt yuv420p \
  -c:a aac -b:a 64k -ac 2 -f flv "rtmp://127.0.0.1:$port/live/site" > ffmpeg.out 2>&1 &
ffmpeg_pid=$!
sleep 1

"$PLENARY_EXE" record "rtmp://127.0.0.1:$port/live/site" --out rec --duration 6 --min-free-mb 1 > record.out 2>&1
status=$?
check "plenary record exits 0" "$status" 0
[ "$status" = 0 ] || sed 's/^/# /' record.out | tail -n 20

f=rec/segment-00000.mp4
check "H.264 and AAC in the segment" \
  "$(ffprobe -v error -show_entries stream=codec_name -of csv=p=0 "$f" | sort | tr '\n' ' ')" "aac h264 "
check "passed through, not encoded again" \
  "$(awk -F= '$1 == "passthrough" {print $2}' rec/manifest.ini)" "true"
d=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$f")
echo "# recorded ${d} s"
# the server may hand over up to a second it held before we joined
ok "at least 5 s and about 6 s recorded ($d s)" awk -v d="$d" 'BEGIN {exit !(d >= 5.3 && d <= 7.5)}'
ok "it decodes without error" test -z "$(ffmpeg -v error -i "$f" -f null - 2>&1)"

done_testing
