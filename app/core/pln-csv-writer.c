/* pln-csv-writer.c: RFC 4180 output for spreadsheet programs.
 *
 * The choices, so that a file opens as Vietnamese text by a double click:
 * - a UTF-8 byte order mark first: without it Excel (and LibreOffice with
 *   some locales) read the bytes as the ANSI code page and show mojibake;
 *   our own reader accepts files with or without it;
 * - commas as separators and CRLF line ends, as RFC 4180 says;
 * - a field is quoted only when it must be: it holds a comma, a semicolon
 *   (so a reader guessing the separator is not misled), a quote (doubled),
 *   a line break, or starts or ends with a space (which spreadsheets trim).
 * - a field that a spreadsheet would run as a formula gets an apostrophe
 *   first (see pln_csv_needs_formula_guard()).
 * A line break inside a field is written as LF, as the reader returns it,
 * so that export, import and export again give the same bytes.
 */
#define G_LOG_DOMAIN "plenary-csv"

#include "config.h"

#include <string.h>

#include "pln-csv-writer.h"

gboolean
pln_csv_needs_formula_guard (const char *field)
{
  switch (field[0])
    {
    case '=':
    case '@':
    case '\t':
    case '\r':
      return TRUE;
    case '+':
    case '-':
      return field[1] != '\0' && field[1] != ' ' && !g_ascii_isdigit (field[1]);
    case '\'':
      /* So that a value that starts with an apostrophe survives too. */
      return pln_csv_needs_formula_guard (field + 1);
    default:
      return FALSE;
    }
}

const char *
pln_csv_strip_formula_guard (const char *field)
{
  if (field[0] == '\'' && pln_csv_needs_formula_guard (field + 1))
    return field + 1;
  return field;
}

static gboolean
needs_quotes (const char *field)
{
  gsize len = strlen (field);

  if (len == 0)
    return FALSE;
  if (field[0] == ' ' || field[len - 1] == ' ')
    return TRUE;
  return strpbrk (field, ",;\"\r\n") != NULL;
}

void
pln_csv_write_start (GString *out)
{
  g_string_append (out, "\xEF\xBB\xBF");
}

void
pln_csv_write_row (GString            *out,
                   const char * const *fields,
                   guint               n_fields)
{
  for (guint i = 0; i < n_fields; i++)
    {
      const char *field = fields[i] != NULL ? fields[i] : "";

      gboolean guard = pln_csv_needs_formula_guard (field);

      if (i > 0)
        g_string_append_c (out, ',');

      if (!needs_quotes (field))
        {
          if (guard)
            g_string_append_c (out, '\'');
          g_string_append (out, field);
          continue;
        }

      g_string_append_c (out, '"');
      if (guard)
        g_string_append_c (out, '\'');
      for (const char *p = field; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append (out, "\"\"");
          else if (*p == '\r' && p[1] == '\n')
            continue;
          else if (*p == '\r')
            g_string_append_c (out, '\n');
          else
            g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  g_string_append (out, "\r\n");
}
