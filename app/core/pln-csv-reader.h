/* pln-csv-reader.h: an RFC 4180 CSV reader, a pure function over a buffer. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PLN_CSV_ERROR (pln_csv_error_quark ())

typedef enum
{
  PLN_CSV_ERROR_INVALID_UTF8,
  PLN_CSV_ERROR_UNCLOSED_QUOTE,
  PLN_CSV_ERROR_EMPTY,
} PlnCsvError;

/* One record. @number is the row number a spreadsheet program shows for it:
 * the header is row 1, blank rows count, and a quoted field that spans
 * several lines stays within one row. */
typedef struct
{
  guint   number;
  guint   n_fields;
  char  **fields;     /* NULL-terminated, valid UTF-8 */
} PlnCsvRow;

/* The records of a file, blank rows (every field empty) left out. rows[0]
 * is the header when the file has one. */
typedef struct
{
  GPtrArray *rows;       /* of PlnCsvRow */
  char       separator;  /* ',' or ';' */
  gboolean   had_bom;
} PlnCsvTable;

GQuark       pln_csv_error_quark   (void);
PlnCsvTable *pln_csv_parse         (const char   *data,
                                    gsize         length,
                                    GError      **error);
void         pln_csv_table_free    (PlnCsvTable  *table);
/* The field at @index, or "" past the end of the row. */
const char  *pln_csv_row_get       (const PlnCsvRow *row,
                                    guint            index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlnCsvTable, pln_csv_table_free)

G_END_DECLS
