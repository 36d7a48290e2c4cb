/* pln-recorder-private.h: what the files of PlnRecorder share: the
 * connection, the recorder's fields, and the functions each file
 * offers the others. Not installed, not for other types. */
#pragma once

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gst/gst.h>

#include "pln-disk-guard.h"
#include "pln-preview-tap-private.h"
#include "pln-recorder.h"

G_BEGIN_DECLS

/* Fragments of passthrough recordings: ~1 s. When we encode, we choose
 * the keyframe interval and make each fragment exactly one GOP of 0.4 s:
 * splitmuxsink holds one GOP and mp4mux one fragment before they reach the
 * disk, and a new file costs a little more, so a killed recorder loses
 * about a second (at most 1.5 s). */
#define FRAGMENT_MS          1000
#define ENCODE_GOP_MS        400
#define CONNECT_TIMEOUT_MS   10000
#define EOS_TIMEOUT_MS       4000
#define TEARDOWN_TIMEOUT_MS  5000
#define FIRST_RETRY_MS       500
#define MAX_RETRY_MS         5000
#define INITIAL_ATTEMPTS     4
/* While a lost network source waits for its next (backed-off) retry, a
 * cheap check asks its server every PEER_CHECK_MS whether it answers
 * again (a TCP connection and the protocol's first words), and a retry
 * starts at once when it does: the link's return is noticed within about
 * half a second, while rebuilding pipelines keeps its backoff. */
#define PEER_CHECK_MS        500
#define PEER_CHECK_TIMEOUT_S 1
#define WATCHDOG_MS          250
/* SRT keeps a connection up through SRT_PEER_IDLE_MS of silence (libsrt's
 * SRTO_PEERIDLETIMEO, 5 s by default) and carries on when packets come
 * back: a shorter cut is ridden out on the same connection (the gap is
 * still recorded, and the media after it goes into a new segment).
 * Closing the listener at the watchdog instead broke a connection that
 * was still up, and the caller had to notice and call again: 3 s cuts
 * left 4-6 s gaps. Past SRT_RIDE_OUT_MS the connection is torn down and
 * retried as for any source. */
#define SRT_PEER_IDLE_MS     5000
#define SRT_RIDE_OUT_MS      (SRT_PEER_IDLE_MS - 500)
#define LEVEL_INTERVAL       (250 * GST_MSECOND)
/* While nobody watches the preview, the level meter of a passthrough
 * stream decodes a run of LEVEL_RUN frames out of every LEVEL_EVERY
 * (AAC: 2 of 16, ~6 frames/s), and measures the second only (the first
 * of a run decodes against a stale overlap and may peak wrongly): enough
 * for the once-a-second figures and the silence warning, an eighth of the
 * decoding. */
#define LEVEL_RUN            2
#define LEVEL_EVERY          16
/* Kept in the folder while recording and deleted at the end, so the final
 * manifest can still be written when the disk filled up to the last byte. */
#define RESERVE_NAME         ".plenary-reserve"
#define RESERVE_BYTES        (64 * 1024)

typedef enum
{
  AFTER_RETRY,
  AFTER_STOP,
  AFTER_FAIL,
} AfterClose;

typedef struct _Connection Connection;

typedef struct
{
  Connection *conn;
  gboolean    video;
  GstSegment  segment;          /* streaming thread only */
  GstBuffer  *last_audio;       /* streaming thread only: the last one recorded */
} Stream;

struct _Connection
{
  PlnRecorder  *recorder;       /* unowned: the recorder outlives it */
  guint         serial;
  GstElement   *pipeline;
  GstElement   *source;
  GstElement   *splitmux;
  GSource      *bus_source;
  gboolean      static_pads;
  gboolean      threaded_streams;   /* each stream pushed from its own thread */
  char         *dir;           /* the recording folder, for format-location */

  GMutex        lock;           /* guards everything below up to the marker */
  GPtrArray    *heads;          /* GstPad: first sink pad of each branch */
  GArray       *blocks;         /* gulong probe ids on the source's pads */
  GPtrArray    *blocked_pads;
  gboolean      has_video;
  gboolean      has_audio;
  gboolean      video_passthrough;
  gboolean      audio_passthrough;
  char         *unsupported;
  GstClockTime  first_keyframe_rt;
  gint64        first_buffer_real;
  gint64        last_buffer_mono;
  GstClockTime  first_rt;
  GstClockTime  last_rt;
  guint64       in_bytes;
  guint64       video_frames;
  guint         next_index;     /* segment file index for format-location */
  gboolean      detached;       /* torn down: streaming threads leave the recorder alone */
  /* riding out a silence on a connection that stays up (SRT) */
  gboolean      riding_out;     /* set by the watchdog, cleared when media is back */
  gboolean      ride_failed;    /* what came back cannot follow on (a new stream) */
  guint         ride_lag_skips; /* keyframes skipped as stragglers */
  gboolean      ride_audio_sent; /* the audio that lets the muxer close the video's last GOP */
  gboolean      caller_gone;    /* srtsrc: the caller's connection ended */
  GstClockTime  ride_last_rt;   /* end of the last buffer before the silence */
  gint64        ride_last_mono; /* … and when it came */
  gint64        resume_real;    /* the first keyframe after it, on the wall clock */
  GstClockTime  resume_rt;      /* … and in running time */
  gboolean      resume_pending; /* the next segment opened starts after a gap */
  /* end of locked fields */

  gint64        ride_mono;      /* when the ride-out began (main context) */

  gint64        attempt_mono;
  gboolean      first_segment_seen;
  GstClockTime  conn_first_rt;
  gint64        conn_start_ms;
  gboolean      segment_open;
  GstClockTime  segment_open_rt;
  gint64        segment_start_ms;
  char         *segment_path;
  guint64       frames_dropped;
  gboolean      streams_written;

  gboolean      classifying;
  gboolean      closing;
  gboolean      eos_seen;
  AfterClose    after;
  guint         eos_timeout_id;
  gboolean      tearing_down;   /* its pipeline goes to NULL on the teardown thread */
  guint         teardown_timeout_id;
};

struct _PlnRecorder
{
  GObject           parent_instance;

  PlnSource        *source;
  char             *dir;
  GMainContext     *context;
  PlnManifest      *manifest;
  PlnDiskGuard     *guard;
  PlnPreviewTap    *tap;

  guint             segment_seconds;
  guint             stall_timeout_ms;
  guint             give_up_seconds;
  guint64           min_free_bytes;
  PlnEncodePreset   preset;
  guint             video_bitrate;

  PlnRecorderState  state;
  GError           *error;
  GError           *pending_error;

  Connection       *conn;
  guint             serial;
  guint             retry_id;
  guint             retry_delay_ms;
  guint             initial_failures;
  guint             peer_check_id;
  GCancellable     *peer_check_cancellable;   /* the check in flight, if any */
  gboolean          retry_after_check;        /* the last attempt came from a check */
  guint             watchdog_id;
  guint             stats_id;
  gboolean          stopping;

  /* timeline */
  gint64            started_real;   /* µs, 0 until the first buffer */
  gint64            ended_real;
  gint64            media_end_ms;
  gint64            lost_mono;
  gboolean          gap_pending;
  gint64            gap_start_ms;
  char             *gap_reason;
  char             *last_attempt_error;
  guint64           closed_bytes;

  /* stats */
  guint64           last_in_bytes;
  guint64           last_video_frames;
  gint64            last_stats_mono;
  guint             stats_ticks;
  guint             n_channels;
  double            level_db[PLN_RECORDER_MAX_CHANNELS];
};

enum {
  SEGMENT_OPENED,
  SEGMENT_CLOSED,
  STATS,
  ERROR,
  N_SIGNALS
};

extern guint _pln_recorder_signals[N_SIGNALS];

void
_pln_recorder_set_str (char       **str_pointer,
                       const char  *new_str);

void
_pln_recorder_set_state (PlnRecorder      *self,
                         PlnRecorderState  state);

void
_pln_recorder_save_manifest (PlnRecorder *self);

gint64
_pln_recorder_now_ms_on_timeline (PlnRecorder *self);

char *
_pln_recorder_format_hms (gint64 ms);

GDateTime *
_pln_recorder_date_time_from_real (gint64 real_us);

char *
_pln_recorder_on_splitmux_format_location_cb (GstElement *splitmux,
                                              guint       fragment_id,
                                              Connection *conn);

GstElement *
_pln_recorder_make (const char  *factory,
                    GError     **error);

gboolean
_pln_recorder_link_stream (Connection  *conn,
                           GstPad      *pad,
                           GError     **error);

void
_pln_recorder_on_source_no_more_pads_cb (GstElement *source,
                                         Connection *conn);

void
_pln_recorder_on_source_pad_added_cb (GstElement *source,
                                      GstPad     *pad,
                                      Connection *conn);

guint64
_pln_recorder_file_size (const char *path);

void
_pln_recorder_truncate_to_complete_boxes (const char *path);

void
_pln_recorder_on_fragment_opened (PlnRecorder  *self,
                                  Connection   *conn,
                                  const char   *location,
                                  GstClockTime  rt);

void
_pln_recorder_close_segment (PlnRecorder  *self,
                             Connection   *conn,
                             GstClockTime  rt);

void
_pln_recorder_connection_dispose (Connection *conn);

void
_pln_recorder_close_connection (PlnRecorder *self,
                                AfterClose   after,
                                gboolean     immediate);

void
_pln_recorder_connect_source (PlnRecorder *self);

void
_pln_recorder_stop_timers (PlnRecorder *self);

void
_pln_recorder_finish (PlnRecorder *self,
                      GError      *error);

void
_pln_recorder_schedule_retry (PlnRecorder *self);

void
_pln_recorder_fail (PlnRecorder *self,
                    GError      *error);

void
_pln_recorder_disk_full (PlnRecorder *self,
                         gboolean     immediate);

void
_pln_recorder_give_up (PlnRecorder *self,
                       const char  *reason);

void
_pln_recorder_connection_lost (PlnRecorder *self,
                               const char  *reason);

void
_pln_recorder_classify_and_lose (PlnRecorder *self,
                                 const char  *fallback);

void
_pln_recorder_handle_level (PlnRecorder        *self,
                            const GstStructure *s);

gboolean
_pln_recorder_on_watchdog_cb (gpointer user_data);

gboolean
_pln_recorder_on_stats_cb (gpointer user_data);

void
_pln_recorder_on_guard_low_cb (PlnDiskGuard *guard,
                               guint64       free_bytes,
                               PlnRecorder  *self);

G_END_DECLS
