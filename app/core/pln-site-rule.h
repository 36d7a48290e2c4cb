/* pln-site-rule.h: the one syntax for choosing sites, shared by the CLI
 * (`plenary points add EVENT RULE`) and the event editor.
 *
 *   level=commune district="Ba Chẽ,Tiên Yên"
 *   under=QN-TTYT-HL            the site with that code and all below it
 *   codes=A,B,C                 exactly these sites
 *   level=district              every district health centre
 *
 * Terms are KEY=VALUE separated by spaces and combine with AND. A value is a
 * comma-separated list (any item may match); double quotes keep spaces in a
 * value. Keys: level (province, unit, district, commune, village), district
 * (district sites by name or code, case- and diacritic-insensitive), under
 * (site codes), codes (site codes). A rule chooses sites; applying it stores
 * the points, not the rule. */
#pragma once

#include <gio/gio.h>

#include "pln-store.h"

G_BEGIN_DECLS

#define PLN_SITE_RULE_ERROR (pln_site_rule_error_quark ())

typedef enum
{
  PLN_SITE_RULE_ERROR_SYNTAX,      /* a term is not KEY=VALUE, quotes unclosed, empty */
  PLN_SITE_RULE_ERROR_UNKNOWN_KEY, /* KEY is not one of the keys */
  PLN_SITE_RULE_ERROR_BAD_VALUE,   /* e.g. level=town */
  PLN_SITE_RULE_ERROR_NO_SUCH_SITE,/* expansion: a code or district does not exist */
} PlnSiteRuleError;

typedef struct _PlnSiteRule PlnSiteRule;

#define PLN_TYPE_SITE_RULE (pln_site_rule_get_type ())
GType        pln_site_rule_get_type    (void);
GQuark       pln_site_rule_error_quark (void);

/* Returns (transfer full) the rule, or NULL with @error naming the bad term. */
PlnSiteRule *pln_site_rule_parse       (const char   *text,
                                        GError      **error);
PlnSiteRule *pln_site_rule_ref         (PlnSiteRule  *rule);
void         pln_site_rule_unref       (PlnSiteRule  *rule);
/* The rule written back in its canonical form (keys in a fixed order). */
char        *pln_site_rule_to_string   (PlnSiteRule  *rule);
/* Returns (transfer full) the ids (gint64) of the sites the rule chooses,
 * ordered by level then code, or NULL with @error set (e.g. a district or
 * code that does not exist). An empty array is not an error. */
GArray      *pln_site_rule_expand      (PlnSiteRule  *rule,
                                        PlnStore     *store,
                                        GError      **error);
/* Folds case and strips Vietnamese diacritics ("Ba Chẽ" → "ba che",
 * "Đầm Hà" → "dam ha") for matching names. */
char        *pln_fold_name             (const char   *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlnSiteRule, pln_site_rule_unref)

G_END_DECLS
