/* test-recorder-helpers.h: what the recorder's test programs share. */
#pragma once

#include <gio/gio.h>

#include "pln-recorder.h"

G_BEGIN_DECLS

guint16 rec_free_port       (void);
void    rec_die_with_parent (gpointer    data);
void    rec_assert_decodes  (const char *path);

gboolean rec_run_until_state (PlnRecorder      *recorder,
                              PlnRecorderState  state,
                              double            timeout_s);
void     rec_run_until_media (PlnRecorder      *recorder,
                              double            media_s);

GSubprocess *rec_start_rtsp_server (guint16             port,
                                    const char *const  *options);

G_END_DECLS
