/* pln-store-events.c: the store's events, agendas and bridge points
 * (PlnStore API, see pln-store.h). */
#define G_LOG_DOMAIN "plenary-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pln-attendance-report-private.h"
#include "pln-query-model.h"
#include "pln-store-private.h"
#include "pln-store-rows.h"

static const char * const event_tables[] = { "events", "bridge_points", "sites", NULL };
static const char * const point_tables[] = { "bridge_points", "sites", "link_changes", NULL };

static gboolean
load_agenda (PlnStore  *self,
             PlnEvent  *event,
             GError   **error)
{
  g_autoptr(GPtrArray) items = NULL;

  items = _pln_rows_select (_pln_store_get_db (self), PLN_ROW_AGENDA_ITEM,
                            "WHERE a.event_id = ?1 ORDER BY a.position",
                            pln_event_get_id (event), NULL, error);
  if (items == NULL)
    return FALSE;

  pln_event_clear_agenda (event);
  for (guint i = 0; i < items->len; i++)
    pln_event_append_agenda_item (event, g_ptr_array_index (items, i));
  return TRUE;
}

PlnEvent *
pln_store_get_event (PlnStore  *self,
                     gint64     id,
                     GError   **error)
{
  g_autoptr(PlnEvent) event = NULL;
  g_autofree char *what = NULL;

  g_return_val_if_fail (PLN_IS_STORE (self), NULL);

  what = g_strdup_printf (_("event with the id %lld"), (long long) id);
  event = _pln_rows_select_one (_pln_store_get_db (self), PLN_ROW_EVENT,
                                "WHERE e.id = ?1", id, NULL, what, error);
  if (event == NULL || !load_agenda (self, event, error))
    return NULL;
  return g_steal_pointer (&event);
}

PlnEvent *
pln_store_find_event_by_uid (PlnStore    *self,
                             const char  *uid,
                             GError     **error)
{
  g_autoptr(PlnEvent) event = NULL;
  g_autofree char *what = NULL;

  g_return_val_if_fail (PLN_IS_STORE (self), NULL);
  g_return_val_if_fail (uid != NULL, NULL);

  what = g_strdup_printf (_("event with the UID “%s”"), uid);
  event = _pln_rows_select_one (_pln_store_get_db (self), PLN_ROW_EVENT,
                                "WHERE e.uid = ?2", 0, uid, what, error);
  if (event == NULL || !load_agenda (self, event, error))
    return NULL;
  return g_steal_pointer (&event);
}

static gboolean
check_event (PlnEvent  *event,
             GError   **error)
{
  if (*pln_event_get_title (event) == '\0')
    {
      g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_INVALID,
                   _("An event needs a title."));
      return FALSE;
    }
  if (pln_event_get_ends_at (event) <= pln_event_get_starts_at (event))
    {
      g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_INVALID,
                   _("The event “%s” ends before it starts. Check the start and end times."),
                   pln_event_get_title (event));
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_agenda (PlnStore  *self,
              PlnEvent  *event,
              GError   **error)
{
  GListModel *agenda = pln_event_get_agenda (event);
  sqlite3_stmt *stmt;
  guint n = g_list_model_get_n_items (agenda);

  stmt = _pln_store_prepare (self, "DELETE FROM agenda_items WHERE event_id = ?1;", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, pln_event_get_id (event));
  if (!_pln_store_step_done (self, stmt, _("Cannot save the agenda"), error))
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlnAgendaItem) item = g_list_model_get_item (agenda, i);

      stmt = _pln_store_prepare (self,
                                 "INSERT INTO agenda_items (event_id, position, title, speaker, planned_start) "
                                 "VALUES (?1, ?2, ?3, ?4, ?5);", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, pln_event_get_id (event));
      sqlite3_bind_int (stmt, 2, i);
      sqlite3_bind_text (stmt, 3, pln_agenda_item_get_title (item), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, pln_agenda_item_get_speaker (item), -1, SQLITE_TRANSIENT);
      if (pln_agenda_item_get_planned_start (item) != 0)
        sqlite3_bind_int64 (stmt, 5, pln_agenda_item_get_planned_start (item));
      if (!_pln_store_step_done (self, stmt, _("Cannot save the agenda"), error))
        return FALSE;
      pln_agenda_item_set_id (item, sqlite3_last_insert_rowid (_pln_store_get_db (self)));
      pln_agenda_item_set_position (item, i);
    }
  return TRUE;
}

/* Makes @site_id the host point of @event_id, adding the point if needed. */
static gboolean
write_host_point (PlnStore  *self,
                  gint64     event_id,
                  gint64     site_id,
                  GError   **error)
{
  g_autofree char *token = pln_store_new_token ();
  sqlite3_stmt *stmt;

  stmt = _pln_store_prepare (self, "UPDATE bridge_points SET is_host = 0 WHERE event_id = ?1;", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, event_id);
  if (!_pln_store_step_done (self, stmt, _("Cannot set the host point"), error))
    return FALSE;

  if (site_id == 0)
    return TRUE;

  stmt = _pln_store_prepare (self,
                             "INSERT INTO bridge_points (event_id, site_id, is_host, token) "
                             "VALUES (?1, ?2, 1, ?3) "
                             "ON CONFLICT (event_id, site_id) DO UPDATE SET is_host = 1;", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, event_id);
  sqlite3_bind_int64 (stmt, 2, site_id);
  sqlite3_bind_text (stmt, 3, token, -1, SQLITE_TRANSIENT);
  return _pln_store_step_done (self, stmt, _("Cannot set the host point"), error);
}

gint64
pln_store_add_event (PlnStore  *self,
                     PlnEvent  *event,
                     GError   **error)
{
  g_autofree char *uid = NULL;
  sqlite3_stmt *stmt;
  gint64 now = _pln_store_now ();
  gint64 id;

  g_return_val_if_fail (PLN_IS_STORE (self), 0);
  g_return_val_if_fail (PLN_IS_EVENT (event), 0);

  if (!check_event (event, error))
    return 0;

  uid = g_strdup (pln_event_get_uid (event));
  if (*uid == '\0')
    {
      g_autofree char *token = pln_store_new_token ();
      g_free (uid);
      uid = g_strdup_printf ("%s@plenary", token);
    }

  if (!_pln_store_begin (self, error))
    return 0;

  stmt = _pln_store_prepare (self,
                             "INSERT INTO events (uid, kind, title, description, starts_at, ends_at, "
                             "host_site_id, sequence, created_at, updated_at) "
                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, ?8, ?8);", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, uid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, pln_event_kind_to_string (pln_event_get_kind (event)), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, pln_event_get_title (event), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, pln_event_get_description (event), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, pln_event_get_starts_at (event));
  sqlite3_bind_int64 (stmt, 6, pln_event_get_ends_at (event));
  if (pln_event_get_host_site_id (event) != 0)
    sqlite3_bind_int64 (stmt, 7, pln_event_get_host_site_id (event));
  sqlite3_bind_int64 (stmt, 8, now);
  if (!_pln_store_step_done (self, stmt, _("Cannot add the event (is the host site known and the UID new?)"), error))
    goto fail;

  id = sqlite3_last_insert_rowid (_pln_store_get_db (self));
  pln_event_set_id (event, id);

  if (!write_agenda (self, event, error) ||
      !write_host_point (self, id, pln_event_get_host_site_id (event), error))
    goto fail;

  if (!_pln_store_commit (self, error))
    goto fail_uncommitted;

  pln_event_set_uid (event, uid);
  pln_event_set_sequence (event, 0);
  _pln_store_emit_changed (self, "events");
  _pln_store_emit_changed (self, "bridge_points");
  return id;

fail:
  _pln_store_rollback (self);
fail_uncommitted:
  pln_event_set_id (event, 0);
  return 0;
}

gboolean
pln_store_update_event (PlnStore  *self,
                        PlnEvent  *event,
                        GError   **error)
{
  g_autoptr(PlnEvent) stored = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PLN_IS_STORE (self), FALSE);
  g_return_val_if_fail (PLN_IS_EVENT (event), FALSE);

  if (!check_event (event, error))
    return FALSE;
  stored = pln_store_get_event (self, pln_event_get_id (event), error);
  if (stored == NULL)
    return FALSE;

  if (!_pln_store_begin (self, error))
    return FALSE;

  stmt = _pln_store_prepare (self,
                             "UPDATE events SET kind = ?2, title = ?3, description = ?4, "
                             "starts_at = ?5, ends_at = ?6, host_site_id = ?7, "
                             "sequence = sequence + 1, updated_at = ?8 WHERE id = ?1;", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, pln_event_get_id (event));
  sqlite3_bind_text (stmt, 2, pln_event_kind_to_string (pln_event_get_kind (event)), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, pln_event_get_title (event), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, pln_event_get_description (event), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, pln_event_get_starts_at (event));
  sqlite3_bind_int64 (stmt, 6, pln_event_get_ends_at (event));
  if (pln_event_get_host_site_id (event) != 0)
    sqlite3_bind_int64 (stmt, 7, pln_event_get_host_site_id (event));
  sqlite3_bind_int64 (stmt, 8, _pln_store_now ());
  if (!_pln_store_step_done (self, stmt, _("Cannot save the event"), error))
    goto fail;

  if (!write_agenda (self, event, error))
    goto fail;
  if (pln_event_get_host_site_id (event) != pln_event_get_host_site_id (stored) &&
      !write_host_point (self, pln_event_get_id (event), pln_event_get_host_site_id (event), error))
    goto fail;

  if (!_pln_store_commit (self, error))
    return FALSE;

  pln_event_set_sequence (event, pln_event_get_sequence (stored) + 1);
  _pln_store_emit_changed (self, "events");
  _pln_store_emit_changed (self, "bridge_points");
  return TRUE;

fail:
  _pln_store_rollback (self);
  return FALSE;
}

gboolean
pln_store_delete_event (PlnStore  *self,
                        gint64     id,
                        GError   **error)
{
  g_autoptr(PlnEvent) stored = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PLN_IS_STORE (self), FALSE);

  stored = pln_store_get_event (self, id, error);
  if (stored == NULL)
    return FALSE;

  stmt = _pln_store_prepare (self, "DELETE FROM events WHERE id = ?1;", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!_pln_store_step_done (self, stmt, _("Cannot delete the event"), error))
    return FALSE;

  _pln_store_emit_changed (self, "events");
  _pln_store_emit_changed (self, "bridge_points");
  return TRUE;
}

GListModel *
pln_store_get_events_model (PlnStore *self)
{
  g_return_val_if_fail (PLN_IS_STORE (self), NULL);

  return G_LIST_MODEL (_pln_query_model_new (self, PLN_ROW_EVENT, NULL, 0, event_tables));
}

/* ---- Bridge points -------------------------------------------------- */

PlnBridgePoint *
pln_store_get_point (PlnStore  *self,
                     gint64     id,
                     GError   **error)
{
  g_autofree char *what = NULL;

  g_return_val_if_fail (PLN_IS_STORE (self), NULL);

  what = g_strdup_printf (_("bridge point with the id %lld"), (long long) id);
  return _pln_rows_select_one (_pln_store_get_db (self), PLN_ROW_POINT,
                               "WHERE b.id = ?1", id, NULL, what, error);
}

PlnBridgePoint *
pln_store_find_point (PlnStore  *self,
                      gint64     event_id,
                      gint64     site_id,
                      GError   **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *where = NULL;

  g_return_val_if_fail (PLN_IS_STORE (self), NULL);

  where = g_strdup_printf ("WHERE b.event_id = ?1 AND b.site_id = %" G_GINT64_FORMAT, site_id);
  rows = _pln_rows_select (_pln_store_get_db (self), PLN_ROW_POINT, where, event_id, NULL, error);
  if (rows == NULL)
    return NULL;
  if (rows->len == 0)
    {
      g_autoptr(PlnSite) site = pln_store_get_site (self, site_id, NULL);

      g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_NOT_FOUND,
                   _("%s is not a bridge point of the event %lld. Add it with “plenary points add”."),
                   site != NULL ? pln_site_get_name (site) : _("The site"), (long long) event_id);
      return NULL;
    }
  return g_object_ref (g_ptr_array_index (rows, 0));
}

PlnBridgePoint *
pln_store_find_point_by_token (PlnStore    *self,
                               const char  *token,
                               GError     **error)
{
  g_return_val_if_fail (PLN_IS_STORE (self), NULL);
  g_return_val_if_fail (token != NULL, NULL);

  return _pln_rows_select_one (_pln_store_get_db (self), PLN_ROW_POINT,
                               "WHERE b.token = ?2", 0, token, _("bridge point with this token"), error);
}

int
pln_store_add_points (PlnStore  *self,
                      gint64     event_id,
                      GArray    *site_ids,
                      int        expected_each,
                      GError   **error)
{
  g_autoptr(PlnEvent) event = NULL;
  int added = 0;

  g_return_val_if_fail (PLN_IS_STORE (self), -1);
  g_return_val_if_fail (site_ids != NULL, -1);

  if (expected_each < 0)
    {
      g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_INVALID,
                   _("The expected head-count cannot be negative."));
      return -1;
    }

  event = pln_store_get_event (self, event_id, error);
  if (event == NULL)
    return -1;

  if (!_pln_store_begin (self, error))
    return -1;

  for (guint i = 0; i < site_ids->len; i++)
    {
      g_autofree char *token = pln_store_new_token ();
      sqlite3_stmt *stmt;

      stmt = _pln_store_prepare (self,
                                 "INSERT INTO bridge_points (event_id, site_id, expected_count, token) "
                                 "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (event_id, site_id) DO NOTHING;",
                                 error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, event_id);
      sqlite3_bind_int64 (stmt, 2, g_array_index (site_ids, gint64, i));
      sqlite3_bind_int (stmt, 3, expected_each);
      sqlite3_bind_text (stmt, 4, token, -1, SQLITE_TRANSIENT);
      if (!_pln_store_step_done (self, stmt, _("Cannot add the bridge points (is every site known?)"), error))
        goto fail;
      added += sqlite3_changes (_pln_store_get_db (self));
    }

  if (!_pln_store_commit (self, error))
    return -1;

  _pln_store_emit_changed (self, "bridge_points");
  return added;

fail:
  _pln_store_rollback (self);
  return -1;
}

/* Runs an UPDATE/DELETE of one point (?1 = point id) with ?2 bound to
 * @int_arg (or NULL when @null_arg) and ?3 to @text_arg; NOT_FOUND when no
 * such point. */
static gboolean
write_point (PlnStore    *self,
             const char  *sql,
             gint64       point_id,
             gint64       int_arg,
             gboolean     null_arg,
             const char  *text_arg,
             GError     **error)
{
  sqlite3_stmt *stmt = _pln_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, point_id);
  if (!null_arg)
    sqlite3_bind_int64 (stmt, 2, int_arg);
  if (text_arg != NULL)
    sqlite3_bind_text (stmt, 3, text_arg, -1, SQLITE_TRANSIENT);
  if (!_pln_store_step_done (self, stmt, _("Cannot change the bridge point"), error))
    return FALSE;
  if (sqlite3_changes (_pln_store_get_db (self)) == 0)
    {
      g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_NOT_FOUND,
                   _("There is no bridge point with the id %lld."), (long long) point_id);
      return FALSE;
    }
  _pln_store_emit_changed (self, "bridge_points");
  return TRUE;
}

gboolean
pln_store_delete_point (PlnStore  *self,
                        gint64     point_id,
                        GError   **error)
{
  g_return_val_if_fail (PLN_IS_STORE (self), FALSE);

  return write_point (self, "DELETE FROM bridge_points WHERE id = ?1;", point_id, 0, TRUE, NULL, error);
}

gboolean
pln_store_set_point_expected (PlnStore  *self,
                              gint64     point_id,
                              int        expected,
                              GError   **error)
{
  g_return_val_if_fail (PLN_IS_STORE (self), FALSE);

  if (expected < 0)
    {
      g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_INVALID,
                   _("The expected head-count cannot be negative."));
      return FALSE;
    }
  return write_point (self, "UPDATE bridge_points SET expected_count = ?2 WHERE id = ?1;",
                      point_id, expected, FALSE, NULL, error);
}

gboolean
pln_store_set_point_technician (PlnStore  *self,
                                gint64     point_id,
                                gint64     person_id,
                                GError   **error)
{
  g_return_val_if_fail (PLN_IS_STORE (self), FALSE);

  return write_point (self, "UPDATE bridge_points SET technician_id = ?2 WHERE id = ?1;",
                      point_id, person_id, person_id == 0, NULL, error);
}

gboolean
pln_store_set_point_source (PlnStore    *self,
                            gint64       point_id,
                            const char  *uri,
                            GError     **error)
{
  g_return_val_if_fail (PLN_IS_STORE (self), FALSE);

  return write_point (self, "UPDATE bridge_points SET source_uri = ?3 WHERE id = ?1;",
                      point_id, 0, TRUE, uri != NULL ? uri : "", error);
}

gboolean
pln_store_report_count (PlnStore  *self,
                        gint64     point_id,
                        int        count,
                        gint64     at,
                        GError   **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (PLN_IS_STORE (self), FALSE);

  if (count < 0)
    {
      g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_INVALID,
                   _("A head-count cannot be negative (%d)."), count);
      return FALSE;
    }
  sql = g_strdup_printf ("UPDATE bridge_points SET reported_count = ?2, reported_at = %" G_GINT64_FORMAT
                         " WHERE id = ?1;", at != 0 ? at : _pln_store_now ());
  return write_point (self, sql, point_id, count, FALSE, NULL, error);
}

gboolean
pln_store_set_link_status (PlnStore       *self,
                           gint64          point_id,
                           PlnLinkStatus   status,
                           gint64          at,
                           GError        **error)
{
  g_autoptr(PlnBridgePoint) point = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PLN_IS_STORE (self), FALSE);
  g_return_val_if_fail (status <= PLN_LINK_STATUS_LOST, FALSE);

  if (at == 0)
    at = _pln_store_now ();

  if (!_pln_store_begin (self, error))
    return FALSE;

  point = pln_store_get_point (self, point_id, error);
  if (point == NULL)
    goto fail;
  if (pln_bridge_point_get_link_status (point) == status)
    return _pln_store_commit (self, error);

  stmt = _pln_store_prepare (self, "UPDATE bridge_points SET link_status = ?2, link_since = ?3 WHERE id = ?1;", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, point_id);
  sqlite3_bind_text (stmt, 2, pln_link_status_to_string (status), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, at);
  if (!_pln_store_step_done (self, stmt, _("Cannot change the link status"), error))
    goto fail;

  stmt = _pln_store_prepare (self, "INSERT INTO link_changes (point_id, status, changed_at) VALUES (?1, ?2, ?3);", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, point_id);
  sqlite3_bind_text (stmt, 2, pln_link_status_to_string (status), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, at);
  if (!_pln_store_step_done (self, stmt, _("Cannot change the link status"), error))
    goto fail;

  if (!_pln_store_commit (self, error))
    return FALSE;

  _pln_store_emit_changed (self, "link_changes");
  _pln_store_emit_changed (self, "bridge_points");
  return TRUE;

fail:
  _pln_store_rollback (self);
  return FALSE;
}

gint64
pln_store_get_connected_seconds (PlnStore  *self,
                                 gint64     point_id,
                                 gint64     now,
                                 GError   **error)
{
  sqlite3_stmt *stmt;
  gint64 total = 0;
  gint64 connected_since = -1;
  int rc;

  g_return_val_if_fail (PLN_IS_STORE (self), -1);

  if (now == 0)
    now = _pln_store_now ();

  stmt = _pln_store_prepare (self,
                             "SELECT status, changed_at FROM link_changes WHERE point_id = ?1 "
                             "ORDER BY changed_at, id;", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, point_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gboolean connected = g_str_equal ((const char *) sqlite3_column_text (stmt, 0), "connected");
      gint64 changed_at = sqlite3_column_int64 (stmt, 1);

      if (connected_since >= 0)
        total += MIN (changed_at, now) - MIN (connected_since, now);
      connected_since = connected ? changed_at : -1;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      _pln_store_fail (self, _("Cannot read the link history"), error);
      return -1;
    }
  if (connected_since >= 0 && now > connected_since)
    total += now - connected_since;
  return total;
}

gboolean
pln_store_set_delegates (PlnStore  *self,
                         gint64     point_id,
                         GArray    *person_ids,
                         GError   **error)
{
  g_autoptr(PlnBridgePoint) point = NULL;
  g_autoptr(GString) keep = g_string_new ("");
  sqlite3_stmt *stmt;
  g_autofree char *sql = NULL;

  g_return_val_if_fail (PLN_IS_STORE (self), FALSE);
  g_return_val_if_fail (person_ids != NULL, FALSE);

  point = pln_store_get_point (self, point_id, error);
  if (point == NULL)
    return FALSE;

  for (guint i = 0; i < person_ids->len; i++)
    g_string_append_printf (keep, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "",
                            g_array_index (person_ids, gint64, i));

  if (!_pln_store_begin (self, error))
    return FALSE;

  sql = g_strdup_printf ("DELETE FROM delegates WHERE point_id = ?1 AND person_id NOT IN (%s);", keep->str);
  stmt = _pln_store_prepare (self, sql, error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, point_id);
  if (!_pln_store_step_done (self, stmt, _("Cannot set the delegates"), error))
    goto fail;

  for (guint i = 0; i < person_ids->len; i++)
    {
      stmt = _pln_store_prepare (self,
                                 "INSERT INTO delegates (point_id, person_id) VALUES (?1, ?2) "
                                 "ON CONFLICT DO NOTHING;", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, point_id);
      sqlite3_bind_int64 (stmt, 2, g_array_index (person_ids, gint64, i));
      if (!_pln_store_step_done (self, stmt, _("Cannot set the delegates (is every person known?)"), error))
        goto fail;
    }

  if (!_pln_store_commit (self, error))
    return FALSE;
  _pln_store_emit_changed (self, "delegates");
  return TRUE;

fail:
  _pln_store_rollback (self);
  return FALSE;
}

gboolean
pln_store_set_presence (PlnStore  *self,
                        gint64     point_id,
                        gint64     person_id,
                        gboolean   present,
                        GError   **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PLN_IS_STORE (self), FALSE);

  stmt = _pln_store_prepare (self,
                             "UPDATE delegates SET present = ?3, marked_at = ?4 "
                             "WHERE point_id = ?1 AND person_id = ?2;", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, point_id);
  sqlite3_bind_int64 (stmt, 2, person_id);
  sqlite3_bind_int (stmt, 3, present ? 1 : 0);
  sqlite3_bind_int64 (stmt, 4, _pln_store_now ());
  if (!_pln_store_step_done (self, stmt, _("Cannot mark the delegate"), error))
    return FALSE;
  if (sqlite3_changes (_pln_store_get_db (self)) == 0)
    {
      g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_NOT_FOUND,
                   _("The person %lld is not a delegate of the bridge point %lld."),
                   (long long) person_id, (long long) point_id);
      return FALSE;
    }
  _pln_store_emit_changed (self, "delegates");
  return TRUE;
}

GListModel *
pln_store_list_delegates (PlnStore  *self,
                          gint64     point_id,
                          GError   **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  GListStore *list;

  g_return_val_if_fail (PLN_IS_STORE (self), NULL);

  rows = _pln_rows_select (_pln_store_get_db (self), PLN_ROW_PERSON,
                           "JOIN delegates dl ON dl.person_id = p.id WHERE dl.point_id = ?1 "
                           "ORDER BY p.name, p.id", point_id, NULL, error);
  if (rows == NULL)
    return NULL;
  list = g_list_store_new (PLN_TYPE_PERSON);
  g_list_store_splice (list, 0, 0, rows->pdata, rows->len);
  return G_LIST_MODEL (list);
}

gboolean
pln_store_count_delegates (PlnStore  *self,
                           gint64     point_id,
                           guint     *expected,
                           guint     *present,
                           GError   **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PLN_IS_STORE (self), FALSE);

  stmt = _pln_store_prepare (self,
                             "SELECT count(*), coalesce (sum (present), 0) FROM delegates WHERE point_id = ?1;",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, point_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_finalize (stmt);
      return _pln_store_fail (self, _("Cannot count the delegates"), error);
    }
  if (expected != NULL)
    *expected = sqlite3_column_int (stmt, 0);
  if (present != NULL)
    *present = sqlite3_column_int (stmt, 1);
  sqlite3_finalize (stmt);
  return TRUE;
}

#define POINTS_OF_EVENT \
  "WHERE b.event_id = ?1 ORDER BY b.is_host DESC, " PLN_LEVEL_ORDER ("s.level") ", s.code"

GListModel *
pln_store_get_points_model (PlnStore *self,
                            gint64    event_id)
{
  g_return_val_if_fail (PLN_IS_STORE (self), NULL);

  return G_LIST_MODEL (_pln_query_model_new (self, PLN_ROW_POINT, POINTS_OF_EVENT,
                                             event_id, point_tables));
}

void
pln_store_list_points_async (PlnStore            *self,
                             gint64               event_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (PLN_IS_STORE (self));

  _pln_store_list_async (self, PLN_ROW_POINT, POINTS_OF_EVENT, event_id,
                         pln_store_list_points_async, cancellable, callback, user_data);
}

GListModel *
pln_store_list_points_finish (PlnStore      *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pln_store_list_points_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- Reports -------------------------------------------------------- */

PlnAttendanceReport *
pln_store_get_attendance_report (PlnStore           *self,
                                 gint64              event_id,
                                 PlnReportGrouping   grouping,
                                 GError            **error)
{
  g_return_val_if_fail (PLN_IS_STORE (self), NULL);

  return _pln_attendance_report_query (_pln_store_get_db (self), event_id, grouping, error);
}

typedef struct
{
  char              *path;
  gint64             event_id;
  PlnReportGrouping  grouping;
} ReportData;

static void
report_data_free (ReportData *data)
{
  g_free (data->path);
  g_free (data);
}

static void
report_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ReportData *data = task_data;
  g_autoptr(GError) error = NULL;
  PlnAttendanceReport *report;
  sqlite3 *db;

  if (g_task_return_error_if_cancelled (task))
    return;

  db = _pln_rows_open_reader (data->path, &error);
  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  report = _pln_attendance_report_query (db, data->event_id, data->grouping, &error);
  sqlite3_close (db);
  if (report == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, report, g_object_unref);
}

void
pln_store_get_attendance_report_async (PlnStore            *self,
                                       gint64               event_id,
                                       PlnReportGrouping    grouping,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ReportData *data;

  g_return_if_fail (PLN_IS_STORE (self));

  data = g_new0 (ReportData, 1);
  data->path = g_strdup (pln_store_get_path (self));
  data->event_id = event_id;
  data->grouping = grouping;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pln_store_get_attendance_report_async);
  g_task_set_task_data (task, data, (GDestroyNotify) report_data_free);
  g_task_run_in_thread (task, report_thread);
}

PlnAttendanceReport *
pln_store_get_attendance_report_finish (PlnStore      *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pln_store_get_attendance_report_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
