/* pln-recording.c: see pln-recording.h. Recordings are read-only values:
 * the store makes a new one after each change, so there are no setters and
 * no notifications to keep right. */
#define G_LOG_DOMAIN "plenary-recording"

#include "config.h"

#include "pln-recording-private.h"

struct _PlnRecording
{
  GObject        parent_instance;

  gint64         id;
  char          *public_id;
  gint64         event_id;
  char          *event_title;
  char          *title;
  char          *description;
  char          *folder;
  char          *state;
  PlnVisibility  visibility;
  gint64         started_at;
  gint64         duration_ms;
};

G_DEFINE_FINAL_TYPE (PlnRecording, pln_recording, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_PUBLIC_ID,
  PROP_EVENT_TITLE,
  PROP_TITLE,
  PROP_DESCRIPTION,
  PROP_VISIBILITY,
  PROP_STARTED_AT,
  PROP_DURATION_MS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const visibility_names[] = { "draft", "staff", "public" };

const char *
pln_visibility_to_string (PlnVisibility visibility)
{
  g_return_val_if_fail (visibility <= PLN_VISIBILITY_PUBLIC, "draft");
  return visibility_names[visibility];
}

gboolean
pln_visibility_from_string (const char    *text,
                            PlnVisibility *visibility)
{
  for (guint i = 0; i < G_N_ELEMENTS (visibility_names); i++)
    if (g_strcmp0 (text, visibility_names[i]) == 0)
      {
        *visibility = i;
        return TRUE;
      }
  return FALSE;
}

static void
pln_recording_finalize (GObject *object)
{
  PlnRecording *self = (PlnRecording *)object;

  g_free (self->public_id);
  g_free (self->event_title);
  g_free (self->title);
  g_free (self->description);
  g_free (self->folder);
  g_free (self->state);

  G_OBJECT_CLASS (pln_recording_parent_class)->finalize (object);
}

static void
pln_recording_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PlnRecording *self = PLN_RECORDING (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_PUBLIC_ID:
      g_value_set_string (value, self->public_id);
      break;
    case PROP_EVENT_TITLE:
      g_value_set_string (value, self->event_title);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_VISIBILITY:
      g_value_set_int (value, self->visibility);
      break;
    case PROP_STARTED_AT:
      g_value_set_int64 (value, self->started_at);
      break;
    case PROP_DURATION_MS:
      g_value_set_int64 (value, self->duration_ms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pln_recording_class_init (PlnRecordingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = pln_recording_finalize;
  object_class->get_property = pln_recording_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_PUBLIC_ID] = g_param_spec_string ("public-id", NULL, NULL, NULL, flags);
  properties[PROP_EVENT_TITLE] = g_param_spec_string ("event-title", NULL, NULL, NULL, flags);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, flags);
  properties[PROP_VISIBILITY] = g_param_spec_int ("visibility", NULL, NULL,
                                                  PLN_VISIBILITY_DRAFT, PLN_VISIBILITY_PUBLIC,
                                                  PLN_VISIBILITY_DRAFT, flags);
  properties[PROP_STARTED_AT] = g_param_spec_int64 ("started-at", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_DURATION_MS] = g_param_spec_int64 ("duration-ms", NULL, NULL, 0, G_MAXINT64, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pln_recording_init (PlnRecording *self)
{
}

PlnRecording *
_pln_recording_new (const PlnRecordingFields *fields)
{
  PlnRecording *self = g_object_new (PLN_TYPE_RECORDING, NULL);

  self->id = fields->id;
  self->public_id = g_strdup (fields->public_id);
  self->event_id = fields->event_id;
  self->event_title = g_strdup (fields->event_title ? fields->event_title : "");
  self->title = g_strdup (fields->title);
  self->description = g_strdup (fields->description ? fields->description : "");
  self->folder = g_strdup (fields->folder);
  self->state = g_strdup (fields->state);
  self->visibility = fields->visibility;
  self->started_at = fields->started_at;
  self->duration_ms = fields->duration_ms;
  return self;
}

gint64 pln_recording_get_id (PlnRecording *self) { return self->id; }
const char *pln_recording_get_public_id (PlnRecording *self) { return self->public_id; }
gint64 pln_recording_get_event_id (PlnRecording *self) { return self->event_id; }
const char *pln_recording_get_event_title (PlnRecording *self) { return self->event_title; }
const char *pln_recording_get_title (PlnRecording *self) { return self->title; }
const char *pln_recording_get_description (PlnRecording *self) { return self->description; }
const char *pln_recording_get_folder (PlnRecording *self) { return self->folder; }
const char *pln_recording_get_state (PlnRecording *self) { return self->state; }
PlnVisibility pln_recording_get_visibility (PlnRecording *self) { return self->visibility; }
gint64 pln_recording_get_started_at (PlnRecording *self) { return self->started_at; }
gint64 pln_recording_get_duration_ms (PlnRecording *self) { return self->duration_ms; }
