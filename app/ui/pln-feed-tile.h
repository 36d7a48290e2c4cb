/* pln-feed-tile.h: one feed on the Recorder page: its live preview, audio
 * level meters, state (recording, reconnecting, stopped…), figures and a
 * silence warning, from the recorder that records it. */
#pragma once

#include <adwaita.h>

#include "pln-recorder.h"

G_BEGIN_DECLS

/* Below this peak level (dB) for PLN_FEED_TILE_SILENCE_SECONDS a feed is
 * flagged silent. */
#define PLN_FEED_TILE_SILENCE_DB      (-70.0)
#define PLN_FEED_TILE_SILENCE_SECONDS 10

#define PLN_TYPE_FEED_TILE (pln_feed_tile_get_type ())
G_DECLARE_FINAL_TYPE (PlnFeedTile, pln_feed_tile, PLN, FEED_TILE, AdwBin)

PlnFeedTile      *pln_feed_tile_new                 (gint64       source_id,
                                                     const char  *uri);
gint64            pln_feed_tile_get_source_id       (PlnFeedTile *self);
const char       *pln_feed_tile_get_uri             (PlnFeedTile *self);
void              pln_feed_tile_set_title           (PlnFeedTile *self,
                                                     const char  *title);
const char       *pln_feed_tile_get_title           (PlnFeedTile *self);
/* The source row once the feed is one of the event's sources (0: not yet). */
void              pln_feed_tile_set_source_id       (PlnFeedTile *self,
                                                     gint64       source_id);
/* The recorder recording the feed now, or NULL. */
void              pln_feed_tile_set_recorder        (PlnFeedTile *self,
                                                     PlnRecorder *recorder);
PlnRecorder      *pln_feed_tile_get_recorder        (PlnFeedTile *self);
/* What the tile says when no recorder records it: @state (e.g. "Recorded",
 * "Not recording"), and why in the placeholder. @can_record: its Record
 * button is offered. */
void              pln_feed_tile_set_idle            (PlnFeedTile *self,
                                                     const char  *state,
                                                     const char  *explanation,
                                                     gboolean     can_record);
/* Whether the preview and meters run (the page is on screen). */
void              pln_feed_tile_set_watching        (PlnFeedTile *self,
                                                     gboolean     watching);

/* The latest figures, for the page's totals. */
PlnRecorderState  pln_feed_tile_get_state           (PlnFeedTile *self);
double            pln_feed_tile_get_bitrate_kbps    (PlnFeedTile *self);
gint64            pln_feed_tile_get_elapsed_ms      (PlnFeedTile *self);
guint64           pln_feed_tile_get_frames          (PlnFeedTile *self);
guint64           pln_feed_tile_get_frames_dropped  (PlnFeedTile *self);
/* Seconds the feed has been silent (0: it is not). */
guint             pln_feed_tile_get_silent_seconds  (PlnFeedTile *self);
guint64           pln_feed_tile_get_n_preview_frames (PlnFeedTile *self);

/* Signal ::figures-changed: new figures (once a second while recording,
 * and when the state changes). */

G_END_DECLS
