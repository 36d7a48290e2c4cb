/* test-search.c: full-text search over recordings, blind to case and to
 * Vietnamese diacritics (đ/Đ included), over titles, descriptions, agenda,
 * chapters, speakers and site names; checked against the sqlite3 tool. */
#include "config.h"

#include <glib/gstdio.h>

#include "pln-store-recordings.h"
#include "pln-store-search.h"
#include "pln-text-fold.h"

typedef struct
{
  char     *dir;
  PlnStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(PlnEvent) event = pln_event_new ();
  g_autoptr(PlnAgendaItem) item = NULL;
  gint64 site, event_id, recording;

  fixture->dir = g_dir_make_tmp ("plenary-search-XXXXXX", NULL);
  path = g_build_filename (fixture->dir, "plenary.db", NULL);
  fixture->store = pln_store_open (path, &error);
  g_assert_no_error (error);

  site = pln_store_add_site (fixture->store, "QN-BC", "Trung tâm Y tế huyện Ba Chẽ", PLN_SITE_LEVEL_DISTRICT, 0, &error);
  g_assert_no_error (error);
  pln_store_add_site (fixture->store, "QN-DT", "Trung tâm Y tế thị xã Đông Triều", PLN_SITE_LEVEL_DISTRICT, 0, &error);
  g_assert_no_error (error);

  pln_event_set_kind (event, PLN_EVENT_KIND_TRAINING);
  pln_event_set_title (event, "Tập huấn truyền thông y tế");
  pln_event_set_description (event, "Kỹ năng xử lý thông tin sai lệch");
  pln_event_set_starts_at (event, 1722560400);
  pln_event_set_ends_at (event, 1722571200);
  pln_event_set_host_site_id (event, site);
  item = pln_agenda_item_new ();
  pln_agenda_item_set_title (item, "Truyền thông trên mạng xã hội");
  pln_agenda_item_set_speaker (item, "ThS. Nguyễn Thị Hương");
  pln_event_append_agenda_item (event, item);
  event_id = pln_store_add_event (fixture->store, event, &error);
  g_assert_no_error (error);

  recording = pln_store_add_recording (fixture->store, event_id, "Phiên sáng", "a", "test://", 1722560400, &error);
  g_assert_no_error (error);
  pln_store_add_chapter (fixture->store, recording, 60000, "Phát biểu khai mạc", &error);
  g_assert_no_error (error);
  pln_store_add_chapter (fixture->store, recording, 120000, "Đổi mới sáng tạo", &error);
  g_assert_no_error (error);

  recording = pln_store_add_recording (fixture->store, 0, "Hội nghị ĐÔNG TRIỀU", "b", "test://", 1722000000, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", fixture->dir);

  g_clear_object (&fixture->store);
  g_assert_cmpint (system (command), ==, 0);
  g_free (fixture->dir);
}

/* The titles found for @query, joined by "|". */
static char *
titles (Fixture    *fixture,
        const char *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) results = pln_store_search_recordings (fixture->store, query, PLN_VISIBILITY_DRAFT,
                                                               FALSE, 0, &error);
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(PlnRecording) recording = g_list_model_get_item (results, i);

      g_string_append_printf (out, "%s%s", i ? "|" : "", pln_recording_get_title (recording));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_fold (void)
{
  g_autofree char *a = pln_text_fold ("Ba Chẽ");
  g_autofree char *b = pln_text_fold ("ĐÔNG TRIỀU đông");
  g_autofree char *c = pln_text_fold ("Tập huấn NGƯỜI");
  g_autofree char *q = pln_text_fold_fts_query ("  dong-trieu \"x\" OR *");
  g_autofree char *empty = pln_text_fold_fts_query (" ,;\" ");

  g_assert_cmpstr (a, ==, "ba che");
  g_assert_cmpstr (b, ==, "dong trieu dong");
  g_assert_cmpstr (c, ==, "tap huan nguoi");
  /* Operators and quotes a person types are words or nothing, never syntax. */
  g_assert_cmpstr (q, ==, "\"dong\"* \"trieu\"* \"x\"* \"or\"*");
  g_assert_null (empty);
}

static void
test_diacritics (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *ba_che = titles (fixture, "ba che");
  g_autofree char *ba_che_marked = titles (fixture, "Ba Chẽ");
  g_autofree char *tap_huan = titles (fixture, "tap huan");
  g_autofree char *tap_huan_upper = titles (fixture, "TẬP HUẤN");
  g_autofree char *dong_trieu = titles (fixture, "dong trieu");
  g_autofree char *dong_trieu_marked = titles (fixture, "Đông Triều");

  /* The host site's name finds the event's recording. */
  g_assert_cmpstr (ba_che, ==, "Phiên sáng");
  g_assert_cmpstr (ba_che_marked, ==, "Phiên sáng");
  g_assert_cmpstr (tap_huan, ==, "Phiên sáng");
  g_assert_cmpstr (tap_huan_upper, ==, "Phiên sáng");
  /* đ/Đ, which sqlite's remove_diacritics leaves alone. */
  g_assert_cmpstr (dong_trieu, ==, "Hội nghị ĐÔNG TRIỀU");
  g_assert_cmpstr (dong_trieu_marked, ==, "Hội nghị ĐÔNG TRIỀU");
}

static void
test_fields (Fixture       *fixture,
             gconstpointer  data)
{
  const char *queries[] = {
    "khai mac",          /* a chapter */
    "doi moi",           /* a chapter with đ */
    "nguyen thi huong",  /* a speaker */
    "mang xa hoi",       /* an agenda item */
    "thong tin sai",     /* the event's description */
    "truyen th",         /* a prefix */
  };

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autofree char *found = titles (fixture, queries[i]);

      g_assert_cmpstr (found, ==, "Phiên sáng");
    }
}

static void
test_nothing (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *none = titles (fixture, "ha long");
  g_autofree char *empty = titles (fixture, "   ");
  g_autofree char *all_words = titles (fixture, "ba che dong trieu");
  g_autofree char *syntax = titles (fixture, "\"ba\" AND (NEAR");

  g_assert_cmpstr (none, ==, "");
  g_assert_cmpstr (empty, ==, "");
  /* Every word must match. */
  g_assert_cmpstr (all_words, ==, "");
  g_assert_cmpstr (syntax, ==, "");
}

static void
test_external_rows (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *command = NULL;
  g_autofree char *found = NULL;
  g_autofree char *ready = NULL;
  g_autoptr(GListModel) ready_only = NULL;
  int status = 0;

  /* A row the sqlite3 tool writes has no index row: search indexes it first. */
  command = g_strdup_printf ("sqlite3 '%s' \"INSERT INTO recordings (public_id, title, folder, state, visibility, "
                             "created_at) VALUES ('x1', 'Bình dân học vụ số', 'c', 'ready', 'public', 0);\"",
                             pln_store_get_path (fixture->store));
  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, NULL));
  g_assert_cmpint (status, ==, 0);
  found = titles (fixture, "binh dan hoc vu so");
  g_assert_cmpstr (found, ==, "Bình dân học vụ số");

  ready_only = pln_store_search_recordings (fixture->store, "hoc vu", PLN_VISIBILITY_PUBLIC, TRUE, 0, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (ready_only), ==, 1);
  g_clear_object (&ready_only);
  ready_only = pln_store_search_recordings (fixture->store, "phien sang", PLN_VISIBILITY_PUBLIC, TRUE, 0, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (ready_only), ==, 0);

  /* The index agrees with the tool's view of the table. */
  g_free (command);
  command = g_strdup_printf ("sqlite3 '%s' \"SELECT count(*) FROM recordings_fts WHERE recordings_fts MATCH 'dong';\"",
                             pln_store_get_path (fixture->store));
  g_assert_true (g_spawn_command_line_sync (command, &ready, NULL, &status, NULL));
  g_assert_cmpstr (g_strstrip (ready), ==, "1");   /* ĐÔNG TRIỀU, folded */
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/search/fold", test_fold);
  g_test_add ("/search/diacritics", Fixture, NULL, fixture_set_up, test_diacritics, fixture_tear_down);
  g_test_add ("/search/fields", Fixture, NULL, fixture_set_up, test_fields, fixture_tear_down);
  g_test_add ("/search/nothing", Fixture, NULL, fixture_set_up, test_nothing, fixture_tear_down);
  g_test_add ("/search/external-rows", Fixture, NULL, fixture_set_up, test_external_rows, fixture_tear_down);
  return g_test_run ();
}
