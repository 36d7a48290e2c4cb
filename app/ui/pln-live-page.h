/* pln-live-page.h: the board of one event while it runs: every bridge
 * point's link and head-count (editable in place), totals by district and
 * by level, a headline, and the switch that lets sites check in through the
 * portal from the local network. */
#pragma once

#include <adwaita.h>

#include "pln-context.h"

G_BEGIN_DECLS

#define PLN_TYPE_LIVE_PAGE (pln_live_page_get_type ())
G_DECLARE_FINAL_TYPE (PlnLivePage, pln_live_page, PLN, LIVE_PAGE, AdwBin)

PlnLivePage *pln_live_page_new           (PlnContext  *context);
PlnContext  *pln_live_page_get_context   (PlnLivePage *self);
/* The event shown (0: none). The page picks the event in progress, else
 * the next one, else the latest; selecting another one shows it. */
gint64       pln_live_page_get_event_id  (PlnLivePage *self);
gboolean     pln_live_page_select_event  (PlnLivePage *self,
                                          gint64       event_id);
/* TRUE while the check-in portal listens. */
gboolean     pln_live_page_get_portal_running (PlnLivePage *self);

G_END_DECLS
