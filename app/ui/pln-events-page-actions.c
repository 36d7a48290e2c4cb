/* pln-events-page-actions.c: the events.* actions of PlnEventsPage and their
 * keys (the toolbar keeps New; the event menu has the others): new,
 * edit, duplicate a year later, export to iCalendar, delete, search, and
 * the list or the month. */
#define G_LOG_DOMAIN "plenary-events-page"

#include "config.h"

#include <glib/gi18n.h>

#include "pln-event-editor.h"
#include "pln-events-page-private.h"

static void
on_editor_saved_cb (PlnEventEditor *editor,
                    gint64          id,
                    PlnEventsPage  *self)
{
  g_autoptr(PlnEvent) event = pln_store_get_event (pln_context_get_store (self->context), id, NULL);
  g_autofree char *message = NULL;

  if (event == NULL)
    return;
  /* Translators: %s is an event's title. */
  message = g_strdup_printf (_("Saved “%s”"), pln_event_get_title (event));
  _pln_events_page_show_toast (self, message);
  pln_events_page_set_show_past (self, _pln_event_is_past (event, g_get_real_time () / G_USEC_PER_SEC));
  _pln_events_page_select_soon (self, id);
}

static void
open_editor (PlnEventsPage *self,
             gint64         id)
{
  PlnEventEditor *editor = pln_event_editor_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                 self->context, id);

  g_signal_connect_object (editor, "saved", G_CALLBACK (on_editor_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  open_editor (PLN_EVENTS_PAGE (widget), 0);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  PlnEventsPage *self = PLN_EVENTS_PAGE (widget);
  gint64 id = pln_events_page_get_selected_id (self);

  if (id != 0)
    open_editor (self, id);
}

static void
duplicate_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  PlnEventsPage *self = PLN_EVENTS_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnEvent) copy = NULL;
  g_autofree char *message = NULL;
  g_autofree char *when = NULL;
  gint64 id = pln_events_page_get_selected_id (self);
  gint64 new_id;

  if (id == 0)
    return;
  new_id = pln_events_page_duplicate_event (self, id, &error);
  if (new_id == 0)
    {
      /* Translators: %s says what went wrong. */
      message = g_strdup_printf (_("Could not duplicate the event: %s"), error->message);
      _pln_events_page_show_toast (self, message);
      return;
    }
  copy = pln_store_get_event (pln_context_get_store (self->context), new_id, NULL);
  when = pln_format_local_time (pln_event_get_starts_at (copy), "%d/%m/%Y");
  /* Translators: %s is a date. */
  message = g_strdup_printf (_("Duplicated for %s"), when);
  _pln_events_page_show_toast (self, message);
  pln_events_page_set_show_past (self, _pln_event_is_past (copy, g_get_real_time () / G_USEC_PER_SEC));
  _pln_events_page_select_soon (self, new_id);
}

static void
on_chooser_response_cb (GtkNativeDialog *dialog,
                        int              response,
                        PlnEventsPage   *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *basename = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_clear_object (&self->chooser);
  _pln_events_page_update_actions (self);
  if (file == NULL)
    return;

  basename = g_file_get_basename (file);
  if (!pln_events_page_export_file (self, file, &error))
    /* Translators: a file name, then what went wrong. */
    message = g_strdup_printf (_("Could not export to “%s”: %s"), basename, error->message);
  else
    /* Translators: %s is a file name. */
    message = g_strdup_printf (_("Exported to “%s”"), basename);
  _pln_events_page_show_toast (self, message);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  PlnEventsPage *self = PLN_EVENTS_PAGE (widget);
  g_autoptr(GtkFileFilter) ics = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Export Events"),
                                               GTK_WINDOW (gtk_widget_get_root (widget)),
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_filter_set_name (ics, _("iCalendar files"));
  gtk_file_filter_add_mime_type (ics, "text/calendar");
  gtk_file_filter_add_suffix (ics, "ics");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), ics);
  /* Translators: the suggested file name of the export; keep ".ics". */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), _("events.ics"));
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response_cb), self);
  _pln_events_page_update_actions (self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_delete_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       PlnEventsPage    *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "pln-id"));
  g_autofree char *title = g_strdup (g_object_get_data (G_OBJECT (dialog), "pln-title"));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (g_strcmp0 (response, "delete") != 0 || self->context == NULL)
    return;
  if (!pln_store_delete_event (pln_context_get_store (self->context), id, &error))
    /* Translators: an event's title, then what went wrong. */
    message = g_strdup_printf (_("Could not delete “%s”: %s"), title, error->message);
  else
    /* Translators: %s is an event's title. */
    message = g_strdup_printf (_("Deleted “%s”"), title);
  _pln_events_page_show_toast (self, message);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  PlnEventsPage *self = PLN_EVENTS_PAGE (widget);
  PlnEvent *event = gtk_single_selection_get_selected_item (self->selection);
  GtkWidget *dialog;
  g_autofree char *body = NULL;
  guint n_points;

  if (event == NULL)
    return;
  n_points = pln_event_get_n_points (event);
  body = g_strdup_printf (ngettext ("“%s” will be deleted with its agenda and its %u bridge point, "
                                    "their head-counts and attendance. This cannot be undone.",
                                    "“%s” will be deleted with its agenda and its %u bridge points, "
                                    "their head-counts and attendance. This cannot be undone.",
                                    n_points),
                          pln_event_get_title (event), n_points);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                   _("Delete This Event?"), body);
  gtk_widget_set_name (dialog, "events-delete-dialog");
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "pln-id", GSIZE_TO_POINTER (pln_event_get_id (event)));
  g_object_set_data_full (G_OBJECT (dialog), "pln-title", g_strdup (pln_event_get_title (event)), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  gtk_widget_grab_focus (GTK_WIDGET (PLN_EVENTS_PAGE (widget)->search_entry));
}

/* The one place that decides which of the page's actions are enabled. */
void
_pln_events_page_update_actions (PlnEventsPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean selected = self->selection != NULL &&
                      gtk_single_selection_get_selected_item (self->selection) != NULL;
  gboolean any = self->events != NULL && g_list_model_get_n_items (self->events) > 0;

  gtk_widget_action_set_enabled (widget, "events.edit", selected);
  gtk_widget_action_set_enabled (widget, "events.duplicate", selected);
  gtk_widget_action_set_enabled (widget, "events.delete", selected);
  gtk_widget_action_set_enabled (widget, "events.export", any && self->chooser == NULL);
}

static void
view_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  const char *view = g_variant_get_string (param, NULL);

  if (g_str_equal (view, "list") || g_str_equal (view, "month"))
    pln_events_page_set_view (PLN_EVENTS_PAGE (widget), view);
}

void
_pln_events_page_class_actions_init (PlnEventsPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "events.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "events.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "events.duplicate", NULL, duplicate_action);
  gtk_widget_class_install_action (widget_class, "events.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "events.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "events.focus-search", NULL, focus_search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "events.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "events.focus-search", NULL);
  /* The event menu's actions, shown beside its items: a focused entry
   * keeps its own keys (Delete deletes text there). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "events.edit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK, "events.duplicate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "events.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "events.delete", NULL);
  gtk_widget_class_install_action (widget_class, "events.view", "s", view_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK, "events.view", "s", "list");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_CONTROL_MASK, "events.view", "s", "month");
}

void
_pln_events_page_actions_dispose (PlnEventsPage *self)
{
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
}
