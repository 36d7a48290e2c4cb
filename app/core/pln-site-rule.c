/* pln-site-rule.c: see pln-site-rule.h. */
#define G_LOG_DOMAIN "plenary-site-rule"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pln-site-rule.h"
#include "pln-store-private.h"
#include "pln-store-rows.h"

typedef enum
{
  KEY_LEVEL,
  KEY_DISTRICT,
  KEY_UNDER,
  KEY_CODES,
} RuleKey;

static const char * const key_words[] = { "level", "district", "under", "codes" };

typedef struct
{
  RuleKey   key;
  char    **values;
} Term;

struct _PlnSiteRule
{
  gatomicrefcount  ref_count;
  GArray          *terms;   /* Term */
};

G_DEFINE_BOXED_TYPE (PlnSiteRule, pln_site_rule, pln_site_rule_ref, pln_site_rule_unref)
G_DEFINE_QUARK (pln-site-rule-error-quark, pln_site_rule_error)

static void
clear_term (gpointer data)
{
  Term *term = data;

  g_clear_pointer (&term->values, g_strfreev);
}

PlnSiteRule *
pln_site_rule_ref (PlnSiteRule *rule)
{
  g_return_val_if_fail (rule != NULL, NULL);

  g_atomic_ref_count_inc (&rule->ref_count);
  return rule;
}

void
pln_site_rule_unref (PlnSiteRule *rule)
{
  g_return_if_fail (rule != NULL);

  if (g_atomic_ref_count_dec (&rule->ref_count))
    {
      g_array_unref (rule->terms);
      g_free (rule);
    }
}

char *
pln_fold_name (const char *text)
{
  g_autofree char *decomposed = NULL;
  g_autofree char *folded = NULL;
  GString *out;
  gboolean space = FALSE;

  g_return_val_if_fail (text != NULL, NULL);

  decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFD);
  if (decomposed == NULL)
    return g_strdup ("");

  out = g_string_new ("");
  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_ismark (c))
        continue;
      if (c == 0x0111 || c == 0x0110)  /* đ, Đ do not decompose */
        c = 'd';
      if (g_unichar_isspace (c))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, c);
    }

  folded = g_string_free (out, FALSE);
  return g_utf8_casefold (folded, -1);
}

/* Splits "a, b ,c" into trimmed, non-empty items. */
static char **
split_values (const char *value)
{
  g_auto(GStrv) parts = g_strsplit (value, ",", -1);
  GPtrArray *items = g_ptr_array_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *item = g_strstrip (g_strdup (parts[i]));

      if (*item == '\0')
        g_free (item);
      else
        g_ptr_array_add (items, item);
    }
  g_ptr_array_add (items, NULL);
  return (char **) g_ptr_array_free (items, FALSE);
}

PlnSiteRule *
pln_site_rule_parse (const char  *text,
                     GError     **error)
{
  g_autoptr(PlnSiteRule) rule = NULL;
  const char *p;

  g_return_val_if_fail (text != NULL, NULL);

  rule = g_new0 (PlnSiteRule, 1);
  g_atomic_ref_count_init (&rule->ref_count);
  rule->terms = g_array_new (FALSE, TRUE, sizeof (Term));
  g_array_set_clear_func (rule->terms, clear_term);

  p = text;
  for (;;)
    {
      const char *term_start;
      const char *eq;
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;
      Term term = { 0 };
      gboolean known = FALSE;

      while (g_ascii_isspace (*p))
        p++;
      if (*p == '\0')
        break;

      term_start = p;
      eq = p;
      while (*eq != '\0' && *eq != '=' && !g_ascii_isspace (*eq))
        eq++;
      if (*eq != '=')
        {
          g_autofree char *word = g_strndup (term_start, eq - term_start);
          g_set_error (error, PLN_SITE_RULE_ERROR, PLN_SITE_RULE_ERROR_SYNTAX,
                       _("“%s” is not a term of a site rule: write KEY=VALUE, e.g. level=commune or district=\"Ba Chẽ\"."),
                       word);
          return NULL;
        }
      key = g_ascii_strdown (term_start, eq - term_start);
      p = eq + 1;

      if (*p == '"')
        {
          const char *close = strchr (p + 1, '"');
          if (close == NULL)
            {
              g_set_error (error, PLN_SITE_RULE_ERROR, PLN_SITE_RULE_ERROR_SYNTAX,
                           _("The term “%s” opens a quote it does not close."), term_start);
              return NULL;
            }
          value = g_strndup (p + 1, close - p - 1);
          p = close + 1;
          if (*p != '\0' && !g_ascii_isspace (*p))
            {
              g_autofree char *whole = g_strndup (term_start, strcspn (term_start, " \t\n"));
              g_set_error (error, PLN_SITE_RULE_ERROR, PLN_SITE_RULE_ERROR_SYNTAX,
                           _("The term “%s” goes on after its closing quote; put a space between terms."),
                           whole);
              return NULL;
            }
        }
      else
        {
          const char *end = p;
          while (*end != '\0' && !g_ascii_isspace (*end))
            end++;
          value = g_strndup (p, end - p);
          p = end;
        }

      for (guint k = 0; k < G_N_ELEMENTS (key_words); k++)
        if (g_str_equal (key, key_words[k]))
          {
            term.key = (RuleKey) k;
            known = TRUE;
          }
      if (!known)
        {
          g_set_error (error, PLN_SITE_RULE_ERROR, PLN_SITE_RULE_ERROR_UNKNOWN_KEY,
                       _("“%s” in the term “%s=%s” is not a key of a site rule; the keys are level, district, under and codes."),
                       key, key, value);
          return NULL;
        }

      term.values = split_values (value);
      if (term.values[0] == NULL)
        {
          g_set_error (error, PLN_SITE_RULE_ERROR, PLN_SITE_RULE_ERROR_SYNTAX,
                       _("The term “%s=” has no value."), key);
          g_strfreev (term.values);
          return NULL;
        }

      for (guint i = 0; term.key == KEY_LEVEL && term.values[i] != NULL; i++)
        {
          char *lower;

          if (!pln_site_level_from_string (term.values[i], NULL))
            {
              g_set_error (error, PLN_SITE_RULE_ERROR, PLN_SITE_RULE_ERROR_BAD_VALUE,
                           _("“%s” in the term “level=%s” is not a level; the levels are province, unit, district, commune and village."),
                           term.values[i], value);
              g_strfreev (term.values);
              return NULL;
            }
          lower = g_ascii_strdown (term.values[i], -1);
          g_free (term.values[i]);
          term.values[i] = lower;
        }

      g_array_append_val (rule->terms, term);
    }

  if (rule->terms->len == 0)
    {
      g_set_error (error, PLN_SITE_RULE_ERROR, PLN_SITE_RULE_ERROR_SYNTAX,
                   _("The site rule is empty. Write e.g. level=district, or under=CODE, or codes=A,B."));
      return NULL;
    }

  return g_steal_pointer (&rule);
}

char *
pln_site_rule_to_string (PlnSiteRule *rule)
{
  GString *out;

  g_return_val_if_fail (rule != NULL, NULL);

  out = g_string_new ("");
  for (guint k = 0; k < G_N_ELEMENTS (key_words); k++)
    for (guint i = 0; i < rule->terms->len; i++)
      {
        Term *term = &g_array_index (rule->terms, Term, i);
        g_autofree char *joined = NULL;

        if (term->key != (RuleKey) k)
          continue;
        joined = g_strjoinv (",", term->values);
        if (out->len > 0)
          g_string_append_c (out, ' ');
        if (strpbrk (joined, " \t") != NULL)
          g_string_append_printf (out, "%s=\"%s\"", key_words[k], joined);
        else
          g_string_append_printf (out, "%s=%s", key_words[k], joined);
      }
  return g_string_free (out, FALSE);
}

/* Appends the ids of the sites with the codes in @values, comma-separated. */
static gboolean
resolve_codes (PlnStore     *store,
               char        **values,
               GString      *ids,
               GError      **error)
{
  for (guint i = 0; values[i] != NULL; i++)
    {
      g_autoptr(PlnSite) site = pln_store_find_site_by_code (store, values[i], NULL);

      if (site == NULL)
        {
          g_set_error (error, PLN_SITE_RULE_ERROR, PLN_SITE_RULE_ERROR_NO_SUCH_SITE,
                       _("There is no site with the code “%s”. “plenary sites list” shows the codes."),
                       values[i]);
          return FALSE;
        }
      g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, ids->len > 0 ? "," : "", pln_site_get_id (site));
    }
  return TRUE;
}

static gboolean
resolve_districts (PlnStore     *store,
                   char        **values,
                   GString      *ids,
                   GError      **error)
{
  g_autoptr(GPtrArray) districts = NULL;

  districts = _pln_rows_select (_pln_store_get_db (store), PLN_ROW_SITE,
                                "WHERE s.level = 'district' ORDER BY s.code", 0, NULL, error);
  if (districts == NULL)
    return FALSE;

  for (guint i = 0; values[i] != NULL; i++)
    {
      g_autofree char *wanted = pln_fold_name (values[i]);
      g_autofree char *suffix = g_strconcat (" ", wanted, NULL);
      g_autoptr(GPtrArray) near = g_ptr_array_new ();
      PlnSite *found = NULL;

      for (guint d = 0; d < districts->len && found == NULL; d++)
        {
          PlnSite *site = g_ptr_array_index (districts, d);
          g_autofree char *name = pln_fold_name (pln_site_get_name (site));

          if (g_ascii_strcasecmp (pln_site_get_code (site), values[i]) == 0 ||
              g_str_equal (name, wanted))
            found = site;
          else if (g_str_has_suffix (name, suffix))
            g_ptr_array_add (near, site);
        }

      if (found == NULL && near->len == 1)
        found = g_ptr_array_index (near, 0);

      if (found == NULL && near->len > 1)
        {
          g_autoptr(GString) names = g_string_new ("");
          for (guint n = 0; n < near->len; n++)
            g_string_append_printf (names, "%s%s (%s)", n > 0 ? ", " : "",
                                    pln_site_get_name (g_ptr_array_index (near, n)),
                                    pln_site_get_code (g_ptr_array_index (near, n)));
          g_set_error (error, PLN_SITE_RULE_ERROR, PLN_SITE_RULE_ERROR_NO_SUCH_SITE,
                       _("The district “%s” could be %s. Write its code instead."),
                       values[i], names->str);
          return FALSE;
        }
      if (found == NULL)
        {
          g_set_error (error, PLN_SITE_RULE_ERROR, PLN_SITE_RULE_ERROR_NO_SUCH_SITE,
                       _("There is no district “%s”. Write a district's name or code; “plenary sites list” shows them."),
                       values[i]);
          return FALSE;
        }
      g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, ids->len > 0 ? "," : "", pln_site_get_id (found));
    }
  return TRUE;
}

GArray *
pln_site_rule_expand (PlnSiteRule  *rule,
                      PlnStore     *store,
                      GError      **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT s.id FROM sites s WHERE 1");
  g_autoptr(GArray) result = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (rule != NULL, NULL);
  g_return_val_if_fail (PLN_IS_STORE (store), NULL);

  for (guint i = 0; i < rule->terms->len; i++)
    {
      Term *term = &g_array_index (rule->terms, Term, i);
      g_autoptr(GString) ids = g_string_new ("");

      switch (term->key)
        {
        case KEY_LEVEL:
          g_string_append (sql, " AND s.level IN (");
          for (guint v = 0; term->values[v] != NULL; v++)
            /* Validated words: no quoting needed. */
            g_string_append_printf (sql, "%s'%s'", v > 0 ? "," : "", term->values[v]);
          g_string_append (sql, ")");
          break;

        case KEY_CODES:
          if (!resolve_codes (store, term->values, ids, error))
            return NULL;
          g_string_append_printf (sql, " AND s.id IN (%s)", ids->str);
          break;

        case KEY_UNDER:
          if (!resolve_codes (store, term->values, ids, error))
            return NULL;
          g_string_append_printf (sql,
                                  " AND s.id IN (WITH RECURSIVE below (id) AS ("
                                  "SELECT id FROM sites WHERE id IN (%s) "
                                  "UNION SELECT c.id FROM sites c JOIN below ON c.parent_id = below.id) "
                                  "SELECT id FROM below)", ids->str);
          break;

        case KEY_DISTRICT:
          if (!resolve_districts (store, term->values, ids, error))
            return NULL;
          g_string_append_printf (sql, " AND s.district_id IN (%s)", ids->str);
          break;

        default:
          g_assert_not_reached ();
        }
    }

  g_string_append (sql, " ORDER BY " PLN_LEVEL_ORDER ("s.level") ", s.code;");

  stmt = _pln_store_prepare (store, sql->str, error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (result, id);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      _pln_store_fail (store, _("Cannot choose the sites"), error);
      return NULL;
    }

  return g_steal_pointer (&result);
}
