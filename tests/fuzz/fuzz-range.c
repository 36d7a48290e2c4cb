/* fuzz-range.c: the portal's Range parser. Checks, beyond "no crash", the
 * promises the media code relies on: ranges inside the file, sorted,
 * disjoint, at most PLN_HTTP_RANGE_MAX. */
#include "config.h"

#include "fuzz-log.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pln-http-range.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  PlnByteRange ranges[PLN_HTTP_RANGE_MAX];
  guint64 file_size;
  char *header;
  guint n = 0;

  if (size < 2)
    return 0;
  /* The first byte picks a file size, the rest is the header. */
  file_size = (guint64) data[0] * 997;
  header = g_strndup ((const char *) data + 1, size - 1);

  if (pln_http_range_parse (header, file_size, ranges, &n) == PLN_HTTP_RANGE_OK)
    {
      if (n == 0 || n > PLN_HTTP_RANGE_MAX)
        abort ();
      for (guint i = 0; i < n; i++)
        {
          if (ranges[i].start > ranges[i].end || ranges[i].end >= file_size)
            abort ();
          if (i > 0 && ranges[i].start <= ranges[i - 1].end + 1)
            abort ();
        }
    }
  else if (n != 0)
    abort ();

  g_free (header);
  return 0;
}
