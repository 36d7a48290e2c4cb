/* pln-preview-tap.h: small preview frames and audio levels for the UI. */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

#define PLN_TYPE_PREVIEW_TAP (pln_preview_tap_get_type ())
G_DECLARE_FINAL_TYPE (PlnPreviewTap, pln_preview_tap, PLN, PREVIEW_TAP, GObject)

PlnPreviewTap *pln_preview_tap_new          (void);
gboolean       pln_preview_tap_get_enabled  (PlnPreviewTap *self);
void           pln_preview_tap_set_enabled  (PlnPreviewTap *self,
                                             gboolean       enabled);
guint          pln_preview_tap_get_width    (PlnPreviewTap *self);
void           pln_preview_tap_set_width    (PlnPreviewTap *self,
                                             guint          width);
guint64        pln_preview_tap_get_n_frames (PlnPreviewTap *self);

G_END_DECLS
