/* pln-recording-private.h: the store fills recordings from its rows. */
#pragma once

#include "pln-recording.h"

G_BEGIN_DECLS

typedef struct
{
  gint64         id;
  const char    *public_id;
  gint64         event_id;
  const char    *event_title;
  const char    *title;
  const char    *description;
  const char    *folder;
  const char    *state;
  PlnVisibility  visibility;
  gint64         started_at;
  gint64         duration_ms;
} PlnRecordingFields;

PlnRecording *_pln_recording_new (const PlnRecordingFields *fields);

G_END_DECLS
