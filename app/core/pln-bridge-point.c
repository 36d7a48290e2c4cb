/* pln-bridge-point.c: see pln-bridge-point.h. */
#define G_LOG_DOMAIN "plenary-bridge-point"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pln-bridge-point.h"
#include "pln-event.h"

struct _PlnBridgePoint
{
  GObject parent_instance;

  gint64 id;
  gint64 event_id;
  gint64 site_id;
  char *site_code;
  char *site_name;
  PlnSiteLevel site_level;
  char *district_name;
  gboolean is_host;
  int expected_count;
  int reported_count;
  gint64 reported_at;
  PlnLinkStatus link_status;
  gint64 link_since;
  gint64 technician_id;
  char *source_uri;
  char *token;
};

G_DEFINE_FINAL_TYPE (PlnBridgePoint, pln_bridge_point, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_EVENT_ID,
  PROP_SITE_ID,
  PROP_SITE_CODE,
  PROP_SITE_NAME,
  PROP_SITE_LEVEL,
  PROP_DISTRICT_NAME,
  PROP_IS_HOST,
  PROP_EXPECTED_COUNT,
  PROP_REPORTED_COUNT,
  PROP_REPORTED_AT,
  PROP_LINK_STATUS,
  PROP_LINK_SINCE,
  PROP_TECHNICIAN_ID,
  PROP_SOURCE_URI,
  PROP_TOKEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_ENUM_TYPE (PlnLinkStatus, pln_link_status,
  G_DEFINE_ENUM_VALUE (PLN_LINK_STATUS_WAITING, "waiting"),
  G_DEFINE_ENUM_VALUE (PLN_LINK_STATUS_CONNECTED, "connected"),
  G_DEFINE_ENUM_VALUE (PLN_LINK_STATUS_LOST, "lost"))

static const char * const status_words[] = {
  "waiting", "connected", "lost",
};

static const char * const status_labels[] = {
  N_("Waiting"), N_("Connected"), N_("Lost"),
};

static void
pln_bridge_point_finalize (GObject *object)
{
  PlnBridgePoint *self = (PlnBridgePoint *)object;

  g_clear_pointer (&self->site_code, g_free);
  g_clear_pointer (&self->site_name, g_free);
  g_clear_pointer (&self->district_name, g_free);
  g_clear_pointer (&self->source_uri, g_free);
  g_clear_pointer (&self->token, g_free);

  G_OBJECT_CLASS (pln_bridge_point_parent_class)->finalize (object);
}

static void
pln_bridge_point_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PlnBridgePoint *self = PLN_BRIDGE_POINT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_EVENT_ID:
      g_value_set_int64 (value, self->event_id);
      break;

    case PROP_SITE_ID:
      g_value_set_int64 (value, self->site_id);
      break;

    case PROP_SITE_CODE:
      g_value_set_string (value, self->site_code);
      break;

    case PROP_SITE_NAME:
      g_value_set_string (value, self->site_name);
      break;

    case PROP_SITE_LEVEL:
      g_value_set_enum (value, self->site_level);
      break;

    case PROP_DISTRICT_NAME:
      g_value_set_string (value, self->district_name);
      break;

    case PROP_IS_HOST:
      g_value_set_boolean (value, self->is_host);
      break;

    case PROP_EXPECTED_COUNT:
      g_value_set_int (value, self->expected_count);
      break;

    case PROP_REPORTED_COUNT:
      g_value_set_int (value, self->reported_count);
      break;

    case PROP_REPORTED_AT:
      g_value_set_int64 (value, self->reported_at);
      break;

    case PROP_LINK_STATUS:
      g_value_set_enum (value, self->link_status);
      break;

    case PROP_LINK_SINCE:
      g_value_set_int64 (value, self->link_since);
      break;

    case PROP_TECHNICIAN_ID:
      g_value_set_int64 (value, self->technician_id);
      break;

    case PROP_SOURCE_URI:
      g_value_set_string (value, self->source_uri);
      break;

    case PROP_TOKEN:
      g_value_set_string (value, self->token);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pln_bridge_point_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  PlnBridgePoint *self = PLN_BRIDGE_POINT (object);

  switch (prop_id)
    {
    case PROP_ID:
      pln_bridge_point_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_EVENT_ID:
      pln_bridge_point_set_event_id (self, g_value_get_int64 (value));
      break;

    case PROP_SITE_ID:
      pln_bridge_point_set_site_id (self, g_value_get_int64 (value));
      break;

    case PROP_SITE_CODE:
      pln_bridge_point_set_site_code (self, g_value_get_string (value));
      break;

    case PROP_SITE_NAME:
      pln_bridge_point_set_site_name (self, g_value_get_string (value));
      break;

    case PROP_SITE_LEVEL:
      pln_bridge_point_set_site_level (self, (PlnSiteLevel) g_value_get_enum (value));
      break;

    case PROP_DISTRICT_NAME:
      pln_bridge_point_set_district_name (self, g_value_get_string (value));
      break;

    case PROP_IS_HOST:
      pln_bridge_point_set_is_host (self, g_value_get_boolean (value));
      break;

    case PROP_EXPECTED_COUNT:
      pln_bridge_point_set_expected_count (self, g_value_get_int (value));
      break;

    case PROP_REPORTED_COUNT:
      pln_bridge_point_set_reported_count (self, g_value_get_int (value));
      break;

    case PROP_REPORTED_AT:
      pln_bridge_point_set_reported_at (self, g_value_get_int64 (value));
      break;

    case PROP_LINK_STATUS:
      pln_bridge_point_set_link_status (self, (PlnLinkStatus) g_value_get_enum (value));
      break;

    case PROP_LINK_SINCE:
      pln_bridge_point_set_link_since (self, g_value_get_int64 (value));
      break;

    case PROP_TECHNICIAN_ID:
      pln_bridge_point_set_technician_id (self, g_value_get_int64 (value));
      break;

    case PROP_SOURCE_URI:
      pln_bridge_point_set_source_uri (self, g_value_get_string (value));
      break;

    case PROP_TOKEN:
      pln_bridge_point_set_token (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pln_bridge_point_class_init (PlnBridgePointClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pln_bridge_point_finalize;
  object_class->get_property = pln_bridge_point_get_property;
  object_class->set_property = pln_bridge_point_set_property;

  /* row id in the store, 0 before it is stored */
  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* the event */
  properties[PROP_EVENT_ID] =
    g_param_spec_int64 ("event-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* the site */
  properties[PROP_SITE_ID] =
    g_param_spec_int64 ("site-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* code of the site (filled by the store) */
  properties[PROP_SITE_CODE] =
    g_param_spec_string ("site-code", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* name of the site (filled by the store) */
  properties[PROP_SITE_NAME] =
    g_param_spec_string ("site-name", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* level of the site (filled by the store) */
  properties[PROP_SITE_LEVEL] =
    g_param_spec_enum ("site-level", NULL, NULL, PLN_TYPE_SITE_LEVEL, PLN_SITE_LEVEL_COMMUNE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* name of the district the site lies in, "" above district level */
  properties[PROP_DISTRICT_NAME] =
    g_param_spec_string ("district-name", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* whether this is the host point the event is run from */
  properties[PROP_IS_HOST] =
    g_param_spec_boolean ("is-host", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* expected head-count */
  properties[PROP_EXPECTED_COUNT] =
    g_param_spec_int ("expected-count", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* reported head-count, -1 until reported */
  properties[PROP_REPORTED_COUNT] =
    g_param_spec_int ("reported-count", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* when the head-count was reported (Unix seconds), 0 until then */
  properties[PROP_REPORTED_AT] =
    g_param_spec_int64 ("reported-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* the link’s current status */
  properties[PROP_LINK_STATUS] =
    g_param_spec_enum ("link-status", NULL, NULL, PLN_TYPE_LINK_STATUS, PLN_LINK_STATUS_WAITING,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* since when the link has that status (Unix seconds), 0 if never changed */
  properties[PROP_LINK_SINCE] =
    g_param_spec_int64 ("link-since", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* the technician (a person) in charge, 0 for none */
  properties[PROP_TECHNICIAN_ID] =
    g_param_spec_int64 ("technician-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* where the site’s feed comes from (rtsp://…), may be empty */
  properties[PROP_SOURCE_URI] =
    g_param_spec_string ("source-uri", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* 128-bit random access token, 32 hex digits; the site’s key to the portal */
  properties[PROP_TOKEN] =
    g_param_spec_string ("token", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pln_bridge_point_init (PlnBridgePoint *self)
{
  self->site_code = g_strdup ("");
  self->site_name = g_strdup ("");
  self->site_level = PLN_SITE_LEVEL_COMMUNE;
  self->district_name = g_strdup ("");
  self->reported_count = -1;
  self->link_status = PLN_LINK_STATUS_WAITING;
  self->source_uri = g_strdup ("");
  self->token = g_strdup ("");
}

PlnBridgePoint *
pln_bridge_point_new (void)
{
  return g_object_new (PLN_TYPE_BRIDGE_POINT, NULL);
}

gint64
pln_bridge_point_get_id (PlnBridgePoint *self)
{
  g_return_val_if_fail (PLN_IS_BRIDGE_POINT (self), 0);

  return self->id;
}

void
pln_bridge_point_set_id (PlnBridgePoint *self,
                        gint64 id)
{
  g_return_if_fail (PLN_IS_BRIDGE_POINT (self));

  if (self->id == id)
    return;
  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

gint64
pln_bridge_point_get_event_id (PlnBridgePoint *self)
{
  g_return_val_if_fail (PLN_IS_BRIDGE_POINT (self), 0);

  return self->event_id;
}

void
pln_bridge_point_set_event_id (PlnBridgePoint *self,
                              gint64 event_id)
{
  g_return_if_fail (PLN_IS_BRIDGE_POINT (self));

  if (self->event_id == event_id)
    return;
  self->event_id = event_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENT_ID]);
}

gint64
pln_bridge_point_get_site_id (PlnBridgePoint *self)
{
  g_return_val_if_fail (PLN_IS_BRIDGE_POINT (self), 0);

  return self->site_id;
}

void
pln_bridge_point_set_site_id (PlnBridgePoint *self,
                             gint64 site_id)
{
  g_return_if_fail (PLN_IS_BRIDGE_POINT (self));

  if (self->site_id == site_id)
    return;
  self->site_id = site_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SITE_ID]);
}

const char *
pln_bridge_point_get_site_code (PlnBridgePoint *self)
{
  g_return_val_if_fail (PLN_IS_BRIDGE_POINT (self), NULL);

  return self->site_code;
}

void
pln_bridge_point_set_site_code (PlnBridgePoint *self,
                               const char *site_code)
{
  g_return_if_fail (PLN_IS_BRIDGE_POINT (self));

  if (g_strcmp0 (self->site_code, site_code ? site_code : "") == 0)
    return;
  g_free (self->site_code);
  self->site_code = g_strdup (site_code ? site_code : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SITE_CODE]);
}

const char *
pln_bridge_point_get_site_name (PlnBridgePoint *self)
{
  g_return_val_if_fail (PLN_IS_BRIDGE_POINT (self), NULL);

  return self->site_name;
}

void
pln_bridge_point_set_site_name (PlnBridgePoint *self,
                               const char *site_name)
{
  g_return_if_fail (PLN_IS_BRIDGE_POINT (self));

  if (g_strcmp0 (self->site_name, site_name ? site_name : "") == 0)
    return;
  g_free (self->site_name);
  self->site_name = g_strdup (site_name ? site_name : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SITE_NAME]);
}

PlnSiteLevel
pln_bridge_point_get_site_level (PlnBridgePoint *self)
{
  g_return_val_if_fail (PLN_IS_BRIDGE_POINT (self), 0);

  return self->site_level;
}

void
pln_bridge_point_set_site_level (PlnBridgePoint *self,
                                PlnSiteLevel site_level)
{
  g_return_if_fail (PLN_IS_BRIDGE_POINT (self));

  if (self->site_level == site_level)
    return;
  self->site_level = site_level;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SITE_LEVEL]);
}

const char *
pln_bridge_point_get_district_name (PlnBridgePoint *self)
{
  g_return_val_if_fail (PLN_IS_BRIDGE_POINT (self), NULL);

  return self->district_name;
}

void
pln_bridge_point_set_district_name (PlnBridgePoint *self,
                                   const char *district_name)
{
  g_return_if_fail (PLN_IS_BRIDGE_POINT (self));

  if (g_strcmp0 (self->district_name, district_name ? district_name : "") == 0)
    return;
  g_free (self->district_name);
  self->district_name = g_strdup (district_name ? district_name : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISTRICT_NAME]);
}

gboolean
pln_bridge_point_get_is_host (PlnBridgePoint *self)
{
  g_return_val_if_fail (PLN_IS_BRIDGE_POINT (self), FALSE);

  return self->is_host;
}

void
pln_bridge_point_set_is_host (PlnBridgePoint *self,
                             gboolean is_host)
{
  g_return_if_fail (PLN_IS_BRIDGE_POINT (self));

  is_host = !!is_host;
  if (self->is_host == is_host)
    return;
  self->is_host = is_host;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_HOST]);
}

int
pln_bridge_point_get_expected_count (PlnBridgePoint *self)
{
  g_return_val_if_fail (PLN_IS_BRIDGE_POINT (self), 0);

  return self->expected_count;
}

void
pln_bridge_point_set_expected_count (PlnBridgePoint *self,
                                    int expected_count)
{
  g_return_if_fail (PLN_IS_BRIDGE_POINT (self));

  if (self->expected_count == expected_count)
    return;
  self->expected_count = expected_count;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPECTED_COUNT]);
}

int
pln_bridge_point_get_reported_count (PlnBridgePoint *self)
{
  g_return_val_if_fail (PLN_IS_BRIDGE_POINT (self), 0);

  return self->reported_count;
}

void
pln_bridge_point_set_reported_count (PlnBridgePoint *self,
                                    int reported_count)
{
  g_return_if_fail (PLN_IS_BRIDGE_POINT (self));

  if (self->reported_count == reported_count)
    return;
  self->reported_count = reported_count;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPORTED_COUNT]);
}

gint64
pln_bridge_point_get_reported_at (PlnBridgePoint *self)
{
  g_return_val_if_fail (PLN_IS_BRIDGE_POINT (self), 0);

  return self->reported_at;
}

void
pln_bridge_point_set_reported_at (PlnBridgePoint *self,
                                 gint64 reported_at)
{
  g_return_if_fail (PLN_IS_BRIDGE_POINT (self));

  if (self->reported_at == reported_at)
    return;
  self->reported_at = reported_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPORTED_AT]);
}

PlnLinkStatus
pln_bridge_point_get_link_status (PlnBridgePoint *self)
{
  g_return_val_if_fail (PLN_IS_BRIDGE_POINT (self), 0);

  return self->link_status;
}

void
pln_bridge_point_set_link_status (PlnBridgePoint *self,
                                 PlnLinkStatus link_status)
{
  g_return_if_fail (PLN_IS_BRIDGE_POINT (self));

  if (self->link_status == link_status)
    return;
  self->link_status = link_status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINK_STATUS]);
}

gint64
pln_bridge_point_get_link_since (PlnBridgePoint *self)
{
  g_return_val_if_fail (PLN_IS_BRIDGE_POINT (self), 0);

  return self->link_since;
}

void
pln_bridge_point_set_link_since (PlnBridgePoint *self,
                                gint64 link_since)
{
  g_return_if_fail (PLN_IS_BRIDGE_POINT (self));

  if (self->link_since == link_since)
    return;
  self->link_since = link_since;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINK_SINCE]);
}

gint64
pln_bridge_point_get_technician_id (PlnBridgePoint *self)
{
  g_return_val_if_fail (PLN_IS_BRIDGE_POINT (self), 0);

  return self->technician_id;
}

void
pln_bridge_point_set_technician_id (PlnBridgePoint *self,
                                   gint64 technician_id)
{
  g_return_if_fail (PLN_IS_BRIDGE_POINT (self));

  if (self->technician_id == technician_id)
    return;
  self->technician_id = technician_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TECHNICIAN_ID]);
}

const char *
pln_bridge_point_get_source_uri (PlnBridgePoint *self)
{
  g_return_val_if_fail (PLN_IS_BRIDGE_POINT (self), NULL);

  return self->source_uri;
}

void
pln_bridge_point_set_source_uri (PlnBridgePoint *self,
                                const char *source_uri)
{
  g_return_if_fail (PLN_IS_BRIDGE_POINT (self));

  if (g_strcmp0 (self->source_uri, source_uri ? source_uri : "") == 0)
    return;
  g_free (self->source_uri);
  self->source_uri = g_strdup (source_uri ? source_uri : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE_URI]);
}

const char *
pln_bridge_point_get_token (PlnBridgePoint *self)
{
  g_return_val_if_fail (PLN_IS_BRIDGE_POINT (self), NULL);

  return self->token;
}

void
pln_bridge_point_set_token (PlnBridgePoint *self,
                           const char *token)
{
  g_return_if_fail (PLN_IS_BRIDGE_POINT (self));

  if (g_strcmp0 (self->token, token ? token : "") == 0)
    return;
  g_free (self->token);
  self->token = g_strdup (token ? token : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKEN]);
}

const char *
pln_link_status_to_string (PlnLinkStatus status)
{
  g_return_val_if_fail (status <= PLN_LINK_STATUS_LOST, NULL);

  return status_words[status];
}

gboolean
pln_link_status_from_string (const char    *text,
                             PlnLinkStatus *status)
{
  for (guint i = 0; i < G_N_ELEMENTS (status_words); i++)
    if (text != NULL && g_ascii_strcasecmp (text, status_words[i]) == 0)
      {
        if (status != NULL)
          *status = (PlnLinkStatus) i;
        return TRUE;
      }
  return FALSE;
}

const char *
pln_link_status_get_label (PlnLinkStatus status)
{
  g_return_val_if_fail (status <= PLN_LINK_STATUS_LOST, NULL);

  return _(status_labels[status]);
}

char *
pln_bridge_point_dup_status_text (PlnBridgePoint *self)
{
  g_autofree char *since = NULL;

  g_return_val_if_fail (PLN_IS_BRIDGE_POINT (self), NULL);

  if (self->link_since == 0 || self->link_status == PLN_LINK_STATUS_WAITING)
    return g_strdup (pln_link_status_get_label (self->link_status));

  since = pln_format_local_time (self->link_since, "%H:%M");
  if (self->link_status == PLN_LINK_STATUS_CONNECTED)
    /* Translators: %s is a time of day, 07:58 */
    return g_strdup_printf (_("Connected since %s"), since);
  /* Translators: %s is a time of day, 08:42 */
  return g_strdup_printf (_("Lost since %s"), since);
}

char *
pln_format_duration (gint64 seconds)
{
  gint64 hours, minutes;

  if (seconds < 60)
    /* Translators: a duration in seconds, "30 s" */
    return g_strdup_printf (_("%d s"), (int) MAX (seconds, 0));

  hours = seconds / 3600;
  minutes = (seconds % 3600) / 60;
  if (hours == 0)
    /* Translators: a duration in minutes, "45 min" */
    return g_strdup_printf (_("%d min"), (int) minutes);
  /* Translators: a duration in hours and minutes, "2 h 10 min" */
  return g_strdup_printf (_("%d h %d min"), (int) hours, (int) minutes);
}
