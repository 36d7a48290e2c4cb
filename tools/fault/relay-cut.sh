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
#     (baseline, after a 20 s warm-up), every 30 s, and at the end, 10 s
#     after the last cut (growth ≤ 10 MB, fds back to the baseline);
#   - segments written and gaps recorded.
# Exits 1 when a rule is broken. Needs ffmpeg, gst-launch-1.0, python3.
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
    spawn python3 -m http.server "$http_port" --bind 127.0.0.1 --directory "$work" > /dev/null 2>&1
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
        # the sender calls again whenever the link broke
        spawn bash -c "while :; do ffmpeg -v quiet -re -f lavfi -i testsrc=size=320x240:rate=25 -f lavfi -i sine=frequency=$((300 + i * 100)) \
          -c:v libx264 -preset ultrafast -tune zerolatency -g 25 -pix_fmt yuv420p -b:v 400k -c:a aac \
          -f mpegts 'srt://127.0.0.1:$relay_port?mode=caller&pkt_size=1316&connect_timeout=1000'; sleep 0.5; done"
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
  # The relays' clocks start now: the first cut comes 20 s (cut) or 15 s
  # (flap) into the recording.
  touch "$work/go"
  sleep 20
  rss0=$(rss_kb "$pid"); fds0=$(fd_count "$pid"); rss_max=$rss0
  t_end=$(( $(date +%s) + run_seconds - 20 + 10 ))
  while [ "$(date +%s)" -lt "$t_end" ]; do
    sleep $(( t_end - $(date +%s) < 30 ? (t_end - $(date +%s) > 0 ? t_end - $(date +%s) : 0) : 30 ))
    r=$(rss_kb "$pid"); [ "$r" -gt "$rss_max" ] && rss_max=$r
    echo "  $(date -u +%H:%M:%S) RSS $r kB, fds $(fd_count "$pid"), segments $(find "$work/library" -name 'segment-*.mp4' | wc -l)" >> "$work/samples"
  done
  rss1=$(rss_kb "$pid"); fds1=$(fd_count "$pid")
  db "UPDATE events SET ends_at = strftime('%s','now') - 1;"
  for _ in $(seq 120); do
    [ "$(db "SELECT count(*) FROM recordings WHERE state = 'recording';")" -eq 0 ] && break; sleep 0.5
  done
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  for p in "${fault_pids[@]}"; do kill -- "-$p" 2>/dev/null || kill "$p" 2>/dev/null || true; done
  fault_pids=()

  n_rec=$(db "SELECT count(*) FROM recordings;")
  per_source=$(db "SELECT group_concat(n) FROM (SELECT count(*) AS n FROM recordings GROUP BY source_uri);")
  python3 - "$work" "$sources" "$rss0" "$rss1" "$fds0" "$fds1" "$proto" "$n_rec" "$per_source" "$rss_max" <<'PY' || overall=1
import configparser, datetime, glob, os, re, sys
work, sources, rss0, rss1, fds0, fds1, proto, n_rec, per_source, rss_max = sys.argv[1:11]
sources, rss0, rss1, fds0, fds1, n_rec = map(int, (sources, rss0, rss1, fds0, fds1, n_rec))
ok = True
ports = dict(l.split()[::-1] for l in open(os.path.join(work, "ports")))  # port -> source index
parse = lambda s: datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=datetime.timezone.utc).timestamp() * 1000
n_cuts = n_gaps = n_within = 0
errors = []
print("%s: %d recording(s) for %d source(s) (per source: %s)" % (proto, n_rec, sources, per_source))
for m in sorted(glob.glob(os.path.join(work, "library", "**", "manifest.ini"), recursive=True)):
    c = configparser.ConfigParser(interpolation=None); c.read(m)
    rec = c["recording"]
    started = parse(rec["started"])
    gaps = sorted((started + int(c[s]["start_ms"]), started + int(c[s]["end_ms"])) for s in c.sections() if s.startswith("gap-"))
    port = (re.findall(r":(\d+)", rec.get("source", "")) or ["?"])[-1]
    i = ports.get(port)
    log = os.path.join(work, "relay%s.log" % i)
    marks = [l.split() for l in open(log)] if i and os.path.exists(log) else []
    cuts = [(int(a[1]), int(b[1])) for a, b in zip(marks, marks[1:]) if a[0] == "cut" and b[0] == "restore"]
    n_cuts += len(cuts); n_gaps += len(gaps)
    lines = []
    for cs, ce in cuts:
        g = [x for x in gaps if x[0] < ce + 1000 and x[1] > cs - 1000]
        if not g:
            lines.append("cut of %.1f s: no gap" % ((ce - cs) / 1000)); ok = False; continue
        gs, ge = g[0]
        e = ((gs - cs) / 1000, (ge - ce) / 1000)
        errors.append(e)
        # The manifest's offsets are on the media timeline, which starts
        # when the first media arrives, a little after "started": so the
        # rule is on the gap's length against the cut's, and the offsets
        # of its start and end are printed for what they are.
        within = abs((ge - gs) - (ce - cs)) <= 1000
        n_within += within
        lines.append("cut %.1f s → gap %.1f s (start %+.1f s, end %+.1f s)%s" % ((ce - cs) / 1000, (ge - gs) / 1000, e[0], e[1], "" if within else " LENGTH OUTSIDE ±1 s"))
    print("  source %s (%s): %d cut(s), %d gap(s)" % (i, rec.get("source", "?"), len(cuts), len(gaps)))
    for l in lines[:6]:
        print("    " + l)
    if len(lines) > 6:
        print("    … %d more" % (len(lines) - 6))
print("  cuts: %d; gaps recorded: %d; gaps whose length is within ±1 s of their cut's: %d" % (n_cuts, n_gaps, n_within))
if errors:
    print("  gap start − cut start: %+.1f … %+.1f s; gap end − link back: %+.1f … %+.1f s" % (
        min(e[0] for e in errors), max(e[0] for e in errors), min(e[1] for e in errors), max(e[1] for e in errors)))
if n_rec != sources:
    print("  FAIL: %d recordings for %d sources" % (n_rec, sources)); ok = False
if n_within < n_cuts:
    print("  FAIL: %d cut(s) not recorded within ±1 s" % (n_cuts - n_within)); ok = False
print("  RSS %d → %d kB (growth %+d kB, limit 10 240; highest sample %s kB); fds %d → %d" % (rss0, rss1, rss1 - rss0, rss_max, fds0, fds1))
print("  segments written: %d; gaps recorded: %d" % (len(glob.glob(os.path.join(work, "library", "**", "segment-*.mp4"), recursive=True)), n_gaps))
if rss1 - rss0 > 10240:
    print("  FAIL: RSS grew by more than 10 MB"); ok = False
if fds1 > fds0:
    print("  FAIL: %d more fds than at the baseline" % (fds1 - fds0)); ok = False
sys.exit(0 if ok else 1)
PY
  [ "${PLN_FAULT_SAMPLES:-0}" = 1 ] && cat "$work/samples"
done
echo "($(versions); mode $mode, $run_seconds s per protocol)"
exit "$overall"
