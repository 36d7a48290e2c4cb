# The offline media engine from the command line: plenary package (MP4 with
# its index in front, HLS by byte range, 360p, M4A), plenary thumbnail and
# plenary probe, checked with ffprobe/ffmpeg on real files.
. "$(dirname "$0")/tap.sh"

# A fragmented MP4 segment as the recorder writes it (mp4mux, ~1 s fragments,
# a keyframe a second), H.264 + AAC.  mkseg FILE SECONDS PATTERN
mkseg() {
  gst-launch-1.0 -q -e \
    videotestsrc num-buffers=$(( $2 * 25 )) pattern=$3 \
      ! video/x-raw,width=640,height=480,framerate=25/1 ! videoconvert ! video/x-raw,format=I420 \
      ! x264enc key-int-max=25 speed-preset=ultrafast bitrate=400 ! video/x-h264,profile=main \
      ! h264parse ! queue ! mux. \
    audiotestsrc num-buffers=$(( $2 * 48000 / 1024 )) samplesperbuffer=1024 \
      ! audio/x-raw,rate=48000,channels=2 ! audioconvert ! avenc_aac ! aacparse ! queue ! mux. \
    mp4mux name=mux fragment-duration=1000 ! filesink location="$1"
}

# Floating-point comparison: near ACTUAL EXPECTED TOLERANCE
near() { awk -v a="$1" -v e="$2" -v t="$3" 'BEGIN { d = a - e; if (d < 0) d = -d; exit !(d <= t) }'; }

duration_of() { ffprobe -v error -show_entries format=duration -of csv=p=0 "$1"; }
extinf_sum() { awk -F'[:,]' '/^#EXTINF:/ { s += $2 } END { printf "%.3f\n", s }' "$1"; }
root_boxes() { ffprobe -v trace "$1" 2>&1 | sed -n "s/.*type:'\([a-z0-9 ]*\)' parent:'root'.*/\1/p" | tr '\n' ' '; }
# The index first: ftyp, moov, then (maybe after other boxes) the media.
index_in_front() { root_boxes "$1" | grep -q '^ftyp moov .*mdat'; }

# A recording: 5 s, a 10 s gap (link lost), 4 s, and a chapter.
mkdir rec
mkseg rec/segment-00000.mp4 5 0
mkseg rec/segment-00001.mp4 4 18
cat > rec/manifest.ini <<'EOF'
[recording]
version=1
source=test://host?title=Hội nghị
started=2026-11-22T08:00:00.000Z
ended=2026-11-22T08:00:19.000Z
state=stopped
video=h264 640x480 25/1
audio=aac 48000 2
passthrough=true

[segment-00000]
file=segment-00000.mp4
start_ms=0
duration_ms=5000
closed=true

[gap-0]
start_ms=5000
end_ms=15000
reason=Cannot reach rtsp://127.0.0.1:8554/x: connection refused

[segment-00001]
file=segment-00001.mp4
start_ms=15000
duration_ms=4000
closed=true

[chapter-0]
at_ms=1000
title=Khai mạc
EOF
media=9.0

# --- The MP4, the playlist, the M4A, the 360p version ---
out=$(plenary package rec --out pub --hls --audio --low --quiet 2>err.txt); status=$?
check "package exits 0" "$status" 0
[ "$status" -eq 0 ] || sed 's/^/# /' err.txt
contains "package prints the MP4" "$out" "pub/rec.mp4"
contains "package prints the playlist" "$out" "pub/rec.m3u8"

check "MP4: the index (moov) comes before the media (mdat)" "$(root_boxes pub/rec.mp4)" "ftyp moov mdat "
ok "MP4: its duration is the media's, the gap closed ($(duration_of pub/rec.mp4) s)" near "$(duration_of pub/rec.mp4)" $media 0.3
check "MP4: decodes from end to end without an error" "$(ffmpeg -v error -i pub/rec.mp4 -f null - 2>&1)" ""
check "MP4: H.264 and AAC, copied" "$(ffprobe -v error -show_entries stream=codec_name,width -of csv=p=0 pub/rec.mp4 | tr '\n' ' ')" "h264,640 aac "
chapters=$(ffprobe -v error -show_chapters -of csv=p=0 pub/rec.mp4)
contains "MP4: a chapter marks the lost link" "$chapters" "Link lost (10 s)"
contains "MP4: the manifest's chapter is there" "$chapters" "Khai mạc"
ok "MP4: the gap's chapter sits where the second part begins" \
  near "$(printf '%s\n' "$chapters" | awk -F, '/Link lost/ { print $4 }')" 5.0 0.2
contains "chapters.vtt is WebVTT with the gap" "$(cat pub/chapters.vtt)" "Link lost (10 s)"
contains "chapters.json lists the chapters" "$(cat pub/chapters.json)" "\"title\": \"Khai mạc\""

check "HLS: ffmpeg reads the playlist without an error" "$(ffmpeg -v error -i pub/rec.m3u8 -f null - 2>&1)" ""
ok "HLS: the EXTINF durations add up to the media ($(extinf_sum pub/rec.m3u8) s)" near "$(extinf_sum pub/rec.m3u8)" $media 0.3
check "HLS: one discontinuity, at the gap" "$(grep -c '^#EXT-X-DISCONTINUITY$' pub/rec.m3u8)" 1
check "HLS: an init section per segment file" "$(grep -c '^#EXT-X-MAP:URI="../rec/segment-0000[01].mp4",BYTERANGE=' pub/rec.m3u8)" 2
check "HLS: version 7, ended" "$(grep -c -e '^#EXT-X-VERSION:7$' -e '^#EXT-X-ENDLIST$' pub/rec.m3u8)" 2
check "HLS: no media was copied" "$(ls pub | grep -c -v -e '\.mp4$' -e '\.m4a$' -e '\.m3u8$' -e '^chapters\.')" 0
target=$(sed -n 's/^#EXT-X-TARGETDURATION://p' pub/rec.m3u8)
longest=$(awk -F'[:,]' '/^#EXTINF:/ { if ($2 > m) m = $2 } END { print m }' pub/rec.m3u8)
ok "HLS: no segment is longer than the target duration ($longest ≤ $target)" awk -v l="$longest" -v t="$target" 'BEGIN { exit !(l <= t + 0.5) }'

check "M4A: only the AAC" "$(ffprobe -v error -show_entries stream=codec_name -of csv=p=0 pub/rec.m4a | tr '\n' ' ')" "aac "
ok "M4A: the media's duration" near "$(duration_of pub/rec.m4a)" $media 0.3
check "M4A: index in front" "$(root_boxes pub/rec.m4a)" "ftyp moov mdat "

check "360p: H.264 main profile, 480×360" \
  "$(ffprobe -v error -select_streams v -show_entries stream=codec_name,profile,width,height -of csv=p=0 pub/rec-360p.mp4)" "h264,Main,480,360"
ok "360p: index in front ($(root_boxes pub/rec-360p.mp4))" index_in_front pub/rec-360p.mp4
ok "360p: the media's duration" near "$(duration_of pub/rec-360p.mp4)" $media 0.3
vkbps=$(ffprobe -v error -select_streams v -show_entries stream=bit_rate -of csv=p=0 pub/rec-360p.mp4)
ok "360p: the video is about 500 kbit/s ($vkbps bit/s)" awk -v b="$vkbps" 'BEGIN { exit !(b > 150000 && b < 800000) }'

# A browser opens the MP4 and seeks in it (past the closed gap).
if command -v chromium > /dev/null; then
  cat > page.html <<'HTML'
<html><body><div id=r>pending</div><video id=v src="pub/rec.mp4" preload=auto muted></video>
<script>
const v = document.getElementById('v'), r = document.getElementById('r');
v.addEventListener('error', () => { r.textContent = 'error ' + (v.error && v.error.code); });
v.addEventListener('loadedmetadata', () => { r.textContent = 'duration ' + v.duration.toFixed(1); v.currentTime = 7.0; });
v.addEventListener('seeked', () => { r.textContent += ' seeked ' + v.currentTime.toFixed(1); });
</script></body></html>
HTML
  mkdir chromium-profile
  timeout 40 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$TMP/chromium-profile" --allow-file-access-from-files \
    --virtual-time-budget=5000 --dump-dom "file://$TMP/page.html" > dom.html 2> /dev/null
  # Its helper processes may outlive it: end them, by id.
  for pid in $(pgrep -f "user-data-dir=$TMP/chromium-profile"); do kill "$pid" 2> /dev/null; done
  dom=$(cat dom.html)
  contains "Chromium plays the MP4 and seeks to 7 s" "$dom" "duration 9.0 seeked 7.0"
else
  skip "Chromium plays the MP4" "chromium is not installed"
fi

# --- HLS beside the recording: plain file names ---
out=$(plenary package rec --out rec --hls --no-mp4 --quiet 2>&1)
check "HLS in the recording folder names the segments plainly" "$(grep -c '^segment-0000[01].mp4$' rec/rec.m3u8)" 2
rm -f rec/rec.m3u8 rec/chapters.vtt rec/chapters.json

# --- A segment torn off mid-fragment (the recorder was killed) ---
cp -r rec torn
size=$(stat -c %s torn/segment-00001.mp4)
truncate -s $(( size * 6 / 10 )) torn/segment-00001.mp4
out=$(plenary package torn --out torn-pub --hls --quiet 2>err.txt); status=$?
check "a torn segment still packages" "$status" 0
check "torn: the playlist plays without an error" "$(ffmpeg -v error -i torn-pub/torn.m3u8 -f null - 2>&1)" ""
sum=$(extinf_sum torn-pub/torn.m3u8)
ok "torn: the playlist stops at the last whole fragment ($sum s, between 6 and 8.9)" \
  awk -v s="$sum" 'BEGIN { exit !(s >= 6 && s < 8.9) }'
last_end=$(awk -F'[:@]' '/^#EXT-X-BYTERANGE:/ { e = $2 + $3 } END { print e }' torn-pub/torn.m3u8)
ok "torn: no byte range reaches past the end of the file" [ "$last_end" -le $(( size * 6 / 10 )) ]
check "torn: the MP4 decodes without an error" "$(ffmpeg -v error -i torn-pub/torn.mp4 -f null - 2>&1)" ""

# A real kill: mp4mux writing a live source, SIGKILLed mid-stream.
mkdir killed
gst-launch-1.0 -q videotestsrc is-live=true ! video/x-raw,width=320,height=240,framerate=25/1 \
  ! x264enc key-int-max=25 speed-preset=ultrafast tune=zerolatency ! video/x-h264,profile=main ! h264parse \
  ! mp4mux fragment-duration=1000 ! filesink location=killed/segment-00000.mp4 > /dev/null 2>&1 &
writer=$!
sleep 3.5
kill -9 $writer; wait $writer 2>/dev/null
printf '[recording]\nversion=1\nsource=test://k\nstate=recording\n\n[segment-00000]\nfile=segment-00000.mp4\nstart_ms=0\nclosed=false\n' > killed/manifest.ini
plenary package killed --out killed-pub --hls --quiet > /dev/null 2>err.txt; status=$?
check "a killed recording packages" "$status" 0
check "killed: the playlist plays without an error" "$(ffmpeg -v error -i killed-pub/killed.m3u8 -f null - 2>&1)" ""
ok "killed: the playlist has the seconds that were written ($(extinf_sum killed-pub/killed.m3u8) s)" \
  awk -v s="$(extinf_sum killed-pub/killed.m3u8)" 'BEGIN { exit !(s >= 1 && s <= 4) }'

# --- A recording with sound only (an audio bridge): what can be made is ---
mkdir sound
gst-launch-1.0 -q -e audiotestsrc num-buffers=200 samplesperbuffer=1024 ! audio/x-raw,rate=48000,channels=2 \
  ! audioconvert ! avenc_aac ! aacparse ! mp4mux fragment-duration=1000 ! filesink location=sound/segment-00000.mp4
printf '[recording]\nversion=1\nstate=stopped\n\n[segment-00000]\nfile=segment-00000.mp4\nstart_ms=0\nduration_ms=4266\nclosed=true\n' > sound/manifest.ini
out=$(plenary package sound --out sound-pub --hls --audio --low 2> err.txt); status=$?
check "sound only: packages" "$status" 0
check "sound only: MP4, M4A and playlist, no 360p" "$(ls sound-pub | grep -v chapters | tr '\n' ' ')" "sound.m3u8 sound.m4a sound.mp4 "
check "sound only: the playlist plays" "$(ffmpeg -v error -i sound-pub/sound.m3u8 -f null - 2>&1)" ""
plenary package sound --out sound-pub2 --low --no-mp4 2> err.txt; status=$?
check "sound only: asking for the 360p version alone fails" "$status" 1
contains "sound only: and says why" "$(cat err.txt)" "has no video"

# --- Failures leave nothing behind ---
mkdir empty
plenary package empty --out empty-pub --quiet 2> err.txt; status=$?
check "a folder without a manifest fails" "$status" 1
contains "the error names the folder" "$(cat err.txt)" "empty"
check "a failed job writes no output" "$(ls -A empty-pub 2>/dev/null | wc -l)" 0

# --- Thumbnails ---
plenary thumbnail pub/rec.mp4 --at 7 --out thumb.jpg --width 240 > /dev/null 2> err.txt
check "thumbnail: a JPEG" "$(ffprobe -v error -show_entries stream=codec_name,width,height -of csv=p=0 thumb.jpg)" "mjpeg,240,180"
plenary thumbnail nothing.mp4 --at 1 --out nothing.jpg 2> err.txt; status=$?
check "thumbnail of a missing file fails" "$status" 1
contains "thumbnail: the error names the file" "$(cat err.txt)" "nothing.mp4"

# --- Probe ---
start=$(date +%s.%N)
plenary probe rtsp://127.0.0.1:1/x --timeout 3 > /dev/null 2> err.txt; status=$?
elapsed=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
check "probe of an unreachable RTSP source fails" "$status" 1
contains "probe: the error names the URI and the reason" "$(cat err.txt)" "Cannot reach rtsp://127.0.0.1:1/x: connection refused"
ok "probe: gives up within its timeout (${elapsed} s)" awk -v e="$elapsed" 'BEGIN { exit !(e <= 4) }'

out=$(plenary probe pub/rec.mp4)
contains "probe of a file: the video" "$out" "Video: h264 640×480"
contains "probe of a file: the sound" "$out" "Audio: aac 48000 Hz 2 ch"
contains "probe of a file: a bitrate" "$out" "kbit/s"

if [ -n "${PLN_TEST_RTSP_SERVER:-}" ] && [ -x "${PLN_TEST_RTSP_SERVER}" ]; then
  port=$(( 20000 + RANDOM % 20000 ))
  "$PLN_TEST_RTSP_SERVER" $port > server.txt 2>&1 &
  server=$!
  for _ in $(seq 50); do grep -q READY server.txt && break; sleep 0.1; done
  out=$(plenary probe rtsp://127.0.0.1:$port/test --timeout 8 2>&1)
  kill $server; wait $server 2>/dev/null
  contains "probe of a live RTSP source: H.264 320×240 at 25 fps" "$out" "Video: h264 320×240 25.00 fps"
  contains "probe of a live RTSP source: AAC" "$out" "Audio: aac"
  contains "probe of a live RTSP source: time to the first frame" "$out" "First frame after:"
else
  skip "probe of a live RTSP source" "the test RTSP server was not built"
fi

done_testing
