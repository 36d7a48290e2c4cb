# Sourced by the fault-injection scripts of tools/fault/: where the build
# is, how to compile a helper against its libraries, how to measure a
# process. The scripts are run by hand (see docs/reliability.md), never by
# the test suite: they take minutes to hours.
#   PLENARY_BUILD   the meson build folder to use (default: build, as ./run.sh)
#   PLN_FAULT_KEEP=1  keep the work folder (logs, manifests, relay logs) and
#                     print where it is, to look at a run afterwards
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
  if [ "${PLN_FAULT_KEEP:-0}" = 1 ]; then echo "work folder kept: $fault_work" >&2; else rm -rf "$fault_work"; fi
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
# free_port: a TCP and UDP port that nothing on this machine uses, taken
# below the kernel's ephemeral range (so no outgoing connection takes it
# meanwhile) and never handed out twice by one script.
free_port() {
  local lo hi p _
  read -r lo hi < /proc/sys/net/ipv4/ip_local_port_range
  [ "$lo" -gt 12000 ] || lo=60000
  for _ in $(seq 500); do
    p=$(( 10000 + (RANDOM * 32768 + RANDOM) % (lo - 10000) ))
    grep -qx "$p" "$fault_work/ports-given" 2>/dev/null && continue
    [ -z "$(ss -Htuan "sport = :$p" 2>/dev/null)" ] || continue
    echo "$p" >> "$fault_work/ports-given"
    echo "$p"; return 0
  done
  echo "no free port found on 127.0.0.1" >&2; return 1
}
# wait_port PORT [TENTHS]: until something listens on 127.0.0.1:PORT (TCP).
wait_port() {
  local _
  for _ in $(seq "${2:-100}"); do
    [ -n "$(ss -Htln "sport = :$1" 2>/dev/null)" ] && return 0
    sleep 0.1
  done
  return 1
}
# fault_nginx PORT ROOT: starts nginx (nginx-light, as tests/test-rtmp.sh
# uses) serving the files under ROOT over HTTP on 127.0.0.1:PORT, as the
# HLS origin of relay-cut.sh; killed with the script. Waits until it listens.
# Its access log ($fault_nginx_log: "EPOCH.MS URI STATUS" lines) says which
# HLS segments were fetched.
fault_nginx() {
  local port=$1 root=$2 dir
  dir=$(mktemp -d "$fault_work/nginx.XXXXXX")
  mkdir -p "$dir/logs" "$dir/tmp"
  cat > "$dir/nginx.conf" <<CONF
daemon off;
master_process off;
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 256; }
http {
  types { application/vnd.apple.mpegurl m3u8; video/mp2t ts; video/mp4 mp4 m4s; }
  default_type application/octet-stream;
  log_format plain '\$msec \$uri \$status';
  access_log $dir/logs/access.log plain;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  server {
    listen 127.0.0.1:$port;
    root $root;
    location ~ \.m3u8\$ { add_header Cache-Control no-cache; }
  }
}
CONF
  fault_nginx_log=$dir/logs/access.log
  setsid "$(command -v nginx || echo /usr/sbin/nginx)" -p "$dir" -c "$dir/nginx.conf" -e "$dir/logs/error.log" > "$dir/logs/out" 2>&1 &
  fault_pids+=("$!")
  wait_port "$port" || { echo "nginx did not start on 127.0.0.1:$port:" >&2; cat "$dir/logs/out" "$dir/logs/error.log" >&2; return 1; }
}
versions() {
  printf 'GStreamer %s, libsoup %s, sqlite %s, GLib %s\n' \
    "$(pkg-config --modversion gstreamer-1.0)" "$(pkg-config --modversion libsoup-3.0)" \
    "$(sqlite3 --version | cut -d' ' -f1)" "$(pkg-config --modversion glib-2.0)"
}
# fd_kinds PID: its open file descriptors counted by kind ("socket 12, pipe 4…").
fd_kinds() {
  ls -l "/proc/$1/fd" 2>/dev/null | awk 'NR > 1 {k = $NF; if (k ~ /^anon_inode:/) {sub(/^anon_inode:\[?/, "", k); sub(/\]$/, "", k)} else sub(/:.*/, "", k); if (k ~ /^\//) k = "file"; n[k]++}
    END {s = ""; for (k in n) s = s (s == "" ? "" : ", ") k " " n[k]; print s}'
}
