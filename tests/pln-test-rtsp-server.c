/* pln-test-rtsp-server.c: a tiny RTSP server for tests, on 127.0.0.1 only.
 *
 *   pln-test-rtsp-server PORT [LAUNCH]
 *
 * Serves rtsp://127.0.0.1:PORT/test: by default H.264 (x264enc
 * tune=zerolatency, 320x240, 25 fps, a keyframe a second) and AAC from
 * videotestsrc/audiotestsrc; LAUNCH replaces the launch line (payloaders
 * named pay0, pay1…). Prints "READY" on stdout once it listens, and runs
 * until killed.
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
  "  ! rtpmp4gpay name=pay1 pt=97 )"

int
main (int    argc,
      char **argv)
{
  GMainLoop *loop;
  GstRTSPServer *server;
  GstRTSPMountPoints *mounts;
  GstRTSPMediaFactory *factory;

  gst_init (&argc, &argv);
  if (argc < 2)
    {
      fprintf (stderr, "usage: %s PORT [LAUNCH]\n", argv[0]);
      return 2;
    }

  loop = g_main_loop_new (NULL, FALSE);
  server = gst_rtsp_server_new ();
  gst_rtsp_server_set_address (server, "127.0.0.1");
  gst_rtsp_server_set_service (server, argv[1]);

  factory = gst_rtsp_media_factory_new ();
  gst_rtsp_media_factory_set_launch (factory, argc > 2 ? argv[2] : DEFAULT_LAUNCH);
  gst_rtsp_media_factory_set_shared (factory, TRUE);

  mounts = gst_rtsp_server_get_mount_points (server);
  gst_rtsp_mount_points_add_factory (mounts, "/test", factory);
  g_object_unref (mounts);

  if (gst_rtsp_server_attach (server, NULL) == 0)
    {
      fprintf (stderr, "cannot listen on 127.0.0.1:%s\n", argv[1]);
      return 1;
    }
  printf ("READY\n");
  fflush (stdout);
  g_main_loop_run (loop);
  return 0;
}
