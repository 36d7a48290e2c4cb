/* pln-recording-service.h: runs the recorders of the scheduled sources
 * and keeps the store in step: a recording row per source per event, its
 * segments and gaps, and a packaging job when it ends. A recording that
 * was interrupted (Plenary killed or stopped) is resumed as a new segment
 * of the same recording, with the gap recorded. */
#pragma once

#include <gio/gio.h>

#include "pln-archive.h"
#include "pln-recorder.h"
#include "pln-store.h"
#include "pln-store-schedule.h"

G_BEGIN_DECLS

#define PLN_TYPE_RECORDING_SERVICE (pln_recording_service_get_type ())
G_DECLARE_FINAL_TYPE (PlnRecordingService, pln_recording_service, PLN, RECORDING_SERVICE, GObject)

PlnRecordingService *pln_recording_service_new          (PlnStore            *store,
                                                         PlnArchive          *archive);
PlnStore            *pln_recording_service_get_store    (PlnRecordingService *self);
/* Seconds per segment file (default 600). */
void                 pln_recording_service_set_segment_seconds (PlnRecordingService *self,
                                                         guint                seconds);
/* Records @source now: starts its recording, resumes it when it exists and
 * was interrupted, or does nothing when it is running or already ended
 * (stopped by hand, packaged). Returns the recording's id, 0 if none. */
gint64               pln_recording_service_ensure       (PlnRecordingService *self,
                                                         const PlnScheduledSource *source,
                                                         GError             **error);
gboolean             pln_recording_service_is_recording (PlnRecordingService *self,
                                                         gint64               source_id);
/* Whether this service records into @recording_id now. */
gboolean             pln_recording_service_owns_recording (PlnRecordingService *self,
                                                           gint64               recording_id);
/* Stops the recording of @source_id cleanly; when it has stopped, it is
 * finished in the store and queued for packaging. */
void                 pln_recording_service_stop         (PlnRecordingService *self,
                                                         gint64               source_id);
/* How raw sources are encoded in the recordings started from now on
 * (default: good). */
void                 pln_recording_service_set_preset  (PlnRecordingService *self,
                                                         PlnEncodePreset      preset);
/* (transfer none): the recorder of @source_id while it records, or NULL:
 * for the Recorder page's figures, preview and chapters. */
PlnRecorder         *pln_recording_service_get_recorder (PlnRecordingService *self,
                                                         gint64               source_id);
/* Returns (element-type gint64): the source ids being recorded. */
GArray              *pln_recording_service_list_active  (PlnRecordingService *self);
/* Finishes a recording left in the 'recording' state by a process that is
 * gone (its window has passed): closes its manifest and queues it. */
gboolean             pln_recording_service_finish_orphan (PlnRecordingService *self,
                                                          gint64               recording_id,
                                                          GError             **error);
/* Stops every recorder and waits (at most @timeout_ms) until they have
 * closed their files. Recordings stay 'recording' in the store, so the
 * next start resumes them when their event still runs. */
void                 pln_recording_service_shutdown     (PlnRecordingService *self,
                                                         guint                timeout_ms);

/* Signal ::notify-user (const char *kind, const char *title, const char *body):
 * kind is "started", "stopped", "reconnecting" or "failed". */

G_END_DECLS
