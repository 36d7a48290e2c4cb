/* pln-cli-table.h: aligned text tables and small helpers shared by the
 * events, points and report commands. */
#pragma once

#include <gio/gio.h>

#include "pln-cli.h"

G_BEGIN_DECLS

typedef struct _PlnCliTable PlnCliTable;

/* @right_aligned: a string of 'l'/'r' per column, e.g. "rllrr". */
PlnCliTable *pln_cli_table_new      (const char  *right_aligned);
/* Adds a row of as many cells as columns (copied). */
void         pln_cli_table_add_row  (PlnCliTable *table,
                                     ...) G_GNUC_NULL_TERMINATED;
/* Prints with columns padded to their widest cell (in characters) and frees. */
void         pln_cli_table_print    (PlnCliTable *table);

/* "1 034": digits grouped by three with a space. */
char        *pln_cli_group_digits   (gint64       value);
/* Parses an event id argument; prints an error and returns 0 if it is not one. */
gint64       pln_cli_parse_event_id (const char  *text);
/* Parses a non-negative count; prints an error naming @what and returns -1. */
int          pln_cli_parse_count    (const char  *text,
                                     const char  *what);

G_END_DECLS
