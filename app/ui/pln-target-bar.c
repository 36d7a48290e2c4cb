/* pln-target-bar.c: see pln-target-bar.h. Drawn with cairo in the
 * widget's snapshot; the colours come from the theme (libadwaita's named
 * colours), so the bar follows the dark style. */
#define G_LOG_DOMAIN "plenary-target-bar"

#include "config.h"

#include "pln-target-bar.h"

struct _PlnTargetBar
{
  GtkWidget parent_instance;

  double    fraction;
  double    started;
  double    target;
};

G_DEFINE_FINAL_TYPE (PlnTargetBar, pln_target_bar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_FRACTION,
  PROP_STARTED,
  PROP_TARGET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define TROUGH_HEIGHT 8.0
#define TICK_OVERHANG 3.0

/* ---- Helpers ------------------------------------------------------------ */

static void
lookup_color (GtkWidget  *widget,
              const char *name,
              const char *fallback,
              GdkRGBA    *rgba)
{
  GtkStyleContext *style = gtk_widget_get_style_context (widget);

  if (!gtk_style_context_lookup_color (style, name, rgba))
    gdk_rgba_parse (rgba, fallback);
}

static void
rounded_rect (cairo_t *cr,
              double   x,
              double   y,
              double   width,
              double   height,
              double   radius)
{
  radius = MIN (radius, MIN (width, height) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + width - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + width - radius, y + height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static void
set_share (PlnTargetBar *self,
           double       *field,
           double        value,
           int           prop)
{
  value = CLAMP (value, 0.0, 1.0);
  if (G_APPROX_VALUE (*field, value, 1e-9))
    return;
  *field = value;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/* ---- Overrides ---------------------------------------------------------- */

static void
pln_target_bar_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 48;
      *natural = 160;
    }
  else
    {
      *minimum = *natural = (int) (TROUGH_HEIGHT + 2 * TICK_OVERHANG);
    }
}

static void
pln_target_bar_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  PlnTargetBar *self = PLN_TARGET_BAR (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  double y = (height - TROUGH_HEIGHT) / 2;
  gboolean reached = self->target > 0 && self->fraction + 1e-9 >= self->target;
  GdkRGBA fg, fill, trough;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  lookup_color (widget, reached ? "success_bg_color" : "accent_bg_color",
                reached ? "#26a269" : "#3584e4", &fill);
  trough = fg;
  trough.alpha = 0.12;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  gdk_cairo_set_source_rgba (cr, &trough);
  rounded_rect (cr, 0, y, width, TROUGH_HEIGHT, TROUGH_HEIGHT / 2);
  cairo_fill (cr);

  cairo_save (cr);
  rounded_rect (cr, 0, y, width, TROUGH_HEIGHT, TROUGH_HEIGHT / 2);
  cairo_clip (cr);
  if (self->started > self->fraction)
    {
      GdkRGBA light = fill;

      light.alpha = 0.35;
      gdk_cairo_set_source_rgba (cr, &light);
      cairo_rectangle (cr, 0, y, width * self->started, TROUGH_HEIGHT);
      cairo_fill (cr);
    }
  gdk_cairo_set_source_rgba (cr, &fill);
  cairo_rectangle (cr, 0, y, width * self->fraction, TROUGH_HEIGHT);
  cairo_fill (cr);
  cairo_restore (cr);

  if (self->target > 0)
    {
      double x = CLAMP (round (width * self->target), 1.0, width - 1.0);

      gdk_cairo_set_source_rgba (cr, &fg);
      cairo_set_line_width (cr, 2.0);
      cairo_move_to (cr, x, y - TICK_OVERHANG);
      cairo_line_to (cr, x, y + TROUGH_HEIGHT + TICK_OVERHANG);
      cairo_stroke (cr);
    }
  cairo_destroy (cr);
}

static void
pln_target_bar_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PlnTargetBar *self = PLN_TARGET_BAR (object);

  switch (prop_id)
    {
    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;
    case PROP_STARTED:
      g_value_set_double (value, self->started);
      break;
    case PROP_TARGET:
      g_value_set_double (value, self->target);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pln_target_bar_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  PlnTargetBar *self = PLN_TARGET_BAR (object);

  switch (prop_id)
    {
    case PROP_FRACTION:
      pln_target_bar_set_fraction (self, g_value_get_double (value));
      break;
    case PROP_STARTED:
      pln_target_bar_set_started (self, g_value_get_double (value));
      break;
    case PROP_TARGET:
      pln_target_bar_set_target (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pln_target_bar_class_init (PlnTargetBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = pln_target_bar_get_property;
  object_class->set_property = pln_target_bar_set_property;
  widget_class->measure = pln_target_bar_measure;
  widget_class->snapshot = pln_target_bar_snapshot;

  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STARTED] =
    g_param_spec_double ("started", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TARGET] =
    g_param_spec_double ("target", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "targetbar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_PROGRESS_BAR);
}

static void
pln_target_bar_init (PlnTargetBar *self)
{
}

/* ---- Public API --------------------------------------------------------- */

GtkWidget *
pln_target_bar_new (void)
{
  return g_object_new (PLN_TYPE_TARGET_BAR, NULL);
}

double
pln_target_bar_get_fraction (PlnTargetBar *self)
{
  g_return_val_if_fail (PLN_IS_TARGET_BAR (self), 0);
  return self->fraction;
}

void
pln_target_bar_set_fraction (PlnTargetBar *self,
                             double        fraction)
{
  g_return_if_fail (PLN_IS_TARGET_BAR (self));
  set_share (self, &self->fraction, fraction, PROP_FRACTION);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, 0.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, 100.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, self->fraction * 100.0,
                                  -1);
}

double
pln_target_bar_get_started (PlnTargetBar *self)
{
  g_return_val_if_fail (PLN_IS_TARGET_BAR (self), 0);
  return self->started;
}

void
pln_target_bar_set_started (PlnTargetBar *self,
                            double        started)
{
  g_return_if_fail (PLN_IS_TARGET_BAR (self));
  set_share (self, &self->started, started, PROP_STARTED);
}

double
pln_target_bar_get_target (PlnTargetBar *self)
{
  g_return_val_if_fail (PLN_IS_TARGET_BAR (self), 0);
  return self->target;
}

void
pln_target_bar_set_target (PlnTargetBar *self,
                           double        target)
{
  g_return_if_fail (PLN_IS_TARGET_BAR (self));
  set_share (self, &self->target, target, PROP_TARGET);
}
