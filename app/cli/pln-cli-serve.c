/* pln-cli-serve.c: `plenary serve`, the portal without a window. */
#define G_LOG_DOMAIN "plenary-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib-unix.h>
#include <gst/gst.h>
#include <stdio.h>

#include "pln-cli-commands.h"
#include "pln-context.h"
#include "pln-notifier.h"
#include "pln-portal.h"
#include "pln-scheduler.h"

static gboolean
on_signal_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

int
pln_cli_serve (PlnCli  *cli,
               int      argc,
               char   **argv)
{
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnContext) context = NULL;
  g_autoptr(PlnPortal) portal = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_auto(GStrv) urls = NULL;
  g_autofree char *bind = NULL;
  g_autoptr(PlnNotifier) notifier = NULL;
  int port = 8080;
  int lease_seconds = PLN_SCHEDULER_DEFAULT_LEASE_SECONDS;
  int segment_seconds = 600;
  gboolean no_scheduler = FALSE;
  PlnScheduler *scheduler = NULL;
  PlnStore *store;
  GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &port, N_("The port to listen on (default 8080)"), N_("N") },
    { "bind", 0, 0, G_OPTION_ARG_STRING, &bind, N_("The address to listen on (default 0.0.0.0: every network)"), N_("ADDR") },
    { "no-scheduler", 0, 0, G_OPTION_ARG_NONE, &no_scheduler, N_("Serve the portal only: record nothing, package nothing"), NULL },
    { "lease-seconds", 0, 0, G_OPTION_ARG_INT, &lease_seconds, N_("How long the schedule stays with this instance after it stops answering (default 30)"), N_("N") },
    { "segment-seconds", 0, 0, G_OPTION_ARG_INT, &segment_seconds, N_("Length of each recorded segment file (default 600)"), N_("N") },
    { NULL }
  };

  options = g_option_context_new (NULL);
  g_option_context_set_summary (options, _("Runs the web portal for the local network, the recording schedule and the packaging of recordings until stopped with Ctrl+C."));
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    return pln_cli_fail ("%s", error->message);
  if (port < 0 || port > 65535)
    return pln_cli_fail (_("%d is not a port: give a number from 1 to 65535."), port);

  store = pln_cli_get_store (cli);
  if (store == NULL)
    return 1;

  context = pln_context_new (store, NULL);
  portal = pln_portal_new (context);
  if (!pln_portal_listen (portal, bind ? bind : "0.0.0.0", (guint) port, &error))
    return pln_cli_fail_error (error);

  urls = pln_portal_dup_urls (portal);
  for (guint i = 0; urls[i] != NULL; i++)
    printf (_("Portal listening on %s\n"), urls[i]);
  if (!no_scheduler)
    {
      gst_init (NULL, NULL);
      scheduler = pln_context_get_scheduler (context);
      pln_scheduler_set_lease_seconds (scheduler, (guint) MAX (lease_seconds, 3));
      pln_recording_service_set_segment_seconds (pln_context_get_recording_service (context),
                                                 (guint) MAX (segment_seconds, 1));
      notifier = pln_notifier_new (pln_context_get_recording_service (context), NULL);
      pln_archive_start (pln_context_get_archive (context));
      pln_scheduler_start (scheduler);
      printf ("%s\n", pln_scheduler_is_leader (scheduler)
              ? _("Scheduler running: events record themselves and are packaged when they end.")
              : _("Another Plenary runs the schedule of this database; this one takes over if that one stops."));
    }
  printf ("%s\n", _("Stop it with Ctrl+C."));
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, on_signal_cb, loop);
  g_unix_signal_add (SIGTERM, on_signal_cb, loop);
  g_main_loop_run (loop);

  if (scheduler != NULL)
    pln_scheduler_stop (scheduler);
  pln_portal_stop (portal);
  return 0;
}
