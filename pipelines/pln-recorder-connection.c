/* pln-recorder-connection.c: one connection attempt: its pipeline, its bus, its end (EOS
 * from other threads) and its teardown on a thread of its own, so the main
 * context never waits for a streaming thread.
 */
#define G_LOG_DOMAIN "plenary-recorder"

#include "config.h"

#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "pln-recorder-private.h"

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
void
_pln_recorder_connection_dispose (Connection *conn)
{
  Teardown *teardown;

  if (conn->tearing_down)
    return;   /* its Teardown holds the recorder: not reached */
  connection_detach (conn);
  teardown = g_new0 (Teardown, 1);
  teardown->conn = conn;
  teardown_start (teardown);
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
    _pln_recorder_truncate_to_complete_boxes (conn->segment_path);
  /* No "fragment-closed" (killed source, full disk): the file still holds
   * every complete fragment; account for what reached the muxer. */
  _pln_recorder_close_segment (self, conn, last_rt);
  /* A lost link: the gap starts where the media ended. */
  if (after == AFTER_RETRY && self->gap_pending && conn->first_segment_seen)
    self->gap_start_ms = self->media_end_ms;

  self->conn = NULL;

  switch (after)
    {
    case AFTER_RETRY:
      if (self->stopping)
        _pln_recorder_finish (self, NULL);
      else
        _pln_recorder_schedule_retry (self);
      break;
    case AFTER_STOP:
      _pln_recorder_finish (self, NULL);
      break;
    case AFTER_FAIL:
    default:
      _pln_recorder_finish (self, g_steal_pointer (&self->pending_error));
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

void
_pln_recorder_close_connection (PlnRecorder *self,
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
          _pln_recorder_disk_full (self, TRUE);
        else if (in_sink && error->domain == GST_RESOURCE_ERROR)
          _pln_recorder_fail (self, g_error_new (PLN_RECORDER_ERROR, PLN_RECORDER_ERROR_FOLDER,
                                   _("Cannot write the recording in %s: %s"), self->dir, error->message));
        else if (conn->classifying)
          ;   /* already asking the network why */
        else
          {
            gboolean known = FALSE;
            g_autofree char *reason = describe_source_error (self, error, debug, &known);

            if (error->domain == GST_RESOURCE_ERROR && !known)
              _pln_recorder_classify_and_lose (self, reason);
            else
              _pln_recorder_connection_lost (self, reason);
          }
        break;
      }

    case GST_MESSAGE_EOS:
      conn->eos_seen = TRUE;
      if (conn->closing)
        finish_close (self);
      else if (pln_source_ends_on_eos (self->source))
        _pln_recorder_close_connection (self, AFTER_STOP, TRUE);   /* a file, a finished playlist */
      else
        {
          g_autofree char *reason = g_strdup_printf (_("%s ended the stream"),
                                                     pln_source_get_display_uri (self->source));
          _pln_recorder_connection_lost (self, reason);
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
            _pln_recorder_on_fragment_opened (self, conn, location, rt);
          }
        else if (gst_structure_has_name (s, "splitmuxsink-fragment-closed"))
          {
            gst_structure_get_clock_time (s, "running-time", &rt);
            _pln_recorder_close_segment (self, conn, rt);
          }
        else if (gst_structure_has_name (s, "level"))
          _pln_recorder_handle_level (self, s);
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

/* srtsrc's thread: a listener's caller connected or left (a connection
 * that is gone is not worth waiting on) */
static void
on_srt_caller_added_cb (GstElement     *srtsrc,
                        gint            socket,
                        GSocketAddress *address,
                        Connection     *conn)
{
  g_mutex_lock (&conn->lock);
  conn->caller_gone = FALSE;
  g_mutex_unlock (&conn->lock);
}

static void
on_srt_caller_removed_cb (GstElement     *srtsrc,
                          gint            socket,
                          GSocketAddress *address,
                          Connection     *conn)
{
  g_mutex_lock (&conn->lock);
  conn->caller_gone = TRUE;
  g_mutex_unlock (&conn->lock);
}

static void
on_srt_source_setup_cb (GstElement *uridecodebin,
                        GstElement *element,
                        Connection *conn)
{
  if (g_signal_lookup ("caller-removed", G_OBJECT_TYPE (element)) == 0)
    return;
  g_signal_connect (element, "caller-added", G_CALLBACK (on_srt_caller_added_cb), conn);
  g_signal_connect (element, "caller-removed", G_CALLBACK (on_srt_caller_removed_cb), conn);
}

void
_pln_recorder_connect_source (PlnRecorder *self)
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
  conn->ride_last_rt = GST_CLOCK_TIME_NONE;
  conn->resume_rt = GST_CLOCK_TIME_NONE;
  conn->next_index = pln_manifest_get_n_segments (self->manifest);
  conn->attempt_mono = g_get_monotonic_time ();
  /* rtspsrc pushes every stream from its own jitter buffer's thread */
  conn->threaded_streams = pln_source_get_kind (self->source) == PLN_SOURCE_KIND_RTSP;
  self->conn = conn;

  conn->pipeline = gst_object_ref_sink (gst_pipeline_new ("recorder"));
  conn->source = pln_source_create_element (self->source, &error);
  if (conn->source == NULL)
    {
      _pln_recorder_fail (self, g_steal_pointer (&error));
      return;
    }
  if ((conn->splitmux = _pln_recorder_make ("splitmuxsink", &error)) == NULL || (mux = _pln_recorder_make ("mp4mux", &error)) == NULL ||
      (filesink = _pln_recorder_make ("filesink", &error)) == NULL)
    {
      gst_clear_object (&conn->source);
      _pln_recorder_fail (self, g_steal_pointer (&error));
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
                    G_CALLBACK (_pln_recorder_on_splitmux_format_location_cb), conn);

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
            _pln_recorder_link_stream (conn, g_value_get_object (&item), &error);
          g_value_reset (&item);
        }
      g_mutex_unlock (&conn->lock);
      g_value_unset (&item);
      gst_iterator_free (it);
      if (error != NULL)
        {
          _pln_recorder_fail (self, g_steal_pointer (&error));
          return;
        }
    }
  else
    {
      g_signal_connect (conn->source, "pad-added", G_CALLBACK (_pln_recorder_on_source_pad_added_cb), conn);
      if (pln_source_get_kind (self->source) == PLN_SOURCE_KIND_SRT &&
          g_signal_lookup ("source-setup", G_OBJECT_TYPE (conn->source)) != 0)
        g_signal_connect (conn->source, "source-setup", G_CALLBACK (on_srt_source_setup_cb), conn);
      g_signal_connect (conn->source, "no-more-pads", G_CALLBACK (_pln_recorder_on_source_no_more_pads_cb), conn);
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
