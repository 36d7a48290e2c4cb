/* bench/ui.c: the desktop window's own figures, under a real display.
 *
 *   ui startup DB         the time from $PLN_BENCH_T0 (ns since the epoch,
 *                         set by bench/ui.sh just before it starts this
 *                         program) to the window's first painted frame,
 *                         on database DB; prints one line: "first-frame MS"
 *   ui scroll DB SECONDS  opens the Library on DB, waits for its grid, and
 *                         scrolls it at a steady 2 000 px/s down and up
 *                         for SECONDS, recording every frame of the
 *                         GdkFrameClock: the interval between frames and
 *                         the time spent laying out and painting each
 *   ui scroll-plain N SECONDS
 *                         the peer, in the same run: a bare GtkGridView of
 *                         N items (a label each, no data behind it) scrolled
 *                         the same way
 *
 * Frame figures are printed as median and 99th percentile, in ms.
 * bench/ui.sh prepares the databases and runs it under xvfb-run. */
#define G_LOG_DOMAIN "bench-ui"

#include "config.h"

#include <adwaita.h>
#include <stdlib.h>

#include "pln-context.h"
#include "pln-library-page.h"
#include "pln-ui-resources.h"
#include "pln-window.h"

#define SCROLL_PX_PER_S 2000.0

typedef struct
{
  GtkWidget     *window;
  GtkAdjustment *adjustment;
  GdkFrameClock *clock;
  GArray        *intervals;   /* double ms between frames */
  GArray        *work;        /* double ms from layout to the end of paint */
  gint64         last_frame;
  gint64         work_start;
  gint64         start;
  gint64         seconds;
  double         direction;
  gboolean       done;
} Scroll;

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
percentile (GArray *values,
            double  p)
{
  guint index;

  if (values->len == 0)
    return 0;
  g_array_sort (values, compare_double);
  index = (guint) (p * (values->len - 1) + 0.5);
  return g_array_index (values, double, MIN (index, values->len - 1));
}

static void
print_figures (const char *what,
               Scroll     *scroll)
{
  g_print ("%s frames %u\n", what, scroll->intervals->len);
  g_print ("%s interval-median %.2f\n", what, percentile (scroll->intervals, 0.5));
  g_print ("%s interval-p99 %.2f\n", what, percentile (scroll->intervals, 0.99));
  g_print ("%s work-median %.2f\n", what, percentile (scroll->work, 0.5));
  g_print ("%s work-p99 %.2f\n", what, percentile (scroll->work, 0.99));
}

/* ---- Start-up --------------------------------------------------------- */

static void
on_first_paint_cb (GdkFrameClock *clock,
                   gboolean      *painted)
{
  *painted = TRUE;
}

static int
run_startup (const char *db)
{
  const char *t0_text = g_getenv ("PLN_BENCH_T0");
  gint64 t0 = t0_text != NULL ? g_ascii_strtoll (t0_text, NULL, 10) / 1000 : g_get_real_time ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnStore) store = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(PlnContext) context = NULL;
  PlnWindow *window;
  gboolean painted = FALSE;
  GdkFrameClock *clock;

  g_print ("phase main %.1f\n", (g_get_real_time () - t0) / 1000.0);
  (void) pln_ui_get_resource ();
  gtk_init ();
  adw_init ();
  g_print ("phase gtk-init %.1f\n", (g_get_real_time () - t0) / 1000.0);
  store = pln_store_open (db, &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  settings = g_settings_new (APPLICATION_ID);
  context = pln_context_new (store, settings);
  g_print ("phase store %.1f\n", (g_get_real_time () - t0) / 1000.0);
  window = pln_window_new (NULL, context);
  g_print ("phase window %.1f\n", (g_get_real_time () - t0) / 1000.0);
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_realize (GTK_WIDGET (window));
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_first_paint_cb), &painted);
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
  g_print ("first-frame %.1f\n", (g_get_real_time () - t0) / 1000.0);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

/* ---- Scrolling -------------------------------------------------------- */

static void
on_layout_cb (GdkFrameClock *clock,
              Scroll        *scroll)
{
  scroll->work_start = g_get_monotonic_time ();
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   Scroll        *scroll)
{
  gint64 now = g_get_monotonic_time ();
  gint64 frame = gdk_frame_clock_get_frame_time (clock);

  if (scroll->start == 0)
    return;
  if (scroll->last_frame != 0)
    {
      double interval = (frame - scroll->last_frame) / 1000.0;
      double work = scroll->work_start != 0 ? (now - scroll->work_start) / 1000.0 : 0;

      g_array_append_val (scroll->intervals, interval);
      g_array_append_val (scroll->work, work);
    }
  scroll->last_frame = frame;
  scroll->work_start = 0;
}

static gboolean
on_tick_cb (GtkWidget     *widget,
            GdkFrameClock *clock,
            gpointer       user_data)
{
  Scroll *scroll = user_data;
  gint64 frame = gdk_frame_clock_get_frame_time (clock);
  static gint64 previous;
  double upper = gtk_adjustment_get_upper (scroll->adjustment) - gtk_adjustment_get_page_size (scroll->adjustment);
  double value = gtk_adjustment_get_value (scroll->adjustment);

  if (scroll->start == 0)
    {
      scroll->start = frame;
      previous = frame;
      return G_SOURCE_CONTINUE;
    }
  value += scroll->direction * SCROLL_PX_PER_S * (frame - previous) / G_USEC_PER_SEC;
  previous = frame;
  if (value >= upper)
    {
      value = upper;
      scroll->direction = -1;
    }
  else if (value <= 0)
    {
      value = 0;
      scroll->direction = 1;
    }
  gtk_adjustment_set_value (scroll->adjustment, value);
  if (frame - scroll->start >= scroll->seconds * G_USEC_PER_SEC)
    {
      scroll->done = TRUE;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
scroll_run (Scroll    *scroll,
            GtkWidget *scroller)
{
  scroll->adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  scroll->clock = gtk_widget_get_frame_clock (scroll->window);
  scroll->intervals = g_array_new (FALSE, FALSE, sizeof (double));
  scroll->work = g_array_new (FALSE, FALSE, sizeof (double));
  scroll->direction = 1;
  g_signal_connect (scroll->clock, "layout", G_CALLBACK (on_layout_cb), scroll);
  g_signal_connect (scroll->clock, "after-paint", G_CALLBACK (on_after_paint_cb), scroll);
  gtk_widget_add_tick_callback (scroller, on_tick_cb, scroll, NULL);
  while (!scroll->done)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handlers_disconnect_by_data (scroll->clock, scroll);
}

static GtkWidget *
find_by_name (GtkWidget  *root,
              const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_name (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
settle (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (2000);
}

static int
run_scroll (const char *db,
            gint64      seconds)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnStore) store = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(PlnContext) context = NULL;
  PlnWindow *window;
  PlnLibraryPage *page;
  Scroll scroll = { 0 };
  gint64 loading_start;
  guint n;

  (void) pln_ui_get_resource ();
  gtk_init ();
  adw_init ();
  store = pln_store_open (db, &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  settings = g_settings_new (APPLICATION_ID);
  context = pln_context_new (store, settings);
  window = pln_window_new (NULL, context);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  pln_window_show_page (window, "library");
  page = PLN_LIBRARY_PAGE (find_by_name (GTK_WIDGET (window), "library-page"));

  loading_start = g_get_monotonic_time ();
  settle (100);
  while (pln_library_page_is_loading (page))
    g_main_context_iteration (NULL, TRUE);
  n = g_list_model_get_n_items (pln_library_page_get_recordings (page));
  g_print ("library recordings %u\n", n);
  g_print ("library listing-ms %.1f\n", (g_get_monotonic_time () - loading_start) / 1000.0);
  settle (500);

  scroll.window = GTK_WIDGET (window);
  scroll.seconds = seconds;
  scroll_run (&scroll, find_by_name (GTK_WIDGET (window), "library-scroller"));
  print_figures ("library", &scroll);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

static void
on_plain_setup_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_size_request (label, 224, 180);
  gtk_list_item_set_child (item, label);
}

static void
on_plain_bind_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item)
{
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      gtk_string_object_get_string (gtk_list_item_get_item (item)));
}

static int
run_scroll_plain (guint  n,
                  gint64 seconds)
{
  GtkStringList *strings;
  GtkListItemFactory *factory;
  GtkWidget *window, *scroller, *grid;
  Scroll scroll = { 0 };

  gtk_init ();
  adw_init ();
  strings = gtk_string_list_new (NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = g_strdup_printf ("Recording %u", i + 1);

      gtk_string_list_append (strings, text);
    }
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (on_plain_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_plain_bind_cb), NULL);
  grid = gtk_grid_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (strings))), factory);
  gtk_grid_view_set_max_columns (GTK_GRID_VIEW (grid), 8);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), grid);
  window = adw_window_new ();
  adw_window_set_content (ADW_WINDOW (window), scroller);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  settle (500);

  scroll.window = window;
  scroll.seconds = seconds;
  scroll_run (&scroll, scroller);
  print_figures ("plain", &scroll);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

int
main (int    argc,
      char **argv)
{
  if (argc >= 3 && g_str_equal (argv[1], "startup"))
    return run_startup (argv[2]);
  if (argc >= 4 && g_str_equal (argv[1], "scroll"))
    return run_scroll (argv[2], g_ascii_strtoll (argv[3], NULL, 10));
  if (argc >= 4 && g_str_equal (argv[1], "scroll-plain"))
    return run_scroll_plain ((guint) g_ascii_strtoull (argv[2], NULL, 10), g_ascii_strtoll (argv[3], NULL, 10));
  g_printerr ("Usage: %s startup DB | scroll DB SECONDS | scroll-plain N SECONDS\n"
              "(run through bench/ui.sh, which prepares the databases)\n", argv[0]);
  return 2;
}
