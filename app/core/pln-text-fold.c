/* pln-text-fold.c: see pln-text-fold.h. */
#define G_LOG_DOMAIN "plenary-store"

#include "config.h"

#include "pln-text-fold.h"

char *
pln_text_fold (const char *text)
{
  g_autofree char *normalized = g_utf8_normalize (text ? text : "", -1, G_NORMALIZE_NFD);
  GString *folded = g_string_new (NULL);

  for (const char *p = normalized; p != NULL && *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_ismark (c))
        continue;
      if (c == 0x0111 || c == 0x0110)   /* đ Đ */
        c = 'd';
      g_string_append_unichar (folded, g_unichar_tolower (c));
    }
  return g_string_free (folded, FALSE);
}

char *
pln_text_fold_fts_query (const char *text)
{
  g_autofree char *folded = pln_text_fold (text);
  g_autoptr(GString) query = g_string_new (NULL);
  g_autoptr(GString) word = g_string_new (NULL);

  for (const char *p = folded; ; p = g_utf8_next_char (p))
    {
      gunichar c = *p ? g_utf8_get_char (p) : 0;

      if (c != 0 && g_unichar_isalnum (c))
        {
          g_string_append_unichar (word, c);
          continue;
        }
      if (word->len > 0)
        {
          /* Only letters and digits are in the word: quoting is safe. */
          g_string_append_printf (query, "%s\"%s\"*", query->len ? " " : "", word->str);
          g_string_truncate (word, 0);
        }
      if (c == 0)
        break;
    }
  return query->len ? g_strdup (query->str) : NULL;
}
