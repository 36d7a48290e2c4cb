/* pln-exporter.c: CSV export of sites and people.
 *
 * The output is exactly what the importer reads, in an order that depends
 * only on the codes (never on row ids), so export → import into a new
 * database → export gives the same bytes.
 */
#define G_LOG_DOMAIN "plenary-export"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pln-csv-writer.h"
#include "pln-exporter.h"
#include "pln-importer.h"
#include "pln-store-private.h"

typedef struct
{
  gint64        id;
  gint64        parent_id;
  PlnSiteLevel  level;
  char         *fields[6];   /* code, name, level, parent_code, district_code, address */
  GPtrArray    *children;
} SiteNode;

static void
site_node_free (gpointer data)
{
  SiteNode *n = data;

  for (guint i = 0; i < G_N_ELEMENTS (n->fields); i++)
    g_free (n->fields[i]);
  g_clear_pointer (&n->children, g_ptr_array_unref);
  g_free (n);
}

static int
compare_nodes (gconstpointer a,
               gconstpointer b)
{
  const SiteNode *na = *(SiteNode **) a;
  const SiteNode *nb = *(SiteNode **) b;

  if (na->level != nb->level)
    return na->level < nb->level ? -1 : 1;
  return strcmp (na->fields[0], nb->fields[0]);
}

static void
write_tree (GString   *out,
            GPtrArray *nodes)
{
  g_ptr_array_sort (nodes, compare_nodes);
  for (guint i = 0; i < nodes->len; i++)
    {
      SiteNode *n = g_ptr_array_index (nodes, i);

      pln_csv_write_row (out, (const char * const *) n->fields, G_N_ELEMENTS (n->fields));
      write_tree (out, n->children);
    }
}

GBytes *
pln_export_sites (PlnStore  *store,
                  GError   **error)
{
  sqlite3 *db = _pln_store_get_db (store);
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (site_node_free);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GPtrArray) roots = g_ptr_array_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (PLN_IS_STORE (store), NULL);

  if (sqlite3_prepare_v2 (db,
                          "SELECT s.id, coalesce (s.parent_id, 0), s.code, s.name, s.level, "
                          "coalesce (p.code, ''), coalesce (d.code, ''), s.address "
                          "FROM sites s LEFT JOIN sites p ON p.id = s.parent_id "
                          "LEFT JOIN sites d ON d.id = s.district_id;",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      _pln_store_fail (store, _("Cannot read the sites"), error);
      return NULL;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SiteNode *n = g_new0 (SiteNode, 1);

      n->id = sqlite3_column_int64 (stmt, 0);
      n->parent_id = sqlite3_column_int64 (stmt, 1);
      for (int i = 0; i < 6; i++)
        n->fields[i] = g_strdup ((const char *) sqlite3_column_text (stmt, i + 2));
      pln_site_level_from_string (n->fields[2], &n->level);
      n->children = g_ptr_array_new ();
      g_ptr_array_add (all, n);
      g_hash_table_insert (by_id, &n->id, n);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      _pln_store_fail (store, _("Cannot read the sites"), error);
      return NULL;
    }

  for (guint i = 0; i < all->len; i++)
    {
      SiteNode *n = g_ptr_array_index (all, i);
      SiteNode *parent = n->parent_id != 0 ? g_hash_table_lookup (by_id, &n->parent_id) : NULL;

      g_ptr_array_add (parent != NULL ? parent->children : roots, n);
    }

  pln_csv_write_start (out);
  g_string_append (out, PLN_SITES_CSV_HEADER "\r\n");
  write_tree (out, roots);

  return g_string_free_to_bytes (g_steal_pointer (&out));
}

GBytes *
pln_export_people (PlnStore  *store,
                   gboolean   with_codes,
                   GError   **error)
{
  sqlite3 *db = _pln_store_get_db (store);
  g_autoptr(GString) out = g_string_new (NULL);
  const char *header[] = { "staff_number", "name", "title", "site_code", "phone", "email", "signin_code" };
  guint n_columns = with_codes ? 7 : 6;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (PLN_IS_STORE (store), NULL);

  if (sqlite3_prepare_v2 (db,
                          "SELECT p.staff_number, p.name, p.title, s.code, p.phone, p.email, p.signin_code "
                          "FROM people p JOIN sites s ON s.id = p.site_id "
                          "ORDER BY p.staff_number COLLATE BINARY;",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      _pln_store_fail (store, _("Cannot read the people"), error);
      return NULL;
    }

  pln_csv_write_start (out);
  pln_csv_write_row (out, header, n_columns);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *fields[7];

      for (guint i = 0; i < n_columns; i++)
        fields[i] = (const char *) sqlite3_column_text (stmt, i);
      pln_csv_write_row (out, fields, n_columns);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      _pln_store_fail (store, _("Cannot read the people"), error);
      return NULL;
    }

  return g_string_free_to_bytes (g_steal_pointer (&out));
}
