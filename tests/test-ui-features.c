/* test-ui-features.c: two actions of the real window under Xvfb, on the
 * demo database: editing an existing course on the Training page (saved
 * over the stored one, as sqlite3 reads it, and shown; a course left
 * without items is refused with the store's reason and nothing changes),
 * and removing a feed from an event on the Recorder page (after a
 * confirmation, the tile goes and so does the event_sources row). */
#define G_LOG_DOMAIN "test-ui-features"

#include "config.h"

#include <adwaita.h>
#include <gst/gst.h>

#include "pln-feed-tile.h"
#include "pln-recorder-page.h"
#include "pln-store-schedule.h"
#include "pln-training-page.h"
#include "ui-helpers.h"

typedef PlnTestApp Fixture;

#define spin pln_test_spin
#define spin_until pln_test_spin_until

/* ---- Helpers ------------------------------------------------------------ */

static GtkWidget *
find (GtkWidget  *root,
      const char *name)
{
  return pln_test_must_find (root, name);
}

static gboolean
no_toplevel (gpointer data)
{
  return pln_test_find_toplevel (data) == NULL;
}

static gboolean
has_toplevel (gpointer data)
{
  return pln_test_find_toplevel (data) != NULL;
}

typedef struct
{
  Fixture    *f;
  const char *sql;
  const char *expected;
} Query;

static gboolean
query_gives (gpointer data)
{
  Query *q = data;
  g_autofree char *answer = pln_test_sqlite (q->f->db, q->sql);

  return g_strcmp0 (answer, q->expected) == 0;
}

static gint64 f_event_id;

/* ---- Fixture ------------------------------------------------------------ */

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  PlnTestAppOptions options = { .demo = TRUE, .width = 1280, .height = 860, .page = data };

  pln_test_app_setup (f, &options);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  pln_test_app_teardown (f);
}

/* ---- Edit a course ------------------------------------------------------ */

static GtkWindow *
open_editor (Fixture *f)
{
  GtkWidget *page = find (GTK_WIDGET (f->window), "training-page");

  g_assert_true (gtk_widget_activate_action (page, "training.edit-course", NULL));
  g_assert_true (spin_until (has_toplevel, (gpointer) "course-editor", 5000));
  return pln_test_find_toplevel ("course-editor");
}

/* The demo course (id 1) opens filled in; a new title and target are saved
 * over it, keeping its items, and the page shows the new title. Then every
 * item removed: the window shows the store's refusal and nothing changed. */
static void
test_edit_course (Fixture       *f,
                  gconstpointer  data)
{
  GtkWidget *page = find (GTK_WIDGET (f->window), "training-page");
  g_autofree char *old_title = pln_test_sqlite (f->db, "SELECT title FROM courses WHERE id = 1;");
  g_autofree char *items_before = pln_test_sqlite (f->db, "SELECT group_concat (id || ':' || recording_id) FROM "
                                                          "(SELECT id, recording_id FROM course_items "
                                                          "WHERE course_id = 1 ORDER BY position);");
  g_autofree char *items_after = NULL;
  g_autofree char *row = NULL;
  g_autofree char *n_items = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GPtrArray) removes = g_ptr_array_new ();
  GtkWindow *editor;
  GtkWidget *error_label;
  const char *new_title = "Bình dân học vụ số (bản sửa 2026)";
  Query q = { f, "SELECT title FROM courses WHERE id = 1;", NULL };

  g_assert_cmpstr (old_title, !=, "");
  g_assert_true (pln_training_page_select_course (PLN_TRAINING_PAGE (page), 1));
  pln_test_assert_shows_soon (find (page, "training-course-title"), old_title, 30000);

  editor = open_editor (f);
  /* Filled with the course: its title and one row per item, in order. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find (GTK_WIDGET (editor), "course-editor-title"))),
                   ==, old_title);
  n_items = pln_test_sqlite (f->db, "SELECT count(*) FROM course_items WHERE course_id = 1;");
  g_assert_true (spin_until ((PlnTestPredicate) gtk_widget_get_mapped,
                             find (GTK_WIDGET (editor), "course-editor-items"), 3000));
  pln_test_find_all_mapped (GTK_WIDGET (editor), "course-editor-item", rows);
  g_assert_cmpuint (rows->len, ==, g_ascii_strtoull (n_items, NULL, 10));
  g_assert_false (gtk_widget_get_visible (find (GTK_WIDGET (editor), "course-editor-event")));

  gtk_editable_set_text (GTK_EDITABLE (find (GTK_WIDGET (editor), "course-editor-title")), new_title);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find (GTK_WIDGET (editor), "course-editor-target")), 75);
  gtk_editable_set_text (GTK_EDITABLE (find (GTK_WIDGET (editor), "course-editor-date")), "2026-06-30");
  pln_test_save_screenshot (GTK_WIDGET (editor), "course-editor-edit.png");
  gtk_widget_activate (find (GTK_WIDGET (editor), "course-editor-save"));
  g_assert_true (spin_until (no_toplevel, (gpointer) "course-editor", 5000));

  /* sqlite3 reads the new title, target and date; the items kept their ids. */
  q.expected = new_title;
  g_assert_true (spin_until (query_gives, &q, 3000));
  row = pln_test_sqlite (f->db, "SELECT target_percent || '|' || "
                                "strftime('%Y-%m-%d', target_date + 7 * 3600, 'unixepoch') FROM courses WHERE id = 1;");
  g_assert_cmpstr (row, ==, "75|2026-06-30");
  items_after = pln_test_sqlite (f->db, "SELECT group_concat (id || ':' || recording_id) FROM "
                                        "(SELECT id, recording_id FROM course_items "
                                        "WHERE course_id = 1 ORDER BY position);");
  g_assert_cmpstr (items_after, ==, items_before);
  pln_test_assert_shows_soon (find (page, "training-course-title"), new_title, 10000);
  pln_test_assert_shows_soon (find (page, "training-courses"), new_title, 10000);
  pln_test_save_screenshot (GTK_WIDGET (f->window), "training-course-edited.png");

  /* Every item removed: refused with the store's reason, nothing changed. */
  editor = open_editor (f);
  for (;;)
    {
      g_ptr_array_set_size (removes, 0);
      pln_test_find_all_mapped (GTK_WIDGET (editor), "course-editor-item-remove", removes);
      if (removes->len == 0)
        break;
      gtk_widget_activate (g_ptr_array_index (removes, 0));
      spin (50);
    }
  gtk_editable_set_text (GTK_EDITABLE (find (GTK_WIDGET (editor), "course-editor-title")), "Không còn gì");
  gtk_widget_activate (find (GTK_WIDGET (editor), "course-editor-save"));
  error_label = find (GTK_WIDGET (editor), "course-editor-error");
  g_assert_true (spin_until ((PlnTestPredicate) gtk_widget_get_mapped, error_label, 3000));
  if (pln_test_ui_is_english ())
    pln_test_assert_shows_soon (error_label, "has no recordings: give it at least one", 1000);
  pln_test_save_screenshot (GTK_WIDGET (editor), "course-editor-refused.png");
  g_assert_nonnull (pln_test_find_toplevel ("course-editor"));
  q.expected = new_title;
  g_assert_true (query_gives (&q));
  g_clear_pointer (&items_after, g_free);
  items_after = pln_test_sqlite (f->db, "SELECT group_concat (id || ':' || recording_id) FROM "
                                        "(SELECT id, recording_id FROM course_items "
                                        "WHERE course_id = 1 ORDER BY position);");
  g_assert_cmpstr (items_after, ==, items_before);
  gtk_window_close (editor);
  g_assert_true (spin_until (no_toplevel, (gpointer) "course-editor", 5000));
}

/* ---- Add items to a course ---------------------------------------------- */

/* The rows of the recordings the Add Item page offers now. */
static GPtrArray *
offered (GtkWindow *editor)
{
  GPtrArray *rows = g_ptr_array_new ();

  pln_test_find_all_mapped (find (GTK_WIDGET (editor), "course-editor-add-list"), "course-editor-add-recording", rows);
  return rows;
}

typedef struct
{
  GtkWindow  *editor;
  const char *title;
} Offer;

/* The offered row titled @title, or NULL. */
static GtkWidget *
offered_row (GtkWindow  *editor,
             const char *title)
{
  g_autoptr(GPtrArray) rows = offered (editor);

  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (g_ptr_array_index (rows, i)), title) == 0)
      return g_ptr_array_index (rows, i);
  return NULL;
}

static gboolean
is_offered (gpointer data)
{
  Offer *o = data;

  return offered_row (o->editor, o->title) != NULL;
}

typedef struct
{
  GtkStack   *stack;
  const char *name;
} StackShows;

static gboolean
stack_shows (gpointer data)
{
  StackShows *s = data;

  return g_strcmp0 (gtk_stack_get_visible_child_name (s->stack), s->name) == 0;
}

static gboolean
combo_has_event (gpointer data)
{
  AdwComboRow *row = data;
  GListModel *events = adw_combo_row_get_model (row);

  for (guint i = 0; events != NULL && i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(PlnEvent) event = g_list_model_get_item (events, i);

      if (pln_event_get_id (event) == f_event_id)
        {
          adw_combo_row_set_selected (row, i);
          return TRUE;
        }
    }
  return FALSE;
}

/* The items of the course in the editor, one title a line. */
static char *
item_titles (GtkWindow *editor)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  GString *titles = g_string_new (NULL);

  pln_test_find_all_mapped (GTK_WIDGET (editor), "course-editor-item", rows);
  for (guint i = 0; i < rows->len; i++)
    g_string_append_printf (titles, "%s\n", adw_preferences_row_get_title (g_ptr_array_index (rows, i)));
  return g_string_free (titles, FALSE);
}

/* The demo course (id 1: 30 lessons, none of an event) loses its lesson 5;
 * Add Item… appends the training's recording, chosen among its event's,
 * then lesson 5 again, found by a search without accents; a recording in
 * the course cannot be chosen twice. Saved, sqlite3 reads the items in
 * that order. */
static void
test_add_course_item (Fixture       *f,
                      gconstpointer  data)
{
  GtkWidget *page = find (GTK_WIDGET (f->window), "training-page");
  g_autofree char *training = pln_test_sqlite (f->db, "SELECT id || '|' || event_id || '|' || title FROM recordings "
                                                      "WHERE event_id = (SELECT id FROM events WHERE kind = 'training' "
                                                      "AND id IN (SELECT event_id FROM recordings) ORDER BY id LIMIT 1);");
  g_autofree char *lesson5 = pln_test_sqlite (f->db, "SELECT title FROM recordings WHERE id = 5;");
  g_auto(GStrv) parts = g_strsplit (training, "|", 3);
  g_autoptr(GPtrArray) removes = g_ptr_array_new ();
  g_autofree char *titles = NULL;
  g_autofree char *items = NULL;
  StackShows on_course = { NULL, "course" }, on_add = { NULL, "add" };
  Offer offer_training = { NULL, NULL }, offer_lesson5 = { NULL, lesson5 };
  GtkWindow *editor;
  GtkWidget *row;
  Query q = { f, "SELECT count(*) || '|' || group_concat (recording_id) FROM "
                 "(SELECT recording_id FROM course_items WHERE course_id = 1 ORDER BY position);", NULL };
  g_autofree char *expected = NULL;

  g_assert_cmpuint (g_strv_length (parts), ==, 3);
  g_assert_true (pln_training_page_select_course (PLN_TRAINING_PAGE (page), 1));
  editor = open_editor (f);
  on_course.stack = on_add.stack = GTK_STACK (find (GTK_WIDGET (editor), "course-editor-stack"));
  offer_training.editor = offer_lesson5.editor = editor;
  offer_training.title = parts[2];
  g_assert_true (spin_until ((PlnTestPredicate) gtk_widget_get_mapped,
                             find (GTK_WIDGET (editor), "course-editor-items"), 3000));

  /* Lesson 5 out. */
  pln_test_find_all_mapped (GTK_WIDGET (editor), "course-editor-item-remove", removes);
  g_assert_cmpuint (removes->len, ==, 30);
  pln_test_click (g_ptr_array_index (removes, 4));
  titles = item_titles (editor);
  g_assert_null (strstr (titles, lesson5));
  g_clear_pointer (&titles, g_free);

  /* Add Item…: the training's recording, among its event's. */
  pln_test_click (find (GTK_WIDGET (editor), "course-editor-add-item"));
  g_assert_true (spin_until (stack_shows, &on_add, 3000));
  f_event_id = g_ascii_strtoll (parts[1], NULL, 10);
  g_assert_true (spin_until (combo_has_event, find (GTK_WIDGET (editor), "course-editor-add-event"), 5000));
  g_assert_true (spin_until (is_offered, &offer_training, 5000));
  pln_test_save_screenshot (GTK_WIDGET (editor), "course-editor-add-item.png");
  gtk_widget_activate (offered_row (editor, parts[2]));
  g_assert_true (spin_until (stack_shows, &on_course, 3000));
  titles = item_titles (editor);
  g_assert_true (g_str_has_suffix (titles, parts[2]) || strstr (titles, parts[2]) != NULL);
  g_clear_pointer (&titles, g_free);

  /* Again: that recording is in the course already; lesson 5 by a search. */
  pln_test_click (find (GTK_WIDGET (editor), "course-editor-add-item"));
  g_assert_true (spin_until (stack_shows, &on_add, 3000));
  g_assert_true (spin_until (is_offered, &offer_training, 5000));
  g_assert_false (gtk_widget_get_sensitive (offered_row (editor, parts[2])));
  gtk_editable_set_text (GTK_EDITABLE (find (GTK_WIDGET (editor), "course-editor-add-search")), "lua dao truc tuyen");
  g_assert_true (spin_until (is_offered, &offer_lesson5, 5000));
  row = offered_row (editor, lesson5);
  g_assert_true (gtk_widget_get_sensitive (row));
  pln_test_save_screenshot (GTK_WIDGET (editor), "course-editor-add-search.png");
  gtk_widget_activate (row);
  g_assert_true (spin_until (stack_shows, &on_course, 3000));
  titles = item_titles (editor);
  expected = g_strdup_printf ("%s\n%s\n", parts[2], lesson5);
  g_assert_true (g_str_has_suffix (titles, expected));
  pln_test_save_screenshot (GTK_WIDGET (editor), "course-editor-added.png");

  /* Escape on the course page closes without saving; so Save first. */
  gtk_widget_activate (find (GTK_WIDGET (editor), "course-editor-save"));
  g_assert_true (spin_until (no_toplevel, (gpointer) "course-editor", 5000));
  q.expected = items = g_strdup_printf ("31|1,2,3,4,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,"
                                        "29,30,%s,5", parts[0]);
  g_assert_true (spin_until (query_gives, &q, 5000));
}

/* ---- Remove a feed ------------------------------------------------------ */

typedef struct
{
  Fixture *f;
  guint    n;
} TileCount;

static gboolean
tiles_are (gpointer data)
{
  TileCount *t = data;
  g_autoptr(GPtrArray) tiles = g_ptr_array_new ();

  pln_test_find_all_mapped (find (GTK_WIDGET (t->f->window), "recorder-feeds"), "feed-tile", tiles);
  return tiles->len == t->n;
}

static gboolean
choose_event (gpointer data)
{
  return pln_recorder_page_set_event_id (PLN_RECORDER_PAGE (data), f_event_id);
}

/* A feed added by its address to an event to come is removed from its
 * tile, after a confirmation: the tile goes, and the event_sources row. */
static void
test_remove_feed (Fixture       *f,
                  gconstpointer  data)
{
  GtkWidget *page = find (GTK_WIDGET (f->window), "recorder-page");
  g_autoptr(PlnEvent) event = pln_event_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  const char *uri = "test://hall?size=320x240&fps=10";
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 event_id;
  GtkWindow *dialog;
  TileCount one = { f, 1 }, none = { f, 0 };
  Query q = { f, NULL, NULL };

  pln_event_set_kind (event, PLN_EVENT_KIND_TRAINING);
  pln_event_set_title (event, "Tập huấn ghi hình");
  pln_event_set_starts_at (event, now + 3 * 3600);
  pln_event_set_ends_at (event, now + 5 * 3600);
  event_id = pln_store_add_event (f->store, event, &error);
  g_assert_no_error (error);
  /* The page's list of events takes the new one in as the store reloads. */
  f_event_id = event_id;
  g_assert_true (spin_until (choose_event, page, 5000));

  gtk_menu_button_popup (GTK_MENU_BUTTON (find (page, "recorder-add-feed")));
  spin (200);
  gtk_editable_set_text (GTK_EDITABLE (find (page, "recorder-uri-entry")), uri);
  gtk_widget_activate (find (page, "recorder-add-uri"));
  g_assert_true (spin_until (tiles_are, &one, 5000));
  sql = g_strdup_printf ("SELECT count(*) FROM event_sources WHERE event_id = %" G_GINT64_FORMAT ";", event_id);
  q.sql = sql;
  q.expected = "1";
  g_assert_true (spin_until (query_gives, &q, 3000));

  /* Not recording: Remove Feed asks first; Cancel keeps it. */
  g_assert_true (gtk_widget_get_visible (find (page, "feed-remove")));
  pln_test_save_screenshot (find (page, "feed-tile"), "recorder-feed-tile.png");
  gtk_widget_activate (find (page, "feed-remove"));
  g_assert_true (spin_until (has_toplevel, (gpointer) "recorder-remove-dialog", 5000));
  dialog = pln_test_find_toplevel ("recorder-remove-dialog");
  if (pln_test_ui_is_english ())
    pln_test_assert_shows_soon (GTK_WIDGET (dialog), "The recordings already made stay in the library.", 1000);
  pln_test_save_screenshot (GTK_WIDGET (dialog), "recorder-remove-feed.png");
  /* As its buttons do: the response, then the dialog closes. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_close (dialog);
  g_assert_true (spin_until (no_toplevel, (gpointer) "recorder-remove-dialog", 5000));
  g_assert_true (tiles_are (&one));
  g_assert_true (query_gives (&q));

  gtk_widget_activate (find (page, "feed-remove"));
  g_assert_true (spin_until (has_toplevel, (gpointer) "recorder-remove-dialog", 5000));
  dialog = pln_test_find_toplevel ("recorder-remove-dialog");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "remove");
  gtk_window_close (dialog);
  g_assert_true (spin_until (tiles_are, &none, 5000));
  q.expected = "0";
  g_assert_true (spin_until (query_gives, &q, 3000));
  g_assert_true (spin_until ((PlnTestPredicate) gtk_widget_get_mapped, find (page, "recorder-no-feeds"), 3000));
  pln_test_save_screenshot (GTK_WIDGET (f->window), "recorder-feed-removed.png");
}

static gboolean
tile_is_recording (gpointer data)
{
  Fixture *f = data;
  GtkWidget *tile = pln_test_find (find (GTK_WIDGET (f->window), "recorder-feeds"), "feed-tile");

  return tile != NULL && pln_feed_tile_get_state (PLN_FEED_TILE (tile)) == PLN_RECORDER_STATE_RECORDING;
}

static gboolean
tile_is_stopped (gpointer data)
{
  Fixture *f = data;
  GtkWidget *tile = pln_test_find (find (GTK_WIDGET (f->window), "recorder-feeds"), "feed-tile");
  PlnRecorderState state = tile != NULL ? pln_feed_tile_get_state (PLN_FEED_TILE (tile)) : PLN_RECORDER_STATE_STOPPED;

  return state != PLN_RECORDER_STATE_STARTING && state != PLN_RECORDER_STATE_RECORDING &&
         state != PLN_RECORDER_STATE_RECONNECTING;
}

/* A feed that is recording cannot be removed: Remove Feed answers with a
 * dialog that says to stop it first, and the feed stays (its tile, still
 * recording, and its event_sources row). */
static void
test_remove_recording_feed (Fixture       *f,
                            gconstpointer  data)
{
  GtkWidget *page = find (GTK_WIDGET (f->window), "recorder-page");
  g_autoptr(PlnEvent) event = pln_event_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  const char *uri = "test://podium?size=320x240&fps=10";
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  GtkWindow *dialog;
  TileCount one = { f, 1 };
  Query q = { f, NULL, "1" };

  pln_event_set_kind (event, PLN_EVENT_KIND_TRAINING);
  pln_event_set_title (event, "Tập huấn đang ghi hình");
  pln_event_set_starts_at (event, now - 60);
  pln_event_set_ends_at (event, now + 3600);
  f_event_id = pln_store_add_event (f->store, event, &error);
  g_assert_no_error (error);
  g_assert_true (spin_until (choose_event, page, 5000));

  pln_test_popup (find (page, "recorder-add-feed"));
  gtk_editable_set_text (GTK_EDITABLE (find (page, "recorder-uri-entry")), uri);
  gtk_widget_activate (find (page, "recorder-add-uri"));
  g_assert_true (spin_until (tiles_are, &one, 5000));
  sql = g_strdup_printf ("SELECT count(*) FROM event_sources WHERE event_id = %" G_GINT64_FORMAT " AND uri = '%s';",
                         f_event_id, uri);
  q.sql = sql;
  g_assert_true (spin_until (query_gives, &q, 3000));

  pln_test_click (find (page, "recorder-start"));
  g_assert_true (spin_until (tile_is_recording, f, 20000));

  /* Remove Feed on the recording tile: refused, in a dialog. */
  g_assert_true (gtk_widget_get_visible (find (page, "feed-remove")));
  gtk_widget_activate (find (page, "feed-remove"));
  g_assert_true (spin_until (has_toplevel, (gpointer) "recorder-remove-dialog", 5000));
  dialog = pln_test_find_toplevel ("recorder-remove-dialog");
  if (pln_test_ui_is_english ())
    {
      g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Stop the Recording First");
      pln_test_assert_shows_soon (GTK_WIDGET (dialog), "is recording: stop its recording first, then remove the feed.",
                                  1000);
    }
  /* Only a way out: nothing to confirm. */
  g_assert_false (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "remove"));
  pln_test_save_screenshot (GTK_WIDGET (dialog), "recorder-remove-recording-feed.png");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_close (dialog);
  g_assert_true (spin_until (no_toplevel, (gpointer) "recorder-remove-dialog", 5000));

  /* The feed stays: its row (sqlite3), its tile, still recording. */
  g_assert_true (query_gives (&q));
  g_assert_true (tiles_are (&one));
  g_assert_true (tile_is_recording (f));

  /* Stopped, as the person would do next. */
  pln_test_click (find (page, "recorder-stop"));
  g_assert_true (spin_until (has_toplevel, (gpointer) "recorder-stop-dialog", 5000));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (pln_test_find_toplevel ("recorder-stop-dialog")), "stop");
  g_assert_true (spin_until (tile_is_stopped, f, 20000));
}

/* On a loaded machine a recorder's pipeline may take longer than the
 * recorder waits for it to finish on Stop; it says so and closes it
 * anyway. Only that warning is let through (as in test-ui-recorder). */
static gboolean
on_fatal_log_cb (const char     *domain,
                 GLogLevelFlags  level,
                 const char     *message,
                 gpointer        data)
{
  return !(g_strcmp0 (domain, "plenary-recorder") == 0 && (level & G_LOG_LEVEL_WARNING) != 0 &&
           strstr (message, "the pipeline did not finish within") != NULL);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_log_set_fatal_handler (on_fatal_log_cb, NULL);
  gst_init (&argc, &argv);

  if (!pln_test_ui_init ())
    {
      g_test_skip ("no display: DISPLAY and WAYLAND_DISPLAY are unset (run under xvfb-run)");
      return g_test_run ();
    }
  if (!pln_test_have_plenary_and_sqlite ())
    {
      g_test_skip ("PLENARY_EXE is unset (run through meson test) or sqlite3 is missing");
      return g_test_run ();
    }

  g_test_add ("/ui-features/edit-course", Fixture, "training", fixture_setup, test_edit_course, fixture_teardown);
  g_test_add ("/ui-features/add-course-item", Fixture, "training", fixture_setup, test_add_course_item,
              fixture_teardown);
  g_test_add ("/ui-features/remove-feed", Fixture, "recorder", fixture_setup, test_remove_feed, fixture_teardown);
  g_test_add ("/ui-features/remove-recording-feed", Fixture, "recorder", fixture_setup, test_remove_recording_feed,
              fixture_teardown);

  return g_test_run ();
}
