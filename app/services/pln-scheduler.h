/* pln-scheduler.h: starts and stops the recordings on the events' clock.
 *
 * Each source of an event records from the event's start minus its lead
 * (default 2 min) to its end plus its tail (default 5 min). Only the
 * instance holding the store's lease runs the schedule; it renews the lease
 * with a heartbeat, and another instance takes over once it has expired.
 * Started during an event, it resumes the event's recordings (a new
 * segment, the gap recorded); a start missed while nothing ran is logged
 * in the store's schedule log and reported. */
#pragma once

#include <gio/gio.h>

#include "pln-recording-service.h"

G_BEGIN_DECLS

#define PLN_SCHEDULER_DEFAULT_LEASE_SECONDS 30
#define PLN_SCHEDULER_PROBE_AHEAD_SECONDS   (30 * 60)

#define PLN_TYPE_SCHEDULER (pln_scheduler_get_type ())
G_DECLARE_FINAL_TYPE (PlnScheduler, pln_scheduler, PLN, SCHEDULER, GObject)

PlnScheduler *pln_scheduler_new              (PlnRecordingService *service);
PlnRecordingService *pln_scheduler_get_service (PlnScheduler      *self);
const char   *pln_scheduler_get_owner        (PlnScheduler        *self);
/* Lease length; the heartbeat renews it every third of it. */
void          pln_scheduler_set_lease_seconds (PlnScheduler       *self,
                                               guint               seconds);
/* Defaults for events without their own lead/tail. */
void          pln_scheduler_set_margins      (PlnScheduler        *self,
                                              int                  lead_seconds,
                                              int                  tail_seconds);
/* Whether this instance holds the lease (notify::leader). */
gboolean      pln_scheduler_is_leader        (PlnScheduler        *self);
void          pln_scheduler_start            (PlnScheduler        *self);
/* Stops the recorders (the recordings resume at the next start if their
 * event still runs) and gives the lease up. */
void          pln_scheduler_stop             (PlnScheduler        *self);
/* One pass now (the timer runs it four times a second). */
void          pln_scheduler_tick             (PlnScheduler        *self);
/* By hand: starts the recordings of @event_id now, whatever its window
 * (the scheduler does not stop them before the window's end); stops them
 * now (the scheduler does not start them again); moves the end of the
 * recording by @seconds. Return the number of sources started/stopped. */
int           pln_scheduler_start_event_now  (PlnScheduler        *self,
                                              gint64               event_id,
                                              GError             **error);
int           pln_scheduler_stop_event_now   (PlnScheduler        *self,
                                              gint64               event_id);
gboolean      pln_scheduler_extend_event     (PlnScheduler        *self,
                                              gint64               event_id,
                                              int                  seconds,
                                              GError             **error);
/* Probes the sources of the bridge points of @event_id now and stores the
 * results for the Live board. */
void          pln_scheduler_probe_event      (PlnScheduler        *self,
                                              gint64               event_id);

G_END_DECLS
