/* pln-store-library.c: see pln-store-library.h. */
#define G_LOG_DOMAIN "plenary-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pln-recording-private.h"
#include "pln-store-library.h"
#include "pln-store-private.h"
#include "pln-store-recordings.h"
#include "pln-store-rows.h"
#include "pln-store-search.h"
#include "pln-text-fold.h"

/* ?1 match (NULL: no search), ?2 event, ?3 kind, ?4 site, ?5 from, ?6 until. */
static const char list_sql[] =
  "SELECT r.id, r.public_id, coalesce (r.event_id, 0), coalesce (e.title, ''), r.title, "
  "r.description, r.folder, r.state, r.visibility, coalesce (r.started_at, 0), r.duration_ms, "
  "coalesce (e.kind, ''), r.trim_start_ms, r.trim_end_ms, "
  "(SELECT o.path FROM outputs o WHERE o.recording_id = r.id AND o.kind = 'poster' ORDER BY o.id LIMIT 1) "
  "FROM recordings r LEFT JOIN events e ON e.id = r.event_id "
  "WHERE (?1 IS NULL OR r.id IN (SELECT rowid FROM recordings_fts WHERE recordings_fts MATCH ?1)) "
  "AND (?2 = 0 OR r.event_id = ?2) "
  "AND (?3 IS NULL OR e.kind = ?3) "
  "AND (?4 = 0 OR EXISTS (SELECT 1 FROM sites s WHERE (s.id = ?4 OR s.district_id = ?4 OR s.parent_id = ?4) "
  "     AND (s.id = e.host_site_id OR s.id IN (SELECT p.site_id FROM bridge_points p WHERE p.event_id = e.id)))) "
  "AND (?5 = 0 OR coalesce (r.started_at, 0) >= ?5) "
  "AND (?6 = 0 OR coalesce (r.started_at, 0) < ?6) ";

static const char order_recent[] = "ORDER BY r.started_at DESC, r.id DESC;";
static const char order_rank[] =
  "ORDER BY (SELECT bm25 (recordings_fts, 10.0, 2.0, 3.0, 3.0, 3.0, 2.0) FROM recordings_fts "
  "          WHERE recordings_fts MATCH ?1 AND rowid = r.id), r.started_at DESC, r.id DESC;";

void
pln_library_filter_clear (PlnLibraryFilter *filter)
{
  g_clear_pointer (&filter->query, g_free);
  g_clear_pointer (&filter->kind, g_free);
  filter->event_id = filter->site_id = filter->from = filter->until = 0;
}

static PlnLibraryFilter *
filter_copy (const PlnLibraryFilter *filter)
{
  PlnLibraryFilter *copy = g_new0 (PlnLibraryFilter, 1);

  if (filter != NULL)
    {
      *copy = *filter;
      copy->query = g_strdup (filter->query);
      copy->kind = g_strdup (filter->kind);
    }
  return copy;
}

static void
filter_free (PlnLibraryFilter *filter)
{
  pln_library_filter_clear (filter);
  g_free (filter);
}

static void
extra_free (PlnLibraryExtra *extra)
{
  g_free (extra->poster);
  g_free (extra->event_kind);
  g_free (extra);
}

void
pln_library_listing_free (PlnLibraryListing *listing)
{
  if (listing == NULL)
    return;
  g_clear_object (&listing->recordings);
  g_clear_pointer (&listing->extras, g_hash_table_unref);
  g_free (listing);
}

static guint
count_recordings (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  guint n = 0;

  if (sqlite3_prepare_v2 (db, "SELECT count(*) FROM recordings;", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    n = (guint) sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* Runs the listing on @db (any connection). */
static PlnLibraryListing *
list_on (sqlite3                 *db,
         const char              *library,
         const PlnLibraryFilter  *filter,
         GCancellable            *cancellable,
         GError                 **error)
{
  g_autoptr(PlnLibraryListing) listing = g_new0 (PlnLibraryListing, 1);
  g_autofree char *match = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  GListStore *store;
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (filter->query != NULL && *filter->query != '\0')
    {
      match = pln_text_fold_fts_query (filter->query);
      /* Words that fold to nothing (punctuation only) find nothing. */
      if (match == NULL)
        match = g_strdup ("\"\"");
    }
  sql = g_strconcat (list_sql, match != NULL ? order_rank : order_recent, NULL);

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_QUERY,
                   _("Cannot read the recordings: %s"), sqlite3_errmsg (db));
      sqlite3_finalize (stmt);
      return NULL;
    }
  if (match != NULL)
    sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, filter->event_id);
  if (filter->kind != NULL && *filter->kind != '\0')
    sqlite3_bind_text (stmt, 3, filter->kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, filter->site_id);
  sqlite3_bind_int64 (stmt, 5, filter->from);
  sqlite3_bind_int64 (stmt, 6, filter->until);

  listing->extras = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) extra_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PlnRecordingFields fields = {
        .id = sqlite3_column_int64 (stmt, 0),
        .public_id = (const char *) sqlite3_column_text (stmt, 1),
        .event_id = sqlite3_column_int64 (stmt, 2),
        .event_title = (const char *) sqlite3_column_text (stmt, 3),
        .title = (const char *) sqlite3_column_text (stmt, 4),
        .description = (const char *) sqlite3_column_text (stmt, 5),
        .folder = (const char *) sqlite3_column_text (stmt, 6),
        .state = (const char *) sqlite3_column_text (stmt, 7),
        .started_at = sqlite3_column_int64 (stmt, 9),
        .duration_ms = sqlite3_column_int64 (stmt, 10),
      };
      PlnLibraryExtra *extra = g_new0 (PlnLibraryExtra, 1);
      const char *poster = (const char *) sqlite3_column_text (stmt, 14);

      if (!pln_visibility_from_string ((const char *) sqlite3_column_text (stmt, 8), &fields.visibility))
        fields.visibility = PLN_VISIBILITY_DRAFT;
      extra->event_kind = g_strdup ((const char *) sqlite3_column_text (stmt, 11));
      extra->trim_start_ms = sqlite3_column_int64 (stmt, 12);
      extra->trim_end_ms = sqlite3_column_int64 (stmt, 13);
      if (poster != NULL && *poster != '\0')
        extra->poster = g_build_filename (library, poster, NULL);
      g_hash_table_insert (listing->extras, g_memdup2 (&fields.id, sizeof fields.id), extra);
      g_ptr_array_add (rows, _pln_recording_new (&fields));

      if ((rows->len & 1023) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          sqlite3_finalize (stmt);
          return NULL;
        }
    }
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_QUERY,
                   _("Cannot read the recordings: %s"), sqlite3_errmsg (db));
      sqlite3_finalize (stmt);
      return NULL;
    }
  sqlite3_finalize (stmt);

  store = g_list_store_new (PLN_TYPE_RECORDING);
  g_list_store_splice (store, 0, 0, rows->pdata, rows->len);
  listing->recordings = G_LIST_MODEL (store);
  listing->total = count_recordings (db);
  return g_steal_pointer (&listing);
}

typedef struct
{
  char             *path;
  char             *library;
  PlnLibraryFilter *filter;
} ListData;

static void
list_data_free (ListData *data)
{
  g_free (data->path);
  g_free (data->library);
  filter_free (data->filter);
  g_free (data);
}

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ListData *data = task_data;
  GError *error = NULL;
  sqlite3 *db = _pln_rows_open_reader (data->path, &error);
  PlnLibraryListing *listing;

  if (db == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  listing = list_on (db, data->library, data->filter, cancellable, &error);
  sqlite3_close (db);
  if (listing == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, listing, (GDestroyNotify) pln_library_listing_free);
}

void
pln_store_list_library_async (PlnStore                *self,
                              const PlnLibraryFilter  *filter,
                              GCancellable            *cancellable,
                              GAsyncReadyCallback      callback,
                              gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  ListData *data;

  g_return_if_fail (PLN_IS_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pln_store_list_library_async);
  g_task_set_return_on_cancel (task, FALSE);
  data = g_new0 (ListData, 1);
  data->path = g_strdup (pln_store_get_path (self));
  data->library = pln_store_dup_library_path (self);
  data->filter = filter_copy (filter);
  g_task_set_task_data (task, data, (GDestroyNotify) list_data_free);
  g_task_run_in_thread (task, list_thread);
}

PlnLibraryListing *
pln_store_list_library_finish (PlnStore      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pln_store_list_library_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

PlnLibraryListing *
pln_store_list_library (PlnStore                *self,
                        const PlnLibraryFilter  *filter,
                        GError                 **error)
{
  g_autofree char *library = NULL;
  PlnLibraryFilter none = { 0 };

  g_return_val_if_fail (PLN_IS_STORE (self), NULL);

  library = pln_store_dup_library_path (self);
  return list_on (_pln_store_get_db (self), library, filter != NULL ? filter : &none, NULL, error);
}

gboolean
pln_store_set_recording_text (PlnStore    *self,
                              gint64       id,
                              const char  *title,
                              const char  *description,
                              GError     **error)
{
  g_autofree char *clean = g_strstrip (g_strdup (title != NULL ? title : ""));
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PLN_IS_STORE (self), FALSE);

  if (*clean == '\0')
    {
      g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_INVALID,
                   _("A recording needs a title: type one before saving."));
      return FALSE;
    }
  if (!_pln_store_begin (self, error))
    return FALSE;
  stmt = _pln_store_prepare (self, "UPDATE recordings SET title = ?2, description = ?3 WHERE id = ?1;", error);
  if (stmt == NULL)
    {
      _pln_store_rollback (self);
      return FALSE;
    }
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, clean, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, description != NULL ? description : "", -1, SQLITE_TRANSIENT);
  if (!_pln_store_step_done (self, stmt, _("Cannot save the recording’s title and description"), error) ||
      !pln_store_index_recording (self, id, error) ||
      !_pln_store_commit (self, error))
    {
      _pln_store_rollback (self);
      return FALSE;
    }
  _pln_store_emit_changed (self, "recordings");
  return TRUE;
}

char *
pln_store_dup_recording_kind (PlnStore *self,
                              gint64    id)
{
  sqlite3_stmt *stmt;
  char *kind = NULL;

  g_return_val_if_fail (PLN_IS_STORE (self), NULL);

  stmt = _pln_store_prepare (self,
                             "SELECT coalesce (e.kind, '') FROM recordings r LEFT JOIN events e ON e.id = r.event_id "
                             "WHERE r.id = ?1;", NULL);
  if (stmt == NULL)
    return g_strdup ("");
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    kind = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return kind != NULL ? kind : g_strdup ("");
}
