#!/usr/bin/env bash
# tools/fault/disk-full.sh [--size-mb 300] [--free-mb 40] [--bitrate 4000]
# A tmpfs of --size-mb (in a private mount namespace: needs root or user
# namespaces) holds the store and a recording; a filler file leaves only
# --free-mb free so that it fills in about a minute. `plenary record`
# records onto it (no guard: --min-free-mb 0, the real ENOSPC) while
# `plenary serve` runs the portal on the same store and check-ins are
# posted to it every half second. Figures:
#   - the recorder stops within 2 s of the disk being full (the free space
#     read every 20 ms with statvfs, by one process, tools/fault/pln-statvfs.c: df spawned
#     every 100 ms lagged by seconds on a loaded machine), with the
#     disk-full message; the time from the recorder's first refused write
#     (its error line) to its end is printed too;
#   - the SHA-256 of every segment closed before the fill is unchanged;
#   - PRAGMA integrity_check of the store on the full disk says ok;
#   - the portal keeps serving: answers during the fill and a normal
#     request within 1 s after it.
if [ -z "${PLN_IN_NAMESPACE:-}" ]; then
  if [ "$(id -u)" = 0 ]; then ns=(-m); else ns=(-rm); fi
  exec unshare "${ns[@]}" env PLN_IN_NAMESPACE=1 bash "$0" "$@"
fi
. "$(dirname "$0")/lib.sh"
size_mb=300 free_mb=40 bitrate=4000
while [ $# -gt 0 ]; do
  case "$1" in
    --size-mb) size_mb=$2; shift 2 ;;
    --free-mb) free_mb=$2; shift 2 ;;
    --bitrate) bitrate=$2; shift 2 ;;
    *) echo "usage: $0 [--size-mb N] [--free-mb N] [--bitrate KBPS]" >&2; exit 2 ;;
  esac
done
statvfs=$(fault_cc pln-statvfs)
disk=$fault_work/disk
mkdir -p "$disk"
mount --make-rprivate / 2>/dev/null || true
mount -t tmpfs -o size="${size_mb}m" tmpfs "$disk"
trap 'umount -l "$disk" 2>/dev/null || true; fault_cleanup' EXIT
cd "$fault_work"

export PLENARY_DB=$disk/plenary.db
cat > sites.csv <<'CSV'
code,name,level,parent_code,district_code,address
QN-SYT,Sở Y tế Quảng Ninh,province,,,
QN-TTYT-BC,Trung tâm Y tế huyện Ba Chẽ,district,QN-SYT,,
QN-TYT-BC-02,Trạm Y tế xã Thanh Sơn,commune,QN-TTYT-BC,,
CSV
"$PLENARY_EXE" sites import sites.csv > /dev/null
"$PLENARY_EXE" events add --kind conference --title "Hội nghị" --start "$(date -u -d '-10 min' +%Y-%m-%dT%H:%M:%SZ)" \
  --end "$(date -u -d '+3 hour' +%Y-%m-%dT%H:%M:%SZ)" --host QN-SYT > /dev/null
"$PLENARY_EXE" points add 1 "under=QN-TTYT-BC" --expected 20 > /dev/null
token=$(sqlite3 "$PLENARY_DB" "SELECT token FROM bridge_points LIMIT 1;")
port=$(free_port)
"$PLENARY_EXE" serve --bind 127.0.0.1 --port "$port" > serve.log 2>&1 &
serve_pid=$!; fault_pids+=("$serve_pid")
for _ in $(seq 100); do grep -q 'http://' serve.log && break; sleep 0.1; done
base=http://127.0.0.1:$port

avail_kb() { df -k --output=avail "$disk" | tail -n 1 | tr -d ' '; }
fill_kb=$(( $(avail_kb) - free_mb * 1024 ))
[ "$fill_kb" -gt 0 ] && dd if=/dev/zero of="$disk/filler" bs=1024 count="$fill_kb" status=none
echo "tmpfs of $size_mb MB, $(( $(avail_kb) / 1024 )) MB free before the recording"

# Watchers: the moment df says full, the recorder's lines with times, the
# segments' hashes as they close, the portal's answers.
# epoch ms, without spawning date (which lags on a loaded machine)
now_ms() { local t=${EPOCHREALTIME/./}; echo "${t:0:13}"; }
"$statvfs" "$disk" 20 >> avail.log &
fault_pids+=("$!")
# the same read the way sessions 2 and 3 did (df every 100 ms), to show
# what that way of measuring adds on a loaded machine
( while :; do echo "$(date +%s%3N) $(avail_kb)" >> avail-df.log; sleep 0.1; done ) &
fault_pids+=("$!")
( while :; do
    for m in "$disk"/rec/manifest.ini; do
      [ -f "$m" ] || continue
      awk -F= '/^\[segment-/ {f = ""} $1 == "file" {f = $2} $1 == "closed" && $2 == "true" && f != "" {print f}' "$m" |
        while read -r f; do
          grep -q "^$f " hashes 2>/dev/null || [ ! -f "$disk/rec/$f" ] || echo "$f $(sha256sum "$disk/rec/$f" | cut -d' ' -f1)" >> hashes
        done
    done
    sleep 0.5
  done ) &
fault_pids+=("$!")
( n=0; while :; do
    n=$((n + 1))
    s1=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$base/api/events")
    s2=-
    # a write every 3 s: the portal takes 20 check-ins a minute per point
    [ $((n % 6)) -eq 0 ] && s2=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 -H 'Content-Type: application/json' -d "{\"count\": $n}" "$base/api/checkin/$token")
    echo "$(date +%s%3N) $s1 $s2" >> portal.log
    sleep 0.5
  done ) &
fault_pids+=("$!")

# Each line of the recorder's output with the time it was read, and the
# time the recorder exited, taken by the shell that waited for it (a date
# spawned per line lagged by up to a second on a loaded machine).
{ G_MESSAGES_DEBUG=plenary-recorder "$PLENARY_EXE" record "test://disk?size=640x480&fps=25" --out "$disk/rec" \
    --segment-seconds 4 --min-free-mb 0 --bitrate "$bitrate" --preset light --duration 600 2>&1 \
    || true  # it exits 1 on a full disk, as it should
  now_ms > exit_at
} | while IFS= read -r line; do t=${EPOCHREALTIME/./}; echo "${t:0:13} $line"; done > record.log
stopped_at=$(cat exit_at)
sleep 1
for p in "${fault_pids[@]}"; do [ "$p" = "$serve_pid" ] || kill "$p" 2>/dev/null || true; done

status=0
# The disk was full when df showed its least free space (under 1 MB) first.
full_at=$(awk 'NR == 1 || $2 < min {min = $2; at = $1} END {if (min <= 1024) print at; else print 0}' avail.log)
least_kb=$(awk 'NR == 1 || $2 < min {min = $2} END {print min + 0}' avail.log)
message=$(grep -m1 'is full' record.log || true)
message_at=${message%% *}
# the recorder's first refused write: its "No space left" error line
# (it runs with G_MESSAGES_DEBUG=plenary-recorder)
refused=$(grep -m1 -i 'no space left' record.log || true)
refused_at=${refused%% *}
echo "disk full ($(versions); tmpfs $size_mb MB, $free_mb MB left free by a filler, test:// 640x480 at $bitrate kbit/s)"
if [ "$full_at" -gt 0 ]; then
  echo "  df: least free space $least_kb kB, first seen at +0 ms; the disk-full message at $(( ${message_at:-$stopped_at} - full_at )) ms; the recorder ended at $(( stopped_at - full_at )) ms"
  df_full_at=$(awk 'NR == 1 || $2 < min {min = $2; at = $1} END {if (min <= 1024) print at; else print 0}' avail-df.log)
  [ "$df_full_at" -gt 0 ] && echo "  (measured as sessions 2 and 3 did, df spawned every 100 ms: the recorder ended at $(( stopped_at - df_full_at )) ms)"
  [ -n "$refused_at" ] && echo "  the recorder's first refused write at $(( refused_at - full_at )) ms; from it to the recorder's end: $(( stopped_at - refused_at )) ms"
  [ $(( stopped_at - full_at )) -le 2000 ] || { echo "  FAIL: the recorder took more than 2 s to stop"; status=1; }
else
  echo "  FAIL: df never showed less than 1 MB free (least: $least_kb kB)"; status=1
fi
if [ -n "$message" ]; then echo "  message: ${message#* }"; else echo "  FAIL: no disk-full message"; status=1; fi
changed=0 checked=0
while read -r f h; do
  checked=$((checked + 1))
  [ "$(sha256sum "$disk/rec/$f" | cut -d' ' -f1)" = "$h" ] || { changed=$((changed + 1)); echo "  FAIL: $f changed after it was closed"; }
done < <(cat hashes 2>/dev/null)
echo "  segments closed before the fill, SHA-256 checked: $checked, changed: $changed"
[ "$changed" -eq 0 ] && [ "$checked" -gt 0 ] || status=1
bad_segments=0
last=$(ls "$disk"/rec/segment-*.mp4 | tail -n 1)
for f in "$disk"/rec/segment-*.mp4; do
  [ -s "$f" ] && [ "$f" != "$last" ] || continue
  [ -z "$(ffmpeg -v error -i "$f" -f null - 2>&1 | head -n 1)" ] || bad_segments=$((bad_segments + 1))
done
last_err=$(ffmpeg -v error -i "$last" -f null - 2>&1 | head -n 1 || true)
echo "  segments: $(ls "$disk"/rec/segment-*.mp4 | wc -l); closed ones not decoding cleanly: $bad_segments;" \
  "the one the full disk cut short: ${last_err:-decodes cleanly}"
[ "$bad_segments" -eq 0 ] || status=1
integrity=$(sqlite3 "$PLENARY_DB" 'PRAGMA integrity_check;' 2>&1)
echo "  store on the full disk: integrity_check $integrity"
[ "$integrity" = ok ] || status=1
# "while full": from the first df sample under 5 MB free to the recorder's end
filling_at=$(awk '$2 < 5120 {print $1; exit}' avail.log)
during=$(awk -v f="${filling_at:-0}" '$1 >= f' portal.log | wc -l)
during_ok=$(awk -v f="${filling_at:-0}" '$1 >= f && $2 == 200' portal.log | wc -l)
writes=$(awk -v f="${filling_at:-0}" '$1 >= f && $3 != "-" {print $3}' portal.log | sort | uniq -c | awk '{printf "%s×%s ", $2, $1}')
echo "  portal from under 5 MB free to the end: $during_ok of $during reads answered 200; check-in writes answered: ${writes:-none}"
t0=$(date +%s%3N); s=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$base/"); t1=$(date +%s%3N)
echo "  portal after the fill: GET / → $s in $((t1 - t0)) ms"
[ "$s" = 200 ] && [ $((t1 - t0)) -le 1000 ] || status=1
kill -0 "$serve_pid" 2>/dev/null || { echo "  FAIL: the portal died"; status=1; }
kill -TERM "$serve_pid"; wait "$serve_pid" 2>/dev/null || true
umount "$disk" 2>/dev/null || true
exit "$status"
