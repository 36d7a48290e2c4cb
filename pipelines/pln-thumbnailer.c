/* pln-thumbnailer.c: one JPEG frame of a video at a given time.
 *
 * playbin with fake sinks is paused, seeked accurately to the time, and its
 * "convert-sample" action turns the prerolled frame into a JPEG of the
 * asked width (height from the picture's aspect). The paused pipeline stays
 * open for the next picture until the thumbnailer is finalized. Runs in a
 * worker thread for the async call; the bus is polled there, so no main
 * loop is needed.
 */
#define G_LOG_DOMAIN "plenary-thumbnailer"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gst/video/video.h>

#include "pln-thumbnailer.h"

#define STEP_TIMEOUT (20 * GST_SECOND)

struct _PlnThumbnailer
{
  GObject     parent_instance;

  char       *uri;
  int         width;

  /* Kept paused between pictures, so a series of stills from one file
   * opens it once. Used by one caller at a time. */
  GMutex      lock;
  GstElement *playbin;
};

G_DEFINE_FINAL_TYPE (PlnThumbnailer, pln_thumbnailer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_URI,
  PROP_WIDTH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  GstClockTime  at;
  char         *out_path;
  int           width;
} SaveData;

static void
save_data_free (gpointer data)
{
  SaveData *save = data;

  g_free (save->out_path);
  g_free (save);
}

/* Waits for ASYNC_DONE; FALSE with @error on an error, cancel or timeout. */
static gboolean
wait_async_done (GstElement    *pipeline,
                 const char    *uri,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);
  GstClockTime waited = 0;

  while (waited < STEP_TIMEOUT)
    {
      g_autoptr(GstMessage) message = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      message = gst_bus_timed_pop_filtered (bus, 100 * GST_MSECOND,
                                            GST_MESSAGE_ASYNC_DONE | GST_MESSAGE_ERROR | GST_MESSAGE_EOS);
      waited += 100 * GST_MSECOND;
      if (message == NULL)
        continue;
      if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ASYNC_DONE)
        return TRUE;
      if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
        {
          g_autoptr(GError) gst_error = NULL;
          g_autofree char *debug = NULL;

          gst_message_parse_error (message, &gst_error, &debug);
          g_debug ("%s", debug);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       _("Cannot read a picture from %s: %s"), uri, gst_error->message);
          return FALSE;
        }
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Cannot read a picture from %s: it has no video at that time."), uri);
      return FALSE;
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
               _("Cannot read a picture from %s: it did not answer within %d seconds."),
               uri, (int) (STEP_TIMEOUT / GST_SECOND));
  return FALSE;
}

/* The paused pipeline, prerolled; created on first use. */
static GstElement *
ensure_playbin (PlnThumbnailer  *self,
                GCancellable    *cancellable,
                GError         **error)
{
  g_autoptr(GstElement) playbin = NULL;

  if (self->playbin != NULL)
    return self->playbin;

  playbin = gst_element_factory_make ("playbin", NULL);
  if (playbin == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("GStreamer's playbin is missing: install gstreamer1.0-plugins-base."));
      return NULL;
    }
  gst_object_ref_sink (playbin);
  g_object_set (playbin,
                "uri", self->uri,
                "audio-sink", gst_element_factory_make ("fakesink", NULL),
                "video-sink", gst_element_factory_make ("fakesink", NULL),
                NULL);

  /* On a failed state change, the reason is an error message on the bus. */
  gst_element_set_state (playbin, GST_STATE_PAUSED);
  if (!wait_async_done (playbin, self->uri, cancellable, error))
    {
      gst_element_set_state (playbin, GST_STATE_NULL);
      return NULL;
    }
  self->playbin = g_steal_pointer (&playbin);
  return self->playbin;
}

static void
drop_playbin (PlnThumbnailer *self)
{
  if (self->playbin == NULL)
    return;
  gst_element_set_state (self->playbin, GST_STATE_NULL);
  g_clear_object (&self->playbin);
}

static gboolean save_frame_at (PlnThumbnailer  *self,
                               GstClockTime     at,
                               int              width,
                               const char      *out_path,
                               GCancellable    *cancellable,
                               GError         **error);

/* A seek can land past the last video frame (the audio may run longer, or
 * the file's duration be an estimate): the video sink then prerolls on EOS
 * with no picture. Such a miss is tried once more a second earlier. */
static gboolean
save_frame (PlnThumbnailer  *self,
            GstClockTime     at,
            int              width,
            const char      *out_path,
            GCancellable    *cancellable,
            GError         **error)
{
  g_autoptr(GError) first = NULL;

  if (save_frame_at (self, at, width, out_path, cancellable, &first))
    return TRUE;
  if (at == 0 || !g_error_matches (first, G_IO_ERROR, G_IO_ERROR_INVALID_DATA))
    {
      g_propagate_error (error, g_steal_pointer (&first));
      return FALSE;
    }
  return save_frame_at (self, at > GST_SECOND ? at - GST_SECOND : 0, width, out_path, cancellable, error);
}

static gboolean
save_frame_at (PlnThumbnailer  *self,
               GstClockTime     at,
               int              width,
               const char      *out_path,
               GCancellable    *cancellable,
               GError         **error)
{
  g_autoptr(GstSample) frame = NULL;
  g_autoptr(GstSample) jpeg = NULL;
  g_autoptr(GstCaps) caps = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *uri = self->uri;
  GstElement *playbin;
  GstVideoInfo info;
  GstMapInfo map;
  GstBuffer *buffer;
  gint64 duration = -1;
  int height;
  gboolean ok;

  playbin = ensure_playbin (self, cancellable, error);
  ok = playbin != NULL;

  if (ok)
    {
      if (gst_element_query_duration (playbin, GST_FORMAT_TIME, &duration) && duration > 0 &&
          at >= (GstClockTime) duration)
        at = duration > GST_SECOND / 5 ? duration - GST_SECOND / 5 : 0;
      ok = gst_element_seek_simple (playbin, GST_FORMAT_TIME,
                                    GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE, at) &&
           wait_async_done (playbin, uri, cancellable, error);
      if (!ok && error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     _("Cannot read a picture from %s: it cannot be seeked."), uri);
    }

  if (ok)
    {
      g_object_get (playbin, "sample", &frame, NULL);
      if (frame == NULL || !gst_video_info_from_caps (&info, gst_sample_get_caps (frame)))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("Cannot read a picture from %s: it has no video."), uri);
          ok = FALSE;
        }
    }

  if (ok)
    {
      double aspect = (double) info.width * info.par_n / (info.height * MAX (info.par_d, 1));

      if (width <= 0)
        width = PLN_THUMBNAILER_DEFAULT_WIDTH;
      width &= ~1;
      height = MAX (2, ((int) (width / aspect + 0.5)) & ~1);
      caps = gst_caps_new_simple ("image/jpeg",
                                  "width", G_TYPE_INT, width,
                                  "height", G_TYPE_INT, height,
                                  "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1,
                                  NULL);
      g_signal_emit_by_name (playbin, "convert-sample", caps, &jpeg);
      if (jpeg == NULL || gst_sample_get_buffer (jpeg) == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       _("Cannot make a JPEG picture from %s: is jpegenc (gstreamer1.0-plugins-good) installed?"), uri);
          ok = FALSE;
        }
    }

  /* After a failure, start afresh next time. */
  if (!ok)
    {
      drop_playbin (self);
      return FALSE;
    }

  buffer = gst_sample_get_buffer (jpeg);
  if (!gst_buffer_map (buffer, &map, GST_MAP_READ))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot make a JPEG picture from %s."), uri);
      return FALSE;
    }
  /* g_file_set_contents writes to a temporary file and renames it. */
  ok = g_file_set_contents (out_path, (const char *) map.data, map.size, &local_error);
  gst_buffer_unmap (buffer, &map);
  if (!ok)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Cannot write the picture %s: %s"), out_path, local_error->message);
      return FALSE;
    }
  return TRUE;
}

static void
save_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  PlnThumbnailer *self = source_object;
  SaveData *save = task_data;
  GError *error = NULL;

  gboolean ok;

  g_mutex_lock (&self->lock);
  ok = save_frame (self, save->at, save->width, save->out_path, cancellable, &error);
  g_mutex_unlock (&self->lock);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
pln_thumbnailer_finalize (GObject *object)
{
  PlnThumbnailer *self = (PlnThumbnailer *)object;

  drop_playbin (self);
  g_mutex_clear (&self->lock);
  g_clear_pointer (&self->uri, g_free);

  G_OBJECT_CLASS (pln_thumbnailer_parent_class)->finalize (object);
}

static void
pln_thumbnailer_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PlnThumbnailer *self = PLN_THUMBNAILER (object);

  switch (prop_id)
    {
    case PROP_URI:
      g_value_set_string (value, self->uri);
      break;
    case PROP_WIDTH:
      g_value_set_int (value, self->width);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pln_thumbnailer_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  PlnThumbnailer *self = PLN_THUMBNAILER (object);

  switch (prop_id)
    {
    case PROP_URI:
      self->uri = g_value_dup_string (value);
      break;
    case PROP_WIDTH:
      pln_thumbnailer_set_width (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pln_thumbnailer_class_init (PlnThumbnailerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pln_thumbnailer_finalize;
  object_class->get_property = pln_thumbnailer_get_property;
  object_class->set_property = pln_thumbnailer_set_property;

  properties[PROP_URI] =
    g_param_spec_string ("uri", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WIDTH] =
    g_param_spec_int ("width", NULL, NULL, 16, 7680, PLN_THUMBNAILER_DEFAULT_WIDTH,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pln_thumbnailer_init (PlnThumbnailer *self)
{
  self->width = PLN_THUMBNAILER_DEFAULT_WIDTH;
  g_mutex_init (&self->lock);
}

/**
 * pln_thumbnailer_new:
 * @uri_or_path: a URI, or a local path
 */
PlnThumbnailer *
pln_thumbnailer_new (const char *uri_or_path)
{
  g_autofree char *uri = NULL;

  g_return_val_if_fail (uri_or_path != NULL, NULL);

  if (gst_uri_is_valid (uri_or_path))
    uri = g_strdup (uri_or_path);
  else
    {
      g_autofree char *absolute = g_canonicalize_filename (uri_or_path, NULL);
      uri = g_filename_to_uri (absolute, NULL, NULL);
    }
  return g_object_new (PLN_TYPE_THUMBNAILER, "uri", uri, NULL);
}

const char *
pln_thumbnailer_get_uri (PlnThumbnailer *self)
{
  g_return_val_if_fail (PLN_IS_THUMBNAILER (self), NULL);
  return self->uri;
}

int
pln_thumbnailer_get_width (PlnThumbnailer *self)
{
  g_return_val_if_fail (PLN_IS_THUMBNAILER (self), 0);
  return self->width;
}

void
pln_thumbnailer_set_width (PlnThumbnailer *self,
                           int             width)
{
  g_return_if_fail (PLN_IS_THUMBNAILER (self));

  width = CLAMP (width, 16, 7680);
  if (self->width == width)
    return;
  self->width = width;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WIDTH]);
}

/**
 * pln_thumbnailer_save:
 * @at: the time of the frame (clamped to the video's end)
 * @out_path: the JPEG to write (replaced atomically)
 *
 * Blocks; use pln_thumbnailer_save_async() from a main loop.
 */
gboolean
pln_thumbnailer_save (PlnThumbnailer  *self,
                      GstClockTime     at,
                      const char      *out_path,
                      GCancellable    *cancellable,
                      GError         **error)
{
  g_return_val_if_fail (PLN_IS_THUMBNAILER (self), FALSE);
  g_return_val_if_fail (out_path != NULL, FALSE);

  gboolean ok;

  g_mutex_lock (&self->lock);
  ok = save_frame (self, at, self->width, out_path, cancellable, error);
  g_mutex_unlock (&self->lock);
  return ok;
}

void
pln_thumbnailer_save_async (PlnThumbnailer      *self,
                            GstClockTime         at,
                            const char          *out_path,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SaveData *save;

  g_return_if_fail (PLN_IS_THUMBNAILER (self));
  g_return_if_fail (out_path != NULL);

  save = g_new0 (SaveData, 1);
  save->at = at;
  save->out_path = g_strdup (out_path);
  save->width = self->width;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pln_thumbnailer_save_async);
  g_task_set_task_data (task, save, save_data_free);
  g_task_run_in_thread (task, save_in_thread);
}

gboolean
pln_thumbnailer_save_finish (PlnThumbnailer  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
