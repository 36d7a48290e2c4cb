/* pln-events-page.h: the events, upcoming or past, or a month of them,
 * with a search; New as a button, and an event menu (edit, duplicate a
 * year later, export to iCalendar, delete), each with its key. The toolbar
 * keeps one row, or two on a phone. */
#pragma once

#include <adwaita.h>

#include "pln-context.h"

G_BEGIN_DECLS

#define PLN_TYPE_EVENTS_PAGE (pln_events_page_get_type ())
G_DECLARE_FINAL_TYPE (PlnEventsPage, pln_events_page, PLN, EVENTS_PAGE, AdwBin)

PlnEventsPage *pln_events_page_new             (PlnContext    *context);
PlnContext    *pln_events_page_get_context     (PlnEventsPage *self);
/* Shows the past events (newest first) or the upcoming ones. */
void           pln_events_page_set_show_past   (PlnEventsPage *self,
                                                gboolean       show_past);
/* "list" or "month": the events as a list (upcoming or past) or as a
 * month of the calendar; the search applies to both. */
void           pln_events_page_set_view        (PlnEventsPage *self,
                                                const char    *view);
const char    *pln_events_page_get_view        (PlnEventsPage *self);
/* The event selected in the list, or 0. */
gint64         pln_events_page_get_selected_id (PlnEventsPage *self);
gboolean       pln_events_page_select_id       (PlnEventsPage *self,
                                                gint64         event_id);
/* A copy of event @event_id a year later: same title, kind, host,
 * description, agenda and bridge points with their expected head-counts,
 * new tokens. Returns the new id, or 0 with @error set. */
gint64         pln_events_page_duplicate_event (PlnEventsPage *self,
                                                gint64         event_id,
                                                GError       **error);
/* Writes every event as an iCalendar file. */
gboolean       pln_events_page_export_file     (PlnEventsPage *self,
                                                GFile         *file,
                                                GError       **error);

G_END_DECLS
