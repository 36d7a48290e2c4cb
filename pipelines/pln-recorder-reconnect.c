/* pln-recorder-reconnect.c: what follows a lost link: the gap, the retry with backoff,
 * the cheap check that notices the peer is back between retries, giving
 * up after the limit, and the end of the recording (stopped or failed),
 * with the reason a network source failed.
 */
#define G_LOG_DOMAIN "plenary-recorder"

#include "config.h"

#include "pln-recorder-private.h"

static void stop_peer_checks (PlnRecorder *self);

/* ------------------------------------------------------------------ */
/* ending                                                              */

void
_pln_recorder_stop_timers (PlnRecorder *self)
{
  stop_peer_checks (self);
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
                        MAX (self->gap_start_ms, _pln_recorder_now_ms_on_timeline (self)), self->gap_reason);
  self->gap_pending = FALSE;
}

void
_pln_recorder_finish (PlnRecorder *self,
                      GError      *error)
{
  g_autoptr(GDateTime) ended = NULL;

  _pln_recorder_stop_timers (self);
  close_open_gap (self);
  self->ended_real = g_get_real_time ();
  {
    g_autofree char *reserve = g_build_filename (self->dir, RESERVE_NAME, NULL);

    g_unlink (reserve);
  }
  if (self->started_real != 0)
    {
      ended = _pln_recorder_date_time_from_real (self->ended_real);
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

          _pln_recorder_truncate_to_complete_boxes (path);
          _pln_recorder_save_manifest (self);
        }
      g_signal_emit (self, _pln_recorder_signals[ERROR], 0, self->error);
      _pln_recorder_set_state (self, PLN_RECORDER_STATE_FAILED);
    }
  else
    {
      pln_manifest_set_state (self->manifest, PLN_MANIFEST_STATE_STOPPED);
      _pln_recorder_save_manifest (self);
      _pln_recorder_set_state (self, PLN_RECORDER_STATE_STOPPED);
    }
}

/* ------------------------------------------------------------------ */
/* is the peer back?                                                   */

/* The port a network source's server listens on when its URI names
 * none; 0 for sources that cannot be asked over TCP (SRT is UDP, and a
 * listener waits for its peer anyway). */
static guint16
peer_default_port (PlnSource *source)
{
  const char *uri = pln_source_get_uri (source);

  switch (pln_source_get_kind (source))
    {
    case PLN_SOURCE_KIND_RTSP:
      return g_str_has_prefix (uri, "rtsps") ? 322 : 554;
    case PLN_SOURCE_KIND_RTMP:
      return g_str_has_prefix (uri, "rtmps") ? 443 : 1935;
    case PLN_SOURCE_KIND_HLS:
      return g_str_has_prefix (uri, "https") ? 443 : 80;
    case PLN_SOURCE_KIND_SRT:
    case PLN_SOURCE_KIND_FILE:
    case PLN_SOURCE_KIND_V4L2:
    case PLN_SOURCE_KIND_PULSE:
    case PLN_SOURCE_KIND_TEST:
    case PLN_SOURCE_KIND_MOSAIC:
    default:
      return 0;
    }
}

typedef struct
{
  PlnRecorder       *recorder;
  GCancellable      *cancellable;
  GSocketConnection *connection;
  GBytes            *greeting;      /* NULL: an accepted connection is the answer */
  const char        *expect;        /* how the answer starts */
  char               answer[8];
} PeerCheck;

static void
peer_check_free (PeerCheck *check)
{
  g_clear_object (&check->connection);
  g_clear_pointer (&check->greeting, g_bytes_unref);
  g_object_unref (check->cancellable);
  g_object_unref (check->recorder);
  g_free (check);
}

static void
stop_peer_checks (PlnRecorder *self)
{
  g_clear_handle_id (&self->peer_check_id, g_source_remove);
  if (self->peer_check_cancellable != NULL)
    {
      g_cancellable_cancel (self->peer_check_cancellable);
      g_clear_object (&self->peer_check_cancellable);
    }
}

/* main context: a check ended; when the peer answered, the retry waiting
 * for its backoff starts now */
static void
peer_check_done (PeerCheck *check,
                 gboolean   answered)
{
  PlnRecorder *self = check->recorder;

  if (!g_cancellable_is_cancelled (check->cancellable))
    {
      g_clear_object (&self->peer_check_cancellable);
      if (answered && self->retry_id != 0 && self->conn == NULL && !self->stopping)
        {
          g_debug ("%s answers again: retrying now", pln_source_get_display_uri (self->source));
          stop_peer_checks (self);
          g_clear_handle_id (&self->retry_id, g_source_remove);
          self->retry_after_check = TRUE;
          _pln_recorder_connect_source (self);
        }
    }
  peer_check_free (check);
}

static void
on_peer_check_read_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  PeerCheck *check = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, NULL);
  gsize expect_len = strlen (check->expect);

  peer_check_done (check, n > 0 && memcmp (check->answer, check->expect, MIN ((gsize) n, expect_len)) == 0);
}

static void
on_peer_check_written_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  PeerCheck *check = user_data;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, NULL))
    {
      peer_check_done (check, FALSE);
      return;
    }
  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (check->connection)),
                             check->answer, sizeof check->answer, G_PRIORITY_DEFAULT,
                             check->cancellable, on_peer_check_read_cb, check);
}

static void
on_peer_check_connected_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  PeerCheck *check = user_data;
  gsize len = 0;
  gconstpointer data;

  check->connection = g_socket_client_connect_to_uri_finish (G_SOCKET_CLIENT (object), result, NULL);
  if (check->connection == NULL || check->greeting == NULL)
    {
      peer_check_done (check, check->connection != NULL);
      return;
    }
  data = g_bytes_get_data (check->greeting, &len);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (G_IO_STREAM (check->connection)),
                                   data, len, G_PRIORITY_DEFAULT, check->cancellable,
                                   on_peer_check_written_cb, check);
}

/* The first words of the protocol, so that a port that accepts and hangs
 * up (a proxy or a relay whose far side is down) does not count as an
 * answer. Over TLS an accepted connection is all that is asked. */
static GBytes *
peer_greeting (PlnSource   *source,
               const char **expect)
{
  static const char rtsp_options[] = "OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nUser-Agent: Plenary\r\n\r\n";
  const char *uri = pln_source_get_uri (source);
  g_autofree char *host = NULL;
  g_autofree char *path = NULL;
  g_autofree char *query = NULL;
  int port = -1;

  switch (pln_source_get_kind (source))
    {
    case PLN_SOURCE_KIND_RTSP:
      if (g_str_has_prefix (uri, "rtsps"))
        return NULL;
      *expect = "RTSP/";
      return g_bytes_new_static (rtsp_options, sizeof rtsp_options - 1);
    case PLN_SOURCE_KIND_HLS:
      if (g_str_has_prefix (uri, "https") ||
          !g_uri_split (uri, G_URI_FLAGS_ENCODED, NULL, NULL, &host, &port, &path, &query, NULL, NULL) ||
          host == NULL)
        return NULL;
      *expect = "HTTP/";
      {
        g_autofree char *request = NULL;
        gboolean v6 = strchr (host, ':') != NULL;
        g_autofree char *port_part = port > 0 ? g_strdup_printf (":%d", port) : g_strdup ("");

        request = g_strdup_printf ("HEAD %s%s%s HTTP/1.1\r\nHost: %s%s%s%s\r\nUser-Agent: Plenary\r\nConnection: close\r\n\r\n",
                                   path != NULL && *path != '\0' ? path : "/", query != NULL ? "?" : "", query != NULL ? query : "",
                                   v6 ? "[" : "", host, v6 ? "]" : "", port_part);
        return g_bytes_new_take (g_steal_pointer (&request), strlen (request));
      }
    case PLN_SOURCE_KIND_RTMP:
      if (g_str_has_prefix (uri, "rtmps"))
        return NULL;
      {
        /* C0 (version 3) and a zeroed C1: the server answers with S0 = 3 */
        guint8 *hello = g_malloc0 (1 + 1536);

        hello[0] = 3;
        *expect = "\003";
        return g_bytes_new_take (hello, 1 + 1536);
      }
    case PLN_SOURCE_KIND_SRT:
    case PLN_SOURCE_KIND_FILE:
    case PLN_SOURCE_KIND_V4L2:
    case PLN_SOURCE_KIND_PULSE:
    case PLN_SOURCE_KIND_TEST:
    case PLN_SOURCE_KIND_MOSAIC:
    default:
      return NULL;
    }
}

/* main context, every PEER_CHECK_MS while a retry waits: one check at a time */
static gboolean
on_peer_check_cb (gpointer user_data)
{
  PlnRecorder *self = user_data;
  g_autoptr(GSocketClient) client = NULL;
  PeerCheck *check;

  if (self->peer_check_cancellable != NULL)
    return G_SOURCE_CONTINUE;

  check = g_new0 (PeerCheck, 1);
  check->recorder = g_object_ref (self);
  check->cancellable = g_cancellable_new ();
  check->greeting = peer_greeting (self->source, &check->expect);
  self->peer_check_cancellable = g_object_ref (check->cancellable);

  client = g_socket_client_new ();
  /* bounds the connection and each read and write on it */
  g_socket_client_set_timeout (client, PEER_CHECK_TIMEOUT_S);
  /* the server itself is asked, with no proxy lookup in between */
  g_socket_client_set_enable_proxy (client, FALSE);
  g_socket_client_connect_to_uri_async (client, pln_source_get_uri (self->source),
                                        peer_default_port (self->source), check->cancellable,
                                        on_peer_check_connected_cb, check);
  return G_SOURCE_CONTINUE;
}

/* ------------------------------------------------------------------ */
/* retrying                                                            */

static gboolean
on_retry_cb (gpointer user_data)
{
  PlnRecorder *self = user_data;

  self->retry_id = 0;
  stop_peer_checks (self);
  _pln_recorder_connect_source (self);
  return G_SOURCE_REMOVE;
}

/* The next attempt comes after the backoff (0.5 s, doubling up to 5 s);
 * meanwhile a network source's server is asked every PEER_CHECK_MS
 * whether it answers, and the attempt starts at once when it does. An
 * attempt a check started that fails anyway (the server answers but does
 * not stream) is followed by the whole delay, unchecked, so that checks
 * never turn the backoff into a loop of pipelines. */
void
_pln_recorder_schedule_retry (PlnRecorder *self)
{
  guint delay = self->retry_delay_ms;

  self->retry_delay_ms = MIN (self->retry_delay_ms * 2, MAX_RETRY_MS);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_id = g_timeout_add (delay, on_retry_cb, self);

  stop_peer_checks (self);
  if (self->retry_after_check)
    self->retry_after_check = FALSE;
  else if (delay > PEER_CHECK_MS && peer_default_port (self->source) != 0)
    self->peer_check_id = g_timeout_add (PEER_CHECK_MS, on_peer_check_cb, self);
}

void
_pln_recorder_fail (PlnRecorder *self,
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
    _pln_recorder_close_connection (self, AFTER_FAIL, FALSE);
  else
    _pln_recorder_finish (self, g_steal_pointer (&self->pending_error));
}

void
_pln_recorder_disk_full (PlnRecorder *self,
                         gboolean     immediate)
{
  g_autofree char *at = _pln_recorder_format_hms (_pln_recorder_now_ms_on_timeline (self));
  GError *error = g_error_new (PLN_RECORDER_ERROR, PLN_RECORDER_ERROR_DISK_FULL,
                               _("The disk holding %s is full: recording stopped at %s. Free space or choose another folder."),
                               self->dir, at);

  if (self->pending_error == NULL)
    self->pending_error = error;
  else
    g_error_free (error);
  if (self->conn != NULL)
    _pln_recorder_close_connection (self, AFTER_FAIL, immediate);
  else
    _pln_recorder_finish (self, g_steal_pointer (&self->pending_error));
}

/* The source stayed away longer than the limit. */
void
_pln_recorder_give_up (PlnRecorder *self,
                       const char  *reason)
{
  guint s = self->give_up_seconds;
  g_autofree char *span = NULL;

  if (s < 120)
    span = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u second", "%u seconds", s), s);
  else
    span = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u minute", "%u minutes", s / 60), s / 60);
  _pln_recorder_fail (self, g_error_new (PLN_RECORDER_ERROR, PLN_RECORDER_ERROR_GAVE_UP,
                           _("%s stayed unreachable for %s, so the recording was stopped. Last error: %s"),
                           pln_source_get_display_uri (self->source), span, reason ? reason : ""));
}

/* The current connection failed or dried up. */
void
_pln_recorder_connection_lost (PlnRecorder *self,
                               const char  *reason)
{
  Connection *conn = self->conn;
  gint64 first_real;

  if (conn == NULL || conn->closing)
    return;

  g_mutex_lock (&conn->lock);
  first_real = conn->first_buffer_real;
  g_mutex_unlock (&conn->lock);

  _pln_recorder_set_str (&self->last_attempt_error, reason);

  if (first_real != 0)
    {
      /* It was recording: keep the recording open and reconnect. */
      g_message ("%s", reason);
      if (!self->gap_pending)
        {
          self->gap_pending = TRUE;
          _pln_recorder_set_str (&self->gap_reason, reason);
          self->lost_mono = g_get_monotonic_time ();
        }
      self->retry_delay_ms = FIRST_RETRY_MS;
      self->retry_after_check = FALSE;
      _pln_recorder_set_state (self, PLN_RECORDER_STATE_RECONNECTING);
      _pln_recorder_close_connection (self, AFTER_RETRY, FALSE);
      return;
    }

  /* An attempt that never delivered media. */
  if (self->started_real == 0)
    {
      if (++self->initial_failures >= INITIAL_ATTEMPTS)
        {
          _pln_recorder_fail (self, g_error_new_literal (PLN_RECORDER_ERROR, PLN_RECORDER_ERROR_UNREACHABLE, reason));
          return;
        }
    }
  else if (g_get_monotonic_time () - self->lost_mono > (gint64) self->give_up_seconds * G_USEC_PER_SEC)
    {
      _pln_recorder_give_up (self, reason);
      return;
    }
  _pln_recorder_close_connection (self, AFTER_RETRY, TRUE);
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
      _pln_recorder_connection_lost (self, reason);
    }
  classify_free (classify);
}

/* A network source failed to open: ask the network why, then count the
 * connection as lost with that reason. */
void
_pln_recorder_classify_and_lose (PlnRecorder *self,
                                 const char  *fallback)
{
  g_autoptr(GSocketClient) client = NULL;
  Classify *classify;
  guint16 port = peer_default_port (self->source);

  if (port == 0)
    {
      _pln_recorder_connection_lost (self, fallback);
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
