/* pln-year-report.h: a year's activity in figures, like the department's
 * own yearly summary: events held by kind, delegates reached, hours
 * recorded, recordings published, replays and course completion. */
#pragma once

#include <gio/gio.h>

#include "pln-store.h"

G_BEGIN_DECLS

/* One course's standing at the time of the report. */
typedef struct
{
  gint64  course_id;
  char   *title;
  guint   audience;
  guint   started;
  guint   completed;
  guint   target_percent;
} PlnYearCourse;

#define PLN_TYPE_YEAR_REPORT (pln_year_report_get_type ())
G_DECLARE_FINAL_TYPE (PlnYearReport, pln_year_report, PLN, YEAR_REPORT, GObject)

/* The year runs in local time (UTC+7). Events count in the year they
 * start; recordings in the year they started; replays are the (person,
 * recording) pairs with progress from the app or the portal written in
 * the year; courses are those created in the year or with a target date
 * in it. */
PlnYearReport *pln_year_report_new (PlnStore  *store,
                                    int        year,
                                    GError   **error);

/* The same in a thread, on a connection of its own. */
void           pln_year_report_new_async  (PlnStore            *store,
                                           int                  year,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
PlnYearReport *pln_year_report_new_finish (GAsyncResult        *result,
                                           GError             **error);

int     pln_year_report_get_year               (PlnYearReport *self);
/* Events that started in the year, by kind ("conference", "training",
 * "workshop"), and in all. */
guint   pln_year_report_get_events             (PlnYearReport *self,
                                                const char    *kind);
guint   pln_year_report_get_points             (PlnYearReport *self);
guint   pln_year_report_get_points_connected   (PlnYearReport *self);
gint64  pln_year_report_get_delegates_expected (PlnYearReport *self);
/* Sum of the head-counts reported by the points. */
gint64  pln_year_report_get_delegates_reached  (PlnYearReport *self);
guint   pln_year_report_get_recordings         (PlnYearReport *self);
double  pln_year_report_get_hours_recorded     (PlnYearReport *self);
/* Ready recordings visible to staff or the public. */
guint   pln_year_report_get_recordings_published (PlnYearReport *self);
guint   pln_year_report_get_replays            (PlnYearReport *self);
guint   pln_year_report_get_viewers            (PlnYearReport *self);
/* (element-type PlnYearCourse) (transfer none) */
GArray *pln_year_report_get_courses            (PlnYearReport *self);

/* CSV: figure,value lines, then one line per course. */
char   *pln_year_report_format_csv             (PlnYearReport *self);

G_END_DECLS
