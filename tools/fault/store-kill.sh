#!/usr/bin/env bash
# tools/fault/store-kill.sh [--runs N]   (default 1000)
# kill -9 during a write workload on one store file, N times: after each
# kill, PRAGMA integrity_check must say ok and every commit the writer
# acknowledged (printed after the commit returned) must be in the file.
# The same file is reopened by every run, so each run also recovers the
# previous run's WAL. Prints the figures at the end; exits 1 on a failure.
. "$(dirname "$0")/lib.sh"
runs=1000
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    *) echo "usage: $0 [--runs N]" >&2; exit 2 ;;
  esac
done

writer=$(fault_cc pln-store-writer)
db=$fault_work/store.db
bad_integrity=0 lost=0 acked_total=0 killed_before_ack=0
start=$(date +%s)
# Ctrl+C (or kill -TERM) ends the runs early; the figures are still printed.
stop=0
trap 'stop=1' INT TERM
done_runs=0
for run in $(seq "$runs"); do
  [ "$stop" = 1 ] && break
  done_runs=$run
  "$writer" "$db" "$run" > "$fault_work/acks" 2> "$fault_work/err" &
  pid=$!
  # a random moment 20-400 ms in: during the open, the first writes or later
  sleep "$(awk -v r="$RANDOM" 'BEGIN {printf "%.3f", 0.02 + (r % 380) / 1000}')"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [ -s "$fault_work/err" ]; then
    echo "run $run: the writer failed before it was killed: $(cat "$fault_work/err")"
    lost=$((lost + 1)); continue
  fi
  integrity=$(sqlite3 "$db" "PRAGMA integrity_check;" 2>&1)
  if [ "$integrity" != ok ]; then
    bad_integrity=$((bad_integrity + 1)); echo "run $run: integrity_check: $integrity"
  fi
  last_site=$(awk '$1 == "site" {n = $2} END {print n + 0}' "$fault_work/acks")
  last_setting=$(awk '$1 == "setting" {n = $2} END {print n + 0}' "$fault_work/acks")
  [ "$last_site" -eq 0 ] && killed_before_ack=$((killed_before_ack + 1))
  acked_total=$((acked_total + last_site + last_setting))
  # (a kill during the very first open may leave a file without the schema yet)
  have_sites=$(sqlite3 "$db" "SELECT count(*) FROM sites WHERE code LIKE 'W-$run-%';" 2>/dev/null || echo 0)
  have_setting=$(sqlite3 "$db" "SELECT coalesce((SELECT value FROM settings WHERE key = 'fault-counter'), 0);" 2>/dev/null || echo 0)
  if [ "$have_sites" -lt "$last_site" ]; then
    lost=$((lost + 1)); echo "run $run: $last_site sites acknowledged, $have_sites in the file"
  fi
  if [ "$last_setting" -gt 0 ] && [ "$have_setting" -lt "$last_setting" ]; then
    lost=$((lost + 1)); echo "run $run: setting $last_setting acknowledged, $have_setting in the file"
  fi
  [ $((run % 100)) -eq 0 ] && echo "… $run runs, $acked_total acknowledged commits so far" >&2
done
elapsed=$(( $(date +%s) - start ))

echo "store kill -9: $done_runs runs in $elapsed s ($(versions))"
echo "  integrity_check not ok:            $bad_integrity"
echo "  runs with an acknowledged commit missing (or a writer error): $lost"
echo "  acknowledged commits checked:      $acked_total"
echo "  runs killed before the first ack:  $killed_before_ack"
echo "  final file: $(sqlite3 "$db" 'SELECT count(*) FROM sites;' 2>/dev/null) sites, $(stat -c %s "$db") bytes"
[ "$bad_integrity" -eq 0 ] && [ "$lost" -eq 0 ]
