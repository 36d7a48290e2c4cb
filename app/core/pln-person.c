/* pln-person.c: see pln-person.h. */
#define G_LOG_DOMAIN "plenary-person"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pln-person.h"

struct _PlnPerson
{
  GObject parent_instance;

  gint64 id;
  char *staff_number;
  char *name;
  char *title;
  gint64 site_id;
  char *site_name;
  char *phone;
  char *email;
  char *signin_code;
};

G_DEFINE_FINAL_TYPE (PlnPerson, pln_person, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_STAFF_NUMBER,
  PROP_NAME,
  PROP_TITLE,
  PROP_SITE_ID,
  PROP_SITE_NAME,
  PROP_PHONE,
  PROP_EMAIL,
  PROP_SIGNIN_CODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pln_person_finalize (GObject *object)
{
  PlnPerson *self = (PlnPerson *)object;

  g_clear_pointer (&self->staff_number, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->site_name, g_free);
  g_clear_pointer (&self->phone, g_free);
  g_clear_pointer (&self->email, g_free);
  g_clear_pointer (&self->signin_code, g_free);

  G_OBJECT_CLASS (pln_person_parent_class)->finalize (object);
}

static void
pln_person_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PlnPerson *self = PLN_PERSON (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_STAFF_NUMBER:
      g_value_set_string (value, self->staff_number);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_SITE_ID:
      g_value_set_int64 (value, self->site_id);
      break;

    case PROP_SITE_NAME:
      g_value_set_string (value, self->site_name);
      break;

    case PROP_PHONE:
      g_value_set_string (value, self->phone);
      break;

    case PROP_EMAIL:
      g_value_set_string (value, self->email);
      break;

    case PROP_SIGNIN_CODE:
      g_value_set_string (value, self->signin_code);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pln_person_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  PlnPerson *self = PLN_PERSON (object);

  switch (prop_id)
    {
    case PROP_ID:
      pln_person_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_STAFF_NUMBER:
      pln_person_set_staff_number (self, g_value_get_string (value));
      break;

    case PROP_NAME:
      pln_person_set_name (self, g_value_get_string (value));
      break;

    case PROP_TITLE:
      pln_person_set_title (self, g_value_get_string (value));
      break;

    case PROP_SITE_ID:
      pln_person_set_site_id (self, g_value_get_int64 (value));
      break;

    case PROP_SITE_NAME:
      pln_person_set_site_name (self, g_value_get_string (value));
      break;

    case PROP_PHONE:
      pln_person_set_phone (self, g_value_get_string (value));
      break;

    case PROP_EMAIL:
      pln_person_set_email (self, g_value_get_string (value));
      break;

    case PROP_SIGNIN_CODE:
      pln_person_set_signin_code (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pln_person_class_init (PlnPersonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pln_person_finalize;
  object_class->get_property = pln_person_get_property;
  object_class->set_property = pln_person_set_property;

  /* row id in the store, 0 before it is stored */
  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* unique staff number */
  properties[PROP_STAFF_NUMBER] =
    g_param_spec_string ("staff-number", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* full name, with Vietnamese diacritics */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* title or role, e.g. "Trưởng trạm" */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* the site the person belongs to */
  properties[PROP_SITE_ID] =
    g_param_spec_int64 ("site-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* name of that site (filled by the store) */
  properties[PROP_SITE_NAME] =
    g_param_spec_string ("site-name", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* phone number, may be empty */
  properties[PROP_PHONE] =
    g_param_spec_string ("phone", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* e-mail address, may be empty */
  properties[PROP_EMAIL] =
    g_param_spec_string ("email", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* the personal secret typed into the portal; never show it without being asked */
  properties[PROP_SIGNIN_CODE] =
    g_param_spec_string ("signin-code", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pln_person_init (PlnPerson *self)
{
  self->staff_number = g_strdup ("");
  self->name = g_strdup ("");
  self->title = g_strdup ("");
  self->site_name = g_strdup ("");
  self->phone = g_strdup ("");
  self->email = g_strdup ("");
  self->signin_code = g_strdup ("");
}

PlnPerson *
pln_person_new (void)
{
  return g_object_new (PLN_TYPE_PERSON, NULL);
}

gint64
pln_person_get_id (PlnPerson *self)
{
  g_return_val_if_fail (PLN_IS_PERSON (self), 0);

  return self->id;
}

void
pln_person_set_id (PlnPerson *self,
                  gint64 id)
{
  g_return_if_fail (PLN_IS_PERSON (self));

  if (self->id == id)
    return;
  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
pln_person_get_staff_number (PlnPerson *self)
{
  g_return_val_if_fail (PLN_IS_PERSON (self), NULL);

  return self->staff_number;
}

void
pln_person_set_staff_number (PlnPerson *self,
                            const char *staff_number)
{
  g_return_if_fail (PLN_IS_PERSON (self));

  if (g_strcmp0 (self->staff_number, staff_number ? staff_number : "") == 0)
    return;
  g_free (self->staff_number);
  self->staff_number = g_strdup (staff_number ? staff_number : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STAFF_NUMBER]);
}

const char *
pln_person_get_name (PlnPerson *self)
{
  g_return_val_if_fail (PLN_IS_PERSON (self), NULL);

  return self->name;
}

void
pln_person_set_name (PlnPerson *self,
                    const char *name)
{
  g_return_if_fail (PLN_IS_PERSON (self));

  if (g_strcmp0 (self->name, name ? name : "") == 0)
    return;
  g_free (self->name);
  self->name = g_strdup (name ? name : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

const char *
pln_person_get_title (PlnPerson *self)
{
  g_return_val_if_fail (PLN_IS_PERSON (self), NULL);

  return self->title;
}

void
pln_person_set_title (PlnPerson *self,
                     const char *title)
{
  g_return_if_fail (PLN_IS_PERSON (self));

  if (g_strcmp0 (self->title, title ? title : "") == 0)
    return;
  g_free (self->title);
  self->title = g_strdup (title ? title : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

gint64
pln_person_get_site_id (PlnPerson *self)
{
  g_return_val_if_fail (PLN_IS_PERSON (self), 0);

  return self->site_id;
}

void
pln_person_set_site_id (PlnPerson *self,
                       gint64 site_id)
{
  g_return_if_fail (PLN_IS_PERSON (self));

  if (self->site_id == site_id)
    return;
  self->site_id = site_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SITE_ID]);
}

const char *
pln_person_get_site_name (PlnPerson *self)
{
  g_return_val_if_fail (PLN_IS_PERSON (self), NULL);

  return self->site_name;
}

void
pln_person_set_site_name (PlnPerson *self,
                         const char *site_name)
{
  g_return_if_fail (PLN_IS_PERSON (self));

  if (g_strcmp0 (self->site_name, site_name ? site_name : "") == 0)
    return;
  g_free (self->site_name);
  self->site_name = g_strdup (site_name ? site_name : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SITE_NAME]);
}

const char *
pln_person_get_phone (PlnPerson *self)
{
  g_return_val_if_fail (PLN_IS_PERSON (self), NULL);

  return self->phone;
}

void
pln_person_set_phone (PlnPerson *self,
                     const char *phone)
{
  g_return_if_fail (PLN_IS_PERSON (self));

  if (g_strcmp0 (self->phone, phone ? phone : "") == 0)
    return;
  g_free (self->phone);
  self->phone = g_strdup (phone ? phone : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHONE]);
}

const char *
pln_person_get_email (PlnPerson *self)
{
  g_return_val_if_fail (PLN_IS_PERSON (self), NULL);

  return self->email;
}

void
pln_person_set_email (PlnPerson *self,
                     const char *email)
{
  g_return_if_fail (PLN_IS_PERSON (self));

  if (g_strcmp0 (self->email, email ? email : "") == 0)
    return;
  g_free (self->email);
  self->email = g_strdup (email ? email : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMAIL]);
}

const char *
pln_person_get_signin_code (PlnPerson *self)
{
  g_return_val_if_fail (PLN_IS_PERSON (self), NULL);

  return self->signin_code;
}

void
pln_person_set_signin_code (PlnPerson *self,
                           const char *signin_code)
{
  g_return_if_fail (PLN_IS_PERSON (self));

  if (g_strcmp0 (self->signin_code, signin_code ? signin_code : "") == 0)
    return;
  g_free (self->signin_code);
  self->signin_code = g_strdup (signin_code ? signin_code : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNIN_CODE]);
}
