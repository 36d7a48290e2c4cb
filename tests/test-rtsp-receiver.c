/* test-rtsp-receiver.c: Plenary's own RTSP client (PlnRtspReceiver),
 * against GStreamer's RTSP server on 127.0.0.1: a network that reorders
 * and loses packets, a server that goes away, a session kept alive past
 * the server's timeout, no descriptor left behind, and the recorder's
 * passthrough through it (ffprobe checks the files).
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <gst/rtp/rtp.h>
#include <gst/rtsp-server/rtsp-server.h>
#include <stdlib.h>

#include "pln-recorder.h"
#include "pln-rtsp-receiver.h"
#include "pln-source.h"
#include "test-recorder-helpers.h"

/* H.264 in small packets (several per frame) and AAC, as the recorder's
 * tests serve; NETSIM is what the network does to the video packets. */
#define LAUNCH_WITH_NETWORK(NETSIM) \
  "( videotestsrc is-live=true pattern=smpte ! video/x-raw,width=320,height=240,framerate=25/1 " \
  "  ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=25 bitrate=400 " \
  "  ! video/x-h264,profile=main ! rtph264pay pt=96 config-interval=1 mtu=400 ! netsim name=pay0 " NETSIM \
  "  audiotestsrc is-live=true wave=sine freq=440 volume=0.2 ! audio/x-raw,rate=48000,channels=2 " \
  "  ! audioconvert ! avenc_aac bitrate=64000 ! rtpmp4gpay name=pay1 pt=97 )"

#define PLAIN_LAUNCH \
  "( videotestsrc is-live=true pattern=smpte ! video/x-raw,width=320,height=240,framerate=25/1 " \
  "  ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=25 bitrate=400 " \
  "  ! video/x-h264,profile=main ! rtph264pay name=pay0 pt=96 config-interval=1 " \
  "  audiotestsrc is-live=true wave=sine freq=440 volume=0.2 ! audio/x-raw,rate=48000,channels=2 " \
  "  ! audioconvert ! avenc_aac bitrate=64000 ! rtpmp4gpay name=pay1 pt=97 )"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = g_dir_make_tmp ("plenary-rtsp-receiver-XXXXXX", NULL);
  g_assert_nonnull (fixture->dir);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", fixture->dir);

  g_assert_cmpint (system (command), ==, 0);
  g_free (fixture->dir);
}

static GSubprocess *
start_server (guint16     port,
              const char *launch)
{
  const char *exe = g_getenv ("PLN_TEST_RTSP_SERVER");
  g_autofree char *port_s = g_strdup_printf ("%u", port);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  g_autofree char *line = NULL;
  GSubprocess *server;

  g_assert_nonnull (exe);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, rec_die_with_parent, NULL, NULL);
  server = g_subprocess_launcher_spawn (launcher, &error, exe, port_s, launch, NULL);
  g_assert_no_error (error);
  in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  line = g_data_input_stream_read_line (in, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "READY");
  return server;
}

static void
stop_process (GSubprocess *process)
{
  g_subprocess_force_exit (process);
  g_subprocess_wait (process, NULL, NULL);
}

static void
run_for (double seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
}

/* ------------------------------------------------------------------ */
/* the receiver alone, into fakesinks                                   */

typedef struct
{
  GstElement *pipeline;
  GstElement *receiver;
  gint        buffers;        /* atomic */
  gint64      started;        /* monotonic µs */
  gint        last_buffer_ms; /* atomic, since started */
  gint        backwards;      /* atomic: buffers timestamped before the one before them */
} Rx;

typedef struct
{
  Rx          *rx;
  GstClockTime last_pts;
} RxPad;

static void
check_pts (gpointer   data,
           GstBuffer *buffer)
{
  RxPad *rx_pad = data;
  GstClockTime pts = GST_BUFFER_PTS (buffer);

  if (pts == GST_CLOCK_TIME_NONE)
    return;
  if (rx_pad->last_pts != GST_CLOCK_TIME_NONE && pts < rx_pad->last_pts)
    g_atomic_int_inc (&rx_pad->rx->backwards);
  rx_pad->last_pts = pts;
}

/* Calls @func on every buffer a probe sees (made writable first with
 * @writable). */
static void
probe_each_buffer (GstPadProbeInfo *info,
                   gboolean         writable,
                   void           (*func) (gpointer data, GstBuffer *buffer),
                   gpointer         data)
{
  if (info->type & GST_PAD_PROBE_TYPE_BUFFER_LIST)
    {
      GstBufferList *list = GST_PAD_PROBE_INFO_BUFFER_LIST (info);

      if (writable)
        info->data = list = gst_buffer_list_make_writable (list);
      for (guint i = 0; i < gst_buffer_list_length (list); i++)
        func (data, writable ? gst_buffer_list_get_writable (list, i) : gst_buffer_list_get (list, i));
    }
  else
    {
      GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);

      if (writable)
        info->data = buffer = gst_buffer_make_writable (buffer);
      func (data, buffer);
    }
}

static GstPadProbeReturn
on_pts_cb (GstPad          *pad,
           GstPadProbeInfo *info,
           gpointer         user_data)
{
  probe_each_buffer (info, FALSE, check_pts, user_data);
  return GST_PAD_PROBE_OK;
}

static GstPadProbeReturn
on_data_cb (GstPad          *pad,
            GstPadProbeInfo *info,
            gpointer         user_data)
{
  Rx *rx = user_data;
  guint n = 1;

  if (info->type & GST_PAD_PROBE_TYPE_BUFFER_LIST)
    n = gst_buffer_list_length (GST_PAD_PROBE_INFO_BUFFER_LIST (info));
  g_atomic_int_add (&rx->buffers, (gint) n);
  g_atomic_int_set (&rx->last_buffer_ms, (gint) ((g_get_monotonic_time () - rx->started) / 1000));
  return GST_PAD_PROBE_OK;
}

/* the receiver's thread */
static void
on_rx_pad_added_cb (GstElement *receiver,
                    GstPad     *pad,
                    Rx         *rx)
{
  GstElement *sink = gst_element_factory_make ("fakesink", NULL);
  g_autoptr(GstPad) sink_pad = gst_element_get_static_pad (sink, "sink");

  g_object_set (sink, "sync", FALSE, "async", FALSE, NULL);
  gst_bin_add (GST_BIN (rx->pipeline), sink);
  g_assert_cmpint (gst_pad_link (pad, sink_pad), ==, GST_PAD_LINK_OK);
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST, on_data_cb, rx, NULL);
  if (g_str_has_prefix (GST_PAD_NAME (pad), "stream_"))
    {
      RxPad *rx_pad = g_new0 (RxPad, 1);

      rx_pad->rx = rx;
      rx_pad->last_pts = GST_CLOCK_TIME_NONE;
      gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST, on_pts_cb, rx_pad, g_free);
    }
  gst_element_sync_state_with_parent (sink);
}

static Rx *
rx_start (const char *uri)
{
  Rx *rx = g_new0 (Rx, 1);

  rx->started = g_get_monotonic_time ();
  rx->pipeline = gst_pipeline_new (NULL);
  rx->receiver = pln_rtsp_receiver_new (uri);
  g_object_set (rx->receiver, "interleave", FALSE, NULL);   /* no muxer behind */
  gst_bin_add (GST_BIN (rx->pipeline), rx->receiver);
  g_signal_connect (rx->receiver, "pad-added", G_CALLBACK (on_rx_pad_added_cb), rx);
  g_assert_cmpint (gst_element_set_state (rx->pipeline, GST_STATE_PLAYING), !=, GST_STATE_CHANGE_FAILURE);
  return rx;
}

/* Stops the pipeline; returns how long that took, in seconds. */
static double
rx_stop (Rx *rx)
{
  gint64 start = g_get_monotonic_time ();

  gst_element_set_state (rx->pipeline, GST_STATE_NULL);
  gst_object_unref (rx->pipeline);
  g_free (rx);
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

static gboolean
rx_wait_buffers (Rx    *rx,
                 gint   n,
                 double timeout_s)
{
  gint64 end = g_get_monotonic_time () + (gint64) (timeout_s * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < end)
    {
      if (g_atomic_int_get (&rx->buffers) >= n)
        return TRUE;
      run_for (0.02);
    }
  return FALSE;
}

/* the first error on the pipeline's bus within @timeout_s, or NULL */
static GError *
rx_wait_error (Rx    *rx,
               double timeout_s)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (rx->pipeline);
  g_autoptr(GstMessage) message = NULL;
  gint64 end = g_get_monotonic_time () + (gint64) (timeout_s * G_USEC_PER_SEC);
  GError *error = NULL;

  /* the main context runs meanwhile (a server in this process) */
  while ((message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR)) == NULL && g_get_monotonic_time () < end)
    run_for (0.02);
  if (message == NULL)
    return NULL;
  gst_message_parse_error (message, &error, NULL);
  return error;
}

static guint
count_fds (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* A GStreamer RTSP server in this process, on the default main context,
 * serving @factory (adopted) on rtsp://127.0.0.1:PORT/test: @uri is set
 * to that address (with @userinfo "user:password@" if not NULL) and
 * @source_id to the server's main context source. */
static GstRTSPServer *
server_new_in_process (GstRTSPMediaFactory  *factory,
                       const char           *userinfo,
                       char                **uri,
                       guint                *source_id)
{
  GstRTSPServer *server = gst_rtsp_server_new ();
  g_autoptr(GstRTSPMountPoints) mounts = gst_rtsp_server_get_mount_points (server);

  gst_rtsp_server_set_address (server, "127.0.0.1");
  gst_rtsp_server_set_service (server, "0");
  gst_rtsp_mount_points_add_factory (mounts, "/test", factory);
  *source_id = gst_rtsp_server_attach (server, NULL);
  g_assert_cmpuint (*source_id, !=, 0);
  *uri = g_strdup_printf ("rtsp://%s127.0.0.1:%d/test", userinfo != NULL ? userinfo : "",
                          gst_rtsp_server_get_bound_port (server));
  return server;
}

/* ------------------------------------------------------------------ */
/* the recorder through the receiver                                   */

static char *
run_ffprobe (const char *path,
             const char *stream,
             const char *entries)
{
  const char *argv[] = { "ffprobe", "-v", "error", "-select_streams", stream, "-show_entries", entries,
                         "-of", "csv=p=0", path, NULL };
  char *out = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* 1. The network delays one video packet in ten by 5-40 ms (so they come
 * out of order) and loses one in a hundred: the recording goes on in one
 * segment, H.264 + AAC, with frame times that only go forward, nearly
 * every frame, and audio and video starting together. */
static void
test_reorder_loss (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(PlnSource) source = NULL;
  g_autoptr(PlnRecorder) recorder = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *rec_dir = g_build_filename (fixture->dir, "recording", NULL);
  g_autofree char *segment = NULL;
  g_autofree char *dts = NULL;
  g_autofree char *v_start = NULL;
  g_autofree char *a_start = NULL;
  g_auto(GStrv) lines = NULL;
  guint16 port = rec_free_port ();
  double previous = -1, first = -1, last = 0;
  guint frames = 0;

  server = start_server (port, LAUNCH_WITH_NETWORK ("delay-probability=0.1 min-delay=5 max-delay=40 "
                                                    "drop-probability=0.01 allow-reordering=true "));
  uri = g_strdup_printf ("rtsp://127.0.0.1:%u/test", port);
  source = pln_source_new (uri, &error);
  g_assert_no_error (error);
  g_assert_true (pln_source_uses_own_rtsp_receiver (source));
  recorder = pln_recorder_new (source, rec_dir);
  pln_recorder_set_min_free_bytes (recorder, 1000000);
  g_assert_true (pln_recorder_start (recorder, &error));
  g_assert_true (rec_run_until_state (recorder, PLN_RECORDER_STATE_RECORDING, 20));
  rec_run_until_media (recorder, 5.0);
  g_assert_true (pln_recorder_is_passthrough (recorder));
  g_assert_cmpuint (pln_recorder_count_encoders (recorder), ==, 0);
  pln_recorder_stop (recorder);
  g_assert_true (rec_run_until_state (recorder, PLN_RECORDER_STATE_STOPPED, 10));
  stop_process (server);

  g_assert_cmpuint (pln_manifest_get_n_segments (pln_recorder_get_manifest (recorder)), ==, 1);
  segment = pln_manifest_dup_segment_path (pln_recorder_get_manifest (recorder), 0);
  dts = run_ffprobe (segment, "v:0", "packet=dts_time");
  lines = g_strsplit (g_strstrip (dts), "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      double t = g_ascii_strtod (lines[i], NULL);

      if (*lines[i] == '\0')
        continue;
      g_assert_cmpfloat (t, >, previous);
      if (first < 0)
        first = t;
      previous = last = t;
      frames++;
    }
  g_test_message ("reordered and lossy network: %u frames over %.2f s", frames, last - first);
  g_assert_cmpfloat (last - first, >=, 4.5);
  g_assert_cmpuint (frames, >=, (guint) ((last - first) * 25 * 0.8));

  v_start = run_ffprobe (segment, "v:0", "stream=start_time");
  a_start = run_ffprobe (segment, "a:0", "stream=start_time");
  g_test_message ("start times: video %s s, audio %s s", g_strstrip (v_start), g_strstrip (a_start));
  g_assert_cmpfloat (ABS (g_ascii_strtod (v_start, NULL) - g_ascii_strtod (a_start, NULL)), <, 0.1);
}

/* 1b. Eight clients joining one shared media 0.1 s apart: every one of
 * them records, and no timestamp goes back. (With "Range: npt=0-" in
 * its PLAY, as the receiver sent then (ffmpeg sends npt=0.000-; rtspsrc
 * sends no range on its first PLAY), each client that joined made
 * gst-rtsp-server 1.22 seek the shared media back to its start: the
 * others lost packets and saw the RTP clock go back, splitmuxsink failed
 * with "Queued GOP time is negative", and about one run in ten the
 * server aborted on a PLAY that came during a restart (rtsp-media.c,
 * gst_rtsp_media_get_rates: assertion failed), so that some client got
 * no data and this test failed. The receiver asks for no range.) */
static void
test_clients_join (void)
{
  g_autoptr(GSubprocess) server = NULL;
  g_autofree char *uri = NULL;
  guint16 port = rec_free_port ();
  Rx *rx[8];

  server = start_server (port, PLAIN_LAUNCH);
  uri = g_strdup_printf ("rtsp://127.0.0.1:%u/test", port);
  for (guint i = 0; i < G_N_ELEMENTS (rx); i++)
    {
      rx[i] = rx_start (uri);
      run_for (0.1);
    }
  for (guint i = 0; i < G_N_ELEMENTS (rx); i++)
    g_assert_true (rx_wait_buffers (rx[i], 100, 20));
  run_for (1.0);
  for (guint i = 0; i < G_N_ELEMENTS (rx); i++)
    {
      g_test_message ("client %u: %d buffers, %d timestamped before the one before", i,
                      g_atomic_int_get (&rx[i]->buffers), g_atomic_int_get (&rx[i]->backwards));
      g_assert_cmpint (g_atomic_int_get (&rx[i]->backwards), ==, 0);
    }
  for (guint i = 0; i < G_N_ELEMENTS (rx); i++)
    rx_stop (rx[i]);
  stop_process (server);
}

/* 1c. A sender whose RTP clock steps back by half a second at a key
 * frame, with no packet lost (an encoder restarted behind a server that
 * keeps its sequence numbers): the receiver's timestamps still only go
 * forward (they went back by 0.5 s, and a recording after them failed
 * with "Queued GOP time is negative"). */

typedef struct
{
  guint32 first;       /* RTP time of the first packet */
  gboolean started;
  gint    stepped;     /* atomic: the step was made */
  guint32 step;        /* ticks taken off every packet since */
} ClockStep;

static gboolean
starts_key_frame (const guint8 *payload,
                  guint         size)
{
  guint type;

  if (size < 2)
    return FALSE;
  type = payload[0] & 0x1f;
  if (type == 24 && size >= 4)
    type = payload[3] & 0x1f;
  else if (type == 28)
    type = (payload[1] & 0x80) ? (payload[1] & 0x1f) : 0;
  return type == 5 || type == 7;
}

static void
step_clock (gpointer   data,
            GstBuffer *buffer)
{
  ClockStep *step = data;
  GstRTPBuffer rtp = GST_RTP_BUFFER_INIT;
  guint32 ts;

  if (!gst_rtp_buffer_map (buffer, GST_MAP_READWRITE, &rtp))
    return;
  ts = gst_rtp_buffer_get_timestamp (&rtp);
  if (!step->started)
    {
      step->started = TRUE;
      step->first = ts;
    }
  /* 2 s in, at the next key frame */
  if (!g_atomic_int_get (&step->stepped) && ts - step->first > 2 * 90000 &&
      starts_key_frame (gst_rtp_buffer_get_payload (&rtp), gst_rtp_buffer_get_payload_len (&rtp)))
    {
      step->step = 90000 / 2;
      g_atomic_int_set (&step->stepped, 1);
    }
  gst_rtp_buffer_set_timestamp (&rtp, ts - step->step);
  gst_rtp_buffer_unmap (&rtp);
}

static GstPadProbeReturn
on_pay_src_cb (GstPad          *pad,
               GstPadProbeInfo *info,
               gpointer         user_data)
{
  probe_each_buffer (info, TRUE, step_clock, user_data);
  return GST_PAD_PROBE_OK;
}

static void
on_media_configure_cb (GstRTSPMediaFactory *factory,
                       GstRTSPMedia        *media,
                       ClockStep           *step)
{
  g_autoptr(GstElement) bin = gst_rtsp_media_get_element (media);
  g_autoptr(GstElement) pay = gst_bin_get_by_name (GST_BIN (bin), "pay0");
  g_autoptr(GstPad) src = gst_element_get_static_pad (pay, "src");

  /* the media may outlive the test: the probe holds its own reference */
  gst_pad_add_probe (src, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST, on_pay_src_cb,
                     g_atomic_rc_box_acquire (step), (GDestroyNotify) g_atomic_rc_box_release);
}

static void
clock_step_release (gpointer  data,
                    GClosure *closure)
{
  g_atomic_rc_box_release (data);
}

static void
test_clock_steps_back (void)
{
  g_autoptr(GstRTSPServer) server = NULL;
  GstRTSPMediaFactory *factory = gst_rtsp_media_factory_new ();
  ClockStep *step = g_atomic_rc_box_new0 (ClockStep);
  g_autofree char *uri = NULL;
  guint server_id;
  Rx *rx;

  gst_rtsp_media_factory_set_launch (factory, PLAIN_LAUNCH);
  g_signal_connect_data (factory, "media-configure", G_CALLBACK (on_media_configure_cb),
                         g_atomic_rc_box_acquire (step), clock_step_release, 0);
  server = server_new_in_process (factory, NULL, &uri, &server_id);

  rx = rx_start (uri);
  g_assert_true (rx_wait_buffers (rx, 20, 20));
  for (guint i = 0; i < 200 && !g_atomic_int_get (&step->stepped); i++)
    run_for (0.05);
  g_assert_true (g_atomic_int_get (&step->stepped));
  /* two more key frames */
  run_for (2.0);
  g_test_message ("%d buffers, %d timestamped before the one before", g_atomic_int_get (&rx->buffers),
                  g_atomic_int_get (&rx->backwards));
  g_assert_cmpint (g_atomic_int_get (&rx->backwards), ==, 0);
  rx_stop (rx);
  /* the TEARDOWN stops the media */
  run_for (0.5);
  g_source_remove (server_id);
  g_atomic_rc_box_release (step);
}

/* 2. The server goes away mid-stream: an error that names the URI, and
 * the receiver stops at once. */
static void
test_server_closes (void)
{
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  guint16 port = rec_free_port ();
  double stop_s;
  Rx *rx;

  server = start_server (port, NULL);
  uri = g_strdup_printf ("rtsp://127.0.0.1:%u/test", port);
  rx = rx_start (uri);
  g_assert_true (rx_wait_buffers (rx, 20, 20));
  stop_process (server);
  error = rx_wait_error (rx, 10);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, uri));
  stop_s = rx_stop (rx);
  g_assert_cmpfloat (stop_s, <, 2.0);
}

/* ------------------------------------------------------------------ */
/* 3. keep-alive: a server whose sessions time out after 2 s            */

typedef struct
{
  guint keepalives;
} ServerCounts;

static void
on_keepalive_request_cb (GstRTSPClient  *client,
                         GstRTSPContext *ctx,
                         ServerCounts   *counts)
{
  counts->keepalives++;
}

static void
on_new_session_cb (GstRTSPClient  *client,
                   GstRTSPSession *session,
                   gpointer        user_data)
{
  gst_rtsp_session_set_timeout (session, 2);
  g_object_set (session, "extra-timeout", 0u, NULL);
}

static void
on_client_connected_cb (GstRTSPServer *server,
                        GstRTSPClient *client,
                        ServerCounts  *counts)
{
  g_signal_connect (client, "new-session", G_CALLBACK (on_new_session_cb), NULL);
  g_signal_connect (client, "options-request", G_CALLBACK (on_keepalive_request_cb), counts);
  g_signal_connect (client, "get-parameter-request", G_CALLBACK (on_keepalive_request_cb), counts);
}

static gboolean
on_cleanup_cb (gpointer data)
{
  GstRTSPSessionPool *pool = data;

  gst_rtsp_session_pool_cleanup (pool);
  return G_SOURCE_CONTINUE;
}

static void
test_keepalive (void)
{
  g_autoptr(GstRTSPServer) server = NULL;
  g_autoptr(GstRTSPSessionPool) pool = NULL;
  GstRTSPMediaFactory *factory = gst_rtsp_media_factory_new ();
  ServerCounts counts = { 0 };
  g_autofree char *uri = NULL;
  g_autoptr(GError) error = NULL;
  guint server_id, cleanup_id;
  gint64 idle_us;
  guint keepalives_before;
  Rx *rx;

  gst_rtsp_media_factory_set_launch (factory, PLAIN_LAUNCH);
  gst_rtsp_media_factory_set_shared (factory, TRUE);
  server = server_new_in_process (factory, NULL, &uri, &server_id);
  pool = gst_rtsp_server_get_session_pool (server);
  g_signal_connect (server, "client-connected", G_CALLBACK (on_client_connected_cb), &counts);
  cleanup_id = g_timeout_add (200, on_cleanup_cb, pool);

  rx = rx_start (uri);
  g_assert_true (rx_wait_buffers (rx, 20, 20));
  keepalives_before = counts.keepalives;
  /* three times the session's timeout */
  run_for (6.5);
  error = rx_wait_error (rx, 0);
  g_assert_no_error (error);
  idle_us = g_get_monotonic_time () - rx->started - (gint64) g_atomic_int_get (&rx->last_buffer_ms) * 1000;
  g_test_message ("after 6.5 s: %u keep-alive requests, %u session(s), last buffer %.2f s ago",
                  counts.keepalives - keepalives_before, gst_rtsp_session_pool_get_n_sessions (pool),
                  idle_us / 1e6);
  g_assert_cmpint (idle_us, <, G_USEC_PER_SEC / 2);
  g_assert_cmpuint (gst_rtsp_session_pool_get_n_sessions (pool), ==, 1);
  g_assert_cmpuint (counts.keepalives - keepalives_before, >=, 3);
  rx_stop (rx);

  /* the TEARDOWN ends the session (with the pool's clean-up stopped, a
   * session that only timed out would stay) */
  g_source_remove (cleanup_id);
  for (guint i = 0; i < 250 && gst_rtsp_session_pool_get_n_sessions (pool) > 0; i++)
    run_for (0.02);
  g_source_remove (server_id);
  g_assert_cmpuint (gst_rtsp_session_pool_get_n_sessions (pool), ==, 0);
}

/* 3b. A server that takes Digest logins only: the receiver logs in with
 * the URI's user and password (and keeps the session), and a wrong
 * password is an error that names the URI, without the password, and the
 * server's answer. */
static void
test_digest (void)
{
  g_autoptr(GstRTSPServer) server = NULL;
  g_autoptr(GstRTSPAuth) auth = gst_rtsp_auth_new ();
  g_autoptr(GstRTSPToken) token = gst_rtsp_token_new (GST_RTSP_TOKEN_MEDIA_FACTORY_ROLE, G_TYPE_STRING, "operator", NULL);
  GstRTSPMediaFactory *factory = gst_rtsp_media_factory_new ();
  g_autofree char *uri = NULL;
  g_autofree char *wrong = NULL;
  g_autofree char *shown = NULL;
  g_autoptr(GError) error = NULL;
  guint server_id;
  Rx *rx;

  gst_rtsp_auth_set_supported_methods (auth, GST_RTSP_AUTH_DIGEST);
  gst_rtsp_auth_add_digest (auth, "operator", "hòa-bình 7", token);
  gst_rtsp_media_factory_set_launch (factory, PLAIN_LAUNCH);
  gst_rtsp_media_factory_add_role (factory, "operator",
                                   GST_RTSP_PERM_MEDIA_FACTORY_ACCESS, G_TYPE_BOOLEAN, TRUE,
                                   GST_RTSP_PERM_MEDIA_FACTORY_CONSTRUCT, G_TYPE_BOOLEAN, TRUE, NULL);
  server = server_new_in_process (factory, "operator:h%C3%B2a-b%C3%ACnh%207@", &uri, &server_id);
  gst_rtsp_server_set_auth (server, auth);

  rx = rx_start (uri);
  g_assert_true (rx_wait_buffers (rx, 100, 20));
  error = rx_wait_error (rx, 0);
  g_assert_no_error (error);
  rx_stop (rx);

  wrong = g_strdup_printf ("rtsp://operator:guess@127.0.0.1:%d/test", gst_rtsp_server_get_bound_port (server));
  shown = g_strdup_printf ("rtsp://127.0.0.1:%d/test", gst_rtsp_server_get_bound_port (server));
  rx = rx_start (wrong);
  error = rx_wait_error (rx, 10);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, shown));
  g_assert_nonnull (strstr (error->message, "401"));
  g_assert_null (strstr (error->message, "guess"));
  g_assert_cmpint (g_atomic_int_get (&rx->buffers), ==, 0);
  rx_stop (rx);

  run_for (0.5);
  g_source_remove (server_id);
}

/* 3c. Receiver reports (one a second after PLAY, then every 5 s): within
 * two of them, the server's RTP session has heard, from a source other
 * than its own, a report on the stream it sends (what a server that
 * drops silent clients looks for), over UDP and over RTP in the RTSP
 * connection. */

static void
on_media_keep_cb (GstRTSPMediaFactory *factory,
                  GstRTSPMedia        *media,
                  GstRTSPMedia       **kept)
{
  g_set_object (kept, media);
}

/* whether a source other than the server's own reported on its stream */
static gboolean
server_heard_report (GstRTSPMedia *media)
{
  g_autoptr(GstRTSPStream) stream = gst_rtsp_media_get_stream (media, 0) != NULL ?
                                    g_object_ref (gst_rtsp_media_get_stream (media, 0)) : NULL;
  g_autoptr(GObject) session = NULL;
  g_autoptr(GstStructure) stats = NULL;
  const GValue *sources;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GValueArray *array;
  G_GNUC_END_IGNORE_DEPRECATIONS
  gboolean heard = FALSE;

  if (stream == NULL || (session = gst_rtsp_stream_get_rtpsession (stream)) == NULL)
    return FALSE;
  g_object_get (session, "stats", &stats, NULL);
  sources = gst_structure_get_value (stats, "source-stats");
  g_assert_true (sources != NULL && G_VALUE_HOLDS_BOXED (sources));
  /* rtpsession's stats are a GValueArray */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  array = g_value_get_boxed (sources);
  G_GNUC_END_IGNORE_DEPRECATIONS
  for (guint i = 0; array != NULL && i < array->n_values; i++)
    {
      const GstStructure *source = gst_value_get_structure (&array->values[i]);
      gboolean internal = TRUE, have_rb = FALSE;
      guint exthighestseq = 0;

      gst_structure_get (source, "internal", G_TYPE_BOOLEAN, &internal, "have-rb", G_TYPE_BOOLEAN, &have_rb,
                         "rb-exthighestseq", G_TYPE_UINT, &exthighestseq, NULL);
      if (!internal && have_rb && exthighestseq > 0)
        heard = TRUE;
    }
  return heard;
}

static void
test_receiver_reports (void)
{
  g_autoptr(GstRTSPServer) server = NULL;
  GstRTSPMediaFactory *factory = gst_rtsp_media_factory_new ();
  g_autofree char *uri = NULL;
  guint server_id;

  gst_rtsp_media_factory_set_launch (factory, PLAIN_LAUNCH);
  server = server_new_in_process (factory, NULL, &uri, &server_id);
  for (guint tcp = 0; tcp < 2; tcp++)
    {
      g_autoptr(GstRTSPMedia) media = NULL;
      g_autofree char *location = tcp ? g_strdup_printf ("rtspt%s", uri + strlen ("rtsp")) : g_strdup (uri);
      gulong handler = g_signal_connect (factory, "media-configure", G_CALLBACK (on_media_keep_cb), &media);
      gboolean heard = FALSE;
      gint64 end;
      Rx *rx;

      rx = rx_start (location);
      g_assert_true (rx_wait_buffers (rx, 20, 20));
      g_assert_nonnull (media);
      end = g_get_monotonic_time () + 8 * G_USEC_PER_SEC;
      while (!(heard = server_heard_report (media)) && g_get_monotonic_time () < end)
        run_for (0.1);
      g_test_message ("%s: the server %s a receiver report", location, heard ? "got" : "did not get");
      g_assert_true (heard);
      rx_stop (rx);
      run_for (0.3);
      g_signal_handler_disconnect (factory, handler);
    }
  g_source_remove (server_id);
}

/* 4. Ten start/stop cycles (UDP and, every other one, RTP in the RTSP
 * connection) leave no file descriptor behind. */
static void
test_no_fd_leak (void)
{
  g_autoptr(GSubprocess) server = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *uri_tcp = NULL;
  guint16 port = rec_free_port ();
  guint before, after = 0;
  gint64 end;

  server = start_server (port, NULL);
  uri = g_strdup_printf ("rtsp://127.0.0.1:%u/test", port);
  uri_tcp = g_strdup_printf ("rtspt://127.0.0.1:%u/test", port);

  /* once first: GStreamer and GLib open what they keep for good */
  {
    Rx *rx = rx_start (uri);

    g_assert_true (rx_wait_buffers (rx, 5, 20));
    rx_stop (rx);
  }
  before = count_fds ();
  for (guint i = 0; i < 10; i++)
    {
      Rx *rx = rx_start (i % 2 == 0 ? uri : uri_tcp);
      double stop_s;

      g_assert_true (rx_wait_buffers (rx, 5, 20));
      stop_s = rx_stop (rx);
      g_assert_cmpfloat (stop_s, <, 2.0);
    }
  end = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < end && (after = count_fds ()) > before)
    run_for (0.1);
  g_test_message ("descriptors: %u before, %u after 10 cycles", before, after);
  g_assert_cmpuint (after, <=, before);
  stop_process (server);
}

/* 5. Nothing listens: the recorder's error names the URI (without the
 * password) and the reason. */
static void
test_refused (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnSource) source = NULL;
  g_autoptr(PlnRecorder) recorder = NULL;
  g_autofree char *rec_dir = g_build_filename (fixture->dir, "recording", NULL);
  guint16 port = rec_free_port ();
  g_autofree char *uri = g_strdup_printf ("rtsp://admin:hunter2@127.0.0.1:%u/live", port);
  g_autofree char *shown = g_strdup_printf ("Cannot reach rtsp://127.0.0.1:%u/live: connection refused", port);
  const GError *failure;

  source = pln_source_new (uri, &error);
  g_assert_true (pln_source_uses_own_rtsp_receiver (source));
  recorder = pln_recorder_new (source, rec_dir);
  pln_recorder_set_min_free_bytes (recorder, 1000000);
  g_assert_true (pln_recorder_start (recorder, &error));
  g_assert_false (rec_run_until_state (recorder, PLN_RECORDER_STATE_RECORDING, 20));
  failure = pln_recorder_get_error (recorder);
  g_assert_nonnull (failure);
  g_assert_cmpstr (failure->message, ==, shown);
}

/* 6. Which client reads a source: the receiver for rtsp:// by default,
 * rtspsrc when PLENARY_RTSP_RECEIVER=rtspsrc, and always for rtsps://
 * (the receiver speaks no TLS). */
static void
test_choice (void)
{
  const struct { const char *uri; const char *env; gboolean own; } cases[] = {
    { "rtsp://127.0.0.1:8554/live", NULL, TRUE },
    { "rtspt://127.0.0.1:8554/live", NULL, TRUE },
    { "rtsp://127.0.0.1:8554/live", "plenary", TRUE },
    { "rtsp://127.0.0.1:8554/live", "rtspsrc", FALSE },
    { "rtsps://127.0.0.1:8554/live", NULL, FALSE },
    { "rtsps://127.0.0.1:8554/live", "plenary", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PlnSource) source = pln_source_new (cases[i].uri, &error);

      g_assert_no_error (error);
      if (cases[i].env != NULL)
        g_setenv ("PLENARY_RTSP_RECEIVER", cases[i].env, TRUE);
      else
        g_unsetenv ("PLENARY_RTSP_RECEIVER");
      g_assert_cmpint (pln_source_uses_own_rtsp_receiver (source), ==, cases[i].own);
    }
  g_unsetenv ("PLENARY_RTSP_RECEIVER");
}

int
main (int    argc,
      char **argv)
{
  /* the receiver, whatever the environment says (see test_choice) */
  g_unsetenv ("PLENARY_RTSP_RECEIVER");
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  /* first, while no other thread may read the environment it changes */
  g_test_add_func ("/rtsp-receiver/choice", test_choice);
  g_test_add ("/rtsp-receiver/reorder-loss", Fixture, NULL, fixture_set_up, test_reorder_loss, fixture_tear_down);
  g_test_add_func ("/rtsp-receiver/clients-join", test_clients_join);
  g_test_add_func ("/rtsp-receiver/clock-steps-back", test_clock_steps_back);
  g_test_add_func ("/rtsp-receiver/server-closes", test_server_closes);
  g_test_add_func ("/rtsp-receiver/keep-alive", test_keepalive);
  g_test_add_func ("/rtsp-receiver/digest", test_digest);
  g_test_add_func ("/rtsp-receiver/receiver-reports", test_receiver_reports);
  g_test_add_func ("/rtsp-receiver/no-fd-leak", test_no_fd_leak);
  g_test_add ("/rtsp-receiver/refused", Fixture, NULL, fixture_set_up, test_refused, fixture_tear_down);
  return g_test_run ();
}
