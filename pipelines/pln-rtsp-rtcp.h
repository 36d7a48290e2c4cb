/* pln-rtsp-rtcp.h: RTCP for PlnRtspReceiver: reading what the sender
 * reports and writing receiver reports (private to the receiver). */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

/* what one stream's receiver report is made of */
typedef struct
{
  gboolean have_sender;
  guint32  sender_ssrc;
  gboolean started;
  guint64  base_seq;          /* extended sequence number of the first packet */
  guint64  max_seq;           /* the highest so far */
  guint32  received;          /* packets */
  guint64  expected_prior;    /* at the last report */
  guint32  received_prior;
  guint32  lsr;               /* middle 32 bits of the last sender report's NTP time */
  gint64   sr_arrived;        /* monotonic µs, 0 before the first */
} PlnRtcpStats;

void       _pln_rtcp_stats_note_rtp (PlnRtcpStats *stats,
                                     guint32       ssrc,
                                     guint64       ext_seq);
gboolean   _pln_rtcp_read           (PlnRtcpStats *stats,
                                     const guint8 *data,
                                     gsize         size,
                                     gint64        now);
GstBuffer *_pln_rtcp_receiver_report (PlnRtcpStats *stats,
                                      guint32       own_ssrc,
                                      const char   *cname,
                                      gint64        now);

G_END_DECLS
