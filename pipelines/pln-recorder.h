/* pln-recorder.h: records one source into a folder of fragmented MP4
 * segments with a manifest, through link losses. */
#pragma once

#include <gst/gst.h>

#include "pln-manifest.h"
#include "pln-preview-tap.h"
#include "pln-recorder-enums.h"
#include "pln-recorder-error.h"
#include "pln-source.h"

G_BEGIN_DECLS

#define PLN_RECORDER_MAX_CHANNELS 8

/**
 * PlnRecorderStats:
 * @bitrate_kbps: media entering the files, kbit/s over the last second
 * @fps: video frames per second over the last second
 * @frames_dropped: frames lost so far (QoS)
 * @elapsed_ms: wall time since the recording started
 * @bytes_written: bytes in the segment files so far
 * @n_channels: how many values @level_db holds
 * @level_db: peak audio level per channel, dB (−100 for silence)
 *
 * What the recorder reports once a second.
 */
typedef struct
{
  double   bitrate_kbps;
  double   fps;
  guint64  frames_dropped;
  gint64   elapsed_ms;
  guint64  bytes_written;
  guint    n_channels;
  double   level_db[PLN_RECORDER_MAX_CHANNELS];
} PlnRecorderStats;

#define PLN_TYPE_RECORDER_STATS (pln_recorder_stats_get_type ())
GType pln_recorder_stats_get_type (void) G_GNUC_CONST;

#define PLN_TYPE_RECORDER (pln_recorder_get_type ())
G_DECLARE_FINAL_TYPE (PlnRecorder, pln_recorder, PLN, RECORDER, GObject)

PlnRecorder      *pln_recorder_new                 (PlnSource     *source,
                                                    const char    *dir);
PlnSource        *pln_recorder_get_source          (PlnRecorder   *self);
const char       *pln_recorder_get_dir             (PlnRecorder   *self);
PlnManifest      *pln_recorder_get_manifest        (PlnRecorder   *self);
PlnPreviewTap    *pln_recorder_get_preview_tap     (PlnRecorder   *self);
PlnRecorderState  pln_recorder_get_state           (PlnRecorder   *self);
const GError     *pln_recorder_get_error           (PlnRecorder   *self);

guint             pln_recorder_get_segment_seconds (PlnRecorder   *self);
void              pln_recorder_set_segment_seconds (PlnRecorder   *self,
                                                    guint          seconds);
guint             pln_recorder_get_stall_timeout_ms (PlnRecorder  *self);
void              pln_recorder_set_stall_timeout_ms (PlnRecorder  *self,
                                                    guint          ms);
guint             pln_recorder_get_give_up_seconds (PlnRecorder   *self);
void              pln_recorder_set_give_up_seconds (PlnRecorder   *self,
                                                    guint          seconds);
guint64           pln_recorder_get_min_free_bytes  (PlnRecorder   *self);
void              pln_recorder_set_min_free_bytes  (PlnRecorder   *self,
                                                    guint64        bytes);
PlnEncodePreset   pln_recorder_get_preset          (PlnRecorder   *self);
void              pln_recorder_set_preset          (PlnRecorder   *self,
                                                    PlnEncodePreset preset);
guint             pln_recorder_get_video_bitrate   (PlnRecorder   *self);
void              pln_recorder_set_video_bitrate   (PlnRecorder   *self,
                                                    guint          kbps);

gboolean          pln_recorder_start               (PlnRecorder   *self,
                                                    GError       **error);
void              pln_recorder_stop                (PlnRecorder   *self);
gboolean          pln_recorder_mark_chapter        (PlnRecorder   *self,
                                                    const char    *title,
                                                    GError       **error);

gboolean          pln_recorder_is_passthrough      (PlnRecorder   *self);
guint             pln_recorder_count_encoders      (PlnRecorder   *self);
gint64            pln_recorder_get_elapsed_ms      (PlnRecorder   *self);
gint64            pln_recorder_get_media_ms        (PlnRecorder   *self);

G_END_DECLS
