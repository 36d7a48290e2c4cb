/* pln-source.c: where a feed comes from, parsed from a URI.
 *
 * A source turns its URI into one GStreamer element whose source pads carry
 * either encoded streams the recorder can pass through (H.264, AAC, Opus)
 * or raw video and audio that it encodes. Network and file URIs go through
 * uridecodebin with its `caps` set so that it stops at those streams
 * instead of decoding them; test://, pulse:// are small bins of our own,
 * and mosaic: is a grid of other sources (pln-mosaic-source.c).
 */
#define G_LOG_DOMAIN "plenary-source"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pln-mosaic-source.h"
#include "pln-recorder-error.h"
#include "pln-rtsp-receiver.h"
#include "pln-source.h"

struct _PlnSource
{
  GObject        parent_instance;

  char          *uri;
  char          *display_uri;
  PlnSourceKind  kind;

  /* test:// */
  char          *title;
  int            width;
  int            height;
  int            fps;
  gboolean       live;

  /* v4l2:// and pulse:// */
  char          *device;

  /* mosaic: (also width, height, fps) */
  GStrv          feeds;
  guint          columns;
  PlnMosaicDecode decode;
};

G_DEFINE_FINAL_TYPE (PlnSource, pln_source, G_TYPE_OBJECT)

static void
set_str (char       **str_pointer,
         const char  *new_str)
{
  if (*str_pointer == new_str)
    return;
  g_free (*str_pointer);
  *str_pointer = g_strdup (new_str);
}

/* What uridecodebin hands over without decoding: the streams mp4 takes as
 * they are, and raw media for everything else. */
#define STOP_CAPS "video/x-h264; audio/mpeg, mpegversion=(int)4; audio/x-opus; " \
                  "video/x-raw; audio/x-raw"

static const struct
{
  const char    *scheme;
  PlnSourceKind  kind;
} schemes[] = {
  { "rtsp", PLN_SOURCE_KIND_RTSP },
  { "rtsps", PLN_SOURCE_KIND_RTSP },
  { "rtspt", PLN_SOURCE_KIND_RTSP },
  { "srt", PLN_SOURCE_KIND_SRT },
  { "rtmp", PLN_SOURCE_KIND_RTMP },
  { "rtmps", PLN_SOURCE_KIND_RTMP },
  { "http", PLN_SOURCE_KIND_HLS },
  { "https", PLN_SOURCE_KIND_HLS },
  { "file", PLN_SOURCE_KIND_FILE },
  { "v4l2", PLN_SOURCE_KIND_V4L2 },
  { "pulse", PLN_SOURCE_KIND_PULSE },
  { "test", PLN_SOURCE_KIND_TEST },
  { "mosaic", PLN_SOURCE_KIND_MOSAIC },
};

/**
 * pln_uri_strip_credentials:
 * @uri: a URI, possibly with user:password@
 *
 * Returns: (transfer full): @uri without its user information, for messages,
 * logs and manifests.
 */
char *
pln_uri_strip_credentials (const char *uri)
{
  const char *scheme_end;
  const char *authority;
  const char *at;
  const char *slash;

  if (uri == NULL)
    return NULL;

  scheme_end = strstr (uri, "://");
  if (scheme_end == NULL)
    return g_strdup (uri);

  authority = scheme_end + 3;
  slash = strpbrk (authority, "/?#");
  at = strchr (authority, '@');
  if (at == NULL || (slash != NULL && at > slash))
    return g_strdup (uri);

  /* user:password@host/… → host/… */
  while (TRUE)
    {
      const char *next = strchr (at + 1, '@');

      if (next == NULL || (slash != NULL && next > slash))
        break;
      at = next;
    }
  {
    g_autofree char *prefix = g_strndup (uri, authority - uri);

    return g_strconcat (prefix, at + 1, NULL);
  }
}

static gboolean
parse_size (const char *text,
            int        *width,
            int        *height)
{
  g_auto(GStrv) parts = NULL;
  guint64 w, h;

  parts = g_strsplit (text, "x", 2);
  if (g_strv_length (parts) != 2 ||
      !g_ascii_string_to_unsigned (parts[0], 10, 16, 7680, &w, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 16, 4320, &h, NULL))
    return FALSE;
  *width = (int) (w & ~1);
  *height = (int) (h & ~1);
  return TRUE;
}

static gboolean
parse_test_uri (PlnSource  *self,
                GUri       *guri,
                GError    **error)
{
  g_autoptr(GHashTable) params = NULL;
  const char *query = g_uri_get_query (guri);
  const char *value;

  self->title = g_strdup (g_uri_get_host (guri));
  if (self->title == NULL || *self->title == '\0')
    set_str (&self->title, "Plenary");
  self->width = 1280;
  self->height = 720;
  self->fps = 25;
  self->live = TRUE;

  if (query == NULL)
    return TRUE;

  params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, error);
  if (params == NULL)
    return FALSE;

  if ((value = g_hash_table_lookup (params, "title")) != NULL)
    set_str (&self->title, value);
  if ((value = g_hash_table_lookup (params, "size")) != NULL &&
      !parse_size (value, &self->width, &self->height))
    {
      g_set_error (error, PLN_RECORDER_ERROR, PLN_RECORDER_ERROR_INVALID_URI,
                   _("size “%s” is not WIDTHxHEIGHT (for example 1280x720)"), value);
      return FALSE;
    }
  if ((value = g_hash_table_lookup (params, "fps")) != NULL)
    {
      guint64 fps;

      if (!g_ascii_string_to_unsigned (value, 10, 1, 120, &fps, NULL))
        {
          g_set_error (error, PLN_RECORDER_ERROR, PLN_RECORDER_ERROR_INVALID_URI,
                       _("fps “%s” is not a frame rate between 1 and 120"), value);
          return FALSE;
        }
      self->fps = (int) fps;
    }
  if ((value = g_hash_table_lookup (params, "live")) != NULL)
    self->live = !(g_str_equal (value, "false") || g_str_equal (value, "0") ||
                   g_str_equal (value, "no"));
  return TRUE;
}

/* mosaic:?src=URI&src=URI…&size=1280x720&fps=15&columns=3&decode=auto
 * (each src URI-escaped, at least its "&") */
static gboolean
parse_mosaic_uri (PlnSource  *self,
                  GUri       *guri,
                  GError    **error)
{
  g_autoptr(GStrvBuilder) feeds = g_strv_builder_new ();
  const char *query = g_uri_get_query (guri);
  GUriParamsIter iter;
  char *key = NULL, *value = NULL;
  guint n = 0;

  self->width = 1280;
  self->height = 720;
  self->fps = 15;
  self->live = TRUE;

  if (query != NULL)
    {
      g_uri_params_iter_init (&iter, query, -1, "&", G_URI_PARAMS_NONE);
      while (g_uri_params_iter_next (&iter, &key, &value, error))
        {
          g_autofree char *k = g_steal_pointer (&key);
          g_autofree char *v = g_steal_pointer (&value);

          if (g_str_equal (k, "src"))
            {
              g_autoptr(PlnSource) feed = NULL;
              g_autoptr(GError) feed_error = NULL;

              if (g_str_has_prefix (v, "mosaic:"))
                {
                  g_set_error (error, PLN_RECORDER_ERROR, PLN_RECORDER_ERROR_INVALID_URI,
                               _("a mosaic cannot show another mosaic"));
                  return FALSE;
                }
              feed = pln_source_new (v, &feed_error);
              if (feed == NULL)
                {
                  g_propagate_error (error, g_steal_pointer (&feed_error));
                  return FALSE;
                }
              if (++n > PLN_MOSAIC_MAX_FEEDS)
                {
                  g_set_error (error, PLN_RECORDER_ERROR, PLN_RECORDER_ERROR_INVALID_URI,
                               _("a mosaic shows at most %d feeds"), PLN_MOSAIC_MAX_FEEDS);
                  return FALSE;
                }
              g_strv_builder_add (feeds, v);
            }
          else if (g_str_equal (k, "size"))
            {
              if (!parse_size (v, &self->width, &self->height))
                {
                  g_set_error (error, PLN_RECORDER_ERROR, PLN_RECORDER_ERROR_INVALID_URI,
                               _("size “%s” is not WIDTHxHEIGHT (for example 1280x720)"), v);
                  return FALSE;
                }
            }
          else if (g_str_equal (k, "fps"))
            {
              guint64 fps;

              if (!g_ascii_string_to_unsigned (v, 10, 1, 60, &fps, NULL))
                {
                  g_set_error (error, PLN_RECORDER_ERROR, PLN_RECORDER_ERROR_INVALID_URI,
                               _("fps “%s” is not a frame rate between 1 and 60"), v);
                  return FALSE;
                }
              self->fps = (int) fps;
            }
          else if (g_str_equal (k, "columns"))
            {
              guint64 columns;

              if (!g_ascii_string_to_unsigned (v, 10, 1, PLN_MOSAIC_MAX_FEEDS, &columns, NULL))
                {
                  g_set_error (error, PLN_RECORDER_ERROR, PLN_RECORDER_ERROR_INVALID_URI,
                               _("columns “%s” is not a number between 1 and %d"), v, PLN_MOSAIC_MAX_FEEDS);
                  return FALSE;
                }
              self->columns = (guint) columns;
            }
          else if (g_str_equal (k, "decode"))
            {
              if (g_str_equal (v, "auto"))
                self->decode = PLN_MOSAIC_DECODE_AUTO;
              else if (g_str_equal (v, "keyframes"))
                self->decode = PLN_MOSAIC_DECODE_KEYFRAMES;
              else if (g_str_equal (v, "all"))
                self->decode = PLN_MOSAIC_DECODE_ALL;
              else
                {
                  g_set_error (error, PLN_RECORDER_ERROR, PLN_RECORDER_ERROR_INVALID_URI,
                               _("decode “%s” is not auto, keyframes or all"), v);
                  return FALSE;
                }
            }
          else
            {
              g_set_error (error, PLN_RECORDER_ERROR, PLN_RECORDER_ERROR_INVALID_URI,
                           _("“%s” is not a mosaic setting (use src, size, fps, columns, decode; write “&” inside a src as %%26)"),
                           k);
              return FALSE;
            }
        }
      if (error != NULL && *error != NULL)
        return FALSE;
    }

  if (n == 0)
    {
      g_set_error (error, PLN_RECORDER_ERROR, PLN_RECORDER_ERROR_INVALID_URI,
                   _("a mosaic needs at least one feed: mosaic:?src=URI&src=URI…"));
      return FALSE;
    }
  self->feeds = g_strv_builder_end (feeds);
  return TRUE;
}

static gboolean
parse_uri (PlnSource  *self,
           GError    **error)
{
  g_autoptr(GUri) guri = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *scheme;
  gboolean known = FALSE;

  guri = g_uri_parse (self->uri, G_URI_FLAGS_ENCODED_QUERY | G_URI_FLAGS_HAS_PASSWORD, &local_error);
  if (guri == NULL)
    {
      g_set_error (error, PLN_RECORDER_ERROR, PLN_RECORDER_ERROR_INVALID_URI,
                   _("“%s” is not a source Plenary can open: %s"),
                   self->display_uri, local_error->message);
      return FALSE;
    }

  scheme = g_uri_get_scheme (guri);
  for (guint i = 0; i < G_N_ELEMENTS (schemes); i++)
    if (g_ascii_strcasecmp (scheme, schemes[i].scheme) == 0)
      {
        self->kind = schemes[i].kind;
        known = TRUE;
        break;
      }

  if (!known)
    {
      g_set_error (error, PLN_RECORDER_ERROR, PLN_RECORDER_ERROR_INVALID_URI,
                   _("“%s” is not a source Plenary can open: use rtsp://, srt://, rtmp://, http(s):// (HLS), file://, v4l2://, pulse://, test:// or mosaic:"),
                   self->display_uri);
      return FALSE;
    }

  switch (self->kind)
    {
    case PLN_SOURCE_KIND_TEST:
      if (!parse_test_uri (self, guri, &local_error))
        {
          g_set_error (error, PLN_RECORDER_ERROR, PLN_RECORDER_ERROR_INVALID_URI,
                       _("“%s” is not a source Plenary can open: %s"),
                       self->display_uri, local_error->message);
          return FALSE;
        }
      break;

    case PLN_SOURCE_KIND_MOSAIC:
      if (!parse_mosaic_uri (self, guri, &local_error))
        {
          g_set_error (error, PLN_RECORDER_ERROR, PLN_RECORDER_ERROR_INVALID_URI,
                       _("“%s” is not a source Plenary can open: %s"),
                       self->display_uri, local_error->message);
          return FALSE;
        }
      break;

    case PLN_SOURCE_KIND_V4L2:
      self->device = g_strdup (g_uri_get_path (guri));
      if (self->device == NULL || *self->device == '\0')
        set_str (&self->device, "/dev/video0");
      break;

    case PLN_SOURCE_KIND_PULSE:
      /* pulse://DEVICE, or pulse:// for the default input */
      self->device = g_strdup (g_uri_get_host (guri));
      if (self->device != NULL && *self->device == '\0')
        g_clear_pointer (&self->device, g_free);
      break;

    case PLN_SOURCE_KIND_FILE:
    case PLN_SOURCE_KIND_RTSP:
    case PLN_SOURCE_KIND_SRT:
    case PLN_SOURCE_KIND_RTMP:
    case PLN_SOURCE_KIND_HLS:
    default:
      if (self->kind != PLN_SOURCE_KIND_FILE &&
          (g_uri_get_host (guri) == NULL || *g_uri_get_host (guri) == '\0') &&
          !(self->kind == PLN_SOURCE_KIND_SRT))
        {
          g_set_error (error, PLN_RECORDER_ERROR, PLN_RECORDER_ERROR_INVALID_URI,
                       _("“%s” is not a source Plenary can open: it names no host"),
                       self->display_uri);
          return FALSE;
        }
      break;
    }

  return TRUE;
}

static GstElement *
make (const char  *factory,
      const char  *name,
      GError     **error)
{
  GstElement *element = gst_element_factory_make (factory, name);

  if (element == NULL)
    g_set_error (error, PLN_RECORDER_ERROR, PLN_RECORDER_ERROR_MISSING_ELEMENT,
                 _("The GStreamer element “%s” is not installed. Install the GStreamer plugin packages listed in the README."),
                 factory);
  return element;
}

static gboolean
add_ghost (GstBin     *bin,
           GstElement *last,
           const char *name)
{
  g_autoptr(GstPad) target = gst_element_get_static_pad (last, "src");
  GstPad *ghost = gst_ghost_pad_new (name, target);

  return gst_element_add_pad (GST_ELEMENT (bin), ghost);
}

static GstElement *
create_test_bin (PlnSource  *self,
                 GError    **error)
{
  g_autoptr(GstElement) bin = NULL;
  GstElement *vsrc, *vcaps, *text, *clock, *asrc, *acaps;
  g_autoptr(GstCaps) video_caps = NULL;
  g_autoptr(GstCaps) audio_caps = NULL;
  int font_size = MAX (8, self->height / 24);
  g_autofree char *font = g_strdup_printf ("Sans Bold %d", font_size);

  bin = gst_object_ref_sink (gst_bin_new ("test-source"));

  if ((vsrc = make ("videotestsrc", "video-src", error)) == NULL ||
      (vcaps = make ("capsfilter", "video-caps", error)) == NULL ||
      (text = make ("textoverlay", "title", error)) == NULL ||
      (clock = make ("clockoverlay", "clock", error)) == NULL ||
      (asrc = make ("audiotestsrc", "audio-src", error)) == NULL ||
      (acaps = make ("capsfilter", "audio-caps", error)) == NULL)
    return NULL;

  video_caps = gst_caps_new_simple ("video/x-raw",
                                    "format", G_TYPE_STRING, "I420",
                                    "width", G_TYPE_INT, self->width,
                                    "height", G_TYPE_INT, self->height,
                                    "framerate", GST_TYPE_FRACTION, self->fps, 1,
                                    "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1,
                                    NULL);
  audio_caps = gst_caps_new_simple ("audio/x-raw",
                                    "format", G_TYPE_STRING, "S16LE",
                                    "rate", G_TYPE_INT, 48000,
                                    "channels", G_TYPE_INT, 2,
                                    "layout", G_TYPE_STRING, "interleaved",
                                    NULL);

  g_object_set (vsrc, "is-live", self->live, "pattern", 0 /* smpte */,
                "horizontal-speed", 2, NULL);
  g_object_set (vcaps, "caps", video_caps, NULL);
  g_object_set (text, "text", self->title, "font-desc", font,
                "valignment", 2 /* top */, "halignment", 1 /* center */,
                "shaded-background", TRUE, NULL);
  g_object_set (clock, "time-format", "%H:%M:%S", "font-desc", font,
                "valignment", 1 /* bottom */, "halignment", 2 /* right */,
                "shaded-background", TRUE, NULL);
  g_object_set (asrc, "is-live", self->live, "wave", 0 /* sine */,
                "freq", 440.0, "volume", 0.2, NULL);
  g_object_set (acaps, "caps", audio_caps, NULL);

  gst_bin_add_many (GST_BIN (bin), vsrc, vcaps, text, clock, asrc, acaps, NULL);
  if (!gst_element_link_many (vsrc, vcaps, text, clock, NULL) ||
      !gst_element_link (asrc, acaps))
    {
      g_set_error (error, PLN_RECORDER_ERROR, PLN_RECORDER_ERROR_FAILED,
                   _("Cannot build the test picture for %s"), self->display_uri);
      return NULL;
    }
  add_ghost (GST_BIN (bin), clock, "video");
  add_ghost (GST_BIN (bin), acaps, "audio");

  return g_steal_pointer (&bin);
}

static GstElement *
create_pulse_bin (PlnSource  *self,
                  GError    **error)
{
  g_autoptr(GstElement) bin = NULL;
  GstElement *src, *convert;

  bin = gst_object_ref_sink (gst_bin_new ("pulse-source"));
  if ((src = make ("pulsesrc", "audio-src", error)) == NULL ||
      (convert = make ("audioconvert", NULL, error)) == NULL)
    return NULL;
  if (self->device != NULL)
    g_object_set (src, "device", self->device, NULL);
  gst_bin_add_many (GST_BIN (bin), src, convert, NULL);
  gst_element_link (src, convert);
  add_ghost (GST_BIN (bin), convert, "audio");
  return g_steal_pointer (&bin);
}

static void
configure_network_source (PlnSource  *self,
                          GstElement *source)
{
  GObjectClass *klass = G_OBJECT_GET_CLASS (source);

  /* rtspsrc: a small jitter buffer, and give up on a dead server quickly so
   * the recorder can reconnect. */
  if (g_object_class_find_property (klass, "latency") != NULL &&
      g_object_class_find_property (klass, "tcp-timeout") != NULL)
    g_object_set (source, "latency", 200, "tcp-timeout", (guint64) 3000000, NULL);
  /* Recording, not playing: keep the sender's timestamps as they are
   * (the default skew correction makes frame times jitter in the file). */
  if (g_object_class_find_property (klass, "buffer-mode") != NULL)
    gst_util_set_object_arg (G_OBJECT (source), "buffer-mode", "none");
  /* souphttpsrc and friends */
  if (g_object_class_find_property (klass, "timeout") != NULL &&
      G_PARAM_SPEC_VALUE_TYPE (g_object_class_find_property (klass, "timeout")) == G_TYPE_UINT)
    g_object_set (source, "timeout", 5, NULL);
}

static void
on_uridecodebin_source_setup_cb (GstElement *uridecodebin,
                                 GstElement *source,
                                 PlnSource  *self)
{
  configure_network_source (self, source);
}

/* rtsp://: rtspsrc and a depayloader per stream, in a bin of our own.
 * uridecodebin would put a typefinder, a decodebin and a parser on every
 * stream, and the recorder parses again; the depayloader hands over what
 * the recorder's own parser takes. Streams whose payload has no entry
 * here (G.711, H.265…) still go through a decodebin with the stop caps. */
static const struct
{
  const char *media;
  const char *encoding;
  const char *depayloader;
} rtsp_depayloaders[] = {
  { "video", "H264", "rtph264depay" },
  { "audio", "MPEG4-GENERIC", "rtpmp4gdepay" },
  { "audio", "MP4A-LATM", "rtpmp4adepay" },
  { "audio", "OPUS", "rtpopusdepay" },
};

typedef struct
{
  GMutex   lock;
  guint    n_pads;
  guint    pending;        /* streams whose pads are not out yet */
  gboolean source_done;    /* rtspsrc has all its pads */
  gboolean announced;
  gboolean own_receiver;   /* PlnRtspReceiver: every stream from one thread */
  GPtrArray *waiting;      /* GstPad: ghost pads waiting for their caps */
  GPtrArray *ready;        /* own receiver: ghost pads to announce together */
  GArray    *holds;        /* own receiver: blocking probes on decodebin pads */
  GPtrArray *held_pads;
  GPtrArray *direct;       /* own receiver: its pads linked straight to a depayloader */
  gboolean   decoding;     /* own receiver: a stream goes to a decodebin */
} RtspBin;

static void
rtsp_bin_free (gpointer data)
{
  RtspBin *state = data;

  g_ptr_array_unref (state->waiting);
  g_ptr_array_unref (state->ready);
  g_array_unref (state->holds);
  g_ptr_array_unref (state->held_pads);
  g_clear_pointer (&state->direct, g_ptr_array_unref);
  g_mutex_clear (&state->lock);
  g_free (state);
}

static RtspBin *
rtsp_bin_get (GstElement *bin)
{
  return g_object_get_data (G_OBJECT (bin), "pln-rtsp-bin");
}

/* any thread: announce the pads once rtspsrc and every decodebin are done */
static void
rtsp_bin_check_done (GstElement *bin)
{
  RtspBin *state = rtsp_bin_get (bin);
  gboolean announce;

  g_mutex_lock (&state->lock);
  announce = state->source_done && state->pending == 0 && !state->announced;
  if (announce)
    state->announced = TRUE;
  g_mutex_unlock (&state->lock);
  if (announce)
    gst_element_no_more_pads (bin);
}

static GstPad *
rtsp_bin_new_ghost (GstElement *bin,
                    GstPad     *target)
{
  RtspBin *state = rtsp_bin_get (bin);
  g_autofree char *name = NULL;
  GstPad *ghost;

  g_mutex_lock (&state->lock);
  name = g_strdup_printf ("src_%u", state->n_pads++);
  g_mutex_unlock (&state->lock);
  ghost = gst_ghost_pad_new (name, target);
  gst_pad_set_active (ghost, TRUE);
  return ghost;
}

/* streaming thread: the depayloader knows what it sends (its template
 * lists more than one kind of media): the pad can go out now, as
 * decodebin's would, with its caps set. */
static GstPadProbeReturn
on_rtsp_ghost_caps_cb (GstPad          *ghost,
                       GstPadProbeInfo *info,
                       gpointer         user_data)
{
  GstElement *bin = user_data;
  RtspBin *state = rtsp_bin_get (bin);

  if (GST_EVENT_TYPE (GST_PAD_PROBE_INFO_EVENT (info)) != GST_EVENT_CAPS)
    return GST_PAD_PROBE_OK;
  gst_element_add_pad (bin, ghost);
  g_mutex_lock (&state->lock);
  state->pending--;
  g_ptr_array_remove (state->waiting, ghost);
  g_mutex_unlock (&state->lock);
  rtsp_bin_check_done (bin);
  return GST_PAD_PROBE_REMOVE;
}

static void
on_rtsp_decodebin_pad_added_cb (GstElement *decodebin,
                                GstPad     *pad,
                                GstElement *bin)
{
  if (GST_PAD_DIRECTION (pad) == GST_PAD_SRC)
    gst_element_add_pad (bin, rtsp_bin_new_ghost (bin, pad));
}

static void
on_rtsp_decodebin_no_more_pads_cb (GstElement *decodebin,
                                   GstElement *bin)
{
  RtspBin *state = rtsp_bin_get (bin);

  g_mutex_lock (&state->lock);
  state->pending--;
  g_mutex_unlock (&state->lock);
  rtsp_bin_check_done (bin);
}

/* The element that takes an RTSP stream of caps @caps: its depayloader
 * (@depayloader set), else a decodebin with the stop caps whose pads go
 * to @pad_added_cb and @no_more_pads_cb; NULL with an error posted on
 * @source when neither is installed. */
static GstElement *
rtsp_stream_element (GstElement *source,
                     GstCaps    *caps,
                     GstElement *bin,
                     GCallback   pad_added_cb,
                     GCallback   no_more_pads_cb,
                     gboolean   *depayloader)
{
  GstStructure *s = gst_caps_get_structure (caps, 0);
  const char *media = gst_structure_get_string (s, "media");
  const char *encoding = gst_structure_get_string (s, "encoding-name");
  const char *factory = NULL;
  g_autoptr(GstCaps) stop = NULL;
  GstElement *element;

  for (guint i = 0; media != NULL && encoding != NULL && i < G_N_ELEMENTS (rtsp_depayloaders); i++)
    if (g_str_equal (media, rtsp_depayloaders[i].media) &&
        g_ascii_strcasecmp (encoding, rtsp_depayloaders[i].encoding) == 0)
      factory = rtsp_depayloaders[i].depayloader;

  *depayloader = TRUE;
  if (factory != NULL && (element = gst_element_factory_make (factory, NULL)) != NULL)
    return element;

  *depayloader = FALSE;
  if ((element = gst_element_factory_make ("decodebin", NULL)) == NULL)
    {
      GST_ELEMENT_ERROR (source, CORE, MISSING_PLUGIN,
                         (_("The GStreamer element “%s” is not installed. Install the GStreamer plugin packages listed in the README."),
                          "decodebin"), (NULL));
      return NULL;
    }
  stop = pln_source_get_stop_caps ();
  g_object_set (element, "caps", stop, NULL);
  g_signal_connect_object (element, "pad-added", pad_added_cb, bin, 0);
  g_signal_connect_object (element, "no-more-pads", no_more_pads_cb, bin, 0);
  return element;
}

static GstCaps *
rtsp_pad_caps (GstPad *pad)
{
  GstCaps *caps = gst_pad_get_current_caps (pad);

  return caps != NULL ? caps : gst_pad_query_caps (pad, NULL);
}

/* The receiver's drain query, which waits for a stream's first events to
 * go through its queue, ends at the depayloader: past it the recorder's
 * muxer would hold it until data comes. */
static GstPadProbeReturn
on_receiver_drain_cb (GstPad          *pad,
                      GstPadProbeInfo *info,
                      gpointer         user_data)
{
  if (GST_QUERY_TYPE (GST_PAD_PROBE_INFO_QUERY (info)) == GST_QUERY_DRAIN)
    return GST_PAD_PROBE_HANDLED;
  return GST_PAD_PROBE_OK;
}

/* Links a source's stream @pad to @sink; with a @depayloader, ghosts its
 * src pad into @ghosts (under the bin's lock), watched by @caps_cb, and,
 * with @stop_drain, ends drain queries there (see on_receiver_drain_cb). */
static gboolean
rtsp_bin_link_stream (GstElement          *bin,
                      GstElement          *source,
                      GstPad              *pad,
                      GstPad              *sink,
                      GstElement          *depayloader,
                      GstCaps             *caps,
                      GPtrArray           *ghosts,
                      GstPadProbeCallback  caps_cb,
                      gboolean             stop_drain)
{
  RtspBin *state = rtsp_bin_get (bin);
  g_autoptr(GstPad) src = NULL;
  GstPad *ghost;

  if (gst_pad_link (pad, sink) != GST_PAD_LINK_OK)
    {
      GstStructure *s = gst_caps_get_structure (caps, 0);
      const char *media = gst_structure_get_string (s, "media");
      const char *encoding = gst_structure_get_string (s, "encoding-name");

      GST_ELEMENT_ERROR (source, CORE, NEGOTIATION,
                         (_("the server's %s stream (%s) cannot be read"),
                          media != NULL ? media : "?", encoding != NULL ? encoding : "?"), (NULL));
      return FALSE;
    }
  if (depayloader == NULL)
    return TRUE;
  src = gst_element_get_static_pad (depayloader, "src");
  ghost = gst_object_ref_sink (rtsp_bin_new_ghost (bin, src));
  if (stop_drain)
    gst_pad_add_probe (src, GST_PAD_PROBE_TYPE_QUERY_DOWNSTREAM, on_receiver_drain_cb, NULL, NULL);
  g_mutex_lock (&state->lock);
  g_ptr_array_add (ghosts, ghost);
  g_mutex_unlock (&state->lock);
  gst_pad_add_probe (ghost, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, caps_cb, bin, NULL);
  return TRUE;
}

/* rtspsrc's thread: a stream was set up */
static void
on_rtspsrc_pad_added_cb (GstElement *rtspsrc,
                         GstPad     *pad,
                         GstElement *bin)
{
  g_autoptr(GstCaps) caps = NULL;
  g_autoptr(GstPad) sink = NULL;
  RtspBin *state = rtsp_bin_get (bin);
  gboolean depayloader;
  GstElement *element;

  if (GST_PAD_DIRECTION (pad) != GST_PAD_SRC)
    return;
  caps = rtsp_pad_caps (pad);
  element = rtsp_stream_element (rtspsrc, caps, bin, G_CALLBACK (on_rtsp_decodebin_pad_added_cb),
                                 G_CALLBACK (on_rtsp_decodebin_no_more_pads_cb), &depayloader);
  if (element == NULL)
    return;
  g_mutex_lock (&state->lock);
  state->pending++;
  g_mutex_unlock (&state->lock);

  gst_bin_add (GST_BIN (bin), element);
  sink = gst_element_get_static_pad (element, "sink");
  if (!rtsp_bin_link_stream (bin, rtspsrc, pad, sink, depayloader ? element : NULL, caps, state->waiting,
                             on_rtsp_ghost_caps_cb, FALSE))
    return;
  gst_element_sync_state_with_parent (element);
}

static void
on_rtspsrc_no_more_pads_cb (GstElement *rtspsrc,
                            GstElement *bin)
{
  RtspBin *state = rtsp_bin_get (bin);

  g_mutex_lock (&state->lock);
  state->source_done = TRUE;
  g_mutex_unlock (&state->lock);
  rtsp_bin_check_done (bin);
}

/* PlnRtspReceiver pushes every stream from its one thread. The video
 * is depayloaded and parsed in that thread; every other stream goes
 * through a queue first, because splitmuxsink holds audio that is ahead
 * of the video's last key frame until the next key frame comes in on the
 * video (the receiver, for its part, sends video only as far as the
 * audio got: see push_all() in pln-rtsp-receiver.c). A queue takes each
 * batch of packets (one buffer list) at once: one hand-off per batch,
 * not per packet.
 *
 * Nothing downstream may block a stream before all streams are linked
 * (the recorder blocks each new pad until the source has all its pads):
 * the bin announces its pads together, once the depayloader of every
 * stream knows its caps (they come from the SDP with the first events,
 * before any buffer) and every decodebin has its pads. A stream that goes
 * to a decodebin (G.711…) has its pads held by a blocking probe in its
 * queue's thread until then. */
static void
receiver_bin_check_done (GstElement *bin)
{
  RtspBin *state = rtsp_bin_get (bin);
  g_autoptr(GPtrArray) ghosts = NULL;
  g_autoptr(GArray) holds = NULL;
  g_autoptr(GPtrArray) held = NULL;

  g_mutex_lock (&state->lock);
  if (!state->source_done || state->pending > 0 || state->announced)
    {
      g_mutex_unlock (&state->lock);
      return;
    }
  state->announced = TRUE;
  ghosts = g_steal_pointer (&state->ready);
  state->ready = g_ptr_array_new_with_free_func (gst_object_unref);
  holds = g_steal_pointer (&state->holds);
  state->holds = g_array_new (FALSE, FALSE, sizeof (gulong));
  held = g_steal_pointer (&state->held_pads);
  state->held_pads = g_ptr_array_new_with_free_func (gst_object_unref);
  g_mutex_unlock (&state->lock);

  for (guint i = 0; i < ghosts->len; i++)
    gst_element_add_pad (bin, gst_object_ref (g_ptr_array_index (ghosts, i)));
  gst_element_no_more_pads (bin);
  for (guint i = 0; i < holds->len; i++)
    gst_pad_remove_probe (g_ptr_array_index (held, i), g_array_index (holds, gulong, i));
}

static GstPadProbeReturn
on_receiver_ghost_caps_cb (GstPad          *ghost,
                           GstPadProbeInfo *info,
                           gpointer         user_data)
{
  GstElement *bin = user_data;
  RtspBin *state = rtsp_bin_get (bin);

  if (GST_EVENT_TYPE (GST_PAD_PROBE_INFO_EVENT (info)) != GST_EVENT_CAPS)
    return GST_PAD_PROBE_OK;
  g_mutex_lock (&state->lock);
  state->pending--;
  g_mutex_unlock (&state->lock);
  receiver_bin_check_done (bin);
  return GST_PAD_PROBE_REMOVE;
}

static GstPadProbeReturn
on_receiver_hold_cb (GstPad          *pad,
                     GstPadProbeInfo *info,
                     gpointer         user_data)
{
  return GST_PAD_PROBE_OK;
}

static void
on_receiver_decodebin_pad_added_cb (GstElement *decodebin,
                                    GstPad     *pad,
                                    GstElement *bin)
{
  RtspBin *state = rtsp_bin_get (bin);
  gboolean announced;

  if (GST_PAD_DIRECTION (pad) != GST_PAD_SRC)
    return;
  g_mutex_lock (&state->lock);
  announced = state->announced;
  if (!announced)
    {
      gulong id = gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BLOCK_DOWNSTREAM, on_receiver_hold_cb, NULL, NULL);

      g_array_append_val (state->holds, id);
      g_ptr_array_add (state->held_pads, gst_object_ref (pad));
    }
  g_mutex_unlock (&state->lock);
  if (announced)
    gst_element_add_pad (bin, rtsp_bin_new_ghost (bin, pad));
  else
    {
      GstPad *ghost = gst_object_ref_sink (rtsp_bin_new_ghost (bin, pad));

      g_mutex_lock (&state->lock);
      g_ptr_array_add (state->ready, ghost);
      g_mutex_unlock (&state->lock);
    }
}

static void
on_receiver_decodebin_no_more_pads_cb (GstElement *decodebin,
                                       GstElement *bin)
{
  RtspBin *state = rtsp_bin_get (bin);

  g_mutex_lock (&state->lock);
  state->pending--;
  g_mutex_unlock (&state->lock);
  receiver_bin_check_done (bin);
}

/* the receiver's thread: a stream was set up (before PLAY) */
static void
on_receiver_pad_added_cb (GstElement *receiver,
                          GstPad     *pad,
                          GstElement *bin)
{
  g_autoptr(GstCaps) caps = NULL;
  g_autoptr(GstPad) sink = NULL;
  RtspBin *state = rtsp_bin_get (bin);
  const char *media;
  gboolean depayloader;
  GstElement *element, *queue = NULL;

  caps = rtsp_pad_caps (pad);
  media = gst_structure_get_string (gst_caps_get_structure (caps, 0), "media");
  element = rtsp_stream_element (receiver, caps, bin, G_CALLBACK (on_receiver_decodebin_pad_added_cb),
                                 G_CALLBACK (on_receiver_decodebin_no_more_pads_cb), &depayloader);
  if (element == NULL)
    return;
  /* a decodebin, and every stream but the video, in a thread of its own */
  if ((!depayloader || g_strcmp0 (media, "video") != 0) && (queue = gst_element_factory_make ("queue", NULL)) == NULL)
    {
      gst_object_unref (gst_object_ref_sink (element));
      GST_ELEMENT_ERROR (receiver, CORE, MISSING_PLUGIN,
                         (_("The GStreamer element “%s” is not installed. Install the GStreamer plugin packages listed in the README."),
                          "queue"), (NULL));
      return;
    }
  if (queue != NULL)
    g_object_set (queue, "max-size-buffers", 0, "max-size-bytes", 0,
                  "max-size-time", (guint64) 10 * GST_SECOND, NULL);
  g_mutex_lock (&state->lock);
  state->pending++;
  if (!depayloader)
    state->decoding = TRUE;
  else if (queue == NULL)
    g_ptr_array_add (state->direct, gst_object_ref (pad));
  g_mutex_unlock (&state->lock);

  gst_bin_add (GST_BIN (bin), element);
  if (queue != NULL)
    {
      gst_bin_add (GST_BIN (bin), queue);
      gst_element_link (queue, element);
      sink = gst_element_get_static_pad (queue, "sink");
    }
  else
    sink = gst_element_get_static_pad (element, "sink");
  if (!rtsp_bin_link_stream (bin, receiver, pad, sink, depayloader ? element : NULL, caps, state->ready,
                             on_receiver_ghost_caps_cb, TRUE))
    return;
  gst_element_sync_state_with_parent (element);
  if (queue != NULL)
    gst_element_sync_state_with_parent (queue);
}

static void
on_receiver_no_more_pads_cb (GstElement *receiver,
                             GstElement *bin)
{
  RtspBin *state = rtsp_bin_get (bin);
  g_autoptr(GPtrArray) direct = NULL;

  g_mutex_lock (&state->lock);
  state->source_done = TRUE;
  if (state->decoding)
    direct = g_steal_pointer (&state->direct);
  g_mutex_unlock (&state->lock);

  /* Audio that is decoded and encoded again reaches the muxer hundreds
   * of milliseconds after the receiver sent it: the video cannot wait
   * for it in the receiver's thread. Every stream gets a queue then (no
   * data went out yet: the receiver sends its first events after
   * this). */
  if (direct != NULL)
    {
      g_object_set (receiver, "interleave", FALSE, NULL);
      for (guint i = 0; i < direct->len; i++)
        {
          GstPad *pad = g_ptr_array_index (direct, i);
          g_autoptr(GstPad) peer = gst_pad_get_peer (pad);
          g_autoptr(GstPad) queue_sink = NULL;
          g_autoptr(GstPad) queue_src = NULL;
          GstElement *queue = gst_element_factory_make ("queue", NULL);

          if (peer == NULL || queue == NULL)
            {
              g_clear_object (&queue);
              continue;
            }
          g_object_set (queue, "max-size-buffers", 0, "max-size-bytes", 0,
                        "max-size-time", (guint64) 10 * GST_SECOND, NULL);
          gst_bin_add (GST_BIN (bin), queue);
          queue_sink = gst_element_get_static_pad (queue, "sink");
          queue_src = gst_element_get_static_pad (queue, "src");
          gst_pad_unlink (pad, peer);
          gst_pad_link (pad, queue_sink);
          gst_pad_link (queue_src, peer);
          gst_element_sync_state_with_parent (queue);
        }
    }
  receiver_bin_check_done (bin);
}

static GstElement *
create_rtsp_bin (PlnSource  *self,
                 GError    **error)
{
  g_autoptr(GstElement) bin = NULL;
  GstElement *rtspsrc;
  RtspBin *state;
  gboolean own = pln_source_uses_own_rtsp_receiver (self);

  if (own)
    rtspsrc = pln_rtsp_receiver_new (self->uri);
  else if ((rtspsrc = make ("rtspsrc", NULL, error)) == NULL)
    return NULL;
  bin = gst_object_ref_sink (gst_bin_new ("rtsp-source"));
  state = g_new0 (RtspBin, 1);
  g_mutex_init (&state->lock);
  state->waiting = g_ptr_array_new_with_free_func (gst_object_unref);
  state->ready = g_ptr_array_new_with_free_func (gst_object_unref);
  state->holds = g_array_new (FALSE, FALSE, sizeof (gulong));
  state->held_pads = g_ptr_array_new_with_free_func (gst_object_unref);
  state->direct = g_ptr_array_new_with_free_func (gst_object_unref);
  state->own_receiver = own;
  g_object_set_data_full (G_OBJECT (bin), "pln-rtsp-bin", state, rtsp_bin_free);

  if (!own)
    {
      g_object_set (rtspsrc, "location", self->uri, NULL);
      configure_network_source (self, rtspsrc);
    }
  gst_bin_add (GST_BIN (bin), rtspsrc);
  /* the bin outlives its child: no reference needed */
  g_signal_connect (rtspsrc, "pad-added",
                    own ? G_CALLBACK (on_receiver_pad_added_cb) : G_CALLBACK (on_rtspsrc_pad_added_cb), bin);
  g_signal_connect (rtspsrc, "no-more-pads",
                    own ? G_CALLBACK (on_receiver_no_more_pads_cb) : G_CALLBACK (on_rtspsrc_no_more_pads_cb), bin);
  return g_steal_pointer (&bin);
}

/**
 * pln_source_uses_own_rtsp_receiver:
 *
 * Returns: whether an rtsp:// source is read by Plenary's own receiver
 * (PlnRtspReceiver: one thread per source) rather than GStreamer's
 * rtspsrc: the receiver unless the environment variable
 * PLENARY_RTSP_RECEIVER is "rtspsrc" (PLENARY_RTSP_RECEIVER=plenary|rtspsrc);
 * rtsps:// always goes through rtspsrc (the receiver speaks no TLS).
 */
gboolean
pln_source_uses_own_rtsp_receiver (PlnSource *self)
{
  const char *choice = g_getenv ("PLENARY_RTSP_RECEIVER");

  g_return_val_if_fail (PLN_IS_SOURCE (self), FALSE);
  if (self->kind != PLN_SOURCE_KIND_RTSP || !pln_rtsp_receiver_handles_uri (self->uri))
    return FALSE;
  return g_strcmp0 (choice, "rtspsrc") != 0;
}

static void
pln_source_finalize (GObject *object)
{
  PlnSource *self = PLN_SOURCE (object);

  g_free (self->uri);
  g_free (self->display_uri);
  g_free (self->title);
  g_free (self->device);
  g_strfreev (self->feeds);

  G_OBJECT_CLASS (pln_source_parent_class)->finalize (object);
}

static void
pln_source_class_init (PlnSourceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pln_source_finalize;
}

static void
pln_source_init (PlnSource *self)
{
}

/**
 * pln_source_new:
 * @uri: rtsp://, srt://, rtmp://, http(s)://, file://, v4l2://, pulse://, test://
 *   or mosaic:?src=URI&src=URI…
 *
 * Returns: (transfer full): the source, or %NULL with
 * %PLN_RECORDER_ERROR_INVALID_URI when the URI cannot be understood.
 */
PlnSource *
pln_source_new (const char  *uri,
                GError     **error)
{
  g_autoptr(PlnSource) self = NULL;

  g_return_val_if_fail (uri != NULL, NULL);

  self = g_object_new (PLN_TYPE_SOURCE, NULL);
  self->uri = g_strdup (uri);
  self->display_uri = pln_uri_strip_credentials (uri);

  if (!parse_uri (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

const char *
pln_source_get_uri (PlnSource *self)
{
  g_return_val_if_fail (PLN_IS_SOURCE (self), NULL);
  return self->uri;
}

/**
 * pln_source_get_display_uri:
 *
 * Returns: the URI without credentials: the one to show, log and store.
 */
const char *
pln_source_get_display_uri (PlnSource *self)
{
  g_return_val_if_fail (PLN_IS_SOURCE (self), NULL);
  return self->display_uri;
}

/**
 * pln_source_get_label:
 *
 * Returns: a short name for the feed: the title of a test picture, else
 * the display URI.
 */
const char *
pln_source_get_label (PlnSource *self)
{
  g_return_val_if_fail (PLN_IS_SOURCE (self), NULL);
  if (self->kind == PLN_SOURCE_KIND_TEST && self->title != NULL)
    return self->title;
  return self->display_uri;
}

PlnSourceKind
pln_source_get_kind (PlnSource *self)
{
  g_return_val_if_fail (PLN_IS_SOURCE (self), PLN_SOURCE_KIND_TEST);
  return self->kind;
}

/**
 * pln_source_is_live:
 *
 * Returns: %FALSE for files and test://…?live=false, which run as fast as
 * the CPU allows.
 */
gboolean
pln_source_is_live (PlnSource *self)
{
  g_return_val_if_fail (PLN_IS_SOURCE (self), TRUE);
  if (self->kind == PLN_SOURCE_KIND_FILE)
    return FALSE;
  if (self->kind == PLN_SOURCE_KIND_TEST)
    return self->live;
  return TRUE;
}

/**
 * pln_source_ends_on_eos:
 *
 * Returns: %TRUE when the end of the stream is the end of the recording
 * (a file, an HLS playlist that says it is complete, a test picture that
 * is not live); %FALSE when it means the link was lost (RTSP, SRT, RTMP…).
 */
gboolean
pln_source_ends_on_eos (PlnSource *self)
{
  g_return_val_if_fail (PLN_IS_SOURCE (self), FALSE);
  return self->kind == PLN_SOURCE_KIND_FILE || self->kind == PLN_SOURCE_KIND_HLS ||
         (self->kind == PLN_SOURCE_KIND_TEST && !self->live);
}

/**
 * pln_source_get_min_stall_ms:
 *
 * Returns: the shortest silence that may count as a lost link: HLS
 * delivers a whole segment at a time, seconds apart.
 */
guint
pln_source_get_min_stall_ms (PlnSource *self)
{
  g_return_val_if_fail (PLN_IS_SOURCE (self), 0);
  return self->kind == PLN_SOURCE_KIND_HLS ? 20000 : 0;
}

/**
 * pln_source_get_stop_caps:
 *
 * Returns: (transfer full): the caps a source element hands over: H.264,
 * AAC, Opus, or raw video and audio.
 */
GstCaps *
pln_source_get_stop_caps (void)
{
  return gst_caps_from_string (STOP_CAPS);
}

/**
 * pln_source_create_element:
 *
 * Creates a new element for one connection attempt. Its source pads (static,
 * or added later through #GstElement::pad-added) carry the caps of
 * pln_source_get_stop_caps().
 *
 * Returns: (transfer full): a floating-free element reference, or %NULL.
 */
GstElement *
pln_source_create_element (PlnSource  *self,
                           GError    **error)
{
  GstElement *element;
  g_autoptr(GstCaps) caps = NULL;
  g_autofree char *uri = NULL;

  g_return_val_if_fail (PLN_IS_SOURCE (self), NULL);

  switch (self->kind)
    {
    case PLN_SOURCE_KIND_TEST:
      return create_test_bin (self, error);

    case PLN_SOURCE_KIND_PULSE:
      return create_pulse_bin (self, error);

    case PLN_SOURCE_KIND_RTSP:
      return create_rtsp_bin (self, error);

    case PLN_SOURCE_KIND_MOSAIC:
      return _pln_mosaic_source_create ((const char * const *) self->feeds, self->width, self->height,
                                        self->fps, self->columns, self->decode, error);

    case PLN_SOURCE_KIND_V4L2:
      uri = g_strconcat ("v4l2://", self->device, NULL);
      break;

    case PLN_SOURCE_KIND_SRT:
    case PLN_SOURCE_KIND_RTMP:
    case PLN_SOURCE_KIND_HLS:
    case PLN_SOURCE_KIND_FILE:
    default:
      uri = g_strdup (self->uri);
      break;
    }

  element = make ("uridecodebin", "source", error);
  if (element == NULL)
    return NULL;
  gst_object_ref_sink (element);

  caps = pln_source_get_stop_caps ();
  g_object_set (element, "uri", uri, "caps", caps, NULL);
  g_signal_connect_object (element, "source-setup",
                           G_CALLBACK (on_uridecodebin_source_setup_cb), self, 0);
  return element;
}
