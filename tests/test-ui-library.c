/* test-ui-library.c: the Library page of the real window under Xvfb, on
 * the demo database (whose `plenary demo` records and packages a few
 * seconds of test pattern per demo event): the recordings in the grid, a
 * search without diacritics, who is watching (a wrong then the right
 * sign-in code), playback whose timestamp advances, progress saved as
 * merged intervals (checked with sqlite3) and resumed, a chapter jump,
 * publishing, a new title, and a video file imported and packaged
 * (checked with ffprobe). */
#define G_LOG_DOMAIN "test-ui-library"

#include "config.h"

#include <adwaita.h>
#include <gst/gst.h>

#include "pln-archive.h"
#include "pln-library-page.h"
#include "pln-recording-detail.h"
#include "pln-store-recordings.h"
#include "pln-text-fold.h"
#include "pln-viewer-dialog.h"
#include "ui-helpers.h"

typedef struct
{
  PlnTestApp app;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  PlnTestAppOptions options = { .demo = TRUE, .page = "library" };

  pln_test_app_setup (&f->app, &options);
  g_settings_reset (f->app.settings, "viewer-person-id");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_settings_reset (f->app.settings, "viewer-person-id");
  pln_test_app_teardown (&f->app);
}

static PlnLibraryPage *
library_page (Fixture *f)
{
  return PLN_LIBRARY_PAGE (pln_test_must_find (GTK_WIDGET (f->app.window), "library-page"));
}

static gboolean
page_is_idle (gpointer data)
{
  return !pln_library_page_is_loading (PLN_LIBRARY_PAGE (data));
}

static void
wait_idle (Fixture *f)
{
  g_assert_true (pln_test_spin_until (page_is_idle, library_page (f), 10000));
  pln_test_spin (100);
}

static gboolean
grid_holds (PlnLibraryPage *page,
            gint64          id)
{
  GListModel *recordings = pln_library_page_get_recordings (page);

  for (guint i = 0; i < g_list_model_get_n_items (recordings); i++)
    {
      g_autoptr(PlnRecording) recording = g_list_model_get_item (recordings, i);

      if (pln_recording_get_id (recording) == id)
        return TRUE;
    }
  return FALSE;
}

static gint64
sql_int (Fixture    *f,
         const char *sql)
{
  g_autofree char *text = pln_test_sqlite (f->app.db, sql);

  return g_ascii_strtoll (text, NULL, 10);
}

static gint64 sql_intf (Fixture *f, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gint64
sql_intf (Fixture    *f,
          const char *format,
          ...)
{
  g_autofree char *sql = NULL;
  va_list ap;

  va_start (ap, format);
  sql = g_strdup_vprintf (format, ap);
  va_end (ap);
  return sql_int (f, sql);
}

static char *sql_textf (Fixture *f, const char *format, ...) G_GNUC_PRINTF (2, 3);

static char *
sql_textf (Fixture    *f,
           const char *format,
           ...)
{
  g_autofree char *sql = NULL;
  va_list ap;

  va_start (ap, format);
  sql = g_strdup_vprintf (format, ap);
  va_end (ap);
  return pln_test_sqlite (f->app.db, sql);
}

typedef struct
{
  GtkMediaStream *stream;
  gint64          at_least_us;
} StreamAt;

static gboolean
stream_reached (gpointer data)
{
  StreamAt *at = data;

  return gtk_media_stream_get_timestamp (at->stream) >= at->at_least_us;
}

static gboolean
stream_prepared (gpointer data)
{
  return gtk_media_stream_is_prepared (GTK_MEDIA_STREAM (data));
}

static gboolean
stream_settled_at (gpointer data)
{
  StreamAt *at = data;

  return !gtk_media_stream_is_seeking (at->stream) && stream_reached (at);
}

static gboolean
stream_settled_before (gpointer data)
{
  StreamAt *at = data;

  return !gtk_media_stream_is_seeking (at->stream) && gtk_media_stream_get_timestamp (at->stream) < at->at_least_us;
}

/* Waits up to @timeout_ms until @predicate holds for @stream and @us; the
 * test stops with the whole state of the stream otherwise. */
static void
assert_stream_soon (GtkMediaStream   *stream,
                    PlnTestPredicate  predicate,
                    gint64            us,
                    guint             timeout_ms,
                    const char       *what)
{
  StreamAt at = { stream, us };
  const GError *error;

  if (pln_test_spin_until (predicate, &at, timeout_ms))
    return;
  error = gtk_media_stream_get_error (stream);
  g_error ("%s (%" G_GINT64_FORMAT " ms) within %u ms: the stream is at %" G_GINT64_FORMAT " ms of %"
           G_GINT64_FORMAT " ms, prepared %d, playing %d, seeking %d, ended %d, error %s",
           what, us / 1000, pln_test_scaled_ms (timeout_ms), gtk_media_stream_get_timestamp (stream) / 1000,
           gtk_media_stream_get_duration (stream) / 1000, gtk_media_stream_is_prepared (stream),
           gtk_media_stream_get_playing (stream), gtk_media_stream_is_seeking (stream),
           gtk_media_stream_get_ended (stream), error != NULL ? error->message : "none");
}

static gboolean
widget_visible (gpointer data)
{
  return gtk_widget_get_visible (GTK_WIDGET (data));
}

static gboolean
viewer_dialog_shown (gpointer data)
{
  return pln_test_find_toplevel ("viewer-dialog") != NULL;
}

static gboolean
window_gone (gpointer data)
{
  return pln_test_find_toplevel ((const char *) data) == NULL;
}

static gboolean
dialog_loaded (gpointer data)
{
  return pln_viewer_dialog_is_loaded (PLN_VIEWER_DIALOG (data));
}

/* Writes a @seconds long test card (ffmpeg) over the MP4 of recording
 * @id, where the library keeps it. */
static void
replace_video (Fixture *f,
               gint64   id,
               guint    seconds)
{
  g_autofree char *mp4 = sql_textf (f, "SELECT path FROM outputs WHERE recording_id = %" G_GINT64_FORMAT
                                       " AND kind = 'mp4';", id);
  g_autofree char *library = pln_store_dup_library_path (f->app.store);
  g_autofree char *path = g_build_filename (library, mp4, NULL);
  g_autofree char *input = g_strdup_printf ("testsrc=size=320x240:rate=25:duration=%u", seconds);
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "ffmpeg", "-y", "-v", "error", "-f", "lavfi", "-i", input, "-c:v", "libx264",
                         "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-movflags", "+faststart", path, NULL };
  int status = 0;

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("ffmpeg could not write %s: %s", path, err);
  g_free (sql_textf (f, "UPDATE recordings SET duration_ms = %u WHERE id = %" G_GINT64_FORMAT ";", seconds * 1000, id));
}

/* ---- Tests -------------------------------------------------------------- */

static void
test_library_browse_watch (Fixture       *f,
                           gconstpointer  data)
{
  PlnLibraryPage *page = library_page (f);
  GtkWidget *grid = pln_test_must_find (GTK_WIDGET (page), "library-grid");
  PlnRecordingDetail *detail;
  GtkWindow *dialog;
  GtkMediaStream *stream;
  g_autofree char *title = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *query = NULL;
  g_autofree char *person = NULL;
  g_autofree char *person_name = NULL;
  g_autofree char *code = NULL;
  g_autofree char *sql = NULL;
  g_auto(GStrv) words = NULL;
  g_auto(GStrv) fields = NULL;
  gint64 id, person_id, n_recordings, watched, first_watched, paused_at;
  g_autofree char *ffmpeg = g_find_program_in_path ("ffmpeg");

  if (ffmpeg == NULL)
    {
      g_test_skip ("ffmpeg is needed to give the recording a video long enough to resume");
      return;
    }
  wait_idle (f);
  n_recordings = sql_int (f, "SELECT count(*) FROM recordings;");
  g_assert_cmpint (n_recordings, >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (pln_library_page_get_recordings (page)), ==, n_recordings);

  /* The demo's first packaged recording (of an older event, further down
   * the grid than the course lessons). */
  id = sql_int (f, "SELECT r.id FROM recordings r JOIN outputs o ON o.recording_id = r.id AND o.kind = 'mp4' "
                   "WHERE r.state = 'ready' ORDER BY r.id LIMIT 1;");
  g_assert_cmpint (id, >, 0);
  sql = g_strdup_printf ("SELECT title FROM recordings WHERE id = %" G_GINT64_FORMAT ";", id);
  title = pln_test_sqlite (f->app.db, sql);
  g_test_message ("recording %" G_GINT64_FORMAT ": %s", id, title);
  /* The demo's takes last 3 to 5 s (the recorder stops once 3 s reached
   * its files, plus what its pipeline held at that moment), and the page
   * starts again from the beginning rather than resume within 3 s of the
   * end: a take under 4.2 s would never resume after 1.2 s watched. Its
   * video becomes a 10 s one, so resuming is always what to expect. */
  replace_video (f, id, 10);
  if (pln_test_ui_is_english ())
    pln_test_assert_shows_soon (pln_test_must_find (GTK_WIDGET (page), "library-count"), "recordings", 1000);
  pln_test_spin (500);   /* the posters, read in worker threads */
  pln_test_save_screenshot (GTK_WIDGET (f->app.window), "library.png");

  /* Searched without diacritics, by the first two words of its title. */
  folded = pln_text_fold (title);
  g_assert_cmpstr (folded, !=, title);   /* the title has diacritics to lose */
  words = g_strsplit (folded, " ", 3);
  query = g_strjoin (" ", words[0], words[1] != NULL ? words[1] : "", NULL);
  pln_test_set_search (pln_test_must_find (GTK_WIDGET (page), "library-search"), query);
  wait_idle (f);
  g_assert_true (grid_holds (page, id));
  pln_test_assert_shows_soon (grid, title, 2000);
  if (pln_test_ui_is_english ())
    pln_test_assert_shows_soon (pln_test_must_find (GTK_WIDGET (page), "library-count"), " of ", 1000);

  /* Words that are nowhere: the designed empty result. */
  pln_test_set_search (pln_test_must_find (GTK_WIDGET (page), "library-search"), "zzqx khongco");
  wait_idle (f);
  g_assert_cmpuint (g_list_model_get_n_items (pln_library_page_get_recordings (page)), ==, 0);
  g_assert_true (gtk_widget_get_mapped (pln_test_must_find (GTK_WIDGET (page), "library-no-results")));
  pln_test_set_search (pln_test_must_find (GTK_WIDGET (page), "library-search"), query);
  wait_idle (f);

  /* Opening it asks who is watching, once. */
  person = pln_test_sqlite (f->app.db, "SELECT id || '|' || name || '|' || signin_code FROM people "
                                       "ORDER BY id LIMIT 1 OFFSET 7;");
  fields = g_strsplit (person, "|", 3);
  person_id = g_ascii_strtoll (fields[0], NULL, 10);
  person_name = g_strdup (fields[1]);
  code = g_strdup (fields[2]);
  g_assert_true (pln_library_page_open_recording (page, id));
  g_assert_true (pln_test_spin_until (viewer_dialog_shown, NULL, 5000));
  dialog = pln_test_find_toplevel ("viewer-dialog");
  g_assert_nonnull (dialog);
  g_assert_true (pln_test_spin_until (dialog_loaded, dialog, 10000));
  pln_test_set_search (pln_test_must_find (GTK_WIDGET (dialog), "viewer-search"), person_name);
  pln_test_assert_shows_soon (pln_test_must_find (GTK_WIDGET (dialog), "viewer-people"), person_name, 2000);
  pln_viewer_dialog_select_person (PLN_VIEWER_DIALOG (dialog), person_id);
  /* A wrong code is refused on the spot and nothing is remembered. */
  gtk_editable_set_text (GTK_EDITABLE (pln_test_must_find (GTK_WIDGET (dialog), "viewer-code")), "not-the-code");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "viewer.confirm", NULL);
  g_assert_true (pln_test_spin_until (widget_visible, pln_test_must_find (GTK_WIDGET (dialog), "viewer-error"), 3000));
  if (pln_test_ui_is_english ())
    pln_test_assert_shows_soon (GTK_WIDGET (dialog), "This is not the sign-in code of", 1000);
  pln_test_save_screenshot (GTK_WIDGET (dialog), "library-viewer.png");
  g_assert_cmpint (g_settings_get_int64 (f->app.settings, "viewer-person-id"), ==, 0);
  gtk_editable_set_text (GTK_EDITABLE (pln_test_must_find (GTK_WIDGET (dialog), "viewer-code")), code);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "viewer.confirm", NULL);
  g_assert_true (pln_test_spin_until (window_gone, (gpointer) "viewer-dialog", 3000));
  g_assert_cmpint (g_settings_get_int64 (f->app.settings, "viewer-person-id"), ==, person_id);
  g_assert_cmpint (pln_library_page_get_viewer_id (page), ==, person_id);

  /* The detail view: title, chapters, and playback. */
  detail = pln_library_page_get_detail (page);
  g_assert_cmpint (pln_recording_detail_get_recording_id (detail), ==, id);
  pln_test_assert_shows_soon (GTK_WIDGET (detail), title, 2000);
  pln_test_assert_shows_soon (pln_test_must_find (GTK_WIDGET (detail), "detail-viewer"), person_name, 1000);
  g_assert_cmpint (sql_intf (f, "SELECT count(*) FROM chapters WHERE recording_id = %" G_GINT64_FORMAT ";", id), >, 1);
  stream = pln_recording_detail_get_stream (detail);
  g_assert_nonnull (stream);
  g_assert_true (pln_test_spin_until (stream_prepared, stream, 20000));
  g_assert_null (gtk_media_stream_get_error (stream));
  gtk_media_stream_play (stream);
  assert_stream_soon (stream, stream_reached, 1200 * 1000, 20000, "playback did not advance");
  gtk_media_stream_pause (stream);
  paused_at = gtk_media_stream_get_timestamp (stream) / 1000;
  pln_test_save_screenshot (GTK_WIDGET (f->app.window), "library-detail.png");

  /* What was watched is in the store (sqlite3), merged, for that person. */
  g_free (sql);
  sql = g_strdup_printf ("SELECT coalesce (sum (end_ms - start_ms), 0) FROM progress WHERE person_id = %"
                         G_GINT64_FORMAT " AND recording_id = %" G_GINT64_FORMAT " AND origin = 'app';",
                         person_id, id);
  first_watched = sql_int (f, sql);
  g_test_message ("watched %" G_GINT64_FORMAT " ms", first_watched);
  g_assert_cmpint (first_watched, >=, 1000);
  g_assert_cmpint (first_watched, <=, paused_at + 300);
  if (pln_test_ui_is_english ())
    pln_test_assert_shows_soon (pln_test_must_find (GTK_WIDGET (detail), "detail-progress"), "has watched", 1000);

  /* Back and open again: no question this time, and it resumes where
   * that person stopped. */
  gtk_widget_activate_action (GTK_WIDGET (detail), "library.back", NULL);
  pln_test_spin (200);
  g_assert_true (pln_library_page_open_recording (page, id));
  g_assert_null (pln_test_find_toplevel ("viewer-dialog"));
  stream = pln_recording_detail_get_stream (detail);
  g_assert_true (pln_test_spin_until (stream_prepared, stream, 20000));
  /* It resumes where that person stopped: the page seeks once the stream
   * is prepared. The stream is still paused here, so only that seek can
   * move it to the resume point (on a loaded machine the seek may take a
   * second or more; time cannot tell a seek from playback from 0). */
  g_assert_false (gtk_media_stream_get_playing (stream));
  assert_stream_soon (stream, stream_settled_at, (first_watched - 300) * 1000, 20000,
                      "the paused stream did not resume where that person stopped");
  g_assert_false (gtk_media_stream_get_playing (stream));
  g_test_message ("resumed at %" G_GINT64_FORMAT " ms while paused",
                  gtk_media_stream_get_timestamp (stream) / 1000);

  /* Watching the same part again does not count twice; a chapter jump
   * plays from the chapter. */
  gtk_media_stream_seek (stream, 0);
  assert_stream_soon (stream, stream_settled_before, 300 * 1000, 20000, "the seek to the start did not land");
  gtk_media_stream_play (stream);
  assert_stream_soon (stream, stream_reached, 800 * 1000, 20000, "playback from the start did not advance");
  gtk_media_stream_pause (stream);
  /* Pausing saves at once (the store is written on the main thread). */
  watched = sql_int (f, sql);
  g_assert_cmpint (watched, <=, first_watched + 500);
  /* The last chapter starts after where the stream is paused now: only
   * the jump's seek can take it there while it is paused again. */
  {
    gint64 n_chapters = sql_intf (f, "SELECT count(*) FROM chapters WHERE recording_id = %" G_GINT64_FORMAT ";", id);
    gint64 chapter_ms = sql_intf (f, "SELECT offset_ms FROM chapters WHERE recording_id = %" G_GINT64_FORMAT
                                     " ORDER BY offset_ms LIMIT 1 OFFSET %" G_GINT64_FORMAT ";", id, n_chapters - 1);

    g_assert_cmpint (chapter_ms - 100, >, gtk_media_stream_get_timestamp (stream) / 1000);
    g_assert_true (pln_recording_detail_jump_to_chapter (detail, (guint) n_chapters - 1));
    g_assert_true (gtk_media_stream_get_playing (stream));
    gtk_media_stream_pause (stream);
    assert_stream_soon (stream, stream_settled_at, (chapter_ms - 100) * 1000, 20000, "the chapter jump did not land");
  }

  /* Publish for staff only, then a new title (searchable at once). */
  adw_combo_row_set_selected (ADW_COMBO_ROW (pln_test_must_find (GTK_WIDGET (detail), "detail-visibility")), 1);
  {
    g_autofree char *visibility = sql_textf (f, "SELECT visibility FROM recordings WHERE id = %" G_GINT64_FORMAT ";", id);

    g_assert_cmpstr (visibility, ==, "staff");
  }
  gtk_editable_set_text (GTK_EDITABLE (pln_test_must_find (GTK_WIDGET (detail), "detail-title-entry")),
                         "Tập huấn kỹ năng số cho trạm y tế");
  gtk_widget_activate_action (GTK_WIDGET (detail), "detail.save", NULL);
  {
    g_autofree char *new_title = sql_textf (f, "SELECT title FROM recordings WHERE id = %" G_GINT64_FORMAT ";", id);

    g_assert_cmpstr (new_title, ==, "Tập huấn kỹ năng số cho trạm y tế");
  }
  /* Trim a second of lead-in: saved, and the recording queued to be
   * packaged again (the archive is not running in this test). */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (pln_test_must_find (GTK_WIDGET (detail), "detail-trim-start")), 1);
  gtk_widget_activate_action (GTK_WIDGET (detail), "detail.trim", NULL);
  g_assert_cmpint (sql_intf (f, "SELECT trim_start_ms FROM recordings WHERE id = %" G_GINT64_FORMAT ";", id), ==, 1000);
  g_assert_cmpint (sql_intf (f, "SELECT count(*) FROM archive_jobs WHERE recording_id = %" G_GINT64_FORMAT
                                " AND state = 'queued';", id), ==, 1);

  gtk_widget_activate_action (GTK_WIDGET (detail), "library.back", NULL);
  pln_test_set_search (pln_test_must_find (GTK_WIDGET (page), "library-search"), "ky nang so");
  wait_idle (f);
  g_assert_true (grid_holds (page, id));
}

/* An empty database in a narrow (400 px) window: the designed empty
 * state; then a video file imported (ffmpeg makes it) goes through the
 * archive, shows in the grid and opens with the details under the video. */
static void
empty_narrow_setup (Fixture       *f,
                    gconstpointer  data)
{
  PlnTestAppOptions options = { .demo = FALSE, .page = "library", .width = 400, .height = 760 };

  pln_test_app_setup (&f->app, &options);
  g_settings_reset (f->app.settings, "viewer-person-id");
}

typedef struct
{
  const char *db;
  const char *sql;
  gint64      next_us;
} SqlNonEmpty;

/* Asks sqlite3 at most every 100 ms (it is another process). */
static gboolean
sql_answers (gpointer data)
{
  SqlNonEmpty *q = data;
  g_autofree char *out = NULL;

  if (g_get_monotonic_time () < q->next_us)
    return FALSE;
  q->next_us = g_get_monotonic_time () + 100 * 1000;
  out = pln_test_sqlite (q->db, q->sql);
  return *out != '\0';
}

static void
test_library_import (Fixture       *f,
                     gconstpointer  data)
{
  PlnLibraryPage *page = library_page (f);
  g_autofree char *video = g_build_filename (f->app.dir, "Hội thảo truyền thông.mp4", NULL);
  g_autofree char *stdout_text = NULL;
  g_autofree char *mp4 = NULL;
  g_autofree char *library = NULL;
  g_autofree char *path = NULL;
  g_autofree char *probe = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  SqlNonEmpty ready = { f->app.db, "SELECT id FROM recordings WHERE title = 'Hội thảo truyền thông' AND state = 'ready';", 0 };
  GtkWidget *columns;
  int status = 0, min_width = 0;
  gint64 id;
  const char *ffmpeg[] = { "ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25:duration=2",
                           "-f", "lavfi", "-i", "sine=frequency=440:duration=2", "-c:v", "libx264", "-pix_fmt", "yuv420p",
                           "-c:a", "aac", "-shortest", video, NULL };

  g_autofree char *ffmpeg_path = g_find_program_in_path ("ffmpeg");
  g_autofree char *ffprobe_path = g_find_program_in_path ("ffprobe");

  if (ffmpeg_path == NULL || ffprobe_path == NULL)
    {
      g_test_skip ("ffmpeg and ffprobe are needed to make and check the video");
      return;
    }
  g_spawn_sync (NULL, (char **) ffmpeg, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  /* Nothing yet: the empty state says how recordings arrive. */
  wait_idle (f);
  g_assert_true (gtk_widget_get_mapped (pln_test_must_find (GTK_WIDGET (page), "library-empty")));
  if (pln_test_ui_is_english ())
    pln_test_assert_shows_soon (GTK_WIDGET (page), "No Recordings Yet", 1000);
  /* The page fits the window's smallest width (360 px); the window is as
   * wide as its widest page needs. */
  gtk_widget_measure (GTK_WIDGET (page), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  g_test_message ("library page: at least %d px wide, window %d px", min_width,
                  gtk_widget_get_width (GTK_WIDGET (f->app.window)));
  g_assert_cmpint (min_width, <=, 360);
  pln_test_save_screenshot (GTK_WIDGET (f->app.window), "library-empty-narrow.png");

  /* The archive runs in the app (PlnApplication starts it). */
  pln_archive_start (pln_context_get_archive (f->app.context));
  file = g_file_new_for_path (video);
  pln_library_page_import_file (page, file);
  if (!pln_test_spin_until (sql_answers, &ready, 60000))
    {
      g_autofree char *state = pln_test_sqlite (f->app.db, "SELECT 'recording', id, title, state FROM recordings; "
                                                           "SELECT 'job', id, recording_id, state, progress, attempts, error FROM archive_jobs;");

      g_error ("the imported video was not ready within %u s; the store has:\n%s", pln_test_scaled_ms (60), state);
    }
  id = sql_int (f, ready.sql);

  /* It shows in the grid (the page follows the store) ... */
  wait_idle (f);
  pln_test_spin_until (page_is_idle, page, 2000);
  g_assert_true (grid_holds (page, id));
  pln_test_assert_shows_soon (pln_test_must_find (GTK_WIDGET (page), "library-grid"), "Hội thảo truyền thông", 3000);

  /* ... and its packaged MP4 is a 2 s video (ffprobe). */
  mp4 = sql_textf (f, "SELECT path FROM outputs WHERE recording_id = %" G_GINT64_FORMAT " AND kind = 'mp4';", id);
  library = pln_store_dup_library_path (f->app.store);
  path = g_build_filename (library, mp4, NULL);
  {
    const char *argv[] = { "ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", path, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &stdout_text, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_cmpfloat (g_ascii_strtod (stdout_text, NULL), >, 1.5);
    g_assert_cmpfloat (g_ascii_strtod (stdout_text, NULL), <, 2.6);
  }
  g_assert_cmpint (sql_intf (f, "SELECT count(*) FROM outputs WHERE recording_id = %" G_GINT64_FORMAT
                               " AND kind = 'poster';", id), ==, 1);

  /* Opened: nobody chosen yet, so who is watching is asked; closing the
   * question opens it all the same, uncounted. The details fold under
   * the video, and the page still fits 360 px. */
  g_assert_true (pln_library_page_open_recording (page, id));
  g_assert_nonnull (pln_test_find_toplevel ("viewer-dialog"));
  gtk_window_close (pln_test_find_toplevel ("viewer-dialog"));
  pln_test_spin (500);
  g_assert_cmpint (pln_recording_detail_get_recording_id (pln_library_page_get_detail (page)), ==, id);
  columns = pln_test_must_find (GTK_WIDGET (page), "detail-columns");
  g_assert_cmpint (gtk_orientable_get_orientation (GTK_ORIENTABLE (columns)), ==, GTK_ORIENTATION_VERTICAL);
  gtk_widget_measure (GTK_WIDGET (page), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  g_assert_cmpint (min_width, <=, 360);
  if (pln_test_ui_is_english ())
    pln_test_assert_shows_soon (pln_test_must_find (GTK_WIDGET (page), "detail-progress"), "Say who is watching", 1000);
  pln_test_save_screenshot (GTK_WIDGET (f->app.window), "library-narrow-detail.png");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* The archive's import reads the video with GStreamer, as in the app. */
  gst_init (NULL, NULL);

  if (!pln_test_ui_init ())
    {
      g_test_skip ("no display: DISPLAY and WAYLAND_DISPLAY are unset (run under xvfb-run)");
      return g_test_run ();
    }
  if (!pln_test_have_plenary_and_sqlite ())
    {
      g_test_skip ("PLENARY_EXE is unset or sqlite3 is missing (run through meson test)");
      return g_test_run ();
    }

  g_test_add ("/ui-library/browse-watch", Fixture, NULL, fixture_setup, test_library_browse_watch, fixture_teardown);
  g_test_add ("/ui-library/empty-import-narrow", Fixture, NULL, empty_narrow_setup, test_library_import, fixture_teardown);

  return g_test_run ();
}
