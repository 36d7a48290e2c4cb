/* pln-store-courses.h: courses, their items and audience, and the progress
 * queries the training reports need (part of the PlnStore API). */
#pragma once

#include "pln-course.h"
#include "pln-store.h"

G_BEGIN_DECLS

/* Stores @course and its items, checking the audience rule, the percents
 * and that every item's recording (and chapter) exists. Sets the course's
 * id and created-at (when 0). Returns the new id, or 0 with @error set. */
gint64      pln_store_add_course            (PlnStore    *self,
                                             PlnCourse   *course,
                                             GError     **error);
/* Writes @course (its id set) over the stored one, with the same checks
 * as pln_store_add_course(); items it keeps (same recording and chapter)
 * keep their ids and attendance credit. FALSE with @error set, and nothing
 * changed, when it cannot. */
gboolean    pln_store_update_course         (PlnStore    *self,
                                             PlnCourse   *course,
                                             GError     **error);
/* Returns (transfer full) the course with its items, their titles and
 * spans, or NULL with PLN_STORE_ERROR_NOT_FOUND. */
PlnCourse  *pln_store_get_course            (PlnStore    *self,
                                             gint64       id,
                                             GError     **error);
gboolean    pln_store_delete_course         (PlnStore    *self,
                                             gint64       id,
                                             GError     **error);
/* (transfer full): a snapshot of all courses (PlnCourse), by id. */
GListModel *pln_store_list_courses          (PlnStore    *self,
                                             GError     **error);
/* (transfer full): the ids (gint64) of the recordings of @event_id, by
 * start time, for "all recordings of event N". Empty if it has none. */
GArray     *pln_store_list_event_recordings (PlnStore    *self,
                                             gint64       event_id,
                                             GError     **error);

/* The audience: the people (ids, gint64, ascending) at the sites @rule
 * chooses ("" chooses every site; see pln-site-rule.h, `under=CODE` takes a
 * site and everything below it) whose title contains one of the
 * comma-separated words of @role ("" or NULL: any title), compared without
 * case and diacritics. NULL with @error set if the rule is wrong. */
GArray     *pln_store_resolve_audience      (PlnStore    *self,
                                             const char  *rule,
                                             const char  *role,
                                             GError     **error);

/* Attendance counting toward a course item, as the organiser decides:
 * every person marked present on the delegate lists of @event_id's points
 * gets the item's whole span as watched ("live" progress rows), and the
 * decision is kept in the settings table under "course-item-attendance:ID"
 * (the item's id) = the event id, so that applying it again (after more
 * presence marks) credits the newcomers. Returns the number of people
 * credited, or -1 with @error set. */
int         pln_store_credit_attendance     (PlnStore    *self,
                                             gint64       course_id,
                                             guint        position,
                                             gint64       event_id,
                                             GError     **error);

/* The event whose presence marks count for the item (its id, as the
 * course's items have them), or 0: see pln_store_credit_attendance (). */
gint64      pln_store_get_item_attendance_event (PlnStore *self,
                                                 gint64    item_id);

G_END_DECLS
