/* pln-cli-demo.c: `plenary demo [--force]`, the demo data set. */
#define G_LOG_DOMAIN "plenary-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gst/gst.h>
#include <stdio.h>

#include "pln-cli-commands.h"
#include "pln-demo.h"
#include "pln-demo-media.h"
#include "pln-store-recordings.h"

int
pln_cli_demo (PlnCli  *cli,
              int      argc,
              char   **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnDemo) demo = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *library = NULL;
  gboolean force = FALSE;
  int n_media;
  PlnStore *store;
  const GOptionEntry entries[] = {
    { "force", 0, 0, G_OPTION_ARG_NONE, &force,
      N_("Delete every site, person and event of the database first"), NULL },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Fills the database with the demo data set: the Quảng Ninh health network, its staff, its events and courses, and a few short recordings."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      pln_cli_fail_error (error);
      return pln_cli_usage ("demo");
    }
  if (argc > 1)
    return pln_cli_usage ("demo");

  store = pln_cli_get_store (cli);
  if (store == NULL)
    return 1;

  demo = pln_demo_new (store);
  if (!pln_demo_generate (demo, force, &error))
    return pln_cli_fail_error (error);

  summary = pln_demo_describe (demo);
  fputs (summary, stdout);

  /* A few seconds of test pattern per event, packaged: the Library and
   * the portal have something to play from the first run. */
  gst_init (NULL, NULL);
  n_media = pln_demo_media_record (store, &error);
  if (n_media < 0)
    return pln_cli_fail_error (error);
  library = pln_store_dup_library_path (store);
  printf (g_dngettext (GETTEXT_PACKAGE, "  recordings: %d demo recording (a test pattern with the event's title and agenda), packaged in %s\n",
                       "  recordings: %d demo recordings (a test pattern with each event's title and agenda), packaged in %s\n",
                       n_media),
          n_media, library);
  return 0;
}
