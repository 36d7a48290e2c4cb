/* bench/packager: Plenary's packager beside ffmpeg's stream copy, same run.
 *
 *   ninja -C BUILD bench/packager && BUILD/bench/packager [MINUTES] [WIDTHxHEIGHT]
 *
 * Makes a recording folder as the recorder writes it (fragmented MP4 from
 * mp4mux, H.264 + AAC, a keyframe a second), MINUTES of media (5 by
 * default) in two segment files with a lost link between them, then times,
 * best of three:
 *   - HLS publishing: Plenary's byte-range playlist over the segments
 *     (reads the boxes, copies no media) vs `ffmpeg -f concat -c copy -f hls
 *     -hls_segment_type fmp4` (rewrites the media into new fragments);
 *   - one MP4 with its index in front: Plenary's packager vs `ffmpeg -f
 *     concat -c copy -movflags +faststart`;
 *   - the same with the first and last 10 % cut off (Plenary: a cut at the
 *     key frame before plus an edit list; ffmpeg: -ss/-t before the input,
 *     which also cuts at the key frame before).
 * Prints each figure as seconds and as a realtime factor (media seconds per
 * second of work), and the ratio. Not a test: nothing is asserted.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <stdio.h>

#include "pln-hls-playlist.h"
#include "pln-manifest.h"
#include "pln-packager.h"

#define RUNS 3

static void
die (const char *what,
     GError     *error)
{
  fprintf (stderr, "bench/packager: %s: %s\n", what, error != NULL ? error->message : "failed");
  exit (1);
}

static void
make_segment (const char *path,
              int         seconds,
              int         width,
              int         height,
              int         pattern)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;
  g_autofree char *description = g_strdup_printf (
    "videotestsrc num-buffers=%d pattern=%d horizontal-speed=2 ! "
    "video/x-raw,width=%d,height=%d,framerate=25/1 ! videoconvert ! video/x-raw,format=I420 ! "
    "x264enc key-int-max=25 speed-preset=ultrafast bitrate=%d ! video/x-h264,profile=main ! h264parse ! queue ! mux. "
    "audiotestsrc num-buffers=%d samplesperbuffer=1024 ! audio/x-raw,rate=48000,channels=2 ! "
    "audioconvert ! avenc_aac ! aacparse ! queue ! mux. "
    "mp4mux name=mux fragment-duration=1000 ! filesink name=sink",
    seconds * 25, pattern, width, height, MAX (300, width * height / 400), seconds * 48000 / 1024);

  pipeline = gst_parse_launch (description, &error);
  if (pipeline == NULL)
    die ("cannot build the encoder", error);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_object_set (sink, "location", path, NULL);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  bus = gst_element_get_bus (pipeline);
  message = gst_bus_timed_pop_filtered (bus, GST_CLOCK_TIME_NONE, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  if (GST_MESSAGE_TYPE (message) != GST_MESSAGE_EOS)
    die ("cannot encode the test recording", NULL);
  gst_element_set_state (pipeline, GST_STATE_NULL);
}

static double
time_command (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  gint64 start = g_get_monotonic_time ();
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &err, &status, &error))
    die (argv[0], error);
  if (!g_spawn_check_wait_status (status, &error))
    {
      fprintf (stderr, "%s", err);
      die (argv[0], error);
    }
  return (g_get_monotonic_time () - start) / 1e6;
}

static void
remove_tree (const char *path)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", path);

  if (system (command) != 0)
    fprintf (stderr, "bench/packager: cannot remove %s\n", path);
}

static void
report (const char *what,
        double      media,
        double      ours,
        double      peer)
{
  printf ("%-34s Plenary %8.3f s (%7.0f× realtime)   ffmpeg %8.3f s (%7.0f× realtime)   ratio %.2f\n",
          what, ours, media / ours, peer, media / peer, peer / ours);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnManifest) manifest = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *rec = NULL;
  g_autofree char *list = NULL;
  g_autofree char *list_text = NULL;
  g_autofree char *seg0 = NULL;
  g_autofree char *seg1 = NULL;
  double minutes = argc > 1 ? g_ascii_strtod (argv[1], NULL) : 5;
  int width = 640, height = 360;
  int half;
  double media;
  double best_hls = G_MAXDOUBLE, best_ffhls = G_MAXDOUBLE;
  double best_mp4 = G_MAXDOUBLE, best_ffmp4 = G_MAXDOUBLE;
  double best_trim = G_MAXDOUBLE, best_fftrim = G_MAXDOUBLE;
  char cut[G_ASCII_DTOSTR_BUF_SIZE], keep[G_ASCII_DTOSTR_BUF_SIZE];

  gst_init (&argc, &argv);
  if (argc > 2 && sscanf (argv[2], "%dx%d", &width, &height) != 2)
    {
      fprintf (stderr, "usage: %s [MINUTES] [WIDTHxHEIGHT]\n", argv[0]);
      return 2;
    }
  half = MAX (2, (int) (minutes * 30));

  dir = g_dir_make_tmp ("plenary-bench-packager-XXXXXX", &error);
  if (dir == NULL)
    die ("temporary folder", error);
  rec = g_build_filename (dir, "rec", NULL);

  manifest = pln_manifest_new (rec, "test://bench");
  pln_manifest_add_segment (manifest, 0);
  pln_manifest_close_segment (manifest, half * 1000, 0);
  pln_manifest_add_gap (manifest, half * 1000, half * 1000 + 10000, "bench");
  pln_manifest_add_segment (manifest, half * 1000 + 10000);
  pln_manifest_close_segment (manifest, half * 1000, 0);
  pln_manifest_set_state (manifest, PLN_MANIFEST_STATE_STOPPED);
  if (!pln_manifest_save (manifest, &error))
    die ("manifest", error);
  seg0 = pln_manifest_dup_segment_path (manifest, 0);
  seg1 = pln_manifest_dup_segment_path (manifest, 1);

  printf ("Encoding %d s of %dx%d H.264 + AAC in two segments…\n", 2 * half, width, height);
  fflush (stdout);
  make_segment (seg0, half, width, height, 0);
  make_segment (seg1, half, width, height, 18);
  media = 2.0 * half;
  g_ascii_formatd (cut, sizeof cut, "%.3f", media / 10);
  g_ascii_formatd (keep, sizeof keep, "%.3f", media * 0.8);

  list = g_build_filename (dir, "list.txt", NULL);
  list_text = g_strdup_printf ("file '%s'\nfile '%s'\n", seg0, seg1);
  if (!g_file_set_contents (list, list_text, -1, &error))
    die ("concat list", error);

  for (int run = 0; run < RUNS; run++)
    {
      g_autofree char *out = g_build_filename (dir, "out", NULL);
      g_autofree char *ffhls = g_build_filename (dir, "ffhls", NULL);
      g_autofree char *ffhls_playlist = g_build_filename (ffhls, "playlist.m3u8", NULL);
      g_autofree char *ffhls_segments = g_build_filename (ffhls, "seg%05d.m4s", NULL);
      g_autofree char *ffmp4 = g_build_filename (dir, "ffmpeg.mp4", NULL);
      g_autoptr(PlnPackager) packager = NULL;
      g_autoptr(PlnManifest) loaded = NULL;
      g_autofree char *playlist = NULL;
      const char *hls_argv[] = {
        "ffmpeg", "-v", "error", "-y", "-f", "concat", "-safe", "0", "-i", list, "-c", "copy",
        "-f", "hls", "-hls_time", "6", "-hls_segment_type", "fmp4", "-hls_playlist_type", "vod",
        "-hls_segment_filename", ffhls_segments, ffhls_playlist, NULL
      };
      const char *mp4_argv[] = {
        "ffmpeg", "-v", "error", "-y", "-f", "concat", "-safe", "0", "-i", list, "-c", "copy",
        "-movflags", "+faststart", ffmp4, NULL
      };
      const char *trim_argv[] = {
        "ffmpeg", "-v", "error", "-y", "-ss", cut, "-t", keep, "-f", "concat", "-safe", "0", "-i", list,
        "-c", "copy", "-movflags", "+faststart", ffmp4, NULL
      };
      gint64 start;
      double seconds;

      /* HLS: Plenary reads the manifest and the boxes and writes a playlist. */
      start = g_get_monotonic_time ();
      loaded = pln_manifest_load (rec, &error);
      if (loaded == NULL)
        die ("manifest", error);
      playlist = pln_hls_playlist_build (loaded, "", FALSE, NULL, &error);
      if (playlist == NULL)
        die ("playlist", error);
      seconds = (g_get_monotonic_time () - start) / 1e6;
      best_hls = MIN (best_hls, seconds);

      g_mkdir (ffhls, 0755);
      best_ffhls = MIN (best_ffhls, time_command (hls_argv));
      remove_tree (ffhls);

      /* One MP4 with the index in front. */
      packager = pln_packager_new (rec, out, PLN_PACKAGE_MP4);
      start = g_get_monotonic_time ();
      if (!pln_packager_run (packager, NULL, &error))
        die ("packager", error);
      seconds = (g_get_monotonic_time () - start) / 1e6;
      best_mp4 = MIN (best_mp4, seconds);
      remove_tree (out);

      best_ffmp4 = MIN (best_ffmp4, time_command (mp4_argv));
      g_remove (ffmp4);

      /* The same, trimmed by a tenth at each end. */
      g_clear_object (&packager);
      packager = pln_packager_new (rec, out, PLN_PACKAGE_MP4);
      pln_packager_set_trim (packager, (gint64) (media * 100), (gint64) (media * 100));
      start = g_get_monotonic_time ();
      if (!pln_packager_run (packager, NULL, &error))
        die ("packager (trimmed)", error);
      seconds = (g_get_monotonic_time () - start) / 1e6;
      best_trim = MIN (best_trim, seconds);
      remove_tree (out);

      best_fftrim = MIN (best_fftrim, time_command (trim_argv));
      g_remove (ffmp4);
    }

  printf ("Media: %.0f s in 2 segments, %s; best of %d runs\n", media, rec, RUNS);
  report ("HLS (playlist, no copy vs remux)", media, best_hls, best_ffhls);
  report ("MP4 with index in front", media, best_mp4, best_ffmp4);
  report ("MP4, 10 % cut off each end", media * 0.8, best_trim, best_fftrim);

  remove_tree (dir);
  return 0;
}
