/* fuzz-form.c: decoding of the bodies the portal's forms post (check-in,
 * sign-in, progress), with the number parsing the check-in does. */
#include "config.h"

#include "fuzz-log.h"

#include <libsoup/soup.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  char *text;
  GHashTable *form;

  if (memchr (data, '\0', size) != NULL)
    return 0;
  text = g_strndup ((const char *) data, size);
  form = soup_form_decode (text);
  if (form != NULL)
    {
      const char *count = g_hash_table_lookup (form, "count");
      char *end = NULL;

      if (count != NULL)
        g_ascii_strtoll (count, &end, 10);
      g_hash_table_unref (form);
    }
  g_free (text);
  return 0;
}
