/* pln-event-point-row.h: one bridge point in the event editor's list: the
 * site's name, its level, district and code (or "Host"), the expected
 * head-count in a spin button, and a button that removes the point.
 * ::changed when the head-count was changed here, ::remove when the
 * remove button was clicked. */
#pragma once

#include <gtk/gtk.h>

#include "pln-bridge-point.h"

G_BEGIN_DECLS

#define PLN_TYPE_EVENT_POINT_ROW (pln_event_point_row_get_type ())
G_DECLARE_FINAL_TYPE (PlnEventPointRow, pln_event_point_row, PLN, EVENT_POINT_ROW, GtkBox)

PlnEventPointRow *pln_event_point_row_new       (void);
/* The point shown (borrowed; its expected count is set from the spin
 * button), or NULL. */
PlnBridgePoint   *pln_event_point_row_get_point (PlnEventPointRow *self);
void              pln_event_point_row_set_point (PlnEventPointRow *self,
                                                 PlnBridgePoint   *point);

G_END_DECLS
