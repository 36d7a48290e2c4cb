/* pln-agenda-item.h: one item of an event's agenda: a title, a speaker, a planned start. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS
#define PLN_TYPE_AGENDA_ITEM (pln_agenda_item_get_type ())
G_DECLARE_FINAL_TYPE (PlnAgendaItem, pln_agenda_item, PLN, AGENDA_ITEM, GObject)

PlnAgendaItem *pln_agenda_item_new (void);
gint64 pln_agenda_item_get_id (PlnAgendaItem *self);
void pln_agenda_item_set_id (PlnAgendaItem *self, gint64 id);
int pln_agenda_item_get_position (PlnAgendaItem *self);
void pln_agenda_item_set_position (PlnAgendaItem *self, int position);
const char *pln_agenda_item_get_title (PlnAgendaItem *self);
void pln_agenda_item_set_title (PlnAgendaItem *self, const char *title);
const char *pln_agenda_item_get_speaker (PlnAgendaItem *self);
void pln_agenda_item_set_speaker (PlnAgendaItem *self, const char *speaker);
gint64 pln_agenda_item_get_planned_start (PlnAgendaItem *self);
void pln_agenda_item_set_planned_start (PlnAgendaItem *self, gint64 planned_start);

G_END_DECLS
