/* pln-mosaic-source.c: several feeds composed into one grid picture, as
 * one source element the recorder records like any feed.
 *
 * The element is a bin around an appsrc that hands raw I420 frames of the
 * whole grid, at a steady frame rate, timestamped on the recording
 * pipeline's clock; the recorder encodes them as it encodes any raw feed.
 * Each feed runs in a pipeline of its own (so one site's failure never
 * stops the grid), decodes, shrinks to its cell and keeps only its latest
 * frame. Decoding many full streams does not fit a small machine: H.264
 * feeds larger than a sub-stream (640x480) are decoded key frames only
 * (one picture a second or two per cell), smaller ones every frame, and
 * every feed is thinned to the mosaic's frame rate before it is scaled.
 * A cell whose feed sent nothing for a few seconds shows "No signal" and
 * the feed is reconnected in the background.
 *
 * One thread per mosaic runs its own main context: the frame clock, the
 * feeds' buses and their retries. Feed streaming threads only swap the
 * latest frame of their cell under the lock.
 */
#define G_LOG_DOMAIN "plenary-mosaic"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <gst/video/video.h>

#include "pln-mosaic-source.h"
#include "pln-recorder-error.h"
#include "pln-source.h"

#define NO_SIGNAL_MS        3000
#define MAX_NO_SIGNAL_MS    12000
#define STALL_RESTART_MS    10000
#define CONNECT_TIMEOUT_MS  15000
#define FIRST_RETRY_MS      500
#define MAX_RETRY_MS        5000
#define SUBSTREAM_PIXELS    (640 * 480)

typedef struct _Mosaic Mosaic;

typedef struct
{
  Mosaic       *mosaic;
  guint         index;
  PlnSource    *source;
  char         *label;
  int           x;
  int           y;

  /* mosaic thread only */
  GstElement   *pipeline;
  GSource      *bus_source;
  GSource      *retry_source;
  guint         retry_ms;
  gint64        started_mono;
  GstBuffer    *slate;

  /* under mosaic->lock */
  GstBuffer    *frame;
  gint64        last_frame_mono;
  gint64        interval_us;
  gboolean      has_video;

  /* the feed's video streaming thread */
  gboolean      keyframes_only;
  GstClockTime  last_pts;
} Cell;

struct _Mosaic
{
  GMutex           lock;
  Cell            *cells;
  guint            n_cells;
  int              width;
  int              height;
  int              fps;
  int              cell_width;
  int              cell_height;
  PlnMosaicDecode  decode;
  GstVideoInfo     info;
  GstVideoInfo     cell_info;
  GstElement      *appsrc;

  GThread         *thread;
  GMainContext    *context;
  GMainLoop       *loop;
  GstClockTime     first_rt;
  guint64          next_n;
  int              quitting;    /* atomic */
};

static void start_feed (Cell *cell);

/* ------------------------------------------------------------------ */
/* the "No signal" picture                                             */

static GstBuffer *
render_slate (Mosaic     *mosaic,
              const char *label)
{
  g_autofree char *description = NULL;
  g_autofree char *escaped = g_markup_escape_text (label, -1);
  g_autofree char *markup = NULL;
  g_autofree char *font = g_strdup_printf ("Sans %d", MAX (6, mosaic->cell_height / 16));
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) overlay = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstSample) sample = NULL;
  GstBuffer *buffer = NULL;

  description = g_strdup_printf ("videotestsrc pattern=solid-color foreground-color=0xff303030 num-buffers=1 "
                                 "! video/x-raw,format=I420,width=%d,height=%d,pixel-aspect-ratio=1/1 "
                                 "! textoverlay name=overlay valignment=center halignment=center "
                                 "  shaded-background=false wrap-mode=char "
                                 "! appsink name=sink sync=false",
                                 mosaic->cell_width, mosaic->cell_height);
  pipeline = gst_parse_launch (description, NULL);
  if (pipeline == NULL)
    return NULL;
  gst_object_ref_sink (pipeline);
  overlay = gst_bin_get_by_name (GST_BIN (pipeline), "overlay");
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  /* TRANSLATORS: shown in the cell of a feed that sends no picture */
  markup = g_strdup_printf ("<b>%s</b>\n<small>%s</small>", _("No signal"), escaped);
  g_object_set (overlay, "text", markup, "font-desc", font, NULL);

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink), 5 * GST_SECOND);
  if (sample != NULL)
    buffer = gst_buffer_ref (gst_sample_get_buffer (sample));
  gst_element_set_state (pipeline, GST_STATE_NULL);
  return buffer;
}

/* ------------------------------------------------------------------ */
/* feeds: streaming threads                                            */

static GstFlowReturn
on_feed_new_sample_cb (GstAppSink *appsink,
                       gpointer    user_data)
{
  Cell *cell = user_data;
  Mosaic *mosaic = cell->mosaic;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (appsink);
  GstBuffer *old = NULL;
  gint64 now = g_get_monotonic_time ();

  if (sample == NULL)
    return GST_FLOW_OK;

  g_mutex_lock (&mosaic->lock);
  old = cell->frame;
  cell->frame = gst_buffer_ref (gst_sample_get_buffer (sample));
  if (cell->last_frame_mono != 0)
    cell->interval_us = now - cell->last_frame_mono;
  cell->last_frame_mono = now;
  g_mutex_unlock (&mosaic->lock);

  if (old != NULL)
    gst_buffer_unref (old);
  return GST_FLOW_OK;
}

/* Before the decoder: in key-frames-only mode, delta frames never reach it. */
static GstPadProbeReturn
on_parsed_h264_cb (GstPad          *pad,
                   GstPadProbeInfo *info,
                   gpointer         user_data)
{
  Cell *cell = user_data;

  if (info->type & GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM)
    {
      GstEvent *event = GST_PAD_PROBE_INFO_EVENT (info);

      if (GST_EVENT_TYPE (event) == GST_EVENT_CAPS)
        {
          GstCaps *caps;
          int width = 0, height = 0;

          gst_event_parse_caps (event, &caps);
          gst_structure_get_int (gst_caps_get_structure (caps, 0), "width", &width);
          gst_structure_get_int (gst_caps_get_structure (caps, 0), "height", &height);
          switch (cell->mosaic->decode)
            {
            case PLN_MOSAIC_DECODE_KEYFRAMES:
              cell->keyframes_only = TRUE;
              break;
            case PLN_MOSAIC_DECODE_ALL:
              cell->keyframes_only = FALSE;
              break;
            case PLN_MOSAIC_DECODE_AUTO:
            default:
              cell->keyframes_only = (gint64) width * height > SUBSTREAM_PIXELS;
              break;
            }
          g_debug ("feed %u: %dx%d, %s", cell->index, width, height,
                   cell->keyframes_only ? "key frames only" : "every frame");
        }
      return GST_PAD_PROBE_OK;
    }

  if (cell->keyframes_only &&
      GST_BUFFER_FLAG_IS_SET (GST_PAD_PROBE_INFO_BUFFER (info), GST_BUFFER_FLAG_DELTA_UNIT))
    return GST_PAD_PROBE_DROP;
  return GST_PAD_PROBE_OK;
}

/* Before scaling: no more pictures than the mosaic shows. */
static GstPadProbeReturn
on_thin_cb (GstPad          *pad,
            GstPadProbeInfo *info,
            gpointer         user_data)
{
  Cell *cell = user_data;
  GstClockTime pts = GST_BUFFER_PTS (GST_PAD_PROBE_INFO_BUFFER (info));
  GstClockTime period = GST_SECOND / cell->mosaic->fps;

  if (!GST_CLOCK_TIME_IS_VALID (pts))
    return GST_PAD_PROBE_OK;
  if (GST_CLOCK_TIME_IS_VALID (cell->last_pts) && pts >= cell->last_pts &&
      pts - cell->last_pts + GST_MSECOND < period)
    return GST_PAD_PROBE_DROP;
  cell->last_pts = pts;
  return GST_PAD_PROBE_OK;
}

static GstElement *
make (const char *factory)
{
  GstElement *element = gst_element_factory_make (factory, NULL);

  if (element == NULL)
    g_warning ("The GStreamer element “%s” is not installed", factory);
  return element;
}

/* streaming thread (or the mosaic thread for static pads) */
static void
link_feed_pad (Cell       *cell,
               GstElement *pipeline,
               GstPad     *pad)
{
  Mosaic *mosaic = cell->mosaic;
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
  g_autoptr(GstCaps) cell_caps = NULL;
  g_autoptr(GstPad) sink_pad = NULL;
  g_autoptr(GstPad) probe_pad = NULL;
  const char *name;
  gboolean h264, has_video;
  GstElement *queue, *parse = NULL, *decoder = NULL, *convert, *scale, *filter, *appsink;
  GstAppSinkCallbacks callbacks = { 0 };

  if (caps == NULL)
    caps = gst_pad_query_caps (pad, NULL);
  name = gst_structure_get_name (gst_caps_get_structure (caps, 0));
  h264 = g_str_equal (name, "video/x-h264");

  g_mutex_lock (&mosaic->lock);
  has_video = cell->has_video;
  if ((h264 || g_str_equal (name, "video/x-raw")) && !has_video)
    cell->has_video = TRUE;
  g_mutex_unlock (&mosaic->lock);

  if ((!h264 && !g_str_equal (name, "video/x-raw")) || has_video)
    {
      /* sound, a second picture, data: not shown */
      GstElement *fakesink = make ("fakesink");

      if (fakesink == NULL)
        return;
      g_object_set (fakesink, "sync", FALSE, "async", FALSE, NULL);
      gst_bin_add (GST_BIN (pipeline), fakesink);
      gst_element_sync_state_with_parent (fakesink);
      sink_pad = gst_element_get_static_pad (fakesink, "sink");
      gst_pad_link (pad, sink_pad);
      return;
    }

  queue = make ("queue");
  if (h264)
    {
      parse = make ("h264parse");
      decoder = make ("avdec_h264");
    }
  convert = make ("videoconvert");
  scale = make ("videoscale");
  filter = make ("capsfilter");
  appsink = make ("appsink");
  if (queue == NULL || (h264 && (parse == NULL || decoder == NULL)) || convert == NULL ||
      scale == NULL || filter == NULL || appsink == NULL)
    return;

  /* any frame rate: the cell keeps the latest picture */
  cell_caps = gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING, "I420",
                                   "width", G_TYPE_INT, mosaic->cell_width,
                                   "height", G_TYPE_INT, mosaic->cell_height,
                                   "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1, NULL);
  g_object_set (queue, "max-size-buffers", 60, "max-size-bytes", 0, "max-size-time", (guint64) 0,
                "leaky", 2 /* downstream */, NULL);
  g_object_set (filter, "caps", cell_caps, NULL);
  g_object_set (appsink, "max-buffers", 1, "drop", TRUE, "sync", FALSE, "async", FALSE,
                "enable-last-sample", FALSE, "qos", FALSE, NULL);
  callbacks.new_sample = on_feed_new_sample_cb;
  gst_app_sink_set_callbacks (GST_APP_SINK (appsink), &callbacks, cell, NULL);

  gst_bin_add_many (GST_BIN (pipeline), queue, convert, scale, filter, appsink, NULL);
  if (h264)
    {
      /* one thread per decoder: nine feeds on two cores */
      g_object_set (decoder, "max-threads", 1, NULL);
      gst_bin_add_many (GST_BIN (pipeline), parse, decoder, NULL);
      gst_element_link_many (queue, parse, decoder, convert, NULL);
      probe_pad = gst_element_get_static_pad (parse, "src");
      gst_pad_add_probe (probe_pad, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM,
                         on_parsed_h264_cb, cell, NULL);
      gst_clear_object (&probe_pad);
    }
  else
    gst_element_link (queue, convert);
  gst_element_link_many (convert, scale, filter, appsink, NULL);
  probe_pad = gst_element_get_static_pad (convert, "sink");
  gst_pad_add_probe (probe_pad, GST_PAD_PROBE_TYPE_BUFFER, on_thin_cb, cell, NULL);

  gst_element_sync_state_with_parent (appsink);
  gst_element_sync_state_with_parent (filter);
  gst_element_sync_state_with_parent (scale);
  gst_element_sync_state_with_parent (convert);
  if (h264)
    {
      gst_element_sync_state_with_parent (decoder);
      gst_element_sync_state_with_parent (parse);
    }
  gst_element_sync_state_with_parent (queue);
  sink_pad = gst_element_get_static_pad (queue, "sink");
  gst_pad_link (pad, sink_pad);
}

static void
on_feed_pad_added_cb (GstElement *source,
                      GstPad     *pad,
                      Cell       *cell)
{
  GstObject *pipeline;

  if (GST_PAD_DIRECTION (pad) != GST_PAD_SRC)
    return;
  pipeline = gst_object_get_parent (GST_OBJECT (source));
  if (pipeline == NULL)
    return;
  link_feed_pad (cell, GST_ELEMENT (pipeline), pad);
  gst_object_unref (pipeline);
}

/* ------------------------------------------------------------------ */
/* feeds: the mosaic thread                                            */

static void
stop_feed (Cell *cell)
{
  GstBuffer *old;

  if (cell->bus_source != NULL)
    {
      g_source_destroy (cell->bus_source);
      g_clear_pointer (&cell->bus_source, g_source_unref);
    }
  if (cell->pipeline != NULL)
    {
      gst_element_set_state (cell->pipeline, GST_STATE_NULL);
      gst_clear_object (&cell->pipeline);
    }
  g_mutex_lock (&cell->mosaic->lock);
  old = g_steal_pointer (&cell->frame);
  cell->last_frame_mono = 0;
  cell->has_video = FALSE;
  g_mutex_unlock (&cell->mosaic->lock);
  if (old != NULL)
    gst_buffer_unref (old);
}

static gboolean
on_retry_cb (gpointer user_data)
{
  Cell *cell = user_data;

  g_clear_pointer (&cell->retry_source, g_source_unref);
  start_feed (cell);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (Cell *cell)
{
  stop_feed (cell);
  if (cell->retry_source != NULL)
    return;
  cell->retry_source = g_timeout_source_new (cell->retry_ms);
  g_source_set_callback (cell->retry_source, on_retry_cb, cell, NULL);
  g_source_attach (cell->retry_source, cell->mosaic->context);
  cell->retry_ms = MIN (cell->retry_ms * 2, MAX_RETRY_MS);
}

static gboolean
on_feed_bus_cb (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  Cell *cell = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) error = NULL;

        gst_message_parse_error (message, &error, NULL);
        g_debug ("feed %u (%s): %s; retrying in %u ms", cell->index, cell->label,
                 error->message, cell->retry_ms);
        schedule_retry (cell);
        return G_SOURCE_REMOVE;
      }
    case GST_MESSAGE_EOS:
      g_debug ("feed %u (%s) ended; retrying in %u ms", cell->index, cell->label, cell->retry_ms);
      schedule_retry (cell);
      return G_SOURCE_REMOVE;
    default:
      return G_SOURCE_CONTINUE;
    }
}

static void
start_feed (Cell *cell)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstBus) bus = NULL;
  GstElement *source;

  cell->last_pts = GST_CLOCK_TIME_NONE;
  cell->keyframes_only = cell->mosaic->decode == PLN_MOSAIC_DECODE_KEYFRAMES;
  cell->started_mono = g_get_monotonic_time ();

  source = pln_source_create_element (cell->source, &error);
  if (source == NULL)
    {
      g_debug ("feed %u (%s): %s", cell->index, cell->label, error->message);
      schedule_retry (cell);
      return;
    }
  cell->pipeline = gst_object_ref_sink (gst_pipeline_new (NULL));
  gst_bin_add (GST_BIN (cell->pipeline), source);

  if (source->numsrcpads > 0)
    {
      GstIterator *it = gst_element_iterate_src_pads (source);
      GValue item = G_VALUE_INIT;

      while (gst_iterator_next (it, &item) == GST_ITERATOR_OK)
        {
          link_feed_pad (cell, cell->pipeline, g_value_get_object (&item));
          g_value_reset (&item);
        }
      g_value_unset (&item);
      gst_iterator_free (it);
    }
  else
    g_signal_connect (source, "pad-added", G_CALLBACK (on_feed_pad_added_cb), cell);
  gst_object_unref (source);

  bus = gst_pipeline_get_bus (GST_PIPELINE (cell->pipeline));
  cell->bus_source = gst_bus_create_watch (bus);
  g_source_set_callback (cell->bus_source, (GSourceFunc) (void (*) (void)) on_feed_bus_cb, cell, NULL);
  g_source_attach (cell->bus_source, cell->mosaic->context);

  gst_element_set_state (cell->pipeline, GST_STATE_PLAYING);
}

/* ------------------------------------------------------------------ */
/* the grid                                                            */

static void
copy_cell (GstVideoFrame *out,
           GstVideoFrame *in,
           int            x,
           int            y)
{
  for (guint p = 0; p < 3; p++)
    {
      int shift = p == 0 ? 0 : 1;
      int rows = GST_VIDEO_FRAME_COMP_HEIGHT (in, p);
      int bytes = GST_VIDEO_FRAME_COMP_WIDTH (in, p);
      int out_stride = GST_VIDEO_FRAME_PLANE_STRIDE (out, p);
      int in_stride = GST_VIDEO_FRAME_PLANE_STRIDE (in, p);
      guint8 *dst = (guint8 *) GST_VIDEO_FRAME_PLANE_DATA (out, p) + (gsize) (y >> shift) * out_stride + (x >> shift);
      const guint8 *src = GST_VIDEO_FRAME_PLANE_DATA (in, p);

      for (int row = 0; row < rows; row++)
        memcpy (dst + (gsize) row * out_stride, src + (gsize) row * in_stride, bytes);
    }
}

static GstBuffer *
compose (Mosaic *mosaic,
         gint64  now)
{
  GstBuffer *buffer = gst_buffer_new_allocate (NULL, GST_VIDEO_INFO_SIZE (&mosaic->info), NULL);
  GstVideoFrame out;

  if (!gst_video_frame_map (&out, &mosaic->info, buffer, GST_MAP_WRITE))
    return buffer;

  /* black */
  for (guint p = 0; p < 3; p++)
    {
      guint8 *data = GST_VIDEO_FRAME_PLANE_DATA (&out, p);
      int stride = GST_VIDEO_FRAME_PLANE_STRIDE (&out, p);
      int rows = GST_VIDEO_FRAME_COMP_HEIGHT (&out, p);

      memset (data, p == 0 ? 16 : 128, (gsize) stride * rows);
    }

  for (guint i = 0; i < mosaic->n_cells; i++)
    {
      Cell *cell = &mosaic->cells[i];
      GstBuffer *picture = NULL;
      GstVideoFrame in;

      g_mutex_lock (&mosaic->lock);
      if (cell->frame != NULL)
        {
          gint64 limit = CLAMP (cell->interval_us * 5 / 2, NO_SIGNAL_MS * 1000, MAX_NO_SIGNAL_MS * 1000);

          if (now - cell->last_frame_mono <= limit)
            picture = gst_buffer_ref (cell->frame);
        }
      g_mutex_unlock (&mosaic->lock);
      if (picture == NULL && cell->slate != NULL)
        picture = gst_buffer_ref (cell->slate);
      if (picture == NULL)
        continue;

      if (gst_video_frame_map (&in, &mosaic->cell_info, picture, GST_MAP_READ))
        {
          copy_cell (&out, &in, cell->x, cell->y);
          gst_video_frame_unmap (&in);
        }
      gst_buffer_unref (picture);
    }

  gst_video_frame_unmap (&out);
  return buffer;
}

/* Feeds that went quiet without an error (a dead RTSP server over UDP)
 * are restarted; a feed that delivers again starts over with short retries. */
static void
watch_feeds (Mosaic *mosaic,
             gint64  now)
{
  for (guint i = 0; i < mosaic->n_cells; i++)
    {
      Cell *cell = &mosaic->cells[i];
      gint64 last;

      if (cell->pipeline == NULL)
        continue;
      g_mutex_lock (&mosaic->lock);
      last = cell->last_frame_mono;
      g_mutex_unlock (&mosaic->lock);

      if (last != 0 && last > cell->started_mono)
        cell->retry_ms = FIRST_RETRY_MS;
      if ((last == 0 && now - cell->started_mono > CONNECT_TIMEOUT_MS * 1000) ||
          (last != 0 && now - last > STALL_RESTART_MS * 1000))
        {
          g_debug ("feed %u (%s) sends nothing; reconnecting", cell->index, cell->label);
          schedule_retry (cell);
        }
    }
}

static gboolean
on_tick_cb (gpointer user_data)
{
  Mosaic *mosaic = user_data;
  GstClockTime rt = gst_element_get_current_running_time (mosaic->appsrc);
  GstClockTime period = gst_util_uint64_scale_int (GST_SECOND, 1, mosaic->fps);
  gint64 now = g_get_monotonic_time ();
  guint64 n;
  GstBuffer *buffer;

  /* the loop may not have been running yet when it was asked to stop */
  if (g_atomic_int_get (&mosaic->quitting))
    {
      g_main_loop_quit (mosaic->loop);
      return G_SOURCE_CONTINUE;
    }
  watch_feeds (mosaic, now);

  if (!GST_CLOCK_TIME_IS_VALID (rt))
    return G_SOURCE_CONTINUE;
  if (!GST_CLOCK_TIME_IS_VALID (mosaic->first_rt))
    mosaic->first_rt = rt;

  /* Frame n of the grid is due at first_rt + n × period: the timestamps
   * are exact whatever the timer does; a late tick skips frames. */
  n = (rt - mosaic->first_rt) / period;
  if (n < mosaic->next_n)
    return G_SOURCE_CONTINUE;
  mosaic->next_n = n + 1;

  buffer = compose (mosaic, now);
  GST_BUFFER_PTS (buffer) = mosaic->first_rt + n * period;
  GST_BUFFER_DURATION (buffer) = period;
  gst_app_src_push_buffer (GST_APP_SRC (mosaic->appsrc), buffer);
  return G_SOURCE_CONTINUE;
}

static gpointer
mosaic_thread (gpointer user_data)
{
  Mosaic *mosaic = user_data;
  g_autoptr(GSource) tick = NULL;
  guint interval_ms = MAX (5u, 1000u / (guint) mosaic->fps / 3);

  g_main_context_push_thread_default (mosaic->context);

  for (guint i = 0; i < mosaic->n_cells; i++)
    mosaic->cells[i].slate = render_slate (mosaic, mosaic->cells[i].label);
  for (guint i = 0; i < mosaic->n_cells; i++)
    start_feed (&mosaic->cells[i]);

  tick = g_timeout_source_new (interval_ms);
  g_source_set_priority (tick, G_PRIORITY_HIGH);
  g_source_set_callback (tick, on_tick_cb, mosaic, NULL);
  g_source_attach (tick, mosaic->context);

  g_main_loop_run (mosaic->loop);

  g_source_destroy (tick);
  for (guint i = 0; i < mosaic->n_cells; i++)
    {
      Cell *cell = &mosaic->cells[i];

      if (cell->retry_source != NULL)
        {
          g_source_destroy (cell->retry_source);
          g_clear_pointer (&cell->retry_source, g_source_unref);
        }
      stop_feed (cell);
    }

  g_main_context_pop_thread_default (mosaic->context);
  return NULL;
}

/* When the bin goes, its feeds go. */
static void
mosaic_free (gpointer data)
{
  Mosaic *mosaic = data;

  if (mosaic->thread != NULL)
    {
      /* the thread's next tick ends its loop */
      g_atomic_int_set (&mosaic->quitting, 1);
      g_main_context_wakeup (mosaic->context);
      g_thread_join (mosaic->thread);
    }
  for (guint i = 0; i < mosaic->n_cells; i++)
    {
      Cell *cell = &mosaic->cells[i];

      g_clear_object (&cell->source);
      g_free (cell->label);
      gst_clear_buffer (&cell->slate);
      gst_clear_buffer (&cell->frame);
    }
  g_free (mosaic->cells);
  gst_clear_object (&mosaic->appsrc);
  g_main_loop_unref (mosaic->loop);
  g_main_context_unref (mosaic->context);
  g_mutex_clear (&mosaic->lock);
  g_free (mosaic);
}

/**
 * _pln_mosaic_source_create:
 * @uris: the feeds, in reading order (any source URI but mosaic:)
 * @width: @height: the whole picture
 * @fps: its frame rate
 * @columns: cells per row, 0 to choose (the smallest square grid)
 * @decode: how much of each feed to decode
 *
 * Returns: (transfer full): a bin with one static "video" pad carrying raw
 * I420 frames of the grid, live; its feeds start at once and stop when it
 * is destroyed.
 */
GstElement *
_pln_mosaic_source_create (const char * const *uris,
                           int                 width,
                           int                 height,
                           int                 fps,
                           guint               columns,
                           PlnMosaicDecode     decode,
                           GError            **error)
{
  g_autoptr(GstElement) bin = NULL;
  g_autoptr(GstCaps) caps = NULL;
  g_autoptr(GstPad) src_pad = NULL;
  GstElement *filter;
  Mosaic *mosaic;
  guint n = g_strv_length ((char **) uris);
  guint rows;
  int ox, oy;

  g_return_val_if_fail (n > 0 && n <= PLN_MOSAIC_MAX_FEEDS, NULL);

  mosaic = g_new0 (Mosaic, 1);
  g_mutex_init (&mosaic->lock);
  mosaic->context = g_main_context_new ();
  mosaic->loop = g_main_loop_new (mosaic->context, FALSE);
  mosaic->width = width & ~1;
  mosaic->height = height & ~1;
  mosaic->fps = CLAMP (fps, 1, 60);
  mosaic->decode = decode;
  mosaic->first_rt = GST_CLOCK_TIME_NONE;
  if (columns == 0)
    while (columns * columns < n)
      columns++;
  columns = MIN (columns, n);
  rows = (n + columns - 1) / columns;
  mosaic->cell_width = (mosaic->width / (int) columns) & ~3;
  mosaic->cell_height = (mosaic->height / (int) rows) & ~3;
  ox = ((mosaic->width - mosaic->cell_width * (int) columns) / 2) & ~1;
  oy = ((mosaic->height - mosaic->cell_height * (int) rows) / 2) & ~1;
  gst_video_info_set_format (&mosaic->info, GST_VIDEO_FORMAT_I420, mosaic->width, mosaic->height);
  GST_VIDEO_INFO_FPS_N (&mosaic->info) = mosaic->fps;
  GST_VIDEO_INFO_FPS_D (&mosaic->info) = 1;
  gst_video_info_set_format (&mosaic->cell_info, GST_VIDEO_FORMAT_I420,
                             mosaic->cell_width, mosaic->cell_height);

  mosaic->n_cells = n;
  mosaic->cells = g_new0 (Cell, n);
  for (guint i = 0; i < n; i++)
    {
      Cell *cell = &mosaic->cells[i];

      cell->mosaic = mosaic;
      cell->index = i;
      cell->x = ox + (int) (i % columns) * mosaic->cell_width;
      cell->y = oy + (int) (i / columns) * mosaic->cell_height;
      cell->retry_ms = FIRST_RETRY_MS;
      cell->last_pts = GST_CLOCK_TIME_NONE;
      cell->source = pln_source_new (uris[i], error);
      if (cell->source == NULL)
        {
          mosaic_free (mosaic);
          return NULL;
        }
      cell->label = g_strdup (pln_source_get_label (cell->source));
    }

  mosaic->appsrc = gst_element_factory_make ("appsrc", "mosaic");
  if (mosaic->appsrc == NULL)
    {
      g_set_error (error, PLN_RECORDER_ERROR, PLN_RECORDER_ERROR_MISSING_ELEMENT,
                   _("The GStreamer element “%s” is not installed. Install the GStreamer plugin packages listed in the README."),
                   "appsrc");
      mosaic_free (mosaic);
      return NULL;
    }
  gst_object_ref_sink (mosaic->appsrc);
  caps = gst_video_info_to_caps (&mosaic->info);
  /* a slow encoder loses grid frames, never the clock */
  g_object_set (mosaic->appsrc, "caps", caps, "is-live", TRUE, "format", GST_FORMAT_TIME,
                "max-bytes", (guint64) GST_VIDEO_INFO_SIZE (&mosaic->info) * 4, "block", FALSE, NULL);
  gst_util_set_object_arg (G_OBJECT (mosaic->appsrc), "leaky-type", "downstream");

  /* the capsfilter answers caps queries before the appsrc runs */
  filter = gst_element_factory_make ("capsfilter", NULL);
  g_object_set (filter, "caps", caps, NULL);
  bin = gst_object_ref_sink (gst_bin_new ("mosaic-source"));
  gst_bin_add_many (GST_BIN (bin), mosaic->appsrc, filter, NULL);
  gst_element_link (mosaic->appsrc, filter);
  src_pad = gst_element_get_static_pad (filter, "src");
  gst_element_add_pad (bin, gst_ghost_pad_new ("video", src_pad));
  g_object_set_data_full (G_OBJECT (bin), "pln-mosaic", mosaic, mosaic_free);

  mosaic->thread = g_thread_new ("pln-mosaic", mosaic_thread, mosaic);
  return g_steal_pointer (&bin);
}
