/* pln-cli-backup.c: `plenary backup FILE` and `plenary restore FILE`. */
#define G_LOG_DOMAIN "plenary-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "pln-cli-commands.h"

int
pln_cli_backup (PlnCli  *cli,
                int      argc,
                char   **argv)
{
  g_autoptr(GError) error = NULL;
  PlnStore *store;

  if (argc != 2)
    return pln_cli_usage ("backup");

  store = pln_cli_get_store (cli);
  if (store == NULL)
    return 1;
  if (!pln_store_backup (store, argv[1], &error))
    return pln_cli_fail_error (error);

  printf (_("Backed up %s to %s.\n"), pln_store_get_path (store), argv[1]);
  return 0;
}

int
pln_cli_restore (PlnCli  *cli,
                 int      argc,
                 char   **argv)
{
  g_autoptr(GError) error = NULL;
  PlnStore *store;

  if (argc != 2)
    return pln_cli_usage ("restore");

  /* Check the file before creating or opening anything. */
  if (!g_file_test (argv[1], G_FILE_TEST_IS_REGULAR))
    return pln_cli_fail (_("There is no backup file %s. Check the name."), argv[1]);

  store = pln_cli_get_store (cli);
  if (store == NULL)
    return 1;
  if (!pln_store_restore (store, argv[1], &error))
    return pln_cli_fail_error (error);

  printf (_("Restored %s into %s.\n"), argv[1], pln_store_get_path (store));
  return 0;
}
