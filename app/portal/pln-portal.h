/* pln-portal.h: the web portal, a libsoup 3 server for the local network:
 * check-in pages for bridge points, the replay library, calendars, JSON. */
#pragma once

#include <gio/gio.h>

#include "pln-context.h"

G_BEGIN_DECLS

#define PLN_PORTAL_ERROR (pln_portal_error_quark ())

typedef enum
{
  PLN_PORTAL_ERROR_LISTEN,
} PlnPortalError;

#define PLN_TYPE_PORTAL (pln_portal_get_type ())
G_DECLARE_FINAL_TYPE (PlnPortal, pln_portal, PLN, PORTAL, GObject)

GQuark     pln_portal_error_quark (void);
PlnPortal *pln_portal_new         (PlnContext  *context);
/* @address: a literal IP address ("127.0.0.1", "0.0.0.0", "::"); @port 0
 * picks a free one. */
gboolean   pln_portal_listen      (PlnPortal   *self,
                                   const char  *address,
                                   guint        port,
                                   GError     **error);
guint      pln_portal_get_port    (PlnPortal   *self);
/* The URLs to hand out, one per listening address. */
GStrv      pln_portal_dup_urls    (PlnPortal   *self);
void       pln_portal_stop        (PlnPortal   *self);

G_END_DECLS
