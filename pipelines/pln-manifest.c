/* pln-manifest.c: reading and writing a recording's manifest.ini.
 *
 * The format (version 1):
 *
 *   [recording]  version, source, started, ended, state, error, video, audio,
 *                passthrough
 *   [segment-NNNNN]  file, start_ms, duration_ms, bytes, closed
 *   [gap-N]          start_ms, end_ms, reason
 *   [chapter-N]      at_ms, title
 *
 * Saving builds a fresh GKeyFile from the structs and replaces the file with
 * g_file_set_contents(), so a reader never sees half a manifest.
 */
#define G_LOG_DOMAIN "plenary-manifest"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <string.h>

#include "pln-manifest.h"

struct _PlnManifest
{
  GObject           parent_instance;

  char             *dir;
  char             *source;
  GDateTime        *started;
  GDateTime        *ended;
  PlnManifestState  state;
  char             *error;
  char             *video;
  char             *audio;
  gboolean          passthrough;

  GPtrArray        *segments;   /* PlnManifestSegment */
  GPtrArray        *gaps;       /* PlnManifestGap */
  GPtrArray        *chapters;   /* PlnManifestChapter */
};

G_DEFINE_FINAL_TYPE (PlnManifest, pln_manifest, G_TYPE_OBJECT)

G_DEFINE_QUARK (pln-manifest-error-quark, pln_manifest_error)

static const char * const state_names[] = { "recording", "stopped", "failed" };

static void
segment_free (gpointer data)
{
  PlnManifestSegment *segment = data;

  g_free (segment->file);
  g_free (segment);
}

static void
gap_free (gpointer data)
{
  PlnManifestGap *gap = data;

  g_free (gap->reason);
  g_free (gap);
}

static void
chapter_free (gpointer data)
{
  PlnManifestChapter *chapter = data;

  g_free (chapter->title);
  g_free (chapter);
}

static gint
compare_segments (gconstpointer a,
                  gconstpointer b)
{
  const PlnManifestSegment *sa = *(const PlnManifestSegment * const *) a;
  const PlnManifestSegment *sb = *(const PlnManifestSegment * const *) b;

  return g_strcmp0 (sa->file, sb->file);
}

static gint
compare_gaps (gconstpointer a,
              gconstpointer b)
{
  const PlnManifestGap *ga = *(const PlnManifestGap * const *) a;
  const PlnManifestGap *gb = *(const PlnManifestGap * const *) b;

  return (ga->start_ms > gb->start_ms) - (ga->start_ms < gb->start_ms);
}

static gint
compare_chapters (gconstpointer a,
                  gconstpointer b)
{
  const PlnManifestChapter *ca = *(const PlnManifestChapter * const *) a;
  const PlnManifestChapter *cb = *(const PlnManifestChapter * const *) b;

  return (ca->at_ms > cb->at_ms) - (ca->at_ms < cb->at_ms);
}

/* "2026-11-22T08:00:00.000Z" */
static char *
format_time (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);
  g_autofree char *seconds = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03dZ", seconds, g_date_time_get_microsecond (utc) / 1000);
}

static GDateTime *
parse_time (const char *text)
{
  if (text == NULL || *text == '\0')
    return NULL;
  return g_date_time_new_from_iso8601 (text, NULL);
}

static char *
dup_nonempty (GKeyFile   *keyfile,
              const char *group,
              const char *key)
{
  char *value = g_key_file_get_string (keyfile, group, key, NULL);

  if (value != NULL && *value == '\0')
    g_clear_pointer (&value, g_free);
  return value;
}

/* Missing or malformed integers read as 0: an open segment has no duration. */
static gint64
get_int64 (GKeyFile   *keyfile,
           const char *group,
           const char *key)
{
  g_autofree char *value = g_key_file_get_value (keyfile, group, key, NULL);

  if (value == NULL)
    return 0;
  return g_ascii_strtoll (g_strstrip (value), NULL, 10);
}

static void
set_int64 (GKeyFile   *keyfile,
           const char *group,
           const char *key,
           gint64      value)
{
  g_key_file_set_int64 (keyfile, group, key, value);
}

static gboolean
parse_recording (PlnManifest  *self,
                 GKeyFile     *keyfile,
                 const char   *path,
                 GError      **error)
{
  g_autofree char *state = NULL;
  g_autofree char *started = NULL;
  g_autofree char *ended = NULL;
  gint64 version;

  if (!g_key_file_has_group (keyfile, "recording"))
    {
      g_set_error (error, PLN_MANIFEST_ERROR, PLN_MANIFEST_ERROR_INVALID,
                   _("The manifest %s has no [recording] group: it is not a Plenary recording."),
                   path);
      return FALSE;
    }

  version = get_int64 (keyfile, "recording", "version");
  if (version > PLN_MANIFEST_VERSION)
    {
      g_set_error (error, PLN_MANIFEST_ERROR, PLN_MANIFEST_ERROR_TOO_NEW,
                   _("The manifest %s has version %d, but this Plenary reads up to version %d. Update Plenary."),
                   path, (int) MIN (version, G_MAXINT), PLN_MANIFEST_VERSION);
      return FALSE;
    }

  self->source = g_key_file_get_string (keyfile, "recording", "source", NULL);
  started = g_key_file_get_string (keyfile, "recording", "started", NULL);
  ended = g_key_file_get_string (keyfile, "recording", "ended", NULL);
  self->started = parse_time (started);
  self->ended = parse_time (ended);
  if (started != NULL && *started != '\0' && self->started == NULL)
    {
      g_set_error (error, PLN_MANIFEST_ERROR, PLN_MANIFEST_ERROR_INVALID,
                   _("The manifest %s has a start time “%s” that is not a date and time."),
                   path, started);
      return FALSE;
    }

  state = g_key_file_get_string (keyfile, "recording", "state", NULL);
  self->state = PLN_MANIFEST_STATE_STOPPED;
  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    if (g_strcmp0 (state, state_names[i]) == 0)
      self->state = i;

  self->error = dup_nonempty (keyfile, "recording", "error");
  self->video = dup_nonempty (keyfile, "recording", "video");
  self->audio = dup_nonempty (keyfile, "recording", "audio");
  self->passthrough = g_key_file_get_boolean (keyfile, "recording", "passthrough", NULL);
  return TRUE;
}

static gboolean
parse_groups (PlnManifest  *self,
              GKeyFile     *keyfile,
              const char   *path,
              GError      **error)
{
  g_auto(GStrv) groups = g_key_file_get_groups (keyfile, NULL);

  for (guint i = 0; groups[i] != NULL; i++)
    {
      const char *group = groups[i];

      if (g_str_has_prefix (group, "segment-"))
        {
          PlnManifestSegment *segment = g_new0 (PlnManifestSegment, 1);

          segment->file = dup_nonempty (keyfile, group, "file");
          if (segment->file == NULL)
            segment->file = g_strconcat (group, ".mp4", NULL);
          if (strchr (segment->file, '/') != NULL || g_str_equal (segment->file, ".."))
            {
              g_set_error (error, PLN_MANIFEST_ERROR, PLN_MANIFEST_ERROR_INVALID,
                           _("The manifest %s names the segment file “%s” outside its folder."),
                           path, segment->file);
              segment_free (segment);
              return FALSE;
            }
          segment->start_ms = get_int64 (keyfile, group, "start_ms");
          segment->duration_ms = get_int64 (keyfile, group, "duration_ms");
          segment->bytes = (guint64) MAX (0, get_int64 (keyfile, group, "bytes"));
          segment->closed = g_key_file_get_boolean (keyfile, group, "closed", NULL);
          g_ptr_array_add (self->segments, segment);
        }
      else if (g_str_has_prefix (group, "gap-"))
        {
          PlnManifestGap *gap = g_new0 (PlnManifestGap, 1);

          gap->start_ms = get_int64 (keyfile, group, "start_ms");
          gap->end_ms = get_int64 (keyfile, group, "end_ms");
          gap->reason = dup_nonempty (keyfile, group, "reason");
          g_ptr_array_add (self->gaps, gap);
        }
      else if (g_str_has_prefix (group, "chapter-"))
        {
          PlnManifestChapter *chapter = g_new0 (PlnManifestChapter, 1);

          chapter->at_ms = get_int64 (keyfile, group, "at_ms");
          chapter->title = g_key_file_get_string (keyfile, group, "title", NULL);
          if (chapter->title == NULL)
            chapter->title = g_strdup ("");
          g_ptr_array_add (self->chapters, chapter);
        }
    }

  g_ptr_array_sort (self->segments, compare_segments);
  g_ptr_array_sort (self->gaps, compare_gaps);
  g_ptr_array_sort (self->chapters, compare_chapters);
  return TRUE;
}

static PlnManifestSegment *
last_open_segment (PlnManifest *self)
{
  PlnManifestSegment *segment;

  if (self->segments->len == 0)
    return NULL;
  segment = g_ptr_array_index (self->segments, self->segments->len - 1);
  return segment->closed ? NULL : segment;
}

static void
pln_manifest_finalize (GObject *object)
{
  PlnManifest *self = (PlnManifest *)object;

  g_clear_pointer (&self->dir, g_free);
  g_clear_pointer (&self->source, g_free);
  g_clear_pointer (&self->started, g_date_time_unref);
  g_clear_pointer (&self->ended, g_date_time_unref);
  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->video, g_free);
  g_clear_pointer (&self->audio, g_free);
  g_clear_pointer (&self->segments, g_ptr_array_unref);
  g_clear_pointer (&self->gaps, g_ptr_array_unref);
  g_clear_pointer (&self->chapters, g_ptr_array_unref);

  G_OBJECT_CLASS (pln_manifest_parent_class)->finalize (object);
}

static void
pln_manifest_class_init (PlnManifestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pln_manifest_finalize;
}

static void
pln_manifest_init (PlnManifest *self)
{
  self->state = PLN_MANIFEST_STATE_RECORDING;
  self->segments = g_ptr_array_new_with_free_func (segment_free);
  self->gaps = g_ptr_array_new_with_free_func (gap_free);
  self->chapters = g_ptr_array_new_with_free_func (chapter_free);
}

/**
 * pln_manifest_new:
 * @dir: the recording folder
 * @source: (nullable): the URI being recorded, credentials already stripped
 *
 * A new manifest in state "recording" with no segments. Nothing is written
 * until pln_manifest_save().
 */
PlnManifest *
pln_manifest_new (const char *dir,
                  const char *source)
{
  PlnManifest *self;

  g_return_val_if_fail (dir != NULL, NULL);

  self = g_object_new (PLN_TYPE_MANIFEST, NULL);
  self->dir = g_strdup (dir);
  self->source = g_strdup (source);
  return self;
}

/**
 * pln_manifest_load:
 * @dir_or_file: a recording folder, or the path of its manifest.ini
 *
 * Reads a manifest. Segments come out in file order, gaps and chapters in
 * time order.
 */
PlnManifest *
pln_manifest_load (const char  *dir_or_file,
                   GError     **error)
{
  g_autoptr(PlnManifest) self = NULL;
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;

  g_return_val_if_fail (dir_or_file != NULL, NULL);

  if (g_file_test (dir_or_file, G_FILE_TEST_IS_DIR))
    {
      dir = g_strdup (dir_or_file);
      path = g_build_filename (dir_or_file, PLN_MANIFEST_FILENAME, NULL);
    }
  else
    {
      dir = g_path_get_dirname (dir_or_file);
      path = g_strdup (dir_or_file);
    }

  if (!g_key_file_load_from_file (keyfile, path, G_KEY_FILE_NONE, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, PLN_MANIFEST_ERROR, PLN_MANIFEST_ERROR_READ,
                     _("%s is not a recording folder: it has no %s."),
                     dir, PLN_MANIFEST_FILENAME);
      else
        g_set_error (error, PLN_MANIFEST_ERROR,
                     local_error->domain == G_KEY_FILE_ERROR ? PLN_MANIFEST_ERROR_INVALID
                                                             : PLN_MANIFEST_ERROR_READ,
                     _("Cannot read the manifest %s: %s"), path, local_error->message);
      return NULL;
    }

  self = g_object_new (PLN_TYPE_MANIFEST, NULL);
  self->dir = g_steal_pointer (&dir);

  if (!parse_recording (self, keyfile, path, error) ||
      !parse_groups (self, keyfile, path, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * pln_manifest_save:
 *
 * Writes manifest.ini into the folder (creating the folder if needed),
 * replacing the old one atomically.
 */
gboolean
pln_manifest_save (PlnManifest  *self,
                   GError      **error)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (PLN_IS_MANIFEST (self), FALSE);

  g_key_file_set_integer (keyfile, "recording", "version", PLN_MANIFEST_VERSION);
  g_key_file_set_string (keyfile, "recording", "source", self->source ? self->source : "");
  if (self->started != NULL)
    {
      g_autofree char *text = format_time (self->started);
      g_key_file_set_string (keyfile, "recording", "started", text);
    }
  if (self->ended != NULL)
    {
      g_autofree char *text = format_time (self->ended);
      g_key_file_set_string (keyfile, "recording", "ended", text);
    }
  g_key_file_set_string (keyfile, "recording", "state", state_names[self->state]);
  g_key_file_set_string (keyfile, "recording", "error", self->error ? self->error : "");
  if (self->video != NULL)
    g_key_file_set_string (keyfile, "recording", "video", self->video);
  if (self->audio != NULL)
    g_key_file_set_string (keyfile, "recording", "audio", self->audio);
  g_key_file_set_boolean (keyfile, "recording", "passthrough", self->passthrough);

  for (guint i = 0; i < self->segments->len; i++)
    {
      const PlnManifestSegment *segment = g_ptr_array_index (self->segments, i);
      g_autofree char *group = g_strdup_printf ("segment-%05u", i);

      g_key_file_set_string (keyfile, group, "file", segment->file);
      set_int64 (keyfile, group, "start_ms", segment->start_ms);
      set_int64 (keyfile, group, "duration_ms", segment->duration_ms);
      g_key_file_set_uint64 (keyfile, group, "bytes", segment->bytes);
      g_key_file_set_boolean (keyfile, group, "closed", segment->closed);
    }

  for (guint i = 0; i < self->gaps->len; i++)
    {
      const PlnManifestGap *gap = g_ptr_array_index (self->gaps, i);
      g_autofree char *group = g_strdup_printf ("gap-%u", i);

      set_int64 (keyfile, group, "start_ms", gap->start_ms);
      set_int64 (keyfile, group, "end_ms", gap->end_ms);
      g_key_file_set_string (keyfile, group, "reason", gap->reason ? gap->reason : "");
    }

  for (guint i = 0; i < self->chapters->len; i++)
    {
      const PlnManifestChapter *chapter = g_ptr_array_index (self->chapters, i);
      g_autofree char *group = g_strdup_printf ("chapter-%u", i);

      set_int64 (keyfile, group, "at_ms", chapter->at_ms);
      g_key_file_set_string (keyfile, group, "title", chapter->title);
    }

  data = g_key_file_to_data (keyfile, &length, NULL);
  path = pln_manifest_dup_path (self);

  if (g_mkdir_with_parents (self->dir, 0755) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, PLN_MANIFEST_ERROR, PLN_MANIFEST_ERROR_WRITE,
                   _("Cannot create the recording folder %s: %s"),
                   self->dir, g_strerror (saved_errno));
      return FALSE;
    }

  if (!g_file_set_contents (path, data, length, &local_error))
    {
      g_set_error (error, PLN_MANIFEST_ERROR, PLN_MANIFEST_ERROR_WRITE,
                   _("Cannot write the manifest %s: %s"), path, local_error->message);
      return FALSE;
    }
  return TRUE;
}

const char *
pln_manifest_get_dir (PlnManifest *self)
{
  g_return_val_if_fail (PLN_IS_MANIFEST (self), NULL);
  return self->dir;
}

char *
pln_manifest_dup_path (PlnManifest *self)
{
  g_return_val_if_fail (PLN_IS_MANIFEST (self), NULL);
  return g_build_filename (self->dir, PLN_MANIFEST_FILENAME, NULL);
}

/**
 * pln_manifest_dup_segment_path:
 *
 * The full path of segment @index's file.
 */
char *
pln_manifest_dup_segment_path (PlnManifest *self,
                               guint        index)
{
  const PlnManifestSegment *segment;

  g_return_val_if_fail (PLN_IS_MANIFEST (self), NULL);
  g_return_val_if_fail (index < self->segments->len, NULL);

  segment = g_ptr_array_index (self->segments, index);
  return g_build_filename (self->dir, segment->file, NULL);
}

const char *
pln_manifest_get_source (PlnManifest *self)
{
  g_return_val_if_fail (PLN_IS_MANIFEST (self), NULL);
  return self->source;
}

void
pln_manifest_set_source (PlnManifest *self,
                         const char  *source)
{
  g_return_if_fail (PLN_IS_MANIFEST (self));
  g_free (self->source);
  self->source = g_strdup (source);
}

GDateTime *
pln_manifest_get_started (PlnManifest *self)
{
  g_return_val_if_fail (PLN_IS_MANIFEST (self), NULL);
  return self->started;
}

void
pln_manifest_set_started (PlnManifest *self,
                          GDateTime   *started)
{
  g_return_if_fail (PLN_IS_MANIFEST (self));
  if (started != NULL)
    g_date_time_ref (started);
  g_clear_pointer (&self->started, g_date_time_unref);
  self->started = started;
}

GDateTime *
pln_manifest_get_ended (PlnManifest *self)
{
  g_return_val_if_fail (PLN_IS_MANIFEST (self), NULL);
  return self->ended;
}

void
pln_manifest_set_ended (PlnManifest *self,
                        GDateTime   *ended)
{
  g_return_if_fail (PLN_IS_MANIFEST (self));
  if (ended != NULL)
    g_date_time_ref (ended);
  g_clear_pointer (&self->ended, g_date_time_unref);
  self->ended = ended;
}

PlnManifestState
pln_manifest_get_state (PlnManifest *self)
{
  g_return_val_if_fail (PLN_IS_MANIFEST (self), PLN_MANIFEST_STATE_FAILED);
  return self->state;
}

void
pln_manifest_set_state (PlnManifest      *self,
                        PlnManifestState  state)
{
  g_return_if_fail (PLN_IS_MANIFEST (self));
  g_return_if_fail (state <= PLN_MANIFEST_STATE_FAILED);
  self->state = state;
}

const char *
pln_manifest_get_error (PlnManifest *self)
{
  g_return_val_if_fail (PLN_IS_MANIFEST (self), NULL);
  return self->error;
}

/**
 * pln_manifest_set_error:
 * @message: (nullable): a sentence for a person
 *
 * Records the last error. Does not change the state: set it to
 * %PLN_MANIFEST_STATE_FAILED too when the recording gave up.
 */
void
pln_manifest_set_error (PlnManifest *self,
                        const char  *message)
{
  g_return_if_fail (PLN_IS_MANIFEST (self));
  g_free (self->error);
  self->error = (message != NULL && *message != '\0') ? g_strdup (message) : NULL;
}

/**
 * pln_manifest_set_streams:
 * @video: (nullable): "h264 1280x720 25/1"
 * @audio: (nullable): "aac 48000 2"
 * @passthrough: TRUE when the video is not re-encoded
 */
void
pln_manifest_set_streams (PlnManifest *self,
                          const char  *video,
                          const char  *audio,
                          gboolean     passthrough)
{
  g_return_if_fail (PLN_IS_MANIFEST (self));
  g_free (self->video);
  g_free (self->audio);
  self->video = g_strdup (video);
  self->audio = g_strdup (audio);
  self->passthrough = !!passthrough;
}

const char *
pln_manifest_get_video (PlnManifest *self)
{
  g_return_val_if_fail (PLN_IS_MANIFEST (self), NULL);
  return self->video;
}

const char *
pln_manifest_get_audio (PlnManifest *self)
{
  g_return_val_if_fail (PLN_IS_MANIFEST (self), NULL);
  return self->audio;
}

gboolean
pln_manifest_get_passthrough (PlnManifest *self)
{
  g_return_val_if_fail (PLN_IS_MANIFEST (self), FALSE);
  return self->passthrough;
}

/**
 * pln_manifest_add_segment:
 * @start_ms: offset of the segment's first frame on the recording timeline
 *
 * Appends an open segment named segment-NNNNN.mp4 (NNNNN = its index).
 * An open segment before it is closed as it stands.
 *
 * Returns: (transfer none): the new segment; its file name is what the
 * recorder should write.
 */
const PlnManifestSegment *
pln_manifest_add_segment (PlnManifest *self,
                          gint64       start_ms)
{
  PlnManifestSegment *segment;
  PlnManifestSegment *open;

  g_return_val_if_fail (PLN_IS_MANIFEST (self), NULL);

  open = last_open_segment (self);
  if (open != NULL)
    open->closed = TRUE;

  segment = g_new0 (PlnManifestSegment, 1);
  segment->file = g_strdup_printf ("segment-%05u.mp4", self->segments->len);
  segment->start_ms = start_ms;
  g_ptr_array_add (self->segments, segment);
  return segment;
}

/**
 * pln_manifest_update_segment:
 *
 * Updates the duration and size of the open segment while it is written.
 * Returns FALSE when no segment is open.
 */
gboolean
pln_manifest_update_segment (PlnManifest *self,
                             gint64       duration_ms,
                             guint64      bytes)
{
  PlnManifestSegment *segment;

  g_return_val_if_fail (PLN_IS_MANIFEST (self), FALSE);

  segment = last_open_segment (self);
  if (segment == NULL)
    return FALSE;
  segment->duration_ms = duration_ms;
  segment->bytes = bytes;
  return TRUE;
}

/**
 * pln_manifest_close_segment:
 *
 * Closes the open (last) segment with its final media duration and size.
 * Returns FALSE when no segment is open.
 */
gboolean
pln_manifest_close_segment (PlnManifest *self,
                            gint64       duration_ms,
                            guint64      bytes)
{
  PlnManifestSegment *segment;

  g_return_val_if_fail (PLN_IS_MANIFEST (self), FALSE);

  segment = last_open_segment (self);
  if (segment == NULL)
    return FALSE;
  segment->duration_ms = duration_ms;
  segment->bytes = bytes;
  segment->closed = TRUE;
  return TRUE;
}

/**
 * pln_manifest_drop_open_segment:
 *
 * Forgets the open segment, for one that never received a complete
 * fragment (its writer was killed as it began); the caller removes the
 * file. Returns FALSE when no segment is open.
 */
gboolean
pln_manifest_drop_open_segment (PlnManifest *self)
{
  g_return_val_if_fail (PLN_IS_MANIFEST (self), FALSE);

  if (last_open_segment (self) == NULL)
    return FALSE;
  g_ptr_array_remove_index (self->segments, self->segments->len - 1);
  return TRUE;
}

/**
 * pln_manifest_add_gap:
 * @start_ms: time of the last buffer before the link was lost
 * @end_ms: time of the first buffer after it came back
 * @reason: (nullable): why, a sentence for a person
 */
const PlnManifestGap *
pln_manifest_add_gap (PlnManifest *self,
                      gint64       start_ms,
                      gint64       end_ms,
                      const char  *reason)
{
  PlnManifestGap *gap;

  g_return_val_if_fail (PLN_IS_MANIFEST (self), NULL);

  gap = g_new0 (PlnManifestGap, 1);
  gap->start_ms = start_ms;
  gap->end_ms = MAX (start_ms, end_ms);
  gap->reason = (reason != NULL && *reason != '\0') ? g_strdup (reason) : NULL;
  g_ptr_array_add (self->gaps, gap);
  g_ptr_array_sort (self->gaps, compare_gaps);
  return gap;
}

const PlnManifestChapter *
pln_manifest_add_chapter (PlnManifest *self,
                          gint64       at_ms,
                          const char  *title)
{
  PlnManifestChapter *chapter;

  g_return_val_if_fail (PLN_IS_MANIFEST (self), NULL);

  chapter = g_new0 (PlnManifestChapter, 1);
  chapter->at_ms = at_ms;
  chapter->title = g_strdup (title ? title : "");
  g_ptr_array_add (self->chapters, chapter);
  g_ptr_array_sort (self->chapters, compare_chapters);
  return chapter;
}

guint
pln_manifest_get_n_segments (PlnManifest *self)
{
  g_return_val_if_fail (PLN_IS_MANIFEST (self), 0);
  return self->segments->len;
}

const PlnManifestSegment *
pln_manifest_get_segment (PlnManifest *self,
                          guint        index)
{
  g_return_val_if_fail (PLN_IS_MANIFEST (self), NULL);
  g_return_val_if_fail (index < self->segments->len, NULL);
  return g_ptr_array_index (self->segments, index);
}

guint
pln_manifest_get_n_gaps (PlnManifest *self)
{
  g_return_val_if_fail (PLN_IS_MANIFEST (self), 0);
  return self->gaps->len;
}

const PlnManifestGap *
pln_manifest_get_gap (PlnManifest *self,
                      guint        index)
{
  g_return_val_if_fail (PLN_IS_MANIFEST (self), NULL);
  g_return_val_if_fail (index < self->gaps->len, NULL);
  return g_ptr_array_index (self->gaps, index);
}

guint
pln_manifest_get_n_chapters (PlnManifest *self)
{
  g_return_val_if_fail (PLN_IS_MANIFEST (self), 0);
  return self->chapters->len;
}

const PlnManifestChapter *
pln_manifest_get_chapter (PlnManifest *self,
                          guint        index)
{
  g_return_val_if_fail (PLN_IS_MANIFEST (self), NULL);
  g_return_val_if_fail (index < self->chapters->len, NULL);
  return g_ptr_array_index (self->chapters, index);
}

/**
 * pln_manifest_get_media_duration_ms:
 *
 * The sum of the segments' media durations (an open segment counts with
 * what was last recorded for it).
 */
gint64
pln_manifest_get_media_duration_ms (PlnManifest *self)
{
  gint64 total = 0;

  g_return_val_if_fail (PLN_IS_MANIFEST (self), 0);

  for (guint i = 0; i < self->segments->len; i++)
    {
      const PlnManifestSegment *segment = g_ptr_array_index (self->segments, i);
      total += MAX (0, segment->duration_ms);
    }
  return total;
}

/**
 * pln_manifest_get_wall_duration_ms:
 *
 * The length of the recording's timeline: media plus gaps, i.e. the end of
 * the last segment or gap.
 */
gint64
pln_manifest_get_wall_duration_ms (PlnManifest *self)
{
  gint64 end = 0;

  g_return_val_if_fail (PLN_IS_MANIFEST (self), 0);

  for (guint i = 0; i < self->segments->len; i++)
    {
      const PlnManifestSegment *segment = g_ptr_array_index (self->segments, i);
      end = MAX (end, segment->start_ms + MAX (0, segment->duration_ms));
    }
  for (guint i = 0; i < self->gaps->len; i++)
    {
      const PlnManifestGap *gap = g_ptr_array_index (self->gaps, i);
      end = MAX (end, gap->end_ms);
    }
  return end;
}

const char *
pln_manifest_state_to_string (PlnManifestState state)
{
  g_return_val_if_fail (state <= PLN_MANIFEST_STATE_FAILED, NULL);
  return state_names[state];
}
