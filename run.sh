#!/usr/bin/env bash
# Installs what Plenary needs, builds it, creates the demo database on the
# first run and starts the app (or, with no display, the headless summary).
set -euo pipefail
cd "$(dirname "$0")"
. tools/deps.sh
pln_install_packages build

if [ ! -f build/build.ninja ]; then
  echo "Building Plenary (the first build takes a few minutes)…"
  meson setup build > build.setup.log 2>&1 || { cat build.setup.log; exit 1; }
fi
ninja -C build > /dev/null || { ninja -C build; exit 1; }

export GSETTINGS_SCHEMA_DIR="$PWD/build/data"
export PLENARY_LOCALEDIR="$PWD/build/po"
db="${PLENARY_DB:-${XDG_DATA_HOME:-$HOME/.local/share}/plenary/plenary.db}"
if [ ! -f "$db" ]; then
  echo "Creating the demo database in $db"
  ./build/app/plenary --db "$db" demo
fi

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No display (DISPLAY and WAYLAND_DISPLAY are unset): here are the events of the database, and the web portal instead of the window."
  ./build/app/plenary --db "$db" events list
  exec ./build/app/plenary --db "$db" serve "$@"
fi
exec ./build/app/plenary --db "$db" "$@"
