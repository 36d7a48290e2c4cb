/* pln-reports-view.h: the reports that are not about one course: an
 * event's attendance (expected and reported head-counts by district or
 * level, points connected, how long each point was connected) and a
 * year's activity summary, each drawn as charts and exported as CSV and
 * PDF. Shown by the Training page. */
#pragma once

#include <adwaita.h>

#include "pln-attendance-report.h"
#include "pln-context.h"
#include "pln-year-report.h"

G_BEGIN_DECLS

#define PLN_TYPE_REPORTS_VIEW (pln_reports_view_get_type ())
G_DECLARE_FINAL_TYPE (PlnReportsView, pln_reports_view, PLN, REPORTS_VIEW, AdwBin)

PlnReportsView      *pln_reports_view_new          (PlnContext     *context);
/* "attendance" or "year". */
void                 pln_reports_view_show         (PlnReportsView *self,
                                                    const char     *which);
const char          *pln_reports_view_get_shown    (PlnReportsView *self);
/* Picks the event of the attendance report; FALSE if there is none such. */
gboolean             pln_reports_view_select_event (PlnReportsView *self,
                                                    gint64          event_id);
gint64               pln_reports_view_get_event_id (PlnReportsView *self);
void                 pln_reports_view_set_year     (PlnReportsView *self,
                                                    int             year);
/* The reports on screen; NULL while they are worked out. */
PlnAttendanceReport *pln_reports_view_get_attendance_report (PlnReportsView *self);
PlnYearReport       *pln_reports_view_get_year_report       (PlnReportsView *self);
/* Works the shown report out again. */
void                 pln_reports_view_reload       (PlnReportsView *self);

G_END_DECLS
