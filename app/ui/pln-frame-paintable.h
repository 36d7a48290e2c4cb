/* pln-frame-paintable.h: a GdkPaintable showing the latest preview frame of
 * the engine's preview tap (GTK 4.8 has no gtk4paintablesink). */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PLN_TYPE_FRAME_PAINTABLE (pln_frame_paintable_get_type ())
G_DECLARE_FINAL_TYPE (PlnFramePaintable, pln_frame_paintable, PLN, FRAME_PAINTABLE, GObject)

PlnFramePaintable *pln_frame_paintable_new          (void);
/* Shows @bytes: BGRA pixels, @stride bytes per row (the tap's ::frame). */
void               pln_frame_paintable_push         (PlnFramePaintable *self,
                                                     GBytes            *bytes,
                                                     int                width,
                                                     int                height,
                                                     int                stride);
/* Forgets the frame: nothing is drawn. */
void               pln_frame_paintable_clear        (PlnFramePaintable *self);
gboolean           pln_frame_paintable_has_frame    (PlnFramePaintable *self);
/* How many frames were pushed since it was made. */
guint64            pln_frame_paintable_get_n_frames (PlnFramePaintable *self);

G_END_DECLS
