/* pln-context.h: the one object handed to widgets: store, settings and,
 * as they land, the services. */
#pragma once

#include <gio/gio.h>

#include "pln-store.h"

G_BEGIN_DECLS

#define PLN_TYPE_CONTEXT (pln_context_get_type ())
G_DECLARE_FINAL_TYPE (PlnContext, pln_context, PLN, CONTEXT, GObject)

PlnContext *pln_context_new          (PlnStore   *store,
                                      GSettings  *settings);
PlnStore   *pln_context_get_store    (PlnContext *self);
GSettings  *pln_context_get_settings (PlnContext *self);

G_END_DECLS
