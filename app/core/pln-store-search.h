/* pln-store-search.h: full-text search over recordings (sqlite FTS5),
 * blind to case and to Vietnamese diacritics (part of the PlnStore API). */
#pragma once

#include "pln-recording.h"
#include "pln-store.h"

G_BEGIN_DECLS

/* Refreshes the search row of one recording from its title, description,
 * event (title, description, agenda, speakers), chapters and the names of
 * the event's sites. The store calls it when it changes a recording. */
gboolean    pln_store_index_recording       (PlnStore       *self,
                                             gint64          id,
                                             GError        **error);
/* Refreshes every recording's search row (after a bulk change). */
gboolean    pln_store_rebuild_search_index  (PlnStore       *self,
                                             GError        **error);
/* (transfer full): the recordings matching every word of @query (prefix
 * matches: "tap hu" finds "tập huấn"), best first; at most @limit (0: no
 * limit). @ready_only keeps the ready ones; @at_least the visibility.
 * Recordings written by other programs (without an index row) are
 * indexed first. An empty query gives an empty list. */
GListModel *pln_store_search_recordings     (PlnStore       *self,
                                             const char     *query,
                                             PlnVisibility   at_least,
                                             gboolean        ready_only,
                                             guint           limit,
                                             GError        **error);

G_END_DECLS
