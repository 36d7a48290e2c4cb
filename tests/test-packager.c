/* test-packager.c: the packager, prober and thumbnailer as the app uses them:
 * async on a GTask, progress on the main context, cancellation that leaves
 * nothing behind. The output files themselves are checked with ffprobe in
 * test-packager.sh. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <gst/gst.h>

#include "pln-hls-playlist.h"
#include "pln-manifest.h"
#include "pln-packager.h"
#include "pln-probe.h"
#include "pln-thumbnailer.h"

typedef struct
{
  char *dir;
  char *rec;
  char *out;
} Fixture;

/* A fragmented MP4 segment as the recorder writes it. */
static void
make_segment (const char *path,
              int         seconds,
              int         pattern)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;
  g_autofree char *description = g_strdup_printf (
    "videotestsrc num-buffers=%d pattern=%d ! video/x-raw,width=640,height=480,framerate=25/1 ! "
    "videoconvert ! video/x-raw,format=I420 ! x264enc key-int-max=25 speed-preset=ultrafast bitrate=400 ! "
    "video/x-h264,profile=main ! h264parse ! queue ! mux. "
    "audiotestsrc num-buffers=%d samplesperbuffer=1024 ! audio/x-raw,rate=48000,channels=2 ! "
    "audioconvert ! avenc_aac ! aacparse ! queue ! mux. "
    "mp4mux name=mux fragment-duration=1000 ! filesink name=sink",
    seconds * 25, pattern, seconds * 48000 / 1024);

  pipeline = gst_parse_launch (description, &error);
  g_assert_no_error (error);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_object_set (sink, "location", path, NULL);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  bus = gst_element_get_bus (pipeline);
  message = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (message);
  g_assert_cmpint (GST_MESSAGE_TYPE (message), ==, GST_MESSAGE_EOS);
  gst_element_set_state (pipeline, GST_STATE_NULL);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnManifest) manifest = NULL;
  g_autoptr(GDateTime) started = g_date_time_new_utc (2026, 11, 22, 8, 0, 0);
  g_autofree char *seg0 = NULL;
  g_autofree char *seg1 = NULL;

  fixture->dir = g_dir_make_tmp ("plenary-packager-XXXXXX", NULL);
  fixture->rec = g_build_filename (fixture->dir, "rec", NULL);
  fixture->out = g_build_filename (fixture->dir, "out", NULL);
  g_assert_cmpint (g_mkdir (fixture->rec, 0755), ==, 0);

  manifest = pln_manifest_new (fixture->rec, "test://host");
  pln_manifest_set_started (manifest, started);
  pln_manifest_add_segment (manifest, 0);
  pln_manifest_close_segment (manifest, 3000, 0);
  pln_manifest_add_gap (manifest, 3000, 8000, "lost");
  pln_manifest_add_segment (manifest, 8000);
  pln_manifest_close_segment (manifest, 3000, 0);
  pln_manifest_set_state (manifest, PLN_MANIFEST_STATE_STOPPED);
  g_assert_true (pln_manifest_save (manifest, &error));
  g_assert_no_error (error);

  seg0 = pln_manifest_dup_segment_path (manifest, 0);
  seg1 = pln_manifest_dup_segment_path (manifest, 1);
  make_segment (seg0, 3, 0);
  make_segment (seg1, 3, 18);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", fixture->dir);
  g_assert_cmpint (system (command), ==, 0);
  g_free (fixture->dir);
  g_free (fixture->rec);
  g_free (fixture->out);
}

static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  guint n = 0;

  if (handle == NULL)
    return 0;
  while (g_dir_read_name (handle) != NULL)
    n++;
  return n;
}

typedef struct
{
  GMainLoop    *loop;
  GCancellable *cancellable;
  GArray       *values;
  GThread      *main_thread;
  gboolean      off_thread;
  double        cancel_at;
  gboolean      ok;
  GError       *error;
} Run;

static void
on_progress_notify_cb (PlnPackager *packager,
                       GParamSpec  *pspec,
                       Run         *run)
{
  double value = pln_packager_get_progress (packager);

  if (g_thread_self () != run->main_thread)
    run->off_thread = TRUE;
  g_array_append_val (run->values, value);
  if (run->cancel_at > 0 && value >= run->cancel_at)
    g_cancellable_cancel (run->cancellable);
}

static void
on_run_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Run *run = user_data;

  run->ok = pln_packager_run_finish (PLN_PACKAGER (object), result, &run->error);
  g_main_loop_quit (run->loop);
}

static void
run_packager (PlnPackager *packager,
              Run         *run)
{
  run->loop = g_main_loop_new (NULL, FALSE);
  run->values = g_array_new (FALSE, FALSE, sizeof (double));
  run->main_thread = g_thread_self ();
  if (run->cancellable == NULL)
    run->cancellable = g_cancellable_new ();
  g_signal_connect (packager, "notify::progress", G_CALLBACK (on_progress_notify_cb), run);
  pln_packager_run_async (packager, run->cancellable, on_run_done_cb, run);
  g_main_loop_run (run->loop);
  g_signal_handlers_disconnect_by_data (packager, run);
}

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->loop, g_main_loop_unref);
  g_clear_pointer (&run->values, g_array_unref);
  g_clear_object (&run->cancellable);
  g_clear_error (&run->error);
}

static void
test_progress (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(PlnPackager) packager = NULL;
  Run run = { 0 };
  const char * const *files;
  double last = 0;

  packager = pln_packager_new (fixture->rec, fixture->out, PLN_PACKAGE_MP4 | PLN_PACKAGE_HLS | PLN_PACKAGE_AUDIO);
  run_packager (packager, &run);
  g_assert_no_error (run.error);
  g_assert_true (run.ok);

  /* Progress came on the main context, only forward, and ended at 1. */
  g_assert_false (run.off_thread);
  g_assert_cmpuint (run.values->len, >=, 2);
  for (guint i = 0; i < run.values->len; i++)
    {
      double value = g_array_index (run.values, double, i);
      g_assert_cmpfloat (value, >=, last);
      g_assert_cmpfloat (value, <=, 1.0);
      last = value;
    }
  g_assert_cmpfloat (last, ==, 1.0);

  files = pln_packager_get_files (packager);
  g_assert_nonnull (files);
  g_assert_cmpuint (g_strv_length ((GStrv) files), ==, 5);   /* mp4, m4a, m3u8, vtt, json */
  for (guint i = 0; files[i] != NULL; i++)
    g_assert_true (g_file_test (files[i], G_FILE_TEST_IS_REGULAR));
  /* Nothing else: no temporary folder stays behind. */
  g_assert_cmpuint (count_entries (fixture->out), ==, 5);
  run_clear (&run);
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(PlnPackager) packager = NULL;
  Run run = { 0 };

  /* Cancel in the middle of the 360p encode, the longest stage. */
  packager = pln_packager_new (fixture->rec, fixture->out, PLN_PACKAGE_MP4 | PLN_PACKAGE_LOW);
  run.cancel_at = 0.3;
  run_packager (packager, &run);
  g_assert_false (run.ok);
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (count_entries (fixture->out), ==, 0);
  g_assert_null (pln_packager_get_files (packager));
  run_clear (&run);

  /* Cancelled before it starts. */
  run.cancellable = g_cancellable_new ();
  g_cancellable_cancel (run.cancellable);
  run_packager (packager, &run);
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (count_entries (fixture->out), ==, 0);
  run_clear (&run);
}

static void
test_failure_leaves_nothing (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(PlnPackager) packager = NULL;
  g_autofree char *seg0 = g_build_filename (fixture->rec, "segment-00000.mp4", NULL);
  g_autofree char *seg1 = g_build_filename (fixture->rec, "segment-00001.mp4", NULL);
  Run run = { 0 };

  /* Segments that are not MP4 at all. */
  g_assert_true (g_file_set_contents (seg0, "garbage", -1, NULL));
  g_assert_true (g_file_set_contents (seg1, "", -1, NULL));
  packager = pln_packager_new (fixture->rec, fixture->out, PLN_PACKAGE_MP4 | PLN_PACKAGE_HLS);
  run_packager (packager, &run);
  g_assert_false (run.ok);
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (run.error->message, fixture->rec));
  g_assert_cmpuint (count_entries (fixture->out), ==, 0);
  run_clear (&run);
}

static char *
probe (const char *arguments,
       const char *path)
{
  g_autofree char *command = g_strdup_printf ("ffprobe -v error %s '%s'", arguments, path);
  char *out = NULL;
  int status = 0;

  g_assert_true (g_spawn_command_line_sync (command, &out, NULL, &status, NULL));
  g_assert_cmpint (status, ==, 0);
  return g_strstrip (out);
}

/* Trimming with a lost link: 0–3 s, a gap to 8 s, 8–11 s of wall clock,
 * 6 s of media. The cuts are wall-clock time, as the scheduler counts its
 * lead-in and tail. */
static void
test_trim_gap (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(PlnPackager) packager = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *mp4 = g_build_filename (fixture->out, "rec.mp4", NULL);
  g_autofree char *m4a = g_build_filename (fixture->out, "rec.m4a", NULL);
  g_autofree char *duration = NULL;
  g_autofree char *chapters = NULL;

  /* 1 s off the start, 1 s off the end: 1–3 s and 8–10 s, 4 s of media,
   * the gap's chapter moved from 3 s to 2 s. */
  packager = pln_packager_new (fixture->rec, fixture->out, PLN_PACKAGE_MP4 | PLN_PACKAGE_AUDIO);
  pln_packager_set_trim (packager, 1000, 1000);
  g_assert_true (pln_packager_run (packager, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (pln_packager_get_duration (packager), 4.0, 0.05);
  duration = probe ("-show_entries format=duration -of csv=p=0", mp4);
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (duration, NULL), 4.0, 0.05);
  g_free (duration);
  duration = probe ("-show_entries format=duration -of csv=p=0", m4a);
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (duration, NULL), 4.0, 0.05);
  chapters = probe ("-show_chapters -of csv=p=0", mp4);
  g_test_message ("%s", chapters);
  g_assert_nonnull (strstr (chapters, ",2.0"));   /* 3 s of media (plus an AAC frame) − 1 s */
  g_assert_nonnull (strstr (chapters, "Link lost (5 s)"));
  g_clear_object (&packager);

  /* A start inside the gap (the lead-in ended while the link was down):
   * the media starts where the link came back, nothing of the event cut. */
  packager = pln_packager_new (fixture->rec, fixture->out, PLN_PACKAGE_MP4);
  pln_packager_set_trim (packager, 5000, 0);
  g_assert_true (pln_packager_run (packager, NULL, &error));
  g_free (duration);
  duration = probe ("-show_entries format=duration -of csv=p=0", mp4);
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (duration, NULL), 3.0, 0.05);
  g_clear_object (&packager);

  /* A cut that leaves nothing fails and writes nothing. */
  g_assert_cmpint (g_remove (mp4), ==, 0);
  g_remove (m4a);
  packager = pln_packager_new (fixture->rec, fixture->out, PLN_PACKAGE_MP4);
  pln_packager_set_trim (packager, 9000, 3000);
  g_assert_false (pln_packager_run (packager, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_false (g_file_test (mp4, G_FILE_TEST_EXISTS));
}

/* A recording still being written: an EVENT playlist without an end. */
static void
test_live_playlist (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnManifest) manifest = pln_manifest_load (fixture->rec, &error);
  g_autofree char *live = NULL;
  g_autofree char *done = NULL;
  double duration = 0;

  g_assert_no_error (error);
  live = pln_hls_playlist_build (manifest, "/media/7/", TRUE, &duration, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (live, "#EXT-X-PLAYLIST-TYPE:EVENT\n"));
  g_assert_null (strstr (live, "#EXT-X-ENDLIST"));
  g_assert_nonnull (strstr (live, "\n/media/7/segment-00001.mp4\n"));
  g_assert_nonnull (strstr (live, "#EXT-X-PROGRAM-DATE-TIME:2026-11-22T08:00:08.000Z\n"));
  g_assert_cmpfloat_with_epsilon (duration, 6.0, 0.3);

  done = pln_hls_playlist_build (manifest, NULL, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (done, "#EXT-X-ENDLIST\n"));
}

static void
on_thumbnail_done_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  Run *run = user_data;

  run->ok = pln_thumbnailer_save_finish (PLN_THUMBNAILER (object), result, &run->error);
  g_main_loop_quit (run->loop);
}

static void
test_thumbnail_async (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *seg0 = g_build_filename (fixture->rec, "segment-00000.mp4", NULL);
  g_autofree char *jpeg = g_build_filename (fixture->dir, "still.jpg", NULL);
  g_autoptr(PlnThumbnailer) thumbnailer = pln_thumbnailer_new (seg0);
  g_autofree char *contents = NULL;
  gsize length = 0;
  Run run = { 0 };

  run.loop = g_main_loop_new (NULL, FALSE);
  pln_thumbnailer_set_width (thumbnailer, 160);
  pln_thumbnailer_save_async (thumbnailer, 2 * GST_SECOND, jpeg, NULL, on_thumbnail_done_cb, &run);
  g_main_loop_run (run.loop);
  g_assert_no_error (run.error);
  g_assert_true (run.ok);

  g_assert_true (g_file_get_contents (jpeg, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 100);
  g_assert_cmpint ((guchar) contents[0], ==, 0xff);
  g_assert_cmpint ((guchar) contents[1], ==, 0xd8);
  run_clear (&run);
}

/* A series of stills from one thumbnailer (its pipeline stays open): each
 * shows its own moment of the moving picture. */
static void
test_thumbnail_series (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *seg1 = g_build_filename (fixture->rec, "segment-00001.mp4", NULL);
  g_autoptr(PlnThumbnailer) thumbnailer = pln_thumbnailer_new (seg1);
  g_autoptr(GPtrArray) stills = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  pln_thumbnailer_set_width (thumbnailer, 128);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = g_strdup_printf ("%s/still-%u.jpg", fixture->dir, i);
      g_autofree char *contents = NULL;
      gsize length = 0;

      /* Out of order on purpose: 2 s, 0 s, 1 s. */
      g_assert_true (pln_thumbnailer_save (thumbnailer, ((i + 2) % 3) * GST_SECOND, path, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      g_assert_cmpint ((guchar) contents[0], ==, 0xff);
      g_assert_cmpint ((guchar) contents[1], ==, 0xd8);
      g_ptr_array_add (stills, g_bytes_new_take (g_steal_pointer (&contents), length));
    }
  g_assert_false (g_bytes_equal (g_ptr_array_index (stills, 0), g_ptr_array_index (stills, 1)));
  g_assert_false (g_bytes_equal (g_ptr_array_index (stills, 1), g_ptr_array_index (stills, 2)));
}

static void
on_probe_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Run *run = user_data;

  run->ok = pln_probe_run_finish (PLN_PROBE (object), result, &run->error);
  g_main_loop_quit (run->loop);
}

static void
test_probe_async (void)
{
  g_autoptr(PlnProbe) probe = NULL;
  Run run = { 0 };

  run.loop = g_main_loop_new (NULL, FALSE);
  probe = pln_probe_new ("test://host?size=320x240&fps=10");
  pln_probe_run_async (probe, NULL, on_probe_done_cb, &run);
  g_main_loop_run (run.loop);
  g_assert_no_error (run.error);
  g_assert_true (run.ok);
  g_assert_cmpint (pln_probe_get_width (probe), ==, 320);
  g_assert_cmpint (pln_probe_get_height (probe), ==, 240);
  g_assert_cmpfloat_with_epsilon (pln_probe_get_framerate (probe), 10.0, 0.01);
  g_assert_cmpstr (pln_probe_get_audio_codec (probe), ==, "raw");
  g_assert_cmpint (pln_probe_get_first_frame_us (probe), >=, 0);
  run_clear (&run);

  /* Credentials never show in an error. */
  run.loop = g_main_loop_new (NULL, FALSE);
  g_clear_object (&probe);
  probe = pln_probe_new ("rtsp://admin:secret@127.0.0.1:1/x");
  pln_probe_set_timeout (probe, 2000);
  pln_probe_run_async (probe, NULL, on_probe_done_cb, &run);
  g_main_loop_run (run.loop);
  g_assert_false (run.ok);
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  g_assert_nonnull (strstr (run.error->message, "rtsp://127.0.0.1:1/x"));
  g_assert_null (strstr (run.error->message, "secret"));
  run_clear (&run);
}

int
main (int    argc,
      char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/packager/progress", Fixture, NULL, fixture_set_up, test_progress, fixture_tear_down);
  g_test_add ("/packager/cancel", Fixture, NULL, fixture_set_up, test_cancel, fixture_tear_down);
  g_test_add ("/packager/failure-leaves-nothing", Fixture, NULL, fixture_set_up, test_failure_leaves_nothing, fixture_tear_down);
  g_test_add ("/packager/trim-gap", Fixture, NULL, fixture_set_up, test_trim_gap, fixture_tear_down);
  g_test_add ("/packager/live-playlist", Fixture, NULL, fixture_set_up, test_live_playlist, fixture_tear_down);
  g_test_add ("/packager/thumbnail-async", Fixture, NULL, fixture_set_up, test_thumbnail_async, fixture_tear_down);
  g_test_add ("/packager/thumbnail-series", Fixture, NULL, fixture_set_up, test_thumbnail_series, fixture_tear_down);
  g_test_add_func ("/packager/probe-async", test_probe_async);

  return g_test_run ();
}
