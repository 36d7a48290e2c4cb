/* pln-probe.c: checks a feed before it is scheduled.
 *
 * Opens the URI the way the recorder does (PlnSource), lets it play into
 * fake sinks and watches the buffers: codecs, picture size and rate from the
 * caps, time to the first frame, bitrate from the bytes over about two
 * seconds of media. Everything is bounded by a timeout. For TCP-based
 * schemes a plain connection is tried first, so "connection refused" is
 * said as such instead of GStreamer's generic "could not open resource".
 */
#define G_LOG_DOMAIN "plenary-probe"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gst/gst.h>
#include <string.h>

#include "pln-probe.h"
#include "pln-source.h"

#define MEASURE_US (2 * G_USEC_PER_SEC)

typedef struct
{
  GMutex      lock;
  gint64      started_us;
  gint64      first_buffer_us;  /* first buffer of any stream */
  gint64      first_video_us;
  guint64     bytes;
  gboolean    encoded;          /* some stream is compressed: a bitrate means something */
  GstClockTime pts_min;
  GstClockTime pts_max;
  guint       video_frames;     /* for the frame rate when caps lack it */
  GstClockTime video_pts_min;
  GstClockTime video_pts_max;
  GstCaps    *video_caps;
  GstCaps    *audio_caps;
  GstElement *pipeline;
} Watch;

struct _PlnProbe
{
  GObject   parent_instance;

  char     *uri;
  char     *display_uri;
  guint     timeout_ms;

  char     *video_codec;
  int       width;
  int       height;
  double    framerate;
  char     *audio_codec;
  int       audio_rate;
  int       audio_channels;
  guint64   bitrate;
  gint64    first_frame_us;
};

G_DEFINE_FINAL_TYPE (PlnProbe, pln_probe, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_URI,
  PROP_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
codec_name (const GstStructure *s)
{
  const char *name = gst_structure_get_name (s);
  int version = 0, layer = 0;

  if (g_str_equal (name, "video/x-h264"))
    return g_strdup ("h264");
  if (g_str_equal (name, "video/x-h265"))
    return g_strdup ("h265");
  if (g_str_equal (name, "audio/mpeg"))
    {
      gst_structure_get_int (s, "mpegversion", &version);
      gst_structure_get_int (s, "layer", &layer);
      if (version == 2 || version == 4)
        return g_strdup ("aac");
      if (version == 1 && layer == 3)
        return g_strdup ("mp3");
      return g_strdup ("mpeg-audio");
    }
  if (g_str_equal (name, "audio/x-opus"))
    return g_strdup ("opus");
  if (g_str_has_suffix (name, "/x-raw"))
    return g_strdup ("raw");
  if (g_str_has_prefix (name, "video/x-") || g_str_has_prefix (name, "audio/x-"))
    return g_strdup (name + strlen ("video/x-"));
  return g_strdup (name);
}

static GstPadProbeReturn
on_buffer_probe_cb (GstPad          *pad,
                    GstPadProbeInfo *info,
                    gpointer         user_data)
{
  Watch *watch = user_data;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
  const GstStructure *s = caps ? gst_caps_get_structure (caps, 0) : NULL;
  gboolean video = s && g_str_has_prefix (gst_structure_get_name (s), "video/");
  gboolean raw = s && g_str_has_suffix (gst_structure_get_name (s), "/x-raw");
  gint64 now = g_get_monotonic_time ();

  if (buffer == NULL || s == NULL)
    return GST_PAD_PROBE_OK;

  g_mutex_lock (&watch->lock);
  if (watch->first_buffer_us == 0)
    watch->first_buffer_us = now;
  if (video)
    {
      if (watch->first_video_us == 0)
        watch->first_video_us = now;
      gst_caps_replace (&watch->video_caps, caps);
      if (GST_BUFFER_PTS_IS_VALID (buffer))
        {
          GstClockTime pts = GST_BUFFER_PTS (buffer);
          watch->video_frames++;
          if (!GST_CLOCK_TIME_IS_VALID (watch->video_pts_min) || pts < watch->video_pts_min)
            watch->video_pts_min = pts;
          if (!GST_CLOCK_TIME_IS_VALID (watch->video_pts_max) || pts > watch->video_pts_max)
            watch->video_pts_max = pts;
        }
    }
  else
    gst_caps_replace (&watch->audio_caps, caps);

  if (!raw)
    {
      watch->encoded = TRUE;
      watch->bytes += gst_buffer_get_size (buffer);
      if (GST_BUFFER_PTS_IS_VALID (buffer))
        {
          GstClockTime pts = GST_BUFFER_PTS (buffer);
          if (!GST_CLOCK_TIME_IS_VALID (watch->pts_min) || pts < watch->pts_min)
            watch->pts_min = pts;
          if (!GST_CLOCK_TIME_IS_VALID (watch->pts_max) || pts > watch->pts_max)
            watch->pts_max = pts;
        }
    }
  g_mutex_unlock (&watch->lock);
  return GST_PAD_PROBE_OK;
}

/* Compressed streams straight from a depayloader lack the picture size or
 * sample rate in their caps: a parser fills them in. */
static GstElement *
make_parser (GstPad *pad)
{
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
  const char *name;

  if (caps == NULL)
    caps = gst_pad_query_caps (pad, NULL);
  if (caps == NULL || gst_caps_is_empty (caps) || gst_caps_is_any (caps))
    return NULL;
  name = gst_structure_get_name (gst_caps_get_structure (caps, 0));
  if (g_str_equal (name, "video/x-h264"))
    return gst_element_factory_make ("h264parse", NULL);
  if (g_str_equal (name, "video/x-h265"))
    return gst_element_factory_make ("h265parse", NULL);
  if (g_str_equal (name, "audio/mpeg"))
    return gst_element_factory_make ("aacparse", NULL);
  return NULL;
}

static void
attach_sink (Watch  *watch,
             GstPad *pad)
{
  GstElement *sink = gst_element_factory_make ("fakesink", NULL);
  GstElement *parser = make_parser (pad);
  g_autoptr(GstPad) sinkpad = NULL;
  g_autoptr(GstPad) watched = NULL;

  if (sink == NULL)
    {
      g_clear_object (&parser);
      return;
    }
  g_object_set (sink, "sync", FALSE, "async", FALSE, NULL);
  gst_bin_add (GST_BIN (watch->pipeline), sink);
  if (parser != NULL)
    {
      gst_bin_add (GST_BIN (watch->pipeline), parser);
      if (!gst_element_link (parser, sink))
        {
          gst_bin_remove (GST_BIN (watch->pipeline), parser);
          parser = NULL;
        }
    }
  sinkpad = gst_element_get_static_pad (parser ? parser : sink, "sink");
  watched = parser ? gst_element_get_static_pad (parser, "src") : gst_object_ref (pad);
  if (gst_pad_link (pad, sinkpad) != GST_PAD_LINK_OK)
    {
      if (parser != NULL)
        gst_bin_remove (GST_BIN (watch->pipeline), parser);
      gst_bin_remove (GST_BIN (watch->pipeline), sink);
      return;
    }
  gst_pad_add_probe (watched, GST_PAD_PROBE_TYPE_BUFFER, on_buffer_probe_cb, watch, NULL);
  gst_element_sync_state_with_parent (sink);
  if (parser != NULL)
    gst_element_sync_state_with_parent (parser);
}

static void
on_source_pad_added_cb (GstElement *element,
                        GstPad     *pad,
                        gpointer    user_data)
{
  if (GST_PAD_IS_SRC (pad))
    attach_sink (user_data, pad);
}

static const char *
describe_network_error (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    return _("connection refused");
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return _("no answer");
  if (g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_NOT_FOUND))
    return _("unknown host name");
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE))
    return _("network unreachable");
  return error->message;
}

/* TCP schemes: try the connection itself first, for a precise reason. */
static gboolean
check_tcp (PlnProbe      *self,
           GCancellable  *cancellable,
           GError       **error)
{
  static const struct { const char *scheme; guint16 port; } tcp[] = {
    { "rtsp", 554 }, { "rtspt", 554 }, { "rtsps", 322 },
    { "http", 80 }, { "https", 443 }, { "rtmp", 1935 }, { "rtmps", 443 },
  };
  g_autoptr(GUri) guri = g_uri_parse (self->uri, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GSocketClient) client = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *scheme;
  int port;

  if (guri == NULL || g_uri_get_host (guri) == NULL)
    return TRUE;
  scheme = g_uri_get_scheme (guri);
  for (guint i = 0; i < G_N_ELEMENTS (tcp); i++)
    if (g_ascii_strcasecmp (scheme, tcp[i].scheme) == 0)
      {
        port = g_uri_get_port (guri) > 0 ? g_uri_get_port (guri) : tcp[i].port;
        client = g_socket_client_new ();
        g_socket_client_set_timeout (client, MAX (1, self->timeout_ms / 1000));
        connection = g_socket_client_connect_to_host (client, g_uri_get_host (guri), port,
                                                      cancellable, &local_error);
        if (connection == NULL)
          {
            if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
              g_propagate_error (error, g_steal_pointer (&local_error));
            else
              g_set_error (error, G_IO_ERROR, local_error->domain == G_IO_ERROR ? local_error->code : G_IO_ERROR_FAILED,
                           _("Cannot reach %s: %s. Check that the encoder is on and the address is right."),
                           self->display_uri, describe_network_error (local_error));
            return FALSE;
          }
        g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
        return TRUE;
      }
  return TRUE;
}

static void
watch_clear (Watch *watch)
{
  g_clear_pointer (&watch->video_caps, gst_caps_unref);
  g_clear_pointer (&watch->audio_caps, gst_caps_unref);
  g_mutex_clear (&watch->lock);
}

static void
take_results (PlnProbe *self,
              Watch    *watch)
{
  if (watch->video_caps != NULL)
    {
      const GstStructure *s = gst_caps_get_structure (watch->video_caps, 0);
      int n = 0, d = 1;

      self->video_codec = codec_name (s);
      gst_structure_get_int (s, "width", &self->width);
      gst_structure_get_int (s, "height", &self->height);
      if (gst_structure_get_fraction (s, "framerate", &n, &d) && d > 0)
        self->framerate = (double) n / d;
      if (self->framerate <= 0 && watch->video_frames > 1 && watch->video_pts_max > watch->video_pts_min)
        self->framerate = (watch->video_frames - 1) * (double) GST_SECOND / (watch->video_pts_max - watch->video_pts_min);
    }
  if (watch->audio_caps != NULL)
    {
      const GstStructure *s = gst_caps_get_structure (watch->audio_caps, 0);

      self->audio_codec = codec_name (s);
      gst_structure_get_int (s, "rate", &self->audio_rate);
      gst_structure_get_int (s, "channels", &self->audio_channels);
    }
  if (watch->encoded && GST_CLOCK_TIME_IS_VALID (watch->pts_min) && watch->pts_max > watch->pts_min)
    self->bitrate = (guint64) (watch->bytes * 8.0 * GST_SECOND / (watch->pts_max - watch->pts_min));
  self->first_frame_us = (watch->first_video_us ? watch->first_video_us : watch->first_buffer_us) - watch->started_us;
}

static void
clear_results (PlnProbe *self)
{
  g_clear_pointer (&self->video_codec, g_free);
  g_clear_pointer (&self->audio_codec, g_free);
  self->width = self->height = 0;
  self->framerate = 0;
  self->audio_rate = self->audio_channels = 0;
  self->bitrate = 0;
  self->first_frame_us = -1;
}

static gboolean
probe_run (PlnProbe      *self,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(PlnSource) source = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) element = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GstIterator) pads = NULL;
  GValue item = G_VALUE_INIT;
  Watch watch = { 0 };
  gint64 deadline;
  gboolean done = FALSE;
  gboolean ok = FALSE;

  clear_results (self);

  source = pln_source_new (self->uri, &local_error);
  if (source == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Cannot probe %s: %s"), self->display_uri, local_error->message);
      return FALSE;
    }
  g_free (self->display_uri);
  self->display_uri = g_strdup (pln_source_get_display_uri (source));

  watch.started_us = g_get_monotonic_time ();
  deadline = watch.started_us + (gint64) self->timeout_ms * 1000;

  if (!check_tcp (self, cancellable, error))
    return FALSE;

  element = pln_source_create_element (source, &local_error);
  if (element == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Cannot probe %s: %s"), self->display_uri, local_error->message);
      return FALSE;
    }

  g_mutex_init (&watch.lock);
  watch.pts_min = watch.pts_max = GST_CLOCK_TIME_NONE;
  watch.video_pts_min = watch.video_pts_max = GST_CLOCK_TIME_NONE;
  pipeline = gst_object_ref_sink (gst_pipeline_new ("probe"));
  watch.pipeline = pipeline;
  gst_bin_add (GST_BIN (pipeline), gst_object_ref (element));

  pads = gst_element_iterate_src_pads (element);
  while (gst_iterator_next (pads, &item) == GST_ITERATOR_OK)
    {
      attach_sink (&watch, g_value_get_object (&item));
      g_value_reset (&item);
    }
  g_value_unset (&item);
  g_signal_connect (element, "pad-added", G_CALLBACK (on_source_pad_added_cb), &watch);

  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);

  while (!done)
    {
      g_autoptr(GstMessage) message = NULL;
      gint64 now = g_get_monotonic_time ();
      gint64 first;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        break;

      g_mutex_lock (&watch.lock);
      first = watch.first_buffer_us;
      /* Two seconds of arrival, or (files) five seconds of media. */
      if (first != 0 && now - first >= MEASURE_US)
        done = ok = TRUE;
      if (GST_CLOCK_TIME_IS_VALID (watch.pts_min) && watch.pts_max - watch.pts_min >= 5 * GST_SECOND)
        done = ok = TRUE;
      g_mutex_unlock (&watch.lock);
      if (done)
        break;

      if (now >= deadline)
        {
          if (first != 0)
            done = ok = TRUE;   /* something came: report what was seen */
          else
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                         _("Cannot reach %s: no picture or sound within %u seconds. Check that the encoder is on and the address is right."),
                         self->display_uri, (self->timeout_ms + 999) / 1000);
          break;
        }

      message = gst_bus_timed_pop_filtered (bus, 50 * GST_MSECOND, GST_MESSAGE_ERROR | GST_MESSAGE_EOS);
      if (message == NULL)
        continue;
      if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_EOS)
        {
          if (first != 0 || watch.first_buffer_us != 0)
            ok = TRUE;
          else
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                         _("Cannot probe %s: the stream ended before any picture or sound."), self->display_uri);
          done = TRUE;
        }
      else
        {
          g_autoptr(GError) gst_error = NULL;
          g_autofree char *debug = NULL;

          gst_message_parse_error (message, &gst_error, &debug);
          g_debug ("%s: %s", self->display_uri, debug);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       _("Cannot reach %s: %s"), self->display_uri, gst_error->message);
          done = TRUE;
        }
    }

  gst_element_set_state (pipeline, GST_STATE_NULL);
  g_signal_handlers_disconnect_by_data (element, &watch);

  if (ok)
    take_results (self, &watch);
  watch_clear (&watch);
  return ok;
}

static void
run_in_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;

  if (probe_run (source_object, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
pln_probe_finalize (GObject *object)
{
  PlnProbe *self = (PlnProbe *)object;

  g_clear_pointer (&self->uri, g_free);
  g_clear_pointer (&self->display_uri, g_free);
  clear_results (self);

  G_OBJECT_CLASS (pln_probe_parent_class)->finalize (object);
}

static void
pln_probe_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PlnProbe *self = PLN_PROBE (object);

  switch (prop_id)
    {
    case PROP_URI:
      g_value_set_string (value, self->uri);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout_ms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pln_probe_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  PlnProbe *self = PLN_PROBE (object);

  switch (prop_id)
    {
    case PROP_URI:
      self->uri = g_value_dup_string (value);
      self->display_uri = pln_uri_strip_credentials (self->uri);
      break;
    case PROP_TIMEOUT:
      pln_probe_set_timeout (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pln_probe_class_init (PlnProbeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pln_probe_finalize;
  object_class->get_property = pln_probe_get_property;
  object_class->set_property = pln_probe_set_property;

  properties[PROP_URI] =
    g_param_spec_string ("uri", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 100, 600000, PLN_PROBE_DEFAULT_TIMEOUT_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pln_probe_init (PlnProbe *self)
{
  self->timeout_ms = PLN_PROBE_DEFAULT_TIMEOUT_MS;
  self->first_frame_us = -1;
}

/**
 * pln_probe_new:
 * @uri: rtsp://, srt://, http(s)://, file://, test://… (as PlnSource takes)
 */
PlnProbe *
pln_probe_new (const char *uri)
{
  g_return_val_if_fail (uri != NULL, NULL);
  return g_object_new (PLN_TYPE_PROBE, "uri", uri, NULL);
}

const char *
pln_probe_get_uri (PlnProbe *self)
{
  g_return_val_if_fail (PLN_IS_PROBE (self), NULL);
  return self->uri;
}

/* The URI without credentials, for messages. */
const char *
pln_probe_get_display_uri (PlnProbe *self)
{
  g_return_val_if_fail (PLN_IS_PROBE (self), NULL);
  return self->display_uri;
}

guint
pln_probe_get_timeout (PlnProbe *self)
{
  g_return_val_if_fail (PLN_IS_PROBE (self), 0);
  return self->timeout_ms;
}

void
pln_probe_set_timeout (PlnProbe *self,
                       guint     timeout_ms)
{
  g_return_if_fail (PLN_IS_PROBE (self));

  timeout_ms = CLAMP (timeout_ms, 100, 600000);
  if (self->timeout_ms == timeout_ms)
    return;
  self->timeout_ms = timeout_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

/**
 * pln_probe_run:
 *
 * Probes in the calling thread, for at most the timeout (plus about two
 * seconds of measuring once media flows).
 */
gboolean
pln_probe_run (PlnProbe      *self,
               GCancellable  *cancellable,
               GError       **error)
{
  g_return_val_if_fail (PLN_IS_PROBE (self), FALSE);
  return probe_run (self, cancellable, error);
}

void
pln_probe_run_async (PlnProbe            *self,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PLN_IS_PROBE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pln_probe_run_async);
  g_task_run_in_thread (task, run_in_thread);
}

gboolean
pln_probe_run_finish (PlnProbe      *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* "h264", "h265", "raw"…, or NULL when there is no video. */
const char *
pln_probe_get_video_codec (PlnProbe *self)
{
  g_return_val_if_fail (PLN_IS_PROBE (self), NULL);
  return self->video_codec;
}

int
pln_probe_get_width (PlnProbe *self)
{
  g_return_val_if_fail (PLN_IS_PROBE (self), 0);
  return self->width;
}

int
pln_probe_get_height (PlnProbe *self)
{
  g_return_val_if_fail (PLN_IS_PROBE (self), 0);
  return self->height;
}

double
pln_probe_get_framerate (PlnProbe *self)
{
  g_return_val_if_fail (PLN_IS_PROBE (self), 0);
  return self->framerate;
}

/* "aac", "opus", "raw"…, or NULL when there is no sound. */
const char *
pln_probe_get_audio_codec (PlnProbe *self)
{
  g_return_val_if_fail (PLN_IS_PROBE (self), NULL);
  return self->audio_codec;
}

int
pln_probe_get_audio_rate (PlnProbe *self)
{
  g_return_val_if_fail (PLN_IS_PROBE (self), 0);
  return self->audio_rate;
}

int
pln_probe_get_audio_channels (PlnProbe *self)
{
  g_return_val_if_fail (PLN_IS_PROBE (self), 0);
  return self->audio_channels;
}

/* Bits per second of the compressed streams; 0 for raw sources. */
guint64
pln_probe_get_bitrate (PlnProbe *self)
{
  g_return_val_if_fail (PLN_IS_PROBE (self), 0);
  return self->bitrate;
}

/* Microseconds from the start to the first frame (first buffer without video). */
gint64
pln_probe_get_first_frame_us (PlnProbe *self)
{
  g_return_val_if_fail (PLN_IS_PROBE (self), -1);
  return self->first_frame_us;
}
