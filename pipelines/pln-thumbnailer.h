/* pln-thumbnailer.h: JPEG stills from a video file at chosen times. */
#pragma once

#include <gst/gst.h>
#include <gio/gio.h>

G_BEGIN_DECLS

#define PLN_THUMBNAILER_DEFAULT_WIDTH 320

#define PLN_TYPE_THUMBNAILER (pln_thumbnailer_get_type ())
G_DECLARE_FINAL_TYPE (PlnThumbnailer, pln_thumbnailer, PLN, THUMBNAILER, GObject)

PlnThumbnailer *pln_thumbnailer_new         (const char           *uri_or_path);
const char     *pln_thumbnailer_get_uri     (PlnThumbnailer       *self);
int             pln_thumbnailer_get_width   (PlnThumbnailer       *self);
void            pln_thumbnailer_set_width   (PlnThumbnailer       *self,
                                             int                   width);

gboolean        pln_thumbnailer_save        (PlnThumbnailer       *self,
                                             GstClockTime          at,
                                             const char           *out_path,
                                             GCancellable         *cancellable,
                                             GError              **error);
void            pln_thumbnailer_save_async  (PlnThumbnailer       *self,
                                             GstClockTime          at,
                                             const char           *out_path,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean        pln_thumbnailer_save_finish (PlnThumbnailer       *self,
                                             GAsyncResult         *result,
                                             GError              **error);

G_END_DECLS
