/* pln-report-ui.h: what the Training page and the Reports view share:
 * figures written the way the department writes them, and saving a report
 * to a file the person chooses, written off the main thread, with a toast
 * that says where it went or what failed. */
#pragma once

#include <adwaita.h>

#include "pln-event.h"

G_BEGIN_DECLS

/* "70.6 %" (one decimal, the locale's decimal mark). */
char      *pln_report_ui_format_percent (double       percent);

/* An event in a drop-down: "title — 10 Nov 2022" (a GtkCClosureExpression
 * callback: @user_data is unused). */
char      *pln_report_ui_event_label    (PlnEvent    *event,
                                        gpointer     user_data);

/* ---- Tables of figures -------------------------------------------------- */

void       pln_report_ui_clear_list_box (GtkListBox  *list);
/* A label of a table named @name: a figure (right-aligned, @width_chars
 * wide, tabular digits) or a name (left-aligned, taking the room left,
 * ellipsized). */
GtkWidget *pln_report_ui_cell          (const char  *text,
                                        const char  *name,
                                        gboolean     numeric,
                                        int          width_chars);
/* A list box row named @row_name that is not activatable, holding the
 * widgets given (NULL-terminated) side by side. */
GtkWidget *pln_report_ui_table_row     (const char  *row_name,
                                        GtkWidget   *first,
                                        ...) G_GNUC_NULL_TERMINATED;

/* Long lists (people, points) are GtkColumnViews over a GtkStringList of
 * row numbers ("0", "1", …) into an array the page keeps; @text gives the
 * text of one cell, (transfer full), NULL for none. */
typedef char *(*PlnReportUiCellFunc) (gpointer user_data,
                                      guint    row,
                                      int      column);

/* Sets @model to the row numbers 0 … @n_rows - 1. */
void       pln_report_ui_set_rows      (GtkStringList       *model,
                                        guint                n_rows);
void       pln_report_ui_add_column    (GtkColumnView       *view,
                                        const char          *title,
                                        int                  column,
                                        gboolean             numeric,
                                        gboolean             expand,
                                        PlnReportUiCellFunc  text,
                                        gpointer             user_data);

/* What to write once a file is chosen: the text of a CSV (when @csv is
 * not NULL), else a PDF of @report (pln_report_pdf_write_async). */
typedef struct _PlnReportExport PlnReportExport;

PlnReportExport *pln_report_export_new_csv (char        *csv,
                                            const char  *suggested_name);
PlnReportExport *pln_report_export_new_pdf (GObject     *report,
                                            const char  *store_path,
                                            const char  *suggested_name);
void             pln_report_export_free    (PlnReportExport *export);

/* Asks where to save (a file chooser over @parent's window) and writes
 * there in the background; @overlay shows the outcome. Takes @export. */
void             pln_report_export_run     (PlnReportExport *export,
                                            GtkWidget       *parent,
                                            AdwToastOverlay *overlay);
/* The same without asking: writes to @file. */
void             pln_report_export_to_file (PlnReportExport *export,
                                            GFile           *file,
                                            AdwToastOverlay *overlay);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlnReportExport, pln_report_export_free)

G_END_DECLS
