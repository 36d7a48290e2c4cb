/* pln-application.c: opens the store, builds the context, shows the window;
 * the app.* actions (quit, about, preferences). */
#define G_LOG_DOMAIN "plenary-application"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/gst.h>

#include "pln-application.h"
#include "pln-archive.h"
#include "pln-context.h"
#include "pln-notifier.h"
#include "pln-scheduler.h"
#include "pln-preferences-window.h"
#include "pln-ui-resources.h"
#include "pln-window.h"

struct _PlnApplication
{
  AdwApplication  parent_instance;

  char           *db_path;
  PlnContext     *context;
  PlnNotifier    *notifier;
};

G_DEFINE_FINAL_TYPE (PlnApplication, pln_application, ADW_TYPE_APPLICATION)

static void
pln_application_quit_action (GSimpleAction *action,
                             GVariant      *param,
                             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
pln_application_about_action (GSimpleAction *action,
                              GVariant      *param,
                              gpointer       user_data)
{
  PlnApplication *self = PLN_APPLICATION (user_data);
  static const char *developers[] = { N_("The Plenary contributors"), NULL };
  const char *translated_developers[G_N_ELEMENTS (developers)] = { NULL };
  GtkWindow *about;

  for (guint i = 0; developers[i] != NULL; i++)
    translated_developers[i] = _(developers[i]);

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "modal", TRUE,
                        "application-name", _("Plenary"),
                        "application-icon", APPLICATION_ID,
                        "developer-name", _("The Plenary contributors"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Run multi-site conferences and trainings: keep the network of "
                                      "bridge sites and their staff, schedule events, record them and "
                                      "replay the recordings as training."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", translated_developers,
                        /* Translators: put your names here, one per line. */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (about);
}

static void
pln_application_preferences_action (GSimpleAction *action,
                                    GVariant      *param,
                                    gpointer       user_data)
{
  PlnApplication *self = PLN_APPLICATION (user_data);
  PlnPreferencesWindow *prefs;

  if (self->context == NULL)
    return;

  prefs = pln_preferences_window_new (gtk_application_get_active_window (GTK_APPLICATION (self)),
                                      self->context);
  gtk_window_present (GTK_WINDOW (prefs));
}

static const GActionEntry app_actions[] = {
  { "quit", pln_application_quit_action },
  { "about", pln_application_about_action },
  { "preferences", pln_application_preferences_action },
};

static void
pln_application_activate (GApplication *application)
{
  PlnApplication *self = PLN_APPLICATION (application);
  GtkWindow *window;

  if (self->context == NULL)
    return;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window == NULL)
    window = GTK_WINDOW (pln_window_new (ADW_APPLICATION (self), self->context));
  gtk_window_present (window);
}

static void
pln_application_startup (GApplication *application)
{
  PlnApplication *self = PLN_APPLICATION (application);
  g_autoptr(PlnStore) store = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (pln_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);

  store = pln_store_open (self->db_path, &error);
  if (store == NULL)
    {
      g_printerr ("plenary: %s\n", error->message);
      g_application_quit (application);
      return;
    }

  settings = g_settings_new (APPLICATION_ID);
  self->context = pln_context_new (store, settings);

  /* The window runs the schedule and the packaging as `plenary serve`
   * does; when a headless instance already holds the schedule's lease,
   * this one waits and takes over only if that one stops answering. */
  gst_init (NULL, NULL);
  self->notifier = pln_notifier_new (pln_context_get_recording_service (self->context),
                                     G_APPLICATION (self));
  pln_archive_start (pln_context_get_archive (self->context));
  pln_scheduler_start (pln_context_get_scheduler (self->context));
}

static void
pln_application_shutdown (GApplication *application)
{
  PlnApplication *self = PLN_APPLICATION (application);

  if (self->context != NULL)
    pln_scheduler_stop (pln_context_get_scheduler (self->context));

  G_APPLICATION_CLASS (pln_application_parent_class)->shutdown (application);
}

static void
pln_application_finalize (GObject *object)
{
  PlnApplication *self = (PlnApplication *)object;

  g_clear_object (&self->notifier);
  g_clear_object (&self->context);
  g_clear_pointer (&self->db_path, g_free);

  G_OBJECT_CLASS (pln_application_parent_class)->finalize (object);
}

static void
pln_application_class_init (PlnApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = pln_application_finalize;
  app_class->startup = pln_application_startup;
  app_class->shutdown = pln_application_shutdown;
  app_class->activate = pln_application_activate;

  /* Referencing the bundle keeps the linker from dropping it out of the
   * static library. */
  (void) pln_ui_get_resource ();
}

static void
pln_application_init (PlnApplication *self)
{
}

PlnApplication *
pln_application_new (const char *db_path)
{
  PlnApplication *self;

  self = g_object_new (PLN_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/org/plenary/Plenary",
                       NULL);
  self->db_path = g_strdup (db_path);
  return self;
}
