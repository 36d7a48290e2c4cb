#!/usr/bin/env bash
# Installs what the tests need, builds with warnings as errors and runs the
# whole suite. Ends with "N passed, N failed[, N skipped]".
#   ./test.sh              the normal build, in build-test/
#   ./test.sh --sanitize   ASan + UBSan, in build-sanitize/
#   ./test.sh -- ARGS      extra arguments for meson test (e.g. a suite name)
set -euo pipefail
cd "$(dirname "$0")"
. tools/deps.sh
pln_install_packages build test

builddir=build-test
setup_args=(--werror -Dbuildtype=debugoptimized)
timeout_multiplier=1
if [ "${1:-}" = "--sanitize" ]; then
  shift
  builddir=build-sanitize
  setup_args+=(-Db_sanitize=address,undefined -Db_lundef=false)
  export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  export G_SLICE=always-malloc
  # Sanitized code runs two to three times slower.
  timeout_multiplier=3
fi
# The UI tests' own waits for a condition grow with meson's timeouts.
export PLN_TEST_TIMEOUT_MULTIPLIER=$timeout_multiplier
[ "${1:-}" = "--" ] && shift

if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" "${setup_args[@]}" > "$builddir.setup.log" 2>&1 || { cat "$builddir.setup.log"; exit 1; }
fi
ninja -C "$builddir" >/dev/null || { ninja -C "$builddir"; exit 1; }

# The UI tests need a display: give the whole run one virtual X server.
set +e
xvfb-run -a -s "-screen 0 1400x900x24" \
  meson test -C "$builddir" --no-rebuild --print-errorlogs --num-processes 2 \
    --timeout-multiplier "$timeout_multiplier" "$@" \
  > "$builddir/test-output.txt" 2>&1
status=$?
set -e

# Every test program speaks TAP; count the cases across the whole log.
log="$builddir/meson-logs/testlog.txt"
passed=$(grep -cE '^ok [0-9]+' "$log" || true)
skipped=$(grep -cE '^ok [0-9]+.*# ?SKIP' "$log" || true)
failed=$(grep -cE '^not ok [0-9]+' "$log" || true)
passed=$((passed - skipped))
# A program that crashed, bailed out or timed out without a "not ok" line
# of its own counts as one failure more.
broken=$(jq -s '[.[] | select(.result | IN("OK", "SKIP", "EXPECTEDFAIL") | not)
                 | select((.stdout // "") | test("(?m)^not ok ") | not)] | length' \
         "$builddir/meson-logs/testlog.json" 2>/dev/null || echo 1)
failed=$((failed + broken))
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
fi
grep -E '^ *[0-9]+/[0-9]+ ' "$builddir/test-output.txt" || true
if [ "$status" -ne 0 ]; then
  echo "--- failures (full log: $log) ---"
  # Each failing test's own output, stderr included (an ASan report, the
  # message of a failed assertion), not just the end of the whole log.
  # (the last 150 lines of each stream, read from meson's testlog.json)
  jq -r --argjson keep 150 '
    select(.result | IN("OK", "SKIP", "EXPECTEDFAIL") | not)
    | "=== \(.name): \(.result) (exit \(.returncode), \((.duration // 0) * 10 | round / 10) s)",
      (("stdout", "stderr") as $s
       | (.[$s] // "" | rtrimstr("\n") | select(. != "") | split("\n")) as $lines
       | "--- \(.name): \($s)" + (if ($lines | length) > $keep then " (last \($keep) of \($lines | length) lines)" else "" end),
         ($lines[-$keep:] | join("\n"))),
      "=== end of \(.name)"
  ' "$builddir/meson-logs/testlog.json" || grep -E '^not ok|^Bail out|^# ' "$log" | tail -n 200 || true
fi
line="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
