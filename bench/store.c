/* bench/store: Plenary's store beside plain sqlite3, in the same run.
 *
 *   ninja -C BUILD bench/store && BUILD/bench/store [N_PEOPLE]
 *
 * 1. Loads the demo data set, writes a CSV of N people (100 000 by default)
 *    spread over its commune and village sites, and times
 *      - Plenary's importer (parse, check every row, sign-in codes, upsert,
 *        one transaction),
 *      - the sqlite3 CLI's `.import` of the same file into a plain table
 *        (a child process: no checks, no constraints),
 *      - direct sqlite3 C API inserts of the same rows into a table with
 *        Plenary's columns and constraints, no checks.
 * 2. Times the per-district head-count: Plenary's attendance report of the
 *    2022 conference vs the same GROUP BY in plain SQL; and the people per
 *    district through Plenary's list models vs a plain GROUP BY.
 * Prints each figure and the ratio. Not a test: nothing is asserted.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "pln-csv-reader.h"
#include "pln-demo.h"
#include "pln-importer.h"

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1e6;
}

static void
die (const char *what,
     GError     *error)
{
  fprintf (stderr, "bench/store: %s: %s\n", what, error != NULL ? error->message : "failed");
  exit (1);
}

static void
exec_or_die (sqlite3    *db,
             const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      fprintf (stderr, "bench/store: %s: %s\n", sql, message);
      exit (1);
    }
}

static GPtrArray *
site_codes (const char *path)
{
  GPtrArray *codes = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);
  sqlite3_prepare_v2 (db, "SELECT code FROM sites WHERE level IN ('commune', 'village') ORDER BY code;",
                      -1, &stmt, NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (codes, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return codes;
}

static char *
write_people_csv (const char *dir,
                  GPtrArray  *codes,
                  guint       n)
{
  static const char * const family[] = { "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi" };
  static const char * const given[] = { "Văn An", "Thị Bình", "Đức Cường", "Thu Hà", "Ngọc Lan", "Minh Sơn" };
  static const char * const titles[] = { "Y sĩ", "Điều dưỡng", "Nhân viên y tế thôn bản", "Cộng tác viên dân số" };
  g_autoptr(GString) csv = g_string_new ("staff_number,name,title,site_code,phone,email\n");
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, "people.csv", NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (csv, "B%06u,%s %s,%s,%s,09%08u,\n", i + 1,
                            family[i % G_N_ELEMENTS (family)], given[(i / 8) % G_N_ELEMENTS (given)],
                            titles[i % G_N_ELEMENTS (titles)],
                            (const char *) g_ptr_array_index (codes, i % codes->len), i);
  if (!g_file_set_contents (path, csv->str, csv->len, &error))
    die ("write the CSV", error);
  return path;
}

/* The sqlite3 CLI as a child process, into a plain table. */
static double
time_cli_import (const char *dir,
                 const char *csv_path)
{
  g_autofree char *db = g_build_filename (dir, "plain-cli.db", NULL);
  g_autofree char *import = g_strdup_printf (".import --csv --skip 1 %s people", csv_path);
  g_autofree char *sqlite3_cli = g_find_program_in_path ("sqlite3");
  g_autoptr(GError) error = NULL;
  int status = 0;
  gint64 start;
  const char *create[] = { sqlite3_cli, db,
                           "CREATE TABLE people (staff_number TEXT, name TEXT, title TEXT, "
                           "site_code TEXT, phone TEXT, email TEXT);", NULL };
  const char *load[] = { sqlite3_cli, db, import, NULL };

  if (sqlite3_cli == NULL)
    return -1;
  if (!g_spawn_sync (NULL, (char **) create, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error))
    die ("run sqlite3", error);

  start = g_get_monotonic_time ();
  if (!g_spawn_sync (NULL, (char **) load, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    die ("sqlite3 .import", error);
  return seconds_since (start);
}

/* Direct C API inserts into a table with Plenary's columns and
 * constraints, sites looked up in a hash table, no checks. */
static double
time_capi_import (const char *dir,
                  const char *plenary_db,
                  const char *csv_path)
{
  g_autofree char *path = g_build_filename (dir, "plain-capi.db", NULL);
  g_autofree char *attach = g_strdup_printf ("ATTACH '%s' AS p;", plenary_db);
  g_autoptr(GHashTable) sites = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(PlnCsvTable) table = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gsize length;
  gint64 start;

  sqlite3_open (path, &db);
  exec_or_die (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
  exec_or_die (db, attach);
  exec_or_die (db, "CREATE TABLE sites AS SELECT id, code FROM p.sites; DETACH p;");
  exec_or_die (db, "CREATE TABLE people (id INTEGER PRIMARY KEY, staff_number TEXT NOT NULL UNIQUE, "
                   "name TEXT NOT NULL, title TEXT NOT NULL DEFAULT '', site_id INTEGER NOT NULL, "
                   "phone TEXT NOT NULL DEFAULT '', email TEXT NOT NULL DEFAULT '', "
                   "signin_code TEXT NOT NULL UNIQUE); CREATE INDEX people_site ON people (site_id);");

  start = g_get_monotonic_time ();
  if (!g_file_get_contents (csv_path, &data, &length, &error))
    die ("read the CSV", error);
  table = pln_csv_parse (data, length, &error);
  if (table == NULL)
    die ("parse the CSV", error);

  sqlite3_prepare_v2 (db, "SELECT code, id FROM sites;", -1, &stmt, NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (sites, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                         GINT_TO_POINTER (sqlite3_column_int (stmt, 1)));
  sqlite3_finalize (stmt);

  exec_or_die (db, "BEGIN;");
  sqlite3_prepare_v2 (db, "INSERT INTO people (staff_number, name, title, site_id, phone, email, signin_code) "
                          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7);", -1, &stmt, NULL);
  for (guint r = 1; r < table->rows->len; r++)
    {
      const PlnCsvRow *row = g_ptr_array_index (table->rows, r);
      char code[16];

      g_snprintf (code, sizeof code, "%08u", r);
      sqlite3_bind_text (stmt, 1, pln_csv_row_get (row, 0), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, pln_csv_row_get (row, 1), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, pln_csv_row_get (row, 2), -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 4, GPOINTER_TO_INT (g_hash_table_lookup (sites, pln_csv_row_get (row, 3))));
      sqlite3_bind_text (stmt, 5, pln_csv_row_get (row, 4), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, pln_csv_row_get (row, 5), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 7, code, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          fprintf (stderr, "bench/store: insert: %s\n", sqlite3_errmsg (db));
          exit (1);
        }
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  exec_or_die (db, "COMMIT;");
  sqlite3_close (db);
  return seconds_since (start);
}

/* People per district through the public list models, as a UI would. */
static void
count_by_models (PlnStore   *store,
                 gint64      parent_id,
                 gint64      district_id,
                 GHashTable *counts)
{
  g_autoptr(GListModel) sites = pln_store_get_sites_model (store, parent_id);
  guint n = g_list_model_get_n_items (sites);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlnSite) site = g_list_model_get_item (sites, i);
      g_autoptr(GListModel) people = pln_store_get_people_model (store, pln_site_get_id (site));
      gint64 district = pln_site_get_level (site) == PLN_SITE_LEVEL_DISTRICT ? pln_site_get_id (site) : district_id;
      gpointer key = GSIZE_TO_POINTER ((gsize) district);

      g_hash_table_insert (counts, key,
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, key)) +
                                             g_list_model_get_n_items (people)));
      count_by_models (store, pln_site_get_id (site), district, counts);
    }
}

static double
time_sql (sqlite3    *db,
          const char *sql,
          gint64      arg,
          guint       repeat,
          gint64     *total)
{
  sqlite3_stmt *stmt = NULL;
  gint64 start = g_get_monotonic_time ();

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      fprintf (stderr, "bench/store: %s: %s\n", sql, sqlite3_errmsg (db));
      exit (1);
    }
  for (guint r = 0; r < repeat; r++)
    {
      *total = 0;
      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, arg);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        *total += sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_finalize (stmt);
  return seconds_since (start) / repeat;
}

static void
print_pair (const char *what,
            const char *ours,
            double      ours_s,
            const char *peer,
            double      peer_s)
{
  printf ("%s\n", what);
  printf ("  %-58s %10.3f ms\n", ours, ours_s * 1e3);
  if (peer_s < 0)
    printf ("  %-58s   (not found)\n", peer);
  else
    printf ("  %-58s %10.3f ms   ratio %.1f×\n", peer, peer_s * 1e3, ours_s / peer_s);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("plenary-bench-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "plenary.db", NULL);
  g_autofree char *csv_path = NULL;
  g_autofree char *data = NULL;
  g_autofree char *cleanup = NULL;
  g_autoptr(PlnStore) store = NULL;
  g_autoptr(PlnDemo) demo = NULL;
  g_autoptr(GPtrArray) codes = NULL;
  g_autoptr(GHashTable) counts = NULL;
  PlnImportStats stats = { 0 };
  guint n_people = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 100000;
  double plenary_s, cli_s, capi_s, api_s, sql_s;
  gint64 start, event_id = 0, total = 0, api_total = 0;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gsize length;
  const guint repeat = 50;

  if (n_people == 0)
    n_people = 100000;

  store = pln_store_open (path, &error);
  if (store == NULL)
    die ("open the store", error);
  demo = pln_demo_new (store);
  if (!pln_demo_generate (demo, FALSE, &error))
    die ("make the demo data set", error);

  codes = site_codes (path);
  csv_path = write_people_csv (dir, codes, n_people);
  printf ("bench/store: %u people over %u commune and village sites of the demo network (sqlite %s)\n\n",
          n_people, codes->len, sqlite3_libversion ());

  start = g_get_monotonic_time ();
  if (!g_file_get_contents (csv_path, &data, &length, &error))
    die ("read the CSV", error);
  if (!pln_import_people (store, data, length, &stats, &error))
    die ("import", error);
  plenary_s = seconds_since (start);
  g_assert (stats.inserted == n_people);

  cli_s = time_cli_import (dir, csv_path);
  capi_s = time_capi_import (dir, path, csv_path);
  print_pair ("Import of the people CSV",
              "Plenary importer (checks, sign-in codes, one transaction)", plenary_s,
              "sqlite3 CLI .import, plain table, no checks", cli_s);
  printf ("  %-58s %10.3f ms   ratio %.1f×\n\n", "sqlite3 C API inserts, same constraints, no checks",
          capi_s * 1e3, plenary_s / capi_s);

  /* The 2022 conference's head-count by district. */
  sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);
  sqlite3_prepare_v2 (db, "SELECT id FROM events ORDER BY starts_at LIMIT 1;", -1, &stmt, NULL);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    event_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  start = g_get_monotonic_time ();
  for (guint r = 0; r < repeat; r++)
    {
      g_autoptr(PlnAttendanceReport) report =
        pln_store_get_attendance_report (store, event_id, PLN_REPORT_BY_DISTRICT, &error);

      if (report == NULL)
        die ("attendance report", error);
      api_total = pln_attendance_report_get_total (report)->reported;
    }
  api_s = seconds_since (start) / repeat;
  sql_s = time_sql (db,
                    "SELECT s.district_id, sum(b.reported_count), count(*), sum(b.expected_count) "
                    "FROM bridge_points b JOIN sites s ON s.id = b.site_id "
                    "WHERE b.event_id = ?1 GROUP BY s.district_id;",
                    event_id, repeat, &total);
  print_pair ("Head-count by district of the 2022 conference (191 points)",
              "Plenary attendance report (pln_store_get_attendance_report)", api_s,
              "plain SQL GROUP BY district_id", sql_s);
  printf ("  reported in all: %" G_GINT64_FORMAT " (report) and %" G_GINT64_FORMAT " (SQL)\n\n", api_total, total);

  /* People per district, through the list models the UI uses. */
  counts = g_hash_table_new (NULL, NULL);
  start = g_get_monotonic_time ();
  count_by_models (store, 0, 0, counts);
  api_s = seconds_since (start);
  api_total = 0;
  {
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, counts);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      api_total += GPOINTER_TO_UINT (value);
  }
  sql_s = time_sql (db,
                    "SELECT s.district_id, count(*) FROM people p JOIN sites s ON s.id = p.site_id "
                    "GROUP BY s.district_id;", 0, 3, &total);
  print_pair ("People by district",
              "Plenary list models (sites tree, people per site)", api_s,
              "plain SQL GROUP BY district_id", sql_s);
  printf ("  people in all: %" G_GINT64_FORMAT " (models) and %" G_GINT64_FORMAT " (SQL)\n", api_total, total);

  sqlite3_close (db);
  g_clear_object (&demo);
  g_clear_object (&store);
  cleanup = g_strdup_printf ("rm -rf '%s'", dir);
  if (system (cleanup) != 0)
    fprintf (stderr, "bench/store: could not remove %s\n", dir);
  return 0;
}
