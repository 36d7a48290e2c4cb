/* pln-recording-detail.h: one recording of the Library: playback in the
 * window with chapter jumps, the watching person's progress (saved as
 * merged intervals, resumed where they stopped), title and description,
 * publishing, and trimming. */
#pragma once

#include <adwaita.h>

#include "pln-context.h"

G_BEGIN_DECLS

#define PLN_TYPE_RECORDING_DETAIL (pln_recording_detail_get_type ())
G_DECLARE_FINAL_TYPE (PlnRecordingDetail, pln_recording_detail, PLN, RECORDING_DETAIL, AdwBin)

PlnRecordingDetail *pln_recording_detail_new            (PlnContext         *context);
/* Shows recording @id (0: none, and stops playback, saving progress). */
gboolean            pln_recording_detail_show_recording (PlnRecordingDetail *self,
                                                         gint64              id,
                                                         GError            **error);
gint64              pln_recording_detail_get_recording_id (PlnRecordingDetail *self);
/* The person whose watching is saved (0: nobody, nothing saved). */
void                pln_recording_detail_set_viewer     (PlnRecordingDetail *self,
                                                         gint64              person_id,
                                                         const char         *name);
/* The stream playing, or NULL (tests look at its timestamp). */
GtkMediaStream     *pln_recording_detail_get_stream     (PlnRecordingDetail *self);
/* Saves the interval being watched now (also done every few seconds, on
 * pause, seek and when leaving). */
void                pln_recording_detail_save_progress  (PlnRecordingDetail *self);
/* Plays from chapter @index (0-based). */
gboolean            pln_recording_detail_jump_to_chapter (PlnRecordingDetail *self,
                                                          guint               index);

G_END_DECLS
