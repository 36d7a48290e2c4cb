/* pln-cli-serve.c: `plenary serve`, the portal without a window. */
#define G_LOG_DOMAIN "plenary-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib-unix.h>
#include <stdio.h>

#include "pln-cli-commands.h"
#include "pln-context.h"
#include "pln-portal.h"

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
  int port = 8080;
  PlnStore *store;
  GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &port, N_("The port to listen on (default 8080)"), N_("N") },
    { "bind", 0, 0, G_OPTION_ARG_STRING, &bind, N_("The address to listen on (default 0.0.0.0: every network)"), N_("ADDR") },
    { NULL }
  };

  options = g_option_context_new (NULL);
  g_option_context_set_summary (options, _("Runs the web portal for the local network until stopped with Ctrl+C."));
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
  printf ("%s\n", _("Stop it with Ctrl+C."));
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, on_signal_cb, loop);
  g_unix_signal_add (SIGTERM, on_signal_cb, loop);
  g_main_loop_run (loop);

  pln_portal_stop (portal);
  return 0;
}
