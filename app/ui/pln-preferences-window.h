/* pln-preferences-window.h: the settings a person can change, and only
 * those that exist. */
#pragma once

#include <adwaita.h>

#include "pln-context.h"

G_BEGIN_DECLS

#define PLN_TYPE_PREFERENCES_WINDOW (pln_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (PlnPreferencesWindow, pln_preferences_window, PLN, PREFERENCES_WINDOW, AdwPreferencesWindow)

PlnPreferencesWindow *pln_preferences_window_new (GtkWindow  *parent,
                                                  PlnContext *context);

G_END_DECLS
