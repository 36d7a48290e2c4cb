/* pln-store-writer.c: a write workload on a Plenary store, for
 * tools/fault/store-kill.sh. Opens the store with the real PlnStore code
 * (WAL, synchronous=NORMAL, foreign keys) and writes until killed: a new
 * site (an INSERT), then a setting (an upsert), each its own commit. After
 * each commit returns it prints "site N" or "setting N" and flushes: a
 * line on stdout is an acknowledged commit, which must survive kill -9.
 *   pln-store-writer DB RUN */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "pln-store.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnStore) store = NULL;
  g_autofree char *root_code = NULL;
  gint64 root;

  if (argc != 3)
    return 2;
  store = pln_store_open (argv[1], &error);
  if (store == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  root_code = g_strdup_printf ("ROOT-%s", argv[2]);
  root = pln_store_add_site (store, root_code, "Sở Y tế", PLN_SITE_LEVEL_PROVINCE, 0, &error);
  if (root == 0)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  for (guint n = 1;; n++)
    {
      g_autofree char *code = g_strdup_printf ("W-%s-%u", argv[2], n);
      g_autofree char *value = g_strdup_printf ("%u", n);

      if (pln_store_add_site (store, code, "Trạm Y tế ghi thử", PLN_SITE_LEVEL_COMMUNE, root, &error) == 0)
        {
          fprintf (stderr, "add site %u: %s\n", n, error->message);
          return 1;
        }
      printf ("site %u\n", n);
      fflush (stdout);
      if (!pln_store_set_setting (store, "fault-counter", value, &error))
        {
          fprintf (stderr, "setting %u: %s\n", n, error->message);
          return 1;
        }
      printf ("setting %u\n", n);
      fflush (stdout);
    }
}
