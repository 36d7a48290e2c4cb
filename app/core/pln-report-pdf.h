/* pln-report-pdf.h: the reports as PDF files that print well on A4
 * (portrait), drawn with cairo, their text laid out by Pango in Noto Sans
 * so that Vietnamese diacritics come out right. Labels are translated
 * (they follow LANGUAGE). */
#pragma once

#include <gio/gio.h>

#include "pln-attendance-report.h"
#include "pln-course-report.h"
#include "pln-store.h"
#include "pln-year-report.h"

G_BEGIN_DECLS

/* Completion against the target: a progress bar, a bar chart of the
 * groups (when they are few enough to read), the table, the trend by
 * month and who has not started. */
gboolean pln_report_pdf_write_course     (PlnCourseReport     *report,
                                          const char          *path,
                                          GError             **error);
/* Head-counts by group with a chart of reported against expected, then
 * each point with how long it was connected (from @store). */
gboolean pln_report_pdf_write_attendance (PlnAttendanceReport *report,
                                          PlnStore            *store,
                                          const char          *path,
                                          GError             **error);
gboolean pln_report_pdf_write_year       (PlnYearReport       *report,
                                          const char          *path,
                                          GError             **error);

/* Any of the three in a thread, for windows: @report is a PlnCourseReport,
 * PlnAttendanceReport or PlnYearReport (not changed meanwhile); an
 * attendance report reads its points from @store_path on a connection of
 * its own (ignored otherwise). The result comes back on the thread-default
 * main context of the call. */
void     pln_report_pdf_write_async      (GObject             *report,
                                          const char          *store_path,
                                          const char          *path,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean pln_report_pdf_write_finish     (GAsyncResult        *result,
                                          GError             **error);

G_END_DECLS
