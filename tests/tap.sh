# Sourced by the shell tests: a tiny TAP writer and helpers.
#   ok "description" COMMAND...     passes when COMMAND exits 0
#   check "description" ACTUAL EXPECTED
#   skip "description" "reason"
#   done_testing
set -u
_tap_n=0
_tap_failed=0
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP"
plenary() { "$PLENARY_EXE" "$@"; }

ok() {
  local what=$1; shift
  _tap_n=$((_tap_n + 1))
  if "$@" > "$TMP/.out" 2>&1; then
    echo "ok $_tap_n $what"
  else
    echo "not ok $_tap_n $what"
    sed 's/^/# /' "$TMP/.out" | tail -n 20
    _tap_failed=$((_tap_failed + 1))
  fi
}

check() {
  local what=$1 actual=$2 expected=$3
  _tap_n=$((_tap_n + 1))
  if [ "$actual" = "$expected" ]; then
    echo "ok $_tap_n $what"
  else
    echo "not ok $_tap_n $what"
    echo "# expected: $expected"
    echo "# actual:   $actual"
    _tap_failed=$((_tap_failed + 1))
  fi
}

# contains "description" HAYSTACK NEEDLE
contains() {
  local what=$1 haystack=$2 needle=$3
  _tap_n=$((_tap_n + 1))
  case "$haystack" in
    *"$needle"*) echo "ok $_tap_n $what" ;;
    *) echo "not ok $_tap_n $what"
       echo "# wanted to find: $needle"
       printf '%s\n' "$haystack" | head -n 20 | sed 's/^/# /'
       _tap_failed=$((_tap_failed + 1)) ;;
  esac
}

skip() {
  _tap_n=$((_tap_n + 1))
  echo "ok $_tap_n $1 # SKIP $2"
}

done_testing() {
  echo "1..$_tap_n"
  [ "$_tap_failed" -eq 0 ]
}
