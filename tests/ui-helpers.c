/* ui-helpers.c: what the UI tests share (see ui-helpers.h). */
#define G_LOG_DOMAIN "test-ui-helpers"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "pln-ui-resources.h"
#include "ui-helpers.h"

/* ---- Set-up ------------------------------------------------------------- */

void
pln_test_init_keep_going (int    *argc,
                          char ***argv)
{
  /* The copy lives as long as the program, as g_test_init () wants. */
  char **args = g_new0 (char *, *argc + 2);

  for (int i = 0; i < *argc; i++)
    args[i] = (*argv)[i];
  args[*argc] = (char *) "--keep-going";
  *argc += 1;
  *argv = args;
  g_test_init (argc, argv, NULL);
}

gboolean
pln_test_ui_init (void)
{
  const char *display = g_getenv ("DISPLAY");
  const char *wayland = g_getenv ("WAYLAND_DISPLAY");
  const char *localedir = g_getenv ("PLENARY_LOCALEDIR");

  if (localedir != NULL)
    {
      bindtextdomain (GETTEXT_PACKAGE, localedir);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }

  if ((display == NULL || *display == '\0') && (wayland == NULL || *wayland == '\0'))
    return FALSE;

  (void) pln_ui_get_resource ();
  gtk_init ();
  adw_init ();
  {
    /* What AdwApplication does for the app: load its style sheet. */
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/org/plenary/Plenary/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }
  return TRUE;
}

gboolean
pln_test_ui_start (gboolean cairo)
{
  /* Under Xvfb GTK's GL renderer draws in software: Cairo draws the same
   * pictures for a quarter less CPU (38 s → 28 s for test-ui-events at
   * load 7-11), which keeps a program inside its time on a loaded
   * machine. What the tests check is the widgets, not the renderer. */
  if (cairo)
    g_setenv ("GSK_RENDERER", "cairo", FALSE);
  if (pln_test_ui_init ())
    return TRUE;
  g_test_skip ("no display: DISPLAY and WAYLAND_DISPLAY are unset (run under xvfb-run)");
  return FALSE;
}

gboolean
pln_test_ui_is_english (void)
{
  const char *language = g_getenv ("LANGUAGE");

  return language == NULL || *language == '\0' || g_str_equal (language, "en");
}

/* ---- The main loop ------------------------------------------------------ */

/* Runs the main loop until @deadline_us (monotonic time) and at least
 * @min_rounds iterations, or until @predicate holds, looking at it after
 * every iteration: while a video plays or previews arrive there is always
 * something to dispatch, so the loop is never idle and a wait that first
 * drained the context would never look at all. When nothing is ready it
 * sleeps 2 ms, as GTK's own loop would block. */
static gboolean
spin_until_deadline (PlnTestPredicate predicate,
                     gpointer         data,
                     gint64           deadline_us,
                     guint            min_rounds)
{
  for (guint rounds = 0; ; rounds++)
    {
      if (predicate != NULL && predicate (data))
        return TRUE;
      if (g_get_monotonic_time () >= deadline_us && rounds >= min_rounds)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
    }
}

void
pln_test_spin (guint ms)
{
  spin_until_deadline (NULL, NULL, g_get_monotonic_time () + (gint64) ms * 1000, ms / 5);
}

guint
pln_test_scaled_ms (guint ms)
{
  const char *text = g_getenv ("PLN_TEST_TIMEOUT_MULTIPLIER");
  double multiplier = text != NULL ? g_ascii_strtod (text, NULL) : 1.0;

  return multiplier > 1.0 ? (guint) (ms * MIN (multiplier, 10.0)) : ms;
}

gboolean
pln_test_spin_until (PlnTestPredicate predicate,
                     gpointer         data,
                     guint            timeout_ms)
{
  g_return_val_if_fail (predicate != NULL, FALSE);
  return spin_until_deadline (predicate, data,
                              g_get_monotonic_time () + (gint64) pln_test_scaled_ms (timeout_ms) * 1000, 0);
}

gboolean
pln_test_flag_is_set (gpointer data)
{
  return *(gboolean *) data;
}

/* ---- Widgets ------------------------------------------------------------ */

GtkWidget *
pln_test_find (GtkWidget  *root,
               const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = pln_test_find (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
pln_test_must_find (GtkWidget  *root,
                    const char *name)
{
  GtkWidget *widget = pln_test_find (root, name);

  if (widget == NULL)
    g_error ("no widget named %s under %s", name, G_OBJECT_TYPE_NAME (root));
  return widget;
}

void
pln_test_find_all_mapped (GtkWidget  *root,
                          const char *name,
                          GPtrArray  *out)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0 && gtk_widget_get_mapped (root))
    g_ptr_array_add (out, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    pln_test_find_all_mapped (child, name, out);
}

GtkWidget *
pln_test_find_child_of_type (GtkWidget *root,
                             GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      if ((found = pln_test_find_child_of_type (child, type)) != NULL)
        return found;
    }
  return NULL;
}

GtkWindow *
pln_test_find_toplevel (const char *name)
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

gboolean
pln_test_toplevel_shown (gpointer name)
{
  return pln_test_find_toplevel (name) != NULL;
}

gboolean
pln_test_toplevel_gone (gpointer name)
{
  return pln_test_find_toplevel (name) == NULL;
}

static void
collect_text (GtkWidget *root,
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
    collect_text (child, out);
}

char *
pln_test_shown_text (GtkWidget *widget)
{
  GString *out = g_string_new (NULL);

  collect_text (widget, out);
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
  g_autofree char *text = pln_test_shown_text (s->widget);

  return strstr (text, s->needle) != NULL;
}

void
pln_test_assert_shows_soon (GtkWidget  *widget,
                            const char *needle,
                            guint       timeout_ms)
{
  Shows s = { widget, needle };

  if (!pln_test_spin_until (shows, &s, timeout_ms))
    {
      g_autofree char *text = pln_test_shown_text (widget);

      g_error ("“%s” did not show within %u ms; shown:\n%s", needle, timeout_ms, text);
    }
}

static void
on_clicked_cb (GtkButton *button,
               gboolean  *clicked)
{
  *clicked = TRUE;
}

void
pln_test_click (GtkWidget *button)
{
  gboolean clicked = FALSE;
  gulong id;

  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  /* Kept while it is watched: a click may close its window. */
  g_object_ref (button);
  /* After the page's own handlers, so they have run when this sees it. */
  id = g_signal_connect_after (button, "clicked", G_CALLBACK (on_clicked_cb), &clicked);
  gtk_widget_activate (button);
  if (!pln_test_spin_until (pln_test_flag_is_set, &clicked, 10000))
    g_error ("the button %s was activated but never clicked", gtk_widget_get_name (button));
  g_signal_handler_disconnect (button, id);
  g_object_unref (button);
}

static gboolean
popover_shown (gpointer data)
{
  GtkPopover *popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (data));

  return popover != NULL && gtk_widget_get_mapped (GTK_WIDGET (popover));
}

void
pln_test_popup (GtkWidget *button)
{
  g_assert_true (GTK_IS_MENU_BUTTON (button));
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  if (!pln_test_spin_until (popover_shown, button, 10000))
    g_error ("the popover of %s did not show", gtk_widget_get_name (button));
}

typedef struct
{
  const char *wanted;
  gboolean    reported;
} SearchWait;

static void
on_search_changed_cb (GtkSearchEntry *entry,
                      SearchWait     *wait)
{
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (entry)), wait->wanted) == 0)
    wait->reported = TRUE;
}

void
pln_test_set_search (GtkWidget  *entry,
                     const char *text)
{
  SearchWait wait = { text, FALSE };
  gulong id;

  g_assert_true (GTK_IS_SEARCH_ENTRY (entry));
  /* Connected after the page's own handler, so that one has filtered when
   * this one sees the text. */
  id = g_signal_connect_after (entry, "search-changed", G_CALLBACK (on_search_changed_cb), &wait);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  if (!pln_test_spin_until (pln_test_flag_is_set, &wait.reported, 10000))
    g_error ("the search entry %s never reported “%s”", gtk_widget_get_name (entry), text);
  g_signal_handler_disconnect (entry, id);
  pln_test_spin (100);
}

char *
pln_test_pages_wider_than (GtkWidget *window,
                           int        max_width)
{
  GtkWidget *stack = pln_test_find_child_of_type (window, ADW_TYPE_VIEW_STACK);
  g_autoptr(GString) too_wide = g_string_new (NULL);

  g_assert_nonnull (stack);
  for (GtkWidget *page = gtk_widget_get_first_child (stack); page != NULL; page = gtk_widget_get_next_sibling (page))
    {
      GtkWidget *inner = ADW_IS_BIN (page) && adw_bin_get_child (ADW_BIN (page)) != NULL
                         ? adw_bin_get_child (ADW_BIN (page)) : page;
      int min_width = 0;

      gtk_widget_measure (page, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
      g_test_message ("%s needs %d px", G_OBJECT_TYPE_NAME (inner), min_width);
      if (min_width > max_width)
        g_string_append_printf (too_wide, "%s%s (%d px)", too_wide->len > 0 ? " " : "",
                                G_OBJECT_TYPE_NAME (inner), min_width);
    }
  return too_wide->len > 0 ? g_string_free (g_steal_pointer (&too_wide), FALSE) : NULL;
}

/* ---- Screenshots -------------------------------------------------------- */

gboolean
pln_test_save_png (GtkWidget   *widget,
                   const char  *path,
                   GError     **error)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *dir = g_path_get_dirname (path);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GtkNative *native = gtk_widget_get_native (widget);

  if (width <= 0 || height <= 0 || native == NULL || gtk_native_get_renderer (native) == NULL)
    {
      g_object_unref (gtk_snapshot_free_to_node (snapshot));
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "%s is not shown (%d×%d): nothing to save in %s",
                   G_OBJECT_TYPE_NAME (widget), width, height, path);
      return FALSE;
    }
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s drew nothing", G_OBJECT_TYPE_NAME (widget));
      return FALSE;
    }
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (native), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Cannot create the folder %s: %s", dir, g_strerror (saved));
      return FALSE;
    }
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot write %s", path);
      return FALSE;
    }
  return TRUE;
}

void
pln_test_save_screenshot (GtkWidget  *widget,
                          const char *name)
{
  const char *builddir = g_getenv ("G_TEST_BUILDDIR");
  g_autofree char *dir = g_build_filename (builddir != NULL ? builddir : ".", "screenshots", NULL);
  g_autofree char *localized = pln_test_ui_is_english () ? g_strdup (name)
                                                         : g_strconcat (g_getenv ("LANGUAGE"), "-", name, NULL);
  g_autofree char *path = g_build_filename (dir, localized, NULL);
  g_autoptr(GError) error = NULL;

  pln_test_spin (300);
  /* A widget waiting for its new size (figures that change every second)
   * draws nothing until the next frame: try again a few frames later. */
  for (guint attempt = 0; !pln_test_save_png (widget, path, &error); attempt++)
    {
      if (attempt == 20)
        g_error ("screenshot %s: %s", path, error->message);
      g_clear_error (&error);
      pln_test_spin (50);
    }
  g_test_message ("screenshot: %s", path);
}

/* ---- Other processes ---------------------------------------------------- */

gboolean
pln_test_have_plenary_and_sqlite (void)
{
  g_autofree char *sqlite3 = g_find_program_in_path ("sqlite3");

  return g_getenv ("PLENARY_EXE") != NULL && sqlite3 != NULL;
}

void
pln_test_run_plenary (const char *db,
                      const char *first,
                      ...)
{
  const char *exe = g_getenv ("PLENARY_EXE");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  va_list ap;

  if (exe == NULL)
    g_error ("PLENARY_EXE is unset: run the test through meson test");
  g_ptr_array_add (argv, (char *) exe);
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, (char *) db);
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

char *
pln_test_sqlite (const char *db,
                 const char *sql)
{
  /* The app may be writing at that moment: wait for its lock as it does. */
  const char *argv[] = { "sqlite3", "-cmd", ".timeout 5000", db, sql, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("sqlite3 failed on “%s”: %s", sql, err);
  return g_strdup (g_strstrip (out));
}

void
pln_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        pln_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* ---- A window on its own database --------------------------------------- */

static gboolean
widget_is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

void
pln_test_app_setup (PlnTestApp              *app,
                    const PlnTestAppOptions *options)
{
  PlnTestAppOptions defaults = { FALSE, 1280, 800, NULL };
  g_autoptr(GError) error = NULL;

  if (options == NULL)
    options = &defaults;

  memset (app, 0, sizeof *app);
  app->dir = g_dir_make_tmp ("plenary-ui-XXXXXX", &error);
  g_assert_no_error (error);
  app->db = g_build_filename (app->dir, "plenary.db", NULL);
  if (options->demo)
    pln_test_run_plenary (app->db, "demo", NULL);

  app->store = pln_store_open (app->db, &error);
  g_assert_no_error (error);
  app->settings = g_settings_new (APPLICATION_ID);
  g_settings_reset (app->settings, "last-page");
  g_settings_reset (app->settings, "portal-port");
  app->context = pln_context_new (app->store, app->settings);

  app->window = pln_window_new (NULL, app->context);
  gtk_window_set_default_size (GTK_WINDOW (app->window),
                               options->width > 0 ? options->width : 1280,
                               options->height > 0 ? options->height : 800);
  gtk_window_present (GTK_WINDOW (app->window));
  g_assert_true (pln_test_spin_until (widget_is_mapped, app->window, 10000));
  if (options->page != NULL)
    g_assert_true (pln_window_show_page (app->window, options->page));
  pln_test_spin (200);
}

void
pln_test_app_teardown (PlnTestApp *app)
{
  if (app->window != NULL)
    gtk_window_destroy (GTK_WINDOW (app->window));
  app->window = NULL;
  pln_test_spin (50);
  g_clear_object (&app->context);
  g_clear_object (&app->settings);
  g_clear_object (&app->store);
  if (app->dir != NULL)
    pln_test_remove_tree (app->dir);
  g_clear_pointer (&app->db, g_free);
  g_clear_pointer (&app->dir, g_free);
}

void
pln_test_app_fixture_setup (PlnTestApp    *app,
                            gconstpointer  data)
{
  pln_test_app_setup (app, NULL);
}

void
pln_test_app_fixture_teardown (PlnTestApp    *app,
                               gconstpointer  data)
{
  pln_test_app_teardown (app);
}
