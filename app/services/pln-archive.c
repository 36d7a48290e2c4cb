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
#include <gst/gst.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "pln-archive.h"
#include "pln-event.h"
#include "pln-file-tree.h"
#include "pln-manifest.h"
#include "pln-mp4-boxes.h"
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
  gint64      only_job;   /* pln_archive_work_on(): that job and no other */
  gboolean    in_charge;  /* this process runs the queue (see may_work) */
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
  gint64             trim_start_ms;
  gint64             trim_end_ms;
  GPtrArray         *chapters;       /* PlnChapterEntry of the store, untrimmed; may be empty */
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

/* Runs @function on @context's own thread, always by a source attached to
 * it. (g_main_context_invoke() would run it right here, on the job's
 * thread, whenever the context is free at that moment: a thread without a
 * thread-default context counts the global default as its own. Then the
 * job's end was handled on the job's thread, racing the main thread over
 * the running table, the store and the signal handlers: the rare test that
 * waited 60 s for a job that had ended.) */
static void
invoke_on (GMainContext *context,
           GSourceFunc   function,
           gpointer      data,
           GDestroyNotify notify)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, function, data, notify);
  g_source_set_static_name (source, "[plenary] archive job");
  g_source_attach (source, context);
}

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
  g_clear_pointer (&run->chapters, g_ptr_array_unref);
  g_clear_error (&run->error);
  g_free (run);
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
  invoke_on (run->context, on_progress_idle_cb, progress, progress_free);
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

  packager = pln_packager_new (run->dir, run->partial_dir, run->outputs);
  pln_packager_set_trim (packager, run->trim_start_ms, run->trim_end_ms);
  /* The store's chapters, once it has some, are the ones people edit. */
  for (guint i = 0; i < run->chapters->len; i++)
    {
      PlnChapterEntry *chapter = g_ptr_array_index (run->chapters, i);
      pln_packager_add_chapter (packager, chapter->offset_ms, chapter->title);
    }
  g_signal_connect (packager, "notify::progress", G_CALLBACK (on_packager_progress_cb), run);
  if (!pln_packager_run (packager, run->cancellable, error))
    return FALSE;
  /* What players show: the packaged, trimmed timeline. */
  run->duration_ms = (gint64) (pln_packager_get_duration (packager) * 1000 + 0.5);

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
    pln_file_tree_remove (run->partial_dir);
  invoke_on (run->context, on_run_done_cb, run, NULL);
  return NULL;
}

/* ---- Back on the main context --------------------------------------- */

static gboolean
store_gaps (PlnStore     *store,
            gint64        recording_id,
            PlnManifest  *manifest,
            GError      **error)
{
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint g = 0; g < pln_manifest_get_n_gaps (manifest); g++)
    {
      const PlnManifestGap *gap = pln_manifest_get_gap (manifest, g);

      /* A gap still open when the recording ended has nothing after it. */
      if (gap->end_ms <= 0)
        continue;
      g_array_append_val (spans, gap->start_ms);
      g_array_append_val (spans, gap->end_ms);
    }
  return pln_store_set_recording_gaps (store, recording_id, (const gint64 *) (gpointer) spans->data,
                                       spans->len / 2, error);
}

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
      pln_file_tree_remove (old);
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

  if (run->duration_ms > 0 && !pln_store_set_recording_duration (store, run->recording_id, run->duration_ms, error))
    return FALSE;

  /* The chapters marked while recording, when the store has none yet, and
   * the gaps the packaged timeline closes over, which move them. */
  chapters = pln_store_list_chapters_raw (store, run->recording_id);
  manifest = pln_manifest_load (run->dir, NULL);
  if (manifest != NULL && !store_gaps (store, run->recording_id, manifest, error))
    return FALSE;
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

      pln_file_tree_remove (run->partial_dir);
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
  /* Another process sharing the database (the app beside plenary serve)
   * may have taken it between the look and now. */
  if (!pln_store_claim_archive_job (self->store, job->id))
    return FALSE;

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
  pln_store_get_recording_trim (self->store, run->recording_id, &run->trim_start_ms, &run->trim_end_ms);
  run->chapters = pln_store_list_chapters_raw (self->store, run->recording_id);
  run->cancellable = g_cancellable_new ();
  run->files = g_ptr_array_new_with_free_func (g_free);
  /* This job is the only one running for the recording (it was claimed,
   * and no job is picked while another runs for the same recording): a
   * hidden folder left there is a crashed run's, and goes. */
  {
    g_autoptr(GDir) folder = g_dir_open (run->dir, 0, NULL);
    const char *entry;

    while (folder != NULL && (entry = g_dir_read_name (folder)) != NULL)
      if (g_str_has_prefix (entry, ".outputs-partial-") || g_str_has_prefix (entry, ".outputs-old-"))
        {
          g_autofree char *stale = g_build_filename (run->dir, entry, NULL);

          g_message ("Removing %s, left by a packaging run that did not end", stale);
          pln_file_tree_remove (stale);
        }
  }
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
  /* mkdtemp makes it private; published, it is read by web servers too. */
  g_chmod (run->partial_dir, 0755);

  pln_store_set_recording_state (self->store, run->recording_id, "packaging", NULL);
  g_hash_table_insert (self->running, g_memdup2 (&run->job_id, sizeof (gint64)), run);
  g_thread_unref (g_thread_new ("pln-archive-job", run_thread, run));
  return TRUE;
}

/* Only one process packages a database's queue: the one that holds the
 * scheduler's lease (the app or plenary serve, whichever runs the
 * schedule), or any when none does (a lease that is absent or expired).
 * So a second process never takes over jobs the first is running; the
 * process that comes into charge puts back in the queue the jobs left
 * running by the one before it (killed, or stalled past its lease). */
static gboolean
may_work (PlnArchive *self)
{
  gint64 expires_at_ms = 0;
  g_autofree char *owner = pln_store_dup_lease_owner (self->store, &expires_at_ms);
  g_autofree char *ours = NULL;

  if (owner == NULL || expires_at_ms <= g_get_real_time () / 1000)
    return TRUE;
  /* The scheduler's owner is "host:pid:token". */
  ours = g_strdup_printf ("%s:%d:", g_get_host_name (), (int) getpid ());
  return g_str_has_prefix (owner, ours);
}

static void
take_charge (PlnArchive *self)
{
  g_autoptr(GPtrArray) jobs = pln_store_list_archive_jobs (self->store);

  for (guint i = 0; i < jobs->len; i++)
    {
      PlnArchiveJobEntry *job = g_ptr_array_index (jobs, i);
      g_autoptr(GError) error = NULL;

      if (!g_str_equal (job->state, "running") || g_hash_table_contains (self->running, &job->id))
        continue;
      g_message ("Packaging job %" G_GINT64_FORMAT " was left running by a process that is gone; it is queued again",
                 job->id);
      if (!pln_store_update_archive_job (self->store, job->id, "queued", 0, NULL, &error))
        g_warning ("%s", error->message);
    }
}

static gboolean
on_kick_cb (gpointer user_data)
{
  PlnArchive *self = user_data;

  self->kick_id = 0;
  if (self->only_job == 0)
    {
      gboolean may = may_work (self);

      if (may && !self->in_charge)
        take_charge (self);
      self->in_charge = may;
      if (!may)
        return G_SOURCE_REMOVE;
    }
  for (guint tries = 0; tries < 16 && g_hash_table_size (self->running) < self->max_jobs; tries++)
    {
      PlnArchiveJobEntry *job = self->only_job != 0
        ? pln_store_get_archive_job (self->store, self->only_job)
        : pln_store_next_archive_job (self->store);

      if (job != NULL && !g_str_equal (job->state, "queued"))
        g_clear_pointer (&job, pln_archive_job_entry_free);

      if (job == NULL)
        break;
      start_job (self, job);
      pln_archive_job_entry_free (job);
    }
  return G_SOURCE_REMOVE;
}

/* The queue is looked at from a default-priority idle, as the job's end
 * comes back: a low-priority one waits for the main loop to have nothing
 * else to do, which never comes while a video plays or the machine is
 * loaded (a queued import waited for good in the Library). Running it
 * sooner changes no guarantee: on_kick_cb runs on this thread, once per
 * kick, and a job runs only once claimed in the store (queued to
 * running, one claim wins) and listed in the running table until it ends. */
static void
kick (PlnArchive *self)
{
  if (self->started && self->kick_id == 0)
    self->kick_id = g_idle_add_full (G_PRIORITY_DEFAULT, on_kick_cb, g_object_ref (self), g_object_unref);
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
  g_return_if_fail (PLN_IS_ARCHIVE (self));

  if (self->started)
    return;
  self->started = TRUE;
  kick (self);
  self->poll_id = g_timeout_add_seconds (5, on_poll_cb, self);
}

void
pln_archive_work_on (PlnArchive *self,
                     gint64      job_id)
{
  g_return_if_fail (PLN_IS_ARCHIVE (self));
  g_return_if_fail (job_id > 0);

  if (self->started && self->only_job == 0)
    return;
  self->only_job = job_id;
  self->started = TRUE;
  kick (self);
  if (self->poll_id == 0)
    self->poll_id = g_timeout_add_seconds (1, on_poll_cb, self);
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

gint64
pln_archive_repackage (PlnArchive  *self,
                       gint64       recording_id,
                       GError     **error)
{
  g_autoptr(PlnRecording) recording = NULL;
  gint64 removed_at;

  g_return_val_if_fail (PLN_IS_ARCHIVE (self), 0);

  recording = pln_store_get_recording (self->store, recording_id, error);
  if (recording == NULL)
    return 0;
  if (g_str_equal (pln_recording_get_state (recording), "recording") ||
      g_str_equal (pln_recording_get_state (recording), "scheduled"))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                   _("“%s” is still being recorded: it is packaged when it ends."),
                   pln_recording_get_title (recording));
      return 0;
    }
  removed_at = pln_store_get_recording_raw_removed_at (self->store, recording_id);
  if (removed_at > 0)
    {
      g_autofree char *when = pln_format_local_time (removed_at, "%Y-%m-%d");
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("“%s” cannot be packaged again: the retention policy removed its raw recording on %s. Its packaged files stay as they are."),
                   pln_recording_get_title (recording), when);
      return 0;
    }
  return pln_archive_enqueue (self, recording_id, error);
}

/* ---- Import --------------------------------------------------------- */

typedef struct
{
  char                  *path;
  char                  *title;
  gint64                 event_id;
  PlnArchiveImportFlags  flags;
  char                  *folder;      /* relative to the library */
  char                  *dir;
  gint64                 started_at;
  gint64                 duration_ms;
  gint64                 bytes;
  char                  *source_uri;
} Import;

static void
import_free (Import *import)
{
  g_free (import->path);
  g_free (import->title);
  g_free (import->folder);
  g_free (import->dir);
  g_free (import->source_uri);
  g_free (import);
}

typedef struct
{
  GstElement *pipeline;
  GstElement *mux;
  gboolean    has_video;
  gboolean    has_audio;
  gboolean    encodes;
} Remux;

/* Each stream uridecodebin exposes: H.264 and AAC as they are, raw video
 * and sound encoded, anything else (a second video, subtitles) dropped. */
static void
on_import_pad_added_cb (GstElement *decodebin,
                        GstPad     *pad,
                        Remux      *remux)
{
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
  g_autoptr(GstElement) chain = NULL;
  g_autoptr(GstPad) sink = NULL;
  g_autoptr(GstPad) src = NULL;
  g_autoptr(GError) error = NULL;
  const char *description = "fakesink sync=false";
  const char *mux_pad = NULL;
  const char *name;
  GstPad *target;

  if (caps == NULL)
    caps = gst_pad_query_caps (pad, NULL);
  name = gst_structure_get_name (gst_caps_get_structure (caps, 0));

  if (g_str_equal (name, "video/x-h264") && !remux->has_video)
    {
      description = "h264parse ! video/x-h264,stream-format=avc,alignment=au ! queue";
      mux_pad = "video_%u";
      remux->has_video = TRUE;
    }
  else if (g_str_equal (name, "video/x-raw") && !remux->has_video)
    {
      description = "videoconvert ! video/x-raw,format=I420 ! "
                    "x264enc speed-preset=veryfast key-int-max=50 bitrate=2000 ! "
                    "video/x-h264,profile=main ! h264parse ! queue";
      mux_pad = "video_%u";
      remux->has_video = TRUE;
      remux->encodes = TRUE;
    }
  else if (g_str_equal (name, "audio/mpeg") && !remux->has_audio)
    {
      description = "aacparse ! audio/mpeg,stream-format=raw ! queue";
      mux_pad = "audio_%u";
      remux->has_audio = TRUE;
    }
  else if (g_str_equal (name, "audio/x-raw") && !remux->has_audio)
    {
      description = "audioconvert ! audioresample ! avenc_aac ! aacparse ! queue";
      mux_pad = "audio_%u";
      remux->has_audio = TRUE;
      remux->encodes = TRUE;
    }

  chain = gst_parse_bin_from_description (description, TRUE, &error);
  if (chain == NULL)
    {
      g_warning ("Cannot import a stream (%s): %s", name, error->message);
      return;
    }
  gst_object_ref_sink (chain);
  gst_bin_add (GST_BIN (remux->pipeline), chain);
  sink = gst_element_get_static_pad (chain, "sink");
  if (mux_pad != NULL)
    {
      src = gst_element_get_static_pad (chain, "src");
      target = gst_element_request_pad_simple (remux->mux, mux_pad);
      if (target == NULL || gst_pad_link (src, target) != GST_PAD_LINK_OK)
        g_warning ("Cannot import a stream (%s): the MP4 writer refused it", name);
      g_clear_object (&target);
    }
  gst_element_sync_state_with_parent (chain);
  if (gst_pad_link (pad, sink) != GST_PAD_LINK_OK)
    g_warning ("Cannot import a stream (%s): it does not link", name);
}

/* Writes @to as one fragmented MP4 segment with what @from holds. */
static gboolean
import_remux (const char    *from,
              const char    *to,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GstElement) decode = gst_element_factory_make ("uridecodebin", NULL);
  g_autoptr(GstElement) mux = gst_element_factory_make ("mp4mux", NULL);
  g_autoptr(GstElement) sink = gst_element_factory_make ("filesink", NULL);
  g_autoptr(GstElement) pipeline = gst_pipeline_new ("pln-import");
  g_autoptr(GstCaps) caps = gst_caps_from_string ("video/x-h264; audio/mpeg, mpegversion=(int)4; "
                                                  "video/x-raw(ANY); audio/x-raw(ANY)");
  g_autoptr(GstBus) bus = NULL;
  g_autofree char *uri = g_filename_to_uri (from, NULL, NULL);
  Remux remux = { 0 };
  gboolean ok = FALSE;

  if (decode == NULL || mux == NULL || sink == NULL || uri == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Cannot import %s: GStreamer's uridecodebin or mp4mux is missing (gstreamer1.0-plugins-base and -good)."),
                   from);
      return FALSE;
    }
  gst_object_ref_sink (pipeline);
  remux.pipeline = pipeline;
  remux.mux = mux;
  g_object_set (decode, "uri", uri, "caps", caps, NULL);
  g_object_set (mux, "fragment-duration", 1000, NULL);
  g_object_set (sink, "location", to, NULL);
  gst_bin_add_many (GST_BIN (pipeline), g_object_ref (decode), g_object_ref (mux), g_object_ref (sink), NULL);
  gst_element_link (mux, sink);
  g_signal_connect (decode, "pad-added", G_CALLBACK (on_import_pad_added_cb), &remux);

  bus = gst_element_get_bus (pipeline);
  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_autoptr(GstMessage) message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
      g_autoptr(GError) gst_error = NULL;

      if (message != NULL)
        gst_message_parse_error (message, &gst_error, NULL);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Cannot import %s: it cannot be read as video (%s)."),
                   from, gst_error ? gst_error->message : _("GStreamer refused to start"));
      gst_element_set_state (pipeline, GST_STATE_NULL);
      return FALSE;
    }
  for (;;)
    {
      g_autoptr(GstMessage) message = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        break;
      message = gst_bus_timed_pop_filtered (bus, 100 * GST_MSECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
      if (message == NULL)
        continue;
      if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_EOS)
        ok = TRUE;
      else
        {
          g_autoptr(GError) gst_error = NULL;
          g_autofree char *debug = NULL;

          gst_message_parse_error (message, &gst_error, &debug);
          g_debug ("%s", debug);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("Cannot import %s: it cannot be read as video (%s)."), from, gst_error->message);
        }
      break;
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  if (ok && !remux.has_video && !remux.has_audio)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Cannot import %s: it has neither picture nor sound."), from);
      return FALSE;
    }
  return ok;
}

/* Is @file already what the recorder writes (fragmented, H.264 / AAC)? */
static gboolean
is_recording_segment (PlnMp4File *file)
{
  if (file == NULL || file->fragments->len == 0 || file->truncated)
    return FALSE;
  for (guint t = 0; t < file->tracks->len; t++)
    {
      PlnMp4Track *track = g_ptr_array_index (file->tracks, t);

      if (!g_str_equal (track->codec, "avc1") && !g_str_equal (track->codec, "mp4a"))
        return FALSE;
    }
  return TRUE;
}

static gboolean
import_into (Import        *import,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autofree char *segment = g_build_filename (import->dir, "segment-00000.mp4", NULL);
  g_autoptr(PlnMp4File) source = pln_mp4_file_read (import->path, NULL);
  g_autoptr(PlnMp4File) file = NULL;
  g_autoptr(PlnManifest) manifest = NULL;
  g_autoptr(GDateTime) started = NULL;
  g_autoptr(GDateTime) ended = NULL;
  g_autofree char *video = NULL;
  g_autofree char *audio = NULL;
  gboolean copied = is_recording_segment (source);
  GStatBuf st;
  double length = 0;

  if (g_stat (import->path, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("Cannot import %s: there is no such file."), import->path);
      return FALSE;
    }
  if (g_mkdir_with_parents (import->dir, 0755) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot import %s: cannot create %s (%s). Check the library folder."),
                   import->path, import->dir, g_strerror (saved));
      return FALSE;
    }

  if (copied)
    {
      g_autoptr(GFile) from = g_file_new_for_path (import->path);
      g_autoptr(GFile) to = g_file_new_for_path (segment);

      if (!((import->flags & PLN_ARCHIVE_IMPORT_LINK) && link (import->path, segment) == 0) &&
          !g_file_copy (from, to, G_FILE_COPY_NONE, cancellable, NULL, NULL, error))
        return FALSE;
    }
  else if (!import_remux (import->path, segment, cancellable, error))
    return FALSE;

  file = pln_mp4_file_read (segment, error);
  if (file == NULL)
    return FALSE;
  if (file->fragments->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Cannot import %s: nothing of it could be played."), import->path);
      return FALSE;
    }
  for (guint t = 0; t < file->tracks->len; t++)
    {
      PlnMp4Track *track = g_ptr_array_index (file->tracks, t);

      length = MAX (length, pln_mp4_track_get_duration (track));
      if (g_str_equal (track->handler, "vide") && video == NULL)
        video = g_strdup_printf ("h264 %ux%u", track->width >> 16, track->height >> 16);
      else if (g_str_equal (track->handler, "soun") && audio == NULL)
        audio = g_strdup ("aac");
    }

  import->duration_ms = (gint64) (length * 1000 + 0.5);
  import->bytes = (gint64) file->file_size;
  import->started_at = (gint64) st.st_mtime - import->duration_ms / 1000;
  started = g_date_time_new_from_unix_utc (import->started_at);
  ended = g_date_time_new_from_unix_utc (import->started_at + import->duration_ms / 1000);

  manifest = pln_manifest_new (import->dir, import->source_uri);
  pln_manifest_set_started (manifest, started);
  pln_manifest_set_streams (manifest, video, audio, copied);
  pln_manifest_add_segment (manifest, 0);
  pln_manifest_close_segment (manifest, import->duration_ms, file->file_size);
  pln_manifest_set_ended (manifest, ended);
  pln_manifest_set_state (manifest, PLN_MANIFEST_STATE_STOPPED);
  return pln_manifest_save (manifest, error);
}

static void
import_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  Import *import = task_data;
  GError *error = NULL;

  if (setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), 10) != 0)
    g_debug ("Cannot lower the import thread's priority: %s", g_strerror (errno));
  if (!import_into (import, cancellable, &error))
    {
      pln_file_tree_remove (import->dir);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/* Back on the main context: the store learns of it, packaging is queued. */
static void
on_import_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlnArchive *self = g_task_get_source_object (task);
  Import *import = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;
  gint64 id;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }
  id = pln_store_add_recording (self->store, import->event_id, import->title, import->folder,
                                import->source_uri, import->started_at, &error);
  if (id == 0 ||
      !pln_store_finish_recording (self->store, id, "stopped", import->started_at + import->duration_ms / 1000,
                                   import->duration_ms, &error) ||
      !pln_store_set_recording_segment (self->store, id, 0, "segment-00000.mp4", 0, import->duration_ms,
                                        import->bytes, 0, &error) ||
      pln_archive_enqueue (self, id, &error) == 0)
    {
      pln_file_tree_remove (import->dir);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_int (task, id);
}

void
pln_archive_import_async (PlnArchive            *self,
                          const char            *path,
                          const char            *title,
                          gint64                 event_id,
                          PlnArchiveImportFlags  flags,
                          GCancellable          *cancellable,
                          GAsyncReadyCallback    callback,
                          gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;
  g_autofree char *library = NULL;
  g_autofree char *base = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  Import *import;

  g_return_if_fail (PLN_IS_ARCHIVE (self));
  g_return_if_fail (path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pln_archive_import_async);

  library = pln_store_dup_library_path (self->store);
  base = g_path_get_basename (path);
  import = g_new0 (Import, 1);
  import->path = g_canonicalize_filename (path, NULL);
  import->title = g_strdup (title != NULL && *title != '\0' ? title : base);
  import->event_id = event_id;
  import->flags = flags;
  import->folder = g_strdup_printf ("imports/import-%s-%08x", stamp, g_random_int ());
  import->dir = g_build_filename (library, import->folder, NULL);
  import->source_uri = g_filename_to_uri (import->path, NULL, NULL);
  if (import->source_uri == NULL)
    import->source_uri = g_strdup (import->path);

  worker = g_task_new (self, cancellable, on_import_done_cb, g_steal_pointer (&task));
  g_task_set_source_tag (worker, import_in_thread);
  g_task_set_task_data (worker, import, (GDestroyNotify) import_free);
  g_task_run_in_thread (worker, import_in_thread);
}

gint64
pln_archive_import_finish (PlnArchive    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  gssize id;

  g_return_val_if_fail (g_task_is_valid (result, self), 0);

  id = g_task_propagate_int (G_TASK (result), error);
  return id < 0 ? 0 : id;
}
