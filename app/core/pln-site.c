/* pln-site.c: see pln-site.h. */
#define G_LOG_DOMAIN "plenary-site"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pln-site.h"

struct _PlnSite
{
  GObject parent_instance;

  gint64 id;
  char *code;
  char *name;
  PlnSiteLevel level;
  gint64 parent_id;
  gint64 district_id;
  char *district_name;
  char *address;
  guint n_children;
};

G_DEFINE_FINAL_TYPE (PlnSite, pln_site, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_CODE,
  PROP_NAME,
  PROP_LEVEL,
  PROP_PARENT_ID,
  PROP_DISTRICT_ID,
  PROP_DISTRICT_NAME,
  PROP_ADDRESS,
  PROP_N_CHILDREN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_ENUM_TYPE (PlnSiteLevel, pln_site_level,
  G_DEFINE_ENUM_VALUE (PLN_SITE_LEVEL_PROVINCE, "province"),
  G_DEFINE_ENUM_VALUE (PLN_SITE_LEVEL_UNIT, "unit"),
  G_DEFINE_ENUM_VALUE (PLN_SITE_LEVEL_DISTRICT, "district"),
  G_DEFINE_ENUM_VALUE (PLN_SITE_LEVEL_COMMUNE, "commune"),
  G_DEFINE_ENUM_VALUE (PLN_SITE_LEVEL_VILLAGE, "village"))

static const char * const level_words[] = {
  "province", "unit", "district", "commune", "village",
};

/* "unit" covers provincial units and the district health offices alike,
 * so its label names neither level. */
static const char * const level_labels[] = {
  N_("Province"), N_("Unit"), N_("District"), N_("Commune"), N_("Village"),
};

static void
pln_site_finalize (GObject *object)
{
  PlnSite *self = (PlnSite *)object;

  g_clear_pointer (&self->code, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->district_name, g_free);
  g_clear_pointer (&self->address, g_free);

  G_OBJECT_CLASS (pln_site_parent_class)->finalize (object);
}

static void
pln_site_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  PlnSite *self = PLN_SITE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_LEVEL:
      g_value_set_enum (value, self->level);
      break;

    case PROP_PARENT_ID:
      g_value_set_int64 (value, self->parent_id);
      break;

    case PROP_DISTRICT_ID:
      g_value_set_int64 (value, self->district_id);
      break;

    case PROP_DISTRICT_NAME:
      g_value_set_string (value, self->district_name);
      break;

    case PROP_ADDRESS:
      g_value_set_string (value, self->address);
      break;

    case PROP_N_CHILDREN:
      g_value_set_uint (value, self->n_children);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pln_site_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  PlnSite *self = PLN_SITE (object);

  switch (prop_id)
    {
    case PROP_ID:
      pln_site_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_CODE:
      pln_site_set_code (self, g_value_get_string (value));
      break;

    case PROP_NAME:
      pln_site_set_name (self, g_value_get_string (value));
      break;

    case PROP_LEVEL:
      pln_site_set_level (self, (PlnSiteLevel) g_value_get_enum (value));
      break;

    case PROP_PARENT_ID:
      pln_site_set_parent_id (self, g_value_get_int64 (value));
      break;

    case PROP_DISTRICT_ID:
      pln_site_set_district_id (self, g_value_get_int64 (value));
      break;

    case PROP_DISTRICT_NAME:
      pln_site_set_district_name (self, g_value_get_string (value));
      break;

    case PROP_ADDRESS:
      pln_site_set_address (self, g_value_get_string (value));
      break;

    case PROP_N_CHILDREN:
      pln_site_set_n_children (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pln_site_class_init (PlnSiteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pln_site_finalize;
  object_class->get_property = pln_site_get_property;
  object_class->set_property = pln_site_set_property;

  /* row id in the store, 0 before it is stored */
  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* unique code, e.g. "QN-TTYT-HL" */
  properties[PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* name as people write it, with Vietnamese diacritics */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* level in the network */
  properties[PROP_LEVEL] =
    g_param_spec_enum ("level", NULL, NULL, PLN_TYPE_SITE_LEVEL, PLN_SITE_LEVEL_COMMUNE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* the site above, 0 for a root */
  properties[PROP_PARENT_ID] =
    g_param_spec_int64 ("parent-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* the district-level site it lies in (itself for a district), 0 above district level */
  properties[PROP_DISTRICT_ID] =
    g_param_spec_int64 ("district-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* name of that district site, "" above district level */
  properties[PROP_DISTRICT_NAME] =
    g_param_spec_string ("district-name", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* postal address, may be empty */
  properties[PROP_ADDRESS] =
    g_param_spec_string ("address", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* how many sites lie directly under it (for tree expanders) */
  properties[PROP_N_CHILDREN] =
    g_param_spec_uint ("n-children", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pln_site_init (PlnSite *self)
{
  self->code = g_strdup ("");
  self->name = g_strdup ("");
  self->level = PLN_SITE_LEVEL_COMMUNE;
  self->district_name = g_strdup ("");
  self->address = g_strdup ("");
}

PlnSite *
pln_site_new (void)
{
  return g_object_new (PLN_TYPE_SITE, NULL);
}

gint64
pln_site_get_id (PlnSite *self)
{
  g_return_val_if_fail (PLN_IS_SITE (self), 0);

  return self->id;
}

void
pln_site_set_id (PlnSite *self,
                gint64 id)
{
  g_return_if_fail (PLN_IS_SITE (self));

  if (self->id == id)
    return;
  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
pln_site_get_code (PlnSite *self)
{
  g_return_val_if_fail (PLN_IS_SITE (self), NULL);

  return self->code;
}

void
pln_site_set_code (PlnSite *self,
                  const char *code)
{
  g_return_if_fail (PLN_IS_SITE (self));

  if (g_strcmp0 (self->code, code ? code : "") == 0)
    return;
  g_free (self->code);
  self->code = g_strdup (code ? code : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CODE]);
}

const char *
pln_site_get_name (PlnSite *self)
{
  g_return_val_if_fail (PLN_IS_SITE (self), NULL);

  return self->name;
}

void
pln_site_set_name (PlnSite *self,
                  const char *name)
{
  g_return_if_fail (PLN_IS_SITE (self));

  if (g_strcmp0 (self->name, name ? name : "") == 0)
    return;
  g_free (self->name);
  self->name = g_strdup (name ? name : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

PlnSiteLevel
pln_site_get_level (PlnSite *self)
{
  g_return_val_if_fail (PLN_IS_SITE (self), 0);

  return self->level;
}

void
pln_site_set_level (PlnSite *self,
                   PlnSiteLevel level)
{
  g_return_if_fail (PLN_IS_SITE (self));

  if (self->level == level)
    return;
  self->level = level;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEVEL]);
}

gint64
pln_site_get_parent_id (PlnSite *self)
{
  g_return_val_if_fail (PLN_IS_SITE (self), 0);

  return self->parent_id;
}

void
pln_site_set_parent_id (PlnSite *self,
                       gint64 parent_id)
{
  g_return_if_fail (PLN_IS_SITE (self));

  if (self->parent_id == parent_id)
    return;
  self->parent_id = parent_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PARENT_ID]);
}

gint64
pln_site_get_district_id (PlnSite *self)
{
  g_return_val_if_fail (PLN_IS_SITE (self), 0);

  return self->district_id;
}

void
pln_site_set_district_id (PlnSite *self,
                         gint64 district_id)
{
  g_return_if_fail (PLN_IS_SITE (self));

  if (self->district_id == district_id)
    return;
  self->district_id = district_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISTRICT_ID]);
}

const char *
pln_site_get_district_name (PlnSite *self)
{
  g_return_val_if_fail (PLN_IS_SITE (self), NULL);

  return self->district_name;
}

void
pln_site_set_district_name (PlnSite *self,
                           const char *district_name)
{
  g_return_if_fail (PLN_IS_SITE (self));

  if (g_strcmp0 (self->district_name, district_name ? district_name : "") == 0)
    return;
  g_free (self->district_name);
  self->district_name = g_strdup (district_name ? district_name : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISTRICT_NAME]);
}

const char *
pln_site_get_address (PlnSite *self)
{
  g_return_val_if_fail (PLN_IS_SITE (self), NULL);

  return self->address;
}

void
pln_site_set_address (PlnSite *self,
                     const char *address)
{
  g_return_if_fail (PLN_IS_SITE (self));

  if (g_strcmp0 (self->address, address ? address : "") == 0)
    return;
  g_free (self->address);
  self->address = g_strdup (address ? address : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ADDRESS]);
}

guint
pln_site_get_n_children (PlnSite *self)
{
  g_return_val_if_fail (PLN_IS_SITE (self), 0);

  return self->n_children;
}

void
pln_site_set_n_children (PlnSite *self,
                        guint n_children)
{
  g_return_if_fail (PLN_IS_SITE (self));

  if (self->n_children == n_children)
    return;
  self->n_children = n_children;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CHILDREN]);
}

const char *
pln_site_level_to_string (PlnSiteLevel level)
{
  g_return_val_if_fail (level <= PLN_SITE_LEVEL_VILLAGE, NULL);

  return level_words[level];
}

gboolean
pln_site_level_from_string (const char   *text,
                            PlnSiteLevel *level)
{
  for (guint i = 0; i < G_N_ELEMENTS (level_words); i++)
    if (text != NULL && g_ascii_strcasecmp (text, level_words[i]) == 0)
      {
        if (level != NULL)
          *level = (PlnSiteLevel) i;
        return TRUE;
      }
  return FALSE;
}

const char *
pln_site_level_get_label (PlnSiteLevel level)
{
  g_return_val_if_fail (level <= PLN_SITE_LEVEL_VILLAGE, NULL);

  return _(level_labels[level]);
}
