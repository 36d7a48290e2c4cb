/* pln-course-editor.h: a window that makes a new course from the
 * recordings of an event, with its audience (a site rule and title words,
 * counted as they are typed), completion rule, target and target date. */
#pragma once

#include <adwaita.h>

#include "pln-context.h"

G_BEGIN_DECLS

#define PLN_TYPE_COURSE_EDITOR (pln_course_editor_get_type ())
G_DECLARE_FINAL_TYPE (PlnCourseEditor, pln_course_editor, PLN, COURSE_EDITOR, AdwWindow)

/* ::created (gint64 course_id) is emitted once the course is stored; the
 * window then closes. */
PlnCourseEditor *pln_course_editor_new (PlnContext *context,
                                        GtkWindow  *parent);

G_END_DECLS
