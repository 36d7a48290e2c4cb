/* pln-recording-service.c: see pln-recording-service.h.
 *
 * A recording folder (library/event-E/source-S) holds the manifest and the
 * segments. The recorder never writes into a folder that already holds a
 * recording, so a resumed recording records into a part folder inside it
 * (part-T); when that part ends, or before the next resume, its segments
 * are moved into the recording folder as the next segment files and its
 * manifest entries (shifted onto the recording's timeline) appended to the
 * recording's, with a gap from where the media ended to where it resumed.
 */
#define G_LOG_DOMAIN "plenary-recording"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "pln-file-tree.h"
#include "pln-manifest.h"
#include "pln-mp4-boxes.h"
#include "pln-recorder.h"
#include "pln-recording-service.h"
#include "pln-store-recordings.h"

typedef struct
{
  PlnRecordingService *service;   /* unowned */
  PlnRecorder         *recorder;
  gint64               source_id;
  gint64               event_id;
  gint64               recording_id;
  char                *title;
  char                *folder;    /* relative to the library */
  char                *dir;       /* the recording folder */
  gboolean             finished;
} Active;

struct _PlnRecordingService
{
  GObject     parent_instance;

  PlnStore   *store;
  PlnArchive *archive;
  GHashTable *active;   /* source id (gint64 *) → Active */
  guint       segment_seconds;
  PlnEncodePreset preset;
};

G_DEFINE_FINAL_TYPE (PlnRecordingService, pln_recording_service, G_TYPE_OBJECT)

enum {
  NOTIFY_USER,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
active_free (Active *active)
{
  if (active->recorder != NULL)
    g_signal_handlers_disconnect_by_data (active->recorder, active);
  g_clear_object (&active->recorder);
  g_free (active->title);
  g_free (active->folder);
  g_free (active->dir);
  g_free (active);
}

static guint64
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (guint64) st.st_size : 0;
}

/* Closes the open segment a killed recorder left, with the figures it
 * last wrote. */
/* How much media a segment file holds up to its last complete fragment,
 * in ms; -1 when it holds none (a writer killed as the segment began
 * leaves the header alone). */
static gint64
readable_media_ms (const char *path)
{
  g_autoptr(PlnMp4File) mp4 = pln_mp4_file_read (path, NULL);
  double end = 0;

  if (mp4 == NULL || mp4->fragments->len == 0)
    return -1;
  for (guint i = 0; i < mp4->fragments->len; i++)
    {
      const PlnMp4Fragment *fragment = &g_array_index (mp4->fragments, PlnMp4Fragment, i);

      end = MAX (end, fragment->start + fragment->duration);
    }
  return (gint64) ((end - g_array_index (mp4->fragments, PlnMp4Fragment, 0).start) * 1000.0);
}

/* A recorder that was killed leaves its last segment open: close it on
 * what the file really holds (the manifest's figures are up to 5 s old),
 * and forget it with its file when it holds no media, so that no
 * unplayable segment is indexed. */
static void
close_open_segment (PlnManifest *manifest)
{
  guint n = pln_manifest_get_n_segments (manifest);
  const PlnManifestSegment *last;
  g_autofree char *path = NULL;
  gint64 media_ms;

  if (n == 0)
    return;
  last = pln_manifest_get_segment (manifest, n - 1);
  if (last->closed)
    return;
  path = pln_manifest_dup_segment_path (manifest, n - 1);
  media_ms = readable_media_ms (path);
  if (media_ms < 0)
    {
      g_unlink (path);
      pln_manifest_drop_open_segment (manifest);
      return;
    }
  pln_manifest_close_segment (manifest, media_ms, file_size (path));
}

static gint64
media_end_ms (PlnManifest *manifest)
{
  guint n = pln_manifest_get_n_segments (manifest);
  const PlnManifestSegment *last;

  if (n == 0)
    return 0;
  last = pln_manifest_get_segment (manifest, n - 1);
  return last->start_ms + last->duration_ms;
}

/* A recorder killed between creating its next segment's file and saving
 * the manifest leaves a file the manifest does not list: keep it as the
 * last segment if it holds media, else remove it. */
static void
adopt_stray_segment (PlnManifest *manifest)
{
  guint n = pln_manifest_get_n_segments (manifest);
  g_autofree char *name = g_strdup_printf ("segment-%05u.mp4", n);
  g_autofree char *path = g_build_filename (pln_manifest_get_dir (manifest), name, NULL);
  gint64 media_ms;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return;
  media_ms = readable_media_ms (path);
  if (media_ms < 0)
    {
      g_unlink (path);
      return;
    }
  pln_manifest_add_segment (manifest, media_end_ms (manifest));
  pln_manifest_close_segment (manifest, media_ms, file_size (path));
}

static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Moves the part folders of @dir into the recording; see the top. */
static gboolean
merge_parts (const char  *dir,
             GError     **error)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, error);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(PlnManifest) manifest = NULL;
  const char *name;

  if (listing == NULL)
    return FALSE;
  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_prefix (name, "part-"))
      g_ptr_array_add (parts, g_strdup (name));
  if (parts->len == 0)
    return TRUE;
  g_ptr_array_sort (parts, compare_strings);

  manifest = pln_manifest_load (dir, error);
  if (manifest == NULL)
    return FALSE;

  for (guint i = 0; i < parts->len; i++)
    {
      g_autofree char *part_dir = g_build_filename (dir, g_ptr_array_index (parts, i), NULL);
      g_autoptr(PlnManifest) part = pln_manifest_load (part_dir, NULL);
      gint64 offset, end, first;

      if (part != NULL)
        close_open_segment (part);
      if (part == NULL || pln_manifest_get_n_segments (part) == 0 ||
          pln_manifest_get_started (part) == NULL || pln_manifest_get_started (manifest) == NULL)
        {
          pln_file_tree_remove (part_dir);
          continue;
        }

      close_open_segment (manifest);
      end = media_end_ms (manifest);
      offset = g_date_time_difference (pln_manifest_get_started (part), pln_manifest_get_started (manifest)) / 1000;
      first = offset + pln_manifest_get_segment (part, 0)->start_ms;
      if (first > end)
        pln_manifest_add_gap (manifest, end, first, _("Plenary was not recording"));

      for (guint j = 0; j < pln_manifest_get_n_segments (part); j++)
        {
          const PlnManifestSegment *from = pln_manifest_get_segment (part, j);
          const PlnManifestSegment *to = pln_manifest_add_segment (manifest, offset + from->start_ms);
          g_autofree char *from_path = g_build_filename (part_dir, from->file, NULL);
          g_autofree char *to_path = g_build_filename (dir, to->file, NULL);

          if (g_rename (from_path, to_path) != 0)
            {
              int saved = errno;
              g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                           _("Cannot move %s into the recording: %s"), from_path, g_strerror (saved));
              return FALSE;
            }
          pln_manifest_close_segment (manifest, from->duration_ms, from->bytes ? from->bytes : file_size (to_path));
        }
      for (guint j = 0; j < pln_manifest_get_n_gaps (part); j++)
        {
          const PlnManifestGap *gap = pln_manifest_get_gap (part, j);

          pln_manifest_add_gap (manifest, offset + gap->start_ms, offset + gap->end_ms, gap->reason);
        }
      for (guint j = 0; j < pln_manifest_get_n_chapters (part); j++)
        {
          const PlnManifestChapter *chapter = pln_manifest_get_chapter (part, j);

          pln_manifest_add_chapter (manifest, offset + chapter->at_ms, chapter->title);
        }
      if (pln_manifest_get_ended (part) != NULL)
        pln_manifest_set_ended (manifest, pln_manifest_get_ended (part));
      if (!pln_manifest_save (manifest, error))
        return FALSE;
      pln_file_tree_remove (part_dir);
    }
  return TRUE;
}

/* Mirrors the manifest's segments and gaps into the store. */
static void
mirror_segments (PlnRecordingService *self,
                 gint64               recording_id,
                 const char          *folder,
                 PlnManifest         *manifest)
{
  gint64 previous_start = G_MININT64;

  for (guint i = 0; i < pln_manifest_get_n_segments (manifest); i++)
    {
      const PlnManifestSegment *segment = pln_manifest_get_segment (manifest, i);
      g_autofree char *path = g_build_filename (folder, segment->file, NULL);
      gint64 gap_ms = 0;

      for (guint j = 0; j < pln_manifest_get_n_gaps (manifest); j++)
        {
          const PlnManifestGap *gap = pln_manifest_get_gap (manifest, j);

          if (gap->end_ms > previous_start && gap->end_ms <= segment->start_ms + 1000)
            gap_ms += gap->end_ms - gap->start_ms;
        }
      pln_store_set_recording_segment (self->store, recording_id, (int) i, path, segment->start_ms,
                                       segment->duration_ms, (gint64) segment->bytes, gap_ms, NULL);
      previous_start = segment->start_ms;
    }
}

/* The recording has ended: merge, close, mirror, finish, queue. */
static gboolean
finish_recording (PlnRecordingService  *self,
                  gint64                recording_id,
                  const char           *folder,
                  const char           *dir,
                  GError              **error)
{
  g_autoptr(PlnManifest) manifest = NULL;
  gint64 ended;

  if (!merge_parts (dir, error))
    return FALSE;
  manifest = pln_manifest_load (dir, error);
  if (manifest == NULL)
    return FALSE;
  close_open_segment (manifest);
  adopt_stray_segment (manifest);
  if (pln_manifest_get_state (manifest) == PLN_MANIFEST_STATE_RECORDING)
    pln_manifest_set_state (manifest, PLN_MANIFEST_STATE_STOPPED);
  if (pln_manifest_get_ended (manifest) == NULL)
    {
      /* Killed: it ended where its media ends, not now (the restart may
       * come much later, and the tail cut off below counts from here). */
      guint n = pln_manifest_get_n_segments (manifest);
      GDateTime *started = pln_manifest_get_started (manifest);
      g_autoptr(GDateTime) end = NULL;

      if (n > 0 && started != NULL)
        {
          const PlnManifestSegment *last = pln_manifest_get_segment (manifest, n - 1);

          end = g_date_time_add (started, (last->start_ms + last->duration_ms) * G_TIME_SPAN_MILLISECOND);
        }
      else
        end = g_date_time_new_now_utc ();
      pln_manifest_set_ended (manifest, end);
    }
  if (!pln_manifest_save (manifest, error))
    return FALSE;

  mirror_segments (self, recording_id, folder, manifest);
  ended = g_date_time_to_unix (pln_manifest_get_ended (manifest));

  /* The tail recorded after the event's end, for cutting off. */
  {
    g_autoptr(PlnRecording) recording = pln_store_get_recording (self->store, recording_id, NULL);
    g_autoptr(PlnEvent) event = NULL;

    if (recording != NULL && pln_recording_get_event_id (recording) != 0)
      event = pln_store_get_event (self->store, pln_recording_get_event_id (recording), NULL);
    if (event != NULL && ended > pln_event_get_ends_at (event))
      pln_store_set_recording_trim (self->store, recording_id, -1,
                                    (ended - pln_event_get_ends_at (event)) * 1000, NULL);
  }
  if (pln_manifest_get_n_segments (manifest) == 0)
    return pln_store_finish_recording (self->store, recording_id, "failed", ended, 0, error);
  if (!pln_store_finish_recording (self->store, recording_id, "stopped", ended,
                                   pln_manifest_get_media_duration_ms (manifest), error))
    return FALSE;
  return self->archive == NULL || pln_archive_enqueue (self->archive, recording_id, error) != 0;
}

static void
notify_user (PlnRecordingService *self,
             const char          *kind,
             const char          *title,
             const char          *body)
{
  g_signal_emit (self, signals[NOTIFY_USER], 0, kind, title, body);
}

typedef struct
{
  PlnRecordingService *service;
  gint64               source_id;
  Active              *active;
} Removal;

static void
removal_free (gpointer data)
{
  Removal *removal = data;

  g_object_unref (removal->service);
  g_free (removal);
}

static gboolean
on_remove_active_cb (gpointer user_data)
{
  Removal *removal = user_data;

  /* Unless a shutdown has already let it go. */
  if (removal->service->active != NULL &&
      g_hash_table_lookup (removal->service->active, &removal->source_id) == removal->active)
    g_hash_table_remove (removal->service->active, &removal->source_id);
  return G_SOURCE_REMOVE;
}

static void
on_recorder_state_cb (PlnRecorder *recorder,
                      GParamSpec  *pspec,
                      Active      *active)
{
  PlnRecordingService *self = active->service;
  PlnRecorderState state = pln_recorder_get_state (recorder);
  g_autoptr(GError) error = NULL;

  switch (state)
    {
    case PLN_RECORDER_STATE_RECONNECTING:
      {
        g_autofree char *body = g_strdup_printf (_("%s: the link was lost; reconnecting."),
                                                 pln_source_get_display_uri (pln_recorder_get_source (recorder)));
        notify_user (self, "reconnecting", active->title, body);
      }
      break;

    case PLN_RECORDER_STATE_STOPPED:
    case PLN_RECORDER_STATE_FAILED:
      if (active->finished)
        break;
      active->finished = TRUE;
      if (state == PLN_RECORDER_STATE_FAILED)
        {
          const GError *reason = pln_recorder_get_error (recorder);
          g_autofree char *body = g_strdup_printf (_("Recording %s failed: %s"),
                                                   pln_source_get_display_uri (pln_recorder_get_source (recorder)),
                                                   reason ? reason->message : _("unknown error"));

          pln_store_log_schedule (self->store, active->event_id, active->source_id, "failed", body, NULL);
          notify_user (self, "failed", active->title, body);
        }
      if (!finish_recording (self, active->recording_id, active->folder, active->dir, &error))
        g_warning ("%s", error->message);
      else if (state == PLN_RECORDER_STATE_STOPPED)
        {
          g_autofree char *body = g_strdup_printf (_("The recording of %s stopped and is being packaged."),
                                                   pln_source_get_display_uri (pln_recorder_get_source (recorder)));

          pln_store_log_schedule (self->store, active->event_id, active->source_id, "stopped", NULL, NULL);
          notify_user (self, "stopped", active->title, body);
        }
      g_message ("Recording %" G_GINT64_FORMAT " of “%s” ended (%s)", active->recording_id, active->title,
                 pln_recorder_state_to_string (state));
      /* Not from inside the recorder's own notification. */
      {
        Removal *removal = g_new0 (Removal, 1);

        removal->service = g_object_ref (self);
        removal->source_id = active->source_id;
        removal->active = active;
        g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, on_remove_active_cb, removal, removal_free);
      }
      break;

    case PLN_RECORDER_STATE_IDLE:
    case PLN_RECORDER_STATE_STARTING:
    case PLN_RECORDER_STATE_RECORDING:
    default:
      break;
    }
}

/* ---- GObject -------------------------------------------------------- */

static void
pln_recording_service_dispose (GObject *object)
{
  PlnRecordingService *self = PLN_RECORDING_SERVICE (object);

  g_hash_table_remove_all (self->active);
  g_clear_object (&self->archive);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (pln_recording_service_parent_class)->dispose (object);
}

static void
pln_recording_service_finalize (GObject *object)
{
  PlnRecordingService *self = PLN_RECORDING_SERVICE (object);

  g_hash_table_unref (self->active);
  G_OBJECT_CLASS (pln_recording_service_parent_class)->finalize (object);
}

static void
pln_recording_service_class_init (PlnRecordingServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pln_recording_service_dispose;
  object_class->finalize = pln_recording_service_finalize;

  signals[NOTIFY_USER] =
    g_signal_new ("notify-user", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
}

static void
pln_recording_service_init (PlnRecordingService *self)
{
  self->active = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) active_free);
  self->segment_seconds = 600;
}

/* ---- Public API ----------------------------------------------------- */

PlnRecordingService *
pln_recording_service_new (PlnStore   *store,
                           PlnArchive *archive)
{
  PlnRecordingService *self;

  g_return_val_if_fail (PLN_IS_STORE (store), NULL);

  self = g_object_new (PLN_TYPE_RECORDING_SERVICE, NULL);
  self->store = g_object_ref (store);
  self->archive = archive ? g_object_ref (archive) : NULL;
  return self;
}

PlnStore *
pln_recording_service_get_store (PlnRecordingService *self)
{
  g_return_val_if_fail (PLN_IS_RECORDING_SERVICE (self), NULL);
  return self->store;
}

void
pln_recording_service_set_segment_seconds (PlnRecordingService *self,
                                           guint                seconds)
{
  g_return_if_fail (PLN_IS_RECORDING_SERVICE (self));
  self->segment_seconds = MAX (seconds, 1);
}

void
pln_recording_service_set_preset (PlnRecordingService *self,
                                  PlnEncodePreset      preset)
{
  g_return_if_fail (PLN_IS_RECORDING_SERVICE (self));
  self->preset = preset;
}

PlnRecorder *
pln_recording_service_get_recorder (PlnRecordingService *self,
                                    gint64               source_id)
{
  Active *active;

  g_return_val_if_fail (PLN_IS_RECORDING_SERVICE (self), NULL);

  active = g_hash_table_lookup (self->active, &source_id);
  return active != NULL ? active->recorder : NULL;
}

gint64
pln_recording_service_ensure (PlnRecordingService       *self,
                              const PlnScheduledSource  *scheduled,
                              GError                   **error)
{
  g_autoptr(PlnRecording) recording = NULL;
  g_autoptr(PlnSource) source = NULL;
  g_autoptr(GError) source_error = NULL;
  g_autofree char *library = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *record_dir = NULL;
  g_autofree char *body = NULL;
  gint64 recording_id;
  gboolean resume = FALSE;
  Active *active;

  g_return_val_if_fail (PLN_IS_RECORDING_SERVICE (self), 0);

  active = g_hash_table_lookup (self->active, &scheduled->source_id);
  if (active != NULL)
    return active->recording_id;

  library = pln_store_dup_library_path (self->store);
  recording_id = pln_store_find_source_recording (self->store, scheduled->event_id, scheduled->source_id);
  if (recording_id != 0)
    {
      recording = pln_store_get_recording (self->store, recording_id, error);
      if (recording == NULL)
        return 0;
      /* Ended (stopped by hand, packaged, failed): the schedule is done with it. */
      if (!g_str_equal (pln_recording_get_state (recording), "recording"))
        return 0;
      folder = g_strdup (pln_recording_get_folder (recording));
      resume = TRUE;
    }
  else
    folder = g_strdup_printf ("event-%" G_GINT64_FORMAT "/source-%" G_GINT64_FORMAT,
                              scheduled->event_id, scheduled->source_id);
  dir = g_build_filename (library, folder, NULL);

  source = pln_source_new (scheduled->uri, &source_error);
  if (source == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Cannot record “%s” for %s: %s"), scheduled->uri,
                                                  scheduled->title, source_error->message);

      if (!pln_store_has_schedule_log (self->store, scheduled->event_id, scheduled->source_id, "failed"))
        pln_store_log_schedule (self->store, scheduled->event_id, scheduled->source_id, "failed", message, NULL);
      g_propagate_error (error, g_steal_pointer (&source_error));
      return 0;
    }

  if (resume)
    {
      g_autoptr(GError) merge_error = NULL;
      g_autofree char *part = g_strdup_printf ("part-%" G_GINT64_FORMAT, g_get_real_time () / 1000);

      /* A part a previous run left behind goes in first. */
      if (!merge_parts (dir, &merge_error))
        g_warning ("%s", merge_error->message);
      record_dir = g_build_filename (dir, part, NULL);
    }
  else
    {
      if (g_file_test (dir, G_FILE_TEST_EXISTS))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                       _("The folder %s already exists but no recording in the database uses it; move it away so that “%s” can be recorded."),
                       dir, scheduled->title);
          return 0;
        }
      record_dir = g_strdup (dir);
    }

  active = g_new0 (Active, 1);
  active->service = self;
  active->source_id = scheduled->source_id;
  active->event_id = scheduled->event_id;
  active->title = g_strdup (scheduled->title);
  active->folder = g_strdup (folder);
  active->dir = g_strdup (dir);
  active->recorder = pln_recorder_new (source, record_dir);
  pln_recorder_set_segment_seconds (active->recorder, self->segment_seconds);
  pln_recorder_set_preset (active->recorder, self->preset);

  if (!pln_recorder_start (active->recorder, error))
    {
      active_free (active);
      return 0;
    }
  if (!resume)
    {
      recording_id = pln_store_add_event_recording (self->store, scheduled->event_id, scheduled->source_id,
                                                    scheduled->title, folder, pln_source_get_display_uri (source),
                                                    g_get_real_time () / G_USEC_PER_SEC, error);
      if (recording_id == 0)
        {
          pln_recorder_stop (active->recorder);
          active_free (active);
          return 0;
        }
      /* The lead-in recorded before the event's start, for cutting off. */
      if (scheduled->starts_at > g_get_real_time () / G_USEC_PER_SEC)
        pln_store_set_recording_trim (self->store, recording_id,
                                      (scheduled->starts_at - g_get_real_time () / G_USEC_PER_SEC) * 1000, -1, NULL);
    }
  active->recording_id = recording_id;
  g_signal_connect (active->recorder, "notify::state", G_CALLBACK (on_recorder_state_cb), active);
  g_hash_table_insert (self->active, g_memdup2 (&active->source_id, sizeof (gint64)), active);

  body = g_strdup_printf (resume ? _("Recording of %s resumed (the gap is marked).")
                                 : _("Recording %s."),
                          pln_source_get_display_uri (source));
  pln_store_log_schedule (self->store, scheduled->event_id, scheduled->source_id,
                          resume ? "resumed" : "started", body, NULL);
  notify_user (self, "started", scheduled->title, body);
  return recording_id;
}

gboolean
pln_recording_service_is_recording (PlnRecordingService *self,
                                    gint64               source_id)
{
  g_return_val_if_fail (PLN_IS_RECORDING_SERVICE (self), FALSE);
  return g_hash_table_contains (self->active, &source_id);
}

gboolean
pln_recording_service_owns_recording (PlnRecordingService *self,
                                      gint64               recording_id)
{
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (PLN_IS_RECORDING_SERVICE (self), FALSE);

  g_hash_table_iter_init (&iter, self->active);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((Active *) value)->recording_id == recording_id)
      return TRUE;
  return FALSE;
}

void
pln_recording_service_stop (PlnRecordingService *self,
                            gint64               source_id)
{
  Active *active;

  g_return_if_fail (PLN_IS_RECORDING_SERVICE (self));

  active = g_hash_table_lookup (self->active, &source_id);
  if (active != NULL)
    pln_recorder_stop (active->recorder);
}

GArray *
pln_recording_service_list_active (PlnRecordingService *self)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (PLN_IS_RECORDING_SERVICE (self), ids);

  g_hash_table_iter_init (&iter, self->active);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_array_append_val (ids, *(gint64 *) key);
  return ids;
}

gboolean
pln_recording_service_finish_orphan (PlnRecordingService  *self,
                                     gint64                recording_id,
                                     GError              **error)
{
  g_autoptr(PlnRecording) recording = pln_store_get_recording (self->store, recording_id, error);
  g_autofree char *library = NULL;
  g_autofree char *dir = NULL;

  if (recording == NULL)
    return FALSE;
  library = pln_store_dup_library_path (self->store);
  dir = g_build_filename (library, pln_recording_get_folder (recording), NULL);
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      pln_store_finish_recording (self->store, recording_id, "failed", g_get_real_time () / G_USEC_PER_SEC, 0, NULL);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The folder of recording “%s” (%s) is missing; it is marked failed."),
                   pln_recording_get_title (recording), dir);
      return FALSE;
    }
  return finish_recording (self, recording_id, pln_recording_get_folder (recording), dir, error);
}

void
pln_recording_service_shutdown (PlnRecordingService *self,
                                guint                timeout_ms)
{
  GHashTableIter iter;
  gpointer value;
  gint64 deadline;

  g_return_if_fail (PLN_IS_RECORDING_SERVICE (self));

  /* Stop the recorders but keep the rows 'recording': the recording goes
   * on as a new part at the next start if its event still runs. */
  g_hash_table_iter_init (&iter, self->active);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Active *active = value;

      active->finished = TRUE;
      pln_recorder_stop (active->recorder);
    }
  deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  while (g_get_monotonic_time () < deadline)
    {
      gboolean busy = FALSE;

      g_hash_table_iter_init (&iter, self->active);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          PlnRecorderState state = pln_recorder_get_state (((Active *) value)->recorder);

          busy |= state != PLN_RECORDER_STATE_STOPPED && state != PLN_RECORDER_STATE_FAILED;
        }
      if (!busy)
        break;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  g_hash_table_remove_all (self->active);
}
