/* pln-event-agenda.h: the agenda of the event editor: one row per item with
 * its planned start (HH:MM on the event's day), title and speaker. */
#pragma once

#include <adwaita.h>

#include "pln-event.h"

G_BEGIN_DECLS

#define PLN_TYPE_EVENT_AGENDA (pln_event_agenda_get_type ())
G_DECLARE_FINAL_TYPE (PlnEventAgenda, pln_event_agenda, PLN, EVENT_AGENDA, AdwBin)

PlnEventAgenda *pln_event_agenda_new      (void);
/* Adds an item row; returns its start-time entry (to give it focus). */
GtkWidget      *pln_event_agenda_add_item (PlnEventAgenda *self,
                                           const char     *title,
                                           const char     *speaker,
                                           const char     *time);
/* Replaces the rows with @event's agenda. */
void            pln_event_agenda_load     (PlnEventAgenda *self,
                                           PlnEvent       *event);
/* Writes the rows into @event's agenda (items without a title are left
 * out), the times on the day of @starts_at in Vietnam time. A wrong time
 * marks its entry and adds a sentence to @errors; returns FALSE then. */
gboolean        pln_event_agenda_read     (PlnEventAgenda *self,
                                           PlnEvent       *event,
                                           gint64          starts_at,
                                           GString        *errors);

G_END_DECLS
