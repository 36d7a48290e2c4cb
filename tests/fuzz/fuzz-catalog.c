/* fuzz-catalog.c: the portal's reader of .mo catalogues, on damaged files. */
#include "config.h"

#include "fuzz-log.h"

#include <stdint.h>
#include <stdlib.h>

#include "pln-catalog.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  GBytes *bytes = g_bytes_new (data, size);
  PlnCatalog *catalog = pln_catalog_new_from_bytes (bytes);
  const char *found = pln_catalog_lookup (catalog, "Check-in");

  /* A translation found is a string inside the input. */
  if (found == NULL)
    abort ();
  pln_catalog_free (catalog);
  g_bytes_unref (bytes);
  return 0;
}
