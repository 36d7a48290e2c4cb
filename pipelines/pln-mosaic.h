/* pln-mosaic.h: the site feeds side by side in one picture, for a wall of
 * previews. */
#pragma once

#include "pln-preview-tap.h"

G_BEGIN_DECLS

#define PLN_TYPE_MOSAIC (pln_mosaic_get_type ())
G_DECLARE_FINAL_TYPE (PlnMosaic, pln_mosaic, PLN, MOSAIC, GObject)

PlnMosaic *pln_mosaic_new        (guint          columns,
                                  guint          tile_width,
                                  guint          tile_height);
guint      pln_mosaic_add_tap    (PlnMosaic     *self,
                                  PlnPreviewTap *tap);
void       pln_mosaic_remove_tap (PlnMosaic     *self,
                                  PlnPreviewTap *tap);
guint      pln_mosaic_get_n_taps (PlnMosaic     *self);
GBytes    *pln_mosaic_dup_frame  (PlnMosaic     *self,
                                  int           *width,
                                  int           *height,
                                  int           *stride);

G_END_DECLS
