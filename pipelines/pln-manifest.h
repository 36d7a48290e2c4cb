/* pln-manifest.h: the manifest.ini of a recording folder.
 *
 * A recording is a folder with manifest.ini (a GKeyFile) and fragmented MP4
 * segments. The recorder keeps the manifest; the packager and the services
 * read it. Nothing is written to disk until pln_manifest_save(), which
 * replaces the file atomically.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PLN_MANIFEST_ERROR (pln_manifest_error_quark ())

typedef enum
{
  PLN_MANIFEST_ERROR_READ,
  PLN_MANIFEST_ERROR_INVALID,
  PLN_MANIFEST_ERROR_TOO_NEW,
  PLN_MANIFEST_ERROR_WRITE,
} PlnManifestError;

typedef enum
{
  PLN_MANIFEST_STATE_RECORDING,
  PLN_MANIFEST_STATE_STOPPED,
  PLN_MANIFEST_STATE_FAILED,
} PlnManifestState;

#define PLN_MANIFEST_VERSION 1
#define PLN_MANIFEST_FILENAME "manifest.ini"

/* One fragmented MP4 file of the recording. All times are milliseconds on
 * the recording's wall-clock timeline (0 = started). */
typedef struct
{
  char     *file;         /* name inside the folder, "segment-00000.mp4" */
  gint64    start_ms;     /* offset of its first frame */
  gint64    duration_ms;  /* media duration, 0 while open */
  guint64   bytes;
  gboolean  closed;
} PlnManifestSegment;

/* A lost link: no media between start_ms and end_ms. */
typedef struct
{
  gint64  start_ms;
  gint64  end_ms;
  char   *reason;
} PlnManifestGap;

typedef struct
{
  gint64  at_ms;
  char   *title;
} PlnManifestChapter;

#define PLN_TYPE_MANIFEST (pln_manifest_get_type ())
G_DECLARE_FINAL_TYPE (PlnManifest, pln_manifest, PLN, MANIFEST, GObject)

GQuark       pln_manifest_error_quark        (void);

PlnManifest *pln_manifest_new                (const char        *dir,
                                              const char        *source);
PlnManifest *pln_manifest_load               (const char        *dir_or_file,
                                              GError           **error);
gboolean     pln_manifest_save               (PlnManifest       *self,
                                              GError           **error);

const char  *pln_manifest_get_dir            (PlnManifest       *self);
char        *pln_manifest_dup_path           (PlnManifest       *self);
char        *pln_manifest_dup_segment_path   (PlnManifest       *self,
                                              guint              index);

const char  *pln_manifest_get_source         (PlnManifest       *self);
void         pln_manifest_set_source         (PlnManifest       *self,
                                              const char        *source);
GDateTime   *pln_manifest_get_started        (PlnManifest       *self);
void         pln_manifest_set_started        (PlnManifest       *self,
                                              GDateTime         *started);
GDateTime   *pln_manifest_get_ended          (PlnManifest       *self);
void         pln_manifest_set_ended          (PlnManifest       *self,
                                              GDateTime         *ended);
PlnManifestState pln_manifest_get_state      (PlnManifest       *self);
void         pln_manifest_set_state          (PlnManifest       *self,
                                              PlnManifestState   state);
const char  *pln_manifest_get_error          (PlnManifest       *self);
void         pln_manifest_set_error          (PlnManifest       *self,
                                              const char        *message);
void         pln_manifest_set_streams        (PlnManifest       *self,
                                              const char        *video,
                                              const char        *audio,
                                              gboolean           passthrough);
const char  *pln_manifest_get_video          (PlnManifest       *self);
const char  *pln_manifest_get_audio          (PlnManifest       *self);
gboolean     pln_manifest_get_passthrough    (PlnManifest       *self);

const PlnManifestSegment *pln_manifest_add_segment   (PlnManifest *self,
                                                      gint64       start_ms);
gboolean     pln_manifest_update_segment     (PlnManifest       *self,
                                              gint64             duration_ms,
                                              guint64            bytes);
gboolean     pln_manifest_close_segment      (PlnManifest       *self,
                                              gint64             duration_ms,
                                              guint64            bytes);
gboolean     pln_manifest_drop_open_segment  (PlnManifest       *self);
const PlnManifestGap *pln_manifest_add_gap   (PlnManifest       *self,
                                              gint64             start_ms,
                                              gint64             end_ms,
                                              const char        *reason);
const PlnManifestChapter *pln_manifest_add_chapter   (PlnManifest *self,
                                                      gint64       at_ms,
                                                      const char  *title);

guint        pln_manifest_get_n_segments     (PlnManifest       *self);
const PlnManifestSegment *pln_manifest_get_segment   (PlnManifest *self,
                                                      guint        index);
guint        pln_manifest_get_n_gaps         (PlnManifest       *self);
const PlnManifestGap *pln_manifest_get_gap   (PlnManifest       *self,
                                              guint              index);
guint        pln_manifest_get_n_chapters     (PlnManifest       *self);
const PlnManifestChapter *pln_manifest_get_chapter   (PlnManifest *self,
                                                      guint        index);

gint64       pln_manifest_get_media_duration_ms (PlnManifest    *self);
gint64       pln_manifest_get_wall_duration_ms  (PlnManifest    *self);

const char  *pln_manifest_state_to_string    (PlnManifestState   state);

G_END_DECLS
