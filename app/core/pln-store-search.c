/* pln-store-search.c: see pln-store-search.h.
 *
 * recordings_fts holds one row per recording (rowid = recording id) with
 * text folded by pln_text_fold(): sqlite's remove_diacritics cannot fold
 * đ/Đ, so folding is ours, and the query is folded the same way.
 */
#define G_LOG_DOMAIN "plenary-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pln-recording-private.h"
#include "pln-store-private.h"
#include "pln-store-search.h"
#include "pln-text-fold.h"

/* In pln-store-recordings.c. */
PlnRecording *_pln_store_recording_from_row (sqlite3_stmt *stmt);

#define N_COLUMNS 6

static const char source_sql[] =
  "SELECT r.title || ' ' || coalesce (e.title, ''), "
  "       r.description || ' ' || coalesce (e.description, ''), "
  "       (SELECT group_concat (a.title, ' ') FROM agenda_items a WHERE a.event_id = r.event_id), "
  "       (SELECT group_concat (c.title, ' ') FROM chapters c WHERE c.recording_id = r.id), "
  "       (SELECT group_concat (a.speaker, ' ') FROM agenda_items a WHERE a.event_id = r.event_id), "
  "       (SELECT group_concat (s.name, ' ') FROM sites s WHERE s.id = e.host_site_id "
  "          OR s.id IN (SELECT p.site_id FROM bridge_points p WHERE p.event_id = r.event_id)) "
  "FROM recordings r LEFT JOIN events e ON e.id = r.event_id WHERE r.id = ?1;";

static gboolean
write_row (PlnStore    *self,
           gint64       id,
           char       **folded,
           GError     **error)
{
  sqlite3_stmt *stmt = _pln_store_prepare (self, "DELETE FROM recordings_fts WHERE rowid = ?1;", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!_pln_store_step_done (self, stmt, _("Cannot update the search index"), error))
    return FALSE;
  if (folded[0] == NULL)
    return TRUE;

  stmt = _pln_store_prepare (self,
                             "INSERT INTO recordings_fts (rowid, title, description, agenda, chapters, speakers, sites) "
                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7);", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  for (int i = 0; i < N_COLUMNS; i++)
    sqlite3_bind_text (stmt, i + 2, folded[i], -1, SQLITE_TRANSIENT);
  return _pln_store_step_done (self, stmt, _("Cannot update the search index"), error);
}

gboolean
pln_store_index_recording (PlnStore  *self,
                           gint64     id,
                           GError   **error)
{
  char *folded[N_COLUMNS] = { NULL, };
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (PLN_IS_STORE (self), FALSE);

  stmt = _pln_store_prepare (self, source_sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    for (int i = 0; i < N_COLUMNS; i++)
      folded[i] = pln_text_fold ((const char *) sqlite3_column_text (stmt, i));
  sqlite3_finalize (stmt);

  ok = write_row (self, id, folded, error);
  for (int i = 0; i < N_COLUMNS; i++)
    g_free (folded[i]);
  return ok;
}

static gboolean
index_where (PlnStore    *self,
             const char  *sql,
             GError     **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = _pln_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_finalize (stmt);
  if (ids->len == 0)
    return TRUE;

  if (!_pln_store_begin (self, error))
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    if (!pln_store_index_recording (self, g_array_index (ids, gint64, i), error))
      {
        _pln_store_rollback (self);
        return FALSE;
      }
  return _pln_store_commit (self, error);
}

static gboolean
index_is_current (PlnStore *self)
{
  sqlite3_stmt *stmt = _pln_store_prepare (self,
                                           "SELECT (SELECT count(*) FROM recordings) = (SELECT count(*) FROM recordings_fts_docsize) "
                                           "AND (SELECT coalesce (max (id), 0) FROM recordings) = "
                                           "(SELECT coalesce (max (id), 0) FROM recordings_fts_docsize);", NULL);
  gboolean current = FALSE;

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    current = sqlite3_column_int (stmt, 0) != 0;
  sqlite3_finalize (stmt);
  return current;
}

gboolean
pln_store_rebuild_search_index (PlnStore  *self,
                                GError   **error)
{
  g_return_val_if_fail (PLN_IS_STORE (self), FALSE);

  /* Made anew (as in 002-archive.sql), so the index's own pages are the
   * same for the same rows whatever was deleted before (the demo's rows
   * are compared as a sqlite3 .dump). */
  if (!_pln_store_begin (self, error))
    return FALSE;
  if (!_pln_store_exec (self,
                        "DROP TABLE recordings_fts;"
                        "CREATE VIRTUAL TABLE recordings_fts USING fts5 ("
                        "  title, description, agenda, chapters, speakers, sites,"
                        "  tokenize = 'unicode61 remove_diacritics 2');", error) ||
      !index_where (self, "SELECT id FROM recordings ORDER BY id;", error))
    {
      _pln_store_rollback (self);
      return FALSE;
    }
  return _pln_store_commit (self, error);
}

GListModel *
pln_store_search_recordings (PlnStore       *self,
                             const char     *query,
                             PlnVisibility   at_least,
                             gboolean        ready_only,
                             guint           limit,
                             GError        **error)
{
  GListStore *recordings = g_list_store_new (PLN_TYPE_RECORDING);
  g_autofree char *match = pln_text_fold_fts_query (query);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PLN_IS_STORE (self), NULL);

  if (match == NULL)
    return G_LIST_MODEL (recordings);

  /* Rows written by another program (the sqlite3 tool, an older Plenary):
   * when the counts or the highest ids differ, index what is missing
   * (recordings_fts_docsize is FTS5's own table of the indexed rowids). */
  if (!index_is_current (self) &&
      !index_where (self, "SELECT id FROM recordings WHERE id NOT IN (SELECT id FROM recordings_fts_docsize);", error))
    {
      g_object_unref (recordings);
      return NULL;
    }

  stmt = _pln_store_prepare (self,
                             "SELECT r.id, r.public_id, coalesce (r.event_id, 0), coalesce (e.title, ''), r.title, "
                             "r.description, r.folder, r.state, r.visibility, coalesce (r.started_at, 0), r.duration_ms "
                             "FROM recordings_fts f JOIN recordings r ON r.id = f.rowid "
                             "LEFT JOIN events e ON e.id = r.event_id "
                             "WHERE recordings_fts MATCH ?1 AND (?2 = 0 OR r.state = 'ready') AND "
                             "(CASE r.visibility WHEN 'public' THEN 2 WHEN 'staff' THEN 1 ELSE 0 END) >= ?3 "
                             "ORDER BY bm25 (recordings_fts, 10.0, 2.0, 3.0, 3.0, 3.0, 2.0), r.started_at DESC, r.id DESC "
                             "LIMIT ?4;", error);
  if (stmt == NULL)
    {
      g_object_unref (recordings);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, ready_only ? 1 : 0);
  sqlite3_bind_int (stmt, 3, at_least);
  sqlite3_bind_int64 (stmt, 4, limit > 0 ? (gint64) limit : -1);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(PlnRecording) recording = _pln_store_recording_from_row (stmt);
      g_list_store_append (recordings, recording);
    }
  sqlite3_finalize (stmt);
  return G_LIST_MODEL (recordings);
}
