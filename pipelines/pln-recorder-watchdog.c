/* pln-recorder-watchdog.c: the main context's timers: the no-media watchdog, the stats
 * every second and the audio levels.
 */
#define G_LOG_DOMAIN "plenary-recorder"

#include "config.h"

#include "pln-recorder-private.h"

/* ------------------------------------------------------------------ */
/* bus                                                                 */

void
_pln_recorder_handle_level (PlnRecorder        *self,
                            const GstStructure *s)
{
  const GValue *peaks = gst_structure_get_value (s, "peak");
  GValueArray *array;

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (peaks == NULL || !G_VALUE_HOLDS (peaks, g_value_array_get_type ()))
    return;
  array = g_value_get_boxed (peaks);
  self->n_channels = MIN (array->n_values, PLN_RECORDER_MAX_CHANNELS);
  for (guint i = 0; i < self->n_channels; i++)
    self->level_db[i] = MAX (-100.0, g_value_get_double (g_value_array_get_nth (array, i)));
G_GNUC_END_IGNORE_DEPRECATIONS
  _pln_preview_tap_push_levels (self->tap, self->level_db, self->n_channels);
}

/* An SRT listener (srt://:PORT, or mode=listener) waits for its caller. */
static gboolean
source_listens (PlnSource *source)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GHashTable) params = NULL;
  const char *host;

  if (pln_source_get_kind (source) != PLN_SOURCE_KIND_SRT)
    return FALSE;
  uri = g_uri_parse (pln_source_get_uri (source), G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return FALSE;
  host = g_uri_get_host (uri);
  if (host == NULL || *host == '\0')
    return TRUE;
  if (g_uri_get_query (uri) == NULL)
    return FALSE;
  params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, NULL);
  return params != NULL && g_strcmp0 (g_hash_table_lookup (params, "mode"), "listener") == 0;
}

/* A silence on an SRT connection that libsrt still holds up: keep the
 * pipeline and wait for the media to come back on it (the streaming
 * thread then starts a new segment at its first keyframe), recording the
 * gap from the end of the last buffer. Main context. */
static gboolean
start_ride_out (PlnRecorder *self,
                Connection  *conn,
                gint64       now,
                const char  *reason)
{
  GstClockTime last_rt;

  if (pln_source_get_kind (self->source) != PLN_SOURCE_KIND_SRT || !conn->segment_open || conn->closing)
    return FALSE;

  g_mutex_lock (&conn->lock);
  if (conn->caller_gone || now - conn->last_buffer_mono > (gint64) SRT_RIDE_OUT_MS * 1000)
    {
      g_mutex_unlock (&conn->lock);
      return FALSE;
    }
  conn->riding_out = TRUE;
  conn->ride_failed = FALSE;
  conn->ride_lag_skips = 0;
  conn->ride_audio_sent = FALSE;
  conn->ride_last_rt = last_rt = conn->last_rt;
  conn->ride_last_mono = conn->last_buffer_mono;
  g_mutex_unlock (&conn->lock);
  conn->ride_mono = now;

  g_message ("%s; its SRT connection stays open for up to %.1f s", reason, SRT_RIDE_OUT_MS / 1000.0);
  _pln_recorder_set_str (&self->last_attempt_error, reason);
  if (!self->gap_pending)
    {
      self->gap_pending = TRUE;
      _pln_recorder_set_str (&self->gap_reason, reason);
      self->lost_mono = now;
      self->gap_start_ms = conn->segment_start_ms;
      if (GST_CLOCK_TIME_IS_VALID (last_rt) && last_rt > conn->segment_open_rt)
        self->gap_start_ms += (gint64) ((last_rt - conn->segment_open_rt) / GST_MSECOND);
    }
  _pln_recorder_set_state (self, PLN_RECORDER_STATE_RECONNECTING);
  return TRUE;
}

/* main context, every WATCHDOG_MS */
gboolean
_pln_recorder_on_watchdog_cb (gpointer user_data)
{
  PlnRecorder *self = user_data;
  Connection *conn = self->conn;
  gint64 now = g_get_monotonic_time ();
  gint64 first_real, last_mono;
  guint stall_ms = MAX (self->stall_timeout_ms, pln_source_get_min_stall_ms (self->source));

  if (conn == NULL || conn->closing)
    {
      /* while waiting to retry: give up after the limit */
      if (conn == NULL && self->state == PLN_RECORDER_STATE_RECONNECTING &&
          now - self->lost_mono > (gint64) self->give_up_seconds * G_USEC_PER_SEC)
        _pln_recorder_give_up (self, self->last_attempt_error);
      return G_SOURCE_CONTINUE;
    }

  g_mutex_lock (&conn->lock);
  first_real = conn->first_buffer_real;
  last_mono = conn->last_buffer_mono;
  g_mutex_unlock (&conn->lock);

  if (first_real == 0)
    {
      /* A listener that lost its caller keeps listening while it waits
       * for the caller to call again, up to the give-up limit: closing it
       * and listening anew after a delay would leave moments in which the
       * caller finds nobody (the 30 s cut's SRT gaps of session 3). */
      if (self->started_real != 0 && self->state == PLN_RECORDER_STATE_RECONNECTING &&
          now - conn->attempt_mono > CONNECT_TIMEOUT_MS * 1000 && source_listens (self->source))
        {
          if (now - self->lost_mono > (gint64) self->give_up_seconds * G_USEC_PER_SEC)
            _pln_recorder_give_up (self, self->last_attempt_error);
        }
      else if (now - conn->attempt_mono > CONNECT_TIMEOUT_MS * 1000)
        {
          g_autofree char *reason = g_strdup_printf (_("Cannot reach %s: it sent no media within %d seconds"),
                                                     pln_source_get_display_uri (self->source),
                                                     CONNECT_TIMEOUT_MS / 1000);
          _pln_recorder_connection_lost (self, reason);
        }
    }
  else if (conn->ride_mono != 0)
    {
      gboolean failed, gone;

      g_mutex_lock (&conn->lock);
      failed = conn->ride_failed;
      gone = conn->caller_gone;
      g_mutex_unlock (&conn->lock);
      /* The connection did not carry on after all: tear it down and retry,
       * as for any lost link (the gap is already open). */
      if (failed || gone || now - last_mono > (gint64) SRT_RIDE_OUT_MS * 1000 ||
          now - conn->ride_mono > (gint64) CONNECT_TIMEOUT_MS * 1000)
        {
          g_autofree char *reason = g_strdup (self->gap_reason);

          g_debug ("%s: no longer waiting on its SRT connection (%s)", pln_source_get_display_uri (self->source),
                   failed ? "the stream that came back does not follow on" : gone ? "the caller left" : "timed out");
          _pln_recorder_connection_lost (self, reason);
        }
    }
  else if (pln_source_is_live (self->source) && now - last_mono > (gint64) stall_ms * 1000)
    {
      g_autofree char *reason = g_strdup_printf (_("%s sent no media for %.1f seconds"),
                                                 pln_source_get_display_uri (self->source),
                                                 stall_ms / 1000.0);
      if (!start_ride_out (self, conn, now, reason))
        _pln_recorder_connection_lost (self, reason);
    }
  return G_SOURCE_CONTINUE;
}

/* main context, every second */
gboolean
_pln_recorder_on_stats_cb (gpointer user_data)
{
  PlnRecorder *self = user_data;
  Connection *conn = self->conn;
  PlnRecorderStats stats = { 0 };
  gint64 now = g_get_monotonic_time ();
  double dt = self->last_stats_mono != 0 ? (now - self->last_stats_mono) / (double) G_USEC_PER_SEC : 1.0;
  guint64 in_bytes = 0, frames = 0, open_bytes = 0;

  if (conn != NULL)
    {
      g_mutex_lock (&conn->lock);
      in_bytes = conn->in_bytes;
      frames = conn->video_frames;
      g_mutex_unlock (&conn->lock);
      if (in_bytes < self->last_in_bytes || frames < self->last_video_frames)
        self->last_in_bytes = self->last_video_frames = 0;
      stats.bitrate_kbps = (in_bytes - self->last_in_bytes) * 8.0 / 1000.0 / MAX (dt, 0.001);
      stats.fps = (frames - self->last_video_frames) / MAX (dt, 0.001);
      stats.frames_dropped = conn->frames_dropped;
      if (conn->segment_open)
        open_bytes = _pln_recorder_file_size (conn->segment_path);
    }
  else
    in_bytes = frames = 0;

  self->last_in_bytes = in_bytes;
  self->last_video_frames = frames;
  self->last_stats_mono = now;

  stats.elapsed_ms = _pln_recorder_now_ms_on_timeline (self);
  stats.bytes_written = self->closed_bytes + open_bytes;
  stats.n_channels = self->n_channels;
  memcpy (stats.level_db, self->level_db, sizeof stats.level_db);
  if (self->state != PLN_RECORDER_STATE_RECORDING)
    {
      stats.bitrate_kbps = stats.fps = 0;
      stats.n_channels = 0;
    }

  /* Keep the open segment's figures current in the manifest. */
  if (conn != NULL && conn->segment_open && ++self->stats_ticks % 5 == 0)
    {
      GstClockTime last_rt;

      g_mutex_lock (&conn->lock);
      last_rt = conn->last_rt;
      g_mutex_unlock (&conn->lock);
      if (GST_CLOCK_TIME_IS_VALID (last_rt) && last_rt > conn->segment_open_rt)
        {
          pln_manifest_update_segment (self->manifest,
                                       (gint64) ((last_rt - conn->segment_open_rt) / GST_MSECOND),
                                       open_bytes);
          _pln_recorder_save_manifest (self);
        }
    }

  g_signal_emit (self, _pln_recorder_signals[STATS], 0, &stats);
  return G_SOURCE_CONTINUE;
}

void
_pln_recorder_on_guard_low_cb (PlnDiskGuard *guard,
                               guint64       free_bytes,
                               PlnRecorder  *self)
{
  _pln_recorder_disk_full (self, FALSE);
}
