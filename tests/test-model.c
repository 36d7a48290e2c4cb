/* test-model.c: the store's model (sites, people, events, bridge points),
 * its GListModels, site rules, the attendance report, tokens, change
 * detection across connections, and backup/restore. A small hand-made
 * network; the expected figures are worked out by hand in the comments. */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "pln-site-rule.h"
#include "pln-store.h"
#include "pln-store-private.h"

typedef struct
{
  char     *dir;
  char     *path;
  PlnStore *store;
  /* The hand-made network. */
  gint64    province, unit, ba_che, thanh_son, don_dac, lang_cong, tien_yen, ha_lau, dam_ha, quang_loi;
} Fixture;

static gint64
add_site (Fixture      *f,
          const char   *code,
          const char   *name,
          PlnSiteLevel  level,
          gint64        parent)
{
  g_autoptr(GError) error = NULL;
  gint64 id = pln_store_add_site (f->store, code, name, level, parent, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/*  Sở Y tế Quảng Ninh (province, QN-SYT)
 *  ├─ Trung tâm Kiểm soát bệnh tật (unit, QN-CDC)
 *  ├─ Trung tâm Y tế huyện Ba Chẽ (district, QN-TTYT-BC)
 *  │  ├─ Trạm Y tế xã Thanh Sơn (commune, QN-BC-01)
 *  │  └─ Trạm Y tế xã Đồn Đạc (commune, QN-BC-02)
 *  │     └─ Thôn Làng Cổng (village, QN-BC-02-01)
 *  ├─ Trung tâm Y tế huyện Tiên Yên (district, QN-TTYT-TY)
 *  │  └─ Trạm Y tế xã Hà Lâu (commune, QN-TY-01)
 *  └─ Trung tâm Y tế huyện Đầm Hà (district, QN-TTYT-DH)
 *     └─ Trạm Y tế xã Quảng Lợi (commune, QN-DH-01)
 */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("plenary-model-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "plenary.db", NULL);
  f->store = pln_store_open (f->path, &error);
  g_assert_no_error (error);

  f->province = add_site (f, "QN-SYT", "Sở Y tế Quảng Ninh", PLN_SITE_LEVEL_PROVINCE, 0);
  f->unit = add_site (f, "QN-CDC", "Trung tâm Kiểm soát bệnh tật", PLN_SITE_LEVEL_UNIT, f->province);
  f->ba_che = add_site (f, "QN-TTYT-BC", "Trung tâm Y tế huyện Ba Chẽ", PLN_SITE_LEVEL_DISTRICT, f->province);
  f->thanh_son = add_site (f, "QN-BC-01", "Trạm Y tế xã Thanh Sơn", PLN_SITE_LEVEL_COMMUNE, f->ba_che);
  f->don_dac = add_site (f, "QN-BC-02", "Trạm Y tế xã Đồn Đạc", PLN_SITE_LEVEL_COMMUNE, f->ba_che);
  f->lang_cong = add_site (f, "QN-BC-02-01", "Thôn Làng Cổng", PLN_SITE_LEVEL_VILLAGE, f->don_dac);
  f->tien_yen = add_site (f, "QN-TTYT-TY", "Trung tâm Y tế huyện Tiên Yên", PLN_SITE_LEVEL_DISTRICT, f->province);
  f->ha_lau = add_site (f, "QN-TY-01", "Trạm Y tế xã Hà Lâu", PLN_SITE_LEVEL_COMMUNE, f->tien_yen);
  f->dam_ha = add_site (f, "QN-TTYT-DH", "Trung tâm Y tế huyện Đầm Hà", PLN_SITE_LEVEL_DISTRICT, f->province);
  f->quang_loi = add_site (f, "QN-DH-01", "Trạm Y tế xã Quảng Lợi", PLN_SITE_LEVEL_COMMUNE, f->dam_ha);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", f->dir);

  g_clear_object (&f->store);
  while (g_main_context_iteration (NULL, FALSE));
  g_assert_cmpint (system (command), ==, 0);
  g_free (f->path);
  g_free (f->dir);
}

static void
spin (void)
{
  while (g_main_context_iteration (NULL, FALSE));
}

/* Runs sqlite3 (the CLI, an independent reader) and returns its output. */
static char *
sqlite_cli (const char *path,
            const char *sql)
{
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "sqlite3", path, sql, NULL };
  char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_strchomp (out);
  return out;
}

static gint64
add_event (Fixture    *f,
           const char *title,
           gint64      start,
           gint64      host)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnEvent) event = pln_event_new ();
  gint64 id;

  pln_event_set_title (event, title);
  pln_event_set_kind (event, PLN_EVENT_KIND_CONFERENCE);
  pln_event_set_starts_at (event, start);
  pln_event_set_ends_at (event, start + 3 * 3600);
  pln_event_set_host_site_id (event, host);
  id = pln_store_add_event (f->store, event, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static GArray *
ids_of (gint64 first, ...)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  va_list args;

  va_start (args, first);
  for (gint64 id = first; id != 0; id = va_arg (args, gint64))
    g_array_append_val (ids, id);
  va_end (args);
  return ids;
}

static gint64
point_of (Fixture *f,
          gint64   event,
          gint64   site)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnBridgePoint) point = pln_store_find_point (f->store, event, site, &error);

  g_assert_no_error (error);
  return pln_bridge_point_get_id (point);
}

/* ---- Sites and people ------------------------------------------------- */

static void
test_sites (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnSite) site = NULL;
  g_autoptr(PlnSite) village = NULL;
  g_autoptr(GListModel) roots = NULL;
  g_autoptr(GListModel) children = NULL;
  g_autoptr(PlnSite) first = NULL;

  site = pln_store_find_site_by_code (f->store, "QN-BC-02", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pln_site_get_name (site), ==, "Trạm Y tế xã Đồn Đạc");
  g_assert_cmpint (pln_site_get_level (site), ==, PLN_SITE_LEVEL_COMMUNE);
  g_assert_cmpint (pln_site_get_district_id (site), ==, f->ba_che);
  g_assert_cmpstr (pln_site_get_district_name (site), ==, "Trung tâm Y tế huyện Ba Chẽ");
  g_assert_cmpuint (pln_site_get_n_children (site), ==, 1);

  village = pln_store_get_site (f->store, f->lang_cong, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pln_site_get_district_id (village), ==, f->ba_che);
  g_assert_cmpint (pln_site_get_parent_id (village), ==, f->don_dac);

  g_assert_null (pln_store_find_site_by_code (f->store, "QN-XA-999", &error));
  g_assert_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "QN-XA-999"));
  g_clear_error (&error);

  g_assert_cmpint (pln_store_add_site (f->store, "QN-BC-01", "Trùng", PLN_SITE_LEVEL_COMMUNE, f->ba_che, &error), ==, 0);
  g_assert_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "QN-BC-01"));
  g_clear_error (&error);

  /* The tree: one root (the department), four under it in level order. */
  roots = pln_store_get_sites_model (f->store, 0);
  g_assert_cmpuint (g_list_model_get_n_items (roots), ==, 1);
  children = pln_store_get_sites_model (f->store, f->province);
  g_assert_cmpuint (g_list_model_get_n_items (children), ==, 4);
  first = g_list_model_get_item (children, 0);
  g_assert_cmpstr (pln_site_get_code (first), ==, "QN-CDC");
}

typedef struct
{
  guint calls;
  guint last_position, last_removed, last_added;
} ItemsChanged;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    data)
{
  ItemsChanged *seen = data;

  seen->calls++;
  seen->last_position = position;
  seen->last_removed = removed;
  seen->last_added = added;
}

static void
test_people (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) people = NULL;
  g_autoptr(PlnPerson) found = NULL;
  ItemsChanged seen = { 0 };
  const char *names[] = { "Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường" };

  people = pln_store_get_people_model (f->store, f->thanh_son);
  g_signal_connect (people, "items-changed", G_CALLBACK (on_items_changed), &seen);
  g_assert_cmpuint (g_list_model_get_n_items (people), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(PlnPerson) person = pln_person_new ();
      g_autofree char *number = g_strdup_printf ("NV-%03u", i + 1);

      pln_person_set_name (person, names[i]);
      pln_person_set_staff_number (person, number);
      pln_person_set_title (person, "Trưởng trạm");
      pln_person_set_site_id (person, f->thanh_son);
      g_assert_cmpint (pln_store_add_person (f->store, person, &error), >, 0);
      g_assert_no_error (error);
      g_assert_cmpuint (strlen (pln_person_get_signin_code (person)), ==, 10);
    }
  /* Three writes, one refresh. */
  g_assert_cmpuint (seen.calls, ==, 0);
  spin ();
  g_assert_cmpuint (seen.calls, ==, 1);
  g_assert_cmpuint (seen.last_added, ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (people), ==, 3);

  found = pln_store_find_person_by_staff_number (f->store, "NV-002", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pln_person_get_name (found), ==, "Trần Thị Bình");
  g_assert_cmpstr (pln_person_get_site_name (found), ==, "Trạm Y tế xã Thanh Sơn");
}

static void
on_people_listed (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  GListModel **out = data;
  g_autoptr(GError) error = NULL;

  *out = pln_store_list_people_finish (PLN_STORE (source), result, &error);
  g_assert_no_error (error);
}

static void
test_people_async (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) listed = NULL;
  g_autoptr(PlnPerson) first = NULL;

  for (guint i = 0; i < 500; i++)
    {
      g_autoptr(PlnPerson) person = pln_person_new ();
      g_autofree char *number = g_strdup_printf ("NV-%04u", i);
      g_autofree char *name = g_strdup_printf ("Cán bộ %04u", i);

      pln_person_set_name (person, name);
      pln_person_set_staff_number (person, number);
      pln_person_set_site_id (person, i % 2 ? f->thanh_son : f->ha_lau);
      g_assert_cmpint (pln_store_add_person (f->store, person, &error), >, 0);
    }

  pln_store_list_people_async (f->store, f->ha_lau, NULL, on_people_listed, &listed);
  while (listed == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (listed), ==, 250);
  first = g_list_model_get_item (listed, 0);
  g_assert_cmpstr (pln_person_get_name (first), ==, "Cán bộ 0000");
}

/* ---- Events ------------------------------------------------------------ */

static void
test_events (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) events = NULL;
  g_autoptr(PlnEvent) event = pln_event_new ();
  g_autoptr(PlnEvent) loaded = NULL;
  g_autoptr(PlnAgendaItem) item = NULL;
  g_autoptr(PlnEvent) first = NULL;
  g_autofree char *local = NULL;
  g_autofree char *sequence = NULL;
  ItemsChanged seen = { 0 };
  gint64 start = 0, id, later;

  events = pln_store_get_events_model (f->store);
  g_signal_connect (events, "items-changed", G_CALLBACK (on_items_changed), &seen);

  /* 08:00 in Hà Nội time is 01:00 UTC, whatever TZ says. */
  g_assert_true (pln_parse_local_time ("2022-11-10 08:00", &start, &error));
  g_assert_cmpint (start, ==, 1668042000);
  g_assert_true (pln_parse_local_time ("2022-11-10T01:00:00Z", &start, &error));
  g_assert_cmpint (start, ==, 1668042000);
  g_assert_false (pln_parse_local_time ("10/11/2022", &start, &error));
  g_assert_nonnull (strstr (error->message, "10/11/2022"));
  g_clear_error (&error);
  local = pln_format_local_time (1668042000, "%Y-%m-%d %H:%M");
  g_assert_cmpstr (local, ==, "2022-11-10 08:00");

  later = add_event (f, "Tập huấn truyền thông", 1668042000 + 86400, f->province);
  spin ();
  g_assert_cmpuint (seen.calls, ==, 1);

  pln_event_set_title (event, "Hội nghị mạng lưới truyền thông y tế 2022");
  pln_event_set_description (event, "Trực tuyến, 191 điểm cầu");
  pln_event_set_kind (event, PLN_EVENT_KIND_CONFERENCE);
  pln_event_set_starts_at (event, 1668042000);
  pln_event_set_ends_at (event, 1668042000 + 4 * 3600);
  pln_event_set_host_site_id (event, f->province);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(PlnAgendaItem) agenda = pln_agenda_item_new ();
      pln_agenda_item_set_title (agenda, i == 0 ? "Khai mạc" : "Báo cáo tổng kết");
      pln_agenda_item_set_speaker (agenda, "Giám đốc Sở Y tế");
      pln_agenda_item_set_planned_start (agenda, 1668042000 + i * 1800);
      pln_event_append_agenda_item (event, agenda);
    }
  id = pln_store_add_event (f->store, event, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, later);
  g_assert_cmpuint (strlen (pln_event_get_uid (event)), >, 32);

  /* Sorted by start: the new, earlier event comes first. */
  spin ();
  g_assert_cmpuint (seen.calls, ==, 2);
  g_assert_cmpuint (seen.last_position, ==, 0);
  g_assert_cmpuint (seen.last_added, ==, 1);
  first = g_list_model_get_item (events, 0);
  g_assert_cmpint (pln_event_get_id (first), ==, id);
  /* The host point came with it. */
  g_assert_cmpuint (pln_event_get_n_points (first), ==, 1);

  loaded = pln_store_get_event (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pln_event_get_title (loaded), ==, "Hội nghị mạng lưới truyền thông y tế 2022");
  g_assert_cmpstr (pln_event_get_host_site_name (loaded), ==, "Sở Y tế Quảng Ninh");
  g_assert_cmpuint (g_list_model_get_n_items (pln_event_get_agenda (loaded)), ==, 2);
  item = g_list_model_get_item (pln_event_get_agenda (loaded), 1);
  g_assert_cmpstr (pln_agenda_item_get_title (item), ==, "Báo cáo tổng kết");
  g_assert_cmpint (pln_agenda_item_get_planned_start (item), ==, 1668042000 + 1800);

  /* Update: the title changes in place in the model, SEQUENCE goes up. */
  pln_event_set_title (loaded, "Hội nghị trực tuyến 2022");
  pln_event_clear_agenda (loaded);
  g_assert_true (pln_store_update_event (f->store, loaded, &error));
  g_assert_no_error (error);
  spin ();
  g_assert_cmpstr (pln_event_get_title (first), ==, "Hội nghị trực tuyến 2022");
  g_assert_cmpint (pln_event_get_sequence (first), ==, 1);
  sequence = sqlite_cli (f->path, "SELECT sequence || '|' || (SELECT count(*) FROM agenda_items) FROM events WHERE title = 'Hội nghị trực tuyến 2022';");
  g_assert_cmpstr (sequence, ==, "1|0");

  /* An end before the start is refused with the event's name. */
  pln_event_set_ends_at (loaded, pln_event_get_starts_at (loaded) - 1);
  g_assert_false (pln_store_update_event (f->store, loaded, &error));
  g_assert_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (pln_store_delete_event (f->store, id, &error));
  spin ();
  g_assert_cmpuint (g_list_model_get_n_items (events), ==, 1);
  g_assert_null (pln_store_get_event (f->store, id, &error));
  g_assert_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_NOT_FOUND);
}

/* ---- Bridge points ------------------------------------------------------ */

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           gpointer    data)
{
  (*(guint *) data)++;
}

static void
test_points (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) sites = NULL;
  g_autoptr(GListModel) points = NULL;
  g_autoptr(PlnBridgePoint) host = NULL;
  g_autoptr(PlnBridgePoint) commune = NULL;
  g_autoptr(PlnBridgePoint) by_token = NULL;
  g_autofree char *history = NULL;
  ItemsChanged seen = { 0 };
  guint notified = 0;
  gint64 event, point;

  event = add_event (f, "Hội nghị", 1668042000, f->province);
  points = pln_store_get_points_model (f->store, event);
  g_signal_connect (points, "items-changed", G_CALLBACK (on_items_changed), &seen);
  g_assert_cmpuint (g_list_model_get_n_items (points), ==, 1);

  sites = ids_of (f->ba_che, f->thanh_son, f->don_dac, f->province, (gint64) 0);
  /* The department is already the host point: 3 added, not 4. */
  g_assert_cmpint (pln_store_add_points (f->store, event, sites, 6, &error), ==, 3);
  g_assert_no_error (error);
  spin ();
  g_assert_cmpuint (seen.calls, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (points), ==, 4);

  host = g_list_model_get_item (points, 0);
  g_assert_true (pln_bridge_point_get_is_host (host));
  g_assert_cmpstr (pln_bridge_point_get_site_code (host), ==, "QN-SYT");
  commune = g_list_model_get_item (points, 2);
  g_assert_cmpstr (pln_bridge_point_get_site_code (commune), ==, "QN-BC-01");
  g_assert_cmpint (pln_bridge_point_get_expected_count (commune), ==, 6);
  g_assert_cmpint (pln_bridge_point_get_reported_count (commune), ==, -1);
  g_assert_cmpstr (pln_bridge_point_get_district_name (commune), ==, "Trung tâm Y tế huyện Ba Chẽ");

  /* Reporting changes the object in place: no items-changed, a notify. */
  g_signal_connect (commune, "notify::reported-count", G_CALLBACK (on_notify), &notified);
  point = pln_bridge_point_get_id (commune);
  g_assert_true (pln_store_report_count (f->store, point, 7, 0, &error));
  spin ();
  g_assert_cmpuint (seen.calls, ==, 1);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpint (pln_bridge_point_get_reported_count (commune), ==, 7);
  g_assert_false (pln_store_report_count (f->store, point, -3, 0, &error));
  g_assert_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* Link history: connected 1000–1600 and 2000–now(2500) = 1 100 s. */
  g_assert_true (pln_store_set_link_status (f->store, point, PLN_LINK_STATUS_CONNECTED, 1000, &error));
  g_assert_true (pln_store_set_link_status (f->store, point, PLN_LINK_STATUS_CONNECTED, 1100, &error));
  g_assert_true (pln_store_set_link_status (f->store, point, PLN_LINK_STATUS_LOST, 1600, &error));
  g_assert_true (pln_store_set_link_status (f->store, point, PLN_LINK_STATUS_CONNECTED, 2000, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pln_store_get_connected_seconds (f->store, point, 2500, &error), ==, 1100);
  {
    g_autofree char *text = NULL;
    g_autofree char *d1 = pln_format_duration (1100);
    g_autofree char *d2 = pln_format_duration (2 * 3600 + 10 * 60 + 5);
    g_autofree char *d3 = pln_format_duration (30);

    g_assert_cmpstr (d1, ==, "18 min");
    g_assert_cmpstr (d2, ==, "2 h 10 min");
    g_assert_cmpstr (d3, ==, "30 s");
    g_assert_true (pln_store_set_link_status (f->store, point, PLN_LINK_STATUS_LOST, 1668044520, &error));
    spin ();
    /* 01:42 UTC is 08:42 in Hà Nội. */
    text = pln_bridge_point_dup_status_text (commune);
    g_assert_cmpstr (text, ==, "Lost since 08:42");
    g_assert_true (pln_store_set_link_status (f->store, point, PLN_LINK_STATUS_CONNECTED, 2000, &error));
  }
  spin ();
  g_assert_cmpint (pln_bridge_point_get_link_status (commune), ==, PLN_LINK_STATUS_CONNECTED);
  g_assert_cmpint (pln_bridge_point_get_link_since (commune), ==, 2000);
  /* The same status twice is one change, not two. */
  history = sqlite_cli (f->path, "SELECT group_concat (status || '@' || changed_at, ' ') FROM link_changes;");
  g_assert_cmpstr (history, ==, "connected@1000 lost@1600 connected@2000 lost@1668044520 connected@2000");

  by_token = pln_store_find_point_by_token (f->store, pln_bridge_point_get_token (commune), &error);
  g_assert_no_error (error);
  g_assert_cmpint (pln_bridge_point_get_id (by_token), ==, point);

  /* Unknown site of the event: a sentence that says what to do. */
  g_assert_null (pln_store_find_point (f->store, event, f->quang_loi, &error));
  g_assert_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "Quảng Lợi"));
}

static void
test_delegates (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) people = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GListModel) listed = NULL;
  g_autoptr(GArray) fewer = NULL;
  g_autoptr(GArray) sites = NULL;
  guint expected = 0, present = 0;
  gint64 event, point;

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(PlnPerson) person = pln_person_new ();
      g_autofree char *number = g_strdup_printf ("DB-%u", i);
      gint64 id;

      pln_person_set_name (person, i == 0 ? "Phạm Thị Dung" : i == 1 ? "Hoàng Văn Em" : "Vũ Thị Giang");
      pln_person_set_staff_number (person, number);
      pln_person_set_site_id (person, f->ha_lau);
      id = pln_store_add_person (f->store, person, &error);
      g_array_append_val (people, id);
    }

  event = add_event (f, "Tập huấn", 1668042000, 0);
  sites = ids_of (f->ha_lau, (gint64) 0);
  g_assert_cmpint (pln_store_add_points (f->store, event, sites, 3, &error), ==, 1);
  point = point_of (f, event, f->ha_lau);

  g_assert_true (pln_store_set_delegates (f->store, point, people, &error));
  g_assert_true (pln_store_set_presence (f->store, point, g_array_index (people, gint64, 0), TRUE, &error));
  g_assert_true (pln_store_set_presence (f->store, point, g_array_index (people, gint64, 2), TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (pln_store_count_delegates (f->store, point, &expected, &present, &error));
  g_assert_cmpuint (expected, ==, 3);
  g_assert_cmpuint (present, ==, 2);

  /* Replacing the list keeps the marks of those who stay. */
  fewer = ids_of (g_array_index (people, gint64, 0), g_array_index (people, gint64, 1), (gint64) 0);
  g_assert_true (pln_store_set_delegates (f->store, point, fewer, &error));
  g_assert_true (pln_store_count_delegates (f->store, point, &expected, &present, &error));
  g_assert_cmpuint (expected, ==, 2);
  g_assert_cmpuint (present, ==, 1);
  listed = pln_store_list_delegates (f->store, point, &error);
  g_assert_cmpuint (g_list_model_get_n_items (listed), ==, 2);

  g_assert_false (pln_store_set_presence (f->store, point, g_array_index (people, gint64, 2), TRUE, &error));
  g_assert_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_NOT_FOUND);
}

static void
test_tokens (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) all = NULL;
  g_autoptr(PlnSiteRule) rule = NULL;
  g_autofree char *distinct = NULL;
  gint64 event;

  for (guint i = 0; i < 10000; i++)
    {
      char *token = pln_store_new_token ();

      g_assert_cmpuint (strlen (token), ==, 32);
      for (const char *p = token; *p; p++)
        g_assert_true (g_ascii_isxdigit (*p) && !g_ascii_isupper (*p));
      g_assert_false (g_hash_table_contains (seen, token));
      g_hash_table_add (seen, token);
    }

  /* Stored tokens: one per point, all different, 32 hex digits. */
  event = add_event (f, "Hội nghị", 1668042000, f->province);
  rule = pln_site_rule_parse ("under=QN-SYT", &error);
  all = pln_site_rule_expand (rule, f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pln_store_add_points (f->store, event, all, 1, &error), ==, 9);
  distinct = sqlite_cli (f->path, "SELECT count (DISTINCT token) || '|' || sum (length (token) = 32 AND token NOT GLOB '*[^0-9a-f]*') FROM bridge_points;");
  g_assert_cmpstr (distinct, ==, "10|10");
}

/* ---- Site rules -------------------------------------------------------- */

static char *
expand_codes (Fixture    *f,
              const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnSiteRule) rule = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GString) codes = g_string_new ("");

  rule = pln_site_rule_parse (text, &error);
  g_assert_no_error (error);
  ids = pln_site_rule_expand (rule, f->store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(PlnSite) site = pln_store_get_site (f->store, g_array_index (ids, gint64, i), NULL);
      g_string_append_printf (codes, "%s%s", i > 0 ? " " : "", pln_site_get_code (site));
    }
  return g_string_free (g_steal_pointer (&codes), FALSE);
}

static void
check_expansion (Fixture    *f,
                 const char *text,
                 const char *expected)
{
  g_autofree char *codes = expand_codes (f, text);

  if (g_strcmp0 (codes, expected) != 0)
    g_error ("rule %s chose “%s”, expected “%s”", text, codes, expected);
}

static void
test_rule_expand (Fixture       *f,
                  gconstpointer  data)
{
  check_expansion (f, "level=commune district=\"Ba Chẽ,Tiên Yên\"", "QN-BC-01 QN-BC-02 QN-TY-01");
  /* Case and diacritics do not matter; codes work too. */
  check_expansion (f, "level=commune district=\"ba che, TIEN YEN\"", "QN-BC-01 QN-BC-02 QN-TY-01");
  check_expansion (f, "district=\"dam ha\"", "QN-TTYT-DH QN-DH-01");
  check_expansion (f, "district=QN-TTYT-DH level=commune", "QN-DH-01");
  check_expansion (f, "under=QN-TTYT-BC", "QN-TTYT-BC QN-BC-01 QN-BC-02 QN-BC-02-01");
  check_expansion (f, "codes=QN-TY-01,QN-SYT", "QN-SYT QN-TY-01");
  check_expansion (f, "level=district", "QN-TTYT-BC QN-TTYT-DH QN-TTYT-TY");
  check_expansion (f, "level=province,unit", "QN-SYT QN-CDC");
  check_expansion (f, "  LEVEL=Village   under=QN-SYT ", "QN-BC-02-01");
  /* Terms combine with AND: nothing is a district and a commune. */
  check_expansion (f, "level=district level=commune", "");
}

static void
test_rule_errors (Fixture       *f,
                  gconstpointer  data)
{
  static const struct { const char *text; int code; const char *named; } bad[] = {
    { "", PLN_SITE_RULE_ERROR_SYNTAX, "empty" },
    { "   ", PLN_SITE_RULE_ERROR_SYNTAX, "empty" },
    { "commune", PLN_SITE_RULE_ERROR_SYNTAX, "“commune”" },
    { "district=dam ha", PLN_SITE_RULE_ERROR_SYNTAX, "“ha”" },
    { "level=town", PLN_SITE_RULE_ERROR_BAD_VALUE, "“town”" },
    { "level=commune,town", PLN_SITE_RULE_ERROR_BAD_VALUE, "“town”" },
    { "foo=bar", PLN_SITE_RULE_ERROR_UNKNOWN_KEY, "“foo”" },
    { "level=", PLN_SITE_RULE_ERROR_SYNTAX, "“level=”" },
    { "codes=,,", PLN_SITE_RULE_ERROR_SYNTAX, "“codes=”" },
    { "district=\"Ba Chẽ", PLN_SITE_RULE_ERROR_SYNTAX, "quote" },
    { "district=\"Ba Chẽ\"level=commune", PLN_SITE_RULE_ERROR_SYNTAX, "closing quote" },
  };
  static const struct { const char *text; const char *named; } missing[] = {
    { "district=Nowhere", "“Nowhere”" },
    { "codes=QN-SYT,QN-XA-999", "“QN-XA-999”" },
    { "under=QN-XA-999", "“QN-XA-999”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PlnSiteRule) rule = pln_site_rule_parse (bad[i].text, &error);

      g_assert_null (rule);
      g_assert_error (error, PLN_SITE_RULE_ERROR, bad[i].code);
      if (strstr (error->message, bad[i].named) == NULL)
        g_error ("rule “%s”: the error “%s” does not name %s", bad[i].text, error->message, bad[i].named);
    }

  for (guint i = 0; i < G_N_ELEMENTS (missing); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PlnSiteRule) rule = pln_site_rule_parse (missing[i].text, &error);
      g_autoptr(GArray) ids = NULL;

      g_assert_no_error (error);
      ids = pln_site_rule_expand (rule, f->store, &error);
      g_assert_null (ids);
      g_assert_error (error, PLN_SITE_RULE_ERROR, PLN_SITE_RULE_ERROR_NO_SUCH_SITE);
      g_assert_nonnull (strstr (error->message, missing[i].named));
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PlnSiteRule) rule = pln_site_rule_parse ("codes=A,B district=\"Ba Chẽ\" level=commune", &error);
    g_autofree char *text = pln_site_rule_to_string (rule);
    g_autofree char *folded = pln_fold_name ("  Đầm   HÀ ");

    g_assert_cmpstr (text, ==, "level=commune district=\"Ba Chẽ\" codes=A,B");
    g_assert_cmpstr (folded, ==, "dam ha");
  }
}

/* ---- Attendance report -------------------------------------------------- */

/* Points, expected, reported and links:
 *   Sở Y tế (host, province)  expected 20, reported 22, connected
 *   TTYT Ba Chẽ (district)    expected 10, reported 12, connected then lost
 *   TYT Thanh Sơn (commune)   expected  5, reported  5, never connected
 *   TYT Đồn Đạc (commune)     expected  5, not reported, connected
 *   TTYT Tiên Yên (district)  expected 10, reported  9, lost without connecting
 *   TYT Hà Lâu (commune)      expected  5, reported  4, connected
 * By district:
 *   provincial  1 point,  1 connected, expected 20, reported 22
 *   Ba Chẽ      3 points, 2 connected, expected 20, reported 17
 *   Tiên Yên    2 points, 1 connected, expected 15, reported 13
 *   total       6 points, 4 connected, expected 55, reported 52, 5 reporting
 * By level:
 *   province 1/1/20/22, district 2/1/20/21, commune 3/2/15/9 */
static gint64
make_report_event (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  gint64 event = add_event (f, "Hội nghị, \"tổng kết\" 2022", 1668042000, f->province);
  struct { gint64 site; int expected; int reported; const char *links; } plan[] = {
    { f->province, 20, 22, "c" },
    { f->ba_che, 10, 12, "cl" },
    { f->thanh_son, 5, 5, "" },
    { f->don_dac, 5, -1, "c" },
    { f->tien_yen, 10, 9, "l" },
    { f->ha_lau, 5, 4, "c" },
  };

  g_autoptr(GArray) sites = ids_of (f->ba_che, f->thanh_son, f->don_dac, f->tien_yen, f->ha_lau, (gint64) 0);

  g_assert_cmpint (pln_store_add_points (f->store, event, sites, 0, &error), ==, 5);
  for (guint i = 0; i < G_N_ELEMENTS (plan); i++)
    {
      gint64 point = point_of (f, event, plan[i].site);

      g_assert_true (pln_store_set_point_expected (f->store, point, plan[i].expected, &error));
      if (plan[i].reported >= 0)
        g_assert_true (pln_store_report_count (f->store, point, plan[i].reported, 0, &error));
      for (const char *l = plan[i].links; *l; l++)
        g_assert_true (pln_store_set_link_status (f->store, point,
                                                  *l == 'c' ? PLN_LINK_STATUS_CONNECTED : PLN_LINK_STATUS_LOST,
                                                  1668042000 + (l - plan[i].links) * 60, &error));
      g_assert_no_error (error);
    }
  return event;
}

static void
check_row (const PlnAttendanceRow *row,
           const char             *label,
           guint                   points,
           guint                   connected,
           gint64                  expected,
           gint64                  reported)
{
  g_assert_cmpstr (row->label, ==, label);
  g_assert_cmpuint (row->points, ==, points);
  g_assert_cmpuint (row->connected, ==, connected);
  g_assert_cmpint (row->expected, ==, expected);
  g_assert_cmpint (row->reported, ==, reported);
}

static void
test_report (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnAttendanceReport) report = NULL;
  g_autoptr(PlnAttendanceReport) by_level = NULL;
  g_autofree char *text = NULL;
  g_autofree char *csv = NULL;
  gint64 event = make_report_event (f);

  report = pln_store_get_attendance_report (f->store, event, PLN_REPORT_BY_DISTRICT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pln_attendance_report_get_n_rows (report), ==, 3);
  check_row (pln_attendance_report_get_row (report, 0), "Provincial level", 1, 1, 20, 22);
  check_row (pln_attendance_report_get_row (report, 1), "Trung tâm Y tế huyện Ba Chẽ", 3, 2, 20, 17);
  check_row (pln_attendance_report_get_row (report, 2), "Trung tâm Y tế huyện Tiên Yên", 2, 1, 15, 13);
  check_row (pln_attendance_report_get_total (report), "Total", 6, 4, 55, 52);
  g_assert_cmpuint (pln_attendance_report_get_total (report)->reporting, ==, 5);

  by_level = pln_store_get_attendance_report (f->store, event, PLN_REPORT_BY_LEVEL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pln_attendance_report_get_n_rows (by_level), ==, 3);
  check_row (pln_attendance_report_get_row (by_level, 0), "Province", 1, 1, 20, 22);
  check_row (pln_attendance_report_get_row (by_level, 1), "District", 2, 1, 20, 21);
  check_row (pln_attendance_report_get_row (by_level, 2), "Commune", 3, 2, 15, 9);

  text = pln_attendance_report_format_text (report);
  g_assert_nonnull (strstr (text, "Trung tâm Y tế huyện Tiên Yên       2          1        15        13\n"));
  g_assert_nonnull (strstr (text, "4 / 6 points connected; 52 / 55 delegates reported / expected."));

  csv = pln_attendance_report_format_csv (report);
  g_assert_true (g_str_has_prefix (csv, "district_code,district_name,points,connected,reporting,expected,reported\r\n"
                                        ",Provincial level,1,1,1,20,22\r\n"
                                        "QN-TTYT-BC,Trung tâm Y tế huyện Ba Chẽ,3,2,2,20,17\r\n"));
  g_assert_true (g_str_has_suffix (csv, "total,Total,6,4,5,55,52\r\n"));

  g_clear_object (&report);
  g_assert_null (pln_store_get_attendance_report (f->store, 999, PLN_REPORT_BY_DISTRICT, &error));
  g_assert_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_NOT_FOUND);
}

static void
on_report_ready (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  PlnAttendanceReport **out = data;
  g_autoptr(GError) error = NULL;

  *out = pln_store_get_attendance_report_finish (PLN_STORE (source), result, &error);
  g_assert_no_error (error);
}

static void
test_report_async (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(PlnAttendanceReport) report = NULL;
  gint64 event = make_report_event (f);

  pln_store_get_attendance_report_async (f->store, event, PLN_REPORT_BY_DISTRICT, NULL,
                                         on_report_ready, &report);
  while (report == NULL)
    g_main_context_iteration (NULL, TRUE);
  check_row (pln_attendance_report_get_total (report), "Total", 6, 4, 55, 52);
}

/* ---- Change detection across processes ---------------------------------- */

static void
on_changed (PlnStore   *store,
            const char *table,
            gpointer    data)
{
  if (g_strcmp0 (table, PLN_STORE_CHANGED_EXTERNAL) == 0)
    (*(guint *) data)++;
}

static gboolean
on_timeout (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
test_external_changes (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GListModel) events = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *out = NULL;
  g_autoptr(PlnEvent) first = NULL;
  guint external = 0;
  gboolean timed_out = FALSE;
  guint timeout_id;
  gint64 event = add_event (f, "Hội nghị", 1668042000, f->province);

  g_signal_connect (f->store, "changed", G_CALLBACK (on_changed), &external);
  events = pln_store_get_events_model (f->store);   /* holds the watch */
  first = g_list_model_get_item (events, 0);

  /* Our own writes are not "external". */
  g_assert_false (pln_store_check_external_changes (f->store));

  /* Another process (the sqlite3 CLI) renames the event. */
  sql = g_strdup_printf ("UPDATE events SET title = 'Hội nghị trực tuyến' WHERE id = %" G_GINT64_FORMAT ";", event);
  out = sqlite_cli (f->path, sql);

  timeout_id = g_timeout_add_seconds (5, on_timeout, &timed_out);
  while (external == 0 && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout_id);
  g_assert_cmpuint (external, ==, 1);

  spin ();
  g_assert_cmpstr (pln_event_get_title (first), ==, "Hội nghị trực tuyến");

  /* Once the models are gone, the store stops polling. */
  g_clear_object (&events);
  g_clear_object (&first);
  g_free (out);
  out = sqlite_cli (f->path, "UPDATE events SET title = 'x';");
  timed_out = FALSE;
  timeout_id = g_timeout_add (1200, on_timeout, &timed_out);
  while (!timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (external, ==, 1);
  /* Asking still works. */
  g_assert_true (pln_store_check_external_changes (f->store));
}

/* ---- Backup and restore ------------------------------------------------- */

static void
test_backup_restore (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnStore) writer = NULL;
  g_autofree char *backup = g_build_filename (f->dir, "backup.db", NULL);
  g_autofree char *not_db = g_build_filename (f->dir, "notes.txt", NULL);
  g_autofree char *foreign = g_build_filename (f->dir, "other.db", NULL);
  g_autofree char *out = NULL;
  g_autofree char *after = NULL;
  gint64 event = add_event (f, "Hội nghị sao lưu", 1668042000, f->province);
  sqlite3 *db = NULL;

  /* A second connection is in the middle of writing while we back up: the
   * copy has what was committed, not the half-done change. */
  writer = pln_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (_pln_store_begin (writer, &error));
  g_assert_true (_pln_store_exec (writer, "UPDATE events SET title = 'half-done';", &error));

  g_assert_true (pln_store_backup (f->store, backup, &error));
  g_assert_no_error (error);
  g_assert_true (_pln_store_commit (writer, &error));

  out = sqlite_cli (backup, "PRAGMA integrity_check; PRAGMA user_version; SELECT title FROM events;");
  {
    g_autofree char *expected = g_strdup_printf ("ok\n%d\nHội nghị sao lưu", pln_store_get_latest_version ());
    g_assert_cmpstr (out, ==, expected);
  }

  /* Later changes, then the restore brings the backup back. */
  g_assert_true (pln_store_delete_event (f->store, event, &error));
  g_assert_true (pln_store_restore (f->store, backup, &error));
  g_assert_no_error (error);
  after = sqlite_cli (f->path, "SELECT title FROM events; PRAGMA journal_mode;");
  g_assert_cmpstr (after, ==, "Hội nghị sao lưu\nwal");
  /* The other connection reads the restored content too. */
  {
    g_autoptr(PlnEvent) seen = pln_store_get_event (writer, event, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (pln_event_get_title (seen), ==, "Hội nghị sao lưu");
  }

  /* Not a database, a database that is not Plenary's: refused, unchanged. */
  g_assert_true (g_file_set_contents (not_db, "họp giao ban\n", -1, NULL));
  g_assert_false (pln_store_restore (f->store, not_db, &error));
  g_assert_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Nothing was changed"));
  g_clear_error (&error);

  g_assert_cmpint (sqlite3_open (foreign, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE t (x); PRAGMA user_version = 1;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_false (pln_store_restore (f->store, foreign, &error));
  g_assert_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "is not a Plenary database (the table"));
  g_clear_error (&error);

  g_free (after);
  after = sqlite_cli (f->path, "SELECT count(*) FROM sites; SELECT title FROM events;");
  g_assert_cmpstr (after, ==, "10\nHội nghị sao lưu");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/model/sites", test_sites);
  ADD ("/model/people", test_people);
  ADD ("/model/people-async", test_people_async);
  ADD ("/model/events", test_events);
  ADD ("/model/points", test_points);
  ADD ("/model/delegates", test_delegates);
  ADD ("/model/tokens", test_tokens);
  ADD ("/model/rule-expand", test_rule_expand);
  ADD ("/model/rule-errors", test_rule_errors);
  ADD ("/model/report", test_report);
  ADD ("/model/report-async", test_report_async);
  ADD ("/model/external-changes", test_external_changes);
  ADD ("/model/backup-restore", test_backup_restore);
#undef ADD

  return g_test_run ();
}
