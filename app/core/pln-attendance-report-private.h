/* pln-attendance-report-private.h: how the store builds a report. */
#pragma once

#include <sqlite3.h>

#include "pln-attendance-report.h"

G_BEGIN_DECLS

/* Reads the report of @event_id from @db (any connection, any thread).
 * NOT_FOUND when there is no such event. */
PlnAttendanceReport *_pln_attendance_report_query (sqlite3            *db,
                                                   gint64              event_id,
                                                   PlnReportGrouping   grouping,
                                                   GError            **error);

G_END_DECLS
