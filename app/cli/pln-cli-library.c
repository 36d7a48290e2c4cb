/* pln-cli-library.c: `plenary library list|search|verify|jobs|retry|cancel|reindex`:
 * the recordings the archive keeps, from the command line. */
#define G_LOG_DOMAIN "plenary-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "pln-cli-commands.h"
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
      printf ("%s %s\n", _("Usage:"), _("plenary library list [--csv] | search QUERY | verify | jobs | retry JOB | cancel JOB | reindex"));
      return 0;
    }

  pln_cli_fail (_("“%s” is not a library command."), argv[1]);
  return pln_cli_usage ("library");
}
