/* test-course.c: courses on a small hand-made network, every expected
 * figure worked out by hand in the comments.
 *
 * The network (site code: people and their titles):
 *   P  province   P1 Giám đốc, P2 Kế toán
 *   D1 district   (under P)  A1 Bác sĩ, A2 Điều dưỡng
 *     C1 commune  (under D1) B1 Trạm trưởng, B2 Y sĩ, B3 Nữ hộ sinh
 *       V1 village (under C1) E1 Nhân viên y tế thôn bản, E2 Cộng tác viên dân số
 *     C2 commune  (under D1) F1 Y sĩ
 *   D2 district   (under P)  G1 Bác sĩ
 *     C3 commune  (under D2) H1 Trạm trưởng, H2 Y sĩ
 * 13 people in all. */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "pln-course-report.h"
#include "pln-intervals.h"
#include "pln-report-pdf.h"
#include "pln-site-rule.h"
#include "pln-store-courses.h"
#include "pln-store-recordings.h"
#include "pln-store-viewers.h"
#include "pln-year-report.h"

typedef struct
{
  char       *dir;
  char       *path;
  PlnStore   *store;
  GHashTable *people;   /* "A1" → id */
  gint64      r1, r2;   /* recordings */
  gint64      r2_chapter2;
} Fixture;

static gint64
person (Fixture    *f,
        const char *key)
{
  gint64 *id = g_hash_table_lookup (f->people, key);

  g_assert_nonnull (id);
  return *id;
}

static void
add_people (Fixture    *f,
            gint64      site,
            const char *key1,
            const char *title1,
            ...)
{
  va_list args;
  const char *key = key1, *title = title1;

  va_start (args, title1);
  while (key != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PlnPerson) p = pln_person_new ();
      gint64 *id = g_new (gint64, 1);

      pln_person_set_staff_number (p, key);
      pln_person_set_name (p, key);
      pln_person_set_title (p, title);
      pln_person_set_site_id (p, site);
      *id = pln_store_add_person (f->store, p, &error);
      g_assert_no_error (error);
      g_hash_table_insert (f->people, g_strdup (key), id);
      key = va_arg (args, const char *);
      if (key != NULL)
        title = va_arg (args, const char *);
    }
  va_end (args);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 p, d1, c1, v1, c2, d2, c3;
  g_autoptr(GPtrArray) chapters = NULL;

  f->dir = g_dir_make_tmp ("plenary-course-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "test.db", NULL);
  f->store = pln_store_open (f->path, &error);
  g_assert_no_error (error);
  f->people = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  p = pln_store_add_site (f->store, "P", "Sở Y tế", PLN_SITE_LEVEL_PROVINCE, 0, &error);
  d1 = pln_store_add_site (f->store, "D1", "Trung tâm Y tế huyện Ba Chẽ", PLN_SITE_LEVEL_DISTRICT, p, &error);
  c1 = pln_store_add_site (f->store, "C1", "Trạm Y tế xã Đồn Đạc", PLN_SITE_LEVEL_COMMUNE, d1, &error);
  v1 = pln_store_add_site (f->store, "V1", "Thôn Khe Tâm", PLN_SITE_LEVEL_VILLAGE, c1, &error);
  c2 = pln_store_add_site (f->store, "C2", "Trạm Y tế xã Thanh Lâm", PLN_SITE_LEVEL_COMMUNE, d1, &error);
  d2 = pln_store_add_site (f->store, "D2", "Trung tâm Y tế huyện Cô Tô", PLN_SITE_LEVEL_DISTRICT, p, &error);
  c3 = pln_store_add_site (f->store, "C3", "Trạm Y tế xã Đồng Tiến", PLN_SITE_LEVEL_COMMUNE, d2, &error);
  g_assert_no_error (error);

  add_people (f, p, "P1", "Giám đốc", "P2", "Kế toán", NULL);
  add_people (f, d1, "A1", "Bác sĩ", "A2", "Điều dưỡng", NULL);
  add_people (f, c1, "B1", "Trạm trưởng", "B2", "Y sĩ", "B3", "Nữ hộ sinh", NULL);
  add_people (f, v1, "E1", "Nhân viên y tế thôn bản", "E2", "Cộng tác viên dân số", NULL);
  add_people (f, c2, "F1", "Y sĩ", NULL);
  add_people (f, d2, "G1", "Bác sĩ", NULL);
  add_people (f, c3, "H1", "Trạm trưởng", "H2", "Y sĩ", NULL);

  /* R1: 600 s. R2: 1 000 s with chapters at 0 and 400 s. */
  f->r1 = pln_store_add_recording (f->store, 0, "Bài 1: An toàn trên mạng", "r1", "", 1000, &error);
  g_assert_no_error (error);
  pln_store_finish_recording (f->store, f->r1, "ready", 1600, 600000, &error);
  f->r2 = pln_store_add_recording (f->store, 0, "Bài 2: Mạng xã hội", "r2", "", 2000, &error);
  pln_store_finish_recording (f->store, f->r2, "ready", 3000, 1000000, &error);
  pln_store_add_chapter (f->store, f->r2, 0, "Mở đầu", &error);
  pln_store_add_chapter (f->store, f->r2, 400000, "Phần chính", &error);
  g_assert_no_error (error);
  {
    sqlite3 *db;
    sqlite3_stmt *stmt;

    g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id FROM chapters WHERE offset_ms = 400000;", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    f->r2_chapter2 = sqlite3_column_int64 (stmt, 0);
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  g_clear_pointer (&f->people, g_hash_table_unref);
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);
  g_autofree char *pdf = g_build_filename (f->dir, "report.pdf", NULL);
  g_unlink (f->path);
  g_unlink (wal);
  g_unlink (shm);
  g_unlink (pdf);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

/* sqlite3 on its own connection: how many rows the progress table has. */
static int
count_rows (Fixture    *f,
            const char *sql)
{
  sqlite3 *db;
  sqlite3_stmt *stmt;
  int n;

  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static void
watch (Fixture    *f,
       const char *who,
       gint64      recording,
       gint64      from_s,
       gint64      to_s)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (pln_store_add_progress (f->store, person (f, who), recording,
                                         from_s * 1000, to_s * 1000, "portal", &error));
  g_assert_no_error (error);
}

/* ---- Merged progress in the store ----------------------------------- */

static void
test_progress_merged (Fixture       *f,
                      gconstpointer  data)
{
  gint64 a1 = person (f, "A1");

  /* 0–60 s, then 30–90 s (a replay of half a minute): 90 s. */
  watch (f, "A1", f->r1, 0, 60);
  watch (f, "A1", f->r1, 30, 90);
  g_assert_cmpint (pln_store_get_watched_ms (f->store, a1, f->r1), ==, 90000);
  /* The same 0–90 s again: still 90 s, still one row. */
  watch (f, "A1", f->r1, 0, 90);
  g_assert_cmpint (pln_store_get_watched_ms (f->store, a1, f->r1), ==, 90000);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM progress;"), ==, 1);
  /* A seek to 300 s and 300–360 s: 150 s; the skipped 210 s do not count. */
  watch (f, "A1", f->r1, 300, 360);
  g_assert_cmpint (pln_store_get_watched_ms (f->store, a1, f->r1), ==, 150000);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM progress;"), ==, 2);
  /* 90–300 s fills the hole: 0–360 s, one row, 360 s. */
  watch (f, "A1", f->r1, 90, 300);
  g_assert_cmpint (pln_store_get_watched_ms (f->store, a1, f->r1), ==, 360000);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM progress WHERE start_ms = 0 AND end_ms = 360000;"), ==, 1);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM progress;"), ==, 1);
}

/* ---- The completion rule -------------------------------------------- */

static void
test_completion_rule (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnCourse) course = pln_course_new ();
  g_autoptr(PlnCourse) stored = NULL;
  g_autoptr(GArray) merged = g_array_new (FALSE, FALSE, sizeof (PlnInterval));
  const PlnCourseItem *chapter;
  PlnInterval a = { 390000, 700000 }, b = { 900000, 1000000 };

  /* 90 % of 600 s is 540 s: 540 s completes, 539.999 s does not. */
  g_assert_true (pln_course_item_is_completed (540000, 600000, 90));
  g_assert_false (pln_course_item_is_completed (539999, 600000, 90));
  g_assert_true (pln_course_item_is_completed (600000, 600000, 100));
  g_assert_false (pln_course_item_is_completed (599999, 600000, 100));
  /* A recording still running (no length) cannot be completed. */
  g_assert_false (pln_course_item_is_completed (1000, 0, 90));

  /* Item 2 is R2's second chapter: from 400 s to the end, 1 000 s: 600 s. */
  pln_course_set_title (course, "Kỹ năng số");
  pln_course_add_item (course, pln_course_item_new (f->r1, 0));
  pln_course_add_item (course, pln_course_item_new (f->r2, f->r2_chapter2));
  g_assert_cmpint (pln_store_add_course (f->store, course, &error), >, 0);
  g_assert_no_error (error);
  stored = pln_store_get_course (f->store, pln_course_get_id (course), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pln_course_get_items (stored)->len, ==, 2);
  g_assert_cmpint (pln_course_item_get_span_ms (g_ptr_array_index (pln_course_get_items (stored), 0)), ==, 600000);
  chapter = g_ptr_array_index (pln_course_get_items (stored), 1);
  g_assert_cmpint (chapter->start_ms, ==, 400000);
  g_assert_cmpint (chapter->end_ms, ==, 1000000);
  g_assert_cmpstr (chapter->title, ==, "Bài 2: Mạng xã hội – Phần chính");
  g_assert_cmpuint (pln_course_get_completion_percent (stored), ==, 90);

  /* Watched 390–700 s and 900–1 000 s: inside the chapter 300 + 100 = 400 s
   * of 600 s, 66 %: not completed. */
  g_array_append_val (merged, a);
  g_array_append_val (merged, b);
  g_assert_cmpint (pln_course_item_watched_ms (chapter, merged), ==, 400000);
  g_assert_false (pln_course_item_is_completed (400000, 600000, 90));

  /* A chapter of another recording, or a recording that does not exist, is refused. */
  {
    g_autoptr(PlnCourse) wrong = pln_course_new ();

    pln_course_set_title (wrong, "Sai");
    pln_course_add_item (wrong, pln_course_item_new (f->r1, f->r2_chapter2));
    g_assert_cmpint (pln_store_add_course (f->store, wrong, &error), ==, 0);
    g_assert_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
  {
    g_autoptr(PlnCourse) wrong = pln_course_new ();

    pln_course_set_title (wrong, "Sai");
    pln_course_add_item (wrong, pln_course_item_new (9999, 0));
    g_assert_cmpint (pln_store_add_course (f->store, wrong, &error), ==, 0);
    g_assert_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "9999"));
  }
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM courses;"), ==, 1);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM course_items;"), ==, 2);
}

/* ---- Audience resolution -------------------------------------------- */

static guint
audience (Fixture    *f,
          const char *rule,
          const char *role)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = pln_store_resolve_audience (f->store, rule, role, &error);

  g_assert_no_error (error);
  return ids->len;
}

static void
test_audience (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;

  /* Everyone: 2 + 2 + 3 + 2 + 1 + 1 + 2 = 13. */
  g_assert_cmpuint (audience (f, "", NULL), ==, 13);
  /* Commune stations: C1 3 + C2 1 + C3 2 = 6; with villages, + V1 2 = 8. */
  g_assert_cmpuint (audience (f, "level=commune", NULL), ==, 6);
  g_assert_cmpuint (audience (f, "level=commune,village", ""), ==, 8);
  /* D1 and all below it: D1 2 + C1 3 + V1 2 + C2 1 = 8. */
  g_assert_cmpuint (audience (f, "under=D1", NULL), ==, 8);
  /* The Cô Tô district (D2) by name without diacritics: D2 1 + C3 2 = 3. */
  g_assert_cmpuint (audience (f, "district=\"co to\"", NULL), ==, 3);
  /* Commune staff whose title holds "y sĩ" (typed without diacritics): B2, F1, H2. */
  g_assert_cmpuint (audience (f, "level=commune", "y si"), ==, 3);
  /* …or "trạm trưởng": + B1, H1 = 5. */
  g_assert_cmpuint (audience (f, "level=commune", "Trạm trưởng, Y sĩ"), ==, 5);
  /* Doctors anywhere: A1, G1. */
  g_assert_cmpuint (audience (f, "", "bác sĩ"), ==, 2);

  ids = pln_store_resolve_audience (f->store, "level=commune", "y si", &error);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, person (f, "B2"));
  g_assert_cmpint (g_array_index (ids, gint64, 1), ==, person (f, "F1"));
  g_assert_cmpint (g_array_index (ids, gint64, 2), ==, person (f, "H2"));
  g_clear_pointer (&ids, g_array_unref);

  ids = pln_store_resolve_audience (f->store, "level=town", NULL, &error);
  g_assert_null (ids);
  g_assert_error (error, PLN_SITE_RULE_ERROR, PLN_SITE_RULE_ERROR_BAD_VALUE);
  g_clear_error (&error);
  ids = pln_store_resolve_audience (f->store, "under=NOPE", NULL, &error);
  g_assert_null (ids);
  g_assert_error (error, PLN_SITE_RULE_ERROR, PLN_SITE_RULE_ERROR_NO_SUCH_SITE);
}

/* ---- The report ----------------------------------------------------- */

static gint64
make_course (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnCourse) course = pln_course_new ();
  gint64 id;

  /* R1 whole (600 s) and R2's second chapter (400–1 000 s); D1 and below
   * (8 people); 90 % of each item; target 50 %. */
  pln_course_set_title (course, "Bình dân học vụ số");
  pln_course_set_audience_rule (course, "under=D1");
  pln_course_set_target_percent (course, 50);
  pln_course_add_item (course, pln_course_item_new (f->r1, 0));
  pln_course_add_item (course, pln_course_item_new (f->r2, f->r2_chapter2));
  id = pln_store_add_course (f->store, course, &error);
  g_assert_no_error (error);

  /* A1: all of both: completed. */
  watch (f, "A1", f->r1, 0, 600);
  watch (f, "A1", f->r2, 400, 1000);
  /* A2: R1 0–300 and 300–540 s (touching: 540 s = 90 %, done); R2 only the
   * first chapter 0–400 s (0 s of item 2): started, not completed. */
  watch (f, "A2", f->r1, 0, 300);
  watch (f, "A2", f->r1, 300, 540);
  watch (f, "A2", f->r2, 0, 400);
  /* B1: R1 whole; R2 390–950 s: 550 s of the chapter ≥ 540 s: completed. */
  watch (f, "B1", f->r1, 0, 600);
  watch (f, "B1", f->r2, 390, 950);
  /* B2: R1 0–100 and 50–200 s (overlap): 200 s: started only. B3: nothing. */
  watch (f, "B2", f->r1, 0, 100);
  watch (f, "B2", f->r1, 50, 200);
  /* E1 (village, under C1): R1 twice (a replay), R2's chapter: completed.
   * E2: nothing. */
  watch (f, "E1", f->r1, 0, 600);
  watch (f, "E1", f->r1, 0, 600);
  watch (f, "E1", f->r2, 400, 1000);
  /* F1: R1 0–60 s then a seek to 500–600 s: 160 s; started only. */
  watch (f, "F1", f->r1, 0, 60);
  watch (f, "F1", f->r1, 500, 600);
  /* G1 (D2, outside the audience) watched everything: not counted. */
  watch (f, "G1", f->r1, 0, 600);
  watch (f, "G1", f->r2, 0, 1000);
  return id;
}

static void
check_row (const PlnCourseRow *row,
           const char         *key,
           guint               audience_size,
           guint               started,
           guint               completed)
{
  g_assert_cmpstr (row->key, ==, key);
  g_assert_cmpuint (row->audience, ==, audience_size);
  g_assert_cmpuint (row->started, ==, started);
  g_assert_cmpuint (row->completed, ==, completed);
}

static void
test_report_figures (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnCourseReport) by_level = NULL;
  g_autoptr(PlnCourseReport) by_unit = NULL;
  g_autoptr(PlnCourseReport) by_district = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *missing = NULL;
  GPtrArray *not_started;
  GArray *trend;
  gint64 id = make_course (f);

  /* Audience 8; started A1 A2 B1 B2 E1 F1 = 6; completed A1 B1 E1 = 3,
   * 37.5 % against a 50 % target. */
  by_level = pln_course_report_new (f->store, id, PLN_COURSE_BY_LEVEL, &error);
  g_assert_no_error (error);
  check_row (pln_course_report_get_total (by_level), "total", 8, 6, 3);
  g_assert_cmpfloat_with_epsilon (pln_course_row_get_percent (pln_course_report_get_total (by_level)), 37.5, 1e-9);
  g_assert_false (pln_course_report_row_meets_target (by_level, pln_course_report_get_total (by_level)));
  /* By level: district A1 A2 (2, 2, 1); commune B1 B2 B3 F1 (4, 3, 1);
   * village E1 E2 (2, 1, 1): 1 of 2 is 50 %, the target met. */
  g_assert_cmpuint (pln_course_report_get_n_rows (by_level), ==, 3);
  check_row (pln_course_report_get_row (by_level, 0), "district", 2, 2, 1);
  check_row (pln_course_report_get_row (by_level, 1), "commune", 4, 3, 1);
  check_row (pln_course_report_get_row (by_level, 2), "village", 2, 1, 1);
  g_assert_true (pln_course_report_row_meets_target (by_level, pln_course_report_get_row (by_level, 2)));
  g_assert_false (pln_course_report_row_meets_target (by_level, pln_course_report_get_row (by_level, 1)));

  /* By unit, villages count with their commune station: D1 (2, 2, 1);
   * C1 with V1: B1 B2 B3 E1 E2 (5, 3, 2); C2 (1, 1, 0). */
  by_unit = pln_course_report_new (f->store, id, PLN_COURSE_BY_UNIT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pln_course_report_get_n_rows (by_unit), ==, 3);
  check_row (pln_course_report_get_row (by_unit, 0), "D1", 2, 2, 1);
  check_row (pln_course_report_get_row (by_unit, 1), "C1", 5, 3, 2);
  check_row (pln_course_report_get_row (by_unit, 2), "C2", 1, 1, 0);

  /* By district: everyone is in D1. */
  by_district = pln_course_report_new (f->store, id, PLN_COURSE_BY_DISTRICT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pln_course_report_get_n_rows (by_district), ==, 1);
  check_row (pln_course_report_get_row (by_district, 0), "D1", 8, 6, 3);
  g_assert_cmpstr (pln_course_report_get_row (by_district, 0)->label, ==, "Trung tâm Y tế huyện Ba Chẽ");

  /* Not started: B3 (C1) and E2 (V1). */
  not_started = pln_course_report_get_not_started (by_level);
  g_assert_cmpuint (not_started->len, ==, 2);
  g_assert_cmpstr (((PlnCoursePerson *) g_ptr_array_index (not_started, 0))->staff_number, ==, "E2");
  g_assert_cmpstr (((PlnCoursePerson *) g_ptr_array_index (not_started, 1))->staff_number, ==, "B3");
  missing = pln_course_report_format_not_started_csv (by_level);
  g_assert_cmpstr (missing, ==,
                   "staff_number,name,title,site,district\r\n"
                   "E2,E2,Cộng tác viên dân số,Thôn Khe Tâm,Trung tâm Y tế huyện Ba Chẽ\r\n"
                   "B3,B3,Nữ hộ sinh,Trạm Y tế xã Đồn Đạc,Trung tâm Y tế huyện Ba Chẽ\r\n");

  /* All the watching happened now: one month, 6 started, 3 completed. */
  trend = pln_course_report_get_trend (by_level);
  g_assert_cmpuint (trend->len, ==, 1);
  g_assert_cmpuint (g_array_index (trend, PlnCourseTrendPoint, 0).started, ==, 6);
  g_assert_cmpuint (g_array_index (trend, PlnCourseTrendPoint, 0).completed, ==, 3);

  csv = pln_course_report_format_csv (by_district);
  g_assert_cmpstr (csv, ==,
                   "district,district_name,audience,started,completed,percent,target_percent,meets_target\r\n"
                   "D1,Trung tâm Y tế huyện Ba Chẽ,8,6,3,37.5,50,no\r\n"
                   "total,Total,8,6,3,37.5,50,no\r\n");
}

static void
on_report_ready_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  PlnCourseReport **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = pln_course_report_new_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_report_async (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(PlnCourseReport) report = NULL;
  gint64 id = make_course (f);

  /* The same figures from a thread on its own connection. */
  pln_course_report_new_async (f->store, id, PLN_COURSE_BY_LEVEL, NULL, on_report_ready_cb, &report);
  while (report == NULL)
    g_main_context_iteration (NULL, TRUE);
  check_row (pln_course_report_get_total (report), "total", 8, 6, 3);
  check_row (pln_course_report_get_row (report, 2), "village", 2, 1, 1);
}

static void
on_year_ready_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  PlnYearReport **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = pln_year_report_new_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_year_report (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnEvent) event = pln_event_new ();
  g_autoptr(PlnYearReport) y1970 = NULL;
  g_autoptr(PlnYearReport) now = NULL;
  g_autoptr(PlnSite) c1 = NULL;
  g_autoptr(PlnSite) c2 = NULL;
  g_autoptr(GArray) sites = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GDateTime) today = g_date_time_new_from_unix_utc (g_get_real_time () / G_USEC_PER_SEC + 7 * 3600);
  g_autofree char *csv = NULL;
  gint64 event_id, id = make_course (f);
  GArray *courses;

  /* 1970: a training at C1 and C2 (3 expected each, C1 reports 2 and
   * connects); the two recordings (600 s + 1 000 s = 0.44 h), R1 for staff. */
  pln_event_set_title (event, "Tập huấn 1970");
  pln_event_set_kind (event, PLN_EVENT_KIND_TRAINING);
  pln_event_set_starts_at (event, 3600);
  pln_event_set_ends_at (event, 7200);
  event_id = pln_store_add_event (f->store, event, &error);
  c1 = pln_store_find_site_by_code (f->store, "C1", &error);
  c2 = pln_store_find_site_by_code (f->store, "C2", &error);
  g_array_append_vals (sites, &(gint64) { pln_site_get_id (c1) }, 1);
  g_array_append_vals (sites, &(gint64) { pln_site_get_id (c2) }, 1);
  g_assert_cmpint (pln_store_add_points (f->store, event_id, sites, 3, &error), ==, 2);
  {
    g_autoptr(PlnBridgePoint) point = pln_store_find_point (f->store, event_id, pln_site_get_id (c1), &error);

    g_assert_true (pln_store_report_count (f->store, pln_bridge_point_get_id (point), 2, 4000, &error));
    g_assert_true (pln_store_set_link_status (f->store, pln_bridge_point_get_id (point), PLN_LINK_STATUS_CONNECTED, 3500, &error));
  }
  g_assert_true (pln_store_set_recording_visibility (f->store, f->r1, PLN_VISIBILITY_STAFF, &error));
  g_assert_no_error (error);

  pln_year_report_new_async (f->store, 1970, NULL, on_year_ready_cb, &y1970);
  while (y1970 == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (pln_year_report_get_events (y1970, NULL), ==, 1);
  g_assert_cmpuint (pln_year_report_get_events (y1970, "training"), ==, 1);
  g_assert_cmpuint (pln_year_report_get_points (y1970), ==, 2);
  g_assert_cmpuint (pln_year_report_get_points_connected (y1970), ==, 1);
  g_assert_cmpint (pln_year_report_get_delegates_expected (y1970), ==, 6);
  g_assert_cmpint (pln_year_report_get_delegates_reached (y1970), ==, 2);
  g_assert_cmpuint (pln_year_report_get_recordings (y1970), ==, 2);
  g_assert_cmpfloat_with_epsilon (pln_year_report_get_hours_recorded (y1970), 1600.0 / 3600, 1e-9);
  g_assert_cmpuint (pln_year_report_get_recordings_published (y1970), ==, 1);
  g_assert_cmpuint (pln_year_report_get_replays (y1970), ==, 0);
  g_assert_cmpuint (pln_year_report_get_courses (y1970)->len, ==, 0);

  /* This year: the watching of make_course () — (person, recording) pairs
   * A1 R1 R2, A2 R1 R2, B1 R1 R2, B2 R1, E1 R1 R2, F1 R1, G1 R1 R2: 12
   * replays by 7 people; the course, made now, at 3 of 8 (37.5 %). */
  now = pln_year_report_new (f->store, g_date_time_get_year (today), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pln_year_report_get_events (now, NULL), ==, 0);
  g_assert_cmpuint (pln_year_report_get_replays (now), ==, 12);
  g_assert_cmpuint (pln_year_report_get_viewers (now), ==, 7);
  courses = pln_year_report_get_courses (now);
  g_assert_cmpuint (courses->len, ==, 1);
  g_assert_cmpint (g_array_index (courses, PlnYearCourse, 0).course_id, ==, id);
  g_assert_cmpuint (g_array_index (courses, PlnYearCourse, 0).audience, ==, 8);
  g_assert_cmpuint (g_array_index (courses, PlnYearCourse, 0).completed, ==, 3);
  csv = pln_year_report_format_csv (now);
  g_assert_nonnull (strstr (csv, "replays,12\r\n"));
  g_assert_nonnull (strstr (csv, "_completed_percent,37.5\r\n"));

  g_assert_null (pln_year_report_new (f->store, 12, &error));
  g_assert_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_INVALID);
}

static void
test_report_pdf (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnCourseReport) report = NULL;
  g_autofree char *pdf = g_build_filename (f->dir, "report.pdf", NULL);
  g_autofree char *contents = NULL;
  gsize length;
  gint64 id = make_course (f);

  report = pln_course_report_new (f->store, id, PLN_COURSE_BY_UNIT, &error);
  g_assert_no_error (error);
  g_assert_true (pln_report_pdf_write_course (report, pdf, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &contents, &length, &error));
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));

  /* A folder that does not exist: an error naming the file, no crash. */
  g_clear_object (&report);
  report = pln_course_report_new (f->store, id, PLN_COURSE_BY_UNIT, &error);
  g_assert_false (pln_report_pdf_write_course (report, "/nonexistent-folder/x.pdf", &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "x.pdf"));
}

static void
test_attendance_credit (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnEvent) event = pln_event_new ();
  g_autoptr(PlnCourseReport) report = NULL;
  g_autoptr(GArray) sites = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) delegates = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(PlnSite) c1 = NULL;
  g_autoptr(PlnBridgePoint) point = NULL;
  gint64 id = make_course (f), event_id, b3 = person (f, "B3"), b2 = person (f, "B2");
  g_autofree char *setting = NULL;

  /* B3 and B2 are delegates at C1's point; only B3 is marked present. */
  pln_event_set_title (event, "Tập huấn trực tiếp");
  pln_event_set_kind (event, PLN_EVENT_KIND_TRAINING);
  pln_event_set_starts_at (event, 1000);
  pln_event_set_ends_at (event, 5000);
  event_id = pln_store_add_event (f->store, event, &error);
  g_assert_no_error (error);
  c1 = pln_store_find_site_by_code (f->store, "C1", &error);
  {
    gint64 c1_id = pln_site_get_id (c1);
    g_array_append_val (sites, c1_id);
  }
  g_assert_cmpint (pln_store_add_points (f->store, event_id, sites, 3, &error), ==, 1);
  point = pln_store_find_point (f->store, event_id, pln_site_get_id (c1), &error);
  g_assert_no_error (error);
  g_array_append_val (delegates, b3);
  g_array_append_val (delegates, b2);
  g_assert_true (pln_store_set_delegates (f->store, pln_bridge_point_get_id (point), delegates, &error));
  g_assert_true (pln_store_set_presence (f->store, pln_bridge_point_get_id (point), b3, TRUE, &error));
  g_assert_no_error (error);

  /* The organiser lets the live session count for item 1 (R1): B3 gets
   * R1 whole. B3 had nothing: now started, not completed (item 2 missing). */
  g_assert_cmpint (pln_store_credit_attendance (f->store, id, 1, event_id, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpint (pln_store_get_watched_ms (f->store, b3, f->r1), ==, 600000);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM progress WHERE origin = 'live';"), ==, 1);
  setting = g_strdup_printf ("%" G_GINT64_FORMAT, event_id);
  {
    g_autoptr(PlnCourse) course = pln_store_get_course (f->store, id, NULL);
    g_autofree char *key = g_strdup_printf ("course-item-attendance:%" G_GINT64_FORMAT,
                                            ((PlnCourseItem *) g_ptr_array_index (pln_course_get_items (course), 0))->id);
    g_autofree char *value = pln_store_dup_setting (f->store, key);
    g_assert_cmpstr (value, ==, setting);
  }
  report = pln_course_report_new (f->store, id, PLN_COURSE_BY_LEVEL, &error);
  /* started 6 + B3 = 7, completed still 3. */
  check_row (pln_course_report_get_total (report), "total", 8, 7, 3);

  /* Item 3 does not exist. */
  g_assert_cmpint (pln_store_credit_attendance (f->store, id, 3, event_id, &error), ==, -1);
  g_assert_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* Deleting the course takes the choice with it (item ids are reused),
   * not what people watched. */
  {
    g_autoptr(PlnCourse) course = pln_store_get_course (f->store, id, NULL);
    gint64 item_id = ((PlnCourseItem *) g_ptr_array_index (pln_course_get_items (course), 0))->id;

    g_assert_cmpint (pln_store_get_item_attendance_event (f->store, item_id), ==, event_id);
    g_assert_true (pln_store_delete_course (f->store, id, &error));
    g_assert_no_error (error);
    g_assert_cmpint (pln_store_get_item_attendance_event (f->store, item_id), ==, 0);
    g_assert_cmpint (count_rows (f, "SELECT count(*) FROM settings WHERE key LIKE 'course-item-attendance:%';"), ==, 0);
    g_assert_cmpint (pln_store_get_watched_ms (f->store, b3, f->r1), ==, 600000);
    g_assert_false (pln_store_delete_course (f->store, id, &error));
    g_assert_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_NOT_FOUND);
  }
}

/* A chapter item's span is on the timeline people play: R2 lost its link
 * from 100 to 150 s and was trimmed by 20 s at the start, so its chapter
 * recorded at 400 s plays from 330 s to the end (R2 plays 1 000 s). */
static void
test_chapter_after_gap (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnCourse) course = pln_course_new ();
  g_autoptr(PlnCourse) stored = NULL;
  const gint64 gap[] = { 100000, 150000 };
  const PlnCourseItem *chapter;

  g_assert_true (pln_store_set_recording_gaps (f->store, f->r2, gap, 1, &error));
  g_assert_true (pln_store_set_recording_trim (f->store, f->r2, 20000, -1, &error));
  g_assert_no_error (error);
  pln_course_set_title (course, "Kỹ năng số");
  pln_course_add_item (course, pln_course_item_new (f->r2, f->r2_chapter2));
  g_assert_cmpint (pln_store_add_course (f->store, course, &error), >, 0);
  stored = pln_store_get_course (f->store, pln_course_get_id (course), &error);
  g_assert_no_error (error);
  chapter = g_ptr_array_index (pln_course_get_items (stored), 0);
  g_assert_cmpint (chapter->start_ms, ==, 330000);
  g_assert_cmpint (chapter->end_ms, ==, 1000000);

  /* Setting the gaps again replaces them: none, only the trim is left. */
  g_assert_true (pln_store_set_recording_gaps (f->store, f->r2, NULL, 0, &error));
  g_clear_object (&stored);
  stored = pln_store_get_course (f->store, pln_course_get_id (course), &error);
  chapter = g_ptr_array_index (pln_course_get_items (stored), 0);
  g_assert_cmpint (chapter->start_ms, ==, 380000);
}

/* Editing a course: new title, target and items; the item kept (R2's
 * chapter) keeps its id and the event credited to it, the one taken out
 * goes, the new one is added; a bad edit changes nothing. */
static void
test_update (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnCourse) course = pln_course_new ();
  g_autoptr(PlnCourse) stored = NULL;
  g_autoptr(PlnCourse) bad = NULL;
  g_autoptr(PlnEvent) event = pln_event_new ();
  gint64 id, event_id, chapter_item;
  GPtrArray *items;

  pln_event_set_title (event, "Tập huấn trực tiếp");
  pln_event_set_kind (event, PLN_EVENT_KIND_TRAINING);
  pln_event_set_starts_at (event, 1000);
  pln_event_set_ends_at (event, 5000);
  event_id = pln_store_add_event (f->store, event, &error);
  g_assert_no_error (error);

  pln_course_set_title (course, "Kỹ năng số");
  pln_course_add_item (course, pln_course_item_new (f->r1, 0));
  pln_course_add_item (course, pln_course_item_new (f->r2, f->r2_chapter2));
  id = pln_store_add_course (f->store, course, &error);
  g_assert_cmpint (id, >, 0);
  chapter_item = ((PlnCourseItem *) g_ptr_array_index (pln_course_get_items (course), 1))->id;
  g_assert_cmpint (pln_store_credit_attendance (f->store, id, 2, event_id, &error), >=, 0);
  g_assert_no_error (error);
  g_assert_cmpint (pln_store_get_item_attendance_event (f->store, chapter_item), ==, event_id);

  stored = pln_store_get_course (f->store, id, &error);
  pln_course_set_title (stored, "Kỹ năng số cơ bản");
  pln_course_set_target_percent (stored, 95);
  items = pln_course_get_items (stored);
  g_ptr_array_remove_index (items, 0);
  pln_course_add_item (stored, pln_course_item_new (f->r2, 0));
  g_assert_true (pln_store_update_course (f->store, stored, &error));
  g_assert_no_error (error);
  g_clear_object (&stored);

  stored = pln_store_get_course (f->store, id, &error);
  g_assert_cmpstr (pln_course_get_title (stored), ==, "Kỹ năng số cơ bản");
  g_assert_cmpuint (pln_course_get_target_percent (stored), ==, 95);
  items = pln_course_get_items (stored);
  g_assert_cmpuint (items->len, ==, 2);
  g_assert_cmpint (((PlnCourseItem *) g_ptr_array_index (items, 0))->id, ==, chapter_item);
  g_assert_cmpint (((PlnCourseItem *) g_ptr_array_index (items, 0))->position, ==, 1);
  g_assert_cmpint (((PlnCourseItem *) g_ptr_array_index (items, 1))->recording_id, ==, f->r2);
  g_assert_cmpint (((PlnCourseItem *) g_ptr_array_index (items, 1))->chapter_id, ==, 0);
  g_assert_cmpint (pln_store_get_item_attendance_event (f->store, chapter_item), ==, event_id);

  /* No items: refused, and the stored course is as it was. */
  bad = pln_store_get_course (f->store, id, &error);
  g_ptr_array_set_size (pln_course_get_items (bad), 0);
  pln_course_set_title (bad, "Hỏng");
  g_assert_false (pln_store_update_course (f->store, bad, &error));
  g_assert_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_INVALID);
  g_clear_error (&error);
  /* An item whose recording is gone: refused as a whole. */
  pln_course_add_item (bad, pln_course_item_new (f->r1, 0));
  pln_course_add_item (bad, pln_course_item_new (999, 0));
  g_assert_false (pln_store_update_course (f->store, bad, &error));
  g_assert_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_object (&stored);
  stored = pln_store_get_course (f->store, id, &error);
  g_assert_cmpstr (pln_course_get_title (stored), ==, "Kỹ năng số cơ bản");
  g_assert_cmpuint (pln_course_get_items (stored)->len, ==, 2);
  g_assert_cmpint (pln_store_get_item_attendance_event (f->store, chapter_item), ==, event_id);

  /* A course that is not there. */
  pln_course_set_id (bad, id + 100);
  g_assert_false (pln_store_update_course (f->store, bad, &error));
  g_assert_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_NOT_FOUND);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/course/progress-merged", test_progress_merged);
  ADD ("/course/completion-rule", test_completion_rule);
  ADD ("/course/audience", test_audience);
  ADD ("/course/report-figures", test_report_figures);
  ADD ("/course/report-async", test_report_async);
  ADD ("/course/report-pdf", test_report_pdf);
  ADD ("/course/year-report", test_year_report);
  ADD ("/course/attendance-credit", test_attendance_credit);
  ADD ("/course/chapter-after-gap", test_chapter_after_gap);
  ADD ("/course/update", test_update);
#undef ADD

  return g_test_run ();
}
