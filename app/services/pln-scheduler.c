/* pln-scheduler.c: see pln-scheduler.h. */
#define G_LOG_DOMAIN "plenary-scheduler"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <unistd.h>

#include "pln-probe.h"
#include "pln-scheduler.h"
#include "pln-store-recordings.h"

/* A start later than this after the window opened is reported as missed. */
#define LATE_START_SECONDS 60
/* How far back a fully missed recording is still reported. */
#define MISSED_LOOKBACK_SECONDS (7 * 24 * 3600)

struct _PlnScheduler
{
  GObject              parent_instance;

  PlnRecordingService *service;
  PlnStore            *store;
  char                *owner;
  guint                lease_seconds;
  int                  lead_seconds;
  int                  tail_seconds;
  gboolean             leader;
  gint64               renewed_mono;
  guint                tick_id;
  guint                ticks;
  GHashTable          *probed;       /* event ids probed ahead (gint64 *) */
  GHashTable          *manual;       /* source id → record_until (gint64 *), started by hand */
  GCancellable        *cancellable;
};

G_DEFINE_FINAL_TYPE (PlnScheduler, pln_scheduler, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LEADER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_leader (PlnScheduler *self,
            gboolean      leader)
{
  if (self->leader == leader)
    return;
  self->leader = leader;
  g_message (leader ? "This instance (%s) now runs the schedule"
                    : "This instance (%s) no longer runs the schedule", self->owner);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEADER]);
}

static void
renew_lease (PlnScheduler *self)
{
  g_autoptr(GError) error = NULL;
  gint64 now_mono = g_get_monotonic_time ();
  gboolean held = FALSE;

  if (self->leader && now_mono - self->renewed_mono < (gint64) self->lease_seconds * G_USEC_PER_SEC / 3)
    return;
  if (!pln_store_take_lease (self->store, self->owner, g_get_real_time () / 1000,
                             (gint64) self->lease_seconds * 1000, &held, &error))
    {
      /* A busy database: try again at the next tick. */
      g_debug ("%s", error->message);
      return;
    }
  if (held)
    self->renewed_mono = now_mono;
  set_leader (self, held);
}

/* Every event whose window passed without any recording of a source is
 * reported once. */
static void
report_missed (PlnScheduler *self,
               gint64        now)
{
  g_autoptr(GPtrArray) sources = pln_store_list_scheduled_sources (self->store, now - MISSED_LOOKBACK_SECONDS, now,
                                                                   self->lead_seconds, self->tail_seconds);

  for (guint i = 0; i < sources->len; i++)
    {
      PlnScheduledSource *source = g_ptr_array_index (sources, i);
      g_autofree char *message = NULL;

      if (source->record_until > now ||
          pln_store_find_source_recording (self->store, source->event_id, source->source_id) != 0 ||
          pln_store_has_schedule_log (self->store, source->event_id, source->source_id, "missed"))
        continue;
      message = g_strdup_printf (_("“%s” (%s) was not recorded: Plenary was not running when it was due to start."),
                                 source->title, source->uri);
      g_warning ("%s", message);
      pln_store_log_schedule (self->store, source->event_id, source->source_id, "missed", message, NULL);
    }
}

static void
finish_orphans (PlnScheduler *self,
                GHashTable   *running_events)
{
  g_autoptr(GListModel) recordings = pln_store_list_all_recordings (self->store);

  for (guint i = 0; i < g_list_model_get_n_items (recordings); i++)
    {
      g_autoptr(PlnRecording) recording = g_list_model_get_item (recordings, i);
      gint64 event_id = pln_recording_get_event_id (recording);
      g_autoptr(GError) error = NULL;

      if (event_id == 0 || !g_str_equal (pln_recording_get_state (recording), "recording") ||
          g_hash_table_contains (running_events, &event_id) ||
          pln_recording_service_owns_recording (self->service, pln_recording_get_id (recording)))
        continue;
      g_message ("Recording %" G_GINT64_FORMAT " was left open by a run that ended; finishing it",
                 pln_recording_get_id (recording));
      if (!pln_recording_service_finish_orphan (self->service, pln_recording_get_id (recording), &error))
        g_warning ("%s", error->message);
    }
}

static void
on_probe_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  PlnProbe *probe = PLN_PROBE (object);
  g_autoptr(PlnStore) store = user_data;
  g_autoptr(GError) error = NULL;
  gint64 point_id = GPOINTER_TO_SIZE (g_object_get_data (object, "point-id"));
  g_autofree char *summary = NULL;
  gboolean ok = pln_probe_run_finish (probe, result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (ok)
    summary = g_strdup_printf ("%s %dx%d, %s", pln_probe_get_video_codec (probe) ? pln_probe_get_video_codec (probe) : "-",
                               pln_probe_get_width (probe), pln_probe_get_height (probe),
                               pln_probe_get_audio_codec (probe) ? pln_probe_get_audio_codec (probe) : "-");
  pln_store_add_probe_result (store, point_id, ok, summary, error ? error->message : NULL, NULL);
}

static void
probe_ahead (PlnScheduler *self,
             gint64        now)
{
  g_autoptr(GPtrArray) sources = pln_store_list_scheduled_sources (self->store, now,
                                                                   now + PLN_SCHEDULER_PROBE_AHEAD_SECONDS + 1,
                                                                   0, 0);

  for (guint i = 0; i < sources->len; i++)
    {
      PlnScheduledSource *source = g_ptr_array_index (sources, i);

      if (source->starts_at > now + PLN_SCHEDULER_PROBE_AHEAD_SECONDS || source->starts_at <= now ||
          g_hash_table_contains (self->probed, &source->event_id))
        continue;
      g_hash_table_add (self->probed, g_memdup2 (&source->event_id, sizeof (gint64)));
      pln_scheduler_probe_event (self, source->event_id);
    }
}

static gboolean
on_tick_cb (gpointer user_data)
{
  pln_scheduler_tick (user_data);
  return G_SOURCE_CONTINUE;
}

/* ---- GObject -------------------------------------------------------- */

static void
pln_scheduler_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PlnScheduler *self = PLN_SCHEDULER (object);

  switch (prop_id)
    {
    case PROP_LEADER:
      g_value_set_boolean (value, self->leader);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pln_scheduler_dispose (GObject *object)
{
  PlnScheduler *self = PLN_SCHEDULER (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->service);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (pln_scheduler_parent_class)->dispose (object);
}

static void
pln_scheduler_finalize (GObject *object)
{
  PlnScheduler *self = PLN_SCHEDULER (object);

  g_free (self->owner);
  g_hash_table_unref (self->probed);
  g_hash_table_unref (self->manual);
  G_OBJECT_CLASS (pln_scheduler_parent_class)->finalize (object);
}

static void
pln_scheduler_class_init (PlnSchedulerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = pln_scheduler_get_property;
  object_class->dispose = pln_scheduler_dispose;
  object_class->finalize = pln_scheduler_finalize;

  properties[PROP_LEADER] =
    g_param_spec_boolean ("leader", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pln_scheduler_init (PlnScheduler *self)
{
  g_autofree char *token = g_uuid_string_random ();

  self->owner = g_strdup_printf ("%s:%d:%.8s", g_get_host_name (), (int) getpid (), token);
  self->lease_seconds = PLN_SCHEDULER_DEFAULT_LEASE_SECONDS;
  self->lead_seconds = PLN_DEFAULT_LEAD_SECONDS;
  self->tail_seconds = PLN_DEFAULT_TAIL_SECONDS;
  self->probed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->manual = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->cancellable = g_cancellable_new ();
}

/* ---- Public API ----------------------------------------------------- */

PlnScheduler *
pln_scheduler_new (PlnRecordingService *service)
{
  PlnScheduler *self;

  g_return_val_if_fail (PLN_IS_RECORDING_SERVICE (service), NULL);

  self = g_object_new (PLN_TYPE_SCHEDULER, NULL);
  self->service = g_object_ref (service);
  self->store = g_object_ref (pln_recording_service_get_store (service));
  return self;
}

PlnRecordingService *
pln_scheduler_get_service (PlnScheduler *self)
{
  g_return_val_if_fail (PLN_IS_SCHEDULER (self), NULL);
  return self->service;
}

const char *
pln_scheduler_get_owner (PlnScheduler *self)
{
  g_return_val_if_fail (PLN_IS_SCHEDULER (self), NULL);
  return self->owner;
}

void
pln_scheduler_set_lease_seconds (PlnScheduler *self,
                                 guint         seconds)
{
  g_return_if_fail (PLN_IS_SCHEDULER (self));
  self->lease_seconds = CLAMP (seconds, 3, 3600);
}

void
pln_scheduler_set_margins (PlnScheduler *self,
                           int           lead_seconds,
                           int           tail_seconds)
{
  g_return_if_fail (PLN_IS_SCHEDULER (self));
  self->lead_seconds = MAX (lead_seconds, 0);
  self->tail_seconds = MAX (tail_seconds, 0);
}

gboolean
pln_scheduler_is_leader (PlnScheduler *self)
{
  g_return_val_if_fail (PLN_IS_SCHEDULER (self), FALSE);
  return self->leader;
}

void
pln_scheduler_start (PlnScheduler *self)
{
  g_return_if_fail (PLN_IS_SCHEDULER (self));

  if (self->tick_id != 0)
    return;
  pln_scheduler_tick (self);
  /* Four times a second, so a recording starts within a quarter of a
   * second of its time (one query of a small index per tick). */
  self->tick_id = g_timeout_add (250, on_tick_cb, self);
}

void
pln_scheduler_stop (PlnScheduler *self)
{
  g_return_if_fail (PLN_IS_SCHEDULER (self));

  g_clear_handle_id (&self->tick_id, g_source_remove);
  pln_recording_service_shutdown (self->service, 5000);
  if (self->leader)
    pln_store_release_lease (self->store, self->owner, NULL);
  set_leader (self, FALSE);
}

void
pln_scheduler_tick (PlnScheduler *self)
{
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(GHashTable) wanted = NULL;
  g_autoptr(GHashTable) running_events = NULL;
  g_autoptr(GArray) active = NULL;
  gint64 now;

  g_return_if_fail (PLN_IS_SCHEDULER (self));

  renew_lease (self);
  if (!self->leader)
    {
      /* Someone else runs the schedule now: our recorders must not record twice. */
      g_autoptr(GArray) mine = pln_recording_service_list_active (self->service);

      if (mine->len > 0)
        pln_recording_service_shutdown (self->service, 5000);
      return;
    }

  now = g_get_real_time () / G_USEC_PER_SEC;
  sources = pln_store_list_scheduled_sources (self->store, now, now + 1, self->lead_seconds, self->tail_seconds);
  wanted = g_hash_table_new (g_int64_hash, g_int64_equal);
  running_events = g_hash_table_new (g_int64_hash, g_int64_equal);

  for (guint i = 0; i < sources->len; i++)
    {
      PlnScheduledSource *source = g_ptr_array_index (sources, i);
      g_autoptr(GError) error = NULL;
      gboolean existed;

      g_hash_table_add (wanted, &source->source_id);
      g_hash_table_add (running_events, &source->event_id);
      if (pln_recording_service_is_recording (self->service, source->source_id))
        continue;

      existed = pln_store_find_source_recording (self->store, source->event_id, source->source_id) != 0;
      if (pln_recording_service_ensure (self->service, source, &error) == 0)
        {
          if (error != NULL && !pln_store_has_schedule_log (self->store, source->event_id, source->source_id, "failed"))
            {
              g_warning ("%s", error->message);
              pln_store_log_schedule (self->store, source->event_id, source->source_id, "failed", error->message, NULL);
            }
          continue;
        }
      if (!existed && now - source->record_from > LATE_START_SECONDS &&
          !pln_store_has_schedule_log (self->store, source->event_id, source->source_id, "missed"))
        {
          g_autofree char *message = g_strdup_printf (_("“%s” (%s) started %d min late: Plenary was not running when it was due to start."),
                                                      source->title, source->uri,
                                                      (int) ((now - source->record_from + 59) / 60));
          g_warning ("%s", message);
          pln_store_log_schedule (self->store, source->event_id, source->source_id, "missed", message, NULL);
        }
    }

  /* Windows that have closed. */
  active = pln_recording_service_list_active (self->service);
  for (guint i = 0; i < active->len; i++)
    {
      gint64 *source_id = &g_array_index (active, gint64, i);
      gint64 *manual_until = g_hash_table_lookup (self->manual, source_id);

      if (g_hash_table_contains (wanted, source_id) || (manual_until != NULL && now < *manual_until))
        continue;
      g_hash_table_remove (self->manual, source_id);
      pln_recording_service_stop (self->service, *source_id);
    }

  if (self->ticks++ % 120 == 0)
    {
      finish_orphans (self, running_events);
      report_missed (self, now);
      probe_ahead (self, now);
    }
}

void
pln_scheduler_probe_event (PlnScheduler *self,
                           gint64        event_id)
{
  g_autoptr(GPtrArray) points = NULL;

  g_return_if_fail (PLN_IS_SCHEDULER (self));

  points = pln_store_list_point_sources (self->store, event_id);
  if (points->len == 0)
    return;
  for (guint i = 0; i < points->len; i++)
    {
      g_auto(GStrv) parts = g_strsplit (g_ptr_array_index (points, i), "\t", 2);
      g_autoptr(PlnProbe) probe = pln_probe_new (parts[1]);

      g_object_set_data (G_OBJECT (probe), "point-id",
                         GSIZE_TO_POINTER ((gsize) g_ascii_strtoll (parts[0], NULL, 10)));
      pln_probe_run_async (probe, self->cancellable, on_probe_done_cb, g_object_ref (self->store));
    }
  pln_store_log_schedule (self->store, event_id, 0, "probed", NULL, NULL);
}

/* Every source of @event_id, whatever its window. */
static GPtrArray *
event_sources (PlnScheduler *self,
               gint64        event_id)
{
  GPtrArray *all = pln_store_list_scheduled_sources (self->store, G_MININT32, G_MAXINT64 / 2,
                                                     self->lead_seconds, self->tail_seconds);

  for (guint i = all->len; i > 0; i--)
    if (((PlnScheduledSource *) g_ptr_array_index (all, i - 1))->event_id != event_id)
      g_ptr_array_remove_index (all, i - 1);
  return all;
}

int
pln_scheduler_start_event_now (PlnScheduler  *self,
                               gint64         event_id,
                               GError       **error)
{
  g_autoptr(GPtrArray) sources = NULL;
  int started = 0;

  g_return_val_if_fail (PLN_IS_SCHEDULER (self), -1);

  sources = event_sources (self, event_id);
  if (sources->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("Event %lld has no source to record: add one first."), (long long) event_id);
      return -1;
    }
  for (guint i = 0; i < sources->len; i++)
    {
      PlnScheduledSource *source = g_ptr_array_index (sources, i);
      g_autoptr(GError) local_error = NULL;

      if (pln_recording_service_ensure (self->service, source, &local_error) == 0)
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return -1;
            }
          continue;
        }
      g_hash_table_insert (self->manual, g_memdup2 (&source->source_id, sizeof (gint64)),
                           g_memdup2 (&source->record_until, sizeof (gint64)));
      started++;
    }
  return started;
}

int
pln_scheduler_stop_event_now (PlnScheduler *self,
                              gint64        event_id)
{
  g_autoptr(GPtrArray) sources = NULL;
  int stopped = 0;

  g_return_val_if_fail (PLN_IS_SCHEDULER (self), 0);

  sources = event_sources (self, event_id);
  for (guint i = 0; i < sources->len; i++)
    {
      PlnScheduledSource *source = g_ptr_array_index (sources, i);

      g_hash_table_remove (self->manual, &source->source_id);
      if (pln_recording_service_is_recording (self->service, source->source_id))
        {
          /* Stopped, the recording leaves the 'recording' state: the
           * scheduler will not start it again. */
          pln_recording_service_stop (self->service, source->source_id);
          stopped++;
        }
    }
  return stopped;
}

gboolean
pln_scheduler_extend_event (PlnScheduler  *self,
                            gint64         event_id,
                            int            seconds,
                            GError       **error)
{
  g_autoptr(GPtrArray) sources = NULL;

  g_return_val_if_fail (PLN_IS_SCHEDULER (self), FALSE);

  if (!pln_store_extend_event_recording (self->store, event_id, seconds, error))
    return FALSE;
  /* Its sources started by hand follow the new end too. */
  sources = event_sources (self, event_id);
  for (guint i = 0; i < sources->len; i++)
    {
      gint64 *until = g_hash_table_lookup (self->manual, &((PlnScheduledSource *) g_ptr_array_index (sources, i))->source_id);

      if (until != NULL)
        *until += seconds;
    }
  return TRUE;
}
