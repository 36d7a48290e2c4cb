/* pln-cli-people.c: `plenary people list|import|export`. */
#define G_LOG_DOMAIN "plenary-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "pln-cli-commands.h"
#include "pln-csv-writer.h"
#include "pln-exporter.h"
#include "pln-importer.h"

/* The sites of the tree under @parent_id, depth first (id → code). */
static void
collect_sites (PlnStore   *store,
               gint64      parent_id,
               GPtrArray  *sites)
{
  g_autoptr(GListModel) model = pln_store_get_sites_model (store, parent_id);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      PlnSite *site = g_list_model_get_item (model, i);

      g_ptr_array_add (sites, site);
      collect_sites (store, pln_site_get_id (site), sites);
    }
}

/* Pads @text with spaces to @width characters (not bytes). */
static void
print_cell (const char *text,
            guint       width)
{
  glong chars = g_utf8_strlen (text, -1);

  fputs (text, stdout);
  for (glong i = chars; i < (glong) width; i++)
    fputc (' ', stdout);
}

static int
people_list (PlnCli  *cli,
             int      argc,
             char   **argv)
{
  g_autoptr(GPtrArray) sites = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) people = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) people_sites = g_ptr_array_new ();
  g_autofree char *site_code = NULL;
  gboolean csv = FALSE;
  PlnStore *store;
  guint widths[4] = { 0 };
  const GOptionEntry entries[] = {
    { "site", 0, 0, G_OPTION_ARG_STRING, &site_code,
      N_("Only the people of this site and the sites under it"), N_("CODE") },
    { "csv", 0, 0, G_OPTION_ARG_NONE, &csv, N_("Write CSV, as people export does"), NULL },
    { NULL }
  };

  if (!pln_cli_parse_options (entries, &argc, &argv) || argc > 1)
    return pln_cli_usage ("people");

  store = pln_cli_get_store (cli);
  if (store == NULL)
    return 1;

  if (site_code != NULL)
    {
      PlnSite *top = pln_store_find_site_by_code (store, site_code, NULL);

      if (top == NULL)
        return pln_cli_fail (_("There is no site with the code '%s'. Run “plenary sites list” to see the codes."),
                             site_code);
      g_ptr_array_add (sites, top);
      collect_sites (store, pln_site_get_id (top), sites);
    }
  else
    collect_sites (store, 0, sites);

  for (guint s = 0; s < sites->len; s++)
    {
      PlnSite *site = g_ptr_array_index (sites, s);
      g_autoptr(GListModel) model = pln_store_get_people_model (store, pln_site_get_id (site));
      guint n = g_list_model_get_n_items (model);

      for (guint i = 0; i < n; i++)
        {
          PlnPerson *person = g_list_model_get_item (model, i);
          const char *cells[] = { pln_person_get_staff_number (person), pln_person_get_name (person),
                                  pln_person_get_title (person), pln_site_get_code (site) };

          g_ptr_array_add (people, person);
          g_ptr_array_add (people_sites, site);
          for (guint c = 0; c < G_N_ELEMENTS (cells); c++)
            widths[c] = MAX (widths[c], (guint) g_utf8_strlen (cells[c], -1));
        }
    }

  if (csv)
    {
      g_autoptr(GString) out = g_string_new (NULL);
      g_autoptr(GBytes) bytes = NULL;
      const char *header[] = { "staff_number", "name", "title", "site_code", "phone", "email" };

      pln_csv_write_start (out);
      pln_csv_write_row (out, header, G_N_ELEMENTS (header));
      for (guint i = 0; i < people->len; i++)
        {
          PlnPerson *p = g_ptr_array_index (people, i);
          const char *fields[] = { pln_person_get_staff_number (p), pln_person_get_name (p),
                                   pln_person_get_title (p),
                                   pln_site_get_code (g_ptr_array_index (people_sites, i)),
                                   pln_person_get_phone (p), pln_person_get_email (p) };

          pln_csv_write_row (out, fields, G_N_ELEMENTS (fields));
        }
      bytes = g_string_free_to_bytes (g_steal_pointer (&out));
      return pln_cli_write_output (NULL, bytes);
    }

  for (guint i = 0; i < people->len; i++)
    {
      PlnPerson *p = g_ptr_array_index (people, i);

      print_cell (pln_person_get_staff_number (p), widths[0] + 2);
      print_cell (pln_person_get_name (p), widths[1] + 2);
      print_cell (pln_person_get_title (p), widths[2] + 2);
      printf ("%s\n", pln_site_get_code (g_ptr_array_index (people_sites, i)));
    }
  if (people->len == 0)
    fprintf (stderr, "%s\n", _("No people."));
  return 0;
}

static int
people_import (PlnCli  *cli,
               int      argc,
               char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  PlnImportStats stats = { 0 };
  PlnStore *store;
  gsize length;

  if (argc != 2)
    return pln_cli_usage ("people");

  data = pln_cli_read_input (argv[1], &length);
  if (data == NULL)
    return 1;
  store = pln_cli_get_store (cli);
  if (store == NULL)
    return 1;

  if (!pln_import_people (store, data, length, &stats, &error))
    return pln_cli_fail ("%s: %s", argv[1], error->message);

  printf (_("Imported %u people from %s: %u new, %u updated.\n"),
          stats.inserted + stats.updated, argv[1], stats.inserted, stats.updated);
  if (stats.inserted > 0)
    printf ("%s\n", _("New people without a sign-in code got one; “plenary people export --with-codes” lists them."));
  return 0;
}

static int
people_export (PlnCli  *cli,
               int      argc,
               char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gboolean with_codes = FALSE;
  PlnStore *store;
  const GOptionEntry entries[] = {
    { "with-codes", 0, 0, G_OPTION_ARG_NONE, &with_codes,
      N_("Add the personal sign-in codes (keep the file private)"), NULL },
    { NULL }
  };

  if (!pln_cli_parse_options (entries, &argc, &argv) || argc > 2)
    return pln_cli_usage ("people");

  store = pln_cli_get_store (cli);
  if (store == NULL)
    return 1;
  bytes = pln_export_people (store, with_codes, &error);
  if (bytes == NULL)
    return pln_cli_fail_error (error);
  return pln_cli_write_output (argc == 2 ? argv[1] : NULL, bytes);
}

int
pln_cli_people (PlnCli  *cli,
                int      argc,
                char   **argv)
{
  if (argc < 2)
    return pln_cli_usage ("people");
  if (g_str_equal (argv[1], "list"))
    return people_list (cli, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "import"))
    return people_import (cli, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "export"))
    return people_export (cli, argc - 1, argv + 1);
  return pln_cli_usage ("people");
}
