/* pln-recording-card.h: one recording in the Library's grid: its poster
 * (loaded in a worker thread), title, event and date, duration and state. */
#pragma once

#include <gtk/gtk.h>

#include "pln-recording.h"
#include "pln-store-library.h"

G_BEGIN_DECLS

#define PLN_TYPE_RECORDING_CARD (pln_recording_card_get_type ())
G_DECLARE_FINAL_TYPE (PlnRecordingCard, pln_recording_card, PLN, RECORDING_CARD, GtkWidget)

PlnRecordingCard *pln_recording_card_new       (void);
/* Shows @recording. @extra (may be NULL) names its poster; @cache (path →
 * GdkTexture, shared by the cards of one grid) keeps posters already read,
 * so scrolling back shows them at once. */
void              pln_recording_card_bind      (PlnRecordingCard      *self,
                                                PlnRecording          *recording,
                                                const PlnLibraryExtra *extra,
                                                GHashTable            *cache);
/* Forgets the recording and stops reading its poster. */
void              pln_recording_card_unbind    (PlnRecordingCard      *self);
PlnRecording     *pln_recording_card_get_recording (PlnRecordingCard  *self);

/* "1:02:03" or "2:03"; shared with the detail view. */
char             *pln_format_clock          (gint64                 ms);
/* The label of a recording's state and visibility ("Packaging…", "Public"). */
const char       *pln_recording_state_label    (PlnRecording          *recording);

G_END_DECLS
