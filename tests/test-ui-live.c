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
#include "pln-window.h"
#include "ui-helpers.h"

typedef PlnTestApp Fixture;

/* ---- Helpers ------------------------------------------------------------ */

static GtkWidget *
find_in_window (Fixture    *f,
                const char *name)
{
  GtkWidget *widget = pln_test_find (GTK_WIDGET (f->window), name);

  g_assert_nonnull (widget);
  return widget;
}

/* The sqlite3 command-line tool's answer, as an independent check. */
static char *
sqlite_query (Fixture    *f,
              const char *sql)
{
  return pln_test_sqlite (f->db, sql);
}

/* ---- Fixture ------------------------------------------------------------ */

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  PlnTestAppOptions options = { .demo = TRUE, .page = "live" };

  if (g_strcmp0 (data, "narrow") == 0)
    options.width = 400, options.height = 760;
  pln_test_app_setup (f, &options);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  pln_test_app_teardown (f);
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
          pln_test_spin (100);
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
  pln_test_set_search (find_in_window (f, "live-search"), text);
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
  pln_test_assert_shows_soon (headline, "1 034 / 1 000 delegates · 189 / 191 points connected", 3000);
  pln_test_assert_shows_soon (points, "Connected since 07:30", 1000);
  pln_test_assert_shows_soon (points, "Sở Y tế Quảng Ninh (host)", 1000);
  /* The totals by district and by level. */
  pln_test_assert_shows_soon (find_in_window (f, "live-district-list"), "Trung tâm Y tế huyện Ba Chẽ", 1000);
  pln_test_assert_shows_soon (find_in_window (f, "live-level-list"), "Commune", 1000);
  pln_test_save_screenshot (GTK_WIDGET (f->window), "live.png");

  /* A head-count typed into the row of the district centre of Ba Chẽ
   * (15 reported) is saved and counted: 1 034 + 10. */
  search (f, "QN-TTYT-BC");
  pln_test_find_all_mapped (points, "live-reported", spins);
  g_assert_cmpuint (spins->len, ==, 1);
  spin_button = g_ptr_array_index (spins, 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spin_button)), ==, "15");
  gtk_widget_grab_focus (spin_button);
  gtk_editable_set_text (GTK_EDITABLE (spin_button), "25");
  /* Enter in the spin button's text. */
  g_signal_emit_by_name (gtk_editable_get_delegate (GTK_EDITABLE (spin_button)), "activate");
  pln_test_assert_shows_soon (headline, "1 044 / 1 000 delegates", 2000);
  reported = sqlite_query (f, "SELECT reported_count FROM bridge_points b JOIN sites s ON s.id = b.site_id "
                              "WHERE s.code = 'QN-TTYT-BC' AND b.event_id = (SELECT id FROM events "
                              "WHERE starts_at = strftime('%s', '2022-11-10 01:00:00'));");
  g_assert_cmpstr (reported, ==, "25");

  /* Another process reports for the same row: the row and the totals
   * follow within two seconds, without reloading anything. */
  gtk_widget_grab_focus (find_in_window (f, "live-search"));
  pln_test_run_plenary (f->db, "points", "report", id_text, "QN-TTYT-BC", "40", NULL);
  pln_test_assert_shows_soon (points, "[40]", 2000);
  pln_test_assert_shows_soon (headline, "1 059 / 1 000 delegates", 2000);

  /* Not connected yet: one point; it connects from another process and
   * leaves the list, and the headline counts it. */
  search (f, "");
  gtk_widget_activate_action (page, "live.filter", "s", "waiting");
  pln_test_spin (200);
  pln_test_assert_shows_soon (points, "Trạm Y tế", 1000);
  g_ptr_array_set_size (spins, 0);
  pln_test_find_all_mapped (points, "live-reported", spins);
  g_assert_cmpuint (spins->len, ==, 1);
  pln_test_run_plenary (f->db, "points", "link", id_text, "QN-TYT-VD-07", "connected", NULL);
  pln_test_assert_shows_soon (headline, "190 / 191 points connected", 2000);
  pln_test_assert_shows_soon (page, "Every point has connected at least once.", 2000);

  /* Lost: the one point that lost its link. */
  gtk_widget_activate_action (page, "live.filter", "s", "lost");
  pln_test_spin (200);
  pln_test_assert_shows_soon (points, "Lost since", 1000);
  g_ptr_array_set_size (spins, 0);
  pln_test_find_all_mapped (points, "live-reported", spins);
  g_assert_cmpuint (spins->len, ==, 1);
  gtk_widget_activate_action (page, "live.filter", "s", "all");
  pln_test_spin (200);
  pln_test_save_screenshot (GTK_WIDGET (f->window), "live-after.png");
}

/* A phone-sized window: the totals fold away behind the points, the
 * toolbar wraps, and nothing asks for more width than the window has. */
static void
test_live_narrow (Fixture       *f,
                  gconstpointer  data)
{
  GtkWidget *headline = find_in_window (f, "live-headline");
  int min_width = 0;

  /* Every page fits a phone, with the demo's data in it (the widest
   * page sets how narrow the window can be). */
  {
    g_autofree char *too_wide = pln_test_pages_wider_than (GTK_WIDGET (f->window), 400);

    /* Failed, and the rest of this test cannot hold: the other tests
     * still run. */
    if (too_wide != NULL)
      {
        g_test_message ("pages wider than a phone: %s", too_wide);
        g_test_fail ();
        return;
      }
  }
  choose_event (f, event_id_of_2022 (f));
  pln_test_assert_shows_soon (headline, "189 / 191 points connected", 3000);
  gtk_widget_measure (GTK_WIDGET (live_page (f)), GTK_ORIENTATION_HORIZONTAL, -1,
                      &min_width, NULL, NULL, NULL);
  g_assert_cmpint (min_width, <=, 360);
  g_assert_true (adw_leaflet_get_folded (ADW_LEAFLET (find_in_window (f, "live-leaflet"))));
  pln_test_save_screenshot (GTK_WIDGET (f->window), "live-narrow.png");

  /* The totals are one button away, and back. */
  gtk_widget_activate (find_in_window (f, "live-show-totals"));
  pln_test_spin (500);
  pln_test_assert_shows_soon (find_in_window (f, "live-level-list"), "Commune", 1000);
  pln_test_save_screenshot (GTK_WIDGET (f->window), "live-narrow-totals.png");
  gtk_widget_activate (find_in_window (f, "live-back"));
  pln_test_spin (500);
  pln_test_assert_shows_soon (find_in_window (f, "live-points"), "Sở Y tế Quảng Ninh (host)", 1000);
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
  pln_test_spin (200);
  g_assert_false (pln_live_page_get_portal_running (live_page (f)));
  g_assert_false (gtk_switch_get_active (sw));
  pln_test_assert_shows_soon (GTK_WIDGET (live_page (f)), "Could not open the check-in portal on port", 1000);
  pln_test_assert_shows_soon (GTK_WIDGET (live_page (f)), "portal-port", 1000);
  g_assert_true (gtk_info_bar_get_revealed (GTK_INFO_BAR (find_in_window (f, "live-portal-error"))));
  pln_test_save_screenshot (GTK_WIDGET (f->window), "live-port-taken.png");

  /* Freed, it starts; the check-in portal answers on the loopback. */
  g_socket_listener_close (blocker);
  gtk_switch_set_active (sw, TRUE);
  pln_test_spin (300);
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
  pln_test_spin (100);
  g_assert_false (pln_live_page_get_portal_running (live_page (f)));
  g_assert_false (gtk_widget_get_visible (urls));
}

int
main (int    argc,
      char **argv)
{
  pln_test_init_keep_going (&argc, &argv);

  if (!pln_test_ui_init ())
    {
      g_test_skip ("no display: DISPLAY and WAYLAND_DISPLAY are unset (run under xvfb-run)");
      return g_test_run ();
    }
  if (g_getenv ("PLENARY_EXE") == NULL)
    {
      g_test_skip ("PLENARY_EXE is unset (run through meson test)");
      return g_test_run ();
    }

  g_test_add ("/ui-live/board", Fixture, NULL, fixture_setup, test_live_board, fixture_teardown);
  g_test_add ("/ui-live/narrow", Fixture, "narrow", fixture_setup, test_live_narrow, fixture_teardown);
  g_test_add ("/ui-live/portal", Fixture, NULL, fixture_setup, test_live_portal, fixture_teardown);

  return g_test_run ();
}
