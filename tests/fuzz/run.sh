#!/usr/bin/env bash
# tests/fuzz/run.sh TARGET SECONDS [RUNS]
# Builds the libFuzzer harness TARGET (range, csv, catalog, form, json, ics)
# with clang, AddressSanitizer and UBSan, and runs it on a copy of its seed corpus for
# SECONDS (or for RUNS executions when given). Prints libFuzzer's last
# lines; exits non-zero on a finding, whose reproducer is left in the
# fuzz build folder (TARGET-crash-…) to become a regression test.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
target=${1:?usage: tests/fuzz/run.sh range|csv|catalog|form|json|ics SECONDS [RUNS]}
seconds=${2:-60}
runs=${3:-}
out=${FUZZ_BUILD_DIR:-$root/build-fuzz}
mkdir -p "$out"

case "$target" in
  range)   sources=("$root/app/portal/pln-http-range.c"); pkgs=(glib-2.0) ;;
  csv)     sources=("$root/app/core/pln-csv-reader.c"); pkgs=(glib-2.0) ;;
  catalog) sources=("$root/app/portal/pln-catalog.c"); pkgs=(glib-2.0) ;;
  form)    sources=(); pkgs=(libsoup-3.0) ;;
  json)    sources=(); pkgs=(json-glib-1.0) ;;
  ics)     sources=("$root/app/core/pln-calendar-writer.c" "$root/app/core/pln-event.c" "$root/app/core/pln-agenda-item.c"); pkgs=(gio-2.0 libical) ;;
  *) echo "unknown fuzz target: $target (range, csv, catalog, form, json, ics)" >&2; exit 2 ;;
esac

cat > "$out/config.h" <<'H'
#define GETTEXT_PACKAGE "plenary"
#define LOCALEDIR "/usr/share/locale"
#define PACKAGE_VERSION "fuzz"
#define APPLICATION_ID "org.plenary.Plenary"
H

binary="$out/fuzz-$target"
stale=0
[ -x "$binary" ] && [ "$binary" -nt "$here/fuzz-$target.c" ] && [ "$binary" -nt "$here/fuzz-log.h" ] || stale=1
for source in "${sources[@]}"; do [ "$source" -nt "$binary" ] && stale=1; done
if [ "$stale" = 1 ]; then
  # shellcheck disable=SC2046
  clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -I"$out" -I"$root/app/portal" -I"$root/app/core" \
    "$here/fuzz-$target.c" "${sources[@]}" $(pkg-config --cflags --libs "${pkgs[@]}") \
    -o "$binary"
fi

corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
cp "$here/corpus/$target/"* "$corpus/"
limit=(-max_total_time="$seconds")
# A counted run (the test suite's) uses a fixed seed, so that a finding in CI
# comes back the same on any machine; a timed run explores with a new one.
[ -n "$runs" ] && limit=(-runs="$runs" -seed=1)
status=0
LSAN_OPTIONS=suppressions="$here/lsan.supp" ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0 "$binary" "${limit[@]}" -max_len=4096 -artifact_prefix="$out/$target-" -print_final_stats=1 "$corpus" \
  > "$corpus/.log" 2>&1 || status=$?
grep -E '^(#[0-9]+.*DONE|stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==ERROR|SUMMARY|Test unit written)' "$corpus/.log" || true
# On a finding, the harness's own words (a GLib message, an assertion).
[ "$status" = 0 ] || grep -v -E '^(#[0-9]|INFO:|    #[0-9])' "$corpus/.log" | tail -n 20
exit "$status"
