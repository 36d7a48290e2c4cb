/* pln-preferences-window.c: see pln-preferences-window.h. */
#define G_LOG_DOMAIN "plenary-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "pln-preferences-window.h"

struct _PlnPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  PlnContext           *context;
  GtkFileChooserNative *chooser;

  AdwActionRow         *library_row;
};

G_DEFINE_FINAL_TYPE (PlnPreferencesWindow, pln_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_library_row (PlnPreferencesWindow *self)
{
  PlnStore *store = pln_context_get_store (self->context);
  g_autofree char *path = pln_store_dup_setting (store, PLN_SETTING_LIBRARY_PATH);

  if (path != NULL && *path != '\0')
    adw_action_row_set_subtitle (self->library_row, path);
  else
    adw_action_row_set_subtitle (self->library_row,
                                 _("Not chosen yet: choose a folder before the first recording"));
}

static void
on_store_changed_cb (PlnPreferencesWindow *self)
{
  update_library_row (self);
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

  G_OBJECT_CLASS (pln_preferences_window_parent_class)->constructed (object);

  g_return_if_fail (PLN_IS_CONTEXT (self->context));

  g_signal_connect_object (pln_context_get_store (self->context), "changed",
                           G_CALLBACK (on_store_changed_cb), self, G_CONNECT_SWAPPED);
  update_library_row (self);
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
pln_preferences_window_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  PlnPreferencesWindow *self = PLN_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pln_preferences_window_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  PlnPreferencesWindow *self = PLN_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pln_preferences_window_class_init (PlnPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pln_preferences_window_constructed;
  object_class->dispose = pln_preferences_window_dispose;
  object_class->get_property = pln_preferences_window_get_property;
  object_class->set_property = pln_preferences_window_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, PLN_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/plenary/Plenary/ui/pln-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PlnPreferencesWindow, library_row);

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
