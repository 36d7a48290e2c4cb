/* pln-frame-paintable.c: see pln-frame-paintable.h.
 *
 * Each frame is wrapped in a GdkMemoryTexture without a copy (the GBytes
 * keeps the mapped GStreamer buffer alive until the texture goes); the
 * paintable swaps it in and asks for a redraw. The picture's shape comes
 * from the frames; before the first one the paintable has no size. */
#define G_LOG_DOMAIN "plenary-frame-paintable"

#include "config.h"

#include "pln-frame-paintable.h"

struct _PlnFramePaintable
{
  GObject     parent_instance;

  GdkTexture *texture;
  guint64     n_frames;
};

static void pln_frame_paintable_iface_init (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PlnFramePaintable, pln_frame_paintable, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE, pln_frame_paintable_iface_init))

/* ---- GdkPaintable ------------------------------------------------------- */

static void
pln_frame_paintable_snapshot (GdkPaintable *paintable,
                              GdkSnapshot  *snapshot,
                              double        width,
                              double        height)
{
  PlnFramePaintable *self = PLN_FRAME_PAINTABLE (paintable);

  if (self->texture != NULL)
    gdk_paintable_snapshot (GDK_PAINTABLE (self->texture), snapshot, width, height);
}

static GdkPaintable *
pln_frame_paintable_get_current_image (GdkPaintable *paintable)
{
  PlnFramePaintable *self = PLN_FRAME_PAINTABLE (paintable);

  if (self->texture != NULL)
    return g_object_ref (GDK_PAINTABLE (self->texture));
  return gdk_paintable_new_empty (0, 0);
}

static int
pln_frame_paintable_get_intrinsic_width (GdkPaintable *paintable)
{
  PlnFramePaintable *self = PLN_FRAME_PAINTABLE (paintable);

  return self->texture != NULL ? gdk_texture_get_width (self->texture) : 0;
}

static int
pln_frame_paintable_get_intrinsic_height (GdkPaintable *paintable)
{
  PlnFramePaintable *self = PLN_FRAME_PAINTABLE (paintable);

  return self->texture != NULL ? gdk_texture_get_height (self->texture) : 0;
}

static void
pln_frame_paintable_iface_init (GdkPaintableInterface *iface)
{
  iface->snapshot = pln_frame_paintable_snapshot;
  iface->get_current_image = pln_frame_paintable_get_current_image;
  iface->get_intrinsic_width = pln_frame_paintable_get_intrinsic_width;
  iface->get_intrinsic_height = pln_frame_paintable_get_intrinsic_height;
}

/* ---- GObject ------------------------------------------------------------ */

static void
pln_frame_paintable_dispose (GObject *object)
{
  PlnFramePaintable *self = PLN_FRAME_PAINTABLE (object);

  g_clear_object (&self->texture);
  G_OBJECT_CLASS (pln_frame_paintable_parent_class)->dispose (object);
}

static void
pln_frame_paintable_class_init (PlnFramePaintableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pln_frame_paintable_dispose;
}

static void
pln_frame_paintable_init (PlnFramePaintable *self)
{
}

/* ---- Public API --------------------------------------------------------- */

PlnFramePaintable *
pln_frame_paintable_new (void)
{
  return g_object_new (PLN_TYPE_FRAME_PAINTABLE, NULL);
}

void
pln_frame_paintable_push (PlnFramePaintable *self,
                          GBytes            *bytes,
                          int                width,
                          int                height,
                          int                stride)
{
  gboolean resized;

  g_return_if_fail (PLN_IS_FRAME_PAINTABLE (self));
  g_return_if_fail (bytes != NULL);

  if (width <= 0 || height <= 0 || stride < width * 4 ||
      g_bytes_get_size (bytes) < (gsize) stride * (gsize) height)
    return;

  resized = self->texture == NULL ||
            gdk_texture_get_width (self->texture) != width ||
            gdk_texture_get_height (self->texture) != height;
  g_clear_object (&self->texture);
  self->texture = gdk_memory_texture_new (width, height, GDK_MEMORY_B8G8R8A8, bytes, (gsize) stride);
  self->n_frames++;

  if (resized)
    gdk_paintable_invalidate_size (GDK_PAINTABLE (self));
  gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));
}

void
pln_frame_paintable_clear (PlnFramePaintable *self)
{
  g_return_if_fail (PLN_IS_FRAME_PAINTABLE (self));

  if (self->texture == NULL)
    return;
  g_clear_object (&self->texture);
  gdk_paintable_invalidate_size (GDK_PAINTABLE (self));
  gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));
}

gboolean
pln_frame_paintable_has_frame (PlnFramePaintable *self)
{
  g_return_val_if_fail (PLN_IS_FRAME_PAINTABLE (self), FALSE);
  return self->texture != NULL;
}

guint64
pln_frame_paintable_get_n_frames (PlnFramePaintable *self)
{
  g_return_val_if_fail (PLN_IS_FRAME_PAINTABLE (self), 0);
  return self->n_frames;
}
