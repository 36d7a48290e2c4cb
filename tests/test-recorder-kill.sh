# `plenary record` killed with SIGKILL at random moments: every closed
# segment decodes without error, the open one decodes up to its last
# complete fragment, and at most 1.5 s of media is lost.
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/test-recorder-lib.sh"
pid=
trap '[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null; rm -rf "$TMP"' EXIT

# media_ms FILE: the media ffmpeg can read from FILE, in ms (video packets)
media_ms() {
  ffprobe -v error -select_streams v:0 -show_entries packet=pts_time,duration_time -of csv=p=0 "$1" 2>/dev/null |
    awk -F, 'BEGIN {m = 0; s = -1} $1 != "" {e = $1 + $2; if (e > m) m = e; if (s < 0 || $1 < s) s = $1} END {if (s < 0) s = 0; printf "%d\n", (m - s) * 1000}'
}

# complete FILE OUT: copies FILE up to the end of its last complete
# top-level box (what a reader gets of the last complete fragment); exit 1
# when there is no moov yet (the segment was opened, nothing written).
complete() {
  local file=$1 out=$2 total offset=0 end=0 size kind moov=1 b0 b1 b2 b3
  total=$(stat -c %s "$file")
  while [ $((offset + 8)) -le "$total" ]; do
    read -r b0 b1 b2 b3 <<< "$(od -An -tu1 -j "$offset" -N 4 "$file")"
    size=$(( (b0 << 24) | (b1 << 16) | (b2 << 8) | b3 ))
    kind=$(dd if="$file" bs=1 skip=$((offset + 4)) count=4 2> /dev/null)
    { [ "$size" -lt 8 ] || [ $((offset + size)) -gt "$total" ]; } && break
    offset=$((offset + size))
    [ "$kind" = moov ] && moov=0
    [ "$kind" != moof ] && end=$offset   # a moof counts only with its mdat
  done
  head -c "$end" "$file" > "$out"
  return "$moov"
}

for run in 1 2 3; do
  dir=rec$run
  "$PLENARY_EXE" record "test://kill?size=320x240&fps=25&title=Run%20$run" --out "$dir" \
    --segment-seconds 2 --min-free-mb 1 --bitrate 400 --preset light -q > "$dir.out" 2>&1 &
  pid=$!
  for _ in $(seq 100); do grep -q "State: recording" "$dir.out" 2>/dev/null && break; sleep 0.1; done
  # a random moment between 2.5 and 5.5 s into the recording
  sleep "$(awk -v r="$RANDOM" 'BEGIN {printf "%.2f", 2.5 + (r % 300) / 100}')"
  killed_at=$(date +%s%3N)
  kill -KILL "$pid"
  wait "$pid" 2>/dev/null

  started=$(manifest_ms "$dir/manifest.ini" started)
  wall=$((killed_at - started))
  total=0
  closed_ok=yes
  last=$(ls "$dir"/segment-*.mp4 | tail -n 1)
  for f in "$dir"/segment-*.mp4; do
    ms=$(media_ms "$f")
    total=$((total + ms))
    if [ "$f" != "$last" ]; then
      err=$(ffmpeg -v error -i "$f" -f null - 2>&1)
      if [ -n "$err" ]; then closed_ok=no; echo "# $f: $err"; fi
    fi
  done
  n=$(ls "$dir"/segment-*.mp4 | wc -l)
  check "run $run: every closed segment decodes without error ($((n - 1)) closed)" "$closed_ok" yes
  if complete "$last" open.mp4 && [ -n "$(ffprobe -v error -select_streams v:0 -show_entries packet=pts -of csv=p=0 open.mp4 2>/dev/null | head -n 1)" ]; then
    err=$(ffmpeg -v error -i open.mp4 -f null - 2>&1)
    check "run $run: the open segment decodes up to its last complete fragment ($(media_ms open.mp4) ms)" "$err" ""
  else
    skip "run $run: the open segment decodes up to its last complete fragment" "it was opened but holds no complete video fragment yet"
  fi
  lost=$((wall - total))
  echo "# run $run: killed after $wall ms, $total ms of media readable in $n segment(s), $lost ms lost"
  ok "run $run: at most 1.5 s of media lost ($lost ms)" test "$lost" -le 1500
done

# Ctrl+C (SIGINT) stops cleanly: the segment is closed, the manifest final.
"$PLENARY_EXE" record "test://int?size=320x240&fps=25" --out recint --min-free-mb 1 --bitrate 400 -q > recint.out 2>&1 &
pid=$!
for _ in $(seq 100); do grep -q "State: recording" recint.out 2>/dev/null && break; sleep 0.1; done
sleep 3
kill -INT "$pid"
wait "$pid"; status=$?
pid=
check "SIGINT: plenary record exits 0" "$status" 0
ok "SIGINT: the manifest says stopped, with its end" sh -c 'grep -q "^state=stopped" recint/manifest.ini && grep -q "^ended=" recint/manifest.ini'
ok "SIGINT: the segment is closed" grep -q "^closed=true" recint/manifest.ini
check "SIGINT: the segment decodes without error" "$(ffmpeg -v error -i recint/segment-00000.mp4 -f null - 2>&1)" ""
contains "SIGINT: it says what it recorded" "$(cat recint.out)" "Recorded 1 segment(s)"

done_testing
