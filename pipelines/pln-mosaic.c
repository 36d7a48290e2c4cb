/* pln-mosaic.c: the site feeds side by side in one picture.
 *
 * Each feed keeps its own pipeline (its recorder's preview tap), so one
 * site's failure never stops the others: the mosaic only copies the small
 * BGRA preview frames into its tiles on the main context, scaling them to
 * the tile (nearest neighbour, keeping the picture's shape), and hands the
 * whole picture out at most 15 times a second. A tile whose feed sends
 * nothing keeps its last picture; an empty slot stays dark.
 */
#define G_LOG_DOMAIN "plenary-mosaic"

#include "config.h"

#include <string.h>

#include "pln-mosaic.h"

#define BACKGROUND 0x20
#define INTERVAL_MS (1000 / 15)

struct _PlnMosaic
{
  GObject    parent_instance;

  guint      columns;
  guint      tile_width;
  guint      tile_height;
  GPtrArray *taps;        /* PlnPreviewTap, NULL for a removed slot */
  guint8    *canvas;
  int        width;
  int        height;
  int        stride;
  gboolean   dirty;
  guint      timeout_id;
};

G_DEFINE_FINAL_TYPE (PlnMosaic, pln_mosaic, G_TYPE_OBJECT)

enum {
  FRAME,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
resize_canvas (PlnMosaic *self)
{
  guint n = MAX (self->taps->len, 1);
  guint rows = (n + self->columns - 1) / self->columns;
  int width = (int) (MIN (n, self->columns) * self->tile_width);
  int height = (int) (rows * self->tile_height);
  guint8 *canvas;

  if (width == self->width && height == self->height)
    return;

  canvas = g_malloc ((gsize) width * 4 * height);
  memset (canvas, BACKGROUND, (gsize) width * 4 * height);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      canvas[(gsize) y * width * 4 + x * 4 + 3] = 0xff;
  /* keep what the old tiles showed */
  if (self->canvas != NULL)
    for (int y = 0; y < MIN (height, self->height); y++)
      memcpy (canvas + (gsize) y * width * 4, self->canvas + (gsize) y * self->stride,
              (gsize) MIN (width, self->width) * 4);

  g_free (self->canvas);
  self->canvas = canvas;
  self->width = width;
  self->height = height;
  self->stride = width * 4;
  self->dirty = TRUE;
}

static void
clear_tile (PlnMosaic *self,
            guint      index)
{
  int x0 = (int) ((index % self->columns) * self->tile_width);
  int y0 = (int) ((index / self->columns) * self->tile_height);

  for (guint y = 0; y < self->tile_height && y0 + (int) y < self->height; y++)
    {
      guint8 *row = self->canvas + (gsize) (y0 + y) * self->stride + x0 * 4;

      for (guint x = 0; x < self->tile_width; x++)
        {
          row[x * 4] = row[x * 4 + 1] = row[x * 4 + 2] = BACKGROUND;
          row[x * 4 + 3] = 0xff;
        }
    }
}

static void
on_tap_frame_cb (PlnPreviewTap *tap,
                 GBytes        *bytes,
                 int            width,
                 int            height,
                 int            stride,
                 PlnMosaic     *self)
{
  const guint8 *src = g_bytes_get_data (bytes, NULL);
  guint index;
  int x0, y0, w, h, ox, oy;

  if (!g_ptr_array_find (self->taps, tap, &index) || width <= 0 || height <= 0)
    return;

  /* fit the picture in the tile, keeping its shape */
  if ((gint64) width * self->tile_height > (gint64) height * self->tile_width)
    {
      w = (int) self->tile_width;
      h = MAX (1, (int) ((gint64) height * self->tile_width / width));
    }
  else
    {
      h = (int) self->tile_height;
      w = MAX (1, (int) ((gint64) width * self->tile_height / height));
    }
  x0 = (int) ((index % self->columns) * self->tile_width);
  y0 = (int) ((index / self->columns) * self->tile_height);
  ox = ((int) self->tile_width - w) / 2;
  oy = ((int) self->tile_height - h) / 2;

  clear_tile (self, index);
  for (int y = 0; y < h; y++)
    {
      const guint8 *src_row = src + (gsize) (y * height / h) * stride;
      guint8 *dst_row = self->canvas + (gsize) (y0 + oy + y) * self->stride + (x0 + ox) * 4;

      for (int x = 0; x < w; x++)
        memcpy (dst_row + x * 4, src_row + (gsize) (x * width / w) * 4, 4);
    }
  self->dirty = TRUE;
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  PlnMosaic *self = user_data;
  g_autoptr(GBytes) bytes = NULL;
  int width, height, stride;

  if (!self->dirty)
    return G_SOURCE_CONTINUE;
  bytes = pln_mosaic_dup_frame (self, &width, &height, &stride);
  g_signal_emit (self, signals[FRAME], 0, bytes, width, height, stride);
  return G_SOURCE_CONTINUE;
}

static void
pln_mosaic_dispose (GObject *object)
{
  PlnMosaic *self = PLN_MOSAIC (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->taps != NULL)
    for (guint i = 0; i < self->taps->len; i++)
      {
        PlnPreviewTap *tap = g_ptr_array_index (self->taps, i);

        if (tap != NULL)
          g_signal_handlers_disconnect_by_data (tap, self);
      }
  g_clear_pointer (&self->taps, g_ptr_array_unref);

  G_OBJECT_CLASS (pln_mosaic_parent_class)->dispose (object);
}

static void
pln_mosaic_finalize (GObject *object)
{
  PlnMosaic *self = PLN_MOSAIC (object);

  g_free (self->canvas);

  G_OBJECT_CLASS (pln_mosaic_parent_class)->finalize (object);
}

static void
pln_mosaic_class_init (PlnMosaicClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pln_mosaic_dispose;
  object_class->finalize = pln_mosaic_finalize;

  /**
   * PlnMosaic::frame:
   * @bytes: BGRA pixels of the whole mosaic, @stride bytes per row
   *
   * The mosaic changed; at most 15 times a second, on the main context.
   */
  signals[FRAME] = g_signal_new ("frame", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 4,
                                 G_TYPE_BYTES, G_TYPE_INT, G_TYPE_INT, G_TYPE_INT);
}

static void
unref_tap (gpointer tap)
{
  if (tap != NULL)
    g_object_unref (tap);
}

static void
pln_mosaic_init (PlnMosaic *self)
{
  self->taps = g_ptr_array_new_with_free_func (unref_tap);
}

/**
 * pln_mosaic_new:
 * @columns: tiles per row
 * @tile_width: width of one tile, pixels
 * @tile_height: height of one tile, pixels
 */
PlnMosaic *
pln_mosaic_new (guint columns,
                guint tile_width,
                guint tile_height)
{
  PlnMosaic *self = g_object_new (PLN_TYPE_MOSAIC, NULL);

  self->columns = CLAMP (columns, 1, 16);
  self->tile_width = CLAMP (tile_width, 16, 1920);
  self->tile_height = CLAMP (tile_height, 16, 1080);
  resize_canvas (self);
  self->timeout_id = g_timeout_add (INTERVAL_MS, on_timeout_cb, self);
  return self;
}

/**
 * pln_mosaic_add_tap:
 * @tap: a recorder's preview tap; the mosaic turns it on
 *
 * Returns: the tile index of the feed, in reading order.
 */
guint
pln_mosaic_add_tap (PlnMosaic     *self,
                    PlnPreviewTap *tap)
{
  g_return_val_if_fail (PLN_IS_MOSAIC (self), 0);
  g_return_val_if_fail (PLN_IS_PREVIEW_TAP (tap), 0);

  g_ptr_array_add (self->taps, g_object_ref (tap));
  g_signal_connect_object (tap, "frame", G_CALLBACK (on_tap_frame_cb), self, 0);
  pln_preview_tap_set_enabled (tap, TRUE);
  resize_canvas (self);
  return self->taps->len - 1;
}

/**
 * pln_mosaic_remove_tap:
 *
 * Stops showing the feed; its tile goes dark and the others keep their place.
 */
void
pln_mosaic_remove_tap (PlnMosaic     *self,
                       PlnPreviewTap *tap)
{
  guint index;

  g_return_if_fail (PLN_IS_MOSAIC (self));

  if (tap == NULL || !g_ptr_array_find (self->taps, tap, &index))
    return;
  g_signal_handlers_disconnect_by_data (tap, self);
  g_object_unref (g_ptr_array_index (self->taps, index));
  self->taps->pdata[index] = NULL;
  clear_tile (self, index);
  self->dirty = TRUE;
}

guint
pln_mosaic_get_n_taps (PlnMosaic *self)
{
  g_return_val_if_fail (PLN_IS_MOSAIC (self), 0);
  return self->taps->len;
}

/**
 * pln_mosaic_dup_frame:
 *
 * Returns: (transfer full): a copy of the current picture (BGRA).
 */
GBytes *
pln_mosaic_dup_frame (PlnMosaic *self,
                      int       *width,
                      int       *height,
                      int       *stride)
{
  g_return_val_if_fail (PLN_IS_MOSAIC (self), NULL);

  *width = self->width;
  *height = self->height;
  *stride = self->stride;
  self->dirty = FALSE;
  return g_bytes_new (self->canvas, (gsize) self->stride * self->height);
}
