/* pln-store-recordings.h: the store's recordings, their outputs and
 * chapters (part of the PlnStore API; the archive fills them). */
#pragma once

#include "pln-recording.h"
#include "pln-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  offset_ms;
  char   *title;
} PlnChapterEntry;

void        pln_chapter_entry_free                (PlnChapterEntry *entry);

/* The library folder: the 'library-path' setting, or the folder "library"
 * beside the database file (for the default database, in the user's data
 * directory). Recording folders and outputs are relative to it. */
char       *pln_store_dup_library_path            (PlnStore      *self);
/* Adds a recording (state 'recording', visibility 'draft') with a new
 * random public id. @event_id 0: not tied to an event. Returns its id. */
gint64      pln_store_add_recording               (PlnStore      *self,
                                                   gint64         event_id,
                                                   const char    *title,
                                                   const char    *folder,
                                                   const char    *source_uri,
                                                   gint64         started_at,
                                                   GError       **error);
gboolean    pln_store_finish_recording            (PlnStore      *self,
                                                   gint64         id,
                                                   const char    *state,
                                                   gint64         ended_at,
                                                   gint64         duration_ms,
                                                   GError       **error);
gboolean    pln_store_set_recording_visibility    (PlnStore      *self,
                                                   gint64         id,
                                                   PlnVisibility  visibility,
                                                   GError       **error);
/* An output of the packaged recording: @kind is "mp4", "hls", "low",
 * "audio", "poster"; @path is relative to the library folder. */
gboolean    pln_store_add_recording_output        (PlnStore      *self,
                                                   gint64         id,
                                                   const char    *kind,
                                                   const char    *path,
                                                   gint64         bytes,
                                                   GError       **error);
/* The path (relative to the library folder) of an output, or NULL. */
char       *pln_store_dup_recording_output        (PlnStore      *self,
                                                   gint64         id,
                                                   const char    *kind);
gboolean    pln_store_add_chapter                 (PlnStore      *self,
                                                   gint64         id,
                                                   gint64         offset_ms,
                                                   const char    *title,
                                                   GError       **error);
/* Replaces the gaps of recording @id (where its link was lost): @spans
 * holds @n_gaps pairs of start and end, in ms of the recording. */
gboolean    pln_store_set_recording_gaps          (PlnStore      *self,
                                                   gint64         id,
                                                   const gint64  *spans,
                                                   guint          n_gaps,
                                                   GError       **error);
/* Returns (element-type PlnChapterEntry): the chapters in order, on the
 * timeline of the packaged files, which close over each gap of the link
 * and start trim_start_ms into that: the chapter under way at the cut
 * starts at 0, chapters after the trimmed end are left out. (The chapters
 * table itself, and pln_store_add_chapter(), hold offsets of the recording
 * as recorded, so changing the trim never loses a chapter.) */
GPtrArray  *pln_store_list_chapters               (PlnStore      *self,
                                                   gint64         id);
/* The same on the untrimmed recording's timeline, as stored. */
GPtrArray  *pln_store_list_chapters_raw           (PlnStore      *self,
                                                   gint64         id);
PlnRecording *pln_store_find_recording_by_public_id (PlnStore    *self,
                                                   const char    *public_id,
                                                   GError       **error);
/* A snapshot of the ready recordings at least as visible as @at_least,
 * newest first. */
GListModel *pln_store_list_recordings             (PlnStore      *self,
                                                   PlnVisibility  at_least);

/* ---- For the recording service and the archive ---------------------- */

/* Like pln_store_add_recording, for source @source_id of @event_id (an
 * event_sources row; 0: none). */
gint64      pln_store_add_event_recording         (PlnStore      *self,
                                                   gint64         event_id,
                                                   gint64         source_id,
                                                   const char    *title,
                                                   const char    *folder,
                                                   const char    *source_uri,
                                                   gint64         started_at,
                                                   GError       **error);
/* Adds a recording with every identifying field given (the demo, imports):
 * its public id, times and visibility; state 'stopped'. Returns its id. */
gint64      pln_store_import_recording            (PlnStore      *self,
                                                   gint64         event_id,
                                                   const char    *public_id,
                                                   const char    *title,
                                                   const char    *description,
                                                   const char    *folder,
                                                   const char    *source_uri,
                                                   gint64         started_at,
                                                   gint64         ended_at,
                                                   PlnVisibility  visibility,
                                                   GError       **error);
/* The recording of @source_id of @event_id, or 0. */
gint64      pln_store_find_source_recording       (PlnStore      *self,
                                                   gint64         event_id,
                                                   gint64         source_id);
PlnRecording *pln_store_get_recording             (PlnStore      *self,
                                                   gint64         id,
                                                   GError       **error);
/* Every recording whatever its state, newest first (the technician's view). */
GListModel *pln_store_list_all_recordings         (PlnStore      *self);
gboolean    pln_store_set_recording_state         (PlnStore      *self,
                                                   gint64         id,
                                                   const char    *state,
                                                   GError       **error);
/* The lead-in and tail recorded around the event, in ms of the recording,
 * to be cut off when it is played or packaged (−1: leave as it is):
 * @start_ms off its start, @end_ms off its end. Only the store changes:
 * pln_archive_repackage() (or plenary library trim) makes the files
 * follow. */
gboolean    pln_store_set_recording_trim          (PlnStore      *self,
                                                   gint64         id,
                                                   gint64         start_ms,
                                                   gint64         end_ms,
                                                   GError       **error);
/* Reads them back (0 and 0 when the recording does not exist: FALSE). */
gboolean    pln_store_get_recording_trim          (PlnStore      *self,
                                                   gint64         id,
                                                   gint64        *start_ms,
                                                   gint64        *end_ms);
/* The length players show: the archive sets it to the packaged (trimmed)
 * length when a packaging job succeeds; the untrimmed length is the sum
 * of the segments' durations. */
gboolean    pln_store_set_recording_duration      (PlnStore      *self,
                                                   gint64         id,
                                                   gint64         duration_ms,
                                                   GError       **error);
/* When the retention policy removed the raw segments (Unix s), or 0. */
gint64      pln_store_get_recording_raw_removed_at (PlnStore     *self,
                                                   gint64         id);
/* Writes a segment row (replacing the one at @position). */
gboolean    pln_store_set_recording_segment       (PlnStore      *self,
                                                   gint64         id,
                                                   int            position,
                                                   const char    *path,
                                                   gint64         offset_ms,
                                                   gint64         duration_ms,
                                                   gint64         bytes,
                                                   gint64         gap_before_ms,
                                                   GError       **error);
/* Total of the gaps recorded between segments, in ms. */
gint64      pln_store_get_recording_gap_ms        (PlnStore      *self,
                                                   gint64         id);
/* Forgets the outputs of a recording (before packaging it again). */
gboolean    pln_store_clear_recording_outputs     (PlnStore      *self,
                                                   gint64         id,
                                                   GError       **error);
/* Returns (element-type utf8): kind '\t' path '\t' bytes of each output. */
GPtrArray  *pln_store_list_recording_outputs      (PlnStore      *self,
                                                   gint64         id);
/* Returns (element-type utf8): "path\tbytes" of each raw segment that
 * should be on disk (none once the retention policy removed them). */
GPtrArray  *pln_store_list_recording_segments     (PlnStore      *self,
                                                   gint64         id);
gboolean    pln_store_set_raw_removed             (PlnStore      *self,
                                                   gint64         id,
                                                   gint64         at,
                                                   GError       **error);
/* Ready recordings whose raw segments are still there, that ended before
 * @before and that no packaging job waits for or runs on (a trim being
 * applied needs them): for the retention policy. Returns (element-type
 * gint64). */
GArray     *pln_store_list_raw_to_remove          (PlnStore      *self,
                                                   gint64         before);

G_END_DECLS
