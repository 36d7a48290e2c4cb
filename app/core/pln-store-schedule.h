/* pln-store-schedule.h: what the scheduler and the archive keep in the
 * store: each event's recording sources and margins, the scheduler's
 * lease, its log, and the packaging jobs (part of the PlnStore API). */
#pragma once

#include "pln-store.h"

G_BEGIN_DECLS

#define PLN_DEFAULT_LEAD_SECONDS 120
#define PLN_DEFAULT_TAIL_SECONDS 300

/* One source to record during one event. */
typedef struct
{
  gint64  source_id;
  gint64  event_id;
  char   *uri;
  char   *title;        /* the event's */
  gint64  starts_at;    /* the event's start and end */
  gint64  ends_at;
  gint64  record_from;  /* start − lead, end + tail */
  gint64  record_until;
} PlnScheduledSource;

void        pln_scheduled_source_free        (PlnScheduledSource *source);

/* Adds @uri as a recording source of @event_id (once). Returns its id. */
gint64      pln_store_add_event_source       (PlnStore    *self,
                                              gint64       event_id,
                                              const char  *uri,
                                              GError     **error);
/* Removes @uri from the recording sources of @event_id; what it recorded
 * stays in the library. */
gboolean    pln_store_remove_event_source    (PlnStore    *self,
                                              gint64       event_id,
                                              const char  *uri,
                                              GError     **error);
/* Returns (transfer full): the recording sources of @event_id, in order. */
GStrv       pln_store_list_event_sources     (PlnStore    *self,
                                              gint64       event_id);
/* Per-event lead and tail in seconds (−1: the default). */
gboolean    pln_store_set_event_margins      (PlnStore    *self,
                                              gint64       event_id,
                                              int          lead_seconds,
                                              int          tail_seconds,
                                              GError     **error);
/* Moves the recording end of @event_id by @seconds (the technician's
 * "extend"): the tail grows. */
gboolean    pln_store_extend_event_recording (PlnStore    *self,
                                              gint64       event_id,
                                              int          seconds,
                                              GError     **error);
/* Returns (element-type PlnScheduledSource): the sources whose recording
 * window [start − lead, end + tail) meets [@from, @until). */
GPtrArray  *pln_store_list_scheduled_sources (PlnStore    *self,
                                              gint64       from,
                                              gint64       until,
                                              int          default_lead,
                                              int          default_tail);

/* The lease: TRUE in @held when @owner holds it until @now_ms + @ttl_ms
 * (taken when free, expired or already ours). */
gboolean    pln_store_take_lease             (PlnStore    *self,
                                              const char  *owner,
                                              gint64       now_ms,
                                              gint64       ttl_ms,
                                              gboolean    *held,
                                              GError     **error);
gboolean    pln_store_release_lease          (PlnStore    *self,
                                              const char  *owner,
                                              GError     **error);
/* The current holder, or NULL. */
char       *pln_store_dup_lease_owner        (PlnStore    *self,
                                              gint64      *expires_at_ms);

/* @kind: started, stopped, resumed, missed, failed, probed. */
gboolean    pln_store_log_schedule           (PlnStore    *self,
                                              gint64       event_id,
                                              gint64       source_id,
                                              const char  *kind,
                                              const char  *message,
                                              GError     **error);
gboolean    pln_store_has_schedule_log       (PlnStore    *self,
                                              gint64       event_id,
                                              gint64       source_id,
                                              const char  *kind);

/* Returns (element-type utf8): "point_id\tsource_uri" of the bridge points
 * of @event_id that have a source. */
GPtrArray  *pln_store_list_point_sources     (PlnStore    *self,
                                              gint64       event_id);
gboolean    pln_store_add_probe_result       (PlnStore    *self,
                                              gint64       point_id,
                                              gboolean     ok,
                                              const char  *summary,
                                              const char  *message,
                                              GError     **error);

/* ---- Archive jobs --------------------------------------------------- */

typedef struct
{
  gint64  id;
  gint64  recording_id;
  char   *state;      /* queued, running, done, failed, cancelled */
  double  progress;
  char   *error;
  int     attempts;
} PlnArchiveJobEntry;

void        pln_archive_job_entry_free       (PlnArchiveJobEntry *entry);

/* Queues packaging of @recording_id; a job already queued for it is
 * returned instead (one running for it is not: it packages what it read
 * when it began, so a later change gets a job of its own). */
gint64      pln_store_add_archive_job        (PlnStore    *self,
                                              gint64       recording_id,
                                              GError     **error);
gboolean    pln_store_update_archive_job     (PlnStore    *self,
                                              gint64       job_id,
                                              const char  *state,
                                              double       progress,
                                              const char  *message,
                                              GError     **error);
PlnArchiveJobEntry *pln_store_get_archive_job (PlnStore   *self,
                                              gint64       job_id);
/* The oldest queued job of a recording no job is packaging now, or NULL. */
PlnArchiveJobEntry *pln_store_next_archive_job (PlnStore  *self);
/* Marks a queued job running, atomically: FALSE when another process
 * (the app beside plenary serve) took it first. */
gboolean    pln_store_claim_archive_job      (PlnStore    *self,
                                              gint64       job_id);
/* Returns (element-type PlnArchiveJobEntry): every job, newest first. */
GPtrArray  *pln_store_list_archive_jobs      (PlnStore    *self);
/* After a restart: the jobs left running go back to the queue. */
gboolean    pln_store_requeue_archive_jobs   (PlnStore    *self,
                                              GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlnScheduledSource, pln_scheduled_source_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlnArchiveJobEntry, pln_archive_job_entry_free)

G_END_DECLS
