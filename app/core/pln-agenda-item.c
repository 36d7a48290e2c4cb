/* pln-agenda-item.c: see pln-agenda-item.h. */
#define G_LOG_DOMAIN "plenary-agenda-item"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pln-agenda-item.h"

struct _PlnAgendaItem
{
  GObject parent_instance;

  gint64 id;
  int position;
  char *title;
  char *speaker;
  gint64 planned_start;
};

G_DEFINE_FINAL_TYPE (PlnAgendaItem, pln_agenda_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_POSITION,
  PROP_TITLE,
  PROP_SPEAKER,
  PROP_PLANNED_START,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pln_agenda_item_finalize (GObject *object)
{
  PlnAgendaItem *self = (PlnAgendaItem *)object;

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->speaker, g_free);

  G_OBJECT_CLASS (pln_agenda_item_parent_class)->finalize (object);
}

static void
pln_agenda_item_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PlnAgendaItem *self = PLN_AGENDA_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_POSITION:
      g_value_set_int (value, self->position);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_SPEAKER:
      g_value_set_string (value, self->speaker);
      break;

    case PROP_PLANNED_START:
      g_value_set_int64 (value, self->planned_start);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pln_agenda_item_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  PlnAgendaItem *self = PLN_AGENDA_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      pln_agenda_item_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_POSITION:
      pln_agenda_item_set_position (self, g_value_get_int (value));
      break;

    case PROP_TITLE:
      pln_agenda_item_set_title (self, g_value_get_string (value));
      break;

    case PROP_SPEAKER:
      pln_agenda_item_set_speaker (self, g_value_get_string (value));
      break;

    case PROP_PLANNED_START:
      pln_agenda_item_set_planned_start (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pln_agenda_item_class_init (PlnAgendaItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pln_agenda_item_finalize;
  object_class->get_property = pln_agenda_item_get_property;
  object_class->set_property = pln_agenda_item_set_property;

  /* row id in the store, 0 before it is stored */
  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* order in the agenda, from 0 */
  properties[PROP_POSITION] =
    g_param_spec_int ("position", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* what is presented */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* who presents it, may be empty */
  properties[PROP_SPEAKER] =
    g_param_spec_string ("speaker", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* planned start in Unix seconds (UTC), 0 when not planned */
  properties[PROP_PLANNED_START] =
    g_param_spec_int64 ("planned-start", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pln_agenda_item_init (PlnAgendaItem *self)
{
  self->title = g_strdup ("");
  self->speaker = g_strdup ("");
}

PlnAgendaItem *
pln_agenda_item_new (void)
{
  return g_object_new (PLN_TYPE_AGENDA_ITEM, NULL);
}

gint64
pln_agenda_item_get_id (PlnAgendaItem *self)
{
  g_return_val_if_fail (PLN_IS_AGENDA_ITEM (self), 0);

  return self->id;
}

void
pln_agenda_item_set_id (PlnAgendaItem *self,
                       gint64 id)
{
  g_return_if_fail (PLN_IS_AGENDA_ITEM (self));

  if (self->id == id)
    return;
  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

int
pln_agenda_item_get_position (PlnAgendaItem *self)
{
  g_return_val_if_fail (PLN_IS_AGENDA_ITEM (self), 0);

  return self->position;
}

void
pln_agenda_item_set_position (PlnAgendaItem *self,
                             int position)
{
  g_return_if_fail (PLN_IS_AGENDA_ITEM (self));

  if (self->position == position)
    return;
  self->position = position;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

const char *
pln_agenda_item_get_title (PlnAgendaItem *self)
{
  g_return_val_if_fail (PLN_IS_AGENDA_ITEM (self), NULL);

  return self->title;
}

void
pln_agenda_item_set_title (PlnAgendaItem *self,
                          const char *title)
{
  g_return_if_fail (PLN_IS_AGENDA_ITEM (self));

  if (g_strcmp0 (self->title, title ? title : "") == 0)
    return;
  g_free (self->title);
  self->title = g_strdup (title ? title : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
pln_agenda_item_get_speaker (PlnAgendaItem *self)
{
  g_return_val_if_fail (PLN_IS_AGENDA_ITEM (self), NULL);

  return self->speaker;
}

void
pln_agenda_item_set_speaker (PlnAgendaItem *self,
                            const char *speaker)
{
  g_return_if_fail (PLN_IS_AGENDA_ITEM (self));

  if (g_strcmp0 (self->speaker, speaker ? speaker : "") == 0)
    return;
  g_free (self->speaker);
  self->speaker = g_strdup (speaker ? speaker : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEAKER]);
}

gint64
pln_agenda_item_get_planned_start (PlnAgendaItem *self)
{
  g_return_val_if_fail (PLN_IS_AGENDA_ITEM (self), 0);

  return self->planned_start;
}

void
pln_agenda_item_set_planned_start (PlnAgendaItem *self,
                                  gint64 planned_start)
{
  g_return_if_fail (PLN_IS_AGENDA_ITEM (self));

  if (self->planned_start == planned_start)
    return;
  self->planned_start = planned_start;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLANNED_START]);
}
