/* pln-importer.c: all-or-nothing CSV import of sites and people.
 *
 * Each import reads the whole file, checks every row against the file and
 * the database, and only when no row is wrong writes everything in one
 * transaction. The error of a refused import lists every wrong row by the
 * number a spreadsheet program shows for it, so that one round of
 * corrections is enough.
 */
#define G_LOG_DOMAIN "plenary-import"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/random.h>

#include "pln-csv-reader.h"
#include "pln-csv-writer.h"
#include "pln-importer.h"
#include "pln-store-private.h"

G_DEFINE_QUARK (pln-import-error-quark, pln_import_error)

/* ---- Shared helpers ------------------------------------------------- */

typedef struct
{
  guint  row;
  char  *message;
} RowError;

typedef struct
{
  GArray *errors;   /* of RowError */
} Problems;

static void
row_error_clear (gpointer data)
{
  RowError *e = data;

  g_free (e->message);
}

static void
problems_init (Problems *p)
{
  p->errors = g_array_new (FALSE, TRUE, sizeof (RowError));
  g_array_set_clear_func (p->errors, row_error_clear);
}

static void
problems_clear (Problems *p)
{
  g_clear_pointer (&p->errors, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Problems, problems_clear)

static void G_GNUC_PRINTF (3, 4)
problems_add (Problems   *p,
              guint       row,
              const char *format,
              ...)
{
  RowError e;
  va_list args;

  va_start (args, format);
  e.row = row;
  e.message = g_strdup_vprintf (format, args);
  va_end (args);
  g_array_append_val (p->errors, e);
}

static int
compare_row_errors (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  const RowError *ea = a, *eb = b;

  return (ea->row > eb->row) - (ea->row < eb->row);
}

/* Sets @error to the list of every wrong row; returns FALSE. */
static gboolean
problems_fail (Problems  *p,
               GError   **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GHashTable) rows = g_hash_table_new (NULL, NULL);

  /* A stable sort keeps a row's reasons in the order they were found. */
  for (guint i = 0; i < p->errors->len; i++)
    g_hash_table_add (rows, GUINT_TO_POINTER (g_array_index (p->errors, RowError, i).row));
  {
    g_autofree RowError *copy = g_memdup2 (p->errors->data, p->errors->len * sizeof (RowError));
    gsize n = p->errors->len;

    /* g_qsort_with_data is stable (a merge sort). */
    g_qsort_with_data (copy, n, sizeof (RowError), compare_row_errors, NULL);

    g_string_append_printf (text,
                            g_dngettext (GETTEXT_PACKAGE,
                                         "Nothing was imported: %u row is wrong. Correct it and import the file again.",
                                         "Nothing was imported: %u rows are wrong. Correct them and import the file again.",
                                         g_hash_table_size (rows)),
                            g_hash_table_size (rows));
    for (gsize i = 0; i < n; i++)
      g_string_append_printf (text, "\n%s", copy[i].message);
  }

  g_set_error_literal (error, PLN_IMPORT_ERROR, PLN_IMPORT_ERROR_ROWS, text->str);
  return FALSE;
}

/* Finds each known column in the header row. @index gets the field position
 * of each column, or -1 when the file leaves an optional one out. */
static gboolean
map_header (const PlnCsvTable   *table,
            const char * const  *columns,
            const gboolean      *required,
            guint                n_columns,
            int                 *index,
            GError             **error)
{
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autofree char *expected = g_strjoinv (",", (char **) columns);
  const PlnCsvRow *header = g_ptr_array_index (table->rows, 0);

  for (guint c = 0; c < n_columns; c++)
    index[c] = -1;

  for (guint f = 0; f < header->n_fields; f++)
    {
      g_autofree char *word = g_strstrip (g_ascii_strdown (header->fields[f], -1));
      gboolean known = FALSE;

      for (guint c = 0; c < n_columns; c++)
        if (g_str_equal (word, columns[c]))
          {
            known = TRUE;
            if (index[c] >= 0)
              {
                g_autofree char *line = g_strdup_printf (_("row 1: the column '%s' appears twice"), columns[c]);
                g_string_append_printf (problems, "\n%s", line);
              }
            else
              index[c] = f;
          }
      if (!known)
        {
          g_autofree char *line = NULL;

          if (*word == '\0')
            {
              /* Spreadsheets often write empty columns past the last one:
               * harmless while they stay empty. */
              guint r;

              for (r = 1; r < table->rows->len; r++)
                if (*pln_csv_row_get (g_ptr_array_index (table->rows, r), f) != '\0')
                  break;
              if (r == table->rows->len)
                continue;
              line = g_strdup_printf (_("row 1: column %u has no name, but row %u has something in it"),
                                      f + 1, ((PlnCsvRow *) g_ptr_array_index (table->rows, r))->number);
            }
          else
            line = g_strdup_printf (_("row 1: the column '%s' is not known"), header->fields[f]);
          g_string_append_printf (problems, "\n%s", line);
        }
    }

  for (guint c = 0; c < n_columns; c++)
    if (required[c] && index[c] < 0)
      {
        g_autofree char *line = g_strdup_printf (_("row 1: the column '%s' is missing"), columns[c]);
        g_string_append_printf (problems, "\n%s", line);
      }

  if (problems->len == 0)
    return TRUE;

  g_set_error (error, PLN_IMPORT_ERROR, PLN_IMPORT_ERROR_HEADER,
               _("Nothing was imported: the first row must be the header %s.%s"),
               expected, problems->str);
  return FALSE;
}

/* The trimmed field of @column, "" when the file has no such column. */
static char *
field (const PlnCsvRow *row,
       const int       *index,
       guint            column)
{
  if (index[column] < 0)
    return g_strdup ("");
  return g_strstrip (g_strdup (pln_csv_strip_formula_guard (pln_csv_row_get (row, index[column]))));
}

static PlnCsvTable *
parse_file (const char  *data,
            gsize        length,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  PlnCsvTable *table = pln_csv_parse (data, length, &local_error);

  if (table == NULL)
    g_set_error (error, PLN_IMPORT_ERROR, PLN_IMPORT_ERROR_FORMAT,
                 _("Nothing was imported: %s"), local_error->message);
  return table;
}

/* Each row must have as many fields as the header. */
static gboolean
check_width (Problems        *p,
             const PlnCsvRow *header,
             const PlnCsvRow *row)
{
  guint extra;

  if (row->n_fields == header->n_fields)
    return TRUE;
  /* Empty fields past the header's last column are harmless. */
  for (extra = header->n_fields; extra < row->n_fields; extra++)
    if (*row->fields[extra] != '\0')
      break;
  if (row->n_fields > header->n_fields && extra == row->n_fields)
    return TRUE;
  problems_add (p, row->number,
                _("row %u: %u columns, but the header has %u"),
                row->number, row->n_fields, header->n_fields);
  return FALSE;
}

/* ---- Sites ---------------------------------------------------------- */

enum { S_CODE, S_NAME, S_LEVEL, S_PARENT, S_DISTRICT, S_ADDRESS, N_SITE_COLUMNS };

static const char * const site_columns[] = {
  "code", "name", "level", "parent_code", "district_code", "address", NULL
};
static const gboolean site_required[] = { TRUE, TRUE, TRUE, FALSE, FALSE, FALSE };

typedef struct
{
  guint         row;        /* 0: only in the database */
  gint64        db_id;      /* 0: not in the database yet */
  char         *code;
  char         *name;
  char         *address;
  char         *parent_code;
  char         *district_code;
  PlnSiteLevel  level;
  gboolean      valid;      /* the row's own fields are right */
} SiteEntry;

static void
site_entry_free (gpointer data)
{
  SiteEntry *s = data;

  g_free (s->code);
  g_free (s->name);
  g_free (s->address);
  g_free (s->parent_code);
  g_free (s->district_code);
  g_free (s);
}

static gboolean
parent_level_allowed (PlnSiteLevel child,
                      PlnSiteLevel parent)
{
  switch (child)
    {
    case PLN_SITE_LEVEL_PROVINCE:
      return FALSE;
    case PLN_SITE_LEVEL_UNIT:
      return parent == PLN_SITE_LEVEL_PROVINCE || parent == PLN_SITE_LEVEL_DISTRICT ||
             parent == PLN_SITE_LEVEL_UNIT;
    case PLN_SITE_LEVEL_DISTRICT:
      return parent == PLN_SITE_LEVEL_PROVINCE;
    case PLN_SITE_LEVEL_COMMUNE:
      return parent == PLN_SITE_LEVEL_DISTRICT;
    case PLN_SITE_LEVEL_VILLAGE:
      return parent == PLN_SITE_LEVEL_COMMUNE;
    default:
      return FALSE;
    }
}

static const char *
allowed_parents (PlnSiteLevel child)
{
  switch (child)
    {
    case PLN_SITE_LEVEL_PROVINCE:
      return _("a province has no parent");
    case PLN_SITE_LEVEL_UNIT:
      return _("a unit goes under the province, a district or another unit");
    case PLN_SITE_LEVEL_DISTRICT:
      return _("a district goes under the province");
    case PLN_SITE_LEVEL_COMMUNE:
      return _("a commune goes under a district");
    case PLN_SITE_LEVEL_VILLAGE:
    default:
      return _("a village goes under a commune");
    }
}

/* Loads every site of the database into @sites (code → SiteEntry). */
static gboolean
load_sites (PlnStore    *store,
            GHashTable  *sites,
            GError     **error)
{
  sqlite3 *db = _pln_store_get_db (store);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db,
                          "SELECT s.id, s.code, s.level, coalesce (p.code, '') "
                          "FROM sites s LEFT JOIN sites p ON p.id = s.parent_id;",
                          -1, &stmt, NULL) != SQLITE_OK)
    return _pln_store_fail (store, _("Cannot read the sites"), error);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SiteEntry *s = g_new0 (SiteEntry, 1);

      s->db_id = sqlite3_column_int64 (stmt, 0);
      s->code = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      pln_site_level_from_string ((const char *) sqlite3_column_text (stmt, 2), &s->level);
      s->parent_code = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      s->valid = TRUE;
      g_hash_table_replace (sites, s->code, s);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return _pln_store_fail (store, _("Cannot read the sites"), error);
  return TRUE;
}

/* The code of the district @s lies in ("" if none, NULL on a cycle). */
static const char *
district_of (GHashTable *sites,
             SiteEntry  *s)
{
  guint limit = g_hash_table_size (sites) + 1;

  while (s != NULL && limit-- > 0)
    {
      if (s->level == PLN_SITE_LEVEL_DISTRICT)
        return s->code;
      if (s->parent_code == NULL || *s->parent_code == '\0')
        return "";
      s = g_hash_table_lookup (sites, s->parent_code);
    }
  return s == NULL ? "" : NULL;
}

/* Works out district_id of every site from the parents, in C rather than
 * in a recursive query, and writes the ones that changed. */
static gboolean
update_districts (PlnStore  *store,
                  GError   **error)
{
  sqlite3 *db = _pln_store_get_db (store);
  g_autoptr(GHashTable) parent = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64) * 4);
  sqlite3_stmt *stmt = NULL;
  int rc;

  /* Each element: id, parent_id, is_district, current district_id. */
  if (sqlite3_prepare_v2 (db, "SELECT id, coalesce (parent_id, 0), level = 'district', "
                              "coalesce (district_id, 0) FROM sites;", -1, &stmt, NULL) != SQLITE_OK)
    return _pln_store_fail (store, _("Cannot read the sites"), error);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 e[4];

      for (int i = 0; i < 4; i++)
        e[i] = sqlite3_column_int64 (stmt, i);
      g_array_append_vals (ids, e, 1);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return _pln_store_fail (store, _("Cannot read the sites"), error);

  /* id → its element, once the array has stopped growing. */
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 *e = (gint64 *) (void *) (ids->data + (gsize) i * sizeof (gint64) * 4);
      g_hash_table_insert (parent, g_memdup2 (&e[0], sizeof (gint64)), e);
    }

  if (sqlite3_prepare_v2 (db, "UPDATE sites SET district_id = nullif (?2, 0) WHERE id = ?1;",
                          -1, &stmt, NULL) != SQLITE_OK)
    return _pln_store_fail (store, _("Cannot save the sites"), error);

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 *e = (gint64 *) (void *) (ids->data + (gsize) i * sizeof (gint64) * 4);
      gint64 *walk = e;
      gint64 district = 0;
      guint limit = ids->len + 1;

      while (walk != NULL && limit-- > 0)
        {
          if (walk[2])
            {
              district = walk[0];
              break;
            }
          walk = walk[1] != 0 ? g_hash_table_lookup (parent, &walk[1]) : NULL;
        }

      if (district == e[3])
        continue;
      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, e[0]);
      sqlite3_bind_int64 (stmt, 2, district);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          sqlite3_finalize (stmt);
          return _pln_store_fail (store, _("Cannot save the sites"), error);
        }
    }
  sqlite3_finalize (stmt);
  return TRUE;
}

static gboolean
write_sites (PlnStore   *store,
             GPtrArray  *entries,
             GError    **error)
{
  sqlite3 *db = _pln_store_get_db (store);
  sqlite3_stmt *upsert = NULL;
  sqlite3_stmt *link = NULL;
  gboolean ok = FALSE;

  if (sqlite3_prepare_v2 (db,
                          "INSERT INTO sites (code, name, level, address) VALUES (?1, ?2, ?3, ?4) "
                          "ON CONFLICT (code) DO UPDATE SET name = excluded.name, "
                          "level = excluded.level, address = excluded.address;",
                          -1, &upsert, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db,
                          "UPDATE sites SET parent_id = (SELECT id FROM sites WHERE code = ?2) "
                          "WHERE code = ?1;",
                          -1, &link, NULL) != SQLITE_OK)
    {
      _pln_store_fail (store, _("Cannot save the sites"), error);
      goto out;
    }

  /* First every site, then the links: a parent may come later in the file. */
  for (guint i = 0; i < entries->len; i++)
    {
      SiteEntry *s = g_ptr_array_index (entries, i);

      sqlite3_reset (upsert);
      sqlite3_bind_text (upsert, 1, s->code, -1, SQLITE_STATIC);
      sqlite3_bind_text (upsert, 2, s->name, -1, SQLITE_STATIC);
      sqlite3_bind_text (upsert, 3, pln_site_level_to_string (s->level), -1, SQLITE_STATIC);
      sqlite3_bind_text (upsert, 4, s->address, -1, SQLITE_STATIC);
      if (sqlite3_step (upsert) != SQLITE_DONE)
        {
          _pln_store_fail (store, _("Cannot save the sites"), error);
          goto out;
        }
    }

  for (guint i = 0; i < entries->len; i++)
    {
      SiteEntry *s = g_ptr_array_index (entries, i);

      sqlite3_reset (link);
      sqlite3_bind_text (link, 1, s->code, -1, SQLITE_STATIC);
      if (*s->parent_code != '\0')
        sqlite3_bind_text (link, 2, s->parent_code, -1, SQLITE_STATIC);
      else
        sqlite3_bind_null (link, 2);
      if (sqlite3_step (link) != SQLITE_DONE)
        {
          _pln_store_fail (store, _("Cannot save the sites"), error);
          goto out;
        }
    }

  ok = update_districts (store, error);

out:
  sqlite3_finalize (upsert);
  sqlite3_finalize (link);
  return ok;
}

gboolean
pln_import_sites (PlnStore        *store,
                  const char      *data,
                  gsize            length,
                  PlnImportStats  *stats,
                  GError         **error)
{
  g_autoptr(PlnCsvTable) table = NULL;
  g_autoptr(GHashTable) sites = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, site_entry_free);
  g_autoptr(GHashTable) file_rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  g_auto(Problems) problems = { 0 };
  const PlnCsvRow *header;
  int index[N_SITE_COLUMNS];
  PlnImportStats counts = { 0 };

  g_return_val_if_fail (PLN_IS_STORE (store), FALSE);

  problems_init (&problems);

  table = parse_file (data, length, error);
  if (table == NULL)
    return FALSE;
  header = g_ptr_array_index (table->rows, 0);
  if (!map_header (table, site_columns, site_required, N_SITE_COLUMNS, index, error))
    return FALSE;
  if (!load_sites (store, sites, error))
    return FALSE;

  /* 1. Each row on its own, and codes unique within the file. */
  for (guint r = 1; r < table->rows->len; r++)
    {
      const PlnCsvRow *row = g_ptr_array_index (table->rows, r);
      g_autofree char *level = NULL;
      SiteEntry *s, *old;
      gpointer first_row;

      if (!check_width (&problems, header, row))
        continue;

      s = g_new0 (SiteEntry, 1);
      s->row = row->number;
      s->code = field (row, index, S_CODE);
      s->name = field (row, index, S_NAME);
      s->address = field (row, index, S_ADDRESS);
      s->parent_code = field (row, index, S_PARENT);
      s->district_code = field (row, index, S_DISTRICT);
      level = field (row, index, S_LEVEL);
      s->valid = TRUE;

      if (*s->code == '\0')
        {
          problems_add (&problems, row->number, _("row %u: the code is empty"), row->number);
          site_entry_free (s);
          continue;
        }
      if (*s->name == '\0')
        {
          problems_add (&problems, row->number, _("row %u: the name of '%s' is empty"), row->number, s->code);
          s->valid = FALSE;
        }
      if (!pln_site_level_from_string (level, &s->level))
        {
          problems_add (&problems, row->number,
                        _("row %u: level '%s' is not one of province, unit, district, commune, village"),
                        row->number, level);
          s->valid = FALSE;
        }
      if (g_hash_table_lookup_extended (file_rows, s->code, NULL, &first_row))
        {
          problems_add (&problems, row->number, _("row %u: the code '%s' is already on row %u"),
                        row->number, s->code, GPOINTER_TO_UINT (first_row));
          site_entry_free (s);
          continue;
        }
      g_hash_table_insert (file_rows, g_strdup (s->code), GUINT_TO_POINTER (row->number));

      old = g_hash_table_lookup (sites, s->code);
      if (old != NULL)
        s->db_id = old->db_id;
      g_hash_table_replace (sites, s->code, s);
      g_ptr_array_add (entries, s);
    }

  /* 2. Parents: they exist, are of a level that may hold the row's, and
   * do not lead back to the row. */
  for (guint i = 0; i < entries->len; i++)
    {
      SiteEntry *s = g_ptr_array_index (entries, i);
      SiteEntry *parent;

      if (!s->valid)
        continue;
      if (*s->parent_code == '\0')
        {
          if (s->level == PLN_SITE_LEVEL_VILLAGE || s->level == PLN_SITE_LEVEL_COMMUNE)
            {
              problems_add (&problems, s->row,
                            _("row %u: '%s' has no parent_code: %s"),
                            s->row, s->code, allowed_parents (s->level));
              s->valid = FALSE;
            }
          continue;
        }
      if (g_str_equal (s->parent_code, s->code))
        {
          problems_add (&problems, s->row, _("row %u: '%s' cannot be its own parent"), s->row, s->code);
          s->valid = FALSE;
          continue;
        }
      parent = g_hash_table_lookup (sites, s->parent_code);
      if (parent == NULL)
        {
          problems_add (&problems, s->row, _("row %u: parent code '%s' does not exist"),
                        s->row, s->parent_code);
          s->valid = FALSE;
          continue;
        }
      if (parent->valid && !parent_level_allowed (s->level, parent->level))
        {
          problems_add (&problems, s->row,
                        /* TRANSLATORS: the words after "a" are the level words of the
                         * CSV file (province, unit, district, commune, village): keep them. */
                        _("row %u: '%s' is a %s and cannot hold '%s', a %s: %s"),
                        s->row, parent->code, pln_site_level_to_string (parent->level),
                        s->code, pln_site_level_to_string (s->level), allowed_parents (s->level));
          s->valid = FALSE;
        }
    }

  /* Sites of the database that the file leaves out stay under their
   * parent: a parent whose level the file changes must still hold them. */
  {
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, sites);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      {
        SiteEntry *child = value;
        SiteEntry *parent;

        if (child->row != 0 || *child->parent_code == '\0')
          continue;
        parent = g_hash_table_lookup (sites, child->parent_code);
        if (parent == NULL || parent->row == 0 || !parent->valid ||
            parent_level_allowed (child->level, parent->level))
          continue;
        problems_add (&problems, parent->row,
                      /* TRANSLATORS: the words after "a" are the level words of the CSV
                       * file (province, unit, district, commune, village): keep them. */
                      _("row %u: '%s' cannot become a %s: '%s', a %s, is under it (%s)"),
                      parent->row, parent->code, pln_site_level_to_string (parent->level),
                      child->code, pln_site_level_to_string (child->level), allowed_parents (child->level));
        parent->valid = FALSE;
      }
  }

  for (guint i = 0; i < entries->len; i++)
    {
      SiteEntry *s = g_ptr_array_index (entries, i);
      SiteEntry *walk = s;
      guint limit = g_hash_table_size (sites) + 1;
      const char *district;

      if (!s->valid)
        continue;

      gboolean cycle = FALSE;

      while (walk != NULL && *walk->parent_code != '\0' && limit-- > 0)
        {
          walk = g_hash_table_lookup (sites, walk->parent_code);
          if (walk == s)
            {
              cycle = TRUE;
              break;
            }
        }
      if (cycle)
        {
          problems_add (&problems, s->row,
                        _("row %u: parent '%s' would make a cycle: '%s' would be under itself"),
                        s->row, s->parent_code, s->code);
          s->valid = FALSE;
          continue;
        }

      district = district_of (sites, s);
      if (district != NULL && *s->district_code != '\0' && !g_str_equal (district, s->district_code))
        {
          if (*district == '\0')
            problems_add (&problems, s->row,
                          _("row %u: district_code '%s' does not match: '%s' is not in any district. Leave district_code empty; it is worked out from parent_code"),
                          s->row, s->district_code, s->code);
          else
            problems_add (&problems, s->row,
                          _("row %u: district_code '%s' does not match the district '%s' that parent_code leads to. Leave district_code empty; it is worked out from parent_code"),
                          s->row, s->district_code, district);
        }
    }

  if (problems.errors->len > 0)
    return problems_fail (&problems, error);

  for (guint i = 0; i < entries->len; i++)
    {
      SiteEntry *s = g_ptr_array_index (entries, i);

      if (s->db_id != 0)
        counts.updated++;
      else
        counts.inserted++;
    }

  if (!_pln_store_begin (store, error))
    return FALSE;
  if (!write_sites (store, entries, error))
    {
      _pln_store_rollback (store);
      return FALSE;
    }
  if (!_pln_store_commit (store, error))
    return FALSE;

  _pln_store_emit_changed (store, "sites");
  if (stats != NULL)
    *stats = counts;
  return TRUE;
}

/* ---- People --------------------------------------------------------- */

enum { P_STAFF, P_NAME, P_TITLE, P_SITE, P_PHONE, P_EMAIL, P_CODE, N_PERSON_COLUMNS };

static const char * const person_columns[] = {
  "staff_number", "name", "title", "site_code", "phone", "email", "signin_code", NULL
};
static const gboolean person_required[] = { TRUE, TRUE, FALSE, TRUE, FALSE, FALSE, FALSE };

typedef struct
{
  guint   row;
  gint64  db_id;
  gint64  site_id;
  char   *fields[N_PERSON_COLUMNS];
} PersonEntry;

static void
person_entry_free (gpointer data)
{
  PersonEntry *p = data;

  for (guint i = 0; i < N_PERSON_COLUMNS; i++)
    g_free (p->fields[i]);
  g_free (p);
}

/* Random numbers from the system's source, read 4 KiB at a time: one
 * system call per thousand codes rather than per code. */
typedef struct
{
  guint32 pool[1024];
  guint   next;
} RandomPool;

static guint32
random_pool_next (RandomPool *pool)
{
  if (pool->next == 0 || pool->next >= G_N_ELEMENTS (pool->pool))
    {
      gsize got = 0;

      while (got < sizeof pool->pool)
        {
          ssize_t n = getrandom ((char *) pool->pool + got, sizeof pool->pool - got, 0);

          if (n < 0 && errno == EINTR)
            continue;
          if (n <= 0)
            g_error ("The system's random source failed: %s", g_strerror (errno));
          got += n;
        }
      pool->next = 0;
    }
  return pool->pool[pool->next++];
}

/* The portal signs people in with the code alone, so it must not be
 * guessable: 10 characters from 31 without look-alikes (no 0/o, 1/l/i),
 * about 49 bits, as the store makes them (pln_store_add_person). */
static char *
new_signin_code (RandomPool *pool)
{
  static const char alphabet[] = PLN_SIGNIN_CODE_ALPHABET;
  const guint n = sizeof alphabet - 1;
  char code[PLN_SIGNIN_CODE_LENGTH + 1];
  guint filled = 0;

  while (filled < PLN_SIGNIN_CODE_LENGTH)
    {
      guint32 value = random_pool_next (pool);

      /* Four bytes each; a byte at or above the largest multiple of 31
       * below 256 is dropped, so every character is as likely. */
      for (guint b = 0; b < 4 && filled < PLN_SIGNIN_CODE_LENGTH; b++, value >>= 8)
        if ((value & 0xff) < 256 - 256 % n)
          code[filled++] = alphabet[(value & 0xff) % n];
    }
  code[filled] = '\0';
  return g_strdup (code);
}

char *
pln_import_new_signin_code (void)
{
  g_autofree RandomPool *pool = g_new0 (RandomPool, 1);

  return new_signin_code (pool);
}

static gboolean
looks_like_email (const char *text)
{
  const char *at = strchr (text, '@');

  return at != NULL && at != text && at[1] != '\0' && strchr (at + 1, '@') == NULL &&
         strpbrk (text, " \t,;<>") == NULL;
}

static gboolean
write_people (PlnStore   *store,
              GPtrArray  *entries,
              GHashTable *codes,
              GError    **error)
{
  sqlite3 *db = _pln_store_get_db (store);
  sqlite3_stmt *insert = NULL;
  sqlite3_stmt *update = NULL;
  g_autofree RandomPool *pool = g_new0 (RandomPool, 1);
  gboolean ok = FALSE;

  if (sqlite3_prepare_v2 (db,
                          "INSERT INTO people (staff_number, name, title, site_id, phone, email, signin_code) "
                          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7);", -1, &insert, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db,
                          "UPDATE people SET staff_number = ?1, name = ?2, title = ?3, site_id = ?4, "
                          "phone = ?5, email = ?6, signin_code = coalesce (?7, signin_code) WHERE id = ?8;",
                          -1, &update, NULL) != SQLITE_OK)
    {
      _pln_store_fail (store, _("Cannot save the people"), error);
      goto out;
    }

  for (guint i = 0; i < entries->len; i++)
    {
      PersonEntry *p = g_ptr_array_index (entries, i);
      sqlite3_stmt *stmt = p->db_id != 0 ? update : insert;
      g_autofree char *code = NULL;

      if (*p->fields[P_CODE] != '\0')
        code = g_strdup (p->fields[P_CODE]);
      else if (p->db_id == 0)
        {
          do
            {
              g_free (code);
              code = new_signin_code (pool);
            }
          while (g_hash_table_contains (codes, code));
          g_hash_table_insert (codes, g_strdup (code), g_strdup (""));
        }

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, p->fields[P_STAFF], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, p->fields[P_NAME], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, p->fields[P_TITLE], -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, p->site_id);
      sqlite3_bind_text (stmt, 5, p->fields[P_PHONE], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, p->fields[P_EMAIL], -1, SQLITE_STATIC);
      if (code != NULL)
        sqlite3_bind_text (stmt, 7, code, -1, SQLITE_TRANSIENT);
      else
        sqlite3_bind_null (stmt, 7);
      if (p->db_id != 0)
        sqlite3_bind_int64 (stmt, 8, p->db_id);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          g_autofree char *what = g_strdup_printf (_("row %u: cannot save staff number %s"),
                                                   p->row, p->fields[P_STAFF]);
          _pln_store_fail (store, what, error);
          goto out;
        }
    }
  ok = TRUE;

out:
  sqlite3_finalize (insert);
  sqlite3_finalize (update);
  return ok;
}

gboolean
pln_import_people (PlnStore        *store,
                   const char      *data,
                   gsize            length,
                   PlnImportStats  *stats,
                   GError         **error)
{
  sqlite3 *db = _pln_store_get_db (store);
  g_autoptr(PlnCsvTable) table = NULL;
  g_autoptr(GHashTable) site_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) person_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  /* sign-in code → staff number of its holder (in the database or the file) */
  g_autoptr(GHashTable) codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) file_rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) file_codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (person_entry_free);
  g_auto(Problems) problems = { 0 };
  const PlnCsvRow *header;
  int index[N_PERSON_COLUMNS];
  PlnImportStats counts = { 0 };
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (PLN_IS_STORE (store), FALSE);

  problems_init (&problems);

  table = parse_file (data, length, error);
  if (table == NULL)
    return FALSE;
  header = g_ptr_array_index (table->rows, 0);
  if (!map_header (table, person_columns, person_required, N_PERSON_COLUMNS, index, error))
    return FALSE;

  if (sqlite3_prepare_v2 (db, "SELECT code, id FROM sites;", -1, &stmt, NULL) != SQLITE_OK)
    return _pln_store_fail (store, _("Cannot read the sites"), error);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 1);
      g_hash_table_insert (site_ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                           g_memdup2 (&id, sizeof id));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return _pln_store_fail (store, _("Cannot read the sites"), error);

  if (sqlite3_prepare_v2 (db, "SELECT staff_number, id, signin_code FROM people;", -1, &stmt, NULL) != SQLITE_OK)
    return _pln_store_fail (store, _("Cannot read the people"), error);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 1);
      const char *staff = (const char *) sqlite3_column_text (stmt, 0);

      g_hash_table_insert (person_ids, g_strdup (staff), g_memdup2 (&id, sizeof id));
      g_hash_table_insert (codes, g_strdup ((const char *) sqlite3_column_text (stmt, 2)), g_strdup (staff));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return _pln_store_fail (store, _("Cannot read the people"), error);

  for (guint r = 1; r < table->rows->len; r++)
    {
      const PlnCsvRow *row = g_ptr_array_index (table->rows, r);
      PersonEntry *p;
      gint64 *site_id, *person_id;
      gpointer first_row;
      const char *holder;

      if (!check_width (&problems, header, row))
        continue;

      p = g_new0 (PersonEntry, 1);
      p->row = row->number;
      for (guint c = 0; c < N_PERSON_COLUMNS; c++)
        p->fields[c] = field (row, index, c);
      g_ptr_array_add (entries, p);

      if (*p->fields[P_STAFF] == '\0')
        problems_add (&problems, p->row, _("row %u: the staff number is empty"), p->row);
      else if (g_hash_table_lookup_extended (file_rows, p->fields[P_STAFF], NULL, &first_row))
        problems_add (&problems, p->row, _("row %u: the staff number '%s' is already on row %u"),
                      p->row, p->fields[P_STAFF], GPOINTER_TO_UINT (first_row));
      else
        g_hash_table_insert (file_rows, g_strdup (p->fields[P_STAFF]), GUINT_TO_POINTER (p->row));

      if (*p->fields[P_NAME] == '\0')
        problems_add (&problems, p->row, _("row %u: the name is empty"), p->row);

      if (*p->fields[P_SITE] == '\0')
        problems_add (&problems, p->row, _("row %u: the site code is empty"), p->row);
      else if ((site_id = g_hash_table_lookup (site_ids, p->fields[P_SITE])) == NULL)
        problems_add (&problems, p->row, _("row %u: site code '%s' does not exist"),
                      p->row, p->fields[P_SITE]);
      else
        p->site_id = *site_id;

      if (*p->fields[P_EMAIL] != '\0' && !looks_like_email (p->fields[P_EMAIL]))
        problems_add (&problems, p->row, _("row %u: '%s' is not an email address"),
                      p->row, p->fields[P_EMAIL]);

      person_id = g_hash_table_lookup (person_ids, p->fields[P_STAFF]);
      p->db_id = person_id != NULL ? *person_id : 0;

      if (*p->fields[P_CODE] != '\0')
        {
          if (strlen (p->fields[P_CODE]) < 8 || strpbrk (p->fields[P_CODE], " \t") != NULL)
            problems_add (&problems, p->row,
                          _("row %u: the sign-in code must have at least 8 characters and no spaces; leave it empty to get a random one"),
                          p->row);
          else if (g_hash_table_lookup_extended (file_codes, p->fields[P_CODE], NULL, &first_row))
            problems_add (&problems, p->row, _("row %u: the sign-in code is already on row %u"),
                          p->row, GPOINTER_TO_UINT (first_row));
          else if ((holder = g_hash_table_lookup (codes, p->fields[P_CODE])) != NULL &&
                   !g_str_equal (holder, p->fields[P_STAFF]))
            problems_add (&problems, p->row, _("row %u: the sign-in code is already used by staff number '%s'"),
                          p->row, holder);
          else
            g_hash_table_insert (file_codes, g_strdup (p->fields[P_CODE]), GUINT_TO_POINTER (p->row));
        }
    }

  if (problems.errors->len > 0)
    return problems_fail (&problems, error);

  /* Codes given in the file are taken, so new codes avoid them too. */
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, file_codes);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      g_hash_table_replace (codes, g_strdup (key), g_strdup (""));
  }

  for (guint i = 0; i < entries->len; i++)
    {
      PersonEntry *p = g_ptr_array_index (entries, i);

      if (p->db_id != 0)
        counts.updated++;
      else
        counts.inserted++;
    }

  if (!_pln_store_begin (store, error))
    return FALSE;
  if (!write_people (store, entries, codes, error))
    {
      _pln_store_rollback (store);
      return FALSE;
    }
  if (!_pln_store_commit (store, error))
    return FALSE;

  _pln_store_emit_changed (store, "people");
  if (stats != NULL)
    *stats = counts;
  return TRUE;
}
