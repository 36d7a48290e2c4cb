/* pln-mp4-boxes.h: reading the boxes of a fragmented MP4 as mp4mux writes it
 * (ftyp, moov with mvex/trex, then moof/mdat pairs with tfdt and trun), and
 * writing a plain MP4 with its index in front from the samples read.
 *
 * Reading stops at the last complete fragment: a file whose writer was killed
 * still gives everything before its torn tail.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  guint64  offset;      /* in the source file */
  guint32  size;
  guint32  duration;    /* in the track's timescale */
  gint32   cts_offset;
  gboolean sync;
} PlnMp4Sample;

/* A contiguous run of one track's samples (one trun). */
typedef struct
{
  guint    track;         /* index into tracks */
  guint64  offset;
  guint64  size;
  guint    first_sample;  /* index into the track's samples */
  guint    n_samples;
} PlnMp4Chunk;

/* One moof and its mdat. Times are in seconds of the file's own timeline. */
typedef struct
{
  guint64  offset;        /* of the moof */
  guint64  end;           /* end of the mdat */
  double   start;         /* earliest tfdt of its trafs */
  double   duration;      /* longest traf */
  gboolean has_video;
  gboolean keyframe;      /* its video run starts on a sync sample */
  double   video_start;
  double   video_duration;
} PlnMp4Fragment;

typedef struct
{
  guint32  track_id;
  char     handler[5];    /* "vide", "soun", … */
  char     codec[5];      /* first sample entry: "avc1", "mp4a", … */
  guint32  timescale;
  guint16  language;      /* packed ISO-639-2 as in mdhd */
  guint32  width;         /* 16.16 from tkhd */
  guint32  height;
  GBytes  *stsd;          /* the whole stsd box */
  guint32  trex_duration;
  guint32  trex_size;
  guint32  trex_flags;
  GArray  *samples;       /* PlnMp4Sample */
  guint64  first_decode_time;  /* tfdt of its first fragment */
  gboolean has_decode_time;
  guint64  total_duration;     /* sum of sample durations */
} PlnMp4Track;

typedef struct
{
  char       *path;
  guint64     file_size;
  guint64     init_size;     /* ftyp + moov, from offset 0 */
  guint64     complete_size; /* end of the last complete fragment */
  gboolean    truncated;     /* bytes after complete_size were ignored */
  GPtrArray  *tracks;        /* PlnMp4Track */
  GArray     *chunks;        /* PlnMp4Chunk, in file order */
  GArray     *fragments;     /* PlnMp4Fragment, in file order */
} PlnMp4File;

PlnMp4File  *pln_mp4_file_read          (const char   *path,
                                         GError      **error);
void         pln_mp4_file_free          (PlnMp4File   *file);
int          pln_mp4_file_find_track    (PlnMp4File   *file,
                                         const char   *handler);
double       pln_mp4_track_get_duration (PlnMp4Track  *track);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlnMp4File, pln_mp4_file_free)

/* Writing a progressive MP4 (moov before mdat) from the samples of several
 * files, played one after the other on one timeline, optionally trimmed to
 * a window of it (see pln_mp4_write_progressive()). */

typedef struct
{
  guint64  at_us;
  char    *title;
} PlnMp4Chapter;

typedef gboolean (*PlnMp4ProgressFunc) (guint64  done,
                                        guint64  total,
                                        gpointer user_data);

gboolean     pln_mp4_write_progressive  (GPtrArray          *files,
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
                                         GError            **error);

G_END_DECLS
