/* pln-store-viewers.c: see pln-store-viewers.h. */
#define G_LOG_DOMAIN "plenary-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pln-intervals.h"
#include "pln-store-private.h"
#include "pln-store-viewers.h"

gint64
pln_store_find_person_by_signin_code (PlnStore    *self,
                                      const char  *code,
                                      char       **name)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;

  g_return_val_if_fail (PLN_IS_STORE (self), 0);

  if (code == NULL || *code == '\0')
    return 0;
  stmt = _pln_store_prepare (self, "SELECT id, name FROM people WHERE signin_code = ?1;", NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (stmt, 0);
      if (name != NULL)
        *name = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
    }
  sqlite3_finalize (stmt);
  return id;
}

static GArray *
load_intervals (PlnStore *self,
                gint64    person_id,
                gint64    recording_id)
{
  GArray *intervals = g_array_new (FALSE, FALSE, sizeof (PlnInterval));
  sqlite3_stmt *stmt = _pln_store_prepare (self,
                                           "SELECT start_ms, end_ms FROM progress "
                                           "WHERE person_id = ?1 AND recording_id = ?2;", NULL);

  if (stmt == NULL)
    return intervals;
  sqlite3_bind_int64 (stmt, 1, person_id);
  sqlite3_bind_int64 (stmt, 2, recording_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      PlnInterval interval = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1) };
      g_array_append_val (intervals, interval);
    }
  sqlite3_finalize (stmt);
  return intervals;
}

gboolean
pln_store_add_progress (PlnStore    *self,
                        gint64       person_id,
                        gint64       recording_id,
                        gint64       start_ms,
                        gint64       end_ms,
                        const char  *origin,
                        GError     **error)
{
  g_autoptr(GArray) intervals = NULL;
  PlnInterval added = { MAX (start_ms, 0), end_ms };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PLN_IS_STORE (self), FALSE);

  if (end_ms <= start_ms)
    {
      g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_INVALID,
                   _("A watched interval must end after it starts (%lld ms to %lld ms)."),
                   (long long) start_ms, (long long) end_ms);
      return FALSE;
    }

  if (!_pln_store_begin (self, error))
    return FALSE;

  intervals = load_intervals (self, person_id, recording_id);
  g_array_append_val (intervals, added);
  pln_intervals_merge (intervals);

  stmt = _pln_store_prepare (self, "DELETE FROM progress WHERE person_id = ?1 AND recording_id = ?2;", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, person_id);
  sqlite3_bind_int64 (stmt, 2, recording_id);
  if (!_pln_store_step_done (self, stmt, _("Cannot save the progress"), error))
    goto failed;

  for (guint i = 0; i < intervals->len; i++)
    {
      const PlnInterval *interval = &g_array_index (intervals, PlnInterval, i);
      /* The interval that took the new piece is the one watched last. */
      gboolean latest = interval->start_ms <= added.start_ms && added.end_ms <= interval->end_ms;

      stmt = _pln_store_prepare (self,
                                 "INSERT INTO progress (person_id, recording_id, start_ms, end_ms, origin, updated_at) "
                                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6);", error);
      if (stmt == NULL)
        goto failed;
      sqlite3_bind_int64 (stmt, 1, person_id);
      sqlite3_bind_int64 (stmt, 2, recording_id);
      sqlite3_bind_int64 (stmt, 3, interval->start_ms);
      sqlite3_bind_int64 (stmt, 4, interval->end_ms);
      sqlite3_bind_text (stmt, 5, origin ? origin : "app", -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 6, latest ? now : now - 1);
      if (!_pln_store_step_done (self, stmt, _("Cannot save the progress"), error))
        goto failed;
    }

  if (!_pln_store_commit (self, error))
    return FALSE;
  _pln_store_emit_changed (self, "progress");
  return TRUE;

failed:
  _pln_store_rollback (self);
  return FALSE;
}

gint64
pln_store_get_watched_ms (PlnStore *self,
                          gint64    person_id,
                          gint64    recording_id)
{
  g_autoptr(GArray) intervals = load_intervals (self, person_id, recording_id);

  pln_intervals_merge (intervals);
  return pln_intervals_covered (intervals, 0);
}

gint64
pln_store_get_resume_ms (PlnStore *self,
                         gint64    person_id,
                         gint64    recording_id)
{
  sqlite3_stmt *stmt = _pln_store_prepare (self,
                                           "SELECT end_ms FROM progress WHERE person_id = ?1 AND recording_id = ?2 "
                                           "ORDER BY updated_at DESC, end_ms DESC LIMIT 1;", NULL);
  gint64 resume = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, person_id);
  sqlite3_bind_int64 (stmt, 2, recording_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    resume = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return resume;
}
