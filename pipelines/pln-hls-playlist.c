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

/* Where the file's timeline starts (its earliest track) and how long it
 * lasts, in seconds, as the packager lays files end to end. */
static double
file_first_time (PlnMp4File *file)
{
  double first = G_MAXDOUBLE;

  for (guint t = 0; t < file->tracks->len; t++)
    {
      PlnMp4Track *track = g_ptr_array_index (file->tracks, t);
      if (track->samples->len > 0)
        first = MIN (first, (double) track->first_decode_time / track->timescale);
    }
  return first == G_MAXDOUBLE ? 0 : first;
}

static double
file_span (PlnMp4File *file)
{
  double first = file_first_time (file);
  double longest = 0;

  for (guint t = 0; t < file->tracks->len; t++)
    {
      PlnMp4Track *track = g_ptr_array_index (file->tracks, t);
      if (track->samples->len > 0)
        longest = MAX (longest, (double) track->first_decode_time / track->timescale - first +
                                pln_mp4_track_get_duration (track));
    }
  return longest;
}

/* Splits the fragments that cover [@from, @to) seconds of the file's own
 * timeline (@to < 0: to its end) into parts: the first part starts at the
 * key frame fragment at or before @from. Returns the time of the first
 * part's start on that timeline, or -1 when nothing is in the window. */
static double
split_file (PlnMp4File *file,
            GArray     *parts,
            double      from,
            double      to)
{
  GArray *fragments = file->fragments;
  gboolean has_video = pln_mp4_file_find_track (file, "vide") >= 0;
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  double segment_time = -1;
  double end_time = 0;
  guint first = 0;
  guint last = fragments->len;

  if (fragments->len == 0)
    return -1;

  /* The window: from the last cut point at or before @from, up to the
   * last fragment that starts before @to. */
  if (from > 0)
    for (guint i = 0; i < fragments->len; i++)
      {
        PlnMp4Fragment *f = &g_array_index (fragments, PlnMp4Fragment, i);
        double t = has_video ? f->video_start : f->start;

        if (has_video && !f->has_video)
          continue;
        if (t > from + 0.001)
          break;
        if (!has_video || is_cut_point (fragments, i))
          first = has_video ? cut_start (fragments, i) : i;
      }
  if (to >= 0)
    for (guint i = first; i < fragments->len; i++)
      {
        PlnMp4Fragment *f = &g_array_index (fragments, PlnMp4Fragment, i);

        if (f->start >= to - 0.001 && (!has_video || !f->has_video || f->video_start >= to - 0.001))
          {
            last = i;
            break;
          }
      }
  if (first >= last)
    return -1;

  /* Choose the starts: the first fragment, then each keyframe fragment at
   * least the target duration after the current start. */
  for (guint i = first; i < last; i++)
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

  if (starts->len == 0)
    return -1;

  for (guint s = 0; s < starts->len; s++)
    {
      guint at = g_array_index (starts, guint, s);
      guint64 begin = g_array_index (fragments, PlnMp4Fragment, at).offset;
      guint64 end = s + 1 < starts->len
        ? g_array_index (fragments, PlnMp4Fragment, g_array_index (starts, guint, s + 1)).offset
        : g_array_index (fragments, PlnMp4Fragment, last - 1).end;
      double t0 = g_array_index (times, double, s);
      double t1 = s + 1 < starts->len ? g_array_index (times, double, s + 1) : end_time;
      HlsPart part = { begin, end - begin, MAX (0, t1 - t0), TRUE };

      /* Later parts start on keyframes by construction; the first one does
       * if the file's first video fragment does. */
      if (s == 0 && has_video)
        for (guint i = first; i < last; i++)
          if (g_array_index (fragments, PlnMp4Fragment, i).has_video)
            {
              part.independent = g_array_index (fragments, PlnMp4Fragment, i).keyframe;
              break;
            }

      g_array_append_val (parts, part);
    }
  return g_array_index (times, double, 0);
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
  return pln_hls_playlist_build_window (manifest, uri_prefix, live, 0, -1, media_duration, error);
}

/**
 * pln_hls_playlist_build_window:
 * @from: where to start, in seconds of the packaged timeline (the segment
 *   files end to end, gaps closed, as pln_packager lays them out)
 * @to: where to end (< 0: at the end)
 *
 * Like pln_hls_playlist_build(), for a trimmed recording: the playlist
 * starts with the fragment (a key frame) at or before @from and ends with
 * the fragment that covers @to; whole fragments, since the playlist copies
 * nothing. An EXT-X-START tag asks players to begin at @from itself.
 */
char *
pln_hls_playlist_build_window (PlnManifest  *manifest,
                               const char   *uri_prefix,
                               gboolean      live,
                               double        from,
                               double        to,
                               double       *media_duration,
                               GError      **error)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  double longest = 0;
  double total = 0;
  double timeline = 0;      /* where the next file starts, packaged timeline */
  double start_offset = -1; /* of @from, from the playlist's start */
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
      double own_first, span, part_start;

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
      if (file->fragments->len == 0)
        continue;

      own_first = file_first_time (file);
      span = file_span (file);
      if ((to >= 0 && timeline >= to) || timeline + span <= from)
        {
          timeline += span;
          continue;
        }
      part_start = split_file (file, parts,
                               own_first + MAX (0, from - timeline),
                               to >= 0 ? own_first + (to - timeline) : -1);
      if (parts->len == 0)
        {
          timeline += span;
          continue;
        }
      if (start_offset < 0)
        start_offset = MAX (0, from - timeline - (part_start - own_first));
      timeline += span;

      if (!first_file)
        g_string_append (body, "#EXT-X-DISCONTINUITY\n");
      first_file = FALSE;
      if (pln_manifest_get_started (manifest) != NULL)
        {
          g_autofree char *when = program_date_time (pln_manifest_get_started (manifest),
                                                     segment->start_ms + (gint64) ((part_start - own_first) * 1000));
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
      if (from > 0 || to >= 0)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     _("The recording in %s has no media between %.1f s and %.1f s: nothing to publish."),
                     pln_manifest_get_dir (manifest), from, to >= 0 ? to : timeline);
      else
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
  if (start_offset > 0.0005)
    {
      char number[G_ASCII_DTOSTR_BUF_SIZE];
      g_string_append_printf (out, "#EXT-X-START:TIME-OFFSET=%s,PRECISE=YES\n",
                              g_ascii_formatd (number, sizeof number, "%.3f", start_offset));
    }
  g_string_append (out, body->str);
  if (!live)
    g_string_append (out, "#EXT-X-ENDLIST\n");

  if (media_duration != NULL)
    *media_duration = total;
  return g_string_free (g_steal_pointer (&out), FALSE);
}
