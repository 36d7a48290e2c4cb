/* test-ui-live.c: the Live page of the real window under Xvfb, on the demo
 * database: the 2022 conference's headline, a head-count typed into a row,
 * writes by another process (the CLI, as `plenary serve` would write) showing
 * within about a second, the filters, and the portal switch. */
#define G_LOG_DOMAIN "test-ui-live"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "pln-context.h"
#include "pln-live-page.h"
#include "pln-ui-resources.h"
#include "pln-window.h"

typedef struct
{
  char       *dir;
  char       *db;
  PlnStore   *store;
  GSettings  *settings;
  PlnContext *context;
  PlnWindow  *window;
} Fixture;

/* ---- Helpers ------------------------------------------------------------ */

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;
  guint rounds = 0;

  while (g_get_monotonic_time () < end || rounds < ms / 5)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (5000);
      rounds++;
    }
}

typedef gboolean (*Predicate) (gpointer data);

static gboolean
spin_until (Predicate predicate,
            gpointer  data,
            guint     timeout_ms)
{
  gint64 end = g_get_monotonic_time () + timeout_ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      if (predicate (data))
        return TRUE;
      g_usleep (5000);
    }
  return predicate (data);
}

static GtkWidget *
find_by_name (GtkWidget  *root,
              const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_name (child, name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Every mapped widget named @name under @root, in order. */
static void
find_all_mapped (GtkWidget  *root,
                 const char *name,
                 GPtrArray  *out)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0 && gtk_widget_get_mapped (root))
    g_ptr_array_add (out, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    find_all_mapped (child, name, out);
}

static GtkWidget *
find_in_window (Fixture    *f,
                const char *name)
{
  GtkWidget *widget = find_by_name (GTK_WIDGET (f->window), name);

  g_assert_nonnull (widget);
  return widget;
}

static void
collect_labels (GtkWidget *root,
                GString   *out)
{
  if (!gtk_widget_get_mapped (root))
    return;
  if (GTK_IS_LABEL (root))
    {
      g_string_append (out, gtk_label_get_text (GTK_LABEL (root)));
      g_string_append_c (out, '\n');
    }
  if (GTK_IS_SPIN_BUTTON (root))
    {
      g_string_append_printf (out, "[%s]\n", gtk_editable_get_text (GTK_EDITABLE (root)));
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, out);
}

static char *
shown_text (GtkWidget *widget)
{
  GString *out = g_string_new (NULL);

  collect_labels (widget, out);
  return g_string_free (out, FALSE);
}

typedef struct
{
  GtkWidget  *widget;
  const char *needle;
} Shows;

static gboolean
shows (gpointer data)
{
  Shows *s = data;
  g_autofree char *text = shown_text (s->widget);

  return strstr (text, s->needle) != NULL;
}

static void
assert_shows_soon (GtkWidget  *widget,
                   const char *needle,
                   guint       timeout_ms)
{
  Shows s = { widget, needle };

  if (!spin_until (shows, &s, timeout_ms))
    {
      g_autofree char *text = shown_text (widget);
      g_error ("“%s” did not show within %u ms; shown:\n%s", needle, timeout_ms, text);
    }
}

static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  const char *builddir = g_getenv ("G_TEST_BUILDDIR");
  g_autofree char *dir = g_build_filename (builddir != NULL ? builddir : ".", "screenshots", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width, height;

  /* Let a frame lay out what just became visible. */
  spin (300);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

/* Runs the built plenary on the test's database, as another process. */
static void
run_plenary (Fixture     *f,
             const char  *first,
             ...)
{
  const char *exe = g_getenv ("PLENARY_EXE");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  va_list ap;

  g_assert_nonnull (exe);
  g_ptr_array_add (argv, (char *) exe);
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, f->db);
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("plenary %s failed: %s%s", first, out, err);
}

/* The sqlite3 command-line tool's answer, as an independent check. */
static char *
sqlite_query (Fixture    *f,
              const char *sql)
{
  const char *argv[] = { "sqlite3", f->db, sql, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_strdup (g_strstrip (out));
}

/* ---- Fixture ------------------------------------------------------------ */

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("plenary-ui-live-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = g_build_filename (f->dir, "plenary.db", NULL);
  run_plenary (f, "demo", NULL);

  f->store = pln_store_open (f->db, &error);
  g_assert_no_error (error);
  f->settings = g_settings_new (APPLICATION_ID);
  g_settings_reset (f->settings, "last-page");
  g_settings_reset (f->settings, "portal-port");
  f->context = pln_context_new (f->store, f->settings);

  f->window = pln_window_new (NULL, f->context);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (spin_until ((Predicate) gtk_widget_get_mapped, f->window, 10000));
  g_assert_true (pln_window_show_page (f->window, "live"));
  spin (200);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  spin (50);
  g_clear_object (&f->context);
  g_clear_object (&f->settings);
  g_clear_object (&f->store);
  remove_tree (f->dir);
  g_free (f->db);
  g_free (f->dir);
}

static PlnLivePage *
live_page (Fixture *f)
{
  return PLN_LIVE_PAGE (find_in_window (f, "live-page"));
}

/* Picks the event in the page's drop-down, as a person would. */
static void
choose_event (Fixture *f,
              gint64   event_id)
{
  GtkDropDown *dropdown = GTK_DROP_DOWN (find_in_window (f, "live-events"));
  GListModel *events = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(PlnEvent) event = g_list_model_get_item (events, i);

      if (pln_event_get_id (event) == event_id)
        {
          gtk_drop_down_set_selected (dropdown, i);
          spin (100);
          g_assert_cmpint (pln_live_page_get_event_id (live_page (f)), ==, event_id);
          return;
        }
    }
  g_assert_not_reached ();
}

static gint64
event_id_of_2022 (Fixture *f)
{
  g_autofree char *id = sqlite_query (f, "SELECT id FROM events WHERE starts_at = strftime('%s', '2022-11-10 01:00:00');");

  g_assert_cmpstr (id, !=, "");
  return g_ascii_strtoll (id, NULL, 10);
}

static void
search (Fixture    *f,
        const char *text)
{
  GtkWidget *entry = find_in_window (f, "live-search");

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  /* GtkSearchEntry waits a moment before it says the search changed. */
  spin (400);
}

/* ---- Tests -------------------------------------------------------------- */

static void
test_live_board (Fixture       *f,
                 gconstpointer  data)
{
  GtkWidget *headline = find_in_window (f, "live-headline");
  GtkWidget *points = find_in_window (f, "live-points");
  GtkWidget *page = GTK_WIDGET (live_page (f));
  g_autoptr(GPtrArray) spins = g_ptr_array_new ();
  gint64 event_id = event_id_of_2022 (f);
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, event_id);
  g_autofree char *reported = NULL;
  GtkWidget *spin_button;

  /* Nothing is running now: the page opens on the next (or latest) event. */
  g_assert_cmpint (pln_live_page_get_event_id (live_page (f)), !=, 0);

  choose_event (f, event_id);
  assert_shows_soon (headline, "1 034 / 1 000 delegates · 189 / 191 points connected", 3000);
  assert_shows_soon (points, "Connected since 07:30", 1000);
  assert_shows_soon (points, "Sở Y tế Quảng Ninh (host)", 1000);
  /* The totals by district and by level. */
  assert_shows_soon (find_in_window (f, "live-district-list"), "Trung tâm Y tế huyện Ba Chẽ", 1000);
  assert_shows_soon (find_in_window (f, "live-level-list"), "Commune", 1000);
  save_screenshot (GTK_WIDGET (f->window), "live.png");

  /* A head-count typed into the row of the district centre of Ba Chẽ
   * (15 reported) is saved and counted: 1 034 + 10. */
  search (f, "QN-TTYT-BC");
  find_all_mapped (points, "live-reported", spins);
  g_assert_cmpuint (spins->len, ==, 1);
  spin_button = g_ptr_array_index (spins, 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spin_button)), ==, "15");
  gtk_widget_grab_focus (spin_button);
  gtk_editable_set_text (GTK_EDITABLE (spin_button), "25");
  /* Enter in the spin button's text. */
  g_signal_emit_by_name (gtk_editable_get_delegate (GTK_EDITABLE (spin_button)), "activate");
  assert_shows_soon (headline, "1 044 / 1 000 delegates", 2000);
  reported = sqlite_query (f, "SELECT reported_count FROM bridge_points b JOIN sites s ON s.id = b.site_id "
                              "WHERE s.code = 'QN-TTYT-BC' AND b.event_id = (SELECT id FROM events "
                              "WHERE starts_at = strftime('%s', '2022-11-10 01:00:00'));");
  g_assert_cmpstr (reported, ==, "25");

  /* Another process reports for the same row: the row and the totals
   * follow within two seconds, without reloading anything. */
  gtk_widget_grab_focus (find_in_window (f, "live-search"));
  run_plenary (f, "points", "report", id_text, "QN-TTYT-BC", "40", NULL);
  assert_shows_soon (points, "[40]", 2000);
  assert_shows_soon (headline, "1 059 / 1 000 delegates", 2000);

  /* Not connected yet: one point; it connects from another process and
   * leaves the list, and the headline counts it. */
  search (f, "");
  gtk_widget_activate_action (page, "live.filter", "s", "waiting");
  spin (200);
  assert_shows_soon (points, "Trạm Y tế", 1000);
  g_ptr_array_set_size (spins, 0);
  find_all_mapped (points, "live-reported", spins);
  g_assert_cmpuint (spins->len, ==, 1);
  run_plenary (f, "points", "link", id_text, "QN-TYT-VD-07", "connected", NULL);
  assert_shows_soon (headline, "190 / 191 points connected", 2000);
  assert_shows_soon (page, "Every point has connected at least once.", 2000);

  /* Lost: the one point that lost its link. */
  gtk_widget_activate_action (page, "live.filter", "s", "lost");
  spin (200);
  assert_shows_soon (points, "Lost since", 1000);
  g_ptr_array_set_size (spins, 0);
  find_all_mapped (points, "live-reported", spins);
  g_assert_cmpuint (spins->len, ==, 1);
  gtk_widget_activate_action (page, "live.filter", "s", "all");
  spin (200);
  save_screenshot (GTK_WIDGET (f->window), "live-after.png");
}

/* A phone-sized window: the totals fold away behind the points, the
 * toolbar wraps, and nothing asks for more width than the window has. */
static void
test_live_narrow (Fixture       *f,
                  gconstpointer  data)
{
  GtkWidget *headline = find_in_window (f, "live-headline");
  int min_width = 0;

  gtk_window_set_default_size (GTK_WINDOW (f->window), 400, 760);
  spin (300);
  choose_event (f, event_id_of_2022 (f));
  assert_shows_soon (headline, "189 / 191 points connected", 3000);
  gtk_widget_measure (GTK_WIDGET (live_page (f)), GTK_ORIENTATION_HORIZONTAL, -1,
                      &min_width, NULL, NULL, NULL);
  g_assert_cmpint (min_width, <=, 360);
  g_assert_true (adw_leaflet_get_folded (ADW_LEAFLET (find_in_window (f, "live-leaflet"))));
  save_screenshot (GTK_WIDGET (f->window), "live-narrow.png");

  /* The totals are one button away, and back. */
  gtk_widget_activate (find_in_window (f, "live-show-totals"));
  spin (500);
  assert_shows_soon (find_in_window (f, "live-level-list"), "Commune", 1000);
  save_screenshot (GTK_WIDGET (f->window), "live-narrow-totals.png");
  gtk_widget_activate (find_in_window (f, "live-back"));
  spin (500);
  assert_shows_soon (find_in_window (f, "live-points"), "Sở Y tế Quảng Ninh (host)", 1000);
}

static void
on_curl_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_live_portal (Fixture       *f,
                  gconstpointer  data)
{
  GtkSwitch *sw = GTK_SWITCH (find_in_window (f, "live-portal-switch"));
  GtkWidget *urls = find_in_window (f, "live-portal-urls");
  g_autoptr(GSocketListener) blocker = g_socket_listener_new ();
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *out = NULL;
  guint port;

  /* A port already taken: the switch stays off and a toast says why. */
  g_socket_listener_add_address (blocker, any, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                 NULL, &effective, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_settings_set_uint (f->settings, "portal-port", port);
  gtk_switch_set_active (sw, TRUE);
  spin (200);
  g_assert_false (pln_live_page_get_portal_running (live_page (f)));
  g_assert_false (gtk_switch_get_active (sw));
  assert_shows_soon (GTK_WIDGET (live_page (f)), "Could not open the check-in portal on port", 1000);
  assert_shows_soon (GTK_WIDGET (live_page (f)), "portal-port", 1000);
  g_assert_true (gtk_info_bar_get_revealed (GTK_INFO_BAR (find_in_window (f, "live-portal-error"))));
  save_screenshot (GTK_WIDGET (f->window), "live-port-taken.png");

  /* Freed, it starts; the check-in portal answers on the loopback. */
  g_socket_listener_close (blocker);
  gtk_switch_set_active (sw, TRUE);
  spin (300);
  g_assert_true (pln_live_page_get_portal_running (live_page (f)));
  g_assert_false (gtk_info_bar_get_revealed (GTK_INFO_BAR (find_in_window (f, "live-portal-error"))));
  g_assert_true (gtk_widget_get_visible (urls));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (urls)), "http://"));
  g_test_message ("portal: %s", gtk_label_get_text (GTK_LABEL (urls)));

  url = g_strdup_printf ("http://127.0.0.1:%u/", port);
  {
    /* curl runs beside the main loop, which the portal answers on. */
    g_autoptr(GSubprocess) curl =
      g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                        "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5", url, NULL);
    GAsyncResult *result = NULL;

    g_assert_no_error (error);
    g_subprocess_communicate_utf8_async (curl, NULL, NULL, on_curl_done_cb, &result);
    while (result == NULL)
      g_main_context_iteration (NULL, TRUE);
    g_assert_true (g_subprocess_communicate_utf8_finish (curl, result, &out, NULL, &error));
    g_assert_no_error (error);
    g_object_unref (result);
  }
  g_assert_cmpstr (out, ==, "200");

  gtk_switch_set_active (sw, FALSE);
  spin (100);
  g_assert_false (pln_live_page_get_portal_running (live_page (f)));
  g_assert_false (gtk_widget_get_visible (urls));
}

int
main (int    argc,
      char **argv)
{
  const char *display = g_getenv ("DISPLAY");
  const char *wayland = g_getenv ("WAYLAND_DISPLAY");

  g_test_init (&argc, &argv, NULL);

  if ((display == NULL || *display == '\0') && (wayland == NULL || *wayland == '\0'))
    {
      g_test_skip ("no display: DISPLAY and WAYLAND_DISPLAY are unset (run under xvfb-run)");
      return g_test_run ();
    }
  if (g_getenv ("PLENARY_EXE") == NULL)
    {
      g_test_skip ("PLENARY_EXE is unset (run through meson test)");
      return g_test_run ();
    }

  (void) pln_ui_get_resource ();
  gtk_init ();
  adw_init ();
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/org/plenary/Plenary/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  g_test_add ("/ui-live/board", Fixture, NULL, fixture_setup, test_live_board, fixture_teardown);
  g_test_add ("/ui-live/narrow", Fixture, NULL, fixture_setup, test_live_narrow, fixture_teardown);
  g_test_add ("/ui-live/portal", Fixture, NULL, fixture_setup, test_live_portal, fixture_teardown);

  return g_test_run ();
}
