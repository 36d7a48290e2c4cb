/* pln-source.h: where a feed comes from, parsed from a URI. */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

/**
 * PlnSourceKind:
 *
 * The kinds of URI the engine opens.
 */
typedef enum
{
  PLN_SOURCE_KIND_RTSP,
  PLN_SOURCE_KIND_SRT,
  PLN_SOURCE_KIND_RTMP,
  PLN_SOURCE_KIND_HLS,
  PLN_SOURCE_KIND_FILE,
  PLN_SOURCE_KIND_V4L2,
  PLN_SOURCE_KIND_PULSE,
  PLN_SOURCE_KIND_TEST,
  PLN_SOURCE_KIND_MOSAIC,
} PlnSourceKind;

#define PLN_TYPE_SOURCE (pln_source_get_type ())
G_DECLARE_FINAL_TYPE (PlnSource, pln_source, PLN, SOURCE, GObject)

PlnSource     *pln_source_new                (const char  *uri,
                                              GError     **error);
const char    *pln_source_get_uri            (PlnSource   *self);
const char    *pln_source_get_display_uri    (PlnSource   *self);
const char    *pln_source_get_label          (PlnSource   *self);
PlnSourceKind  pln_source_get_kind           (PlnSource   *self);
gboolean       pln_source_is_live            (PlnSource   *self);
gboolean       pln_source_ends_on_eos        (PlnSource   *self);
guint          pln_source_get_min_stall_ms   (PlnSource   *self);
GstElement    *pln_source_create_element     (PlnSource   *self,
                                              GError     **error);
GstCaps       *pln_source_get_stop_caps      (void);
gboolean       pln_source_uses_own_rtsp_receiver (PlnSource *self);

char          *pln_uri_strip_credentials     (const char  *uri);

G_END_DECLS
