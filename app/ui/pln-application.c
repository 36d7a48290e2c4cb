/* pln-application.c: opens the store, builds the context, shows the window. */
#define G_LOG_DOMAIN "plenary-application"

#include "config.h"

#include <glib/gi18n.h>

#include "pln-application.h"
#include "pln-context.h"
#include "pln-ui-resources.h"
#include "pln-window.h"

struct _PlnApplication
{
  AdwApplication  parent_instance;

  char           *db_path;
  PlnContext     *context;
};

G_DEFINE_FINAL_TYPE (PlnApplication, pln_application, ADW_TYPE_APPLICATION)

static void
pln_application_activate (GApplication *application)
{
  PlnApplication *self = PLN_APPLICATION (application);
  GtkWindow *window;

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

  G_APPLICATION_CLASS (pln_application_parent_class)->startup (application);

  store = pln_store_open (self->db_path, &error);
  if (store == NULL)
    {
      g_printerr ("plenary: %s\n", error->message);
      g_application_quit (application);
      return;
    }

  settings = g_settings_new (APPLICATION_ID);
  self->context = pln_context_new (store, settings);
}

static void
pln_application_finalize (GObject *object)
{
  PlnApplication *self = (PlnApplication *)object;

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
