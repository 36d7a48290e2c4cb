/* pln-notifier.h: tells the technician what the recordings do, as desktop
 * notifications (GNotification) when a GApplication is registered, and in
 * the log otherwise (headless `plenary serve`). */
#pragma once

#include <gio/gio.h>

#include "pln-recording-service.h"

G_BEGIN_DECLS

#define PLN_TYPE_NOTIFIER (pln_notifier_get_type ())
G_DECLARE_FINAL_TYPE (PlnNotifier, pln_notifier, PLN, NOTIFIER, GObject)

/* @application may be NULL. */
PlnNotifier *pln_notifier_new    (PlnRecordingService *service,
                                  GApplication        *application);
void         pln_notifier_notify (PlnNotifier         *self,
                                  const char          *kind,
                                  const char          *title,
                                  const char          *body);

G_END_DECLS
