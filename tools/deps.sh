# Sourced by run.sh and test.sh: installs the Debian packages listed in
# tools/debian-packages.txt that are not installed yet. Quiet when nothing
# is missing.

# pln_packages SECTION...: the package names of the given sections
# ("build" for everything needed to build and run, "test" for the rest).
pln_packages() {
  local want=" $* " section=build line
  while IFS= read -r line; do
    line=${line%%#*}
    line=${line//[[:space:]]/}
    [ -n "$line" ] || continue
    case "$line" in
      "[test]") section=test; continue ;;
      "["*) section=build; continue ;;
    esac
    case "$want" in *" $section "*) printf '%s\n' "$line" ;; esac
  done < "$(dirname "${BASH_SOURCE[0]}")/debian-packages.txt"
}

# pln_install_packages SECTION...
pln_install_packages() {
  local missing=() pkg sudo=()
  for pkg in $(pln_packages "$@"); do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "Plenary needs these Debian packages: ${missing[*]}. Run this script as root or install sudo." >&2; return 1; }
    sudo=(sudo)
  fi
  echo "Installing ${#missing[@]} Debian packages: ${missing[*]}"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
