/* pln-cli-report.c: `plenary report attendance EVENT [--by district|level]
 * [--csv] [--pdf FILE]`, `plenary report course COURSE …` and
 * `plenary report year YYYY …`. */
#define G_LOG_DOMAIN "plenary-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "pln-cli-commands.h"
#include "pln-cli-table.h"
#include "pln-course-report.h"
#include "pln-report-pdf.h"
#include "pln-year-report.h"

static int
report_attendance (PlnCli  *cli,
                   int      argc,
                   char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnAttendanceReport) report = NULL;
  g_autofree char *by = NULL;
  g_autofree char *text = NULL;
  g_autofree char *pdf = NULL;
  gboolean csv = FALSE;
  PlnReportGrouping grouping = PLN_REPORT_BY_DISTRICT;
  PlnStore *store;
  gint64 id;
  GOptionEntry entries[] = {
    { "by", 0, 0, G_OPTION_ARG_STRING, &by, N_("group by district (default) or level"), "district|level" },
    { "csv", 0, 0, G_OPTION_ARG_NONE, &csv, N_("write CSV instead of a table"), NULL },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf, N_("write the report as a PDF (A4) to FILE"), "FILE" },
    { NULL }
  };

  if (!pln_cli_parse_options (entries, &argc, &argv))
    return pln_cli_usage ("report");
  if (argc != 2)
    return pln_cli_usage ("report");

  if (by == NULL || g_str_equal (by, "district"))
    grouping = PLN_REPORT_BY_DISTRICT;
  else if (g_str_equal (by, "level"))
    grouping = PLN_REPORT_BY_LEVEL;
  else
    return pln_cli_fail (_("“--by %s” is not a grouping: write --by district or --by level."), by);

  id = pln_cli_parse_event_id (argv[1]);
  if (id == 0)
    return 1;
  store = pln_cli_get_store (cli);
  if (store == NULL)
    return 1;

  report = pln_store_get_attendance_report (store, id, grouping, &error);
  if (report == NULL)
    return pln_cli_fail_error (error);

  if (pdf != NULL)
    {
      if (!pln_report_pdf_write_attendance (report, store, pdf, &error))
        return pln_cli_fail_error (error);
      printf (_("Wrote %s\n"), pdf);
      return 0;
    }

  if (csv)
    {
      text = pln_attendance_report_format_csv (report);
      fputs (text, stdout);
      return 0;
    }

  /* Translators: the heading of the attendance report: "Attendance: TITLE (event 3)" */
  printf (_("Attendance: %s (event %lld)\n\n"), pln_attendance_report_get_event_title (report), (long long) id);
  text = pln_attendance_report_format_text (report);
  fputs (text, stdout);
  return 0;
}

static int
report_course (PlnCli  *cli,
               int      argc,
               char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnCourseReport) report = NULL;
  g_autofree char *by = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;
  gboolean csv = FALSE, not_started = FALSE, trend = FALSE;
  PlnCourseGrouping grouping = PLN_COURSE_BY_DISTRICT;
  const PlnCourseRow *total;
  PlnCourse *course;
  PlnCliTable *table;
  PlnStore *store;
  gint64 id;
  GOptionEntry entries[] = {
    { "by", 0, 0, G_OPTION_ARG_STRING, &by, N_("group by unit, district (default) or level"), "unit|district|level" },
    { "csv", 0, 0, G_OPTION_ARG_NONE, &csv, N_("write CSV instead of a table"), NULL },
    { "not-started", 0, 0, G_OPTION_ARG_NONE, &not_started, N_("list who has not started"), NULL },
    { "trend", 0, 0, G_OPTION_ARG_NONE, &trend, N_("show started and completed month by month"), NULL },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf, N_("write the report as a PDF (A4) to FILE"), "FILE" },
    { NULL }
  };

  if (!pln_cli_parse_options (entries, &argc, &argv))
    return pln_cli_usage ("report");
  if (argc != 2)
    return pln_cli_usage ("report");
  if (by != NULL && !pln_course_grouping_from_string (by, &grouping))
    return pln_cli_fail (_("“--by %s” is not a grouping: write --by unit, --by district or --by level."), by);

  id = pln_cli_parse_course_id (argv[1]);
  if (id == 0)
    return 1;
  store = pln_cli_get_store (cli);
  if (store == NULL)
    return 1;

  report = pln_course_report_new (store, id, grouping, &error);
  if (report == NULL)
    return pln_cli_fail_error (error);
  course = pln_course_report_get_course (report);
  total = pln_course_report_get_total (report);

  if (pdf != NULL)
    {
      if (!pln_report_pdf_write_course (report, pdf, &error))
        return pln_cli_fail_error (error);
      printf (_("Wrote %s\n"), pdf);
      return 0;
    }

  if (csv)
    {
      if (not_started)
        text = pln_course_report_format_not_started_csv (report);
      else if (trend)
        text = pln_course_report_format_trend_csv (report);
      else
        text = pln_course_report_format_csv (report);
      fputs (text, stdout);
      return 0;
    }

  /* Translators: the heading of the course report: "Course: TITLE (course 1)" */
  printf (_("Course: %s (course %lld)\n"), pln_course_get_title (course), (long long) id);
  {
    g_autofree char *a = pln_cli_group_digits (total->audience);
    g_autofree char *s = pln_cli_group_digits (total->started);
    g_autofree char *c = pln_cli_group_digits (total->completed);

    printf (_("Audience %s, started %s, completed %s (%.1f %%; target %u %%).\n\n"),
            a, s, c, pln_course_row_get_percent (total), pln_course_get_target_percent (course));
  }

  if (not_started)
    {
      GPtrArray *people = pln_course_report_get_not_started (report);

      table = pln_cli_table_new ("lllll");
      pln_cli_table_add_row (table, _("Staff number"), _("Name"), C_("person", "Title"), _("Site"), _("District"), NULL);
      for (guint i = 0; i < people->len; i++)
        {
          const PlnCoursePerson *p = g_ptr_array_index (people, i);
          pln_cli_table_add_row (table, p->staff_number, p->name, p->title, p->site, p->district, NULL);
        }
      pln_cli_table_print (table);
      return 0;
    }

  if (trend)
    {
      GArray *points = pln_course_report_get_trend (report);

      table = pln_cli_table_new ("lrrr");
      pln_cli_table_add_row (table, _("Month"), _("Started"), _("Completed"), _("Completed %"), NULL);
      for (guint i = 0; i < points->len; i++)
        {
          const PlnCourseTrendPoint *t = &g_array_index (points, PlnCourseTrendPoint, i);
          g_autofree char *month = g_strdup_printf ("%04d-%02d", t->year, t->month);
          g_autofree char *s = pln_cli_group_digits (t->started);
          g_autofree char *c = pln_cli_group_digits (t->completed);
          g_autofree char *p = g_strdup_printf ("%.1f", total->audience ? t->completed * 100.0 / total->audience : 0.0);

          pln_cli_table_add_row (table, month, s, c, p, NULL);
        }
      pln_cli_table_print (table);
      return 0;
    }

  table = pln_cli_table_new ("lrrrrl");
  pln_cli_table_add_row (table,
                         grouping == PLN_COURSE_BY_UNIT ? _("Unit") : grouping == PLN_COURSE_BY_LEVEL ? _("Level") : _("District"),
                         _("Audience"), _("Started"), _("Completed"), _("Completed %"), _("Target met"), NULL);
  for (guint i = 0; i <= pln_course_report_get_n_rows (report); i++)
    {
      const PlnCourseRow *row = i < pln_course_report_get_n_rows (report) ? pln_course_report_get_row (report, i) : total;
      g_autofree char *a = pln_cli_group_digits (row->audience);
      g_autofree char *s = pln_cli_group_digits (row->started);
      g_autofree char *c = pln_cli_group_digits (row->completed);
      g_autofree char *p = g_strdup_printf ("%.1f", pln_course_row_get_percent (row));

      pln_cli_table_add_row (table, row->label, a, s, c, p,
                             pln_course_report_row_meets_target (report, row) ? _("yes") : _("no"), NULL);
    }
  pln_cli_table_print (table);
  return 0;
}

static int
report_year (PlnCli  *cli,
             int      argc,
             char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnYearReport) report = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;
  gboolean csv = FALSE;
  guint64 year = 0;
  PlnCliTable *table;
  PlnStore *store;
  GArray *courses;
  GOptionEntry entries[] = {
    { "csv", 0, 0, G_OPTION_ARG_NONE, &csv, N_("write CSV instead of a table"), NULL },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf, N_("write the report as a PDF (A4) to FILE"), "FILE" },
    { NULL }
  };

  if (!pln_cli_parse_options (entries, &argc, &argv))
    return pln_cli_usage ("report");
  if (argc != 2)
    return pln_cli_usage ("report");
  if (!g_ascii_string_to_unsigned (argv[1], 10, 1970, 9998, &year, NULL))
    return pln_cli_fail (_("“%s” is not a year: write it with four digits, like 2025."), argv[1]);

  store = pln_cli_get_store (cli);
  if (store == NULL)
    return 1;
  report = pln_year_report_new (store, (int) year, &error);
  if (report == NULL)
    return pln_cli_fail_error (error);

  if (pdf != NULL)
    {
      if (!pln_report_pdf_write_year (report, pdf, &error))
        return pln_cli_fail_error (error);
      printf (_("Wrote %s\n"), pdf);
      return 0;
    }
  if (csv)
    {
      text = pln_year_report_format_csv (report);
      fputs (text, stdout);
      return 0;
    }

  /* Translators: the heading of the yearly report */
  printf (_("Activity in %d\n\n"), (int) year);
  table = pln_cli_table_new ("lr");
  {
    g_autofree char *events = pln_cli_group_digits (pln_year_report_get_events (report, NULL));
    g_autofree char *conferences = pln_cli_group_digits (pln_year_report_get_events (report, "conference"));
    g_autofree char *trainings = pln_cli_group_digits (pln_year_report_get_events (report, "training"));
    g_autofree char *workshops = pln_cli_group_digits (pln_year_report_get_events (report, "workshop"));
    g_autofree char *points = pln_cli_group_digits (pln_year_report_get_points (report));
    g_autofree char *connected = pln_cli_group_digits (pln_year_report_get_points_connected (report));
    g_autofree char *expected = pln_cli_group_digits (pln_year_report_get_delegates_expected (report));
    g_autofree char *reached = pln_cli_group_digits (pln_year_report_get_delegates_reached (report));
    g_autofree char *recordings = pln_cli_group_digits (pln_year_report_get_recordings (report));
    g_autofree char *hours = g_strdup_printf ("%.1f", pln_year_report_get_hours_recorded (report));
    g_autofree char *published = pln_cli_group_digits (pln_year_report_get_recordings_published (report));
    g_autofree char *replays = pln_cli_group_digits (pln_year_report_get_replays (report));
    g_autofree char *viewers = pln_cli_group_digits (pln_year_report_get_viewers (report));

    pln_cli_table_add_row (table, _("Events held"), events, NULL);
    pln_cli_table_add_row (table, _("  conferences"), conferences, NULL);
    pln_cli_table_add_row (table, _("  trainings"), trainings, NULL);
    pln_cli_table_add_row (table, _("  workshops"), workshops, NULL);
    pln_cli_table_add_row (table, _("Bridge points"), points, NULL);
    pln_cli_table_add_row (table, _("Bridge points connected"), connected, NULL);
    pln_cli_table_add_row (table, _("Delegates expected"), expected, NULL);
    pln_cli_table_add_row (table, _("Delegates reached (reported)"), reached, NULL);
    pln_cli_table_add_row (table, _("Recordings made"), recordings, NULL);
    pln_cli_table_add_row (table, _("Hours recorded"), hours, NULL);
    pln_cli_table_add_row (table, _("Recordings published"), published, NULL);
    pln_cli_table_add_row (table, _("Replays (person × recording)"), replays, NULL);
    pln_cli_table_add_row (table, _("Staff who replayed"), viewers, NULL);
  }
  pln_cli_table_print (table);

  courses = pln_year_report_get_courses (report);
  if (courses->len > 0)
    {
      printf ("\n");
      table = pln_cli_table_new ("rlrrrr");
      pln_cli_table_add_row (table, _("ID"), _("Course"), _("Audience"), _("Completed"), _("Completed %"), _("Target %"), NULL);
      for (guint i = 0; i < courses->len; i++)
        {
          const PlnYearCourse *c = &g_array_index (courses, PlnYearCourse, i);
          g_autofree char *cid = g_strdup_printf ("%" G_GINT64_FORMAT, c->course_id);
          g_autofree char *a = pln_cli_group_digits (c->audience);
          g_autofree char *d = pln_cli_group_digits (c->completed);
          g_autofree char *p = g_strdup_printf ("%.1f", c->audience ? c->completed * 100.0 / c->audience : 0.0);
          g_autofree char *t = g_strdup_printf ("%u", c->target_percent);

          pln_cli_table_add_row (table, cid, c->title, a, d, p, t, NULL);
        }
      pln_cli_table_print (table);
    }
  return 0;
}

int
pln_cli_report (PlnCli  *cli,
                int      argc,
                char   **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "attendance"))
    return report_attendance (cli, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "course"))
    return report_course (cli, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "year"))
    return report_year (cli, argc - 1, argv + 1);
  if (argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "help")))
    {
      printf ("%s %s\n", _("Usage:"), _("plenary report attendance EVENT [--by district|level] [--csv] [--pdf FILE]"));
      printf ("       %s\n", _("plenary report course COURSE [--by unit|district|level] [--csv] [--not-started] [--trend] [--pdf FILE]"));
      printf ("       %s\n", _("plenary report year YYYY [--csv] [--pdf FILE]"));
      printf ("%s\n", _("A point counts as connected if its link was connected at any time during the event."));
      printf ("%s\n", _("A person has started a course when they have watched any of it, and completed it when they have watched the course’s share of every item; staff of a village count with their commune station in --by unit."));
      return 0;
    }

  if (argc >= 2)
    pln_cli_fail (_("“%s” is not a report. The reports are: attendance, course, year."), argv[1]);
  return pln_cli_usage ("report");
}
