/* test-recorder.c: the recorder against real peers on 127.0.0.1 (the test
 * RTSP server, ffmpeg as an SRT caller) and test:// pictures, checked with
 * ffprobe and ffmpeg. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <stdlib.h>

#include "pln-disk-guard.h"
#include "pln-mosaic.h"
#include "pln-recorder.h"
#include "test-recorder-helpers.h"

typedef struct
{
  char *dir;
  char *rec_dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = g_dir_make_tmp ("plenary-recorder-XXXXXX", NULL);
  g_assert_nonnull (fixture->dir);
  fixture->rec_dir = g_build_filename (fixture->dir, "recording", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", fixture->dir);

  g_assert_cmpint (system (command), ==, 0);
  g_free (fixture->rec_dir);
  g_free (fixture->dir);
}

static void
run_for (double seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
}

static void
stop_and_wait (PlnRecorder *recorder)
{
  pln_recorder_stop (recorder);
  g_assert_true (rec_run_until_state (recorder, PLN_RECORDER_STATE_STOPPED, 10));
}

/* TRUE once something accepts connections on 127.0.0.1:@port */
static gboolean
wait_for_port (guint16 port,
               double  timeout_s)
{
  gint64 end = g_get_monotonic_time () + (gint64) (timeout_s * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < end)
    {
      g_autoptr(GSocketClient) client = g_socket_client_new ();
      g_autoptr(GSocketConnection) connection = NULL;

      connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);
      if (connection != NULL)
        return TRUE;
      run_for (0.1);
    }
  return FALSE;
}

/* nginx (a test dependency, Debian's nginx-light) serving @root over HTTP
 * on 127.0.0.1:@port, in the foreground; it dies with the test. */
static GSubprocess *
start_http_server (const char *root,
                   guint16     port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *nginx = g_find_program_in_path ("nginx");
  g_autofree char *parent = g_path_get_dirname (root);
  g_autofree char *prefix = g_build_filename (parent, "nginx", NULL);
  g_autofree char *conf_path = g_build_filename (prefix, "nginx.conf", NULL);
  g_autofree char *log_path = g_build_filename (prefix, "error.log", NULL);
  g_autofree char *conf = NULL;
  GSubprocess *server;

  if (nginx == NULL && g_file_test ("/usr/sbin/nginx", G_FILE_TEST_IS_EXECUTABLE))
    nginx = g_strdup ("/usr/sbin/nginx");
  g_assert_nonnull (nginx);   /* Debian: nginx-light */
  g_assert_cmpint (g_mkdir_with_parents (prefix, 0755), ==, 0);
  conf = g_strdup_printf ("daemon off;\n"
                          "master_process off;\n"
                          "pid %s/nginx.pid;\n"
                          "error_log %s warn;\n"
                          "events { worker_connections 64; }\n"
                          "http {\n"
                          "  access_log off;\n"
                          "  types { application/vnd.apple.mpegurl m3u8; video/mp2t ts; }\n"
                          "  server { listen 127.0.0.1:%u; root %s; }\n"
                          "}\n",
                          prefix, log_path, port, root);
  g_assert_true (g_file_set_contents (conf_path, conf, -1, NULL));

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, rec_die_with_parent, NULL, NULL);
  server = g_subprocess_launcher_spawn (launcher, &error, nginx, "-p", prefix, "-c", conf_path,
                                        "-e", log_path, NULL);
  g_assert_no_error (error);
  g_assert_true (wait_for_port (port, 20.0));
  return server;
}

static int
compare_codecs (const char **a,
                const char **b)
{
  /* reverse alphabetical puts h264 before aac */
  return -g_strcmp0 (*a, *b);
}

/* What ffprobe says about a file: "h264,aac" and the duration. */
static char *
probe (const char *path,
       double     *duration)
{
  const char *argv[] = { "ffprobe", "-v", "error", "-show_entries", "stream=codec_name:format=duration",
                         "-of", "default=noprint_wrappers=1:nokey=1", path, NULL };
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) codecs = g_ptr_array_new ();
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, NULL));
  lines = g_strsplit (g_strstrip (out), "\n", -1);
  *duration = 0;
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_ascii_isdigit (lines[i][0]))
        *duration = g_ascii_strtod (lines[i], NULL);
      else if (*lines[i] != '\0')
        g_ptr_array_add (codecs, lines[i]);
    }
  /* sorted, video first: "h264,aac" */
  g_ptr_array_sort (codecs, (GCompareFunc) compare_codecs);
  g_ptr_array_add (codecs, NULL);
  return g_strjoinv (",", (char **) codecs->pdata);
}

/* Walks the top-level MP4 boxes: a fragmented file has moov then moof. */
static guint
count_moof (const char *path)
{
  g_autofree char *data = NULL;
  gsize length = 0, offset = 0;
  guint n = 0;

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  while (offset + 8 <= length)
    {
      guint32 size;

      memcpy (&size, data + offset, sizeof size);   /* boxes are not aligned */
      size = GUINT32_FROM_BE (size);

      if (memcmp (data + offset + 4, "moof", 4) == 0)
        n++;
      if (size < 8)
        break;
      offset += size;
    }
  return n;
}

static GSubprocess *
start_rtsp_server_with (guint16     port,
                        const char *launch)
{
  const char *exe = g_getenv ("PLN_TEST_RTSP_SERVER");
  g_autofree char *port_s = g_strdup_printf ("%u", port);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  g_autofree char *line = NULL;
  GSubprocess *server;

  g_assert_nonnull (exe);
  server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, exe, port_s, launch, NULL);
  g_assert_no_error (error);
  in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  line = g_data_input_stream_read_line (in, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "READY");
  return server;
}

static GSubprocess *
start_rtsp_server (guint16 port)
{
  return start_rtsp_server_with (port, NULL);
}

static void
stop_process (GSubprocess *process)
{
  g_subprocess_force_exit (process);
  g_subprocess_wait (process, NULL, NULL);
}

/* 1. H.264 + AAC from RTSP is recorded as it comes: no encoder. */
static void
test_rtsp_passthrough (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(PlnSource) source = NULL;
  g_autoptr(PlnRecorder) recorder = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *codecs = NULL;
  g_autofree char *segment = NULL;
  PlnManifest *manifest;
  double duration;
  guint16 port = rec_free_port ();

  server = start_rtsp_server (port);
  uri = g_strdup_printf ("rtsp://tech:secret@127.0.0.1:%u/test", port);
  source = pln_source_new (uri, &error);
  g_assert_no_error (error);
  shown = g_strdup_printf ("rtsp://127.0.0.1:%u/test", port);
  g_assert_cmpstr (pln_source_get_display_uri (source), ==, shown);

  recorder = pln_recorder_new (source, fixture->rec_dir);
  pln_recorder_set_min_free_bytes (recorder, 1000000);
  g_assert_true (pln_recorder_start (recorder, &error));
  g_assert_no_error (error);
  g_assert_true (rec_run_until_state (recorder, PLN_RECORDER_STATE_RECORDING, 15));
  /* the preview decodes the passed-through H.264 (from a keyframe on) */
  pln_preview_tap_set_enabled (pln_recorder_get_preview_tap (recorder), TRUE);

  rec_run_until_media (recorder, 9.9);
  g_assert_cmpuint (pln_preview_tap_get_n_frames (pln_recorder_get_preview_tap (recorder)), >=, 60);
  g_assert_true (pln_recorder_is_passthrough (recorder));
  g_assert_cmpuint (pln_recorder_count_encoders (recorder), ==, 0);
  stop_and_wait (recorder);
  stop_process (server);

  manifest = pln_recorder_get_manifest (recorder);
  g_assert_cmpuint (pln_manifest_get_n_segments (manifest), ==, 1);
  g_assert_true (pln_manifest_get_passthrough (manifest));
  g_assert_null (strstr (pln_manifest_get_source (manifest), "secret"));
  segment = pln_manifest_dup_segment_path (manifest, 0);
  codecs = probe (segment, &duration);
  g_assert_cmpstr (codecs, ==, "h264,aac");
  g_test_message ("RTSP passthrough: %.2f s recorded", duration);
  g_assert_cmpfloat_with_epsilon (duration, 10.0, 0.5);
  g_assert_cmpuint (count_moof (segment), >=, 8);
  rec_assert_decodes (segment);
}

static void
on_stats_cb (PlnRecorder      *recorder,
             PlnRecorderStats *stats,
             PlnRecorderStats *last)
{
  *last = *stats;
}

/* The server goes away for good: the recorder retries, then gives up
 * after the configured time with a clear error; what it wrote plays. */
static void
test_give_up (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(PlnSource) source = NULL;
  g_autoptr(PlnRecorder) recorder = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *segment = NULL;
  g_autofree char *codecs = NULL;
  const GError *failure;
  double duration;
  guint16 port = rec_free_port ();

  server = start_rtsp_server (port);
  uri = g_strdup_printf ("rtsp://127.0.0.1:%u/test", port);
  source = pln_source_new (uri, &error);
  recorder = pln_recorder_new (source, fixture->rec_dir);
  pln_recorder_set_min_free_bytes (recorder, 1000000);
  pln_recorder_set_give_up_seconds (recorder, 3);
  g_assert_true (pln_recorder_start (recorder, &error));
  g_assert_true (rec_run_until_state (recorder, PLN_RECORDER_STATE_RECORDING, 15));
  rec_run_until_media (recorder, 2.0);
  stop_process (server);

  g_assert_true (rec_run_until_state (recorder, PLN_RECORDER_STATE_RECONNECTING, 5));
  g_assert_false (rec_run_until_state (recorder, PLN_RECORDER_STATE_RECORDING, 15));
  g_assert_cmpint (pln_recorder_get_state (recorder), ==, PLN_RECORDER_STATE_FAILED);
  failure = pln_recorder_get_error (recorder);
  g_assert_error ((GError *) failure, PLN_RECORDER_ERROR, PLN_RECORDER_ERROR_GAVE_UP);
  g_assert_nonnull (strstr (failure->message, uri));
  g_test_message ("%s", failure->message);

  segment = pln_manifest_dup_segment_path (pln_recorder_get_manifest (recorder), 0);
  codecs = probe (segment, &duration);
  g_assert_cmpstr (codecs, ==, "h264,aac");
  g_assert_cmpfloat (duration, >=, 1.5);
  rec_assert_decodes (segment);
}

/* H.264 with G.711 audio (an IP camera): the video passes through, only the
 * audio is encoded to AAC. */
static void
test_rtsp_foreign_audio (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(PlnSource) source = NULL;
  g_autoptr(PlnRecorder) recorder = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *codecs = NULL;
  g_autofree char *segment = NULL;
  double duration;
  guint16 port = rec_free_port ();

  server = start_rtsp_server_with (port,
    "( videotestsrc is-live=true ! video/x-raw,width=320,height=240,framerate=25/1 "
    "  ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=25 bitrate=300 "
    "  ! rtph264pay name=pay0 pt=96 config-interval=1 "
    "  audiotestsrc is-live=true ! audio/x-raw,rate=8000,channels=1 ! alawenc "
    "  ! rtppcmapay name=pay1 pt=8 )");
  uri = g_strdup_printf ("rtsp://127.0.0.1:%u/test", port);
  source = pln_source_new (uri, &error);
  recorder = pln_recorder_new (source, fixture->rec_dir);
  pln_recorder_set_min_free_bytes (recorder, 1000000);
  g_assert_true (pln_recorder_start (recorder, &error));
  g_assert_true (rec_run_until_state (recorder, PLN_RECORDER_STATE_RECORDING, 15));
  rec_run_until_media (recorder, 3.0);
  g_assert_true (pln_recorder_is_passthrough (recorder));
  g_assert_cmpuint (pln_recorder_count_encoders (recorder), ==, 1);   /* AAC only */
  stop_and_wait (recorder);
  stop_process (server);

  segment = pln_manifest_dup_segment_path (pln_recorder_get_manifest (recorder), 0);
  codecs = probe (segment, &duration);
  g_assert_cmpstr (codecs, ==, "h264,aac");
  g_assert_cmpfloat_with_epsilon (duration, 3.0, 0.6);
  rec_assert_decodes (segment);
}

/* 2a. A raw test picture is encoded to H.264 Main + AAC. */
static void
test_encode_test_source (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnSource) source = NULL;
  g_autoptr(PlnRecorder) recorder = NULL;
  g_autofree char *codecs = NULL;
  g_autofree char *segment = NULL;
  g_autofree char *manifest_text = NULL;
  g_autofree char *manifest_path = NULL;
  PlnManifest *manifest;
  PlnPreviewTap *tap;
  PlnRecorderStats stats = { 0 };
  double duration, wall;
  gint64 started;

  source = pln_source_new ("test://room?title=H%E1%BB%99i%20ngh%E1%BB%8B&size=320x240&fps=25", &error);
  g_assert_no_error (error);
  recorder = pln_recorder_new (source, fixture->rec_dir);
  pln_recorder_set_min_free_bytes (recorder, 1000000);
  pln_recorder_set_video_bitrate (recorder, 500);
  tap = pln_recorder_get_preview_tap (recorder);
  pln_preview_tap_set_width (tap, 160);
  g_signal_connect (recorder, "stats", G_CALLBACK (on_stats_cb), &stats);
  g_assert_true (pln_recorder_start (recorder, &error));
  g_assert_true (rec_run_until_state (recorder, PLN_RECORDER_STATE_RECORDING, 10));
  started = g_get_monotonic_time ();

  run_for (2.0);
  g_assert_false (pln_recorder_is_passthrough (recorder));
  g_assert_cmpuint (pln_recorder_count_encoders (recorder), ==, 2);
  g_assert_cmpuint (pln_preview_tap_get_n_frames (tap), ==, 0);   /* closed: no frames */
  pln_preview_tap_set_enabled (tap, TRUE);
  g_assert_true (pln_recorder_mark_chapter (recorder, "Khai mạc", &error));
  run_for (3.0);
  /* at most 15 frames a second reach the UI */
  g_assert_cmpuint (pln_preview_tap_get_n_frames (tap), >=, 20);
  g_assert_cmpuint (pln_preview_tap_get_n_frames (tap), <=, 50);
  /* the stats of the last second: 25 fps, a tone on both channels */
  g_assert_cmpfloat_with_epsilon (stats.fps, 25.0, 3.0);
  g_assert_cmpfloat (stats.bitrate_kbps, >, 100.0);
  g_assert_cmpuint (stats.n_channels, ==, 2);
  g_assert_cmpfloat (stats.level_db[0], >, -30.0);
  g_assert_cmpfloat (stats.level_db[1], >, -30.0);
  g_assert_cmpuint (stats.bytes_written, >, 10000);
  g_assert_cmpint (stats.elapsed_ms, >=, 4000);
  /* about 5 s, more on a loaded machine: the file holds what was asked for */
  wall = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
  stop_and_wait (recorder);

  manifest = pln_recorder_get_manifest (recorder);
  g_assert_cmpuint (pln_manifest_get_n_segments (manifest), ==, 1);
  g_assert_false (pln_manifest_get_passthrough (manifest));
  g_assert_cmpstr (pln_manifest_get_video (manifest), ==, "h264 320x240 25/1");
  g_assert_cmpuint (pln_manifest_get_n_chapters (manifest), ==, 1);

  segment = pln_manifest_dup_segment_path (manifest, 0);
  codecs = probe (segment, &duration);
  g_assert_cmpstr (codecs, ==, "h264,aac");
  g_test_message ("recorded %.2f s in %.2f s", duration, wall);
  g_assert_cmpfloat_with_epsilon (duration, wall, 0.5);
  g_assert_cmpuint (count_moof (segment), >=, 4);
  rec_assert_decodes (segment);

  /* the manifest on disk says the same */
  manifest_path = g_build_filename (fixture->rec_dir, "manifest.ini", NULL);
  g_assert_true (g_file_get_contents (manifest_path, &manifest_text, NULL, NULL));
  g_assert_nonnull (strstr (manifest_text, "state=stopped"));
  g_assert_nonnull (strstr (manifest_text, "title=Khai mạc"));
}

/* 2b. MPEG-2 + MP2 in MPEG-TS from an SRT caller (ffmpeg), the recorder
 * listening: decoded and encoded to H.264 + AAC. */
static void
test_encode_srt_listener (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnSource) source = NULL;
  g_autoptr(PlnRecorder) recorder = NULL;
  g_autoptr(GSubprocess) ffmpeg = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *peer = NULL;
  g_autofree char *codecs = NULL;
  g_autofree char *segment = NULL;
  double duration;
  guint16 port = rec_free_port ();

  uri = g_strdup_printf ("srt://127.0.0.1:%u?mode=listener", port);
  source = pln_source_new (uri, &error);
  g_assert_no_error (error);
  recorder = pln_recorder_new (source, fixture->rec_dir);
  pln_recorder_set_min_free_bytes (recorder, 1000000);
  pln_recorder_set_video_bitrate (recorder, 500);
  pln_recorder_set_preset (recorder, PLN_ENCODE_PRESET_LIGHT);
  g_assert_true (pln_recorder_start (recorder, &error));
  run_for (0.5);

  peer = g_strdup_printf ("srt://127.0.0.1:%u?mode=caller&pkt_size=1316", port);
  ffmpeg = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                             "ffmpeg", "-v", "error", "-re",
                             "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25",
                             "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                             "-t", "12", "-c:v", "mpeg2video", "-b:v", "800k", "-c:a", "mp2",
                             "-f", "mpegts", peer, NULL);
  g_assert_no_error (error);
  g_assert_true (rec_run_until_state (recorder, PLN_RECORDER_STATE_RECORDING, 15));
  run_for (5.0);
  g_assert_false (pln_recorder_is_passthrough (recorder));
  g_assert_cmpuint (pln_recorder_count_encoders (recorder), >=, 2);
  stop_and_wait (recorder);
  stop_process (ffmpeg);

  segment = pln_manifest_dup_segment_path (pln_recorder_get_manifest (recorder), 0);
  codecs = probe (segment, &duration);
  g_assert_cmpstr (codecs, ==, "h264,aac");
  g_test_message ("SRT encode: %.2f s recorded", duration);
  g_assert_cmpfloat_with_epsilon (duration, 5.0, 1.0);
  rec_assert_decodes (segment);
}

/* Makes a 4 s H.264 + AAC clip with ffmpeg: as an MP4 file, or as a
 * finished HLS playlist of 1 s MPEG-TS segments. */
static void
make_clip (const char *dir,
           gboolean    hls)
{
  g_autofree char *out = g_build_filename (dir, hls ? "clip.m3u8" : "clip.mp4", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *common[] = { "ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25",
                           "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "4",
                           "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-pix_fmt", "yuv420p",
                           "-c:a", "aac" };
  const char *as_hls[] = { "-f", "hls", "-hls_time", "1", "-hls_list_size", "0" };
  int status = 0;

  for (guint i = 0; i < G_N_ELEMENTS (common); i++)
    g_ptr_array_add (argv, (char *) common[i]);
  if (hls)
    for (guint i = 0; i < G_N_ELEMENTS (as_hls); i++)
      g_ptr_array_add (argv, (char *) as_hls[i]);
  g_ptr_array_add (argv, out);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               NULL, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* A file, and an HLS playlist over HTTP: recorded as they are, and the end
 * of the stream is the end of the recording. */
static void
test_file_and_hls (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *media = g_build_filename (fixture->dir, "media", NULL);
  g_autofree char *clip = g_build_filename (media, "clip.mp4", NULL);

  g_assert_cmpint (g_mkdir (media, 0755), ==, 0);
  make_clip (media, FALSE);
  make_clip (media, TRUE);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PlnSource) source = NULL;
      g_autoptr(PlnRecorder) recorder = NULL;
      g_autoptr(GSubprocess) http = NULL;
      g_autofree char *uri = NULL;
      g_autofree char *out = g_strdup_printf ("%s-%u", fixture->rec_dir, i);
      g_autofree char *codecs = NULL;
      g_autofree char *segment = NULL;
      double duration;

      if (i == 0)
        uri = g_filename_to_uri (clip, NULL, NULL);
      else
        {
          guint16 port = rec_free_port ();
          http = start_http_server (media, port);
          uri = g_strdup_printf ("http://127.0.0.1:%u/clip.m3u8", port);
        }

      source = pln_source_new (uri, &error);
      g_assert_no_error (error);
      recorder = pln_recorder_new (source, out);
      pln_recorder_set_min_free_bytes (recorder, 1000000);
      g_assert_true (pln_recorder_start (recorder, &error));
      /* it stops by itself at the end */
      g_assert_false (rec_run_until_state (recorder, PLN_RECORDER_STATE_FAILED, 20));
      g_assert_cmpint (pln_recorder_get_state (recorder), ==, PLN_RECORDER_STATE_STOPPED);
      if (http != NULL)
        stop_process (http);

      g_assert_true (pln_manifest_get_passthrough (pln_recorder_get_manifest (recorder)));
      segment = pln_manifest_dup_segment_path (pln_recorder_get_manifest (recorder), 0);
      codecs = probe (segment, &duration);
      g_test_message ("%s: %.2f s recorded", uri, duration);
      g_assert_cmpstr (codecs, ==, "h264,aac");
      g_assert_cmpfloat_with_epsilon (duration, 4.0, 0.5);
      rec_assert_decodes (segment);
    }
}

/* Sound only (a podcast feed, a microphone): one AAC track, timed. */
static void
test_audio_only (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnSource) source = NULL;
  g_autoptr(PlnRecorder) recorder = NULL;
  g_autofree char *clip = g_build_filename (fixture->dir, "talk.m4a", NULL);
  g_autofree char *uri = g_filename_to_uri (clip, NULL, NULL);
  g_autofree char *codecs = NULL;
  g_autofree char *segment = NULL;
  const char *argv[] = { "ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                         "-t", "3", "-c:a", "aac", clip, NULL };
  PlnManifest *manifest;
  double duration;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               NULL, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  source = pln_source_new (uri, &error);
  recorder = pln_recorder_new (source, fixture->rec_dir);
  pln_recorder_set_min_free_bytes (recorder, 1000000);
  g_assert_true (pln_recorder_start (recorder, &error));
  g_assert_false (rec_run_until_state (recorder, PLN_RECORDER_STATE_FAILED, 15));
  g_assert_cmpint (pln_recorder_get_state (recorder), ==, PLN_RECORDER_STATE_STOPPED);

  manifest = pln_recorder_get_manifest (recorder);
  g_assert_cmpstr (pln_manifest_get_audio (manifest), ==, "aac 48000 1");
  g_assert_cmpint (pln_manifest_get_segment (manifest, 0)->duration_ms, >=, 2800);
  g_assert_cmpint (pln_manifest_get_segment (manifest, 0)->duration_ms, <=, 3200);
  segment = pln_manifest_dup_segment_path (manifest, 0);
  codecs = probe (segment, &duration);
  g_assert_cmpstr (codecs, ==, "aac");
  g_assert_cmpfloat_with_epsilon (duration, 3.0, 0.3);
  rec_assert_decodes (segment);
}

/* A source that cannot be reached: the error names the URI (without the
 * password) and the reason. */
static void
test_unreachable (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnSource) source = NULL;
  g_autoptr(PlnRecorder) recorder = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *shown = NULL;
  const GError *failure;
  guint16 port = rec_free_port ();

  uri = g_strdup_printf ("rtsp://admin:hunter2@127.0.0.1:%u/live", port);
  shown = g_strdup_printf ("Cannot reach rtsp://127.0.0.1:%u/live: connection refused", port);
  source = pln_source_new (uri, &error);
  recorder = pln_recorder_new (source, fixture->rec_dir);
  pln_recorder_set_min_free_bytes (recorder, 1000000);
  g_assert_true (pln_recorder_start (recorder, &error));
  g_assert_false (rec_run_until_state (recorder, PLN_RECORDER_STATE_RECORDING, 20));
  g_assert_cmpint (pln_recorder_get_state (recorder), ==, PLN_RECORDER_STATE_FAILED);
  failure = pln_recorder_get_error (recorder);
  g_assert_error ((GError *) failure, PLN_RECORDER_ERROR, PLN_RECORDER_ERROR_UNREACHABLE);
  g_assert_cmpstr (failure->message, ==, shown);
  g_assert_null (strstr (failure->message, "hunter2"));
}

/* Two recordings in one process: one source fails, the other goes on. */
static void
test_independent (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnSource) good = NULL;
  g_autoptr(PlnSource) bad = NULL;
  g_autoptr(PlnRecorder) recording = NULL;
  g_autoptr(PlnRecorder) failing = NULL;
  g_autofree char *bad_uri = g_strdup_printf ("rtsp://127.0.0.1:%u/site", rec_free_port ());
  g_autofree char *dir2 = g_strconcat (fixture->rec_dir, "-2", NULL);
  double duration;
  g_autofree char *codecs = NULL;
  g_autofree char *segment = NULL;

  good = pln_source_new ("test://host?size=320x240&fps=25", &error);
  bad = pln_source_new (bad_uri, &error);
  recording = pln_recorder_new (good, fixture->rec_dir);
  failing = pln_recorder_new (bad, dir2);
  pln_recorder_set_min_free_bytes (recording, 1000000);
  pln_recorder_set_min_free_bytes (failing, 1000000);
  pln_recorder_set_video_bitrate (recording, 300);
  g_assert_true (pln_recorder_start (recording, &error));
  g_assert_true (pln_recorder_start (failing, &error));

  g_assert_false (rec_run_until_state (failing, PLN_RECORDER_STATE_RECORDING, 20));
  g_assert_cmpint (pln_recorder_get_state (failing), ==, PLN_RECORDER_STATE_FAILED);
  g_assert_cmpint (pln_recorder_get_state (recording), ==, PLN_RECORDER_STATE_RECORDING);
  run_for (1.0);
  stop_and_wait (recording);

  segment = pln_manifest_dup_segment_path (pln_recorder_get_manifest (recording), 0);
  codecs = probe (segment, &duration);
  g_assert_cmpstr (codecs, ==, "h264,aac");
  g_assert_cmpfloat (duration, >, 1.5);
}

typedef struct
{
  guint  n_frames;
  GBytes *last;
  int    width, height, stride;
} MosaicFrames;

static void
on_mosaic_frame_cb (PlnMosaic    *mosaic,
                    GBytes       *bytes,
                    int           width,
                    int           height,
                    int           stride,
                    MosaicFrames *frames)
{
  frames->n_frames++;
  g_clear_pointer (&frames->last, g_bytes_unref);
  frames->last = g_bytes_ref (bytes);
  frames->width = width;
  frames->height = height;
  frames->stride = stride;
}

static const guint8 *
pixel (MosaicFrames *frames,
       int           x,
       int           y)
{
  return (const guint8 *) g_bytes_get_data (frames->last, NULL) + (gsize) y * frames->stride + x * 4;
}

/* Three feeds side by side: two pictures, and a site that cannot be
 * reached, whose tile stays dark while the others move. */
static void
test_mosaic (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnMosaic) mosaic = pln_mosaic_new (2, 160, 120);
  g_autoptr(GPtrArray) recorders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *bad_uri = g_strdup_printf ("rtsp://127.0.0.1:%u/site", rec_free_port ());
  const char *uris[] = { "test://a?size=320x240&fps=25", "test://b?size=320x240&fps=25", bad_uri };
  MosaicFrames frames = { 0 };
  const guint8 *p;

  g_signal_connect (mosaic, "frame", G_CALLBACK (on_mosaic_frame_cb), &frames);
  for (guint i = 0; i < G_N_ELEMENTS (uris); i++)
    {
      g_autoptr(PlnSource) source = pln_source_new (uris[i], &error);
      g_autofree char *dir = g_strdup_printf ("%s-%u", fixture->rec_dir, i);
      PlnRecorder *recorder = pln_recorder_new (source, dir);

      g_ptr_array_add (recorders, recorder);
      pln_recorder_set_min_free_bytes (recorder, 1000000);
      pln_recorder_set_video_bitrate (recorder, 300);
      pln_recorder_set_preset (recorder, PLN_ENCODE_PRESET_LIGHT);
      g_assert_cmpuint (pln_mosaic_add_tap (mosaic, pln_recorder_get_preview_tap (recorder)), ==, i);
      g_assert_true (pln_recorder_start (recorder, &error));
    }

  run_for (3.0);
  g_assert_cmpuint (frames.n_frames, >=, 10);
  g_assert_cmpuint (frames.n_frames, <=, 50);
  g_assert_cmpint (frames.width, ==, 320);
  g_assert_cmpint (frames.height, ==, 240);
  if (g_getenv ("PLN_TEST_DUMP") != NULL)
    {
      g_autoptr(GString) ppm = g_string_new (NULL);

      g_string_append_printf (ppm, "P6 %d %d 255\n", frames.width, frames.height);
      for (int y = 0; y < frames.height; y++)
        for (int x = 0; x < frames.width; x++)
          {
            const guint8 *q = pixel (&frames, x, y);

            g_string_append_c (ppm, q[2]);
            g_string_append_c (ppm, q[1]);
            g_string_append_c (ppm, q[0]);
          }
      g_file_set_contents (g_getenv ("PLN_TEST_DUMP"), ppm->str, ppm->len, NULL);
    }
  /* the moving SMPTE bars in both picture tiles: every top bar has a
   * channel at 75 % */
  p = pixel (&frames, 4, 4);
  g_assert_cmpuint (MAX (MAX (p[0], p[1]), p[2]), >, 150);
  p = pixel (&frames, 160 + 4, 4);
  g_assert_cmpuint (MAX (MAX (p[0], p[1]), p[2]), >, 150);
  /* the unreachable site: a dark tile */
  p = pixel (&frames, 80, 180);
  g_assert_cmpuint (p[0], ==, 0x20);
  g_assert_cmpuint (p[1], ==, 0x20);

  /* the second feed leaves the wall: its tile goes dark */
  pln_mosaic_remove_tap (mosaic, pln_recorder_get_preview_tap (g_ptr_array_index (recorders, 1)));
  run_for (0.3);
  p = pixel (&frames, 160 + 4, 4);
  g_assert_cmpuint (MAX (MAX (p[0], p[1]), p[2]), ==, 0x20);
  p = pixel (&frames, 4, 4);
  g_assert_cmpuint (MAX (MAX (p[0], p[1]), p[2]), >, 150);

  for (guint i = 0; i < 2; i++)
    stop_and_wait (g_ptr_array_index (recorders, i));
  g_clear_pointer (&frames.last, g_bytes_unref);
}

static void
test_bad_uri (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnSource) source = NULL;
  g_autofree char *stripped = NULL;

  source = pln_source_new ("gopher://example/x", &error);
  g_assert_null (source);
  g_assert_error (error, PLN_RECORDER_ERROR, PLN_RECORDER_ERROR_INVALID_URI);
  g_assert_nonnull (strstr (error->message, "gopher://example/x"));
  g_clear_error (&error);

  source = pln_source_new ("test://x?size=huge", &error);
  g_assert_error (error, PLN_RECORDER_ERROR, PLN_RECORDER_ERROR_INVALID_URI);
  g_clear_error (&error);

  stripped = pln_uri_strip_credentials ("rtmp://u:p@w@host:1935/app?x=a@b");
  g_assert_cmpstr (stripped, ==, "rtmp://host:1935/app?x=a@b");
}

/* The disk guard refuses to start below the floor. */
static void
test_disk_floor (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnSource) source = NULL;
  g_autoptr(PlnRecorder) recorder = NULL;

  source = pln_source_new ("test://x?size=320x240", &error);
  recorder = pln_recorder_new (source, fixture->rec_dir);
  pln_recorder_set_min_free_bytes (recorder, G_MAXUINT64 / 2);
  g_assert_false (pln_recorder_start (recorder, &error));
  g_assert_error (error, PLN_RECORDER_ERROR, PLN_RECORDER_ERROR_DISK_FULL);
  g_assert_nonnull (strstr (error->message, fixture->rec_dir));
  g_assert_cmpint (pln_recorder_get_state (recorder), ==, PLN_RECORDER_STATE_IDLE);
}

/* Records a device source for 2 s; returns what ffprobe saw. */
static char *
record_device (Fixture    *fixture,
               const char *uri,
               const char *sub)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnSource) source = pln_source_new (uri, &error);
  g_autofree char *dir = g_strconcat (fixture->rec_dir, sub, NULL);
  g_autoptr(PlnRecorder) recorder = NULL;
  g_autofree char *segment = NULL;
  double duration;

  g_assert_no_error (error);
  recorder = pln_recorder_new (source, dir);
  pln_recorder_set_min_free_bytes (recorder, 1000000);
  g_assert_true (pln_recorder_start (recorder, &error));
  g_assert_true (rec_run_until_state (recorder, PLN_RECORDER_STATE_RECORDING, 15));
  rec_run_until_media (recorder, 2.0);
  stop_and_wait (recorder);
  segment = pln_manifest_dup_segment_path (pln_recorder_get_manifest (recorder), 0);
  return probe (segment, &duration);
}

/* v4l2:// and pulse:// need a camera and a sound server: tested where
 * this machine has them, skipped with the reason otherwise. */
static void
test_devices (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *pactl = g_find_program_in_path ("pactl");
  gboolean tested = FALSE;
  int status = -1;

  if (g_file_test ("/dev/video0", G_FILE_TEST_EXISTS))
    {
      g_autofree char *codecs = record_device (fixture, "v4l2:///dev/video0", "-v4l2");

      g_assert_nonnull (strstr (codecs, "h264"));
      tested = TRUE;
    }
  else
    g_test_message ("v4l2:// not tested: this machine has no /dev/video0");

  if (pactl != NULL)
    {
      const char *argv[] = { pactl, "info", NULL };

      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                    NULL, NULL, NULL, NULL, &status, NULL);
    }
  if (status == 0)
    {
      g_autofree char *codecs = record_device (fixture, "pulse://", "-pulse");

      g_assert_cmpstr (codecs, ==, "aac");
      tested = TRUE;
    }
  else
    g_test_message ("pulse:// not tested: no PulseAudio server answers here (pactl info)");

  if (!tested)
    g_test_skip ("no camera (/dev/video0) and no sound server on this machine");
}

int
main (int    argc,
      char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/recorder/bad-uri", test_bad_uri);
  g_test_add ("/recorder/disk-floor", Fixture, NULL, fixture_set_up, test_disk_floor, fixture_tear_down);
  g_test_add ("/recorder/unreachable", Fixture, NULL, fixture_set_up, test_unreachable, fixture_tear_down);
  g_test_add ("/recorder/encode-test-source", Fixture, NULL, fixture_set_up, test_encode_test_source, fixture_tear_down);
  g_test_add ("/recorder/encode-srt-listener", Fixture, NULL, fixture_set_up, test_encode_srt_listener, fixture_tear_down);
  g_test_add ("/recorder/rtsp-passthrough", Fixture, NULL, fixture_set_up, test_rtsp_passthrough, fixture_tear_down);
  g_test_add ("/recorder/rtsp-foreign-audio", Fixture, NULL, fixture_set_up, test_rtsp_foreign_audio, fixture_tear_down);
  g_test_add ("/recorder/file-and-hls", Fixture, NULL, fixture_set_up, test_file_and_hls, fixture_tear_down);
  g_test_add ("/recorder/independent", Fixture, NULL, fixture_set_up, test_independent, fixture_tear_down);
  g_test_add ("/recorder/mosaic", Fixture, NULL, fixture_set_up, test_mosaic, fixture_tear_down);
  g_test_add ("/recorder/audio-only", Fixture, NULL, fixture_set_up, test_audio_only, fixture_tear_down);
  g_test_add ("/recorder/give-up", Fixture, NULL, fixture_set_up, test_give_up, fixture_tear_down);
  g_test_add ("/recorder/devices", Fixture, NULL, fixture_set_up, test_devices, fixture_tear_down);

  return g_test_run ();
}
