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

/* The library folder: the 'library-path' setting, or a folder in the
 * user's data directory. Recording folders and outputs are relative to it. */
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
/* Returns (element-type PlnChapterEntry): the chapters in order. */
GPtrArray  *pln_store_list_chapters               (PlnStore      *self,
                                                   gint64         id);
PlnRecording *pln_store_find_recording_by_public_id (PlnStore    *self,
                                                   const char    *public_id,
                                                   GError       **error);
/* A snapshot of the ready recordings at least as visible as @at_least,
 * newest first. */
GListModel *pln_store_list_recordings             (PlnStore      *self,
                                                   PlnVisibility  at_least);

G_END_DECLS
