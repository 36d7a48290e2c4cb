/* pln-exporter.h: CSV export of sites and people, in the format the
 * importer reads (UTF-8 with a byte order mark, commas, CRLF). */
#pragma once

#include "pln-store.h"

G_BEGIN_DECLS

/* The sites as a tree, depth first: each site, then the sites under it
 * ordered by level and code. Returns (transfer full) the file's bytes. */
GBytes *pln_export_sites  (PlnStore  *store,
                           GError   **error);

/* The people ordered by staff number. The sign-in codes, which are
 * personal secrets, are written only when @with_codes is TRUE. */
GBytes *pln_export_people (PlnStore  *store,
                           gboolean   with_codes,
                           GError   **error);

G_END_DECLS
