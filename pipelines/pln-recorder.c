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
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "pln-disk-guard.h"
#include "pln-preview-tap-private.h"
#include "pln-recorder.h"

/* Fragments of passthrough recordings: ~1 s. When we encode, we choose
 * the keyframe interval and make each fragment exactly one GOP of 0.4 s:
 * splitmuxsink holds one GOP and mp4mux one fragment before they reach the
 * disk, and a new file costs a little more, so a killed recorder loses
 * about a second (at most 1.5 s). */
#define FRAGMENT_MS          1000
#define ENCODE_GOP_MS        400
#define CONNECT_TIMEOUT_MS   10000
#define EOS_TIMEOUT_MS       4000
#define TEARDOWN_TIMEOUT_MS  5000
#define FIRST_RETRY_MS       500
#define MAX_RETRY_MS         5000
#define INITIAL_ATTEMPTS     4
#define WATCHDOG_MS          250
#define LEVEL_INTERVAL       (250 * GST_MSECOND)
/* Kept in the folder while recording and deleted at the end, so the final
 * manifest can still be written when the disk filled up to the last byte. */
#define RESERVE_NAME         ".plenary-reserve"
#define RESERVE_BYTES        (64 * 1024)

typedef enum
{
  AFTER_RETRY,
  AFTER_STOP,
  AFTER_FAIL,
} AfterClose;

typedef struct _Connection Connection;

typedef struct
{
  Connection *conn;
  gboolean    video;
  GstSegment  segment;          /* streaming thread only */
} Stream;

struct _Connection
{
  PlnRecorder  *recorder;       /* unowned: the recorder outlives it */
  guint         serial;
  GstElement   *pipeline;
  GstElement   *source;
  GstElement   *splitmux;
  GSource      *bus_source;
  gboolean      static_pads;
  gboolean      threaded_streams;   /* each stream pushed from its own thread */
  char         *dir;           /* the recording folder, for format-location */

  GMutex        lock;           /* guards everything below up to the marker */
  GPtrArray    *heads;          /* GstPad: first sink pad of each branch */
  GArray       *blocks;         /* gulong probe ids on the source's pads */
  GPtrArray    *blocked_pads;
  gboolean      has_video;
  gboolean      has_audio;
  gboolean      video_passthrough;
  gboolean      audio_passthrough;
  char         *unsupported;
  GstClockTime  first_keyframe_rt;
  gint64        first_buffer_real;
  gint64        last_buffer_mono;
  GstClockTime  first_rt;
  GstClockTime  last_rt;
  guint64       in_bytes;
  guint64       video_frames;
  guint         next_index;     /* segment file index for format-location */
  gboolean      detached;       /* torn down: streaming threads leave the recorder alone */
  /* end of locked fields */

  gint64        attempt_mono;
  gboolean      first_segment_seen;
  GstClockTime  conn_first_rt;
  gint64        conn_start_ms;
  gboolean      segment_open;
  GstClockTime  segment_open_rt;
  gint64        segment_start_ms;
  char         *segment_path;
  guint64       frames_dropped;
  gboolean      streams_written;

  gboolean      classifying;
  gboolean      closing;
  gboolean      eos_seen;
  AfterClose    after;
  guint         eos_timeout_id;
  gboolean      tearing_down;   /* its pipeline goes to NULL on the teardown thread */
  guint         teardown_timeout_id;
};

struct _PlnRecorder
{
  GObject           parent_instance;

  PlnSource        *source;
  char             *dir;
  GMainContext     *context;
  PlnManifest      *manifest;
  PlnDiskGuard     *guard;
  PlnPreviewTap    *tap;

  guint             segment_seconds;
  guint             stall_timeout_ms;
  guint             give_up_seconds;
  guint64           min_free_bytes;
  PlnEncodePreset   preset;
  guint             video_bitrate;

  PlnRecorderState  state;
  GError           *error;
  GError           *pending_error;

  Connection       *conn;
  guint             serial;
  guint             retry_id;
  guint             retry_delay_ms;
  guint             initial_failures;
  guint             watchdog_id;
  guint             stats_id;
  gboolean          stopping;

  /* timeline */
  gint64            started_real;   /* µs, 0 until the first buffer */
  gint64            ended_real;
  gint64            media_end_ms;
  gint64            lost_mono;
  gboolean          gap_pending;
  gint64            gap_start_ms;
  char             *gap_reason;
  char             *last_attempt_error;
  guint64           closed_bytes;

  /* stats */
  guint64           last_in_bytes;
  guint64           last_video_frames;
  gint64            last_stats_mono;
  guint             stats_ticks;
  guint             n_channels;
  double            level_db[PLN_RECORDER_MAX_CHANNELS];
};

G_DEFINE_FINAL_TYPE (PlnRecorder, pln_recorder, G_TYPE_OBJECT)

static PlnRecorderStats *
pln_recorder_stats_copy (PlnRecorderStats *stats)
{
  return g_memdup2 (stats, sizeof *stats);
}

static void
set_str (char       **str_pointer,
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

enum {
  SEGMENT_OPENED,
  SEGMENT_CLOSED,
  STATS,
  ERROR,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void connect_source        (PlnRecorder *self);
static void close_connection      (PlnRecorder *self,
                                   AfterClose   after,
                                   gboolean     immediate);
static void fail                  (PlnRecorder *self,
                                   GError      *error);


/* ------------------------------------------------------------------ */
/* helpers                                                             */

static void
set_state (PlnRecorder      *self,
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

static void
save_manifest (PlnRecorder *self)
{
  g_autoptr(GError) error = NULL;

  if (!pln_manifest_save (self->manifest, &error))
    g_warning ("%s", error->message);
}

static guint64
file_size (const char *path)
{
  GStatBuf st;

  if (path == NULL || g_stat (path, &st) != 0)
    return 0;
  return (guint64) st.st_size;
}

/* Cuts a segment file after its last complete top-level MP4 box: what
 * follows is a fragment the full disk cut short, useless to any reader.
 * Frees room for the manifest. */
static void
truncate_to_complete_boxes (const char *path)
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
  size = file_size (path);

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

static gint64
now_ms_on_timeline (PlnRecorder *self)
{
  if (self->started_real == 0)
    return 0;
  return (g_get_real_time () - self->started_real) / 1000;
}

static char *
format_hms (gint64 ms)
{
  gint64 s = MAX (ms, 0) / 1000;

  return g_strdup_printf ("%02d:%02d:%02d", (int) (s / 3600), (int) (s / 60 % 60), (int) (s % 60));
}

static GDateTime *
date_time_from_real (gint64 real_us)
{
  g_autoptr(GDateTime) seconds = g_date_time_new_from_unix_utc (real_us / G_USEC_PER_SEC);

  return g_date_time_add (seconds, real_us % G_USEC_PER_SEC);
}

/* A sentence a technician understands, from a GStreamer error. */
static char *
describe_source_error (PlnRecorder  *self,
                       const GError *error,
                       const char   *debug,
                       gboolean     *known)
{
  const char *uri = pln_source_get_display_uri (self->source);
  g_autofree char *haystack = g_ascii_strdown (debug != NULL ? debug : "", -1);
  g_autofree char *message = g_ascii_strdown (error->message, -1);
  const char *reason = NULL;

  if (strstr (haystack, "refused") != NULL || strstr (message, "refused") != NULL)
    reason = _("connection refused");
  else if (strstr (haystack, "401") != NULL || strstr (haystack, "unauthorized") != NULL)
    reason = _("access denied; check the user name and password");
  else if (strstr (haystack, "404") != NULL || strstr (haystack, "not found") != NULL)
    reason = _("the stream was not found on the server; check the path");
  else if (strstr (haystack, "timeout") != NULL || strstr (haystack, "timed out") != NULL)
    reason = _("no answer (timed out)");
  else if (strstr (haystack, "resolve") != NULL || strstr (haystack, "unknown host") != NULL)
    reason = _("the host name cannot be resolved");
  else if (strstr (haystack, "unreachable") != NULL)
    reason = _("the network is unreachable");
  else if (g_error_matches (error, GST_CORE_ERROR, GST_CORE_ERROR_MISSING_PLUGIN) ||
           g_error_matches (error, GST_STREAM_ERROR, GST_STREAM_ERROR_CODEC_NOT_FOUND))
    reason = _("it sends media Plenary cannot read");

  *known = reason != NULL;
  if (reason != NULL)
    return g_strdup_printf (_("Cannot reach %s: %s"), uri, reason);
  return g_strdup_printf (_("Cannot record %s: %s"), uri, error->message);
}

/* ------------------------------------------------------------------ */
/* connection lifetime                                                 */

/* Frees a connection whose pipeline is down (or was never started). */
static void
connection_free (Connection *conn)
{
  g_clear_handle_id (&conn->eos_timeout_id, g_source_remove);
  g_clear_handle_id (&conn->teardown_timeout_id, g_source_remove);
  if (conn->bus_source != NULL)
    {
      g_source_destroy (conn->bus_source);
      g_clear_pointer (&conn->bus_source, g_source_unref);
    }
  gst_clear_object (&conn->pipeline);
  g_clear_pointer (&conn->heads, g_ptr_array_unref);
  g_clear_pointer (&conn->blocked_pads, g_ptr_array_unref);
  g_clear_pointer (&conn->blocks, g_array_unref);
  g_free (conn->unsupported);
  g_free (conn->segment_path);
  g_free (conn->dir);
  g_mutex_clear (&conn->lock);
  g_free (conn);
}

/* From here on the connection's streaming threads no longer call into the
 * recorder, and its bus is no longer watched. Main context. */
static void
connection_detach (Connection *conn)
{
  g_clear_handle_id (&conn->eos_timeout_id, g_source_remove);
  if (conn->bus_source != NULL)
    {
      g_source_destroy (conn->bus_source);
      g_clear_pointer (&conn->bus_source, g_source_unref);
    }
  g_mutex_lock (&conn->lock);
  conn->detached = TRUE;
  g_mutex_unlock (&conn->lock);
}

/* Setting a pipeline to NULL waits for each of its streaming threads to
 * leave its pads, and a thread may be stuck on a peer that never answers
 * (a muxer waiting for a stream that stopped, a socket): that wait happens
 * here, never on the main context. */
typedef struct
{
  Connection   *conn;
  PlnRecorder  *recorder;       /* owned; NULL when no one waits for the end */
  GMainContext *context;
  gboolean      abandoned;      /* main context only */
} Teardown;

static void on_torn_down (PlnRecorder *self,
                          Teardown    *teardown);

static gboolean
on_torn_down_cb (gpointer data)
{
  Teardown *teardown = data;

  if (teardown->abandoned)
    connection_free (teardown->conn);
  else
    on_torn_down (teardown->recorder, teardown);
  return G_SOURCE_REMOVE;
}

static void
teardown_free (gpointer data)
{
  Teardown *teardown = data;

  g_clear_object (&teardown->recorder);
  g_clear_pointer (&teardown->context, g_main_context_unref);
  g_free (teardown);
}

/* A connection runs a dozen streaming threads, and glibc gives threads
 * their own malloc arenas, which keep the pages they freed: after each
 * teardown, hand them back (without this, RSS grew ~100 kB a
 * reconnection until every arena had grown; measured flat with it). */
static void
release_free_memory (void)
{
#ifdef __GLIBC__
  malloc_trim (0);
#endif
}

static void
teardown_func (gpointer data,
               gpointer user_data)
{
  Teardown *teardown = data;

  gst_element_set_state (teardown->conn->pipeline, GST_STATE_NULL);
  if (teardown->recorder == NULL)
    {
      connection_free (teardown->conn);
      teardown_free (teardown);
      release_free_memory ();
      return;
    }
  release_free_memory ();
  g_main_context_invoke_full (teardown->context, G_PRIORITY_DEFAULT,
                              on_torn_down_cb, teardown, teardown_free);
}

static void
teardown_start (Teardown *teardown)
{
  static GThreadPool *pool;

  if (g_once_init_enter (&pool))
    g_once_init_leave (&pool, g_thread_pool_new (teardown_func, NULL, -1, FALSE, NULL));
  g_thread_pool_push (pool, teardown, NULL);
}

/* The recorder goes away with a connection still up: nobody waits. */
static void
connection_dispose (Connection *conn)
{
  Teardown *teardown;

  if (conn->tearing_down)
    return;   /* its Teardown holds the recorder: not reached */
  connection_detach (conn);
  teardown = g_new0 (Teardown, 1);
  teardown->conn = conn;
  teardown_start (teardown);
}

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
      g_autoptr(GDateTime) started = date_time_from_real (first_real);

      self->started_real = first_real;
      pln_manifest_set_started (self->manifest, started);
      save_manifest (self);
    }
  self->retry_delay_ms = FIRST_RETRY_MS;
  set_state (self, PLN_RECORDER_STATE_RECORDING);
  return G_SOURCE_REMOVE;
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
  gboolean first = FALSE;
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
  if (first && !conn->detached)
    {
      fb = g_new0 (FirstBuffer, 1);
      fb->recorder = g_object_ref (conn->recorder);
      fb->serial = conn->serial;
    }
  g_mutex_unlock (&conn->lock);

  if (fb != NULL)
    g_main_context_invoke_full (fb->recorder->context, G_PRIORITY_DEFAULT,
                                on_first_buffer_cb, fb, first_buffer_free);
  return GST_PAD_PROBE_OK;
}

/* streaming thread: name the next segment file */
static char *
on_splitmux_format_location_cb (GstElement *splitmux,
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

static GstElement *
make (const char  *factory,
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
    return make ("opusdec", error);
  decoder = gst_element_factory_make ("faad", NULL);
  return decoder != NULL ? decoder : make ("avdec_aac", error);
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
                     on_mux_pad_probe_cb, stream, g_free);
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
static gboolean
link_stream (Connection  *conn,
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
      if ((parse = make ("h264parse", error)) == NULL ||
          (filter = make ("capsfilter", error)) == NULL || (tee = make ("tee", error)) == NULL)
        return FALSE;
      head = parse;
      if (!conn->threaded_streams && (head = make ("queue", error)) == NULL)
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

      if ((head = make ("queue", error)) == NULL || (convert = make ("videoconvert", error)) == NULL ||
          (rate = make ("videorate", error)) == NULL ||
          (filter = make ("capsfilter", error)) == NULL || (tee = make ("tee", error)) == NULL ||
          (queue = make ("queue", error)) == NULL || (encoder = make ("x264enc", error)) == NULL ||
          (profile = make ("capsfilter", error)) == NULL || (parse = make ("h264parse", error)) == NULL ||
          (queue2 = make ("queue", error)) == NULL)
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
      if ((parse = make (aac ? "aacparse" : "opusparse", error)) == NULL ||
          (tee = make ("tee", error)) == NULL ||
          (decoder = make_level_decoder (aac, error)) == NULL ||
          (convert = make ("audioconvert", error)) == NULL || (level = make ("level", error)) == NULL ||
          (fakesink = make ("fakesink", error)) == NULL)
        return FALSE;
      head = parse;
      if (!conn->threaded_streams && (head = make ("queue", error)) == NULL)
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
      sync_all (fakesink, level, convert, decoder, tee, parse, head, NULL);
      conn->has_audio = TRUE;
      conn->audio_passthrough = TRUE;
    }
  else if (g_str_equal (name, "audio/x-raw") && !conn->has_audio)
    {
      GstElement *convert, *resample, *level, *encoder, *queue;

      if ((head = make ("queue", error)) == NULL || (convert = make ("audioconvert", error)) == NULL ||
          (resample = make ("audioresample", error)) == NULL || (level = make ("level", error)) == NULL ||
          (queue = make ("queue", error)) == NULL)
        return FALSE;
      encoder = gst_element_factory_make ("avenc_aac", NULL);
      if (encoder == NULL && (encoder = make ("voaacenc", error)) == NULL)
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
      if ((fakesink = make ("fakesink", error)) == NULL)
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
        set_str (&conn->unsupported, name);
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

static void
on_source_no_more_pads_cb (GstElement *source,
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
static void
on_source_pad_added_cb (GstElement *source,
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
  if (!link_stream (conn, pad, &error))
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

static void
on_fragment_opened (PlnRecorder  *self,
                    Connection   *conn,
                    const char   *location,
                    GstClockTime  rt)
{
  gint64 start_ms;
  gint64 first_real;

  g_mutex_lock (&conn->lock);
  first_real = conn->first_buffer_real;
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
          started = date_time_from_real (self->started_real);
          pln_manifest_set_started (self->manifest, started);
        }
      conn->conn_start_ms = first_real != 0 ? (first_real - self->started_real) / 1000 : now_ms_on_timeline (self);
      if (conn->conn_start_ms < self->media_end_ms)
        conn->conn_start_ms = self->media_end_ms;
      start_ms = conn->conn_start_ms;
      if (self->gap_pending)
        {
          pln_manifest_add_gap (self->manifest, self->gap_start_ms, start_ms, self->gap_reason);
          self->gap_pending = FALSE;
        }
    }
  else
    start_ms = conn->conn_start_ms + (gint64) ((rt - conn->conn_first_rt) / GST_MSECOND);

  conn->segment_open = TRUE;
  conn->segment_open_rt = rt;
  conn->segment_start_ms = start_ms;
  set_str (&conn->segment_path, location);

  pln_manifest_add_segment (self->manifest, start_ms);
  write_streams (self, conn);
  save_manifest (self);
  g_signal_emit (self, signals[SEGMENT_OPENED], 0, location, start_ms, (gint64) 0);
}

static void
close_segment (PlnRecorder  *self,
               Connection   *conn,
               GstClockTime  rt)
{
  gint64 duration_ms = 0;
  guint64 bytes;
  g_autofree char *path = NULL;

  if (!conn->segment_open)
    return;

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
  bytes = file_size (conn->segment_path);
  g_debug ("segment closed: rt %" GST_TIME_FORMAT ", opened at %" GST_TIME_FORMAT ", last %" GST_TIME_FORMAT,
           GST_TIME_ARGS (rt), GST_TIME_ARGS (conn->segment_open_rt), GST_TIME_ARGS (conn->last_rt));
  conn->segment_open = FALSE;
  path = g_steal_pointer (&conn->segment_path);

  pln_manifest_close_segment (self->manifest, duration_ms, bytes);
  self->closed_bytes += bytes;
  self->media_end_ms = conn->segment_start_ms + duration_ms;
  save_manifest (self);
  g_signal_emit (self, signals[SEGMENT_CLOSED], 0, path, conn->segment_start_ms, duration_ms);
}

/* ------------------------------------------------------------------ */
/* ending                                                              */

static void
stop_timers (PlnRecorder *self)
{
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->watchdog_id, g_source_remove);
  g_clear_handle_id (&self->stats_id, g_source_remove);
  if (self->guard != NULL)
    pln_disk_guard_stop (self->guard);
}

static void
close_open_gap (PlnRecorder *self)
{
  if (!self->gap_pending)
    return;
  pln_manifest_add_gap (self->manifest, self->gap_start_ms,
                        MAX (self->gap_start_ms, now_ms_on_timeline (self)), self->gap_reason);
  self->gap_pending = FALSE;
}

static void
finish (PlnRecorder *self,
        GError      *error)
{
  g_autoptr(GDateTime) ended = NULL;

  stop_timers (self);
  close_open_gap (self);
  self->ended_real = g_get_real_time ();
  {
    g_autofree char *reserve = g_build_filename (self->dir, RESERVE_NAME, NULL);

    g_unlink (reserve);
  }
  if (self->started_real != 0)
    {
      ended = date_time_from_real (self->ended_real);
      pln_manifest_set_ended (self->manifest, ended);
    }

  if (error != NULL)
    {
      g_autoptr(GError) save_error = NULL;

      g_clear_error (&self->error);
      self->error = error;
      pln_manifest_set_state (self->manifest, PLN_MANIFEST_STATE_FAILED);
      pln_manifest_set_error (self->manifest, error->message);
      if (!pln_manifest_save (self->manifest, &save_error) &&
          g_error_matches (error, PLN_RECORDER_ERROR, PLN_RECORDER_ERROR_DISK_FULL) &&
          pln_manifest_get_n_segments (self->manifest) > 0)
        {
          /* The disk is full to the last byte: make room for the manifest
           * by dropping the cut-short fragment at the end of the last file. */
          guint last = pln_manifest_get_n_segments (self->manifest) - 1;
          g_autofree char *path = pln_manifest_dup_segment_path (self->manifest, last);

          truncate_to_complete_boxes (path);
          save_manifest (self);
        }
      g_signal_emit (self, signals[ERROR], 0, self->error);
      set_state (self, PLN_RECORDER_STATE_FAILED);
    }
  else
    {
      pln_manifest_set_state (self->manifest, PLN_MANIFEST_STATE_STOPPED);
      save_manifest (self);
      set_state (self, PLN_RECORDER_STATE_STOPPED);
    }
}

static gboolean
on_retry_cb (gpointer user_data)
{
  PlnRecorder *self = user_data;

  self->retry_id = 0;
  connect_source (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (PlnRecorder *self)
{
  guint delay = self->retry_delay_ms;

  self->retry_delay_ms = MIN (self->retry_delay_ms * 2, MAX_RETRY_MS);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_id = g_timeout_add (delay, on_retry_cb, self);
}

/* The connection's pipeline is down (or given up on): account for its
 * segment and go on as asked. Main context. */
static void
connection_done (PlnRecorder *self,
                 Connection  *conn)
{
  AfterClose after = conn->after;
  GstClockTime last_rt;

  g_mutex_lock (&conn->lock);
  last_rt = conn->last_rt;
  g_mutex_unlock (&conn->lock);
  /* A full disk cut the last write short: drop the partial fragment so the
   * file ends cleanly (readers would complain about it). */
  if (conn->segment_open && self->pending_error != NULL &&
      g_error_matches (self->pending_error, PLN_RECORDER_ERROR, PLN_RECORDER_ERROR_DISK_FULL))
    truncate_to_complete_boxes (conn->segment_path);
  /* No "fragment-closed" (killed source, full disk): the file still holds
   * every complete fragment; account for what reached the muxer. */
  close_segment (self, conn, last_rt);
  /* A lost link: the gap starts where the media ended. */
  if (after == AFTER_RETRY && self->gap_pending && conn->first_segment_seen)
    self->gap_start_ms = self->media_end_ms;

  self->conn = NULL;

  switch (after)
    {
    case AFTER_RETRY:
      if (self->stopping)
        finish (self, NULL);
      else
        schedule_retry (self);
      break;
    case AFTER_STOP:
      finish (self, NULL);
      break;
    case AFTER_FAIL:
    default:
      finish (self, g_steal_pointer (&self->pending_error));
      break;
    }
}

static void
on_torn_down (PlnRecorder *self,
              Teardown    *teardown)
{
  Connection *conn = teardown->conn;

  g_assert (self->conn == conn);
  g_clear_handle_id (&conn->teardown_timeout_id, g_source_remove);
  connection_done (self, conn);
  connection_free (conn);
}

/* A streaming thread never let go: go on without that pipeline, which is
 * freed if its teardown ever ends. */
static gboolean
on_teardown_timeout_cb (gpointer data)
{
  Teardown *teardown = data;
  PlnRecorder *self = teardown->recorder;
  Connection *conn = teardown->conn;

  g_warning ("%s: the pipeline did not stop within %d s; going on without it",
             pln_source_get_display_uri (self->source), TEARDOWN_TIMEOUT_MS / 1000);
  conn->teardown_timeout_id = 0;
  teardown->abandoned = TRUE;
  connection_done (self, conn);
  return G_SOURCE_REMOVE;
}

/* The connection is over: tear it down off the main context, then go on
 * as asked. */
static void
finish_close (PlnRecorder *self)
{
  Connection *conn = self->conn;
  Teardown *teardown;

  if (conn->tearing_down)
    return;
  conn->tearing_down = TRUE;
  conn->closing = TRUE;
  connection_detach (conn);

  teardown = g_new0 (Teardown, 1);
  teardown->conn = conn;
  teardown->recorder = g_object_ref (self);
  teardown->context = g_main_context_ref (self->context);
  conn->teardown_timeout_id = g_timeout_add (TEARDOWN_TIMEOUT_MS, on_teardown_timeout_cb, teardown);
  teardown_start (teardown);
}

static gboolean
on_eos_timeout_cb (gpointer user_data)
{
  PlnRecorder *self = user_data;

  g_warning ("%s: the pipeline did not finish within %d s; closing it anyway",
             pln_source_get_display_uri (self->source), EOS_TIMEOUT_MS / 1000);
  self->conn->eos_timeout_id = 0;
  finish_close (self);
  return G_SOURCE_REMOVE;
}

/* Another thread: a serialized event waits for the pad's streaming thread,
 * which may itself wait on the muxer. */
static void
send_eos_func (GstElement *pipeline,
               gpointer    pad)
{
  gst_pad_send_event (pad, gst_event_new_eos ());
}

static void
close_connection (PlnRecorder *self,
                  AfterClose   after,
                  gboolean     immediate)
{
  Connection *conn = self->conn;
  gint64 first_real;

  if (conn == NULL)
    return;

  if (conn->closing)
    {
      conn->after = MAX (conn->after, after);
      if (immediate)
        finish_close (self);
      return;
    }
  conn->closing = TRUE;
  conn->after = after;

  g_mutex_lock (&conn->lock);
  first_real = conn->first_buffer_real;
  g_mutex_unlock (&conn->lock);

  if (immediate || first_real == 0 || conn->eos_seen)
    {
      finish_close (self);
      return;
    }

  /* End every branch so splitmuxsink finishes its file, each from its own
   * thread: one branch's EOS may wait until another's reaches the muxer.
   * A branch that never got caps carries nothing: an EOS would only make
   * its encoder drain what it never set up. */
  g_mutex_lock (&conn->lock);
  for (guint i = 0; i < conn->heads->len; i++)
    {
      GstPad *head = g_ptr_array_index (conn->heads, i);

      if (gst_pad_has_current_caps (head))
        gst_element_call_async (conn->pipeline, send_eos_func, gst_object_ref (head), gst_object_unref);
    }
  g_mutex_unlock (&conn->lock);
  conn->eos_timeout_id = g_timeout_add (EOS_TIMEOUT_MS, on_eos_timeout_cb, self);
}

static void
fail (PlnRecorder *self,
      GError      *error)
{
  if (self->state == PLN_RECORDER_STATE_FAILED || self->state == PLN_RECORDER_STATE_STOPPED)
    {
      g_error_free (error);
      return;
    }
  if (self->pending_error == NULL)
    self->pending_error = error;
  else
    g_error_free (error);

  if (self->conn != NULL)
    close_connection (self, AFTER_FAIL, FALSE);
  else
    finish (self, g_steal_pointer (&self->pending_error));
}

static void
disk_full (PlnRecorder *self,
           gboolean     immediate)
{
  g_autofree char *at = format_hms (now_ms_on_timeline (self));
  GError *error = g_error_new (PLN_RECORDER_ERROR, PLN_RECORDER_ERROR_DISK_FULL,
                               _("The disk holding %s is full: recording stopped at %s. Free space or choose another folder."),
                               self->dir, at);

  if (self->pending_error == NULL)
    self->pending_error = error;
  else
    g_error_free (error);
  if (self->conn != NULL)
    close_connection (self, AFTER_FAIL, immediate);
  else
    finish (self, g_steal_pointer (&self->pending_error));
}

/* The source stayed away longer than the limit. */
static void
give_up (PlnRecorder *self,
         const char  *reason)
{
  guint s = self->give_up_seconds;
  g_autofree char *span = NULL;

  if (s < 120)
    span = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u second", "%u seconds", s), s);
  else
    span = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u minute", "%u minutes", s / 60), s / 60);
  fail (self, g_error_new (PLN_RECORDER_ERROR, PLN_RECORDER_ERROR_GAVE_UP,
                           _("%s stayed unreachable for %s, so the recording was stopped. Last error: %s"),
                           pln_source_get_display_uri (self->source), span, reason ? reason : ""));
}

/* The current connection failed or dried up. */
static void
connection_lost (PlnRecorder *self,
                 const char  *reason)
{
  Connection *conn = self->conn;
  gint64 first_real;

  if (conn == NULL || conn->closing)
    return;

  g_mutex_lock (&conn->lock);
  first_real = conn->first_buffer_real;
  g_mutex_unlock (&conn->lock);

  set_str (&self->last_attempt_error, reason);

  if (first_real != 0)
    {
      /* It was recording: keep the recording open and reconnect. */
      g_message ("%s", reason);
      if (!self->gap_pending)
        {
          self->gap_pending = TRUE;
          set_str (&self->gap_reason, reason);
          self->lost_mono = g_get_monotonic_time ();
        }
      self->retry_delay_ms = FIRST_RETRY_MS;
      set_state (self, PLN_RECORDER_STATE_RECONNECTING);
      close_connection (self, AFTER_RETRY, FALSE);
      return;
    }

  /* An attempt that never delivered media. */
  if (self->started_real == 0)
    {
      if (++self->initial_failures >= INITIAL_ATTEMPTS)
        {
          fail (self, g_error_new_literal (PLN_RECORDER_ERROR, PLN_RECORDER_ERROR_UNREACHABLE, reason));
          return;
        }
    }
  else if (g_get_monotonic_time () - self->lost_mono > (gint64) self->give_up_seconds * G_USEC_PER_SEC)
    {
      give_up (self, reason);
      return;
    }
  close_connection (self, AFTER_RETRY, TRUE);
}

/* ------------------------------------------------------------------ */
/* why a network source failed                                         */

typedef struct
{
  PlnRecorder *recorder;
  guint        serial;
  char        *fallback;
} Classify;

static void
classify_free (Classify *classify)
{
  g_object_unref (classify->recorder);
  g_free (classify->fallback);
  g_free (classify);
}

static void
on_classify_connected_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  Classify *classify = user_data;
  PlnRecorder *self = classify->recorder;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  const char *why = NULL;

  connection = g_socket_client_connect_to_uri_finish (G_SOCKET_CLIENT (object), result, &error);
  if (connection == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
        why = _("connection refused");
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        why = _("no answer (timed out)");
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
               g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE))
        why = _("the network is unreachable");
      else if (error->domain == G_RESOLVER_ERROR)
        why = _("the host name cannot be resolved");
      else
        why = error->message;
      reason = g_strdup_printf (_("Cannot reach %s: %s"), pln_source_get_display_uri (self->source), why);
    }
  else
    reason = g_strdup (classify->fallback);

  if (self->conn != NULL && self->conn->serial == classify->serial && !self->conn->closing)
    {
      self->conn->classifying = FALSE;
      connection_lost (self, reason);
    }
  classify_free (classify);
}

/* A network source failed to open: ask the network why, then count the
 * connection as lost with that reason. */
static void
classify_and_lose (PlnRecorder *self,
                   const char  *fallback)
{
  g_autoptr(GSocketClient) client = NULL;
  Classify *classify;
  guint16 port;

  switch (pln_source_get_kind (self->source))
    {
    case PLN_SOURCE_KIND_RTSP:
      port = 554;
      break;
    case PLN_SOURCE_KIND_RTMP:
      port = 1935;
      break;
    case PLN_SOURCE_KIND_HLS:
      port = g_str_has_prefix (pln_source_get_uri (self->source), "https") ? 443 : 80;
      break;
    case PLN_SOURCE_KIND_SRT:
    case PLN_SOURCE_KIND_FILE:
    case PLN_SOURCE_KIND_V4L2:
    case PLN_SOURCE_KIND_PULSE:
    case PLN_SOURCE_KIND_TEST:
    default:
      connection_lost (self, fallback);
      return;
    }

  classify = g_new0 (Classify, 1);
  classify->recorder = g_object_ref (self);
  classify->serial = self->conn->serial;
  classify->fallback = g_strdup (fallback);
  self->conn->classifying = TRUE;

  client = g_socket_client_new ();
  g_socket_client_set_timeout (client, 3);
  g_socket_client_connect_to_uri_async (client, pln_source_get_uri (self->source), port, NULL,
                                        on_classify_connected_cb, classify);
}

/* ------------------------------------------------------------------ */
/* bus                                                                 */

static void
handle_level (PlnRecorder        *self,
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

static gboolean
on_bus_message_cb (GstBus     *bus,
                   GstMessage *message,
                   gpointer    user_data)
{
  PlnRecorder *self = user_data;
  Connection *conn = self->conn;

  if (conn == NULL)
    return G_SOURCE_CONTINUE;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *debug = NULL;
        gboolean in_sink;

        gst_message_parse_error (message, &error, &debug);
        g_debug ("error from %s: %s (%s)", GST_OBJECT_NAME (GST_MESSAGE_SRC (message)),
                 error->message, debug ? debug : "");
        GST_DEBUG_BIN_TO_DOT_FILE_WITH_TS (GST_BIN (conn->pipeline), GST_DEBUG_GRAPH_SHOW_ALL,
                                           "plenary-recorder-error");
        in_sink = gst_object_has_as_ancestor (GST_MESSAGE_SRC (message), GST_OBJECT (conn->splitmux));

        if (g_error_matches (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NO_SPACE_LEFT) ||
            (debug != NULL && strstr (debug, g_strerror (ENOSPC)) != NULL))
          disk_full (self, TRUE);
        else if (in_sink && error->domain == GST_RESOURCE_ERROR)
          fail (self, g_error_new (PLN_RECORDER_ERROR, PLN_RECORDER_ERROR_FOLDER,
                                   _("Cannot write the recording in %s: %s"), self->dir, error->message));
        else if (conn->classifying)
          ;   /* already asking the network why */
        else
          {
            gboolean known = FALSE;
            g_autofree char *reason = describe_source_error (self, error, debug, &known);

            if (error->domain == GST_RESOURCE_ERROR && !known)
              classify_and_lose (self, reason);
            else
              connection_lost (self, reason);
          }
        break;
      }

    case GST_MESSAGE_EOS:
      conn->eos_seen = TRUE;
      if (conn->closing)
        finish_close (self);
      else if (pln_source_ends_on_eos (self->source))
        close_connection (self, AFTER_STOP, TRUE);   /* a file, a finished playlist */
      else
        {
          g_autofree char *reason = g_strdup_printf (_("%s ended the stream"),
                                                     pln_source_get_display_uri (self->source));
          connection_lost (self, reason);
        }
      break;

    case GST_MESSAGE_ELEMENT:
      {
        const GstStructure *s = gst_message_get_structure (message);
        const char *location;
        GstClockTime rt = GST_CLOCK_TIME_NONE;

        if (gst_structure_has_name (s, "splitmuxsink-fragment-opened"))
          {
            location = gst_structure_get_string (s, "location");
            gst_structure_get_clock_time (s, "running-time", &rt);
            on_fragment_opened (self, conn, location, rt);
          }
        else if (gst_structure_has_name (s, "splitmuxsink-fragment-closed"))
          {
            gst_structure_get_clock_time (s, "running-time", &rt);
            close_segment (self, conn, rt);
          }
        else if (gst_structure_has_name (s, "level"))
          handle_level (self, s);
        break;
      }

    case GST_MESSAGE_QOS:
      {
        guint64 processed = 0, dropped = 0;
        GstFormat format;

        gst_message_parse_qos_stats (message, &format, &processed, &dropped);
        if (format == GST_FORMAT_BUFFERS && dropped != (guint64) -1)
          conn->frames_dropped = MAX (conn->frames_dropped, dropped);
        break;
      }

    case GST_MESSAGE_WARNING:
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *debug = NULL;

        gst_message_parse_warning (message, &error, &debug);
        g_debug ("warning from %s: %s (%s)", GST_OBJECT_NAME (GST_MESSAGE_SRC (message)),
                 error->message, debug ? debug : "");
        break;
      }

    default:
      break;
    }

  return G_SOURCE_CONTINUE;
}

/* ------------------------------------------------------------------ */
/* connecting                                                          */

static void
connect_source (PlnRecorder *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstBus) bus = NULL;
  Connection *conn;
  GstElement *mux, *filesink;
  GstStateChangeReturn ret;

  g_return_if_fail (self->conn == NULL);

  conn = g_new0 (Connection, 1);
  conn->recorder = self;
  conn->serial = ++self->serial;
  conn->dir = g_strdup (self->dir);
  g_mutex_init (&conn->lock);
  conn->heads = g_ptr_array_new_with_free_func (gst_object_unref);
  conn->blocks = g_array_new (FALSE, FALSE, sizeof (gulong));
  conn->blocked_pads = g_ptr_array_new_with_free_func (gst_object_unref);
  conn->first_keyframe_rt = GST_CLOCK_TIME_NONE;
  conn->first_rt = GST_CLOCK_TIME_NONE;
  conn->last_rt = GST_CLOCK_TIME_NONE;
  conn->next_index = pln_manifest_get_n_segments (self->manifest);
  conn->attempt_mono = g_get_monotonic_time ();
  /* rtspsrc pushes every stream from its own jitter buffer's thread */
  conn->threaded_streams = pln_source_get_kind (self->source) == PLN_SOURCE_KIND_RTSP;
  self->conn = conn;

  conn->pipeline = gst_object_ref_sink (gst_pipeline_new ("recorder"));
  conn->source = pln_source_create_element (self->source, &error);
  if (conn->source == NULL)
    {
      fail (self, g_steal_pointer (&error));
      return;
    }
  if ((conn->splitmux = make ("splitmuxsink", &error)) == NULL || (mux = make ("mp4mux", &error)) == NULL ||
      (filesink = make ("filesink", &error)) == NULL)
    {
      gst_clear_object (&conn->source);
      fail (self, g_steal_pointer (&error));
      return;
    }

  g_object_set (mux, "fragment-duration", FRAGMENT_MS, NULL);
  /* filesink buffers 64 kB by default: a killed recorder would lose it */
  g_object_set (filesink, "buffer-mode", 2 /* unbuffered */, NULL);
  g_object_set (conn->splitmux,
                "muxer", mux,
                "sink", filesink,
                "max-size-time", (guint64) self->segment_seconds * GST_SECOND,
                "send-keyframe-requests", TRUE,
                NULL);
  g_signal_connect (conn->splitmux, "format-location",
                    G_CALLBACK (on_splitmux_format_location_cb), conn);

  gst_bin_add_many (GST_BIN (conn->pipeline), conn->source, conn->splitmux, NULL);
  gst_object_unref (conn->source);   /* the pipeline holds it */

  /* test:// and pulse:// bins have their pads; uridecodebin adds them */
  conn->static_pads = conn->source->numsrcpads > 0;
  if (conn->static_pads)
    {
      GstIterator *it = gst_element_iterate_src_pads (conn->source);
      GValue item = G_VALUE_INIT;

      g_mutex_lock (&conn->lock);
      while (gst_iterator_next (it, &item) == GST_ITERATOR_OK)
        {
          if (error == NULL)
            link_stream (conn, g_value_get_object (&item), &error);
          g_value_reset (&item);
        }
      g_mutex_unlock (&conn->lock);
      g_value_unset (&item);
      gst_iterator_free (it);
      if (error != NULL)
        {
          fail (self, g_steal_pointer (&error));
          return;
        }
    }
  else
    {
      g_signal_connect (conn->source, "pad-added", G_CALLBACK (on_source_pad_added_cb), conn);
      g_signal_connect (conn->source, "no-more-pads", G_CALLBACK (on_source_no_more_pads_cb), conn);
    }

  bus = gst_pipeline_get_bus (GST_PIPELINE (conn->pipeline));
  conn->bus_source = gst_bus_create_watch (bus);
  g_source_set_callback (conn->bus_source, (GSourceFunc) (void (*) (void)) on_bus_message_cb, self, NULL);
  g_source_attach (conn->bus_source, self->context);

  ret = gst_element_set_state (conn->pipeline, GST_STATE_PLAYING);
  if (ret == GST_STATE_CHANGE_FAILURE)
    g_debug ("%s: the pipeline did not start; the bus tells why",
             pln_source_get_display_uri (self->source));
}

/* main context, every WATCHDOG_MS */
static gboolean
on_watchdog_cb (gpointer user_data)
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
        give_up (self, self->last_attempt_error);
      return G_SOURCE_CONTINUE;
    }

  g_mutex_lock (&conn->lock);
  first_real = conn->first_buffer_real;
  last_mono = conn->last_buffer_mono;
  g_mutex_unlock (&conn->lock);

  if (first_real == 0)
    {
      if (now - conn->attempt_mono > CONNECT_TIMEOUT_MS * 1000)
        {
          g_autofree char *reason = g_strdup_printf (_("Cannot reach %s: it sent no media within %d seconds"),
                                                     pln_source_get_display_uri (self->source),
                                                     CONNECT_TIMEOUT_MS / 1000);
          connection_lost (self, reason);
        }
    }
  else if (pln_source_is_live (self->source) && now - last_mono > (gint64) stall_ms * 1000)
    {
      g_autofree char *reason = g_strdup_printf (_("%s sent no media for %.1f seconds"),
                                                 pln_source_get_display_uri (self->source),
                                                 stall_ms / 1000.0);
      connection_lost (self, reason);
    }
  return G_SOURCE_CONTINUE;
}

/* main context, every second */
static gboolean
on_stats_cb (gpointer user_data)
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
        open_bytes = file_size (conn->segment_path);
    }
  else
    in_bytes = frames = 0;

  self->last_in_bytes = in_bytes;
  self->last_video_frames = frames;
  self->last_stats_mono = now;

  stats.elapsed_ms = now_ms_on_timeline (self);
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
          save_manifest (self);
        }
    }

  g_signal_emit (self, signals[STATS], 0, &stats);
  return G_SOURCE_CONTINUE;
}

static void
on_guard_low_cb (PlnDiskGuard *guard,
                 guint64       free_bytes,
                 PlnRecorder  *self)
{
  disk_full (self, FALSE);
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */

static void
pln_recorder_dispose (GObject *object)
{
  PlnRecorder *self = PLN_RECORDER (object);

  stop_timers (self);
  if (self->conn != NULL)
    {
      connection_dispose (g_steal_pointer (&self->conn));
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
  signals[SEGMENT_OPENED] =
    g_signal_new ("segment-opened", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_INT64, G_TYPE_INT64);
  /**
   * PlnRecorder::segment-closed:
   * @path: the segment file, now complete
   * @start_ms: its start on the recording's timeline
   * @duration_ms: its media duration
   */
  signals[SEGMENT_CLOSED] =
    g_signal_new ("segment-closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_INT64, G_TYPE_INT64);
  /**
   * PlnRecorder::stats:
   * @stats: a #PlnRecorderStats
   *
   * Once a second while started.
   */
  signals[STATS] =
    g_signal_new ("stats", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, PLN_TYPE_RECORDER_STATS | G_SIGNAL_TYPE_STATIC_SCOPE);
  /**
   * PlnRecorder::error:
   * @error: a #GError in %PLN_RECORDER_ERROR
   *
   * The recording stopped on this error; the state is now failed.
   */
  signals[ERROR] =
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

  g_signal_connect_object (self->guard, "low", G_CALLBACK (on_guard_low_cb), self, 0);
  pln_disk_guard_start (self->guard);
  self->watchdog_id = g_timeout_add (WATCHDOG_MS, on_watchdog_cb, self);
  self->stats_id = g_timeout_add_seconds (1, on_stats_cb, self);

  set_state (self, PLN_RECORDER_STATE_STARTING);
  connect_source (self);
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
      set_state (self, PLN_RECORDER_STATE_STOPPED);
      break;

    case PLN_RECORDER_STATE_STARTING:
    case PLN_RECORDER_STATE_RECORDING:
    case PLN_RECORDER_STATE_RECONNECTING:
      self->stopping = TRUE;
      g_clear_handle_id (&self->retry_id, g_source_remove);
      if (self->conn != NULL)
        close_connection (self, AFTER_STOP, FALSE);
      else
        finish (self, NULL);
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
  pln_manifest_add_chapter (self->manifest, now_ms_on_timeline (self), title);
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
  return now_ms_on_timeline (self);
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
