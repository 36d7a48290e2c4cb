/* test-catalog.c: the portal's own reader of .mo catalogues. */
#include "config.h"

#include "pln-catalog.h"

static void
test_reads_a_catalogue (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fuzz", "corpus", "catalog", "small.mo", NULL);
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(PlnCatalog) catalog = NULL;

  g_assert_nonnull (mapped);
  bytes = g_mapped_file_get_bytes (mapped);
  catalog = pln_catalog_new_from_bytes (bytes);
  g_assert_cmpstr (pln_catalog_lookup (catalog, "Check-in"), ==, "Điểm danh");
  g_assert_cmpstr (pln_catalog_lookup (catalog, "Library"), ==, "Thư viện");
  g_assert_cmpstr (pln_catalog_lookup (catalog, "Not translated"), ==, "Not translated");
}

/* Found by tests/fuzz/fuzz-catalog.c: a count of four billion strings in a
 * 20-byte file made the loader loop for minutes. */
static void
test_damaged_count_is_refused_at_once (void)
{
  static const guint8 header[] = {
    0xde, 0x12, 0x04, 0x95,  0, 0, 0, 0,  0xff, 0xff, 0xff, 0xff,
    0x1c, 0, 0, 0,           0x1c, 0, 0, 0,
  };
  g_autoptr(GBytes) bytes = g_bytes_new_static (header, sizeof header);
  gint64 start = g_get_monotonic_time ();
  g_autoptr(PlnCatalog) catalog = pln_catalog_new_from_bytes (bytes);

  g_assert_true (pln_catalog_is_empty (catalog));
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
}

static void
test_missing_file_is_english (void)
{
  g_autoptr(PlnCatalog) catalog = pln_catalog_load ("/nonexistent", "plenary", "vi");

  g_assert_true (pln_catalog_is_empty (catalog));
  g_assert_cmpstr (pln_catalog_lookup (catalog, "Check-in"), ==, "Check-in");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/portal/catalog/reads-a-catalogue", test_reads_a_catalogue);
  g_test_add_func ("/portal/catalog/damaged-count-refused", test_damaged_count_is_refused_at_once);
  g_test_add_func ("/portal/catalog/missing-file-is-english", test_missing_file_is_english);

  return g_test_run ();
}
