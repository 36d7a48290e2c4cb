/* pln-window-private.h: the struct of PlnWindow, shared with
 * pln-window-actions.c. */
#pragma once

#include "pln-window.h"

G_BEGIN_DECLS

struct _PlnWindow
{
  AdwApplicationWindow  parent_instance;

  PlnContext           *context;

  AdwHeaderBar         *header_bar;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewSwitcherBar   *switcher_bar;
  AdwViewStack         *stack;
  AdwBin               *events_bin;
  GtkWidget            *events_page;
  AdwBin               *sites_bin;
  GtkWidget            *sites_page;
  AdwBin               *live_bin;
  GtkWidget            *live_page;
  AdwBin               *recorder_bin;
  GtkWidget            *recorder_page;
  AdwBin               *library_bin;
  GtkWidget            *library_page;
  AdwBin               *training_bin;
  GtkWidget            *training_page;
};

void _pln_window_class_actions_init (PlnWindowClass *klass);
void _pln_window_update_actions     (PlnWindow      *self);

G_END_DECLS
