/* pln-cli.h: the headless commands of the plenary binary. */
#pragma once

#include <gio/gio.h>

#include "pln-store.h"

G_BEGIN_DECLS

typedef struct _PlnCli PlnCli;

/* A command: argv[0] is the command's own name ("sites"), argv[1..] its
 * arguments. Returns the process exit status. */
typedef int (*PlnCliCommandFunc) (PlnCli  *cli,
                                  int      argc,
                                  char   **argv);

typedef struct
{
  const char        *name;
  PlnCliCommandFunc  run;
  const char        *usage;    /* untranslated; shown through _() */
} PlnCliCommand;

gboolean    pln_cli_is_command   (const char  *word);
int         pln_cli_main         (int          argc,
                                  char       **argv);
const char *pln_cli_get_db_path  (PlnCli      *cli);
/* Opens (and migrates) the database on first use; prints the error and
 * returns NULL when it cannot. */
PlnStore   *pln_cli_get_store    (PlnCli      *cli);
/* Prints "plenary: MESSAGE" to stderr and returns the exit status 1. */
int         pln_cli_fail         (const char  *format,
                                  ...) G_GNUC_PRINTF (1, 2);
int         pln_cli_fail_error   (const GError *error);
/* Parses a command's options (no --help of its own), removing them from
 * @argv; prints what is wrong and returns FALSE on a bad option. */
gboolean    pln_cli_parse_options (const GOptionEntry *entries,
                                   int                *argc,
                                   char             ***argv);
/* Prints the usage line of the command, returns exit status 2. */
int         pln_cli_usage        (const char  *command);
/* Returns the default database path: $PLENARY_DB, else
 * $XDG_DATA_HOME/plenary/plenary.db. */
char       *pln_cli_default_db_path (void);

G_END_DECLS
