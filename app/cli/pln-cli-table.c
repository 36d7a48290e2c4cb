/* pln-cli-table.c: see pln-cli-table.h. */
#define G_LOG_DOMAIN "plenary-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "pln-cli-table.h"

struct _PlnCliTable
{
  char      *align;
  GPtrArray *cells;
};

PlnCliTable *
pln_cli_table_new (const char *right_aligned)
{
  PlnCliTable *table = g_new0 (PlnCliTable, 1);

  table->align = g_strdup (right_aligned);
  table->cells = g_ptr_array_new_with_free_func (g_free);
  return table;
}

void
pln_cli_table_add_row (PlnCliTable *table,
                       ...)
{
  va_list args;
  guint n = strlen (table->align);

  va_start (args, table);
  for (guint i = 0; i < n; i++)
    {
      const char *cell = va_arg (args, const char *);
      g_ptr_array_add (table->cells, g_strdup (cell != NULL ? cell : ""));
    }
  va_end (args);
}

void
pln_cli_table_print (PlnCliTable *table)
{
  guint n = strlen (table->align);
  g_autofree guint *widths = g_new0 (guint, n);
  g_autoptr(GString) line = g_string_new ("");

  for (guint i = 0; i < table->cells->len; i++)
    widths[i % n] = MAX (widths[i % n], (guint) g_utf8_strlen (g_ptr_array_index (table->cells, i), -1));

  for (guint i = 0; i < table->cells->len; i++)
    {
      const char *cell = g_ptr_array_index (table->cells, i);
      guint col = i % n;
      guint pad = widths[col] - g_utf8_strlen (cell, -1);
      gboolean last = col == n - 1;

      if (col > 0)
        g_string_append (line, "  ");
      if (table->align[col] == 'r')
        for (guint p = 0; p < pad; p++)
          g_string_append_c (line, ' ');
      g_string_append (line, cell);
      if (table->align[col] != 'r' && !last)
        for (guint p = 0; p < pad; p++)
          g_string_append_c (line, ' ');
      if (last)
        {
          printf ("%s\n", line->str);
          g_string_truncate (line, 0);
        }
    }

  g_ptr_array_unref (table->cells);
  g_free (table->align);
  g_free (table);
}

char *
pln_cli_group_digits (gint64 value)
{
  g_autofree char *plain = g_strdup_printf ("%" G_GINT64_FORMAT, value);
  GString *out = g_string_new ("");
  gsize len = strlen (plain);
  gsize start = plain[0] == '-' ? 1 : 0;

  g_string_append_len (out, plain, start);
  for (gsize i = start; i < len; i++)
    {
      if (i > start && (len - i) % 3 == 0)
        g_string_append_c (out, ' ');
      g_string_append_c (out, plain[i]);
    }
  return g_string_free (out, FALSE);
}

gint64
pln_cli_parse_event_id (const char *text)
{
  guint64 id = 0;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &id, NULL))
    {
      pln_cli_fail (_("“%s” is not an event id. “plenary events list” shows the ids."),
                    text != NULL ? text : "");
      return 0;
    }
  return (gint64) id;
}

int
pln_cli_parse_count (const char *text,
                     const char *what)
{
  guint64 value = 0;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT, &value, NULL))
    {
      pln_cli_fail (_("“%s” is not a valid %s: write a whole number, 0 or more."),
                    text != NULL ? text : "", what);
      return -1;
    }
  return (int) value;
}
