/* pln-notifier.c: see pln-notifier.h. */
#define G_LOG_DOMAIN "plenary-notifier"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pln-notifier.h"

struct _PlnNotifier
{
  GObject       parent_instance;

  GApplication *application;   /* weak */
};

G_DEFINE_FINAL_TYPE (PlnNotifier, pln_notifier, G_TYPE_OBJECT)

static void
on_notify_user_cb (PlnRecordingService *service,
                   const char          *kind,
                   const char          *title,
                   const char          *body,
                   PlnNotifier         *self)
{
  pln_notifier_notify (self, kind, title, body);
}

static void
pln_notifier_dispose (GObject *object)
{
  PlnNotifier *self = PLN_NOTIFIER (object);

  g_clear_weak_pointer (&self->application);
  G_OBJECT_CLASS (pln_notifier_parent_class)->dispose (object);
}

static void
pln_notifier_class_init (PlnNotifierClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = pln_notifier_dispose;
}

static void
pln_notifier_init (PlnNotifier *self)
{
}

PlnNotifier *
pln_notifier_new (PlnRecordingService *service,
                  GApplication        *application)
{
  PlnNotifier *self = g_object_new (PLN_TYPE_NOTIFIER, NULL);

  g_set_weak_pointer (&self->application, application);
  if (service != NULL)
    g_signal_connect_object (service, "notify-user", G_CALLBACK (on_notify_user_cb), self, 0);
  return self;
}

void
pln_notifier_notify (PlnNotifier *self,
                     const char  *kind,
                     const char  *title,
                     const char  *body)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *id = NULL;

  g_return_if_fail (PLN_IS_NOTIFIER (self));

  if (self->application == NULL || !g_application_get_is_registered (self->application))
    {
      g_message ("%s: %s", title, body);
      return;
    }

  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  if (g_str_equal (kind, "failed") || g_str_equal (kind, "reconnecting"))
    g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
  /* One notification per kind and title: a newer one replaces it. */
  id = g_strdup_printf ("recording-%s-%u", kind, g_str_hash (title));
  g_application_send_notification (self->application, id, notification);
}
