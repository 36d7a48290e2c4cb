/* test-import.c: CSV import of sites and people (all or nothing, parents
 * defined later, upsert, sign-in codes) and the export round trip. */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "pln-exporter.h"
#include "pln-importer.h"

typedef struct
{
  char     *dir;
  char     *path;
  PlnStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("plenary-import-XXXXXX", NULL);
  fixture->path = g_build_filename (fixture->dir, "plenary.db", NULL);
  fixture->store = pln_store_open (fixture->path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", fixture->dir);

  g_clear_object (&fixture->store);
  g_assert_cmpint (system (command), ==, 0);
  g_free (fixture->path);
  g_free (fixture->dir);
}

/* Asks the file through a connection of its own, as another program would. */
static char *
query (const char *path,
       const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (out->len > 0)
        g_string_append_c (out, '\n');
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        g_string_append_printf (out, "%s%s", i > 0 ? "|" : "",
                                sqlite3_column_text (stmt, i) ? (const char *) sqlite3_column_text (stmt, i) : "");
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
import_sites (Fixture         *fixture,
              const char      *csv,
              PlnImportStats  *stats,
              GError         **error)
{
  return pln_import_sites (fixture->store, csv, strlen (csv), stats, error);
}

/* Villages first, their province last: parents may come later. */
static const char sites_csv[] =
  "code,name,level,parent_code,district_code,address\r\n"
  "QN-TYT-BC-01-T01,\"Thôn Khe Tiền, xã Đạp Thanh\",village,QN-TYT-BC-01,,\r\n"
  "QN-TYT-BC-01,Trạm Y tế xã Đạp Thanh,commune,QN-TTYT-BC,,\r\n"
  "QN-PYT-BC,Phòng Y tế huyện Ba Chẽ,unit,QN-TTYT-BC,,\r\n"
  "QN-TTYT-BC,Trung tâm Y tế huyện Ba Chẽ,district,QN-SYT,,\"Khu 3, thị trấn Ba Chẽ\"\r\n"
  "QN-CDC,Trung tâm Kiểm soát bệnh tật tỉnh,unit,QN-SYT,,\r\n"
  "QN-SYT,Sở Y tế Quảng Ninh,province,,,\"651 Lê Thánh Tông, Hạ Long\"\r\n";

static void
test_sites_later_parent (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PlnImportStats stats = { 0 };
  g_autofree char *rows = NULL;

  import_sites (fixture, sites_csv, &stats, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats.inserted, ==, 6);
  g_assert_cmpuint (stats.updated, ==, 0);

  rows = query (fixture->path,
                "SELECT s.code, s.level, coalesce (p.code, '-'), coalesce (d.code, '-') FROM sites s "
                "LEFT JOIN sites p ON p.id = s.parent_id LEFT JOIN sites d ON d.id = s.district_id "
                "ORDER BY s.code;");
  g_assert_cmpstr (rows, ==,
                   "QN-CDC|unit|QN-SYT|-\n"
                   "QN-PYT-BC|unit|QN-TTYT-BC|QN-TTYT-BC\n"
                   "QN-SYT|province|-|-\n"
                   "QN-TTYT-BC|district|QN-SYT|QN-TTYT-BC\n"
                   "QN-TYT-BC-01|commune|QN-TTYT-BC|QN-TTYT-BC\n"
                   "QN-TYT-BC-01-T01|village|QN-TYT-BC-01|QN-TTYT-BC");
  g_free (rows);
  rows = query (fixture->path, "SELECT name, address FROM sites WHERE code = 'QN-TTYT-BC';");
  g_assert_cmpstr (rows, ==, "Trung tâm Y tế huyện Ba Chẽ|Khu 3, thị trấn Ba Chẽ");
}

static void
test_sites_all_or_nothing (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *count = NULL;
  /* Rows 2, 3 and 9 are right; every other row has something wrong. */
  const char *csv =
    "code;name;level;parent_code;district_code;address\n"
    "QN-SYT;Sở Y tế Quảng Ninh;province;;;\n"
    "QN-TTYT-HL;Trung tâm Y tế thành phố Hạ Long;district;QN-SYT;;\n"
    "QN-TYT-HL-01;Trạm Y tế phường Bãi Cháy;comune;QN-TTYT-HL;;\n"
    "QN-TYT-HL-02;Trạm Y tế phường Hồng Gai;commune;QN-XA-999;;\n"
    "QN-TYT-HL-03;;commune;QN-TTYT-HL;;\n"
    "QN-TTYT-HL;Trung tâm Y tế (lần hai);district;QN-SYT;;\n"
    "QN-TYT-HL-04;Trạm Y tế phường Hà Tu;commune\n"
    "QN-U1;Đơn vị 1;unit;QN-U2;;\n"
    "QN-U2;Đơn vị 2;unit;QN-U1;;\n"
    "QN-TYT-HL-05;Trạm Y tế xã Đồng Lâm;commune;QN-SYT;;\n"
    "QN-TYT-HL-06;Trạm Y tế xã Đồng Sơn;commune;QN-TTYT-HL;QN-TTYT-CP;\n";

  g_assert_false (import_sites (fixture, csv, NULL, &error));
  g_assert_error (error, PLN_IMPORT_ERROR, PLN_IMPORT_ERROR_ROWS);
  g_test_message ("%s", error->message);

  g_assert_true (g_str_has_prefix (error->message, "Nothing was imported: 9 rows are wrong."));
  g_assert_nonnull (strstr (error->message, "\nrow 4: level 'comune' is not one of province, unit, district, commune, village"));
  g_assert_nonnull (strstr (error->message, "\nrow 5: parent code 'QN-XA-999' does not exist"));
  g_assert_nonnull (strstr (error->message, "\nrow 6: the name of 'QN-TYT-HL-03' is empty"));
  g_assert_nonnull (strstr (error->message, "\nrow 7: the code 'QN-TTYT-HL' is already on row 3"));
  g_assert_nonnull (strstr (error->message, "\nrow 8: 3 columns, but the header has 6"));
  g_assert_nonnull (strstr (error->message, "\nrow 9: parent 'QN-U2' would make a cycle"));
  g_assert_nonnull (strstr (error->message, "\nrow 10: parent 'QN-U1' would make a cycle"));
  g_assert_nonnull (strstr (error->message, "\nrow 11: 'QN-SYT' is a province and cannot hold 'QN-TYT-HL-05', a commune"));
  g_assert_nonnull (strstr (error->message, "\nrow 12: district_code 'QN-TTYT-CP' does not match the district 'QN-TTYT-HL'"));
  /* Listed in row order. */
  g_assert_true (strstr (error->message, "row 4:") < strstr (error->message, "row 12:"));

  count = query (fixture->path, "SELECT count(*) FROM sites;");
  g_assert_cmpstr (count, ==, "0");
}

static void
test_sites_header (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (import_sites (fixture, "code,name,levl\nA,B,province\n", NULL, &error));
  g_assert_error (error, PLN_IMPORT_ERROR, PLN_IMPORT_ERROR_HEADER);
  g_assert_nonnull (strstr (error->message, "the column 'levl' is not known"));
  g_assert_nonnull (strstr (error->message, "the column 'level' is missing"));
  g_clear_error (&error);

  /* Empty unnamed columns past the end, as spreadsheets write them, are
   * fine; one with something in it is not. */
  g_assert_false (import_sites (fixture, "code,name,level,,\nA,B,province,,x\n", NULL, &error));
  g_assert_error (error, PLN_IMPORT_ERROR, PLN_IMPORT_ERROR_HEADER);
  g_assert_nonnull (strstr (error->message, "row 1: column 5 has no name, but row 2 has something in it"));
  g_clear_error (&error);
  g_assert_true (import_sites (fixture, "code,name,level,,\nQN-X,B,province,,\nQN-Y,C,province,,,,\n", NULL, &error));
  g_assert_no_error (error);

  /* Columns in another order, optional ones left out. */
  g_assert_true (import_sites (fixture, "level,code,name\nprovince,QN-SYT,Sở Y tế\n", NULL, &error));
  g_assert_no_error (error);
}

static void
test_sites_upsert (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PlnImportStats stats = { 0 };
  g_autofree char *rows = NULL;

  import_sites (fixture, sites_csv, NULL, &error);
  g_assert_no_error (error);
  /* Move the commune under a new district defined in the same file: its
   * village follows it into the new district. */
  g_assert_true (import_sites (fixture,
                               "code,name,level,parent_code\n"
                               "QN-TYT-BC-01,Trạm Y tế xã Đạp Thanh (mới),commune,QN-TTYT-TY\n"
                               "QN-TTYT-TY,Trung tâm Y tế huyện Tiên Yên,district,QN-SYT\n",
                               &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.inserted, ==, 1);
  g_assert_cmpuint (stats.updated, ==, 1);

  rows = query (fixture->path,
                "SELECT s.code, s.name, d.code FROM sites s JOIN sites d ON d.id = s.district_id "
                "WHERE s.code LIKE 'QN-TYT-BC-01%' ORDER BY s.code;");
  g_assert_cmpstr (rows, ==,
                   "QN-TYT-BC-01|Trạm Y tế xã Đạp Thanh (mới)|QN-TTYT-TY\n"
                   "QN-TYT-BC-01-T01|Thôn Khe Tiền, xã Đạp Thanh|QN-TTYT-TY");

  /* A district with communes under it in the database cannot become a
   * commune; the row is named, nothing changes. */
  g_assert_false (import_sites (fixture, "code,name,level,parent_code\nQN-TTYT-TY,Tiên Yên,commune,QN-TTYT-BC\n",
                                NULL, &error));
  g_assert_error (error, PLN_IMPORT_ERROR, PLN_IMPORT_ERROR_ROWS);
  g_assert_nonnull (strstr (error->message, "row 2: 'QN-TTYT-TY' cannot become a commune: 'QN-TYT-BC-01', a commune, is under it"));
}

static void
test_people (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PlnImportStats stats = { 0 };
  g_autofree char *codes = NULL;
  g_autofree char *again = NULL;
  g_autofree char *count = NULL;
  const char *people =
    "staff_number,name,title,site_code,phone,email\n"
    "QN00001,Nguyễn Văn An,Bác sĩ,QN-SYT,0912 345 678,an@example.org\n"
    "QN00002,Trần Thị Bích,Điều dưỡng,QN-TYT-BC-01,,\n"
    "QN00003,Đặng Thị Ngọc Ánh,Nhân viên y tế thôn bản,QN-TYT-BC-01-T01,,\n";
  const char *bad =
    "staff_number,name,title,site_code,phone,email\n"
    "QN00004,Lê Văn Cường,Y sĩ,QN-SYT,,\n"
    "QN00005,Phạm Thị Dung,Y sĩ,QN-XA-999,,\n"
    "QN00004,Hoàng Văn Em,,QN-SYT,,\n"
    "QN00006,,,QN-SYT,,không-phải-email\n";

  import_sites (fixture, sites_csv, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (pln_import_people (fixture->store, people, strlen (people), &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.inserted, ==, 3);

  /* New people get 10-character codes without look-alikes, all different. */
  codes = query (fixture->path, "SELECT count(DISTINCT signin_code) FROM people "
                                "WHERE length (signin_code) = 10 AND signin_code NOT GLOB '*[^2-9a-hjkmnp-z]*';");
  g_assert_cmpstr (codes, ==, "3");
  g_free (codes);
  codes = query (fixture->path, "SELECT group_concat (signin_code) FROM people ORDER BY staff_number;");

  /* Imported again, they keep their codes; a code in the file is taken. */
  g_assert_true (pln_import_people (fixture->store, people, strlen (people), &stats, &error));
  g_assert_cmpuint (stats.updated, ==, 3);
  again = query (fixture->path, "SELECT group_concat (signin_code) FROM people ORDER BY staff_number;");
  g_assert_cmpstr (codes, ==, again);
  g_assert_true (pln_import_people (fixture->store,
                                    "staff_number,name,site_code,signin_code\nQN00002,Trần Thị Bích,QN-SYT,bich-2024\n",
                                    -1 + sizeof "staff_number,name,site_code,signin_code\nQN00002,Trần Thị Bích,QN-SYT,bich-2024\n",
                                    &stats, &error));
  g_assert_no_error (error);
  g_free (again);
  again = query (fixture->path, "SELECT p.signin_code, s.code, p.title FROM people p JOIN sites s ON s.id = p.site_id "
                                "WHERE staff_number = 'QN00002';");
  /* The file had no title column: the title is emptied, as the file says. */
  g_assert_cmpstr (again, ==, "bich-2024|QN-SYT|");

  g_assert_false (pln_import_people (fixture->store, bad, strlen (bad), NULL, &error));
  g_assert_error (error, PLN_IMPORT_ERROR, PLN_IMPORT_ERROR_ROWS);
  g_assert_nonnull (strstr (error->message, "\nrow 3: site code 'QN-XA-999' does not exist"));
  g_assert_nonnull (strstr (error->message, "\nrow 4: the staff number 'QN00004' is already on row 2"));
  g_assert_nonnull (strstr (error->message, "\nrow 5: the name is empty"));
  g_assert_nonnull (strstr (error->message, "\nrow 5: 'không-phải-email' is not an email address"));
  g_assert_null (strstr (error->message, "row 2:"));
  count = query (fixture->path, "SELECT count(*) FROM people;");
  g_assert_cmpstr (count, ==, "3");
}

static GBytes *
export_all (PlnStore *store,
            gboolean  people)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes = people ? pln_export_people (store, TRUE, &error) : pln_export_sites (store, &error);

  g_assert_no_error (error);
  return bytes;
}

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) sites = NULL;
  g_autoptr(GBytes) people = NULL;
  g_autoptr(GBytes) people_public = NULL;
  g_autoptr(GBytes) sites2 = NULL;
  g_autoptr(GBytes) people2 = NULL;
  g_autofree char *path2 = g_build_filename (fixture->dir, "second.db", NULL);
  g_autofree char *names = NULL;
  g_autoptr(PlnStore) second = NULL;
  const char *csv_people =
    "staff_number,name,title,site_code,phone,email\n"
    "QN00002,\"Trần Thị \"\"Bích\"\"\",Điều dưỡng,QN-TYT-BC-01,,\n"
    "QN00001,Nguyễn Văn An,\"Bác sĩ, trưởng trạm\",QN-SYT,+84 912 345 678,an@example.org\n"
    "QN00003,=HYPERLINK(1),'-x,QN-SYT,,\n";
  const char *text;
  gsize size;

  import_sites (fixture, sites_csv, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (pln_import_people (fixture->store, csv_people, strlen (csv_people), NULL, &error));
  g_assert_no_error (error);

  sites = export_all (fixture->store, FALSE);
  people = export_all (fixture->store, TRUE);
  people_public = pln_export_people (fixture->store, FALSE, &error);

  text = g_bytes_get_data (sites, &size);
  g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBF" "code,name,level,parent_code,district_code,address\r\n"
                                         "QN-SYT,Sở Y tế Quảng Ninh,province,,,\"651 Lê Thánh Tông, Hạ Long\"\r\n"
                                         "QN-CDC,Trung tâm Kiểm soát bệnh tật tỉnh,unit,QN-SYT,,\r\n"
                                         "QN-TTYT-BC,Trung tâm Y tế huyện Ba Chẽ,district,QN-SYT,QN-TTYT-BC,\"Khu 3, thị trấn Ba Chẽ\"\r\n"
                                         "QN-PYT-BC,Phòng Y tế huyện Ba Chẽ,unit,QN-TTYT-BC,QN-TTYT-BC,\r\n"));
  text = g_bytes_get_data (people_public, &size);
  g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBF" "staff_number,name,title,site_code,phone,email\r\n"
                                         "QN00001,Nguyễn Văn An,\"Bác sĩ, trưởng trạm\",QN-SYT,+84 912 345 678,an@example.org\r\n"));
  /* A value a spreadsheet would run as a formula gets an apostrophe;
   * imported back, it is the value again (the round trip below). */
  g_assert_nonnull (g_strstr_len (text, size, "\r\nQN00003,'=HYPERLINK(1),'-x,QN-SYT,,\r\n"));
  g_free (names);
  names = query (fixture->path, "SELECT name || '|' || title FROM people WHERE staff_number = 'QN00003';");
  g_assert_cmpstr (names, ==, "=HYPERLINK(1)|-x");
  /* Without --with-codes the secret codes are nowhere in the file. */
  g_assert_null (g_strstr_len (text, size, "signin_code"));

  second = pln_store_open (path2, &error);
  g_assert_no_error (error);
  text = g_bytes_get_data (sites, &size);
  g_assert_true (pln_import_sites (second, text, size, NULL, &error));
  g_assert_no_error (error);
  text = g_bytes_get_data (people, &size);
  g_assert_true (pln_import_people (second, text, size, NULL, &error));
  g_assert_no_error (error);

  sites2 = export_all (second, FALSE);
  people2 = export_all (second, TRUE);
  g_assert_true (g_bytes_equal (sites, sites2));
  g_assert_true (g_bytes_equal (people, people2));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/import/sites/later-parent", test_sites_later_parent);
  ADD ("/import/sites/all-or-nothing", test_sites_all_or_nothing);
  ADD ("/import/sites/header", test_sites_header);
  ADD ("/import/sites/upsert", test_sites_upsert);
  ADD ("/import/people", test_people);
  ADD ("/import/round-trip", test_round_trip);
#undef ADD

  return g_test_run ();
}
