/* test-ui.c: the real window under Xvfb, on a real database: pages, the
 * Sites page's tree, search, people, import (with its error report) and
 * export, the preferences, and a screenshot of what it shows. */
#define G_LOG_DOMAIN "test-ui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include <string.h>

#include "pln-application.h"
#include "pln-context.h"
#include "pln-events-month.h"
#include "pln-events-page.h"
#include "pln-importer.h"
#include "pln-preferences-window.h"
#include "pln-sites-page.h"
#include "pln-window.h"
#include "ui-helpers.h"

static const char sites_csv[] =
  "code,name,level,parent_code\n"
  "QN-SYT,Sở Y tế Quảng Ninh,province,\n"
  "QN-CDC,Trung tâm Kiểm soát bệnh tật tỉnh Quảng Ninh,unit,QN-SYT\n"
  "QN-BC,Trung tâm Y tế huyện Ba Chẽ,district,QN-SYT\n"
  "QN-BC-01,Trạm Y tế thị trấn Ba Chẽ,commune,QN-BC\n"
  "QN-BC-02,Trạm Y tế xã Thanh Sơn,commune,QN-BC\n"
  "QN-TY,Trung tâm Y tế huyện Tiên Yên,district,QN-SYT\n"
  "QN-TY-01,Trạm Y tế xã Đông Ngũ,commune,QN-TY\n"
  "QN-DH,Trung tâm Y tế huyện Đầm Hà,district,QN-SYT\n";

static const char people_csv[] =
  "staff_number,name,title,site_code,phone,email\n"
  "QN-0001,Nguyễn Văn An,Trạm trưởng,QN-BC-01,0912345678,\n"
  "QN-0002,Trần Thị Bình,Y sĩ đa khoa,QN-BC-01,0987654321,\n"
  "QN-0003,Lê Văn Cường,Giám đốc,QN-BC,0203123456,\n";

/* Rows 3 and 4 are wrong: an unknown level and an unknown parent. */
static const char bad_sites_csv[] =
  "code,name,level,parent_code\n"
  "QN-HL,Trung tâm Y tế thành phố Hạ Long,district,QN-SYT\n"
  "QN-HL-01,Trạm Y tế phường Hồng Gai,comune,QN-HL\n"
  "QN-HL-02,Trạm Y tế phường Bãi Cháy,commune,QN-NOWHERE\n";

typedef PlnTestApp Fixture;

/* ---- Helpers ------------------------------------------------------------ */

/* Adds to @out the accelerator of every mapped shortcut under @root. */
static void
collect_mapped_accelerators (GtkWidget *root,
                             GPtrArray *out)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (root) && gtk_widget_get_mapped (root))
    {
      char *accel = NULL;

      g_object_get (root, "accelerator", &accel, NULL);
      g_ptr_array_add (out, accel);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_mapped_accelerators (child, out);
}

/* Counts the mapped widgets of @type under @root. */
static guint
count_mapped_of_type (GtkWidget *root,
                      GType      type)
{
  guint n = G_TYPE_CHECK_INSTANCE_TYPE (root, type) && gtk_widget_get_mapped (root) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_mapped_of_type (child, type);
  return n;
}


static GtkWidget *
find_in_window (Fixture    *f,
                const char *name)
{
  GtkWidget *widget = pln_test_find (GTK_WIDGET (f->window), name);

  g_assert_nonnull (widget);
  return widget;
}

static PlnSitesPage *
sites_page (Fixture *f)
{
  return PLN_SITES_PAGE (find_in_window (f, "sites-page"));
}

static gboolean
page_idle (gpointer data)
{
  return !pln_sites_page_is_busy (PLN_SITES_PAGE (data));
}

static GFile *
write_file (Fixture    *f,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return g_file_new_for_path (path);
}

static void
import_through_page (Fixture    *f,
                     const char *what,
                     const char *name,
                     const char *contents)
{
  g_autoptr(GFile) file = write_file (f, name, contents);

  pln_sites_page_import_file (sites_page (f), what, file);
  g_assert_true (pln_test_spin_until (page_idle, sites_page (f), 10000));
  pln_test_spin (200);
}

/* Finds the row of the site with @code in the tree as shown, opening its
 * ancestors on the way; returns its position. */
static guint
find_site_row (PlnStore      *store,
               GtkColumnView *view,
               const char    *code)
{
  GtkSelectionModel *model = gtk_column_view_get_model (view);
  g_autoptr(PlnSite) target = pln_store_find_site_by_code (store, code, NULL);
  g_autoptr(GArray) ancestors = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_assert_nonnull (target);
  for (gint64 id = pln_site_get_parent_id (target); id != 0;)
    {
      g_autoptr(PlnSite) parent = pln_store_get_site (store, id, NULL);

      g_assert_nonnull (parent);
      g_array_append_val (ancestors, id);
      id = pln_site_get_parent_id (parent);
    }

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (model), i);
      g_autoptr(PlnSite) site = gtk_tree_list_row_get_item (row);

      if (pln_site_get_id (site) == pln_site_get_id (target))
        return i;
      for (guint j = 0; j < ancestors->len; j++)
        if (g_array_index (ancestors, gint64, j) == pln_site_get_id (site))
          gtk_tree_list_row_set_expanded (row, TRUE);
    }
  return GTK_INVALID_LIST_POSITION;
}

/* ---- Fixture ------------------------------------------------------------ */

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  PlnTestAppOptions options = { .width = 1280, .height = 800 };

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

/* ---- Tests -------------------------------------------------------------- */

static void
test_pages (Fixture       *f,
            gconstpointer  data)
{
  static const char *pages[] = { "events", "sites", "live", "recorder", "library", "training" };

  g_assert_cmpstr (pln_window_get_visible_page (f->window), ==, "events");

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s", pages[i]));
      pln_test_spin (50);
      g_assert_cmpstr (pln_window_get_visible_page (f->window), ==, pages[i]);
    }

  /* The page shown is remembered for the next start. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s", "sites"));
  pln_test_spin (50);
  {
    g_autofree char *last = g_settings_get_string (f->settings, "last-page");
    g_assert_cmpstr (last, ==, "sites");
  }

  /* A new window opens at the size and on the page the settings keep. */
  {
    PlnWindow *second;
    int width = 0, height = 0;

    g_settings_set_int (f->settings, "window-width", 1010);
    g_settings_set_int (f->settings, "window-height", 690);
    g_settings_set_string (f->settings, "last-page", "library");
    second = pln_window_new (NULL, f->context);
    gtk_window_get_default_size (GTK_WINDOW (second), &width, &height);
    g_assert_cmpint (width, ==, 1010);
    g_assert_cmpint (height, ==, 690);
    g_assert_cmpstr (pln_window_get_visible_page (second), ==, "library");
    gtk_window_destroy (GTK_WINDOW (second));
    g_settings_set_string (f->settings, "last-page", "sites");
  }

  /* An unknown page changes nothing. */
  g_assert_false (pln_window_show_page (f->window, "nowhere"));
  g_assert_cmpstr (pln_window_get_visible_page (f->window), ==, "sites");

  /* Every page is a page of its own, with something in it. */
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *name = g_strconcat (pages[i], "-page", NULL);
      GtkWidget *page = find_in_window (f, name);

      g_assert_nonnull (gtk_widget_get_first_child (page));
    }
}

static void
test_sites_empty (Fixture       *f,
                  gconstpointer  data)
{
  GtkStack *stack;
  g_autofree char *text = NULL;

  pln_window_show_page (f->window, "sites");
  pln_test_spin (100);

  stack = GTK_STACK (find_in_window (f, "sites-main-stack"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");
  text = pln_test_shown_text (find_in_window (f, "sites-empty"));
  g_assert_nonnull (strstr (text, "No Sites Yet"));
  g_assert_nonnull (strstr (text, "plenary demo"));
  /* Import is possible, export is not: there is nothing to export. */
  g_assert_true (gtk_widget_get_sensitive (find_in_window (f, "sites-empty-import")));
}

static void
test_sites_tree_and_people (Fixture       *f,
                            gconstpointer  data)
{
  GtkColumnView *view;
  GtkSingleSelection *selection;
  GtkStack *stack;
  g_autofree char *tree_text = NULL;
  g_autofree char *people_text = NULL;
  g_autofree char *title_text = NULL;
  guint position;

  pln_window_show_page (f->window, "sites");
  import_through_page (f, "sites", "sites.csv", sites_csv);
  import_through_page (f, "people", "people.csv", people_csv);

  stack = GTK_STACK (find_in_window (f, "sites-main-stack"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "sites");

  /* The toast says how many were imported. */
  {
    g_autofree char *overlay_text = pln_test_shown_text (GTK_WIDGET (sites_page (f)));
    g_test_message ("page shows: %s", overlay_text);
    g_assert_nonnull (strstr (overlay_text, "Imported 3 people"));
  }

  /* The province is the root, opened: its units and districts show. */
  view = GTK_COLUMN_VIEW (find_in_window (f, "sites-tree"));
  tree_text = pln_test_shown_text (GTK_WIDGET (view));
  g_assert_true (g_str_has_prefix (strstr (tree_text, "Sở Y tế Quảng Ninh"), "Sở Y tế Quảng Ninh"));
  g_assert_nonnull (strstr (tree_text, "Trung tâm Y tế huyện Ba Chẽ"));
  g_assert_nonnull (strstr (tree_text, "Trung tâm Y tế huyện Đầm Hà"));
  g_assert_nonnull (strstr (tree_text, "QN-BC"));
  g_assert_nonnull (strstr (tree_text, "District"));
  /* Communes stay closed under their district until it is opened. */
  g_assert_null (strstr (tree_text, "Trạm Y tế thị trấn Ba Chẽ"));
  {
    GtkSelectionModel *model = gtk_column_view_get_model (view);
    g_autoptr(GtkTreeListRow) root = g_list_model_get_item (G_LIST_MODEL (model), 0);
    g_autoptr(PlnSite) site = gtk_tree_list_row_get_item (root);

    g_assert_cmpstr (pln_site_get_name (site), ==, "Sở Y tế Quảng Ninh");
    g_assert_cmpuint (gtk_tree_list_row_get_depth (root), ==, 0);
  }

  /* Open Ba Chẽ and select its town station: its people show. */
  position = find_site_row (f->store, view, "QN-BC-01");
  g_assert_cmpuint (position, !=, GTK_INVALID_LIST_POSITION);
  selection = GTK_SINGLE_SELECTION (gtk_column_view_get_model (view));
  gtk_single_selection_set_selected (selection, position);
  pln_test_spin (200);

  g_assert_cmpstr (pln_site_get_code (pln_sites_page_get_selected_site (sites_page (f))), ==, "QN-BC-01");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (find_in_window (f, "people-stack"))), ==, "list");
  /* The People column counts each site's own people. */
  {
    g_autofree char *counted = pln_test_shown_text (GTK_WIDGET (view));
    g_assert_nonnull (strstr (counted, "QN-BC-01\n2\n"));
    g_assert_nonnull (strstr (counted, "QN-BC\n1\n"));
    g_assert_nonnull (strstr (counted, "QN-BC-02\n\n"));
  }
  people_text = pln_test_shown_text (find_in_window (f, "people-list"));
  g_assert_nonnull (strstr (people_text, "Nguyễn Văn An"));
  g_assert_nonnull (strstr (people_text, "Trần Thị Bình"));
  g_assert_nonnull (strstr (people_text, "Y sĩ đa khoa"));
  g_assert_nonnull (strstr (people_text, "QN-0002"));
  g_assert_nonnull (strstr (people_text, "0912345678"));
  g_assert_null (strstr (people_text, "Lê Văn Cường"));
  title_text = g_strdup (gtk_label_get_text (GTK_LABEL (find_in_window (f, "people-title"))));
  g_assert_cmpstr (title_text, ==, "People of Trạm Y tế thị trấn Ba Chẽ");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (find_in_window (f, "people-subtitle"))), "2 people"));

  pln_test_spin (200);
  pln_test_save_screenshot (GTK_WIDGET (f->window), "sites.png");
}

/* Sites arrive in two files: the districts, then their communes. A
 * district that had no children when it was first shown opens now. */
static void
test_sites_import_in_steps (Fixture       *f,
                            gconstpointer  data)
{
  static const char districts_csv[] =
    "code,name,level,parent_code\n"
    "QN-SYT,Sở Y tế Quảng Ninh,province,\n"
    "QN-BC,Trung tâm Y tế huyện Ba Chẽ,district,QN-SYT\n";
  static const char communes_csv[] =
    "code,name,level,parent_code\n"
    "QN-BC-01,Trạm Y tế thị trấn Ba Chẽ,commune,QN-BC\n";
  GtkColumnView *view;
  guint position;

  pln_window_show_page (f->window, "sites");
  import_through_page (f, "sites", "districts.csv", districts_csv);
  view = GTK_COLUMN_VIEW (find_in_window (f, "sites-tree"));
  {
    g_autofree char *text = pln_test_shown_text (GTK_WIDGET (view));
    g_assert_nonnull (strstr (text, "Trung tâm Y tế huyện Ba Chẽ"));
  }

  import_through_page (f, "sites", "communes.csv", communes_csv);
  pln_test_spin (300);
  position = find_site_row (f->store, view, "QN-BC-01");
  g_assert_cmpuint (position, !=, GTK_INVALID_LIST_POSITION);
  pln_test_spin (100);
  {
    g_autofree char *text = pln_test_shown_text (GTK_WIDGET (view));
    g_assert_nonnull (strstr (text, "Trạm Y tế thị trấn Ba Chẽ"));
  }
}

static void
set_search (Fixture    *f,
            const char *text)
{
  pln_test_set_search (find_in_window (f, "sites-search"), text);
}

static void
test_sites_search (Fixture       *f,
                   gconstpointer  data)
{
  GtkStack *tree_stack;
  g_autofree char *text = NULL;
  g_autofree char *text2 = NULL;
  g_autofree char *text3 = NULL;

  pln_window_show_page (f->window, "sites");
  import_through_page (f, "sites", "sites.csv", sites_csv);
  tree_stack = GTK_STACK (find_in_window (f, "sites-tree-stack"));

  /* Accents and case do not matter, and words may come in any order. */
  set_search (f, "ba che");
  text = pln_test_shown_text (find_in_window (f, "sites-tree"));
  g_assert_nonnull (strstr (text, "Trung tâm Y tế huyện Ba Chẽ"));
  g_assert_nonnull (strstr (text, "Trạm Y tế thị trấn Ba Chẽ"));
  g_assert_null (strstr (text, "Tiên Yên"));
  g_assert_null (strstr (text, "Sở Y tế Quảng Ninh"));

  /* đ is a letter of its own, not a d with a mark: it still folds to d. */
  set_search (f, "DONG NGU");
  text2 = pln_test_shown_text (find_in_window (f, "sites-tree"));
  g_assert_nonnull (strstr (text2, "Trạm Y tế xã Đông Ngũ"));
  g_assert_null (strstr (text2, "Ba Chẽ"));

  /* Codes are searched too. */
  set_search (f, "qn-ty");
  text3 = pln_test_shown_text (find_in_window (f, "sites-tree"));
  g_assert_nonnull (strstr (text3, "Trung tâm Y tế huyện Tiên Yên"));
  g_assert_nonnull (strstr (text3, "Trạm Y tế xã Đông Ngũ"));

  set_search (f, "nowhere at all");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (tree_stack), ==, "no-results");

  /* Clearing the search brings the tree back. */
  set_search (f, "");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (tree_stack), ==, "tree");
  {
    g_autofree char *tree_text = pln_test_shown_text (find_in_window (f, "sites-tree"));
    g_assert_nonnull (strstr (tree_text, "Sở Y tế Quảng Ninh"));
  }
}

static gboolean
cli_has_demo (void)
{
  const char *exe = g_getenv ("PLENARY_EXE");
  g_autofree char *out = NULL;
  const char *argv[] = { exe, "help", NULL };

  return exe != NULL &&
         g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                       &out, NULL, NULL, NULL) &&
         out != NULL && strstr (out, "plenary demo") != NULL;
}

/* The demo network (1 005 sites) as `plenary demo` writes it, in the
 * window: the tree, a commune station's people, a search; and the
 * screenshot the project shows. */
static void
test_sites_demo (Fixture       *f,
                 gconstpointer  data)
{
  const char *argv[] = { g_getenv ("PLENARY_EXE"), "--db", pln_store_get_path (f->store), "demo", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) people = NULL;
  g_autoptr(PlnSite) station = NULL;
  GtkColumnView *view;
  g_autofree char *tree_text = NULL;
  g_autofree char *people_text = NULL;
  g_autofree char *found_text = NULL;
  g_autofree char *demo_err = NULL;
  int status = 0;
  guint position;

  if (!cli_has_demo ())
    {
      g_test_skip ("this build's plenary has no demo command");
      return;
    }

  /* Another process writes the demo into the window's database. */
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                               NULL, &demo_err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("plenary demo failed: %s", demo_err);
  pln_store_check_external_changes (f->store);
  pln_window_show_page (f->window, "sites");
  pln_test_spin (300);

  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (find_in_window (f, "sites-main-stack"))), ==, "sites");
  view = GTK_COLUMN_VIEW (find_in_window (f, "sites-tree"));
  tree_text = pln_test_shown_text (GTK_WIDGET (view));
  g_assert_nonnull (strstr (tree_text, "Sở Y tế Quảng Ninh"));
  g_assert_nonnull (strstr (tree_text, "Province"));

  /* Open the way down to Ba Chẽ's town station; its people show. */
  station = pln_store_find_site_by_code (f->store, "QN-TYT-BC-01", NULL);
  g_assert_nonnull (station);
  position = find_site_row (f->store, view, "QN-TYT-BC-01");
  g_assert_cmpuint (position, !=, GTK_INVALID_LIST_POSITION);
  g_assert_true (pln_sites_page_select_position (sites_page (f), position));
  g_assert_true (gtk_widget_activate_action (pln_test_find_child_of_type (GTK_WIDGET (view), GTK_TYPE_LIST_VIEW),
                                             "list.scroll-to-item", "u", position));
  pln_test_spin (300);

  g_clear_pointer (&tree_text, g_free);
  tree_text = pln_test_shown_text (GTK_WIDGET (view));
  g_assert_nonnull (strstr (tree_text, "Trung tâm Y tế huyện Ba Chẽ"));
  g_assert_nonnull (strstr (tree_text, pln_site_get_name (station)));

  people = pln_store_get_people_model (f->store, pln_site_get_id (station));
  g_assert_cmpuint (g_list_model_get_n_items (people), >, 0);
  people_text = pln_test_shown_text (find_in_window (f, "people-list"));
  for (guint i = 0; i < g_list_model_get_n_items (people); i++)
    {
      g_autoptr(PlnPerson) person = g_list_model_get_item (people, i);

      g_assert_nonnull (strstr (people_text, pln_person_get_name (person)));
      g_assert_nonnull (strstr (people_text, pln_person_get_staff_number (person)));
    }

  pln_test_spin (200);
  pln_test_save_screenshot (GTK_WIDGET (f->window), "sites-demo.png");

  /* Searching the whole network, without accents. */
  set_search (f, "ba che tram");
  found_text = pln_test_shown_text (find_in_window (f, "sites-tree"));
  g_assert_nonnull (strstr (found_text, "Trạm Y tế thị trấn Ba Chẽ"));
  g_assert_null (strstr (found_text, "Tiên Yên"));
  /* The station stays selected in the results, with its people. */
  g_assert_cmpstr (pln_site_get_code (pln_sites_page_get_selected_site (sites_page (f))), ==, "QN-TYT-BC-01");
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (gtk_column_view_get_model (view))), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (find_in_window (f, "people-stack"))), ==, "list");
  pln_test_spin (100);
  pln_test_save_screenshot (GTK_WIDGET (f->window), "sites-demo-search.png");
}

static void
test_sites_import_errors (Fixture       *f,
                          gconstpointer  data)
{
  GtkWindow *dialog;
  GtkWidget *list;
  g_autofree char *text = NULL;
  guint n_rows = 0;
  g_autoptr(GListModel) roots = NULL;

  pln_window_show_page (f->window, "sites");
  import_through_page (f, "sites", "sites.csv", sites_csv);
  import_through_page (f, "sites", "bad-sites.csv", bad_sites_csv);

  dialog = pln_test_find_toplevel ("import-report");
  g_assert_nonnull (dialog);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), "bad-sites.csv"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "Nothing was imported"));

  /* Every bad row is listed, each on its own line, naming its row. */
  list = pln_test_find (GTK_WIDGET (dialog), "import-report-list");
  g_assert_nonnull (list);
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    n_rows++;
  g_assert_cmpuint (n_rows, ==, 2);
  text = pln_test_shown_text (list);
  g_assert_nonnull (strstr (text, "row 3"));
  g_assert_nonnull (strstr (text, "comune"));
  g_assert_nonnull (strstr (text, "row 4"));
  g_assert_nonnull (strstr (text, "QN-NOWHERE"));

  pln_test_spin (200);
  pln_test_save_screenshot (GTK_WIDGET (dialog), "import-report.png");
  gtk_window_destroy (dialog);

  /* A file that is not a sites file at all: the importer's sentence. */
  import_through_page (f, "sites", "not-sites.csv", "hello,world\n1,2\n");
  dialog = pln_test_find_toplevel ("import-report");
  g_assert_nonnull (dialog);
  g_assert_true (g_str_has_prefix (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "Nothing was imported"));
  g_assert_null (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "Nothing was imported. Nothing"));
  gtk_window_destroy (dialog);

  /* All or nothing: the good row of the bad file was not written. */
  {
    g_autoptr(PlnSite) site = pln_store_find_site_by_code (f->store, "QN-HL", NULL);
    g_assert_null (site);
  }
  roots = pln_store_get_sites_model (f->store, 0);
  g_assert_cmpuint (g_list_model_get_n_items (roots), ==, 1);
}

static void
test_sites_export (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "export.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;

  pln_window_show_page (f->window, "sites");
  import_through_page (f, "sites", "sites.csv", sites_csv);

  pln_sites_page_export_file (sites_page (f), "sites", file);
  g_assert_true (pln_test_spin_until (page_idle, sites_page (f), 10000));

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "code,name,level"));
  g_assert_nonnull (strstr (contents, "QN-BC-01,Trạm Y tế thị trấn Ba Chẽ,commune,QN-BC"));
  g_assert_nonnull (strstr (contents, "Trạm Y tế xã Đông Ngũ"));

  /* The file reads back: importing it changes nothing and fails nothing. */
  import_through_page (f, "sites", "export.csv", contents);
  g_assert_null (pln_test_find_toplevel ("import-report"));
}

/* A phone-sized window: the page switcher moves to the bottom bar, the
 * Sites page shows the tree, then a site's people with a way back. */
static void
test_narrow (Fixture       *f,
             gconstpointer  data)
{
  AdwLeaflet *leaflet;
  GtkColumnView *view;
  guint position;

  pln_window_show_page (f->window, "sites");
  import_through_page (f, "sites", "sites.csv", sites_csv);
  import_through_page (f, "people", "people.csv", people_csv);
  pln_test_spin (300);

  /* A page that asks for more width than a phone has widens the whole
   * window: each one says what it needs. */
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
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->window)), <, 500);
  g_assert_true (gtk_widget_get_mapped (find_in_window (f, "switcher-bar")));

  leaflet = ADW_LEAFLET (find_in_window (f, "sites-leaflet"));
  g_assert_true (adw_leaflet_get_folded (leaflet));
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "tree");
  pln_test_save_screenshot (GTK_WIDGET (f->window), "narrow-tree.png");

  view = GTK_COLUMN_VIEW (find_in_window (f, "sites-tree"));
  position = find_site_row (f->store, view, "QN-BC-01");
  g_assert_true (pln_sites_page_select_position (sites_page (f), position));
  pln_test_spin (400);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "people");
  g_assert_true (gtk_widget_get_mapped (find_in_window (f, "people-back")));
  {
    g_autofree char *text = pln_test_shown_text (find_in_window (f, "people-list"));
    g_assert_nonnull (strstr (text, "Nguyễn Văn An"));
  }
  pln_test_save_screenshot (GTK_WIDGET (f->window), "narrow-people.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (sites_page (f)), "sites.show-tree", NULL));
  pln_test_spin (400);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "tree");
}

static void
test_preferences (Fixture       *f,
                  gconstpointer  data)
{
  PlnPreferencesWindow *prefs;
  AdwActionRow *row;
  g_autoptr(GError) error = NULL;

  prefs = pln_preferences_window_new (GTK_WINDOW (f->window), f->context);
  gtk_window_present (GTK_WINDOW (prefs));
  pln_test_spin (200);

  row = ADW_ACTION_ROW (pln_test_find (GTK_WIDGET (prefs), "library-row"));
  g_assert_nonnull (row);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "the default, beside the database"));

  /* A library folder set elsewhere (by `plenary serve`'s side) shows. */
  g_assert_true (pln_store_set_setting (f->store, PLN_SETTING_LIBRARY_PATH, "/srv/thư viện", &error));
  g_assert_no_error (error);
  pln_test_spin (100);
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, "/srv/thư viện");
  pln_test_save_screenshot (GTK_WIDGET (prefs), "preferences.png");

  gtk_window_destroy (GTK_WINDOW (prefs));
}

/* The application as main.c runs it: its window, its actions and their
 * shortcuts, the about and preferences windows, the shortcuts window. */
static void
test_application (void)
{
  g_autofree char *dir = g_dir_make_tmp ("plenary-ui-app-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "plenary.db", NULL);
  g_autoptr(PlnApplication) app = pln_application_new (db);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) quit_accels = NULL;
  g_auto(GStrv) prefs_accels = NULL;
  g_auto(GStrv) help_accels = NULL;
  GtkWindow *window;
  GtkWindow *about;
  GtkWindow *prefs;
  GtkWindow *help;
  g_autofree char *wal = NULL;
  g_autofree char *shm = NULL;

  g_assert_nonnull (dir);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));
  pln_test_spin (300);

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (PLN_IS_WINDOW (window));

  quit_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.quit");
  prefs_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.preferences");
  help_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay");
  g_assert_cmpstr (quit_accels[0], ==, "<Control>q");
  g_assert_cmpstr (prefs_accels[0], ==, "<Control>comma");
  g_assert_nonnull (help_accels[0]);

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  pln_test_spin (200);
  about = NULL;
  {
    GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */
    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);
        if (ADW_IS_ABOUT_WINDOW (w))
          about = w;
      }
  }
  g_assert_nonnull (about);
  g_assert_cmpstr (adw_about_window_get_application_name (ADW_ABOUT_WINDOW (about)), ==, "Plenary");
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  /* The icon comes from the app's resources, installed or not. */
  g_assert_true (gtk_icon_theme_has_icon (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                          APPLICATION_ID));
  pln_test_save_screenshot (GTK_WIDGET (about), "about.png");
  gtk_window_destroy (about);

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  pln_test_spin (200);
  prefs = NULL;
  {
    GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */
    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);
        if (PLN_IS_PREFERENCES_WINDOW (w))
          prefs = w;
      }
  }
  g_assert_nonnull (prefs);
  g_assert_true (gtk_window_get_transient_for (prefs) == window);
  gtk_window_destroy (prefs);

  /* The shortcuts window comes from the resource GtkApplication looks for. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  pln_test_spin (200);
  help = GTK_WINDOW (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (help));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (help)));
  pln_test_save_screenshot (GTK_WIDGET (help), "shortcuts.png");
  {
    /* Every key shows on the one page a person sees first: the Events
     * page's menu keys included, and no page switcher (GTK 4.8 paginates a
     * section that outgrows its max-height, and its switcher then warns
     * of a negative width). */
    static const char *const expected[] = {
      "<Control>n", "<Control>e", "<Control>d", "Delete", "<Shift><Control>e",
      "<Control>s", "<Control>r", "<Control>m", "<Control>i",
    };
    g_autoptr(GPtrArray) accels = g_ptr_array_new_with_free_func (g_free);

    collect_mapped_accelerators (GTK_WIDGET (help), accels);
    g_test_message ("shortcuts shown: %u", accels->len);
    g_assert_cmpuint (accels->len, ==, 27);
    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      {
        gboolean found = FALSE;

        for (guint j = 0; j < accels->len && !found; j++)
          found = g_strcmp0 (g_ptr_array_index (accels, j), expected[i]) == 0;
        if (!found)
          g_error ("the shortcuts window does not show %s on its first page", expected[i]);
      }
    g_assert_cmpuint (count_mapped_of_type (GTK_WIDGET (help), GTK_TYPE_STACK_SWITCHER), ==, 0);
  }
  {
    /* Titled in the app's words (GTK's own "Shortcuts" has no Vietnamese). */
    g_autofree char *title = pln_test_shown_text (gtk_window_get_titlebar (help));

    g_test_message ("the shortcuts window's title bar shows: %s", title);
    g_assert_nonnull (strstr (title, _("Keyboard Shortcuts")));
  }
  gtk_window_close (help);

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  pln_test_spin (100);

  g_clear_object (&app);
  wal = g_strconcat (db, "-wal", NULL);
  shm = g_strconcat (db, "-shm", NULL);
  g_unlink (db);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (dir);
}

/* ---- An event renamed in place ------------------------------------------ */

#define OLD_TITLE "Tập huấn truyền thông 2022"
#define NEW_TITLE "Tập huấn kỹ năng giao tiếp 2022"

typedef struct
{
  GtkDropDown *dropdown;
  const char  *title;
} DropDownHas;

/* Whether the library's event filter offers @title among its events. */
static gboolean
dropdown_offers (gpointer data)
{
  DropDownHas *has = data;
  GListModel *labels = gtk_drop_down_get_model (has->dropdown);

  for (guint i = 0; labels != NULL && i < g_list_model_get_n_items (labels); i++)
    if (strstr (gtk_string_list_get_string (GTK_STRING_LIST (labels), i), has->title) != NULL)
      return TRUE;
  return FALSE;
}

/* Shows @page and waits until its widget named @name shows @title, then
 * checks it no longer shows @old_title. */
static void
assert_page_shows (Fixture    *f,
                   const char *page,
                   const char *name,
                   const char *title,
                   const char *old_title)
{
  GtkWidget *widget;
  g_autofree char *shown = NULL;

  g_test_message ("the %s page's %s should show “%s”", page, name, title);
  g_assert_true (pln_window_show_page (f->window, page));
  widget = find_in_window (f, name);
  pln_test_assert_shows_soon (widget, title, 10000);
  shown = pln_test_shown_text (widget);
  if (old_title != NULL && strstr (shown, old_title) != NULL)
    g_error ("%s still shows “%s”: %s", name, old_title, shown);
}

/* The store's model updates a renamed event in place (it notifies, with no
 * items-changed): every view of it follows, the month view, the Events
 * list, and the event choosers of the Live, Recorder, Library and Training
 * pages. */
static void
test_event_renamed (Fixture       *f,
                    gconstpointer  data)
{
  struct { const char *page; const char *name; } views[] = {
    { "events", "events-month" },
    { "live", "live-events" },
    { "recorder", "recorder-events" },
    { "training", "reports-events" },
  };
  PlnEventsPage *page = PLN_EVENTS_PAGE (find_in_window (f, "events-page"));
  GtkDropDown *library = GTK_DROP_DOWN (find_in_window (f, "library-event"));
  g_autoptr(PlnEvent) event = pln_event_new ();
  g_autoptr(PlnEvent) stored = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  pln_event_set_kind (event, PLN_EVENT_KIND_TRAINING);
  pln_event_set_title (event, OLD_TITLE);
  pln_event_set_starts_at (event, 1668042000);   /* 10/11/2022 08:00 in Hà Nội */
  pln_event_set_ends_at (event, 1668042000 + 3 * 3600);
  id = pln_store_add_event (f->store, event, &error);
  g_assert_no_error (error);

  /* Every view shows it (the models read it a moment after the write). */
  pln_events_page_set_show_past (page, TRUE);
  pln_events_page_set_view (page, "month");
  pln_test_spin (200);
  pln_events_month_show_time (PLN_EVENTS_MONTH (find_in_window (f, "events-month")), 1668042000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.attendance-report", "x", id));
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    assert_page_shows (f, views[i].page, views[i].name, OLD_TITLE, NULL);
  {
    DropDownHas has = { library, OLD_TITLE };

    g_assert_true (pln_test_spin_until (dropdown_offers, &has, 10000));
  }
  g_assert_true (pln_window_show_page (f->window, "events"));
  pln_events_page_set_view (page, "list");
  pln_test_assert_shows_soon (find_in_window (f, "events-list"), OLD_TITLE, 10000);

  /* Renamed through the store, as another window or `plenary serve` does. */
  stored = pln_store_get_event (f->store, id, &error);
  g_assert_no_error (error);
  pln_event_set_title (stored, NEW_TITLE);
  g_assert_true (pln_store_update_event (f->store, stored, &error));
  g_assert_no_error (error);

  pln_test_assert_shows_soon (find_in_window (f, "events-list"), NEW_TITLE, 10000);
  {
    /* At 1280 px a row's counts take one line ("0 points · 0 expected"). */
    g_autoptr(GPtrArray) counts = g_ptr_array_new ();

    pln_test_find_all_mapped (find_in_window (f, "events-list"), "events-row-counts", counts);
    g_assert_cmpuint (counts->len, ==, 1);
    g_assert_cmpint (pango_layout_get_line_count (gtk_label_get_layout (g_ptr_array_index (counts, 0))), ==, 1);
  }
  pln_events_page_set_view (page, "month");
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    assert_page_shows (f, views[i].page, views[i].name, NEW_TITLE, OLD_TITLE);
  {
    DropDownHas has = { library, NEW_TITLE };
    DropDownHas old = { library, OLD_TITLE };

    g_assert_true (pln_test_spin_until (dropdown_offers, &has, 10000));
    g_assert_false (dropdown_offers (&old));
  }
}

int
main (int    argc,
      char **argv)
{
  pln_test_init_keep_going (&argc, &argv);

  if (!pln_test_ui_start (TRUE))
    return g_test_run ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  g_test_add_func ("/ui/application/actions", test_application);
  ADD ("/ui/window/pages", test_pages);
  g_test_add ("/ui/window/narrow", Fixture, "narrow", fixture_setup, test_narrow, fixture_teardown);
  ADD ("/ui/sites/empty", test_sites_empty);
  ADD ("/ui/sites/tree-and-people", test_sites_tree_and_people);
  ADD ("/ui/sites/import-in-steps", test_sites_import_in_steps);
  ADD ("/ui/sites/search", test_sites_search);
  ADD ("/ui/sites/import-errors", test_sites_import_errors);
  ADD ("/ui/sites/export", test_sites_export);
  ADD ("/ui/sites/demo", test_sites_demo);
  ADD ("/ui/preferences/library", test_preferences);
  ADD ("/ui/window/event-renamed", test_event_renamed);
#undef ADD

  return g_test_run ();
}
