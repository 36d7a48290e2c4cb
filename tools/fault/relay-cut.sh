#!/usr/bin/env bash
# tools/fault/relay-cut.sh [--mode cut|flap] [--minutes N] [--protocols "rtsp srt hls"] [--sources 4]
#                          [--flap-every S] [--flap-for S]
# `plenary serve` records an event with 4 sources, each reaching it through
# pln-relay (tools/fault/pln-relay.c) on loopback, which cuts the stream:
#   cut:  one 30 s cut, 20 s into the recording (80 s in all);
#   flap: a 3 s cut every 15 s for N minutes (default 10).
# Per protocol (RTSP over TCP, SRT over UDP, HLS over HTTP; "mixed" gives
# the sources RTSP, SRT, HLS, RTSP… in turn) it prints:
#   - recordings per source (must be 1);
#   - every cut longer than the watchdog (2 s) as a gap in the manifest,
#     with the gap's length against the cut's (within ±1 s; the offsets of
#     its start and end against the relay's clock are printed too);
#   - RSS and open fds of the Plenary process: once the recordings run
#     (baseline, 3 s before the first cut and at most 20 s in), every 30 s, and at the end, 10 s
#     after the last cut (growth ≤ 10 MB; fds back to the baseline, waiting up to 30 s more for a
#     torn-down pipeline, with the kinds of fd left when they are not).
#   - segments written and gaps recorded.
# Exits 1 when a rule is broken. Needs ffmpeg, gst-launch-1.0 and nginx
# (nginx-light, the HLS origin).
. "$(dirname "$0")/lib.sh"
mode=flap minutes=10 protocols="rtsp srt hls" sources=4 flap_every=15 flap_for=3
while [ $# -gt 0 ]; do
  case "$1" in
    --mode) mode=$2; shift 2 ;;
    --minutes) minutes=$2; shift 2 ;;
    --protocols) protocols=$2; shift 2 ;;
    --sources) sources=$2; shift 2 ;;
    --flap-every) flap_every=$2; shift 2 ;;
    --flap-for) flap_for=$2; shift 2 ;;
    *) echo "usage: $0 [--mode cut|flap] [--minutes N] [--protocols \"rtsp srt hls\"] [--sources N]" >&2; exit 2 ;;
  esac
done
nice ninja -C "$fault_build" tests/pln-test-rtsp-server > /dev/null
relay=$(fault_cc pln-relay)
if [ "$mode" = cut ]; then
  cut_args=(--cut-at 20 --cut-for 30); run_seconds=80
else
  cut_args=(--flap-every "$flap_every" --flap-for "$flap_for"); run_seconds=$((minutes * 60))
fi
iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%S+00:00; }
spawn() { setsid "$@" & fault_pids+=("$!"); }  # own group: killed with its children

overall=0
for proto in $protocols; do
  work=$fault_work/$proto
  mkdir -p "$work"
  export PLENARY_DB=$work/plenary.db
  db() { sqlite3 "$PLENARY_DB" "$@"; }
  "$PLENARY_EXE" events list > /dev/null
  db "INSERT INTO settings (key, value) VALUES ('library-path', '$work/library'), ('archive-thumbnail-seconds', '0');
      INSERT INTO sites (id, code, name, level) VALUES (1, 'QN-SYT', 'Sở Y tế Quảng Ninh', 'province');"
  uris=()
  kinds=(rtsp srt hls)
  kind_of() { if [ "$proto" = mixed ]; then echo "${kinds[$(( ($1 - 1) % 3 ))]}"; else echo "$proto"; fi; }
  if [ "$proto" = hls ] || { [ "$proto" = mixed ] && [ "$sources" -ge 3 ]; }; then
    http_port=$(free_port)
    fault_nginx "$http_port" "$work"
  fi
  for i in $(seq "$sources"); do
    relay_port=$(free_port)
    case "$(kind_of "$i")" in
      rtsp)
        server_port=$(free_port)
        spawn "$fault_build/tests/pln-test-rtsp-server" "$server_port" > "$work/server$i.out" 2>&1
        spawn "$relay" tcp "$relay_port" "$server_port" "${cut_args[@]}" --go-file "$work/go" --log "$work/relay$i.log"
        uris+=("rtspt://127.0.0.1:$relay_port/test"); echo "$i $relay_port" >> "$work/ports" ;;
      srt)
        listen_port=$(free_port)
        spawn "$relay" udp "$relay_port" "$listen_port" "${cut_args[@]}" --go-file "$work/go" --log "$work/relay$i.log"
        # The sender calls again whenever the link broke, as an encoder
        # does: each ffmpeg keeps calling for 5 s (SRT repeats its
        # handshake every 250 ms), then a new one starts 0.2 s later. With
        # 1 s calls and 0.5 s pauses, the sender itself came back up to 2 s
        # after the link at load 9, half of it ffmpeg's own start. Each
        # call's start and end go to sender$i.log, and the relay logs the
        # sender's first datagram after a restore ("sender back").
        spawn bash -c "while :; do echo \"call \$(date +%s%3N)\" >> '$work/sender$i.log'; ffmpeg -v quiet -re -f lavfi -i testsrc=size=320x240:rate=25 -f lavfi -i sine=frequency=$((300 + i * 100)) \
          -c:v libx264 -preset ultrafast -tune zerolatency -g 25 -pix_fmt yuv420p -b:v 400k -c:a aac \
          -f mpegts 'srt://127.0.0.1:$relay_port?mode=caller&pkt_size=1316&connect_timeout=5000'; echo \"left \$(date +%s%3N)\" >> '$work/sender$i.log'; sleep 0.2; done"
        uris+=("srt://127.0.0.1:$listen_port?mode=listener"); echo "$i $listen_port" >> "$work/ports" ;;
      hls)
        mkdir -p "$work/live$i"
        spawn ffmpeg -v quiet -re -f lavfi -i testsrc=size=320x240:rate=25 -f lavfi -i sine=frequency=$((300 + i * 100)) \
          -c:v libx264 -preset ultrafast -g 25 -pix_fmt yuv420p -b:v 400k -c:a aac \
          -f hls -hls_time 1 -hls_list_size 6 -hls_flags delete_segments "$work/live$i/live.m3u8"
        spawn "$relay" tcp "$relay_port" "$http_port" "${cut_args[@]}" --go-file "$work/go" --log "$work/relay$i.log"
        uris+=("http://127.0.0.1:$relay_port/live$i/live.m3u8"); echo "$i $relay_port" >> "$work/ports" ;;
    esac
  done
  sleep 3
  start=$(($(date +%s) + 2))
  record_args=()
  for u in "${uris[@]}"; do record_args+=(--record "$u"); done
  "$PLENARY_EXE" events add --kind conference --title "Hội nghị ($proto)" --start "$(iso $start)" \
    --end "$(iso $((start + run_seconds + 120)))" --host QN-SYT "${record_args[@]}" --lead 0 --tail 0 > /dev/null
  port=$(free_port)
  "$PLENARY_EXE" serve --port "$port" --bind 127.0.0.1 --segment-seconds 60 > "$work/serve.out" 2>&1 &
  pid=$!; fault_pids+=("$pid")
  for _ in $(seq 200); do
    [ "$(db "SELECT count(*) FROM recordings WHERE state = 'recording';")" -ge "$sources" ] && break; sleep 0.1
  done
  # Media from every source before the relays' clocks start: a loaded
  # machine can take many seconds to connect them, and a baseline taken
  # before that counts fewer fds and less memory than the recording uses.
  waited=0
  while [ "$(find "$work/library" -name 'segment-*.mp4' -size +20k -printf '%h\n' 2>/dev/null | sort -u | wc -l)" -lt "$sources" ] &&
        [ "$waited" -lt 120 ]; do
    sleep 0.5; waited=$((waited + 1))
  done
  echo "$proto: media from every source $((waited / 2)) s after the recordings started"
  # The relays' clocks start now: the first cut comes 20 s (cut) or 15 s
  # (flap) into the recording.
  touch "$work/go"
  # The baseline is taken 3 s before the first cut (20 s in at most), when
  # every source runs and no link is being cut or torn down.
  if [ "$mode" = cut ]; then first_cut=20; else first_cut=$flap_every; fi
  warm=$(( first_cut - 3 < 20 ? first_cut - 3 : 20 ))
  sleep "$warm"
  rss0=$(rss_kb "$pid"); fds0=$(fd_count "$pid"); rss_max=$rss0
  kinds0=$(fd_kinds "$pid")
  t_end=$(( $(date +%s) + run_seconds - warm + 10 ))
  while [ "$(date +%s)" -lt "$t_end" ]; do
    sleep $(( t_end - $(date +%s) < 30 ? (t_end - $(date +%s) > 0 ? t_end - $(date +%s) : 0) : 30 ))
    r=$(rss_kb "$pid"); [ "$r" -gt "$rss_max" ] && rss_max=$r
    echo "  $(date -u +%H:%M:%S) RSS $r kB, fds $(fd_count "$pid") ($(fd_kinds "$pid")), segments $(find "$work/library" -name 'segment-*.mp4' | wc -l)" >> "$work/samples"
  done
  rss1=$(rss_kb "$pid"); fds1=$(fd_count "$pid")
  # fds above the baseline may be a lost link's pipeline still being torn
  # down on a loaded machine, or a leak: wait up to 30 s more and say which
  # kinds of fd they are.
  fds_wait=0
  while [ "$(fd_count "$pid")" -gt "$fds0" ] && [ "$fds_wait" -lt 30 ]; do sleep 1; fds_wait=$((fds_wait + 1)); done
  fds2=$(fd_count "$pid"); kinds2=$(fd_kinds "$pid")
  db "UPDATE events SET ends_at = strftime('%s','now') - 1;"
  for _ in $(seq 120); do
    [ "$(db "SELECT count(*) FROM recordings WHERE state = 'recording';")" -eq 0 ] && break; sleep 0.5
  done
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  for p in "${fault_pids[@]}"; do kill -- "-$p" 2>/dev/null || kill "$p" 2>/dev/null || true; done
  fault_pids=()

  n_rec=$(db "SELECT count(*) FROM recordings;")
  per_source=$(db "SELECT group_concat(n) FROM (SELECT count(*) AS n FROM recordings GROUP BY source_uri);")
  # One source's cuts against its recording's gaps (tools/fault/gaps.awk).
  echo "$proto: $n_rec recording(s) for $sources source(s) (per source: $per_source)"
  ok=1 n_cuts=0 n_gaps=0 n_within=0 n_e=0 e0min= e0max= e1min= e1max=
  while IFS= read -r m; do
    ini() { awk -F= -v s="$1" -v k="$2" '/^\[/ {in_s = ($0 == "[" s "]")} in_s && $1 == k {print substr($0, length(k) + 2); exit}' "$m"; }
    started=$(date -u -d "$(ini recording started)" +%s%3N 2>/dev/null || echo 0)
    src=$(ini recording source)
    src_port=$(printf '%s\n' "$src" | grep -o ':[0-9]*' | tail -n 1 | tr -d :)
    i=$(awk -v p="$src_port" '$2 == p {print $1; exit}' "$work/ports")
    log=$work/relay$i.log
    [ -n "$i" ] && [ -f "$log" ] || log=/dev/null
    # the recorder's watchdog: 2 s, HLS 20 s (pln_source_get_min_stall_ms)
    watchdog_ms=2000
    [ -n "$i" ] && [ "$(kind_of "$i")" = hls ] && watchdog_ms=20000
    out=$(awk -v started="$started" -v idx="${i:-?}" -v src="${src:-?}" -v watchdog_ms="$watchdog_ms" \
      -f "$fault_root/tools/fault/gaps.awk" "$log" "$m")
    printf '%s\n' "$out" | grep -v '^TOTALS \|^LENGTHS'
    printf '%s\n' "$out" | sed -n 's/^LENGTHS//p' | tr ' ' '\n' | grep . >> "$work/lengths" || true
    # HLS: the origin keeps the last 6 segments (1 s each), so after a cut
    # the demuxer fetches the ones still listed: the media lost is the
    # segments never fetched, which nginx's access log tells, not the cut.
    if [ -n "$i" ] && [ "$(kind_of "$i")" = hls ] && [ -f "${fault_nginx_log:-}" ]; then
      awk -v d="/live$i/" 'index($2, d) == 1 && $2 ~ /\.ts$/ && $3 == 200 {n = $2; sub(/.*\/live/, "", n); sub(/\.ts$/, "", n); print n + 0}' \
        "$fault_nginx_log" | awk 'NR > 1 && $1 > last + 1 {runs = runs sprintf(" %d", $1 - last - 1)} {if (NR == 1 || $1 > last) last = $1}
          END {print "    origin segments never fetched (1 s each), per run:" (runs == "" ? " none" : runs)}'
    fi
    read -r _ c g w o a0 b0 a1 b1 e <<< "$(printf '%s\n' "$out" | grep '^TOTALS ')"
    n_cuts=$((n_cuts + c)) n_gaps=$((n_gaps + g)) n_within=$((n_within + w))
    [ "$o" = 1 ] || ok=0
    if [ "$e" -gt 0 ]; then
      if [ "$n_e" -eq 0 ]; then e0min=$a0 e0max=$b0 e1min=$a1 e1max=$b1; else
        read -r e0min e0max e1min e1max <<< "$(awk -v a="$e0min" -v b="$e0max" -v c="$e1min" -v d="$e1max" \
          -v a2="$a0" -v b2="$b0" -v c2="$a1" -v d2="$b1" \
          'BEGIN {print (a2 < a ? a2 : a), (b2 > b ? b2 : b), (c2 < c ? c2 : c), (d2 > d ? d2 : d)}')"
      fi
      n_e=$((n_e + e))
    fi
  done < <(find "$work/library" -name manifest.ini | sort)
  echo "  cuts: $n_cuts; gaps recorded: $n_gaps; gaps whose length is within ±1 s of their cut's: $n_within"
  [ -s "$work/lengths" ] && sort -n "$work/lengths" | awk '{a[NR] = $1} END {printf "  gap lengths for the cuts: min %.1f s, median %.1f s, max %.1f s (%d gaps)\n", a[1], a[int((NR + 1) / 2)], a[NR], NR}'
  [ "$n_e" -gt 0 ] && awk -v a="$e0min" -v b="$e0max" -v c="$e1min" -v d="$e1max" \
    'BEGIN {printf "  gap start − cut start: %+.1f … %+.1f s; gap end − link back: %+.1f … %+.1f s\n", a, b, c, d}'
  [ "$n_rec" -eq "$sources" ] || { echo "  FAIL: $n_rec recordings for $sources sources"; ok=0; }
  [ "$n_within" -ge "$n_cuts" ] || { echo "  FAIL: $((n_cuts - n_within)) cut(s) not recorded within ±1 s"; ok=0; }
  echo "  RSS $rss0 → $rss1 kB (growth $(printf '%+d' $((rss1 - rss0))) kB, limit 10 240; highest sample $rss_max kB); fds $fds0 → $fds1"
  if [ "$fds1" -gt "$fds0" ]; then
    if [ "$fds2" -le "$fds0" ]; then echo "  fds back to $fds0 or fewer $fds_wait s later"
    else echo "  fds still $fds2 $fds_wait s later; by kind, baseline: $kinds0; now: $kinds2"; fi
  fi
  echo "  segments written: $(find "$work/library" -name 'segment-*.mp4' | wc -l); gaps recorded: $n_gaps"
  [ $((rss1 - rss0)) -le 10240 ] || { echo "  FAIL: RSS grew by more than 10 MB"; ok=0; }
  [ "$fds2" -le "$fds0" ] || { echo "  FAIL: $((fds2 - fds0)) more fds than at the baseline $((10 + fds_wait)) s after the last cut"; ok=0; }
  [ "$ok" = 1 ] || overall=1
  [ "${PLN_FAULT_SAMPLES:-0}" = 1 ] && cat "$work/samples"
done
echo "($(versions); mode $mode, $run_seconds s per protocol)"
exit "$overall"
