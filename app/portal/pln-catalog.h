/* pln-catalog.h: a gettext catalogue (.mo) read directly, so that the
 * portal can answer each request in the language the browser asks for,
 * whatever the process's own locale is. gettext itself follows the process
 * locale only (and ignores LANGUAGE under the C locale). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _PlnCatalog PlnCatalog;

/* Loads LOCALEDIR/LANG/LC_MESSAGES/DOMAIN.mo; an empty catalogue (every
 * lookup returns the English source) when the file is missing or bad. */
PlnCatalog *pln_catalog_load    (const char *localedir,
                                 const char *domain,
                                 const char *lang);
/* The same from the bytes of a .mo file (for tests and fuzzing). */
PlnCatalog *pln_catalog_new_from_bytes (GBytes *bytes);
void        pln_catalog_free    (PlnCatalog *catalog);
/* Returns the translation of @msgid, or @msgid itself. */
const char *pln_catalog_lookup  (PlnCatalog *catalog,
                                 const char *msgid) G_GNUC_FORMAT (2);
gboolean    pln_catalog_is_empty (PlnCatalog *catalog);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlnCatalog, pln_catalog_free)

G_END_DECLS
