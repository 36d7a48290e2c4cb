/* pln-target-bar.h: progress against a target at a glance: a bar filled
 * to the share that completed (green once it reaches the target), lighter
 * up to the share that started, and a tick at the target. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PLN_TYPE_TARGET_BAR (pln_target_bar_get_type ())
G_DECLARE_FINAL_TYPE (PlnTargetBar, pln_target_bar, PLN, TARGET_BAR, GtkWidget)

GtkWidget *pln_target_bar_new              (void);
/* Shares from 0 to 1. */
double     pln_target_bar_get_fraction     (PlnTargetBar *self);
void       pln_target_bar_set_fraction     (PlnTargetBar *self,
                                            double        fraction);
double     pln_target_bar_get_started      (PlnTargetBar *self);
void       pln_target_bar_set_started      (PlnTargetBar *self,
                                            double        started);
/* 0: no target. */
double     pln_target_bar_get_target       (PlnTargetBar *self);
void       pln_target_bar_set_target       (PlnTargetBar *self,
                                            double        target);

G_END_DECLS
