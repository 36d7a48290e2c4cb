/* pln-test-rtsp-server.c: a tiny RTSP server for tests, on 127.0.0.1 only.
 *
 *   pln-test-rtsp-server [--freeze-audio-after S] [--live-play] PORT [LAUNCH]
 *
 * Serves rtsp://127.0.0.1:PORT/test: by default H.264 (x264enc
 * tune=zerolatency, 320x240, 25 fps, a keyframe a second) and AAC from
 * videotestsrc/audiotestsrc; LAUNCH replaces the launch line (payloaders
 * named pay0, pay1…). Prints "READY" on stdout once it listens, and runs
 * until killed.
 *
 * --freeze-audio-after S: a fault for the recorder's tests. Each client
 * gets its own media, whose audio stops S seconds after it starts while
 * its video goes on (the valve named "audiogate" in the launch line
 * closes), as a camera whose audio encoder hangs. A recorder's muxer then
 * holds the video waiting for audio that never comes.
 *
 * --live-play: PLAY plays from now whatever Range the client asks for,
 * as a camera does. Otherwise gst-rtsp-server 1.22 seeks the shared
 * media back to its start for a client that asks for "npt=0-" (ffmpeg
 * does), and every client already playing loses packets (and the server
 * may abort, rtsp-media.c gst_rtsp_media_get_rates). For the benchmark,
 * where ffmpeg and Plenary share the server.
 */
#include "config.h"

#include <gst/gst.h>
#include <gst/rtsp-server/rtsp-server.h>
#include <stdio.h>
#include <stdlib.h>

#define DEFAULT_LAUNCH \
  "( videotestsrc is-live=true pattern=smpte horizontal-speed=2 " \
  "  ! video/x-raw,width=320,height=240,framerate=25/1 ! videoconvert " \
  "  ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=25 bitrate=400 " \
  "  ! video/x-h264,profile=main ! rtph264pay name=pay0 pt=96 config-interval=1 " \
  "  audiotestsrc is-live=true wave=sine freq=440 volume=0.2 " \
  "  ! audio/x-raw,rate=48000,channels=2 ! audioconvert ! avenc_aac bitrate=64000 " \
  "  ! valve name=audiogate ! rtpmp4gpay name=pay1 pt=97 )"

static int freeze_after = 0;

static gboolean
on_freeze_cb (gpointer data)
{
  GWeakRef *ref = data;
  g_autoptr(GstElement) gate = g_weak_ref_get (ref);

  if (gate != NULL)
    {
      g_object_set (gate, "drop", TRUE, NULL);
      printf ("FROZE\n");
      fflush (stdout);
    }
  return G_SOURCE_REMOVE;
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

static void
on_media_configure_cb (GstRTSPMediaFactory *factory,
                       GstRTSPMedia        *media,
                       gpointer             user_data)
{
  g_autoptr(GstElement) element = gst_rtsp_media_get_element (media);
  GstElement *gate = gst_bin_get_by_name (GST_BIN (element), "audiogate");
  GWeakRef *ref;

  if (gate == NULL)
    return;
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, gate);
  g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, (guint) freeze_after, on_freeze_cb, ref, weak_ref_free);
  gst_object_unref (gate);
}

static GstRTSPStatusCode
on_pre_play_request_cb (GstRTSPClient  *client,
                        GstRTSPContext *ctx,
                        gpointer        user_data)
{
  gst_rtsp_message_remove_header (ctx->request, GST_RTSP_HDR_RANGE, -1);
  return GST_RTSP_STS_OK;
}

static void
on_client_connected_cb (GstRTSPServer *server,
                        GstRTSPClient *client,
                        gpointer       user_data)
{
  g_signal_connect (client, "pre-play-request", G_CALLBACK (on_pre_play_request_cb), NULL);
}

int
main (int    argc,
      char **argv)
{
  GMainLoop *loop;
  GstRTSPServer *server;
  GstRTSPMountPoints *mounts;
  GstRTSPMediaFactory *factory;
  gboolean live_play = FALSE;
  int arg = 1;

  gst_init (&argc, &argv);
  while (TRUE)
    {
      if (argc > arg + 1 && g_str_equal (argv[arg], "--freeze-audio-after"))
        {
          freeze_after = atoi (argv[arg + 1]);
          arg += 2;
        }
      else if (argc > arg && g_str_equal (argv[arg], "--live-play"))
        {
          live_play = TRUE;
          arg++;
        }
      else
        break;
    }
  if (argc <= arg || freeze_after < 0)
    {
      fprintf (stderr, "usage: %s [--freeze-audio-after S] [--live-play] PORT [LAUNCH]\n", argv[0]);
      return 2;
    }

  loop = g_main_loop_new (NULL, FALSE);
  server = gst_rtsp_server_new ();
  gst_rtsp_server_set_address (server, "127.0.0.1");
  gst_rtsp_server_set_service (server, argv[arg]);

  factory = gst_rtsp_media_factory_new ();
  gst_rtsp_media_factory_set_launch (factory, argc > arg + 1 ? argv[arg + 1] : DEFAULT_LAUNCH);
  /* a fresh media (and a fresh freeze) for every client */
  gst_rtsp_media_factory_set_shared (factory, freeze_after == 0);
  if (freeze_after > 0)
    g_signal_connect (factory, "media-configure", G_CALLBACK (on_media_configure_cb), NULL);

  if (live_play)
    g_signal_connect (server, "client-connected", G_CALLBACK (on_client_connected_cb), NULL);

  mounts = gst_rtsp_server_get_mount_points (server);
  gst_rtsp_mount_points_add_factory (mounts, "/test", factory);
  g_object_unref (mounts);

  if (gst_rtsp_server_attach (server, NULL) == 0)
    {
      fprintf (stderr, "cannot listen on 127.0.0.1:%s\n", argv[arg]);
      return 1;
    }
  printf ("READY\n");
  fflush (stdout);
  g_main_loop_run (loop);
  return 0;
}
