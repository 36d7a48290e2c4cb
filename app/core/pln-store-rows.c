/* pln-store-rows.c: see pln-store-rows.h. */
#define G_LOG_DOMAIN "plenary-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pln-store-rows.h"

static const char * const select_sql[] = {
  [PLN_ROW_SITE] =
    "SELECT s.id, s.code, s.name, s.level, coalesce (s.parent_id, 0), "
    "coalesce (s.district_id, 0), coalesce (d.name, ''), s.address, "
    "(SELECT count(*) FROM sites c WHERE c.parent_id = s.id) "
    "FROM sites s LEFT JOIN sites d ON d.id = s.district_id ",
  [PLN_ROW_PERSON] =
    "SELECT p.id, p.staff_number, p.name, p.title, p.site_id, s.name, p.phone, "
    "p.email, p.signin_code "
    "FROM people p JOIN sites s ON s.id = p.site_id ",
  [PLN_ROW_EVENT] =
    "SELECT e.id, e.uid, e.kind, e.title, e.description, e.starts_at, e.ends_at, "
    "coalesce (e.host_site_id, 0), coalesce (h.name, ''), e.sequence, "
    "coalesce (t.n, 0), coalesce (t.expected, 0), coalesce (t.reported, 0) "
    "FROM events e LEFT JOIN sites h ON h.id = e.host_site_id "
    "LEFT JOIN (SELECT event_id, count(*) AS n, sum (expected_count) AS expected, "
    "           sum (coalesce (reported_count, 0)) AS reported "
    "           FROM bridge_points GROUP BY event_id) t ON t.event_id = e.id ",
  [PLN_ROW_POINT] =
    "SELECT b.id, b.event_id, b.site_id, s.code, s.name, s.level, coalesce (d.name, ''), "
    "b.is_host, b.expected_count, coalesce (b.reported_count, -1), "
    "coalesce (b.reported_at, 0), b.link_status, coalesce (b.link_since, 0), "
    "coalesce (b.technician_id, 0), b.source_uri, b.token "
    "FROM bridge_points b JOIN sites s ON s.id = b.site_id "
    "LEFT JOIN sites d ON d.id = s.district_id ",
  [PLN_ROW_AGENDA_ITEM] =
    "SELECT a.id, a.position, a.title, a.speaker, coalesce (a.planned_start, 0) "
    "FROM agenda_items a ",
};

static const char * const default_order[] = {
  [PLN_ROW_SITE] = "ORDER BY " PLN_LEVEL_ORDER ("s.level") ", s.code",
  [PLN_ROW_PERSON] = "ORDER BY p.name, p.id",
  [PLN_ROW_EVENT] = "ORDER BY e.starts_at, e.id",
  [PLN_ROW_POINT] = "ORDER BY b.is_host DESC, " PLN_LEVEL_ORDER ("s.level") ", s.code",
  [PLN_ROW_AGENDA_ITEM] = "ORDER BY a.position",
};

static const char *
text (sqlite3_stmt *stmt,
      int           column)
{
  const char *value = (const char *) sqlite3_column_text (stmt, column);
  return value != NULL ? value : "";
}

static GObject *
row_to_object (PlnRowKind    kind,
               sqlite3_stmt *stmt)
{
  switch (kind)
    {
    case PLN_ROW_SITE:
      {
        PlnSite *site = pln_site_new ();
        PlnSiteLevel level = PLN_SITE_LEVEL_COMMUNE;

        pln_site_level_from_string (text (stmt, 3), &level);
        pln_site_set_id (site, sqlite3_column_int64 (stmt, 0));
        pln_site_set_code (site, text (stmt, 1));
        pln_site_set_name (site, text (stmt, 2));
        pln_site_set_level (site, level);
        pln_site_set_parent_id (site, sqlite3_column_int64 (stmt, 4));
        pln_site_set_district_id (site, sqlite3_column_int64 (stmt, 5));
        pln_site_set_district_name (site, text (stmt, 6));
        pln_site_set_address (site, text (stmt, 7));
        pln_site_set_n_children (site, sqlite3_column_int (stmt, 8));
        return G_OBJECT (site);
      }

    case PLN_ROW_PERSON:
      {
        PlnPerson *person = pln_person_new ();

        pln_person_set_id (person, sqlite3_column_int64 (stmt, 0));
        pln_person_set_staff_number (person, text (stmt, 1));
        pln_person_set_name (person, text (stmt, 2));
        pln_person_set_title (person, text (stmt, 3));
        pln_person_set_site_id (person, sqlite3_column_int64 (stmt, 4));
        pln_person_set_site_name (person, text (stmt, 5));
        pln_person_set_phone (person, text (stmt, 6));
        pln_person_set_email (person, text (stmt, 7));
        pln_person_set_signin_code (person, text (stmt, 8));
        return G_OBJECT (person);
      }

    case PLN_ROW_EVENT:
      {
        PlnEvent *event = pln_event_new ();
        PlnEventKind event_kind = PLN_EVENT_KIND_CONFERENCE;

        pln_event_kind_from_string (text (stmt, 2), &event_kind);
        pln_event_set_id (event, sqlite3_column_int64 (stmt, 0));
        pln_event_set_uid (event, text (stmt, 1));
        pln_event_set_kind (event, event_kind);
        pln_event_set_title (event, text (stmt, 3));
        pln_event_set_description (event, text (stmt, 4));
        pln_event_set_starts_at (event, sqlite3_column_int64 (stmt, 5));
        pln_event_set_ends_at (event, sqlite3_column_int64 (stmt, 6));
        pln_event_set_host_site_id (event, sqlite3_column_int64 (stmt, 7));
        pln_event_set_host_site_name (event, text (stmt, 8));
        pln_event_set_sequence (event, sqlite3_column_int (stmt, 9));
        pln_event_set_n_points (event, sqlite3_column_int (stmt, 10));
        pln_event_set_expected_total (event, sqlite3_column_int64 (stmt, 11));
        pln_event_set_reported_total (event, sqlite3_column_int64 (stmt, 12));
        return G_OBJECT (event);
      }

    case PLN_ROW_POINT:
      {
        PlnBridgePoint *point = pln_bridge_point_new ();
        PlnSiteLevel level = PLN_SITE_LEVEL_COMMUNE;
        PlnLinkStatus status = PLN_LINK_STATUS_WAITING;

        pln_site_level_from_string (text (stmt, 5), &level);
        pln_link_status_from_string (text (stmt, 11), &status);
        pln_bridge_point_set_id (point, sqlite3_column_int64 (stmt, 0));
        pln_bridge_point_set_event_id (point, sqlite3_column_int64 (stmt, 1));
        pln_bridge_point_set_site_id (point, sqlite3_column_int64 (stmt, 2));
        pln_bridge_point_set_site_code (point, text (stmt, 3));
        pln_bridge_point_set_site_name (point, text (stmt, 4));
        pln_bridge_point_set_site_level (point, level);
        pln_bridge_point_set_district_name (point, text (stmt, 6));
        pln_bridge_point_set_is_host (point, sqlite3_column_int (stmt, 7));
        pln_bridge_point_set_expected_count (point, sqlite3_column_int (stmt, 8));
        pln_bridge_point_set_reported_count (point, sqlite3_column_int (stmt, 9));
        pln_bridge_point_set_reported_at (point, sqlite3_column_int64 (stmt, 10));
        pln_bridge_point_set_link_status (point, status);
        pln_bridge_point_set_link_since (point, sqlite3_column_int64 (stmt, 12));
        pln_bridge_point_set_technician_id (point, sqlite3_column_int64 (stmt, 13));
        pln_bridge_point_set_source_uri (point, text (stmt, 14));
        pln_bridge_point_set_token (point, text (stmt, 15));
        return G_OBJECT (point);
      }

    case PLN_ROW_AGENDA_ITEM:
      {
        PlnAgendaItem *item = pln_agenda_item_new ();

        pln_agenda_item_set_id (item, sqlite3_column_int64 (stmt, 0));
        pln_agenda_item_set_position (item, sqlite3_column_int (stmt, 1));
        pln_agenda_item_set_title (item, text (stmt, 2));
        pln_agenda_item_set_speaker (item, text (stmt, 3));
        pln_agenda_item_set_planned_start (item, sqlite3_column_int64 (stmt, 4));
        return G_OBJECT (item);
      }

    default:
      g_assert_not_reached ();
    }
}

GType
_pln_row_kind_get_gtype (PlnRowKind kind)
{
  switch (kind)
    {
    case PLN_ROW_SITE: return PLN_TYPE_SITE;
    case PLN_ROW_PERSON: return PLN_TYPE_PERSON;
    case PLN_ROW_EVENT: return PLN_TYPE_EVENT;
    case PLN_ROW_POINT: return PLN_TYPE_BRIDGE_POINT;
    case PLN_ROW_AGENDA_ITEM: return PLN_TYPE_AGENDA_ITEM;
    default: g_assert_not_reached ();
    }
}

GPtrArray *
_pln_rows_select (sqlite3     *db,
                  PlnRowKind   kind,
                  const char  *where,
                  gint64       int_arg,
                  const char  *text_arg,
                  GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (where == NULL)
    where = default_order[kind];
  sql = g_strconcat (select_sql[kind], where, NULL);

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_QUERY,
                   _("Cannot read the database: %s"), sqlite3_errmsg (db));
      return NULL;
    }
  if (strstr (where, "?1") != NULL)
    sqlite3_bind_int64 (stmt, 1, int_arg);
  if (strstr (where, "?2") != NULL)
    sqlite3_bind_text (stmt, 2, text_arg, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, row_to_object (kind, stmt));

  if (rc != SQLITE_DONE)
    {
      g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_QUERY,
                   _("Cannot read the database: %s"), sqlite3_errmsg (db));
      sqlite3_finalize (stmt);
      return NULL;
    }

  sqlite3_finalize (stmt);
  return g_steal_pointer (&rows);
}

gpointer
_pln_rows_select_one (sqlite3     *db,
                      PlnRowKind   kind,
                      const char  *where,
                      gint64       int_arg,
                      const char  *text_arg,
                      const char  *what,
                      GError     **error)
{
  g_autoptr(GPtrArray) rows = _pln_rows_select (db, kind, where, int_arg, text_arg, error);

  if (rows == NULL)
    return NULL;
  if (rows->len == 0)
    {
      g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_NOT_FOUND,
                   _("There is no %s."), what);
      return NULL;
    }
  return g_object_ref (g_ptr_array_index (rows, 0));
}

sqlite3 *
_pln_rows_open_reader (const char  *path,
                       GError     **error)
{
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_OPEN,
                   _("Cannot open the database %s: %s"), path,
                   db != NULL ? sqlite3_errmsg (db) : _("out of memory"));
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, 5000);
  return db;
}
