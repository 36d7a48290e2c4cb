/* pln-packager.h: turns a recording folder into files to publish. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum /*< flags >*/
{
  PLN_PACKAGE_MP4   = 1 << 0,   /* one MP4, index in front, the gaps closed */
  PLN_PACKAGE_HLS   = 1 << 1,   /* a byte-range playlist over the segments */
  PLN_PACKAGE_LOW   = 1 << 2,   /* a 360p MP4 at about 500 kbit/s */
  PLN_PACKAGE_AUDIO = 1 << 3,   /* an M4A with the AAC copied out */
} PlnPackageOutputs;

#define PLN_PACKAGE_LOW_BITRATE_KBPS 500
#define PLN_PACKAGE_LOW_HEIGHT 360

#define PLN_TYPE_PACKAGER (pln_packager_get_type ())
G_DECLARE_FINAL_TYPE (PlnPackager, pln_packager, PLN, PACKAGER, GObject)

PlnPackager        *pln_packager_new           (const char           *recording_dir,
                                                const char           *out_dir,
                                                PlnPackageOutputs     outputs);
const char         *pln_packager_get_recording_dir (PlnPackager      *self);
const char         *pln_packager_get_out_dir   (PlnPackager          *self);
PlnPackageOutputs   pln_packager_get_outputs   (PlnPackager          *self);
void                pln_packager_set_trim      (PlnPackager          *self,
                                                gint64                start_ms,
                                                gint64                end_ms);
void                pln_packager_add_chapter   (PlnPackager          *self,
                                                gint64                at_ms,
                                                const char           *title);
double              pln_packager_get_progress  (PlnPackager          *self);

gboolean            pln_packager_run           (PlnPackager          *self,
                                                GCancellable         *cancellable,
                                                GError              **error);
void                pln_packager_run_async     (PlnPackager          *self,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean            pln_packager_run_finish    (PlnPackager          *self,
                                                GAsyncResult         *result,
                                                GError              **error);

const char * const *pln_packager_get_files     (PlnPackager          *self);
double              pln_packager_get_duration  (PlnPackager          *self);

G_END_DECLS
