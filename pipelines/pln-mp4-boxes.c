/* pln-mp4-boxes.c: a reader for fragmented MP4 and a writer for progressive
 * MP4, enough for what the recorder writes (ISO/IEC 14496-12).
 *
 * Reading maps the file and walks the top-level boxes. The init part (ftyp,
 * moov) must be whole; then each moof must be followed by a whole mdat that
 * holds its samples, or the walk stops there (a killed writer's torn tail).
 *
 * Writing lays out ftyp, moov (sample tables for all samples of all files,
 * one chunk per source run) and one mdat into which the sample data is
 * copied run by run. Files are joined end to end: the next file's samples
 * follow the previous file's last sample, so the timeline closes over what
 * was lost between them. Tracks are kept in step at each join: a track that
 * ended early has its last sample lengthened to the common end.
 */
#define G_LOG_DOMAIN "plenary-mp4"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pln-mp4-boxes.h"

#define SAMPLE_IS_NON_SYNC 0x00010000u

typedef struct
{
  guint64  offset;   /* of the header */
  guint64  size;     /* whole box */
  guint32  header;
  char     type[5];
} Box;

static guint32
rd32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static guint64
rd64 (const guint8 *p)
{
  return ((guint64) rd32 (p) << 32) | rd32 (p + 4);
}

static guint16
rd16 (const guint8 *p)
{
  return (guint16) ((p[0] << 8) | p[1]);
}

/* Reads the box header at @offset inside [0, end). FALSE when no whole
 * header fits or the box claims to reach past @end. */
static gboolean
read_box (const guint8 *base,
          guint64       offset,
          guint64       end,
          Box          *box)
{
  guint64 size;

  if (offset + 8 > end)
    return FALSE;
  size = rd32 (base + offset);
  memcpy (box->type, base + offset + 4, 4);
  box->type[4] = '\0';
  box->header = 8;
  if (size == 1)
    {
      if (offset + 16 > end)
        return FALSE;
      size = rd64 (base + offset + 8);
      box->header = 16;
    }
  else if (size == 0)
    size = end - offset;
  if (size < box->header || size > end - offset)
    return FALSE;
  box->offset = offset;
  box->size = size;
  return TRUE;
}

static gboolean
box_is (const Box  *box,
        const char *type)
{
  return memcmp (box->type, type, 4) == 0;
}

static void
track_free (gpointer data)
{
  PlnMp4Track *track = data;

  g_clear_pointer (&track->stsd, g_bytes_unref);
  g_clear_pointer (&track->samples, g_array_unref);
  g_free (track);
}

static PlnMp4Track *
find_track_by_id (PlnMp4File *file,
                  guint32     track_id,
                  guint      *index)
{
  for (guint i = 0; i < file->tracks->len; i++)
    {
      PlnMp4Track *track = g_ptr_array_index (file->tracks, i);
      if (track->track_id == track_id)
        {
          *index = i;
          return track;
        }
    }
  return NULL;
}

static void
parse_stbl (const guint8 *base,
            guint64       start,
            guint64       end,
            PlnMp4Track  *track)
{
  Box box;

  for (guint64 o = start; read_box (base, o, end, &box); o += box.size)
    if (box_is (&box, "stsd") && box.size >= 16 + 8)
      {
        track->stsd = g_bytes_new (base + box.offset, box.size);
        memcpy (track->codec, base + box.offset + 16 + 4, 4);
        track->codec[4] = '\0';
      }
}

static void
parse_trak (const guint8 *base,
            guint64       start,
            guint64       end,
            PlnMp4Track  *track)
{
  Box box;

  for (guint64 o = start; read_box (base, o, end, &box); o += box.size)
    {
      const guint8 *p = base + box.offset + box.header;
      guint64 len = box.size - box.header;

      if (box_is (&box, "tkhd") && len >= 84)
        {
          guint version = p[0];
          guint64 skip = version == 1 ? 4 + 8 + 8 : 4 + 4 + 4;

          if (len >= skip + (version == 1 ? 76 : 72))
            {
              track->track_id = rd32 (p + skip);
              /* track_id, reserved, duration, reserved[2], layer, alt, volume,
               * reserved, matrix[9], width, height */
              skip += 4 + 4 + (version == 1 ? 8 : 4) + 8 + 2 + 2 + 2 + 2 + 36;
              track->width = rd32 (p + skip);
              track->height = rd32 (p + skip + 4);
            }
        }
      else if (box_is (&box, "mdia") || box_is (&box, "minf"))
        parse_trak (base, box.offset + box.header, box.offset + box.size, track);
      else if (box_is (&box, "stbl"))
        parse_stbl (base, box.offset + box.header, box.offset + box.size, track);
      else if (box_is (&box, "mdhd") && len >= 24)
        {
          if (p[0] == 1 && len >= 36)
            {
              track->timescale = rd32 (p + 4 + 16);
              track->language = rd16 (p + 4 + 16 + 4 + 8);
            }
          else
            {
              track->timescale = rd32 (p + 4 + 8);
              track->language = rd16 (p + 4 + 8 + 4 + 4);
            }
        }
      else if (box_is (&box, "hdlr") && len >= 12)
        {
          memcpy (track->handler, p + 8, 4);
          track->handler[4] = '\0';
        }
    }
}

static gboolean
parse_moov (PlnMp4File    *file,
            const guint8  *base,
            guint64        start,
            guint64        end)
{
  Box box;

  for (guint64 o = start; read_box (base, o, end, &box); o += box.size)
    {
      if (box_is (&box, "trak"))
        {
          PlnMp4Track *track = g_new0 (PlnMp4Track, 1);

          track->samples = g_array_new (FALSE, FALSE, sizeof (PlnMp4Sample));
          parse_trak (base, box.offset + box.header, box.offset + box.size, track);
          if (track->timescale == 0 || track->stsd == NULL)
            track_free (track);
          else
            g_ptr_array_add (file->tracks, track);
        }
      else if (box_is (&box, "mvex"))
        {
          Box trex;

          for (guint64 t = box.offset + box.header; read_box (base, t, box.offset + box.size, &trex); t += trex.size)
            if (box_is (&trex, "trex") && trex.size >= trex.header + 24)
              {
                const guint8 *p = base + trex.offset + trex.header;
                guint index;
                PlnMp4Track *track = find_track_by_id (file, rd32 (p + 4), &index);

                if (track != NULL)
                  {
                    track->trex_duration = rd32 (p + 12);
                    track->trex_size = rd32 (p + 16);
                    track->trex_flags = rd32 (p + 20);
                  }
              }
        }
    }
  return file->tracks->len > 0;
}

/* Parses one moof whose mdat ends at @limit. Appends samples, chunks and a
 * fragment only if every sample lies inside the file's complete part.
 * Returns FALSE when the moof does not describe whole samples. */
static gboolean
parse_moof (PlnMp4File    *file,
            const guint8  *base,
            const Box     *moof,
            guint64        limit)
{
  g_autoptr(GArray) new_samples = g_array_new (FALSE, FALSE, sizeof (PlnMp4Sample));
  g_autoptr(GArray) new_tracks = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) new_chunks = g_array_new (FALSE, FALSE, sizeof (PlnMp4Chunk));
  PlnMp4Fragment fragment = { 0 };
  guint64 next_base = moof->offset;
  gboolean first_traf = TRUE;
  Box traf;

  fragment.offset = moof->offset;
  fragment.end = limit;
  fragment.start = G_MAXDOUBLE;

  for (guint64 o = moof->offset + moof->header; read_box (base, o, moof->offset + moof->size, &traf); o += traf.size)
    {
      PlnMp4Track *track = NULL;
      guint track_index = 0;
      guint32 tfhd_flags = 0;
      guint32 default_duration = 0, default_size = 0, default_flags = 0;
      guint64 data_base = 0;
      guint64 decode_time = 0;
      gboolean has_tfdt = FALSE;
      guint64 traf_duration = 0;
      gboolean traf_first = TRUE;
      guint64 data_cursor = 0;
      Box child;

      if (!box_is (&traf, "traf"))
        continue;

      for (guint64 c = traf.offset + traf.header; read_box (base, c, traf.offset + traf.size, &child); c += child.size)
        {
          const guint8 *p = base + child.offset + child.header;
          guint64 len = child.size - child.header;

          if (box_is (&child, "tfhd") && len >= 8)
            {
              guint64 q = 8;

              tfhd_flags = rd32 (p) & 0xffffff;
              track = find_track_by_id (file, rd32 (p + 4), &track_index);
              if (track == NULL)
                return FALSE;
              default_duration = track->trex_duration;
              default_size = track->trex_size;
              default_flags = track->trex_flags;
              if (tfhd_flags & 0x1)
                {
                  if (len < q + 8)
                    return FALSE;
                  data_base = rd64 (p + q);
                  q += 8;
                }
              else if ((tfhd_flags & 0x20000) || first_traf)
                data_base = moof->offset;
              else
                data_base = next_base;
              if (tfhd_flags & 0x2)
                q += 4;
              if (tfhd_flags & 0x8)
                {
                  if (len < q + 4)
                    return FALSE;
                  default_duration = rd32 (p + q);
                  q += 4;
                }
              if (tfhd_flags & 0x10)
                {
                  if (len < q + 4)
                    return FALSE;
                  default_size = rd32 (p + q);
                  q += 4;
                }
              if (tfhd_flags & 0x20)
                {
                  if (len < q + 4)
                    return FALSE;
                  default_flags = rd32 (p + q);
                }
              data_cursor = data_base;
            }
          else if (box_is (&child, "tfdt") && len >= 8)
            {
              decode_time = (p[0] == 1 && len >= 12) ? rd64 (p + 4) : rd32 (p + 4);
              has_tfdt = TRUE;
            }
          else if (box_is (&child, "trun") && track != NULL && len >= 8)
            {
              guint version = p[0];
              guint32 flags = rd32 (p) & 0xffffff;
              guint32 count = rd32 (p + 4);
              guint64 q = 8;
              guint32 first_flags = 0;
              gboolean has_first_flags = FALSE;
              guint row = ((flags & 0x100) ? 4 : 0) + ((flags & 0x200) ? 4 : 0) +
                          ((flags & 0x400) ? 4 : 0) + ((flags & 0x800) ? 4 : 0);
              PlnMp4Chunk chunk = { 0 };
              guint64 offset;

              if (flags & 0x1)
                {
                  if (len < q + 4)
                    return FALSE;
                  data_cursor = data_base + (gint64) (gint32) rd32 (p + q);
                  q += 4;
                }
              if (flags & 0x4)
                {
                  if (len < q + 4)
                    return FALSE;
                  first_flags = rd32 (p + q);
                  has_first_flags = TRUE;
                  q += 4;
                }
              /* A damaged count must not make us list billions of samples. */
              if ((guint64) count * row > len - q || count > 1000000)
                return FALSE;

              chunk.track = track_index;
              chunk.offset = data_cursor;
              chunk.first_sample = new_samples->len;
              offset = data_cursor;

              for (guint32 i = 0; i < count; i++)
                {
                  PlnMp4Sample sample = { 0 };
                  guint32 sample_flags = default_flags;

                  sample.duration = default_duration;
                  sample.size = default_size;
                  if (flags & 0x100) { sample.duration = rd32 (p + q); q += 4; }
                  if (flags & 0x200) { sample.size = rd32 (p + q); q += 4; }
                  if (flags & 0x400) { sample_flags = rd32 (p + q); q += 4; }
                  if (flags & 0x800)
                    {
                      guint32 v = rd32 (p + q);
                      sample.cts_offset = version == 0 ? (gint32) MIN (v, (guint32) G_MAXINT32) : (gint32) v;
                      q += 4;
                    }
                  if (i == 0 && has_first_flags)
                    sample_flags = first_flags;
                  sample.sync = g_str_equal (track->handler, "vide") ? !(sample_flags & SAMPLE_IS_NON_SYNC) : TRUE;
                  sample.offset = offset;
                  offset += sample.size;
                  if (offset > limit)
                    return FALSE;
                  traf_duration += sample.duration;

                  if (traf_first && g_str_equal (track->handler, "vide"))
                    {
                      fragment.has_video = TRUE;
                      fragment.keyframe = sample.sync;
                    }
                  traf_first = FALSE;
                  g_array_append_val (new_samples, sample);
                  g_array_append_val (new_tracks, track_index);
                }

              /* Every byte of the run must be inside the mdat that follows. */
              if (offset > limit || chunk.offset < moof->offset + moof->size)
                return FALSE;
              chunk.size = offset - chunk.offset;
              chunk.n_samples = count;
              if (count > 0)
                g_array_append_val (new_chunks, chunk);
              data_cursor = offset;
            }
        }

      if (track == NULL)
        continue;

      {
        double start = has_tfdt ? (double) decode_time / track->timescale : 0;
        double duration = (double) traf_duration / track->timescale;

        if (!track->has_decode_time && has_tfdt)
          {
            track->first_decode_time = decode_time;
            track->has_decode_time = TRUE;
          }
        fragment.start = MIN (fragment.start, start);
        fragment.duration = MAX (fragment.duration, duration);
        if (g_str_equal (track->handler, "vide"))
          {
            fragment.video_start = start;
            fragment.video_duration = duration;
          }
      }
      next_base = data_cursor;
      first_traf = FALSE;
    }

  if (new_samples->len == 0)
    return FALSE;

  /* Commit: the samples go to their tracks, the chunks point at them. */
  {
    g_autofree guint *base_index = g_new0 (guint, file->tracks->len);
    g_autofree guint *local_index = g_new0 (guint, new_samples->len);
    g_autofree guint *counts = g_new0 (guint, file->tracks->len);

    for (guint t = 0; t < file->tracks->len; t++)
      base_index[t] = ((PlnMp4Track *) g_ptr_array_index (file->tracks, t))->samples->len;

    for (guint i = 0; i < new_samples->len; i++)
      {
        guint t = g_array_index (new_tracks, guint, i);
        PlnMp4Track *track = g_ptr_array_index (file->tracks, t);
        PlnMp4Sample *sample = &g_array_index (new_samples, PlnMp4Sample, i);

        local_index[i] = base_index[t] + counts[t]++;
        g_array_append_val (track->samples, *sample);
        track->total_duration += sample->duration;
      }

    for (guint c = 0; c < new_chunks->len; c++)
      {
        PlnMp4Chunk chunk = g_array_index (new_chunks, PlnMp4Chunk, c);
        chunk.first_sample = local_index[chunk.first_sample];
        g_array_append_val (file->chunks, chunk);
      }
  }

  if (fragment.start == G_MAXDOUBLE)
    fragment.start = 0;
  g_array_append_val (file->fragments, fragment);
  return TRUE;
}

/**
 * pln_mp4_file_read:
 *
 * Reads a fragmented MP4 up to its last complete fragment.
 */
PlnMp4File *
pln_mp4_file_read (const char  *path,
                   GError     **error)
{
  g_autoptr(PlnMp4File) file = NULL;
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GError) local_error = NULL;
  const guint8 *base;
  guint64 size;
  gboolean have_ftyp = FALSE;
  gboolean have_moov = FALSE;
  Box box;
  guint64 o = 0;

  mapped = g_mapped_file_new (path, FALSE, &local_error);
  if (mapped == NULL)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_file_error (local_error->code),
                   _("Cannot read the recording file %s: %s"), path, local_error->message);
      return NULL;
    }

  file = g_new0 (PlnMp4File, 1);
  file->path = g_strdup (path);
  file->tracks = g_ptr_array_new_with_free_func (track_free);
  file->chunks = g_array_new (FALSE, FALSE, sizeof (PlnMp4Chunk));
  file->fragments = g_array_new (FALSE, FALSE, sizeof (PlnMp4Fragment));

  base = (const guint8 *) g_mapped_file_get_contents (mapped);
  size = g_mapped_file_get_length (mapped);
  file->file_size = size;

  /* The init part. */
  while (!(have_ftyp && have_moov) && read_box (base, o, size, &box))
    {
      if (box_is (&box, "ftyp"))
        have_ftyp = TRUE;
      else if (box_is (&box, "moov"))
        have_moov = parse_moov (file, base, box.offset + box.header, box.offset + box.size);
      else if (box_is (&box, "moof") || box_is (&box, "mdat"))
        break;
      o += box.size;
    }
  if (!have_ftyp || !have_moov)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The recording file %s has no complete MP4 header (ftyp and moov): it is empty, damaged or not an MP4."),
                   path);
      return NULL;
    }
  file->init_size = o;
  file->complete_size = o;

  /* The fragments: moof, then the mdat that holds its data. */
  while (read_box (base, o, size, &box))
    {
      if (box_is (&box, "moof"))
        {
          Box mdat;
          guint64 next = box.offset + box.size;

          /* Skip anything between moof and mdat, e.g. a free box. */
          while (read_box (base, next, size, &mdat) && !box_is (&mdat, "mdat") && !box_is (&mdat, "moof"))
            next += mdat.size;
          if (!read_box (base, next, size, &mdat) || !box_is (&mdat, "mdat"))
            break;
          if (!parse_moof (file, base, &box, mdat.offset + mdat.size))
            break;
          o = mdat.offset + mdat.size;
          file->complete_size = o;
          continue;
        }
      o += box.size;
      if (box_is (&box, "mfra") || box_is (&box, "free") || box_is (&box, "skip") || box_is (&box, "udta"))
        file->complete_size = o;
    }
  file->truncated = file->complete_size < size;
  return g_steal_pointer (&file);
}

void
pln_mp4_file_free (PlnMp4File *file)
{
  if (file == NULL)
    return;
  g_free (file->path);
  g_clear_pointer (&file->tracks, g_ptr_array_unref);
  g_clear_pointer (&file->chunks, g_array_unref);
  g_clear_pointer (&file->fragments, g_array_unref);
  g_free (file);
}

/* Index of the first track with this handler ("vide", "soun"), or -1. */
int
pln_mp4_file_find_track (PlnMp4File *file,
                         const char *handler)
{
  for (guint i = 0; i < file->tracks->len; i++)
    {
      PlnMp4Track *track = g_ptr_array_index (file->tracks, i);
      if (g_str_equal (track->handler, handler))
        return (int) i;
    }
  return -1;
}

double
pln_mp4_track_get_duration (PlnMp4Track *track)
{
  return (double) track->total_duration / track->timescale;
}

/* ---- Writing ---------------------------------------------------------- */

static void
put8 (GByteArray *out,
      guint8      v)
{
  g_byte_array_append (out, &v, 1);
}

static void
put16 (GByteArray *out,
       guint16     v)
{
  guint8 b[2] = { v >> 8, v & 0xff };
  g_byte_array_append (out, b, 2);
}

static void
put32 (GByteArray *out,
       guint32     v)
{
  guint8 b[4] = { v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff };
  g_byte_array_append (out, b, 4);
}

static void
put64 (GByteArray *out,
       guint64     v)
{
  put32 (out, v >> 32);
  put32 (out, v & 0xffffffff);
}

static void
put_bytes (GByteArray *out,
           const void *data,
           gsize       len)
{
  g_byte_array_append (out, data, len);
}

static guint
box_open (GByteArray *out,
          const char *type)
{
  guint at = out->len;

  put32 (out, 0);
  put_bytes (out, type, 4);
  return at;
}

static guint
full_box_open (GByteArray *out,
               const char *type,
               guint8      version,
               guint32     flags)
{
  guint at = box_open (out, type);

  put32 (out, ((guint32) version << 24) | (flags & 0xffffff));
  return at;
}

static void
box_close (GByteArray *out,
           guint       at)
{
  guint32 size = out->len - at;

  out->data[at] = size >> 24;
  out->data[at + 1] = (size >> 16) & 0xff;
  out->data[at + 2] = (size >> 8) & 0xff;
  out->data[at + 3] = size & 0xff;
}

static void
put_matrix (GByteArray *out)
{
  static const guint32 matrix[9] = { 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000 };

  for (guint i = 0; i < 9; i++)
    put32 (out, matrix[i]);
}

/* One output track: the samples of the same kind of track of every file. */
typedef struct
{
  PlnMp4Track *model;        /* the first file's track: stsd, timescale… */
  char         handler[5];
  guint32      track_id;
  GArray      *samples;      /* PlnMp4Sample, offset = output offset */
  GArray      *chunks;       /* PlnMp4Chunk, offset = output offset */
  GArray      *chunk_desc;   /* guint32: 1-based sample description of each chunk */
  GPtrArray   *descs;        /* GBytes: the sample entries of each description */
  guint64      duration;     /* in its timescale */
  gboolean     edit;         /* write an edit list (the output is trimmed) */
  guint64      edit_ms;      /* how long it plays, in the movie's timescale */
  gint64       media_time;   /* where it starts playing, in its timescale */
} OutTrack;

/* A stretch of one source chunk to copy, in output order. */
typedef struct
{
  guint    file;
  guint    track;          /* output track */
  guint32  desc;
  guint64  src_offset;
  guint64  size;
  guint    first;          /* index into the output track's samples */
  guint    n;
} CopyRun;

static void
out_track_clear (gpointer data)
{
  OutTrack *track = data;

  g_clear_pointer (&track->samples, g_array_unref);
  g_clear_pointer (&track->chunks, g_array_unref);
  g_clear_pointer (&track->chunk_desc, g_array_unref);
  g_clear_pointer (&track->descs, g_ptr_array_unref);
}

/* The sample entries of an stsd box (after its header, flags and count). */
static GBytes *
stsd_entries (GBytes *stsd)
{
  gsize size = g_bytes_get_size (stsd);

  return g_bytes_new_from_bytes (stsd, 16, size > 16 ? size - 16 : 0);
}

static guint32
stsd_count (GBytes *stsd)
{
  const guint8 *p = g_bytes_get_data (stsd, NULL);

  return g_bytes_get_size (stsd) >= 16 ? rd32 (p + 12) : 0;
}

/* Which output track each of @file's tracks feeds (-1: none), and with which
 * sample description (added when new). Same rule for layout and copy. */
static void
map_tracks (PlnMp4File *file,
            GArray     *tracks,
            int        *map,
            guint32    *desc,
            gboolean    add)
{
  for (guint i = 0; i < file->tracks->len; i++)
    map[i] = -1;

  for (guint t = 0; t < tracks->len; t++)
    {
      OutTrack *track = &g_array_index (tracks, OutTrack, t);
      int index = pln_mp4_file_find_track (file, track->handler);
      PlnMp4Track *source;
      g_autoptr(GBytes) entries = NULL;
      guint d;

      if (index < 0)
        continue;
      source = g_ptr_array_index (file->tracks, index);
      /* Another timescale, or several entries in one stsd, cannot be joined. */
      if (source->timescale != track->model->timescale || stsd_count (source->stsd) != 1)
        {
          g_debug ("%s: its %s track cannot join the first file's; left out", file->path, track->handler);
          continue;
        }
      entries = stsd_entries (source->stsd);
      for (d = 0; d < track->descs->len; d++)
        if (g_bytes_equal (entries, g_ptr_array_index (track->descs, d)))
          break;
      if (d == track->descs->len)
        {
          if (!add)
            continue;
          g_ptr_array_add (track->descs, g_steal_pointer (&entries));
        }
      map[index] = t;
      desc[index] = d + 1;
    }
}

static void
write_stbl (GByteArray *out,
            OutTrack   *track,
            gboolean    large)
{
  GArray *samples = track->samples;
  gboolean any_cts = FALSE, negative_cts = FALSE, all_sync = TRUE;
  guint at, count_at, n;

  for (guint i = 0; i < samples->len; i++)
    {
      PlnMp4Sample *s = &g_array_index (samples, PlnMp4Sample, i);
      any_cts |= s->cts_offset != 0;
      negative_cts |= s->cts_offset < 0;
      all_sync &= s->sync;
    }

  at = box_open (out, "stbl");
  {
    guint box = full_box_open (out, "stsd", 0, 0);
    put32 (out, track->descs->len);
    for (guint d = 0; d < track->descs->len; d++)
      {
        GBytes *entries = g_ptr_array_index (track->descs, d);
        put_bytes (out, g_bytes_get_data (entries, NULL), g_bytes_get_size (entries));
      }
    box_close (out, box);
  }

  /* stts: runs of equal durations. */
  {
    guint box = full_box_open (out, "stts", 0, 0);
    count_at = out->len;
    put32 (out, 0);
    n = 0;
    for (guint i = 0; i < samples->len;)
      {
        guint32 d = g_array_index (samples, PlnMp4Sample, i).duration;
        guint j = i;
        while (j < samples->len && g_array_index (samples, PlnMp4Sample, j).duration == d)
          j++;
        put32 (out, j - i);
        put32 (out, d);
        n++;
        i = j;
      }
    out->data[count_at] = n >> 24; out->data[count_at + 1] = (n >> 16) & 0xff;
    out->data[count_at + 2] = (n >> 8) & 0xff; out->data[count_at + 3] = n & 0xff;
    box_close (out, box);
  }

  if (any_cts)
    {
      guint box = full_box_open (out, "ctts", negative_cts ? 1 : 0, 0);
      count_at = out->len;
      put32 (out, 0);
      n = 0;
      for (guint i = 0; i < samples->len;)
        {
          gint32 c = g_array_index (samples, PlnMp4Sample, i).cts_offset;
          guint j = i;
          while (j < samples->len && g_array_index (samples, PlnMp4Sample, j).cts_offset == c)
            j++;
          put32 (out, j - i);
          put32 (out, (guint32) c);
          n++;
          i = j;
        }
      out->data[count_at] = n >> 24; out->data[count_at + 1] = (n >> 16) & 0xff;
      out->data[count_at + 2] = (n >> 8) & 0xff; out->data[count_at + 3] = n & 0xff;
      box_close (out, box);
    }

  if (!all_sync)
    {
      guint box = full_box_open (out, "stss", 0, 0);
      count_at = out->len;
      put32 (out, 0);
      n = 0;
      for (guint i = 0; i < samples->len; i++)
        if (g_array_index (samples, PlnMp4Sample, i).sync)
          {
            put32 (out, i + 1);
            n++;
          }
      out->data[count_at] = n >> 24; out->data[count_at + 1] = (n >> 16) & 0xff;
      out->data[count_at + 2] = (n >> 8) & 0xff; out->data[count_at + 3] = n & 0xff;
      box_close (out, box);
    }

  /* stsc: runs of chunks with the same number of samples. */
  {
    guint box = full_box_open (out, "stsc", 0, 0);
    count_at = out->len;
    put32 (out, 0);
    n = 0;
    for (guint c = 0; c < track->chunks->len; c++)
      {
        guint32 per = g_array_index (track->chunks, PlnMp4Chunk, c).n_samples;
        guint32 desc = g_array_index (track->chunk_desc, guint32, c);
        if (c == 0 || g_array_index (track->chunks, PlnMp4Chunk, c - 1).n_samples != per ||
            g_array_index (track->chunk_desc, guint32, c - 1) != desc)
          {
            put32 (out, c + 1);
            put32 (out, per);
            put32 (out, desc);
            n++;
          }
      }
    out->data[count_at] = n >> 24; out->data[count_at + 1] = (n >> 16) & 0xff;
    out->data[count_at + 2] = (n >> 8) & 0xff; out->data[count_at + 3] = n & 0xff;
    box_close (out, box);
  }

  {
    guint box = full_box_open (out, "stsz", 0, 0);
    put32 (out, 0);
    put32 (out, samples->len);
    for (guint i = 0; i < samples->len; i++)
      put32 (out, g_array_index (samples, PlnMp4Sample, i).size);
    box_close (out, box);
  }

  {
    guint box = full_box_open (out, large ? "co64" : "stco", 0, 0);
    put32 (out, track->chunks->len);
    for (guint c = 0; c < track->chunks->len; c++)
      {
        guint64 offset = g_array_index (track->chunks, PlnMp4Chunk, c).offset;
        if (large)
          put64 (out, offset);
        else
          put32 (out, (guint32) offset);
      }
    box_close (out, box);
  }

  box_close (out, at);
}

static void
write_trak (GByteArray *out,
            OutTrack   *track,
            guint64     movie_duration_ms,
            gboolean    large)
{
  gboolean video = g_str_equal (track->handler, "vide");
  guint trak, box, mdia, minf;

  trak = box_open (out, "trak");

  box = full_box_open (out, "tkhd", 0, 0x3);
  put32 (out, 0);
  put32 (out, 0);
  put32 (out, track->track_id);
  put32 (out, 0);
  put32 (out, (guint32) MIN (track->edit ? track->edit_ms : movie_duration_ms, G_MAXUINT32));
  put64 (out, 0);
  put16 (out, 0);
  put16 (out, 0);
  put16 (out, video ? 0 : 0x0100);
  put16 (out, 0);
  put_matrix (out);
  put32 (out, video ? track->model->width : 0);
  put32 (out, video ? track->model->height : 0);
  box_close (out, box);

  /* A trimmed track plays from media_time for edit_ms: the samples before
   * it are only there to decode the first picture shown. */
  if (track->edit)
    {
      guint edts = box_open (out, "edts");
      box = full_box_open (out, "elst", 0, 0);
      put32 (out, 1);
      put32 (out, (guint32) MIN (track->edit_ms, G_MAXUINT32));
      put32 (out, (guint32) (gint32) CLAMP (track->media_time, 0, G_MAXINT32));
      put32 (out, 0x00010000);
      box_close (out, box);
      box_close (out, edts);
    }

  mdia = box_open (out, "mdia");
  box = full_box_open (out, "mdhd", 1, 0);
  put64 (out, 0);
  put64 (out, 0);
  put32 (out, track->model->timescale);
  put64 (out, track->duration);
  put16 (out, track->model->language ? track->model->language : 0x55c4 /* und */);
  put16 (out, 0);
  box_close (out, box);

  box = full_box_open (out, "hdlr", 0, 0);
  put32 (out, 0);
  put_bytes (out, track->handler, 4);
  put32 (out, 0);
  put32 (out, 0);
  put32 (out, 0);
  put_bytes (out, video ? "VideoHandler" : "SoundHandler", 13);
  box_close (out, box);

  minf = box_open (out, "minf");
  if (video)
    {
      box = full_box_open (out, "vmhd", 0, 1);
      put64 (out, 0);
    }
  else
    {
      box = full_box_open (out, "smhd", 0, 0);
      put32 (out, 0);
    }
  box_close (out, box);
  {
    guint dinf = box_open (out, "dinf");
    guint dref = full_box_open (out, "dref", 0, 0);
    put32 (out, 1);
    box_close (out, full_box_open (out, "url ", 0, 1));
    box_close (out, dref);
    box_close (out, dinf);
  }
  write_stbl (out, track, large);
  box_close (out, minf);
  box_close (out, mdia);
  box_close (out, trak);
}

/* Nero chapters (udta/chpl), which ffmpeg and many players read. */
static void
write_chapters (GByteArray *out,
                GArray     *chapters)
{
  guint udta, box;
  guint n;

  if (chapters == NULL || chapters->len == 0)
    return;
  n = MIN (chapters->len, 255);
  udta = box_open (out, "udta");
  box = full_box_open (out, "chpl", 1, 0);
  put32 (out, 0);
  put8 (out, n);
  for (guint i = 0; i < n; i++)
    {
      PlnMp4Chapter *chapter = &g_array_index (chapters, PlnMp4Chapter, i);
      gsize len = MIN (strlen (chapter->title), 255);

      /* Do not cut a UTF-8 character in half. */
      while (len > 0 && len < strlen (chapter->title) && (chapter->title[len] & 0xc0) == 0x80)
        len--;
      put64 (out, chapter->at_us * 10);
      put8 (out, len);
      put_bytes (out, chapter->title, len);
    }
  box_close (out, box);
  box_close (out, udta);
}

static GByteArray *
build_moov (GArray   *tracks,
            GArray   *chapters,
            gboolean  large)
{
  GByteArray *out = g_byte_array_new ();
  guint64 duration_ms = 0;
  guint moov, box;

  for (guint t = 0; t < tracks->len; t++)
    {
      OutTrack *track = &g_array_index (tracks, OutTrack, t);
      duration_ms = MAX (duration_ms, track->edit ? track->edit_ms : track->duration * 1000 / track->model->timescale);
    }

  moov = box_open (out, "moov");
  box = full_box_open (out, "mvhd", 0, 0);
  put32 (out, 0);
  put32 (out, 0);
  put32 (out, 1000);
  put32 (out, (guint32) MIN (duration_ms, G_MAXUINT32));
  put32 (out, 0x00010000);
  put16 (out, 0x0100);
  put16 (out, 0);
  put64 (out, 0);
  put_matrix (out);
  for (guint i = 0; i < 6; i++)
    put32 (out, 0);
  put32 (out, tracks->len + 1);
  box_close (out, box);

  for (guint t = 0; t < tracks->len; t++)
    write_trak (out, &g_array_index (tracks, OutTrack, t), duration_ms, large);
  write_chapters (out, chapters);
  box_close (out, moov);
  return out;
}

static gboolean
write_all (GOutputStream  *stream,
           const void     *data,
           gsize           len,
           GCancellable   *cancellable,
           GError        **error)
{
  return g_output_stream_write_all (stream, data, len, NULL, cancellable, error);
}

/* Keeps, of each track, the samples that play in [@from_us, @to_us) of
 * the output timeline (@to_us 0: to the end), and gives each track an edit
 * list that starts it exactly at @from_us. Video starts at the last key
 * frame at or before @from_us, so that the first picture shown decodes;
 * sound (every sample a sync sample) at the sample that covers @from_us.
 * Fills @keep_first / @keep_end (sample indexes per track). */
static gboolean
trim_tracks (GArray   *tracks,
             guint64   from_us,
             guint64   to_us,
             guint    *keep_first,
             guint    *keep_end,
             GError  **error)
{
  guint64 timeline_us = 0;

  for (guint t = 0; t < tracks->len; t++)
    {
      OutTrack *track = &g_array_index (tracks, OutTrack, t);
      timeline_us = MAX (timeline_us, track->duration * G_USEC_PER_SEC / track->model->timescale);
    }
  if (to_us == 0 || to_us > timeline_us)
    to_us = timeline_us;
  if (from_us + 100000 > to_us)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The cut leaves nothing to play: it starts at %.1f s and ends at %.1f s of a %.1f s recording."),
                   from_us / 1e6, to_us / 1e6, timeline_us / 1e6);
      return FALSE;
    }

  for (guint t = 0; t < tracks->len; t++)
    {
      OutTrack *track = &g_array_index (tracks, OutTrack, t);
      guint32 timescale = track->model->timescale;
      guint64 from = from_us * timescale / G_USEC_PER_SEC;
      guint64 to = (to_us * timescale + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC;
      guint64 dts = 0, first_dts = 0, kept = 0;
      guint first = G_MAXUINT, end = 0;

      /* The start: the last sync sample at or before @from. */
      for (guint i = 0; i < track->samples->len; i++)
        {
          PlnMp4Sample *sample = &g_array_index (track->samples, PlnMp4Sample, i);

          if (dts > from)
            break;
          if (sample->sync || first == G_MAXUINT)
            {
              first = i;
              first_dts = dts;
            }
          dts += sample->duration;
        }
      if (first == G_MAXUINT)
        first = 0;

      /* The end: every sample that starts before @to. */
      dts = first_dts;
      for (end = first; end < track->samples->len; end++)
        {
          PlnMp4Sample *sample = &g_array_index (track->samples, PlnMp4Sample, end);

          if (dts >= to)
            break;
          dts += sample->duration;
          kept += sample->duration;
        }

      keep_first[t] = first;
      keep_end[t] = end;
      track->duration = kept;
      track->edit = TRUE;
      track->edit_ms = (to_us - from_us) / 1000;
      track->media_time = (gint64) (from - MIN (from, first_dts));
      if (first < track->samples->len)
        track->media_time += MAX (0, g_array_index (track->samples, PlnMp4Sample, first).cts_offset);
    }
  return TRUE;
}

/**
 * pln_mp4_write_progressive:
 * @files: (element-type PlnMp4File): the parts, in order
 * @handlers: which tracks, comma separated: "vide,soun" or "soun"
 * @brand: major brand of the ftyp, "isom" or "M4A "
 * @chapters: (nullable) (element-type PlnMp4Chapter): written as chpl, on
 *   the output (trimmed) timeline
 * @file_starts_us: (nullable) (out): filled with each file's start on the
 *   untrimmed output timeline, in microseconds
 * @from_us: where the output starts on that timeline (0: at the start)
 * @to_us: where it ends (0: at the end)
 * @progress: (nullable): called after each copied run; return FALSE to stop
 *
 * Writes @out_path (the caller renames it into place). Tracks of a kind a
 * file lacks are simply absent for that file's stretch.
 *
 * A trimmed output is a cut at the key frame at or before @from_us plus an
 * edit list per track that starts playing exactly at @from_us and lasts
 * @to_us − @from_us (the movie's and tracks' durations are that), so
 * players show the trimmed length and no picture before the cut, and no
 * sample is re-encoded.
 */
gboolean
pln_mp4_write_progressive (GPtrArray          *files,
                           const char         *handlers,
                           const char         *brand,
                           GArray             *chapters,
                           GArray             *file_starts_us,
                           guint64             from_us,
                           guint64             to_us,
                           const char         *out_path,
                           PlnMp4ProgressFunc  progress,
                           gpointer            user_data,
                           GCancellable       *cancellable,
                           GError            **error)
{
  g_autoptr(GArray) tracks = g_array_new (FALSE, TRUE, sizeof (OutTrack));
  g_autoptr(GArray) runs = g_array_new (FALSE, FALSE, sizeof (CopyRun));
  g_auto(GStrv) wanted = g_strsplit (handlers, ",", -1);
  g_autoptr(GByteArray) moov = NULL;
  g_autoptr(GFile) out_file = g_file_new_for_path (out_path);
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GByteArray) head = g_byte_array_new ();
  g_autoptr(GMappedFile) mapped = NULL;
  g_autofree guint *keep_first = NULL;
  g_autofree guint *keep_end = NULL;
  guint64 data_total = 0;
  guint64 data_done = 0;
  guint64 mdat_header;
  guint64 data_start;
  gboolean large = FALSE;
  double timeline = 0;   /* seconds: where the next file starts */
  const guint8 *base = NULL;
  guint mapped_file = G_MAXUINT;
  GOutputStream *out;

  g_array_set_clear_func (tracks, out_track_clear);

  /* The output tracks: one per wanted handler found in some file. */
  for (guint w = 0; wanted[w] != NULL; w++)
    for (guint f = 0; f < files->len; f++)
      {
        PlnMp4File *file = g_ptr_array_index (files, f);
        int index = pln_mp4_file_find_track (file, wanted[w]);

        if (index >= 0)
          {
            OutTrack track = { 0 };
            track.model = g_ptr_array_index (file->tracks, index);
            memcpy (track.handler, wanted[w], 5);
            track.track_id = tracks->len + 1;
            track.samples = g_array_new (FALSE, FALSE, sizeof (PlnMp4Sample));
            track.chunks = g_array_new (FALSE, FALSE, sizeof (PlnMp4Chunk));
            track.chunk_desc = g_array_new (FALSE, FALSE, sizeof (guint32));
            track.descs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
            g_array_append_val (tracks, track);
            break;
          }
      }

  if (tracks->len == 0)
    {
      if (g_str_equal (handlers, "soun"))
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                             _("The recording has no sound to write."));
      else
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                             _("The recording has no picture or sound to write."));
      return FALSE;
    }

  /* Lay the samples out on one timeline, remembering where each run of
   * them comes from. */
  for (guint f = 0; f < files->len; f++)
    {
      PlnMp4File *file = g_ptr_array_index (files, f);
      double file_first = G_MAXDOUBLE;
      double file_end = timeline;
      g_autofree int *map = g_new (int, file->tracks->len);
      g_autofree guint32 *desc = g_new0 (guint32, file->tracks->len);

      map_tracks (file, tracks, map, desc, TRUE);
      for (guint i = 0; i < file->tracks->len; i++)
        {
          PlnMp4Track *source = g_ptr_array_index (file->tracks, i);
          if (map[i] >= 0 && source->samples->len > 0)
            file_first = MIN (file_first, (double) source->first_decode_time / source->timescale);
        }
      if (file_first == G_MAXDOUBLE)
        file_first = 0;

      if (file_starts_us != NULL)
        {
          guint64 us = (guint64) (timeline * G_USEC_PER_SEC + 0.5);
          g_array_append_val (file_starts_us, us);
        }

      /* Bring each track to where this file's stretch of it begins. */
      for (guint i = 0; i < file->tracks->len; i++)
        {
          PlnMp4Track *source = g_ptr_array_index (file->tracks, i);
          OutTrack *track;
          double want;
          gint64 have, target;

          if (map[i] < 0 || source->samples->len == 0)
            continue;
          track = &g_array_index (tracks, OutTrack, map[i]);
          want = timeline + (double) source->first_decode_time / source->timescale - file_first;
          target = (gint64) (want * source->timescale + 0.5);
          have = (gint64) track->duration;
          if (target > have && track->samples->len > 0)
            {
              PlnMp4Sample *last = &g_array_index (track->samples, PlnMp4Sample, track->samples->len - 1);
              last->duration += (guint32) (target - have);
              track->duration = target;
            }
        }

      for (guint c = 0; c < file->chunks->len; c++)
        {
          PlnMp4Chunk *chunk = &g_array_index (file->chunks, PlnMp4Chunk, c);
          PlnMp4Track *source = g_ptr_array_index (file->tracks, chunk->track);
          OutTrack *track;
          CopyRun run = { 0 };

          if (map[chunk->track] < 0)
            continue;
          track = &g_array_index (tracks, OutTrack, map[chunk->track]);
          run.file = f;
          run.track = map[chunk->track];
          run.desc = desc[chunk->track];
          run.src_offset = chunk->offset;
          run.size = chunk->size;
          run.first = track->samples->len;
          run.n = chunk->n_samples;
          for (guint s = 0; s < chunk->n_samples; s++)
            {
              PlnMp4Sample sample = g_array_index (source->samples, PlnMp4Sample, chunk->first_sample + s);
              track->duration += sample.duration;
              g_array_append_val (track->samples, sample);
            }
          g_array_append_val (runs, run);
        }

      for (guint t = 0; t < tracks->len; t++)
        {
          OutTrack *track = &g_array_index (tracks, OutTrack, t);
          file_end = MAX (file_end, (double) track->duration / track->model->timescale);
        }
      timeline = file_end;
    }

  /* Close the last stretch: every track ends together. */
  for (guint t = 0; t < tracks->len; t++)
    {
      OutTrack *track = &g_array_index (tracks, OutTrack, t);
      gint64 target = (gint64) (timeline * track->model->timescale + 0.5);

      if (track->samples->len > 0 && target > (gint64) track->duration &&
          target - (gint64) track->duration < track->model->timescale)
        {
          PlnMp4Sample *last = &g_array_index (track->samples, PlnMp4Sample, track->samples->len - 1);
          last->duration += (guint32) (target - (gint64) track->duration);
          track->duration = target;
        }
    }

  /* What is kept of each track. */
  keep_first = g_new0 (guint, tracks->len);
  keep_end = g_new0 (guint, tracks->len);
  for (guint t = 0; t < tracks->len; t++)
    keep_end[t] = g_array_index (tracks, OutTrack, t).samples->len;
  if ((from_us > 0 || to_us > 0) && !trim_tracks (tracks, from_us, to_us, keep_first, keep_end, error))
    return FALSE;

  /* The runs cut to what is kept, laid out in a data-relative space. */
  {
    g_autoptr(GArray) kept_runs = g_array_new (FALSE, FALSE, sizeof (CopyRun));

    for (guint r = 0; r < runs->len; r++)
      {
        CopyRun run = g_array_index (runs, CopyRun, r);
        OutTrack *track = &g_array_index (tracks, OutTrack, run.track);
        guint a = MAX (run.first, keep_first[run.track]);
        guint b = MIN (run.first + run.n, keep_end[run.track]);
        PlnMp4Chunk out_chunk = { 0 };

        if (a >= b)
          continue;
        for (guint i = run.first; i < a; i++)
          run.src_offset += g_array_index (track->samples, PlnMp4Sample, i).size;
        run.size = 0;
        for (guint i = a; i < b; i++)
          run.size += g_array_index (track->samples, PlnMp4Sample, i).size;
        run.first = a - keep_first[run.track];
        run.n = b - a;

        out_chunk.track = run.track;
        out_chunk.offset = data_total;
        out_chunk.size = run.size;
        out_chunk.first_sample = run.first;
        out_chunk.n_samples = run.n;
        g_array_append_val (track->chunks, out_chunk);
        g_array_append_val (track->chunk_desc, run.desc);
        data_total += run.size;
        g_array_append_val (kept_runs, run);
      }
    for (guint t = 0; t < tracks->len; t++)
      {
        OutTrack *track = &g_array_index (tracks, OutTrack, t);

        if (keep_first[t] > 0)
          g_array_remove_range (track->samples, 0, keep_first[t]);
        g_array_set_size (track->samples, keep_end[t] - keep_first[t]);
      }
    g_array_unref (runs);
    runs = g_steal_pointer (&kept_runs);
  }

  /* ftyp */
  {
    guint box = box_open (head, "ftyp");
    put_bytes (head, brand, 4);
    put32 (head, 0x200);
    put_bytes (head, brand, 4);
    put_bytes (head, "isomiso2mp41", 12);
    if (!g_str_equal (brand, "M4A "))
      put_bytes (head, "avc1", 4);
    box_close (head, box);
  }

  /* The moov's size does not depend on the offsets, only on their width. */
  moov = build_moov (tracks, chapters, FALSE);
  mdat_header = (data_total + 8 > G_MAXUINT32) ? 16 : 8;
  data_start = head->len + moov->len + mdat_header;
  if (data_start + data_total > G_MAXUINT32)
    {
      large = TRUE;
      g_byte_array_unref (moov);
      moov = build_moov (tracks, chapters, TRUE);
      data_start = head->len + moov->len + mdat_header;
    }
  for (guint t = 0; t < tracks->len; t++)
    {
      OutTrack *track = &g_array_index (tracks, OutTrack, t);
      for (guint c = 0; c < track->chunks->len; c++)
        g_array_index (track->chunks, PlnMp4Chunk, c).offset += data_start;
    }
  g_byte_array_unref (moov);
  moov = build_moov (tracks, chapters, large);

  stream = g_file_replace (out_file, NULL, FALSE, G_FILE_CREATE_NONE, cancellable, error);
  if (stream == NULL)
    return FALSE;
  out = G_OUTPUT_STREAM (stream);

  g_byte_array_append (head, moov->data, moov->len);
  if (mdat_header == 16)
    {
      put32 (head, 1);
      put_bytes (head, "mdat", 4);
      put64 (head, data_total + 16);
    }
  else
    {
      put32 (head, (guint32) (data_total + 8));
      put_bytes (head, "mdat", 4);
    }
  if (!write_all (out, head->data, head->len, cancellable, error))
    return FALSE;

  /* The data, run by run, in the order laid out above. */
  for (guint r = 0; r < runs->len; r++)
    {
      CopyRun *run = &g_array_index (runs, CopyRun, r);

      if (run->file != mapped_file)
        {
          PlnMp4File *file = g_ptr_array_index (files, run->file);
          g_autoptr(GError) local_error = NULL;

          g_clear_pointer (&mapped, g_mapped_file_unref);
          mapped = g_mapped_file_new (file->path, FALSE, &local_error);
          if (mapped == NULL)
            {
              g_set_error (error, G_IO_ERROR, g_io_error_from_file_error (local_error->code),
                           _("Cannot read the recording file %s: %s"), file->path, local_error->message);
              return FALSE;
            }
          if (g_mapped_file_get_length (mapped) < file->complete_size)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The recording file %s became shorter while it was packaged."), file->path);
              return FALSE;
            }
          base = (const guint8 *) g_mapped_file_get_contents (mapped);
          mapped_file = run->file;
        }

      if (!write_all (out, base + run->src_offset, run->size, cancellable, error))
        return FALSE;
      data_done += run->size;
      if (progress != NULL && !progress (data_done, data_total, user_data))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
          return FALSE;
        }
    }
  g_assert (data_done == data_total);

  return g_output_stream_close (out, cancellable, error);
}
