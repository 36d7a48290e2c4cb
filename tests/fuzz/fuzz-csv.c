/* fuzz-csv.c: the CSV reader that every import goes through. Checks that a
 * parsed table holds only valid UTF-8 and increasing row numbers. */
#include "config.h"

#include "fuzz-log.h"

#include <stdint.h>
#include <stdlib.h>

#include "pln-csv-reader.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  PlnCsvTable *table = pln_csv_parse ((const char *) data, size, NULL);
  guint last = 0;

  if (table == NULL)
    return 0;

  for (guint i = 0; i < table->rows->len; i++)
    {
      const PlnCsvRow *row = g_ptr_array_index (table->rows, i);

      if (row->number <= last)
        abort ();
      last = row->number;
      for (guint f = 0; f < row->n_fields; f++)
        if (!g_utf8_validate (row->fields[f], -1, NULL))
          abort ();
    }

  pln_csv_table_free (table);
  return 0;
}
