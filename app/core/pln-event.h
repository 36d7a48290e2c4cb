/* pln-event.h: a scheduled conference, training or workshop, and its agenda. */
#pragma once

#include <gio/gio.h>

#include "pln-agenda-item.h"

G_BEGIN_DECLS


typedef enum
{
  PLN_EVENT_KIND_CONFERENCE,
  PLN_EVENT_KIND_TRAINING,
  PLN_EVENT_KIND_WORKSHOP,
} PlnEventKind;

#define PLN_TYPE_EVENT_KIND (pln_event_kind_get_type ())
GType pln_event_kind_get_type (void);

/* "conference", "training", "workshop": the words of the database and CLI. */
const char *pln_event_kind_to_string   (PlnEventKind  kind);
gboolean    pln_event_kind_from_string (const char   *text,
                                        PlnEventKind *kind);
/* A translated name for people ("Conference"…). */
const char *pln_event_kind_get_label   (PlnEventKind  kind);

/* Events are shown in this zone, whatever the machine's zone is. */
GTimeZone  *pln_event_dup_time_zone    (void);
/* Formats Unix seconds in Asia/Ho_Chi_Minh with a g_date_time_format ()
 * format; "" for 0. */
char       *pln_format_local_time      (gint64        unix_seconds,
                                        const char   *format);
/* Parses ISO 8601 with an offset ("2022-11-10T08:00:00+07:00", "…Z"), or
 * without one, meaning Asia/Ho_Chi_Minh ("2022-11-10T08:00", "2022-11-10 08:00").
 * Returns FALSE with @error set when @text is not such a time. */
gboolean    pln_parse_local_time       (const char   *text,
                                        gint64       *unix_seconds,
                                        GError      **error);

#define PLN_TYPE_EVENT (pln_event_get_type ())
G_DECLARE_FINAL_TYPE (PlnEvent, pln_event, PLN, EVENT, GObject)

PlnEvent *pln_event_new (void);
gint64 pln_event_get_id (PlnEvent *self);
void pln_event_set_id (PlnEvent *self, gint64 id);
const char *pln_event_get_uid (PlnEvent *self);
void pln_event_set_uid (PlnEvent *self, const char *uid);
PlnEventKind pln_event_get_kind (PlnEvent *self);
void pln_event_set_kind (PlnEvent *self, PlnEventKind kind);
const char *pln_event_get_title (PlnEvent *self);
void pln_event_set_title (PlnEvent *self, const char *title);
const char *pln_event_get_description (PlnEvent *self);
void pln_event_set_description (PlnEvent *self, const char *description);
gint64 pln_event_get_starts_at (PlnEvent *self);
void pln_event_set_starts_at (PlnEvent *self, gint64 starts_at);
gint64 pln_event_get_ends_at (PlnEvent *self);
void pln_event_set_ends_at (PlnEvent *self, gint64 ends_at);
gint64 pln_event_get_host_site_id (PlnEvent *self);
void pln_event_set_host_site_id (PlnEvent *self, gint64 host_site_id);
const char *pln_event_get_host_site_name (PlnEvent *self);
void pln_event_set_host_site_name (PlnEvent *self, const char *host_site_name);
int pln_event_get_sequence (PlnEvent *self);
void pln_event_set_sequence (PlnEvent *self, int sequence);
guint pln_event_get_n_points (PlnEvent *self);
void pln_event_set_n_points (PlnEvent *self, guint n_points);
gint64 pln_event_get_expected_total (PlnEvent *self);
void pln_event_set_expected_total (PlnEvent *self, gint64 expected_total);
gint64 pln_event_get_reported_total (PlnEvent *self);
void pln_event_set_reported_total (PlnEvent *self, gint64 reported_total);

/* The agenda, ordered by position. The event owns it; the store fills it
 * when it loads an event and writes it back on add and update. */
GListModel *pln_event_get_agenda        (PlnEvent      *self);
void        pln_event_append_agenda_item (PlnEvent     *self,
                                          PlnAgendaItem *item);
void        pln_event_clear_agenda      (PlnEvent      *self);

G_END_DECLS
