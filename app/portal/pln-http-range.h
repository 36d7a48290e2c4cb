/* pln-http-range.h: a strict parser for the HTTP Range header (RFC 9110
 * §14), a pure function so that it can be fuzzed. The portal answers 206 and
 * 416 itself from its result instead of relying on libsoup's handling. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* More ranges than this in one request are refused as abuse (416). */
#define PLN_HTTP_RANGE_MAX 16

typedef enum
{
  /* No Range header, or one we must ignore (not "bytes=", bad syntax):
   * answer 200 with the whole file, as RFC 9110 asks. */
  PLN_HTTP_RANGE_NONE,
  /* One or more satisfiable ranges, sorted and merged: answer 206. */
  PLN_HTTP_RANGE_OK,
  /* Well-formed but nothing satisfiable, or too many ranges: answer 416. */
  PLN_HTTP_RANGE_UNSATISFIABLE,
} PlnHttpRangeResult;

typedef struct
{
  guint64 start;   /* first byte */
  guint64 end;     /* last byte, inclusive */
} PlnByteRange;

PlnHttpRangeResult pln_http_range_parse (const char   *header,
                                         guint64       size,
                                         PlnByteRange  ranges[PLN_HTTP_RANGE_MAX],
                                         guint        *n_ranges);

G_END_DECLS
