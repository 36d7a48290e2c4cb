/* pln-cli-sites.c: `plenary sites list|import|export`. */
#define G_LOG_DOMAIN "plenary-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "pln-cli-commands.h"
#include "pln-exporter.h"
#include "pln-importer.h"

/* Writes @bytes to @path, or to stdout when @path is NULL or "-". */
int
pln_cli_write_output (const char *path,
                      GBytes     *bytes)
{
  g_autoptr(GError) error = NULL;
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  if (path == NULL || g_str_equal (path, "-"))
    {
      if (fwrite (data, 1, size, stdout) != size || fflush (stdout) != 0)
        return pln_cli_fail (_("Cannot write to the standard output."));
      return 0;
    }

  if (!g_file_set_contents (path, data, size, &error))
    return pln_cli_fail (_("Cannot write %s: %s"), path, error->message);
  return 0;
}

/* Reads FILE whole, or stdin for "-". Prints the error and returns NULL. */
char *
pln_cli_read_input (const char *path,
                    gsize      *length)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;

  if (g_str_equal (path, "-"))
    {
      g_autoptr(GString) in = g_string_new (NULL);
      char buffer[65536];
      size_t n;

      while ((n = fread (buffer, 1, sizeof buffer, stdin)) > 0)
        g_string_append_len (in, buffer, n);
      *length = in->len;
      return g_string_free (g_steal_pointer (&in), FALSE);
    }

  if (!g_file_get_contents (path, &data, length, &error))
    {
      pln_cli_fail (_("Cannot read %s: %s"), path, error->message);
      return NULL;
    }
  return data;
}

static void
print_tree (PlnStore *store,
            gint64    parent_id,
            guint     depth)
{
  g_autoptr(GListModel) model = pln_store_get_sites_model (store, parent_id);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlnSite) site = g_list_model_get_item (model, i);

      printf ("%*s%s  (%s, %s)\n", (int) depth * 2, "",
              pln_site_get_name (site), pln_site_get_code (site),
              pln_site_level_get_label (pln_site_get_level (site)));
      print_tree (store, pln_site_get_id (site), depth + 1);
    }
}

static int
sites_list (PlnCli  *cli,
            int      argc,
            char   **argv)
{
  g_autoptr(GError) error = NULL;
  gboolean csv = FALSE;
  PlnStore *store;
  const GOptionEntry entries[] = {
    { "csv", 0, 0, G_OPTION_ARG_NONE, &csv, N_("Write CSV, as sites export does"), NULL },
    { NULL }
  };

  if (!pln_cli_parse_options (entries, &argc, &argv) || argc > 1)
    return pln_cli_usage ("sites");

  store = pln_cli_get_store (cli);
  if (store == NULL)
    return 1;

  if (csv)
    {
      g_autoptr(GBytes) bytes = pln_export_sites (store, &error);

      if (bytes == NULL)
        return pln_cli_fail_error (error);
      return pln_cli_write_output (NULL, bytes);
    }

  print_tree (store, 0, 0);
  return 0;
}

static int
sites_import (PlnCli  *cli,
              int      argc,
              char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  PlnImportStats stats = { 0 };
  PlnStore *store;
  gsize length;

  if (argc != 2)
    return pln_cli_usage ("sites");

  data = pln_cli_read_input (argv[1], &length);
  if (data == NULL)
    return 1;
  store = pln_cli_get_store (cli);
  if (store == NULL)
    return 1;

  if (!pln_import_sites (store, data, length, &stats, &error))
    return pln_cli_fail ("%s: %s", argv[1], error->message);

  printf (_("Imported %u sites from %s: %u new, %u updated.\n"),
          stats.inserted + stats.updated, argv[1], stats.inserted, stats.updated);
  return 0;
}

static int
sites_export (PlnCli  *cli,
              int      argc,
              char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  PlnStore *store;

  if (argc > 2)
    return pln_cli_usage ("sites");

  store = pln_cli_get_store (cli);
  if (store == NULL)
    return 1;
  bytes = pln_export_sites (store, &error);
  if (bytes == NULL)
    return pln_cli_fail_error (error);
  return pln_cli_write_output (argc == 2 ? argv[1] : NULL, bytes);
}

int
pln_cli_sites (PlnCli  *cli,
               int      argc,
               char   **argv)
{
  if (argc < 2)
    return pln_cli_usage ("sites");
  if (g_str_equal (argv[1], "list"))
    return sites_list (cli, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "import"))
    return sites_import (cli, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "export"))
    return sites_export (cli, argc - 1, argv + 1);
  return pln_cli_usage ("sites");
}
