/* test-ui-training.c: the Training page of the real window under Xvfb, on
 * the demo database: the demo course's figures by district and by unit as
 * the core's report has them, the course list's bar, the CSV and the PDF
 * saved through the window's file chooser (checked as files, the PDF with
 * pdftotext), the attendance report of the 2022 conference and the 2025
 * summary in the Reports view, and the empty state of a new database. */
#define G_LOG_DOMAIN "test-ui-training"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "pln-bar-chart.h"
#include "pln-context.h"
#include "pln-course-report.h"
#include "pln-reports-view.h"
#include "pln-training-page.h"
#include "pln-window.h"
#include "ui-helpers.h"
#include "pln-year-report.h"

typedef PlnTestApp Fixture;

/* ---- Helpers ------------------------------------------------------------ */

#define spin pln_test_spin
#define spin_until pln_test_spin_until
#define assert_shows_soon pln_test_assert_shows_soon
#define save_screenshot pln_test_save_screenshot

static void
find_all (GtkWidget  *root,
          const char *name,
          GPtrArray  *out)
{
  pln_test_find_all_mapped (root, name, out);
}

static GtkWidget *
find_in_window (Fixture    *f,
                const char *name)
{
  return pln_test_must_find (GTK_WIDGET (f->window), name);
}

static const char *
label_in (GtkWidget  *root,
          const char *name)
{
  GtkWidget *label = pln_test_find (root, name);

  g_assert_true (GTK_IS_LABEL (label));
  return gtk_label_get_text (GTK_LABEL (label));
}

/* The text of a PDF, by pdftotext: an independent reader. */
static char *
pdf_text (const char *path)
{
  const char *argv[] = { "pdftotext", "-layout", path, "-", NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

static char *
count (gint64 value)
{
  g_autofree char *plain = g_strdup_printf ("%" G_GINT64_FORMAT, value);
  GString *out = g_string_new ("");
  gsize len = strlen (plain);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ' ');
      g_string_append_c (out, plain[i]);
    }
  return g_string_free (out, FALSE);
}

/* ---- Fixture ------------------------------------------------------------ */

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  PlnTestAppOptions options = { .demo = data == NULL, .width = 1280, .height = 860, .page = "training" };

  pln_test_app_setup (f, &options);
  spin (200);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  pln_test_app_teardown (f);
}

static PlnTrainingPage *
training_page (Fixture *f)
{
  return PLN_TRAINING_PAGE (find_in_window (f, "training-page"));
}

typedef struct
{
  PlnTrainingPage   *page;
  gint64             course_id;
  PlnCourseGrouping  grouping;
} ReportWait;

static gboolean
report_shown (gpointer data)
{
  ReportWait *w = data;
  PlnCourseReport *report = pln_training_page_get_report (w->page);

  return report != NULL &&
         pln_course_get_id (pln_course_report_get_course (report)) == w->course_id &&
         pln_course_report_get_grouping (report) == w->grouping;
}

static void
wait_for_report (Fixture           *f,
                 gint64             course_id,
                 PlnCourseGrouping  grouping)
{
  ReportWait w = { training_page (f), course_id, grouping };

  if (!spin_until (report_shown, &w, 30000))
    g_error ("the report of course %" G_GINT64_FORMAT " did not show in 30 s", course_id);
  spin (100);
}

/* Every table row on screen has the figures of the core's row. */
static void
assert_rows_match (Fixture         *f,
                   PlnCourseReport *expected)
{
  GtkWidget *table = find_in_window (f, "training-groups");
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GPtrArray) totals = g_ptr_array_new ();
  guint n = pln_course_report_get_n_rows (expected);

  find_all (table, "training-group-row", rows);
  find_all (table, "training-total-row", totals);
  g_assert_cmpuint (rows->len, ==, n);
  g_assert_cmpuint (totals->len, ==, 1);
  for (guint i = 0; i <= n; i++)
    {
      const PlnCourseRow *row = i < n ? pln_course_report_get_row (expected, i)
                                      : pln_course_report_get_total (expected);
      GtkWidget *shown = i < n ? g_ptr_array_index (rows, i) : g_ptr_array_index (totals, 0);
      g_autofree char *audience = count (row->audience);
      g_autofree char *started = count (row->started);
      g_autofree char *completed = count (row->completed);
      g_autofree char *percent = g_strdup_printf ("%.1f %%", pln_course_row_get_percent (row));

      g_assert_cmpstr (label_in (shown, "training-group-name"), ==, row->label);
      g_assert_cmpstr (label_in (shown, "training-group-audience"), ==, audience);
      g_assert_cmpstr (label_in (shown, "training-group-started"), ==, started);
      g_assert_cmpstr (label_in (shown, "training-group-completed"), ==, completed);
      g_assert_cmpstr (label_in (shown, "training-group-percent"), ==, percent);
    }
}

static GtkWidget *
file_chooser (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER_DIALOG (window) && gtk_widget_get_visible (window))
        return window;
    }
  return NULL;
}

static gboolean
has_file_chooser (gpointer data)
{
  return file_chooser () != NULL;
}

typedef struct
{
  GtkFileChooser *chooser;
  const char     *path;
} ChooserFile;

/* The chooser has loaded its folder and would save to @path. */
static gboolean
chooser_gives (gpointer data)
{
  ChooserFile *c = data;
  g_autoptr(GFile) file = gtk_file_chooser_get_file (c->chooser);
  g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

  return g_strcmp0 (path, c->path) == 0;
}

/* Activates @action on @widget (the export menu's items) and answers the
 * file chooser it opens with @name in the test's folder, as a person
 * would; waits for the toast that says the file was saved. */
static char *
export_through_chooser (Fixture    *f,
                        GtkWidget  *widget,
                        const char *action,
                        GVariant   *parameter,
                        const char *name)
{
  g_autoptr(GFile) folder = g_file_new_for_path (f->dir);
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);
  /* The toast names the file, in every language: "Saved “…”". */
  g_autofree char *saved = g_strdup_printf ("“%s”", path);
  GtkWidget *dialog;

  g_assert_true (gtk_widget_activate_action_variant (widget, action, parameter));
  g_assert_true (spin_until (has_file_chooser, NULL, 5000));
  /* The chooser sets itself up in the rounds after it shows (its folder,
   * its name): let it finish before answering it. */
  for (guint i = 0; i < 10000 && g_main_context_iteration (NULL, FALSE); i++)
    ;
  spin (200);
  dialog = file_chooser ();
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (dialog), folder, &error);
  g_assert_no_error (error);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  {
    ChooserFile c = { GTK_FILE_CHOOSER (dialog), path };

    g_assert_true (spin_until (chooser_gives, &c, 10000));
  }
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  assert_shows_soon (GTK_WIDGET (training_page (f)), saved, 20000);
  if (pln_test_ui_is_english ())
    {
      g_autofree char *text = pln_test_shown_text (GTK_WIDGET (training_page (f)));
      g_autofree char *sentence = g_strdup_printf ("Saved “%s”", path);

      g_assert_nonnull (strstr (text, sentence));
    }
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  return path;
}

/* ---- Tests -------------------------------------------------------------- */

static void
test_training_course (Fixture       *f,
                      gconstpointer  data)
{
  PlnTrainingPage *page = training_page (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnCourseReport) by_district = NULL;
  g_autoptr(PlnCourseReport) by_unit = NULL;
  g_autofree char *headline = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *expected_csv = NULL;
  g_autofree char *pdf_path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *total_audience = NULL;
  g_autofree char *total_completed = NULL;
  g_autofree char *total_started = NULL;
  const PlnCourseRow *total;

  /* The demo course is the only one, shown at once, by district. */
  g_assert_cmpint (pln_training_page_get_course_id (page), ==, 1);
  wait_for_report (f, 1, PLN_COURSE_BY_DISTRICT);
  by_district = pln_course_report_new (f->store, 1, PLN_COURSE_BY_DISTRICT, &error);
  g_assert_no_error (error);
  total = pln_course_report_get_total (by_district);
  /* The demo's staff: 2 251 people (seed figures). */
  g_assert_cmpuint (total->audience, ==, 2251);
  total_audience = count (total->audience);
  total_completed = count (total->completed);
  total_started = count (total->started);

  assert_rows_match (f, by_district);
  headline = g_strdup_printf ("%s of %s completed (%.1f %%)", total_completed, total_audience,
                              pln_course_row_get_percent (total));
  if (pln_test_ui_is_english ())
    g_assert_cmpstr (label_in (GTK_WIDGET (page), "training-headline"), ==, headline);
  g_assert_nonnull (strstr (label_in (GTK_WIDGET (page), "training-headline-detail"), total_started));
  /* The chart has a bar per district; the list's row says the same total. */
  g_assert_cmpuint (pln_bar_chart_get_n_bars (PLN_BAR_CHART (find_in_window (f, "training-group-chart"))),
                    ==, pln_course_report_get_n_rows (by_district));
  assert_shows_soon (find_in_window (f, "training-courses"), total_completed, 20000);
  if (pln_test_ui_is_english ())
    assert_shows_soon (find_in_window (f, "training-courses"), headline, 1000);
  g_assert_cmpuint (pln_bar_chart_get_n_bars (PLN_BAR_CHART (find_in_window (f, "training-trend-chart"))),
                    ==, pln_course_report_get_trend (by_district)->len);
  save_screenshot (GTK_WIDGET (f->window), "training.png");

  /* The table as CSV, through the export menu and the file chooser: the
   * same bytes as the core's CSV (the CLI's --csv). */
  csv_path = export_through_chooser (f, GTK_WIDGET (page), "training.export-csv",
                                     g_variant_new_string ("groups"), "by-district.csv");
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  expected_csv = pln_course_report_format_csv (by_district);
  g_assert_cmpstr (csv, ==, expected_csv);
  g_assert_true (g_str_has_prefix (csv, "district,district_name,audience,started,completed,"));
  {
    const char *last = strstr (csv, "\r\ntotal,");
    g_autofree char *figures = g_strdup_printf (",%u,%u,%u,", total->audience, total->started, total->completed);

    g_assert_nonnull (last);
    g_assert_nonnull (strstr (last, figures));
  }

  /* The PDF: pdftotext reads the totals in it. */
  pdf_path = export_through_chooser (f, GTK_WIDGET (page), "training.export-pdf", NULL, "by-district.pdf");
  text = pdf_text (pdf_path);
  g_assert_nonnull (strstr (text, total_audience));
  g_assert_nonnull (strstr (text, total_completed));
  g_assert_nonnull (strstr (text, "Trung tâm Y tế huyện Ba Chẽ"));

  /* By unit: every unit is a row (too many for a chart, which says so). */
  gtk_widget_activate (find_in_window (f, "training-by-unit"));
  wait_for_report (f, 1, PLN_COURSE_BY_UNIT);
  by_unit = pln_course_report_new (f->store, 1, PLN_COURSE_BY_UNIT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pln_course_report_get_n_rows (by_unit), >, 40);
  assert_rows_match (f, by_unit);
  g_assert_false (gtk_widget_get_visible (find_in_window (f, "training-group-chart")));
  g_assert_true (gtk_widget_get_visible (find_in_window (f, "training-chart-note")));
  save_screenshot (GTK_WIDGET (f->window), "training-by-unit.png");

  /* Best first: the same units, the highest share completed at the top
   * (the department rewards the best units). */
  gtk_widget_activate (find_in_window (f, "training-best-first"));
  spin (200);
  {
    g_autoptr(GPtrArray) rows = g_ptr_array_new ();
    double previous = 101;
    double best = 0;

    for (guint i = 0; i < pln_course_report_get_n_rows (by_unit); i++)
      best = MAX (best, pln_course_row_get_percent (pln_course_report_get_row (by_unit, i)));
    find_all (find_in_window (f, "training-groups"), "training-group-row", rows);
    g_assert_cmpuint (rows->len, ==, pln_course_report_get_n_rows (by_unit));
    for (guint i = 0; i < rows->len; i++)
      {
        /* "75.4 %", or "75,4 %" where the decimal mark is a comma. */
        g_autofree char *shown = g_strdup (label_in (g_ptr_array_index (rows, i), "training-group-percent"));
        double percent = g_ascii_strtod (g_strdelimit (shown, ",", '.'), NULL);

        if (i == 0)
          g_assert_cmpfloat_with_epsilon (percent, best, 0.051);
        g_assert_cmpfloat (percent, <=, previous);
        previous = percent;
      }
  }
}

static gboolean
year_shown (gpointer data)
{
  PlnYearReport *report = pln_reports_view_get_year_report (data);

  return report != NULL && pln_year_report_get_year (report) == 2025;
}

static void
test_training_reports (Fixture       *f,
                       gconstpointer  data)
{
  PlnTrainingPage *page = training_page (f);
  PlnReportsView *view = PLN_REPORTS_VIEW (find_in_window (f, "reports-view"));
  g_autoptr(PlnAttendanceReport) attendance = NULL;
  g_autoptr(PlnYearReport) year = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf_path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *expected_csv = NULL;

  /* The attendance report opens from the list, and for one event from
   * anywhere in the window (win.attendance-report, as an event's menu
   * would): the 2022 conference. */
  gtk_widget_activate (find_in_window (f, "training-report-attendance"));
  spin (100);
  g_assert_cmpstr (pln_reports_view_get_shown (view), ==, "attendance");
  g_assert_true (pln_window_show_page (f->window, "events"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.attendance-report", "x", (gint64) 1));
  spin (100);
  g_assert_cmpstr (pln_window_get_visible_page (f->window), ==, "training");
  g_assert_cmpint (pln_reports_view_get_event_id (view), ==, 1);
  assert_shows_soon (find_in_window (f, "reports-attendance-headline"), "1 034 / 1 000", 20000);
  if (pln_test_ui_is_english ())
    assert_shows_soon (find_in_window (f, "reports-attendance-headline"),
                       "1 034 / 1 000 delegates · 189 / 191 points connected", 1000);
  attendance = pln_store_get_attendance_report (f->store, 1, PLN_REPORT_BY_DISTRICT, &error);
  g_assert_no_error (error);
  find_all (find_in_window (f, "reports-attendance-groups"), "reports-group-row", rows);
  g_assert_cmpuint (rows->len, ==, pln_attendance_report_get_n_rows (attendance));
  for (guint i = 0; i < rows->len; i++)
    {
      const PlnAttendanceRow *row = pln_attendance_report_get_row (attendance, i);
      g_autofree char *expected = count (row->expected);
      g_autofree char *reported = count (row->reported);

      g_assert_cmpstr (label_in (g_ptr_array_index (rows, i), "reports-group-name"), ==, row->label);
      g_assert_cmpstr (label_in (g_ptr_array_index (rows, i), "reports-group-expected"), ==, expected);
      g_assert_cmpstr (label_in (g_ptr_array_index (rows, i), "reports-group-reported"), ==, reported);
    }
  /* Each point with how long it was connected. */
  assert_shows_soon (find_in_window (f, "reports-points"), "Sở Y tế Quảng Ninh", 2000);
  if (pln_test_ui_is_english ())
    assert_shows_soon (find_in_window (f, "reports-points"), " h ", 2000);
  save_screenshot (GTK_WIDGET (f->window), "reports.png");

  csv_path = export_through_chooser (f, GTK_WIDGET (view), "reports.export-csv", NULL, "attendance.csv");
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  expected_csv = pln_attendance_report_format_csv (attendance);
  g_assert_cmpstr (csv, ==, expected_csv);
  pdf_path = export_through_chooser (f, GTK_WIDGET (view), "reports.export-pdf", NULL, "attendance.pdf");
  text = pdf_text (pdf_path);
  g_assert_nonnull (strstr (text, "1 034"));
  g_assert_nonnull (strstr (text, "Sở Y tế Quảng Ninh"));
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&pdf_path, g_free);

  /* The 2025 summary: the figures are the core's. */
  pln_training_page_show_reports (page, "year");
  pln_reports_view_set_year (view, 2025);
  year = pln_year_report_new (f->store, 2025, &error);
  g_assert_no_error (error);
  {
    g_autofree char *events = count (pln_year_report_get_events (year, NULL));
    g_autofree char *reached = count (pln_year_report_get_delegates_reached (year));

    g_assert_true (spin_until (year_shown, view, 20000));
    spin (100);
    find_all (find_in_window (f, "reports-year-figures"), "reports-year-value", values);
    g_assert_cmpuint (values->len, >=, 7);
    g_assert_cmpstr (gtk_label_get_text (g_ptr_array_index (values, 0)), ==, events);
    g_assert_cmpstr (gtk_label_get_text (g_ptr_array_index (values, 6)), ==, reached);
  }
  g_assert_cmpuint (pln_bar_chart_get_n_bars (PLN_BAR_CHART (find_in_window (f, "reports-year-chart"))),
                    ==, pln_year_report_get_courses (year)->len);
  save_screenshot (GTK_WIDGET (f->window), "reports-year.png");
  pdf_path = export_through_chooser (f, GTK_WIDGET (view), "reports.export-pdf", NULL, "year-2025.pdf");
  text = pdf_text (pdf_path);
  g_assert_nonnull (strstr (text, "2025"));
}

/* A course made in the window: the editor counts the audience the rule
 * chooses, and the course it stores (sqlite3) is shown; deleted after a
 * confirmation, it leaves the list. */
static void
test_training_new_course (Fixture       *f,
                          gconstpointer  data)
{
  PlnTrainingPage *page = training_page (f);
  GtkWindow *editor;
  g_autofree char *commune_staff = NULL;
  g_autofree char *row = NULL;
  g_autofree char *items = NULL;
  g_autofree char *left = NULL;
  GtkWindow *dialog;
  gint64 id;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "training.new-course", NULL));
  spin (300);
  editor = pln_test_find_toplevel ("course-editor");
  g_assert_nonnull (editor);
  gtk_editable_set_text (GTK_EDITABLE (pln_test_must_find (GTK_WIDGET (editor), "course-editor-title")),
                         "Kỹ năng truyền thông cho trạm y tế xã");
  gtk_editable_set_text (GTK_EDITABLE (pln_test_must_find (GTK_WIDGET (editor), "course-editor-rule")),
                         "level=commune");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (pln_test_must_find (GTK_WIDGET (editor), "course-editor-target")), 80);
  gtk_editable_set_text (GTK_EDITABLE (pln_test_must_find (GTK_WIDGET (editor), "course-editor-date")),
                         "2025-12-31");
  /* The audience is counted as the rule is typed: the commune stations'
   * staff, as sqlite3 counts them. */
  commune_staff = pln_test_sqlite (f->db, "SELECT count(*) FROM people p JOIN sites s ON s.id = p.site_id "
                                          "WHERE s.level = 'commune';");
  assert_shows_soon (pln_test_must_find (GTK_WIDGET (editor), "course-editor-audience"), commune_staff, 3000);
  save_screenshot (GTK_WIDGET (editor), "course-editor.png");

  gtk_widget_activate (pln_test_must_find (GTK_WIDGET (editor), "course-editor-create"));
  spin (300);
  g_assert_null (pln_test_find_toplevel ("course-editor"));
  row = pln_test_sqlite (f->db, "SELECT id || '|' || audience_rule || '|' || target_percent || '|' || "
                                "strftime('%Y-%m-%d', target_date + 7 * 3600, 'unixepoch') FROM courses "
                                "WHERE title = 'Kỹ năng truyền thông cho trạm y tế xã';");
  g_assert_true (g_str_has_suffix (row, "|level=commune|80|2025-12-31"));
  id = g_ascii_strtoll (row, NULL, 10);
  g_assert_cmpint (id, >, 1);
  /* Its items are the recordings of the event chosen. */
  items = pln_test_sqlite (f->db, "SELECT count(*) FROM course_items WHERE course_id = (SELECT max(id) FROM courses);");
  g_assert_cmpint (g_ascii_strtoll (items, NULL, 10), >, 0);
  wait_for_report (f, id, PLN_COURSE_BY_DISTRICT);
  g_assert_cmpuint (pln_course_report_get_total (pln_training_page_get_report (page))->audience, ==,
                    g_ascii_strtoull (commune_staff, NULL, 10));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "training.delete-course", NULL));
  spin (300);
  dialog = pln_test_find_toplevel ("training-delete-dialog");
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "delete");
  spin (300);
  left = pln_test_sqlite (f->db, "SELECT count(*) FROM courses;");
  g_assert_cmpstr (left, ==, "1");
  wait_for_report (f, 1, PLN_COURSE_BY_DISTRICT);
}

/* A database without courses: the page says what a course is and how to
 * make one, and the reports are still there. */
static void
test_training_empty (Fixture       *f,
                     gconstpointer  data)
{
  PlnTrainingPage *page = training_page (f);

  g_assert_cmpint (pln_training_page_get_course_id (page), ==, 0);
  g_assert_true (gtk_widget_get_mapped (find_in_window (f, "training-empty")));
  g_assert_true (gtk_widget_get_mapped (find_in_window (f, "training-no-courses")));
  assert_shows_soon (GTK_WIDGET (page), "plenary courses add", 1000);
  save_screenshot (GTK_WIDGET (f->window), "training-empty.png");

  gtk_widget_activate (find_in_window (f, "training-report-attendance"));
  spin (200);
  g_assert_true (gtk_widget_get_mapped (find_in_window (f, "reports-attendance-empty")));
}

/* The page alone in a window, on a new database, goes away without a
 * critical (the test runs with fatal criticals). */
static void
test_training_dispose (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("plenary-ui-training-XXXXXX", &error);
  g_autofree char *db = g_build_filename (dir, "plenary.db", NULL);
  g_autoptr(PlnStore) store = pln_store_open (db, &error);
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(PlnContext) context = NULL;
  GtkWidget *window = gtk_window_new ();

  g_assert_no_error (error);
  context = pln_context_new (store, settings);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (pln_training_page_new (context)));
  gtk_window_present (GTK_WINDOW (window));
  spin (300);
  gtk_window_destroy (GTK_WINDOW (window));
  spin (100);
  pln_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  if (!pln_test_ui_init ())
    {
      g_test_skip ("no display: DISPLAY and WAYLAND_DISPLAY are unset (run under xvfb-run)");
      return g_test_run ();
    }
  if (!pln_test_have_plenary_and_sqlite ())
    {
      g_test_skip ("PLENARY_EXE is unset (run through meson test) or sqlite3 is missing");
      return g_test_run ();
    }

  g_test_add_func ("/ui-training/dispose", test_training_dispose);
  g_test_add ("/ui-training/course", Fixture, NULL, fixture_setup, test_training_course, fixture_teardown);
  g_test_add ("/ui-training/reports", Fixture, NULL, fixture_setup, test_training_reports, fixture_teardown);
  g_test_add ("/ui-training/new-course", Fixture, NULL, fixture_setup, test_training_new_course, fixture_teardown);
  g_test_add ("/ui-training/empty", Fixture, "empty", fixture_setup, test_training_empty, fixture_teardown);

  return g_test_run ();
}
