/* pln-cli-sheet.c: `plenary checkin-sheet EVENT --url URL [--out FILE]`,
 * the printable QR codes of an event's check-in links. */
#define G_LOG_DOMAIN "plenary-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <stdlib.h>

#include "pln-checkin-sheet.h"
#include "pln-cli-commands.h"

int
pln_cli_checkin_sheet (PlnCli  *cli,
                       int      argc,
                       char   **argv)
{
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *out = NULL;
  g_autofree char *html = NULL;
  PlnStore *store;
  gint64 event_id;
  char *end = NULL;
  GOptionEntry entries[] = {
    { "url", 0, 0, G_OPTION_ARG_STRING, &url, N_("How the sites reach the portal, e.g. http://192.168.1.10:8080"), N_("URL") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("Write the page to FILE instead of the standard output"), N_("FILE") },
    { NULL }
  };

  options = g_option_context_new (_("EVENT"));
  g_option_context_set_summary (options, _("Writes a printable page with a QR code of each bridge point’s check-in link."));
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    return pln_cli_fail ("%s", error->message);
  if (argc != 2 || url == NULL)
    return pln_cli_usage ("checkin-sheet");

  event_id = g_ascii_strtoll (argv[1], &end, 10);
  if (end == NULL || *end != '\0' || event_id <= 0)
    return pln_cli_fail (_("“%s” is not an event id: give the number shown by “plenary events list”."), argv[1]);
  if (!g_str_has_prefix (url, "http://") && !g_str_has_prefix (url, "https://"))
    return pln_cli_fail (_("“%s” is not a web address: give one such as http://192.168.1.10:8080."), url);

  store = pln_cli_get_store (cli);
  if (store == NULL)
    return 1;

  html = pln_checkin_sheet_render (store, event_id, url, &error);
  if (html == NULL)
    return pln_cli_fail_error (error);

  if (out == NULL)
    {
      fputs (html, stdout);
      return 0;
    }
  if (!g_file_set_contents (out, html, -1, &error))
    return pln_cli_fail_error (error);
  return 0;
}
