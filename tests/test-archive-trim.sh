# Importing a video file into the library and cutting its lead-in and tail:
# plenary library import and plenary library trim, the packaged MP4, M4A,
# 360p and HLS checked with ffprobe / ffmpeg, the chapters with ffprobe
# and the store with sqlite3.
. "$(dirname "$0")/tap.sh"

export PLENARY_DB="$TMP/plenary.db"
db() { sqlite3 "$PLENARY_DB" "$@"; }
near() { awk -v a="$1" -v e="$2" -v t="$3" 'BEGIN { d = a - e; if (d < 0) d = -d; exit !(d <= t) }'; }
duration_of() { ffprobe -v error -show_entries format=duration -of csv=p=0 "$1"; }
frames_of() { ffprobe -v error -select_streams v -count_frames -show_entries stream=nb_read_frames -of csv=p=0 "$1"; }
extinf_sum() { awk -F'[:,]' '/^#EXTINF:/ { s += $2 } END { printf "%.3f\n", s }' "$1"; }
decodes() { [ -z "$(ffmpeg -v error -i "$1" -f null - 2>&1)" ]; }
# index_in_front MP4: ffprobe walks the top-level boxes in file order; the
# index (moov) comes before the media (mdat), as for playback over HTTP.
index_in_front() {
  [ "$(ffprobe -v trace -i "$1" 2>&1 | sed -n "s/.* type:'\(moov\|mdat\)' parent:'root' .*/\1/p" | head -n 1)" = moov ]
}
chapters_of() { ffprobe -v error -show_chapters -of csv=p=0 "$1" | awk -F, '{ printf "%.1f %s|", $4, $NF }'; }

# A 12 s talk as a camera or a phone leaves it: a plain MP4 (not
# fragmented), H.264 with a key frame every second, AAC.
ffmpeg -v error -f lavfi -i testsrc=size=320x240:rate=25 -f lavfi -i sine=frequency=440:sample_rate=48000 \
  -t 12 -c:v libx264 -preset ultrafast -g 25 -pix_fmt yuv420p -c:a aac -b:a 64k talk.mp4

plenary library list > /dev/null
db "INSERT INTO settings (key, value) VALUES ('library-path', '$TMP/library');
    INSERT INTO settings (key, value) VALUES ('archive-low-rendition', 'true');
    INSERT INTO settings (key, value) VALUES ('archive-thumbnail-seconds', '4');"

# --- import ---
out=$(plenary library import talk.mp4 --title "Tập huấn cắt đầu đuôi" --wait 2>&1); status=$?
check "import --wait exits 0" "$status" 0
contains "…says what it made" "$out" "Imported talk.mp4 as recording 1"
check "the recording is packaged" "$(db "SELECT state FROM recordings WHERE id = 1;")" ready
folder=$(db "SELECT folder FROM recordings WHERE id = 1;")
rec="$TMP/library/$folder"
name=$(basename "$folder")
ok "it sits in the library's imports/ folder with a manifest" test -f "$rec/manifest.ini" -a "${folder#imports/}" != "$folder"
ok "its segment is a fragmented MP4 as the recorder writes it (moof)" \
  env LC_ALL=C grep -qaF moof "$rec/segment-00000.mp4"
ok "the packaged MP4 is the whole 12 s ($(duration_of "$rec/outputs/$name.mp4"))" near "$(duration_of "$rec/outputs/$name.mp4")" 12 0.3
ok "the outputs folder is readable by a web server" test "$(stat -c %a "$rec/outputs")" = 755

# Chapters as the Library page sets them: offsets of the untrimmed recording.
db "INSERT INTO chapters (recording_id, offset_ms, title) VALUES
      (1, 1000, 'Khai mạc'), (1, 5000, 'Báo cáo'), (1, 9000, 'Thảo luận'), (1, 11000, 'Bế mạc');"

# --- trimming ---
plenary library trim 1 --start 9 --end 4 2> err.txt; status=$?
check "a cut that leaves nothing is refused" "$status" 1
contains "…and says so" "$(cat err.txt)" "Cut less"
plenary library trim 1 2> err.txt; status=$?
check "trim without --start or --end is refused" "$status" 1

out=$(plenary library trim 1 --start 3 --end 2 --wait 2>&1); status=$?
check "trim 3 s off the start and 2 s off the end, packaged again" "$status" 0
contains "…says what is left" "$out" "now plays from 0:03 to 0:10 (0:07)"
check "the store keeps the cut" "$(db "SELECT trim_start_ms || '/' || trim_end_ms FROM recordings WHERE id = 1;")" "3000/2000"
check "two packaging jobs, both done" "$(db "SELECT group_concat (state) FROM archive_jobs WHERE recording_id = 1;")" "done,done"

mp4="$rec/outputs/$name.mp4"
for file in "$mp4" "$rec/outputs/$name.m4a" "$rec/outputs/$name-360p.mp4"; do
  d=$(duration_of "$file")
  ok "$(basename "$file") plays 7 ± 0.5 s ($d)" near "$d" 7 0.5
  ok "$(basename "$file") decodes without an error" decodes "$file"
done
ok "the MP4 shows 175 pictures, none from before the cut ($(frames_of "$mp4"))" near "$(frames_of "$mp4")" 175 2
ok "the MP4 still has its index in front" index_in_front "$mp4"
check "the chapters moved with the start: the one under way at the cut starts it, the one after the end is gone" \
  "$(chapters_of "$mp4")" "0.0 Khai mạc|2.0 Báo cáo|6.0 Thảo luận|"
contains "chapters.json says 7 s" "$(cat "$rec/outputs/chapters.json")" '"duration": 7.000'
contains "…with Báo cáo at 2 s" "$(cat "$rec/outputs/chapters.json")" '{"start": 2.000, "end": 6.000, "title": "Báo cáo"}'
m3u8="$rec/outputs/$name.m3u8"
ok "the HLS playlist covers the cut by whole fragments ($(extinf_sum "$m3u8") s)" near "$(extinf_sum "$m3u8")" 7 0.5
ok "…and ffprobe reads it through" near "$(duration_of "$m3u8")" 7 0.5
ms=$(db "SELECT duration_ms FROM recordings WHERE id = 1;")
ok "the store's length is what players show ($ms ms)" near "$ms" 7000 300
contains "library list shows 0:07" "$(plenary library list)" "0:07"
ok "the raw segment stays" test -s "$rec/segment-00000.mp4"
ok "no hidden partial folders are left" test -z "$(find "$TMP/library" -name '.outputs-*')"

# A cut between key frames: an edit list starts it exactly there.
plenary library trim 1 --start 3.5 --end 0 --wait > /dev/null 2>&1
ok "a cut at 3.5 s plays 8.5 s ($(duration_of "$mp4"))" near "$(duration_of "$mp4")" 8.5 0.05
ok "…212 pictures, exactly from the cut ($(frames_of "$mp4"))" near "$(frames_of "$mp4")" 212 1
contains "…the playlist starts at the key frame before and asks players to start 0.5 s in" \
  "$(cat "$m3u8")" "#EXT-X-START:TIME-OFFSET=0.500,PRECISE=YES"

# Packaging again fails (a cut the command line would refuse, set straight
# in the store): the last good files and the raw segment stay.
db "UPDATE recordings SET trim_start_ms = 20000 WHERE id = 1;"
before=$(ls -l "$rec/outputs" | md5sum)
plenary library repackage 1 --wait 2> err.txt; status=$?
check "a repackaging that cannot work fails" "$status" 1
contains "…saying why" "$(cat err.txt)" "leaves nothing"
check "…the packaged files as they were" "$(ls -l "$rec/outputs" | md5sum)" "$before"
check "…still registered" "$(db "SELECT count(*) FROM outputs WHERE recording_id = 1 AND kind = 'mp4';")" 1
ok "…and the raw segment is untouched" test -s "$rec/segment-00000.mp4"

# --- other imports ---
ffmpeg -v error -f lavfi -i testsrc=size=320x240:rate=25 -f lavfi -i sine=frequency=330:sample_rate=44100 \
  -t 2 -c:v mpeg4 -c:a mp2 old.avi
out=$(plenary library import old.avi --wait 2>&1); status=$?
check "a file in other codecs (MPEG-4 part 2, MP2) is imported" "$status" 0
mp4_2="$TMP/library/$(db "SELECT path FROM outputs WHERE recording_id = 2 AND kind = 'mp4';")"
check "…encoded to H.264 and AAC" \
  "$(ffprobe -v error -show_entries stream=codec_name -of csv=p=0 "$mp4_2" | tr '\n' ' ')" "h264 aac "
check "…titled after the file" "$(db "SELECT title FROM recordings WHERE id = 2;")" "old.avi"
n=$(ls "$TMP/library/imports" | wc -l)
echo "not a video" > notes.txt
plenary library import notes.txt 2> err.txt; status=$?
check "a file that is not a video is refused" "$status" 1
contains "…naming it" "$(cat err.txt)" "notes.txt"
check "…and leaves nothing in the library" "$(ls "$TMP/library/imports" | wc -l)" "$n"
check "…nor in the store" "$(db "SELECT count(*) FROM recordings;")" 2

done_testing
