/* test-recorder-stall.c: the recorder's main loop never waits for a
 * streaming thread.
 *
 * The peer is the test RTSP server in its fault mode: each connection's
 * audio stops a second or two in while its video goes on, so the muxer
 * holds the video thread waiting for audio that never comes. The no-media
 * watchdog (0.5 s here) then ends the connection, again and again. A
 * recorder that sent EOS or set its pipeline to NULL from the main thread
 * stopped there for good; this one must keep its main loop ticking, record
 * every gap and stop cleanly. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <stdlib.h>

#include "pln-recorder.h"
#include "test-recorder-helpers.h"

#define TICK_MS       50
#define MAX_TICK_MS   500
#define HUNG_S        10
#define WANTED_GAPS   3

static GMutex tick_lock;
static gint64 last_tick;
static gint64 longest_tick;
/* how late a thread that does nothing but sleep woke up: what the machine
 * itself costs, loaded, on top of anything the recorder does */
static gint64 longest_oversleep;
static gboolean measuring;
static gboolean done;

static gboolean
on_tick_cb (gpointer data)
{
  gint64 now = g_get_monotonic_time ();

  g_mutex_lock (&tick_lock);
  if (measuring)
    longest_tick = MAX (longest_tick, now - last_tick);
  last_tick = now;
  g_mutex_unlock (&tick_lock);
  return G_SOURCE_CONTINUE;
}

/* Fails the test by name instead of letting it hang until meson kills it. */
static gpointer
hang_watch_thread (gpointer data)
{
  for (;;)
    {
      gint64 since, before = g_get_monotonic_time ();
      gboolean over;

      g_usleep (100000);
      g_mutex_lock (&tick_lock);
      if (measuring)
        longest_oversleep = MAX (longest_oversleep, g_get_monotonic_time () - before - 100000);
      over = done;
      since = g_get_monotonic_time () - last_tick;
      g_mutex_unlock (&tick_lock);
      if (over)
        return NULL;
      if (since > HUNG_S * G_USEC_PER_SEC)
        {
          g_printerr ("Bail out! the main loop has not run for %d s: the recorder blocks it\n", HUNG_S);
          abort ();
        }
    }
}

static guint
count_groups (GKeyFile   *keyfile,
              const char *prefix)
{
  g_auto(GStrv) groups = g_key_file_get_groups (keyfile, NULL);
  guint n = 0;

  for (guint i = 0; groups[i] != NULL; i++)
    n += g_str_has_prefix (groups[i], prefix);
  return n;
}

static void
test_stalled_stream (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(PlnSource) source = NULL;
  g_autoptr(PlnRecorder) recorder = NULL;
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GThread) watch = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("plenary-stall-XXXXXX", NULL);
  g_autofree char *dir = g_build_filename (tmp, "recording", NULL);
  g_autofree char *manifest = g_build_filename (dir, "manifest.ini", NULL);
  g_autofree char *uri = NULL;
  g_autofree char *rm = NULL;
  guint16 port = rec_free_port ();
  gint64 end;
  guint tick_id, n_segments, n_gaps;

  {
    /* each connection's audio stops 2 s in */
    const char *options[] = { "--freeze-audio-after", "2", NULL };

    server = rec_start_rtsp_server (port, options);
  }
  uri = g_strdup_printf ("rtsp://127.0.0.1:%u/test", port);
  source = pln_source_new (uri, &error);
  g_assert_no_error (error);
  recorder = pln_recorder_new (source, dir);
  pln_recorder_set_min_free_bytes (recorder, 1000000);
  pln_recorder_set_stall_timeout_ms (recorder, 500);

  last_tick = g_get_monotonic_time ();
  tick_id = g_timeout_add (TICK_MS, on_tick_cb, NULL);
  watch = g_thread_new ("hang-watch", hang_watch_thread, NULL);

  g_assert_true (pln_recorder_start (recorder, &error));
  g_assert_no_error (error);
  end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (pln_recorder_get_state (recorder) != PLN_RECORDER_STATE_RECORDING && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (pln_recorder_get_state (recorder), ==, PLN_RECORDER_STATE_RECORDING);

  /* From here on the main loop must never stop for long: connections
   * stall, are ended and come back while it ticks. */
  g_mutex_lock (&tick_lock);
  measuring = TRUE;
  last_tick = g_get_monotonic_time ();
  g_mutex_unlock (&tick_lock);
  end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < end &&
         (pln_manifest_get_n_gaps (pln_recorder_get_manifest (recorder)) < WANTED_GAPS ||
          pln_recorder_get_state (recorder) != PLN_RECORDER_STATE_RECORDING))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (pln_manifest_get_n_gaps (pln_recorder_get_manifest (recorder)), >=, WANTED_GAPS);

  /* a stop in the middle of a stall ends cleanly too */
  while (g_get_monotonic_time () < end && pln_recorder_get_state (recorder) == PLN_RECORDER_STATE_RECORDING)
    g_main_context_iteration (NULL, TRUE);
  pln_recorder_stop (recorder);
  end = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
  while (pln_recorder_get_state (recorder) != PLN_RECORDER_STATE_STOPPED &&
         pln_recorder_get_state (recorder) != PLN_RECORDER_STATE_FAILED && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (pln_recorder_get_state (recorder), ==, PLN_RECORDER_STATE_STOPPED);

  g_mutex_lock (&tick_lock);
  measuring = FALSE;
  done = TRUE;
  g_mutex_unlock (&tick_lock);
  g_thread_join (g_steal_pointer (&watch));
  g_source_remove (tick_id);
  g_subprocess_force_exit (server);
  g_subprocess_wait (server, NULL, NULL);

  g_test_message ("longest wait of the main loop: %" G_GINT64_FORMAT " ms (a sleeping thread woke up to %"
                  G_GINT64_FORMAT " ms late)", longest_tick / 1000, longest_oversleep / 1000);
  /* a busy machine delays every thread alike; the recorder must add no wait */
  g_assert_cmpint (longest_tick, <=, MAX_TICK_MS * 1000 + longest_oversleep);

  /* the manifest, read as any other program would */
  g_assert_true (g_key_file_load_from_file (keyfile, manifest, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (g_key_file_get_string (keyfile, "recording", "state", NULL), ==, "stopped");
  n_segments = count_groups (keyfile, "segment-");
  n_gaps = count_groups (keyfile, "gap-");
  g_test_message ("%u segments, %u gaps", n_segments, n_gaps);
  g_assert_cmpuint (n_gaps, >=, WANTED_GAPS);
  /* the stop came in a gap: a segment before each gap */
  g_assert_cmpuint (n_segments, >=, n_gaps);
  for (guint i = 0; i < n_gaps; i++)
    {
      g_autofree char *group = g_strdup_printf ("gap-%u", i);
      g_autofree char *reason = g_key_file_get_string (keyfile, group, "reason", NULL);
      gint64 start = g_key_file_get_int64 (keyfile, group, "start_ms", NULL);
      gint64 stop = g_key_file_get_int64 (keyfile, group, "end_ms", NULL);

      /* at least the watchdog's silence, and the reason says which source */
      g_assert_cmpint (stop - start, >=, 400);
      g_assert_nonnull (strstr (reason, "127.0.0.1"));
    }
  for (guint i = 0; i < n_segments; i++)
    {
      g_autofree char *group = g_strdup_printf ("segment-%05u", i);
      g_autofree char *file = g_key_file_get_string (keyfile, group, "file", NULL);
      g_autofree char *path = g_build_filename (dir, file, NULL);

      g_assert_true (g_key_file_get_boolean (keyfile, group, "closed", NULL));
      rec_assert_decodes (path);
    }

  rm = g_strdup_printf ("rm -rf '%s'", tmp);
  g_assert_cmpint (system (rm), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/recorder-stall/watchdog-on-blocked-stream", test_stalled_stream);
  return g_test_run ();
}
