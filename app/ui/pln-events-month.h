/* pln-events-month.h: a month of the calendar, Monday first, with the
 * events of a list model in their days (Vietnam time). Each event is a
 * button: the arrow keys go from one to the next, Page Up and Page Down
 * change the month. ::event-activated (gint64 id) when one is clicked. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PLN_TYPE_EVENTS_MONTH (pln_events_month_get_type ())
G_DECLARE_FINAL_TYPE (PlnEventsMonth, pln_events_month, PLN, EVENTS_MONTH, AdwBin)

PlnEventsMonth *pln_events_month_new        (void);
/* @events: PlnEvent items (the page's, already searched). */
void            pln_events_month_set_model  (PlnEventsMonth *self,
                                             GListModel     *events);
/* Shows @month (1–12) of @year. */
void            pln_events_month_set_month  (PlnEventsMonth *self,
                                             int             year,
                                             int             month);
/* Shows the month of @unix_seconds in Vietnam time. */
void            pln_events_month_show_time  (PlnEventsMonth *self,
                                             gint64          unix_seconds);
int             pln_events_month_get_year   (PlnEventsMonth *self);
int             pln_events_month_get_month  (PlnEventsMonth *self);
/* How many events the month shown holds (an event over two days counts
 * once). */
guint           pln_events_month_get_n_shown (PlnEventsMonth *self);

G_END_DECLS
