/* pln-rtsp-receiver.h: Plenary's own RTSP client for recording. */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

#define PLN_TYPE_RTSP_RECEIVER (pln_rtsp_receiver_get_type ())
G_DECLARE_FINAL_TYPE (PlnRtspReceiver, pln_rtsp_receiver, PLN, RTSP_RECEIVER, GstElement)

GstElement *pln_rtsp_receiver_new          (const char *uri);
gboolean    pln_rtsp_receiver_handles_uri  (const char *uri);

G_END_DECLS
