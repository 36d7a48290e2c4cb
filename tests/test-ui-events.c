/* test-ui-events.c: the Events page and the event editor under Xvfb, on a
 * real database: the Quảng Ninh conference set up from scratch on the demo
 * network in at most ten interactions, checked with sqlite3; duplicate a
 * year later, export to iCalendar, delete; field errors and the rule
 * preview; screenshots. */
#define G_LOG_DOMAIN "test-ui-events"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "pln-context.h"
#include "pln-event-editor.h"
#include "pln-events-page.h"
#include "pln-ui-resources.h"
#include "pln-window.h"

#define QN_TITLE "Hội nghị trực tuyến mạng lưới truyền thông y tế tỉnh Quảng Ninh năm 2023"

typedef struct
{
  char       *dir;
  PlnStore   *store;
  GSettings  *settings;
  PlnContext *context;
  PlnWindow  *window;
} Fixture;

/* Texts are checked in English (the suite's LANGUAGE); run by hand with
 * LANGUAGE=vi and a vi_VN locale, the test drives the same steps and takes
 * screenshots named vi-… to look at the Vietnamese layout. */
static gboolean english;

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

static GtkWidget *
must_find (GtkWidget  *root,
           const char *name)
{
  GtkWidget *widget = find_by_name (root, name);

  if (widget == NULL)
    g_error ("no widget named %s", name);
  return widget;
}

static void
collect_labels (GtkWidget *root,
                GString   *out)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root))
    {
      g_string_append (out, gtk_label_get_text (GTK_LABEL (root)));
      g_string_append_c (out, '\n');
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

static GtkWindow *
find_toplevel (const char *name)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (window)), name) == 0 &&
          gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  const char *builddir = g_getenv ("G_TEST_BUILDDIR");
  g_autofree char *dir = g_build_filename (builddir != NULL ? builddir : ".", "screenshots", NULL);
  g_autofree char *localized = english ? g_strdup (name) : g_strconcat (g_getenv ("LANGUAGE"), "-", name, NULL);
  g_autofree char *path = g_build_filename (dir, localized, NULL);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

/* The sqlite3 command line's answer to @sql on the fixture's database. */
static char *
sqlite (Fixture    *f,
        const char *sql)
{
  const char *argv[] = { "sqlite3", pln_store_get_path (f->store), sql, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_strdup (g_strstrip (out));
}

static gboolean
have_demo_and_sqlite (void)
{
  const char *exe = g_getenv ("PLENARY_EXE");
  g_autofree char *sqlite3 = g_find_program_in_path ("sqlite3");

  return exe != NULL && sqlite3 != NULL;
}

static PlnEventsPage *
events_page (Fixture *f)
{
  return PLN_EVENTS_PAGE (must_find (GTK_WIDGET (f->window), "events-page"));
}

/* ---- Fixture ------------------------------------------------------------ */

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *db = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("plenary-ui-events-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (f->dir, "plenary.db", NULL);
  f->store = pln_store_open (db, &error);
  g_assert_no_error (error);
  f->settings = g_settings_new (APPLICATION_ID);
  g_settings_reset (f->settings, "last-page");
  f->context = pln_context_new (f->store, f->settings);

  f->window = pln_window_new (NULL, f->context);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (f->window));
  for (int i = 0; i < 2000 && !gtk_widget_get_mapped (GTK_WIDGET (f->window)); i++)
    spin (5);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (f->window)));
  spin (200);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  gtk_window_destroy (GTK_WINDOW (f->window));
  spin (50);
  g_clear_object (&f->context);
  g_clear_object (&f->settings);
  g_clear_object (&f->store);

  dir = g_dir_open (f->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

/* ---- Tests -------------------------------------------------------------- */

/* One interaction: a click, a typed field, a chosen value. A button's
 * "activate" clicks it only after its 250 ms press animation. */
#define ACT(expr) G_STMT_START { expr; interactions++; spin (400); } G_STMT_END

static void
test_quang_ninh (Fixture       *f,
                 gconstpointer  data)
{
  const char *argv[] = { g_getenv ("PLENARY_EXE"), "--db", pln_store_get_path (f->store), "demo", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *demo_err = NULL;
  int status = 0;
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

  if (!have_demo_and_sqlite ())
    {
      g_test_skip ("needs PLENARY_EXE (for `plenary demo`) and the sqlite3 command");
      return;
    }

  /* Before anything: the empty state offers to create an event. */
  page = events_page (f);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (must_find (GTK_WIDGET (page), "events-main-stack"))),
                   ==, "empty");

  /* Another process writes the demo network (and its events). */
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                               NULL, &demo_err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("plenary demo failed: %s", demo_err);
  pln_store_check_external_changes (f->store);
  spin (300);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (must_find (GTK_WIDGET (page), "events-main-stack"))),
                   ==, "events");

  /* ---- The conference, from scratch, counted ---- */
  ACT (g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "events.new", NULL)));
  spin (300);
  editor = find_toplevel ("event-editor");
  g_assert_nonnull (editor);
  g_assert_true (PLN_IS_EVENT_EDITOR (editor));

  ACT (gtk_editable_set_text (GTK_EDITABLE (must_find (GTK_WIDGET (editor), "editor-title")), QN_TITLE));
  ACT (gtk_editable_set_text (GTK_EDITABLE (must_find (GTK_WIDGET (editor), "editor-start")), "10/11/2023 08:00"));
  ACT (gtk_editable_set_text (GTK_EDITABLE (must_find (GTK_WIDGET (editor), "editor-end")), "10/11/2023 11:30"));

  /* The host is the department, chosen already: the network's first site. */
  host = adw_combo_row_get_selected_item (ADW_COMBO_ROW (must_find (GTK_WIDGET (editor), "editor-host")));
  g_assert_nonnull (host);
  g_assert_cmpstr (pln_site_get_name (host), ==, "Sở Y tế Quảng Ninh");
  g_assert_cmpuint (pln_event_editor_get_n_points (PLN_EVENT_EDITOR (editor)), ==, 1);

  ACT (gtk_spin_button_set_value (GTK_SPIN_BUTTON (must_find (GTK_WIDGET (editor), "editor-expected")), 15));
  ACT (gtk_widget_activate (must_find (GTK_WIDGET (editor), "editor-rule-districts")));
  g_assert_cmpuint (pln_event_editor_get_n_points (PLN_EVENT_EDITOR (editor)), ==, 14);
  ACT (gtk_spin_button_set_value (GTK_SPIN_BUTTON (must_find (GTK_WIDGET (editor), "editor-expected")), 5));
  ACT (gtk_menu_button_popup (GTK_MENU_BUTTON (must_find (GTK_WIDGET (editor), "editor-rule-communes"))));
  spin (200);
  ACT (gtk_widget_activate (must_find (GTK_WIDGET (editor), "editor-communes-all")));
  spin (300);

  /* 1 host (5) + 13 district centres (15 each) + 177 stations (5 each). */
  g_assert_cmpuint (pln_event_editor_get_n_points (PLN_EVENT_EDITOR (editor)), ==, 191);
  g_assert_cmpint (pln_event_editor_get_expected_total (PLN_EVENT_EDITOR (editor)), ==, 5 + 13 * 15 + 177 * 5);
  text = shown_text (must_find (GTK_WIDGET (editor), "editor-points-summary"));
  if (english) g_assert_nonnull (strstr (text, "191 points"));
  if (english) g_assert_nonnull (strstr (text, "1\u00a0085 expected"));
  g_clear_pointer (&text, g_free);
  text = shown_text (must_find (GTK_WIDGET (editor), "editor-points"));
  g_assert_nonnull (strstr (text, "Sở Y tế Quảng Ninh"));
  g_clear_pointer (&text, g_free);

  /* The editor as it is about to be saved: the top, then the points. */
  spin (300);
  save_screenshot (GTK_WIDGET (editor), "event-editor-top.png");
  {
    GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (must_find (GTK_WIDGET (editor),
                                                                                              "editor-scroll")));

    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
  }
  spin (300);
  save_screenshot (GTK_WIDGET (editor), "event-editor.png");

  ACT (gtk_widget_activate (must_find (GTK_WIDGET (editor), "editor-save")));
  spin (300);
  g_assert_null (find_toplevel ("event-editor"));
  g_test_message ("interactions: %u", interactions);
  g_assert_cmpuint (interactions, <=, 10);

  /* What was written, read with sqlite3. */
  counts = sqlite (f, "SELECT count(*), sum(p.expected_count), sum(p.is_host), count(DISTINCT p.token) "
                      "FROM bridge_points p JOIN events e ON e.id = p.event_id "
                      "WHERE e.title = '" QN_TITLE "'");
  g_assert_cmpstr (counts, ==, "191|1085|1|191");
  g_clear_pointer (&counts, g_free);
  counts = sqlite (f, "SELECT s.level, count(*) FROM bridge_points p JOIN events e ON e.id = p.event_id "
                      "JOIN sites s ON s.id = p.site_id WHERE e.title = '" QN_TITLE "' "
                      "GROUP BY s.level ORDER BY s.level");
  g_assert_cmpstr (counts, ==, "commune|177\ndistrict|13\nprovince|1");
  g_clear_pointer (&counts, g_free);
  counts = sqlite (f, "SELECT kind, datetime(starts_at, 'unixepoch'), datetime(ends_at, 'unixepoch') "
                      "FROM events WHERE title = '" QN_TITLE "'");
  /* 08:00 and 11:30 in Hà Nội time are 01:00 and 04:30 UTC. */
  g_assert_cmpstr (counts, ==, "conference|2023-11-10 01:00:00|2023-11-10 04:30:00");

  /* The page shows it, selected, with its figures. */
  id = pln_events_page_get_selected_id (page);
  g_assert_cmpint (id, >, 0);
  event = pln_store_get_event (f->store, id, NULL);
  g_assert_cmpstr (pln_event_get_title (event), ==, QN_TITLE);
  spin (300);
  text = shown_text (must_find (GTK_WIDGET (page), "events-list"));
  g_assert_nonnull (strstr (text, QN_TITLE));
  if (english) g_assert_nonnull (strstr (text, "191 points · 1\u00a0085 expected"));
  if (english) g_assert_nonnull (strstr (text, "10/11/2023 08:00–11:30 · Conference · Sở Y tế Quảng Ninh"));
  g_clear_pointer (&text, g_free);

  /* Searching without accents finds it. */
  gtk_editable_set_text (GTK_EDITABLE (must_find (GTK_WIDGET (page), "events-search")), "quang ninh 2023");
  spin (400);
  text = shown_text (must_find (GTK_WIDGET (page), "events-list"));
  g_assert_nonnull (strstr (text, QN_TITLE));
  g_clear_pointer (&text, g_free);
  gtk_editable_set_text (GTK_EDITABLE (must_find (GTK_WIDGET (page), "events-search")), "");
  spin (400);
  pln_events_page_select_id (page, id);
  spin (200);
  save_screenshot (GTK_WIDGET (f->window), "events.png");

  /* ---- Duplicate: a year later, same points, new tokens ---- */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "events.duplicate", NULL));
  spin (300);
  copy_id = pln_events_page_get_selected_id (page);
  g_assert_cmpint (copy_id, !=, id);
  copy = pln_store_get_event (f->store, copy_id, NULL);
  g_assert_cmpstr (pln_event_get_title (copy), ==, QN_TITLE);
  when = pln_format_local_time (pln_event_get_starts_at (copy), "%d/%m/%Y %H:%M");
  g_assert_cmpstr (when, ==, "10/11/2024 08:00");
  sql = g_strdup_printf ("SELECT count(*), sum(expected_count), sum(is_host) FROM bridge_points WHERE event_id = %"
                         G_GINT64_FORMAT, copy_id);
  g_clear_pointer (&counts, g_free);
  counts = sqlite (f, sql);
  g_assert_cmpstr (counts, ==, "191|1085|1");
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM bridge_points a JOIN bridge_points b ON a.token = b.token "
                         "WHERE a.event_id = %" G_GINT64_FORMAT " AND b.event_id = %" G_GINT64_FORMAT,
                         id, copy_id);
  tokens = sqlite (f, sql);
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

  /* ---- Edit: the points load, a head-count changes, a point goes ---- */
  {
    PlnEventEditor *edit = pln_event_editor_new (GTK_WINDOW (f->window), f->context, id);
    GtkWidget *points_view;
    GtkWidget *first_row;
    GtkWidget *second_row;
    GtkWidget *host_spin;
    GtkWidget *remove;

    gtk_window_present (GTK_WINDOW (edit));
    spin (400);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (must_find (GTK_WIDGET (edit), "editor-title"))), ==, QN_TITLE);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (must_find (GTK_WIDGET (edit), "editor-start"))), ==,
                     "10/11/2023 08:00");
    g_assert_cmpuint (pln_event_editor_get_n_points (edit), ==, 191);
    g_assert_cmpint (pln_event_editor_get_expected_total (edit), ==, 1085);

    /* The rows as the list shows them: the host first, then a district. */
    points_view = must_find (GTK_WIDGET (edit), "editor-points");
    first_row = gtk_widget_get_first_child (points_view);
    g_assert_nonnull (first_row);
    second_row = gtk_widget_get_next_sibling (first_row);
    g_assert_nonnull (second_row);
    {
      g_autofree char *first_text = shown_text (first_row);
      g_assert_nonnull (strstr (first_text, "Sở Y tế Quảng Ninh"));
    }
    host_spin = gtk_widget_get_last_child (gtk_widget_get_first_child (first_row));
    host_spin = gtk_widget_get_prev_sibling (host_spin);
    g_assert_true (GTK_IS_SPIN_BUTTON (host_spin));
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (host_spin), 40);
    remove = gtk_widget_get_last_child (gtk_widget_get_first_child (second_row));
    g_assert_true (GTK_IS_BUTTON (remove));
    gtk_widget_activate (remove);
    spin (600);
    g_assert_cmpuint (pln_event_editor_get_n_points (edit), ==, 190);
    g_assert_cmpint (pln_event_editor_get_expected_total (edit), ==, 1085 - 5 + 40 - 15);
    gtk_widget_activate (must_find (GTK_WIDGET (edit), "editor-save"));
    spin (600);
    g_assert_null (find_toplevel ("event-editor"));

    g_clear_pointer (&counts, g_free);
    g_clear_pointer (&sql, g_free);
    sql = g_strdup_printf ("SELECT count(*), sum(expected_count), "
                           "(SELECT expected_count FROM bridge_points WHERE event_id = %" G_GINT64_FORMAT " AND is_host), "
                           "(SELECT sequence FROM events WHERE id = %" G_GINT64_FORMAT ") "
                           "FROM bridge_points WHERE event_id = %" G_GINT64_FORMAT,
                           id, id, id);
    counts = sqlite (f, sql);
    g_assert_cmpstr (counts, ==, "190|1105|40|1");
  }

  /* ---- Delete, after a confirmation ---- */
  {
    GtkWindow *dialog;

    g_assert_true (pln_events_page_select_id (page, copy_id));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "events.delete", NULL));
    spin (200);
    dialog = find_toplevel ("events-delete-dialog");
    g_assert_nonnull (dialog);
    if (english) g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "191 bridge points"));
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "delete");
    spin (300);
    g_clear_pointer (&counts, g_free);
    g_clear_pointer (&sql, g_free);
    sql = g_strdup_printf ("SELECT count(*) FROM events WHERE id = %" G_GINT64_FORMAT, copy_id);
    counts = sqlite (f, sql);
    g_assert_cmpstr (counts, ==, "0");
  }
}

/* Wrong times are refused with the field marked and a sentence that says
 * what to write; the free rule shows what it would add before adding. */
static void
test_editor_errors_and_preview (Fixture       *f,
                                gconstpointer  data)
{
  const char *argv[] = { g_getenv ("PLENARY_EXE"), "--db", pln_store_get_path (f->store), "demo", NULL };
  g_autoptr(GError) error = NULL;
  PlnEventEditor *editor;
  GtkWidget *start;
  GtkWidget *rule;
  GtkLabel *preview;
  GtkLabel *error_label;
  int status = 0;
  gint64 t = 0;

  if (!have_demo_and_sqlite ())
    {
      g_test_skip ("needs PLENARY_EXE (for `plenary demo`) and the sqlite3 command");
      return;
    }
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  g_assert_true (pln_event_editor_parse_time ("10/11/2022 08:00", &t, NULL));
  g_assert_cmpint (t, ==, 1668042000);
  g_assert_false (pln_event_editor_parse_time ("31/02/2022 08:00", &t, NULL));
  g_assert_false (pln_event_editor_parse_time ("2022-11-10", &t, NULL));

  editor = pln_event_editor_new (GTK_WINDOW (f->window), f->context, 0);
  gtk_window_present (GTK_WINDOW (editor));
  spin (300);

  gtk_editable_set_text (GTK_EDITABLE (must_find (GTK_WIDGET (editor), "editor-title")), "Tập huấn");
  start = must_find (GTK_WIDGET (editor), "editor-start");
  gtk_editable_set_text (GTK_EDITABLE (start), "10-11-2022 8h");
  gtk_editable_set_text (GTK_EDITABLE (must_find (GTK_WIDGET (editor), "editor-end")), "10/11/2022 11:30");
  gtk_widget_activate (must_find (GTK_WIDGET (editor), "editor-save"));
  spin (600);
  /* Still open, the field marked, the sentence says how to write it. */
  g_assert_nonnull (find_toplevel ("event-editor"));
  g_assert_true (gtk_widget_has_css_class (start, "error"));
  error_label = GTK_LABEL (must_find (GTK_WIDGET (editor), "editor-error"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_nonnull (strstr (gtk_label_get_text (error_label), "10-11-2022 8h"));
  if (english) g_assert_nonnull (strstr (gtk_label_get_text (error_label), "DD/MM/YYYY HH:MM"));

  /* The free rule: a live count, and a clear word on a bad rule. */
  rule = must_find (GTK_WIDGET (editor), "editor-rule");
  preview = GTK_LABEL (must_find (GTK_WIDGET (editor), "editor-rule-preview"));
  gtk_editable_set_text (GTK_EDITABLE (rule), "level=commune district=\"ba che\"");
  spin (100);
  if (english) g_assert_true (g_str_has_suffix (gtk_label_get_text (preview), "expected"));
  if (english) g_assert_nonnull (strstr (gtk_label_get_text (preview), " sites · "));
  gtk_editable_set_text (GTK_EDITABLE (rule), "level=town");
  spin (100);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (preview), "error"));
  g_assert_nonnull (strstr (gtk_label_get_text (preview), "town"));
  g_assert_false (gtk_widget_is_sensitive (must_find (GTK_WIDGET (editor), "editor-rule-add")));

  /* Nothing was written. */
  {
    g_autofree char *n = sqlite (f, "SELECT count(*) FROM events WHERE title = 'Tập huấn'");
    g_assert_cmpstr (n, ==, "0");
  }

  /* The same stations by the district check boxes, then everything under
   * Ba Chẽ's health centre (the centre itself added). */
  {
    GtkWidget *checks = must_find (GTK_WIDGET (editor), "editor-district-checks");
    GtkListBox *under = GTK_LIST_BOX (must_find (GTK_WIDGET (editor), "editor-under-list"));
    guint before = pln_event_editor_get_n_points (editor);
    guint n_ba_che = 0;
    gboolean checked = FALSE;

    gtk_editable_set_text (GTK_EDITABLE (rule), "level=commune district=\"ba che\"");
    spin (100);
    n_ba_che = (guint) g_ascii_strtoull (gtk_label_get_text (preview), NULL, 10);
    g_assert_cmpuint (n_ba_che, >, 0);

    gtk_menu_button_popup (GTK_MENU_BUTTON (must_find (GTK_WIDGET (editor), "editor-rule-communes")));
    spin (100);
    for (GtkWidget *c = gtk_widget_get_first_child (checks); c != NULL; c = gtk_widget_get_next_sibling (c))
      if (g_str_has_suffix (gtk_check_button_get_label (GTK_CHECK_BUTTON (c)), "Ba Chẽ"))
        {
          gtk_check_button_set_active (GTK_CHECK_BUTTON (c), TRUE);
          checked = TRUE;
        }
    g_assert_true (checked);
    gtk_widget_activate (must_find (GTK_WIDGET (editor), "editor-communes-add"));
    spin (500);
    g_assert_cmpuint (pln_event_editor_get_n_points (editor), ==, before + n_ba_che);

    gtk_menu_button_popup (GTK_MENU_BUTTON (must_find (GTK_WIDGET (editor), "editor-rule-under")));
    spin (100);
    for (int i = 0; gtk_list_box_get_row_at_index (under, i) != NULL; i++)
      {
        GtkListBoxRow *row = gtk_list_box_get_row_at_index (under, i);
        g_autofree char *label = shown_text (GTK_WIDGET (row));

        if (strstr (label, "Trung tâm Y tế huyện Ba Chẽ") != NULL)
          {
            g_signal_emit_by_name (under, "row-activated", row);
            break;
          }
      }
    spin (300);
    /* Ba Chẽ's centre and its villages join; its stations were there
     * already. The free rule counts the same sites. */
    gtk_editable_set_text (GTK_EDITABLE (rule), "under=QN-TTYT-BC");
    spin (100);
    g_assert_cmpuint (pln_event_editor_get_n_points (editor), ==,
                      before + (guint) g_ascii_strtoull (gtk_label_get_text (preview), NULL, 10));
    g_assert_cmpuint (pln_event_editor_get_n_points (editor), >, before + n_ba_che + 1);
  }

  /* Corrected, with an agenda item, it saves. */
  gtk_editable_set_text (GTK_EDITABLE (start), "10/11/2022 08:00");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.add-item", NULL));
  spin (100);
  {
    GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (must_find (GTK_WIDGET (editor), "editor-agenda")), 0);
    GtkWidget *box = gtk_list_box_row_get_child (row);
    GtkWidget *time = gtk_widget_get_first_child (box);
    GtkWidget *title = gtk_widget_get_next_sibling (time);
    GtkWidget *speaker = gtk_widget_get_next_sibling (title);
    g_autofree char *agenda = NULL;

    gtk_editable_set_text (GTK_EDITABLE (time), "08:30");
    gtk_editable_set_text (GTK_EDITABLE (title), "Khai mạc");
    gtk_editable_set_text (GTK_EDITABLE (speaker), "Giám đốc Sở");
    g_object_ref (editor);
    gtk_widget_activate (must_find (GTK_WIDGET (editor), "editor-save"));
    spin (600);
    g_assert_cmpint (pln_event_editor_get_event_id (editor), >, 0);
    g_object_unref (editor);
    g_assert_null (find_toplevel ("event-editor"));
    agenda = sqlite (f, "SELECT a.title, a.speaker, datetime(a.planned_start, 'unixepoch') "
                        "FROM agenda_items a JOIN events e ON e.id = a.event_id WHERE e.title = 'Tập huấn'");
    g_assert_cmpstr (agenda, ==, "Khai mạc|Giám đốc Sở|2022-11-10 01:30:00");
  }
}

int
main (int    argc,
      char **argv)
{
  const char *display = g_getenv ("DISPLAY");
  const char *wayland = g_getenv ("WAYLAND_DISPLAY");

  g_test_init (&argc, &argv, NULL);
  english = g_strcmp0 (g_getenv ("LANGUAGE"), "en") == 0;
  if (g_getenv ("PLENARY_LOCALEDIR") != NULL)
    {
      bindtextdomain (GETTEXT_PACKAGE, g_getenv ("PLENARY_LOCALEDIR"));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }

  if ((display == NULL || *display == '\0') && (wayland == NULL || *wayland == '\0'))
    {
      g_test_skip ("no display: DISPLAY and WAYLAND_DISPLAY are unset (run under xvfb-run)");
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

  g_test_add ("/ui-events/quang-ninh", Fixture, NULL, fixture_setup, test_quang_ninh, fixture_teardown);
  g_test_add ("/ui-events/editor-errors-and-preview", Fixture, NULL, fixture_setup,
              test_editor_errors_and_preview, fixture_teardown);

  return g_test_run ();
}
