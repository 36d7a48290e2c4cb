/* pln-window.h: the main window and its pages. */
#pragma once

#include <adwaita.h>

#include "pln-context.h"

G_BEGIN_DECLS

#define PLN_TYPE_WINDOW (pln_window_get_type ())
G_DECLARE_FINAL_TYPE (PlnWindow, pln_window, PLN, WINDOW, AdwApplicationWindow)

PlnWindow  *pln_window_new                (AdwApplication *application,
                                           PlnContext     *context);
PlnContext *pln_window_get_context        (PlnWindow      *self);
const char *pln_window_get_visible_page   (PlnWindow      *self);
gboolean    pln_window_show_page          (PlnWindow      *self,
                                           const char     *name);

G_END_DECLS
