/* pln-preview-tap-private.h: what the recorder uses to plug the tap in. */
#pragma once

#include "pln-preview-tap.h"

G_BEGIN_DECLS

GstElement *_pln_preview_tap_create_branch (PlnPreviewTap  *self,
                                            gboolean        decode_h264,
                                            GMainContext   *context,
                                            GError        **error);
void        _pln_preview_tap_push_levels   (PlnPreviewTap  *self,
                                            const double   *peak_db,
                                            guint           n_channels);

G_END_DECLS
