/* test-ui-event-editor.c: the event editor under Xvfb, on the demo
 * database: wrong times refused with the field marked and a sentence that
 * says what to write, the free rule's preview before it adds, the network
 * tree's check boxes (a district centre with everything beneath it, one
 * station left out), saved and read back with sqlite3; screenshots. (The
 * Events page and the Quảng Ninh set-up are in test-ui-events.c.) */
#define G_LOG_DOMAIN "test-ui-event-editor"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "pln-context.h"
#include "pln-event-editor.h"
#include "pln-event-points-tree.h"
#include "pln-window.h"
#include "ui-helpers.h"

typedef PlnTestApp Fixture;

/* Texts are checked in English only (see test-ui-events.c). */
static gboolean english;

/* Wrong times are refused with the field marked and a sentence that says
 * what to write; the free rule shows what it would add before adding. */
static void
test_editor_errors_and_preview (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PlnEventEditor *editor;
  GtkWidget *start;
  GtkWidget *rule;
  GtkLabel *preview;
  GtkLabel *error_label;
  gint64 t = 0;

  if (!pln_test_have_plenary_and_sqlite ())
    {
      g_test_skip ("needs PLENARY_EXE (for `plenary demo`) and the sqlite3 command");
      return;
    }
  pln_test_run_plenary (f->db, "demo", NULL);

  g_assert_true (pln_event_editor_parse_time ("10/11/2022 08:00", &t, NULL));
  g_assert_cmpint (t, ==, 1668042000);
  g_assert_false (pln_event_editor_parse_time ("31/02/2022 08:00", &t, NULL));
  g_assert_false (pln_event_editor_parse_time ("2022-11-10", &t, NULL));

  editor = pln_event_editor_new (GTK_WINDOW (f->window), f->context, 0);
  gtk_window_present (GTK_WINDOW (editor));
  g_assert_true (pln_test_spin_until ((PlnTestPredicate) gtk_widget_get_mapped, editor, 5000));

  gtk_editable_set_text (GTK_EDITABLE (pln_test_must_find (GTK_WIDGET (editor), "editor-title")), "Tập huấn");
  start = pln_test_must_find (GTK_WIDGET (editor), "editor-start");
  gtk_editable_set_text (GTK_EDITABLE (start), "10-11-2022 8h");
  gtk_editable_set_text (GTK_EDITABLE (pln_test_must_find (GTK_WIDGET (editor), "editor-end")), "10/11/2022 11:30");
  pln_test_click (pln_test_must_find (GTK_WIDGET (editor), "editor-save"));
  /* Still open, the field marked, the sentence says how to write it. */
  g_assert_nonnull (pln_test_find_toplevel ("event-editor"));
  g_assert_true (gtk_widget_has_css_class (start, "error"));
  error_label = GTK_LABEL (pln_test_must_find (GTK_WIDGET (editor), "editor-error"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_nonnull (strstr (gtk_label_get_text (error_label), "10-11-2022 8h"));
  if (english) g_assert_nonnull (strstr (gtk_label_get_text (error_label), "DD/MM/YYYY HH:MM"));

  /* The free rule: a live count, and a clear word on a bad rule. */
  rule = pln_test_must_find (GTK_WIDGET (editor), "editor-rule");
  preview = GTK_LABEL (pln_test_must_find (GTK_WIDGET (editor), "editor-rule-preview"));
  gtk_editable_set_text (GTK_EDITABLE (rule), "level=commune district=\"ba che\"");
  pln_test_spin (100);
  if (english) g_assert_true (g_str_has_suffix (gtk_label_get_text (preview), "expected"));
  if (english) g_assert_nonnull (strstr (gtk_label_get_text (preview), " sites · "));
  gtk_editable_set_text (GTK_EDITABLE (rule), "level=town");
  pln_test_spin (100);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (preview), "error"));
  g_assert_nonnull (strstr (gtk_label_get_text (preview), "town"));
  g_assert_false (gtk_widget_is_sensitive (pln_test_must_find (GTK_WIDGET (editor), "editor-rule-add")));

  /* Nothing was written. */
  {
    g_autofree char *n = pln_test_sqlite (f->db, "SELECT count(*) FROM events WHERE title = 'Tập huấn'");
    g_assert_cmpstr (n, ==, "0");
  }

  /* The same stations by the district check boxes, then everything under
   * Ba Chẽ's health centre (the centre itself added). */
  {
    GtkWidget *checks = pln_test_must_find (GTK_WIDGET (editor), "editor-district-checks");
    GtkListBox *under = GTK_LIST_BOX (pln_test_must_find (GTK_WIDGET (editor), "editor-under-list"));
    guint before = pln_event_editor_get_n_points (editor);
    guint n_ba_che = 0;
    gboolean checked = FALSE;

    gtk_editable_set_text (GTK_EDITABLE (rule), "level=commune district=\"ba che\"");
    pln_test_spin (100);
    n_ba_che = (guint) g_ascii_strtoull (gtk_label_get_text (preview), NULL, 10);
    g_assert_cmpuint (n_ba_che, >, 0);

    pln_test_popup (pln_test_must_find (GTK_WIDGET (editor), "editor-rule-communes"));
    for (GtkWidget *c = gtk_widget_get_first_child (checks); c != NULL; c = gtk_widget_get_next_sibling (c))
      if (g_str_has_suffix (gtk_check_button_get_label (GTK_CHECK_BUTTON (c)), "Ba Chẽ"))
        {
          gtk_check_button_set_active (GTK_CHECK_BUTTON (c), TRUE);
          checked = TRUE;
        }
    g_assert_true (checked);
    pln_test_click (pln_test_must_find (GTK_WIDGET (editor), "editor-communes-add"));
    g_assert_cmpuint (pln_event_editor_get_n_points (editor), ==, before + n_ba_che);

    pln_test_popup (pln_test_must_find (GTK_WIDGET (editor), "editor-rule-under"));
    for (int i = 0; gtk_list_box_get_row_at_index (under, i) != NULL; i++)
      {
        GtkListBoxRow *row = gtk_list_box_get_row_at_index (under, i);
        g_autofree char *label = pln_test_shown_text (GTK_WIDGET (row));

        if (strstr (label, "Trung tâm Y tế huyện Ba Chẽ") != NULL)
          {
            g_signal_emit_by_name (under, "row-activated", row);
            break;
          }
      }
    pln_test_spin (300);
    /* Ba Chẽ's centre and its villages join; its stations were there
     * already. The free rule counts the same sites. */
    gtk_editable_set_text (GTK_EDITABLE (rule), "under=QN-TTYT-BC");
    pln_test_spin (100);
    g_assert_cmpuint (pln_event_editor_get_n_points (editor), ==,
                      before + (guint) g_ascii_strtoull (gtk_label_get_text (preview), NULL, 10));
    g_assert_cmpuint (pln_event_editor_get_n_points (editor), >, before + n_ba_che + 1);
  }

  /* Corrected, with an agenda item, it saves. */
  gtk_editable_set_text (GTK_EDITABLE (start), "10/11/2022 08:00");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.add-item", NULL));
  pln_test_spin (100);
  {
    GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (pln_test_must_find (GTK_WIDGET (editor), "editor-agenda")), 0);
    GtkWidget *box = gtk_list_box_row_get_child (row);
    GtkWidget *time = gtk_widget_get_first_child (box);
    GtkWidget *title = gtk_widget_get_next_sibling (time);
    GtkWidget *speaker = gtk_widget_get_next_sibling (title);
    g_autofree char *agenda = NULL;

    gtk_editable_set_text (GTK_EDITABLE (time), "08:30");
    gtk_editable_set_text (GTK_EDITABLE (title), "Khai mạc");
    gtk_editable_set_text (GTK_EDITABLE (speaker), "Giám đốc Sở");
    g_object_ref (editor);
    pln_test_click (pln_test_must_find (GTK_WIDGET (editor), "editor-save"));
    g_assert_true (pln_test_spin_until (pln_test_toplevel_gone, (gpointer) "event-editor", 10000));
    g_assert_cmpint (pln_event_editor_get_event_id (editor), >, 0);
    g_object_unref (editor);
    g_assert_null (pln_test_find_toplevel ("event-editor"));
    agenda = pln_test_sqlite (f->db, "SELECT a.title, a.speaker, datetime(a.planned_start, 'unixepoch') "
                        "FROM agenda_items a JOIN events e ON e.id = a.event_id WHERE e.title = 'Tập huấn'");
    g_assert_cmpstr (agenda, ==, "Khai mạc|Giám đốc Sở|2022-11-10 01:30:00");
  }
}

/* The network tree: checking a district centre makes it and every site
 * beneath it (down to the commune stations) points, its box checked and
 * the province's half-checked; one station unchecked leaves the district
 * half-checked; the count follows; it saves. */
static GtkTreeListRow *
tree_row_of (GtkListView *view,
             gint64       site_id,
             guint       *position)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (view));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (model, i);
      g_autoptr(PlnSite) site = gtk_tree_list_row_get_item (row);

      if (pln_site_get_id (site) == site_id)
        {
          *position = i;
          return g_steal_pointer (&row);
        }
    }
  return NULL;
}

/* The check box of @site's row, scrolled into view, as a person sees it. */
static GtkCheckButton *
tree_check_of (PlnEventEditor *editor,
               PlnSite        *site)
{
  GtkListView *view = GTK_LIST_VIEW (pln_test_must_find (GTK_WIDGET (editor), "editor-tree"));
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GtkTreeListRow) row = NULL;
  guint position = 0;

  row = tree_row_of (view, pln_site_get_id (site), &position);
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "list.scroll-to-item", "u", position));
  pln_test_spin (300);
  pln_test_find_all_mapped (GTK_WIDGET (view), "editor-tree-name", names);
  for (guint i = 0; i < names->len; i++)
    if (g_strcmp0 (gtk_label_get_text (g_ptr_array_index (names, i)), pln_site_get_name (site)) == 0)
      return GTK_CHECK_BUTTON (gtk_widget_get_prev_sibling (g_ptr_array_index (names, i)));
  g_error ("the row of %s is not shown", pln_site_get_name (site));
  return NULL;
}

static void
test_editor_tree (Fixture       *f,
                  gconstpointer  data)
{
  PlnEventEditor *editor;
  PlnEventPointsTree *tree;
  g_autoptr(PlnSite) province = NULL;
  g_autoptr(PlnSite) district = NULL;
  g_autoptr(PlnSite) station = NULL;
  GtkCheckButton *district_check;
  GtkCheckButton *station_check;
  guint before, branch;
  g_autofree char *counts = NULL;

  if (!pln_test_have_plenary_and_sqlite ())
    {
      g_test_skip ("needs PLENARY_EXE (for `plenary demo`) and the sqlite3 command");
      return;
    }
  pln_test_run_plenary (f->db, "demo", NULL);
  province = pln_store_find_site_by_code (f->store, "QN-SYT", NULL);
  district = pln_store_find_site_by_code (f->store, "QN-TTYT-BC", NULL);
  station = pln_store_find_site_by_code (f->store, "QN-TYT-BC-01", NULL);
  g_assert_nonnull (province);
  g_assert_nonnull (district);
  g_assert_nonnull (station);

  editor = pln_event_editor_new (GTK_WINDOW (f->window), f->context, 0);
  gtk_window_present (GTK_WINDOW (editor));
  g_assert_true (pln_test_spin_until ((PlnTestPredicate) gtk_widget_get_mapped, editor, 5000));
  gtk_editable_set_text (GTK_EDITABLE (pln_test_must_find (GTK_WIDGET (editor), "editor-title")), "Giao ban Ba Chẽ");
  gtk_editable_set_text (GTK_EDITABLE (pln_test_must_find (GTK_WIDGET (editor), "editor-start")), "05/03/2026 14:00");
  gtk_editable_set_text (GTK_EDITABLE (pln_test_must_find (GTK_WIDGET (editor), "editor-end")), "05/03/2026 16:00");

  /* The tab of the network, as a click on it does. */
  gtk_stack_set_visible_child_name (GTK_STACK (pln_test_must_find (GTK_WIDGET (editor), "editor-points-views")),
                                    "network");
  pln_test_spin (300);
  tree = PLN_EVENT_POINTS_TREE (pln_test_must_find (GTK_WIDGET (editor), "editor-points-tree"));
  /* The host alone: the province's box is half-checked. */
  before = pln_event_editor_get_n_points (editor);
  g_assert_cmpuint (before, ==, 1);
  g_assert_cmpint (pln_event_points_tree_get_state (tree, pln_site_get_id (province)), ==, PLN_BRANCH_SOME);
  g_assert_true (gtk_check_button_get_inconsistent (tree_check_of (editor, province)));

  /* The same sites as the rule for Ba Chẽ's centre and what is under it,
   * villages left out: the rule's own count, from the store. */
  gtk_editable_set_text (GTK_EDITABLE (pln_test_must_find (GTK_WIDGET (editor), "editor-rule")),
                         "under=QN-TTYT-BC level=district,unit,commune");
  pln_test_spin (100);
  branch = (guint) g_ascii_strtoull (gtk_label_get_text (GTK_LABEL (pln_test_must_find (GTK_WIDGET (editor),
                                                                                        "editor-rule-preview"))),
                                     NULL, 10);
  g_assert_cmpuint (branch, >, 2);

  district_check = tree_check_of (editor, district);
  g_assert_false (gtk_check_button_get_active (district_check));
  gtk_widget_activate (GTK_WIDGET (district_check));
  pln_test_spin (300);
  g_assert_cmpuint (pln_event_editor_get_n_points (editor), ==, before + branch);
  g_assert_cmpint (pln_event_points_tree_get_state (tree, pln_site_get_id (district)), ==, PLN_BRANCH_ALL);
  district_check = tree_check_of (editor, district);
  g_assert_true (gtk_check_button_get_active (district_check));
  g_assert_false (gtk_check_button_get_inconsistent (district_check));
  if (english)
    {
      g_autofree char *expected = g_strdup_printf ("%u points", before + branch);
      pln_test_assert_shows_soon (pln_test_must_find (GTK_WIDGET (editor), "editor-points-summary"), expected, 1000);
    }

  /* One station leaves: the district is half-checked, one point fewer. */
  {
    guint position = 0;
    g_autoptr(GtkTreeListRow) row = tree_row_of (GTK_LIST_VIEW (pln_test_must_find (GTK_WIDGET (editor), "editor-tree")),
                                                 pln_site_get_id (district), &position);
    gtk_tree_list_row_set_expanded (row, TRUE);
    pln_test_spin (200);
  }
  station_check = tree_check_of (editor, station);
  g_assert_true (gtk_check_button_get_active (station_check));
  gtk_widget_activate (GTK_WIDGET (station_check));
  pln_test_spin (300);
  g_assert_cmpuint (pln_event_editor_get_n_points (editor), ==, before + branch - 1);
  g_assert_cmpint (pln_event_points_tree_get_state (tree, pln_site_get_id (district)), ==, PLN_BRANCH_SOME);
  g_assert_true (gtk_check_button_get_inconsistent (tree_check_of (editor, district)));
  {
    GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (pln_test_must_find (GTK_WIDGET (editor),
                                                                                                       "editor-scroll")));

    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
  }
  pln_test_save_screenshot (GTK_WIDGET (editor), "event-editor-tree.png");

  /* Saved as shown (in a thread: the window closes when it is written). */
  g_object_ref (editor);
  pln_test_click (pln_test_must_find (GTK_WIDGET (editor), "editor-save"));
  g_assert_true (pln_test_spin_until (pln_test_toplevel_gone, (gpointer) "event-editor", 10000));
  counts = pln_test_sqlite (f->db, "SELECT count(*), sum(s.level = 'commune'), sum(s.code = 'QN-TYT-BC-01') "
                                   "FROM bridge_points p JOIN events e ON e.id = p.event_id "
                                   "JOIN sites s ON s.id = p.site_id WHERE e.title = 'Giao ban Ba Chẽ'");
  g_test_message ("saved: %s", counts);
  g_assert_cmpuint ((guint) g_ascii_strtoull (counts, NULL, 10), ==, before + branch - 1);
  g_assert_true (g_str_has_suffix (counts, "|0"));
  g_object_unref (editor);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  english = pln_test_ui_is_english ();
  if (!pln_test_ui_start (TRUE))
    return g_test_run ();

  g_test_add ("/ui-event-editor/errors-and-preview", Fixture, NULL, pln_test_app_fixture_setup,
              test_editor_errors_and_preview, pln_test_app_fixture_teardown);
  g_test_add ("/ui-event-editor/tree", Fixture, NULL, pln_test_app_fixture_setup, test_editor_tree, pln_test_app_fixture_teardown);

  return g_test_run ();
}
