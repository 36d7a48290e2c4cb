/* pln-store-schedule.c: see pln-store-schedule.h. */
#define G_LOG_DOMAIN "plenary-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pln-store-private.h"
#include "pln-store-schedule.h"

void
pln_scheduled_source_free (PlnScheduledSource *source)
{
  g_free (source->uri);
  g_free (source->title);
  g_free (source);
}

void
pln_archive_job_entry_free (PlnArchiveJobEntry *entry)
{
  g_free (entry->state);
  g_free (entry->error);
  g_free (entry);
}

gint64
pln_store_add_event_source (PlnStore    *self,
                            gint64       event_id,
                            const char  *uri,
                            GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;

  g_return_val_if_fail (PLN_IS_STORE (self), 0);

  stmt = _pln_store_prepare (self,
                             "INSERT INTO event_sources (event_id, position, uri) VALUES (?1, "
                             "(SELECT coalesce (max (position), -1) + 1 FROM event_sources WHERE event_id = ?1), ?2) "
                             "ON CONFLICT (event_id, uri) DO NOTHING;", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, event_id);
  sqlite3_bind_text (stmt, 2, uri, -1, SQLITE_TRANSIENT);
  if (!_pln_store_step_done (self, stmt, _("Cannot add the recording source"), error))
    return 0;

  stmt = _pln_store_prepare (self, "SELECT id FROM event_sources WHERE event_id = ?1 AND uri = ?2;", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, event_id);
  sqlite3_bind_text (stmt, 2, uri, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  _pln_store_emit_changed (self, "event_sources");
  return id;
}

gboolean
pln_store_remove_event_source (PlnStore    *self,
                               gint64       event_id,
                               const char  *uri,
                               GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PLN_IS_STORE (self), FALSE);

  stmt = _pln_store_prepare (self, "DELETE FROM event_sources WHERE event_id = ?1 AND uri = ?2;", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, event_id);
  sqlite3_bind_text (stmt, 2, uri, -1, SQLITE_TRANSIENT);
  if (!_pln_store_step_done (self, stmt, _("Cannot remove the recording source"), error))
    return FALSE;
  if (sqlite3_changes (_pln_store_get_db (self)) == 0)
    {
      g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_NOT_FOUND,
                   _("Event %lld does not record “%s”: nothing was removed."), (long long) event_id, uri);
      return FALSE;
    }
  _pln_store_emit_changed (self, "event_sources");
  return TRUE;
}

GStrv
pln_store_list_event_sources (PlnStore *self,
                              gint64    event_id)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PLN_IS_STORE (self), NULL);

  stmt = _pln_store_prepare (self, "SELECT uri FROM event_sources WHERE event_id = ?1 ORDER BY position, id;", NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, event_id);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
      sqlite3_finalize (stmt);
    }
  return g_strv_builder_end (builder);
}

static gboolean
write_ids (PlnStore    *self,
           const char  *sql,
           gint64       a,
           gint64       b,
           gint64       c,
           const char  *what,
           GError     **error)
{
  sqlite3_stmt *stmt = _pln_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, a);
  sqlite3_bind_int64 (stmt, 2, b);
  sqlite3_bind_int64 (stmt, 3, c);
  return _pln_store_step_done (self, stmt, what, error);
}

gboolean
pln_store_set_event_margins (PlnStore  *self,
                             gint64     event_id,
                             int        lead_seconds,
                             int        tail_seconds,
                             GError   **error)
{
  if (!write_ids (self,
                  "UPDATE events SET lead_seconds = CASE WHEN ?2 < 0 THEN NULL ELSE ?2 END, "
                  "tail_seconds = CASE WHEN ?3 < 0 THEN NULL ELSE ?3 END WHERE id = ?1;",
                  event_id, lead_seconds, tail_seconds, _("Cannot save the event’s recording margins"), error))
    return FALSE;
  _pln_store_emit_changed (self, "events");
  return TRUE;
}

gboolean
pln_store_extend_event_recording (PlnStore  *self,
                                  gint64     event_id,
                                  int        seconds,
                                  GError   **error)
{
  if (!write_ids (self,
                  "UPDATE events SET tail_seconds = max (0, coalesce (tail_seconds, ?3) + ?2) WHERE id = ?1;",
                  event_id, seconds, PLN_DEFAULT_TAIL_SECONDS, _("Cannot extend the recording"), error))
    return FALSE;
  _pln_store_emit_changed (self, "events");
  return TRUE;
}

GPtrArray *
pln_store_list_scheduled_sources (PlnStore *self,
                                  gint64    from,
                                  gint64    until,
                                  int       default_lead,
                                  int       default_tail)
{
  GPtrArray *sources = g_ptr_array_new_with_free_func ((GDestroyNotify) pln_scheduled_source_free);
  sqlite3_stmt *stmt = _pln_store_prepare (self,
                                           "SELECT s.id, e.id, s.uri, e.title, e.starts_at, e.ends_at, "
                                           "e.starts_at - coalesce (e.lead_seconds, ?3) AS f, "
                                           "e.ends_at + coalesce (e.tail_seconds, ?4) AS u "
                                           "FROM event_sources s JOIN events e ON e.id = s.event_id "
                                           "WHERE f < ?2 AND u > ?1 ORDER BY f, e.id, s.position;", NULL);

  if (stmt == NULL)
    return sources;
  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, until);
  sqlite3_bind_int (stmt, 3, default_lead);
  sqlite3_bind_int (stmt, 4, default_tail);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      PlnScheduledSource *source = g_new0 (PlnScheduledSource, 1);

      source->source_id = sqlite3_column_int64 (stmt, 0);
      source->event_id = sqlite3_column_int64 (stmt, 1);
      source->uri = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      source->title = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      source->starts_at = sqlite3_column_int64 (stmt, 4);
      source->ends_at = sqlite3_column_int64 (stmt, 5);
      source->record_from = sqlite3_column_int64 (stmt, 6);
      source->record_until = sqlite3_column_int64 (stmt, 7);
      g_ptr_array_add (sources, source);
    }
  sqlite3_finalize (stmt);
  return sources;
}

gboolean
pln_store_take_lease (PlnStore    *self,
                      const char  *owner,
                      gint64       now_ms,
                      gint64       ttl_ms,
                      gboolean    *held,
                      GError     **error)
{
  /* One statement: sqlite runs it atomically, so two instances racing for
   * an expired lease cannot both win. */
  sqlite3_stmt *stmt = _pln_store_prepare (self,
                                           "INSERT INTO scheduler_lease (id, owner, acquired_at, expires_at_ms) "
                                           "VALUES (1, ?1, ?2 / 1000, ?2 + ?3) "
                                           "ON CONFLICT (id) DO UPDATE SET "
                                           "acquired_at = CASE WHEN owner = excluded.owner THEN acquired_at ELSE excluded.acquired_at END, "
                                           "owner = excluded.owner, expires_at_ms = excluded.expires_at_ms "
                                           "WHERE owner = excluded.owner OR expires_at_ms <= ?2;", error);

  *held = FALSE;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, owner, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, now_ms);
  sqlite3_bind_int64 (stmt, 3, ttl_ms);
  if (!_pln_store_step_done (self, stmt, _("Cannot take the scheduler’s lease"), error))
    return FALSE;
  *held = sqlite3_changes (_pln_store_get_db (self)) > 0;
  return TRUE;
}

gboolean
pln_store_release_lease (PlnStore    *self,
                         const char  *owner,
                         GError     **error)
{
  sqlite3_stmt *stmt = _pln_store_prepare (self, "DELETE FROM scheduler_lease WHERE owner = ?1;", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, owner, -1, SQLITE_TRANSIENT);
  return _pln_store_step_done (self, stmt, _("Cannot give up the scheduler’s lease"), error);
}

char *
pln_store_dup_lease_owner (PlnStore *self,
                           gint64   *expires_at_ms)
{
  sqlite3_stmt *stmt = _pln_store_prepare (self, "SELECT owner, expires_at_ms FROM scheduler_lease WHERE id = 1;", NULL);
  char *owner = NULL;

  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      owner = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      if (expires_at_ms != NULL)
        *expires_at_ms = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_finalize (stmt);
  return owner;
}

gboolean
pln_store_log_schedule (PlnStore    *self,
                        gint64       event_id,
                        gint64       source_id,
                        const char  *kind,
                        const char  *message,
                        GError     **error)
{
  sqlite3_stmt *stmt = _pln_store_prepare (self,
                                           "INSERT INTO schedule_log (event_id, source_id, at, kind, message) "
                                           "VALUES (nullif (?1, 0), nullif (?2, 0), ?3, ?4, ?5);", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, event_id);
  sqlite3_bind_int64 (stmt, 2, source_id);
  sqlite3_bind_int64 (stmt, 3, _pln_store_now ());
  sqlite3_bind_text (stmt, 4, kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, message ? message : "", -1, SQLITE_TRANSIENT);
  if (!_pln_store_step_done (self, stmt, _("Cannot write to the schedule’s log"), error))
    return FALSE;
  _pln_store_emit_changed (self, "schedule_log");
  return TRUE;
}

gboolean
pln_store_has_schedule_log (PlnStore    *self,
                            gint64       event_id,
                            gint64       source_id,
                            const char  *kind)
{
  sqlite3_stmt *stmt = _pln_store_prepare (self,
                                           "SELECT 1 FROM schedule_log WHERE event_id = ?1 AND "
                                           "coalesce (source_id, 0) = ?2 AND kind = ?3 LIMIT 1;", NULL);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, event_id);
  sqlite3_bind_int64 (stmt, 2, source_id);
  sqlite3_bind_text (stmt, 3, kind, -1, SQLITE_TRANSIENT);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return found;
}

/* ---- Archive jobs --------------------------------------------------- */

#define JOB_COLUMNS "SELECT id, recording_id, state, progress, error, attempts FROM archive_jobs "

static PlnArchiveJobEntry *
job_from_row (sqlite3_stmt *stmt)
{
  PlnArchiveJobEntry *entry = g_new0 (PlnArchiveJobEntry, 1);

  entry->id = sqlite3_column_int64 (stmt, 0);
  entry->recording_id = sqlite3_column_int64 (stmt, 1);
  entry->state = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  entry->progress = sqlite3_column_double (stmt, 3);
  entry->error = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  entry->attempts = sqlite3_column_int (stmt, 5);
  return entry;
}

static PlnArchiveJobEntry *
one_job (PlnStore    *self,
         const char  *sql,
         gint64       id)
{
  sqlite3_stmt *stmt = _pln_store_prepare (self, sql, NULL);
  PlnArchiveJobEntry *entry = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    entry = job_from_row (stmt);
  sqlite3_finalize (stmt);
  return entry;
}

gint64
pln_store_add_archive_job (PlnStore    *self,
                           gint64       recording_id,
                           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  PlnArchiveJobEntry *existing;
  gint64 id;

  /* A running job packages what it read when it began (the trim of
   * then): a change after that needs a job of its own. */
  existing = one_job (self, JOB_COLUMNS "WHERE recording_id = ?1 AND state = 'queued' "
                      "ORDER BY id LIMIT 1;", recording_id);
  if (existing != NULL)
    {
      id = existing->id;
      pln_archive_job_entry_free (existing);
      return id;
    }
  if (!write_ids (self, "INSERT INTO archive_jobs (recording_id, created_at) VALUES (?1, ?2);",
                  recording_id, _pln_store_now (), 0, _("Cannot queue the recording for packaging"), error))
    return 0;
  id = sqlite3_last_insert_rowid (_pln_store_get_db (self));
  _pln_store_emit_changed (self, "archive_jobs");
  return id;
}

gboolean
pln_store_update_archive_job (PlnStore    *self,
                              gint64       job_id,
                              const char  *state,
                              double       progress,
                              const char  *message,
                              GError     **error)
{
  sqlite3_stmt *stmt = _pln_store_prepare (self,
                                           "UPDATE archive_jobs SET state = ?2, progress = ?3, error = ?4, "
                                           "attempts = attempts + (?2 = 'running' AND state <> 'running'), "
                                           "finished_at = CASE WHEN ?2 IN ('done', 'failed', 'cancelled') THEN ?5 ELSE NULL END "
                                           "WHERE id = ?1;", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, job_id);
  sqlite3_bind_text (stmt, 2, state, -1, SQLITE_TRANSIENT);
  sqlite3_bind_double (stmt, 3, progress);
  sqlite3_bind_text (stmt, 4, message ? message : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, _pln_store_now ());
  if (!_pln_store_step_done (self, stmt, _("Cannot save the packaging job"), error))
    return FALSE;
  _pln_store_emit_changed (self, "archive_jobs");
  return TRUE;
}

PlnArchiveJobEntry *
pln_store_get_archive_job (PlnStore *self,
                           gint64    job_id)
{
  return one_job (self, JOB_COLUMNS "WHERE id = ?1;", job_id);
}

PlnArchiveJobEntry *
pln_store_next_archive_job (PlnStore *self)
{
  return one_job (self, JOB_COLUMNS "WHERE state = 'queued' AND ?1 = ?1 AND recording_id NOT IN "
                  "(SELECT recording_id FROM archive_jobs WHERE state = 'running') ORDER BY id LIMIT 1;", 0);
}

gboolean
pln_store_claim_archive_job (PlnStore *self,
                             gint64    job_id)
{
  sqlite3_stmt *stmt = _pln_store_prepare (self,
                                           "UPDATE archive_jobs SET state = 'running', progress = 0, error = '', "
                                           "attempts = attempts + 1, finished_at = NULL "
                                           "WHERE id = ?1 AND state = 'queued';", NULL);
  gboolean claimed;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, job_id);
  claimed = sqlite3_step (stmt) == SQLITE_DONE && sqlite3_changes (_pln_store_get_db (self)) == 1;
  sqlite3_finalize (stmt);
  if (claimed)
    _pln_store_emit_changed (self, "archive_jobs");
  return claimed;
}

GPtrArray *
pln_store_list_archive_jobs (PlnStore *self)
{
  GPtrArray *jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) pln_archive_job_entry_free);
  sqlite3_stmt *stmt = _pln_store_prepare (self, JOB_COLUMNS "ORDER BY id DESC;", NULL);

  if (stmt == NULL)
    return jobs;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (jobs, job_from_row (stmt));
  sqlite3_finalize (stmt);
  return jobs;
}

gboolean
pln_store_requeue_archive_jobs (PlnStore  *self,
                                GError   **error)
{
  return _pln_store_exec (self, "UPDATE archive_jobs SET state = 'queued', progress = 0 WHERE state = 'running';",
                          error);
}

GPtrArray *
pln_store_list_point_sources (PlnStore *self,
                              gint64    event_id)
{
  GPtrArray *points = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = _pln_store_prepare (self,
                                           "SELECT id, source_uri FROM bridge_points WHERE event_id = ?1 "
                                           "AND source_uri <> '' ORDER BY is_host DESC, id;", NULL);

  if (stmt == NULL)
    return points;
  sqlite3_bind_int64 (stmt, 1, event_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (points, g_strdup_printf ("%" G_GINT64_FORMAT "\t%s",
                                              (gint64) sqlite3_column_int64 (stmt, 0),
                                              (const char *) sqlite3_column_text (stmt, 1)));
  sqlite3_finalize (stmt);
  return points;
}

gboolean
pln_store_add_probe_result (PlnStore    *self,
                            gint64       point_id,
                            gboolean     ok,
                            const char  *summary,
                            const char  *message,
                            GError     **error)
{
  sqlite3_stmt *stmt = _pln_store_prepare (self,
                                           "INSERT INTO probe_results (point_id, probed_at, ok, summary, error) "
                                           "VALUES (?1, ?2, ?3, ?4, ?5);", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, point_id);
  sqlite3_bind_int64 (stmt, 2, _pln_store_now ());
  sqlite3_bind_int (stmt, 3, ok ? 1 : 0);
  sqlite3_bind_text (stmt, 4, summary ? summary : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, message ? message : "", -1, SQLITE_TRANSIENT);
  if (!_pln_store_step_done (self, stmt, _("Cannot save the link check"), error))
    return FALSE;
  _pln_store_emit_changed (self, "probe_results");
  return TRUE;
}
