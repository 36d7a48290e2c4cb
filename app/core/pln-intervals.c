/* pln-intervals.c: see pln-intervals.h. */
#define G_LOG_DOMAIN "plenary-progress"

#include "config.h"

#include "pln-intervals.h"

static int
compare_start (gconstpointer a,
               gconstpointer b)
{
  const PlnInterval *ia = a, *ib = b;

  if (ia->start_ms != ib->start_ms)
    return ia->start_ms < ib->start_ms ? -1 : 1;
  return ia->end_ms < ib->end_ms ? -1 : ia->end_ms > ib->end_ms;
}

void
pln_intervals_merge (GArray *intervals)
{
  guint out = 0;

  g_array_sort (intervals, compare_start);
  for (guint i = 0; i < intervals->len; i++)
    {
      PlnInterval current = g_array_index (intervals, PlnInterval, i);
      PlnInterval *last = out > 0 ? &g_array_index (intervals, PlnInterval, out - 1) : NULL;

      if (current.end_ms <= current.start_ms)
        continue;
      if (last != NULL && current.start_ms <= last->end_ms)
        last->end_ms = MAX (last->end_ms, current.end_ms);
      else
        g_array_index (intervals, PlnInterval, out++) = current;
    }
  g_array_set_size (intervals, out);
}

gint64
pln_intervals_covered (GArray *intervals,
                       gint64  duration_ms)
{
  gint64 total = 0;

  for (guint i = 0; i < intervals->len; i++)
    {
      const PlnInterval *interval = &g_array_index (intervals, PlnInterval, i);
      gint64 start = MAX (interval->start_ms, 0);
      gint64 end = duration_ms > 0 ? MIN (interval->end_ms, duration_ms) : interval->end_ms;

      if (end > start)
        total += end - start;
    }
  return total;
}
