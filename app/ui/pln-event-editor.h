/* pln-event-editor.h: the window that creates or edits an event: kind,
 * title, times (Asia/Ho_Chi_Minh), host, description, agenda, and the
 * bridge points chosen by site rules with their expected head-counts. */
#pragma once

#include <adwaita.h>

#include "pln-context.h"

G_BEGIN_DECLS

#define PLN_TYPE_EVENT_EDITOR (pln_event_editor_get_type ())
G_DECLARE_FINAL_TYPE (PlnEventEditor, pln_event_editor, PLN, EVENT_EDITOR, AdwWindow)

/* @event_id: the event to edit, or 0 for a new one. */
PlnEventEditor *pln_event_editor_new          (GtkWindow      *parent,
                                               PlnContext     *context,
                                               gint64          event_id);
PlnContext     *pln_event_editor_get_context  (PlnEventEditor *self);
/* The event's id once saved (a new event has 0 until then). */
gint64          pln_event_editor_get_event_id (PlnEventEditor *self);
/* The points as they will be saved, and their expected total. */
guint           pln_event_editor_get_n_points (PlnEventEditor *self);
gint64          pln_event_editor_get_expected_total (PlnEventEditor *self);
/* Parses "10/11/2022 08:00" as Asia/Ho_Chi_Minh time; FALSE with @error
 * saying what to write otherwise. */
gboolean        pln_event_editor_parse_time   (const char     *text,
                                               gint64         *unix_seconds,
                                               GError        **error);

G_END_DECLS
