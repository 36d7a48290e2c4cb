/* pln-rtsp-rtcp.c: RTCP for PlnRtspReceiver (RFC 3550, 6.4): what a
 * stream's sender reports (a BYE ends the session; a sender report's time
 * goes into the next receiver report), and the receiver reports
 * themselves, so that a server that drops a client from which no RTCP
 * comes keeps this one, and sees what it lost.
 */
#define G_LOG_DOMAIN "plenary-rtsp"

#include "config.h"

#include <string.h>

#include <gst/rtp/rtp.h>

#include "pln-rtsp-rtcp.h"

/* An RTP packet with extended sequence number @ext_seq came from @ssrc. */
void
_pln_rtcp_stats_note_rtp (PlnRtcpStats *stats,
                          guint32       ssrc,
                          guint64       ext_seq)
{
  if (!stats->have_sender || stats->sender_ssrc != ssrc)
    {
      /* a new sender: its counts start again */
      memset (stats, 0, sizeof *stats);
      stats->have_sender = TRUE;
      stats->sender_ssrc = ssrc;
    }
  if (!stats->started)
    {
      stats->started = TRUE;
      stats->base_seq = stats->max_seq = ext_seq;
    }
  if (ext_seq > stats->max_seq)
    stats->max_seq = ext_seq;
  stats->received++;
}

/* Reads one compound RTCP packet; returns whether it holds a BYE. */
gboolean
_pln_rtcp_read (PlnRtcpStats *stats,
                const guint8 *data,
                gsize         size,
                gint64        now)
{
  g_autoptr(GstBuffer) buffer = NULL;
  GstRTCPBuffer rtcp = GST_RTCP_BUFFER_INIT;
  GstRTCPPacket packet;
  gboolean bye = FALSE;

  if (!gst_rtcp_buffer_validate_data_reduced ((guint8 *) data, (guint) size))
    return FALSE;
  buffer = gst_buffer_new_wrapped_full (GST_MEMORY_FLAG_READONLY, (gpointer) data, size, 0, size, NULL, NULL);
  if (!gst_rtcp_buffer_map (buffer, GST_MAP_READ, &rtcp))
    return FALSE;
  if (gst_rtcp_buffer_get_first_packet (&rtcp, &packet))
    do
      {
        GstRTCPType type = gst_rtcp_packet_get_type (&packet);

        if (type == GST_RTCP_TYPE_BYE)
          bye = TRUE;
        else if (type == GST_RTCP_TYPE_SR)
          {
            guint32 ssrc, rtptime, packets, octets;
            guint64 ntptime;

            gst_rtcp_packet_sr_get_sender_info (&packet, &ssrc, &ntptime, &rtptime, &packets, &octets);
            stats->lsr = (guint32) (ntptime >> 16);
            stats->sr_arrived = now;
          }
      }
    while (gst_rtcp_packet_move_to_next (&packet));
  gst_rtcp_buffer_unmap (&rtcp);
  return bye;
}

/* A compound RTCP packet: a receiver report from @own_ssrc (with a report
 * block on the stream's sender once packets came) and the SDES CNAME it
 * must carry. */
GstBuffer *
_pln_rtcp_receiver_report (PlnRtcpStats *stats,
                           guint32       own_ssrc,
                           const char   *cname,
                           gint64        now)
{
  GstBuffer *buffer = gst_rtcp_buffer_new (1400);
  GstRTCPBuffer rtcp = GST_RTCP_BUFFER_INIT;
  GstRTCPPacket packet;

  gst_rtcp_buffer_map (buffer, GST_MAP_READWRITE, &rtcp);
  gst_rtcp_buffer_add_packet (&rtcp, GST_RTCP_TYPE_RR, &packet);
  gst_rtcp_packet_rr_set_ssrc (&packet, own_ssrc);
  if (stats->started)
    {
      guint64 expected = stats->max_seq - stats->base_seq + 1;
      gint64 lost = (gint64) expected - stats->received;
      guint64 expected_interval = expected - stats->expected_prior;
      gint64 lost_interval = (gint64) expected_interval - (stats->received - stats->received_prior);
      guint8 fraction = 0;
      guint32 dlsr = 0;

      if (expected_interval > 0 && lost_interval > 0)
        fraction = (guint8) MIN (255, (lost_interval << 8) / (gint64) expected_interval);
      lost = CLAMP (lost, -0x800000, 0x7fffff);
      if (stats->sr_arrived > 0)
        dlsr = (guint32) ((now - stats->sr_arrived) * 65536 / G_USEC_PER_SEC);
      gst_rtcp_packet_add_rb (&packet, stats->sender_ssrc, fraction, (gint32) lost,
                              (guint32) stats->max_seq, 0, stats->lsr, dlsr);
      stats->expected_prior = expected;
      stats->received_prior = stats->received;
    }
  gst_rtcp_buffer_add_packet (&rtcp, GST_RTCP_TYPE_SDES, &packet);
  gst_rtcp_packet_sdes_add_item (&packet, own_ssrc);
  gst_rtcp_packet_sdes_add_entry (&packet, GST_RTCP_SDES_CNAME, (guint8) strlen (cname), (const guint8 *) cname);
  gst_rtcp_buffer_unmap (&rtcp);
  return buffer;
}
