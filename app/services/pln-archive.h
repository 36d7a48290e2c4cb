/* pln-archive.h: the packaging queue. When a recording ends it is
 * packaged (faststart MP4, HLS, a low-bandwidth rendition if enabled,
 * audio only, a poster and thumbnails) and its files are registered in the
 * store; jobs live in the store, so they resume after a restart.
 *
 * For the UI (nothing here blocks the main context; results and signals
 * arrive on the main context of the thread that made the archive):
 *   - pln_archive_repackage(): after the title, chapters or trim changed
 *     (pln_store_set_recording_trim()), queue the recording again; watch
 *     ::job-progress / ::job-finished for that job id. The old outputs stay
 *     in place, and the raw segments stay, until the new ones are done.
 *   - pln_archive_import_async(): a video file becomes a recording of the
 *     library (probed, copied or remuxed into a recording folder, a
 *     manifest written, registered) and is queued for packaging.
 *   - pln_archive_cancel() / pln_archive_retry() with a job id.
 * Trimming: the MP4, M4A and 360p files start at the trim start and end at
 * the trim end (a cut at the key frame before the start plus an edit list,
 * so players show the trimmed length); the HLS playlist runs over the whole
 * fragments that cover that range; chapters move with the start; the
 * recording's duration_ms becomes the trimmed length. */
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
/* Starts working through the queue, when this process is in charge of it:
 * it holds the scheduler's lease, or no process does. Coming into charge,
 * it puts the jobs left running by a process that is gone back in the
 * queue. Jobs queued while another process is in charge are packaged by
 * that one (their progress is in the store). */
void        pln_archive_start            (PlnArchive  *self);
/* Runs job @job_id only (if it is queued), in this process, without
 * taking over the queue or the jobs another process runs: for a command
 * line program that waits for its own job (plenary library trim --wait). */
void        pln_archive_work_on          (PlnArchive  *self,
                                          gint64       job_id);
/* Queues @recording_id (state 'stopped') for packaging. Returns the job. */
gint64      pln_archive_enqueue          (PlnArchive  *self,
                                          gint64       recording_id,
                                          GError     **error);
/* Packages @recording_id again (after its trim, title or chapters
 * changed). Refused, with the reason, while it is being recorded or once
 * the retention policy removed its raw segments. A job already waiting for
 * it is reused; one running now finishes and this one follows. Returns the
 * job id, 0 on error. */
gint64      pln_archive_repackage        (PlnArchive  *self,
                                          gint64       recording_id,
                                          GError     **error);

typedef enum
{
  PLN_ARCHIVE_IMPORT_DEFAULT = 0,
  /* A file that already is a recording segment (fragmented MP4, H.264 /
   * AAC) is hard-linked instead of copied when it is on the same disk. */
  PLN_ARCHIVE_IMPORT_LINK    = 1 << 0,
} PlnArchiveImportFlags;

/* Imports the video file @path as a new recording titled @title (of
 * @event_id, 0: none) into library/imports/: a fragmented MP4 segment is
 * copied (or linked); any other file GStreamer can read is remuxed into
 * one when it carries H.264 and AAC, and encoded otherwise. Then its
 * manifest is written, the recording registered ('stopped') and queued
 * for packaging. Runs in a thread; nothing is left behind on failure or
 * cancel. */
void        pln_archive_import_async     (PlnArchive            *self,
                                          const char            *path,
                                          const char            *title,
                                          gint64                 event_id,
                                          PlnArchiveImportFlags  flags,
                                          GCancellable          *cancellable,
                                          GAsyncReadyCallback    callback,
                                          gpointer               user_data);
/* Returns the new recording's id (its packaging job is queued), 0 on error. */
gint64      pln_archive_import_finish    (PlnArchive            *self,
                                          GAsyncResult          *result,
                                          GError               **error);

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
