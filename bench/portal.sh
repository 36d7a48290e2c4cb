#!/usr/bin/env bash
# bench/portal.sh: the portal serving an MP4 beside nginx serving the same
# file from the same folder, in the same run, both on 127.0.0.1.
#   wrk, 64 and 256 connections, 1 MB ranges: requests/s, MB/s, p99 latency
#   200 simultaneous viewers at 2 Mbit/s (paced curl, one a viewer): stalls
# Usage: bench/portal.sh [BUILD_DIR] [SECONDS]   (needs wrk, nginx, curl, ffmpeg)
set -euo pipefail
build=${1:-build}
seconds=${2:-10}
plenary="$build/app/plenary"
[ -x "$plenary" ] || { echo "Build first: ninja -C $build" >&2; exit 1; }
for tool in wrk nginx curl ffmpeg sqlite3; do
  command -v "$tool" >/dev/null || { echo "bench/portal needs $tool (apt-get install wrk nginx-light curl ffmpeg sqlite3)" >&2; exit 1; }
done

work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$work/library/rec" "$work/nginx"
chmod 755 "$work"   # nginx workers run as another user

echo "Making a 60 s test recording (1280x720, about 2.5 Mbit/s)…"
ffmpeg -v error -f lavfi -i testsrc2=size=1280x720:rate=25 -f lavfi -i sine -t 60 \
  -c:v libx264 -preset veryfast -b:v 2500k -pix_fmt yuv420p -c:a aac -movflags +faststart \
  "$work/library/rec/recording.mp4"
size=$(stat -c %s "$work/library/rec/recording.mp4")

db="$work/bench.db"
"$plenary" --db "$db" events list > /dev/null   # creates the database
id=0123456789abcdef0123456789abcdef
sqlite3 "$db" <<SQL
INSERT INTO settings (key, value) VALUES ('library-path', '$work/library');
INSERT INTO recordings (public_id, title, folder, state, visibility, duration_ms, created_at)
  VALUES ('$id', 'bench', 'rec', 'ready', 'public', 60000, 0);
INSERT INTO outputs (recording_id, kind, path) SELECT id, 'mp4', 'rec/recording.mp4' FROM recordings;
SQL
"$plenary" --db "$db" serve --no-scheduler --bind 127.0.0.1 --port 18480 > "$work/serve.log" 2>&1 &
plenary_pid=$!
cat > "$work/nginx/nginx.conf" <<NGINX
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  server {
    listen 127.0.0.1:18481;
    location /media/ { alias $work/library/rec/; }
  }
}
NGINX
nginx -c "$work/nginx/nginx.conf" -p "$work/nginx"
sleep 1

plenary_url="http://127.0.0.1:18480/media/$id.mp4"
nginx_url="http://127.0.0.1:18481/media/recording.mp4"
cmp <(curl -s "$plenary_url") <(curl -s "$nginx_url") || { echo "the two servers do not serve the same bytes" >&2; exit 1; }

# wrk picks a random 1 MB range per request, as players do when seeking.
cat > "$work/ranges.lua" <<LUA
math.randomseed(42)
request = function()
  local start = math.random(0, $size - 1048577)
  return wrk.format("GET", nil, { Range = "bytes=" .. start .. "-" .. (start + 1048575) })
end
LUA

run_wrk() { # URL CONNECTIONS → "requests/s MB/s p99_ms"
  wrk -t2 -c"$2" -d"${seconds}s" --latency -s "$work/ranges.lua" "$1" 2>&1 | awk '
    /Requests\/sec/ { rps = $2 }
    /Transfer\/sec/ { v = $2; if (v ~ /GB/) m = v * 1024; else if (v ~ /KB/) m = v / 1024; else m = v + 0 }
    / 99%/ { l = $2; if (l ~ /ms/) p = l + 0; else if (l ~ /us/) p = l / 1000; else p = l * 1000 }
    END { printf "%.0f %.1f %.1f\n", rps, m, p }'
}

printf '\n%-28s %12s %10s %10s\n' "wrk, 1 MB random ranges" "requests/s" "MB/s" "p99 ms"
for c in 64 256; do
  read -r prps pmb pp99 < <(run_wrk "$plenary_url" "$c")
  read -r nrps nmb np99 < <(run_wrk "$nginx_url" "$c")
  printf '%-28s %12s %10s %10s\n' "Plenary, $c connections" "$prps" "$pmb" "$pp99"
  printf '%-28s %12s %10s %10s\n' "nginx, $c connections" "$nrps" "$nmb" "$np99"
  awk -v a="$pmb" -v b="$nmb" 'BEGIN { if (b > 0) printf "%-28s %33.2f\n", "  Plenary / nginx (MB/s)", a / b }'
done

# 200 viewers playing 10 s of a 2 Mbit/s stream: each asks for the next
# second (256 KB) once a second, as a player's buffer does, on one kept-alive
# connection. A stall is a second that arrived late (took more than 1 s) or
# short. (curl's own --limit-rate is far off in the curl of Debian 12.)
# The 200 curl processes are started first, each waiting for its list of
# transfers on a FIFO, and released together once they are all up: started
# in the same millisecond, they would measure process start-up (200 curls
# and their shells on 2 cores), not the server.
viewer_config() { # URL OFFSET → $config: ten transfers, at most one a second
  # (builtins only: 800 forks under load took minutes)
  local url=$1 offset=$2 k from part
  config='rate = "1/s"'
  for ((k = 0; k < 10; k++)); do
    from=$((offset + k * 262144))
    printf -v part 'silent\noutput = "/dev/null"\nrange = "%d-%d"\nwrite-out = "%%{time_total} %%{size_download}\\n"\nurl = "%s"' \
      "$from" $((from + 262143)) "$url"
    [ "$k" -gt 0 ] && config+=$'\nnext'
    config+=$'\n'$part
  done
}
cpu_ticks() { # PID… → user + system clock ticks
  local total=0 pid
  for pid in "$@"; do total=$((total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat"))); done
  echo "$total"
}
viewers() { # URL SERVER_PID… → "stalls slowest_seconds server_cpu_seconds"
  local url=$1 pids=() configs=() i before after; shift
  rm -rf "$work/viewers"; mkdir "$work/viewers"
  for i in $(seq 200); do
    viewer_config "$url" $(( (i * 1234567) % (size - 2621441) ))
    configs[i]=$config
    mkfifo "$work/viewers/$i.conf"
    curl -K "$work/viewers/$i.conf" > "$work/viewers/$i.txt" &
    pids+=($!)
  done
  sleep 2
  before=$(cpu_ticks "$@")
  # Builtins only from here: the 200 are released within milliseconds.
  for i in $(seq 200); do
    printf '%s\n' "${configs[i]}" > "$work/viewers/$i.conf"
  done
  wait "${pids[@]}"
  after=$(cpu_ticks "$@")
  cat "$work"/viewers/*.txt | awk -v cpu="$(( after - before ))" -v hz="$(getconf CLK_TCK)" '
    { if ($1 > 1.0 || $2 != 262144) s++; if ($1 > m) m = $1 } END { printf "%d %.2f %.2f\n", s, m, cpu / hz }'
}
echo
nginx_workers=$(pgrep -P "$(cat "$work/nginx.pid")" | tr '\n' ' ')
# Alternate the servers and keep each one's better run.
read -r nst1 nslow1 ncpu1 < <(viewers "$nginx_url" $nginx_workers)
read -r pst1 pslow1 pcpu1 < <(viewers "$plenary_url" "$plenary_pid")
read -r nst2 nslow2 ncpu2 < <(viewers "$nginx_url" $nginx_workers)
read -r pst2 pslow2 pcpu2 < <(viewers "$plenary_url" "$plenary_pid")
echo "runs: Plenary $pst1 then $pst2 late seconds; nginx $nst1 then $nst2"
if [ "$pst1" -le "$pst2" ]; then pst=$pst1 pslow=$pslow1 pcpu=$pcpu1; else pst=$pst2 pslow=$pslow2 pcpu=$pcpu2; fi
if [ "$nst1" -le "$nst2" ]; then nst=$nst1 nslow=$nslow1 ncpu=$ncpu1; else nst=$nst2 nslow=$nslow2 ncpu=$ncpu2; fi
printf '%-28s %8s %18s %14s\n' "200 viewers at 2 Mbit/s" "stalls" "slowest second (s)" "server CPU (s)"
printf '%-28s %8s %18s %14s\n' "Plenary" "$pst" "$pslow" "$pcpu"
printf '%-28s %8s %18s %14s\n' "nginx" "$nst" "$nslow" "$ncpu"
