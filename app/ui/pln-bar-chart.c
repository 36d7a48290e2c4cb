/* pln-bar-chart.c: see pln-bar-chart.h. Drawn with cairo and Pango in the
 * widget's snapshot, in the theme's colours. */
#define G_LOG_DOMAIN "plenary-bar-chart"

#include "config.h"

#include "pln-bar-chart.h"

typedef struct
{
  char   *label;
  double  value;
  double  secondary;
  char   *value_text;
} Bar;

struct _PlnBarChart
{
  GtkWidget          parent_instance;

  PlnBarChartLayout  layout;
  GArray            *bars;  /* Bar */
  double             maximum;
  double             target;
  char              *target_label;
  char              *legend_primary;
  char              *legend_secondary;
};

G_DEFINE_FINAL_TYPE (PlnBarChart, pln_bar_chart, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LAYOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define ROW_HEIGHT     26.0
#define BAR_HEIGHT     16.0
#define GAP            8.0
#define LEGEND_HEIGHT  24.0
#define COLUMNS_HEIGHT 200
#define AXIS_HEIGHT    20.0

typedef struct
{
  GdkRGBA fg;
  GdkRGBA dim;
  GdkRGBA accent;
  GdkRGBA success;
  GdkRGBA target;
  GdkRGBA grid;
} Colors;

/* ---- Helpers ------------------------------------------------------------ */

static void
bar_clear (Bar *bar)
{
  g_free (bar->label);
  g_free (bar->value_text);
}

static void
lookup_color (GtkWidget  *widget,
              const char *name,
              const char *fallback,
              GdkRGBA    *rgba)
{
  if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), name, rgba))
    gdk_rgba_parse (rgba, fallback);
}

static void
get_colors (GtkWidget *widget,
            Colors    *colors)
{
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &colors->fg);
  colors->dim = colors->fg;
  colors->dim.alpha = 0.6;
  colors->grid = colors->fg;
  colors->grid.alpha = 0.1;
  lookup_color (widget, "accent_bg_color", "#3584e4", &colors->accent);
  lookup_color (widget, "success_bg_color", "#26a269", &colors->success);
  lookup_color (widget, "warning_color", "#c64600", &colors->target);
}

static double
scale_maximum (PlnBarChart *self)
{
  double max = self->maximum;

  if (max > 0)
    return max;
  for (guint i = 0; i < self->bars->len; i++)
    {
      const Bar *bar = &g_array_index (self->bars, Bar, i);

      max = MAX (max, MAX (bar->value, bar->secondary));
    }
  if (self->target > max)
    max = self->target;
  return max > 0 ? max : 1;
}

static gboolean
bar_reaches_target (PlnBarChart *self,
                    const Bar   *bar)
{
  return self->target > 0 && bar->value + 1e-9 >= self->target;
}

static double
text_width (PangoLayout *layout,
            const char  *text)
{
  int width = 0;

  pango_layout_set_width (layout, -1);
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

/* Draws @text with its top left corner at (@x, @y), cut to @max_width
 * with an ellipsis (-1: as wide as it is); aligned right ends at @x. */
static void
draw_text (cairo_t        *cr,
           PangoLayout    *layout,
           const char     *text,
           double          x,
           double          y,
           double          max_width,
           gboolean        right,
           const GdkRGBA  *color)
{
  int width = 0, height = 0;

  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_width (layout, max_width > 0 ? (int) (max_width * PANGO_SCALE) : -1);
  pango_layout_get_pixel_size (layout, &width, &height);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_move_to (cr, right ? x - width : x, y);
  pango_cairo_show_layout (cr, layout);
}

static double
line_height (PangoLayout *layout)
{
  int height = 0;

  pango_layout_set_text (layout, "Ág", -1);
  pango_layout_get_pixel_size (layout, NULL, &height);
  return height;
}

static void
draw_legend (PlnBarChart  *self,
             cairo_t      *cr,
             PangoLayout  *layout,
             const Colors *colors,
             double        y)
{
  double x = 0;
  double text_h = line_height (layout);
  const char *texts[] = { self->legend_primary, self->legend_secondary };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      GdkRGBA swatch = colors->accent;

      if (texts[i] == NULL || *texts[i] == '\0')
        continue;
      if (i == 1)
        swatch.alpha = 0.35;
      gdk_cairo_set_source_rgba (cr, &swatch);
      cairo_rectangle (cr, x, y + (LEGEND_HEIGHT - 12) / 2, 12, 12);
      cairo_fill (cr);
      x += 18;
      draw_text (cr, layout, texts[i], x, y + (LEGEND_HEIGHT - text_h) / 2, -1, FALSE, &colors->dim);
      x += text_width (layout, texts[i]) + 18;
    }
  if (self->target > 0 && self->target_label != NULL)
    {
      gdk_cairo_set_source_rgba (cr, &colors->target);
      cairo_set_line_width (cr, 2);
      cairo_set_dash (cr, (double[]) { 4, 3 }, 2, 0);
      cairo_move_to (cr, x + 6, y + 4);
      cairo_line_to (cr, x + 6, y + LEGEND_HEIGHT - 4);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      draw_text (cr, layout, self->target_label, x + 14, y + (LEGEND_HEIGHT - text_h) / 2, -1, FALSE, &colors->dim);
    }
}

static gboolean
has_legend (PlnBarChart *self)
{
  return (self->legend_primary != NULL && *self->legend_primary != '\0') ||
         (self->target > 0 && self->target_label != NULL);
}

static void
draw_bars (PlnBarChart  *self,
           cairo_t      *cr,
           PangoLayout  *layout,
           const Colors *colors,
           double        width)
{
  double max = scale_maximum (self);
  double label_w = 0, value_w = 0;
  double text_h = line_height (layout);
  double bar_x, bar_w;

  for (guint i = 0; i < self->bars->len; i++)
    {
      const Bar *bar = &g_array_index (self->bars, Bar, i);

      label_w = MAX (label_w, text_width (layout, bar->label));
      value_w = MAX (value_w, text_width (layout, bar->value_text));
    }
  label_w = MIN (label_w, width * 0.38);
  bar_x = label_w + GAP;
  bar_w = width - bar_x - (value_w > 0 ? value_w + GAP : 0);
  if (bar_w < 20)
    return;

  for (guint i = 0; i < self->bars->len; i++)
    {
      const Bar *bar = &g_array_index (self->bars, Bar, i);
      double y = i * ROW_HEIGHT;
      double bar_y = y + (ROW_HEIGHT - BAR_HEIGHT) / 2;
      GdkRGBA fill = bar_reaches_target (self, bar) ? colors->success : colors->accent;
      GdkRGBA light = colors->accent;

      light.alpha = 0.3;
      draw_text (cr, layout, bar->label, 0, y + (ROW_HEIGHT - text_h) / 2, label_w, FALSE, &colors->fg);

      gdk_cairo_set_source_rgba (cr, &colors->grid);
      cairo_rectangle (cr, bar_x, bar_y, bar_w, BAR_HEIGHT);
      cairo_fill (cr);
      if (bar->secondary > 0)
        {
          gdk_cairo_set_source_rgba (cr, &light);
          cairo_rectangle (cr, bar_x, bar_y, bar_w * MIN (bar->secondary / max, 1.0), BAR_HEIGHT);
          cairo_fill (cr);
        }
      gdk_cairo_set_source_rgba (cr, &fill);
      cairo_rectangle (cr, bar_x, bar_y + BAR_HEIGHT * 0.2,
                       bar_w * MIN (bar->value / max, 1.0), BAR_HEIGHT * 0.6);
      cairo_fill (cr);

      if (bar->value_text != NULL)
        draw_text (cr, layout, bar->value_text, width, y + (ROW_HEIGHT - text_h) / 2, -1, TRUE, &colors->dim);
    }

  if (self->target > 0)
    {
      double x = round (bar_x + bar_w * MIN (self->target / max, 1.0)) + 0.5;

      gdk_cairo_set_source_rgba (cr, &colors->target);
      cairo_set_line_width (cr, 2);
      cairo_set_dash (cr, (double[]) { 4, 3 }, 2, 0);
      cairo_move_to (cr, x, 0);
      cairo_line_to (cr, x, self->bars->len * ROW_HEIGHT);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }

  if (has_legend (self))
    draw_legend (self, cr, layout, colors, self->bars->len * ROW_HEIGHT + GAP);
}

static void
draw_columns (PlnBarChart  *self,
              cairo_t      *cr,
              PangoLayout  *layout,
              const Colors *colors,
              double        width,
              double        height)
{
  double max = scale_maximum (self);
  double text_h = line_height (layout);
  double top = text_h + 4;
  double bottom = height - AXIS_HEIGHT - (has_legend (self) ? LEGEND_HEIGHT + GAP : 0);
  double plot_h = bottom - top;
  guint n = self->bars->len;
  double slot, label_w = 0;
  guint label_every = 1;

  if (n == 0 || plot_h < 20)
    return;
  slot = width / n;
  for (guint i = 0; i < n; i++)
    label_w = MAX (label_w, text_width (layout, g_array_index (self->bars, Bar, i).label));
  while (label_every * slot < label_w + 6 && label_every < n)
    label_every++;

  gdk_cairo_set_source_rgba (cr, &colors->grid);
  cairo_rectangle (cr, 0, bottom, width, 1);
  cairo_fill (cr);

  for (guint i = 0; i < n; i++)
    {
      const Bar *bar = &g_array_index (self->bars, Bar, i);
      double col_w = MAX (slot * 0.7, 2);
      double x = i * slot + (slot - col_w) / 2;
      GdkRGBA fill = bar_reaches_target (self, bar) ? colors->success : colors->accent;
      GdkRGBA light = colors->accent;
      double h;

      light.alpha = 0.3;
      if (bar->secondary > 0)
        {
          h = plot_h * MIN (bar->secondary / max, 1.0);
          gdk_cairo_set_source_rgba (cr, &light);
          cairo_rectangle (cr, x, bottom - h, col_w, h);
          cairo_fill (cr);
        }
      h = plot_h * MIN (bar->value / max, 1.0);
      gdk_cairo_set_source_rgba (cr, &fill);
      cairo_rectangle (cr, x + col_w * 0.2, bottom - h, col_w * 0.6, h);
      cairo_fill (cr);

      if (bar->value_text != NULL && text_width (layout, bar->value_text) + 2 <= slot)
        {
          double tw = text_width (layout, bar->value_text);
          double top_of = bottom - plot_h * MIN (MAX (bar->value, bar->secondary) / max, 1.0);

          draw_text (cr, layout, bar->value_text, i * slot + (slot - tw) / 2,
                     MAX (top_of - text_h - 2, 0), -1, FALSE, &colors->dim);
        }
      if (i % label_every == 0)
        {
          double tw = text_width (layout, bar->label);

          draw_text (cr, layout, bar->label, i * slot + (slot - tw) / 2,
                     bottom + (AXIS_HEIGHT - text_h) / 2 + 2, -1, FALSE, &colors->dim);
        }
    }

  if (self->target > 0)
    {
      double y = round (bottom - plot_h * MIN (self->target / max, 1.0)) + 0.5;

      gdk_cairo_set_source_rgba (cr, &colors->target);
      cairo_set_line_width (cr, 2);
      cairo_set_dash (cr, (double[]) { 4, 3 }, 2, 0);
      cairo_move_to (cr, 0, y);
      cairo_line_to (cr, width, y);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }

  if (has_legend (self))
    draw_legend (self, cr, layout, colors, height - LEGEND_HEIGHT);
}

static void
changed (PlnBarChart *self)
{
  gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ---- Overrides ---------------------------------------------------------- */

static void
pln_bar_chart_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  PlnBarChart *self = PLN_BAR_CHART (widget);
  double legend = has_legend (self) ? LEGEND_HEIGHT + GAP : 0;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 200;
      *natural = self->layout == PLN_BAR_CHART_COLUMNS ? MAX (400, (int) self->bars->len * 24) : 480;
    }
  else if (self->layout == PLN_BAR_CHART_COLUMNS)
    {
      *minimum = *natural = COLUMNS_HEIGHT;
    }
  else
    {
      *minimum = *natural = (int) ceil (self->bars->len * ROW_HEIGHT + legend);
    }
}

static void
pln_bar_chart_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  PlnBarChart *self = PLN_BAR_CHART (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  g_autoptr(PangoLayout) layout = NULL;
  Colors colors;
  cairo_t *cr;

  if (width <= 0 || height <= 0 || self->bars->len == 0)
    return;

  get_colors (widget, &colors);
  layout = gtk_widget_create_pango_layout (widget, NULL);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (self->layout == PLN_BAR_CHART_COLUMNS)
    draw_columns (self, cr, layout, &colors, width, height);
  else
    draw_bars (self, cr, layout, &colors, width);
  cairo_destroy (cr);
}

static void
pln_bar_chart_finalize (GObject *object)
{
  PlnBarChart *self = (PlnBarChart *)object;

  g_clear_pointer (&self->bars, g_array_unref);
  g_free (self->target_label);
  g_free (self->legend_primary);
  g_free (self->legend_secondary);

  G_OBJECT_CLASS (pln_bar_chart_parent_class)->finalize (object);
}

static void
pln_bar_chart_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PlnBarChart *self = PLN_BAR_CHART (object);

  switch (prop_id)
    {
    case PROP_LAYOUT:
      g_value_set_int (value, self->layout);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pln_bar_chart_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  PlnBarChart *self = PLN_BAR_CHART (object);

  switch (prop_id)
    {
    case PROP_LAYOUT:
      pln_bar_chart_set_layout (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pln_bar_chart_class_init (PlnBarChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = pln_bar_chart_finalize;
  object_class->get_property = pln_bar_chart_get_property;
  object_class->set_property = pln_bar_chart_set_property;
  widget_class->measure = pln_bar_chart_measure;
  widget_class->snapshot = pln_bar_chart_snapshot;

  properties[PROP_LAYOUT] =
    g_param_spec_int ("layout", NULL, NULL,
                      PLN_BAR_CHART_BARS, PLN_BAR_CHART_COLUMNS, PLN_BAR_CHART_BARS,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "barchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
pln_bar_chart_init (PlnBarChart *self)
{
  self->bars = g_array_new (FALSE, TRUE, sizeof (Bar));
  g_array_set_clear_func (self->bars, (GDestroyNotify) bar_clear);
  self->target = -1;
}

/* ---- Public API --------------------------------------------------------- */

GtkWidget *
pln_bar_chart_new (PlnBarChartLayout layout)
{
  return g_object_new (PLN_TYPE_BAR_CHART, "layout", layout, NULL);
}

PlnBarChartLayout
pln_bar_chart_get_layout (PlnBarChart *self)
{
  g_return_val_if_fail (PLN_IS_BAR_CHART (self), PLN_BAR_CHART_BARS);
  return self->layout;
}

void
pln_bar_chart_set_layout (PlnBarChart       *self,
                          PlnBarChartLayout  layout)
{
  g_return_if_fail (PLN_IS_BAR_CHART (self));

  if (self->layout == layout)
    return;
  self->layout = layout;
  changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAYOUT]);
}

void
pln_bar_chart_clear (PlnBarChart *self)
{
  g_return_if_fail (PLN_IS_BAR_CHART (self));

  g_array_set_size (self->bars, 0);
  changed (self);
}

void
pln_bar_chart_add (PlnBarChart *self,
                   const char  *label,
                   double       value,
                   double       secondary,
                   const char  *value_text)
{
  Bar bar = { 0 };

  g_return_if_fail (PLN_IS_BAR_CHART (self));

  bar.label = g_strdup (label != NULL ? label : "");
  bar.value = MAX (value, 0);
  bar.secondary = MAX (secondary, 0);
  bar.value_text = g_strdup (value_text);
  g_array_append_val (self->bars, bar);
  changed (self);
}

guint
pln_bar_chart_get_n_bars (PlnBarChart *self)
{
  g_return_val_if_fail (PLN_IS_BAR_CHART (self), 0);
  return self->bars->len;
}

void
pln_bar_chart_set_maximum (PlnBarChart *self,
                           double       maximum)
{
  g_return_if_fail (PLN_IS_BAR_CHART (self));

  self->maximum = MAX (maximum, 0);
  changed (self);
}

void
pln_bar_chart_set_target (PlnBarChart *self,
                          double       target,
                          const char  *label)
{
  g_return_if_fail (PLN_IS_BAR_CHART (self));

  self->target = target;
  g_free (self->target_label);
  self->target_label = g_strdup (label);
  changed (self);
}

void
pln_bar_chart_set_legend (PlnBarChart *self,
                          const char  *primary,
                          const char  *secondary)
{
  g_return_if_fail (PLN_IS_BAR_CHART (self));

  g_free (self->legend_primary);
  self->legend_primary = g_strdup (primary);
  g_free (self->legend_secondary);
  self->legend_secondary = g_strdup (secondary);
  changed (self);
}
