/* pln-course.h: a course, an ordered list of recordings (or chapters of
 * them) that an audience must watch, with a completion rule and a target. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* One item of a course: a whole recording, or one chapter of it. The span
 * is the part of the recording that counts, in milliseconds: the whole
 * recording [0, duration), or a chapter from its offset to the next
 * chapter (or the end of the recording). */
typedef struct
{
  gint64  id;
  guint   position;       /* 1, 2, … */
  gint64  recording_id;
  gint64  chapter_id;     /* 0: the whole recording */
  char   *title;          /* the recording's title, and the chapter's */
  gint64  start_ms;
  gint64  end_ms;
} PlnCourseItem;

#define PLN_TYPE_COURSE_ITEM (pln_course_item_get_type ())
GType          pln_course_item_get_type (void);
PlnCourseItem *pln_course_item_new      (gint64               recording_id,
                                         gint64               chapter_id);
PlnCourseItem *pln_course_item_copy     (const PlnCourseItem *item);
void           pln_course_item_free     (PlnCourseItem       *item);
gint64         pln_course_item_get_span_ms (const PlnCourseItem *item);

/* The completion rule: an item is completed when the merged watched time
 * inside its span is at least @percent % of the span. An item of unknown
 * length (span 0: a recording still running) cannot be completed. */
gboolean       pln_course_item_is_completed (gint64 watched_ms,
                                             gint64 span_ms,
                                             guint  percent);
/* Milliseconds of @item's span covered by @merged (a GArray of PlnInterval,
 * merged, of the item's recording). */
gint64         pln_course_item_watched_ms   (const PlnCourseItem *item,
                                             GArray              *merged);

/* A target date typed as "2025-10-10": the end of that day in Vietnam
 * (UTC+7), as Unix seconds; 0 when @text is not such a date. */
gint64         pln_course_parse_target_date (const char *text);

#define PLN_TYPE_COURSE (pln_course_get_type ())
G_DECLARE_FINAL_TYPE (PlnCourse, pln_course, PLN, COURSE, GObject)

PlnCourse  *pln_course_new                    (void);
gint64      pln_course_get_id                 (PlnCourse  *self);
void        pln_course_set_id                 (PlnCourse  *self,
                                               gint64      id);
const char *pln_course_get_title              (PlnCourse  *self);
void        pln_course_set_title              (PlnCourse  *self,
                                               const char *title);
const char *pln_course_get_description        (PlnCourse  *self);
void        pln_course_set_description        (PlnCourse  *self,
                                               const char *description);
/* A site rule (pln-site-rule.h) choosing the sites whose people are the
 * audience; "" is everyone. */
const char *pln_course_get_audience_rule      (PlnCourse  *self);
void        pln_course_set_audience_rule      (PlnCourse  *self,
                                               const char *rule);
/* Comma-separated words the person's title must contain (any of them,
 * case- and diacritic-insensitive); "" is any title. */
const char *pln_course_get_audience_role      (PlnCourse  *self);
void        pln_course_set_audience_role      (PlnCourse  *self,
                                               const char *role);
guint       pln_course_get_completion_percent (PlnCourse  *self);
void        pln_course_set_completion_percent (PlnCourse  *self,
                                               guint       percent);
guint       pln_course_get_target_percent     (PlnCourse  *self);
void        pln_course_set_target_percent     (PlnCourse  *self,
                                               guint       percent);
/* Unix time of the target date, 0: none. */
gint64      pln_course_get_target_date        (PlnCourse  *self);
void        pln_course_set_target_date        (PlnCourse  *self,
                                               gint64      date);
gint64      pln_course_get_created_at         (PlnCourse  *self);
void        pln_course_set_created_at         (PlnCourse  *self,
                                               gint64      created_at);
/* (element-type PlnCourseItem) (transfer none): the items in order. */
GPtrArray  *pln_course_get_items              (PlnCourse  *self);
/* Appends an item (takes ownership); its position is set. */
void        pln_course_add_item               (PlnCourse     *self,
                                               PlnCourseItem *item);

G_END_DECLS
