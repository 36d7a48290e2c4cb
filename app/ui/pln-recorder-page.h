/* pln-recorder-page.h: the Recorder page: what to record for an event,
 * a live preview and meters per feed, start/stop, chapters, and the
 * figures and warnings a technician watches from across the room. */
#pragma once

#include <adwaita.h>

#include "pln-context.h"

G_BEGIN_DECLS

#define PLN_TYPE_RECORDER_PAGE (pln_recorder_page_get_type ())
G_DECLARE_FINAL_TYPE (PlnRecorderPage, pln_recorder_page, PLN, RECORDER_PAGE, AdwBin)

PlnRecorderPage *pln_recorder_page_new          (PlnContext      *context);
gint64           pln_recorder_page_get_event_id (PlnRecorderPage *self);
/* Shows @event_id (a row of the events list); FALSE when there is none. */
gboolean         pln_recorder_page_set_event_id (PlnRecorderPage *self,
                                                 gint64           event_id);

G_END_DECLS
