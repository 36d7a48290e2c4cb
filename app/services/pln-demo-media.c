/* pln-demo-media.c: see pln-demo-media.h. */
#define G_LOG_DOMAIN "plenary-demo"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "pln-archive.h"
#include "pln-demo-media.h"
#include "pln-file-tree.h"
#include "pln-manifest.h"
#include "pln-recorder.h"
#include "pln-store-recordings.h"
#include "pln-store-search.h"

typedef struct
{
  PlnRecorder *recorder;
  gboolean     done;
} Take;

static gboolean
on_poll_cb (gpointer user_data)
{
  Take *take = user_data;

  /* At least this much has reached the files; what the pipeline still
   * holds is written too, so the take runs a little longer. */
  if (pln_recorder_get_media_ms (take->recorder) >= PLN_DEMO_MEDIA_MS)
    {
      pln_recorder_stop (take->recorder);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

/* Records PLN_DEMO_MEDIA_MS of test pattern titled @title into @dir. */
static gboolean
record_take (const char  *dir,
             const char  *title,
             GError     **error)
{
  g_autofree char *escaped = g_uri_escape_string (title, NULL, FALSE);
  g_autofree char *uri = g_strdup_printf ("test://demo?size=320x240&fps=25&live=false&title=%s", escaped);
  g_autoptr(PlnSource) source = pln_source_new (uri, error);
  g_autoptr(PlnRecorder) recorder = NULL;
  Take take = { 0 };
  gint64 deadline;

  if (source == NULL)
    return FALSE;
  recorder = pln_recorder_new (source, dir);
  pln_recorder_set_min_free_bytes (recorder, 50 * 1000 * 1000);
  pln_recorder_set_preset (recorder, PLN_ENCODE_PRESET_LIGHT);
  pln_recorder_set_video_bitrate (recorder, 400);
  if (!pln_recorder_start (recorder, error))
    return FALSE;
  take.recorder = recorder;
  g_timeout_add (2, on_poll_cb, &take);
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (pln_recorder_get_state (recorder) != PLN_RECORDER_STATE_STOPPED &&
         pln_recorder_get_state (recorder) != PLN_RECORDER_STATE_FAILED &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove_by_user_data (&take);
  if (pln_recorder_get_state (recorder) != PLN_RECORDER_STATE_STOPPED)
    {
      const GError *reason = pln_recorder_get_error (recorder);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot record the demo recording in %s: %s"),
                   dir, reason ? reason->message : _("it took too long"));
      return FALSE;
    }
  return TRUE;
}

static void
on_job_finished_cb (PlnArchive *archive,
                    gint64      job_id,
                    const char *state,
                    const char *message,
                    int        *pending)
{
  (*pending)--;
  if (!g_str_equal (state, "done"))
    g_warning ("%s", message);
}

int
pln_demo_media_record (PlnStore  *store,
                       GError   **error)
{
  g_autoptr(GListModel) events = pln_store_get_events_model (store);
  g_autoptr(PlnArchive) archive = pln_archive_new (store);
  g_autofree char *library = pln_store_dup_library_path (store);
  g_autofree char *demo_dir = g_build_filename (library, "demo", NULL);
  guint n = MIN (g_list_model_get_n_items (events), PLN_DEMO_MEDIA_RECORDINGS);
  int pending = 0;

  pln_file_tree_remove (demo_dir);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlnEvent) listed = g_list_model_get_item (events, i);
      g_autoptr(PlnEvent) event = pln_store_get_event (store, pln_event_get_id (listed), error);
      g_autofree char *folder = g_strdup_printf ("demo/recording-%u", i + 1);
      g_autofree char *dir = g_build_filename (library, folder, NULL);
      g_autofree char *seed = g_strdup_printf ("plenary-demo-recording-%u", i + 1);
      g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, seed, -1);
      g_autofree char *public_id = g_strndup (digest, 32);
      g_autoptr(PlnManifest) manifest = NULL;
      GListModel *agenda;
      guint n_chapters;
      gint64 id;

      if (event == NULL)
        return -1;
      if (!record_take (dir, pln_event_get_title (event), error))
        return -1;

      id = pln_store_import_recording (store, pln_event_get_id (event), public_id, pln_event_get_title (event),
                                       _("Demo recording: a test pattern in place of the event's video."),
                                       folder, "test://demo", pln_event_get_starts_at (event),
                                       pln_event_get_starts_at (event) + PLN_DEMO_MEDIA_MS / 1000,
                                       PLN_VISIBILITY_PUBLIC, error);
      if (id == 0)
        return -1;

      /* The agenda as chapters, spread over the take, in the manifest (the
       * packaged MP4 carries them) and in the store. */
      manifest = pln_manifest_load (dir, error);
      if (manifest == NULL)
        return -1;
      agenda = pln_event_get_agenda (event);
      n_chapters = MIN (g_list_model_get_n_items (agenda), 4);
      for (guint j = 0; j < n_chapters; j++)
        {
          g_autoptr(PlnAgendaItem) item = g_list_model_get_item (agenda, j);
          gint64 at = (gint64) j * PLN_DEMO_MEDIA_MS / n_chapters;

          pln_manifest_add_chapter (manifest, at, pln_agenda_item_get_title (item));
          if (!pln_store_add_chapter (store, id, at, pln_agenda_item_get_title (item), error))
            return -1;
        }
      if (!pln_manifest_save (manifest, error))
        return -1;
      for (guint j = 0; j < pln_manifest_get_n_segments (manifest); j++)
        {
          const PlnManifestSegment *segment = pln_manifest_get_segment (manifest, j);
          g_autofree char *path = g_build_filename (folder, segment->file, NULL);

          pln_store_set_recording_segment (store, id, (int) j, path, segment->start_ms, segment->duration_ms,
                                           (gint64) segment->bytes, 0, NULL);
        }
      if (!pln_store_finish_recording (store, id, "stopped", pln_event_get_starts_at (event) + PLN_DEMO_MEDIA_MS / 1000,
                                       pln_manifest_get_media_duration_ms (manifest), error) ||
          pln_archive_enqueue (archive, id, error) == 0)
        return -1;
      pending++;
    }

  g_signal_connect (archive, "job-finished", G_CALLBACK (on_job_finished_cb), &pending);
  /* One at a time: the rows of their files come in the same order on every run. */
  pln_archive_set_max_jobs (archive, 1);
  pln_archive_start (archive);
  while (pending > 0)
    g_main_context_iteration (NULL, TRUE);

  /* The course lessons the core demo wrote as plain rows, searchable too. */
  if (!pln_store_rebuild_search_index (store, error))
    return -1;
  return (int) n;
}
