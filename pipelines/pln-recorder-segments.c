/* pln-recorder-segments.c: the segment files: opened and closed as splitmuxsink reports
 * them, written into the manifest with their place on the timeline.
 */
#define G_LOG_DOMAIN "plenary-recorder"

#include "config.h"

#include "pln-recorder-private.h"

guint64
_pln_recorder_file_size (const char *path)
{
  GStatBuf st;

  if (path == NULL || g_stat (path, &st) != 0)
    return 0;
  return (guint64) st.st_size;
}

/* Cuts a segment file after its last complete top-level MP4 box: what
 * follows is a fragment the full disk cut short, useless to any reader.
 * Frees room for the manifest. */
void
_pln_recorder_truncate_to_complete_boxes (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileIOStream) stream = NULL;
  GInputStream *in;
  guint64 offset = 0, keep = 0;
  guint64 size;
  guint8 header[16];

  stream = g_file_open_readwrite (file, NULL, NULL);
  if (stream == NULL)
    return;
  in = g_io_stream_get_input_stream (G_IO_STREAM (stream));
  size = _pln_recorder_file_size (path);

  while (offset + 8 <= size)
    {
      guint64 box;
      gsize n = 0;

      if (!g_seekable_seek (G_SEEKABLE (stream), (goffset) offset, G_SEEK_SET, NULL, NULL) ||
          !g_input_stream_read_all (in, header, 16, &n, NULL, NULL) || n < 8)
        break;
      box = GUINT32_FROM_BE (*(guint32 *) header);
      if (box == 1 && n == 16)
        box = GUINT64_FROM_BE (*(guint64 *) (header + 8));
      if (box < 8 || offset + box > size)
        break;
      offset += box;
      if (memcmp (header + 4, "moof", 4) != 0)   /* a moof counts with its mdat */
        keep = offset;
    }
  if (keep > 0 && keep < size)
    g_seekable_truncate (G_SEEKABLE (stream), (goffset) keep, NULL, NULL);
}

/* ------------------------------------------------------------------ */
/* segments                                                            */

static void
write_streams (PlnRecorder *self,
               Connection  *conn)
{
  g_autofree char *video = NULL;
  g_autofree char *audio = NULL;
  GstIterator *it;
  GValue item = G_VALUE_INIT;

  if (conn->streams_written)
    return;

  it = gst_element_iterate_sink_pads (conn->splitmux);
  while (gst_iterator_next (it, &item) == GST_ITERATOR_OK)
    {
      GstPad *pad = g_value_get_object (&item);
      g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
      GstStructure *s;
      int a = 0, b = 0;

      g_value_reset (&item);
      if (caps == NULL)
        continue;
      s = gst_caps_get_structure (caps, 0);
      if (gst_structure_has_name (s, "video/x-h264"))
        {
          int fn = 0, fd = 1;

          gst_structure_get_int (s, "width", &a);
          gst_structure_get_int (s, "height", &b);
          gst_structure_get_fraction (s, "framerate", &fn, &fd);
          g_free (video);
          video = g_strdup_printf ("h264 %dx%d %d/%d", a, b, fn, fd);
        }
      else if (g_str_has_prefix (gst_structure_get_name (s), "audio/"))
        {
          gboolean opus = gst_structure_has_name (s, "audio/x-opus");

          gst_structure_get_int (s, "rate", &a);
          gst_structure_get_int (s, "channels", &b);
          audio = g_strdup_printf ("%s %d %d", opus ? "opus" : "aac", a, b);
        }
    }
  g_value_unset (&item);
  gst_iterator_free (it);

  pln_manifest_set_streams (self->manifest, video, audio, conn->has_video && conn->video_passthrough);
  conn->streams_written = TRUE;
}

/* main context: the connection's timeline starts at @at_ms, never before
 * what is already recorded, and a gap waiting for its end ends there. */
static gint64
start_connection_at (PlnRecorder *self,
                     Connection  *conn,
                     gint64       at_ms)
{
  conn->conn_start_ms = MAX (at_ms, self->media_end_ms);
  if (self->gap_pending)
    {
      pln_manifest_add_gap (self->manifest, self->gap_start_ms, conn->conn_start_ms, self->gap_reason);
      self->gap_pending = FALSE;
    }
  return conn->conn_start_ms;
}

void
_pln_recorder_on_fragment_opened (PlnRecorder  *self,
                                  Connection   *conn,
                                  const char   *location,
                                  GstClockTime  rt)
{
  gint64 start_ms;
  gint64 first_real, resume_real;
  GstClockTime resume_rt;
  gboolean resume;

  g_mutex_lock (&conn->lock);
  first_real = conn->first_buffer_real;
  resume_real = conn->resume_real;
  resume_rt = conn->resume_rt;
  /* The segment after a ridden-out silence starts at the keyframe that
   * ended it. splitmuxsink announces a segment once its first GOP is
   * complete, so a segment it began just before the silence may be
   * announced only after it: that one is not the segment after the gap. */
  resume = conn->resume_pending && GST_CLOCK_TIME_IS_VALID (rt) && (gint64) rt >= 0 &&
           rt + 100 * GST_MSECOND >= resume_rt;
  if (resume)
    conn->resume_pending = FALSE;
  /* without video, splitmuxsink reports a meaningless (negative) time */
  if (!GST_CLOCK_TIME_IS_VALID (rt) || (gint64) rt < 0)
    rt = conn->first_segment_seen ? conn->last_rt : conn->first_rt;
  if (!GST_CLOCK_TIME_IS_VALID (rt))
    rt = 0;
  g_mutex_unlock (&conn->lock);

  if (!conn->first_segment_seen)
    {
      conn->first_segment_seen = TRUE;
      conn->conn_first_rt = rt;
      if (self->started_real == 0)
        {
          g_autoptr(GDateTime) started = NULL;

          self->started_real = first_real != 0 ? first_real : g_get_real_time ();
          started = _pln_recorder_date_time_from_real (self->started_real);
          pln_manifest_set_started (self->manifest, started);
        }
      start_ms = start_connection_at (self, conn,
                                      first_real != 0 ? (first_real - self->started_real) / 1000
                                                      : _pln_recorder_now_ms_on_timeline (self));
    }
  else if (resume)
    {
      /* The first segment after a silence the connection rode out: the
       * timeline goes on from when the media came back, by the wall clock
       * (as after a reconnection), and the silence is the gap. */
      gint64 at_ms = (resume_real - self->started_real) / 1000;

      if (rt > resume_rt)
        at_ms += (gint64) ((rt - resume_rt) / GST_MSECOND);
      conn->conn_first_rt = rt;
      start_ms = start_connection_at (self, conn, at_ms);
    }
  else
    start_ms = conn->conn_start_ms + (gint64) ((rt - conn->conn_first_rt) / GST_MSECOND);

  conn->segment_open = TRUE;
  conn->segment_open_rt = rt;
  conn->segment_start_ms = start_ms;
  _pln_recorder_set_str (&conn->segment_path, location);

  pln_manifest_add_segment (self->manifest, start_ms);
  write_streams (self, conn);
  _pln_recorder_save_manifest (self);
  g_signal_emit (self, _pln_recorder_signals[SEGMENT_OPENED], 0, location, start_ms, (gint64) 0);
}

void
_pln_recorder_close_segment (PlnRecorder  *self,
                             Connection   *conn,
                             GstClockTime  rt)
{
  gint64 duration_ms = 0;
  guint64 bytes;
  g_autofree char *path = NULL;

  if (!conn->segment_open)
    return;

  /* The segment open through a silence the connection rode out ends with
   * the last buffer before it, not where the next one starts. */
  g_mutex_lock (&conn->lock);
  if (conn->resume_pending && GST_CLOCK_TIME_IS_VALID (conn->ride_last_rt) &&
      conn->ride_last_rt > conn->segment_open_rt && (!GST_CLOCK_TIME_IS_VALID (rt) || rt > conn->ride_last_rt))
    rt = conn->ride_last_rt;
  g_mutex_unlock (&conn->lock);

  if (GST_CLOCK_TIME_IS_VALID (rt) && (gint64) rt >= 0 && rt > conn->segment_open_rt)
    duration_ms = (gint64) ((rt - conn->segment_open_rt) / GST_MSECOND);
  else
    {
      /* no usable running time (audio only): what reached the muxer */
      GstClockTime last_rt;

      g_mutex_lock (&conn->lock);
      last_rt = conn->last_rt;
      g_mutex_unlock (&conn->lock);
      if (GST_CLOCK_TIME_IS_VALID (last_rt) && last_rt > conn->segment_open_rt)
        duration_ms = (gint64) ((last_rt - conn->segment_open_rt) / GST_MSECOND);
    }
  bytes = _pln_recorder_file_size (conn->segment_path);
  g_debug ("segment closed: rt %" GST_TIME_FORMAT ", opened at %" GST_TIME_FORMAT ", last %" GST_TIME_FORMAT,
           GST_TIME_ARGS (rt), GST_TIME_ARGS (conn->segment_open_rt), GST_TIME_ARGS (conn->last_rt));
  conn->segment_open = FALSE;
  path = g_steal_pointer (&conn->segment_path);

  pln_manifest_close_segment (self->manifest, duration_ms, bytes);
  self->closed_bytes += bytes;
  self->media_end_ms = conn->segment_start_ms + duration_ms;
  _pln_recorder_save_manifest (self);
  g_signal_emit (self, _pln_recorder_signals[SEGMENT_CLOSED], 0, path, conn->segment_start_ms, duration_ms);
}
