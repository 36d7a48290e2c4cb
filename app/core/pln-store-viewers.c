/* pln-store-viewers.c: see pln-store-viewers.h. */
#define G_LOG_DOMAIN "plenary-store"

#include "config.h"

#include "pln-store-private.h"
#include "pln-store-viewers.h"

gint64
pln_store_find_person_by_signin_code (PlnStore    *self,
                                      const char  *code,
                                      char       **name)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;

  g_return_val_if_fail (PLN_IS_STORE (self), 0);

  if (code == NULL || *code == '\0')
    return 0;
  stmt = _pln_store_prepare (self, "SELECT id, name FROM people WHERE signin_code = ?1;", NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (stmt, 0);
      if (name != NULL)
        *name = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
    }
  sqlite3_finalize (stmt);
  return id;
}
