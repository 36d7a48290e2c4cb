/* pln-cli-record.c: `plenary record URI --out DIR`, a recording without the
 * window: progress on stderr, Ctrl+C stops cleanly. */
#define G_LOG_DOMAIN "plenary-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib-unix.h>
#include <gst/gst.h>
#include <stdio.h>

#include "pln-cli-commands.h"
#include "pln-recorder.h"

typedef struct
{
  PlnRecorder *recorder;
  GMainLoop   *loop;
  guint        duration_s;
  guint        duration_id;
  gboolean     duration_armed;
  gboolean     quiet;
  gboolean     interrupted;
} Record;

static gboolean
on_duration_done_cb (gpointer user_data)
{
  Record *record = user_data;

  record->duration_id = 0;
  pln_recorder_stop (record->recorder);
  return G_SOURCE_REMOVE;
}

static gboolean
on_signal_cb (gpointer user_data)
{
  Record *record = user_data;

  if (record->interrupted)
    {
      /* A second Ctrl+C: the segments written so far stay playable. */
      g_main_loop_quit (record->loop);
      return G_SOURCE_CONTINUE;
    }
  record->interrupted = TRUE;
  fprintf (stderr, "%s\n", _("Stopping: closing the segment…"));
  pln_recorder_stop (record->recorder);
  return G_SOURCE_CONTINUE;
}

static const char *
state_label (PlnRecorderState state)
{
  switch (state)
    {
    case PLN_RECORDER_STATE_IDLE:
      return _("idle");
    case PLN_RECORDER_STATE_STARTING:
      return _("starting");
    case PLN_RECORDER_STATE_RECORDING:
      return _("recording");
    case PLN_RECORDER_STATE_RECONNECTING:
      return _("reconnecting");
    case PLN_RECORDER_STATE_STOPPED:
      return _("stopped");
    case PLN_RECORDER_STATE_FAILED:
    default:
      return _("failed");
    }
}

static void
on_state_notify_cb (PlnRecorder *recorder,
                    GParamSpec  *pspec,
                    Record      *record)
{
  PlnRecorderState state = pln_recorder_get_state (recorder);

  fprintf (stderr, _("State: %s\n"), state_label (state));

  /* The time counts from the first media, once: a reconnection does not
   * restart it, and a busy machine that reports the start late does not
   * make the recording endless. */
  if (state == PLN_RECORDER_STATE_RECORDING && record->duration_s > 0 && !record->duration_armed)
    {
      gint64 left = (gint64) record->duration_s * 1000 - pln_recorder_get_elapsed_ms (recorder);

      record->duration_armed = TRUE;
      record->duration_id = g_timeout_add ((guint) CLAMP (left, 0, G_MAXINT), on_duration_done_cb, record);
    }

  if (state == PLN_RECORDER_STATE_STOPPED || state == PLN_RECORDER_STATE_FAILED)
    g_main_loop_quit (record->loop);
}

static void
on_stats_cb (PlnRecorder      *recorder,
             PlnRecorderStats *stats,
             Record           *record)
{
  GString *line;
  gint64 s = stats->elapsed_ms / 1000;
  g_autofree char *size = NULL;

  if (record->quiet)
    return;

  size = g_format_size (stats->bytes_written);
  line = g_string_new (NULL);
  g_string_append_printf (line, "%02d:%02d:%02d  %-12s  %6.0f kbit/s  %4.1f fps  %s",
                          (int) (s / 3600), (int) (s / 60 % 60), (int) (s % 60),
                          state_label (pln_recorder_get_state (recorder)),
                          stats->bitrate_kbps, stats->fps, size);
  for (guint i = 0; i < stats->n_channels; i++)
    g_string_append_printf (line, "  %5.1f dB", stats->level_db[i]);
  fprintf (stderr, "%s\n", line->str);
  g_string_free (line, TRUE);
}

static void
on_segment_closed_cb (PlnRecorder *recorder,
                      const char  *path,
                      gint64       start_ms,
                      gint64       duration_ms,
                      Record      *record)
{
  g_autofree char *name = g_path_get_basename (path);

  fprintf (stderr, _("Segment closed: %s (%.1f s)\n"), name, duration_ms / 1000.0);
}

int
pln_cli_record (PlnCli  *cli,
                int      argc,
                char   **argv)
{
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnSource) source = NULL;
  g_autoptr(PlnRecorder) recorder = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *out = NULL;
  g_autofree char *preset = NULL;
  int duration = 0, segment_minutes = 10, segment_seconds = 0, min_free_mb = 500;
  int stall_ms = 2000, give_up = 1800, bitrate = 2500;
  gboolean quiet = FALSE;
  Record record = { 0 };
  PlnManifest *manifest;
  PlnRecorderState state;
  guint n_segments = 0;
  GOptionEntry entries[] = {
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, N_("The recording folder (created; must be empty)"), N_("DIR") },
    { "duration", 'd', 0, G_OPTION_ARG_INT, &duration, N_("Stop after this many seconds of recording"), N_("SECONDS") },
    { "segment-minutes", 0, 0, G_OPTION_ARG_INT, &segment_minutes, N_("Start a new segment file every N minutes (default 10)"), "N" },
    { "segment-seconds", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &segment_seconds, NULL, "N" },
    { "min-free-mb", 0, 0, G_OPTION_ARG_INT, &min_free_mb, N_("Stop before the disk has less than this many MB free (default 500)"), "MB" },
    { "stall-ms", 0, 0, G_OPTION_ARG_INT, &stall_ms, N_("A source silent this long counts as lost (default 2000)"), "MS" },
    { "give-up", 0, 0, G_OPTION_ARG_INT, &give_up, N_("Stop reconnecting after this many seconds (default 1800)"), N_("SECONDS") },
    { "preset", 0, 0, G_OPTION_ARG_STRING, &preset, N_("Encoding when the source is not H.264: good or light"), N_("PRESET") },
    { "bitrate", 0, 0, G_OPTION_ARG_INT, &bitrate, N_("Video bitrate when encoding, kbit/s (default 2500)"), N_("KBPS") },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, N_("No progress lines"), NULL },
    { NULL }
  };

  options = g_option_context_new (N_("URI"));
  g_option_context_set_translation_domain (options, GETTEXT_PACKAGE);
  g_option_context_set_summary (options, _("Records a source (rtsp://, srt://, rtmp://, http(s)://, file://, v4l2://, pulse://, test://, or mosaic:?src=URI&src=URI… for a grid of several feeds, each src URI-escaped) into a folder of MP4 segments until stopped with Ctrl+C."));
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  g_option_context_add_group (options, gst_init_get_option_group ());
  if (!g_option_context_parse (options, &argc, &argv, &error))
    return pln_cli_fail ("%s", error->message);

  if (argc != 2 || out == NULL)
    return pln_cli_usage ("record");
  if (duration < 0 || segment_minutes < 1 || segment_seconds < 0 || min_free_mb < 0 || stall_ms < 100 ||
      give_up < 0 || bitrate < 64)
    return pln_cli_fail (_("A number given to plenary record is out of range; see “plenary record --help”."));
  if (preset != NULL && !g_str_equal (preset, "good") && !g_str_equal (preset, "light"))
    return pln_cli_fail (_("“%s” is not a preset: use good or light."), preset);

  gst_init (NULL, NULL);

  source = pln_source_new (argv[1], &error);
  if (source == NULL)
    return pln_cli_fail_error (error);

  recorder = pln_recorder_new (source, out);
  pln_recorder_set_segment_seconds (recorder, segment_seconds > 0 ? (guint) segment_seconds
                                                                  : (guint) segment_minutes * 60);
  pln_recorder_set_min_free_bytes (recorder, (guint64) min_free_mb * 1000 * 1000);
  pln_recorder_set_stall_timeout_ms (recorder, (guint) stall_ms);
  pln_recorder_set_give_up_seconds (recorder, (guint) give_up);
  pln_recorder_set_video_bitrate (recorder, (guint) bitrate);
  if (preset != NULL && g_str_equal (preset, "light"))
    pln_recorder_set_preset (recorder, PLN_ENCODE_PRESET_LIGHT);

  loop = g_main_loop_new (NULL, FALSE);
  record.recorder = recorder;
  record.loop = loop;
  record.duration_s = (guint) duration;
  record.quiet = quiet;

  g_signal_connect (recorder, "notify::state", G_CALLBACK (on_state_notify_cb), &record);
  g_signal_connect (recorder, "stats", G_CALLBACK (on_stats_cb), &record);
  g_signal_connect (recorder, "segment-closed", G_CALLBACK (on_segment_closed_cb), &record);

  if (!pln_recorder_start (recorder, &error))
    return pln_cli_fail_error (error);

  fprintf (stderr, _("Recording %s into %s\n"), pln_source_get_display_uri (source), out);

  g_unix_signal_add (SIGINT, on_signal_cb, &record);
  g_unix_signal_add (SIGTERM, on_signal_cb, &record);
  state = pln_recorder_get_state (recorder);
  if (state != PLN_RECORDER_STATE_STOPPED && state != PLN_RECORDER_STATE_FAILED)
    g_main_loop_run (loop);
  g_clear_handle_id (&record.duration_id, g_source_remove);

  state = pln_recorder_get_state (recorder);
  manifest = pln_recorder_get_manifest (recorder);
  if (manifest != NULL)
    n_segments = pln_manifest_get_n_segments (manifest);

  if (state == PLN_RECORDER_STATE_FAILED)
    {
      pln_cli_fail_error (pln_recorder_get_error (recorder));
      return 1;
    }
  if (state != PLN_RECORDER_STATE_STOPPED)
    return pln_cli_fail (_("Interrupted before the recording was closed; the segments written so far stay playable."));
  if (n_segments == 0)
    return pln_cli_fail (_("Nothing was recorded from %s."), pln_source_get_display_uri (source));

  fprintf (stderr, _("Recorded %u segment(s), %.1f s of media, into %s\n"), n_segments,
           pln_manifest_get_media_duration_ms (manifest) / 1000.0, out);
  return 0;
}
