/* test-ui-recorder.c: the Recorder page of the real window under Xvfb, on
 * the demo database with an event in progress whose host and one district
 * centre have test:// feeds: the empty state, feeds chosen in the Add Feed
 * popover (a point's feed and a typed address), Start, the elapsed time
 * and the bitrate advancing, the previews painting, a chapter titled by
 * the agenda item going on, Stop through its confirmation; then the
 * recordings in the store (sqlite3), the chapter in the manifest, and a
 * segment that plays (ffprobe). */
#define G_LOG_DOMAIN "test-ui-recorder"

#include "config.h"

#include <gst/gst.h>
#include <signal.h>

#include "pln-feed-tile.h"
#include "pln-preferences-window.h"
#include "pln-recorder-page.h"
#include "ui-helpers.h"

#define CHAPTER_NOW "Báo cáo kết quả công tác truyền thông 9 tháng"

typedef struct
{
  PlnTestApp app;
  gint64     event_id;
} Fixture;

/* ---- Helpers ------------------------------------------------------------ */

/* Sentences are checked in English; in another language (LANGUAGE=vi, for
 * its screenshots) the states are checked on the widgets instead. */
static void
assert_says_soon (GtkWidget  *widget,
                  const char *needle,
                  guint       timeout_ms)
{
  if (pln_test_ui_is_english ())
    pln_test_assert_shows_soon (widget, needle, timeout_ms);
}

static GtkWidget *
find (Fixture    *f,
      const char *name)
{
  return pln_test_must_find (GTK_WIDGET (f->app.window), name);
}

static PlnRecorderPage *
recorder_page (Fixture *f)
{
  return PLN_RECORDER_PAGE (find (f, "recorder-page"));
}

static gint64
point_of (Fixture    *f,
          const char *code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnSite) site = pln_store_find_site_by_code (f->app.store, code, &error);
  g_autoptr(PlnBridgePoint) point = NULL;

  g_assert_no_error (error);
  point = pln_store_find_point (f->app.store, f->event_id, pln_site_get_id (site), &error);
  g_assert_no_error (error);
  return pln_bridge_point_get_id (point);
}

/* An event going on now, hosted by the department, with the district
 * centre of Ba Chẽ as a bridge point; both have test:// feeds. */
static void
add_event_in_progress (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnEvent) event = pln_event_new ();
  g_autoptr(PlnSite) host = pln_store_find_site_by_code (f->app.store, "QN-SYT", &error);
  g_autoptr(PlnSite) ba_che = pln_store_find_site_by_code (f->app.store, "QN-TTYT-BC", &error);
  g_autoptr(GArray) sites = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const struct { gint64 at; const char *title; } agenda[] = {
    { now - 20 * 60, "Khai mạc hội nghị" },
    { now - 2 * 60, CHAPTER_NOW },
    { now + 40 * 60, "Thảo luận và kết luận" },
  };
  gint64 id;

  g_assert_no_error (error);
  pln_event_set_kind (event, PLN_EVENT_KIND_CONFERENCE);
  pln_event_set_title (event, "Giao ban công tác truyền thông y tế quý IV");
  pln_event_set_starts_at (event, now - 20 * 60);
  pln_event_set_ends_at (event, now + 2 * 3600);
  pln_event_set_host_site_id (event, pln_site_get_id (host));
  for (guint i = 0; i < G_N_ELEMENTS (agenda); i++)
    {
      g_autoptr(PlnAgendaItem) item = pln_agenda_item_new ();

      pln_agenda_item_set_title (item, agenda[i].title);
      pln_agenda_item_set_planned_start (item, agenda[i].at);
      pln_event_append_agenda_item (event, item);
    }
  id = pln_store_add_event (f->app.store, event, &error);
  g_assert_no_error (error);
  f->event_id = id;

  id = pln_site_get_id (ba_che);
  g_array_append_val (sites, id);
  g_assert_cmpint (pln_store_add_points (f->app.store, f->event_id, sites, 12, &error), ==, 1);
  g_assert_no_error (error);
  pln_store_set_point_source (f->app.store, point_of (f, "QN-SYT"),
                              "test://host?title=S%E1%BB%9F%20Y%20t%E1%BA%BF%20Qu%E1%BA%A3ng%20Ninh&size=320x240&fps=10",
                              &error);
  g_assert_no_error (error);
  pln_store_set_point_source (f->app.store, point_of (f, "QN-TTYT-BC"),
                              "test://ba-che?title=TTYT%20Ba%20Ch%E1%BA%BD&size=320x240&fps=10", &error);
  g_assert_no_error (error);
}

static gboolean
page_shows_event (gpointer data)
{
  Fixture *f = data;

  return pln_recorder_page_get_event_id (recorder_page (f)) == f->event_id;
}

static guint
count_tiles (Fixture *f)
{
  g_autoptr(GPtrArray) tiles = g_ptr_array_new ();

  pln_test_find_all_mapped (find (f, "recorder-feeds"), "feed-tile", tiles);
  return tiles->len;
}

typedef struct
{
  Fixture *f;
  guint    n;
} TileCount;

static gboolean
n_tiles_shown (gpointer data)
{
  TileCount *t = data;

  return count_tiles (t->f) == t->n;
}

static gboolean
n_candidates_shown (gpointer data)
{
  TileCount *t = data;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  pln_test_find_all_mapped (find (t->f, "recorder-candidates"), "recorder-candidate", rows);
  return rows->len == t->n;
}

static void
assert_tiles_soon (Fixture *f,
                   guint    n)
{
  TileCount t = { f, n };

  if (!pln_test_spin_until (n_tiles_shown, &t, 5000))
    g_error ("%u feed tiles shown, not %u", count_tiles (f), n);
}

/* Pops up Add Feed and waits for @n candidate feeds in it. */
static void
popup_candidates (Fixture   *f,
                  guint      n,
                  GPtrArray *rows)
{
  TileCount t = { f, n };

  pln_test_popup (find (f, "recorder-add-feed"));
  g_assert_true (pln_test_spin_until (n_candidates_shown, &t, 5000));
  g_ptr_array_set_size (rows, 0);
  pln_test_find_all_mapped (find (f, "recorder-candidates"), "recorder-candidate", rows);
}

typedef struct
{
  Fixture          *f;
  PlnRecorderState  state;
  guint             n;
} TileStates;

/* @n tiles, all in @state. */
static gboolean
tiles_in_state (gpointer data)
{
  TileStates *t = data;
  g_autoptr(GPtrArray) tiles = g_ptr_array_new ();

  pln_test_find_all_mapped (find (t->f, "recorder-feeds"), "feed-tile", tiles);
  for (guint i = 0; i < tiles->len; i++)
    if (pln_feed_tile_get_state (g_ptr_array_index (tiles, i)) != t->state)
      return FALSE;
  return tiles->len == t->n;
}

static gboolean
first_tile_silent (gpointer data)
{
  Fixture *f = data;
  g_autoptr(GPtrArray) tiles = g_ptr_array_new ();

  pln_test_find_all_mapped (find (f, "recorder-feeds"), "feed-tile", tiles);
  return tiles->len > 0 && pln_feed_tile_get_silent_seconds (g_ptr_array_index (tiles, 0)) >= PLN_FEED_TILE_SILENCE_SECONDS;
}

static gboolean
all_tiles_painted (gpointer data)
{
  Fixture *f = data;
  g_autoptr(GPtrArray) tiles = g_ptr_array_new ();

  pln_test_find_all_mapped (find (f, "recorder-feeds"), "feed-tile", tiles);
  for (guint i = 0; i < tiles->len; i++)
    if (pln_feed_tile_get_n_preview_frames (g_ptr_array_index (tiles, i)) < 3)
      return FALSE;
  return tiles->len > 0;
}

static gint64
parse_clock (const char *text)
{
  int h = 0, m = 0, s = 0;

  g_assert_cmpint (sscanf (text, "%d:%d:%d", &h, &m, &s), ==, 3);
  return h * 3600 + m * 60 + s;
}

static double
shown_bitrate (Fixture *f)
{
  const char *text = gtk_label_get_text (GTK_LABEL (find (f, "recorder-bitrate")));

  return g_ascii_strtod (text, NULL);
}

static gboolean
bitrate_positive (gpointer data)
{
  return shown_bitrate (data) > 10.0;
}

typedef struct
{
  Fixture *f;
  gint64   elapsed;   /* seconds */
  double   bitrate;
} Figures;

/* The elapsed time 2 s or more past, and the bitrate another figure. */
static gboolean
figures_moved (gpointer data)
{
  Figures *was = data;
  gint64 elapsed = parse_clock (gtk_label_get_text (GTK_LABEL (find (was->f, "recorder-elapsed"))));

  return elapsed >= was->elapsed + 2 && shown_bitrate (was->f) != was->bitrate;
}

/* The picture the preview shows is a moving test card, not a black box. */
static void
assert_preview_has_picture (Fixture *f)
{
  g_autoptr(GPtrArray) previews = g_ptr_array_new ();
  g_autofree char *path = g_build_filename (f->app.dir, "preview.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *pixels = NULL;
  int width, height;
  guint distinct = 0;
  guint32 seen[16] = { 0 };

  pln_test_find_all_mapped (find (f, "recorder-feeds"), "feed-preview", previews);
  g_assert_cmpuint (previews->len, >, 0);
  for (guint attempt = 0; !pln_test_save_png (g_ptr_array_index (previews, 0), path, &error); attempt++)
    {
      if (attempt == 20)
        g_error ("preview %s: %s", path, error->message);
      g_clear_error (&error);
      pln_test_spin (50);
    }
  texture = gdk_texture_new_from_filename (path, &error);
  g_assert_no_error (error);
  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  pixels = g_malloc ((gsize) width * height * 4);
  gdk_texture_download (texture, pixels, (gsize) width * 4);
  /* Colour bars: many distinct colours over a grid of points. */
  for (int gy = 1; gy < 16; gy++)
    for (int gx = 1; gx < 16 && distinct < G_N_ELEMENTS (seen); gx++)
      {
        gsize offset = ((gsize) (height * gy / 16) * width + (gsize) (width * gx / 16)) * 4;
        guint32 px = *(guint32 *) (pixels + offset) & 0xc0c0c0c0;
        gboolean known = FALSE;

        for (guint i = 0; i < distinct; i++)
          known |= seen[i] == px;
        if (!known)
          seen[distinct++] = px;
      }
  g_assert_cmpuint (distinct, >=, 5);
}

static gboolean
stop_dialog_shown (gpointer data)
{
  return pln_test_find_toplevel ("recorder-stop-dialog") != NULL;
}

typedef struct
{
  const char *db;
  const char *sql;
  const char *want;
  gint64      next_us;
} Query;

/* Asks sqlite3 (another process) at most every 100 ms. */
static gboolean
query_gives (gpointer data)
{
  Query *q = data;
  g_autofree char *got = NULL;

  if (g_get_monotonic_time () < q->next_us)
    return FALSE;
  q->next_us = g_get_monotonic_time () + 100 * 1000;
  got = pln_test_sqlite (q->db, q->sql);
  return g_strcmp0 (got, q->want) == 0;
}

static char *
run (const char * const *argv)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);
  return g_steal_pointer (&out);
}

/* ---- Fixture ------------------------------------------------------------ */

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  /* The preferences need no demo data. */
  PlnTestAppOptions options = { data == NULL, 1280, 860, "recorder" };

  pln_test_app_setup (&f->app, &options);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  pln_test_app_teardown (&f->app);
}

/* ---- Tests -------------------------------------------------------------- */

static void
test_recorder_record (Fixture       *f,
                      gconstpointer  data)
{
  GtkWidget *page;
  GtkWidget *entry;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autofree char *sql = NULL;
  g_autofree char *segment = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *manifest_path = NULL;
  g_autofree char *manifest = NULL;
  g_autofree char *probe = NULL;
  g_autofree char *segment_path = NULL;
  gint64 first, later;
  double bitrate;
  Query q;

  add_event_in_progress (f);
  page = GTK_WIDGET (recorder_page (f));
  /* The page opens on the event going on now. */
  g_assert_true (pln_test_spin_until (page_shows_event, f, 3000));

  /* Nothing chosen yet: the empty state says what to do. */
  g_assert_true (pln_test_spin_until ((PlnTestPredicate) gtk_widget_get_mapped, find (f, "recorder-no-feeds"), 2000));
  assert_says_soon (page, "No Feed Chosen", 2000);
  pln_test_assert_shows_soon (find (f, "recorder-chapter-title"), CHAPTER_NOW, 1000);
  g_assert_false (gtk_widget_is_sensitive (find (f, "recorder-start")));
  pln_test_save_screenshot (GTK_WIDGET (f->app.window), "recorder-empty.png");

  /* Add Feed offers the two points' feeds: take the host's and Ba Chẽ's. */
  popup_candidates (f, 2, rows);
  gtk_widget_activate (g_ptr_array_index (rows, 0));
  assert_tiles_soon (f, 1);
  popup_candidates (f, 1, rows);
  gtk_widget_activate (g_ptr_array_index (rows, 0));
  assert_tiles_soon (f, 2);

  /* And a camera in the hall, by its address. */
  pln_test_popup (find (f, "recorder-add-feed"));
  entry = find (f, "recorder-uri-entry");
  gtk_editable_set_text (GTK_EDITABLE (entry), "test://hall?title=H%E1%BB%99i%20tr%C6%B0%E1%BB%9Dng&size=320x240&fps=10");
  pln_test_click (find (f, "recorder-add-uri"));
  assert_tiles_soon (f, 3);
  assert_says_soon (find (f, "recorder-feeds"), "Host feed · Sở Y tế Quảng Ninh", 1000);
  pln_test_assert_shows_soon (find (f, "recorder-feeds"), "Trung tâm Y tế huyện Ba Chẽ", 1000);
  assert_says_soon (find (f, "recorder-feeds"), "Press Start Recording", 1000);
  sql = g_strdup_printf ("SELECT count(*) FROM event_sources WHERE event_id = %" G_GINT64_FORMAT ";", f->event_id);
  q = (Query) { f->app.db, sql, "3" };
  g_assert_true (query_gives (&q));
  g_clear_pointer (&sql, g_free);

  /* The feeds side by side in one picture are offered too, as an address
   * the engine opens. */
  pln_test_popup (find (f, "recorder-add-feed"));
  {
    GtkWidget *mosaic = find (f, "recorder-mosaic");
    GVariant *target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (mosaic));
    g_autoptr(PlnSource) source = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_nonnull (target);
    source = pln_source_new (g_variant_get_string (target, NULL), &error);
    g_assert_no_error (error);
    g_assert_cmpint (pln_source_get_kind (source), ==, PLN_SOURCE_KIND_MOSAIC);
    if (pln_test_ui_is_english ())
      g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (mosaic)), ==, "3 feeds side by side in one picture");
  }
  gtk_menu_button_popdown (GTK_MENU_BUTTON (find (f, "recorder-add-feed")));

  /* The next scheduled recording counts down (an event in an hour with a
   * source, added by another process). */
  {
    g_autoptr(GDateTime) start = g_date_time_new_from_unix_utc (g_get_real_time () / G_USEC_PER_SEC + 3600);
    g_autoptr(GDateTime) end = g_date_time_add_hours (start, 2);
    g_autofree char *start_text = g_date_time_format_iso8601 (start);
    g_autofree char *end_text = g_date_time_format_iso8601 (end);

    pln_test_run_plenary (f->app.db, "events", "add", "--kind", "training", "--title", "Tập huấn kỹ năng số",
                          "--start", start_text, "--end", end_text, "--host", "QN-SYT",
                          "--record", "test://future?size=320x240", NULL);
    pln_test_assert_shows_soon (find (f, "recorder-countdown"), "Tập huấn kỹ năng số", 3000);
    assert_says_soon (find (f, "recorder-countdown"), "Next recording: Tập huấn kỹ năng số in 0:5", 3000);
  }

  /* Start: every feed records, the clock and the bitrate move, the
   * previews paint. */
  pln_test_click (find (f, "recorder-start"));
  {
    TileStates t = { f, PLN_RECORDER_STATE_RECORDING, 3 };

    g_assert_true (pln_test_spin_until (tiles_in_state, &t, 15000));
  }
  assert_says_soon (find (f, "recorder-status"), "RECORDING 3 feeds", 2000);
  g_assert_true (pln_test_spin_until (bitrate_positive, f, 5000));
  first = parse_clock (gtk_label_get_text (GTK_LABEL (find (f, "recorder-elapsed"))));
  bitrate = shown_bitrate (f);
  g_assert_true (pln_test_spin_until (all_tiles_painted, f, 10000));
  {
    Figures was = { f, first, bitrate };

    pln_test_spin_until (figures_moved, &was, 10000);
  }
  later = parse_clock (gtk_label_get_text (GTK_LABEL (find (f, "recorder-elapsed"))));
  g_test_message ("elapsed %" G_GINT64_FORMAT " s → %" G_GINT64_FORMAT " s, %.0f → %.0f kbit/s",
                  first, later, bitrate, shown_bitrate (f));
  g_assert_cmpint (later, >=, first + 2);
  g_assert_cmpfloat (shown_bitrate (f), >, 10.0);
  g_assert_cmpfloat (shown_bitrate (f), !=, bitrate);
  assert_preview_has_picture (f);
  pln_test_assert_shows_soon (find (f, "recorder-dropped"), "%", 1000);
  assert_says_soon (find (f, "recorder-disk"), "full in", 6000);
  g_assert_false (gtk_widget_is_sensitive (find (f, "recorder-start")));

  /* A chapter named after the agenda item going on now. */
  pln_test_click (find (f, "recorder-chapter"));
  pln_test_save_screenshot (GTK_WIDGET (f->app.window), "recorder.png");

  /* Stop asks first; Keep Recording would leave it running. */
  pln_test_click (find (f, "recorder-stop"));
  g_assert_true (pln_test_spin_until (stop_dialog_shown, NULL, 2000));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (pln_test_find_toplevel ("recorder-stop-dialog")), "stop");

  sql = g_strdup_printf ("SELECT count(*) FROM recordings WHERE event_id = %" G_GINT64_FORMAT
                         " AND state IN ('stopped', 'packaging', 'ready');", f->event_id);
  q = (Query) { f->app.db, sql, "3" };
  g_assert_true (pln_test_spin_until (query_gives, &q, 15000));
  assert_says_soon (find (f, "recorder-status"), "Not recording", 3000);
  assert_says_soon (find (f, "recorder-feeds"), "find it in the Library", 3000);
  g_clear_pointer (&sql, g_free);

  /* The host feed's recording: its chapter in the manifest, and a first
   * segment that plays as H.264 + AAC for a few seconds. */
  sql = g_strdup_printf ("SELECT folder FROM recordings WHERE event_id = %" G_GINT64_FORMAT
                         " AND source_uri LIKE 'test://host%%';", f->event_id);
  folder = pln_test_sqlite (f->app.db, sql);
  g_assert_cmpstr (folder, !=, "");
  g_clear_pointer (&sql, g_free);
  manifest_path = g_build_filename (f->app.dir, "library", folder, "manifest.ini", NULL);
  g_assert_true (g_file_get_contents (manifest_path, &manifest, NULL, NULL));
  g_assert_nonnull (strstr (manifest, CHAPTER_NOW));

  sql = g_strdup_printf ("SELECT s.path FROM segments s JOIN recordings r ON r.id = s.recording_id "
                         "WHERE r.folder = '%s' ORDER BY s.position LIMIT 1;", folder);
  segment = pln_test_sqlite (f->app.db, sql);
  g_assert_cmpstr (segment, !=, "");
  segment_path = g_build_filename (f->app.dir, "library", segment, NULL);
  {
    const char *argv[] = { "ffprobe", "-v", "error", "-show_entries", "stream=codec_name:format=duration",
                           "-of", "default=noprint_wrappers=1", segment_path, NULL };
    const char *duration;

    probe = run (argv);
    g_test_message ("ffprobe %s:\n%s", segment, probe);
    g_assert_nonnull (strstr (probe, "codec_name=h264"));
    g_assert_nonnull (strstr (probe, "codec_name=aac"));
    duration = strstr (probe, "duration=");
    g_assert_nonnull (duration);
    g_assert_cmpfloat (g_ascii_strtod (duration + strlen ("duration="), NULL), >=, 2.0);
  }
}

/* Preferences: recording quality and segment length in GSettings, the
 * archive's options in the database, where plenary serve reads them. */
static void
test_recorder_preferences (Fixture       *f,
                           gconstpointer  data)
{
  PlnPreferencesWindow *prefs = pln_preferences_window_new (GTK_WINDOW (f->app.window), f->app.context);
  GtkWidget *root;
  g_autofree char *low = NULL;
  g_autofree char *retention = NULL;
  g_autofree char *quality = NULL;

  gtk_window_present (GTK_WINDOW (prefs));
  g_assert_true (pln_test_spin_until ((PlnTestPredicate) gtk_widget_get_mapped, prefs, 5000));
  root = GTK_WIDGET (prefs);

  adw_combo_row_set_selected (ADW_COMBO_ROW (pln_test_must_find (root, "quality-row")), 1);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (pln_test_must_find (root, "segment-spin")), 5);
  gtk_switch_set_active (GTK_SWITCH (pln_test_must_find (root, "low-switch")), TRUE);
  adw_combo_row_set_selected (ADW_COMBO_ROW (pln_test_must_find (root, "retention-row")), 1);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (pln_test_must_find (root, "retention-spin")), 14);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (pln_test_must_find (root, "port-spin")), 8181);
  pln_test_save_screenshot (root, "preferences.png");

  quality = g_settings_get_string (f->app.settings, "recording-quality");
  g_assert_cmpstr (quality, ==, "light");
  g_assert_cmpuint (g_settings_get_uint (f->app.settings, "segment-minutes"), ==, 5);
  g_assert_cmpuint (g_settings_get_uint (f->app.settings, "portal-port"), ==, 8181);
  low = pln_test_sqlite (f->app.db, "SELECT value FROM settings WHERE key = 'archive-low-rendition';");
  g_assert_cmpstr (low, ==, "true");
  retention = pln_test_sqlite (f->app.db, "SELECT value FROM settings WHERE key = 'archive-retention-days';");
  g_assert_cmpstr (retention, ==, "14");

  /* Keep again. */
  /* Written as it is chosen. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (pln_test_must_find (root, "retention-row")), 0);
  g_free (retention);
  retention = pln_test_sqlite (f->app.db, "SELECT value FROM settings WHERE key = 'archive-retention-days';");
  g_assert_cmpstr (retention, ==, "keep");

  gtk_window_destroy (GTK_WINDOW (prefs));
  g_settings_reset (f->app.settings, "recording-quality");
  g_settings_reset (f->app.settings, "segment-minutes");
  pln_test_spin (50);
}

/* A free TCP port on 127.0.0.1. */
static guint16
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_socket_bind (socket, any, TRUE, &error));
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* The RTSP test server with a silent sound track. */
static GSubprocess *
start_rtsp_server (guint16 port)
{
  const char *server = g_getenv ("PLN_TEST_RTSP_SERVER");
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  const char *launch =
    "( videotestsrc is-live=true pattern=ball ! video/x-raw,width=320,height=240,framerate=15/1 "
    "! videoconvert ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=15 bitrate=300 "
    "! video/x-h264,profile=main ! rtph264pay name=pay0 pt=96 config-interval=1 "
    "audiotestsrc is-live=true wave=silence ! audio/x-raw,rate=48000,channels=2 ! audioconvert "
    "! avenc_aac bitrate=64000 ! rtpmp4gpay name=pay1 pt=97 )";
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  GSubprocess *process;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, server, port_text, launch, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "READY");
  return process;
}

/* A feed whose sound is silent and whose link drops: both are flagged
 * where the technician looks, the reconnecting state plainly. */
static void
test_recorder_warnings (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnEvent) event = pln_event_new ();
  g_autoptr(GSubprocess) server = NULL;
  g_autofree char *uri = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint16 port;

  if (g_getenv ("PLN_TEST_RTSP_SERVER") == NULL)
    {
      g_test_skip ("PLN_TEST_RTSP_SERVER is unset (run through meson test)");
      return;
    }
  port = free_port ();
  server = start_rtsp_server (port);
  uri = g_strdup_printf ("rtsp://127.0.0.1:%u/test", port);

  pln_event_set_kind (event, PLN_EVENT_KIND_CONFERENCE);
  pln_event_set_title (event, "Hội thảo trực tuyến");
  pln_event_set_starts_at (event, now - 60);
  pln_event_set_ends_at (event, now + 3600);
  f->event_id = pln_store_add_event (f->app.store, event, &error);
  g_assert_no_error (error);
  g_assert_true (pln_test_spin_until (page_shows_event, f, 5000));

  /* An address the engine cannot open is refused, with the reason. */
  pln_test_popup (find (f, "recorder-add-feed"));
  gtk_editable_set_text (GTK_EDITABLE (find (f, "recorder-uri-entry")), "ftp://127.0.0.1/hall");
  pln_test_click (find (f, "recorder-add-uri"));
  assert_says_soon (find (f, "recorder-notice"), "Cannot record “ftp://127.0.0.1/hall”: “ftp://127.0.0.1/hall” is not a source", 3000);
  g_assert_cmpuint (count_tiles (f), ==, 0);

  pln_test_popup (find (f, "recorder-add-feed"));
  gtk_editable_set_text (GTK_EDITABLE (find (f, "recorder-uri-entry")), uri);
  pln_test_click (find (f, "recorder-add-uri"));
  g_assert_cmpuint (count_tiles (f), ==, 1);
  pln_test_click (find (f, "recorder-start"));
  {
    TileStates t = { f, PLN_RECORDER_STATE_RECORDING, 1 };

    g_assert_true (pln_test_spin_until (tiles_in_state, &t, 20000));
  }
  assert_says_soon (find (f, "recorder-status"), "RECORDING 1 feed", 2000);

  /* Silent for 10 s: the tile and the notice say so. */
  g_assert_true (pln_test_spin_until (first_tile_silent, f, 30000));
  g_assert_true (pln_test_spin_until ((PlnTestPredicate) gtk_widget_get_mapped, find (f, "feed-silence"), 3000));
  assert_says_soon (find (f, "recorder-feeds"), "No sound for", 3000);
  assert_says_soon (find (f, "recorder-notice"), "1 feed has had no sound for 10 s or more.", 3000);
  pln_test_save_screenshot (GTK_WIDGET (f->app.window), "recorder-silent.png");

  /* The link drops: reconnecting, in words. */
  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, NULL);
  {
    TileStates t = { f, PLN_RECORDER_STATE_RECONNECTING, 1 };

    g_assert_true (pln_test_spin_until (tiles_in_state, &t, 20000));
  }
  assert_says_soon (find (f, "recorder-status"), "RECONNECTING 1 feed", 2000);
  assert_says_soon (find (f, "recorder-feeds"), "Link lost", 3000);
  assert_says_soon (find (f, "recorder-notice"), "lost its link and is reconnecting", 3000);
  g_assert_true (gtk_widget_has_css_class (find (f, "recorder-notice"), "recorder-notice-error"));
  pln_test_save_screenshot (GTK_WIDGET (f->app.window), "recorder-reconnecting.png");
  {
    /* the explanation on the picture is whole and clear of the badge */
    GtkWidget *placeholder = find (f, "feed-placeholder");
    GtkWidget *badge = find (f, "feed-state");
    GtkWidget *preview = find (f, "feed-preview");
    graphene_rect_t text, state, picture;
    int needed;

    g_assert_true (gtk_widget_compute_bounds (placeholder, preview, &text));
    g_assert_true (gtk_widget_compute_bounds (badge, preview, &state));
    g_assert_true (gtk_widget_compute_bounds (preview, preview, &picture));
    g_assert_false (graphene_rect_intersection (&text, &state, NULL));
    g_assert_true (graphene_rect_contains_rect (&picture, &text));
    /* (a measure counts the margins, an allocation does not) */
    gtk_widget_measure (placeholder, GTK_ORIENTATION_VERTICAL,
                        gtk_widget_get_width (placeholder) + gtk_widget_get_margin_start (placeholder) +
                        gtk_widget_get_margin_end (placeholder), &needed, NULL, NULL, NULL);
    g_assert_cmpint (gtk_widget_get_height (placeholder), >=,
                     needed - gtk_widget_get_margin_top (placeholder) - gtk_widget_get_margin_bottom (placeholder));
  }

  pln_test_click (find (f, "recorder-stop"));
  g_assert_true (pln_test_spin_until (stop_dialog_shown, NULL, 2000));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (pln_test_find_toplevel ("recorder-stop-dialog")), "stop");
  {
    TileStates t = { f, PLN_RECORDER_STATE_IDLE, 1 };

    g_assert_true (pln_test_spin_until (tiles_in_state, &t, 20000));
  }
  assert_says_soon (find (f, "recorder-status"), "Not recording", 2000);
}

/* On a loaded machine (the sanitizer pass) a recorder's pipeline may
 * take longer than the recorder waits for it to finish on Stop; it says
 * so and closes it anyway, which the test's checks then cover. Only that
 * warning is let through. */
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
  if (!pln_test_have_plenary_and_sqlite () || g_find_program_in_path ("ffprobe") == NULL)
    {
      g_test_skip ("PLENARY_EXE unset (run through meson test), or sqlite3 or ffprobe missing");
      return g_test_run ();
    }

  g_test_add ("/ui-recorder/record", Fixture, NULL, fixture_setup, test_recorder_record, fixture_teardown);
  g_test_add ("/ui-recorder/warnings", Fixture, "no demo", fixture_setup, test_recorder_warnings, fixture_teardown);
  g_test_add ("/ui-recorder/preferences", Fixture, "no demo", fixture_setup, test_recorder_preferences, fixture_teardown);

  return g_test_run ();
}
