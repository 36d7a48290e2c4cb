/* pln-intervals.h: watched intervals of a recording, kept merged, so that
 * watching the same minute twice does not count twice and skipping ahead
 * does not count at all. Pure functions over arrays. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  gint64 start_ms;
  gint64 end_ms;    /* exclusive */
} PlnInterval;

/* Sorts @intervals (a GArray of PlnInterval) and merges those that overlap
 * or touch; drops empty and inverted ones. In place. */
void   pln_intervals_merge   (GArray *intervals);
/* Total milliseconds covered by merged @intervals, clipped to
 * [0, @duration_ms) when @duration_ms > 0. */
gint64 pln_intervals_covered (GArray *intervals,
                              gint64  duration_ms);

G_END_DECLS
