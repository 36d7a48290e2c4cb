# A nearly full disk: a 3 MB tmpfs in a private mount namespace. The
# recorder stops with the disk-full error, and what it wrote plays.
. "$(dirname "$0")/tap.sh"

if [ "$(id -u)" = 0 ]; then unshare_args=-m; else unshare_args=-rm; fi
if ! unshare $unshare_args sh -c "mount -t tmpfs -o size=3m tmpfs '$TMP' 2>/dev/null" 2>/dev/null; then
  skip "the recorder stops on a full disk" "cannot mount a tmpfs in a private mount namespace here (unshare $unshare_args)"
  done_testing
  exit 0
fi

# record MODE MIN_FREE_MB: records onto a fresh 3 MB tmpfs, then copies
# what was written to $TMP/MODE (outside the namespace) with the status.
record() {
  mkdir -p "$TMP/$1" "$TMP/disk-$1"
  unshare $unshare_args bash -c '
    set -u
    mount -t tmpfs -o size=3m tmpfs "$1" || exit 99
    "$PLENARY_EXE" record "test://disk?size=320x240&fps=25" --out "$1/rec" \
      --segment-seconds 3 --min-free-mb "$3" --bitrate 3000 --preset light --duration 40 -q \
      > "$2/stderr" 2>&1
    echo $? > "$2/status"
    cp -r "$1/rec" "$2/"
  ' record "$TMP/disk-$1" "$TMP/$1" "$2"
}

for mode in guard enospc; do
  if [ $mode = guard ]; then record guard 1; else record enospc 0; fi
  out=$TMP/$mode
  check "$mode: plenary record exits 1" "$(cat "$out/status")" 1
  contains "$mode: it says the disk is full and what to do" "$(cat "$out/stderr")" \
    "is full: recording stopped at 00:00:"
  contains "$mode: … and to free space or choose another folder" "$(cat "$out/stderr")" \
    "Free space or choose another folder."
  ok "$mode: the manifest says failed" grep -q '^state=failed' "$out/rec/manifest.ini"
  n=$(ls "$out"/rec/segment-*.mp4 | wc -l)
  ok "$mode: segments were written ($n)" test "$n" -ge 1
  last=$(ls "$out"/rec/segment-*.mp4 | tail -n 1)
  for f in "$out"/rec/segment-*.mp4; do
    [ -s "$f" ] || continue
    if [ $mode = guard ] || [ "$f" != "$last" ]; then
      check "$mode: $(basename "$f") decodes without error" "$(ffmpeg -v error -i "$f" -f null - 2>&1)" ""
    elif [ -n "$(ffprobe -v error -select_streams v:0 -show_entries packet=pts -of csv=p=0 "$f" 2>/dev/null | head -n 1)" ]; then
      check "$mode: $(basename "$f"), cut short by the full disk, decodes without error" "$(ffmpeg -v error -i "$f" -f null - 2>&1)" ""
    else
      skip "$mode: $(basename "$f"), cut short by the full disk, decodes without error" "the disk filled before its first video fragment"
    fi
  done
done

done_testing
