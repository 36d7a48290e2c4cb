/* pln-hls-playlist.c: an HLS (version 7) playlist that points into the
 * recording's fragmented MP4 segment files.
 *
 * Each segment file gives an EXT-X-MAP (its ftyp+moov byte range) and a run
 * of EXT-X-BYTERANGE media segments of about six seconds, each starting on a
 * fragment whose video begins with a keyframe. A new file (after a gap or a
 * scheduled cut) is an EXT-X-DISCONTINUITY. A file whose writer was killed
 * counts up to its last complete fragment.
 */
#define G_LOG_DOMAIN "plenary-hls"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "pln-hls-playlist.h"
#include "pln-mp4-boxes.h"

typedef struct
{
  guint64  offset;
  guint64  length;
  double   duration;
  gboolean independent;   /* starts on a keyframe (or has no video) */
} HlsPart;

/* Is fragment @i a place where a media segment may start? */
static gboolean
is_cut_point (GArray *fragments,
              guint   i)
{
  PlnMp4Fragment *f = &g_array_index (fragments, PlnMp4Fragment, i);

  return f->has_video && f->keyframe;
}

/* The fragments just before a keyframe fragment that carry the same stretch
 * of time for the other tracks (mp4mux writes audio, then video) go with it. */
static guint
cut_start (GArray *fragments,
           guint   i)
{
  PlnMp4Fragment *key = &g_array_index (fragments, PlnMp4Fragment, i);

  while (i > 0)
    {
      PlnMp4Fragment *prev = &g_array_index (fragments, PlnMp4Fragment, i - 1);
      if (prev->has_video || prev->start < key->video_start - key->video_duration / 2)
        break;
      i--;
    }
  return i;
}

static void
split_file (PlnMp4File *file,
            GArray     *parts)
{
  GArray *fragments = file->fragments;
  gboolean has_video = pln_mp4_file_find_track (file, "vide") >= 0;
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  double segment_time = -1;
  double end_time = 0;
  guint first = 0;

  if (fragments->len == 0)
    return;

  /* Choose the starts: the first fragment, then each keyframe fragment at
   * least the target duration after the current start. */
  for (guint i = 0; i < fragments->len; i++)
    {
      PlnMp4Fragment *f = &g_array_index (fragments, PlnMp4Fragment, i);
      double t = has_video ? f->video_start : f->start;
      gboolean can_cut = has_video ? is_cut_point (fragments, i) : TRUE;

      if (has_video && !f->has_video)
        continue;
      if (segment_time < 0)
        {
          g_array_append_val (starts, first);
          segment_time = t;
          g_array_append_val (times, t);
        }
      else if (can_cut && t - segment_time >= PLN_HLS_TARGET_SECONDS - 0.001)
        {
          guint at = has_video ? cut_start (fragments, i) : i;
          if (at > g_array_index (starts, guint, starts->len - 1))
            {
              g_array_append_val (starts, at);
              g_array_append_val (times, t);
              segment_time = t;
            }
        }
      end_time = MAX (end_time, t + (has_video ? f->video_duration : f->duration));
    }

  for (guint s = 0; s < starts->len; s++)
    {
      guint from = g_array_index (starts, guint, s);
      guint64 begin = g_array_index (fragments, PlnMp4Fragment, from).offset;
      guint64 end = s + 1 < starts->len
        ? g_array_index (fragments, PlnMp4Fragment, g_array_index (starts, guint, s + 1)).offset
        : g_array_index (fragments, PlnMp4Fragment, fragments->len - 1).end;
      double t0 = g_array_index (times, double, s);
      double t1 = s + 1 < starts->len ? g_array_index (times, double, s + 1) : end_time;
      HlsPart part = { begin, end - begin, MAX (0, t1 - t0), TRUE };

      /* Later parts start on keyframes by construction; the first one does
       * if the file's first video fragment does. */
      if (s == 0 && has_video)
        for (guint i = 0; i < fragments->len; i++)
          if (g_array_index (fragments, PlnMp4Fragment, i).has_video)
            {
              part.independent = g_array_index (fragments, PlnMp4Fragment, i).keyframe;
              break;
            }

      g_array_append_val (parts, part);
    }
}

/* "2026-11-22T08:00:01.500Z" */
static char *
program_date_time (GDateTime *started,
                   gint64     offset_ms)
{
  g_autoptr(GDateTime) at = g_date_time_add (started, offset_ms * 1000);
  g_autoptr(GDateTime) utc = g_date_time_to_utc (at);
  g_autofree char *seconds = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03dZ", seconds, g_date_time_get_microsecond (utc) / 1000);
}

/**
 * pln_hls_playlist_build:
 * @uri_prefix: put before each segment file name ("" when the playlist sits
 *   in the recording folder, "../rec/" or an URL path otherwise)
 * @live: TRUE for a recording still being written (an EVENT playlist
 *   without EXT-X-ENDLIST)
 * @media_duration: (out) (optional): sum of the EXTINF durations
 *
 * Returns: the playlist text, or NULL when no segment file has a complete
 * fragment.
 */
char *
pln_hls_playlist_build (PlnManifest  *manifest,
                        const char   *uri_prefix,
                        gboolean      live,
                        double       *media_duration,
                        GError      **error)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  double longest = 0;
  double total = 0;
  guint n_parts = 0;
  gboolean first_file = TRUE;
  gboolean independent = TRUE;

  g_return_val_if_fail (PLN_IS_MANIFEST (manifest), NULL);

  if (uri_prefix == NULL)
    uri_prefix = "";

  for (guint i = 0; i < pln_manifest_get_n_segments (manifest); i++)
    {
      const PlnManifestSegment *segment = pln_manifest_get_segment (manifest, i);
      g_autofree char *path = pln_manifest_dup_segment_path (manifest, i);
      g_autoptr(PlnMp4File) file = NULL;
      g_autoptr(GArray) parts = g_array_new (FALSE, FALSE, sizeof (HlsPart));
      g_autoptr(GError) local_error = NULL;
      g_autofree char *escaped = g_uri_escape_string (segment->file, NULL, FALSE);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_warning ("%s is named in the manifest but missing; skipped", path);
          continue;
        }
      file = pln_mp4_file_read (path, &local_error);
      if (file == NULL)
        {
          /* A segment that was just opened has no header yet: nothing of it
           * can play, and nothing after it is lost by skipping it. */
          g_debug ("%s", local_error->message);
          continue;
        }

      split_file (file, parts);
      if (parts->len == 0)
        continue;

      if (!first_file)
        g_string_append (body, "#EXT-X-DISCONTINUITY\n");
      first_file = FALSE;
      if (pln_manifest_get_started (manifest) != NULL)
        {
          g_autofree char *when = program_date_time (pln_manifest_get_started (manifest), segment->start_ms);
          g_string_append_printf (body, "#EXT-X-PROGRAM-DATE-TIME:%s\n", when);
        }
      g_string_append_printf (body, "#EXT-X-MAP:URI=\"%s%s\",BYTERANGE=\"%" G_GUINT64_FORMAT "@0\"\n",
                              uri_prefix, escaped, file->init_size);

      for (guint p = 0; p < parts->len; p++)
        {
          HlsPart *part = &g_array_index (parts, HlsPart, p);
          char number[G_ASCII_DTOSTR_BUF_SIZE];

          g_ascii_formatd (number, sizeof number, "%.3f", part->duration);
          g_string_append_printf (body, "#EXTINF:%s,\n#EXT-X-BYTERANGE:%" G_GUINT64_FORMAT "@%" G_GUINT64_FORMAT "\n%s%s\n",
                                  number, part->length, part->offset, uri_prefix, escaped);
          longest = MAX (longest, part->duration);
          independent &= part->independent;
          total += part->duration;
          n_parts++;
        }
    }

  if (n_parts == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The recording in %s has no complete media yet: nothing to publish."),
                   pln_manifest_get_dir (manifest));
      return NULL;
    }

  g_string_append (out, "#EXTM3U\n#EXT-X-VERSION:7\n");
  g_string_append_printf (out, "#EXT-X-TARGETDURATION:%d\n", (int) MAX (1, ceil (longest)));
  g_string_append (out, "#EXT-X-MEDIA-SEQUENCE:0\n");
  g_string_append (out, "#EXT-X-DISCONTINUITY-SEQUENCE:0\n");
  g_string_append_printf (out, "#EXT-X-PLAYLIST-TYPE:%s\n", live ? "EVENT" : "VOD");
  if (independent)
    g_string_append (out, "#EXT-X-INDEPENDENT-SEGMENTS\n");
  g_string_append (out, body->str);
  if (!live)
    g_string_append (out, "#EXT-X-ENDLIST\n");

  if (media_duration != NULL)
    *media_duration = total;
  return g_string_free (g_steal_pointer (&out), FALSE);
}
