/* pln-event.c: see pln-event.h. */
#define G_LOG_DOMAIN "plenary-event"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pln-event.h"

#include <string.h>

struct _PlnEvent
{
  GObject parent_instance;

  gint64 id;
  char *uid;
  PlnEventKind kind;
  char *title;
  char *description;
  gint64 starts_at;
  gint64 ends_at;
  gint64 host_site_id;
  char *host_site_name;
  int sequence;
  guint n_points;
  gint64 expected_total;
  gint64 reported_total;

  GListStore *agenda;
};

G_DEFINE_FINAL_TYPE (PlnEvent, pln_event, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_UID,
  PROP_KIND,
  PROP_TITLE,
  PROP_DESCRIPTION,
  PROP_STARTS_AT,
  PROP_ENDS_AT,
  PROP_HOST_SITE_ID,
  PROP_HOST_SITE_NAME,
  PROP_SEQUENCE,
  PROP_N_POINTS,
  PROP_EXPECTED_TOTAL,
  PROP_REPORTED_TOTAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_ENUM_TYPE (PlnEventKind, pln_event_kind,
  G_DEFINE_ENUM_VALUE (PLN_EVENT_KIND_CONFERENCE, "conference"),
  G_DEFINE_ENUM_VALUE (PLN_EVENT_KIND_TRAINING, "training"),
  G_DEFINE_ENUM_VALUE (PLN_EVENT_KIND_WORKSHOP, "workshop"))

static const char * const kind_words[] = {
  "conference", "training", "workshop",
};

static const char * const kind_labels[] = {
  N_("Conference"), N_("Training"), N_("Workshop"),
};

static void
pln_event_finalize (GObject *object)
{
  PlnEvent *self = (PlnEvent *)object;

  g_clear_pointer (&self->uid, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->host_site_name, g_free);
  g_clear_object (&self->agenda);

  G_OBJECT_CLASS (pln_event_parent_class)->finalize (object);
}

static void
pln_event_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  PlnEvent *self = PLN_EVENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_UID:
      g_value_set_string (value, self->uid);
      break;

    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;

    case PROP_STARTS_AT:
      g_value_set_int64 (value, self->starts_at);
      break;

    case PROP_ENDS_AT:
      g_value_set_int64 (value, self->ends_at);
      break;

    case PROP_HOST_SITE_ID:
      g_value_set_int64 (value, self->host_site_id);
      break;

    case PROP_HOST_SITE_NAME:
      g_value_set_string (value, self->host_site_name);
      break;

    case PROP_SEQUENCE:
      g_value_set_int (value, self->sequence);
      break;

    case PROP_N_POINTS:
      g_value_set_uint (value, self->n_points);
      break;

    case PROP_EXPECTED_TOTAL:
      g_value_set_int64 (value, self->expected_total);
      break;

    case PROP_REPORTED_TOTAL:
      g_value_set_int64 (value, self->reported_total);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pln_event_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  PlnEvent *self = PLN_EVENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      pln_event_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_UID:
      pln_event_set_uid (self, g_value_get_string (value));
      break;

    case PROP_KIND:
      pln_event_set_kind (self, (PlnEventKind) g_value_get_enum (value));
      break;

    case PROP_TITLE:
      pln_event_set_title (self, g_value_get_string (value));
      break;

    case PROP_DESCRIPTION:
      pln_event_set_description (self, g_value_get_string (value));
      break;

    case PROP_STARTS_AT:
      pln_event_set_starts_at (self, g_value_get_int64 (value));
      break;

    case PROP_ENDS_AT:
      pln_event_set_ends_at (self, g_value_get_int64 (value));
      break;

    case PROP_HOST_SITE_ID:
      pln_event_set_host_site_id (self, g_value_get_int64 (value));
      break;

    case PROP_HOST_SITE_NAME:
      pln_event_set_host_site_name (self, g_value_get_string (value));
      break;

    case PROP_SEQUENCE:
      pln_event_set_sequence (self, g_value_get_int (value));
      break;

    case PROP_N_POINTS:
      pln_event_set_n_points (self, g_value_get_uint (value));
      break;

    case PROP_EXPECTED_TOTAL:
      pln_event_set_expected_total (self, g_value_get_int64 (value));
      break;

    case PROP_REPORTED_TOTAL:
      pln_event_set_reported_total (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pln_event_class_init (PlnEventClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pln_event_finalize;
  object_class->get_property = pln_event_get_property;
  object_class->set_property = pln_event_set_property;

  /* row id in the store, 0 before it is stored */
  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* stable iCalendar UID; the store makes one when empty */
  properties[PROP_UID] =
    g_param_spec_string ("uid", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* conference, training or workshop */
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, PLN_TYPE_EVENT_KIND, PLN_EVENT_KIND_CONFERENCE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* title, with Vietnamese diacritics */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* free text, may be empty */
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* start in Unix seconds (UTC); shown in Asia/Ho_Chi_Minh */
  properties[PROP_STARTS_AT] =
    g_param_spec_int64 ("starts-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* end in Unix seconds (UTC), after the start */
  properties[PROP_ENDS_AT] =
    g_param_spec_int64 ("ends-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* the site the event is run from, 0 for none */
  properties[PROP_HOST_SITE_ID] =
    g_param_spec_int64 ("host-site-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* name of the host site (filled by the store) */
  properties[PROP_HOST_SITE_NAME] =
    g_param_spec_string ("host-site-name", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* iCalendar SEQUENCE, raised by the store on each update */
  properties[PROP_SEQUENCE] =
    g_param_spec_int ("sequence", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* number of bridge points (filled by the store) */
  properties[PROP_N_POINTS] =
    g_param_spec_uint ("n-points", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* sum of the points' expected head-counts (filled by the store) */
  properties[PROP_EXPECTED_TOTAL] =
    g_param_spec_int64 ("expected-total", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* sum of the points' reported head-counts (filled by the store) */
  properties[PROP_REPORTED_TOTAL] =
    g_param_spec_int64 ("reported-total", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pln_event_init (PlnEvent *self)
{
  self->uid = g_strdup ("");
  self->kind = PLN_EVENT_KIND_CONFERENCE;
  self->title = g_strdup ("");
  self->description = g_strdup ("");
  self->host_site_name = g_strdup ("");
  self->agenda = g_list_store_new (PLN_TYPE_AGENDA_ITEM);
}

PlnEvent *
pln_event_new (void)
{
  return g_object_new (PLN_TYPE_EVENT, NULL);
}

gint64
pln_event_get_id (PlnEvent *self)
{
  g_return_val_if_fail (PLN_IS_EVENT (self), 0);

  return self->id;
}

void
pln_event_set_id (PlnEvent *self,
                 gint64 id)
{
  g_return_if_fail (PLN_IS_EVENT (self));

  if (self->id == id)
    return;
  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
pln_event_get_uid (PlnEvent *self)
{
  g_return_val_if_fail (PLN_IS_EVENT (self), NULL);

  return self->uid;
}

void
pln_event_set_uid (PlnEvent *self,
                  const char *uid)
{
  g_return_if_fail (PLN_IS_EVENT (self));

  if (g_strcmp0 (self->uid, uid ? uid : "") == 0)
    return;
  g_free (self->uid);
  self->uid = g_strdup (uid ? uid : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UID]);
}

PlnEventKind
pln_event_get_kind (PlnEvent *self)
{
  g_return_val_if_fail (PLN_IS_EVENT (self), 0);

  return self->kind;
}

void
pln_event_set_kind (PlnEvent *self,
                   PlnEventKind kind)
{
  g_return_if_fail (PLN_IS_EVENT (self));

  if (self->kind == kind)
    return;
  self->kind = kind;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

const char *
pln_event_get_title (PlnEvent *self)
{
  g_return_val_if_fail (PLN_IS_EVENT (self), NULL);

  return self->title;
}

void
pln_event_set_title (PlnEvent *self,
                    const char *title)
{
  g_return_if_fail (PLN_IS_EVENT (self));

  if (g_strcmp0 (self->title, title ? title : "") == 0)
    return;
  g_free (self->title);
  self->title = g_strdup (title ? title : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
pln_event_get_description (PlnEvent *self)
{
  g_return_val_if_fail (PLN_IS_EVENT (self), NULL);

  return self->description;
}

void
pln_event_set_description (PlnEvent *self,
                          const char *description)
{
  g_return_if_fail (PLN_IS_EVENT (self));

  if (g_strcmp0 (self->description, description ? description : "") == 0)
    return;
  g_free (self->description);
  self->description = g_strdup (description ? description : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
}

gint64
pln_event_get_starts_at (PlnEvent *self)
{
  g_return_val_if_fail (PLN_IS_EVENT (self), 0);

  return self->starts_at;
}

void
pln_event_set_starts_at (PlnEvent *self,
                        gint64 starts_at)
{
  g_return_if_fail (PLN_IS_EVENT (self));

  if (self->starts_at == starts_at)
    return;
  self->starts_at = starts_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STARTS_AT]);
}

gint64
pln_event_get_ends_at (PlnEvent *self)
{
  g_return_val_if_fail (PLN_IS_EVENT (self), 0);

  return self->ends_at;
}

void
pln_event_set_ends_at (PlnEvent *self,
                      gint64 ends_at)
{
  g_return_if_fail (PLN_IS_EVENT (self));

  if (self->ends_at == ends_at)
    return;
  self->ends_at = ends_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENDS_AT]);
}

gint64
pln_event_get_host_site_id (PlnEvent *self)
{
  g_return_val_if_fail (PLN_IS_EVENT (self), 0);

  return self->host_site_id;
}

void
pln_event_set_host_site_id (PlnEvent *self,
                           gint64 host_site_id)
{
  g_return_if_fail (PLN_IS_EVENT (self));

  if (self->host_site_id == host_site_id)
    return;
  self->host_site_id = host_site_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOST_SITE_ID]);
}

const char *
pln_event_get_host_site_name (PlnEvent *self)
{
  g_return_val_if_fail (PLN_IS_EVENT (self), NULL);

  return self->host_site_name;
}

void
pln_event_set_host_site_name (PlnEvent *self,
                             const char *host_site_name)
{
  g_return_if_fail (PLN_IS_EVENT (self));

  if (g_strcmp0 (self->host_site_name, host_site_name ? host_site_name : "") == 0)
    return;
  g_free (self->host_site_name);
  self->host_site_name = g_strdup (host_site_name ? host_site_name : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOST_SITE_NAME]);
}

int
pln_event_get_sequence (PlnEvent *self)
{
  g_return_val_if_fail (PLN_IS_EVENT (self), 0);

  return self->sequence;
}

void
pln_event_set_sequence (PlnEvent *self,
                       int sequence)
{
  g_return_if_fail (PLN_IS_EVENT (self));

  if (self->sequence == sequence)
    return;
  self->sequence = sequence;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEQUENCE]);
}

guint
pln_event_get_n_points (PlnEvent *self)
{
  g_return_val_if_fail (PLN_IS_EVENT (self), 0);

  return self->n_points;
}

void
pln_event_set_n_points (PlnEvent *self,
                       guint n_points)
{
  g_return_if_fail (PLN_IS_EVENT (self));

  if (self->n_points == n_points)
    return;
  self->n_points = n_points;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_POINTS]);
}

gint64
pln_event_get_expected_total (PlnEvent *self)
{
  g_return_val_if_fail (PLN_IS_EVENT (self), 0);

  return self->expected_total;
}

void
pln_event_set_expected_total (PlnEvent *self,
                             gint64 expected_total)
{
  g_return_if_fail (PLN_IS_EVENT (self));

  if (self->expected_total == expected_total)
    return;
  self->expected_total = expected_total;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPECTED_TOTAL]);
}

gint64
pln_event_get_reported_total (PlnEvent *self)
{
  g_return_val_if_fail (PLN_IS_EVENT (self), 0);

  return self->reported_total;
}

void
pln_event_set_reported_total (PlnEvent *self,
                             gint64 reported_total)
{
  g_return_if_fail (PLN_IS_EVENT (self));

  if (self->reported_total == reported_total)
    return;
  self->reported_total = reported_total;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPORTED_TOTAL]);
}

const char *
pln_event_kind_to_string (PlnEventKind kind)
{
  g_return_val_if_fail (kind <= PLN_EVENT_KIND_WORKSHOP, NULL);

  return kind_words[kind];
}

gboolean
pln_event_kind_from_string (const char   *text,
                            PlnEventKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_words); i++)
    if (text != NULL && g_ascii_strcasecmp (text, kind_words[i]) == 0)
      {
        if (kind != NULL)
          *kind = (PlnEventKind) i;
        return TRUE;
      }
  return FALSE;
}

const char *
pln_event_kind_get_label (PlnEventKind kind)
{
  g_return_val_if_fail (kind <= PLN_EVENT_KIND_WORKSHOP, NULL);

  return _(kind_labels[kind]);
}

GListModel *
pln_event_get_agenda (PlnEvent *self)
{
  g_return_val_if_fail (PLN_IS_EVENT (self), NULL);

  return G_LIST_MODEL (self->agenda);
}

void
pln_event_append_agenda_item (PlnEvent      *self,
                              PlnAgendaItem *item)
{
  g_return_if_fail (PLN_IS_EVENT (self));
  g_return_if_fail (PLN_IS_AGENDA_ITEM (item));

  g_list_store_append (self->agenda, item);
}

void
pln_event_clear_agenda (PlnEvent *self)
{
  g_return_if_fail (PLN_IS_EVENT (self));

  g_list_store_remove_all (self->agenda);
}

GTimeZone *
pln_event_dup_time_zone (void)
{
  GTimeZone *tz = g_time_zone_new_identifier ("Asia/Ho_Chi_Minh");

  /* Without tzdata, the zone's fixed offset (no DST since 1975). */
  if (tz == NULL)
    tz = g_time_zone_new_offset (7 * 3600);
  return tz;
}

char *
pln_format_local_time (gint64      unix_seconds,
                       const char *format)
{
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (unix_seconds == 0)
    return g_strdup ("");

  tz = pln_event_dup_time_zone ();
  utc = g_date_time_new_from_unix_utc (unix_seconds);
  if (utc == NULL)
    return g_strdup ("");
  local = g_date_time_to_timezone (utc, tz);
  return g_date_time_format (local, format);
}

gboolean
pln_parse_local_time (const char  *text,
                      gint64      *unix_seconds,
                      GError     **error)
{
  g_autoptr(GTimeZone) tz = pln_event_dup_time_zone ();
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *fixed = NULL;

  if (text == NULL || *text == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("A time is missing. Write it as 2022-11-10T08:00 (Asia/Ho_Chi_Minh) or with an offset, 2022-11-10T08:00+07:00."));
      return FALSE;
    }

  fixed = g_strstrip (g_strdup (text));
  /* "2022-11-10 08:00" is what people type: read the space as the T. */
  if (strlen (fixed) > 10 && fixed[10] == ' ')
    fixed[10] = 'T';

  dt = g_date_time_new_from_iso8601 (fixed, tz);
  if (dt == NULL)
    {
      /* A date and hour:minute without seconds. */
      g_autofree char *with_seconds = NULL;
      gsize len = strlen (fixed);

      if (len >= 16 && fixed[10] == 'T' && fixed[13] == ':' &&
          (len == 16 || fixed[16] != ':'))
        {
          with_seconds = g_strdup_printf ("%.16s:00%s", fixed, fixed + 16);
          dt = g_date_time_new_from_iso8601 (with_seconds, tz);
        }
    }
  if (dt == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a time Plenary understands. Write it as 2022-11-10T08:00 (Asia/Ho_Chi_Minh) or with an offset, 2022-11-10T08:00+07:00."),
                   text);
      return FALSE;
    }

  if (unix_seconds != NULL)
    *unix_seconds = g_date_time_to_unix (dt);
  return TRUE;
}
