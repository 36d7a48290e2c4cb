#!/usr/bin/env bash
# tools/fault/soak.sh [--minutes N] [--flap-every S]   (default 480 min, 600 s)
# A soak: `plenary serve` records 4 sources (RTSP, SRT, HLS, RTSP) through
# loopback relays for N minutes, with a 3 s cut of every link every
# --flap-every seconds (10 min). Prints RSS and fds (at the start, every
# 30 s, at the end), segments and gaps, and checks what relay-cut.sh
# checks: one recording per source, every cut a gap within ±1 s, RSS
# growth ≤ 10 MB, fds back to the baseline.
minutes=480 flap_every=600
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes=$2; shift 2 ;;
    --flap-every) flap_every=$2; shift 2 ;;
    *) echo "usage: $0 [--minutes N] [--flap-every S]" >&2; exit 2 ;;
  esac
done
PLN_FAULT_SAMPLES=1 exec "$(dirname "$0")/relay-cut.sh" --mode flap --minutes "$minutes" --protocols mixed \
  --sources 4 --flap-every "$flap_every" --flap-for 3
