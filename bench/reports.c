/* bench/reports: the course report beside one plain SQL query, in the
 * same run.
 *
 *   ninja -C BUILD bench/reports && BUILD/bench/reports [RUNS]
 *
 * Loads the demo data set (the 2025 "Bình dân học vụ số" course: 2 251
 * people × 30 recordings, about 65 000 generated progress rows), then,
 * best of RUNS (5 by default), times
 *   - Plenary's course report by district (audience resolution, every
 *     person's intervals merged again per recording, clipped to each item's
 *     span, the completion rule, the not-started list and the trend),
 *   - the sqlite3 CLI running bench/reports.sql, the same figures (audience,
 *     started, completed by district) in one plain query, as a child
 *     process,
 * checks that both give the same figures, and prints the times and the
 * ratio. Not a test: nothing is asserted beyond the figures agreeing.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "pln-course-report.h"
#include "pln-demo.h"
#include "pln-report-pdf.h"

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1e6;
}

static void
die (const char *what,
     GError     *error)
{
  fprintf (stderr, "bench/reports: %s: %s\n", what, error != NULL ? error->message : "failed");
  exit (1);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnStore) store = NULL;
  g_autoptr(PlnDemo) demo = NULL;
  g_autoptr(GString) ours = g_string_new ("");
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *theirs = NULL;
  g_autofree char *param = NULL;
  g_autofree char *read = g_strdup_printf (".read %s/bench/reports.sql", PLN_SOURCE_ROOT);
  double best_ours = G_MAXDOUBLE, best_sql = G_MAXDOUBLE, pdf_time;
  guint runs = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 5;
  gint64 course = 1, start;
  guint rows = 0;

  runs = CLAMP (runs, 1, 100);
  dir = g_dir_make_tmp ("plenary-bench-reports-XXXXXX", &error);
  if (dir == NULL)
    die ("temporary folder", error);
  db = g_build_filename (dir, "bench.db", NULL);
  pdf = g_build_filename (dir, "course.pdf", NULL);
  store = pln_store_open (db, &error);
  if (store == NULL)
    die ("open", error);
  start = g_get_monotonic_time ();
  demo = pln_demo_new (store);
  if (!pln_demo_generate (demo, FALSE, &error))
    die ("demo", error);
  printf ("demo data set (2 251 people, 30 recordings, progress generated): %.2f s\n", seconds_since (start));

  for (guint i = 0; i < runs; i++)
    {
      g_autoptr(PlnCourseReport) report = NULL;

      start = g_get_monotonic_time ();
      report = pln_course_report_new (store, course, PLN_COURSE_BY_DISTRICT, &error);
      if (report == NULL)
        die ("course report", error);
      best_ours = MIN (best_ours, seconds_since (start));
      if (i == 0)
        {
          rows = pln_course_report_get_n_rows (report);
          for (guint r = 0; r < rows; r++)
            {
              const PlnCourseRow *row = pln_course_report_get_row (report, r);
              g_string_append_printf (ours, "%s,%u,%u,%u\n", row->label, row->audience, row->started, row->completed);
            }
          start = g_get_monotonic_time ();
          if (!pln_report_pdf_write_course (report, pdf, &error))
            die ("PDF", error);
          pdf_time = seconds_since (start);
        }
    }

  param = g_strdup_printf (".param set :course %" G_GINT64_FORMAT, course);
  for (guint i = 0; i < runs; i++)
    {
      const char *child[] = { "sqlite3", "-batch", "-noheader", "-csv", db, param, read, NULL };
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int status;

      start = g_get_monotonic_time ();
      if (!g_spawn_sync (NULL, (char **) child, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error) ||
          !g_spawn_check_wait_status (status, &error))
        die ("sqlite3 (is the sqlite3 command installed?)", error);
      best_sql = MIN (best_sql, seconds_since (start));
      if (i == 0)
        {
          g_autoptr(GString) clean = g_string_new (out);
          g_string_replace (clean, "\"", "", 0);
          theirs = g_string_free (g_steal_pointer (&clean), FALSE);
        }
    }

  printf ("course report by district, %u groups, best of %u:\n", rows, runs);
  printf ("  Plenary (pln_course_report_new)        %8.3f s\n", best_ours);
  printf ("  sqlite3 CLI, one plain query            %8.3f s  (a child process, start-up included)\n", best_sql);
  printf ("  ratio Plenary / sqlite3                 %8.2f\n", best_ours / best_sql);
  printf ("  the PDF of the report (cairo + Pango)   %8.3f s, once\n", pdf_time);
  printf ("figures agree: %s\n", g_strcmp0 (ours->str, theirs) == 0 ? "yes" : "NO");
  printf ("%s", ours->str);
  if (g_strcmp0 (ours->str, theirs) != 0)
    printf ("sqlite3 says:\n%s", theirs);

  g_clear_object (&demo);
  g_clear_object (&store);
  {
    g_autofree char *wal = g_strconcat (db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db, "-shm", NULL);
    g_unlink (db);
    g_unlink (wal);
    g_unlink (shm);
    g_unlink (pdf);
    g_rmdir (dir);
  }
  return g_strcmp0 (ours->str, theirs) == 0 ? 0 : 1;
}
