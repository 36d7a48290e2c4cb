/* pln-window-actions.c: the win.* actions of PlnWindow. */
#define G_LOG_DOMAIN "plenary-window"

#include "config.h"

#include "pln-training-page.h"
#include "pln-window-private.h"

static void
pln_window_show_page_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  PlnWindow *self = PLN_WINDOW (widget);

  pln_window_show_page (self, g_variant_get_string (param, NULL));
}

/* win.attendance-report(x): the attendance report of event x, in the
 * Training page's Reports view (for an event's menu, say). */
static void
pln_window_attendance_report_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *param)
{
  PlnWindow *self = PLN_WINDOW (widget);

  if (self->training_page == NULL)
    return;
  pln_window_show_page (self, "training");
  pln_training_page_show_attendance (PLN_TRAINING_PAGE (self->training_page), g_variant_get_int64 (param));
}

void
_pln_window_class_actions_init (PlnWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const char * const pages[] = {
    "events", "sites", "live", "recorder", "library", "training",
  };

  gtk_widget_class_install_action (widget_class, "win.show-page", "s",
                                   pln_window_show_page_action);
  gtk_widget_class_install_action (widget_class, "win.attendance-report", "x",
                                   pln_window_attendance_report_action);

  /* Alt+1 … Alt+6 switch pages, as in other GNOME apps with a view switcher. */
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                         "win.show-page", "s", pages[i]);
}

/* The one place that decides which window actions are enabled. */
void
_pln_window_update_actions (PlnWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-page", self->context != NULL);
}
