/* pln-site.h: a place of the health network (department, unit, district health centre, commune station, village). */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The levels of the health network, from the top. "unit" is a provincial
 * unit (a centre or hospital of the department), beside the districts. */
typedef enum
{
  PLN_SITE_LEVEL_PROVINCE,
  PLN_SITE_LEVEL_UNIT,
  PLN_SITE_LEVEL_DISTRICT,
  PLN_SITE_LEVEL_COMMUNE,
  PLN_SITE_LEVEL_VILLAGE,
} PlnSiteLevel;

#define PLN_TYPE_SITE_LEVEL (pln_site_level_get_type ())
GType pln_site_level_get_type (void);

/* "province", "unit", "district", "commune", "village": the words the
 * database, the CSV files and the site rules use. */
const char *pln_site_level_to_string   (PlnSiteLevel  level);
gboolean    pln_site_level_from_string (const char   *text,
                                        PlnSiteLevel *level);
/* A translated name for people ("District", "Commune"…). */
const char *pln_site_level_get_label   (PlnSiteLevel  level);

#define PLN_TYPE_SITE (pln_site_get_type ())
G_DECLARE_FINAL_TYPE (PlnSite, pln_site, PLN, SITE, GObject)

PlnSite *pln_site_new (void);
gint64 pln_site_get_id (PlnSite *self);
void pln_site_set_id (PlnSite *self, gint64 id);
const char *pln_site_get_code (PlnSite *self);
void pln_site_set_code (PlnSite *self, const char *code);
const char *pln_site_get_name (PlnSite *self);
void pln_site_set_name (PlnSite *self, const char *name);
PlnSiteLevel pln_site_get_level (PlnSite *self);
void pln_site_set_level (PlnSite *self, PlnSiteLevel level);
gint64 pln_site_get_parent_id (PlnSite *self);
void pln_site_set_parent_id (PlnSite *self, gint64 parent_id);
gint64 pln_site_get_district_id (PlnSite *self);
void pln_site_set_district_id (PlnSite *self, gint64 district_id);
const char *pln_site_get_district_name (PlnSite *self);
void pln_site_set_district_name (PlnSite *self, const char *district_name);
const char *pln_site_get_address (PlnSite *self);
void pln_site_set_address (PlnSite *self, const char *address);
guint pln_site_get_n_children (PlnSite *self);
void pln_site_set_n_children (PlnSite *self, guint n_children);

G_END_DECLS
