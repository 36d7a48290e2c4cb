/* pln-watch-tracker.c: see pln-watch-tracker.h.
 *
 * An interval is open only while the stream plays and no seek is under
 * way. It opens at a position the tracker trusts (the last timestamp seen
 * outside a seek, or the first one after it) together with the wall clock
 * of that moment, its anchor. A timestamp then extends it only if the
 * stream could have got there by playing: not behind it (a jump back),
 * and not further from the anchor than the wall clock has moved since,
 * plus a small tolerance (a jump ahead, or a timestamp that makes no
 * sense). A jump closes the interval and opens the next one where the
 * stream now is. Over the whole stream, what is counted never exceeds the
 * wall time spent playing plus that tolerance, however the intervals were
 * cut. Timestamps that arrive while a seek is under way are stale (the
 * player samples them in its own thread) and only forgotten. */
#define G_LOG_DOMAIN "plenary-progress"

#include "config.h"

#include "pln-watch-tracker.h"

/* Saved at least this often while playing, by default. */
#define DEFAULT_SAVE_EVERY_MS 5000

struct _PlnWatchTracker
{
  GObject  parent_instance;

  gint64   save_every_ms;
  gint64   duration_ms;

  gboolean playing;
  gboolean seeking;
  gint64   playing_since;  /* clock when playing started */
  gint64   played_ms;      /* wall clock spent playing before that */

  gint64   position_ms;
  gboolean position_known; /* FALSE from a seek until its first timestamp */

  /* The interval being watched. */
  gboolean open;
  gint64   anchor_ms;      /* where it was trusted to be ... */
  gint64   anchor_clock;   /* ... and when */
  gint64   from_ms;        /* what is not yielded yet: [from_ms, end_ms) */
  gint64   end_ms;
  gint64   end_clock;      /* when end_ms was seen */

  gint64   counted_ms;     /* yielded so far */
  GArray  *closed;         /* PlnInterval, not taken yet */
};

G_DEFINE_FINAL_TYPE (PlnWatchTracker, pln_watch_tracker, G_TYPE_OBJECT)

/* ---- Helpers -------------------------------------------------------- */

static gint64
playing_ms (PlnWatchTracker *self,
            gint64           clock_ms)
{
  return self->played_ms + (self->playing ? MAX (clock_ms - self->playing_since, 0) : 0);
}

static void
open_at (PlnWatchTracker *self,
         gint64           position_ms,
         gint64           clock_ms)
{
  self->open = TRUE;
  self->anchor_ms = self->from_ms = self->end_ms = position_ms;
  self->anchor_clock = self->end_clock = clock_ms;
}

/* The furthest the open interval may reach at @clock_ms: no further from
 * its anchor than the wall clock moved, and, with what was counted
 * before, no more than the stream spent playing (each plus the
 * tolerance). */
static gint64
reach_limit (PlnWatchTracker *self,
             gint64           clock_ms)
{
  gint64 by_anchor = self->anchor_ms + MAX (clock_ms - self->anchor_clock, 0) + PLN_WATCH_TRACKER_TOLERANCE_MS;
  gint64 by_budget = self->from_ms + playing_ms (self, clock_ms) + PLN_WATCH_TRACKER_TOLERANCE_MS - self->counted_ms;

  return MIN (by_anchor, by_budget);
}

/* Hands over [from_ms, end_ms) (clipped to the stream) and closes the
 * interval, or keeps it open from its end when @keep_open. */
static void
yield (PlnWatchTracker *self,
       gboolean         keep_open)
{
  if (!self->open)
    return;
  if (self->end_ms > self->from_ms)
    {
      PlnInterval interval = { MAX (self->from_ms, 0), self->end_ms };

      if (self->duration_ms > 0)
        interval.end_ms = MIN (interval.end_ms, self->duration_ms);
      if (interval.end_ms > interval.start_ms)
        {
          g_array_append_val (self->closed, interval);
          self->counted_ms += interval.end_ms - interval.start_ms;
        }
      self->from_ms = self->end_ms;
    }
  self->open = keep_open;
}

/* ---- Overrides ------------------------------------------------------ */

static void
pln_watch_tracker_finalize (GObject *object)
{
  PlnWatchTracker *self = PLN_WATCH_TRACKER (object);

  g_clear_pointer (&self->closed, g_array_unref);

  G_OBJECT_CLASS (pln_watch_tracker_parent_class)->finalize (object);
}

static void
pln_watch_tracker_class_init (PlnWatchTrackerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pln_watch_tracker_finalize;
}

static void
pln_watch_tracker_init (PlnWatchTracker *self)
{
  self->save_every_ms = DEFAULT_SAVE_EVERY_MS;
  self->position_known = TRUE;   /* a new stream stands at 0 */
  self->closed = g_array_new (FALSE, FALSE, sizeof (PlnInterval));
}

/* ---- Public API ----------------------------------------------------- */

PlnWatchTracker *
pln_watch_tracker_new (void)
{
  return g_object_new (PLN_TYPE_WATCH_TRACKER, NULL);
}

void
pln_watch_tracker_set_save_every (PlnWatchTracker *self,
                                  gint64           save_every_ms)
{
  g_return_if_fail (PLN_IS_WATCH_TRACKER (self));
  self->save_every_ms = MAX (save_every_ms, 0);
}

void
pln_watch_tracker_set_duration (PlnWatchTracker *self,
                                gint64           duration_ms)
{
  g_return_if_fail (PLN_IS_WATCH_TRACKER (self));
  self->duration_ms = MAX (duration_ms, 0);
}

void
pln_watch_tracker_playing_changed (PlnWatchTracker *self,
                                   gboolean         playing,
                                   gint64           clock_ms)
{
  g_return_if_fail (PLN_IS_WATCH_TRACKER (self));

  playing = !!playing;
  if (playing == self->playing)
    return;
  if (playing)
    {
      self->playing = TRUE;
      self->playing_since = clock_ms;
      /* From where it stands, if that is known; otherwise from the first
       * timestamp. */
      if (!self->seeking && self->position_known)
        open_at (self, self->position_ms, clock_ms);
    }
  else
    {
      self->played_ms = playing_ms (self, clock_ms);
      self->playing = FALSE;
      yield (self, FALSE);
    }
}

void
pln_watch_tracker_seeking_changed (PlnWatchTracker *self,
                                   gboolean         seeking,
                                   gint64           clock_ms)
{
  g_return_if_fail (PLN_IS_WATCH_TRACKER (self));

  seeking = !!seeking;
  if (seeking == self->seeking)
    return;
  self->seeking = seeking;
  if (seeking)
    {
      yield (self, FALSE);
      self->position_known = FALSE;
    }
  /* Once the seek is done, its first timestamp says where it landed. */
}

void
pln_watch_tracker_seek_requested (PlnWatchTracker *self,
                                  gint64           clock_ms)
{
  g_return_if_fail (PLN_IS_WATCH_TRACKER (self));

  yield (self, FALSE);
  self->position_known = FALSE;
}

void
pln_watch_tracker_timestamp (PlnWatchTracker *self,
                             gint64           position_ms,
                             gint64           clock_ms)
{
  gint64 limit;

  g_return_if_fail (PLN_IS_WATCH_TRACKER (self));

  /* Sampled before the seek, or on its way: says nothing. */
  if (self->seeking)
    return;
  position_ms = MAX (position_ms, 0);
  self->position_ms = position_ms;
  self->position_known = TRUE;
  if (!self->playing)
    return;

  if (!self->open)
    {
      open_at (self, position_ms, clock_ms);
      return;
    }
  if (position_ms < self->end_ms - PLN_WATCH_TRACKER_BACK_JITTER_MS ||
      position_ms > self->anchor_ms + MAX (clock_ms - self->anchor_clock, 0) + PLN_WATCH_TRACKER_TOLERANCE_MS)
    {
      /* A jump back, or further ahead than playing could have gone. */
      yield (self, FALSE);
      open_at (self, position_ms, clock_ms);
      return;
    }
  limit = reach_limit (self, clock_ms);
  if (MIN (position_ms, limit) > self->end_ms)
    {
      self->end_ms = MIN (position_ms, limit);
      self->end_clock = clock_ms;
    }
  if (self->save_every_ms > 0 && self->end_ms - self->from_ms >= self->save_every_ms)
    yield (self, TRUE);
}

void
pln_watch_tracker_ended (PlnWatchTracker *self,
                         gint64           clock_ms)
{
  g_return_if_fail (PLN_IS_WATCH_TRACKER (self));

  /* It played on from the last timestamp to the end, as far as the time
   * since then allows. */
  if (self->open && self->playing && !self->seeking && self->duration_ms > self->end_ms)
    {
      gint64 end = MIN (self->duration_ms, self->end_ms + MAX (clock_ms - self->end_clock, 0));

      end = MIN (end, reach_limit (self, clock_ms));
      if (end > self->end_ms)
        {
          self->end_ms = end;
          self->end_clock = clock_ms;
        }
    }
  yield (self, FALSE);
  if (self->duration_ms > 0)
    {
      self->position_ms = self->duration_ms;
      self->position_known = TRUE;
    }
}

void
pln_watch_tracker_checkpoint (PlnWatchTracker *self,
                              gint64           clock_ms)
{
  g_return_if_fail (PLN_IS_WATCH_TRACKER (self));
  yield (self, TRUE);
}

void
pln_watch_tracker_close (PlnWatchTracker *self,
                         gint64           clock_ms)
{
  g_return_if_fail (PLN_IS_WATCH_TRACKER (self));

  if (self->playing)
    {
      self->played_ms = playing_ms (self, clock_ms);
      self->playing = FALSE;
    }
  yield (self, FALSE);
}

GArray *
pln_watch_tracker_take_intervals (PlnWatchTracker *self)
{
  GArray *taken;

  g_return_val_if_fail (PLN_IS_WATCH_TRACKER (self), NULL);

  if (self->closed->len == 0)
    return NULL;
  taken = g_steal_pointer (&self->closed);
  self->closed = g_array_new (FALSE, FALSE, sizeof (PlnInterval));
  return taken;
}

gint64
pln_watch_tracker_get_counted_ms (PlnWatchTracker *self)
{
  g_return_val_if_fail (PLN_IS_WATCH_TRACKER (self), 0);
  return self->counted_ms;
}

gint64
pln_watch_tracker_get_playing_ms (PlnWatchTracker *self,
                                  gint64           clock_ms)
{
  g_return_val_if_fail (PLN_IS_WATCH_TRACKER (self), 0);
  return playing_ms (self, clock_ms);
}
