# Sourced by the fault-injection scripts of tools/fault/: where the build
# is, how to compile a helper against its libraries, how to measure a
# process. The scripts are run by hand (see docs/reliability.md), never by
# the test suite: they take minutes to hours.
#   PLENARY_BUILD   the meson build folder to use (default: build, as ./run.sh)
set -euo pipefail
fault_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
fault_build=${PLENARY_BUILD:-$fault_root/build}
case "$fault_build" in /*) ;; *) fault_build=$fault_root/$fault_build ;; esac

if [ ! -f "$fault_build/build.ninja" ]; then
  echo "Building Plenary in $fault_build (the first build takes a few minutes)…" >&2
  meson setup "$fault_build" "$fault_root" > "$fault_build.setup.log" 2>&1 || { cat "$fault_build.setup.log"; exit 1; }
fi
if ! nice ninja -C "$fault_build" app/plenary data/gschemas.compiled > /dev/null 2>&1; then
  [ -x "$fault_build/app/plenary" ] || { ninja -C "$fault_build" app/plenary; exit 1; }
  echo "warning: the build in $fault_build fails; using the plenary it built last" >&2
fi

PLENARY_EXE=$fault_build/app/plenary
export GSETTINGS_SCHEMA_DIR=$fault_build/data GSETTINGS_BACKEND=memory
export PLENARY_LOCALEDIR=$fault_build/po LANGUAGE=en LC_ALL=C.UTF-8 TZ=UTC
fault_work=$(mktemp -d)
fault_pids=()
fault_cleanup() {
  local pid
  for pid in "${fault_pids[@]}"; do kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true; done
  rm -rf "$fault_work"
}
trap fault_cleanup EXIT

# fault_cc NAME: compiles tools/fault/NAME.c against the build's static
# libraries into $fault_work/NAME (prints the path).
fault_cc() {
  local name=$1 out=$fault_work/$1
  # shellcheck disable=SC2046
  cc -O1 -g -std=gnu11 -DHAVE_CONFIG_H -I"$fault_build" -I"$fault_root/app/core" \
    "$fault_root/tools/fault/$name.c" "$fault_build/app/core/libplenary-core.a" \
    $(pkg-config --cflags --libs gio-unix-2.0 sqlite3 json-glib-1.0 libical cairo pangocairo) -lm \
    -o "$out"
  echo "$out"
}

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
fd_count() { ls "/proc/$1/fd" 2>/dev/null | wc -l; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
versions() {
  printf 'GStreamer %s, libsoup %s, sqlite %s, GLib %s\n' \
    "$(pkg-config --modversion gstreamer-1.0)" "$(pkg-config --modversion libsoup-3.0)" \
    "$(sqlite3 --version | cut -d' ' -f1)" "$(pkg-config --modversion glib-2.0)"
}
