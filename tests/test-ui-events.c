/* test-ui-events.c: the Events page and the event editor under Xvfb, on a
 * real database: the Quảng Ninh conference set up from scratch on the demo
 * network in at most ten interactions, checked with sqlite3; duplicate a
 * year later, export to iCalendar, delete; the month view; the page at
 * 360 px with its event menu; screenshots. The editor's own checks (field
 * errors, the rule preview, the network tree) are in test-ui-event-editor.c,
 * so that each program stays well inside its time on a loaded machine. */
#define G_LOG_DOMAIN "test-ui-events"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "pln-context.h"
#include "pln-event-editor.h"
#include "pln-event-points-tree.h"
#include "pln-events-month.h"
#include "pln-events-page.h"
#include "pln-window.h"
#include "ui-helpers.h"

#define QN_TITLE "Hội nghị trực tuyến mạng lưới truyền thông y tế tỉnh Quảng Ninh năm 2023"

typedef PlnTestApp Fixture;

/* Texts are checked in English (the suite's LANGUAGE); run by hand with
 * LANGUAGE=vi and a vi_VN locale, the test drives the same steps and takes
 * screenshots named vi-… to look at the Vietnamese layout. */
static gboolean english;

/* ---- Helpers ------------------------------------------------------------ */

static PlnEventsPage *
events_page (Fixture *f)
{
  return PLN_EVENTS_PAGE (pln_test_must_find (GTK_WIDGET (f->window), "events-page"));
}

/* ---- Waiting ------------------------------------------------------------ */

static gboolean
stack_shows_events (gpointer data)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (data)), "events") == 0;
}

typedef struct
{
  PlnEventsPage *page;
  gint64         id;
} PageSelects;

typedef struct
{
  PlnStore *store;
  gint64    id;
} StoreEvent;

static gboolean
event_gone (gpointer data)
{
  StoreEvent *e = data;
  g_autoptr(PlnEvent) event = pln_store_get_event (e->store, e->id, NULL);

  return event == NULL;
}

typedef struct
{
  PlnEventsPage *page;
  const char    *title;
} PageTitle;

static gboolean
page_selected_titled (gpointer data)
{
  PageTitle *t = data;
  gint64 id = pln_events_page_get_selected_id (t->page);
  g_autoptr(PlnEvent) event = id > 0 ? pln_store_get_event (pln_context_get_store (pln_events_page_get_context (t->page)), id, NULL) : NULL;

  return event != NULL && g_strcmp0 (pln_event_get_title (event), t->title) == 0;
}

static gboolean
page_selected_other (gpointer data)
{
  PageSelects *selects = data;
  gint64 selected = pln_events_page_get_selected_id (selects->page);

  return selected > 0 && selected != selects->id;
}

static gboolean
page_selects (gpointer data)
{
  PageSelects *selects = data;

  return pln_events_page_select_id (selects->page, selects->id);
}

/* ---- Tests -------------------------------------------------------------- */

/* One interaction: a click (pln_test_click () waits for it), a typed
 * field, a chosen value. */
#define ACT(expr) G_STMT_START { expr; interactions++; } G_STMT_END

static void
test_quang_ninh (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint interactions = 0;
  PlnEventsPage *page;
  GtkWindow *editor;
  PlnSite *host;
  gint64 id, copy_id;
  g_autofree char *counts = NULL;
  g_autofree char *tokens = NULL;
  g_autofree char *text = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *when = NULL;
  g_autofree char *ics_path = NULL;
  g_autofree char *ics = NULL;
  g_autoptr(GFile) ics_file = NULL;
  g_autoptr(PlnEvent) event = NULL;
  g_autoptr(PlnEvent) copy = NULL;
  g_autoptr(GListModel) all = NULL;
  guint n_vevents = 0;

  if (!pln_test_have_plenary_and_sqlite ())
    {
      g_test_skip ("needs PLENARY_EXE (for `plenary demo`) and the sqlite3 command");
      return;
    }

  /* Before anything: the empty state offers to create an event. */
  page = events_page (f);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (pln_test_must_find (GTK_WIDGET (page), "events-main-stack"))),
                   ==, "empty");

  /* Another process writes the demo network (and its events). */
  pln_test_run_plenary (f->db, "demo", NULL);
  pln_store_check_external_changes (f->store);
  g_assert_true (pln_test_spin_until (stack_shows_events, pln_test_must_find (GTK_WIDGET (page), "events-main-stack"), 10000));

  /* ---- The conference, from scratch, counted ---- */
  ACT (g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "events.new", NULL)));
  g_assert_true (pln_test_spin_until (pln_test_toplevel_shown, (gpointer) "event-editor", 5000));
  editor = pln_test_find_toplevel ("event-editor");
  g_assert_nonnull (editor);
  g_assert_true (PLN_IS_EVENT_EDITOR (editor));

  ACT (gtk_editable_set_text (GTK_EDITABLE (pln_test_must_find (GTK_WIDGET (editor), "editor-title")), QN_TITLE));
  ACT (gtk_editable_set_text (GTK_EDITABLE (pln_test_must_find (GTK_WIDGET (editor), "editor-start")), "10/11/2023 08:00"));
  ACT (gtk_editable_set_text (GTK_EDITABLE (pln_test_must_find (GTK_WIDGET (editor), "editor-end")), "10/11/2023 11:30"));

  /* The host is the department, chosen already: the network's first site. */
  host = adw_combo_row_get_selected_item (ADW_COMBO_ROW (pln_test_must_find (GTK_WIDGET (editor), "editor-host")));
  g_assert_nonnull (host);
  g_assert_cmpstr (pln_site_get_name (host), ==, "Sở Y tế Quảng Ninh");
  g_assert_cmpuint (pln_event_editor_get_n_points (PLN_EVENT_EDITOR (editor)), ==, 1);

  ACT (gtk_spin_button_set_value (GTK_SPIN_BUTTON (pln_test_must_find (GTK_WIDGET (editor), "editor-expected")), 15));
  ACT (pln_test_click (pln_test_must_find (GTK_WIDGET (editor), "editor-rule-districts")));
  g_assert_cmpuint (pln_event_editor_get_n_points (PLN_EVENT_EDITOR (editor)), ==, 14);
  ACT (gtk_spin_button_set_value (GTK_SPIN_BUTTON (pln_test_must_find (GTK_WIDGET (editor), "editor-expected")), 5));
  ACT (pln_test_popup (pln_test_must_find (GTK_WIDGET (editor), "editor-rule-communes")));
  ACT (pln_test_click (pln_test_must_find (GTK_WIDGET (editor), "editor-communes-all")));

  /* 1 host (5) + 13 district centres (15 each) + 177 stations (5 each). */
  g_assert_cmpuint (pln_event_editor_get_n_points (PLN_EVENT_EDITOR (editor)), ==, 191);
  g_assert_cmpint (pln_event_editor_get_expected_total (PLN_EVENT_EDITOR (editor)), ==, 5 + 13 * 15 + 177 * 5);
  text = pln_test_shown_text (pln_test_must_find (GTK_WIDGET (editor), "editor-points-summary"));
  if (english) g_assert_nonnull (strstr (text, "191 points"));
  if (english) g_assert_nonnull (strstr (text, "1\u00a0085 expected"));
  g_clear_pointer (&text, g_free);
  text = pln_test_shown_text (pln_test_must_find (GTK_WIDGET (editor), "editor-points"));
  g_assert_nonnull (strstr (text, "Sở Y tế Quảng Ninh"));
  g_clear_pointer (&text, g_free);

  /* The editor as it is about to be saved: the top, then the points. */
  pln_test_spin (300);
  pln_test_save_screenshot (GTK_WIDGET (editor), "event-editor-top.png");
  {
    GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (pln_test_must_find (GTK_WIDGET (editor),
                                                                                              "editor-scroll")));

    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
  }
  pln_test_spin (300);
  pln_test_save_screenshot (GTK_WIDGET (editor), "event-editor.png");

  ACT (pln_test_click (pln_test_must_find (GTK_WIDGET (editor), "editor-save")));
  /* It saves in a thread; the window closes once the store has it. */
  g_assert_true (pln_test_spin_until (pln_test_toplevel_gone, (gpointer) "event-editor", 10000));
  g_test_message ("interactions: %u", interactions);
  g_assert_cmpuint (interactions, <=, 10);

  /* What was written, read with sqlite3. */
  counts = pln_test_sqlite (f->db, "SELECT count(*), sum(p.expected_count), sum(p.is_host), count(DISTINCT p.token) "
                      "FROM bridge_points p JOIN events e ON e.id = p.event_id "
                      "WHERE e.title = '" QN_TITLE "'");
  g_assert_cmpstr (counts, ==, "191|1085|1|191");
  g_clear_pointer (&counts, g_free);
  counts = pln_test_sqlite (f->db, "SELECT s.level, count(*) FROM bridge_points p JOIN events e ON e.id = p.event_id "
                      "JOIN sites s ON s.id = p.site_id WHERE e.title = '" QN_TITLE "' "
                      "GROUP BY s.level ORDER BY s.level");
  g_assert_cmpstr (counts, ==, "commune|177\ndistrict|13\nprovince|1");
  g_clear_pointer (&counts, g_free);
  counts = pln_test_sqlite (f->db, "SELECT kind, datetime(starts_at, 'unixepoch'), datetime(ends_at, 'unixepoch') "
                      "FROM events WHERE title = '" QN_TITLE "'");
  /* 08:00 and 11:30 in Hà Nội time are 01:00 and 04:30 UTC. */
  g_assert_cmpstr (counts, ==, "conference|2023-11-10 01:00:00|2023-11-10 04:30:00");

  /* The page shows it, selected, with its figures (it selects what was
   * saved once its list has it). */
  {
    PageTitle saved = { page, QN_TITLE };

    g_assert_true (pln_test_spin_until (page_selected_titled, &saved, 10000));
  }
  id = pln_events_page_get_selected_id (page);
  g_assert_cmpint (id, >, 0);
  event = pln_store_get_event (f->store, id, NULL);
  g_assert_cmpstr (pln_event_get_title (event), ==, QN_TITLE);
  pln_test_assert_shows_soon (pln_test_must_find (GTK_WIDGET (page), "events-list"), QN_TITLE, 5000);
  text = pln_test_shown_text (pln_test_must_find (GTK_WIDGET (page), "events-list"));
  g_assert_nonnull (strstr (text, QN_TITLE));
  /* The row's figures come after its title (CI's sanitizer pass read the
   * row before them): wait for them too. */
  if (english)
    {
      pln_test_assert_shows_soon (pln_test_must_find (GTK_WIDGET (page), "events-list"), "191\u00a0points · 1\u00a0085\u00a0expected", 5000);
      pln_test_assert_shows_soon (pln_test_must_find (GTK_WIDGET (page), "events-list"), "10/11/2023 08:00–11:30 · Conference · Sở Y tế Quảng Ninh", 5000);
    }
  g_clear_pointer (&text, g_free);

  /* Searching without accents finds it. */
  pln_test_set_search (pln_test_must_find (GTK_WIDGET (page), "events-search"), "quang ninh 2023");
  text = pln_test_shown_text (pln_test_must_find (GTK_WIDGET (page), "events-list"));
  g_assert_nonnull (strstr (text, QN_TITLE));
  g_clear_pointer (&text, g_free);
  pln_test_set_search (pln_test_must_find (GTK_WIDGET (page), "events-search"), "");
  pln_events_page_select_id (page, id);
  pln_test_spin (200);
  pln_test_save_screenshot (GTK_WIDGET (f->window), "events.png");

  /* ---- Duplicate: a year later, same points, new tokens ---- */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "events.duplicate", NULL));
  {
    PageSelects was = { page, id };

    g_assert_true (pln_test_spin_until (page_selected_other, &was, 10000));
  }
  copy_id = pln_events_page_get_selected_id (page);
  g_assert_cmpint (copy_id, !=, id);
  copy = pln_store_get_event (f->store, copy_id, NULL);
  g_assert_cmpstr (pln_event_get_title (copy), ==, QN_TITLE);
  when = pln_format_local_time (pln_event_get_starts_at (copy), "%d/%m/%Y %H:%M");
  g_assert_cmpstr (when, ==, "10/11/2024 08:00");
  sql = g_strdup_printf ("SELECT count(*), sum(expected_count), sum(is_host) FROM bridge_points WHERE event_id = %"
                         G_GINT64_FORMAT, copy_id);
  g_clear_pointer (&counts, g_free);
  counts = pln_test_sqlite (f->db, sql);
  g_assert_cmpstr (counts, ==, "191|1085|1");
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM bridge_points a JOIN bridge_points b ON a.token = b.token "
                         "WHERE a.event_id = %" G_GINT64_FORMAT " AND b.event_id = %" G_GINT64_FORMAT,
                         id, copy_id);
  tokens = pln_test_sqlite (f->db, sql);
  g_assert_cmpstr (tokens, ==, "0");

  /* ---- Export: every event, one VEVENT each ---- */
  ics_path = g_build_filename (f->dir, "events.ics", NULL);
  ics_file = g_file_new_for_path (ics_path);
  g_assert_true (pln_events_page_export_file (page, ics_file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (ics_path, &ics, NULL, NULL));
  g_assert_true (g_str_has_prefix (ics, "BEGIN:VCALENDAR"));
  for (const char *p = ics; (p = strstr (p, "BEGIN:VEVENT")) != NULL; p++)
    n_vevents++;
  all = pln_store_get_events_model (f->store);
  g_assert_cmpuint (n_vevents, ==, g_list_model_get_n_items (all));
  /* libical reads it as a calendar program would: both conferences, in
   * Vietnam time, the copy a year later. */
  if (g_getenv ("PLN_ICS_CHECK") != NULL)
    {
      const char *check_argv[] = { g_getenv ("PLN_ICS_CHECK"), ics_path, NULL };
      g_autofree char *parsed = NULL;
      int check_status = 0;

      g_assert_true (g_spawn_sync (NULL, (char **) check_argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                   &parsed, NULL, &check_status, NULL));
      g_assert_true (g_spawn_check_wait_status (check_status, NULL));
      g_test_message ("libical: %s", parsed);
      g_assert_nonnull (strstr (parsed, "|Asia/Ho_Chi_Minh|20231110T080000|" QN_TITLE));
      g_assert_nonnull (strstr (parsed, "|Asia/Ho_Chi_Minh|20241110T080000|" QN_TITLE));
    }

  /* ---- Edit: the points load, a head-count changes, a point goes ---- */
  {
    PlnEventEditor *edit = pln_event_editor_new (GTK_WINDOW (f->window), f->context, id);
    GtkWidget *points_view;
    GtkWidget *first_row;
    GtkWidget *second_row;
    GtkWidget *host_spin;
    GtkWidget *remove;

    gtk_window_present (GTK_WINDOW (edit));
    g_assert_true (pln_test_spin_until ((PlnTestPredicate) gtk_widget_get_mapped, edit, 5000));
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (pln_test_must_find (GTK_WIDGET (edit), "editor-title"))), ==, QN_TITLE);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (pln_test_must_find (GTK_WIDGET (edit), "editor-start"))), ==,
                     "10/11/2023 08:00");
    g_assert_cmpuint (pln_event_editor_get_n_points (edit), ==, 191);
    g_assert_cmpint (pln_event_editor_get_expected_total (edit), ==, 1085);

    /* The rows as the list shows them: the host first, then a district. */
    points_view = pln_test_must_find (GTK_WIDGET (edit), "editor-points");
    first_row = gtk_widget_get_first_child (points_view);
    g_assert_nonnull (first_row);
    second_row = gtk_widget_get_next_sibling (first_row);
    g_assert_nonnull (second_row);
    {
      g_autofree char *first_text = pln_test_shown_text (first_row);
      g_assert_nonnull (strstr (first_text, "Sở Y tế Quảng Ninh"));
    }
    host_spin = gtk_widget_get_last_child (gtk_widget_get_first_child (first_row));
    host_spin = gtk_widget_get_prev_sibling (host_spin);
    g_assert_true (GTK_IS_SPIN_BUTTON (host_spin));
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (host_spin), 40);
    remove = gtk_widget_get_last_child (gtk_widget_get_first_child (second_row));
    g_assert_true (GTK_IS_BUTTON (remove));
    pln_test_click (remove);
    g_assert_cmpuint (pln_event_editor_get_n_points (edit), ==, 190);
    g_assert_cmpint (pln_event_editor_get_expected_total (edit), ==, 1085 - 5 + 40 - 15);
    pln_test_click (pln_test_must_find (GTK_WIDGET (edit), "editor-save"));
    g_assert_true (pln_test_spin_until (pln_test_toplevel_gone, (gpointer) "event-editor", 10000));

    g_clear_pointer (&counts, g_free);
    g_clear_pointer (&sql, g_free);
    sql = g_strdup_printf ("SELECT count(*), sum(expected_count), "
                           "(SELECT expected_count FROM bridge_points WHERE event_id = %" G_GINT64_FORMAT " AND is_host), "
                           "(SELECT sequence FROM events WHERE id = %" G_GINT64_FORMAT ") "
                           "FROM bridge_points WHERE event_id = %" G_GINT64_FORMAT,
                           id, id, id);
    counts = pln_test_sqlite (f->db, sql);
    g_assert_cmpstr (counts, ==, "190|1105|40|1");
  }

  /* ---- Delete, after a confirmation ---- */
  {
    GtkWindow *dialog;

    g_assert_true (pln_events_page_select_id (page, copy_id));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "events.delete", NULL));
    g_assert_true (pln_test_spin_until (pln_test_toplevel_shown, (gpointer) "events-delete-dialog", 5000));
    dialog = pln_test_find_toplevel ("events-delete-dialog");
    g_assert_nonnull (dialog);
    if (english) g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "191 bridge points"));
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "delete");
    {
      StoreEvent deleted = { f->store, copy_id };

      g_assert_true (pln_test_spin_until (event_gone, &deleted, 10000));
    }
    g_clear_pointer (&counts, g_free);
    g_clear_pointer (&sql, g_free);
    sql = g_strdup_printf ("SELECT count(*) FROM events WHERE id = %" G_GINT64_FORMAT, copy_id);
    counts = pln_test_sqlite (f->db, sql);
    g_assert_cmpstr (counts, ==, "0");
  }
}

/* The month view: the selected event's month with the event in its day,
 * the search applied (and the month following it to a result), Page Down
 * for the next month, an event opened from its day. */
static void
test_month (Fixture       *f,
            gconstpointer  data)
{
  PlnEventsPage *page = events_page (f);
  PlnEventsMonth *month;
  GtkWidget *search;
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  g_autofree char *n_nov = NULL;
  g_autofree char *id_text = NULL;
  GtkWindow *editor;
  gint64 id;

  if (!pln_test_have_plenary_and_sqlite ())
    {
      g_test_skip ("needs PLENARY_EXE (for `plenary demo`) and the sqlite3 command");
      return;
    }
  pln_test_run_plenary (f->db, "demo", NULL);
  pln_store_check_external_changes (f->store);
  pln_test_spin (300);

  /* The 2022 conference, selected in the past events, then the month. */
  id_text = pln_test_sqlite (f->db, "SELECT id FROM events WHERE starts_at = strftime('%s', '2022-11-10 01:00:00')");
  id = g_ascii_strtoll (id_text, NULL, 10);
  pln_events_page_set_show_past (page, TRUE);
  {
    PageSelects selects = { page, id };

    /* The page reads the demo's events off the main thread. */
    g_assert_true (pln_test_spin_until (page_selects, &selects, 10000));
  }
  pln_test_click (pln_test_must_find (GTK_WIDGET (page), "events-show-month"));
  g_assert_cmpstr (pln_events_page_get_view (page), ==, "month");
  month = PLN_EVENTS_MONTH (pln_test_must_find (GTK_WIDGET (page), "events-month"));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (month)));
  g_assert_cmpint (pln_events_month_get_year (month), ==, 2022);
  g_assert_cmpint (pln_events_month_get_month (month), ==, 11);
  /* Upcoming/past means nothing in a month: those buttons go. */
  g_assert_false (gtk_widget_get_mapped (pln_test_must_find (GTK_WIDGET (page), "events-past")));
  if (english)
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (pln_test_must_find (GTK_WIDGET (month), "events-month-title"))),
                     ==, "November 2022");
  n_nov = pln_test_sqlite (f->db, "SELECT count(*) FROM events WHERE strftime('%Y-%m', starts_at + 7 * 3600, "
                                  "'unixepoch') = '2022-11'");
  g_assert_cmpuint (pln_events_month_get_n_shown (month), ==, g_ascii_strtoull (n_nov, NULL, 10));
  pln_test_find_all_mapped (GTK_WIDGET (month), "events-month-event", buttons);
  g_assert_cmpuint (buttons->len, >=, 1);
  {
    g_autofree char *shown = pln_test_shown_text (GTK_WIDGET (month));
    g_assert_nonnull (strstr (shown, "Hội nghị trực tuyến mạng lưới truyền thông y tế tỉnh Quảng Ninh năm 2022"));
  }
  /* Each event is a button the keyboard reaches. */
  g_assert_true (gtk_widget_get_focusable (g_ptr_array_index (buttons, 0)));
  g_assert_true (gtk_widget_grab_focus (g_ptr_array_index (buttons, 0)));
  pln_test_save_screenshot (GTK_WIDGET (f->window), "events-month.png");

  /* Page Down: December, with nothing of November. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (month), "month.next", NULL));
  pln_test_spin (100);
  g_assert_cmpint (pln_events_month_get_month (month), ==, 12);
  {
    g_autofree char *shown = pln_test_shown_text (GTK_WIDGET (month));
    g_assert_null (strstr (shown, "năm 2022"));
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (month), "month.previous", NULL));
  pln_test_spin (100);

  /* The search applies here too: nothing of it in November 2022, so the
   * month goes to the first event that matches. */
  search = pln_test_must_find (GTK_WIDGET (page), "events-search");
  pln_test_set_search (search, "binh dan hoc vu so phat dong");
  g_assert_cmpuint (pln_events_month_get_n_shown (month), ==, 1);
  g_assert_cmpint (pln_events_month_get_year (month), ==, 2025);
  g_assert_cmpint (pln_events_month_get_month (month), ==, 5);
  {
    g_autofree char *shown = pln_test_shown_text (GTK_WIDGET (month));
    g_assert_nonnull (strstr (shown, "phát động"));
  }

  /* Clicked in its day, the event opens in the editor. */
  g_ptr_array_set_size (buttons, 0);
  pln_test_find_all_mapped (GTK_WIDGET (month), "events-month-event", buttons);
  g_assert_cmpuint (buttons->len, ==, 1);
  pln_test_click (g_ptr_array_index (buttons, 0));
  editor = pln_test_find_toplevel ("event-editor");
  g_assert_nonnull (editor);
  g_assert_nonnull (strstr (gtk_editable_get_text (GTK_EDITABLE (pln_test_must_find (GTK_WIDGET (editor), "editor-title"))),
                            "phát động"));
  gtk_window_close (editor);
  pln_test_spin (200);

  /* Back to the list, by its shortcut's action. */
  pln_test_set_search (search, "");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "events.view", "s", "list"));
  pln_test_spin (200);
  g_assert_cmpstr (pln_events_page_get_view (page), ==, "list");
  g_assert_true (gtk_widget_get_mapped (pln_test_must_find (GTK_WIDGET (page), "events-past")));
}

/* ---- A phone-sized window ------------------------------------------------ */

static void
narrow_setup (Fixture       *f,
              gconstpointer  data)
{
  PlnTestAppOptions options = { .width = 360, .height = 720, .page = "events" };

  pln_test_app_setup (f, &options);
}

/* Where @widget lies in @page's coordinates, or the test stops. */
static graphene_rect_t
bounds_in (GtkWidget *widget,
           GtkWidget *page)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, page, &bounds));
  return bounds;
}

static gboolean
window_is_narrow (gpointer data)
{
  return gtk_widget_get_width (GTK_WIDGET (data)) <= 360;
}

/* The toolbar is laid out across the page (its 12 px margins aside). */
static gboolean
toolbar_laid_out (gpointer data)
{
  GtkWidget *toolbar = data;
  GtkWidget *page = gtk_widget_get_ancestor (toolbar, PLN_TYPE_EVENTS_PAGE);

  return gtk_widget_get_mapped (toolbar) && page != NULL &&
         gtk_widget_get_width (toolbar) == gtk_widget_get_width (page) - 24;
}

static gboolean
popover_shown (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (data))));
}

/* The items of a menu button's open menu, as the person sees them: the
 * model buttons of its popover. */
static void
find_menu_items (GtkWidget *root,
                 GPtrArray *out)
{
  if (g_str_equal (G_OBJECT_TYPE_NAME (root), "GtkModelButton") && gtk_widget_get_mapped (root))
    g_ptr_array_add (out, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    find_menu_items (child, out);
}

/* The menu item that shows @label (mnemonic underscore left out), or the
 * test stops with what the menu has. */
static GtkWidget *
menu_item (GtkWidget  *menu_button,
           const char *label)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  g_autoptr(GString) seen = g_string_new (NULL);

  find_menu_items (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button))), items);
  for (guint i = 0; i < items->len; i++)
    {
      g_autofree char *text = NULL;
      g_autofree char *plain = NULL;
      g_auto(GStrv) parts = NULL;

      g_object_get (g_ptr_array_index (items, i), "text", &text, NULL);
      parts = g_strsplit (text != NULL ? text : "", "_", -1);
      plain = g_strjoinv ("", parts);
      if (g_strcmp0 (plain, label) == 0)
        return g_ptr_array_index (items, i);
      g_string_append_printf (seen, " “%s”", plain);
    }
  g_error ("no menu item “%s”; the menu has:%s", label, seen->str);
  return NULL;
}

/* The action the page's keys bind @accelerator to ("<Control>d"), or NULL. */
static char *
action_of_key (GtkWidget  *page,
               const char *accelerator)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (page);
  g_autoptr(GtkShortcutTrigger) wanted = gtk_shortcut_trigger_parse_string (accelerator);

  g_assert_nonnull (wanted);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), wanted) &&
              GTK_IS_NAMED_ACTION (action))
            return g_strdup (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)));
        }
    }
  return NULL;
}

/* At 360 px (the window's smallest width), in English and in Vietnamese,
 * the toolbar fits without scrolling: the search field is whole, New is a
 * button, and the other actions are in the event menu, each item with the
 * key the page binds to its action. Duplicate works from the menu. */
static void
test_narrow (Fixture       *f,
             gconstpointer  data)
{
  PlnEventsPage *page = events_page (f);
  GtkWidget *toolbar = pln_test_must_find (GTK_WIDGET (page), "events-toolbar");
  GtkWidget *menu_button = pln_test_must_find (GTK_WIDGET (page), "events-menu");
  const char *inside[] = { "events-show-list", "events-upcoming", "events-past", "events-search",
                           "events-new", "events-menu" };
  const struct { const char *label; const char *key; const char *action; } items[] = {
    { N_("_Edit Event…"), "<Control>e", "events.edit" },
    { N_("D_uplicate a Year Later"), "<Control>d", "events.duplicate" },
    { N_("E_xport All to iCalendar…"), "<Shift><Control>e", "events.export" },
    { N_("_Delete Event…"), "Delete", "events.delete" },
  };
  g_autoptr(PlnEvent) event = pln_event_new ();
  g_autoptr(GError) error = NULL;
  int min_width = 0;
  gint64 id;

  /* One event of 2022, as the demo has it (no demo: the toolbar is what
   * is looked at, and the demo takes seconds to write). */
  pln_event_set_kind (event, PLN_EVENT_KIND_CONFERENCE);
  pln_event_set_title (event, "Hội nghị trực tuyến mạng lưới truyền thông y tế tỉnh Quảng Ninh năm 2022");
  pln_event_set_starts_at (event, 1668042000);   /* 10/11/2022 08:00 in Hà Nội */
  pln_event_set_ends_at (event, 1668042000 + 3 * 3600);
  id = pln_store_add_event (f->store, event, &error);
  g_assert_no_error (error);
  pln_events_page_set_show_past (page, TRUE);
  {
    PageSelects selects = { page, id };

    g_assert_true (pln_test_spin_until (page_selects, &selects, 10000));
  }

  /* What the page asks for, and where each part of the toolbar lies. */
  for (GtkWidget *part = gtk_widget_get_first_child (toolbar); part != NULL; part = gtk_widget_get_next_sibling (part))
    {
      int part_min = 0, part_nat = 0;

      gtk_widget_measure (part, GTK_ORIENTATION_HORIZONTAL, -1, &part_min, &part_nat, NULL, NULL);
      g_test_message ("%s (%s) needs %d px, likes %d", gtk_widget_get_name (part), G_OBJECT_TYPE_NAME (part),
                      part_min, part_nat);
    }
  gtk_widget_measure (GTK_WIDGET (page), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  g_test_message ("the Events page needs %d px", min_width);
  g_assert_cmpint (min_width, <=, 360);
  g_assert_true (pln_test_spin_until (window_is_narrow, f->window, 5000));
  g_assert_true (pln_test_spin_until (toolbar_laid_out, toolbar, 5000));
  g_assert_cmpint (gtk_widget_get_width (toolbar), <=, gtk_widget_get_width (GTK_WIDGET (page)));
  for (guint i = 0; i < G_N_ELEMENTS (inside); i++)
    {
      GtkWidget *part = pln_test_must_find (toolbar, inside[i]);
      graphene_rect_t b = bounds_in (part, GTK_WIDGET (page));

      g_test_message ("%s: x %.0f, width %.0f", inside[i], b.origin.x, b.size.width);
      g_assert_true (gtk_widget_get_mapped (part));
      g_assert_cmpfloat (b.origin.x, >=, 0);
      g_assert_cmpfloat (b.origin.x + b.size.width, <=, gtk_widget_get_width (GTK_WIDGET (page)));
    }
  /* Wide enough to read what is typed in it. */
  g_assert_cmpint (gtk_widget_get_width (pln_test_must_find (toolbar, "events-search")), >=, 80);
  pln_test_save_screenshot (GTK_WIDGET (f->window), "events-narrow.png");

  /* The month's name whole, on two lines if need be ("Tháng Mười Một năm
   * 2022" cut to "Tháng Mười…" would name October), its buttons inside. */
  pln_events_page_set_view (page, "month");
  pln_test_spin (200);
  {
    GtkWidget *month = pln_test_must_find (GTK_WIDGET (page), "events-month");
    GtkLabel *title = GTK_LABEL (pln_test_must_find (month, "events-month-title"));
    graphene_rect_t next = bounds_in (pln_test_must_find (month, "events-month-next"), GTK_WIDGET (page));

    g_test_message ("month title: %s", gtk_label_get_text (title));
    g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (title)));
    g_assert_cmpfloat (next.origin.x + next.size.width, <=, gtk_widget_get_width (GTK_WIDGET (page)));
    pln_test_save_screenshot (GTK_WIDGET (f->window), "events-month-narrow.png");
  }
  pln_events_page_set_view (page, "list");
  pln_test_spin (200);

  /* The menu: each action, enabled (an event is selected), with its key. */
  pln_test_popup (menu_button);
  g_assert_true (pln_test_spin_until (popover_shown, menu_button, 5000));
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autofree char *bound = action_of_key (GTK_WIDGET (page), items[i].key);
      g_auto(GStrv) parts = g_strsplit (_(items[i].label), "_", -1);
      g_autofree char *plain = g_strjoinv ("", parts);
      GtkWidget *item = menu_item (menu_button, plain);

      g_assert_cmpstr (bound, ==, items[i].action);
      g_assert_true (gtk_widget_get_sensitive (item));
    }
  pln_test_save_screenshot (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button))),
                            "events-menu-narrow.png");

  /* Duplicate, chosen in the menu: the copy a year later is selected. */
  {
    g_auto(GStrv) parts = g_strsplit (_("D_uplicate a Year Later"), "_", -1);
    g_autofree char *plain = g_strjoinv ("", parts);
    g_autofree char *sql = NULL;
    g_autofree char *when = NULL;
    PageSelects was = { page, id };

    gtk_widget_activate (menu_item (menu_button, plain));
    g_assert_true (pln_test_spin_until (page_selected_other, &was, 10000));
    sql = g_strdup_printf ("SELECT datetime(starts_at, 'unixepoch') FROM events WHERE id = %" G_GINT64_FORMAT,
                           pln_events_page_get_selected_id (page));
    when = pln_test_sqlite (f->db, sql);
    g_assert_cmpstr (when, ==, "2023-11-10 01:00:00");
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  english = pln_test_ui_is_english ();
  if (!pln_test_ui_start (TRUE))
    return g_test_run ();

  g_test_add ("/ui-events/quang-ninh", Fixture, NULL, pln_test_app_fixture_setup, test_quang_ninh, pln_test_app_fixture_teardown);
  g_test_add ("/ui-events/month", Fixture, NULL, pln_test_app_fixture_setup, test_month, pln_test_app_fixture_teardown);
  if (g_find_program_in_path ("sqlite3") != NULL)
    g_test_add ("/ui-events/narrow", Fixture, NULL, narrow_setup, test_narrow, pln_test_app_fixture_teardown);

  return g_test_run ();
}
