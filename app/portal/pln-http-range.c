/* pln-http-range.c: see pln-http-range.h. */
#define G_LOG_DOMAIN "plenary-portal"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pln-http-range.h"

typedef enum
{
  SPEC_EMPTY,       /* an empty list element: allowed and skipped */
  SPEC_INVALID,     /* bad syntax: the whole header is ignored */
  SPEC_VALID,
} SpecKind;

static gboolean
is_ows (char c)
{
  return c == ' ' || c == '\t';
}

/* Reads 1*DIGIT, saturating at G_MAXUINT64 so that an overflowing number is
 * merely "very large", never wrapped around. */
static gboolean
read_number (const char **cursor,
             const char  *end,
             guint64     *value)
{
  const char *p = *cursor;
  guint64 v = 0;

  if (p >= end || !g_ascii_isdigit (*p))
    return FALSE;

  for (; p < end && g_ascii_isdigit (*p); p++)
    {
      guint digit = *p - '0';

      if (v > (G_MAXUINT64 - digit) / 10)
        v = G_MAXUINT64;
      else
        v = v * 10 + digit;
    }

  *cursor = p;
  *value = v;
  return TRUE;
}

/* One byte-range-spec or suffix-range between @start and @end (exclusive),
 * surrounding white space already allowed. Sets @satisfiable and @range. */
static SpecKind
parse_spec (const char   *start,
            const char   *end,
            guint64       size,
            gboolean     *satisfiable,
            PlnByteRange *range)
{
  const char *p = start;
  guint64 first, last;

  while (p < end && is_ows (*p))
    p++;
  while (end > p && is_ows (end[-1]))
    end--;
  if (p == end)
    return SPEC_EMPTY;

  *satisfiable = FALSE;

  if (*p == '-')
    {
      guint64 suffix;

      p++;
      if (!read_number (&p, end, &suffix) || p != end)
        return SPEC_INVALID;
      if (suffix == 0 || size == 0)
        return SPEC_VALID;
      *satisfiable = TRUE;
      range->start = suffix >= size ? 0 : size - suffix;
      range->end = size - 1;
      return SPEC_VALID;
    }

  if (!read_number (&p, end, &first) || p >= end || *p != '-')
    return SPEC_INVALID;
  p++;

  if (p == end)
    last = G_MAXUINT64;
  else if (!read_number (&p, end, &last) || p != end)
    return SPEC_INVALID;

  if (last < first)
    return SPEC_INVALID;

  if (first >= size)
    return SPEC_VALID;

  *satisfiable = TRUE;
  range->start = first;
  range->end = MIN (last, size - 1);
  return SPEC_VALID;
}

static int
compare_ranges (gconstpointer a,
                gconstpointer b)
{
  const PlnByteRange *ra = a, *rb = b;

  return ra->start < rb->start ? -1 : ra->start > rb->start ? 1 : 0;
}

/* Sorts and merges overlapping or adjacent ranges, so that a client cannot
 * make us send the same bytes many times over. */
static guint
coalesce (PlnByteRange *ranges,
          guint         n)
{
  guint out = 0;

  qsort (ranges, n, sizeof *ranges, compare_ranges);
  for (guint i = 0; i < n; i++)
    {
      if (out > 0 && ranges[i].start <= ranges[out - 1].end + 1)
        ranges[out - 1].end = MAX (ranges[out - 1].end, ranges[i].end);
      else
        ranges[out++] = ranges[i];
    }
  return out;
}

/**
 * pln_http_range_parse:
 * @header: (nullable): the value of the Range header
 * @size: the size of the representation in bytes
 * @ranges: (out caller-allocates): the satisfiable ranges, sorted and merged
 * @n_ranges: (out): how many of @ranges are set
 *
 * Returns: what to answer
 */
PlnHttpRangeResult
pln_http_range_parse (const char   *header,
                      guint64       size,
                      PlnByteRange  ranges[PLN_HTTP_RANGE_MAX],
                      guint        *n_ranges)
{
  const char *p, *end;
  guint n_specs = 0;
  guint n_ok = 0;

  *n_ranges = 0;

  if (header == NULL)
    return PLN_HTTP_RANGE_NONE;

  p = header;
  while (is_ows (*p))
    p++;
  if (g_ascii_strncasecmp (p, "bytes", 5) != 0)
    return PLN_HTTP_RANGE_NONE;
  p += 5;
  while (is_ows (*p))
    p++;
  if (*p != '=')
    return PLN_HTTP_RANGE_NONE;
  p++;
  end = p + strlen (p);

  while (p <= end)
    {
      const char *comma = memchr (p, ',', end - p);
      const char *spec_end = comma != NULL ? comma : end;
      gboolean satisfiable = FALSE;
      PlnByteRange range = { 0, 0 };

      switch (parse_spec (p, spec_end, size, &satisfiable, &range))
        {
        case SPEC_INVALID:
          return PLN_HTTP_RANGE_NONE;
        case SPEC_EMPTY:
          break;
        case SPEC_VALID:
          if (++n_specs > PLN_HTTP_RANGE_MAX)
            return PLN_HTTP_RANGE_UNSATISFIABLE;
          if (satisfiable)
            ranges[n_ok++] = range;
          break;
        default:
          g_assert_not_reached ();
        }

      if (comma == NULL)
        break;
      p = comma + 1;
    }

  if (n_specs == 0)
    return PLN_HTTP_RANGE_NONE;
  if (n_ok == 0)
    return PLN_HTTP_RANGE_UNSATISFIABLE;

  *n_ranges = coalesce (ranges, n_ok);
  return PLN_HTTP_RANGE_OK;
}
