/* pln-cli-library.c: `plenary library list|search|verify|jobs|retry|cancel|
 * reindex|trim|repackage|import`: the recordings the archive keeps, from the
 * command line. */
#define G_LOG_DOMAIN "plenary-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include <gst/gst.h>

#include "pln-archive.h"
#include "pln-cli-commands.h"
#include "pln-manifest.h"
#include "pln-cli-table.h"
#include "pln-csv-writer.h"
#include "pln-store-recordings.h"
#include "pln-store-schedule.h"
#include "pln-store-search.h"

static char *
format_duration (gint64 ms)
{
  gint64 s = (ms + 500) / 1000;

  if (s >= 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d", s / 3600, (int) (s / 60 % 60), (int) (s % 60));
  return g_strdup_printf ("%d:%02d", (int) (s / 60), (int) (s % 60));
}

/* Like format_duration, with tenths when there are any: "0:03.5". */
static char *
format_position (gint64 ms)
{
  g_autofree char *whole = NULL;

  if (ms % 1000 == 0)
    return format_duration (ms);
  whole = format_duration (ms / 1000 * 1000);
  return g_strdup_printf ("%s.%d", whole, (int) (ms % 1000 / 100));
}

static const char *
state_label (const char *state)
{
  if (g_str_equal (state, "recording"))
    return _("recording");
  if (g_str_equal (state, "stopped"))
    return _("stopped");
  if (g_str_equal (state, "packaging"))
    return _("packaging");
  if (g_str_equal (state, "ready"))
    return _("ready");
  if (g_str_equal (state, "failed"))
    return _("failed");
  return state;
}

static void
print_recordings (GListModel *recordings)
{
  PlnCliTable *table = pln_cli_table_new ("rllrll");

  pln_cli_table_add_row (table, _("ID"), _("Started"), _("State"), _("Length"), _("Title"), _("Public id"), NULL);
  for (guint i = 0; i < g_list_model_get_n_items (recordings); i++)
    {
      g_autoptr(PlnRecording) recording = g_list_model_get_item (recordings, i);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, pln_recording_get_id (recording));
      g_autofree char *when = pln_format_local_time (pln_recording_get_started_at (recording), "%Y-%m-%d %H:%M");
      g_autofree char *length = format_duration (pln_recording_get_duration_ms (recording));

      pln_cli_table_add_row (table, id, when, state_label (pln_recording_get_state (recording)), length,
                             pln_recording_get_title (recording), pln_recording_get_public_id (recording), NULL);
    }
  pln_cli_table_print (table);
}

static int
library_list (PlnCli  *cli,
              int      argc,
              char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GListModel) recordings = NULL;
  gboolean csv = FALSE;
  PlnStore *store;
  GOptionEntry entries[] = {
    { "csv", 0, 0, G_OPTION_ARG_NONE, &csv, N_("Write CSV"), NULL },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 1)
    {
      if (error != NULL)
        pln_cli_fail ("%s", error->message);
      return pln_cli_usage ("library");
    }
  store = pln_cli_get_store (cli);
  if (store == NULL)
    return 1;

  recordings = pln_store_list_all_recordings (store);
  if (csv)
    {
      g_autoptr(GString) out = g_string_new (NULL);
      const char *header[] = { "id", "public_id", "event_id", "event", "title", "state", "visibility",
                               "started_at", "duration_s", "folder" };

      pln_csv_write_start (out);
      pln_csv_write_row (out, header, G_N_ELEMENTS (header));
      for (guint i = 0; i < g_list_model_get_n_items (recordings); i++)
        {
          g_autoptr(PlnRecording) recording = g_list_model_get_item (recordings, i);
          g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, pln_recording_get_id (recording));
          g_autofree char *event_id = g_strdup_printf ("%" G_GINT64_FORMAT, pln_recording_get_event_id (recording));
          g_autofree char *started = pln_format_local_time (pln_recording_get_started_at (recording), "%Y-%m-%d %H:%M:%S");
          g_autofree char *duration = g_strdup_printf ("%.1f", pln_recording_get_duration_ms (recording) / 1000.0);
          const char *row[] = { id, pln_recording_get_public_id (recording), event_id,
                                pln_recording_get_event_title (recording), pln_recording_get_title (recording),
                                pln_recording_get_state (recording),
                                pln_visibility_to_string (pln_recording_get_visibility (recording)),
                                started, duration, pln_recording_get_folder (recording) };

          pln_csv_write_row (out, row, G_N_ELEMENTS (row));
        }
      fwrite (out->str, 1, out->len, stdout);
      return 0;
    }

  if (g_list_model_get_n_items (recordings) == 0)
    {
      printf ("%s\n", _("No recordings yet. Schedule one with “plenary events add … --record URI”, or load the demo with “plenary demo”."));
      return 0;
    }
  print_recordings (recordings);
  return 0;
}

static int
library_search (PlnCli  *cli,
                int      argc,
                char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) results = NULL;
  g_autofree char *query = NULL;
  PlnStore *store;

  if (argc < 2)
    return pln_cli_usage ("library");
  query = g_strjoinv (" ", argv + 1);
  store = pln_cli_get_store (cli);
  if (store == NULL)
    return 1;

  results = pln_store_search_recordings (store, query, PLN_VISIBILITY_DRAFT, FALSE, 0, &error);
  if (results == NULL)
    return pln_cli_fail_error (error);
  if (g_list_model_get_n_items (results) == 0)
    {
      printf (_("No recording matches “%s”.\n"), query);
      return 0;
    }
  print_recordings (results);
  return 0;
}

/* Checks @path (relative to @library) against the size the store has. */
static gboolean
check_file (const char *library,
            const char *recording,
            const char *relative,
            gint64      bytes,
            guint      *n_checked)
{
  g_autofree char *path = g_build_filename (library, relative, NULL);
  GStatBuf st;

  (*n_checked)++;
  if (g_stat (path, &st) != 0)
    {
      printf (_("MISSING  %s (recording %s)\n"), relative, recording);
      return FALSE;
    }
  if (bytes > 0 && st.st_size != bytes)
    {
      printf (_("CORRUPT  %s (recording %s): %lld bytes, the library registered %lld\n"), relative, recording,
              (long long) st.st_size, (long long) bytes);
      return FALSE;
    }
  if (g_str_has_suffix (relative, ".mp4") || g_str_has_suffix (relative, ".m4a"))
    {
      FILE *file = g_fopen (path, "rb");
      char head[8] = { 0 };
      gboolean ok = file != NULL && fread (head, 1, 8, file) == 8 && memcmp (head + 4, "ftyp", 4) == 0;

      if (file != NULL)
        fclose (file);
      if (!ok)
        {
          printf (_("CORRUPT  %s (recording %s): not an MP4 file (no ftyp box at its start)\n"), relative, recording);
          return FALSE;
        }
    }
  return TRUE;
}

static int
library_verify (PlnCli  *cli,
                int      argc,
                char   **argv)
{
  g_autoptr(GListModel) recordings = NULL;
  g_autofree char *library = NULL;
  guint n_checked = 0, n_bad = 0;
  PlnStore *store;

  if (argc != 1)
    return pln_cli_usage ("library");
  store = pln_cli_get_store (cli);
  if (store == NULL)
    return 1;

  library = pln_store_dup_library_path (store);
  recordings = pln_store_list_all_recordings (store);
  for (guint i = 0; i < g_list_model_get_n_items (recordings); i++)
    {
      g_autoptr(PlnRecording) recording = g_list_model_get_item (recordings, i);
      g_autofree char *name = g_strdup_printf ("%" G_GINT64_FORMAT " “%s”", pln_recording_get_id (recording),
                                               pln_recording_get_title (recording));
      g_autoptr(GPtrArray) segments = pln_store_list_recording_segments (store, pln_recording_get_id (recording));
      g_autoptr(GPtrArray) outputs = pln_store_list_recording_outputs (store, pln_recording_get_id (recording));

      if (g_str_equal (pln_recording_get_state (recording), "recording"))
        continue;   /* still being written */
      for (guint j = 0; j < segments->len; j++)
        {
          g_auto(GStrv) parts = g_strsplit (g_ptr_array_index (segments, j), "\t", 2);

          if (!check_file (library, name, parts[0], 0, &n_checked))
            n_bad++;
        }
      for (guint j = 0; j < outputs->len; j++)
        {
          g_auto(GStrv) parts = g_strsplit (g_ptr_array_index (outputs, j), "\t", 3);

          if (!check_file (library, name, parts[1], g_ascii_strtoll (parts[2], NULL, 10), &n_checked))
            n_bad++;
        }
    }

  if (n_bad > 0)
    {
      printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u files is missing or damaged in %s.\n",
                           "%u of %u files are missing or damaged in %s.\n", n_bad),
              n_bad, n_checked, library);
      printf ("%s\n", _("Restore them from a backup of the library folder, or package the recording again with “plenary library retry”."));
      return 1;
    }
  printf (g_dngettext (GETTEXT_PACKAGE, "All %u file of the library in %s is there and intact.\n",
                       "All %u files of the library in %s are there and intact.\n", n_checked),
          n_checked, library);
  return 0;
}

static int
library_jobs (PlnCli  *cli,
              int      argc,
              char   **argv)
{
  g_autoptr(GPtrArray) jobs = NULL;
  PlnCliTable *table;
  PlnStore *store;

  store = pln_cli_get_store (cli);
  if (store == NULL)
    return 1;
  jobs = pln_store_list_archive_jobs (store);
  if (jobs->len == 0)
    {
      printf ("%s\n", _("No packaging jobs."));
      return 0;
    }
  table = pln_cli_table_new ("rrlrl");
  pln_cli_table_add_row (table, _("Job"), _("Recording"), _("State"), _("Progress"), _("Reason"), NULL);
  for (guint i = 0; i < jobs->len; i++)
    {
      PlnArchiveJobEntry *job = g_ptr_array_index (jobs, i);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, job->id);
      g_autofree char *recording = g_strdup_printf ("%" G_GINT64_FORMAT, job->recording_id);
      g_autofree char *progress = g_strdup_printf ("%d %%", (int) (job->progress * 100 + 0.5));

      pln_cli_table_add_row (table, id, recording, job->state, progress, job->error, NULL);
    }
  pln_cli_table_print (table);
  return 0;
}

static int
library_job_command (PlnCli  *cli,
                     int      argc,
                     char   **argv,
                     gboolean retry)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnArchiveJobEntry) job = NULL;
  PlnStore *store;
  gint64 id;

  if (argc != 2 || !g_ascii_string_to_signed (argv[1], 10, 1, G_MAXINT64, &id, NULL))
    return pln_cli_usage ("library");
  store = pln_cli_get_store (cli);
  if (store == NULL)
    return 1;
  job = pln_store_get_archive_job (store, id);
  if (job == NULL)
    return pln_cli_fail (_("There is no packaging job %s. “plenary library jobs” lists them."), argv[1]);

  if (retry)
    {
      if (!g_str_equal (job->state, "failed") && !g_str_equal (job->state, "cancelled"))
        return pln_cli_fail (_("Job %s is %s: only a failed or cancelled job can be retried."), argv[1], job->state);
      if (!pln_store_update_archive_job (store, id, "queued", 0, NULL, &error))
        return pln_cli_fail_error (error);
      printf (_("Job %s is queued again; “plenary serve” (or the app) packages it.\n"), argv[1]);
      return 0;
    }
  if (!g_str_equal (job->state, "queued"))
    return pln_cli_fail (_("Job %s is %s: only a waiting job can be cancelled from here (cancel a running one in the app)."),
                         argv[1], job->state);
  if (!pln_store_update_archive_job (store, id, "cancelled", 0, _("Cancelled"), &error))
    return pln_cli_fail_error (error);
  printf (_("Job %s is cancelled.\n"), argv[1]);
  return 0;
}

typedef struct
{
  GMainLoop *loop;
  gint64     job_id;
  char      *state;
  char      *message;
  int        shown;
} Wait;

static void
on_wait_progress_cb (PlnArchive *archive,
                     gint64      job_id,
                     double      progress,
                     Wait       *wait)
{
  int percent = (int) (progress * 100);

  if (job_id != wait->job_id || percent < wait->shown + 10)
    return;
  wait->shown = percent - percent % 10;
  fprintf (stderr, _("Packaging: %d %%\n"), wait->shown);
}

static void
on_wait_finished_cb (PlnArchive *archive,
                     gint64      job_id,
                     const char *state,
                     const char *message,
                     Wait       *wait)
{
  if (job_id != wait->job_id)
    return;
  wait->state = g_strdup (state);
  wait->message = g_strdup (message);
  g_main_loop_quit (wait->loop);
}

/* Packages job @job_id in this process and says how it ended. */
static int
wait_for_job (PlnStore *store,
              gint64    job_id)
{
  g_autoptr(PlnArchive) archive = pln_archive_new (store);
  Wait wait = { g_main_loop_new (NULL, FALSE), job_id, NULL, NULL, -10 };
  int status;

  gst_init (NULL, NULL);
  g_signal_connect (archive, "job-progress", G_CALLBACK (on_wait_progress_cb), &wait);
  g_signal_connect (archive, "job-finished", G_CALLBACK (on_wait_finished_cb), &wait);
  pln_archive_work_on (archive, job_id);
  g_main_loop_run (wait.loop);

  if (g_strcmp0 (wait.state, "done") == 0)
    {
      printf (_("Job %lld is done: the recording is packaged.\n"), (long long) job_id);
      status = 0;
    }
  else
    status = pln_cli_fail ("%s", wait.message && *wait.message ? wait.message : wait.state);
  g_main_loop_unref (wait.loop);
  g_free (wait.state);
  g_free (wait.message);
  return status;
}

static int
queued_or_wait (PlnStore *store,
                gint64    job_id,
                gboolean  wait)
{
  if (wait)
    return wait_for_job (store, job_id);
  printf (_("Packaging job %lld is queued; “plenary serve” (or the app) packages it, or add --wait to package it now.\n"),
          (long long) job_id);
  return 0;
}

static gboolean
parse_id (const char *text,
          gint64     *id)
{
  return g_ascii_string_to_signed (text, 10, 1, G_MAXINT64, id, NULL);
}

/* `library trim ID [--start S] [--end S] [--wait]`: S seconds cut off the
 * start and off the end, then packaged again. */
static int
library_trim (PlnCli  *cli,
              int      argc,
              char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnRecording) recording = NULL;
  g_autoptr(PlnManifest) manifest = NULL;
  g_autoptr(PlnArchive) archive = NULL;
  g_autofree char *library = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *length = NULL;
  double start = -1, end = -1;
  gboolean wait = FALSE;
  gint64 id, job, start_ms, end_ms, full_ms;
  PlnStore *store;
  GOptionEntry entries[] = {
    { "start", 0, 0, G_OPTION_ARG_DOUBLE, &start, N_("seconds to cut off the start (0: none)"), "S" },
    { "end", 0, 0, G_OPTION_ARG_DOUBLE, &end, N_("seconds to cut off the end (0: none)"), "S" },
    { "wait", 0, 0, G_OPTION_ARG_NONE, &wait, N_("package it now and wait"), NULL },
    { NULL }
  };

  if (!pln_cli_parse_options (entries, &argc, &argv))
    return pln_cli_usage ("library");
  if (argc != 2 || !parse_id (argv[1], &id))
    return pln_cli_usage ("library");
  if (start < 0 && end < 0)
    return pln_cli_fail ("%s", _("Say what to cut: --start S (seconds off the start), --end S (seconds off the end), or both; 0 cuts nothing."));
  store = pln_cli_get_store (cli);
  if (store == NULL)
    return 1;
  recording = pln_store_get_recording (store, id, &error);
  if (recording == NULL)
    return pln_cli_fail (_("There is no recording %s. “plenary library list” lists them."), argv[1]);

  pln_store_get_recording_trim (store, id, &start_ms, &end_ms);
  if (start >= 0)
    start_ms = (gint64) (start * 1000 + 0.5);
  if (end >= 0)
    end_ms = (gint64) (end * 1000 + 0.5);

  library = pln_store_dup_library_path (store);
  dir = g_build_filename (library, pln_recording_get_folder (recording), NULL);
  manifest = pln_manifest_load (dir, NULL);
  full_ms = manifest != NULL ? pln_manifest_get_wall_duration_ms (manifest) : 0;
  if (full_ms > 0 && start_ms + end_ms > full_ms - 1000)
    {
      g_autofree char *full = format_duration (full_ms);
      return pln_cli_fail (_("Cutting %.1f s off the start and %.1f s off the end leaves less than a second of recording %s (%s long). Cut less."),
                           start_ms / 1000.0, end_ms / 1000.0, argv[1], full);
    }

  archive = pln_archive_new (store);
  if (!pln_store_set_recording_trim (store, id, start_ms, end_ms, &error))
    return pln_cli_fail_error (error);
  job = pln_archive_repackage (archive, id, &error);
  if (job == 0)
    return pln_cli_fail_error (error);

  from = format_position (start_ms);
  to = format_position (MAX (full_ms - end_ms, start_ms));
  length = format_position (MAX (full_ms - end_ms - start_ms, 0));
  printf (_("Recording %s now plays from %s to %s (%s).\n"), argv[1], from, to, length);
  g_clear_object (&archive);
  return queued_or_wait (store, job, wait);
}

/* `library repackage ID [--wait]` */
static int
library_repackage (PlnCli  *cli,
                   int      argc,
                   char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnArchive) archive = NULL;
  gboolean wait = FALSE;
  gint64 id, job;
  PlnStore *store;
  GOptionEntry entries[] = {
    { "wait", 0, 0, G_OPTION_ARG_NONE, &wait, N_("package it now and wait"), NULL },
    { NULL }
  };

  if (!pln_cli_parse_options (entries, &argc, &argv))
    return pln_cli_usage ("library");
  if (argc != 2 || !parse_id (argv[1], &id))
    return pln_cli_usage ("library");
  store = pln_cli_get_store (cli);
  if (store == NULL)
    return 1;
  archive = pln_archive_new (store);
  job = pln_archive_repackage (archive, id, &error);
  if (job == 0)
    return pln_cli_fail_error (error);
  g_clear_object (&archive);
  return queued_or_wait (store, job, wait);
}

typedef struct
{
  GMainLoop *loop;
  gint64     id;
  GError    *error;
} ImportWait;

static void
on_imported_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ImportWait *wait = user_data;

  wait->id = pln_archive_import_finish (PLN_ARCHIVE (object), result, &wait->error);
  g_main_loop_quit (wait->loop);
}

/* `library import FILE [--title T] [--event ID] [--link] [--wait]` */
static int
library_import (PlnCli  *cli,
                int      argc,
                char   **argv)
{
  g_autoptr(PlnArchive) archive = NULL;
  g_autofree char *title = NULL;
  g_autoptr(PlnRecording) recording = NULL;
  gboolean wait = FALSE, link = FALSE;
  gint64 event_id = 0;
  ImportWait import = { 0 };
  g_autoptr(GPtrArray) jobs = NULL;
  gint64 job = 0;
  PlnStore *store;
  GOptionEntry entries[] = {
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, N_("the recording's title (default: the file's name)"), "T" },
    { "event", 0, 0, G_OPTION_ARG_INT64, &event_id, N_("the event it belongs to"), "ID" },
    { "link", 0, 0, G_OPTION_ARG_NONE, &link, N_("hard-link a recording segment instead of copying it"), NULL },
    { "wait", 0, 0, G_OPTION_ARG_NONE, &wait, N_("package it now and wait"), NULL },
    { NULL }
  };

  if (!pln_cli_parse_options (entries, &argc, &argv))
    return pln_cli_usage ("library");
  if (argc != 2)
    return pln_cli_usage ("library");
  store = pln_cli_get_store (cli);
  if (store == NULL)
    return 1;

  gst_init (NULL, NULL);
  archive = pln_archive_new (store);
  import.loop = g_main_loop_new (NULL, FALSE);
  pln_archive_import_async (archive, argv[1], title, event_id,
                            link ? PLN_ARCHIVE_IMPORT_LINK : PLN_ARCHIVE_IMPORT_DEFAULT,
                            NULL, on_imported_cb, &import);
  g_main_loop_run (import.loop);
  g_main_loop_unref (import.loop);
  if (import.id == 0)
    {
      int status = pln_cli_fail_error (import.error);
      g_clear_error (&import.error);
      return status;
    }

  recording = pln_store_get_recording (store, import.id, NULL);
  printf (_("Imported %s as recording %lld (%s, %.1f s).\n"), argv[1], (long long) import.id,
          recording ? pln_recording_get_folder (recording) : "?",
          recording ? pln_recording_get_duration_ms (recording) / 1000.0 : 0.0);
  jobs = pln_store_list_archive_jobs (store);
  for (guint i = 0; i < jobs->len; i++)
    {
      PlnArchiveJobEntry *entry = g_ptr_array_index (jobs, i);
      if (entry->recording_id == import.id && g_str_equal (entry->state, "queued"))
        job = entry->id;
    }
  g_clear_object (&archive);
  return job != 0 ? queued_or_wait (store, job, wait) : 0;
}

int
pln_cli_library (PlnCli  *cli,
                 int      argc,
                 char   **argv)
{
  if (argc < 2)
    return pln_cli_usage ("library");

  if (g_str_equal (argv[1], "list"))
    return library_list (cli, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "search"))
    return library_search (cli, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "verify"))
    return library_verify (cli, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "jobs"))
    return library_jobs (cli, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "retry"))
    return library_job_command (cli, argc - 1, argv + 1, TRUE);
  if (g_str_equal (argv[1], "cancel"))
    return library_job_command (cli, argc - 1, argv + 1, FALSE);
  if (g_str_equal (argv[1], "trim"))
    return library_trim (cli, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "repackage"))
    return library_repackage (cli, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "import"))
    return library_import (cli, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "reindex"))
    {
      g_autoptr(GError) error = NULL;
      PlnStore *store = pln_cli_get_store (cli);

      if (store == NULL)
        return 1;
      if (!pln_store_rebuild_search_index (store, &error))
        return pln_cli_fail_error (error);
      printf ("%s\n", _("The search index is rebuilt."));
      return 0;
    }
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "help"))
    {
      printf ("%s %s\n", _("Usage:"), _("plenary library list [--csv] | search QUERY | verify | jobs | retry JOB | cancel JOB | reindex | trim ID [--start S] [--end S] [--wait] | repackage ID [--wait] | import FILE [--title T] [--event ID] [--link] [--wait]"));
      return 0;
    }

  pln_cli_fail (_("“%s” is not a library command."), argv[1]);
  return pln_cli_usage ("library");
}
