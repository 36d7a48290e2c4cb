/* pln-cli-report.c: `plenary report attendance EVENT [--by district|level] [--csv]`. */
#define G_LOG_DOMAIN "plenary-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "pln-cli-commands.h"
#include "pln-cli-table.h"

static int
report_attendance (PlnCli  *cli,
                   int      argc,
                   char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(PlnAttendanceReport) report = NULL;
  g_autofree char *by = NULL;
  g_autofree char *text = NULL;
  gboolean csv = FALSE;
  PlnReportGrouping grouping = PLN_REPORT_BY_DISTRICT;
  PlnStore *store;
  gint64 id;
  GOptionEntry entries[] = {
    { "by", 0, 0, G_OPTION_ARG_STRING, &by, N_("group by district (default) or level"), "district|level" },
    { "csv", 0, 0, G_OPTION_ARG_NONE, &csv, N_("write CSV instead of a table"), NULL },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      pln_cli_fail ("%s", error->message);
      return pln_cli_usage ("report");
    }
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

int
pln_cli_report (PlnCli  *cli,
                int      argc,
                char   **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "attendance"))
    return report_attendance (cli, argc - 1, argv + 1);
  if (argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "help")))
    {
      printf ("%s %s\n", _("Usage:"), _("plenary report attendance EVENT [--by district|level] [--csv]"));
      printf ("%s\n", _("A point counts as connected if its link was connected at any time during the event."));
      return 0;
    }

  if (argc >= 2)
    pln_cli_fail (_("“%s” is not a report. The reports are: attendance."), argv[1]);
  return pln_cli_usage ("report");
}
