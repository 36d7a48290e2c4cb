/* pln-event-save.h: writes an event and its bridge points off the main
 * thread, on a store connection of its own, as the event editor's Save
 * does: the event (new or changed), its agenda, then the difference of
 * points (removed ones go, new ones come grouped by expected head-count,
 * changed head-counts are set). */
#pragma once

#include <gio/gio.h>

#include "pln-event.h"

G_BEGIN_DECLS

/* One bridge point as the editor wants it saved. */
typedef struct
{
  gint64   site_id;
  int      expected;
  gboolean is_host;
} PlnPointChoice;

/* @db_path: the store's file; @event: the event to write (id 0: a new
 * one), which the job takes over; @points: PlnPointChoice, taken over.
 * Runs in a thread; the callback comes on the caller's main context. */
void   pln_event_save_async  (const char          *db_path,
                              PlnEvent            *event,
                              GArray              *points,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data);
/* The event's id, or 0 with @error saying what failed. */
gint64 pln_event_save_finish (GAsyncResult        *result,
                              GError             **error);

G_END_DECLS
