/* pln-preview-tap.c: small preview frames and audio levels for the UI.
 *
 * The recorder puts one branch per connection behind its video tee:
 * valve → (decodebin) → a throttle (≤ 15 fps) → videoscale → BGRA → appsink
 * (max-buffers=2, drop=true). The valve stays closed while the tap is
 * disabled, so nothing is decoded or scaled when nobody watches. Frames
 * reach the main context as GBytes (the mapped buffer, unmapped when the
 * bytes are freed) through g_main_context_invoke_full(): no GTK here; the
 * UI wraps them in a GdkMemoryTexture (BGRA = GDK_MEMORY_B8G8R8A8).
 */
#define G_LOG_DOMAIN "plenary-preview"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gst/app/gstappsink.h>
#include <gst/video/video.h>

#include "pln-preview-tap-private.h"
#include "pln-recorder-error.h"

#define MAX_FPS 15

struct _PlnPreviewTap
{
  GObject     parent_instance;

  gboolean    enabled;
  guint       width;
  guint64     n_frames;

  GMutex      lock;
  GstElement *valve;            /* (owned) of the current branch, under lock */
  gboolean    need_keyframe;    /* under lock */
};

G_DEFINE_FINAL_TYPE (PlnPreviewTap, pln_preview_tap, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ENABLED,
  PROP_WIDTH,
  N_PROPS
};

enum {
  FRAME,
  LEVELS,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  PlnPreviewTap *tap;
  GBytes        *bytes;
  int            width;
  int            height;
  int            stride;
} Frame;

typedef struct
{
  GstBuffer    *buffer;
  GstVideoFrame frame;
} MappedFrame;

static void
mapped_frame_free (gpointer data)
{
  MappedFrame *mapped = data;

  gst_video_frame_unmap (&mapped->frame);
  gst_buffer_unref (mapped->buffer);
  g_free (mapped);
}

static void
frame_free (gpointer data)
{
  Frame *frame = data;

  g_object_unref (frame->tap);
  g_bytes_unref (frame->bytes);
  g_free (frame);
}

static gboolean
deliver_frame_cb (gpointer data)
{
  Frame *frame = data;

  if (frame->tap->enabled)
    {
      frame->tap->n_frames++;
      g_signal_emit (frame->tap, signals[FRAME], 0, frame->bytes,
                     frame->width, frame->height, frame->stride);
    }
  return G_SOURCE_REMOVE;
}

typedef struct
{
  PlnPreviewTap *tap;           /* (owned) */
  GMainContext  *context;       /* (owned) */
} SinkData;

static void
sink_data_free (gpointer data)
{
  SinkData *sink_data = data;

  g_object_unref (sink_data->tap);
  g_main_context_unref (sink_data->context);
  g_free (sink_data);
}

/* streaming thread */
static GstFlowReturn
on_appsink_new_sample_cb (GstAppSink *appsink,
                          gpointer    user_data)
{
  SinkData *sink_data = user_data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (appsink);
  GstVideoInfo info;
  MappedFrame *mapped;
  Frame *frame;

  if (sample == NULL)
    return GST_FLOW_OK;
  if (!gst_video_info_from_caps (&info, gst_sample_get_caps (sample)))
    return GST_FLOW_OK;

  mapped = g_new0 (MappedFrame, 1);
  mapped->buffer = gst_buffer_ref (gst_sample_get_buffer (sample));
  if (!gst_video_frame_map (&mapped->frame, &info, mapped->buffer, GST_MAP_READ))
    {
      gst_buffer_unref (mapped->buffer);
      g_free (mapped);
      return GST_FLOW_OK;
    }

  frame = g_new0 (Frame, 1);
  frame->tap = g_object_ref (sink_data->tap);
  frame->width = GST_VIDEO_FRAME_WIDTH (&mapped->frame);
  frame->height = GST_VIDEO_FRAME_HEIGHT (&mapped->frame);
  frame->stride = GST_VIDEO_FRAME_PLANE_STRIDE (&mapped->frame, 0);
  frame->bytes = g_bytes_new_with_free_func (GST_VIDEO_FRAME_PLANE_DATA (&mapped->frame, 0),
                                             (gsize) frame->stride * frame->height,
                                             mapped_frame_free, mapped);

  g_main_context_invoke_full (sink_data->context, G_PRIORITY_DEFAULT,
                              deliver_frame_cb, frame, frame_free);
  return GST_FLOW_OK;
}

typedef struct
{
  GstClockTime last;
} Throttle;

/* streaming thread: at most MAX_FPS frames go on to be converted */
static GstPadProbeReturn
on_throttle_cb (GstPad          *pad,
                GstPadProbeInfo *info,
                gpointer         user_data)
{
  Throttle *throttle = user_data;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  GstClockTime pts = GST_BUFFER_PTS (buffer);

  if (!GST_CLOCK_TIME_IS_VALID (pts))
    return GST_PAD_PROBE_OK;
  if (GST_CLOCK_TIME_IS_VALID (throttle->last) && pts >= throttle->last &&
      pts - throttle->last < GST_SECOND / MAX_FPS - GST_MSECOND)
    return GST_PAD_PROBE_DROP;
  throttle->last = pts;
  return GST_PAD_PROBE_OK;
}

/* streaming thread: after the valve reopens, wait for a keyframe so the
 * decoder never starts on a delta frame. */
static GstPadProbeReturn
on_valve_src_buffer_cb (GstPad          *pad,
                        GstPadProbeInfo *info,
                        gpointer         user_data)
{
  PlnPreviewTap *self = user_data;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  GstPadProbeReturn ret = GST_PAD_PROBE_OK;

  g_mutex_lock (&self->lock);
  if (self->need_keyframe)
    {
      if (GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_DELTA_UNIT))
        ret = GST_PAD_PROBE_DROP;
      else
        self->need_keyframe = FALSE;
    }
  g_mutex_unlock (&self->lock);
  return ret;
}

/* streaming thread: the first data after the valve first opened: put the
 * decoder in between the queue and the converter */
static GstPadProbeReturn
on_first_data_cb (GstPad          *pad,
                  GstPadProbeInfo *info,
                  gpointer         user_data)
{
  GstElement *convert = user_data;
  g_autoptr(GstObject) bin = gst_object_get_parent (GST_OBJECT (convert));
  g_autoptr(GstPad) decoder_sink = NULL;
  GstElement *decoder;

  if (bin == NULL || (decoder = gst_element_factory_make ("avdec_h264", NULL)) == NULL)
    return GST_PAD_PROBE_REMOVE;
  gst_bin_add (GST_BIN (bin), decoder);
  gst_element_link (decoder, convert);
  gst_element_sync_state_with_parent (decoder);
  decoder_sink = gst_element_get_static_pad (decoder, "sink");
  /* the item that fired this goes on to the new peer */
  gst_pad_link (pad, decoder_sink);
  return GST_PAD_PROBE_REMOVE;
}

static void
apply_enabled (PlnPreviewTap *self)
{
  g_mutex_lock (&self->lock);
  if (self->valve != NULL)
    g_object_set (self->valve, "drop", !self->enabled, NULL);
  self->need_keyframe = TRUE;
  g_mutex_unlock (&self->lock);
}

static void
pln_preview_tap_finalize (GObject *object)
{
  PlnPreviewTap *self = PLN_PREVIEW_TAP (object);

  g_clear_object (&self->valve);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (pln_preview_tap_parent_class)->finalize (object);
}

static void
pln_preview_tap_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PlnPreviewTap *self = PLN_PREVIEW_TAP (object);

  switch (prop_id)
    {
    case PROP_ENABLED:
      g_value_set_boolean (value, self->enabled);
      break;
    case PROP_WIDTH:
      g_value_set_uint (value, self->width);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pln_preview_tap_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  PlnPreviewTap *self = PLN_PREVIEW_TAP (object);

  switch (prop_id)
    {
    case PROP_ENABLED:
      pln_preview_tap_set_enabled (self, g_value_get_boolean (value));
      break;
    case PROP_WIDTH:
      pln_preview_tap_set_width (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pln_preview_tap_class_init (PlnPreviewTapClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pln_preview_tap_finalize;
  object_class->get_property = pln_preview_tap_get_property;
  object_class->set_property = pln_preview_tap_set_property;

  properties[PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WIDTH] =
    g_param_spec_uint ("width", NULL, NULL, 16, 1920, 320,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PlnPreviewTap::frame:
   * @bytes: BGRA pixels, @stride bytes per row
   *
   * A preview frame, on the main context, at most 15 a second.
   */
  signals[FRAME] = g_signal_new ("frame", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 4,
                                 G_TYPE_BYTES, G_TYPE_INT, G_TYPE_INT, G_TYPE_INT);
  /**
   * PlnPreviewTap::levels:
   * @levels: a GVariant of type "ad": peak level in dB per channel
   */
  signals[LEVELS] = g_signal_new ("levels", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_VARIANT);
}

static void
pln_preview_tap_init (PlnPreviewTap *self)
{
  g_mutex_init (&self->lock);
  self->width = 320;
  self->need_keyframe = TRUE;
}

PlnPreviewTap *
pln_preview_tap_new (void)
{
  return g_object_new (PLN_TYPE_PREVIEW_TAP, NULL);
}

gboolean
pln_preview_tap_get_enabled (PlnPreviewTap *self)
{
  g_return_val_if_fail (PLN_IS_PREVIEW_TAP (self), FALSE);
  return self->enabled;
}

/**
 * pln_preview_tap_set_enabled:
 *
 * Opens or closes the preview branch. Closed, it costs nothing.
 */
void
pln_preview_tap_set_enabled (PlnPreviewTap *self,
                             gboolean       enabled)
{
  g_return_if_fail (PLN_IS_PREVIEW_TAP (self));

  enabled = !!enabled;
  if (self->enabled == enabled)
    return;
  self->enabled = enabled;
  apply_enabled (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
}

guint
pln_preview_tap_get_width (PlnPreviewTap *self)
{
  g_return_val_if_fail (PLN_IS_PREVIEW_TAP (self), 0);
  return self->width;
}

/**
 * pln_preview_tap_set_width:
 *
 * The width of the frames; the height keeps the picture's shape. Applies
 * from the next connection on.
 */
void
pln_preview_tap_set_width (PlnPreviewTap *self,
                           guint          width)
{
  g_return_if_fail (PLN_IS_PREVIEW_TAP (self));

  width &= ~1u;
  if (self->width == width)
    return;
  self->width = width;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WIDTH]);
}

/**
 * pln_preview_tap_get_n_frames:
 *
 * Returns: how many frames were delivered so far.
 */
guint64
pln_preview_tap_get_n_frames (PlnPreviewTap *self)
{
  g_return_val_if_fail (PLN_IS_PREVIEW_TAP (self), 0);
  return self->n_frames;
}

GstElement *
_pln_preview_tap_create_branch (PlnPreviewTap  *self,
                                gboolean        decode_h264,
                                GMainContext   *context,
                                GError        **error)
{
  g_autoptr(GstElement) bin = NULL;
  g_autoptr(GstCaps) caps = NULL;
  g_autoptr(GstPad) valve_src = NULL;
  g_autoptr(GstPad) sink = NULL;
  g_autoptr(GstPad) throttle_pad = NULL;
  Throttle *throttle;
  GstElement *valve, *queue, *convert, *scale, *filter, *appsink;
  gboolean have_decoder = TRUE;
  GstAppSinkCallbacks callbacks = { 0 };
  SinkData *sink_data;

  bin = gst_object_ref_sink (gst_bin_new ("preview"));
  valve = gst_element_factory_make ("valve", NULL);
  queue = gst_element_factory_make ("queue", NULL);
  /* The H.264 decoder is put in when the first data passes the valve,
   * that is when someone first watches: a closed preview loads no codec
   * library (gst-libav costs 0.17 s of CPU to load). */
  if (decode_h264)
    {
      GstElementFactory *factory = gst_element_factory_find ("avdec_h264");

      have_decoder = factory != NULL;
      gst_clear_object (&factory);
    }
  convert = gst_element_factory_make ("videoconvert", NULL);
  scale = gst_element_factory_make ("videoscale", NULL);
  filter = gst_element_factory_make ("capsfilter", NULL);
  appsink = gst_element_factory_make ("appsink", NULL);
  if (valve == NULL || queue == NULL || !have_decoder ||
      convert == NULL || scale == NULL || filter == NULL || appsink == NULL)
    {
      g_set_error (error, PLN_RECORDER_ERROR, PLN_RECORDER_ERROR_MISSING_ELEMENT,
                   _("The preview needs GStreamer elements that are not installed (gstreamer1.0-libav, gstreamer1.0-plugins-base)."));
      return NULL;
    }

  caps = gst_caps_new_simple ("video/x-raw",
                              "format", G_TYPE_STRING, "BGRA",
                              "width", G_TYPE_INT, (int) self->width,
                              "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1,
                              NULL);
  /* closed, it drops the caps too (and passes them on when it opens) */
  g_object_set (valve, "drop", !self->enabled, "drop-mode", decode_h264 ? 0 /* drop all */ : 1 /* forward sticky events */, NULL);
  g_object_set (queue, "max-size-buffers", 2, "max-size-bytes", 0, "max-size-time", (guint64) 0,
                "leaky", 2 /* downstream */, NULL);
  g_object_set (filter, "caps", caps, NULL);
  g_object_set (appsink, "max-buffers", 2, "drop", TRUE, "sync", FALSE, "async", FALSE,
                "enable-last-sample", FALSE, "qos", FALSE, NULL);

  /* The preview never holds up the end of a recording: its sink does not
   * count for the pipeline's EOS (a closed valve drops the EOS too). */
  GST_OBJECT_FLAG_UNSET (appsink, GST_ELEMENT_FLAG_SINK);
  gst_bin_add_many (GST_BIN (bin), valve, queue, convert, scale, filter, appsink, NULL);
  if (decode_h264)
    {
      g_autoptr(GstPad) queue_src = gst_element_get_static_pad (queue, "src");

      gst_element_link_many (valve, queue, NULL);
      gst_pad_add_probe (queue_src, GST_PAD_PROBE_TYPE_BLOCK_DOWNSTREAM, on_first_data_cb,
                         gst_object_ref (convert), gst_object_unref);
    }
  else
    gst_element_link_many (valve, queue, convert, NULL);
  gst_element_link_many (convert, scale, filter, appsink, NULL);

  throttle = g_new0 (Throttle, 1);
  throttle->last = GST_CLOCK_TIME_NONE;
  throttle_pad = gst_element_get_static_pad (convert, "sink");
  gst_pad_add_probe (throttle_pad, GST_PAD_PROBE_TYPE_BUFFER, on_throttle_cb, throttle, g_free);

  sink_data = g_new0 (SinkData, 1);
  sink_data->tap = g_object_ref (self);
  sink_data->context = g_main_context_ref (context);
  callbacks.new_sample = on_appsink_new_sample_cb;
  gst_app_sink_set_callbacks (GST_APP_SINK (appsink), &callbacks, sink_data, sink_data_free);

  if (decode_h264)
    {
      valve_src = gst_element_get_static_pad (valve, "src");
      gst_pad_add_probe (valve_src, GST_PAD_PROBE_TYPE_BUFFER, on_valve_src_buffer_cb,
                         g_object_ref (self), g_object_unref);
    }

  sink = gst_element_get_static_pad (valve, "sink");
  gst_element_add_pad (bin, gst_ghost_pad_new ("sink", sink));

  g_mutex_lock (&self->lock);
  g_set_object (&self->valve, valve);
  self->need_keyframe = TRUE;
  g_mutex_unlock (&self->lock);

  return g_steal_pointer (&bin);
}

/* main context */
void
_pln_preview_tap_push_levels (PlnPreviewTap *self,
                              const double  *peak_db,
                              guint          n_channels)
{
  GVariant *levels;

  if (!self->enabled)
    return;
  levels = g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE, peak_db, n_channels, sizeof (double));
  g_signal_emit (self, signals[LEVELS], 0, g_variant_ref_sink (levels));
  g_variant_unref (levels);
}
