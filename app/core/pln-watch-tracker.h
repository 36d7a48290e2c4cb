/* pln-watch-tracker.h: what a person really watched of a replay, worked
 * out from what the player reports (playing, seeking, timestamps, end of
 * stream) and from the wall clock, with no player in it, so its rules can
 * be tested without video.
 *
 * Only time that advanced while playing counts: never across a seek or a
 * jump, never faster than the wall clock allows (beyond a small
 * tolerance, whatever the timestamps say), never from a timestamp that
 * arrives while a seek is under way. The closed intervals it yields are
 * what the store keeps (pln_store_add_progress ()).
 *
 * Every call takes @clock_ms, a monotonic clock in milliseconds
 * (g_get_monotonic_time () / 1000 in the app, made-up values in tests). */
#pragma once

#include <glib-object.h>

#include "pln-intervals.h"

G_BEGIN_DECLS

/* How far ahead of the wall clock a watched interval may get (the
 * player's timestamps are sampled in its own thread and reach the main
 * loop late, some sooner than others). */
#define PLN_WATCH_TRACKER_TOLERANCE_MS 300
/* A timestamp this much behind the last one is a jump back; less is the
 * player's jitter and is ignored. */
#define PLN_WATCH_TRACKER_BACK_JITTER_MS 100

#define PLN_TYPE_WATCH_TRACKER (pln_watch_tracker_get_type ())
G_DECLARE_FINAL_TYPE (PlnWatchTracker, pln_watch_tracker, PLN, WATCH_TRACKER, GObject)

/* A tracker for a stream that stands paused at 0. */
PlnWatchTracker *pln_watch_tracker_new              (void);

/* While an interval grows, a piece of it is yielded at least every
 * @save_every_ms (0: only when it closes), so a crash loses little. */
void     pln_watch_tracker_set_save_every   (PlnWatchTracker *self,
                                             gint64           save_every_ms);
/* The stream's duration (0: unknown); intervals are clipped to it, and
 * the end of the stream counts up to it. */
void     pln_watch_tracker_set_duration     (PlnWatchTracker *self,
                                             gint64           duration_ms);

void     pln_watch_tracker_playing_changed  (PlnWatchTracker *self,
                                             gboolean         playing,
                                             gint64           clock_ms);
void     pln_watch_tracker_seeking_changed  (PlnWatchTracker *self,
                                             gboolean         seeking,
                                             gint64           clock_ms);
/* Called before the page itself seeks (a chapter, the resume point):
 * what was being watched closes where it was. */
void     pln_watch_tracker_seek_requested   (PlnWatchTracker *self,
                                             gint64           clock_ms);
void     pln_watch_tracker_timestamp        (PlnWatchTracker *self,
                                             gint64           position_ms,
                                             gint64           clock_ms);
/* The stream reached its end. */
void     pln_watch_tracker_ended            (PlnWatchTracker *self,
                                             gint64           clock_ms);

/* Yields what has been watched so far and goes on watching (the viewer
 * changes, the page saves). */
void     pln_watch_tracker_checkpoint       (PlnWatchTracker *self,
                                             gint64           clock_ms);
/* Yields what has been watched and stops (the stream goes away). */
void     pln_watch_tracker_close            (PlnWatchTracker *self,
                                             gint64           clock_ms);

/* The intervals closed since the last call (a GArray of PlnInterval, in
 * the order they closed, each non-empty), or NULL if there are none. */
GArray  *pln_watch_tracker_take_intervals   (PlnWatchTracker *self);
/* Milliseconds yielded so far, all intervals added up (not merged). */
gint64   pln_watch_tracker_get_counted_ms   (PlnWatchTracker *self);
/* Milliseconds of wall clock the stream has spent playing. */
gint64   pln_watch_tracker_get_playing_ms   (PlnWatchTracker *self,
                                             gint64           clock_ms);

G_END_DECLS
