/* pln-preferences-window.c: see pln-preferences-window.h. */
#define G_LOG_DOMAIN "plenary-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "pln-archive.h"
#include "pln-preferences-window.h"
#include "pln-store-recordings.h"
#include "pln-widget-util.h"

#define DEFAULT_RETENTION_DAYS 30

struct _PlnPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  PlnContext           *context;
  GtkFileChooserNative *chooser;

  AdwActionRow         *library_row;
  AdwComboRow          *quality_row;
  GtkSpinButton        *segment_spin;
  GtkSwitch            *low_switch;
  AdwComboRow          *retention_row;
  AdwActionRow         *retention_days_row;
  GtkSpinButton        *retention_spin;
  GtkSpinButton        *port_spin;
  gboolean              loading;
};

G_DEFINE_FINAL_TYPE (PlnPreferencesWindow, pln_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
update_library_row (PlnPreferencesWindow *self)
{
  PlnStore *store = pln_context_get_store (self->context);
  g_autofree char *path = pln_store_dup_setting (store, PLN_SETTING_LIBRARY_PATH);

  if (path != NULL && *path != '\0')
    adw_action_row_set_subtitle (self->library_row, path);
  else
    {
      /* Nothing chosen: the store's default, beside the database. */
      g_autofree char *fallback = pln_store_dup_library_path (store);
      g_autofree char *text = g_strdup_printf (_("%s (the default, beside the database)"), fallback);

      adw_action_row_set_subtitle (self->library_row, text);
    }
}

/* The archive's settings live in the database (plenary serve reads them
 * too): "archive-low-rendition" true/false, "archive-retention-days" keep
 * or a number of days. */
static void
load_archive_settings (PlnPreferencesWindow *self)
{
  PlnStore *store = pln_context_get_store (self->context);
  g_autofree char *low = pln_store_dup_setting (store, PLN_SETTING_ARCHIVE_LOW);
  g_autofree char *retention = pln_store_dup_setting (store, PLN_SETTING_RETENTION_DAYS);
  gint64 days = 0;
  gboolean delete = retention != NULL && g_ascii_string_to_signed (retention, 10, 0, 100000, &days, NULL);

  self->loading = TRUE;
  gtk_switch_set_active (self->low_switch, low != NULL && (g_str_equal (low, "true") || g_str_equal (low, "1")));
  adw_combo_row_set_selected (self->retention_row, delete ? 1 : 0);
  if (delete)
    gtk_spin_button_set_value (self->retention_spin, (double) days);
  gtk_widget_set_sensitive (GTK_WIDGET (self->retention_days_row), delete);
  self->loading = FALSE;
}

static void
save_setting (PlnPreferencesWindow *self,
              const char           *key,
              const char           *value)
{
  g_autoptr(GError) error = NULL;

  if (!pln_store_set_setting (pln_context_get_store (self->context), key, value, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not save the setting: %s"), error->message);
      AdwToast *toast = adw_toast_new (message);

      adw_toast_set_timeout (toast, 0);
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
    }
}

static void
on_low_active_cb (PlnPreferencesWindow *self)
{
  if (self->loading)
    return;
  save_setting (self, PLN_SETTING_ARCHIVE_LOW, gtk_switch_get_active (self->low_switch) ? "true" : "false");
}

static void
on_retention_changed_cb (PlnPreferencesWindow *self)
{
  gboolean delete = adw_combo_row_get_selected (self->retention_row) == 1;
  g_autofree char *days = NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->retention_days_row), delete);
  if (self->loading)
    return;
  days = g_strdup_printf ("%d", gtk_spin_button_get_value_as_int (self->retention_spin));
  save_setting (self, PLN_SETTING_RETENTION_DAYS, delete ? days : "keep");
}

static gboolean
quality_get_mapping (GValue   *value,
                     GVariant *variant,
                     gpointer  user_data)
{
  g_value_set_uint (value, g_str_equal (g_variant_get_string (variant, NULL), "light") ? 1 : 0);
  return TRUE;
}

static GVariant *
quality_set_mapping (const GValue       *value,
                     const GVariantType *expected_type,
                     gpointer            user_data)
{
  return g_variant_new_string (g_value_get_uint (value) == 1 ? "light" : "good");
}

static void
on_store_changed_cb (PlnPreferencesWindow *self)
{
  update_library_row (self);
  load_archive_settings (self);
}

static void
show_error (PlnPreferencesWindow *self,
            const char           *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 0);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
}

static void
on_chooser_response_cb (GtkNativeDialog      *dialog,
                        int                   response,
                        PlnPreferencesWindow *self)
{
  g_autoptr(GFile) folder = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_clear_object (&self->chooser);

  if (folder == NULL)
    return;

  path = g_file_get_path (folder);
  if (path == NULL)
    {
      show_error (self, _("This folder is not on a local disk. Choose a local folder for the library."));
      return;
    }

  if (!pln_store_set_setting (pln_context_get_store (self->context),
                              PLN_SETTING_LIBRARY_PATH, path, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not save the library folder “%s”: %s"),
                                                  path, error->message);
      show_error (self, message);
      return;
    }

  update_library_row (self);
}

static void
choose_library_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  PlnPreferencesWindow *self = PLN_PREFERENCES_WINDOW (widget);
  g_autofree char *current = NULL;

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Choose the Library Folder"),
                                               GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                               _("_Select"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);

  current = pln_store_dup_setting (pln_context_get_store (self->context), PLN_SETTING_LIBRARY_PATH);
  if (current != NULL && g_file_test (current, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GFile) file = g_file_new_for_path (current);
      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), file, NULL);
    }

  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
pln_preferences_window_constructed (GObject *object)
{
  PlnPreferencesWindow *self = (PlnPreferencesWindow *)object;
  GSettings *settings;

  G_OBJECT_CLASS (pln_preferences_window_parent_class)->constructed (object);

  g_return_if_fail (PLN_IS_CONTEXT (self->context));

  g_signal_connect_object (pln_context_get_store (self->context), "changed::settings",
                           G_CALLBACK (on_store_changed_cb), self, G_CONNECT_SWAPPED);
  update_library_row (self);
  gtk_spin_button_set_value (self->retention_spin, DEFAULT_RETENTION_DAYS);
  load_archive_settings (self);
  g_signal_connect_object (self->low_switch, "notify::active",
                           G_CALLBACK (on_low_active_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->retention_row, "notify::selected",
                           G_CALLBACK (on_retention_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->retention_spin, "value-changed",
                           G_CALLBACK (on_retention_changed_cb), self, G_CONNECT_SWAPPED);

  settings = pln_context_get_settings (self->context);
  if (settings != NULL)
    {
      g_settings_bind_with_mapping (settings, "recording-quality", self->quality_row, "selected",
                                    G_SETTINGS_BIND_DEFAULT, quality_get_mapping, quality_set_mapping,
                                    NULL, NULL);
      g_settings_bind (settings, "segment-minutes", self->segment_spin, "value", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (settings, "portal-port", self->port_spin, "value", G_SETTINGS_BIND_DEFAULT);
    }
}

static void
pln_preferences_window_dispose (GObject *object)
{
  PlnPreferencesWindow *self = (PlnPreferencesWindow *)object;

  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), PLN_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (pln_preferences_window_parent_class)->dispose (object);
}

static void
pln_preferences_window_class_init (PlnPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pln_preferences_window_constructed;
  object_class->dispose = pln_preferences_window_dispose;

  pln_widget_class_install_context (object_class, G_STRUCT_OFFSET (PlnPreferencesWindow, context));

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/plenary/Plenary/ui/pln-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PlnPreferencesWindow, library_row);
  gtk_widget_class_bind_template_child (widget_class, PlnPreferencesWindow, quality_row);
  gtk_widget_class_bind_template_child (widget_class, PlnPreferencesWindow, segment_spin);
  gtk_widget_class_bind_template_child (widget_class, PlnPreferencesWindow, low_switch);
  gtk_widget_class_bind_template_child (widget_class, PlnPreferencesWindow, retention_row);
  gtk_widget_class_bind_template_child (widget_class, PlnPreferencesWindow, retention_days_row);
  gtk_widget_class_bind_template_child (widget_class, PlnPreferencesWindow, retention_spin);
  gtk_widget_class_bind_template_child (widget_class, PlnPreferencesWindow, port_spin);

  gtk_widget_class_install_action (widget_class, "prefs.choose-library", NULL, choose_library_action);
}

static void
pln_preferences_window_init (PlnPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

PlnPreferencesWindow *
pln_preferences_window_new (GtkWindow  *parent,
                            PlnContext *context)
{
  g_return_val_if_fail (PLN_IS_CONTEXT (context), NULL);

  return g_object_new (PLN_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "context", context,
                       NULL);
}
