/* pln-recorder-branch.c: the branch of each stream, from the source's pad to splitmuxsink
 * (passthrough through a parser, or encode), and what the streaming threads
 * count on their way to the muxer.
 */
#define G_LOG_DOMAIN "plenary-recorder"

#include "config.h"

#include "pln-recorder-private.h"

typedef struct
{
  PlnRecorder *recorder;
  guint        serial;
} FirstBuffer;

static void
first_buffer_free (gpointer data)
{
  FirstBuffer *fb = data;

  g_object_unref (fb->recorder);
  g_free (fb);
}

/* main context: media flows on the current connection */
static gboolean
on_first_buffer_cb (gpointer data)
{
  FirstBuffer *fb = data;
  PlnRecorder *self = fb->recorder;
  Connection *conn = self->conn;
  gint64 first_real;

  if (conn == NULL || conn->serial != fb->serial || conn->closing)
    return G_SOURCE_REMOVE;

  g_mutex_lock (&conn->lock);
  first_real = conn->first_buffer_real;
  g_mutex_unlock (&conn->lock);

  if (self->started_real == 0)
    {
      g_autoptr(GDateTime) started = _pln_recorder_date_time_from_real (first_real);

      self->started_real = first_real;
      pln_manifest_set_started (self->manifest, started);
      _pln_recorder_save_manifest (self);
    }
  self->retry_delay_ms = FIRST_RETRY_MS;
  _pln_recorder_set_state (self, PLN_RECORDER_STATE_RECORDING);
  return G_SOURCE_REMOVE;
}

/* main context: media came back on a connection that rode out a silence */
static gboolean
on_resumed_cb (gpointer data)
{
  FirstBuffer *fb = data;
  PlnRecorder *self = fb->recorder;
  Connection *conn = self->conn;

  if (conn == NULL || conn->serial != fb->serial || conn->closing || conn->ride_mono == 0)
    return G_SOURCE_REMOVE;
  g_message ("%s sends media again on the same connection", pln_source_get_display_uri (self->source));
  conn->ride_mono = 0;
  self->retry_delay_ms = FIRST_RETRY_MS;
  _pln_recorder_set_state (self, PLN_RECORDER_STATE_RECORDING);
  return G_SOURCE_REMOVE;
}

/* streaming thread, conn->lock held: a buffer while the connection rides
 * out a silence. Returns TRUE when it is the first one to record again:
 * a keyframe (any buffer without video) whose running time follows on
 * from the last one before, by no more than the silence (and a margin
 * for the sender's buffer): anything else means a new stream with a
 * timeline of its own, which a new connection handles.
 *
 * When the link comes back, the SRT sender first resends what it still
 * holds (about the last second) and may send a straggler from the start
 * of the cut, followed by a jump: the first keyframe that is older than
 * the silence by more than RIDE_MAX_LAG may be such a straggler, and is
 * skipped (starting the new segment on it put a jump of seconds right
 * after its first frame, and the frames after it did not decode). A
 * second one is not: the sender delivered all it held, late but whole. */
#define RIDE_RT_SLACK (2 * GST_SECOND)
#define RIDE_MAX_LAG  (1500 * GST_MSECOND)

static gboolean
ride_out_resumes (Stream       *stream,
                  GstBuffer    *buffer,
                  GstClockTime  rt)
{
  Connection *conn = stream->conn;
  gint64 now = g_get_monotonic_time ();
  GstClockTime silence = (GstClockTime) (now - conn->ride_last_mono) * GST_USECOND;

  /* the link is back, whatever is done with this buffer */
  conn->last_buffer_mono = now;
  if (stream->video ? GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_DELTA_UNIT) : conn->has_video)
    return FALSE;
  if (!GST_CLOCK_TIME_IS_VALID (rt))
    return FALSE;
  if (!GST_CLOCK_TIME_IS_VALID (conn->ride_last_rt) || rt < conn->ride_last_rt ||
      rt - conn->ride_last_rt > silence + RIDE_RT_SLACK)
    {
      conn->ride_failed = TRUE;
      return FALSE;
    }
  if (rt - conn->ride_last_rt + RIDE_MAX_LAG < silence && conn->ride_lag_skips++ == 0)
    {
      g_debug ("a keyframe %" GST_TIME_FORMAT " after the last buffer, %" GST_TIME_FORMAT " of silence: skipped",
               GST_TIME_ARGS (rt - conn->ride_last_rt), GST_TIME_ARGS (silence));
      return FALSE;
    }
  conn->riding_out = FALSE;
  conn->first_keyframe_rt = rt;   /* audio from before it stays out */
  conn->resume_real = g_get_real_time ();
  conn->resume_rt = rt;
  conn->resume_pending = TRUE;
  return TRUE;
}

/* streaming thread, conn->lock held: splitmuxsink holds the video thread
 * at a keyframe until the audio reaches it, and the audio from before the
 * silence may have stopped short of the last keyframe: the video then
 * never moves again (nor brings the keyframe after the silence), and the
 * audio after it is not for this segment. The last audio frame before the
 * silence, repeated where the video ended, lets the muxer close that GOP:
 * 20-odd ms of repeated sound at the end of the segment, instead of a
 * recording that waits for nothing. */
static GstBuffer *
audio_to_close_gop (Stream       *stream,
                    GstClockTime  rt)
{
  GstBuffer *copy;
  guint64 position = gst_segment_position_from_running_time (&stream->segment, GST_FORMAT_TIME, rt);
  GstClockTime last = gst_segment_to_running_time (&stream->segment, GST_FORMAT_TIME,
                                                   GST_BUFFER_PTS (stream->last_audio));

  /* audio that already reached the end of the video holds nothing up (and
   * the muxer refuses time going back) */
  if (!GST_CLOCK_TIME_IS_VALID (position) || !GST_CLOCK_TIME_IS_VALID (last) || last >= rt)
    return NULL;
  copy = gst_buffer_copy (stream->last_audio);
  GST_BUFFER_PTS (copy) = position;
  GST_BUFFER_DTS (copy) = position;
  GST_BUFFER_FLAG_UNSET (copy, GST_BUFFER_FLAG_DISCONT);
  return copy;
}

static void
stream_free (gpointer data)
{
  Stream *stream = data;

  gst_clear_buffer (&stream->last_audio);
  g_free (stream);
}

/* streaming thread: every buffer entering the muxer */
static GstPadProbeReturn
on_mux_pad_probe_cb (GstPad          *pad,
                     GstPadProbeInfo *info,
                     gpointer         user_data)
{
  Stream *stream = user_data;
  Connection *conn = stream->conn;
  GstBuffer *buffer;
  GstClockTime ts, rt = GST_CLOCK_TIME_NONE;
  gboolean first = FALSE, resumed = FALSE;
  FirstBuffer *fb = NULL;

  if (info->type & GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM)
    {
      GstEvent *event = GST_PAD_PROBE_INFO_EVENT (info);

      if (GST_EVENT_TYPE (event) == GST_EVENT_SEGMENT)
        gst_event_copy_segment (event, &stream->segment);
      return GST_PAD_PROBE_OK;
    }

  buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  ts = GST_BUFFER_PTS_IS_VALID (buffer) ? GST_BUFFER_PTS (buffer) : GST_BUFFER_DTS (buffer);
  if (GST_CLOCK_TIME_IS_VALID (ts) && stream->segment.format == GST_FORMAT_TIME)
    rt = gst_segment_to_running_time (&stream->segment, GST_FORMAT_TIME, ts);

  g_mutex_lock (&conn->lock);

  if (conn->riding_out)
    {
      GstBuffer *release = NULL;

      if (!ride_out_resumes (stream, buffer, rt))
        {
          if (!stream->video && conn->has_video && !conn->ride_audio_sent && stream->last_audio != NULL &&
              GST_CLOCK_TIME_IS_VALID (rt) && rt > conn->ride_last_rt)
            {
              conn->ride_audio_sent = TRUE;
              release = audio_to_close_gop (stream, conn->ride_last_rt);
            }
          g_mutex_unlock (&conn->lock);
          if (release != NULL)
            {
              g_autoptr(GstPad) peer = gst_pad_get_peer (pad);

              g_debug ("the last audio frame again, where the video ended, to close its GOP");
              if (peer != NULL)
                gst_pad_chain (peer, release);
              else
                gst_buffer_unref (release);
            }
          return GST_PAD_PROBE_DROP;
        }
      resumed = TRUE;
    }

  /* Start on a keyframe, and hold back audio older than it: splitmuxsink
   * fails with "Queued GOP time is negative" otherwise (rtspsrc A+V). */
  if (stream->video)
    {
      if (!GST_CLOCK_TIME_IS_VALID (conn->first_keyframe_rt))
        {
          if (GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_DELTA_UNIT) ||
              !GST_CLOCK_TIME_IS_VALID (rt))
            {
              g_mutex_unlock (&conn->lock);
              return GST_PAD_PROBE_DROP;
            }
          conn->first_keyframe_rt = rt;
        }
    }
  else if (conn->has_video)
    {
      if (!GST_CLOCK_TIME_IS_VALID (conn->first_keyframe_rt) ||
          (GST_CLOCK_TIME_IS_VALID (rt) && rt < conn->first_keyframe_rt))
        {
          g_mutex_unlock (&conn->lock);
          return GST_PAD_PROBE_DROP;
        }
    }

  conn->last_buffer_mono = g_get_monotonic_time ();
  if (conn->first_buffer_real == 0)
    {
      conn->first_buffer_real = g_get_real_time ();
      conn->first_rt = rt;
      first = TRUE;
    }
  if (!stream->video)
    gst_buffer_replace (&stream->last_audio, buffer);
  conn->in_bytes += gst_buffer_get_size (buffer);
  if (stream->video || !conn->has_video)
    {
      if (stream->video)
        conn->video_frames++;
      if (GST_CLOCK_TIME_IS_VALID (rt))
        {
          GstClockTime end = rt + (GST_BUFFER_DURATION_IS_VALID (buffer) ? GST_BUFFER_DURATION (buffer) : 0);

          if (!GST_CLOCK_TIME_IS_VALID (conn->last_rt) || end > conn->last_rt)
            conn->last_rt = end;
        }
    }
  if ((first || resumed) && !conn->detached)
    {
      fb = g_new0 (FirstBuffer, 1);
      fb->recorder = g_object_ref (conn->recorder);
      fb->serial = conn->serial;
    }
  g_mutex_unlock (&conn->lock);

  /* What follows the silence goes into a new segment, from this keyframe
   * on: the segment before it ends with the last buffer before the gap,
   * so that the packager sees a gap rather than a jump in time. */
  if (resumed)
    g_signal_emit_by_name (conn->splitmux, "split-after");
  if (fb != NULL)
    {
      /* always on the main context's thread: g_main_context_invoke() would
       * run it right here whenever that context happens to be free */
      g_autoptr(GSource) idle = g_idle_source_new ();

      g_source_set_priority (idle, G_PRIORITY_DEFAULT);
      g_source_set_callback (idle, resumed ? on_resumed_cb : on_first_buffer_cb, fb, first_buffer_free);
      g_source_attach (idle, fb->recorder->context);
    }
  return GST_PAD_PROBE_OK;
}

/* streaming thread: name the next segment file */
char *
_pln_recorder_on_splitmux_format_location_cb (GstElement *splitmux,
                                              guint       fragment_id,
                                              Connection *conn)
{
  g_autofree char *name = NULL;
  guint index;

  g_mutex_lock (&conn->lock);
  index = conn->next_index++;
  g_mutex_unlock (&conn->lock);

  name = g_strdup_printf ("segment-%05u.mp4", index);
  return g_build_filename (conn->dir, name, NULL);
}

GstElement *
_pln_recorder_make (const char  *factory,
                    GError     **error)
{
  GstElement *element = gst_element_factory_make (factory, NULL);

  if (element == NULL)
    g_set_error (error, PLN_RECORDER_ERROR, PLN_RECORDER_ERROR_MISSING_ELEMENT,
                 _("The GStreamer element “%s” is not installed. Install the GStreamer plugin packages listed in the README."),
                 factory);
  return element;
}

/* The level meter's decoder: faad where it is installed, a small library;
 * loading gst-libav costs a recorder that decodes nothing else 0.17 s of
 * CPU at start. */
static GstElement *
make_level_decoder (gboolean     aac,
                    GError     **error)
{
  GstElement *decoder;

  if (!aac)
    return _pln_recorder_make ("opusdec", error);
  decoder = gst_element_factory_make ("faad", NULL);
  return decoder != NULL ? decoder : _pln_recorder_make ("avdec_aac", error);
}

typedef struct
{
  PlnPreviewTap *tap;
  GstElement    *level;
  guint          count;
  gboolean       watched;
  gboolean       drop_output;   /* the next decoded buffer primed the decoder */
} LevelSampler;

static void
level_sampler_free (gpointer data)
{
  LevelSampler *sampler = data;

  g_object_unref (sampler->tap);
  gst_object_unref (sampler->level);
  g_free (sampler);
}

/* streaming thread: every encoded audio frame on its way to the meter */
static GstPadProbeReturn
on_level_sample_cb (GstPad          *pad,
                    GstPadProbeInfo *info,
                    gpointer         user_data)
{
  LevelSampler *sampler = user_data;
  gboolean watched = pln_preview_tap_get_enabled (sampler->tap);
  guint n;

  if (watched != sampler->watched)
    {
      sampler->watched = watched;
      /* a message per run while sampling, as often as before otherwise */
      g_object_set (sampler->level, "interval",
                    (guint64) (watched ? LEVEL_INTERVAL : LEVEL_INTERVAL * (LEVEL_RUN - 1) / LEVEL_EVERY), NULL);
    }
  if (watched)
    return GST_PAD_PROBE_OK;
  n = sampler->count++ % LEVEL_EVERY;
  if (n == 0)
    sampler->drop_output = TRUE;
  return n < LEVEL_RUN ? GST_PAD_PROBE_OK : GST_PAD_PROBE_DROP;
}

/* streaming thread: what the decoder made of it (the same thread) */
static GstPadProbeReturn
on_level_decoded_cb (GstPad          *pad,
                     GstPadProbeInfo *info,
                     gpointer         user_data)
{
  LevelSampler *sampler = user_data;

  if (!sampler->drop_output)
    return GST_PAD_PROBE_OK;
  sampler->drop_output = FALSE;
  return GST_PAD_PROBE_DROP;
}

static void
add_and_sync (GstBin     *bin,
              GstElement *first,
              ...)
{
  GstElement *element = first;
  va_list args;

  va_start (args, first);
  while (element != NULL)
    {
      gst_bin_add (bin, element);
      element = va_arg (args, GstElement *);
    }
  va_end (args);
}

static void
sync_all (GstElement *first,
          ...)
{
  GstElement *element = first;
  va_list args;

  va_start (args, first);
  while (element != NULL)
    {
      gst_element_sync_state_with_parent (element);
      element = va_arg (args, GstElement *);
    }
  va_end (args);
}

static gboolean
link_to_mux (Connection  *conn,
             GstElement  *last,
             gboolean     video,
             GError     **error)
{
  g_autoptr(GstPad) src = gst_element_get_static_pad (last, "src");
  g_autoptr(GstPad) sink = NULL;

  /* a tee: one more branch */
  if (src == NULL)
    src = gst_element_request_pad_simple (last, "src_%u");
  Stream *stream;

  sink = gst_element_request_pad_simple (conn->splitmux, video ? "video" : "audio_%u");
  if (sink == NULL || gst_pad_link (src, sink) != GST_PAD_LINK_OK)
    {
      g_set_error (error, PLN_RECORDER_ERROR, PLN_RECORDER_ERROR_FAILED,
                   _("Cannot add the %s of %s to the recording"),
                   video ? _("video") : _("audio"),
                   pln_source_get_display_uri (conn->recorder->source));
      return FALSE;
    }

  stream = g_new0 (Stream, 1);
  stream->conn = conn;
  stream->video = video;
  gst_segment_init (&stream->segment, GST_FORMAT_UNDEFINED);
  gst_pad_add_probe (src, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM,
                     on_mux_pad_probe_cb, stream, stream_free);
  return TRUE;
}

static void
set_x264_options (PlnRecorder *self,
                  Connection  *conn,
                  GstElement  *encoder,
                  int          fps_n,
                  int          fps_d)
{
  guint key_int = (guint) MAX (1, (fps_n * ENCODE_GOP_MS + fps_d * 500) / (fps_d * 1000));
  guint fragment_ms = (guint) ((guint64) key_int * 1000 * fps_d / fps_n);
  g_autoptr(GstElement) mux = NULL;

  g_object_set (encoder, "bitrate", self->video_bitrate, "key-int-max", key_int, NULL);
  if (self->preset == PLN_ENCODE_PRESET_LIGHT)
    gst_util_set_object_arg (G_OBJECT (encoder), "speed-preset", "ultrafast");
  else
    gst_util_set_object_arg (G_OBJECT (encoder), "speed-preset", "veryfast");
  gst_util_set_object_arg (G_OBJECT (encoder), "tune", "zerolatency");

  /* every fragment starts on a keyframe */
  g_object_get (conn->splitmux, "muxer", &mux, NULL);
  if (mux != NULL)
    g_object_set (mux, "fragment-duration", MAX (fragment_ms, 100u), NULL);
}

/* Builds the branch of one stream; called with conn->lock held. */
gboolean
_pln_recorder_link_stream (Connection  *conn,
                           GstPad      *pad,
                           GError     **error)
{
  PlnRecorder *self = conn->recorder;
  GstBin *bin = GST_BIN (conn->pipeline);
  g_autoptr(GstCaps) caps = NULL;
  GstStructure *s;
  const char *name;
  GstElement *head = NULL;
  g_autoptr(GstPad) head_sink = NULL;

  caps = gst_pad_get_current_caps (pad);
  if (caps == NULL)
    caps = gst_pad_query_caps (pad, NULL);
  s = gst_caps_get_structure (caps, 0);
  name = gst_structure_get_name (s);

  if (g_str_equal (name, "video/x-h264") && !conn->has_video)
    {
      GstElement *parse, *filter, *tee, *preview;
      g_autoptr(GstCaps) avc = gst_caps_from_string ("video/x-h264,stream-format=avc,alignment=au");

      /* Passthrough costs what the buffers cross: no queue of our own
       * where each stream has its own thread already (splitmuxsink queues
       * its input), one where a demuxer feeds all streams from one thread. */
      if ((parse = _pln_recorder_make ("h264parse", error)) == NULL ||
          (filter = _pln_recorder_make ("capsfilter", error)) == NULL || (tee = _pln_recorder_make ("tee", error)) == NULL)
        return FALSE;
      head = parse;
      if (!conn->threaded_streams && (head = _pln_recorder_make ("queue", error)) == NULL)
        return FALSE;
      preview = _pln_preview_tap_create_branch (self->tap, TRUE, self->context, error);
      if (preview == NULL)
        return FALSE;
      g_object_set (filter, "caps", avc, NULL);
      /* the branch comes with a full reference: the bin takes its own */
      add_and_sync (bin, parse, filter, tee, preview, NULL);
      gst_object_unref (preview);
      if (head != parse)
        {
          gst_bin_add (bin, head);
          gst_element_link (head, parse);
        }
      gst_element_link_many (parse, filter, tee, NULL);
      if (!link_to_mux (conn, tee, TRUE, error))
        return FALSE;
      gst_element_link (tee, preview);
      sync_all (preview, tee, filter, parse, head, NULL);
      conn->has_video = TRUE;
      conn->video_passthrough = TRUE;
    }
  else if (g_str_equal (name, "video/x-raw") && !conn->has_video)
    {
      GstElement *convert, *rate, *filter, *tee, *queue, *encoder, *profile, *parse, *queue2, *preview;
      g_autoptr(GstCaps) i420 = NULL;
      g_autoptr(GstCaps) main_profile = gst_caps_from_string ("video/x-h264,profile=main");
      int fps_n = 25, fps_d = 1;

      if (!gst_structure_get_fraction (s, "framerate", &fps_n, &fps_d) || fps_n <= 0 || fps_d <= 0)
        {
          fps_n = 25;
          fps_d = 1;
        }
      /* a constant frame rate in the file, whatever the network did to the
       * timestamps */
      i420 = gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING, "I420",
                                  "framerate", GST_TYPE_FRACTION, fps_n, fps_d, NULL);

      if ((head = _pln_recorder_make ("queue", error)) == NULL || (convert = _pln_recorder_make ("videoconvert", error)) == NULL ||
          (rate = _pln_recorder_make ("videorate", error)) == NULL ||
          (filter = _pln_recorder_make ("capsfilter", error)) == NULL || (tee = _pln_recorder_make ("tee", error)) == NULL ||
          (queue = _pln_recorder_make ("queue", error)) == NULL || (encoder = _pln_recorder_make ("x264enc", error)) == NULL ||
          (profile = _pln_recorder_make ("capsfilter", error)) == NULL || (parse = _pln_recorder_make ("h264parse", error)) == NULL ||
          (queue2 = _pln_recorder_make ("queue", error)) == NULL)
        return FALSE;
      preview = _pln_preview_tap_create_branch (self->tap, FALSE, self->context, error);
      if (preview == NULL)
        return FALSE;
      g_object_set (filter, "caps", i420, NULL);
      g_object_set (rate, "skip-to-first", TRUE, NULL);
      g_object_set (profile, "caps", main_profile, NULL);
      set_x264_options (self, conn, encoder, fps_n, fps_d);
      add_and_sync (bin, head, convert, rate, filter, tee, queue, encoder, profile, parse, queue2,
                    preview, NULL);
      gst_object_unref (preview);
      gst_element_link_many (head, convert, rate, filter, tee, queue, encoder, profile, parse, queue2, NULL);
      gst_element_link (tee, preview);
      if (!link_to_mux (conn, queue2, TRUE, error))
        return FALSE;
      sync_all (preview, queue2, parse, profile, encoder, queue, tee, filter, rate, convert, head, NULL);
      conn->has_video = TRUE;
      conn->video_passthrough = FALSE;
    }
  else if ((g_str_equal (name, "audio/mpeg") || g_str_equal (name, "audio/x-opus")) && !conn->has_audio)
    {
      gboolean aac = g_str_equal (name, "audio/mpeg");
      GstElement *parse, *tee, *decoder, *convert, *level, *fakesink;

      /* the level meter decodes in the stream's own thread: a few
       * microseconds a frame, less than handing it to another thread */
      if ((parse = _pln_recorder_make (aac ? "aacparse" : "opusparse", error)) == NULL ||
          (tee = _pln_recorder_make ("tee", error)) == NULL ||
          (decoder = make_level_decoder (aac, error)) == NULL ||
          (convert = _pln_recorder_make ("audioconvert", error)) == NULL || (level = _pln_recorder_make ("level", error)) == NULL ||
          (fakesink = _pln_recorder_make ("fakesink", error)) == NULL)
        return FALSE;
      head = parse;
      if (!conn->threaded_streams && (head = _pln_recorder_make ("queue", error)) == NULL)
        return FALSE;
      g_object_set (level, "interval", (guint64) LEVEL_INTERVAL, "post-messages", TRUE, NULL);
      g_object_set (fakesink, "sync", FALSE, "async", FALSE, "enable-last-sample", FALSE, NULL);
      add_and_sync (bin, parse, tee, decoder, convert, level, fakesink, NULL);
      if (head != parse)
        {
          gst_bin_add (bin, head);
          gst_element_link (head, parse);
        }
      gst_element_link (parse, tee);
      if (!link_to_mux (conn, tee, FALSE, error))
        return FALSE;
      gst_element_link_many (tee, decoder, convert, level, fakesink, NULL);
      {
        g_autoptr(GstPad) decoder_sink = gst_element_get_static_pad (decoder, "sink");
        g_autoptr(GstPad) decoder_src = gst_element_get_static_pad (decoder, "src");
        LevelSampler *sampler = g_new0 (LevelSampler, 1);

        sampler->tap = g_object_ref (self->tap);
        sampler->level = gst_object_ref (level);
        sampler->watched = TRUE;
        gst_pad_add_probe (decoder_src, GST_PAD_PROBE_TYPE_BUFFER, on_level_decoded_cb, sampler, NULL);
        gst_pad_add_probe (decoder_sink, GST_PAD_PROBE_TYPE_BUFFER, on_level_sample_cb, sampler,
                           level_sampler_free);
      }
      sync_all (fakesink, level, convert, decoder, tee, parse, head, NULL);
      conn->has_audio = TRUE;
      conn->audio_passthrough = TRUE;
    }
  else if (g_str_equal (name, "audio/x-raw") && !conn->has_audio)
    {
      GstElement *convert, *resample, *level, *encoder, *queue;

      if ((head = _pln_recorder_make ("queue", error)) == NULL || (convert = _pln_recorder_make ("audioconvert", error)) == NULL ||
          (resample = _pln_recorder_make ("audioresample", error)) == NULL || (level = _pln_recorder_make ("level", error)) == NULL ||
          (queue = _pln_recorder_make ("queue", error)) == NULL)
        return FALSE;
      encoder = gst_element_factory_make ("avenc_aac", NULL);
      if (encoder == NULL && (encoder = _pln_recorder_make ("voaacenc", error)) == NULL)
        return FALSE;
      g_object_set (encoder, "bitrate", 128000, NULL);
      g_object_set (level, "interval", (guint64) LEVEL_INTERVAL, "post-messages", TRUE, NULL);
      add_and_sync (bin, head, convert, resample, level, encoder, queue, NULL);
      gst_element_link_many (head, convert, resample, level, encoder, queue, NULL);
      if (!link_to_mux (conn, queue, FALSE, error))
        return FALSE;
      sync_all (queue, encoder, level, resample, convert, head, NULL);
      conn->has_audio = TRUE;
      conn->audio_passthrough = FALSE;
    }
  else
    {
      GstElement *fakesink;

      /* A second video or audio stream, subtitles, data: not recorded. */
      if ((fakesink = _pln_recorder_make ("fakesink", error)) == NULL)
        return FALSE;
      g_object_set (fakesink, "sync", FALSE, "async", FALSE, NULL);
      gst_bin_add (bin, fakesink);
      gst_element_sync_state_with_parent (fakesink);
      head_sink = gst_element_get_static_pad (fakesink, "sink");
      gst_pad_link (pad, head_sink);
      if (!g_str_has_prefix (name, "video/") && !g_str_has_prefix (name, "audio/"))
        return TRUE;
      if (!g_str_equal (name, "video/x-h264") && !g_str_equal (name, "video/x-raw") &&
          !g_str_equal (name, "audio/mpeg") && !g_str_equal (name, "audio/x-raw") &&
          !g_str_equal (name, "audio/x-opus"))
        _pln_recorder_set_str (&conn->unsupported, name);
      return TRUE;
    }

  head_sink = gst_element_get_static_pad (head, "sink");
  if (gst_pad_link (pad, head_sink) != GST_PAD_LINK_OK)
    {
      g_set_error (error, PLN_RECORDER_ERROR, PLN_RECORDER_ERROR_UNSUPPORTED,
                   _("Cannot record %s: its %s stream cannot be linked"),
                   pln_source_get_display_uri (self->source), name);
      return FALSE;
    }
  g_ptr_array_add (conn->heads, g_steal_pointer (&head_sink));
  return TRUE;
}

/* streaming thread: the source has all its pads */
static void
unblock_all (Connection *conn)
{
  for (guint i = 0; i < conn->blocks->len; i++)
    gst_pad_remove_probe (g_ptr_array_index (conn->blocked_pads, i),
                          g_array_index (conn->blocks, gulong, i));
  g_array_set_size (conn->blocks, 0);
  g_ptr_array_set_size (conn->blocked_pads, 0);
}

void
_pln_recorder_on_source_no_more_pads_cb (GstElement *source,
                                         Connection *conn)
{
  g_mutex_lock (&conn->lock);
  unblock_all (conn);
  g_mutex_unlock (&conn->lock);
}

static GstPadProbeReturn
on_blocked_cb (GstPad          *pad,
               GstPadProbeInfo *info,
               gpointer         user_data)
{
  return GST_PAD_PROBE_OK;
}

/* streaming thread */
void
_pln_recorder_on_source_pad_added_cb (GstElement *source,
                                      GstPad     *pad,
                                      Connection *conn)
{
  g_autoptr(GError) error = NULL;

  if (GST_PAD_DIRECTION (pad) != GST_PAD_SRC)
    return;

  g_mutex_lock (&conn->lock);
  if (conn->detached)
    {
      g_mutex_unlock (&conn->lock);
      return;
    }
  if (!_pln_recorder_link_stream (conn, pad, &error))
    {
      g_mutex_unlock (&conn->lock);
      GST_ELEMENT_ERROR (conn->source, CORE, NEGOTIATION, ("%s", error->message), (NULL));
      return;
    }
  /* Hold the stream until all streams are linked, so the muxer knows its
   * pads before the first buffer. */
  if (!conn->static_pads)
    {
      gulong id = gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BLOCK_DOWNSTREAM,
                                     on_blocked_cb, NULL, NULL);

      g_array_append_val (conn->blocks, id);
      g_ptr_array_add (conn->blocked_pads, gst_object_ref (pad));
    }
  g_mutex_unlock (&conn->lock);
}
