/* pln-archive.h: the packaging queue. When a recording ends it is
 * packaged (faststart MP4, HLS, a low-bandwidth rendition if enabled,
 * audio only, a poster and thumbnails) and its files are registered in the
 * store; jobs live in the store, so they resume after a restart. */
#pragma once

#include <gio/gio.h>

#include "pln-store.h"

G_BEGIN_DECLS

/* Store settings (keys of pln_store_set_setting) the archive reads. */
#define PLN_SETTING_ARCHIVE_LOW        "archive-low-rendition"     /* "true" / "false" (default) */
#define PLN_SETTING_ARCHIVE_THUMBNAILS "archive-thumbnail-seconds" /* N, default 60; 0: poster only */
#define PLN_SETTING_RETENTION_DAYS     "archive-retention-days"    /* "" or "keep" (default), or N */

/* The folder of the packaged files, inside each recording folder. */
#define PLN_ARCHIVE_OUTPUTS_FOLDER "outputs"

#define PLN_TYPE_ARCHIVE (pln_archive_get_type ())
G_DECLARE_FINAL_TYPE (PlnArchive, pln_archive, PLN, ARCHIVE, GObject)

PlnArchive *pln_archive_new              (PlnStore    *store);
PlnStore   *pln_archive_get_store        (PlnArchive  *self);
/* How many jobs run at once (1 or 2; default 1). */
guint       pln_archive_get_max_jobs     (PlnArchive  *self);
void        pln_archive_set_max_jobs     (PlnArchive  *self,
                                          guint        max_jobs);
/* Puts the jobs a previous run left running back in the queue and starts
 * working through the queue. */
void        pln_archive_start            (PlnArchive  *self);
/* Queues @recording_id (state 'stopped') for packaging. Returns the job. */
gint64      pln_archive_enqueue          (PlnArchive  *self,
                                          gint64       recording_id,
                                          GError     **error);
/* Cancels a queued or running job: nothing it wrote is left behind. */
gboolean    pln_archive_cancel           (PlnArchive  *self,
                                          gint64       job_id,
                                          GError     **error);
/* Queues a failed or cancelled job again. */
gboolean    pln_archive_retry            (PlnArchive  *self,
                                          gint64       job_id,
                                          GError     **error);
/* Number of jobs running now. */
guint       pln_archive_get_n_running    (PlnArchive  *self);
/* Applies the retention policy now: removes the raw segments of packaged
 * recordings older than the policy allows. Returns how many. */
guint       pln_archive_apply_retention  (PlnArchive  *self,
                                          gint64       now);

/* Signals: ::job-progress (gint64 job_id, double fraction),
 * ::job-finished (gint64 job_id, const char *state, const char *message)
 * with state "done", "failed" or "cancelled". */

G_END_DECLS
