#!/usr/bin/env bash
# bench/ui.sh: the desktop window's figures under a real (virtual) display.
#  1. Start-up to the first painted frame on the demo database, RUNS times
#     (each a new process; the time counts from just before it starts).
#  2. Frame times while scrolling the Library with 10 000 recordings (the
#     demo database plus generated rows, one poster file per ten recordings
#     so the cards really read JPEGs), beside the same scroll over a bare
#     GtkGridView of 10 000 labels in the same run: the interval between
#     GdkFrameClock frames and the time each frame spends in layout and
#     paint, as median and 99th percentile.
# Usage: bench/ui.sh [BUILD_DIR] [RUNS] [SCROLL_SECONDS]
#   (ninja -C BUILD_DIR bench/ui app/plenary first; needs sqlite3, and
#   xvfb-run when there is no display)
set -euo pipefail
build=${1:-build}
runs=${2:-10}
seconds=${3:-10}
plenary="$build/app/plenary"
bench="$build/bench/ui"
[ -x "$plenary" ] && [ -x "$bench" ] || { echo "Build first: ninja -C $build bench/ui app/plenary" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "bench/ui needs sqlite3 (apt-get install sqlite3)" >&2; exit 1; }
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  exec xvfb-run -a -s "-screen 0 1920x1080x24" "$0" "$@"
fi

export GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$build/data" LANGUAGE=en GTK_A11Y=none NO_AT_BRIDGE=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# median and p99 of the numbers on stdin
stats() {
  sort -g | awk '{ v[NR] = $1 } END {
    m = v[int((NR + 1) / 2)]; p = v[int(0.99 * (NR - 1) + 1.5)];
    printf "median %.1f ms, p99 %.1f ms (%d runs)\n", m, p, NR }'
}

echo "Making the demo database (plenary demo)…"
"$plenary" --db "$work/demo.db" demo > /dev/null

echo "Start-up to the first frame, demo database:"
for _ in $(seq "$runs"); do
  PLN_BENCH_T0=$(date +%s%N) "$bench" startup "$work/demo.db" 2> /dev/null | awk '/^first-frame/ { print $2 }'
done | stats

# 10 000 recordings: the demo's plus generated ones, ready, with chapters'
# worth of text in the titles, a poster file per ten recordings.
poster=$(sqlite3 "$work/demo.db" "SELECT path FROM outputs WHERE kind = 'poster' ORDER BY id LIMIT 1;")
[ -n "$poster" ] || { echo "The demo database has no poster: was plenary demo able to record?" >&2; exit 1; }
mkdir -p "$work/library/bench"
existing=$(sqlite3 "$work/demo.db" "SELECT count(*) FROM recordings;")
missing=$((10000 - existing))
for i in $(seq 0 $(( (missing + 9) / 10 - 1 ))); do
  cp "$work/library/$poster" "$work/library/bench/poster-$i.jpg"
done
cp "$work/demo.db" "$work/big.db"
ev_min=$(sqlite3 "$work/big.db" "SELECT min(id) FROM events;")
ev_count=$(sqlite3 "$work/big.db" "SELECT max(id) - min(id) + 1 FROM events;")
sqlite3 "$work/big.db" <<SQL
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $missing)
INSERT INTO recordings (public_id, event_id, title, description, folder, state, visibility,
                        started_at, ended_at, duration_ms, created_at)
SELECT printf('%032x', i), (SELECT e.id FROM events e WHERE e.id >= $ev_min + (n.i % $ev_count) ORDER BY e.id LIMIT 1),
       printf('Bài giảng %d: Truyền thông y tế cơ sở và kỹ năng số cho trạm y tế xã', i),
       'Bản ghi tạo cho phép đo giao diện.', printf('bench/rec-%05d', i), 'ready',
       CASE i % 3 WHEN 0 THEN 'public' WHEN 1 THEN 'staff' ELSE 'draft' END,
       1577836800 + i * 3600, 1577836800 + i * 3600 + 1800, 1800000 + (i % 600) * 1000, 1577836800
FROM n;
INSERT INTO outputs (recording_id, kind, path, bytes)
SELECT id, 'poster', printf('bench/poster-%d.jpg', (id % $(( (missing + 9) / 10 )))), 20000
FROM recordings WHERE folder LIKE 'bench/%';
COMMIT;
SQL
echo "Scrolling the Library, $(sqlite3 "$work/big.db" 'SELECT count(*) FROM recordings;') recordings, ${seconds} s at 2 000 px/s:"
"$bench" scroll "$work/big.db" "$seconds" 2> /dev/null | sed 's/^/  /'
echo "Beside it, a bare GtkGridView of 10 000 labels, scrolled the same way:"
"$bench" scroll-plain 10000 "$seconds" 2> /dev/null | sed 's/^/  /'
