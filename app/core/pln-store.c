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
#include <errno.h>
#include <sys/random.h>
#include <unistd.h>

#include "pln-core-resources.h"
#include "pln-store-private.h"

struct _PlnStore
{
  GObject   parent_instance;

  char     *path;
  sqlite3  *db;
  guint     transaction_depth;

  /* Cross-process change detection (PRAGMA data_version). */
  guint     watch_count;
  GSource  *watch_source;
  gint64    data_version;
};

/* How often a watching store looks for other processes' writes. */
#define WATCH_INTERVAL_MS 500

G_DEFINE_FINAL_TYPE (PlnStore, pln_store, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The migrations, in order: migrations[i] takes the schema to version i + 1. */
static const char * const migrations[] = {
  "/org/plenary/Plenary/sql/001-initial.sql",
  "/org/plenary/Plenary/sql/002-archive.sql",
  "/org/plenary/Plenary/sql/003-gaps.sql",
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

static gint64
read_data_version (PlnStore *self)
{
  sqlite3_stmt *stmt = NULL;
  gint64 version = -1;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA data_version;", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

static gboolean
on_watch_timeout_cb (gpointer data)
{
  pln_store_check_external_changes (PLN_STORE (data));
  return G_SOURCE_CONTINUE;
}

static void
pln_store_finalize (GObject *object)
{
  PlnStore *self = (PlnStore *)object;

  if (self->watch_source != NULL)
    {
      g_source_destroy (self->watch_source);
      g_clear_pointer (&self->watch_source, g_source_unref);
    }

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

  self->data_version = read_data_version (self);

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

void
pln_store_hold_watch (PlnStore *self)
{
  g_return_if_fail (PLN_IS_STORE (self));

  if (self->watch_count++ > 0)
    return;

  self->data_version = read_data_version (self);
  self->watch_source = g_timeout_source_new (WATCH_INTERVAL_MS);
  /* The source holds no reference: finalize destroys it. */
  g_source_set_callback (self->watch_source, on_watch_timeout_cb, self, NULL);
  g_source_set_static_name (self->watch_source, "[plenary] store watch");
  g_source_attach (self->watch_source, g_main_context_get_thread_default ());
}

void
pln_store_release_watch (PlnStore *self)
{
  g_return_if_fail (PLN_IS_STORE (self));
  g_return_if_fail (self->watch_count > 0);

  if (--self->watch_count > 0)
    return;

  g_source_destroy (self->watch_source);
  g_clear_pointer (&self->watch_source, g_source_unref);
}

gboolean
pln_store_check_external_changes (PlnStore *self)
{
  gint64 version;

  g_return_val_if_fail (PLN_IS_STORE (self), FALSE);

  /* Inside our own transaction the value says nothing about others. */
  if (self->transaction_depth > 0)
    return FALSE;

  version = read_data_version (self);
  if (version < 0 || version == self->data_version)
    return FALSE;

  self->data_version = version;
  g_signal_emit (self, signals[CHANGED], 0, PLN_STORE_CHANGED_EXTERNAL);
  return TRUE;
}

char *
pln_store_new_token (void)
{
  guint8 bytes[16];
  gsize got = 0;
  GString *hex;

  while (got < sizeof bytes)
    {
      ssize_t n = getrandom (bytes + got, sizeof bytes - got, 0);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          /* getrandom(2) exists since Linux 3.17; nothing else is acceptable
           * for a secret. */
          g_error ("The system's random source failed: %s", g_strerror (errno));
        }
      got += n;
    }

  hex = g_string_sized_new (33);
  for (guint i = 0; i < sizeof bytes; i++)
    g_string_append_printf (hex, "%02x", bytes[i]);
  return g_string_free (hex, FALSE);
}

/* Copies all pages in one step (one transaction on each side), retrying
 * while the other side is busy, for at most BACKUP_PATIENCE_S seconds. */
#define BACKUP_PATIENCE_S 30

static int
run_backup (sqlite3_backup *backup)
{
  gint64 deadline = g_get_monotonic_time () + BACKUP_PATIENCE_S * G_USEC_PER_SEC;
  int rc;

  do
    {
      rc = sqlite3_backup_step (backup, -1);
      if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && g_get_monotonic_time () < deadline)
        g_usleep (50 * 1000);
      else if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        break;
    }
  while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish (backup);
  return rc;
}

/* Whether @path names the file of the store itself. */
static gboolean
is_store_file (PlnStore   *self,
               const char *path)
{
  GStatBuf a, b;

  return g_stat (path, &a) == 0 && g_stat (self->path, &b) == 0 &&
         a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

gboolean
pln_store_backup (PlnStore    *self,
                  const char  *path,
                  GError     **error)
{
  g_autofree char *folder = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp_path = NULL;
  sqlite3 *dest = NULL;
  sqlite3_backup *backup;
  int rc;
  int fd;

  g_return_val_if_fail (PLN_IS_STORE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (is_store_file (self, path))
    {
      g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_INVALID,
                   _("%s is the database itself. Name another file for the backup."), path);
      return FALSE;
    }

  folder = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp_path = g_strdup_printf ("%s/.%s.XXXXXX", folder, base);
  fd = g_mkstemp (tmp_path);
  if (fd < 0)
    {
      int errsv = errno;
      g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_OPEN,
                   _("Cannot write the backup %s: %s. Check that the folder exists and can be written."),
                   path, g_strerror (errsv));
      return FALSE;
    }
  close (fd);

  if (sqlite3_open_v2 (tmp_path, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_OPEN,
                   _("Cannot write the backup %s: %s"), path,
                   dest != NULL ? sqlite3_errmsg (dest) : _("out of memory"));
      sqlite3_close (dest);
      g_unlink (tmp_path);
      return FALSE;
    }

  /* One step of all pages: one read transaction on the source, so the copy
   * is consistent even while another connection writes. */
  backup = sqlite3_backup_init (dest, "main", self->db, "main");
  if (backup == NULL)
    {
      g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_QUERY,
                   _("Cannot write the backup %s: %s"), path, sqlite3_errmsg (dest));
      sqlite3_close (dest);
      g_unlink (tmp_path);
      return FALSE;
    }
  rc = run_backup (backup);

  if (rc != SQLITE_DONE)
    {
      g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_QUERY,
                   _("Cannot write the backup %s: %s"), path, sqlite3_errstr (rc));
      sqlite3_close (dest);
      g_unlink (tmp_path);
      return FALSE;
    }

  /* A self-contained file: no WAL beside it. */
  sqlite3_exec (dest, "PRAGMA journal_mode = DELETE;", NULL, NULL, NULL);
  sqlite3_close (dest);

  if (g_rename (tmp_path, path) != 0)
    {
      int errsv = errno;
      g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_OPEN,
                   _("Cannot write the backup %s: %s"), path, g_strerror (errsv));
      g_unlink (tmp_path);
      return FALSE;
    }

  return TRUE;
}

/* The tables any Plenary database has, whatever its version. */
static const char * const required_tables[] = {
  "settings", "sites", "people", "events", "agenda_items", "bridge_points",
  "link_changes", "delegates",
};

static gboolean
validate_backup (sqlite3     *src,
                 const char  *path,
                 GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int version = -1;
  int rc;
  g_autofree char *check = NULL;

  rc = sqlite3_prepare_v2 (src, "PRAGMA user_version;", -1, &stmt, NULL);
  if (rc == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  if (version < 0)
    {
      g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_INVALID,
                   _("%s is not a Plenary database (it cannot be read as a database: %s). Nothing was changed."),
                   path, sqlite3_errmsg (src));
      return FALSE;
    }
  if (version == 0)
    {
      g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_INVALID,
                   _("%s is not a Plenary database (it has no schema version). Nothing was changed."), path);
      return FALSE;
    }
  if (version > pln_store_get_latest_version ())
    {
      g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_TOO_NEW,
                   _("%s was written by a newer Plenary (schema %d, this one knows %d). Update Plenary to restore it. Nothing was changed."),
                   path, version, pln_store_get_latest_version ());
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (required_tables); i++)
    {
      gboolean found = FALSE;

      sqlite3_prepare_v2 (src, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1;",
                          -1, &stmt, NULL);
      sqlite3_bind_text (stmt, 1, required_tables[i], -1, SQLITE_STATIC);
      found = sqlite3_step (stmt) == SQLITE_ROW;
      sqlite3_finalize (stmt);
      if (!found)
        {
          g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_INVALID,
                       _("%s is not a Plenary database (the table “%s” is missing). Nothing was changed."),
                       path, required_tables[i]);
          return FALSE;
        }
    }

  if (sqlite3_prepare_v2 (src, "PRAGMA quick_check;", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    check = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  if (g_strcmp0 (check, "ok") != 0)
    {
      g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_INVALID,
                   _("%s is damaged (%s). Nothing was changed; restore an older backup."),
                   path, check != NULL ? check : sqlite3_errmsg (src));
      return FALSE;
    }

  return TRUE;
}

gboolean
pln_store_restore (PlnStore    *self,
                   const char  *path,
                   GError     **error)
{
  sqlite3 *src = NULL;
  sqlite3_backup *backup;
  int rc;

  g_return_val_if_fail (PLN_IS_STORE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (self->transaction_depth > 0)
    {
      g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_INVALID,
                   _("Cannot restore while a change is being written. Try again."));
      return FALSE;
    }

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_NOT_FOUND,
                   _("There is no backup file %s. Check the name."), path);
      return FALSE;
    }
  if (is_store_file (self, path))
    {
      g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_INVALID,
                   _("%s is the database itself, not a backup of it. Nothing was changed."), path);
      return FALSE;
    }

  if (sqlite3_open_v2 (path, &src, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_INVALID,
                   _("Cannot open the backup %s: %s"), path,
                   src != NULL ? sqlite3_errmsg (src) : _("out of memory"));
      sqlite3_close (src);
      return FALSE;
    }

  if (!validate_backup (src, path, error))
    {
      sqlite3_close (src);
      return FALSE;
    }

  /* The backup API in reverse: the whole copy into the live database is one
   * write transaction on it, so every reader (this process or another) sees
   * either the old content or the restored one. */
  backup = sqlite3_backup_init (self->db, "main", src, "main");
  if (backup == NULL)
    {
      g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_QUERY,
                   _("Cannot restore %s: %s. Nothing was changed."), path, sqlite3_errmsg (self->db));
      sqlite3_close (src);
      return FALSE;
    }
  rc = run_backup (backup);
  sqlite3_close (src);

  if (rc != SQLITE_DONE)
    {
      g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_QUERY,
                   _("Cannot restore %s: %s. Nothing was changed."), path, sqlite3_errstr (rc));
      return FALSE;
    }

  /* The restored file may be in rollback-journal mode; keep ours in WAL. */
  _pln_store_exec (self, "PRAGMA journal_mode = WAL;", NULL);

  if (!migrate (self, error))
    return FALSE;

  self->data_version = read_data_version (self);
  g_signal_emit (self, signals[CHANGED], 0, PLN_STORE_CHANGED_EXTERNAL);
  return TRUE;
}

sqlite3_stmt *
_pln_store_prepare (PlnStore    *self,
                    const char  *sql,
                    GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_QUERY,
                   _("The database %s refused a command: %s"), self->path, sqlite3_errmsg (self->db));
      return NULL;
    }
  return stmt;
}

gboolean
_pln_store_step_done (PlnStore     *self,
                      sqlite3_stmt *stmt,
                      const char   *what,
                      GError      **error)
{
  int rc = sqlite3_step (stmt);

  while (rc == SQLITE_ROW)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, PLN_STORE_ERROR,
                   (rc & 0xff) == SQLITE_CONSTRAINT ? PLN_STORE_ERROR_INVALID : PLN_STORE_ERROR_QUERY,
                   "%s: %s", what, sqlite3_errmsg (self->db));
      sqlite3_finalize (stmt);
      return FALSE;
    }
  sqlite3_finalize (stmt);
  return TRUE;
}

gint64
_pln_store_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}
