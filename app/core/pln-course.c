/* pln-course.c: see pln-course.h. */
#define G_LOG_DOMAIN "plenary-course"

#include "config.h"

#include <stdio.h>

#include "pln-course.h"
#include "pln-intervals.h"

struct _PlnCourse
{
  GObject    parent_instance;

  gint64     id;
  char      *title;
  char      *description;
  char      *audience_rule;
  char      *audience_role;
  guint      completion_percent;
  guint      target_percent;
  gint64     target_date;
  gint64     created_at;
  GPtrArray *items;
};

G_DEFINE_FINAL_TYPE (PlnCourse, pln_course, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (PlnCourseItem, pln_course_item, pln_course_item_copy, pln_course_item_free)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_DESCRIPTION,
  PROP_AUDIENCE_RULE,
  PROP_AUDIENCE_ROLE,
  PROP_COMPLETION_PERCENT,
  PROP_TARGET_PERCENT,
  PROP_TARGET_DATE,
  PROP_CREATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- Items ---------------------------------------------------------- */

PlnCourseItem *
pln_course_item_new (gint64 recording_id,
                     gint64 chapter_id)
{
  PlnCourseItem *item = g_new0 (PlnCourseItem, 1);

  item->recording_id = recording_id;
  item->chapter_id = chapter_id;
  item->title = g_strdup ("");
  return item;
}

PlnCourseItem *
pln_course_item_copy (const PlnCourseItem *item)
{
  PlnCourseItem *copy = g_memdup2 (item, sizeof *item);

  copy->title = g_strdup (item->title);
  return copy;
}

void
pln_course_item_free (PlnCourseItem *item)
{
  if (item == NULL)
    return;
  g_free (item->title);
  g_free (item);
}

gint64
pln_course_item_get_span_ms (const PlnCourseItem *item)
{
  return MAX (item->end_ms - item->start_ms, 0);
}

gboolean
pln_course_item_is_completed (gint64 watched_ms,
                              gint64 span_ms,
                              guint  percent)
{
  if (span_ms <= 0)
    return FALSE;
  /* watched / span ≥ percent / 100, in integers. */
  return watched_ms * 100 >= span_ms * (gint64) MIN (percent, 100);
}

gint64
pln_course_item_watched_ms (const PlnCourseItem *item,
                            GArray              *merged)
{
  gint64 covered = 0;

  for (guint i = 0; merged != NULL && i < merged->len; i++)
    {
      const PlnInterval *interval = &g_array_index (merged, PlnInterval, i);
      gint64 from = MAX (interval->start_ms, item->start_ms);
      gint64 to = MIN (interval->end_ms, item->end_ms);

      if (to > from)
        covered += to - from;
    }
  return covered;
}

/* ---- GObject -------------------------------------------------------- */

static void
pln_course_finalize (GObject *object)
{
  PlnCourse *self = (PlnCourse *)object;

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->audience_rule, g_free);
  g_clear_pointer (&self->audience_role, g_free);
  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (pln_course_parent_class)->finalize (object);
}

static void
pln_course_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  PlnCourse *self = PLN_COURSE (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_TITLE: g_value_set_string (value, self->title); break;
    case PROP_DESCRIPTION: g_value_set_string (value, self->description); break;
    case PROP_AUDIENCE_RULE: g_value_set_string (value, self->audience_rule); break;
    case PROP_AUDIENCE_ROLE: g_value_set_string (value, self->audience_role); break;
    case PROP_COMPLETION_PERCENT: g_value_set_uint (value, self->completion_percent); break;
    case PROP_TARGET_PERCENT: g_value_set_uint (value, self->target_percent); break;
    case PROP_TARGET_DATE: g_value_set_int64 (value, self->target_date); break;
    case PROP_CREATED_AT: g_value_set_int64 (value, self->created_at); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pln_course_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  PlnCourse *self = PLN_COURSE (object);

  switch (prop_id)
    {
    case PROP_ID: pln_course_set_id (self, g_value_get_int64 (value)); break;
    case PROP_TITLE: pln_course_set_title (self, g_value_get_string (value)); break;
    case PROP_DESCRIPTION: pln_course_set_description (self, g_value_get_string (value)); break;
    case PROP_AUDIENCE_RULE: pln_course_set_audience_rule (self, g_value_get_string (value)); break;
    case PROP_AUDIENCE_ROLE: pln_course_set_audience_role (self, g_value_get_string (value)); break;
    case PROP_COMPLETION_PERCENT: pln_course_set_completion_percent (self, g_value_get_uint (value)); break;
    case PROP_TARGET_PERCENT: pln_course_set_target_percent (self, g_value_get_uint (value)); break;
    case PROP_TARGET_DATE: pln_course_set_target_date (self, g_value_get_int64 (value)); break;
    case PROP_CREATED_AT: pln_course_set_created_at (self, g_value_get_int64 (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pln_course_class_init (PlnCourseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = pln_course_finalize;
  object_class->get_property = pln_course_get_property;
  object_class->set_property = pln_course_set_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, "", flags);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, "", flags);
  properties[PROP_AUDIENCE_RULE] = g_param_spec_string ("audience-rule", NULL, NULL, "", flags);
  properties[PROP_AUDIENCE_ROLE] = g_param_spec_string ("audience-role", NULL, NULL, "", flags);
  properties[PROP_COMPLETION_PERCENT] = g_param_spec_uint ("completion-percent", NULL, NULL, 1, 100, 90, flags);
  properties[PROP_TARGET_PERCENT] = g_param_spec_uint ("target-percent", NULL, NULL, 1, 100, 90, flags);
  properties[PROP_TARGET_DATE] = g_param_spec_int64 ("target-date", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_CREATED_AT] = g_param_spec_int64 ("created-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pln_course_init (PlnCourse *self)
{
  self->title = g_strdup ("");
  self->description = g_strdup ("");
  self->audience_rule = g_strdup ("");
  self->audience_role = g_strdup ("");
  self->completion_percent = 90;
  self->target_percent = 90;
  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify) pln_course_item_free);
}

/* ---- Public API ----------------------------------------------------- */

PlnCourse *
pln_course_new (void)
{
  return g_object_new (PLN_TYPE_COURSE, NULL);
}

#define STRING_PROPERTY(name, NAME) \
  const char * \
  pln_course_get_##name (PlnCourse *self) \
  { \
    g_return_val_if_fail (PLN_IS_COURSE (self), NULL); \
    return self->name; \
  } \
  void \
  pln_course_set_##name (PlnCourse  *self, \
                         const char *value) \
  { \
    g_return_if_fail (PLN_IS_COURSE (self)); \
    if (value == NULL) \
      value = ""; \
    if (g_strcmp0 (self->name, value) == 0) \
      return; \
    g_free (self->name); \
    self->name = g_strdup (value); \
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_##NAME]); \
  }

#define NUMBER_PROPERTY(type, name, NAME) \
  type \
  pln_course_get_##name (PlnCourse *self) \
  { \
    g_return_val_if_fail (PLN_IS_COURSE (self), 0); \
    return self->name; \
  } \
  void \
  pln_course_set_##name (PlnCourse *self, \
                         type       value) \
  { \
    g_return_if_fail (PLN_IS_COURSE (self)); \
    if (self->name == value) \
      return; \
    self->name = value; \
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_##NAME]); \
  }

NUMBER_PROPERTY (gint64, id, ID)
STRING_PROPERTY (title, TITLE)
STRING_PROPERTY (description, DESCRIPTION)
STRING_PROPERTY (audience_rule, AUDIENCE_RULE)
STRING_PROPERTY (audience_role, AUDIENCE_ROLE)
NUMBER_PROPERTY (guint, completion_percent, COMPLETION_PERCENT)
NUMBER_PROPERTY (guint, target_percent, TARGET_PERCENT)
NUMBER_PROPERTY (gint64, target_date, TARGET_DATE)
NUMBER_PROPERTY (gint64, created_at, CREATED_AT)

GPtrArray *
pln_course_get_items (PlnCourse *self)
{
  g_return_val_if_fail (PLN_IS_COURSE (self), NULL);

  return self->items;
}

void
pln_course_add_item (PlnCourse     *self,
                     PlnCourseItem *item)
{
  g_return_if_fail (PLN_IS_COURSE (self));
  g_return_if_fail (item != NULL);

  item->position = self->items->len + 1;
  g_ptr_array_add (self->items, item);
}

gint64
pln_course_parse_target_date (const char *text)
{
  int y, m, d;
  char tail;
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL || sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
    return 0;
  dt = g_date_time_new_utc (y, m, d, 23, 59, 59);
  if (dt == NULL)
    return 0;
  return g_date_time_to_unix (dt) - 7 * 3600;
}
