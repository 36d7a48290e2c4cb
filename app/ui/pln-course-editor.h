/* pln-course-editor.h: a window that makes a new course from the
 * recordings of an event, or edits a stored one, with its audience (a site
 * rule and title words, counted as they are typed), completion rule,
 * target and target date. */
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

/* The same window on the stored course @course_id: its title, audience,
 * rule, target and items (in order, each removable or moved up; Add Item
 * appends a recording chosen among an event's, or found in the library by
 * its title). Saving
 * writes it with pln_store_update_course(), emits ::saved (gint64
 * course_id) and closes; when the store refuses, its error shows in the
 * window and nothing changed. NULL with @error set when there is no such
 * course. */
PlnCourseEditor *pln_course_editor_new_for_course (PlnContext  *context,
                                                   GtkWindow   *parent,
                                                   gint64       course_id,
                                                   GError     **error);

G_END_DECLS
