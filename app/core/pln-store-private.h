/* pln-store-private.h: for the core's own files that speak SQL. */
#pragma once

#include <sqlite3.h>

#include "pln-store.h"

G_BEGIN_DECLS

sqlite3  *_pln_store_get_db              (PlnStore    *self);
gboolean  _pln_store_exec                (PlnStore    *self,
                                          const char  *sql,
                                          GError     **error);
/* Transactions nest: only the outermost begin/commit reach sqlite. */
gboolean  _pln_store_begin               (PlnStore    *self,
                                          GError     **error);
gboolean  _pln_store_commit              (PlnStore    *self,
                                          GError     **error);
void      _pln_store_rollback            (PlnStore    *self);
/* Fills @error from the connection's last error, prefixed by @what. */
gboolean  _pln_store_fail                (PlnStore    *self,
                                          const char  *what,
                                          GError     **error);
/* Prepares @sql on the store's connection, or NULL with @error set. */
sqlite3_stmt *_pln_store_prepare         (PlnStore    *self,
                                          const char  *sql,
                                          GError     **error);
/* Steps a write statement to its end and finalizes it; on failure fills
 * @error with @what and sqlite's reason. */
gboolean  _pln_store_step_done           (PlnStore     *self,
                                          sqlite3_stmt *stmt,
                                          const char   *what,
                                          GError      **error);
/* Now, in Unix seconds. */
gint64    _pln_store_now                 (void);
/* Emits ::changed after a write the models must see. */
void      _pln_store_emit_changed        (PlnStore    *self,
                                          const char  *table);

/* SQL for @ms, an offset into recording @rec as chapters store it, moved onto
 * the packaged timeline, which closes over each gap of the link: less the
 * gaps before it (an offset inside a gap lands where the media resumes). */
#define PLN_STORE_SQL_PLAYED_MS(rec, ms) \
  "(" ms " - coalesce ((SELECT sum (min (g.end_ms, " ms ") - g.start_ms) FROM recording_gaps g " \
  "WHERE g.recording_id = " rec " AND g.start_ms < " ms "), 0))"

G_END_DECLS
