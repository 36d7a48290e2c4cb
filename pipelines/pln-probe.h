/* pln-probe.h: is a feed reachable, and what does it carry? */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PLN_PROBE_DEFAULT_TIMEOUT_MS 10000

#define PLN_TYPE_PROBE (pln_probe_get_type ())
G_DECLARE_FINAL_TYPE (PlnProbe, pln_probe, PLN, PROBE, GObject)

PlnProbe   *pln_probe_new                   (const char           *uri);
const char *pln_probe_get_uri               (PlnProbe             *self);
const char *pln_probe_get_display_uri       (PlnProbe             *self);
guint       pln_probe_get_timeout           (PlnProbe             *self);
void        pln_probe_set_timeout           (PlnProbe             *self,
                                             guint                 timeout_ms);

gboolean    pln_probe_run                   (PlnProbe             *self,
                                             GCancellable         *cancellable,
                                             GError              **error);
void        pln_probe_run_async             (PlnProbe             *self,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean    pln_probe_run_finish            (PlnProbe             *self,
                                             GAsyncResult         *result,
                                             GError              **error);

/* Results, valid after a successful run. */
const char *pln_probe_get_video_codec       (PlnProbe             *self);
int         pln_probe_get_width             (PlnProbe             *self);
int         pln_probe_get_height            (PlnProbe             *self);
double      pln_probe_get_framerate         (PlnProbe             *self);
const char *pln_probe_get_audio_codec       (PlnProbe             *self);
int         pln_probe_get_audio_rate        (PlnProbe             *self);
int         pln_probe_get_audio_channels    (PlnProbe             *self);
guint64     pln_probe_get_bitrate           (PlnProbe             *self);
gint64      pln_probe_get_first_frame_us    (PlnProbe             *self);

G_END_DECLS
