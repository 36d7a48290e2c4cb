/* pln-store-library.h: what the Library page asks of the store (part of the
 * PlnStore API): recordings filtered and searched in a worker thread with
 * what a grid card shows (poster, event kind), and the few edits a person
 * makes to a recording (title, description). */
#pragma once

#include "pln-recording.h"
#include "pln-store.h"

G_BEGIN_DECLS

/* Which recordings to list. Zero / NULL fields do not filter. */
typedef struct
{
  char   *query;      /* words to search (FTS, blind to case and diacritics) */
  gint64  event_id;
  char   *kind;       /* the event's kind: "conference", "training", "workshop" */
  gint64  site_id;    /* recordings of events this site hosted or joined */
  gint64  from;       /* started at or after (Unix seconds) */
  gint64  until;      /* started before (Unix seconds) */
} PlnLibraryFilter;

void              pln_library_filter_clear (PlnLibraryFilter *filter);

/* What a card shows beside the PlnRecording. */
typedef struct
{
  char   *poster;        /* absolute path of the poster JPEG, or NULL */
  char   *event_kind;    /* "" when the recording has no event */
  gint64  trim_start_ms;
  gint64  trim_end_ms;
} PlnLibraryExtra;

typedef struct
{
  GListModel *recordings;  /* PlnRecording, newest first (best first when searching) */
  GHashTable *extras;      /* gint64 * id → PlnLibraryExtra * */
  guint       total;       /* recordings in the store, whatever the filter */
} PlnLibraryListing;

void              pln_library_listing_free (PlnLibraryListing *listing);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlnLibraryListing, pln_library_listing_free)

/* Reads the recordings @filter selects, every state (recording, packaging,
 * ready, failed), on a read-only connection in a worker thread. */
void               pln_store_list_library_async   (PlnStore                *self,
                                                   const PlnLibraryFilter  *filter,
                                                   GCancellable            *cancellable,
                                                   GAsyncReadyCallback      callback,
                                                   gpointer                 user_data);
PlnLibraryListing *pln_store_list_library_finish  (PlnStore                *self,
                                                   GAsyncResult            *result,
                                                   GError                 **error);
/* The same, here and now (the benchmark and the tests). */
PlnLibraryListing *pln_store_list_library         (PlnStore                *self,
                                                   const PlnLibraryFilter  *filter,
                                                   GError                 **error);

/* Sets a recording's title and description and refreshes its search row.
 * An empty title is refused. */
gboolean    pln_store_set_recording_text   (PlnStore    *self,
                                            gint64       id,
                                            const char  *title,
                                            const char  *description,
                                            GError     **error);
/* The event of a recording's kind ("conference", …) or "" . */
char       *pln_store_dup_recording_kind   (PlnStore    *self,
                                            gint64       id);

G_END_DECLS
