/* pln-recorder-reconnect.c: what follows a lost link: the gap, the retry with backoff,
 * giving up after the limit, and the end of the recording (stopped or failed),
 * with the reason a network source failed.
 */
#define G_LOG_DOMAIN "plenary-recorder"

#include "config.h"

#include "pln-recorder-private.h"

/* ------------------------------------------------------------------ */
/* ending                                                              */

void
_pln_recorder_stop_timers (PlnRecorder *self)
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

static gboolean
on_retry_cb (gpointer user_data)
{
  PlnRecorder *self = user_data;

  self->retry_id = 0;
  _pln_recorder_connect_source (self);
  return G_SOURCE_REMOVE;
}

void
_pln_recorder_schedule_retry (PlnRecorder *self)
{
  guint delay = self->retry_delay_ms;

  self->retry_delay_ms = MIN (self->retry_delay_ms * 2, MAX_RETRY_MS);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_id = g_timeout_add (delay, on_retry_cb, self);
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
