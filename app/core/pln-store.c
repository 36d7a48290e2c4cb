/* pln-store.c: the sqlite store, its connection and its migrations.
 *
 * One file, WAL, foreign keys on, a busy timeout so that the app and a
 * headless `plenary serve` can share it. The schema is versioned with
 * PRAGMA user_version; each migration is one SQL file in the core resources,
 * applied in one transaction together with the version bump.
 */
#define G_LOG_DOMAIN "plenary-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "pln-core-resources.h"
#include "pln-store-private.h"

struct _PlnStore
{
  GObject   parent_instance;

  char     *path;
  sqlite3  *db;
  guint     transaction_depth;
};

G_DEFINE_FINAL_TYPE (PlnStore, pln_store, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The migrations, in order: migrations[i] takes the schema to version i + 1. */
static const char * const migrations[] = {
  "/org/plenary/Plenary/sql/001-initial.sql",
};

G_DEFINE_QUARK (pln-store-error-quark, pln_store_error)

static gboolean
apply_migration (PlnStore    *self,
                 int          version,
                 GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *bump = NULL;
  char *message = NULL;
  const char *data;
  gsize size;

  bytes = g_resources_lookup_data (migrations[version - 1], 0, error);
  if (bytes == NULL)
    return FALSE;

  data = g_bytes_get_data (bytes, &size);
  sql = g_strndup (data, size);
  bump = g_strdup_printf ("PRAGMA user_version = %d;", version);

  if (!_pln_store_begin (self, error))
    return FALSE;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK ||
      sqlite3_exec (self->db, bump, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_MIGRATE,
                   _("Cannot update the database %s to version %d: %s"),
                   self->path, version, message);
      sqlite3_free (message);
      _pln_store_rollback (self);
      return FALSE;
    }

  return _pln_store_commit (self, error);
}

static gboolean
migrate (PlnStore  *self,
         GError   **error)
{
  int current = pln_store_get_schema_version (self);
  int latest = pln_store_get_latest_version ();

  if (current > latest)
    {
      g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_TOO_NEW,
                   _("The database %s was written by a newer Plenary (schema %d, this one knows %d). Update Plenary to open it."),
                   self->path, current, latest);
      return FALSE;
    }

  for (int version = current + 1; version <= latest; version++)
    if (!apply_migration (self, version, error))
      return FALSE;

  return TRUE;
}

static void
pln_store_finalize (GObject *object)
{
  PlnStore *self = (PlnStore *)object;

  g_clear_pointer (&self->db, sqlite3_close_v2);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (pln_store_parent_class)->finalize (object);
}

static void
pln_store_class_init (PlnStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pln_store_finalize;

  /* Referencing the bundle keeps the linker from dropping it (and its
   * registering constructor) out of the static library. */
  (void) pln_core_get_resource ();

  /**
   * PlnStore::changed:
   * @table: the table that was written
   *
   * Emitted on the main context after this process wrote @table.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
pln_store_init (PlnStore *self)
{
}

/**
 * pln_store_open:
 * @path: the database file, created with its folder when missing
 * @error: a place for the reason it failed
 *
 * Opens the store and brings its schema up to date.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
PlnStore *
pln_store_open (const char  *path,
                GError     **error)
{
  g_autoptr(PlnStore) self = NULL;
  g_autofree char *folder = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  folder = g_path_get_dirname (path);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int errsv = errno;
      g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_OPEN,
                   _("Cannot create the folder %s for the database: %s"),
                   folder, g_strerror (errsv));
      return NULL;
    }

  self = g_object_new (PLN_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_OPEN,
                   _("Cannot open the database %s: %s"),
                   path, self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }

  sqlite3_busy_timeout (self->db, 5000);
  sqlite3_extended_result_codes (self->db, 1);

  if (!_pln_store_exec (self, "PRAGMA journal_mode = WAL;", error) ||
      !_pln_store_exec (self, "PRAGMA foreign_keys = ON;", error) ||
      !_pln_store_exec (self, "PRAGMA synchronous = NORMAL;", error))
    return NULL;

  if (!migrate (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
pln_store_get_path (PlnStore *self)
{
  g_return_val_if_fail (PLN_IS_STORE (self), NULL);

  return self->path;
}

int
pln_store_get_schema_version (PlnStore *self)
{
  sqlite3_stmt *stmt = NULL;
  int version = 0;

  g_return_val_if_fail (PLN_IS_STORE (self), 0);

  if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version;", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  return version;
}

int
pln_store_get_latest_version (void)
{
  return G_N_ELEMENTS (migrations);
}

/**
 * pln_store_dup_setting:
 *
 * Returns: (transfer full) (nullable): the value of @key, or %NULL if unset
 */
char *
pln_store_dup_setting (PlnStore   *self,
                       const char *key)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_return_val_if_fail (PLN_IS_STORE (self), NULL);

  if (sqlite3_prepare_v2 (self->db, "SELECT value FROM settings WHERE key = ?1;",
                          -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  return value;
}

gboolean
pln_store_set_setting (PlnStore    *self,
                       const char  *key,
                       const char  *value,
                       GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  g_return_val_if_fail (PLN_IS_STORE (self), FALSE);

  if (sqlite3_prepare_v2 (self->db,
                          "INSERT INTO settings (key, value) VALUES (?1, ?2) "
                          "ON CONFLICT (key) DO UPDATE SET value = excluded.value;",
                          -1, &stmt, NULL) != SQLITE_OK)
    return _pln_store_fail (self, _("Cannot save a setting"), error);

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  ok = sqlite3_step (stmt) == SQLITE_DONE;
  sqlite3_finalize (stmt);
  if (!ok)
    return _pln_store_fail (self, _("Cannot save a setting"), error);

  _pln_store_emit_changed (self, "settings");
  return TRUE;
}

sqlite3 *
_pln_store_get_db (PlnStore *self)
{
  return self->db;
}

gboolean
_pln_store_exec (PlnStore    *self,
                 const char  *sql,
                 GError     **error)
{
  char *message = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) == SQLITE_OK)
    return TRUE;

  g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_QUERY,
               _("The database %s refused a command: %s"), self->path, message);
  sqlite3_free (message);
  return FALSE;
}

gboolean
_pln_store_begin (PlnStore  *self,
                  GError   **error)
{
  if (self->transaction_depth == 0 &&
      !_pln_store_exec (self, "BEGIN IMMEDIATE;", error))
    return FALSE;
  self->transaction_depth++;
  return TRUE;
}

gboolean
_pln_store_commit (PlnStore  *self,
                   GError   **error)
{
  g_return_val_if_fail (self->transaction_depth > 0, FALSE);

  if (self->transaction_depth == 1 &&
      !_pln_store_exec (self, "COMMIT;", error))
    {
      _pln_store_rollback (self);
      return FALSE;
    }
  self->transaction_depth--;
  return TRUE;
}

void
_pln_store_rollback (PlnStore *self)
{
  if (self->transaction_depth == 0)
    return;
  /* A rollback anywhere abandons the whole outer transaction. */
  self->transaction_depth = 0;
  sqlite3_exec (self->db, "ROLLBACK;", NULL, NULL, NULL);
}

gboolean
_pln_store_fail (PlnStore    *self,
                 const char  *what,
                 GError     **error)
{
  g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_QUERY,
               "%s: %s", what, sqlite3_errmsg (self->db));
  return FALSE;
}

void
_pln_store_emit_changed (PlnStore   *self,
                         const char *table)
{
  g_signal_emit (self, signals[CHANGED], g_quark_from_string (table), table);
}
