/* main.c: the thin entry. A command word runs the headless CLI; no command
 * opens the window. */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "pln-application.h"
#include "pln-cli.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(PlnApplication) app = NULL;
  g_autofree char *db_path = NULL;
  const char *localedir = g_getenv ("PLENARY_LOCALEDIR");
  int first = 1;

  setlocale (LC_ALL, "");
  /* PLENARY_LOCALEDIR lets ./run.sh use the catalogues of an uninstalled build. */
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  while (first < argc && g_str_has_prefix (argv[first], "--db"))
    {
      if (g_str_equal (argv[first], "--db") && first + 1 < argc)
        {
          g_free (db_path);
          db_path = g_strdup (argv[first + 1]);
          first += 2;
        }
      else if (g_str_has_prefix (argv[first], "--db="))
        {
          g_free (db_path);
          db_path = g_strdup (argv[first] + strlen ("--db="));
          first += 1;
        }
      else
        break;
    }

  /* Any word that is not an option is a command (or a mistyped one, which
   * the CLI names); GApplication options start with a dash. */
  if (first < argc && (argv[first][0] != '-' || pln_cli_is_command (argv[first])))
    return pln_cli_main (argc, argv);

  if (db_path == NULL)
    db_path = pln_cli_default_db_path ();

  /* GApplication sees no --db: it is ours. */
  argv[first - 1] = argv[0];
  app = pln_application_new (db_path);
  return g_application_run (G_APPLICATION (app), argc - first + 1, argv + first - 1);
}
