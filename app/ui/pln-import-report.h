/* pln-import-report.h: the dialog that shows why an import wrote nothing,
 * with every bad row in a scrollable list. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* @file_name: the file's display name; @error: the importer's error (its
 * message lists one bad row per line for PLN_IMPORT_ERROR_ROWS). */
GtkWidget *pln_import_report_new (GtkWindow    *parent,
                                  const char   *file_name,
                                  const GError *error);

G_END_DECLS
