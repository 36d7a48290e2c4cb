/* pln-attendance-report.h: head-counts and links of one event's bridge
 * points, grouped by district or by level, with a grand total. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  PLN_REPORT_BY_DISTRICT,
  PLN_REPORT_BY_LEVEL,
} PlnReportGrouping;

#define PLN_TYPE_REPORT_GROUPING (pln_report_grouping_get_type ())
GType pln_report_grouping_get_type (void);

/* One line of the report.
 *
 * By district, the points above district level (the department and the
 * provincial units) make one group of their own, keyed "".
 *
 * "connected" counts the points whose link was connected at some time:
 * the current status is connected, or the point's history (link_changes)
 * holds a change to connected. A point that connected and then lost its link
 * took part, and a report made after the event must still count it.
 *
 * "reported" sums the reported head-counts; points that have not reported
 * add nothing (and are not in "reporting"). */
typedef struct
{
  char   *key;        /* district code, or level word; "" for provincial */
  char   *label;      /* district name, or translated level */
  guint   points;
  guint   connected;
  guint   reporting;  /* points that reported a head-count */
  gint64  expected;
  gint64  reported;
} PlnAttendanceRow;

#define PLN_TYPE_ATTENDANCE_REPORT (pln_attendance_report_get_type ())
G_DECLARE_FINAL_TYPE (PlnAttendanceReport, pln_attendance_report, PLN, ATTENDANCE_REPORT, GObject)

gint64                  pln_attendance_report_get_event_id    (PlnAttendanceReport *self);
const char             *pln_attendance_report_get_event_title (PlnAttendanceReport *self);
PlnReportGrouping       pln_attendance_report_get_grouping    (PlnAttendanceReport *self);
guint                   pln_attendance_report_get_n_rows      (PlnAttendanceReport *self);
const PlnAttendanceRow *pln_attendance_report_get_row         (PlnAttendanceReport *self,
                                                               guint                index);
/* The grand total line (key and label "Total"). */
const PlnAttendanceRow *pln_attendance_report_get_total       (PlnAttendanceReport *self);
/* An aligned text table (UTF-8, widths counted in characters), header
 * line, one line per row, then the total. */
char                   *pln_attendance_report_format_text     (PlnAttendanceReport *self);
/* CSV (RFC 4180, UTF-8, header line, CRLF line ends) with the total last. */
char                   *pln_attendance_report_format_csv      (PlnAttendanceReport *self);

/* "1 034": a count with its digits in groups of three separated by a
 * space, as the seed documents write head-counts. */
char                   *pln_format_count                      (gint64               value);

G_END_DECLS
