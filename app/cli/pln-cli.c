/* pln-cli.c: the command table and the global options of `plenary`. */
#define G_LOG_DOMAIN "plenary-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "pln-cli-commands.h"

struct _PlnCli
{
  char     *db_path;
  PlnStore *store;
};

/* Keep sorted by name; usage strings are marked for translation here and
 * translated when printed. */
static const PlnCliCommand commands[] = {
  { "backup", pln_cli_backup, N_("plenary backup FILE") },
  { "checkin-sheet", pln_cli_checkin_sheet, N_("plenary checkin-sheet EVENT --url URL [--out FILE]") },
  { "courses", pln_cli_courses, N_("plenary courses list [--csv] | show COURSE | add --title T (--recordings ID,ID:CHAPTER,… | --event EVENT) [--audience RULE] [--role WORDS] [--completion PERCENT] [--target PERCENT] [--by YYYY-MM-DD] | edit COURSE [--title T] [--recordings ID,ID:CHAPTER,…] [--audience RULE] [--role WORDS] [--completion PERCENT] [--target PERCENT] [--by YYYY-MM-DD] | credit COURSE ITEM EVENT | delete COURSE") },
  { "demo", pln_cli_demo, N_("plenary demo [--force]") },
  { "events", pln_cli_events, N_("plenary events list | show EVENT | add --kind K --title T --start ISO8601 --end ISO8601 --host SITE_CODE [--description D] [--record URI]… [--lead SECONDS] [--tail SECONDS] | sources EVENT [--add URI]… [--remove URI]…") },
  { "library", pln_cli_library, N_("plenary library list [--csv] | search QUERY | verify | jobs | retry JOB | cancel JOB | reindex | trim ID [--start S] [--end S] [--wait] | repackage ID [--wait] | import FILE [--title T] [--event ID] [--link] [--wait]") },
  { "package", pln_cli_package, N_("plenary package DIR --out DIR [--hls] [--low] [--audio] [--no-mp4]") },
  { "people", pln_cli_people, N_("plenary people list [--site CODE] [--csv] | import FILE | export [FILE] [--with-codes]") },
  { "points", pln_cli_points, N_("plenary points add EVENT RULE [--expected N] [--dry-run] | list EVENT [--tokens] | report EVENT SITE_CODE COUNT | link EVENT SITE_CODE waiting|connected|lost") },
  { "probe", pln_cli_probe, N_("plenary probe URI [--timeout SECONDS]") },
  { "record", pln_cli_record, N_("plenary record URI --out DIR [--duration SECONDS] [--segment-minutes N]") },
  { "report", pln_cli_report, N_("plenary report attendance EVENT [--by district|level] [--csv] [--pdf FILE] | course COURSE [--by unit|district|level] [--csv] [--not-started] [--trend] [--pdf FILE] | year YYYY [--csv] [--pdf FILE]") },
  { "restore", pln_cli_restore, N_("plenary restore FILE") },
  { "serve", pln_cli_serve, N_("plenary serve [--port N] [--bind ADDR] [--no-scheduler]") },
  { "sites", pln_cli_sites, N_("plenary sites list [--csv] | import FILE | export [FILE]") },
  { "thumbnail", pln_cli_thumbnail, N_("plenary thumbnail FILE --at SECONDS --out FILE.jpg [--width W]") },
  { "version", pln_cli_version, N_("plenary version") },
};

static const PlnCliCommand *
find_command (const char *word)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_strcmp0 (commands[i].name, word) == 0)
      return &commands[i];
  return NULL;
}

static void
print_help (FILE *out)
{
  fprintf (out, "%s\n\n", _("Usage: plenary [--db FILE] [COMMAND [ARGUMENTS…]]"));
  fprintf (out, "%s\n\n", _("Without a command, Plenary opens its window."));
  fprintf (out, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %s\n", _(commands[i].usage));
  fprintf (out, "\n%s\n", _("The database is $PLENARY_DB, or $XDG_DATA_HOME/plenary/plenary.db, unless --db names one."));
}

gboolean
pln_cli_is_command (const char *word)
{
  return word != NULL &&
         (find_command (word) != NULL ||
          g_str_equal (word, "help") || g_str_equal (word, "--help") || g_str_equal (word, "-h"));
}

char *
pln_cli_default_db_path (void)
{
  const char *env = g_getenv ("PLENARY_DB");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "plenary", "plenary.db", NULL);
}

const char *
pln_cli_get_db_path (PlnCli *cli)
{
  return cli->db_path;
}

PlnStore *
pln_cli_get_store (PlnCli *cli)
{
  if (cli->store == NULL)
    {
      g_autoptr(GError) error = NULL;

      cli->store = pln_store_open (cli->db_path, &error);
      if (cli->store == NULL)
        pln_cli_fail_error (error);
    }
  return cli->store;
}

int
pln_cli_fail (const char *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  fprintf (stderr, "plenary: %s\n", message);
  return 1;
}

int
pln_cli_fail_error (const GError *error)
{
  return pln_cli_fail ("%s", error->message);
}

int
pln_cli_usage (const char *command)
{
  const PlnCliCommand *found = find_command (command);

  if (found != NULL)
    fprintf (stderr, "%s %s\n", _("Usage:"), _(found->usage));
  else
    print_help (stderr);
  return 2;
}

gboolean
pln_cli_parse_options (const GOptionEntry *entries,
                       int                *argc,
                       char             ***argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;

  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      pln_cli_fail ("%s", error->message);
      return FALSE;
    }
  return TRUE;
}

int
pln_cli_version (PlnCli  *cli,
                 int      argc,
                 char   **argv)
{
  printf ("Plenary %s\n", PACKAGE_VERSION);
  return 0;
}

/**
 * pln_cli_main:
 *
 * Runs one command. The global option `--db FILE` may stand before it.
 */
int
pln_cli_main (int    argc,
              char **argv)
{
  PlnCli cli = { 0 };
  const PlnCliCommand *command;
  int first = 1;
  int status;

  while (first < argc && argv[first][0] == '-')
    {
      if (g_str_equal (argv[first], "--db") && first + 1 < argc)
        {
          g_free (cli.db_path);
          cli.db_path = g_strdup (argv[first + 1]);
          first += 2;
        }
      else if (g_str_has_prefix (argv[first], "--db="))
        {
          g_free (cli.db_path);
          cli.db_path = g_strdup (argv[first] + strlen ("--db="));
          first += 1;
        }
      else
        break;
    }

  if (first >= argc || g_str_equal (argv[first], "help") ||
      g_str_equal (argv[first], "--help") || g_str_equal (argv[first], "-h"))
    {
      print_help (stdout);
      g_free (cli.db_path);
      return first >= argc ? 2 : 0;
    }

  command = find_command (argv[first]);
  if (command == NULL)
    {
      pln_cli_fail (_("“%s” is not a command. Run “plenary help” to see the commands."), argv[first]);
      g_free (cli.db_path);
      return 2;
    }

  if (cli.db_path == NULL)
    cli.db_path = pln_cli_default_db_path ();

  status = command->run (&cli, argc - first, argv + first);

  g_clear_object (&cli.store);
  g_free (cli.db_path);
  return status;
}
