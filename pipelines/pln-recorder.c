/* pln-recorder.c: records one source into a folder of fragmented MP4
 * segments with a manifest, through link losses.
 *
 * One pipeline per connection attempt: the source element, a branch per
 * stream (passthrough through a parser, or encode: x264enc / avenc_aac),
 * and splitmuxsink with our own mp4mux (fragment-duration = 1 s) so a
 * killed process leaves every file playable up to its last fragment. When
 * the source goes away (error, EOS, or no buffer for a while) the pipeline
 * is closed (its segment finished) and a new one is built after a short,
 * growing delay; the PlnRecorder keeps the timeline and the manifest across
 * connections and writes the gap. All bookkeeping happens on the main
 * context: streaming threads only touch counters under a lock, and tell the
 * main context through g_main_context_invoke_full() or the bus.
 */
#define G_LOG_DOMAIN "plenary-recorder"

#include "config.h"

#include <errno.h>

#include "pln-recorder-private.h"

G_DEFINE_FINAL_TYPE (PlnRecorder, pln_recorder, G_TYPE_OBJECT)

static PlnRecorderStats *
pln_recorder_stats_copy (PlnRecorderStats *stats)
{
  return g_memdup2 (stats, sizeof *stats);
}

void
_pln_recorder_set_str (char       **str_pointer,
                       const char  *new_str)
{
  if (*str_pointer == new_str)
    return;
  g_free (*str_pointer);
  *str_pointer = g_strdup (new_str);
}

G_DEFINE_BOXED_TYPE (PlnRecorderStats, pln_recorder_stats,
                     pln_recorder_stats_copy, g_free)

enum {
  PROP_0,
  PROP_SOURCE,
  PROP_DIR,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
guint _pln_recorder_signals[N_SIGNALS];

/* ------------------------------------------------------------------ */
/* helpers                                                             */

void
_pln_recorder_set_state (PlnRecorder      *self,
                         PlnRecorderState  state)
{
  if (self->state == state)
    return;
  g_debug ("%s: %s → %s", pln_source_get_display_uri (self->source),
           pln_recorder_state_to_string (self->state),
           pln_recorder_state_to_string (state));
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

void
_pln_recorder_save_manifest (PlnRecorder *self)
{
  g_autoptr(GError) error = NULL;

  if (!pln_manifest_save (self->manifest, &error))
    g_warning ("%s", error->message);
}

gint64
_pln_recorder_now_ms_on_timeline (PlnRecorder *self)
{
  if (self->started_real == 0)
    return 0;
  return (g_get_real_time () - self->started_real) / 1000;
}

char *
_pln_recorder_format_hms (gint64 ms)
{
  gint64 s = MAX (ms, 0) / 1000;

  return g_strdup_printf ("%02d:%02d:%02d", (int) (s / 3600), (int) (s / 60 % 60), (int) (s % 60));
}

GDateTime *
_pln_recorder_date_time_from_real (gint64 real_us)
{
  g_autoptr(GDateTime) seconds = g_date_time_new_from_unix_utc (real_us / G_USEC_PER_SEC);

  return g_date_time_add (seconds, real_us % G_USEC_PER_SEC);
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */

static void
pln_recorder_dispose (GObject *object)
{
  PlnRecorder *self = PLN_RECORDER (object);

  _pln_recorder_stop_timers (self);
  if (self->conn != NULL)
    {
      _pln_recorder_connection_dispose (g_steal_pointer (&self->conn));
    }
  g_clear_object (&self->guard);
  g_clear_object (&self->tap);

  G_OBJECT_CLASS (pln_recorder_parent_class)->dispose (object);
}

static void
pln_recorder_finalize (GObject *object)
{
  PlnRecorder *self = PLN_RECORDER (object);

  g_clear_object (&self->source);
  g_clear_object (&self->manifest);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_error (&self->error);
  g_clear_error (&self->pending_error);
  g_free (self->dir);
  g_free (self->gap_reason);
  g_free (self->last_attempt_error);

  G_OBJECT_CLASS (pln_recorder_parent_class)->finalize (object);
}

static void
pln_recorder_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  PlnRecorder *self = PLN_RECORDER (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      g_value_set_object (value, self->source);
      break;
    case PROP_DIR:
      g_value_set_string (value, self->dir);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pln_recorder_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  PlnRecorder *self = PLN_RECORDER (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      self->source = g_value_dup_object (value);
      break;
    case PROP_DIR:
      self->dir = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pln_recorder_class_init (PlnRecorderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pln_recorder_dispose;
  object_class->finalize = pln_recorder_finalize;
  object_class->get_property = pln_recorder_get_property;
  object_class->set_property = pln_recorder_set_property;

  properties[PROP_SOURCE] =
    g_param_spec_object ("source", NULL, NULL, PLN_TYPE_SOURCE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DIR] =
    g_param_spec_string ("dir", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, PLN_TYPE_RECORDER_STATE, PLN_RECORDER_STATE_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PlnRecorder::segment-opened:
   * @path: the segment file
   * @start_ms: its start on the recording's timeline
   * @duration_ms: 0
   */
  _pln_recorder_signals[SEGMENT_OPENED] =
    g_signal_new ("segment-opened", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_INT64, G_TYPE_INT64);
  /**
   * PlnRecorder::segment-closed:
   * @path: the segment file, now complete
   * @start_ms: its start on the recording's timeline
   * @duration_ms: its media duration
   */
  _pln_recorder_signals[SEGMENT_CLOSED] =
    g_signal_new ("segment-closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_INT64, G_TYPE_INT64);
  /**
   * PlnRecorder::stats:
   * @stats: a #PlnRecorderStats
   *
   * Once a second while started.
   */
  _pln_recorder_signals[STATS] =
    g_signal_new ("stats", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, PLN_TYPE_RECORDER_STATS | G_SIGNAL_TYPE_STATIC_SCOPE);
  /**
   * PlnRecorder::error:
   * @error: a #GError in %PLN_RECORDER_ERROR
   *
   * The recording stopped on this error; the state is now failed.
   */
  _pln_recorder_signals[ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
pln_recorder_init (PlnRecorder *self)
{
  /* timers, the bus and frames all go to the global default main context */
  self->context = g_main_context_ref (g_main_context_default ());
  self->tap = pln_preview_tap_new ();
  self->segment_seconds = 600;
  self->stall_timeout_ms = 2000;
  self->give_up_seconds = 30 * 60;
  self->min_free_bytes = PLN_DISK_GUARD_DEFAULT_FLOOR;
  self->preset = PLN_ENCODE_PRESET_GOOD;
  self->video_bitrate = 2500;
  self->retry_delay_ms = FIRST_RETRY_MS;
}

/* ------------------------------------------------------------------ */
/* public API                                                          */

/**
 * pln_recorder_new:
 * @source: what to record
 * @dir: the recording folder (created if missing; must not hold a recording)
 *
 * Use it from the thread that runs the global default main context: its
 * signals are emitted there.
 */
PlnRecorder *
pln_recorder_new (PlnSource  *source,
                  const char *dir)
{
  g_return_val_if_fail (PLN_IS_SOURCE (source), NULL);
  g_return_val_if_fail (dir != NULL, NULL);

  return g_object_new (PLN_TYPE_RECORDER, "source", source, "dir", dir, NULL);
}

PlnSource *
pln_recorder_get_source (PlnRecorder *self)
{
  g_return_val_if_fail (PLN_IS_RECORDER (self), NULL);
  return self->source;
}

const char *
pln_recorder_get_dir (PlnRecorder *self)
{
  g_return_val_if_fail (PLN_IS_RECORDER (self), NULL);
  return self->dir;
}

/**
 * pln_recorder_get_manifest:
 *
 * Returns: (nullable) (transfer none): the manifest, once started.
 */
PlnManifest *
pln_recorder_get_manifest (PlnRecorder *self)
{
  g_return_val_if_fail (PLN_IS_RECORDER (self), NULL);
  return self->manifest;
}

PlnPreviewTap *
pln_recorder_get_preview_tap (PlnRecorder *self)
{
  g_return_val_if_fail (PLN_IS_RECORDER (self), NULL);
  return self->tap;
}

PlnRecorderState
pln_recorder_get_state (PlnRecorder *self)
{
  g_return_val_if_fail (PLN_IS_RECORDER (self), PLN_RECORDER_STATE_IDLE);
  return self->state;
}

/**
 * pln_recorder_get_error:
 *
 * Returns: (nullable): why the recording failed.
 */
const GError *
pln_recorder_get_error (PlnRecorder *self)
{
  g_return_val_if_fail (PLN_IS_RECORDER (self), NULL);
  return self->error;
}

guint
pln_recorder_get_segment_seconds (PlnRecorder *self)
{
  g_return_val_if_fail (PLN_IS_RECORDER (self), 0);
  return self->segment_seconds;
}

/**
 * pln_recorder_set_segment_seconds:
 *
 * A new segment starts every @seconds (at the next keyframe). Default 600.
 * Takes effect at the next connection.
 */
void
pln_recorder_set_segment_seconds (PlnRecorder *self,
                                  guint        seconds)
{
  g_return_if_fail (PLN_IS_RECORDER (self));
  self->segment_seconds = MAX (seconds, 1);
}

guint
pln_recorder_get_stall_timeout_ms (PlnRecorder *self)
{
  g_return_val_if_fail (PLN_IS_RECORDER (self), 0);
  return self->stall_timeout_ms;
}

/**
 * pln_recorder_set_stall_timeout_ms:
 *
 * A live source that sends nothing for this long counts as lost. Default 2000.
 */
void
pln_recorder_set_stall_timeout_ms (PlnRecorder *self,
                                   guint        ms)
{
  g_return_if_fail (PLN_IS_RECORDER (self));
  self->stall_timeout_ms = MAX (ms, 100);
}

guint
pln_recorder_get_give_up_seconds (PlnRecorder *self)
{
  g_return_val_if_fail (PLN_IS_RECORDER (self), 0);
  return self->give_up_seconds;
}

/**
 * pln_recorder_set_give_up_seconds:
 *
 * How long a lost source is retried before the recording fails. Default 30 min.
 */
void
pln_recorder_set_give_up_seconds (PlnRecorder *self,
                                  guint        seconds)
{
  g_return_if_fail (PLN_IS_RECORDER (self));
  self->give_up_seconds = seconds;
}

guint64
pln_recorder_get_min_free_bytes (PlnRecorder *self)
{
  g_return_val_if_fail (PLN_IS_RECORDER (self), 0);
  return self->min_free_bytes;
}

/**
 * pln_recorder_set_min_free_bytes:
 *
 * The free-space floor: the recorder does not start below it and stops
 * cleanly when the disk falls under it. Default 500 MB.
 */
void
pln_recorder_set_min_free_bytes (PlnRecorder *self,
                                 guint64      bytes)
{
  g_return_if_fail (PLN_IS_RECORDER (self));
  self->min_free_bytes = bytes;
}

PlnEncodePreset
pln_recorder_get_preset (PlnRecorder *self)
{
  g_return_val_if_fail (PLN_IS_RECORDER (self), PLN_ENCODE_PRESET_GOOD);
  return self->preset;
}

void
pln_recorder_set_preset (PlnRecorder     *self,
                         PlnEncodePreset  preset)
{
  g_return_if_fail (PLN_IS_RECORDER (self));
  self->preset = preset;
}

guint
pln_recorder_get_video_bitrate (PlnRecorder *self)
{
  g_return_val_if_fail (PLN_IS_RECORDER (self), 0);
  return self->video_bitrate;
}

/**
 * pln_recorder_set_video_bitrate:
 *
 * kbit/s of the H.264 encoder, when the source must be encoded. Default 2500.
 */
void
pln_recorder_set_video_bitrate (PlnRecorder *self,
                                guint        kbps)
{
  g_return_if_fail (PLN_IS_RECORDER (self));
  self->video_bitrate = CLAMP (kbps, 64, 50000);
}

/**
 * pln_recorder_start:
 *
 * Creates the folder, checks the disk, writes the manifest and connects.
 * Returns %FALSE only for problems known at once (folder, disk, a recording
 * already there); a source that cannot be reached is reported through
 * ::error and the failed state.
 */
gboolean
pln_recorder_start (PlnRecorder  *self,
                    GError      **error)
{
  g_autofree char *manifest_path = NULL;

  g_return_val_if_fail (PLN_IS_RECORDER (self), FALSE);

  if (self->state != PLN_RECORDER_STATE_IDLE)
    {
      g_set_error (error, PLN_RECORDER_ERROR, PLN_RECORDER_ERROR_BUSY,
                   _("This recorder has already been started; make a new one for a new recording."));
      return FALSE;
    }

  if (g_mkdir_with_parents (self->dir, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, PLN_RECORDER_ERROR, PLN_RECORDER_ERROR_FOLDER,
                   _("Cannot create the recording folder %s: %s"), self->dir, g_strerror (saved));
      return FALSE;
    }

  manifest_path = g_build_filename (self->dir, PLN_MANIFEST_FILENAME, NULL);
  if (g_file_test (manifest_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, PLN_RECORDER_ERROR, PLN_RECORDER_ERROR_FOLDER,
                   _("%s already holds a recording; choose an empty folder."), self->dir);
      return FALSE;
    }

  self->guard = pln_disk_guard_new (self->dir, self->min_free_bytes);
  if (!pln_disk_guard_check (self->guard, error))
    return FALSE;

  self->manifest = pln_manifest_new (self->dir, pln_source_get_display_uri (self->source));
  pln_manifest_set_state (self->manifest, PLN_MANIFEST_STATE_RECORDING);
  if (!pln_manifest_save (self->manifest, error))
    return FALSE;

  {
    g_autofree char *reserve = g_build_filename (self->dir, RESERVE_NAME, NULL);
    g_autofree char *zeros = g_malloc0 (RESERVE_BYTES);

    g_file_set_contents (reserve, zeros, RESERVE_BYTES, NULL);
  }

  g_signal_connect_object (self->guard, "low", G_CALLBACK (_pln_recorder_on_guard_low_cb), self, 0);
  pln_disk_guard_start (self->guard);
  self->watchdog_id = g_timeout_add (WATCHDOG_MS, _pln_recorder_on_watchdog_cb, self);
  self->stats_id = g_timeout_add_seconds (1, _pln_recorder_on_stats_cb, self);

  _pln_recorder_set_state (self, PLN_RECORDER_STATE_STARTING);
  _pln_recorder_connect_source (self);
  return TRUE;
}

/**
 * pln_recorder_stop:
 *
 * Stops cleanly: the open segment is finished and the manifest finalised.
 * The state becomes stopped when that is done (at once when nothing is open).
 */
void
pln_recorder_stop (PlnRecorder *self)
{
  g_return_if_fail (PLN_IS_RECORDER (self));

  switch (self->state)
    {
    case PLN_RECORDER_STATE_IDLE:
      _pln_recorder_set_state (self, PLN_RECORDER_STATE_STOPPED);
      break;

    case PLN_RECORDER_STATE_STARTING:
    case PLN_RECORDER_STATE_RECORDING:
    case PLN_RECORDER_STATE_RECONNECTING:
      self->stopping = TRUE;
      g_clear_handle_id (&self->retry_id, g_source_remove);
      if (self->conn != NULL)
        _pln_recorder_close_connection (self, AFTER_STOP, FALSE);
      else
        _pln_recorder_finish (self, NULL);
      break;

    case PLN_RECORDER_STATE_STOPPED:
    case PLN_RECORDER_STATE_FAILED:
    default:
      break;
    }
}

/**
 * pln_recorder_mark_chapter:
 * @title: the chapter's title (agenda item, speaker)
 *
 * Marks "now" in the manifest.
 */
gboolean
pln_recorder_mark_chapter (PlnRecorder  *self,
                           const char   *title,
                           GError      **error)
{
  g_return_val_if_fail (PLN_IS_RECORDER (self), FALSE);
  g_return_val_if_fail (title != NULL, FALSE);

  if (self->manifest == NULL || self->started_real == 0 ||
      self->state == PLN_RECORDER_STATE_STOPPED || self->state == PLN_RECORDER_STATE_FAILED)
    {
      g_set_error (error, PLN_RECORDER_ERROR, PLN_RECORDER_ERROR_NO_MEDIA,
                   _("Cannot mark chapter “%s”: nothing is being recorded."), title);
      return FALSE;
    }
  pln_manifest_add_chapter (self->manifest, _pln_recorder_now_ms_on_timeline (self), title);
  return pln_manifest_save (self->manifest, error);
}

/**
 * pln_recorder_is_passthrough:
 *
 * Returns: %TRUE when the current connection records H.264 video as it
 * comes, without re-encoding.
 */
gboolean
pln_recorder_is_passthrough (PlnRecorder *self)
{
  gboolean result = FALSE;

  g_return_val_if_fail (PLN_IS_RECORDER (self), FALSE);

  if (self->conn != NULL)
    {
      g_mutex_lock (&self->conn->lock);
      result = self->conn->has_video && self->conn->video_passthrough;
      g_mutex_unlock (&self->conn->lock);
    }
  else if (self->manifest != NULL)
    result = pln_manifest_get_passthrough (self->manifest);
  return result;
}

/**
 * pln_recorder_count_encoders:
 *
 * Returns: how many encoder elements the current pipeline holds (0 in
 * full passthrough).
 */
guint
pln_recorder_count_encoders (PlnRecorder *self)
{
  GstIterator *it;
  GValue item = G_VALUE_INIT;
  guint n = 0;

  g_return_val_if_fail (PLN_IS_RECORDER (self), 0);

  if (self->conn == NULL)
    return 0;

  it = gst_bin_iterate_recurse (GST_BIN (self->conn->pipeline));
  while (gst_iterator_next (it, &item) == GST_ITERATOR_OK)
    {
      GstElement *element = g_value_get_object (&item);
      GstElementFactory *factory = gst_element_get_factory (element);
      const char *klass;

      if (factory != NULL &&
          (klass = gst_element_factory_get_metadata (factory, GST_ELEMENT_METADATA_KLASS)) != NULL &&
          strstr (klass, "Encoder") != NULL)
        n++;
      g_value_reset (&item);
    }
  g_value_unset (&item);
  gst_iterator_free (it);
  return n;
}

/**
 * pln_recorder_get_elapsed_ms:
 *
 * Returns: wall time since the first buffer (until the end when stopped).
 */
gint64
pln_recorder_get_elapsed_ms (PlnRecorder *self)
{
  g_return_val_if_fail (PLN_IS_RECORDER (self), 0);

  if (self->started_real == 0)
    return 0;
  if (self->ended_real != 0)
    return (self->ended_real - self->started_real) / 1000;
  return _pln_recorder_now_ms_on_timeline (self);
}

/**
 * pln_recorder_get_media_ms:
 *
 * Returns: the media recorded so far (all segments, the open one included),
 * in milliseconds: the elapsed time less the gaps.
 */
gint64
pln_recorder_get_media_ms (PlnRecorder *self)
{
  gint64 total = 0;

  g_return_val_if_fail (PLN_IS_RECORDER (self), 0);

  if (self->manifest == NULL)
    return 0;
  for (guint i = 0; i < pln_manifest_get_n_segments (self->manifest); i++)
    {
      const PlnManifestSegment *segment = pln_manifest_get_segment (self->manifest, i);

      if (segment->closed)
        total += segment->duration_ms;
    }
  if (self->conn != NULL && self->conn->segment_open)
    {
      GstClockTime last_rt;

      g_mutex_lock (&self->conn->lock);
      last_rt = self->conn->last_rt;
      g_mutex_unlock (&self->conn->lock);
      if (GST_CLOCK_TIME_IS_VALID (last_rt) && last_rt > self->conn->segment_open_rt)
        total += (gint64) ((last_rt - self->conn->segment_open_rt) / GST_MSECOND);
    }
  return total;
}
