/* pln-window.c: the main window and its pages. */
#define G_LOG_DOMAIN "plenary-window"

#include "config.h"

#include <glib/gi18n.h>

#include "pln-events-page.h"
#include "pln-library-page.h"
#include "pln-live-page.h"
#include "pln-recorder-page.h"
#include "pln-sites-page.h"
#include "pln-training-page.h"
#include "pln-widget-util.h"
#include "pln-window-private.h"

G_DEFINE_FINAL_TYPE (PlnWindow, pln_window, ADW_TYPE_APPLICATION_WINDOW)

static gboolean
has_page (PlnWindow  *self,
          const char *name)
{
  return name != NULL && *name != '\0' &&
         adw_view_stack_get_child_by_name (self->stack, name) != NULL;
}

/* An unknown page name in the settings (an older or newer version wrote it)
 * falls back to the first page instead of warning. */
static gboolean
last_page_get_mapping (GValue   *value,
                       GVariant *variant,
                       gpointer  user_data)
{
  PlnWindow *self = PLN_WINDOW (user_data);
  const char *name = g_variant_get_string (variant, NULL);

  g_value_set_string (value, has_page (self, name) ? name : "events");
  return TRUE;
}

static GVariant *
last_page_set_mapping (const GValue       *value,
                       const GVariantType *expected_type,
                       gpointer            user_data)
{
  const char *name = g_value_get_string (value);

  return g_variant_new_string (name != NULL ? name : "events");
}

/* GTK 4.8 titles a shortcuts window of one section "Shortcuts" in its own
 * catalogue, which has no Vietnamese for it: the window says it in ours. */
static void
retitle_shortcuts (GtkWidget  *widget,
                   const char *gtk_title)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), gtk_title) == 0)
    gtk_label_set_label (GTK_LABEL (widget), _("Keyboard Shortcuts"));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    retitle_shortcuts (child, gtk_title);
}

static void
on_application_notify_cb (PlnWindow *self)
{
  GtkShortcutsWindow *help = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (self));
  GtkWidget *titlebar = help != NULL ? gtk_window_get_titlebar (GTK_WINDOW (help)) : NULL;

  if (titlebar != NULL)
    retitle_shortcuts (titlebar, g_dgettext ("gtk40", "Shortcuts"));
}

static void
pln_window_constructed (GObject *object)
{
  PlnWindow *self = (PlnWindow *)object;
  GSettings *settings;

  G_OBJECT_CLASS (pln_window_parent_class)->constructed (object);

  g_return_if_fail (PLN_IS_CONTEXT (self->context));

  /* The application, and with it the shortcuts window, comes after this. */
  g_signal_connect (self, "notify::application", G_CALLBACK (on_application_notify_cb), NULL);

  self->events_page = GTK_WIDGET (pln_events_page_new (self->context));
  adw_bin_set_child (self->events_bin, self->events_page);
  self->sites_page = GTK_WIDGET (pln_sites_page_new (self->context));
  adw_bin_set_child (self->sites_bin, self->sites_page);
  self->live_page = GTK_WIDGET (pln_live_page_new (self->context));
  adw_bin_set_child (self->live_bin, self->live_page);
  self->recorder_page = GTK_WIDGET (pln_recorder_page_new (self->context));
  adw_bin_set_child (self->recorder_bin, self->recorder_page);
  self->library_page = GTK_WIDGET (pln_library_page_new (self->context));
  adw_bin_set_child (self->library_bin, self->library_page);
  self->training_page = GTK_WIDGET (pln_training_page_new (self->context));
  adw_bin_set_child (self->training_bin, self->training_page);

  settings = pln_context_get_settings (self->context);
  if (settings != NULL)
    {
      g_settings_bind (settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind_with_mapping (settings, "last-page",
                                    self->stack, "visible-child-name",
                                    G_SETTINGS_BIND_DEFAULT,
                                    last_page_get_mapping, last_page_set_mapping,
                                    self, NULL);
    }

  _pln_window_update_actions (self);
}

static void
pln_window_dispose (GObject *object)
{
  PlnWindow *self = (PlnWindow *)object;

  /* libadwaita 1.2's switchers walk the stack's pages when they let go of
   * the stack: let go while the pages still exist. */
  if (self->switcher_bar != NULL)
    adw_view_switcher_bar_set_stack (self->switcher_bar, NULL);
  if (self->switcher_title != NULL)
    adw_view_switcher_title_set_stack (self->switcher_title, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), PLN_TYPE_WINDOW);
  self->events_page = NULL;
  self->sites_page = NULL;
  self->live_page = NULL;
  self->recorder_page = NULL;
  self->library_page = NULL;
  self->training_page = NULL;
  g_clear_object (&self->context);

  G_OBJECT_CLASS (pln_window_parent_class)->dispose (object);
}

static void
pln_window_class_init (PlnWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pln_window_constructed;
  object_class->dispose = pln_window_dispose;

  pln_widget_class_install_context (object_class, G_STRUCT_OFFSET (PlnWindow, context));

  gtk_widget_class_set_template_from_resource (widget_class, "/org/plenary/Plenary/ui/pln-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PlnWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, PlnWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, PlnWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, PlnWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, PlnWindow, events_bin);
  gtk_widget_class_bind_template_child (widget_class, PlnWindow, sites_bin);
  gtk_widget_class_bind_template_child (widget_class, PlnWindow, live_bin);
  gtk_widget_class_bind_template_child (widget_class, PlnWindow, recorder_bin);
  gtk_widget_class_bind_template_child (widget_class, PlnWindow, library_bin);
  gtk_widget_class_bind_template_child (widget_class, PlnWindow, training_bin);

  _pln_window_class_actions_init (klass);
}

static void
pln_window_init (PlnWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

PlnWindow *
pln_window_new (AdwApplication *application,
                PlnContext     *context)
{
  g_return_val_if_fail (PLN_IS_CONTEXT (context), NULL);

  return g_object_new (PLN_TYPE_WINDOW,
                       "application", application,
                       "context", context,
                       NULL);
}

PlnContext *
pln_window_get_context (PlnWindow *self)
{
  g_return_val_if_fail (PLN_IS_WINDOW (self), NULL);
  return self->context;
}

/**
 * pln_window_get_visible_page:
 *
 * Returns: the name of the page shown: "events", "sites", "live",
 *   "recorder", "library" or "training".
 */
const char *
pln_window_get_visible_page (PlnWindow *self)
{
  g_return_val_if_fail (PLN_IS_WINDOW (self), NULL);
  return adw_view_stack_get_visible_child_name (self->stack);
}

/**
 * pln_window_show_page:
 * @name: a page name, as pln_window_get_visible_page() returns
 *
 * Returns: %FALSE (and changes nothing) when there is no such page.
 */
gboolean
pln_window_show_page (PlnWindow  *self,
                      const char *name)
{
  g_return_val_if_fail (PLN_IS_WINDOW (self), FALSE);

  if (!has_page (self, name))
    return FALSE;
  adw_view_stack_set_visible_child_name (self->stack, name);
  return TRUE;
}
