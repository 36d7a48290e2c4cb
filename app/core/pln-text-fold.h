/* pln-text-fold.h: text folded for search, blind to case and to
 * Vietnamese diacritics: "Ba Chẽ" → "ba che", "Đông Triều" → "dong trieu". */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Lowercase, without combining marks (NFD), with đ/Đ as d (sqlite's
 * remove_diacritics does not fold đ, which is a letter, not a mark). */
char *pln_text_fold (const char *text);

/* An FTS5 MATCH expression for what a person typed: each word folded and
 * quoted, a prefix match, all words required. NULL when no word remains. */
char *pln_text_fold_fts_query (const char *text);

G_END_DECLS
