/* pln-rtsp-receiver.c: Plenary's own RTSP client for recording.
 *
 * GStreamer 1.22's rtspsrc hands every RTP packet from thread to thread
 * (a udpsrc thread per socket, rtpbin, a jitter buffer thread per
 * stream): about a thousand context switches a second per recording,
 * which made a passthrough recording cost 1.3-1.8x `ffmpeg -c copy`.
 * This element reads a source the way ffmpeg does: ONE task per source
 * does the signalling (gst-rtsp: OPTIONS, DESCRIBE, SETUP, PLAY,
 * keep-alive, TEARDOWN) and then polls every RTP and RTCP socket of the
 * session, wakes up at most every 40 ms (PLENARY_RTSP_BATCH_MS) so packets come in
 * batches (recvmmsg through g_socket_receive_messages), orders each
 * stream's packets by sequence number in a small window, timestamps them
 * and pushes one GstBufferList per stream and wake-up on a "stream_%u"
 * pad carrying the stream's application/x-rtp caps.
 *
 * Transport: RTP over UDP; when the server refuses UDP (or the URI is
 * rtspt://) RTP interleaved in the RTSP connection, read from the same
 * task with large reads instead of GstRTSPConnection's small ones.
 *
 * Timing: the PLAY answer's RTP-Info gives, for every stream, the RTP
 * time of the same instant (the start of play): every stream maps that
 * instant to the same running time, the arrival time of the first packet
 * of the session minus its distance from it, so audio and video start in
 * sync; after that the sender's own RTP clock is kept as it is (what
 * rtspsrc does with buffer-mode=none). A stream without RTP-Info starts
 * at its first packet's arrival. RTCP sender reports are not used to
 * re-align later; an RTCP BYE ends the session. Every 5 s each stream
 * sends the server a receiver report (pln-rtsp-rtcp.c).
 */
#define G_LOG_DOMAIN "plenary-rtsp"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <gst/rtp/rtp.h>
#include <gst/rtsp/rtsp.h>
#include <gst/sdp/sdp.h>

#include "pln-rtsp-receiver.h"
#include "pln-rtsp-rtcp.h"
#include "pln-source.h"

#define BATCH_MESSAGES      64           /* datagrams per recvmmsg */
#define SLOT_SIZE           4096         /* bytes per datagram slot; larger ones are dropped */
#define DEFAULT_BATCH_MS    40           /* shortest time between two wake-ups (measured: 15 ms cost 25 % more CPU than 50) */
#define REORDER_WINDOW      512          /* packets held back at most while one is missing */
#define REORDER_HOLD_US     (120 * 1000) /* and for how long */
#define REQUEST_TIMEOUT_US  (5 * G_USEC_PER_SEC)
#define DESCRIBE_TIMEOUT_US (20 * G_USEC_PER_SEC) /* a server may start its pipeline before it answers (rtspsrc's tcp-timeout) */
#define TEARDOWN_TIMEOUT_US (200 * 1000)
#define LATENCY             (200 * GST_MSECOND)
#define INTERLEAVE_HOLD     GST_SECOND   /* video waits at most this for the audio */
#define MAX_AHEAD           (10 * GST_SECOND) /* an RTP time further ahead of arrival is a jump */
#define UDP_BUFFER_SIZE     (1 << 20)
#define CONTROL_LIMIT       (256 * 1024)
#define RTCP_INTERVAL_US    (5 * G_USEC_PER_SEC) /* between two receiver reports (RFC 3550's minimum) */

/* gst-rtsp 1.22 declares no autoptr for its messages */
typedef GstRTSPMessage RtspMessage;
static void
rtsp_message_free (RtspMessage *message)
{
  gst_rtsp_message_free (message);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RtspMessage, rtsp_message_free)

typedef struct
{
  guint64    seq;         /* extended sequence number */
  guint32    rtptime;
  gboolean   key;         /* starts a key frame (or its parameter sets) */
  gint64     arrived;     /* monotonic time of the wake-up that brought it */
  GstBuffer *buffer;
} Pending;

typedef enum
{
  CODEC_OTHER,
  CODEC_H264,
  CODEC_H265,
} Codec;

typedef struct
{
  guint          index;
  GstCaps       *caps;
  char          *control;
  int            clock_rate;
  guint8         pt;
  GstPad        *pad;

  GSocket       *rtp_socket;
  GSocket       *rtcp_socket;
  GSocketAddress *rtcp_peer;        /* UDP: where the server takes RTCP */
  PlnRtcpStats   rtcp;
  guint8         channel;           /* interleaved: RTP channel, RTCP is channel + 1 */

  gboolean       have_rtp_info;
  guint32        info_rtptime;

  /* order */
  gboolean       seq_started;
  gboolean       pushed_any;
  guint64        max_seq;
  guint64        next_seq;
  GArray        *pending;           /* Pending, sorted by seq */
  gboolean       discont;

  /* time */
  guint64        ext_ts;            /* gst_rtp_buffer_ext_timestamp() state */
  gboolean       time_started;
  gint64         zero_ext;          /* extended RTP time at zero_rt */
  GstClockTime   zero_rt;
  GstClockTime   lag;               /* how late the first packet was released after its time */
  guint64        last_ext;          /* extended RTP time of the last packet released */
  GstClockTime   max_pts;           /* of the packets released so far */

  gboolean       not_linked;
  gboolean       is_video;
  Codec          codec;
  gboolean       pushed_first;
  GQueue         ready;             /* GstBuffer: in order, timestamped */
  GstClockTime   pushed_pts;        /* of the last buffer pushed */
} Stream;

struct _PlnRtspReceiver
{
  GstElement         parent_instance;

  char              *uri;
  char              *display_uri;

  GstTask           *task;
  GRecMutex          task_lock;

  GMutex             lock;          /* stopping, conn */
  GCond              cond;          /* stopping changed */
  gboolean           stopping;
  gboolean           ran;           /* the task ran its session */
  GCancellable      *cancellable;
  GstRTSPConnection *conn;
  GSocketConnection *tcp;
  GstRTSPUrl        *url;
  char              *request_uri;
  char              *base_uri;
  guint              cseq;
  gboolean           get_parameter;
  guint              session_timeout;
  gboolean           playing;
  gboolean           interleaved;
  gboolean           finished;

  GPtrArray         *streams;       /* Stream */
  GstClockTime       common_zero_rt;
  gint64             wake_time;
  guint              batch_ms;
  guint8            *scratch;
  GByteArray        *control_in;
  gint64             next_keepalive;
  gint64             next_rtcp;
  guint32            ssrc;          /* ours, in receiver reports */
  guint              group_id;
  gboolean           interleave;
};

G_DEFINE_FINAL_TYPE (PlnRtspReceiver, pln_rtsp_receiver, GST_TYPE_ELEMENT)

enum
{
  PROP_0,
  PROP_LOCATION,
  PROP_INTERLEAVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("stream_%u", GST_PAD_SRC, GST_PAD_SOMETIMES,
                                                                    GST_STATIC_CAPS ("application/x-rtp"));

/* ------------------------------------------------------------------ */
/* helpers                                                             */

static void
stream_free (gpointer data)
{
  Stream *s = data;

  for (guint i = 0; i < s->pending->len; i++)
    gst_buffer_unref (g_array_index (s->pending, Pending, i).buffer);
  g_array_unref (s->pending);
  g_queue_clear_full (&s->ready, (GDestroyNotify) gst_buffer_unref);
  if (s->rtp_socket != NULL)
    g_socket_close (s->rtp_socket, NULL);
  if (s->rtcp_socket != NULL)
    g_socket_close (s->rtcp_socket, NULL);
  g_clear_object (&s->rtp_socket);
  g_clear_object (&s->rtcp_socket);
  g_clear_object (&s->rtcp_peer);
  gst_clear_caps (&s->caps);
  gst_clear_object (&s->pad);
  g_free (s->control);
  g_free (s);
}

static gboolean
is_stopping (PlnRtspReceiver *self)
{
  gboolean stopping;

  g_mutex_lock (&self->lock);
  stopping = self->stopping;
  g_mutex_unlock (&self->lock);
  return stopping;
}

static GstClockTime
running_time (PlnRtspReceiver *self)
{
  GstClock *clock;
  GstClockTime base, now;

  GST_OBJECT_LOCK (self);
  clock = GST_ELEMENT_CLOCK (self) != NULL ? gst_object_ref (GST_ELEMENT_CLOCK (self)) : NULL;
  base = GST_ELEMENT_CAST (self)->base_time;
  GST_OBJECT_UNLOCK (self);
  if (clock == NULL)
    return 0;
  now = gst_clock_get_time (clock);
  gst_object_unref (clock);
  return now > base ? now - base : 0;
}

static void
post_error (PlnRtspReceiver *self,
            const GError    *error)
{
  gst_element_message_full (GST_ELEMENT (self), GST_MESSAGE_ERROR, error->domain, error->code,
                            g_strdup (error->message), g_strdup (error->message),
                            __FILE__, G_STRFUNC, __LINE__);
}

static void
set_rtsp_error (PlnRtspReceiver  *self,
                GError          **error,
                GstRTSPResult     res,
                const char       *what)
{
  if (res == GST_RTSP_ETIMEOUT)
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ,
                 _("%s did not answer %s: no answer (timed out)"), self->display_uri, what);
  else if (res == GST_RTSP_EEOF)
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ,
                 _("%s closed the connection during %s"), self->display_uri, what);
  else
    {
      g_autofree char *reason = gst_rtsp_strresult (res);

      g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ,
                   _("%s: %s failed: %s"), self->display_uri, what, reason);
    }
}

/* the URL of a stream's (or the session's) control attribute */
static char *
resolve_control (const char *base,
                 const char *control)
{
  if (control == NULL || *control == '\0' || g_str_equal (control, "*"))
    return g_strdup (base);
  if (strstr (control, "://") != NULL)
    return g_strdup (control);
  if (g_str_has_suffix (base, "/"))
    return g_strconcat (base, control, NULL);
  return g_strconcat (base, "/", control, NULL);
}

/* ------------------------------------------------------------------ */
/* requests                                                            */

static gboolean
use_auth (PlnRtspReceiver *self,
          GstRTSPMessage  *response)
{
  GstRTSPAuthCredential **credentials;
  GstRTSPAuthCredential *chosen = NULL;
  gboolean ok = FALSE;

  if (self->url->user == NULL || *self->url->user == '\0')
    return FALSE;
  credentials = gst_rtsp_message_parse_auth_credentials (response, GST_RTSP_HDR_WWW_AUTHENTICATE);
  if (credentials == NULL)
    return FALSE;
  for (GstRTSPAuthCredential **c = credentials; *c != NULL; c++)
    if ((*c)->scheme == GST_RTSP_AUTH_DIGEST ||
        ((*c)->scheme == GST_RTSP_AUTH_BASIC && chosen == NULL))
      chosen = *c;
  if (chosen != NULL)
    {
      gst_rtsp_connection_clear_auth_params (self->conn);
      for (GstRTSPAuthParam **p = chosen->params; p != NULL && *p != NULL; p++)
        gst_rtsp_connection_set_auth_param (self->conn, (*p)->name, (*p)->value);
      ok = gst_rtsp_connection_set_auth (self->conn, chosen->scheme == GST_RTSP_AUTH_DIGEST ?
                                         GST_RTSP_AUTH_DIGEST : GST_RTSP_AUTH_BASIC,
                                         self->url->user, self->url->passwd != NULL ? self->url->passwd : "") == GST_RTSP_OK;
    }
  gst_rtsp_auth_credentials_free (credentials);
  return ok;
}

/* Sends @request and waits for its answer (interleaved data and the
 * server's own requests in between are skipped). Answers 401 once with
 * the URI's credentials. On success @response holds the answer and
 * @code its status. */
static gboolean
transact (PlnRtspReceiver  *self,
          GstRTSPMessage   *request,
          GstRTSPMessage   *response,
          GstRTSPStatusCode *code,
          GError          **error)
{
  GstRTSPMethod method;
  const char *what;

  gst_rtsp_message_parse_request (request, &method, NULL, NULL);
  what = gst_rtsp_method_as_text (method);
  for (guint attempt = 0; attempt < 2; attempt++)
    {
      g_autofree char *cseq = g_strdup_printf ("%u", ++self->cseq);
      GstRTSPResult res;

      gst_rtsp_message_remove_header (request, GST_RTSP_HDR_CSEQ, -1);
      gst_rtsp_message_add_header (request, GST_RTSP_HDR_CSEQ, cseq);
      res = gst_rtsp_connection_send_usec (self->conn, request, REQUEST_TIMEOUT_US);
      if (res != GST_RTSP_OK)
        {
          set_rtsp_error (self, error, res, what);
          return FALSE;
        }
      do
        {
          gst_rtsp_message_unset (response);
          res = gst_rtsp_connection_receive_usec (self->conn, response,
                                                  method == GST_RTSP_DESCRIBE ? DESCRIBE_TIMEOUT_US : REQUEST_TIMEOUT_US);
          if (res != GST_RTSP_OK)
            {
              set_rtsp_error (self, error, res, what);
              return FALSE;
            }
        }
      while (gst_rtsp_message_get_type (response) != GST_RTSP_MESSAGE_RESPONSE);

      gst_rtsp_message_parse_response (response, code, NULL, NULL);
      if (*code == GST_RTSP_STS_UNAUTHORIZED && attempt == 0 && use_auth (self, response))
        continue;
      return TRUE;
    }
  return TRUE;
}

static void
set_status_error (PlnRtspReceiver    *self,
                  GError            **error,
                  const char         *what,
                  GstRTSPStatusCode   code)
{
  GstResourceError kind = GST_RESOURCE_ERROR_OPEN_READ;

  if (code == GST_RTSP_STS_NOT_FOUND)
    kind = GST_RESOURCE_ERROR_NOT_FOUND;
  else if (code == GST_RTSP_STS_UNAUTHORIZED || code == GST_RTSP_STS_FORBIDDEN)
    kind = GST_RESOURCE_ERROR_NOT_AUTHORIZED;
  g_set_error (error, GST_RESOURCE_ERROR, kind, _("%s answered %s with %d %s"),
               self->display_uri, what, (int) code, gst_rtsp_status_as_text (code));
}

static GstRTSPMessage *
new_request (GstRTSPMethod  method,
             const char    *uri)
{
  GstRTSPMessage *request = NULL;

  gst_rtsp_message_new_request (&request, method, uri);
  gst_rtsp_message_add_header (request, GST_RTSP_HDR_USER_AGENT, "Plenary");
  return request;
}

/* ------------------------------------------------------------------ */
/* session set-up                                                      */

static gboolean
connect_server (PlnRtspReceiver  *self,
                GError          **error)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GSocketAddress) remote = NULL;
  g_autofree char *ip = NULL;
  GSocket *socket;
  GstRTSPConnection *conn = NULL;
  guint16 port = 554;

  gst_rtsp_url_get_port (self->url, &port);
  g_socket_client_set_timeout (client, 5);
  self->tcp = g_socket_client_connect_to_host (client, self->url->host, port, self->cancellable, &local_error);
  if (self->tcp == NULL)
    {
      g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_READ,
                   _("Cannot connect to %s: %s"), self->display_uri, local_error->message);
      return FALSE;
    }
  socket = g_socket_connection_get_socket (self->tcp);
  remote = g_socket_get_remote_address (socket, NULL);
  if (G_IS_INET_SOCKET_ADDRESS (remote))
    ip = g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote)));
  if (gst_rtsp_connection_create_from_socket (socket, ip != NULL ? ip : self->url->host, port, NULL, &conn) != GST_RTSP_OK)
    {
      g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_READ,
                   _("Cannot connect to %s"), self->display_uri);
      return FALSE;
    }
  g_mutex_lock (&self->lock);
  self->conn = conn;
  if (self->stopping)
    gst_rtsp_connection_flush (conn, TRUE);
  g_mutex_unlock (&self->lock);
  return TRUE;
}

static gboolean
describe (PlnRtspReceiver  *self,
          GError          **error)
{
  g_autoptr(RtspMessage) request = NULL;
  g_autoptr(RtspMessage) response = NULL;
  GstRTSPStatusCode code;
  GstSDPMessage *sdp = NULL;
  char *header = NULL;
  guint8 *body = NULL;
  guint body_size = 0;
  const char *session_control;
  g_autofree char *content_base = NULL;

  /* OPTIONS: which keep-alive the server takes */
  request = new_request (GST_RTSP_OPTIONS, self->request_uri);
  gst_rtsp_message_new (&response);
  if (!transact (self, request, response, &code, error))
    return FALSE;
  if (code == GST_RTSP_STS_OK &&
      gst_rtsp_message_get_header (response, GST_RTSP_HDR_PUBLIC, &header, 0) == GST_RTSP_OK &&
      header != NULL && strstr (header, "GET_PARAMETER") != NULL)
    self->get_parameter = TRUE;
  g_clear_pointer (&request, gst_rtsp_message_free);

  request = new_request (GST_RTSP_DESCRIBE, self->request_uri);
  gst_rtsp_message_add_header (request, GST_RTSP_HDR_ACCEPT, "application/sdp");
  if (!transact (self, request, response, &code, error))
    return FALSE;
  if (code != GST_RTSP_STS_OK)
    {
      set_status_error (self, error, "DESCRIBE", code);
      return FALSE;
    }
  if (gst_rtsp_message_get_header (response, GST_RTSP_HDR_CONTENT_BASE, &header, 0) == GST_RTSP_OK)
    content_base = g_strdup (header);
  else if (gst_rtsp_message_get_header (response, GST_RTSP_HDR_CONTENT_LOCATION, &header, 0) == GST_RTSP_OK)
    content_base = g_strdup (header);
  else
    content_base = g_strdup (self->request_uri);

  gst_rtsp_message_get_body (response, &body, &body_size);
  gst_sdp_message_new (&sdp);
  if (body == NULL || gst_sdp_message_parse_buffer (body, body_size, sdp) != GST_SDP_OK)
    {
      gst_sdp_message_free (sdp);
      g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_READ,
                   _("%s sent a stream description Plenary cannot read"), self->display_uri);
      return FALSE;
    }

  session_control = gst_sdp_message_get_attribute_val (sdp, "control");
  self->base_uri = resolve_control (content_base, session_control);

  for (guint i = 0; i < gst_sdp_message_medias_len (sdp); i++)
    {
      const GstSDPMedia *media = gst_sdp_message_get_media (sdp, i);
      const char *proto = gst_sdp_media_get_proto (media);
      const char *format;
      GstCaps *caps;
      GstStructure *s;
      Stream *stream;
      int pt, rate = 0;

      /* sound and picture only (not an ONVIF metadata stream, say) */
      if (proto == NULL || !g_str_has_prefix (proto, "RTP/AVP") || gst_sdp_media_formats_len (media) == 0 ||
          (g_strcmp0 (gst_sdp_media_get_media (media), "video") != 0 &&
           g_strcmp0 (gst_sdp_media_get_media (media), "audio") != 0))
        continue;
      format = gst_sdp_media_get_format (media, 0);
      pt = atoi (format);
      caps = gst_sdp_media_get_caps_from_media (media, pt);
      if (caps == NULL)
        continue;
      gst_sdp_message_attributes_to_caps (sdp, caps);
      gst_sdp_media_attributes_to_caps (media, caps);
      s = gst_caps_get_structure (caps, 0);
      gst_structure_set_name (s, "application/x-rtp");
      if (!gst_structure_get_int (s, "clock-rate", &rate) || rate <= 0)
        {
          rate = g_strcmp0 (gst_structure_get_string (s, "media"), "video") == 0 ? 90000 : 8000;
          gst_structure_set (s, "clock-rate", G_TYPE_INT, rate, NULL);
        }

      stream = g_new0 (Stream, 1);
      stream->index = self->streams->len;
      stream->caps = caps;
      stream->clock_rate = rate;
      stream->pt = (guint8) pt;
      stream->control = resolve_control (self->base_uri, gst_sdp_media_get_attribute_val (media, "control"));
      stream->pending = g_array_new (FALSE, FALSE, sizeof (Pending));
      stream->ext_ts = (guint64) -1;
      stream->pushed_pts = GST_CLOCK_TIME_NONE;
      stream->max_pts = GST_CLOCK_TIME_NONE;
      stream->is_video = g_strcmp0 (gst_structure_get_string (s, "media"), "video") == 0;
      if (g_strcmp0 (gst_structure_get_string (s, "encoding-name"), "H264") == 0)
        stream->codec = CODEC_H264;
      else if (g_strcmp0 (gst_structure_get_string (s, "encoding-name"), "H265") == 0)
        stream->codec = CODEC_H265;
      g_queue_init (&stream->ready);
      g_ptr_array_add (self->streams, stream);
    }
  gst_sdp_message_free (sdp);

  if (self->streams->len == 0)
    {
      g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_CODEC_NOT_FOUND,
                   _("%s offers no stream Plenary can read"), self->display_uri);
      return FALSE;
    }
  return TRUE;
}

/* an even RTP port and the odd one above it for RTCP */
static gboolean
make_udp_pair (PlnRtspReceiver  *self,
               Stream           *stream,
               guint16          *rtp_port,
               GError          **error)
{
  GSocketFamily family = G_SOCKET_FAMILY_IPV4;
  GSocket *tcp_socket = g_socket_connection_get_socket (self->tcp);

  if (g_socket_get_family (tcp_socket) == G_SOCKET_FAMILY_IPV6)
    family = G_SOCKET_FAMILY_IPV6;

  for (guint attempt = 0; attempt < 64; attempt++)
    {
      g_autoptr(GSocket) rtp = NULL;
      g_autoptr(GSocket) rtcp = NULL;
      g_autoptr(GInetAddress) any = g_inet_address_new_any (family);
      g_autoptr(GSocketAddress) address = g_inet_socket_address_new (any, 0);
      g_autoptr(GSocketAddress) local = NULL;
      g_autoptr(GSocketAddress) next = NULL;
      guint16 port;

      rtp = g_socket_new (family, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, error);
      if (rtp == NULL || !g_socket_bind (rtp, address, FALSE, error))
        return FALSE;
      local = g_socket_get_local_address (rtp, error);
      if (local == NULL)
        return FALSE;
      port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
      if (port % 2 != 0 || port == 65535)
        {
          g_socket_close (rtp, NULL);
          continue;
        }
      rtcp = g_socket_new (family, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, error);
      if (rtcp == NULL)
        return FALSE;
      next = g_inet_socket_address_new (any, port + 1);
      if (!g_socket_bind (rtcp, next, FALSE, NULL))
        {
          g_socket_close (rtp, NULL);
          g_socket_close (rtcp, NULL);
          continue;
        }
      g_socket_set_blocking (rtp, FALSE);
      g_socket_set_blocking (rtcp, FALSE);
      g_socket_set_option (rtp, SOL_SOCKET, SO_RCVBUF, UDP_BUFFER_SIZE, NULL);
      stream->rtp_socket = g_steal_pointer (&rtp);
      stream->rtcp_socket = g_steal_pointer (&rtcp);
      *rtp_port = port;
      return TRUE;
    }
  g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_READ,
               _("Cannot open local UDP ports for %s"), self->display_uri);
  return FALSE;
}

static void
read_session_header (PlnRtspReceiver *self,
                     GstRTSPMessage  *response)
{
  char *session = NULL;
  const char *timeout;

  if (gst_rtsp_message_get_header (response, GST_RTSP_HDR_SESSION, &session, 0) != GST_RTSP_OK ||
      session == NULL)
    return;
  timeout = strstr (session, "timeout=");
  if (timeout != NULL)
    {
      guint64 seconds = g_ascii_strtoull (timeout + strlen ("timeout="), NULL, 10);

      if (seconds > 0 && seconds < 3600)
        self->session_timeout = (guint) seconds;
    }
}

static gboolean
setup_stream (PlnRtspReceiver  *self,
              Stream           *stream,
              gboolean          interleaved,
              GstRTSPStatusCode *code,
              GError          **error)
{
  g_autoptr(RtspMessage) request = new_request (GST_RTSP_SETUP, stream->control);
  g_autoptr(RtspMessage) response = NULL;
  g_autofree char *transport = NULL;
  guint16 port = 0;

  if (interleaved)
    {
      stream->channel = (guint8) (stream->index * 2);
      transport = g_strdup_printf ("RTP/AVP/TCP;unicast;interleaved=%u-%u", stream->channel, stream->channel + 1);
    }
  else
    {
      if (!make_udp_pair (self, stream, &port, error))
        return FALSE;
      transport = g_strdup_printf ("RTP/AVP;unicast;client_port=%u-%u", port, port + 1);
    }
  gst_rtsp_message_add_header (request, GST_RTSP_HDR_TRANSPORT, transport);
  gst_rtsp_message_new (&response);
  if (!transact (self, request, response, code, error))
    return FALSE;
  if (*code != GST_RTSP_STS_OK)
    {
      if (stream->rtp_socket != NULL)
        {
          g_socket_close (stream->rtp_socket, NULL);
          g_socket_close (stream->rtcp_socket, NULL);
          g_clear_object (&stream->rtp_socket);
          g_clear_object (&stream->rtcp_socket);
        }
      return TRUE;
    }
  read_session_header (self, response);

  {
    char *value = NULL;
    GstRTSPTransport *answer = NULL;

    if (gst_rtsp_message_get_header (response, GST_RTSP_HDR_TRANSPORT, &value, 0) == GST_RTSP_OK &&
        gst_rtsp_transport_new (&answer) == GST_RTSP_OK)
      {
        if (gst_rtsp_transport_parse (value, answer) == GST_RTSP_OK)
          {
            /* the server may pick other channels */
            if (interleaved && answer->interleaved.min >= 0)
              stream->channel = (guint8) answer->interleaved.min;
            /* its RTCP port, at the address of the RTSP connection */
            if (!interleaved && answer->server_port.min > 0)
              {
                g_autoptr(GSocketAddress) remote = g_socket_get_remote_address (g_socket_connection_get_socket (self->tcp), NULL);
                int rtcp_port = answer->server_port.max > answer->server_port.min ?
                                answer->server_port.max : answer->server_port.min + 1;

                if (G_IS_INET_SOCKET_ADDRESS (remote))
                  stream->rtcp_peer = g_inet_socket_address_new (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote)),
                                                                 (guint16) rtcp_port);
              }
          }
        gst_rtsp_transport_free (answer);
      }
  }
  return TRUE;
}

static gboolean
setup (PlnRtspReceiver  *self,
       GError          **error)
{
  for (guint i = 0; i < self->streams->len; i++)
    {
      Stream *stream = g_ptr_array_index (self->streams, i);
      GstRTSPStatusCode code = GST_RTSP_STS_OK;

      if (!setup_stream (self, stream, self->interleaved, &code, error))
        return FALSE;
      if (code != GST_RTSP_STS_OK && !self->interleaved && i == 0)
        {
          /* no UDP here (a firewall, a server that only streams over
           * TCP): RTP in the RTSP connection */
          g_debug ("%s: SETUP over UDP answered %d, trying TCP", self->display_uri, code);
          self->interleaved = TRUE;
          if (!setup_stream (self, stream, TRUE, &code, error))
            return FALSE;
        }
      if (code != GST_RTSP_STS_OK)
        {
          set_status_error (self, error, "SETUP", code);
          return FALSE;
        }
    }
  return TRUE;
}

static void
read_rtp_info (PlnRtspReceiver *self,
               GstRTSPMessage  *response)
{
  char *value = NULL;

  for (int n = 0; gst_rtsp_message_get_header (response, GST_RTSP_HDR_RTP_INFO, &value, n) == GST_RTSP_OK; n++)
    {
      g_auto(GStrv) entries = g_strsplit (value, ",", -1);

      for (guint e = 0; entries[e] != NULL; e++)
        {
          g_auto(GStrv) fields = g_strsplit (entries[e], ";", -1);
          const char *url = NULL;
          const char *rtptime = NULL;

          for (guint f = 0; fields[f] != NULL; f++)
            {
              char *field = g_strstrip (fields[f]);

              if (g_str_has_prefix (field, "url="))
                url = field + 4;
              else if (g_str_has_prefix (field, "rtptime="))
                rtptime = field + 8;
            }
          if (url == NULL || rtptime == NULL)
            continue;
          for (guint i = 0; i < self->streams->len; i++)
            {
              Stream *stream = g_ptr_array_index (self->streams, i);

              if (g_str_equal (url, stream->control) ||
                  (self->streams->len == 1) ||
                  (g_str_has_suffix (stream->control, url) && *url != '\0') ||
                  g_str_has_suffix (url, strrchr (stream->control, '/') != NULL ? strrchr (stream->control, '/') : stream->control))
                {
                  stream->have_rtp_info = TRUE;
                  stream->info_rtptime = (guint32) g_ascii_strtoull (rtptime, NULL, 10);
                  break;
                }
            }
        }
    }
}

static gboolean
on_src_query_cb (GstPad    *pad,
                 GstObject *parent,
                 GstQuery  *query)
{
  if (GST_QUERY_TYPE (query) == GST_QUERY_LATENCY)
    {
      gst_query_set_latency (query, TRUE, LATENCY, GST_CLOCK_TIME_NONE);
      return TRUE;
    }
  return gst_pad_query_default (pad, parent, query);
}

static gboolean
on_src_event_cb (GstPad    *pad,
                 GstObject *parent,
                 GstEvent  *event)
{
  /* key-frame requests, seeks: a live camera takes none of them */
  gst_event_unref (event);
  return FALSE;
}

static void
add_pads (PlnRtspReceiver *self)
{
  for (guint i = 0; i < self->streams->len; i++)
    {
      Stream *stream = g_ptr_array_index (self->streams, i);
      g_autofree char *name = g_strdup_printf ("stream_%u", stream->index);
      g_autofree char *stream_id = NULL;
      GstEvent *start, *caps;

      stream->pad = gst_pad_new_from_static_template (&src_template, name);
      gst_object_ref_sink (stream->pad);
      gst_pad_set_query_function (stream->pad, on_src_query_cb);
      gst_pad_set_event_function (stream->pad, on_src_event_cb);
      gst_pad_use_fixed_caps (stream->pad);
      gst_pad_set_active (stream->pad, TRUE);

      stream_id = gst_pad_create_stream_id_printf (stream->pad, GST_ELEMENT (self), "%u", stream->index);
      start = gst_event_new_stream_start (stream_id);
      gst_event_set_group_id (start, self->group_id);
      gst_pad_store_sticky_event (stream->pad, start);
      gst_event_unref (start);
      caps = gst_event_new_caps (stream->caps);
      gst_pad_store_sticky_event (stream->pad, caps);
      gst_event_unref (caps);
      gst_element_add_pad (GST_ELEMENT (self), gst_object_ref (stream->pad));
    }
  gst_element_no_more_pads (GST_ELEMENT (self));

  /* every stream is linked: now their caps go out (with the segment), all
   * before any data (see PlnSource's RTSP bin) */
  for (guint i = 0; i < self->streams->len; i++)
    {
      Stream *stream = g_ptr_array_index (self->streams, i);
      GstSegment segment;

      gst_segment_init (&segment, GST_FORMAT_TIME);
      gst_pad_push_event (stream->pad, gst_event_new_segment (&segment));
    }
  /* and have reached the depayloaders behind any queue (a drain query
   * waits for what is queued before it), so that what is downstream has
   * its pads linked before the first packet: a key frame sent into a pad
   * that is not linked yet would be lost */
  for (guint i = 0; i < self->streams->len; i++)
    {
      Stream *stream = g_ptr_array_index (self->streams, i);
      GstQuery *drain = gst_query_new_drain ();

      gst_pad_peer_query (stream->pad, drain);
      gst_query_unref (drain);
    }
}

/* PLAY asks for no Range (as rtspsrc's first PLAY): a live source plays
 * from now. With "Range: npt=0-" (ffmpeg sends npt=0.000-),
 * gst-rtsp-server 1.22 seeks a shared media back to its start for every
 * client that joins: the clients already playing lose packets and see
 * the RTP clock go back, and a PLAY that arrives while the media
 * restarts makes that server abort (rtsp-media.c,
 * gst_rtsp_media_get_rates: assertion failed). A server that wants a
 * Range gets one on a second try. */
static gboolean
play (PlnRtspReceiver  *self,
      GError          **error)
{
  g_autoptr(RtspMessage) request = new_request (GST_RTSP_PLAY, self->base_uri);
  g_autoptr(RtspMessage) response = NULL;
  GstRTSPStatusCode code;

  gst_rtsp_message_new (&response);
  if (!transact (self, request, response, &code, error))
    return FALSE;
  if (code == GST_RTSP_STS_BAD_REQUEST || code == GST_RTSP_STS_HEADER_FIELD_NOT_VALID_FOR_RESOURCE ||
      code == GST_RTSP_STS_INVALID_RANGE)
    {
      g_debug ("%s: PLAY without a range answered %d, asking from 0", self->display_uri, code);
      gst_rtsp_message_add_header (request, GST_RTSP_HDR_RANGE, "npt=0-");
      if (!transact (self, request, response, &code, error))
        return FALSE;
    }
  if (code != GST_RTSP_STS_OK)
    {
      set_status_error (self, error, "PLAY", code);
      return FALSE;
    }
  read_session_header (self, response);
  read_rtp_info (self, response);
  self->playing = TRUE;
  g_debug ("%s: playing", self->display_uri);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* receiving                                                           */

/* Whether an RTP payload starts a key frame: an IDR picture or a
 * parameter set (sent just before one), alone, first in an aggregate
 * (STAP-A, AP) or in the first fragment (FU-A, FU). */
static gboolean
payload_starts_key_frame (Codec         codec,
                          const guint8 *payload,
                          guint         size)
{
  guint type;

  if (codec == CODEC_H264 && size >= 2)
    {
      type = payload[0] & 0x1f;
      if (type == 24 && size >= 4)          /* STAP-A: 2 bytes of size, then a NAL unit */
        type = payload[3] & 0x1f;
      else if (type == 28)                  /* FU-A: the start bit and the NAL type */
        type = (payload[1] & 0x80) ? (payload[1] & 0x1f) : 0;
      return type == 5 || type == 7 || type == 8;
    }
  if (codec == CODEC_H265 && size >= 3)
    {
      type = (payload[0] >> 1) & 0x3f;
      if (type == 48 && size >= 5)          /* AP: 2 bytes of size, then a NAL unit */
        type = (payload[4] >> 1) & 0x3f;
      else if (type == 49)                  /* FU: the start bit and the NAL type */
        type = (payload[2] & 0x80) ? (payload[2] & 0x3f) : 0;
      return (type >= 19 && type <= 21) || (type >= 32 && type <= 34);
    }
  return FALSE;
}

static void
queue_rtp (PlnRtspReceiver *self,
           Stream          *stream,
           const guint8    *data,
           gsize            size)
{
  GstRTPBuffer rtp = GST_RTP_BUFFER_INIT;
  GstBuffer *buffer;
  Pending item;
  guint16 seq;
  guint32 ssrc;
  guint pos;
  guint8 pt;

  if (stream->pad == NULL || size < 12)
    return;
  buffer = gst_buffer_new_memdup (data, size);
  if (!gst_rtp_buffer_map (buffer, GST_MAP_READ, &rtp))
    {
      gst_buffer_unref (buffer);
      return;
    }
  seq = gst_rtp_buffer_get_seq (&rtp);
  ssrc = gst_rtp_buffer_get_ssrc (&rtp);
  pt = gst_rtp_buffer_get_payload_type (&rtp);
  item.rtptime = gst_rtp_buffer_get_timestamp (&rtp);
  item.key = stream->is_video &&
             payload_starts_key_frame (stream->codec, gst_rtp_buffer_get_payload (&rtp),
                                       gst_rtp_buffer_get_payload_len (&rtp));
  gst_rtp_buffer_unmap (&rtp);
  if (pt != stream->pt)
    {
      gst_buffer_unref (buffer);
      return;
    }

  if (!stream->seq_started)
    {
      stream->seq_started = TRUE;
      stream->max_seq = (1 << 16) + seq;
      item.seq = stream->max_seq;
    }
  else
    {
      gint16 delta = (gint16) (seq - (guint16) stream->max_seq);

      item.seq = stream->max_seq + delta;
      if (delta > 0)
        stream->max_seq = item.seq;
    }
  if (stream->pushed_any && item.seq < stream->next_seq)
    {
      if (stream->next_seq - item.seq < 1000)
        {
          g_debug ("%s: stream %u: packet %u came too late", self->display_uri, stream->index, seq);
          gst_buffer_unref (buffer);   /* late or duplicate */
          return;
        }
      /* the sender started over */
      stream->max_seq = item.seq;
      stream->next_seq = item.seq;
    }
  item.arrived = self->wake_time;
  item.buffer = buffer;

  pos = stream->pending->len;
  while (pos > 0 && g_array_index (stream->pending, Pending, pos - 1).seq >= item.seq)
    pos--;
  if (pos < stream->pending->len && g_array_index (stream->pending, Pending, pos).seq == item.seq)
    {
      gst_buffer_unref (buffer);
      return;
    }
  g_array_insert_val (stream->pending, pos, item);
  _pln_rtcp_stats_note_rtp (&stream->rtcp, ssrc, item.seq);
}

static GstClockTime
stream_time_at (Stream  *stream,
                guint64  ext)
{
  gint64 delta = (gint64) ext - stream->zero_ext;
  GstClockTime offset;

  if (delta >= 0)
    return stream->zero_rt + gst_util_uint64_scale_int ((guint64) delta, GST_SECOND, stream->clock_rate);
  offset = gst_util_uint64_scale_int ((guint64) -delta, GST_SECOND, stream->clock_rate);
  return stream->zero_rt > offset ? stream->zero_rt - offset : 0;
}

static GstClockTime
stream_time (PlnRtspReceiver *self,
             Stream          *stream,
             guint32          rtptime,
             gboolean         key,
             GstClockTime     now)
{
  guint64 ext = gst_rtp_buffer_ext_timestamp (&stream->ext_ts, rtptime);
  GstClockTime offset;
  GstClockTime pts;

  if (!stream->time_started)
    {
      stream->time_started = TRUE;
      if (stream->have_rtp_info)
        {
          gint64 ticks = (gint32) (rtptime - stream->info_rtptime);

          stream->zero_ext = (gint64) ext - ticks;
          if (self->common_zero_rt == GST_CLOCK_TIME_NONE)
            {
              if (ticks >= 0)
                {
                  offset = gst_util_uint64_scale_int ((guint64) ticks, GST_SECOND, stream->clock_rate);
                  self->common_zero_rt = now > offset ? now - offset : 0;
                }
              else
                self->common_zero_rt = now + gst_util_uint64_scale_int ((guint64) -ticks, GST_SECOND, stream->clock_rate);
            }
          stream->zero_rt = self->common_zero_rt;
          g_debug ("%s: stream %u starts %" G_GINT64_FORMAT " ticks after its RTP-Info time, at %" GST_TIME_FORMAT
                   " (arrived at %" GST_TIME_FORMAT ")", self->display_uri, stream->index, ticks,
                   GST_TIME_ARGS (stream_time_at (stream, ext)), GST_TIME_ARGS (now));
        }
      else
        {
          stream->zero_ext = (gint64) ext;
          stream->zero_rt = now;
        }
      pts = stream_time_at (stream, ext);
      stream->lag = now > pts ? now - pts : 0;
    }
  else if ((ext < stream->last_ext &&
            (!stream->is_video || stream->discont || stream->last_ext - ext > (guint64) stream->clock_rate)) ||
           (key && stream->max_pts != GST_CLOCK_TIME_NONE && stream_time_at (stream, ext) < stream->max_pts) ||
           stream_time_at (stream, ext) > now + MAX_AHEAD)
    {
      /* The sender's RTP clock jumped: back (a server that restarts
       * its pipeline for a client joining a shared media sends the next
       * packets, after a gap in the sequence numbers, with the RTP time
       * it started with) or far ahead. Keeping the old mapping would
       * send timestamps back by as much (splitmuxsink: "Queued GOP time
       * is negative"); like rtspsrc, start again from the arrival time,
       * never before what went out. Video timestamps go back a little
       * for B-frames: only after lost packets, by more than a second, or
       * at a key frame (no frame decoded before a key frame is shown
       * after it, so a key frame timed before one already sent means the
       * clock went back, however little). */
      GstClockTime at = now > stream->lag ? now - stream->lag : 0;

      if (stream->max_pts != GST_CLOCK_TIME_NONE && at <= stream->max_pts)
        at = stream->max_pts + 1;
      g_debug ("%s: stream %u: the RTP time jumped by %" G_GINT64_FORMAT " ticks; going on from %" GST_TIME_FORMAT,
               self->display_uri, stream->index, (gint64) (ext - stream->last_ext), GST_TIME_ARGS (at));
      stream->zero_ext = (gint64) ext;
      stream->zero_rt = at;
    }
  pts = stream_time_at (stream, ext);
  stream->last_ext = ext;
  if (stream->max_pts == GST_CLOCK_TIME_NONE || pts > stream->max_pts)
    stream->max_pts = pts;
  return pts;
}

/* Moves what is in order to the stream's ready queue, timestamped; a
 * packet still missing REORDER_HOLD_US after the ones behind it came (or
 * with a full window behind it) counts as lost. */
static void
release_stream (PlnRtspReceiver *self,
                Stream          *stream,
                GstClockTime     now)
{
  if (!stream->pushed_any && stream->pending->len > 0)
    stream->next_seq = g_array_index (stream->pending, Pending, 0).seq;
  while (stream->pending->len > 0)
    {
      Pending item = g_array_index (stream->pending, Pending, 0);

      if (item.seq != stream->next_seq)
        {
          if (self->wake_time - item.arrived < REORDER_HOLD_US && stream->pending->len < REORDER_WINDOW)
            break;
          g_debug ("%s: stream %u: packets %" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT " lost (%u held)",
                   self->display_uri, stream->index, stream->next_seq & 0xffff, (item.seq - 1) & 0xffff,
                   stream->pending->len);
          stream->discont = TRUE;
        }
      g_array_remove_index (stream->pending, 0);
      item.buffer = gst_buffer_make_writable (item.buffer);
      GST_BUFFER_PTS (item.buffer) = stream_time (self, stream, item.rtptime, item.key, now);
      GST_BUFFER_DTS (item.buffer) = GST_CLOCK_TIME_NONE;
      if (stream->discont || !stream->pushed_any)
        GST_BUFFER_FLAG_SET (item.buffer, GST_BUFFER_FLAG_DISCONT);
      stream->discont = FALSE;
      stream->pushed_any = TRUE;
      stream->next_seq = item.seq + 1;
      g_queue_push_tail (&stream->ready, item.buffer);
    }
}

/* Pushes the stream's ready packets up to @limit (all with
 * GST_CLOCK_TIME_NONE) as one buffer list. */
static GstFlowReturn
push_stream (PlnRtspReceiver *self,
             Stream          *stream,
             GstClockTime     limit)
{
  GstBufferList *list = NULL;
  GstFlowReturn ret;

  while (!g_queue_is_empty (&stream->ready))
    {
      GstBuffer *buffer = g_queue_peek_head (&stream->ready);

      if (limit != GST_CLOCK_TIME_NONE && GST_BUFFER_PTS (buffer) > limit)
        break;
      g_queue_pop_head (&stream->ready);
      stream->pushed_pts = GST_BUFFER_PTS (buffer);
      if (list == NULL)
        list = gst_buffer_list_new_sized (16);
      gst_buffer_list_add (list, buffer);
    }
  if (list == NULL)
    return GST_FLOW_OK;
  if (!stream->pushed_first)
    {
      stream->pushed_first = TRUE;
      g_debug ("%s: stream %u: first packets out", self->display_uri, stream->index);
    }
  ret = gst_pad_push_list (stream->pad, list);
  if (ret == GST_FLOW_NOT_LINKED)
    {
      /* a stream the recording does not use */
      if (!stream->not_linked)
        g_debug ("%s: stream %u is not linked", self->display_uri, stream->index);
      stream->not_linked = TRUE;
      return GST_FLOW_OK;
    }
  return ret;
}

/* All streams go out from this one thread, and splitmuxsink holds the
 * video's key frame until every other stream has reached its time: the
 * audio goes first, and video only up to where the audio got (or once
 * it is INTERLEAVE_HOLD old: audio that stopped must not hold the
 * video in here for ever; the watchdog sees what follows). */
static GstFlowReturn
push_all (PlnRtspReceiver *self,
          GstClockTime     now)
{
  GstClockTime audio_reached = GST_CLOCK_TIME_NONE;
  GstClockTime limit;
  GstFlowReturn ret;
  gboolean have_audio = FALSE;

  for (guint i = 0; i < self->streams->len; i++)
    {
      Stream *stream = g_ptr_array_index (self->streams, i);

      release_stream (self, stream, now);
      if (stream->is_video)
        continue;
      if ((ret = push_stream (self, stream, GST_CLOCK_TIME_NONE)) != GST_FLOW_OK)
        return ret;
      if (stream->not_linked)
        continue;
      have_audio = TRUE;
      if (stream->pushed_pts == GST_CLOCK_TIME_NONE)
        audio_reached = 0;
      else if (audio_reached == GST_CLOCK_TIME_NONE || stream->pushed_pts < audio_reached)
        audio_reached = stream->pushed_pts;
    }

  limit = GST_CLOCK_TIME_NONE;
  if (have_audio && self->interleave)
    {
      limit = audio_reached;
      if (now > INTERLEAVE_HOLD && now - INTERLEAVE_HOLD > limit)
        limit = now - INTERLEAVE_HOLD;
    }
  for (guint i = 0; i < self->streams->len; i++)
    {
      Stream *stream = g_ptr_array_index (self->streams, i);

      if (stream->is_video && (ret = push_stream (self, stream, limit)) != GST_FLOW_OK)
        return ret;
    }
  return GST_FLOW_OK;
}

static gboolean
read_udp (PlnRtspReceiver  *self,
          Stream           *stream,
          GSocket          *socket,
          gboolean          is_rtcp,
          GError          **error)
{
  GInputVector vectors[BATCH_MESSAGES];
  GInputMessage messages[BATCH_MESSAGES];

  for (guint i = 0; i < BATCH_MESSAGES; i++)
    {
      vectors[i].buffer = self->scratch + i * SLOT_SIZE;
      vectors[i].size = SLOT_SIZE;
      memset (&messages[i], 0, sizeof messages[i]);
      messages[i].vectors = &vectors[i];
      messages[i].num_vectors = 1;
    }

  while (TRUE)
    {
      g_autoptr(GError) local_error = NULL;
      gint n = g_socket_receive_messages (socket, messages, BATCH_MESSAGES, 0, NULL, &local_error);

      if (n < 0)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            return TRUE;
          g_debug ("%s: %s", self->display_uri, local_error->message);
          return TRUE;
        }
      for (gint i = 0; i < n; i++)
        {
          if (messages[i].flags & MSG_TRUNC)
            continue;
          if (is_rtcp)
            {
              if (_pln_rtcp_read (&stream->rtcp, vectors[i].buffer, messages[i].bytes_received, self->wake_time))
                {
                  g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ,
                               _("%s ended the stream"), self->display_uri);
                  return FALSE;
                }
            }
          else
            queue_rtp (self, stream, vectors[i].buffer, messages[i].bytes_received);
        }
      if (n < BATCH_MESSAGES)
        return TRUE;
    }
}

static const guint8 *
find_header_end (const guint8 *data,
                 gsize         size)
{
  for (gsize i = 0; i + 4 <= size; i++)
    if (data[i] == '\r' && memcmp (data + i, "\r\n\r\n", 4) == 0)
      return data + i;
  return NULL;
}

/* The RTSP connection once playing: the answers to keep-alives, and in
 * interleaved mode the RTP and RTCP packets ("$", channel, length). */
static gboolean
read_control (PlnRtspReceiver  *self,
              GError          **error)
{
  GSocket *socket = g_socket_connection_get_socket (self->tcp);
  GByteArray *in = self->control_in;
  gsize done = 0;

  while (TRUE)
    {
      g_autoptr(GError) local_error = NULL;
      guint8 chunk[16384];
      gssize n = g_socket_receive_with_blocking (socket, (gchar *) chunk, sizeof chunk, FALSE, NULL, &local_error);

      if (n == 0)
        {
          g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ,
                       _("%s closed the connection"), self->display_uri);
          return FALSE;
        }
      if (n < 0)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            break;
          g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ,
                       _("%s: the connection broke: %s"), self->display_uri, local_error->message);
          return FALSE;
        }
      g_byte_array_append (in, chunk, (guint) n);
      if ((gsize) n < sizeof chunk)
        break;
    }

  while (done < in->len)
    {
      const guint8 *data = in->data + done;
      gsize left = in->len - done;

      if (data[0] == '$')
        {
          guint channel, size;

          if (left < 4)
            break;
          channel = data[1];
          size = ((guint) data[2] << 8) | data[3];
          if (left < 4 + size)
            break;
          for (guint i = 0; i < self->streams->len; i++)
            {
              Stream *stream = g_ptr_array_index (self->streams, i);

              if (channel == stream->channel)
                queue_rtp (self, stream, data + 4, size);
              else if (channel == (guint) stream->channel + 1 &&
                       _pln_rtcp_read (&stream->rtcp, data + 4, size, self->wake_time))
                {
                  g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ,
                               _("%s ended the stream"), self->display_uri);
                  return FALSE;
                }
            }
          done += 4 + size;
        }
      else
        {
          /* an answer (or a request from the server): headers, then
           * Content-Length bytes */
          const guint8 *end = find_header_end (data, left);
          gsize header_size, body = 0;
          g_autofree char *headers = NULL;
          char *length;

          if (end == NULL)
            {
              if (left > CONTROL_LIMIT)
                done = in->len;   /* not RTSP: drop it */
              break;
            }
          header_size = (gsize) (end - data) + 4;
          headers = g_ascii_strdown ((const char *) data, (gssize) header_size);
          length = strstr (headers, "content-length:");
          if (length != NULL)
            body = g_ascii_strtoull (length + strlen ("content-length:"), NULL, 10);
          if (body > CONTROL_LIMIT)
            body = 0;
          if (left < header_size + body)
            break;
          done += header_size + body;
        }
    }
  g_byte_array_remove_range (in, 0, (guint) done);
  return TRUE;
}

static gboolean
send_keepalive (PlnRtspReceiver  *self,
                GError          **error)
{
  g_autoptr(RtspMessage) request = new_request (self->get_parameter ? GST_RTSP_GET_PARAMETER : GST_RTSP_OPTIONS,
                                                   self->get_parameter ? self->base_uri : self->request_uri);
  g_autofree char *cseq = g_strdup_printf ("%u", ++self->cseq);
  GstRTSPResult res;

  gst_rtsp_message_add_header (request, GST_RTSP_HDR_CSEQ, cseq);
  res = gst_rtsp_connection_send_usec (self->conn, request, REQUEST_TIMEOUT_US);
  if (res != GST_RTSP_OK)
    {
      set_rtsp_error (self, error, res, "keep-alive");
      return FALSE;
    }
  return TRUE;
}

static gint64
keepalive_interval (PlnRtspReceiver *self)
{
  /* well before the session ends (half its time, as rtspsrc does, less
   * a second for a slow answer) */
  gint64 seconds = MAX (1, (gint64) self->session_timeout / 2);

  return seconds * G_USEC_PER_SEC - (self->session_timeout > 4 ? G_USEC_PER_SEC : 0);
}

/* A receiver report for every stream: to the server's RTCP port over
 * UDP, or on the stream's RTCP channel in the RTSP connection. A report
 * that cannot go now is skipped (the next one comes 5 s later). */
static void
send_receiver_reports (PlnRtspReceiver *self)
{
  for (guint i = 0; i < self->streams->len; i++)
    {
      Stream *stream = g_ptr_array_index (self->streams, i);
      g_autoptr(GstBuffer) report = NULL;
      GstMapInfo map;

      if (stream->pad == NULL || (!self->interleaved && (stream->rtcp_socket == NULL || stream->rtcp_peer == NULL)))
        continue;
      report = _pln_rtcp_receiver_report (&stream->rtcp, self->ssrc, "plenary", self->wake_time);
      if (!gst_buffer_map (report, &map, GST_MAP_READ))
        continue;
      if (self->interleaved)
        {
          g_autoptr(RtspMessage) message = NULL;

          gst_rtsp_message_new_data (&message, (guint8) (stream->channel + 1));
          gst_rtsp_message_set_body (message, map.data, (guint) map.size);
          gst_rtsp_connection_send_usec (self->conn, message, TEARDOWN_TIMEOUT_US);
        }
      else
        g_socket_send_to (stream->rtcp_socket, stream->rtcp_peer, (const gchar *) map.data, map.size, NULL, NULL);
      gst_buffer_unmap (report, &map);
    }
}

static gboolean
stream_loop (PlnRtspReceiver  *self,
             GError          **error)
{
  g_autofree GPollFD *fds = NULL;
  guint n_fds = 0;
  GSocket *control = g_socket_connection_get_socket (self->tcp);

  fds = g_new0 (GPollFD, 2 + 2 * self->streams->len);
  if (!g_cancellable_make_pollfd (self->cancellable, &fds[n_fds++]))
    {
      g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_FAILED, "no cancellable fd");
      return FALSE;
    }
  fds[n_fds].fd = g_socket_get_fd (control);
  fds[n_fds++].events = G_IO_IN | G_IO_HUP | G_IO_ERR;
  for (guint i = 0; i < self->streams->len; i++)
    {
      Stream *stream = g_ptr_array_index (self->streams, i);

      if (stream->rtp_socket == NULL)
        continue;
      fds[n_fds].fd = g_socket_get_fd (stream->rtp_socket);
      fds[n_fds++].events = G_IO_IN;
      fds[n_fds].fd = g_socket_get_fd (stream->rtcp_socket);
      fds[n_fds++].events = G_IO_IN;
    }

  self->next_keepalive = g_get_monotonic_time () + keepalive_interval (self);
  self->next_rtcp = g_get_monotonic_time () + G_USEC_PER_SEC;
  while (TRUE)
    {
      gint64 now = g_get_monotonic_time ();
      gint64 wake_start;
      gint timeout = (gint) MAX (0, (MIN (self->next_keepalive, self->next_rtcp) - now) / 1000);
      GstClockTime now_rt;
      gint64 rest;
      guint f = 2;

      if (g_poll (fds, n_fds, timeout) < 0 && errno != EINTR)
        {
          g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ, "poll: %s", g_strerror (errno));
          g_cancellable_release_fd (self->cancellable);
          return FALSE;
        }
      if (g_cancellable_is_cancelled (self->cancellable))
        break;
      wake_start = g_get_monotonic_time ();
      self->wake_time = wake_start;
      now_rt = running_time (self);

      if (fds[1].revents != 0 && !read_control (self, error))
        goto failed;
      for (guint i = 0; i < self->streams->len; i++)
        {
          Stream *stream = g_ptr_array_index (self->streams, i);

          if (stream->rtp_socket == NULL)
            continue;
          if (fds[f].revents != 0 && !read_udp (self, stream, stream->rtp_socket, FALSE, error))
            goto failed;
          if (fds[f + 1].revents != 0 && !read_udp (self, stream, stream->rtcp_socket, TRUE, error))
            goto failed;
          f += 2;
        }
      {
        GstFlowReturn ret = push_all (self, now_rt);

        if (ret == GST_FLOW_FLUSHING || ret == GST_FLOW_EOS)
          goto stopped;
        if (ret != GST_FLOW_OK)
          {
            g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_FAILED,
                         _("%s: the stream cannot be recorded (%s)"), self->display_uri, gst_flow_get_name (ret));
            goto failed;
          }
      }
      if (wake_start >= self->next_keepalive)
        {
          if (!send_keepalive (self, error))
            goto failed;
          self->next_keepalive = wake_start + keepalive_interval (self);
        }
      if (wake_start >= self->next_rtcp)
        {
          send_receiver_reports (self);
          self->next_rtcp = wake_start + RTCP_INTERVAL_US;
        }

      /* let the next packets gather */
      rest = self->batch_ms * 1000 - (g_get_monotonic_time () - wake_start);
      if (rest > 1000)
        g_poll (fds, 1, (gint) (rest / 1000));
    }
stopped:
  g_cancellable_release_fd (self->cancellable);
  return TRUE;
failed:
  g_cancellable_release_fd (self->cancellable);
  return FALSE;
}

static void
teardown (PlnRtspReceiver *self)
{
  GstRTSPConnection *conn;

  if (self->conn != NULL && self->playing && self->finished)
    {
      g_autoptr(RtspMessage) request = new_request (GST_RTSP_TEARDOWN, self->base_uri);
      g_autofree char *cseq = g_strdup_printf ("%u", ++self->cseq);

      /* say goodbye, but never wait for an answer */
      gst_rtsp_connection_flush (self->conn, FALSE);
      gst_rtsp_message_add_header (request, GST_RTSP_HDR_CSEQ, cseq);
      gst_rtsp_connection_send_usec (self->conn, request, TEARDOWN_TIMEOUT_US);
    }
  g_mutex_lock (&self->lock);
  conn = g_steal_pointer (&self->conn);
  g_mutex_unlock (&self->lock);
  if (conn != NULL)
    {
      gst_rtsp_connection_close (conn);
      gst_rtsp_connection_free (conn);
    }
  if (self->tcp != NULL)
    {
      g_io_stream_close (G_IO_STREAM (self->tcp), NULL, NULL);
      g_clear_object (&self->tcp);
    }
  for (guint i = 0; i < self->streams->len; i++)
    {
      Stream *stream = g_ptr_array_index (self->streams, i);

      if (stream->rtp_socket != NULL)
        g_socket_close (stream->rtp_socket, NULL);
      if (stream->rtcp_socket != NULL)
        g_socket_close (stream->rtcp_socket, NULL);
    }
  self->playing = FALSE;
}

/* the task: the whole session in one call, then the task pauses */
static void
receiver_loop (gpointer data)
{
  PlnRtspReceiver *self = data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (!self->ran)
    {
      self->ran = TRUE;
      ok = connect_server (self, &error) &&
           describe (self, &error) &&
           setup (self, &error) &&
           (add_pads (self), play (self, &error)) &&
           stream_loop (self, &error);

      self->finished = is_stopping (self);
      if (!ok && !self->finished && error != NULL)
        {
          g_debug ("%s", error->message);
          post_error (self, error);
        }
      teardown (self);
    }
  /* the session is over: wait for the element to stop */
  g_mutex_lock (&self->lock);
  while (!self->stopping)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);
}

static void
stop_task (PlnRtspReceiver *self)
{
  gst_task_stop (self->task);
  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  g_cond_signal (&self->cond);
  if (self->conn != NULL)
    gst_rtsp_connection_flush (self->conn, TRUE);
  g_mutex_unlock (&self->lock);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  gst_task_join (self->task);
}

static void
reset (PlnRtspReceiver *self)
{
  for (guint i = 0; i < self->streams->len; i++)
    {
      Stream *stream = g_ptr_array_index (self->streams, i);

      if (stream->pad != NULL && GST_OBJECT_PARENT (stream->pad) == GST_OBJECT (self))
        gst_element_remove_pad (GST_ELEMENT (self), stream->pad);
    }
  g_ptr_array_set_size (self->streams, 0);
  g_clear_pointer (&self->base_uri, g_free);
  g_clear_pointer (&self->request_uri, g_free);
  g_clear_pointer (&self->url, gst_rtsp_url_free);
  g_byte_array_set_size (self->control_in, 0);
  g_clear_object (&self->cancellable);
  self->stopping = FALSE;
  self->ran = FALSE;
  self->finished = FALSE;
  self->interleaved = FALSE;
  self->get_parameter = FALSE;
  self->common_zero_rt = GST_CLOCK_TIME_NONE;
  self->session_timeout = 60;
}

static gboolean
start (PlnRtspReceiver *self)
{
  const char *batch = g_getenv ("PLENARY_RTSP_BATCH_MS");

  reset (self);
  if (self->uri == NULL || gst_rtsp_url_parse (self->uri, &self->url) != GST_RTSP_OK)
    {
      GST_ELEMENT_ERROR (self, RESOURCE, NOT_FOUND,
                         (_("“%s” is not an RTSP address"), self->display_uri != NULL ? self->display_uri : ""), (NULL));
      return FALSE;
    }
  self->request_uri = gst_rtsp_url_get_request_uri (self->url);
  self->interleaved = (self->url->transports & GST_RTSP_LOWER_TRANS_TCP) &&
                      !(self->url->transports & GST_RTSP_LOWER_TRANS_UDP);
  self->cancellable = g_cancellable_new ();
  self->group_id = gst_util_group_id_next ();
  self->ssrc = g_random_int ();
  self->batch_ms = DEFAULT_BATCH_MS;
  if (batch != NULL)
    self->batch_ms = (guint) MIN (g_ascii_strtoull (batch, NULL, 10), 100);
  gst_task_start (self->task);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* GstElement                                                          */

static GstStateChangeReturn
pln_rtsp_receiver_change_state (GstElement     *element,
                                GstStateChange  transition)
{
  PlnRtspReceiver *self = PLN_RTSP_RECEIVER (element);
  GstStateChangeReturn ret;

  switch (transition)
    {
    case GST_STATE_CHANGE_READY_TO_PAUSED:
      if (!start (self))
        return GST_STATE_CHANGE_FAILURE;
      break;
    case GST_STATE_CHANGE_PAUSED_TO_READY:
      stop_task (self);
      break;
    default:
      break;
    }

  ret = GST_ELEMENT_CLASS (pln_rtsp_receiver_parent_class)->change_state (element, transition);
  if (ret == GST_STATE_CHANGE_FAILURE)
    return ret;

  switch (transition)
    {
    case GST_STATE_CHANGE_READY_TO_PAUSED:
    case GST_STATE_CHANGE_PLAYING_TO_PAUSED:
      ret = GST_STATE_CHANGE_NO_PREROLL;
      break;
    case GST_STATE_CHANGE_PAUSED_TO_READY:
      reset (self);
      break;
    default:
      break;
    }
  return ret;
}

static void
pln_rtsp_receiver_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  PlnRtspReceiver *self = PLN_RTSP_RECEIVER (object);

  switch (prop_id)
    {
    case PROP_LOCATION:
      if (g_strcmp0 (self->uri, g_value_get_string (value)) != 0)
        {
          g_free (self->uri);
          g_free (self->display_uri);
          self->uri = g_value_dup_string (value);
          self->display_uri = pln_uri_strip_credentials (self->uri);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_INTERLEAVE:
      if (self->interleave != g_value_get_boolean (value))
        {
          self->interleave = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pln_rtsp_receiver_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PlnRtspReceiver *self = PLN_RTSP_RECEIVER (object);

  switch (prop_id)
    {
    case PROP_LOCATION:
      g_value_set_string (value, self->uri);
      break;
    case PROP_INTERLEAVE:
      g_value_set_boolean (value, self->interleave);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pln_rtsp_receiver_dispose (GObject *object)
{
  PlnRtspReceiver *self = PLN_RTSP_RECEIVER (object);

  if (self->task != NULL)
    {
      stop_task (self);
      gst_clear_object (&self->task);
    }
  G_OBJECT_CLASS (pln_rtsp_receiver_parent_class)->dispose (object);
}

static void
pln_rtsp_receiver_finalize (GObject *object)
{
  PlnRtspReceiver *self = PLN_RTSP_RECEIVER (object);

  g_ptr_array_unref (self->streams);
  g_byte_array_unref (self->control_in);
  g_clear_pointer (&self->url, gst_rtsp_url_free);
  g_clear_object (&self->cancellable);
  g_free (self->base_uri);
  g_free (self->request_uri);
  g_free (self->scratch);
  g_free (self->uri);
  g_free (self->display_uri);
  g_rec_mutex_clear (&self->task_lock);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (pln_rtsp_receiver_parent_class)->finalize (object);
}

static void
pln_rtsp_receiver_class_init (PlnRtspReceiverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);

  object_class->set_property = pln_rtsp_receiver_set_property;
  object_class->get_property = pln_rtsp_receiver_get_property;
  object_class->dispose = pln_rtsp_receiver_dispose;
  object_class->finalize = pln_rtsp_receiver_finalize;
  element_class->change_state = pln_rtsp_receiver_change_state;

  properties[PROP_LOCATION] =
    g_param_spec_string ("location", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* TRUE when every pad feeds one muxer with no queue in between (see
   * push_all) */
  properties[PROP_INTERLEAVE] =
    g_param_spec_boolean ("interleave", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class, "Plenary RTSP receiver", "Source/Network",
                                         "Receives an RTSP session's RTP streams from one thread",
                                         "Plenary");
}

static void
pln_rtsp_receiver_init (PlnRtspReceiver *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  g_rec_mutex_init (&self->task_lock);
  self->task = gst_task_new (receiver_loop, self, NULL);
  gst_object_set_name (GST_OBJECT (self->task), "pln-rtsp");
  gst_task_set_lock (self->task, &self->task_lock);
  self->streams = g_ptr_array_new_with_free_func (stream_free);
  self->control_in = g_byte_array_new ();
  self->scratch = g_malloc (BATCH_MESSAGES * SLOT_SIZE);
  self->common_zero_rt = GST_CLOCK_TIME_NONE;
  self->session_timeout = 60;
  self->interleave = TRUE;
  GST_OBJECT_FLAG_SET (self, GST_ELEMENT_FLAG_SOURCE);
}

/**
 * pln_rtsp_receiver_new:
 * @uri: rtsp:// or rtspt:// (credentials allowed)
 *
 * Returns: (transfer floating): the element; its "stream_%u" pads appear
 * once the server described its streams, then no-more-pads.
 */
GstElement *
pln_rtsp_receiver_new (const char *uri)
{
  return g_object_new (PLN_TYPE_RTSP_RECEIVER, "location", uri, NULL);
}

/**
 * pln_rtsp_receiver_handles_uri:
 *
 * Returns: whether the receiver can open @uri (rtsp://, rtspt://, rtspu://;
 * not rtsps://, whose TLS it does not speak).
 */
gboolean
pln_rtsp_receiver_handles_uri (const char *uri)
{
  return uri != NULL &&
         (g_ascii_strncasecmp (uri, "rtsp://", 7) == 0 ||
          g_ascii_strncasecmp (uri, "rtspt://", 8) == 0 ||
          g_ascii_strncasecmp (uri, "rtspu://", 8) == 0);
}
