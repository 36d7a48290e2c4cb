/* test-archive.c: the packaging queue on a real recording (test://, live
 * false): a job cancelled while it runs leaves nothing half-written and the
 * raw segments as they were; retried, it packages and registers the files
 * (checked with ffprobe); a job that cannot work says why; retention. */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <gst/gst.h>
#include <json-glib/json-glib.h>

#include "pln-archive.h"
#include "pln-recorder.h"
#include "pln-scheduler.h"
#include "pln-store-recordings.h"
#include "pln-store-schedule.h"

typedef struct
{
  char       *dir;
  char       *library;
  PlnStore   *store;
  PlnArchive *archive;
  GHashTable *finished;   /* job id → state */
  double      max_progress;
  GThread    *main_thread;
  gboolean    off_thread;  /* a signal came on another thread */
} Fixture;

static void
on_finished_cb (PlnArchive *archive,
                gint64      job_id,
                const char *state,
                const char *message,
                Fixture    *fixture)
{
  fixture->off_thread |= g_thread_self () != fixture->main_thread;
  g_hash_table_insert (fixture->finished, g_memdup2 (&job_id, sizeof job_id), g_strdup (state));
}

static void
on_progress_cb (PlnArchive *archive,
                gint64      job_id,
                double      progress,
                Fixture    *fixture)
{
  fixture->off_thread |= g_thread_self () != fixture->main_thread;
  fixture->max_progress = MAX (fixture->max_progress, progress);
}

/* Records @ms of wall time of a non-live test source (many more seconds
 * of media) into library/@folder, and at least two seconds of media (two
 * complete fragments): under a sanitizer on a loaded machine the pipeline
 * may not have written a frame yet after @ms, and an empty recording has
 * nothing to package (seen once in /archive/resume). */
static void
record (Fixture    *fixture,
        const char *folder,
        guint       ms)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnSource) source = pln_source_new ("test://?size=320x240&fps=25&live=false", &error);
  g_autofree char *dir = g_build_filename (fixture->library, folder, NULL);
  g_autoptr(PlnRecorder) recorder = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 deadline = start + 60 * G_USEC_PER_SEC;

  g_assert_no_error (error);
  recorder = pln_recorder_new (source, dir);
  pln_recorder_set_segment_seconds (recorder, 4);
  pln_recorder_set_min_free_bytes (recorder, 1000000);
  pln_recorder_set_preset (recorder, PLN_ENCODE_PRESET_LIGHT);
  pln_recorder_set_video_bitrate (recorder, 300);
  g_assert_true (pln_recorder_start (recorder, &error));
  while ((g_get_monotonic_time () - start < (gint64) ms * 1000 || pln_recorder_get_media_ms (recorder) < 2000) &&
         pln_recorder_get_state (recorder) != PLN_RECORDER_STATE_FAILED && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (5000);
  g_test_message ("%s: %" G_GINT64_FORMAT " ms of media after %" G_GINT64_FORMAT " ms", folder,
                  pln_recorder_get_media_ms (recorder), (g_get_monotonic_time () - start) / 1000);
  g_assert_cmpint (pln_recorder_get_media_ms (recorder), >=, 2000);
  pln_recorder_stop (recorder);
  while (pln_recorder_get_state (recorder) != PLN_RECORDER_STATE_STOPPED &&
         pln_recorder_get_state (recorder) != PLN_RECORDER_STATE_FAILED)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (pln_recorder_get_state (recorder), ==, PLN_RECORDER_STATE_STOPPED);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("plenary-archive-XXXXXX", NULL);
  fixture->library = g_build_filename (fixture->dir, "library", NULL);
  path = g_build_filename (fixture->dir, "plenary.db", NULL);
  fixture->store = pln_store_open (path, &error);
  g_assert_no_error (error);
  pln_store_set_setting (fixture->store, "library-path", fixture->library, &error);
  pln_store_set_setting (fixture->store, PLN_SETTING_ARCHIVE_THUMBNAILS, "5", &error);
  g_assert_no_error (error);
  fixture->archive = pln_archive_new (fixture->store);
  fixture->main_thread = g_thread_self ();
  fixture->finished = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_signal_connect (fixture->archive, "job-finished", G_CALLBACK (on_finished_cb), fixture);
  g_signal_connect (fixture->archive, "job-progress", G_CALLBACK (on_progress_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", fixture->dir);

  /* Every signal of the archive arrived on the main thread: the job's end
   * was never handled on the job's own thread while this one slept. */
  g_assert_false (fixture->off_thread);
  g_clear_object (&fixture->archive);
  g_clear_object (&fixture->store);
  g_hash_table_unref (fixture->finished);
  g_assert_cmpint (system (command), ==, 0);
  g_free (fixture->library);
  g_free (fixture->dir);
}

static const char *
wait_finished (Fixture *fixture,
               gint64   job_id)
{
  gint64 deadline = g_get_monotonic_time () + 90 * G_USEC_PER_SEC;

  /* Sleeping outside the main context (g_usleep between non-blocking
   * iterations) is what once let the job's end run on the job's thread:
   * keep it that way here, so a regression shows. */
  while (!g_hash_table_contains (fixture->finished, &job_id) && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (5000);
  if (!g_hash_table_contains (fixture->finished, &job_id))
    {
      g_autoptr(PlnArchiveJobEntry) entry = pln_store_get_archive_job (fixture->store, job_id);

      g_test_message ("job %" G_GINT64_FORMAT " did not finish: %s at %.0f %%, %u running", job_id,
                      entry ? entry->state : "?", entry ? entry->progress * 100 : 0,
                      pln_archive_get_n_running (fixture->archive));
    }
  g_assert_true (g_hash_table_contains (fixture->finished, &job_id));
  return g_hash_table_lookup (fixture->finished, &job_id);
}

/* "name size" of every file under @dir, sorted: what is on disk. */
static char *
listing (const char *dir)
{
  g_autofree char *command = g_strdup_printf ("sh -c \"cd '%s' && find . -type f -printf '%%p %%s\\\\n' | sort\"", dir);
  char *out = NULL;

  g_assert_true (g_spawn_command_line_sync (command, &out, NULL, NULL, NULL));
  return out;
}

static char *
run (const char *command_line)
{
  char *out = NULL;
  int status = 0;

  g_assert_true (g_spawn_command_line_sync (command_line, &out, NULL, &status, NULL));
  g_assert_cmpint (status, ==, 0);
  return g_strstrip (out);
}

static gint64
add_stopped (Fixture    *fixture,
             const char *folder)
{
  g_autoptr(GError) error = NULL;
  gint64 id = pln_store_add_recording (fixture->store, 0, "Tập huấn", folder, "test://", 1700000000, &error);

  g_assert_no_error (error);
  pln_store_finish_recording (fixture->store, id, "stopped", 1700000010, 0, &error);
  g_assert_no_error (error);
  return id;
}

static void
test_cancel_retry (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnRecording) recording = NULL;
  g_autofree char *dir = g_build_filename (fixture->library, "rec", NULL);
  g_autofree char *outputs = g_build_filename (dir, "outputs", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *mp4 = NULL;
  g_autofree char *command = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *low_height = NULL;
  gint64 id, job;

  record (fixture, "rec", 1000);
  before = listing (dir);
  id = add_stopped (fixture, "rec");

  /* The low rendition is encoded: slow enough to be caught running. */
  pln_store_set_setting (fixture->store, PLN_SETTING_ARCHIVE_LOW, "true", &error);
  job = pln_archive_enqueue (fixture->archive, id, &error);
  g_assert_no_error (error);
  pln_archive_start (fixture->archive);
  while (pln_archive_get_n_running (fixture->archive) == 0)
    g_main_context_iteration (NULL, TRUE);
  recording = pln_store_get_recording (fixture->store, id, &error);
  g_assert_cmpstr (pln_recording_get_state (recording), ==, "packaging");
  g_clear_object (&recording);

  /* Cancelled in the middle: the MP4 and M4A are written in the hidden
   * folder, the 360p version is being encoded. */
  while (fixture->max_progress < 0.3 && !g_hash_table_contains (fixture->finished, &job))
    g_main_context_iteration (NULL, TRUE);
  {
    g_autofree char *partial = listing (dir);
    g_assert_nonnull (strstr (partial, "/.outputs-partial-"));
    g_assert_nonnull (strstr (partial, "/rec.mp4 "));
  }
  g_assert_true (pln_archive_cancel (fixture->archive, job, &error));
  g_assert_cmpstr (wait_finished (fixture, job), ==, "cancelled");

  /* Nothing half-written, the raw recording as it was, no outputs registered. */
  after = listing (dir);
  g_assert_cmpstr (after, ==, before);
  g_assert_false (g_file_test (outputs, G_FILE_TEST_EXISTS));
  g_assert_null (pln_store_dup_recording_output (fixture->store, id, "mp4"));
  recording = pln_store_get_recording (fixture->store, id, &error);
  g_assert_cmpstr (pln_recording_get_state (recording), ==, "stopped");
  g_clear_object (&recording);
  {
    g_autoptr(PlnArchiveJobEntry) entry = pln_store_get_archive_job (fixture->store, job);
    g_assert_cmpstr (entry->state, ==, "cancelled");
  }
  g_assert_false (pln_archive_cancel (fixture->archive, job, NULL));

  /* Retried, it goes through. */
  g_hash_table_remove_all (fixture->finished);
  g_assert_true (pln_archive_retry (fixture->archive, job, &error));
  g_assert_cmpstr (wait_finished (fixture, job), ==, "done");
  g_assert_cmpfloat (fixture->max_progress, >, 0.5);
  recording = pln_store_get_recording (fixture->store, id, &error);
  g_assert_cmpstr (pln_recording_get_state (recording), ==, "ready");
  {
    g_autoptr(PlnArchiveJobEntry) entry = pln_store_get_archive_job (fixture->store, job);
    g_assert_cmpstr (entry->state, ==, "done");
    g_assert_cmpint (entry->attempts, ==, 2);
  }

  mp4 = pln_store_dup_recording_output (fixture->store, id, "mp4");
  g_assert_cmpstr (mp4, ==, "rec/outputs/rec.mp4");
  command = g_strdup_printf ("ffprobe -v error -show_entries format=duration -of csv=p=0 '%s/%s'", fixture->library, mp4);
  duration = run (command);
  g_assert_cmpfloat (g_ascii_strtod (duration, NULL), >, 2.0);
  g_free (command);
  g_free (mp4);
  mp4 = pln_store_dup_recording_output (fixture->store, id, "low");
  g_assert_nonnull (mp4);
  command = g_strdup_printf ("ffprobe -v error -select_streams v:0 -show_entries stream=height -of csv=p=0 '%s/%s'",
                             fixture->library, mp4);
  low_height = run (command);
  g_assert_cmpstr (low_height, ==, "240");   /* never scaled up past the source */
  g_assert_nonnull (pln_store_dup_recording_output (fixture->store, id, "poster"));
  g_assert_nonnull (pln_store_dup_recording_output (fixture->store, id, "thumbnail"));
  g_assert_nonnull (pln_store_dup_recording_output (fixture->store, id, "audio"));

  /* The raw segments stay (retention "keep" by default)… */
  g_free (after);
  after = listing (dir);
  g_assert_nonnull (strstr (after, "./segment-00000.mp4"));
  g_assert_cmpuint (pln_archive_apply_retention (fixture->archive, g_get_real_time () / G_USEC_PER_SEC), ==, 0);

  /* …until a policy says otherwise; the HLS playlist over them goes too. */
  pln_store_set_setting (fixture->store, PLN_SETTING_RETENTION_DAYS, "30", &error);
  g_assert_cmpuint (pln_archive_apply_retention (fixture->archive, 1700000010 + 29 * 86400), ==, 0);
  g_assert_cmpuint (pln_archive_apply_retention (fixture->archive, 1700000010 + 31 * 86400), ==, 1);
  g_free (after);
  after = listing (dir);
  g_assert_null (strstr (after, "./segment-00000.mp4"));
  g_assert_nonnull (strstr (after, "./outputs/rec.mp4"));
  g_assert_null (pln_store_dup_recording_output (fixture->store, id, "hls"));
}

static void
test_failure (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (fixture->library, "broken", NULL);
  g_autofree char *manifest = g_build_filename (dir, "manifest.ini", NULL);
  g_autofree char *segment = g_build_filename (dir, "segment-00000.mp4", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(PlnArchiveJobEntry) entry = NULL;
  gint64 id, job;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (manifest, "[recording]\nversion=1\nsegments=oops\n", -1, NULL));
  g_assert_true (g_file_set_contents (segment, "not media", -1, NULL));
  before = listing (dir);
  id = add_stopped (fixture, "broken");
  job = pln_archive_enqueue (fixture->archive, id, &error);
  pln_archive_start (fixture->archive);
  g_assert_cmpstr (wait_finished (fixture, job), ==, "failed");

  entry = pln_store_get_archive_job (fixture->store, job);
  g_assert_nonnull (strstr (entry->error, "broken"));
  g_assert_nonnull (strstr (entry->error, "untouched"));
  after = listing (dir);
  g_assert_cmpstr (after, ==, before);

  /* A missing folder is named. */
  g_hash_table_remove_all (fixture->finished);
  id = add_stopped (fixture, "gone");
  job = pln_archive_enqueue (fixture->archive, id, &error);
  g_assert_cmpstr (wait_finished (fixture, job), ==, "failed");
  g_clear_pointer (&entry, pln_archive_job_entry_free);
  entry = pln_store_get_archive_job (fixture->store, job);
  g_assert_nonnull (strstr (entry->error, "gone"));
}

/* The technician starts an event's recording an hour early, the schedule
 * leaves it running, extends the event, then stops it by hand: it is
 * stopped, queued for packaging, and not started again. */
static void
test_by_hand (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnEvent) event = pln_event_new ();
  g_autoptr(PlnRecordingService) service = pln_recording_service_new (fixture->store, fixture->archive);
  g_autoptr(PlnScheduler) scheduler = pln_scheduler_new (service);
  g_autoptr(PlnRecording) recording = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 event_id, recording_id, deadline;

  pln_event_set_kind (event, PLN_EVENT_KIND_TRAINING);
  pln_event_set_title (event, "Tập huấn ngày mai");
  pln_event_set_starts_at (event, now + 3600);
  pln_event_set_ends_at (event, now + 7200);
  event_id = pln_store_add_event (fixture->store, event, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pln_scheduler_start_event_now (scheduler, event_id, &error), ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  pln_store_add_event_source (fixture->store, event_id, "test://?size=320x240&fps=25", &error);
  g_assert_no_error (error);

  g_assert_cmpint (pln_scheduler_start_event_now (scheduler, event_id, &error), ==, 1);
  g_assert_no_error (error);
  pln_scheduler_set_lease_seconds (scheduler, 5);
  pln_scheduler_tick (scheduler);
  g_assert_true (pln_scheduler_is_leader (scheduler));
  recording_id = pln_store_find_source_recording (fixture->store, event_id, 1);
  g_assert_cmpint (recording_id, >, 0);
  recording = pln_store_get_recording (fixture->store, recording_id, &error);
  g_assert_cmpstr (pln_recording_get_state (recording), ==, "recording");
  g_clear_object (&recording);
  /* The tick left it running although its window opens in an hour. */
  g_assert_true (pln_recording_service_is_recording (service, 1));

  /* Two seconds of recording, the schedule ticking. */
  deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      pln_scheduler_tick (scheduler);
      g_usleep (10000);
    }
  g_assert_true (pln_recording_service_is_recording (service, 1));

  g_assert_true (pln_scheduler_extend_event (scheduler, event_id, 600, &error));
  g_assert_cmpint (pln_scheduler_stop_event_now (scheduler, event_id), ==, 1);
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (pln_recording_service_is_recording (service, 1) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (pln_recording_service_is_recording (service, 1));
  recording = pln_store_get_recording (fixture->store, recording_id, &error);
  g_assert_cmpstr (pln_recording_get_state (recording), ==, "stopped");
  jobs = pln_store_list_archive_jobs (fixture->store);
  g_assert_cmpuint (jobs->len, ==, 1);

  /* Not started again by the schedule. */
  pln_scheduler_tick (scheduler);
  g_assert_false (pln_recording_service_is_recording (service, 1));
  pln_scheduler_stop (scheduler);
  g_assert_false (pln_scheduler_is_leader (scheduler));
}

/* A process killed while packaging leaves its job 'running' and a hidden
 * folder: the next start queues the job again and finishes it. */
static void
test_resume (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnArchiveJobEntry) entry = NULL;
  g_autofree char *stale = g_build_filename (fixture->library, "rec", ".outputs-partial-DEAD01", NULL);
  g_autofree char *stale_file = g_build_filename (stale, "rec.mp4", NULL);
  gint64 id, job;

  record (fixture, "rec", 600);
  id = add_stopped (fixture, "rec");
  job = pln_store_add_archive_job (fixture->store, id, &error);
  g_assert_true (pln_store_claim_archive_job (fixture->store, job));
  g_assert_false (pln_store_claim_archive_job (fixture->store, job));   /* taken once only */
  g_assert_cmpint (g_mkdir_with_parents (stale, 0755), ==, 0);
  g_assert_true (g_file_set_contents (stale_file, "half", -1, NULL));

  pln_archive_start (fixture->archive);
  g_assert_cmpstr (wait_finished (fixture, job), ==, "done");
  entry = pln_store_get_archive_job (fixture->store, job);
  g_assert_cmpint (entry->attempts, ==, 2);
  g_assert_nonnull (pln_store_dup_recording_output (fixture->store, id, "mp4"));
  g_assert_false (g_file_test (stale, G_FILE_TEST_EXISTS));   /* the crashed run's folder went */
}

/* While another live process holds the scheduler's lease, it runs the
 * queue: this one neither starts jobs nor takes back the ones that process
 * is running. Once that lease has gone, this one takes charge. */
static void
test_in_charge (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnArchiveJobEntry) entry = NULL;
  gint64 now_ms = g_get_real_time () / 1000;
  gint64 deadline;
  gboolean held = FALSE;
  gint64 theirs, id, job;

  record (fixture, "rec", 600);
  id = add_stopped (fixture, "rec");
  theirs = pln_store_add_archive_job (fixture->store, add_stopped (fixture, "other"), &error);
  g_assert_true (pln_store_claim_archive_job (fixture->store, theirs));   /* running over there */
  job = pln_store_add_archive_job (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_true (pln_store_take_lease (fixture->store, "elsewhere:1:abcdefgh", now_ms, 60000, &held, &error));
  g_assert_true (held);

  pln_archive_start (fixture->archive);
  deadline = g_get_monotonic_time () + G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (10000);
  g_assert_cmpuint (pln_archive_get_n_running (fixture->archive), ==, 0);
  entry = pln_store_get_archive_job (fixture->store, theirs);
  g_assert_cmpstr (entry->state, ==, "running");
  g_clear_pointer (&entry, pln_archive_job_entry_free);
  entry = pln_store_get_archive_job (fixture->store, job);
  g_assert_cmpstr (entry->state, ==, "queued");
  g_clear_pointer (&entry, pln_archive_job_entry_free);

  /* That process is gone: its lease goes, this one takes charge. */
  g_assert_true (pln_store_release_lease (fixture->store, "elsewhere:1:abcdefgh", &error));
  pln_archive_set_max_jobs (fixture->archive, 1);   /* looks at the queue now rather than in 5 s */
  g_assert_cmpstr (wait_finished (fixture, job), ==, "done");
  entry = pln_store_get_archive_job (fixture->store, theirs);
  g_assert_cmpstr (entry->state, !=, "running");   /* queued again, then tried here */
}

/* The chapters the portal and the UI list follow the trim: on the
 * packaged timeline; the store keeps the untrimmed offsets. */
static void
test_chapters_trimmed (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) chapters = NULL;
  g_autoptr(GPtrArray) raw = NULL;
  gint64 id = add_stopped (fixture, "rec");

  pln_store_add_chapter (fixture->store, id, 1000, "Khai mạc", &error);
  pln_store_add_chapter (fixture->store, id, 5000, "Báo cáo", &error);
  pln_store_add_chapter (fixture->store, id, 11000, "Bế mạc", &error);
  g_assert_no_error (error);
  g_assert_true (pln_store_set_recording_trim (fixture->store, id, 3000, 2000, &error));
  g_assert_true (pln_store_set_recording_duration (fixture->store, id, 7000, &error));
  g_assert_true (pln_store_set_recording_state (fixture->store, id, "ready", &error));

  chapters = pln_store_list_chapters (fixture->store, id);
  g_assert_cmpuint (chapters->len, ==, 2);
  g_assert_cmpint (((PlnChapterEntry *) g_ptr_array_index (chapters, 0))->offset_ms, ==, 0);
  g_assert_cmpstr (((PlnChapterEntry *) g_ptr_array_index (chapters, 0))->title, ==, "Khai mạc");
  g_assert_cmpint (((PlnChapterEntry *) g_ptr_array_index (chapters, 1))->offset_ms, ==, 2000);
  raw = pln_store_list_chapters_raw (fixture->store, id);
  g_assert_cmpuint (raw->len, ==, 3);
  g_assert_cmpint (((PlnChapterEntry *) g_ptr_array_index (raw, 1))->offset_ms, ==, 5000);

  /* A repackaging is refused once the raw segments are gone. */
  g_assert_true (pln_store_set_raw_removed (fixture->store, id, 1700000000 + 86400, &error));
  g_assert_cmpint (pln_archive_repackage (fixture->archive, id, &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "retention"));
}

/* A link lost for 10 s between two segments: the packaged video closes its
 * timeline over the gap, so a chapter marked after it plays 10 s earlier
 * than its recording offset; the store's chapters, the ones the Library and
 * the portal jump to, must land where the packaged files put it. */
static void
test_chapters_after_gap (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (fixture->library, "rec", NULL);
  g_autofree char *manifest_path = g_build_filename (dir, "manifest.ini", NULL);
  g_autofree char *json_path = g_build_filename (dir, "outputs", "chapters.json", NULL);
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) chapters = NULL;
  g_auto(GStrv) groups = NULL;
  JsonArray *packaged;
  gint64 id, job, first_end = 0, second_start = -1, chapter_at;
  double packaged_at = -1;

  record (fixture, "rec", 1500);
  g_assert_true (g_key_file_load_from_file (keyfile, manifest_path, G_KEY_FILE_KEEP_COMMENTS, &error));
  g_assert_no_error (error);

  /* Move every segment after the first 10 s later and record the gap, as
   * the recorder does when a link drops between two segments. */
  groups = g_key_file_get_groups (keyfile, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      gint64 start;

      if (!g_str_has_prefix (groups[i], "segment-"))
        continue;
      start = g_key_file_get_int64 (keyfile, groups[i], "start_ms", NULL);
      if (first_end == 0)
        {
          first_end = start + g_key_file_get_int64 (keyfile, groups[i], "duration_ms", NULL);
          continue;
        }
      g_key_file_set_int64 (keyfile, groups[i], "start_ms", start + 10000);
      if (second_start < 0)
        second_start = start + 10000;
    }
  g_assert_cmpint (first_end, >, 0);
  g_assert_cmpint (second_start, >, first_end);
  g_key_file_set_int64 (keyfile, "gap-00000", "start_ms", first_end);
  g_key_file_set_int64 (keyfile, "gap-00000", "end_ms", second_start);
  g_key_file_set_string (keyfile, "gap-00000", "reason", "test");
  chapter_at = second_start + 1000;
  g_key_file_set_int64 (keyfile, "chapter-00000", "at_ms", chapter_at);
  g_key_file_set_string (keyfile, "chapter-00000", "title", "Thảo luận");
  g_assert_true (g_key_file_save_to_file (keyfile, manifest_path, &error));

  id = add_stopped (fixture, "rec");
  job = pln_archive_enqueue (fixture->archive, id, &error);
  g_assert_no_error (error);
  pln_archive_start (fixture->archive);
  g_assert_cmpstr (wait_finished (fixture, job), ==, "done");

  /* Where the packaged files put the chapter (chapters.json of the web
   * players, written by the packager from the files' own timeline). */
  g_assert_true (json_parser_load_from_file (parser, json_path, &error));
  packaged = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "chapters");
  for (guint i = 0; i < json_array_get_length (packaged); i++)
    {
      JsonObject *chapter = json_array_get_object_element (packaged, i);

      if (g_strcmp0 (json_object_get_string_member (chapter, "title"), "Thảo luận") == 0)
        packaged_at = json_object_get_double_member (chapter, "start");
    }
  g_assert_cmpfloat (packaged_at, >=, 0);

  chapters = pln_store_list_chapters (fixture->store, id);
  g_assert_cmpuint (chapters->len, ==, 1);
  g_assert_cmpstr (((PlnChapterEntry *) g_ptr_array_index (chapters, 0))->title, ==, "Thảo luận");
  g_test_message ("chapter recorded at %" G_GINT64_FORMAT " ms, listed at %" G_GINT64_FORMAT
                  " ms, packaged at %.3f s", chapter_at,
                  ((PlnChapterEntry *) g_ptr_array_index (chapters, 0))->offset_ms, packaged_at);
  g_assert_cmpint (((PlnChapterEntry *) g_ptr_array_index (chapters, 0))->offset_ms, ==, chapter_at - 10000);
  g_assert_cmpfloat (fabs (packaged_at * 1000 - (chapter_at - 10000)), <, 500);
}

/* A main loop that is never idle (a video playing, a loaded machine: the
 * frame clock always has something ready) still starts a queued job: the
 * archive looks at its queue at the default priority. Here an idle that is
 * always ready, at a higher priority than a low-priority idle, stands for
 * the frames; with the queue looked at from such an idle, the job would
 * stay queued for good. */
static gboolean
on_busy_cb (gpointer data)
{
  guint *n = data;

  (*n)++;
  g_usleep (1000);   /* a frame's work */
  return G_SOURCE_CONTINUE;
}

static void
test_busy_loop (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnRecording) recording = NULL;
  g_autofree char *mp4 = NULL;
  guint n_busy = 0;
  guint busy_id;
  gint64 id, job;

  record (fixture, "rec", 600);
  id = add_stopped (fixture, "rec");
  busy_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, on_busy_cb, &n_busy, NULL);
  job = pln_archive_enqueue (fixture->archive, id, &error);
  g_assert_no_error (error);
  pln_archive_start (fixture->archive);
  g_assert_cmpstr (wait_finished (fixture, job), ==, "done");
  g_source_remove (busy_id);
  g_test_message ("the busy source ran %u times meanwhile", n_busy);
  g_assert_cmpuint (n_busy, >, 0);

  recording = pln_store_get_recording (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pln_recording_get_state (recording), ==, "ready");
  mp4 = pln_store_dup_recording_output (fixture->store, id, "mp4");
  g_assert_nonnull (mp4);
}

int
main (int   argc,
      char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/archive/cancel-retry", Fixture, NULL, fixture_set_up, test_cancel_retry, fixture_tear_down);
  g_test_add ("/archive/failure", Fixture, NULL, fixture_set_up, test_failure, fixture_tear_down);
  g_test_add ("/archive/resume", Fixture, NULL, fixture_set_up, test_resume, fixture_tear_down);
  g_test_add ("/archive/busy-loop", Fixture, NULL, fixture_set_up, test_busy_loop, fixture_tear_down);
  g_test_add ("/archive/in-charge", Fixture, NULL, fixture_set_up, test_in_charge, fixture_tear_down);
  g_test_add ("/archive/chapters-trimmed", Fixture, NULL, fixture_set_up, test_chapters_trimmed, fixture_tear_down);
  g_test_add ("/archive/chapters-after-gap", Fixture, NULL, fixture_set_up, test_chapters_after_gap, fixture_tear_down);
  g_test_add ("/archive/scheduler-by-hand", Fixture, NULL, fixture_set_up, test_by_hand, fixture_tear_down);
  return g_test_run ();
}
