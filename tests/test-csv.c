/* test-csv.c: the CSV reader and writer on the files spreadsheets write. */
#include "config.h"

#include <string.h>

#include "pln-csv-reader.h"
#include "pln-csv-writer.h"

static PlnCsvTable *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  PlnCsvTable *table = pln_csv_parse (text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_nonnull (table);
  return table;
}

static const PlnCsvRow *
row_at (PlnCsvTable *table,
        guint        index)
{
  g_assert_cmpuint (index, <, table->rows->len);
  return g_ptr_array_index (table->rows, index);
}

static void
test_plain (void)
{
  g_autoptr(PlnCsvTable) table = parse ("code,name\nQN-SYT,Sở Y tế Quảng Ninh\n");

  g_assert_cmpint (table->separator, ==, ',');
  g_assert_false (table->had_bom);
  g_assert_cmpuint (table->rows->len, ==, 2);
  g_assert_cmpuint (row_at (table, 1)->n_fields, ==, 2);
  g_assert_cmpstr (pln_csv_row_get (row_at (table, 1), 1), ==, "Sở Y tế Quảng Ninh");
  g_assert_cmpstr (pln_csv_row_get (row_at (table, 1), 7), ==, "");
  g_assert_cmpuint (row_at (table, 1)->number, ==, 2);
}

static void
test_quotes (void)
{
  g_autoptr(PlnCsvTable) table =
    parse ("a,b,c\r\n"
           "\"Hạ Long, Quảng Ninh\",\"nói \"\"xin chào\"\"\",\"dòng 1\r\ndòng 2\ndòng 3\"\r\n"
           "\"\",x\"y,\"q\"tail\r\n"
           "last,row,here\r\n");

  g_assert_cmpuint (table->rows->len, ==, 4);
  g_assert_cmpstr (pln_csv_row_get (row_at (table, 1), 0), ==, "Hạ Long, Quảng Ninh");
  g_assert_cmpstr (pln_csv_row_get (row_at (table, 1), 1), ==, "nói \"xin chào\"");
  g_assert_cmpstr (pln_csv_row_get (row_at (table, 1), 2), ==, "dòng 1\ndòng 2\ndòng 3");
  /* A quoted field over three lines is still one spreadsheet row. */
  g_assert_cmpuint (row_at (table, 2)->number, ==, 3);
  g_assert_cmpstr (pln_csv_row_get (row_at (table, 2), 0), ==, "");
  g_assert_cmpstr (pln_csv_row_get (row_at (table, 2), 1), ==, "x\"y");
  g_assert_cmpstr (pln_csv_row_get (row_at (table, 2), 2), ==, "qtail");
  g_assert_cmpuint (row_at (table, 3)->number, ==, 4);
}

static void
test_bom_semicolon (void)
{
  /* As LibreOffice or Excel write it in a locale whose decimal mark is a
   * comma: BOM, semicolons, CRLF, and commas inside fields. */
  g_autoptr(PlnCsvTable) table =
    parse ("\xEF\xBB\xBF" "code;name;address\r\nQN-TTYT-BC;Trung tâm Y tế huyện Ba Chẽ;Khu 1, thị trấn Ba Chẽ\r\n");

  g_assert_true (table->had_bom);
  g_assert_cmpint (table->separator, ==, ';');
  g_assert_cmpstr (pln_csv_row_get (row_at (table, 0), 0), ==, "code");
  g_assert_cmpstr (pln_csv_row_get (row_at (table, 1), 1), ==, "Trung tâm Y tế huyện Ba Chẽ");
  g_assert_cmpstr (pln_csv_row_get (row_at (table, 1), 2), ==, "Khu 1, thị trấn Ba Chẽ");
}

static void
test_line_ends_and_blank_rows (void)
{
  g_autoptr(PlnCsvTable) table = parse ("a,b\r\n\r\n1,2\n,\n\n3,4\r5,6");

  g_assert_cmpuint (table->rows->len, ==, 4);
  g_assert_cmpstr (pln_csv_row_get (row_at (table, 1), 0), ==, "1");
  /* Blank rows (also ",") are skipped, but they keep their numbers. */
  g_assert_cmpuint (row_at (table, 1)->number, ==, 3);
  g_assert_cmpstr (pln_csv_row_get (row_at (table, 2), 1), ==, "4");
  g_assert_cmpuint (row_at (table, 2)->number, ==, 6);
  g_assert_cmpstr (pln_csv_row_get (row_at (table, 3), 0), ==, "5");
  g_assert_cmpuint (row_at (table, 3)->number, ==, 7);
}

static void
test_trailing_separator (void)
{
  g_autoptr(PlnCsvTable) table = parse ("a,b,\n1,2,\n");

  g_assert_cmpuint (row_at (table, 0)->n_fields, ==, 3);
  g_assert_cmpuint (row_at (table, 1)->n_fields, ==, 3);
  g_assert_cmpstr (pln_csv_row_get (row_at (table, 1), 2), ==, "");
}

static void
test_bad_utf8 (void)
{
  g_autoptr(GError) error = NULL;
  /* "Hạ Long" in Windows-1258 bytes on row 3, column 2. */
  const char text[] = "code,name\nA,Ok\nB,H\xf2\xa1 Long\n";
  PlnCsvTable *table = pln_csv_parse (text, strlen (text), &error);

  g_assert_null (table);
  g_assert_error (error, PLN_CSV_ERROR, PLN_CSV_ERROR_INVALID_UTF8);
  g_assert_true (g_str_has_prefix (error->message, "row 3, column 2:"));
  g_clear_error (&error);

  /* A NUL byte is not text either. */
  table = pln_csv_parse ("a,b\nx\0y,z\n", 10, &error);
  g_assert_null (table);
  g_assert_error (error, PLN_CSV_ERROR, PLN_CSV_ERROR_INVALID_UTF8);
}

static void
test_unclosed_quote (void)
{
  g_autoptr(GError) error = NULL;
  const char *text = "a,b\n1,2\n\"open,3\n4,5\n";
  PlnCsvTable *table = pln_csv_parse (text, strlen (text), &error);

  g_assert_null (table);
  g_assert_error (error, PLN_CSV_ERROR, PLN_CSV_ERROR_UNCLOSED_QUOTE);
  g_assert_true (g_str_has_prefix (error->message, "row 3:"));
}

static void
test_empty (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (pln_csv_parse ("", 0, &error));
  g_assert_error (error, PLN_CSV_ERROR, PLN_CSV_ERROR_EMPTY);
  g_clear_error (&error);
  g_assert_null (pln_csv_parse ("\xEF\xBB\xBF\r\n\r\n", 7, &error));
  g_assert_error (error, PLN_CSV_ERROR, PLN_CSV_ERROR_EMPTY);
}

static void
test_write_round_trip (void)
{
  const char *fields[] = {
    "plain", "Hạ Long, Quảng Ninh", "nói \"xin chào\"", "dòng 1\ndòng 2",
    "a;b", " padded ", "", "Đặng Thị Ngọc Ánh",
  };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(PlnCsvTable) table = NULL;
  g_autoptr(GError) error = NULL;

  pln_csv_write_start (out);
  pln_csv_write_row (out, fields, G_N_ELEMENTS (fields));
  pln_csv_write_row (out, fields, G_N_ELEMENTS (fields));

  g_assert_true (g_str_has_prefix (out->str, "\xEF\xBB\xBFplain,\"Hạ Long, Quảng Ninh\",\"nói \"\"xin chào\"\"\","));
  g_assert_true (g_str_has_suffix (out->str, ",,Đặng Thị Ngọc Ánh\r\n"));

  table = pln_csv_parse (out->str, out->len, &error);
  g_assert_no_error (error);
  g_assert_cmpint (table->separator, ==, ',');
  g_assert_cmpuint (table->rows->len, ==, 2);
  for (guint r = 0; r < 2; r++)
    {
      g_assert_cmpuint (row_at (table, r)->n_fields, ==, G_N_ELEMENTS (fields));
      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        g_assert_cmpstr (pln_csv_row_get (row_at (table, r), i), ==, fields[i]);
    }
}

static void
test_formula_guard (void)
{
  const char *fields[] = { "=HYPERLINK(\"http://x\")", "+84 912 345 678", "-5", "@SUM(A1)",
                           "+cmd", "'=x", "'plain", "a=b" };
  g_autoptr(GString) out = g_string_new (NULL);

  pln_csv_write_row (out, fields, G_N_ELEMENTS (fields));
  g_assert_cmpstr (out->str, ==,
                   "\"'=HYPERLINK(\"\"http://x\"\")\",+84 912 345 678,-5,'@SUM(A1),'+cmd,''=x,'plain,a=b\r\n");

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autoptr(GString) one = g_string_new (NULL);
      g_autoptr(PlnCsvTable) table = NULL;

      pln_csv_write_row (one, &fields[i], 1);
      table = parse (one->str);
      g_assert_cmpstr (pln_csv_strip_formula_guard (pln_csv_row_get (row_at (table, 0), 0)), ==, fields[i]);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/plain", test_plain);
  g_test_add_func ("/csv/quotes", test_quotes);
  g_test_add_func ("/csv/bom-semicolon", test_bom_semicolon);
  g_test_add_func ("/csv/line-ends-and-blank-rows", test_line_ends_and_blank_rows);
  g_test_add_func ("/csv/trailing-separator", test_trailing_separator);
  g_test_add_func ("/csv/bad-utf8", test_bad_utf8);
  g_test_add_func ("/csv/unclosed-quote", test_unclosed_quote);
  g_test_add_func ("/csv/empty", test_empty);
  g_test_add_func ("/csv/write-round-trip", test_write_round_trip);
  g_test_add_func ("/csv/formula-guard", test_formula_guard);

  return g_test_run ();
}
