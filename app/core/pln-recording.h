/* pln-recording.h: one continuous capture of one source for one event, as
 * the store knows it: its public id, title, folder and who may replay it. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  PLN_VISIBILITY_DRAFT,    /* only in the app */
  PLN_VISIBILITY_STAFF,    /* on the portal, for signed-in staff */
  PLN_VISIBILITY_PUBLIC,   /* on the portal, for anyone on the network */
} PlnVisibility;

const char *pln_visibility_to_string   (PlnVisibility  visibility);
gboolean    pln_visibility_from_string (const char    *text,
                                        PlnVisibility *visibility);

#define PLN_TYPE_RECORDING (pln_recording_get_type ())
G_DECLARE_FINAL_TYPE (PlnRecording, pln_recording, PLN, RECORDING, GObject)

gint64         pln_recording_get_id          (PlnRecording *self);
const char    *pln_recording_get_public_id   (PlnRecording *self);
gint64         pln_recording_get_event_id    (PlnRecording *self);
const char    *pln_recording_get_event_title (PlnRecording *self);
const char    *pln_recording_get_title       (PlnRecording *self);
const char    *pln_recording_get_description (PlnRecording *self);
const char    *pln_recording_get_folder      (PlnRecording *self);
const char    *pln_recording_get_state       (PlnRecording *self);
PlnVisibility  pln_recording_get_visibility  (PlnRecording *self);
gint64         pln_recording_get_started_at  (PlnRecording *self);
gint64         pln_recording_get_duration_ms (PlnRecording *self);

G_END_DECLS
