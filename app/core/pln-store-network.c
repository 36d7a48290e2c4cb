/* pln-store-network.c: the store's sites and people (PlnStore API, see
 * pln-store.h). */
#define G_LOG_DOMAIN "plenary-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pln-query-model.h"
#include "pln-store-private.h"
#include "pln-store-rows.h"

static const char * const site_tables[] = { "sites", NULL };
static const char * const people_tables[] = { "people", "sites", NULL };

PlnSite *
pln_store_get_site (PlnStore  *self,
                    gint64     id,
                    GError   **error)
{
  g_autofree char *what = NULL;

  g_return_val_if_fail (PLN_IS_STORE (self), NULL);

  what = g_strdup_printf (_("site with the id %lld"), (long long) id);
  return _pln_rows_select_one (_pln_store_get_db (self), PLN_ROW_SITE,
                               "WHERE s.id = ?1", id, NULL, what, error);
}

PlnSite *
pln_store_find_site_by_code (PlnStore    *self,
                             const char  *code,
                             GError     **error)
{
  g_autofree char *what = NULL;

  g_return_val_if_fail (PLN_IS_STORE (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);

  what = g_strdup_printf (_("site with the code “%s”"), code);
  return _pln_rows_select_one (_pln_store_get_db (self), PLN_ROW_SITE,
                               "WHERE s.code = ?2", 0, code, what, error);
}

gint64
pln_store_add_site (PlnStore      *self,
                    const char    *code,
                    const char    *name,
                    PlnSiteLevel   level,
                    gint64         parent_id,
                    GError       **error)
{
  g_autoptr(PlnSite) parent = NULL;
  g_autoptr(PlnSite) existing = NULL;
  sqlite3_stmt *stmt;
  gint64 district_id = 0;
  gint64 id;

  g_return_val_if_fail (PLN_IS_STORE (self), 0);
  g_return_val_if_fail (code != NULL && name != NULL, 0);

  if (*code == '\0' || *name == '\0')
    {
      g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_INVALID,
                   _("A site needs a code and a name."));
      return 0;
    }

  existing = pln_store_find_site_by_code (self, code, NULL);
  if (existing != NULL)
    {
      g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_INVALID,
                   _("The site code “%s” is already used by %s. Choose another code."),
                   code, pln_site_get_name (existing));
      return 0;
    }

  if (parent_id != 0)
    {
      parent = pln_store_get_site (self, parent_id, error);
      if (parent == NULL)
        return 0;
      district_id = pln_site_get_district_id (parent);
    }

  if (!_pln_store_begin (self, error))
    return 0;

  stmt = _pln_store_prepare (self,
                             "INSERT INTO sites (code, name, level, parent_id, district_id) "
                             "VALUES (?1, ?2, ?3, ?4, ?5);", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, pln_site_level_to_string (level), -1, SQLITE_STATIC);
  if (parent_id != 0)
    sqlite3_bind_int64 (stmt, 4, parent_id);
  if (district_id != 0)
    sqlite3_bind_int64 (stmt, 5, district_id);
  if (!_pln_store_step_done (self, stmt, _("Cannot add the site"), error))
    goto fail;
  id = sqlite3_last_insert_rowid (_pln_store_get_db (self));

  /* A district lies in itself. */
  if (level == PLN_SITE_LEVEL_DISTRICT)
    {
      stmt = _pln_store_prepare (self, "UPDATE sites SET district_id = id WHERE id = ?1;", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, id);
      if (!_pln_store_step_done (self, stmt, _("Cannot add the site"), error))
        goto fail;
    }

  if (!_pln_store_commit (self, error))
    return 0;

  _pln_store_emit_changed (self, "sites");
  return id;

fail:
  _pln_store_rollback (self);
  return 0;
}

GListModel *
pln_store_get_sites_model (PlnStore *self,
                           gint64    parent_id)
{
  g_return_val_if_fail (PLN_IS_STORE (self), NULL);

  if (parent_id == 0)
    return G_LIST_MODEL (_pln_query_model_new (self, PLN_ROW_SITE,
                                               "WHERE s.parent_id IS NULL ORDER BY "
                                               PLN_LEVEL_ORDER ("s.level") ", s.code",
                                               0, site_tables));
  return G_LIST_MODEL (_pln_query_model_new (self, PLN_ROW_SITE,
                                             "WHERE s.parent_id = ?1 ORDER BY "
                                             PLN_LEVEL_ORDER ("s.level") ", s.code",
                                             parent_id, site_tables));
}

PlnPerson *
pln_store_get_person (PlnStore  *self,
                      gint64     id,
                      GError   **error)
{
  g_autofree char *what = NULL;

  g_return_val_if_fail (PLN_IS_STORE (self), NULL);

  what = g_strdup_printf (_("person with the id %lld"), (long long) id);
  return _pln_rows_select_one (_pln_store_get_db (self), PLN_ROW_PERSON,
                               "WHERE p.id = ?1", id, NULL, what, error);
}

PlnPerson *
pln_store_find_person_by_staff_number (PlnStore    *self,
                                       const char  *staff_number,
                                       GError     **error)
{
  g_autofree char *what = NULL;

  g_return_val_if_fail (PLN_IS_STORE (self), NULL);
  g_return_val_if_fail (staff_number != NULL, NULL);

  what = g_strdup_printf (_("person with the staff number “%s”"), staff_number);
  return _pln_rows_select_one (_pln_store_get_db (self), PLN_ROW_PERSON,
                               "WHERE p.staff_number = ?2", 0, staff_number, what, error);
}

/* A sign-in code people can type: 10 characters without look-alikes. */
static char *
new_signin_code (void)
{
  static const char alphabet[] = "23456789abcdefghjkmnpqrstuvwxyz";
  guint8 bytes[10];
  char code[11];
  g_autofree char *token = pln_store_new_token ();

  /* The token's hex digits are the random source. */
  for (guint i = 0; i < sizeof bytes; i++)
    {
      char pair[3] = { token[2 * i], token[2 * i + 1], '\0' };
      bytes[i] = (guint8) g_ascii_strtoull (pair, NULL, 16);
      code[i] = alphabet[bytes[i] % (sizeof alphabet - 1)];
    }
  code[10] = '\0';
  return g_strdup (code);
}

gint64
pln_store_add_person (PlnStore   *self,
                      PlnPerson  *person,
                      GError    **error)
{
  g_autofree char *code = NULL;
  sqlite3_stmt *stmt;
  gint64 id;

  g_return_val_if_fail (PLN_IS_STORE (self), 0);
  g_return_val_if_fail (PLN_IS_PERSON (person), 0);

  if (*pln_person_get_name (person) == '\0' || *pln_person_get_staff_number (person) == '\0')
    {
      g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_INVALID,
                   _("A person needs a name and a staff number."));
      return 0;
    }

  code = g_strdup (pln_person_get_signin_code (person));
  if (*code == '\0')
    {
      g_free (code);
      code = new_signin_code ();
    }

  stmt = _pln_store_prepare (self,
                             "INSERT INTO people (staff_number, name, title, site_id, phone, email, signin_code) "
                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7);", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, pln_person_get_staff_number (person), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, pln_person_get_name (person), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, pln_person_get_title (person), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, pln_person_get_site_id (person));
  sqlite3_bind_text (stmt, 5, pln_person_get_phone (person), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, pln_person_get_email (person), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, code, -1, SQLITE_TRANSIENT);
  if (!_pln_store_step_done (self, stmt, _("Cannot add the person (is the staff number new and the site known?)"), error))
    return 0;

  id = sqlite3_last_insert_rowid (_pln_store_get_db (self));
  pln_person_set_id (person, id);
  pln_person_set_signin_code (person, code);
  _pln_store_emit_changed (self, "people");
  return id;
}

GListModel *
pln_store_get_people_model (PlnStore *self,
                            gint64    site_id)
{
  g_return_val_if_fail (PLN_IS_STORE (self), NULL);

  if (site_id == 0)
    return G_LIST_MODEL (_pln_query_model_new (self, PLN_ROW_PERSON, NULL, 0, people_tables));
  return G_LIST_MODEL (_pln_query_model_new (self, PLN_ROW_PERSON,
                                             "WHERE p.site_id = ?1 ORDER BY p.name, p.id",
                                             site_id, people_tables));
}

/* ---- Reading in a worker thread ------------------------------------- */

typedef struct
{
  char       *path;
  PlnRowKind  kind;
  char       *where;
  gint64      arg;
} ListData;

static void
list_data_free (ListData *data)
{
  g_free (data->path);
  g_free (data->where);
  g_free (data);
}

static void
list_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ListData *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GListStore) list = NULL;
  sqlite3 *db;

  if (g_task_return_error_if_cancelled (task))
    return;

  db = _pln_rows_open_reader (data->path, &error);
  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  rows = _pln_rows_select (db, data->kind, data->where, data->arg, NULL, &error);
  sqlite3_close (db);
  if (rows == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  list = g_list_store_new (_pln_row_kind_get_gtype (data->kind));
  g_list_store_splice (list, 0, 0, rows->pdata, rows->len);
  g_task_return_pointer (task, g_steal_pointer (&list), g_object_unref);
}

void
_pln_store_list_async (PlnStore            *self,
                       PlnRowKind           kind,
                       const char          *where,
                       gint64               arg,
                       gpointer             source_tag,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ListData *data = g_new0 (ListData, 1);

  data->path = g_strdup (pln_store_get_path (self));
  data->kind = kind;
  data->where = g_strdup (where);
  data->arg = arg;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify) list_data_free);
  g_task_run_in_thread (task, list_thread);
}

void
pln_store_list_people_async (PlnStore            *self,
                             gint64               site_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (PLN_IS_STORE (self));

  _pln_store_list_async (self, PLN_ROW_PERSON,
                         site_id != 0 ? "WHERE p.site_id = ?1 ORDER BY p.name, p.id" : NULL,
                         site_id, pln_store_list_people_async,
                         cancellable, callback, user_data);
}

GListModel *
pln_store_list_people_finish (PlnStore      *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pln_store_list_people_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
