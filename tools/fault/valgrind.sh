#!/usr/bin/env bash
# tools/fault/valgrind.sh [TEST…]
# valgrind memcheck over the core and portal tests: the GTest programs of
# app/core and app/portal run under valgrind, and the portal server itself
# (`plenary serve`) runs under valgrind while the authorisation matrix
# (tests/test-auth-matrix.c, every route with and without credentials)
# drives it. (tests/test-portal.sh waits only 5 s for its server, less
# than valgrind needs to start it: ask for it by name, `portal`, to try.) tests/valgrind.supp holds the few one-time
# allocations of GLib and its libraries. Prints, per program, the bytes
# definitely / indirectly / possibly lost and the errors; exits 1 when any
# program has bytes definitely lost or a memory error.
# Default tests: store model csv import intervals course search catalog
# http-range, and the portal server under auth-matrix.
. "$(dirname "$0")/lib.sh"

tests=("$@")
[ ${#tests[@]} -gt 0 ] || tests=(store model csv import intervals course search catalog http-range auth-matrix)
targets=(tests/pln-test-rtsp-server tests/pln-ics-check)
for t in "${tests[@]}"; do [ "$t" = portal ] || targets+=("tests/test-$t"); done
nice ninja -C "$fault_build" "${targets[@]}" > /dev/null
logs=$fault_work/logs
mkdir -p "$logs"
supp=$fault_root/tests/valgrind.supp
vg=(valgrind --tool=memcheck --leak-check=full --show-leak-kinds=definite
    --errors-for-leak-kinds=definite --num-callers=30 --suppressions="$supp"
    --gen-suppressions=all --trace-children=no)

export G_SLICE=always-malloc G_DEBUG=gc-friendly
export PLENARY_SOURCE_ROOT=$fault_root PLENARY_BUILD_ROOT=$fault_build
export G_TEST_SRCDIR=$fault_root/tests G_TEST_BUILDDIR=$fault_build/tests
export PLN_TEST_RTSP_SERVER=$fault_build/tests/pln-test-rtsp-server
export PLN_ICS_CHECK=$fault_build/tests/pln-ics-check PLN_CDP=$fault_build/tests/pln-cdp

# The portal server runs under valgrind; every other plenary command as is.
wrapper=$fault_work/plenary
cat > "$wrapper" <<SH
#!/usr/bin/env bash
for a in "\$@"; do
  if [ "\$a" = serve ]; then
    exec ${vg[*]} --log-file=$logs/serve-\$\$.log $PLENARY_EXE "\$@"
  fi
done
exec $PLENARY_EXE "\$@"
SH
chmod +x "$wrapper"

# summary LOG: "definite indirect possible errors" of one valgrind log
summary() {
  awk '/definitely lost:/ {gsub(",", "", $4); d += $4}
       /indirectly lost:/ {gsub(",", "", $4); i += $4}
       /possibly lost:/   {gsub(",", "", $4); p += $4}
       /ERROR SUMMARY:/   {e += $4}
       END {printf "%d %d %d %d\n", d, i, p, e}' "$1"
}

status=0
printf '%-28s %10s %10s %10s %7s %s\n' program definite indirect possible errors result
for t in "${tests[@]}"; do
  rm -f "$logs"/serve-*.log
  case "$t" in
    portal)
      PLENARY_EXE=$wrapper PLENARY_PORTAL_HEADER_SECONDS=2 \
        bash "$fault_root/tests/test-portal.sh" > "$logs/$t.tap" 2>&1 || true
      ;;
    auth-matrix)
      PLENARY_EXE=$wrapper "$fault_build/tests/test-auth-matrix" --tap > "$logs/$t.tap" 2>&1 || true
      ;;
    *)
      "${vg[@]}" --log-file="$logs/$t.log" "$fault_build/tests/test-$t" --tap > "$logs/$t.tap" 2>&1 || true
      ;;
  esac
  failed_cases=$(grep -c '^not ok' "$logs/$t.tap" || true)
  for log in "$logs/$t.log" "$logs"/serve-*.log; do
    [ -f "$log" ] || continue
    name=$t; case "$log" in *serve-*) name="plenary serve ($t)" ;; esac
    read -r d i p e < <(summary "$log")
    result=ok
    if [ "$d" -gt 0 ] || [ "$e" -gt 0 ]; then result=FAIL; status=1; cp "$log" "$fault_build/valgrind-$t.log"; fi
    [ "$failed_cases" -gt 0 ] && result="$result ($failed_cases test cases failed under valgrind)"
    printf '%-28s %10s %10s %10s %7s %s\n' "$name" "$d" "$i" "$p" "$e" "$result"
    [ "$log" = "$logs/$t.log" ] && mv "$log" "$logs/$t.done"
  done
done
echo "($(versions); valgrind $(valgrind --version | cut -d- -f2))"
[ "$status" -eq 0 ] || echo "Logs of the failing programs: $fault_build/valgrind-*.log (with suppressions to review)."
exit "$status"
