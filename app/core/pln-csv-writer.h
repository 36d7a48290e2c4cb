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

/* Spreadsheets run a cell that starts with = + - @ as a formula, so a
 * name like "=HYPERLINK(…)" in an imported file could act when the export
 * is opened. The writer puts an apostrophe (which spreadsheets hide)
 * before such a field; the importer takes it off again, so the round trip
 * keeps every value. A + or - followed by a digit or a space ("+84 912…",
 * "-5") is left alone. */
gboolean    pln_csv_needs_formula_guard (const char *field);
/* @field without the guard apostrophe, if it has one (not a copy). */
const char *pln_csv_strip_formula_guard (const char *field);

G_END_DECLS
