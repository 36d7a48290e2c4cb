/* test-store.c: opening, migrating and settings of the sqlite store. */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "pln-store.h"
#include "pln-store-schedule.h"
#include "pln-store-search.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = g_dir_make_tmp ("plenary-store-XXXXXX", NULL);
  fixture->path = g_build_filename (fixture->dir, "sub", "plenary.db", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", fixture->dir);
  g_assert_cmpint (system (command), ==, 0);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static int
count_rows (const char *path,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int value = -1;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static void
test_migrate_from_empty (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnStore) store = NULL;

  store = pln_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpint (pln_store_get_schema_version (store), ==, pln_store_get_latest_version ());
  g_clear_object (&store);

  /* An independent reader sees the schema and the WAL journal. */
  g_assert_cmpint (count_rows (fixture->path, "PRAGMA user_version;"), ==, pln_store_get_latest_version ());
  g_assert_cmpint (count_rows (fixture->path,
                               "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
                               "('sites','people','events','bridge_points','recordings','segments',"
                               "'chapters','courses','course_items','progress');"), ==, 10);

  /* Opening again is a no-op migration. */
  store = pln_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pln_store_get_schema_version (store), ==, pln_store_get_latest_version ());
}

static void
test_refuses_newer_schema (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnStore) store = NULL;
  sqlite3 *db = NULL;

  store = pln_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 999;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = pln_store_open (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer Plenary"));
}

static void
test_settings (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnStore) store = NULL;
  g_autofree char *value = NULL;

  store = pln_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_null (pln_store_dup_setting (store, "library-path"));
  g_assert_true (pln_store_set_setting (store, "library-path", "/srv/thư viện", &error));
  g_assert_true (pln_store_set_setting (store, "library-path", "/srv/thư viện 2", &error));
  value = pln_store_dup_setting (store, "library-path");
  g_assert_cmpstr (value, ==, "/srv/thư viện 2");
}

static gboolean
on_timeout (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Two connections on one file (as the app and `plenary serve` have): a
 * write through one shows in the other's models within the poll interval. */
static void
test_two_connections (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnStore) app = NULL;
  g_autoptr(PlnStore) serve = NULL;
  g_autoptr(GListModel) sites = NULL;
  gboolean timed_out = FALSE;
  guint timeout_id;
  gint64 id;

  app = pln_store_open (fixture->path, &error);
  g_assert_no_error (error);
  serve = pln_store_open (fixture->path, &error);
  g_assert_no_error (error);

  sites = pln_store_get_sites_model (app, 0);
  g_assert_cmpuint (g_list_model_get_n_items (sites), ==, 0);

  id = pln_store_add_site (serve, "QN-SYT", "Sở Y tế Quảng Ninh", PLN_SITE_LEVEL_PROVINCE, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  timeout_id = g_timeout_add_seconds (5, on_timeout, &timed_out);
  while (g_list_model_get_n_items (sites) == 0 && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout_id);
  g_assert_cmpuint (g_list_model_get_n_items (sites), ==, 1);

  /* Settings go through the database too: both sides agree on the library. */
  g_assert_true (pln_store_set_setting (serve, PLN_SETTING_LIBRARY_PATH, "/srv/thư viện", &error));
  {
    g_autofree char *seen = pln_store_dup_setting (app, PLN_SETTING_LIBRARY_PATH);
    g_assert_cmpstr (seen, ==, "/srv/thư viện");
  }
}

/* A database written by version 1 (the 001 SQL alone), with data, opened
 * by this Plenary: it becomes the latest version, keeps its rows, and its
 * recordings can be searched. */
static void
test_migrate_from_version_1 (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnStore) store = NULL;
  g_autoptr(GListModel) found = NULL;
  g_autoptr(GBytes) v1 = g_resources_lookup_data ("/org/plenary/Plenary/sql/001-initial.sql", 0, &error);
  g_autofree char *sql = NULL;
  sqlite3 *db = NULL;
  gint64 source;

  g_assert_no_error (error);
  sql = g_strndup (g_bytes_get_data (v1, NULL), g_bytes_get_size (v1));
  g_assert_cmpint (g_mkdir_with_parents (fixture->dir, 0755), ==, 0);
  g_free (fixture->path);
  fixture->path = g_build_filename (fixture->dir, "v1.db", NULL);
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO sites (id, code, name, level) VALUES (1, 'QN-DT', 'Thị xã Đông Triều', 'district');"
                                 "INSERT INTO events (id, uid, kind, title, starts_at, ends_at, host_site_id, created_at, updated_at) "
                                 "VALUES (1, 'u1', 'training', 'Tập huấn', 100, 200, 1, 0, 0);"
                                 "INSERT INTO recordings (id, public_id, event_id, title, folder, state, created_at) "
                                 "VALUES (1, 'p1', 1, 'Phiên sáng', 'f1', 'ready', 0);"
                                 "INSERT INTO chapters (recording_id, offset_ms, title) VALUES (1, 0, 'Khai mạc');"
                                 "PRAGMA user_version = 1;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = pln_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pln_store_get_schema_version (store), ==, 3);
  g_assert_cmpint (count_rows (fixture->path, "PRAGMA user_version;"), ==, 3);
  g_assert_cmpint (count_rows (fixture->path, "SELECT count(*) FROM recordings WHERE title = 'Phiên sáng' AND source_id IS NULL;"), ==, 1);
  g_assert_cmpint (count_rows (fixture->path, "SELECT count(*) FROM chapters;"), ==, 1);
  g_assert_cmpint (count_rows (fixture->path,
                               "SELECT count(*) FROM sqlite_master WHERE name IN "
                               "('event_sources','scheduler_lease','schedule_log','archive_jobs','recordings_fts','recording_gaps');"), ==, 6);

  /* The old recording is found by its site, chapter and title, folded. */
  found = pln_store_search_recordings (store, "dong trieu khai mac phien", PLN_VISIBILITY_DRAFT, TRUE, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);

  /* And the new tables work on it. */
  source = pln_store_add_event_source (store, 1, "rtsp://127.0.0.1:8554/test", &error);
  g_assert_no_error (error);
  g_assert_cmpint (source, >, 0);
  g_assert_cmpint (pln_store_add_event_source (store, 1, "rtsp://127.0.0.1:8554/test", &error), ==, source);
}

/* Two instances race for the scheduler's lease; the holder renews it; the
 * other takes it only once it has expired. */
static void
test_lease (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnStore) a = pln_store_open (fixture->path, &error);
  g_autoptr(PlnStore) b = pln_store_open (fixture->path, &error);
  gboolean held = FALSE;

  g_assert_no_error (error);
  g_assert_true (pln_store_take_lease (a, "a", 1000, 3000, &held, &error));
  g_assert_true (held);
  g_assert_true (pln_store_take_lease (b, "b", 2000, 3000, &held, &error));
  g_assert_false (held);
  g_assert_true (pln_store_take_lease (a, "a", 3500, 3000, &held, &error));   /* renewed to 6500 */
  g_assert_true (held);
  g_assert_true (pln_store_take_lease (b, "b", 6000, 3000, &held, &error));
  g_assert_false (held);
  g_assert_true (pln_store_take_lease (b, "b", 6500, 3000, &held, &error));   /* expired */
  g_assert_true (held);
  g_assert_true (pln_store_take_lease (a, "a", 7000, 3000, &held, &error));
  g_assert_false (held);
  g_assert_true (pln_store_release_lease (b, "b", &error));
  g_assert_true (pln_store_take_lease (a, "a", 7000, 3000, &held, &error));
  g_assert_true (held);
  g_assert_no_error (error);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/store/migrate-from-empty", Fixture, NULL, fixture_set_up, test_migrate_from_empty, fixture_tear_down);
  g_test_add ("/store/refuses-newer-schema", Fixture, NULL, fixture_set_up, test_refuses_newer_schema, fixture_tear_down);
  g_test_add ("/store/settings", Fixture, NULL, fixture_set_up, test_settings, fixture_tear_down);
  g_test_add ("/store/two-connections", Fixture, NULL, fixture_set_up, test_two_connections, fixture_tear_down);
  g_test_add ("/store/migrate-from-version-1", Fixture, NULL, fixture_set_up, test_migrate_from_version_1, fixture_tear_down);
  g_test_add ("/store/scheduler-lease", Fixture, NULL, fixture_set_up, test_lease, fixture_tear_down);

  return g_test_run ();
}
