/* pln-course-report.h: how far a course's audience has got, by unit,
 * district or level, against the course's target, with who has not
 * started and the trend month by month. */
#pragma once

#include <gio/gio.h>

#include "pln-course.h"
#include "pln-store.h"

G_BEGIN_DECLS

typedef enum
{
  PLN_COURSE_BY_UNIT,      /* the person's site; village staff count with their commune station */
  PLN_COURSE_BY_DISTRICT,  /* district-level area; the department and provincial units make one group, "" */
  PLN_COURSE_BY_LEVEL,
} PlnCourseGrouping;

/* "unit", "district", "level". */
gboolean    pln_course_grouping_from_string (const char        *text,
                                             PlnCourseGrouping *grouping);

/* One line. "started": has watched anything of any item (progress of any
 * origin); "completed": every item completed by the course's rule. */
typedef struct
{
  char  *key;       /* site code, district code ("" provincial) or level word */
  char  *label;     /* site name, district name or translated level */
  guint  audience;
  guint  started;
  guint  completed;
} PlnCourseRow;

/* A member of the audience who has not started. */
typedef struct
{
  gint64  person_id;
  char   *staff_number;
  char   *name;
  char   *title;
  char   *site;
  char   *district;    /* "" above district level */
} PlnCoursePerson;

/* Cumulative counts at the end of a month (local time, UTC+7). */
typedef struct
{
  int    year;
  int    month;
  guint  started;
  guint  completed;
} PlnCourseTrendPoint;

#define PLN_TYPE_COURSE_REPORT (pln_course_report_get_type ())
G_DECLARE_FINAL_TYPE (PlnCourseReport, pln_course_report, PLN, COURSE_REPORT, GObject)

/* Works the report out from the store: the audience of the course, the
 * merged progress of each person on each item. NULL with @error set when
 * the course does not exist or its audience rule no longer applies. */
PlnCourseReport       *pln_course_report_new          (PlnStore          *store,
                                                       gint64             course_id,
                                                       PlnCourseGrouping  grouping,
                                                       GError           **error);
/* The same, worked out in a thread on a connection of its own (the
 * store's file), for windows: the result comes back on the thread-default
 * main context of the call. */
void                   pln_course_report_new_async    (PlnStore           *store,
                                                       gint64              course_id,
                                                       PlnCourseGrouping   grouping,
                                                       GCancellable       *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer            user_data);
PlnCourseReport       *pln_course_report_new_finish   (GAsyncResult       *result,
                                                       GError            **error);
PlnCourse             *pln_course_report_get_course   (PlnCourseReport   *self);
PlnCourseGrouping      pln_course_report_get_grouping (PlnCourseReport   *self);
/* When the report was made (Unix seconds). */
gint64                 pln_course_report_get_made_at  (PlnCourseReport   *self);
guint                  pln_course_report_get_n_rows   (PlnCourseReport   *self);
const PlnCourseRow    *pln_course_report_get_row      (PlnCourseReport   *self,
                                                       guint              index);
/* The grand total (key "total", label "Total"). */
const PlnCourseRow    *pln_course_report_get_total    (PlnCourseReport   *self);
/* (element-type PlnCoursePerson) (transfer none): by district, site, name. */
GPtrArray             *pln_course_report_get_not_started (PlnCourseReport *self);
/* (element-type PlnCourseTrendPoint) (transfer none): one per month from
 * the first progress to the last, empty when nobody has started. */
GArray                *pln_course_report_get_trend    (PlnCourseReport   *self);

/* completed × 100 / audience (0 for an empty audience). */
double                 pln_course_row_get_percent     (const PlnCourseRow *row);
/* Whether @row reaches the course's target percentage. */
gboolean               pln_course_report_row_meets_target (PlnCourseReport    *self,
                                                           const PlnCourseRow *row);

/* CSV (RFC 4180, UTF-8, CRLF) of the rows then the total: key, name,
 * audience, started, completed, percent, target_percent. */
char                  *pln_course_report_format_csv   (PlnCourseReport   *self);
/* CSV of the people who have not started. */
char                  *pln_course_report_format_not_started_csv (PlnCourseReport *self);
/* CSV of the trend: month, started, completed, percent. */
char                  *pln_course_report_format_trend_csv (PlnCourseReport *self);

G_END_DECLS
