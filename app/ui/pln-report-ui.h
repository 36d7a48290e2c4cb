/* pln-report-ui.h: what the Training page and the Reports view share:
 * figures written the way the department writes them, and saving a report
 * to a file the person chooses, written off the main thread, with a toast
 * that says where it went or what failed. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* "2 251": groups of three digits. */
char *pln_report_ui_format_count   (gint64      value);
/* "70.6 %" (one decimal, the locale's decimal mark). */
char *pln_report_ui_format_percent (double      percent);

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
