/* test-http-range.c: the portal's own Range parser, case by case. */
#include "config.h"

#include "pln-http-range.h"

typedef struct
{
  const char         *header;
  guint64             size;
  PlnHttpRangeResult  result;
  const char         *ranges;   /* "a-b a-b" after merging, for OK */
} Case;

static const Case cases[] = {
  /* single ranges */
  { "bytes=0-0", 1000, PLN_HTTP_RANGE_OK, "0-0" },
  { "bytes=0-499", 1000, PLN_HTTP_RANGE_OK, "0-499" },
  { "bytes=500-", 1000, PLN_HTTP_RANGE_OK, "500-999" },
  { "bytes=400-599", 1000, PLN_HTTP_RANGE_OK, "400-599" },
  { "bytes=900-5000", 1000, PLN_HTTP_RANGE_OK, "900-999" },
  { "BYTES = 10-19", 1000, PLN_HTTP_RANGE_OK, "10-19" },
  /* suffix ranges */
  { "bytes=-100", 1000, PLN_HTTP_RANGE_OK, "900-999" },
  { "bytes=-5000", 1000, PLN_HTTP_RANGE_OK, "0-999" },
  { "bytes=-0", 1000, PLN_HTTP_RANGE_UNSATISFIABLE, NULL },
  /* multiple ranges: sorted, overlapping and adjacent ones merged */
  { "bytes=0-9, 20-29", 1000, PLN_HTTP_RANGE_OK, "0-9 20-29" },
  { "bytes=20-29,0-9", 1000, PLN_HTTP_RANGE_OK, "0-9 20-29" },
  { "bytes=0-99,50-149,150-199", 1000, PLN_HTTP_RANGE_OK, "0-199" },
  { "bytes=0-0,0-0,0-0,0-0", 1000, PLN_HTTP_RANGE_OK, "0-0" },
  { "bytes=0-9,,20-29", 1000, PLN_HTTP_RANGE_OK, "0-9 20-29" },
  { "bytes=5000-6000,0-9", 1000, PLN_HTTP_RANGE_OK, "0-9" },
  { "bytes=0-1,2-3,4-5,6-7,8-9,10-11,12-13,14-15,16-17,18-19,20-21,22-23,24-25,26-27,28-29,30-31",
    1000, PLN_HTTP_RANGE_OK, "0-31" },
  { "bytes=0-1,2-3,4-5,6-7,8-9,10-11,12-13,14-15,16-17,18-19,20-21,22-23,24-25,26-27,28-29,30-31,32-33",
    1000, PLN_HTTP_RANGE_UNSATISFIABLE, NULL },
  /* unsatisfiable */
  { "bytes=1000-", 1000, PLN_HTTP_RANGE_UNSATISFIABLE, NULL },
  { "bytes=1000-2000", 1000, PLN_HTTP_RANGE_UNSATISFIABLE, NULL },
  { "bytes=0-", 0, PLN_HTTP_RANGE_UNSATISFIABLE, NULL },
  { "bytes=-10", 0, PLN_HTTP_RANGE_UNSATISFIABLE, NULL },
  /* overflow saturates instead of wrapping */
  { "bytes=99999999999999999999999999-", 1000, PLN_HTTP_RANGE_UNSATISFIABLE, NULL },
  { "bytes=0-99999999999999999999999999", 1000, PLN_HTTP_RANGE_OK, "0-999" },
  { "bytes=-99999999999999999999999999", 1000, PLN_HTTP_RANGE_OK, "0-999" },
  { "bytes=18446744073709551615-18446744073709551615", 1000, PLN_HTTP_RANGE_UNSATISFIABLE, NULL },
  /* syntax the server must ignore: answer the whole file */
  { NULL, 1000, PLN_HTTP_RANGE_NONE, NULL },
  { "", 1000, PLN_HTTP_RANGE_NONE, NULL },
  { "bytes=", 1000, PLN_HTTP_RANGE_NONE, NULL },
  { "bytes=,", 1000, PLN_HTTP_RANGE_NONE, NULL },
  { "items=0-9", 1000, PLN_HTTP_RANGE_NONE, NULL },
  { "bytes 0-9", 1000, PLN_HTTP_RANGE_NONE, NULL },
  { "bytes=9-0", 1000, PLN_HTTP_RANGE_NONE, NULL },
  { "bytes=a-9", 1000, PLN_HTTP_RANGE_NONE, NULL },
  { "bytes=0-9x", 1000, PLN_HTTP_RANGE_NONE, NULL },
  { "bytes=-", 1000, PLN_HTTP_RANGE_NONE, NULL },
  { "bytes=--5", 1000, PLN_HTTP_RANGE_NONE, NULL },
  { "bytes=+5-9", 1000, PLN_HTTP_RANGE_NONE, NULL },
  { "bytes=0-9,5", 1000, PLN_HTTP_RANGE_NONE, NULL },
  { "bytes=0 - 9", 1000, PLN_HTTP_RANGE_NONE, NULL },
};

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  PlnByteRange ranges[PLN_HTTP_RANGE_MAX];
  guint n = 99;
  PlnHttpRangeResult result;

  result = pln_http_range_parse (c->header, c->size, ranges, &n);
  g_assert_cmpint (result, ==, c->result);

  if (c->result == PLN_HTTP_RANGE_OK)
    {
      g_autoptr(GString) got = g_string_new (NULL);

      for (guint i = 0; i < n; i++)
        g_string_append_printf (got, "%s%" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT,
                                i ? " " : "", ranges[i].start, ranges[i].end);
      g_assert_cmpstr (got->str, ==, c->ranges);
    }
  else
    g_assert_cmpuint (n, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/portal/range/%02u", i);
      g_test_add_data_func (path, &cases[i], test_case);
    }

  return g_test_run ();
}
