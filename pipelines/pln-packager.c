/* pln-packager.c: from a recording folder to the files people watch.
 *
 * Reads the manifest and the segment files (pln-mp4-boxes) and writes, as
 * asked:
 *   NAME.mp4       one MP4 with its index in front; samples copied, the
 *                  timeline closed over each gap, chapters (udta/chpl) with
 *                  "Link lost (N s)" at each gap and the manifest's chapters
 *   NAME.m3u8      HLS by byte range over the segment files (no copy)
 *   NAME-360p.mp4  H.264 main profile at about 500 kbit/s, AAC copied
 *   NAME.m4a       the AAC copied out
 *   chapters.vtt, chapters.json   the same chapters for web players
 * NAME is the recording folder's name.
 *
 * Everything is written into a hidden temporary folder inside the output
 * folder and renamed into place at the very end, so a cancelled or failed
 * job leaves nothing where a finished one would be.
 */
#define G_LOG_DOMAIN "plenary-packager"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <math.h>
#include <string.h>

#include "pln-hls-playlist.h"
#include "pln-manifest.h"
#include "pln-mp4-boxes.h"
#include "pln-packager.h"

struct _PlnPackager
{
  GObject            parent_instance;

  char              *recording_dir;
  char              *out_dir;
  PlnPackageOutputs  outputs;
  gint64             trim_start_ms;
  gint64             trim_end_ms;
  double             duration;          /* of the last successful run */
  GArray            *chapters;          /* PlnMp4Chapter (at_us: recording ms × 1000), or NULL: the manifest's */

  double             progress;
  GMainContext      *progress_context;   /* where notify::progress goes */
  GStrv              files;
  gboolean           running;
};

G_DEFINE_FINAL_TYPE (PlnPackager, pln_packager, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RECORDING_DIR,
  PROP_OUT_DIR,
  PROP_OUTPUTS,
  PROP_PROGRESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The state of one run, owned by the worker. */
typedef struct
{
  PlnPackager  *self;
  GCancellable *cancellable;
  PlnManifest  *manifest;
  GPtrArray    *files;          /* PlnMp4File, readable segments in order */
  GArray       *file_segment;   /* guint: manifest index of each file */
  GArray       *file_starts_us; /* guint64: each file's start in the MP4 */
  GArray       *chapters;       /* PlnMp4Chapter */
  char         *name;
  char         *tmp_dir;
  GPtrArray    *made;           /* file names inside tmp_dir */
  double        stage_base;     /* progress before the current stage */
  double        stage_weight;
  double        total_weight;
  double        duration;       /* seconds, of the packaged timeline */
  guint64       from_us;        /* the trimmed window of the untrimmed timeline */
  guint64       to_us;          /* 0: not trimmed */
  double        reported;       /* last value handed out */
} Job;

typedef struct
{
  PlnPackager *self;
  double       value;
} ProgressUpdate;

static void
chapter_clear (gpointer data)
{
  PlnMp4Chapter *chapter = data;

  g_clear_pointer (&chapter->title, g_free);
}

static void
job_free (Job *job)
{
  g_clear_object (&job->self);
  g_clear_object (&job->cancellable);
  g_clear_object (&job->manifest);
  g_clear_pointer (&job->files, g_ptr_array_unref);
  g_clear_pointer (&job->file_segment, g_array_unref);
  g_clear_pointer (&job->file_starts_us, g_array_unref);
  g_clear_pointer (&job->chapters, g_array_unref);
  g_clear_pointer (&job->made, g_ptr_array_unref);
  g_free (job->name);
  g_free (job->tmp_dir);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

static void
set_progress (PlnPackager *self,
              double       value)
{
  if (fabs (self->progress - value) < 1e-9)
    return;
  self->progress = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

static gboolean
deliver_progress_cb (gpointer data)
{
  ProgressUpdate *update = data;

  set_progress (update->self, update->value);
  return G_SOURCE_REMOVE;
}

static void
progress_update_free (gpointer data)
{
  ProgressUpdate *update = data;

  g_object_unref (update->self);
  g_free (update);
}

/* Called from the worker: hands the value to the caller's main context. */
static void
report (Job    *job,
        double  stage_fraction)
{
  static const double step = 0.005;
  double value = (job->stage_base + job->stage_weight * CLAMP (stage_fraction, 0, 1)) / job->total_weight;
  ProgressUpdate *update;

  value = CLAMP (value, 0, 1);
  if (value < 1 && value - job->reported < step && value >= job->reported)
    return;
  job->reported = value;

  if (job->self->progress_context == NULL)
    {
      set_progress (job->self, value);
      return;
    }
  update = g_new0 (ProgressUpdate, 1);
  update->self = g_object_ref (job->self);
  update->value = value;
  /* A source, never g_main_context_invoke(): that would run it on this
   * thread whenever the caller's context happens to be free. */
  {
    g_autoptr(GSource) source = g_idle_source_new ();

    g_source_set_priority (source, G_PRIORITY_DEFAULT);
    g_source_set_callback (source, deliver_progress_cb, update, progress_update_free);
    g_source_attach (source, job->self->progress_context);
  }
}

static void
begin_stage (Job    *job,
             double  weight)
{
  job->stage_base += job->stage_weight;
  job->stage_weight = weight;
  report (job, 0);
}

static gboolean
on_copy_progress (guint64  done,
                  guint64  total,
                  gpointer user_data)
{
  Job *job = user_data;

  report (job, total > 0 ? (double) done / total : 1);
  return !g_cancellable_is_cancelled (job->cancellable);
}

/* ---- Chapters ---------------------------------------------------------- */

/* The position of wall-clock @at_ms on the packaged timeline. */
static guint64
map_to_timeline_us (Job    *job,
                    gint64  at_ms)
{
  guint64 result = 0;

  for (guint f = 0; f < job->files->len; f++)
    {
      guint index = g_array_index (job->file_segment, guint, f);
      const PlnManifestSegment *segment = pln_manifest_get_segment (job->manifest, index);
      guint64 start_us = g_array_index (job->file_starts_us, guint64, f);
      guint64 next_us = f + 1 < job->files->len
        ? g_array_index (job->file_starts_us, guint64, f + 1)
        : (guint64) (job->duration * G_USEC_PER_SEC);

      if (at_ms < segment->start_ms)
        break;
      result = MIN (start_us + (guint64) (at_ms - segment->start_ms) * 1000, next_us);
    }
  return result;
}

static gint
compare_chapters (gconstpointer a,
                  gconstpointer b)
{
  const PlnMp4Chapter *ca = a;
  const PlnMp4Chapter *cb = b;

  return (ca->at_us > cb->at_us) - (ca->at_us < cb->at_us);
}

static void
collect_chapters (Job *job)
{
  GArray *given = job->self->chapters;

  if (given != NULL)
    for (guint i = 0; i < given->len; i++)
      {
        PlnMp4Chapter *chapter = &g_array_index (given, PlnMp4Chapter, i);
        PlnMp4Chapter out = { map_to_timeline_us (job, (gint64) (chapter->at_us / 1000)), g_strdup (chapter->title) };

        g_array_append_val (job->chapters, out);
      }
  else
    for (guint i = 0; i < pln_manifest_get_n_chapters (job->manifest); i++)
      {
        const PlnManifestChapter *chapter = pln_manifest_get_chapter (job->manifest, i);
        PlnMp4Chapter out = { map_to_timeline_us (job, chapter->at_ms), g_strdup (chapter->title) };

        g_array_append_val (job->chapters, out);
      }

  /* A gap is marked where the media resumes after it. */
  for (guint g = 0; g < pln_manifest_get_n_gaps (job->manifest); g++)
    {
      const PlnManifestGap *gap = pln_manifest_get_gap (job->manifest, g);
      gint64 seconds = (gap->end_ms - gap->start_ms + 500) / 1000;
      PlnMp4Chapter out = { 0 };

      if (gap->end_ms <= 0 || job->files->len == 0)
        continue;
      out.at_us = map_to_timeline_us (job, gap->end_ms);
      /* TRANSLATORS: a chapter title in the packaged video where the link to
       * the site was lost; %d is how many seconds are missing. */
      out.title = g_strdup_printf (_("Link lost (%d s)"), (int) seconds);
      g_array_append_val (job->chapters, out);
    }

  g_array_sort (job->chapters, compare_chapters);
}

/* Moves the chapters onto the trimmed timeline: the one under way at the
 * cut goes to its start, those after the end go. */
static void
trim_chapters (Job *job)
{
  g_autoptr(GArray) kept = g_array_new (FALSE, TRUE, sizeof (PlnMp4Chapter));
  int under_way = -1;

  g_array_set_clear_func (kept, chapter_clear);
  for (guint i = 0; i < job->chapters->len; i++)
    {
      PlnMp4Chapter *chapter = &g_array_index (job->chapters, PlnMp4Chapter, i);

      if (chapter->at_us < job->from_us)
        under_way = (int) i;
    }
  for (guint i = 0; i < job->chapters->len; i++)
    {
      PlnMp4Chapter *chapter = &g_array_index (job->chapters, PlnMp4Chapter, i);
      PlnMp4Chapter out = { 0, NULL };

      if ((int) i < under_way || chapter->at_us >= job->to_us)
        continue;
      if ((int) i == under_way)
        {
          /* Not when another chapter begins right at the cut. */
          if (i + 1 < job->chapters->len &&
              g_array_index (job->chapters, PlnMp4Chapter, i + 1).at_us <= job->from_us)
            continue;
          out.at_us = 0;
        }
      else
        out.at_us = chapter->at_us - job->from_us;
      out.title = g_steal_pointer (&chapter->title);
      g_array_append_val (kept, out);
    }
  g_array_unref (job->chapters);
  job->chapters = g_steal_pointer (&kept);
}

static char *
vtt_time (guint64 us)
{
  guint64 ms = us / 1000;

  return g_strdup_printf ("%02u:%02u:%02u.%03u",
                          (guint) (ms / 3600000), (guint) (ms / 60000 % 60),
                          (guint) (ms / 1000 % 60), (guint) (ms % 1000));
}

static char *
json_string (const char *text)
{
  GString *out = g_string_new ("\"");

  for (const char *p = text; *p; p++)
    {
      guchar c = *p;
      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, c);
    }
  g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}

static gboolean
write_made (Job         *job,
            const char  *name,
            const char  *contents,
            GError     **error)
{
  g_autofree char *path = g_build_filename (job->tmp_dir, name, NULL);

  if (!g_file_set_contents (path, contents, -1, error))
    return FALSE;
  g_ptr_array_add (job->made, g_strdup (name));
  return TRUE;
}

static gboolean
write_chapter_files (Job     *job,
                     GError **error)
{
  g_autoptr(GString) vtt = g_string_new ("WEBVTT\n");
  g_autoptr(GString) json = g_string_new ("{\n  \"duration\": ");
  guint64 end_us = (guint64) (job->duration * G_USEC_PER_SEC);
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (json, g_ascii_formatd (number, sizeof number, "%.3f", job->duration));
  g_string_append (json, ",\n  \"chapters\": [");

  for (guint i = 0; i < job->chapters->len; i++)
    {
      PlnMp4Chapter *chapter = &g_array_index (job->chapters, PlnMp4Chapter, i);
      guint64 next = i + 1 < job->chapters->len
        ? g_array_index (job->chapters, PlnMp4Chapter, i + 1).at_us : end_us;
      g_autofree char *from = vtt_time (chapter->at_us);
      g_autofree char *to = vtt_time (MAX (next, chapter->at_us));
      g_autofree char *title = json_string (chapter->title);
      g_autofree char *cue = g_strdelimit (g_strdup (chapter->title), "\n", ' ');

      g_string_append_printf (vtt, "\n%u\n%s --> %s\n%s\n", i + 1, from, to, cue);
      g_string_append_printf (json, "%s\n    {\"start\": ", i > 0 ? "," : "");
      g_string_append (json, g_ascii_formatd (number, sizeof number, "%.3f", chapter->at_us / 1e6));
      g_string_append (json, ", \"end\": ");
      g_string_append (json, g_ascii_formatd (number, sizeof number, "%.3f", MAX (next, chapter->at_us) / 1e6));
      g_string_append_printf (json, ", \"title\": %s}", title);
    }
  g_string_append (json, job->chapters->len > 0 ? "\n  ]\n}\n" : "]\n}\n");

  return write_made (job, "chapters.vtt", vtt->str, error) &&
         write_made (job, "chapters.json", json->str, error);
}

/* ---- Stages ------------------------------------------------------------ */

static gboolean
read_segments (Job     *job,
               GError **error)
{
  for (guint i = 0; i < pln_manifest_get_n_segments (job->manifest); i++)
    {
      g_autofree char *path = pln_manifest_dup_segment_path (job->manifest, i);
      g_autoptr(GError) local_error = NULL;
      PlnMp4File *file;

      if (g_cancellable_set_error_if_cancelled (job->cancellable, error))
        return FALSE;
      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_warning ("%s is named in the manifest but missing; left out", path);
          continue;
        }
      file = pln_mp4_file_read (path, &local_error);
      if (file == NULL || file->fragments->len == 0)
        {
          /* A segment cut before its first fragment holds nothing to play. */
          if (local_error != NULL)
            g_message ("%s", local_error->message);
          else
            g_message ("%s has no complete fragment yet; it is left out", path);
          g_clear_pointer (&file, pln_mp4_file_free);
          continue;
        }
      if (file->truncated)
        g_message ("%s ends with an incomplete fragment (the recorder was stopped abruptly); it is left out",
                   path);
      g_ptr_array_add (job->files, file);
      g_array_append_val (job->file_segment, i);
    }

  if (job->files->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The recording in %s has no media that can be played: its segment files are missing or empty."),
                   job->self->recording_dir);
      return FALSE;
    }
  return TRUE;
}

static gboolean
make_mp4 (Job         *job,
          const char  *name,
          GError     **error)
{
  g_autofree char *path = g_build_filename (job->tmp_dir, name, NULL);

  g_array_set_size (job->file_starts_us, 0);
  if (!pln_mp4_write_progressive (job->files, "vide,soun", "isom", job->chapters, job->file_starts_us,
                                  job->from_us, job->to_us,
                                  path, on_copy_progress, job, job->cancellable, error))
    return FALSE;
  g_ptr_array_add (job->made, g_strdup (name));
  return TRUE;
}

/* The packaged timeline: laid out once without writing, to place chapters. */
static void
measure_timeline (Job *job)
{
  double timeline = 0;

  g_array_set_size (job->file_starts_us, 0);
  for (guint f = 0; f < job->files->len; f++)
    {
      PlnMp4File *file = g_ptr_array_index (job->files, f);
      guint64 us = (guint64) (timeline * G_USEC_PER_SEC + 0.5);
      double longest = 0;
      double first = G_MAXDOUBLE;

      g_array_append_val (job->file_starts_us, us);
      for (guint t = 0; t < file->tracks->len; t++)
        {
          PlnMp4Track *track = g_ptr_array_index (file->tracks, t);
          if (track->samples->len == 0)
            continue;
          first = MIN (first, (double) track->first_decode_time / track->timescale);
        }
      for (guint t = 0; t < file->tracks->len; t++)
        {
          PlnMp4Track *track = g_ptr_array_index (file->tracks, t);
          if (track->samples->len == 0)
            continue;
          longest = MAX (longest, (double) track->first_decode_time / track->timescale - first +
                                  pln_mp4_track_get_duration (track));
        }
      timeline += longest;
    }
  job->duration = timeline;
}

static char *
relative_path (const char *from_dir,
               const char *to_dir)
{
  g_autofree char *from = g_canonicalize_filename (from_dir, NULL);
  g_autofree char *to = g_canonicalize_filename (to_dir, NULL);
  g_auto(GStrv) a = g_strsplit (from, G_DIR_SEPARATOR_S, -1);
  g_auto(GStrv) b = g_strsplit (to, G_DIR_SEPARATOR_S, -1);
  GString *out = g_string_new (NULL);
  guint common = 0;

  while (a[common] != NULL && b[common] != NULL && g_str_equal (a[common], b[common]))
    common++;
  for (guint i = common; a[i] != NULL; i++)
    if (*a[i] != '\0')
      g_string_append (out, "../");
  for (guint i = common; b[i] != NULL; i++)
    if (*b[i] != '\0')
      {
        g_autofree char *escaped = g_uri_escape_string (b[i], NULL, FALSE);
        g_string_append_printf (out, "%s/", escaped);
      }
  return g_string_free (out, FALSE);
}

static gboolean
make_hls (Job     *job,
          GError **error)
{
  g_autofree char *prefix = relative_path (job->self->out_dir, job->self->recording_dir);
  g_autofree char *name = g_strconcat (job->name, ".m3u8", NULL);
  g_autofree char *playlist = NULL;

  if (job->to_us > 0)
    playlist = pln_hls_playlist_build_window (job->manifest, prefix, FALSE,
                                              job->from_us / 1e6, job->to_us / 1e6, NULL, error);
  else
    playlist = pln_hls_playlist_build (job->manifest, prefix, FALSE, NULL, error);
  if (playlist == NULL)
    return FALSE;
  return write_made (job, name, playlist, error);
}

/* Runs the low-bandwidth pipeline to its end in this thread, reporting its
 * position. */
static gboolean
run_pipeline (Job         *job,
              GstElement  *pipeline,
              GError     **error)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);
  gboolean done = FALSE;
  gboolean ok = FALSE;

  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Cannot start making the low-bandwidth version: a GStreamer element refused to start."));
      return FALSE;
    }

  while (!done)
    {
      g_autoptr(GstMessage) message = NULL;
      gint64 position = 0;

      if (g_cancellable_set_error_if_cancelled (job->cancellable, error))
        break;

      message = gst_bus_timed_pop_filtered (bus, 100 * GST_MSECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
      if (message == NULL)
        {
          if (job->duration > 0 && gst_element_query_position (pipeline, GST_FORMAT_TIME, &position))
            report (job, (double) position / GST_SECOND / job->duration);
          continue;
        }

      if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_EOS)
        ok = TRUE;
      else
        {
          g_autoptr(GError) gst_error = NULL;
          g_autofree char *debug = NULL;

          gst_message_parse_error (message, &gst_error, &debug);
          g_debug ("%s", debug);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       _("Cannot make the low-bandwidth version: %s"), gst_error->message);
        }
      done = TRUE;
    }

  gst_element_set_state (pipeline, GST_STATE_NULL);
  return ok;
}

static gboolean
make_low (Job         *job,
          const char  *mp4_path,
          GError     **error)
{
  g_autofree char *name = g_strdup_printf ("%s-%dp.mp4", job->name, PLN_PACKAGE_LOW_HEIGHT);
  g_autofree char *path = g_build_filename (job->tmp_dir, name, NULL);
  g_autofree char *description = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) src = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GError) parse_error = NULL;
  PlnMp4File *first = g_ptr_array_index (job->files, 0);
  int video = pln_mp4_file_find_track (first, "vide");
  gboolean audio = FALSE;
  guint src_w = 640, src_h = 360;
  guint width, height;

  if (video < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The recording in %s has no video: there is no low-bandwidth version to make."),
                   job->self->recording_dir);
      return FALSE;
    }
  for (guint f = 0; f < job->files->len; f++)
    audio |= pln_mp4_file_find_track (g_ptr_array_index (job->files, f), "soun") >= 0;

  {
    PlnMp4Track *track = g_ptr_array_index (first->tracks, video);
    if ((track->width >> 16) > 0 && (track->height >> 16) > 0)
      {
        src_w = track->width >> 16;
        src_h = track->height >> 16;
      }
  }
  height = MIN (src_h, PLN_PACKAGE_LOW_HEIGHT) & ~1u;
  width = ((guint) ((double) src_w * height / src_h + 1)) & ~1u;

  description = g_strdup_printf (
    "filesrc name=src ! qtdemux name=demux "
    "demux.video_0 ! queue max-size-time=3000000000 max-size-buffers=0 max-size-bytes=0 ! "
    "h264parse ! avdec_h264 ! videoconvert ! videoscale ! "
    "video/x-raw,format=I420,width=%u,height=%u,pixel-aspect-ratio=1/1 ! "
    "x264enc bitrate=%d speed-preset=veryfast key-int-max=50 ! video/x-h264,profile=main ! "
    "h264parse ! queue ! mux.video_0 "
    "%s"
    "mp4mux name=mux faststart=true ! filesink name=sink",
    width, height, PLN_PACKAGE_LOW_BITRATE_KBPS,
    audio ? "demux.audio_0 ! queue max-size-time=3000000000 max-size-buffers=0 max-size-bytes=0 ! "
            "aacparse ! queue ! mux.audio_0 " : "");

  pipeline = gst_parse_launch_full (description, NULL, GST_PARSE_FLAG_FATAL_ERRORS, &parse_error);
  if (pipeline == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Cannot make the low-bandwidth version: %s. Check that gstreamer1.0-libav and gstreamer1.0-plugins-ugly are installed."),
                   parse_error->message);
      return FALSE;
    }
  gst_object_ref_sink (pipeline);
  src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_object_set (src, "location", mp4_path, NULL);
  g_object_set (sink, "location", path, NULL);

  if (!run_pipeline (job, pipeline, error))
    return FALSE;
  g_ptr_array_add (job->made, g_strdup (name));
  return TRUE;
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
        g_remove (child);
      }
  g_rmdir (path);
}

static gboolean
publish (Job     *job,
         GError **error)
{
  for (guint i = 0; i < job->made->len; i++)
    {
      const char *name = g_ptr_array_index (job->made, i);
      g_autofree char *from = g_build_filename (job->tmp_dir, name, NULL);
      g_autofree char *to = g_build_filename (job->self->out_dir, name, NULL);

      if (g_rename (from, to) != 0)
        {
          int saved_errno = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("Cannot put %s in place: %s"), to, g_strerror (saved_errno));
          /* All or nothing: take back what was already moved. */
          for (guint j = 0; j < i; j++)
            {
              g_autofree char *moved = g_build_filename (job->self->out_dir,
                                                         (const char *) g_ptr_array_index (job->made, j), NULL);
              g_remove (moved);
            }
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
job_run (Job     *job,
         GError **error)
{
  PlnPackager *self = job->self;
  PlnPackageOutputs outputs = self->outputs;
  g_autofree char *template = NULL;
  g_autofree char *mp4_name = g_strconcat (job->name, ".mp4", NULL);
  g_autofree char *mp4_path = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean ok = FALSE;

  job->manifest = pln_manifest_load (self->recording_dir, error);
  if (job->manifest == NULL)
    return FALSE;

  if (g_mkdir_with_parents (self->out_dir, 0755) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot create the output folder %s: %s"), self->out_dir, g_strerror (saved_errno));
      return FALSE;
    }
  template = g_strdup_printf (".%s.partial-XXXXXX", job->name);
  job->tmp_dir = g_build_filename (self->out_dir, template, NULL);
  if (g_mkdtemp (job->tmp_dir) == NULL)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot write in the output folder %s: %s"), self->out_dir, g_strerror (saved_errno));
      g_clear_pointer (&job->tmp_dir, g_free);
      return FALSE;
    }
  mp4_path = g_build_filename (job->tmp_dir, mp4_name, NULL);

  job->total_weight = 10;
  begin_stage (job, 0.2);
  if (!read_segments (job, &local_error))
    goto out;

  /* What cannot be made from this recording is left out, not failed: a
   * recording without video has no 360p version, one without sound no M4A. */
  {
    gboolean has_video = FALSE, has_audio = FALSE;

    for (guint f = 0; f < job->files->len; f++)
      {
        has_video |= pln_mp4_file_find_track (g_ptr_array_index (job->files, f), "vide") >= 0;
        has_audio |= pln_mp4_file_find_track (g_ptr_array_index (job->files, f), "soun") >= 0;
      }
    if (!has_video && (outputs & PLN_PACKAGE_LOW))
      {
        g_message ("%s has no video: no low-bandwidth version", self->recording_dir);
        outputs &= ~PLN_PACKAGE_LOW;
      }
    if (!has_audio && (outputs & PLN_PACKAGE_AUDIO))
      {
        g_message ("%s has no sound: no audio file", self->recording_dir);
        outputs &= ~PLN_PACKAGE_AUDIO;
      }
    if (outputs == 0)
      {
        if (!has_video && !(self->outputs & PLN_PACKAGE_AUDIO))
          g_set_error (&local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       _("The recording in %s has no video: there is no low-bandwidth version to make."),
                       self->recording_dir);
        else if (!has_audio && !(self->outputs & PLN_PACKAGE_LOW))
          g_set_error (&local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       _("The recording in %s has no sound: there is no audio file to make."),
                       self->recording_dir);
        else
          g_set_error (&local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       _("Nothing to make from the recording in %s: it has no video for a low-bandwidth version and no sound for an audio file."),
                       self->recording_dir);
        goto out;
      }
  }

  /* Weights: roughly the time each stage takes. */
  job->total_weight = 0.2;
  if (outputs & (PLN_PACKAGE_MP4 | PLN_PACKAGE_LOW))
    job->total_weight += 1;
  if (outputs & PLN_PACKAGE_AUDIO)
    job->total_weight += 0.3;
  if (outputs & PLN_PACKAGE_HLS)
    job->total_weight += 0.2;
  if (outputs & PLN_PACKAGE_LOW)
    job->total_weight += 6;

  measure_timeline (job);
  collect_chapters (job);

  /* The lead-in and tail cut off: the window of the timeline to publish. */
  if (self->trim_start_ms > 0 || self->trim_end_ms > 0)
    {
      double full = job->duration;
      guint n_segments = pln_manifest_get_n_segments (job->manifest);
      const PlnManifestSegment *last = n_segments > 0 ? pln_manifest_get_segment (job->manifest, n_segments - 1) : NULL;
      /* The cuts are wall-clock time of the recording, as the scheduler
       * counts its lead-in and tail (and as chapters are placed): a link
       * lost during the lead-in shortens the media, not the event. */
      double from = map_to_timeline_us (job, self->trim_start_ms) / 1e6;
      double to = full - self->trim_end_ms / 1000.0;

      if (self->trim_end_ms > 0 && last != NULL && last->duration_ms > 0)
        to = MIN (full, map_to_timeline_us (job, pln_manifest_get_wall_duration_ms (job->manifest) - self->trim_end_ms) / 1e6);
      if (self->trim_start_ms == 0)
        from = 0;

      if (to - from < 0.1)
        {
          g_set_error (&local_error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("Cutting %.1f s off the start and %.1f s off the end of the recording in %s leaves nothing of its %.1f s. Cut less."),
                       self->trim_start_ms / 1000.0, self->trim_end_ms / 1000.0, self->recording_dir, full);
          goto out;
        }
      job->from_us = (guint64) (from * G_USEC_PER_SEC + 0.5);
      job->to_us = (guint64) (to * G_USEC_PER_SEC + 0.5);
      trim_chapters (job);
      job->duration = to - from;
    }

  if (outputs & (PLN_PACKAGE_MP4 | PLN_PACKAGE_LOW))
    {
      begin_stage (job, 1);
      if (!make_mp4 (job, mp4_name, &local_error))
        goto out;
    }
  if (outputs & PLN_PACKAGE_AUDIO)
    {
      g_autofree char *name = g_strconcat (job->name, ".m4a", NULL);
      g_autofree char *path = g_build_filename (job->tmp_dir, name, NULL);

      begin_stage (job, 0.3);
      if (!pln_mp4_write_progressive (job->files, "soun", "M4A ", job->chapters, NULL,
                                      job->from_us, job->to_us,
                                      path, on_copy_progress, job, job->cancellable, &local_error))
        goto out;
      g_ptr_array_add (job->made, g_strdup (name));
    }
  if (outputs & PLN_PACKAGE_HLS)
    {
      begin_stage (job, 0.2);
      if (!make_hls (job, &local_error))
        goto out;
    }
  if (outputs & PLN_PACKAGE_LOW)
    {
      begin_stage (job, 6);
      if (!make_low (job, mp4_path, &local_error))
        goto out;
    }
  /* The MP4 was only the low version's input. */
  if ((outputs & PLN_PACKAGE_LOW) && !(outputs & PLN_PACKAGE_MP4))
    {
      guint index;

      if (g_ptr_array_find_with_equal_func (job->made, mp4_name, g_str_equal, &index))
        g_ptr_array_remove_index (job->made, index);
      g_remove (mp4_path);
    }

  if (!write_chapter_files (job, &local_error))
    goto out;
  if (g_cancellable_set_error_if_cancelled (job->cancellable, &local_error))
    goto out;
  if (!publish (job, &local_error))
    goto out;
  ok = TRUE;

out:
  remove_tree (job->tmp_dir);
  if (!ok)
    {
      /* The temporary folder is gone, and publish takes back what it moved:
       * nothing of this run stays behind. */
      if (local_error != NULL && !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("packaging %s failed: %s", self->recording_dir, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  report (job, 1);
  return TRUE;
}

static Job *
job_new (PlnPackager  *self,
         GCancellable *cancellable)
{
  Job *job = g_new0 (Job, 1);
  g_autofree char *base = g_path_get_basename (self->recording_dir);

  job->self = g_object_ref (self);
  job->cancellable = cancellable ? g_object_ref (cancellable) : g_cancellable_new ();
  job->files = g_ptr_array_new_with_free_func ((GDestroyNotify) pln_mp4_file_free);
  job->file_segment = g_array_new (FALSE, FALSE, sizeof (guint));
  job->file_starts_us = g_array_new (FALSE, FALSE, sizeof (guint64));
  job->chapters = g_array_new (FALSE, TRUE, sizeof (PlnMp4Chapter));
  g_array_set_clear_func (job->chapters, chapter_clear);
  job->made = g_ptr_array_new_with_free_func (g_free);
  job->name = (g_str_equal (base, ".") || g_str_equal (base, G_DIR_SEPARATOR_S)) ? g_strdup ("recording") : g_steal_pointer (&base);
  return job;
}

static GStrv
job_dup_outputs (Job *job)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  GStrv result;

  for (guint i = 0; i < job->made->len; i++)
    {
      g_autofree char *path = g_build_filename (job->self->out_dir, g_ptr_array_index (job->made, i), NULL);
      g_strv_builder_add (builder, path);
    }
  result = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return result;
}

static void
run_in_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;

  if (job_run (job, &error))
    g_task_return_pointer (task, job_dup_outputs (job), (GDestroyNotify) g_strfreev);
  else
    g_task_return_error (task, error);
}

static void
pln_packager_finalize (GObject *object)
{
  PlnPackager *self = (PlnPackager *)object;

  g_clear_pointer (&self->recording_dir, g_free);
  g_clear_pointer (&self->out_dir, g_free);
  g_clear_pointer (&self->progress_context, g_main_context_unref);
  g_clear_pointer (&self->files, g_strfreev);
  g_clear_pointer (&self->chapters, g_array_unref);

  G_OBJECT_CLASS (pln_packager_parent_class)->finalize (object);
}

static void
pln_packager_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  PlnPackager *self = PLN_PACKAGER (object);

  switch (prop_id)
    {
    case PROP_RECORDING_DIR:
      g_value_set_string (value, self->recording_dir);
      break;
    case PROP_OUT_DIR:
      g_value_set_string (value, self->out_dir);
      break;
    case PROP_OUTPUTS:
      g_value_set_uint (value, self->outputs);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pln_packager_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  PlnPackager *self = PLN_PACKAGER (object);

  switch (prop_id)
    {
    case PROP_RECORDING_DIR:
      self->recording_dir = g_value_dup_string (value);
      break;
    case PROP_OUT_DIR:
      self->out_dir = g_value_dup_string (value);
      break;
    case PROP_OUTPUTS:
      self->outputs = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pln_packager_class_init (PlnPackagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pln_packager_finalize;
  object_class->get_property = pln_packager_get_property;
  object_class->set_property = pln_packager_set_property;

  properties[PROP_RECORDING_DIR] =
    g_param_spec_string ("recording-dir", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OUT_DIR] =
    g_param_spec_string ("out-dir", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OUTPUTS] =
    g_param_spec_uint ("outputs", NULL, NULL, 0, G_MAXUINT, PLN_PACKAGE_MP4,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * PlnPackager:progress:
   *
   * 0 to 1, notified on the main context that started the job.
   */
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0, 1, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pln_packager_init (PlnPackager *self)
{
}

/**
 * pln_packager_new:
 * @recording_dir: a folder with manifest.ini and its segments
 * @out_dir: where the outputs go (created if needed; may be @recording_dir)
 * @outputs: what to make
 */
PlnPackager *
pln_packager_new (const char        *recording_dir,
                  const char        *out_dir,
                  PlnPackageOutputs  outputs)
{
  g_return_val_if_fail (recording_dir != NULL, NULL);
  g_return_val_if_fail (out_dir != NULL, NULL);

  return g_object_new (PLN_TYPE_PACKAGER,
                       "recording-dir", recording_dir,
                       "out-dir", out_dir,
                       "outputs", (guint) (outputs ? outputs : PLN_PACKAGE_MP4),
                       NULL);
}

const char *
pln_packager_get_recording_dir (PlnPackager *self)
{
  g_return_val_if_fail (PLN_IS_PACKAGER (self), NULL);
  return self->recording_dir;
}

const char *
pln_packager_get_out_dir (PlnPackager *self)
{
  g_return_val_if_fail (PLN_IS_PACKAGER (self), NULL);
  return self->out_dir;
}

PlnPackageOutputs
pln_packager_get_outputs (PlnPackager *self)
{
  g_return_val_if_fail (PLN_IS_PACKAGER (self), 0);
  return self->outputs;
}

/**
 * pln_packager_set_trim:
 * @start_ms: how much to cut off the start (the lead-in), ≥ 0
 * @end_ms: how much to cut off the end (the tail), ≥ 0
 *
 * Both are milliseconds of the recording's wall-clock time, as the
 * manifest counts it (gaps included, so a link lost during the lead-in
 * does not cut into the event); they are mapped onto the packaged timeline
 * (the segments end to end, gaps closed). The MP4 and M4A are cut at the key frame at or before the
 * start, with an edit list that starts them exactly there, so players
 * show the trimmed length; the 360p version is made from that MP4; the
 * HLS playlist runs from the fragment at or before the start to the one
 * covering the end; chapters move with the start. Set before running.
 */
void
pln_packager_set_trim (PlnPackager *self,
                       gint64       start_ms,
                       gint64       end_ms)
{
  g_return_if_fail (PLN_IS_PACKAGER (self));
  g_return_if_fail (!self->running);

  self->trim_start_ms = MAX (start_ms, 0);
  self->trim_end_ms = MAX (end_ms, 0);
}

/**
 * pln_packager_add_chapter:
 * @at_ms: where it starts, in ms of the recording as the manifest counts
 *   them (wall clock since it started; gaps included)
 *
 * Chapters added here replace the manifest's (the store's chapters, edited
 * after the recording). Call before running.
 */
void
pln_packager_add_chapter (PlnPackager *self,
                          gint64       at_ms,
                          const char  *title)
{
  PlnMp4Chapter chapter = { (guint64) MAX (at_ms, 0) * 1000, NULL };

  g_return_if_fail (PLN_IS_PACKAGER (self));
  g_return_if_fail (title != NULL);
  g_return_if_fail (!self->running);

  if (self->chapters == NULL)
    {
      self->chapters = g_array_new (FALSE, TRUE, sizeof (PlnMp4Chapter));
      g_array_set_clear_func (self->chapters, chapter_clear);
    }
  chapter.title = g_strdup (title);
  g_array_append_val (self->chapters, chapter);
}

double
pln_packager_get_progress (PlnPackager *self)
{
  g_return_val_if_fail (PLN_IS_PACKAGER (self), 0);
  return self->progress;
}

/**
 * pln_packager_get_duration:
 *
 * Returns: the length in seconds of what the last successful run wrote
 * (the trimmed timeline), 0 before.
 */
double
pln_packager_get_duration (PlnPackager *self)
{
  g_return_val_if_fail (PLN_IS_PACKAGER (self), 0);
  return self->duration;
}

/**
 * pln_packager_get_files:
 *
 * Returns: (nullable): the paths written by the last successful run.
 */
const char * const *
pln_packager_get_files (PlnPackager *self)
{
  g_return_val_if_fail (PLN_IS_PACKAGER (self), NULL);
  return (const char * const *) self->files;
}

/**
 * pln_packager_run:
 *
 * Packages in the calling thread (progress is notified there too).
 */
gboolean
pln_packager_run (PlnPackager   *self,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(Job) job = NULL;

  g_return_val_if_fail (PLN_IS_PACKAGER (self), FALSE);
  g_return_val_if_fail (!self->running, FALSE);

  self->running = TRUE;
  g_clear_pointer (&self->progress_context, g_main_context_unref);
  set_progress (self, 0);
  job = job_new (self, cancellable);
  if (!job_run (job, error))
    {
      self->running = FALSE;
      return FALSE;
    }
  g_clear_pointer (&self->files, g_strfreev);
  self->files = job_dup_outputs (job);
  self->duration = job->duration;
  self->running = FALSE;
  return TRUE;
}

/**
 * pln_packager_run_async:
 *
 * Packages in a worker thread. #PlnPackager:progress is notified on the
 * thread-default main context of the caller.
 */
void
pln_packager_run_async (PlnPackager         *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PLN_IS_PACKAGER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pln_packager_run_async);
  if (self->running)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY,
                               _("The recording in %s is already being packaged."), self->recording_dir);
      return;
    }
  self->running = TRUE;
  g_clear_pointer (&self->progress_context, g_main_context_unref);
  self->progress_context = g_main_context_ref_thread_default ();
  set_progress (self, 0);
  g_task_set_task_data (task, job_new (self, cancellable), (GDestroyNotify) job_free);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, run_in_thread);
}

gboolean
pln_packager_run_finish (PlnPackager   *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  GStrv files;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  self->running = FALSE;
  files = g_task_propagate_pointer (G_TASK (result), error);
  if (files == NULL)
    return FALSE;
  g_clear_pointer (&self->files, g_strfreev);
  self->files = files;
  self->duration = ((Job *) g_task_get_task_data (G_TASK (result)))->duration;
  return TRUE;
}
