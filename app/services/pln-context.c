/* pln-context.c: see pln-context.h. */
#define G_LOG_DOMAIN "plenary-context"

#include "config.h"

#include "pln-context.h"
#include "pln-scheduler.h"

struct _PlnContext
{
  GObject    parent_instance;

  PlnStore  *store;
  GSettings *settings;

  /* Made on first use. */
  PlnArchive          *archive;
  PlnRecordingService *recording_service;
  PlnScheduler        *scheduler;
};

G_DEFINE_FINAL_TYPE (PlnContext, pln_context, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pln_context_dispose (GObject *object)
{
  PlnContext *self = (PlnContext *)object;

  g_clear_object (&self->scheduler);
  g_clear_object (&self->recording_service);
  g_clear_object (&self->archive);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (pln_context_parent_class)->dispose (object);
}

static void
pln_context_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  PlnContext *self = PLN_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pln_context_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  PlnContext *self = PLN_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pln_context_class_init (PlnContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pln_context_dispose;
  object_class->get_property = pln_context_get_property;
  object_class->set_property = pln_context_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, PLN_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pln_context_init (PlnContext *self)
{
}

/**
 * pln_context_new:
 * @store: the open store
 * @settings: (nullable): the application's settings; %NULL in headless use
 */
PlnContext *
pln_context_new (PlnStore  *store,
                 GSettings *settings)
{
  g_return_val_if_fail (PLN_IS_STORE (store), NULL);

  return g_object_new (PLN_TYPE_CONTEXT, "store", store, "settings", settings, NULL);
}

PlnStore *
pln_context_get_store (PlnContext *self)
{
  g_return_val_if_fail (PLN_IS_CONTEXT (self), NULL);
  return self->store;
}

GSettings *
pln_context_get_settings (PlnContext *self)
{
  g_return_val_if_fail (PLN_IS_CONTEXT (self), NULL);
  return self->settings;
}

/**
 * pln_context_get_archive:
 *
 * Returns: (transfer none): the packaging queue (not started: call
 * pln_archive_start() where jobs should run).
 */
PlnArchive *
pln_context_get_archive (PlnContext *self)
{
  g_return_val_if_fail (PLN_IS_CONTEXT (self), NULL);

  if (self->archive == NULL)
    self->archive = pln_archive_new (self->store);
  return self->archive;
}

PlnRecordingService *
pln_context_get_recording_service (PlnContext *self)
{
  g_return_val_if_fail (PLN_IS_CONTEXT (self), NULL);

  if (self->recording_service == NULL)
    self->recording_service = pln_recording_service_new (self->store, pln_context_get_archive (self));
  return self->recording_service;
}

PlnScheduler *
pln_context_get_scheduler (PlnContext *self)
{
  g_return_val_if_fail (PLN_IS_CONTEXT (self), NULL);

  if (self->scheduler == NULL)
    self->scheduler = pln_scheduler_new (pln_context_get_recording_service (self));
  return self->scheduler;
}
