/* pln-cli-events.c: `plenary events list|show|add|sources`. */
#define G_LOG_DOMAIN "plenary-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "pln-cli-commands.h"
#include "pln-cli-table.h"
#include "pln-store-schedule.h"

static int
events_list (PlnCli  *cli,
             int      argc,
             char   **argv)
{
  g_autoptr(GListModel) events = NULL;
  PlnCliTable *table;
  PlnStore *store;
  guint n;

  if (argc != 1)
    return pln_cli_usage ("events");

  store = pln_cli_get_store (cli);
  if (store == NULL)
    return 1;

  events = pln_store_get_events_model (store);
  n = g_list_model_get_n_items (events);
  if (n == 0)
    {
      printf ("%s\n", _("No events yet. Add one with “plenary events add” or load the demo with “plenary demo”."));
      return 0;
    }

  table = pln_cli_table_new ("rlllrrr");
  pln_cli_table_add_row (table, _("ID"), _("Date"), _("Kind"), _("Title"), _("Points"),
                         _("Expected"), _("Reported"), NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlnEvent) event = g_list_model_get_item (events, i);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, pln_event_get_id (event));
      g_autofree char *date = pln_format_local_time (pln_event_get_starts_at (event), "%Y-%m-%d %H:%M");
      g_autofree char *points = pln_cli_group_digits (pln_event_get_n_points (event));
      g_autofree char *expected = pln_cli_group_digits (pln_event_get_expected_total (event));
      g_autofree char *reported = pln_cli_group_digits (pln_event_get_reported_total (event));

      pln_cli_table_add_row (table, id, date, pln_event_kind_get_label (pln_event_get_kind (event)),
                             pln_event_get_title (event), points, expected, reported, NULL);
    }
  pln_cli_table_print (table);
  return 0;
}

/* Labels are padded by characters, not bytes: Vietnamese labels are
 * several bytes a letter and printf's %-12s would misalign them. */
static void
print_field (const char *label,
             const char *value)
{
  glong width = g_utf8_strlen (label, -1);

  printf ("  %s%*s %s\n", label, (int) MAX (0, 12 - width), "", value);
}

static int
events_show (PlnCli  *cli,
             int      argc,
             char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnEvent) event = NULL;
  g_autoptr(PlnAttendanceReport) report = NULL;
  g_autofree char *starts = NULL;
  g_autofree char *ends = NULL;
  GListModel *agenda;
  const PlnAttendanceRow *total;
  PlnStore *store;
  gint64 id;

  if (argc != 2)
    return pln_cli_usage ("events");
  id = pln_cli_parse_event_id (argv[1]);
  if (id == 0)
    return 1;
  store = pln_cli_get_store (cli);
  if (store == NULL)
    return 1;

  event = pln_store_get_event (store, id, &error);
  if (event == NULL)
    return pln_cli_fail (_("There is no event %s. “plenary events list” shows the events."), argv[1]);
  report = pln_store_get_attendance_report (store, id, PLN_REPORT_BY_DISTRICT, &error);
  if (report == NULL)
    return pln_cli_fail_error (error);
  total = pln_attendance_report_get_total (report);

  starts = pln_format_local_time (pln_event_get_starts_at (event), "%Y-%m-%d %H:%M");
  ends = pln_format_local_time (pln_event_get_ends_at (event), "%Y-%m-%d %H:%M");

  printf ("%s\n", pln_event_get_title (event));
  {
    g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
    g_autofree char *when = g_strdup_printf ("%s – %s (Asia/Ho_Chi_Minh)", starts, ends);

    print_field (_("ID:"), id_text);
    print_field (_("Kind:"), pln_event_kind_get_label (pln_event_get_kind (event)));
    print_field (_("When:"), when);
    print_field (_("Host:"), *pln_event_get_host_site_name (event) != '\0'
                 ? pln_event_get_host_site_name (event) : _("none"));
    print_field (_("UID:"), pln_event_get_uid (event));
    if (*pln_event_get_description (event) != '\0')
      print_field (_("Description:"), pln_event_get_description (event));
  }

  {
    g_autofree char *points = pln_cli_group_digits (total->points);
    g_autofree char *connected = pln_cli_group_digits (total->connected);
    g_autofree char *expected = pln_cli_group_digits (total->expected);
    g_autofree char *reported = pln_cli_group_digits (total->reported);
    /* TRANSLATORS: bridge points of an event, then how many of them are connected */
    g_autofree char *points_line = g_strdup_printf (_("%s (%s connected)"), points, connected);
    g_autofree char *reported_line = g_strdup_printf ("%s / %s", reported, expected);

    print_field (_("Points:"), points_line);
    print_field (_("Reported:"), reported_line);
  }

  {
    g_auto(GStrv) sources = pln_store_list_event_sources (store, id);

    if (sources[0] != NULL)
      {
        printf ("\n%s\n", _("Recorded:"));
        for (guint i = 0; sources[i] != NULL; i++)
          printf ("  %s\n", sources[i]);
      }
  }

  agenda = pln_event_get_agenda (event);
  if (g_list_model_get_n_items (agenda) > 0)
    {
      printf ("\n%s\n", _("Agenda:"));
      for (guint i = 0; i < g_list_model_get_n_items (agenda); i++)
        {
          g_autoptr(PlnAgendaItem) item = g_list_model_get_item (agenda, i);
          g_autofree char *at = pln_format_local_time (pln_agenda_item_get_planned_start (item), "%H:%M");

          printf ("  %-5s  %s", *at != '\0' ? at : "", pln_agenda_item_get_title (item));
          if (*pln_agenda_item_get_speaker (item) != '\0')
            printf (" — %s", pln_agenda_item_get_speaker (item));
          printf ("\n");
        }
    }
  return 0;
}

/* A source is anything with a scheme the recorder may know; the recorder
 * itself says what it cannot open, when it tries. */
static gboolean
check_source_uris (char **uris)
{
  for (guint i = 0; uris != NULL && uris[i] != NULL; i++)
    {
      g_autoptr(GUri) uri = g_uri_parse (uris[i], G_URI_FLAGS_NONE, NULL);

      if (uri == NULL)
        {
          pln_cli_fail (_("“%s” is not a source to record: write a URI such as rtsp://host/stream, srt://host:port or test://."),
                        uris[i]);
          return FALSE;
        }
    }
  return TRUE;
}

static int
events_add (PlnCli  *cli,
            int      argc,
            char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnEvent) event = NULL;
  g_autoptr(PlnSite) host = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *title = NULL;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  g_autofree char *host_code = NULL;
  g_autofree char *description = NULL;
  g_autofree char *when = NULL;
  g_auto(GStrv) record = NULL;
  int lead = -1, tail = -1;
  PlnEventKind event_kind;
  gint64 starts_at, ends_at, id;
  PlnStore *store;
  GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, N_("conference, training or workshop"), "K" },
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, N_("the title"), "T" },
    { "start", 0, 0, G_OPTION_ARG_STRING, &start, N_("start, ISO 8601 (without an offset: Asia/Ho_Chi_Minh)"), "ISO8601" },
    { "end", 0, 0, G_OPTION_ARG_STRING, &end, N_("end, ISO 8601"), "ISO8601" },
    { "host", 0, 0, G_OPTION_ARG_STRING, &host_code, N_("code of the host site"), "SITE_CODE" },
    { "description", 0, 0, G_OPTION_ARG_STRING, &description, N_("a description"), "D" },
    { "record", 0, 0, G_OPTION_ARG_STRING_ARRAY, &record, N_("a source to record during the event (repeat for more)"), "URI" },
    { "lead", 0, 0, G_OPTION_ARG_INT, &lead, N_("start recording this many seconds before the start (default 120)"), "SECONDS" },
    { "tail", 0, 0, G_OPTION_ARG_INT, &tail, N_("stop recording this many seconds after the end (default 300)"), "SECONDS" },
    { NULL }
  };

  if (!pln_cli_parse_options (entries, &argc, &argv))
    return pln_cli_usage ("events");
  if (argc != 1 || kind == NULL || title == NULL || start == NULL || end == NULL || host_code == NULL)
    {
      pln_cli_fail (_("events add needs --kind, --title, --start, --end and --host."));
      return pln_cli_usage ("events");
    }

  if ((lead < -1 || tail < -1) || lead > 24 * 3600 || tail > 24 * 3600)
    return pln_cli_fail (_("--lead and --tail take a number of seconds from 0 to 86400."));
  if ((lead >= 0 || tail >= 0) && record == NULL)
    return pln_cli_fail (_("--lead and --tail are for recordings: give the sources to record with --record URI."));
  if (!check_source_uris (record))
    return 1;

  if (!pln_event_kind_from_string (kind, &event_kind))
    return pln_cli_fail (_("“%s” is not a kind of event: write conference, training or workshop."), kind);
  if (!pln_parse_local_time (start, &starts_at, &error) ||
      !pln_parse_local_time (end, &ends_at, &error))
    return pln_cli_fail_error (error);

  store = pln_cli_get_store (cli);
  if (store == NULL)
    return 1;

  host = pln_store_find_site_by_code (store, host_code, NULL);
  if (host == NULL)
    return pln_cli_fail (_("There is no site with the code “%s” to host the event. “plenary sites list” shows the codes."),
                         host_code);

  event = pln_event_new ();
  pln_event_set_kind (event, event_kind);
  pln_event_set_title (event, title);
  pln_event_set_description (event, description);
  pln_event_set_starts_at (event, starts_at);
  pln_event_set_ends_at (event, ends_at);
  pln_event_set_host_site_id (event, pln_site_get_id (host));

  id = pln_store_add_event (store, event, &error);
  if (id == 0)
    return pln_cli_fail_error (error);
  if (record != NULL && !pln_store_set_event_margins (store, id, lead, tail, &error))
    return pln_cli_fail_error (error);
  for (guint i = 0; record != NULL && record[i] != NULL; i++)
    if (pln_store_add_event_source (store, id, record[i], &error) == 0)
      return pln_cli_fail_error (error);

  when = pln_format_local_time (starts_at, "%Y-%m-%d %H:%M");
  /* Translators: "Added event 3: TITLE, 2022-11-10 08:00, host SITE." */
  printf (_("Added event %lld: %s, %s, host %s.\n"), (long long) id, title, when,
          pln_site_get_name (host));
  if (record != NULL)
    printf (g_dngettext (GETTEXT_PACKAGE, "It records %u source; “plenary serve” (or the app) starts and stops it.\n",
                         "It records %u sources; “plenary serve” (or the app) starts and stops them.\n",
                         g_strv_length (record)),
            g_strv_length (record));
  return 0;
}

/* `events sources EVENT [--add URI]… [--remove URI]…`: changes, then
 * lists, what the scheduler records during the event. */
static int
events_sources (PlnCli  *cli,
                int      argc,
                char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnEvent) event = NULL;
  g_auto(GStrv) add = NULL;
  g_auto(GStrv) remove = NULL;
  g_auto(GStrv) sources = NULL;
  PlnStore *store;
  gint64 id;
  GOptionEntry entries[] = {
    { "add", 0, 0, G_OPTION_ARG_STRING_ARRAY, &add, N_("a source to record during the event (repeat for more)"), "URI" },
    { "remove", 0, 0, G_OPTION_ARG_STRING_ARRAY, &remove, N_("a source to record no more (repeat for more)"), "URI" },
    { NULL }
  };

  if (!pln_cli_parse_options (entries, &argc, &argv) || argc != 2)
    return pln_cli_usage ("events");
  id = pln_cli_parse_event_id (argv[1]);
  if (id == 0)
    return 1;
  if (!check_source_uris (add))
    return 1;
  store = pln_cli_get_store (cli);
  if (store == NULL)
    return 1;
  event = pln_store_get_event (store, id, &error);
  if (event == NULL)
    return pln_cli_fail (_("There is no event %s. “plenary events list” shows the events."), argv[1]);

  /* Every removal is checked before anything changes: a typo in one URI
   * must not leave the others half done. */
  sources = pln_store_list_event_sources (store, id);
  for (guint i = 0; remove != NULL && remove[i] != NULL; i++)
    if (!g_strv_contains ((const char * const *) sources, remove[i]))
      return pln_cli_fail (_("Event %lld does not record “%s”: nothing was changed. “plenary events sources %lld” lists its sources."),
                           (long long) id, remove[i], (long long) id);
  for (guint i = 0; remove != NULL && remove[i] != NULL; i++)
    if (!pln_store_remove_event_source (store, id, remove[i], &error))
      return pln_cli_fail_error (error);
  for (guint i = 0; add != NULL && add[i] != NULL; i++)
    if (pln_store_add_event_source (store, id, add[i], &error) == 0)
      return pln_cli_fail_error (error);

  g_clear_pointer (&sources, g_strfreev);
  sources = pln_store_list_event_sources (store, id);
  if (sources[0] == NULL)
    printf (_("Event %lld records nothing. Add a source with “plenary events sources %lld --add URI”.\n"),
            (long long) id, (long long) id);
  for (guint i = 0; sources[i] != NULL; i++)
    printf ("%s\n", sources[i]);
  return 0;
}

int
pln_cli_events (PlnCli  *cli,
                int      argc,
                char   **argv)
{
  if (argc < 2)
    return pln_cli_usage ("events");

  if (g_str_equal (argv[1], "list"))
    return events_list (cli, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "show"))
    return events_show (cli, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "add"))
    return events_add (cli, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "sources"))
    return events_sources (cli, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "help"))
    {
      printf ("%s %s\n", _("Usage:"), _("plenary events list | show EVENT | add --kind K --title T --start ISO8601 --end ISO8601 --host SITE_CODE [--description D] [--record URI]… [--lead SECONDS] [--tail SECONDS] | sources EVENT [--add URI]… [--remove URI]…"));
      return 0;
    }

  pln_cli_fail (_("“%s” is not an events command."), argv[1]);
  return pln_cli_usage ("events");
}
