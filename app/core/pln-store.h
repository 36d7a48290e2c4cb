/* pln-store.h: the sqlite store of sites, people, events and recordings. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PLN_STORE_ERROR (pln_store_error_quark ())

typedef enum
{
  PLN_STORE_ERROR_OPEN,
  PLN_STORE_ERROR_MIGRATE,
  PLN_STORE_ERROR_TOO_NEW,
  PLN_STORE_ERROR_QUERY,
  PLN_STORE_ERROR_NOT_FOUND,
  PLN_STORE_ERROR_INVALID,
} PlnStoreError;

#define PLN_TYPE_STORE (pln_store_get_type ())
G_DECLARE_FINAL_TYPE (PlnStore, pln_store, PLN, STORE, GObject)

GQuark      pln_store_error_quark          (void);
PlnStore   *pln_store_open                 (const char  *path,
                                            GError     **error);
const char *pln_store_get_path             (PlnStore    *self);
int         pln_store_get_schema_version   (PlnStore    *self);
int         pln_store_get_latest_version   (void);
char       *pln_store_dup_setting          (PlnStore    *self,
                                            const char  *key);
gboolean    pln_store_set_setting          (PlnStore    *self,
                                            const char  *key,
                                            const char  *value,
                                            GError     **error);

G_END_DECLS
