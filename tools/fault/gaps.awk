# tools/fault/gaps.awk: one source's cuts (the relay's log) against the gaps
# of its recording (its manifest.ini), for relay-cut.sh.
#   awk -v started=MS -v idx=I -v src=URI -f gaps.awk RELAY_LOG MANIFEST
# A cut is a "cut T" line followed by a "restore T" line (epoch ms); a gap
# "flow T" (the relay's udp mode: the sender's first datagram after a
# restore) is printed beside its cut. A gap is a [gap-N] section (start_ms/end_ms on the recording's timeline, which
# begins at "started"). For each cut, the first gap overlapping it (±1 s)
# is its gap; its length must be within ±1 s of the cut's. A cut no
# longer than -v watchdog_ms (the source's shortest silence counted as a
# lost link) may leave no gap. The manifest's
# offsets are on the media timeline, which starts when the first media
# arrives, a little after "started": so the rule is on the gap's length,
# and the offsets of its start and end are printed for what they are.
# Prints the source's lines, then "LENGTHS" and the matched gaps' lengths
# in s, then "TOTALS cuts gaps within ok e0min e0max e1min e1max n_e".
{ file = FILENAME == ARGV[1] ? 1 : 2 }
file == 1 && NF == 2 && $1 == "flow" { flow[++n_flows] = $2 + 0; next }
file == 1 && NF == 2 { mark[++n_marks] = $1; at[n_marks] = $2 + 0; next }
file == 2 && /^\[/ { section = substr($0, 2, length($0) - 2); next }
file == 2 && section ~ /^gap-/ {
  eq = index($0, "="); if (eq == 0) next
  key = substr($0, 1, eq - 1); value = substr($0, eq + 1)
  if (!(section in gap_index)) { gap_index[section] = ++n_gaps }
  g = gap_index[section]
  if (key == "start_ms") gs[g] = started + value
  if (key == "end_ms") ge[g] = started + value
}
END {
  # sort the gaps by their start (a few per source: insertion sort)
  for (i = 2; i <= n_gaps; i++)
    for (j = i; j > 1 && gs[j] < gs[j - 1]; j--) {
      t = gs[j]; gs[j] = gs[j - 1]; gs[j - 1] = t
      t = ge[j]; ge[j] = ge[j - 1]; ge[j - 1] = t
    }
  ok = 1; n_cuts = 0; within_n = 0; n_e = 0; n_lines = 0
  for (m = 1; m < n_marks; m++) {
    if (mark[m] != "cut" || mark[m + 1] != "restore") continue
    cs = at[m]; ce = at[m + 1]; n_cuts++
    found = 0
    for (g = 1; g <= n_gaps; g++)
      if (gs[g] < ce + 1000 && ge[g] > cs - 1000) { found = g; break }
    if (!found) {
      # a cut the source rides out (HLS: its playlist covers it, watchdog 20 s) needs no gap
      if (watchdog_ms > 0 && ce - cs <= watchdog_ms) {
        line[++n_lines] = sprintf("cut of %.1f s: no gap, rightly (the source's watchdog is %.0f s)", (ce - cs) / 1000, watchdog_ms / 1000)
        within_n++; continue
      }
      line[++n_lines] = sprintf("cut of %.1f s: no gap", (ce - cs) / 1000); ok = 0; continue
    }
    e0 = (gs[found] - cs) / 1000; e1 = (ge[found] - ce) / 1000
    if (n_e == 0 || e0 < e0min) e0min = e0
    if (n_e == 0 || e0 > e0max) e0max = e0
    if (n_e == 0 || e1 < e1min) e1min = e1
    if (n_e == 0 || e1 > e1max) e1max = e1
    n_e++
    d = (ge[found] - gs[found]) - (ce - cs)
    within = (d <= 1000 && d >= -1000)
    within_n += within
    lengths = lengths sprintf(" %.1f", (ge[found] - gs[found]) / 1000)
    # a pushing sender (SRT): when its first datagram after the restore came
    sender = ""
    for (f = 1; f <= n_flows; f++)
      if (flow[f] >= ce) {
        sender = sprintf("; sender back %+.1f s, gap end − sender back %+.1f s", (flow[f] - ce) / 1000, (ge[found] - flow[f]) / 1000)
        break
      }
    line[++n_lines] = sprintf("cut %.1f s → gap %.1f s (start %+.1f s, end %+.1f s%s)%s", (ce - cs) / 1000,
                              (ge[found] - gs[found]) / 1000, e0, e1, sender, within ? "" : " LENGTH OUTSIDE ±1 s")
  }
  printf "  source %s (%s): %d cut(s), %d gap(s)\n", idx, src, n_cuts, n_gaps
  for (l = 1; l <= n_lines && l <= 6; l++) print "    " line[l]
  if (n_lines > 6) printf "    … %d more\n", n_lines - 6
  print "LENGTHS" lengths
  printf "TOTALS %d %d %d %d %.1f %.1f %.1f %.1f %d\n", n_cuts, n_gaps, within_n, ok, e0min, e0max, e1min, e1max, n_e
}
