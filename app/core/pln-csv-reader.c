/* pln-csv-reader.c: an RFC 4180 CSV reader.
 *
 * Accepts what spreadsheet programs write: UTF-8 with or without a byte
 * order mark, comma or semicolon separators (LibreOffice and Excel use a
 * semicolon where the decimal mark is a comma), CRLF, LF or CR line ends,
 * quoted fields with separators, line breaks and doubled quotes inside.
 * A line break inside a quoted field comes out as a single LF.
 *
 * It is lenient where spreadsheets are (text after a closing quote is kept,
 * a quote inside an unquoted field is a plain character) and strict where
 * data would be lost: invalid UTF-8 and an unclosed quote are errors that
 * name the row. It depends on nothing but the buffer, so it can be fuzzed.
 */
#define G_LOG_DOMAIN "plenary-csv"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pln-csv-reader.h"

G_DEFINE_QUARK (pln-csv-error-quark, pln_csv_error)

static void
row_free (gpointer data)
{
  PlnCsvRow *row = data;

  g_strfreev (row->fields);
  g_free (row);
}

/* Counts the unquoted commas and semicolons of the first record and picks
 * the more frequent; a tie (or neither) means a comma. */
static char
detect_separator (const char *data,
                  gsize       length)
{
  gboolean quoted = FALSE;
  guint commas = 0, semicolons = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (c == '"')
        quoted = !quoted;
      else if (quoted)
        continue;
      else if (c == '\n' || c == '\r')
        break;
      else if (c == ',')
        commas++;
      else if (c == ';')
        semicolons++;
    }

  return semicolons > commas ? ';' : ',';
}

void
pln_csv_table_free (PlnCsvTable *table)
{
  if (table == NULL)
    return;
  g_clear_pointer (&table->rows, g_ptr_array_unref);
  g_free (table);
}

const char *
pln_csv_row_get (const PlnCsvRow *row,
                 guint            index)
{
  g_return_val_if_fail (row != NULL, "");

  return index < row->n_fields ? row->fields[index] : "";
}

/**
 * pln_csv_parse:
 * @data: the bytes of the file
 * @length: their number
 * @error: a place for the reason it failed
 *
 * Returns: (transfer full): the records, or %NULL with @error set
 */
PlnCsvTable *
pln_csv_parse (const char  *data,
               gsize        length,
               GError     **error)
{
  g_autoptr(PlnCsvTable) table = g_new0 (PlnCsvTable, 1);
  g_autoptr(GString) field = g_string_new (NULL);
  gsize pos = 0;
  guint number = 1;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  table->rows = g_ptr_array_new_with_free_func (row_free);

  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      table->had_bom = TRUE;
      pos = 3;
    }
  table->separator = detect_separator (data + pos, length - pos);

  while (pos < length)
    {
      g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
      guint row_number = number;
      gboolean end_of_record = FALSE;
      gboolean blank = TRUE;

      while (!end_of_record)
        {
          g_string_truncate (field, 0);

          if (pos < length && data[pos] == '"')
            {
              pos++;
              for (;;)
                {
                  if (pos >= length)
                    {
                      g_set_error (error, PLN_CSV_ERROR, PLN_CSV_ERROR_UNCLOSED_QUOTE,
                                   _("row %u: a quoted field is not closed before the end of the file"),
                                   row_number);
                      return NULL;
                    }
                  if (data[pos] == '"')
                    {
                      if (pos + 1 < length && data[pos + 1] == '"')
                        {
                          g_string_append_c (field, '"');
                          pos += 2;
                          continue;
                        }
                      pos++;
                      break;
                    }
                  if (data[pos] == '\r')
                    {
                      /* CRLF or a lone CR inside a field: one LF. */
                      g_string_append_c (field, '\n');
                      pos += (pos + 1 < length && data[pos + 1] == '\n') ? 2 : 1;
                      continue;
                    }
                  g_string_append_c (field, data[pos]);
                  pos++;
                }
            }

          /* An unquoted field, or what follows a closing quote. */
          while (pos < length && data[pos] != table->separator &&
                 data[pos] != '\r' && data[pos] != '\n')
            g_string_append_c (field, data[pos++]);

          if (!g_utf8_validate_len (field->str, field->len, NULL))
            {
              g_set_error (error, PLN_CSV_ERROR, PLN_CSV_ERROR_INVALID_UTF8,
                           _("row %u, column %u: the text is not valid UTF-8. Save the file as “CSV UTF-8” (Unicode) and try again."),
                           row_number, fields->len + 1);
              return NULL;
            }
          if (field->len > 0)
            blank = FALSE;
          g_ptr_array_add (fields, g_strndup (field->str, field->len));

          if (pos >= length)
            end_of_record = TRUE;
          else if (data[pos] == table->separator)
            pos++;
          else
            {
              if (data[pos] == '\r' && pos + 1 < length && data[pos + 1] == '\n')
                pos++;
              pos++;
              end_of_record = TRUE;
            }
        }

      number++;
      if (!blank)
        {
          PlnCsvRow *row = g_new0 (PlnCsvRow, 1);

          row->number = row_number;
          row->n_fields = fields->len;
          g_ptr_array_add (fields, NULL);
          row->fields = (char **) g_ptr_array_steal (fields, NULL);
          g_ptr_array_add (table->rows, row);
        }
    }

  if (table->rows->len == 0)
    {
      g_set_error (error, PLN_CSV_ERROR, PLN_CSV_ERROR_EMPTY,
                   _("The file has no rows."));
      return NULL;
    }

  return g_steal_pointer (&table);
}
