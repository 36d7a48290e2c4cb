/* test-manifest.c: the recording folder's manifest.ini, written and read back,
 * and checked as text with GLib's own key-file reader. */
#include "config.h"

#include <glib/gstdio.h>

#include "pln-manifest.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = g_dir_make_tmp ("plenary-manifest-XXXXXX", NULL);
  g_assert_nonnull (fixture->dir);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", fixture->dir);
  g_assert_cmpint (system (command), ==, 0);
  g_free (fixture->dir);
}

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnManifest) manifest = NULL;
  g_autoptr(PlnManifest) loaded = NULL;
  g_autoptr(GDateTime) started = g_date_time_new_utc (2026, 11, 22, 8, 0, 0.25);
  g_autoptr(GDateTime) ended = g_date_time_new_utc (2026, 11, 22, 9, 0, 0);
  const PlnManifestSegment *segment;
  const PlnManifestGap *gap;
  const PlnManifestChapter *chapter;
  g_autofree char *segment_path = NULL;

  manifest = pln_manifest_new (fixture->dir, "test://host?title=Hội nghị");
  pln_manifest_set_started (manifest, started);
  pln_manifest_set_streams (manifest, "h264 1280x720 25/1", "aac 48000 2", TRUE);

  segment = pln_manifest_add_segment (manifest, 0);
  g_assert_cmpstr (segment->file, ==, "segment-00000.mp4");
  g_assert_false (segment->closed);
  g_assert_true (pln_manifest_update_segment (manifest, 30000, 1000));
  g_assert_true (pln_manifest_close_segment (manifest, 61234, 123456));
  g_assert_false (pln_manifest_close_segment (manifest, 1, 1));

  pln_manifest_add_gap (manifest, 61234, 71500, "Cannot reach rtsp://127.0.0.1:8554/x: connection refused");
  segment = pln_manifest_add_segment (manifest, 71500);
  g_assert_cmpstr (segment->file, ==, "segment-00001.mp4");
  pln_manifest_close_segment (manifest, 20000, 5000);
  pln_manifest_add_chapter (manifest, 120000, "Bế mạc");
  pln_manifest_add_chapter (manifest, 0, "Khai mạc");
  pln_manifest_set_state (manifest, PLN_MANIFEST_STATE_STOPPED);
  pln_manifest_set_ended (manifest, ended);

  g_assert_true (pln_manifest_save (manifest, &error));
  g_assert_no_error (error);

  loaded = pln_manifest_load (fixture->dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);

  g_assert_cmpstr (pln_manifest_get_source (loaded), ==, "test://host?title=Hội nghị");
  g_assert_cmpint (pln_manifest_get_state (loaded), ==, PLN_MANIFEST_STATE_STOPPED);
  g_assert_null (pln_manifest_get_error (loaded));
  g_assert_true (g_date_time_equal (pln_manifest_get_started (loaded), started));
  g_assert_true (g_date_time_equal (pln_manifest_get_ended (loaded), ended));
  g_assert_cmpstr (pln_manifest_get_video (loaded), ==, "h264 1280x720 25/1");
  g_assert_cmpstr (pln_manifest_get_audio (loaded), ==, "aac 48000 2");
  g_assert_true (pln_manifest_get_passthrough (loaded));

  g_assert_cmpuint (pln_manifest_get_n_segments (loaded), ==, 2);
  segment = pln_manifest_get_segment (loaded, 1);
  g_assert_cmpstr (segment->file, ==, "segment-00001.mp4");
  g_assert_cmpint (segment->start_ms, ==, 71500);
  g_assert_cmpint (segment->duration_ms, ==, 20000);
  g_assert_cmpuint (segment->bytes, ==, 5000);
  g_assert_true (segment->closed);
  segment_path = pln_manifest_dup_segment_path (loaded, 0);
  g_assert_true (g_str_has_suffix (segment_path, "/segment-00000.mp4"));

  g_assert_cmpuint (pln_manifest_get_n_gaps (loaded), ==, 1);
  gap = pln_manifest_get_gap (loaded, 0);
  g_assert_cmpint (gap->start_ms, ==, 61234);
  g_assert_cmpint (gap->end_ms, ==, 71500);
  g_assert_cmpstr (gap->reason, ==, "Cannot reach rtsp://127.0.0.1:8554/x: connection refused");

  g_assert_cmpuint (pln_manifest_get_n_chapters (loaded), ==, 2);
  chapter = pln_manifest_get_chapter (loaded, 0);
  g_assert_cmpint (chapter->at_ms, ==, 0);
  g_assert_cmpstr (chapter->title, ==, "Khai mạc");

  g_assert_cmpint (pln_manifest_get_media_duration_ms (loaded), ==, 81234);
  g_assert_cmpint (pln_manifest_get_wall_duration_ms (loaded), ==, 91500);
}

/* The file is the contract with other readers: check its text with a plain
 * GKeyFile, the way a person or another tool would read it. */
static void
test_file_format (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnManifest) manifest = NULL;
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GDateTime) started = g_date_time_new_utc (2026, 11, 22, 8, 0, 0);
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *ended = NULL;

  manifest = pln_manifest_new (fixture->dir, "rtsp://127.0.0.1:8554/x");
  pln_manifest_set_started (manifest, started);
  pln_manifest_add_segment (manifest, 0);
  pln_manifest_update_segment (manifest, 2000, 300);
  g_assert_true (pln_manifest_save (manifest, &error));
  g_assert_no_error (error);

  path = g_build_filename (fixture->dir, "manifest.ini", NULL);
  g_assert_true (g_key_file_load_from_file (keyfile, path, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_key_file_get_integer (keyfile, "recording", "version", NULL), ==, 1);
  text = g_key_file_get_string (keyfile, "recording", "started", NULL);
  g_assert_cmpstr (text, ==, "2026-11-22T08:00:00.000Z");
  g_clear_pointer (&text, g_free);
  text = g_key_file_get_string (keyfile, "recording", "state", NULL);
  g_assert_cmpstr (text, ==, "recording");
  ended = g_key_file_get_string (keyfile, "recording", "ended", NULL);
  g_assert_null (ended);
  g_clear_pointer (&text, g_free);
  text = g_key_file_get_string (keyfile, "segment-00000", "file", NULL);
  g_assert_cmpstr (text, ==, "segment-00000.mp4");
  g_assert_cmpint (g_key_file_get_int64 (keyfile, "segment-00000", "duration_ms", NULL), ==, 2000);
  g_assert_false (g_key_file_get_boolean (keyfile, "segment-00000", "closed", NULL));

  /* A failed recording keeps its reason. */
  pln_manifest_close_segment (manifest, 2500, 400);
  pln_manifest_set_state (manifest, PLN_MANIFEST_STATE_FAILED);
  pln_manifest_set_error (manifest, "Cannot reach rtsp://127.0.0.1:8554/x: connection refused");
  g_assert_true (pln_manifest_save (manifest, &error));
  g_assert_true (g_key_file_load_from_file (keyfile, path, G_KEY_FILE_NONE, &error));
  g_clear_pointer (&text, g_free);
  text = g_key_file_get_string (keyfile, "recording", "state", NULL);
  g_assert_cmpstr (text, ==, "failed");
  g_clear_pointer (&text, g_free);
  text = g_key_file_get_string (keyfile, "recording", "error", NULL);
  g_assert_cmpstr (text, ==, "Cannot reach rtsp://127.0.0.1:8554/x: connection refused");
  g_assert_true (g_key_file_get_boolean (keyfile, "segment-00000", "closed", NULL));
}

/* A manifest written by hand (or by an older build) in the documented form. */
static void
test_read_handwritten (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnManifest) manifest = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "manifest.ini", NULL);
  const char *text =
    "[recording]\nversion=1\nsource=test://host\nstarted=2026-11-22T08:00:00.000Z\n"
    "state=recording\nvideo=h264 320x240 25/1\n\n"
    "[segment-00001]\nfile=segment-00001.mp4\nstart_ms=71500\nduration_ms=0\nclosed=false\n\n"
    "[segment-00000]\nfile=segment-00000.mp4\nstart_ms=0\nduration_ms=61234\nbytes=10\nclosed=true\n\n"
    "[gap-0]\nstart_ms=61234\nend_ms=71500\nreason=lost\n";

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  manifest = pln_manifest_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pln_manifest_get_n_segments (manifest), ==, 2);
  g_assert_cmpstr (pln_manifest_get_segment (manifest, 0)->file, ==, "segment-00000.mp4");
  g_assert_false (pln_manifest_get_segment (manifest, 1)->closed);
  g_assert_null (pln_manifest_get_ended (manifest));
  g_assert_null (pln_manifest_get_audio (manifest));
  g_assert_cmpint (pln_manifest_get_media_duration_ms (manifest), ==, 61234);
  g_assert_cmpstr (pln_manifest_get_dir (manifest), ==, fixture->dir);

  /* The open segment can be closed by whoever continues it. */
  g_assert_true (pln_manifest_close_segment (manifest, 1000, 20));
}

static void
test_errors (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnManifest) manifest = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "manifest.ini", NULL);

  manifest = pln_manifest_load (fixture->dir, &error);
  g_assert_null (manifest);
  g_assert_error (error, PLN_MANIFEST_ERROR, PLN_MANIFEST_ERROR_READ);
  g_assert_nonnull (strstr (error->message, fixture->dir));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (path, "this is not a key file", -1, NULL));
  manifest = pln_manifest_load (fixture->dir, &error);
  g_assert_null (manifest);
  g_assert_error (error, PLN_MANIFEST_ERROR, PLN_MANIFEST_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (path, "[recording]\nversion=9\n", -1, NULL));
  manifest = pln_manifest_load (fixture->dir, &error);
  g_assert_null (manifest);
  g_assert_error (error, PLN_MANIFEST_ERROR, PLN_MANIFEST_ERROR_TOO_NEW);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (path, "[recording]\nversion=1\n[segment-00000]\nfile=../../etc/passwd\n", -1, NULL));
  manifest = pln_manifest_load (fixture->dir, &error);
  g_assert_null (manifest);
  g_assert_error (error, PLN_MANIFEST_ERROR, PLN_MANIFEST_ERROR_INVALID);
}

/* A save replaces the file; no temporary files stay behind. */
static void
test_atomic_save (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnManifest) manifest = pln_manifest_new (fixture->dir, "test://a");
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint n = 0;

  for (int i = 0; i < 20; i++)
    {
      pln_manifest_add_segment (manifest, i * 1000);
      pln_manifest_close_segment (manifest, 1000, 10);
      g_assert_true (pln_manifest_save (manifest, &error));
      g_assert_no_error (error);
    }

  dir = g_dir_open (fixture->dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_assert_cmpstr (name, ==, "manifest.ini");
      n++;
    }
  g_assert_cmpuint (n, ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/manifest/round-trip", Fixture, NULL, fixture_set_up, test_round_trip, fixture_tear_down);
  g_test_add ("/manifest/file-format", Fixture, NULL, fixture_set_up, test_file_format, fixture_tear_down);
  g_test_add ("/manifest/read-handwritten", Fixture, NULL, fixture_set_up, test_read_handwritten, fixture_tear_down);
  g_test_add ("/manifest/errors", Fixture, NULL, fixture_set_up, test_errors, fixture_tear_down);
  g_test_add ("/manifest/atomic-save", Fixture, NULL, fixture_set_up, test_atomic_save, fixture_tear_down);

  return g_test_run ();
}
