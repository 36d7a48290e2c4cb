/* take-screenshots.c: the pictures of every page that the project shows,
 * made from the real window on the demo database, in the language of the
 * environment (LANGUAGE=vi or en; tools/screenshots.sh sets it up).
 *
 *   take-screenshots --out DIR [--suffix -vi] [--width 1280 --height 800]
 *
 * Writes DIR/<page><suffix>.png for the pages events, events-month,
 * event-editor, sites, live, library and training (the Recorder's come from
 * its UI test, recording), and prints each
 * label that is cut short (ellipsized) in what it took, for a person to
 * judge: a name in a narrow column may be, a button or a heading may not. */
#define G_LOG_DOMAIN "take-screenshots"

#include "config.h"

#include <glib/gi18n.h>

#include "pln-event-editor.h"
#include "pln-events-page.h"
#include "pln-live-page.h"
#include "ui-helpers.h"

static char *out_dir;
static char *suffix;
static int width = 1280;
static int height = 800;
static guint n_cut;

/* Every mapped label under @root that shows an ellipsis now. */
static void
report_cut_labels (GtkWidget  *root,
                   const char *picture)
{
  if (!gtk_widget_get_mapped (root))
    return;
  if (GTK_IS_LABEL (root) && gtk_label_get_ellipsize (GTK_LABEL (root)) != PANGO_ELLIPSIZE_NONE &&
      pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (root))))
    {
      GtkWidget *parent = gtk_widget_get_parent (root);

      g_print ("  %s: cut: “%s” (in %s)\n", picture, gtk_label_get_text (GTK_LABEL (root)),
               parent != NULL ? G_OBJECT_TYPE_NAME (parent) : "nothing");
      n_cut++;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    report_cut_labels (child, picture);
}

static void
take (GtkWidget  *widget,
      const char *page)
{
  g_autofree char *name = g_strconcat (page, suffix, ".png", NULL);
  g_autofree char *path = g_build_filename (out_dir, name, NULL);
  g_autoptr(GError) error = NULL;

  pln_test_spin (600);
  if (!pln_test_save_png (widget, path, &error))
    g_error ("%s", error->message);
  g_print ("%s (%d×%d)\n", path, gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  report_cut_labels (widget, name);
}

static gint64
event_of_2022 (PlnTestApp *app)
{
  g_autofree char *id = pln_test_sqlite (app->db, "SELECT id FROM events WHERE starts_at = "
                                                  "strftime('%s', '2022-11-10 01:00:00')");

  return g_ascii_strtoll (id, NULL, 10);
}

int
main (int    argc,
      char **argv)
{
  GOptionEntry entries[] = {
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out_dir, "Folder of the pictures", "DIR" },
    { "suffix", 0, 0, G_OPTION_ARG_STRING, &suffix, "After each page's name, e.g. -vi", "TEXT" },
    { "width", 0, 0, G_OPTION_ARG_INT, &width, "Window width (1280)", "PX" },
    { "height", 0, 0, G_OPTION_ARG_INT, &height, "Window height (800)", "PX" },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("— pictures of every page on the demo database");
  g_autoptr(GError) error = NULL;
  PlnTestAppOptions app_options = { .demo = TRUE };
  PlnTestApp app;
  PlnEventsPage *events;
  gint64 conference;

  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_printerr ("take-screenshots: %s\n", error->message);
      return 2;
    }
  if (out_dir == NULL)
    {
      g_printerr ("take-screenshots: say where the pictures go with --out DIR\n");
      return 2;
    }
  if (suffix == NULL)
    suffix = g_strdup ("");
  if (!pln_test_ui_init ())
    {
      g_printerr ("take-screenshots: no display (run it under xvfb-run)\n");
      return 1;
    }
  g_mkdir_with_parents (out_dir, 0755);

  app_options.width = width;
  app_options.height = height;
  pln_test_app_setup (&app, &app_options);
  conference = event_of_2022 (&app);

  /* Events: the past ones, the 2022 conference selected. */
  pln_window_show_page (app.window, "events");
  events = PLN_EVENTS_PAGE (pln_test_must_find (GTK_WIDGET (app.window), "events-page"));
  pln_events_page_set_show_past (events, TRUE);
  pln_test_spin (100);
  pln_events_page_select_id (events, conference);
  take (GTK_WIDGET (app.window), "events");

  /* The month of the 2022 conference. */
  pln_events_page_set_view (events, "month");
  take (GTK_WIDGET (app.window), "events-month");
  pln_events_page_set_view (events, "list");

  /* Its editor, scrolled to the bridge points, the network opened. */
  if (gtk_widget_activate_action (GTK_WIDGET (events), "events.edit", NULL) &&
      pln_test_spin_until (pln_test_toplevel_shown, (gpointer) "event-editor", 5000))
    {
      GtkWindow *editor = pln_test_find_toplevel ("event-editor");
      GtkAdjustment *adj;

      /* A narrow window gets a narrow editor too. */
      if (width < 820)
        gtk_window_set_default_size (editor, width, height);
      gtk_stack_set_visible_child_name (GTK_STACK (pln_test_must_find (GTK_WIDGET (editor), "editor-points-views")),
                                        "network");
      pln_test_spin (300);
      adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (pln_test_must_find (GTK_WIDGET (editor),
                                                                                          "editor-scroll")));
      gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
      take (GTK_WIDGET (editor), "event-editor");
      gtk_window_destroy (editor);
      pln_test_spin (200);
    }

  pln_window_show_page (app.window, "sites");
  take (GTK_WIDGET (app.window), "sites");

  /* Live: the 2022 conference, as the README tells it. */
  pln_window_show_page (app.window, "live");
  pln_live_page_select_event (PLN_LIVE_PAGE (pln_test_must_find (GTK_WIDGET (app.window), "live-page")), conference);
  pln_test_spin (1500);
  take (GTK_WIDGET (app.window), "live");

  /* The Recorder's pictures (recorder.png, recorder-vi.png) come from its
   * own UI test, with feeds recording: an idle page says less. */
  for (guint i = 0; i < 2; i++)
    {
      const char *pages[] = { "library", "training" };

      pln_window_show_page (app.window, pages[i]);
      pln_test_spin (1000);
      take (GTK_WIDGET (app.window), pages[i]);
    }

  g_print ("%u labels cut short\n", n_cut);
  pln_test_app_teardown (&app);
  return 0;
}
