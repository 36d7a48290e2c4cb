/* pln-training-page.h: the Training page: the courses with their progress
 * against the target at a glance; a course's report by unit, district or
 * level (audience, started, completed, share against the target, as bars
 * with the target line), its trend month by month and who has not
 * started; and the Reports view (event attendance, the year's summary).
 * Every report is worked out in a thread and exports as CSV and PDF. */
#pragma once

#include <adwaita.h>

#include "pln-context.h"
#include "pln-course-report.h"

G_BEGIN_DECLS

#define PLN_TYPE_TRAINING_PAGE (pln_training_page_get_type ())
G_DECLARE_FINAL_TYPE (PlnTrainingPage, pln_training_page, PLN, TRAINING_PAGE, AdwBin)

PlnTrainingPage *pln_training_page_new            (PlnContext      *context);
PlnContext      *pln_training_page_get_context    (PlnTrainingPage *self);
/* Shows the report of course @course_id (as clicking it in the list
 * does); FALSE when the list has no such course. */
gboolean         pln_training_page_select_course  (PlnTrainingPage *self,
                                                   gint64           course_id);
/* The course shown (0: none). */
gint64           pln_training_page_get_course_id  (PlnTrainingPage *self);
/* The report on screen, NULL while it is worked out or when none is. */
PlnCourseReport *pln_training_page_get_report     (PlnTrainingPage *self);
/* Shows the Reports view on "attendance" or "year". */
void             pln_training_page_show_reports   (PlnTrainingPage *self,
                                                   const char      *which);
/* Shows the attendance report of @event_id in the Reports view; FALSE
 * (and the Reports view on its own choice) when there is no such event. */
gboolean         pln_training_page_show_attendance (PlnTrainingPage *self,
                                                    gint64           event_id);
/* Reloads the courses and the report shown (as a change in the store does). */
void             pln_training_page_reload         (PlnTrainingPage *self);

G_END_DECLS
