/* pln-csv-writer.h: writes CSV that spreadsheet programs open as UTF-8. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Starts a file: the UTF-8 byte order mark. */
void pln_csv_write_start (GString            *out);
/* Appends one record, comma-separated, ended by CRLF. */
void pln_csv_write_row   (GString            *out,
                          const char * const *fields,
                          guint               n_fields);

G_END_DECLS
