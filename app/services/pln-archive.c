/* pln-archive.c: see pln-archive.h.
 *
 * A job packages into a hidden folder beside the raw segments
 * (.outputs-partial-XXXXXX) in a thread of its own at a low CPU priority,
 * then, on the main context, that folder is renamed to outputs/ and its
 * files registered. A cancelled or failed job removes its hidden folder,
 * so nothing half-written is left, and never touches the raw segments.
 */
#define G_LOG_DOMAIN "plenary-archive"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "pln-archive.h"
#include "pln-manifest.h"
#include "pln-packager.h"
#include "pln-store-recordings.h"
#include "pln-store-schedule.h"
#include "pln-store-search.h"
#include "pln-thumbnailer.h"

#define POSTER_WIDTH 640

struct _PlnArchive
{
  GObject     parent_instance;

  PlnStore   *store;
  guint       max_jobs;
  GHashTable *running;    /* job id (gint64 *) → Run */
  gboolean    started;
  guint       kick_id;
  guint       poll_id;
};

typedef struct
{
  PlnArchive        *archive;
  GMainContext      *context;
  gint64             job_id;
  gint64             recording_id;
  char              *folder;         /* relative to the library */
  char              *dir;            /* absolute recording folder */
  char              *partial_dir;
  char              *name;
  PlnPackageOutputs  outputs;
  guint              thumb_seconds;
  GCancellable      *cancellable;
  GPtrArray         *files;          /* "kind\tname" inside the outputs folder */
  gint64             duration_ms;
  double             stored_progress;   /* main context only */
  gboolean           ok;
  GError            *error;
} Run;

typedef struct
{
  PlnArchive *archive;
  gint64      job_id;
  double      progress;
} Progress;

G_DEFINE_FINAL_TYPE (PlnArchive, pln_archive, G_TYPE_OBJECT)

enum {
  JOB_PROGRESS,
  JOB_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void kick (PlnArchive *self);

static void
run_free (Run *run)
{
  g_clear_object (&run->archive);
  g_clear_pointer (&run->context, g_main_context_unref);
  g_free (run->folder);
  g_free (run->dir);
  g_free (run->partial_dir);
  g_free (run->name);
  g_clear_object (&run->cancellable);
  g_clear_pointer (&run->files, g_ptr_array_unref);
  g_clear_error (&run->error);
  g_free (run);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          remove_tree (child);
        else
          g_remove (child);
      }
  g_rmdir (path);
}

static gboolean
setting_true (PlnStore   *store,
              const char *key)
{
  g_autofree char *value = pln_store_dup_setting (store, key);

  return value != NULL && (g_str_equal (value, "true") || g_str_equal (value, "1"));
}

static guint
thumbnail_seconds (PlnStore *store)
{
  g_autofree char *value = pln_store_dup_setting (store, PLN_SETTING_ARCHIVE_THUMBNAILS);
  gint64 n;

  if (value == NULL || *value == '\0' || !g_ascii_string_to_signed (value, 10, 0, 24 * 3600, &n, NULL))
    return 60;
  return (guint) n;
}

/* ---- In the job's thread -------------------------------------------- */

static gboolean
on_progress_idle_cb (gpointer user_data)
{
  Progress *progress = user_data;
  PlnArchive *self = progress->archive;
  Run *run = g_hash_table_lookup (self->running, &progress->job_id);

  /* The store's copy (for other programs: plenary library jobs) in steps of 5 %. */
  if (run != NULL && self->store != NULL && progress->progress >= run->stored_progress + 0.05)
    {
      run->stored_progress = progress->progress;
      pln_store_update_archive_job (self->store, progress->job_id, "running", progress->progress, NULL, NULL);
    }
  g_signal_emit (self, signals[JOB_PROGRESS], 0, progress->job_id, progress->progress);
  return G_SOURCE_REMOVE;
}

static void
progress_free (gpointer data)
{
  Progress *progress = data;

  g_object_unref (progress->archive);
  g_free (progress);
}

static void
report_progress (Run    *run,
                 double  fraction)
{
  Progress *progress = g_new0 (Progress, 1);

  progress->archive = g_object_ref (run->archive);
  progress->job_id = run->job_id;
  progress->progress = fraction;
  g_main_context_invoke_full (run->context, G_PRIORITY_DEFAULT, on_progress_idle_cb, progress, progress_free);
}

static void
on_packager_progress_cb (PlnPackager *packager,
                         GParamSpec  *pspec,
                         Run         *run)
{
  /* Packaging is 90 % of the work, the stills the rest. */
  report_progress (run, 0.9 * pln_packager_get_progress (packager));
}

static const char *
kind_of_file (Run        *run,
              const char *name)
{
  g_autofree char *mp4 = g_strconcat (run->name, ".mp4", NULL);
  g_autofree char *hls = g_strconcat (run->name, ".m3u8", NULL);
  g_autofree char *audio = g_strconcat (run->name, ".m4a", NULL);
  g_autofree char *low = g_strdup_printf ("%s-%dp.mp4", run->name, PLN_PACKAGE_LOW_HEIGHT);

  if (g_str_equal (name, mp4))
    return "mp4";
  if (g_str_equal (name, hls))
    return "hls";
  if (g_str_equal (name, audio))
    return "audio";
  if (g_str_equal (name, low))
    return "low";
  if (g_str_has_suffix (name, ".vtt") || g_str_has_suffix (name, ".json"))
    return "chapters";
  return "other";
}

static gboolean
run_package (Run     *run,
             GError **error)
{
  g_autoptr(PlnManifest) manifest = NULL;
  g_autoptr(PlnPackager) packager = NULL;
  g_autofree char *mp4 = NULL;
  const char * const *files;

  manifest = pln_manifest_load (run->dir, error);
  if (manifest == NULL)
    return FALSE;
  run->duration_ms = pln_manifest_get_media_duration_ms (manifest);

  packager = pln_packager_new (run->dir, run->partial_dir, run->outputs);
  g_signal_connect (packager, "notify::progress", G_CALLBACK (on_packager_progress_cb), run);
  if (!pln_packager_run (packager, run->cancellable, error))
    return FALSE;

  files = pln_packager_get_files (packager);
  for (guint i = 0; files != NULL && files[i] != NULL; i++)
    {
      g_autofree char *name = g_path_get_basename (files[i]);

      g_ptr_array_add (run->files, g_strdup_printf ("%s\t%s", kind_of_file (run, name), name));
    }

  /* A poster and thumbnails, from the MP4 when there is one (video). */
  mp4 = g_strdup_printf ("%s/%s.mp4", run->partial_dir, run->name);
  if ((run->outputs & PLN_PACKAGE_MP4) && g_file_test (mp4, G_FILE_TEST_EXISTS) &&
      pln_manifest_get_video (manifest) != NULL && *pln_manifest_get_video (manifest) != '\0')
    {
      g_autoptr(PlnThumbnailer) poster = pln_thumbnailer_new (mp4);
      g_autoptr(PlnThumbnailer) thumbs = pln_thumbnailer_new (mp4);
      g_autofree char *poster_path = g_build_filename (run->partial_dir, "poster.jpg", NULL);
      g_autofree char *thumbs_dir = g_build_filename (run->partial_dir, "thumbnails", NULL);
      gint64 at_ms = MIN (run->duration_ms / 10, 10000);
      guint n = 0;

      pln_thumbnailer_set_width (poster, POSTER_WIDTH);
      if (!pln_thumbnailer_save (poster, at_ms * GST_MSECOND, poster_path, run->cancellable, error))
        return FALSE;
      g_ptr_array_add (run->files, g_strdup ("poster\tposter.jpg"));

      if (run->thumb_seconds > 0)
        {
          g_mkdir_with_parents (thumbs_dir, 0755);
          for (gint64 t = 0; t < run->duration_ms; t += run->thumb_seconds * 1000, n++)
            {
              g_autofree char *name = g_strdup_printf ("thumb-%05u.jpg", n);
              g_autofree char *path = g_build_filename (thumbs_dir, name, NULL);

              if (!pln_thumbnailer_save (thumbs, t * GST_MSECOND, path, run->cancellable, error))
                return FALSE;
              g_ptr_array_add (run->files, g_strdup_printf ("thumbnail\tthumbnails/%s", name));
              report_progress (run, 0.9 + 0.1 * (double) t / MAX (run->duration_ms, 1));
            }
        }
    }
  return TRUE;
}

static gboolean on_run_done_cb (gpointer user_data);

static gpointer
run_thread (gpointer user_data)
{
  Run *run = user_data;

  /* Below the live recordings: packaging waits, a recording never does. */
  if (setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), 10) != 0)
    g_debug ("Cannot lower the packaging thread's priority: %s", g_strerror (errno));

  run->ok = run_package (run, &run->error);
  if (!run->ok)
    remove_tree (run->partial_dir);
  g_main_context_invoke (run->context, on_run_done_cb, run);
  return NULL;
}

/* ---- Back on the main context --------------------------------------- */

static gboolean
publish (Run     *run,
         GError **error)
{
  PlnStore *store = run->archive->store;
  g_autofree char *outputs = g_build_filename (run->dir, PLN_ARCHIVE_OUTPUTS_FOLDER, NULL);
  g_autoptr(PlnManifest) manifest = NULL;
  g_autoptr(GPtrArray) chapters = NULL;

  if (g_file_test (outputs, G_FILE_TEST_EXISTS))
    {
      g_autofree char *old = g_strdup_printf ("%s/.outputs-old-%" G_GINT64_FORMAT, run->dir, run->job_id);

      if (g_rename (outputs, old) != 0)
        {
          int saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Cannot replace the old packaged files in %s: %s"), outputs, g_strerror (saved));
          return FALSE;
        }
      remove_tree (old);
    }
  if (g_rename (run->partial_dir, outputs) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot put the packaged files in place in %s: %s"), outputs, g_strerror (saved));
      return FALSE;
    }

  if (!pln_store_clear_recording_outputs (store, run->recording_id, error))
    return FALSE;
  for (guint i = 0; i < run->files->len; i++)
    {
      g_auto(GStrv) parts = g_strsplit (g_ptr_array_index (run->files, i), "\t", 2);
      g_autofree char *path = g_build_filename (outputs, parts[1], NULL);
      g_autofree char *relative = g_build_filename (run->folder, PLN_ARCHIVE_OUTPUTS_FOLDER, parts[1], NULL);
      GStatBuf st;

      if (g_stat (path, &st) != 0)
        continue;
      if (!pln_store_add_recording_output (store, run->recording_id, parts[0], relative, st.st_size, error))
        return FALSE;
    }

  /* The chapters marked while recording, when the store has none yet. */
  chapters = pln_store_list_chapters (store, run->recording_id);
  manifest = pln_manifest_load (run->dir, NULL);
  if (manifest != NULL && chapters->len == 0)
    for (guint i = 0; i < pln_manifest_get_n_chapters (manifest); i++)
      {
        const PlnManifestChapter *chapter = pln_manifest_get_chapter (manifest, i);

        pln_store_add_chapter (store, run->recording_id, chapter->at_ms, chapter->title, NULL);
      }
  return TRUE;
}

static void
finish_job (PlnArchive  *self,
            gint64       job_id,
            gint64       recording_id,
            const char  *state,
            double       progress,
            const char  *message)
{
  g_autoptr(GError) error = NULL;

  if (!pln_store_update_archive_job (self->store, job_id, state, progress, message, &error))
    g_warning ("%s", error->message);
  g_signal_emit (self, signals[JOB_FINISHED], 0, job_id, state, message ? message : "");
}

static gboolean
on_run_done_cb (gpointer user_data)
{
  Run *run = user_data;
  PlnArchive *self = run->archive;
  g_autoptr(GError) error = NULL;
  gboolean cancelled = g_cancellable_is_cancelled (run->cancellable);

  g_hash_table_remove (self->running, &run->job_id);

  if (run->ok && !cancelled && publish (run, &error))
    {
      pln_store_set_recording_state (self->store, run->recording_id, "ready", NULL);
      pln_store_index_recording (self->store, run->recording_id, NULL);
      g_message ("Packaged recording %" G_GINT64_FORMAT " (%s)", run->recording_id, run->folder);
      finish_job (self, run->job_id, run->recording_id, "done", 1.0, NULL);
      pln_archive_apply_retention (self, g_get_real_time () / G_USEC_PER_SEC);
    }
  else
    {
      g_autofree char *message = NULL;

      remove_tree (run->partial_dir);
      pln_store_set_recording_state (self->store, run->recording_id, "stopped", NULL);
      if (cancelled)
        finish_job (self, run->job_id, run->recording_id, "cancelled", 0, _("Cancelled"));
      else
        {
          const GError *reason = error ? error : run->error;
          const char *text = reason ? reason->message : _("unknown error.");
          gboolean has_stop = g_str_has_suffix (text, ".");

          /* Translators: the second %s is the reason, a sentence; %s%s puts a full stop after it if it has none. */
          message = g_strdup_printf (_("Packaging %s failed: %s%s The raw recording is untouched; retry the job."),
                                     run->folder, text, has_stop ? "" : ".");
          g_message ("%s", message);
          finish_job (self, run->job_id, run->recording_id, "failed", 0, message);
        }
    }

  run_free (run);
  kick (self);
  return G_SOURCE_REMOVE;
}

static gboolean
start_job (PlnArchive         *self,
           PlnArchiveJobEntry *job)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnRecording) recording = pln_store_get_recording (self->store, job->recording_id, &error);
  g_autofree char *library = pln_store_dup_library_path (self->store);
  g_autofree char *template = NULL;
  Run *run;

  if (recording == NULL)
    {
      finish_job (self, job->id, job->recording_id, "failed", 0, error->message);
      return FALSE;
    }

  run = g_new0 (Run, 1);
  run->archive = g_object_ref (self);
  run->context = g_main_context_ref_thread_default ();
  run->job_id = job->id;
  run->recording_id = job->recording_id;
  run->folder = g_strdup (pln_recording_get_folder (recording));
  run->dir = g_build_filename (library, run->folder, NULL);
  run->name = g_path_get_basename (run->dir);
  run->outputs = PLN_PACKAGE_MP4 | PLN_PACKAGE_HLS | PLN_PACKAGE_AUDIO;
  if (setting_true (self->store, PLN_SETTING_ARCHIVE_LOW))
    run->outputs |= PLN_PACKAGE_LOW;
  run->thumb_seconds = thumbnail_seconds (self->store);
  run->cancellable = g_cancellable_new ();
  run->files = g_ptr_array_new_with_free_func (g_free);
  template = g_build_filename (run->dir, ".outputs-partial-XXXXXX", NULL);
  if (!g_file_test (run->dir, G_FILE_TEST_IS_DIR) || g_mkdtemp (template) == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Cannot package %s: the recording folder %s is missing or cannot be written. Check the library folder."),
                                                  run->folder, run->dir);
      finish_job (self, job->id, job->recording_id, "failed", 0, message);
      run_free (run);
      return FALSE;
    }
  run->partial_dir = g_steal_pointer (&template);

  pln_store_update_archive_job (self->store, job->id, "running", 0, NULL, NULL);
  pln_store_set_recording_state (self->store, run->recording_id, "packaging", NULL);
  g_hash_table_insert (self->running, g_memdup2 (&run->job_id, sizeof (gint64)), run);
  g_thread_unref (g_thread_new ("pln-archive-job", run_thread, run));
  return TRUE;
}

static gboolean
on_kick_cb (gpointer user_data)
{
  PlnArchive *self = user_data;

  self->kick_id = 0;
  while (g_hash_table_size (self->running) < self->max_jobs)
    {
      PlnArchiveJobEntry *job = pln_store_next_archive_job (self->store);

      if (job == NULL)
        break;
      start_job (self, job);
      pln_archive_job_entry_free (job);
    }
  return G_SOURCE_REMOVE;
}

static void
kick (PlnArchive *self)
{
  if (self->started && self->kick_id == 0)
    self->kick_id = g_idle_add_full (G_PRIORITY_LOW, on_kick_cb, g_object_ref (self), g_object_unref);
}

/* Jobs queued by another program (plenary library retry). */
static gboolean
on_poll_cb (gpointer user_data)
{
  kick (user_data);
  return G_SOURCE_CONTINUE;
}

/* ---- GObject -------------------------------------------------------- */

static void
pln_archive_dispose (GObject *object)
{
  PlnArchive *self = PLN_ARCHIVE (object);

  g_clear_handle_id (&self->kick_id, g_source_remove);
  g_clear_handle_id (&self->poll_id, g_source_remove);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (pln_archive_parent_class)->dispose (object);
}

static void
pln_archive_finalize (GObject *object)
{
  PlnArchive *self = PLN_ARCHIVE (object);

  g_hash_table_unref (self->running);
  G_OBJECT_CLASS (pln_archive_parent_class)->finalize (object);
}

static void
pln_archive_class_init (PlnArchiveClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pln_archive_dispose;
  object_class->finalize = pln_archive_finalize;

  signals[JOB_PROGRESS] =
    g_signal_new ("job-progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_DOUBLE);
  signals[JOB_FINISHED] =
    g_signal_new ("job-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_INT64, G_TYPE_STRING, G_TYPE_STRING);
}

static void
pln_archive_init (PlnArchive *self)
{
  self->max_jobs = 1;
  self->running = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

/* ---- Public API ----------------------------------------------------- */

PlnArchive *
pln_archive_new (PlnStore *store)
{
  PlnArchive *self;

  g_return_val_if_fail (PLN_IS_STORE (store), NULL);

  self = g_object_new (PLN_TYPE_ARCHIVE, NULL);
  self->store = g_object_ref (store);
  return self;
}

PlnStore *
pln_archive_get_store (PlnArchive *self)
{
  g_return_val_if_fail (PLN_IS_ARCHIVE (self), NULL);
  return self->store;
}

guint
pln_archive_get_max_jobs (PlnArchive *self)
{
  g_return_val_if_fail (PLN_IS_ARCHIVE (self), 1);
  return self->max_jobs;
}

void
pln_archive_set_max_jobs (PlnArchive *self,
                          guint       max_jobs)
{
  g_return_if_fail (PLN_IS_ARCHIVE (self));
  self->max_jobs = CLAMP (max_jobs, 1, 2);
  kick (self);
}

void
pln_archive_start (PlnArchive *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (PLN_IS_ARCHIVE (self));

  if (self->started)
    return;
  self->started = TRUE;
  if (!pln_store_requeue_archive_jobs (self->store, &error))
    g_warning ("%s", error->message);
  kick (self);
  self->poll_id = g_timeout_add_seconds (5, on_poll_cb, self);
}

gint64
pln_archive_enqueue (PlnArchive  *self,
                     gint64       recording_id,
                     GError     **error)
{
  gint64 id;

  g_return_val_if_fail (PLN_IS_ARCHIVE (self), 0);

  id = pln_store_add_archive_job (self->store, recording_id, error);
  if (id != 0)
    kick (self);
  return id;
}

gboolean
pln_archive_cancel (PlnArchive  *self,
                    gint64       job_id,
                    GError     **error)
{
  g_autoptr(PlnArchiveJobEntry) job = NULL;
  Run *run;

  g_return_val_if_fail (PLN_IS_ARCHIVE (self), FALSE);

  run = g_hash_table_lookup (self->running, &job_id);
  if (run != NULL)
    {
      /* The thread stops at its next check; on_run_done_cb records it. */
      g_cancellable_cancel (run->cancellable);
      return TRUE;
    }
  job = pln_store_get_archive_job (self->store, job_id);
  if (job == NULL || !g_str_equal (job->state, "queued"))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Packaging job %lld is not waiting or running: nothing to cancel."), (long long) job_id);
      return FALSE;
    }
  finish_job (self, job_id, job->recording_id, "cancelled", 0, _("Cancelled"));
  return TRUE;
}

gboolean
pln_archive_retry (PlnArchive  *self,
                   gint64       job_id,
                   GError     **error)
{
  g_autoptr(PlnArchiveJobEntry) job = NULL;

  g_return_val_if_fail (PLN_IS_ARCHIVE (self), FALSE);

  job = pln_store_get_archive_job (self->store, job_id);
  if (job == NULL || !(g_str_equal (job->state, "failed") || g_str_equal (job->state, "cancelled")))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Packaging job %lld has not failed or been cancelled: nothing to retry."), (long long) job_id);
      return FALSE;
    }
  if (!pln_store_update_archive_job (self->store, job_id, "queued", 0, NULL, error))
    return FALSE;
  kick (self);
  return TRUE;
}

guint
pln_archive_get_n_running (PlnArchive *self)
{
  g_return_val_if_fail (PLN_IS_ARCHIVE (self), 0);
  return g_hash_table_size (self->running);
}

guint
pln_archive_apply_retention (PlnArchive *self,
                             gint64      now)
{
  g_autofree char *policy = pln_store_dup_setting (self->store, PLN_SETTING_RETENTION_DAYS);
  g_autofree char *library = NULL;
  g_autoptr(GArray) ids = NULL;
  gint64 days;
  guint removed = 0;

  g_return_val_if_fail (PLN_IS_ARCHIVE (self), 0);

  if (policy == NULL || !g_ascii_string_to_signed (policy, 10, 0, 100000, &days, NULL))
    return 0;   /* keep */

  library = pln_store_dup_library_path (self->store);
  ids = pln_store_list_raw_to_remove (self->store, now - days * 24 * 3600);
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(PlnRecording) recording = pln_store_get_recording (self->store, id, NULL);
      g_autoptr(PlnManifest) manifest = NULL;
      g_autofree char *dir = NULL;

      if (recording == NULL)
        continue;
      dir = g_build_filename (library, pln_recording_get_folder (recording), NULL);
      manifest = pln_manifest_load (dir, NULL);
      if (manifest != NULL)
        for (guint j = 0; j < pln_manifest_get_n_segments (manifest); j++)
          {
            g_autofree char *path = pln_manifest_dup_segment_path (manifest, j);
            g_remove (path);
          }
      pln_store_set_raw_removed (self->store, id, now, NULL);
      removed++;
    }
  return removed;
}
