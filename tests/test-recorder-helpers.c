/* test-recorder-helpers.c: what the recorder's test programs share. */
#include "config.h"

#include <gio/gio.h>
#include <signal.h>
#include <sys/prctl.h>

#include "test-recorder-helpers.h"

/* A TCP port on 127.0.0.1 that nothing listens on. */
guint16
rec_free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, address, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* A GSubprocessLauncher child setup: the peer dies with the test, even
 * when an assertion aborts it. */
void
rec_die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* Runs the main context until @recorder is in @state; FALSE at once if
 * it failed or stopped instead, or after @timeout_s. */
gboolean
rec_run_until_state (PlnRecorder      *recorder,
                     PlnRecorderState  state,
                     double            timeout_s)
{
  gint64 end = g_get_monotonic_time () + (gint64) (timeout_s * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < end)
    {
      PlnRecorderState now = pln_recorder_get_state (recorder);

      if (now == state)
        return TRUE;
      if (now == PLN_RECORDER_STATE_FAILED || now == PLN_RECORDER_STATE_STOPPED)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  return FALSE;
}

/* Runs the main context until @recorder has @media_s of media, or for
 * @media_s + 15 s at most. */
void
rec_run_until_media (PlnRecorder *recorder,
                     double       media_s)
{
  gint64 end = g_get_monotonic_time () + (gint64) ((media_s + 15) * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < end && pln_recorder_get_media_ms (recorder) < media_s * 1000)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
}

/* ffmpeg decodes the whole file and prints nothing on error level. */
void
rec_assert_decodes (const char *path)
{
  const char *argv[] = { "ffmpeg", "-v", "error", "-i", path, "-f", "null", "-", NULL };
  g_autofree char *err = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                               NULL, NULL, NULL, &err, &status, NULL));
  g_assert_cmpstr (g_strstrip (err), ==, "");
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* Starts the test RTSP server (PLN_TEST_RTSP_SERVER) on 127.0.0.1:@port,
 * with @options (NULL-terminated, or NULL) before the port, and returns
 * once it said READY. It dies with the test. */
GSubprocess *
rec_start_rtsp_server (guint16             port,
                       const char *const  *options)
{
  const char *exe = g_getenv ("PLN_TEST_RTSP_SERVER");
  g_autofree char *port_s = g_strdup_printf ("%u", port);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GDataInputStream) in = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  GSubprocess *server;

  g_assert_nonnull (exe);
  g_ptr_array_add (argv, (gpointer) exe);
  for (guint i = 0; options != NULL && options[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) options[i]);
  g_ptr_array_add (argv, port_s);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_set_child_setup (launcher, rec_die_with_parent, NULL, NULL);
  server = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  /* the pipe stays open with the server: it may print more */
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (in), FALSE);
  line = g_data_input_stream_read_line (in, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "READY");
  return server;
}
