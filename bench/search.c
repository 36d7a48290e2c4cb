/* bench/search: Plenary's full-text search over recordings beside a plain
 * LIKE scan, in the same run, on the same database.
 *
 *   ninja -C BUILD bench/search && BUILD/bench/search [N_RECORDINGS]
 *
 * Writes N recordings (10 000 by default), each with 6 chapters, in events
 * with agenda items and speakers, Vietnamese titles with diacritics, then
 * times
 *   - building the FTS5 index (pln_store_rebuild_search_index),
 *   - for each query, Plenary's search (pln_store_search_recordings: folds
 *     the query, FTS5 MATCH, bm25 ranking, joins for the rows) with the
 *     query as a person types it (no diacritics),
 *   - the same words as a plain LIKE scan over titles, descriptions and
 *     chapter titles, given the diacritics (LIKE cannot fold them, so it is
 *     handed the exact text; it is the cheapest search a program could do),
 * median of 20 runs each, for the first page of 50 rows and for every
 * match, and prints the figures, the ratio and the number of rows found. Not a test: nothing is asserted.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "pln-store-search.h"

#define RUNS 20

static void
die (const char *what,
     const char *message)
{
  fprintf (stderr, "bench/search: %s: %s\n", what, message ? message : "failed");
  exit (1);
}

static void
exec_or_die (sqlite3    *db,
             const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    die (sql, message);
}

static const char * const topics[] = {
  "Tập huấn truyền thông", "Hội nghị trực tuyến", "Hội thảo chuyên đề", "Bình dân học vụ số",
  "Kỹ năng tư vấn", "An toàn vệ sinh lao động", "Chuyển đổi số y tế", "Phòng chống dịch bệnh",
};
static const char * const places[] = {
  "Hạ Long", "Móng Cái", "Cẩm Phả", "Uông Bí", "Đông Triều", "Quảng Yên", "Vân Đồn",
  "Cô Tô", "Tiên Yên", "Đầm Hà", "Hải Hà", "Bình Liêu", "Ba Chẽ",
};
static const char * const chapters[] = {
  "Khai mạc", "Phát biểu chỉ đạo", "Báo cáo tổng kết", "Thảo luận", "Giải đáp thắc mắc",
  "Xử lý thông tin sai lệch", "Truyền thông trên mạng xã hội", "Bế mạc", "Đổi mới sáng tạo",
};
static const char * const speakers[] = {
  "BS. Nguyễn Văn An", "ThS. Trần Thị Bình", "TS. Lê Đức Cường", "CN. Phạm Thu Hà", "BSCKII. Đặng Minh Sơn",
};

static void
populate (const char *path,
          guint       n)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *event = NULL, *agenda = NULL, *recording = NULL, *chapter = NULL;
  guint n_events = MAX (n / 4, 1);

  if (sqlite3_open (path, &db) != SQLITE_OK)
    die ("open", sqlite3_errmsg (db));
  exec_or_die (db, "BEGIN;");
  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    {
      g_autofree char *sql = g_strdup_printf ("INSERT INTO sites (id, code, name, level) VALUES (%u, 'S%u', "
                                              "'Trung tâm Y tế %s', 'district');", i + 1, i + 1, places[i]);
      exec_or_die (db, sql);
    }
  sqlite3_prepare_v2 (db, "INSERT INTO events (id, uid, kind, title, description, starts_at, ends_at, host_site_id, "
                          "created_at, updated_at) VALUES (?1, 'u' || ?1, 'training', ?2, ?3, ?4, ?4 + 7200, ?5, 0, 0);",
                      -1, &event, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO agenda_items (event_id, position, title, speaker) VALUES (?1, ?2, ?3, ?4);",
                      -1, &agenda, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO recordings (id, public_id, event_id, title, description, folder, state, "
                          "visibility, started_at, duration_ms, created_at) "
                          "VALUES (?1, 'p' || ?1, ?2, ?3, ?4, 'f' || ?1, 'ready', 'public', ?5, 3600000, 0);",
                      -1, &recording, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO chapters (recording_id, offset_ms, title) VALUES (?1, ?2, ?3);",
                      -1, &chapter, NULL);

  for (guint e = 1; e <= n_events; e++)
    {
      g_autofree char *title = g_strdup_printf ("%s %s %u", topics[e % G_N_ELEMENTS (topics)],
                                                places[e % G_N_ELEMENTS (places)], 2020 + e % 6);
      g_autofree char *description = g_strdup_printf ("Sở Y tế Quảng Ninh, đợt %u", e);

      sqlite3_bind_int (event, 1, e);
      sqlite3_bind_text (event, 2, title, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (event, 3, description, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (event, 4, 1600000000 + (gint64) e * 86400);
      sqlite3_bind_int (event, 5, 1 + e % G_N_ELEMENTS (places));
      sqlite3_step (event);
      sqlite3_reset (event);
      for (guint a = 0; a < 4; a++)
        {
          sqlite3_bind_int (agenda, 1, e);
          sqlite3_bind_int (agenda, 2, a);
          sqlite3_bind_text (agenda, 3, chapters[(e + a) % G_N_ELEMENTS (chapters)], -1, SQLITE_STATIC);
          sqlite3_bind_text (agenda, 4, speakers[(e + a) % G_N_ELEMENTS (speakers)], -1, SQLITE_STATIC);
          sqlite3_step (agenda);
          sqlite3_reset (agenda);
        }
    }
  for (guint r = 1; r <= n; r++)
    {
      guint e = 1 + (r - 1) % n_events;
      g_autofree char *title = g_strdup_printf ("Phiên %u — %s", r, topics[(r / 3) % G_N_ELEMENTS (topics)]);
      g_autofree char *description = g_strdup_printf ("Ghi hình tại điểm cầu %s", places[r % G_N_ELEMENTS (places)]);

      sqlite3_bind_int (recording, 1, r);
      sqlite3_bind_int (recording, 2, e);
      sqlite3_bind_text (recording, 3, title, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (recording, 4, description, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (recording, 5, 1600000000 + (gint64) r * 3600);
      sqlite3_step (recording);
      sqlite3_reset (recording);
      for (guint c = 0; c < 6; c++)
        {
          sqlite3_bind_int (chapter, 1, r);
          sqlite3_bind_int (chapter, 2, c * 600000);
          sqlite3_bind_text (chapter, 3, chapters[(r * 7 + c) % G_N_ELEMENTS (chapters)], -1, SQLITE_STATIC);
          sqlite3_step (chapter);
          sqlite3_reset (chapter);
        }
    }
  sqlite3_finalize (event);
  sqlite3_finalize (agenda);
  sqlite3_finalize (recording);
  sqlite3_finalize (chapter);
  exec_or_die (db, "COMMIT;");
  sqlite3_close (db);
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median (double *values)
{
  qsort (values, RUNS, sizeof (double), compare_doubles);
  return values[RUNS / 2];
}

/* The plain scan: every word (as stored, with its diacritics) must be in
 * the title, the description or a chapter title. */
static guint
like_scan (sqlite3    *db,
           const char *text,
           guint       limit)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  g_autoptr(GString) sql = g_string_new ("SELECT r.id, r.title, r.public_id FROM recordings r WHERE 1");
  sqlite3_stmt *stmt = NULL;
  guint n = 0;

  for (guint i = 0; words[i] != NULL; i++)
    g_string_append_printf (sql, " AND (r.title LIKE '%%%s%%' OR r.description LIKE '%%%s%%' OR EXISTS "
                                 "(SELECT 1 FROM chapters c WHERE c.recording_id = r.id AND c.title LIKE '%%%s%%'))",
                            words[i], words[i], words[i]);
  g_string_append_printf (sql, " ORDER BY r.started_at DESC LIMIT %d;", limit ? (int) limit : -1);
  if (sqlite3_prepare_v2 (db, sql->str, -1, &stmt, NULL) != SQLITE_OK)
    die ("LIKE", sqlite3_errmsg (db));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      /* Read the row, as a program showing it would. */
      g_free (g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
      n++;
    }
  sqlite3_finalize (stmt);
  return n;
}

int
main (int    argc,
      char **argv)
{
  /* What a person types, and the same words as stored (for LIKE). */
  static const char * const queries[][2] = {
    { "khai mac", "Khai mạc" },
    { "dong trieu", "Đông Triều" },
    { "tap huan truyen thong", "Tập huấn truyền thông" },
    { "xu ly thong tin sai lech", "Xử lý thông tin sai lệch" },
    { "doi moi", "Đổi mới" },
    { "binh dan hoc vu so ba che", "Bình dân học vụ số Ba Chẽ" },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("plenary-bench-search-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "bench.db", NULL);
  g_autofree char *command = NULL;
  g_autoptr(PlnStore) store = NULL;
  sqlite3 *plain = NULL;
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 10000;
  gint64 start;

  if (n == 0)
    n = 10000;
  store = pln_store_open (path, &error);
  if (store == NULL)
    die ("open the store", error->message);
  populate (path, n);

  start = g_get_monotonic_time ();
  if (!pln_store_rebuild_search_index (store, &error))
    die ("index", error->message);
  printf ("%u recordings, %u chapters: FTS index built in %.2f s\n", n, n * 6,
          (g_get_monotonic_time () - start) / 1e6);

  sqlite3_open_v2 (path, &plain, SQLITE_OPEN_READONLY, NULL);
  for (guint limit = 50; ; limit = 0)
    {
      if (limit)
        printf ("\nFirst page (%u rows):\n", limit);
      else
        printf ("\nEvery match:\n");
      printf ("%-28s %12s %7s %12s %7s %8s\n", "query", "Plenary ms", "found", "LIKE ms", "found", "ratio");
      for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
        {
          double fts[RUNS], like[RUNS];
          guint n_fts = 0, n_like = 0;

          for (guint run = 0; run < RUNS; run++)
            {
              g_autoptr(GListModel) found = NULL;

              start = g_get_monotonic_time ();
              found = pln_store_search_recordings (store, queries[q][0], PLN_VISIBILITY_DRAFT, FALSE, limit, &error);
              fts[run] = (g_get_monotonic_time () - start) / 1e3;
              if (found == NULL)
                die ("search", error->message);
              n_fts = g_list_model_get_n_items (found);

              start = g_get_monotonic_time ();
              n_like = like_scan (plain, queries[q][1], limit);
              like[run] = (g_get_monotonic_time () - start) / 1e3;
            }
          {
            double f = median (fts), l = median (like);

            printf ("%-28s %12.2f %7u %12.2f %7u %7.1fx\n", queries[q][0], f, n_fts, l, n_like, l / MAX (f, 0.001));
          }
        }
      if (limit == 0)
        break;
    }
  printf ("\nPlenary: folded query, FTS5 MATCH, bm25 order, each row as a PlnRecording.\n"
          "LIKE: the exact diacritics handed to it, newest first, rows read; it misses the agenda, speakers and sites.\n"
          "ratio: LIKE time / Plenary time (above 1: Plenary is faster).\n");

  sqlite3_close (plain);
  g_clear_object (&store);
  if (g_getenv ("PLN_BENCH_KEEP") != NULL)
    {
      printf ("kept %s\n", path);
      return 0;
    }
  command = g_strdup_printf ("rm -rf '%s'", dir);
  if (system (command) != 0)
    return 1;
  return 0;
}
