/* pln-store-recordings.c: see pln-store-recordings.h. */
#define G_LOG_DOMAIN "plenary-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pln-recording-private.h"
#include "pln-store-private.h"
#include "pln-store-recordings.h"
#include "pln-store-search.h"

#define RECORDING_COLUMNS \
  "SELECT r.id, r.public_id, coalesce (r.event_id, 0), coalesce (e.title, ''), r.title, " \
  "r.description, r.folder, r.state, r.visibility, coalesce (r.started_at, 0), r.duration_ms " \
  "FROM recordings r LEFT JOIN events e ON e.id = r.event_id "

void
pln_chapter_entry_free (PlnChapterEntry *entry)
{
  g_free (entry->title);
  g_free (entry);
}

static PlnRecording *
recording_from_row (sqlite3_stmt *stmt)
{
  PlnRecordingFields fields = {
    .id = sqlite3_column_int64 (stmt, 0),
    .public_id = (const char *)sqlite3_column_text (stmt, 1),
    .event_id = sqlite3_column_int64 (stmt, 2),
    .event_title = (const char *)sqlite3_column_text (stmt, 3),
    .title = (const char *)sqlite3_column_text (stmt, 4),
    .description = (const char *)sqlite3_column_text (stmt, 5),
    .folder = (const char *)sqlite3_column_text (stmt, 6),
    .state = (const char *)sqlite3_column_text (stmt, 7),
    .started_at = sqlite3_column_int64 (stmt, 9),
    .duration_ms = sqlite3_column_int64 (stmt, 10),
  };

  if (!pln_visibility_from_string ((const char *)sqlite3_column_text (stmt, 8), &fields.visibility))
    fields.visibility = PLN_VISIBILITY_DRAFT;
  return _pln_recording_new (&fields);
}

char *
pln_store_dup_library_path (PlnStore *self)
{
  char *path = pln_store_dup_setting (self, "library-path");

  if (path != NULL && *path != '\0')
    return path;
  g_free (path);
  /* Beside the database: for the default database, the user's data folder
   * (…/plenary/library); a database elsewhere keeps its recordings with it. */
  {
    g_autofree char *dir = g_path_get_dirname (pln_store_get_path (self));
    g_autofree char *library = g_build_filename (dir, "library", NULL);

    return g_canonicalize_filename (library, NULL);
  }
}

gint64
pln_store_add_recording (PlnStore    *self,
                         gint64       event_id,
                         const char  *title,
                         const char  *folder,
                         const char  *source_uri,
                         gint64       started_at,
                         GError     **error)
{
  g_autofree char *public_id = pln_store_new_token ();
  sqlite3_stmt *stmt;
  gint64 id;

  g_return_val_if_fail (PLN_IS_STORE (self), 0);
  g_return_val_if_fail (title != NULL && folder != NULL, 0);

  stmt = _pln_store_prepare (self,
                             "INSERT INTO recordings (public_id, event_id, title, folder, source_uri, "
                             "started_at, created_at) VALUES (?1, nullif (?2, 0), ?3, ?4, ?5, ?6, ?7);",
                             error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, public_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, event_id);
  sqlite3_bind_text (stmt, 3, title, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, folder, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, source_uri ? source_uri : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, started_at);
  sqlite3_bind_int64 (stmt, 7, g_get_real_time () / G_USEC_PER_SEC);
  if (!_pln_store_step_done (self, stmt, _("Cannot add the recording"), error))
    return 0;

  id = sqlite3_last_insert_rowid (_pln_store_get_db (self));
  pln_store_index_recording (self, id, NULL);
  _pln_store_emit_changed (self, "recordings");
  return id;
}

/* Runs one UPDATE/INSERT with the parameters ?1 id, ?2 number, ?3 text,
 * ?4 number2; binding a parameter the SQL does not use is a harmless no-op. */
static gboolean
write_one (PlnStore    *self,
           const char  *sql,
           gint64       id,
           gint64       number,
           const char  *text,
           gint64       number2,
           const char  *what,
           GError     **error)
{
  sqlite3_stmt *stmt = _pln_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, number);
  sqlite3_bind_text (stmt, 3, text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, number2);
  if (!_pln_store_step_done (self, stmt, what, error))
    return FALSE;
  _pln_store_emit_changed (self, "recordings");
  return TRUE;
}

gboolean
pln_store_finish_recording (PlnStore    *self,
                            gint64       id,
                            const char  *state,
                            gint64       ended_at,
                            gint64       duration_ms,
                            GError     **error)
{
  return write_one (self,
                    "UPDATE recordings SET ended_at = ?2, state = ?3, duration_ms = ?4 WHERE id = ?1;",
                    id, ended_at, state, duration_ms, _("Cannot save the end of the recording"), error);
}

gboolean
pln_store_set_recording_visibility (PlnStore       *self,
                                    gint64          id,
                                    PlnVisibility   visibility,
                                    GError        **error)
{
  return write_one (self, "UPDATE recordings SET visibility = ?3 WHERE id = ?1;",
                    id, 0, pln_visibility_to_string (visibility), 0,
                    _("Cannot change who may replay the recording"), error);
}

gboolean
pln_store_add_recording_output (PlnStore    *self,
                                gint64       id,
                                const char  *kind,
                                const char  *path,
                                gint64       bytes,
                                GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = _pln_store_prepare (self,
                             "INSERT INTO outputs (recording_id, kind, path, bytes) VALUES (?1, ?2, ?3, ?4) "
                             "ON CONFLICT (recording_id, kind, path) DO UPDATE SET bytes = excluded.bytes;",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, path, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, bytes);
  if (!_pln_store_step_done (self, stmt, _("Cannot register the recording’s file"), error))
    return FALSE;
  _pln_store_emit_changed (self, "outputs");
  return TRUE;
}

char *
pln_store_dup_recording_output (PlnStore   *self,
                                gint64      id,
                                const char *kind)
{
  sqlite3_stmt *stmt = _pln_store_prepare (self,
                                           "SELECT path FROM outputs WHERE recording_id = ?1 AND kind = ?2 "
                                           "ORDER BY id LIMIT 1;", NULL);
  char *path = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    path = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return path;
}

gboolean
pln_store_add_chapter (PlnStore    *self,
                       gint64       id,
                       gint64       offset_ms,
                       const char  *title,
                       GError     **error)
{
  if (!write_one (self, "INSERT INTO chapters (recording_id, offset_ms, title) VALUES (?1, ?2, ?3);",
                  id, offset_ms, title, 0, _("Cannot add the chapter"), error))
    return FALSE;
  pln_store_index_recording (self, id, NULL);
  return TRUE;
}

gboolean
pln_store_set_recording_gaps (PlnStore      *self,
                              gint64         id,
                              const gint64  *spans,
                              guint          n_gaps,
                              GError       **error)
{
  sqlite3_stmt *stmt;

  if (!_pln_store_begin (self, error))
    return FALSE;
  stmt = _pln_store_prepare (self, "DELETE FROM recording_gaps WHERE recording_id = ?1;", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!_pln_store_step_done (self, stmt, _("Cannot save where the recording’s link was lost"), error))
    goto fail;
  for (guint i = 0; i < n_gaps; i++)
    {
      stmt = _pln_store_prepare (self, "INSERT INTO recording_gaps (recording_id, start_ms, end_ms) VALUES (?1, ?2, ?3);", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int64 (stmt, 2, spans[2 * i]);
      sqlite3_bind_int64 (stmt, 3, MAX (spans[2 * i], spans[2 * i + 1]));
      if (!_pln_store_step_done (self, stmt, _("Cannot save where the recording’s link was lost"), error))
        goto fail;
    }
  if (!_pln_store_commit (self, error))
    return FALSE;
  _pln_store_emit_changed (self, "recordings");
  return TRUE;

fail:
  _pln_store_rollback (self);
  return FALSE;
}

static GPtrArray *
list_chapters (PlnStore *self,
               gint64    id,
               gboolean  played)
{
  GPtrArray *chapters = g_ptr_array_new_with_free_func ((GDestroyNotify) pln_chapter_entry_free);
  sqlite3_stmt *stmt = _pln_store_prepare (self,
                                           "SELECT CASE WHEN ?2 THEN " PLN_STORE_SQL_PLAYED_MS ("c.recording_id", "c.offset_ms")
                                           "            ELSE c.offset_ms END, c.title, r.trim_start_ms, "
                                           "       CASE WHEN r.state = 'ready' THEN r.duration_ms ELSE 0 END "
                                           "FROM chapters c JOIN recordings r ON r.id = c.recording_id "
                                           "WHERE c.recording_id = ?1 ORDER BY c.offset_ms, c.id;", NULL);

  if (stmt == NULL)
    return chapters;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int (stmt, 2, played);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      PlnChapterEntry *entry = g_new0 (PlnChapterEntry, 1);
      gint64 trim = played ? sqlite3_column_int64 (stmt, 2) : 0;
      gint64 length = played ? sqlite3_column_int64 (stmt, 3) : 0;

      entry->offset_ms = sqlite3_column_int64 (stmt, 0) - trim;
      entry->title = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
      if (entry->offset_ms < 0)
        {
          /* Under way at the cut: it starts the trimmed recording, unless
           * a later one does (they come in order). */
          entry->offset_ms = 0;
          if (chapters->len > 0 && ((PlnChapterEntry *) g_ptr_array_index (chapters, 0))->offset_ms == 0)
            g_ptr_array_remove_index (chapters, 0);
        }
      else if (length > 0 && entry->offset_ms >= length)
        {
          pln_chapter_entry_free (entry);
          continue;
        }
      else if (entry->offset_ms == 0 && trim > 0 && chapters->len > 0 &&
               ((PlnChapterEntry *) g_ptr_array_index (chapters, 0))->offset_ms == 0)
        g_ptr_array_remove_index (chapters, 0);
      g_ptr_array_add (chapters, entry);
    }
  sqlite3_finalize (stmt);
  return chapters;
}

GPtrArray *
pln_store_list_chapters (PlnStore *self,
                         gint64    id)
{
  return list_chapters (self, id, TRUE);
}

GPtrArray *
pln_store_list_chapters_raw (PlnStore *self,
                             gint64    id)
{
  return list_chapters (self, id, FALSE);
}

PlnRecording *
pln_store_find_recording_by_public_id (PlnStore    *self,
                                       const char  *public_id,
                                       GError     **error)
{
  sqlite3_stmt *stmt = _pln_store_prepare (self, RECORDING_COLUMNS "WHERE r.public_id = ?1;", error);
  PlnRecording *recording = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, public_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    recording = recording_from_row (stmt);
  else
    g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_NOT_FOUND,
                 _("There is no recording with the id “%s”."), public_id);
  sqlite3_finalize (stmt);
  return recording;
}

GListModel *
pln_store_list_recordings (PlnStore      *self,
                           PlnVisibility  at_least)
{
  GListStore *recordings = g_list_store_new (PLN_TYPE_RECORDING);
  sqlite3_stmt *stmt = _pln_store_prepare (self,
                                           RECORDING_COLUMNS
                                           "WHERE r.state = 'ready' AND "
                                           "(CASE r.visibility WHEN 'public' THEN 2 WHEN 'staff' THEN 1 ELSE 0 END) >= ?1 "
                                           "ORDER BY r.started_at DESC, r.id DESC;", NULL);

  if (stmt == NULL)
    return G_LIST_MODEL (recordings);
  sqlite3_bind_int (stmt, 1, at_least);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(PlnRecording) recording = recording_from_row (stmt);
      g_list_store_append (recordings, recording);
    }
  sqlite3_finalize (stmt);
  return G_LIST_MODEL (recordings);
}

/* ---- For the recording service and the archive ---------------------- */

gint64
pln_store_add_event_recording (PlnStore    *self,
                               gint64       event_id,
                               gint64       source_id,
                               const char  *title,
                               const char  *folder,
                               const char  *source_uri,
                               gint64       started_at,
                               GError     **error)
{
  gint64 id = pln_store_add_recording (self, event_id, title, folder, source_uri, started_at, error);

  if (id != 0 && source_id != 0 &&
      !write_one (self, "UPDATE recordings SET source_id = ?2 WHERE id = ?1;",
                  id, source_id, NULL, 0, _("Cannot add the recording"), error))
    return 0;
  return id;
}

gint64
pln_store_find_source_recording (PlnStore *self,
                                 gint64    event_id,
                                 gint64    source_id)
{
  sqlite3_stmt *stmt = _pln_store_prepare (self,
                                           "SELECT id FROM recordings WHERE event_id = ?1 AND source_id = ?2 "
                                           "ORDER BY id LIMIT 1;", NULL);
  gint64 id = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, event_id);
  sqlite3_bind_int64 (stmt, 2, source_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return id;
}

PlnRecording *
pln_store_get_recording (PlnStore  *self,
                         gint64     id,
                         GError   **error)
{
  sqlite3_stmt *stmt = _pln_store_prepare (self, RECORDING_COLUMNS "WHERE r.id = ?1;", error);
  PlnRecording *recording = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    recording = recording_from_row (stmt);
  else
    g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_NOT_FOUND,
                 _("There is no recording %lld."), (long long) id);
  sqlite3_finalize (stmt);
  return recording;
}

GListModel *
pln_store_list_all_recordings (PlnStore *self)
{
  GListStore *recordings = g_list_store_new (PLN_TYPE_RECORDING);
  sqlite3_stmt *stmt = _pln_store_prepare (self, RECORDING_COLUMNS "ORDER BY r.started_at DESC, r.id DESC;", NULL);

  if (stmt == NULL)
    return G_LIST_MODEL (recordings);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(PlnRecording) recording = recording_from_row (stmt);
      g_list_store_append (recordings, recording);
    }
  sqlite3_finalize (stmt);
  return G_LIST_MODEL (recordings);
}

/* For pln-store-search.c. */
PlnRecording *_pln_store_recording_from_row (sqlite3_stmt *stmt);

PlnRecording *
_pln_store_recording_from_row (sqlite3_stmt *stmt)
{
  return recording_from_row (stmt);
}

gboolean
pln_store_set_recording_state (PlnStore    *self,
                               gint64       id,
                               const char  *state,
                               GError     **error)
{
  return write_one (self, "UPDATE recordings SET state = ?3 WHERE id = ?1;",
                    id, 0, state, 0, _("Cannot change the state of the recording"), error);
}

gboolean
pln_store_set_recording_segment (PlnStore    *self,
                                 gint64       id,
                                 int          position,
                                 const char  *path,
                                 gint64       offset_ms,
                                 gint64       duration_ms,
                                 gint64       bytes,
                                 gint64       gap_before_ms,
                                 GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = _pln_store_prepare (self,
                             "INSERT INTO segments (recording_id, position, path, offset_ms, duration_ms, bytes, "
                             "gap_before_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
                             "ON CONFLICT (recording_id, position) DO UPDATE SET path = excluded.path, "
                             "offset_ms = excluded.offset_ms, duration_ms = excluded.duration_ms, "
                             "bytes = excluded.bytes, gap_before_ms = excluded.gap_before_ms;",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int (stmt, 2, position);
  sqlite3_bind_text (stmt, 3, path, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, offset_ms);
  sqlite3_bind_int64 (stmt, 5, duration_ms);
  sqlite3_bind_int64 (stmt, 6, bytes);
  sqlite3_bind_int64 (stmt, 7, gap_before_ms);
  if (!_pln_store_step_done (self, stmt, _("Cannot save a segment of the recording"), error))
    return FALSE;
  _pln_store_emit_changed (self, "segments");
  return TRUE;
}

gint64
pln_store_get_recording_gap_ms (PlnStore *self,
                                gint64    id)
{
  sqlite3_stmt *stmt = _pln_store_prepare (self,
                                           "SELECT coalesce (sum (gap_before_ms), 0) FROM segments "
                                           "WHERE recording_id = ?1;", NULL);
  gint64 ms = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    ms = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return ms;
}

gboolean
pln_store_clear_recording_outputs (PlnStore  *self,
                                   gint64     id,
                                   GError   **error)
{
  return write_one (self, "DELETE FROM outputs WHERE recording_id = ?1;", id, 0, NULL, 0,
                    _("Cannot forget the recording’s old files"), error);
}

GPtrArray *
pln_store_list_recording_outputs (PlnStore *self,
                                  gint64    id)
{
  GPtrArray *outputs = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = _pln_store_prepare (self,
                                           "SELECT kind, path, bytes FROM outputs WHERE recording_id = ?1 "
                                           "ORDER BY kind, path;", NULL);

  if (stmt == NULL)
    return outputs;
  sqlite3_bind_int64 (stmt, 1, id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (outputs, g_strdup_printf ("%s\t%s\t%" G_GINT64_FORMAT,
                                               (const char *) sqlite3_column_text (stmt, 0),
                                               (const char *) sqlite3_column_text (stmt, 1),
                                               (gint64) sqlite3_column_int64 (stmt, 2)));
  sqlite3_finalize (stmt);
  return outputs;
}

gboolean
pln_store_set_raw_removed (PlnStore  *self,
                           gint64     id,
                           gint64     at,
                           GError   **error)
{
  /* The HLS playlist points into the raw segments: it goes with them. */
  return write_one (self, "UPDATE recordings SET raw_removed_at = ?2 WHERE id = ?1;",
                    id, at, NULL, 0, _("Cannot save that the raw segments were removed"), error) &&
         write_one (self, "DELETE FROM outputs WHERE recording_id = ?1 AND kind = 'hls';",
                    id, 0, NULL, 0, _("Cannot save that the raw segments were removed"), error);
}

GArray *
pln_store_list_raw_to_remove (PlnStore *self,
                              gint64    before)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = _pln_store_prepare (self,
                                           "SELECT id FROM recordings r WHERE state = 'ready' AND raw_removed_at IS NULL "
                                           "AND coalesce (ended_at, started_at) < ?1 "
                                           "AND NOT EXISTS (SELECT 1 FROM archive_jobs j WHERE j.recording_id = r.id "
                                           "                AND j.state IN ('queued', 'running')) "
                                           "ORDER BY id;", NULL);

  if (stmt == NULL)
    return ids;
  sqlite3_bind_int64 (stmt, 1, before);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_finalize (stmt);
  return ids;
}

GPtrArray *
pln_store_list_recording_segments (PlnStore *self,
                                   gint64    id)
{
  GPtrArray *segments = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = _pln_store_prepare (self,
                                           "SELECT s.path, s.bytes FROM segments s JOIN recordings r ON r.id = s.recording_id "
                                           "WHERE s.recording_id = ?1 AND r.raw_removed_at IS NULL ORDER BY s.position;", NULL);

  if (stmt == NULL)
    return segments;
  sqlite3_bind_int64 (stmt, 1, id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (segments, g_strdup_printf ("%s\t%" G_GINT64_FORMAT,
                                                (const char *) sqlite3_column_text (stmt, 0),
                                                (gint64) sqlite3_column_int64 (stmt, 1)));
  sqlite3_finalize (stmt);
  return segments;
}

gint64
pln_store_import_recording (PlnStore       *self,
                            gint64          event_id,
                            const char     *public_id,
                            const char     *title,
                            const char     *description,
                            const char     *folder,
                            const char     *source_uri,
                            gint64          started_at,
                            gint64          ended_at,
                            PlnVisibility   visibility,
                            GError        **error)
{
  sqlite3_stmt *stmt;
  gint64 id;

  g_return_val_if_fail (PLN_IS_STORE (self), 0);
  g_return_val_if_fail (public_id != NULL && title != NULL && folder != NULL, 0);

  stmt = _pln_store_prepare (self,
                             "INSERT INTO recordings (public_id, event_id, title, description, folder, source_uri, "
                             "state, visibility, started_at, ended_at, created_at) "
                             "VALUES (?1, nullif (?2, 0), ?3, ?4, ?5, ?6, 'stopped', ?7, ?8, ?9, ?8);",
                             error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, public_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, event_id);
  sqlite3_bind_text (stmt, 3, title, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, description ? description : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, folder, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, source_uri ? source_uri : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, pln_visibility_to_string (visibility), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 8, started_at);
  sqlite3_bind_int64 (stmt, 9, ended_at);
  if (!_pln_store_step_done (self, stmt, _("Cannot add the recording"), error))
    return 0;
  id = sqlite3_last_insert_rowid (_pln_store_get_db (self));
  pln_store_index_recording (self, id, NULL);
  _pln_store_emit_changed (self, "recordings");
  return id;
}

gboolean
pln_store_set_recording_trim (PlnStore  *self,
                              gint64     id,
                              gint64     start_ms,
                              gint64     end_ms,
                              GError   **error)
{
  return write_one (self,
                    "UPDATE recordings SET trim_start_ms = CASE WHEN ?2 < 0 THEN trim_start_ms ELSE ?2 END, "
                    "trim_end_ms = CASE WHEN ?4 < 0 THEN trim_end_ms ELSE ?4 END WHERE id = ?1;",
                    id, start_ms, NULL, end_ms, _("Cannot save where the recording is cut"), error);
}

gboolean
pln_store_get_recording_trim (PlnStore *self,
                              gint64    id,
                              gint64   *start_ms,
                              gint64   *end_ms)
{
  sqlite3_stmt *stmt = _pln_store_prepare (self, "SELECT trim_start_ms, trim_end_ms FROM recordings WHERE id = ?1;", NULL);
  gboolean found = FALSE;

  if (start_ms != NULL)
    *start_ms = 0;
  if (end_ms != NULL)
    *end_ms = 0;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      found = TRUE;
      if (start_ms != NULL)
        *start_ms = MAX (0, sqlite3_column_int64 (stmt, 0));
      if (end_ms != NULL)
        *end_ms = MAX (0, sqlite3_column_int64 (stmt, 1));
    }
  sqlite3_finalize (stmt);
  return found;
}

gboolean
pln_store_set_recording_duration (PlnStore  *self,
                                  gint64     id,
                                  gint64     duration_ms,
                                  GError   **error)
{
  return write_one (self, "UPDATE recordings SET duration_ms = ?2 WHERE id = ?1;",
                    id, MAX (duration_ms, 0), NULL, 0, _("Cannot save the recording's length"), error);
}

gint64
pln_store_get_recording_raw_removed_at (PlnStore *self,
                                        gint64    id)
{
  sqlite3_stmt *stmt = _pln_store_prepare (self, "SELECT coalesce (raw_removed_at, 0) FROM recordings WHERE id = ?1;", NULL);
  gint64 at = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    at = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return at;
}
