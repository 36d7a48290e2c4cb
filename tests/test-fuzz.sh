# Short libFuzzer runs of the parsers that read what users and browsers
# send (tests/fuzz/run.sh runs longer ones): no crash, no sanitizer report,
# no broken promise (each harness aborts when a result breaks its rules).
. "$(dirname "$0")/tap.sh"

fuzz="$PLENARY_SOURCE_ROOT/tests/fuzz/run.sh"
if ! command -v clang >/dev/null || \
   ! echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long s){return 0;}' \
     | clang -x c -fsanitize=fuzzer - -o "$TMP/probe" 2>/dev/null; then
  skip "fuzzing" "clang with libFuzzer is not installed (./test.sh installs clang and libclang-rt-14-dev)"
  done_testing; exit
fi

export FUZZ_BUILD_DIR="$PLENARY_BUILD_ROOT/fuzz"
for target in range csv catalog form json ics; do
  ok "fuzz $target: 20 000 inputs, no finding" "$fuzz" "$target" 60 20000
  sed -n 's/^stat::number_of_executed_units: *//p' "$TMP/.out" | sed "s/^/# $target executions: /"
done
done_testing
