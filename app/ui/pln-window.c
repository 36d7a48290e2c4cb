/* pln-window.c: the main window and its pages. */
#define G_LOG_DOMAIN "plenary-window"

#include "config.h"

#include <glib/gi18n.h>

#include "pln-window.h"

struct _PlnWindow
{
  AdwApplicationWindow  parent_instance;

  PlnContext           *context;

  AdwViewStack         *stack;
};

G_DEFINE_FINAL_TYPE (PlnWindow, pln_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pln_window_dispose (GObject *object)
{
  PlnWindow *self = (PlnWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), PLN_TYPE_WINDOW);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (pln_window_parent_class)->dispose (object);
}

static void
pln_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  PlnWindow *self = PLN_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pln_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  PlnWindow *self = PLN_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pln_window_class_init (PlnWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pln_window_dispose;
  object_class->get_property = pln_window_get_property;
  object_class->set_property = pln_window_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, PLN_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/plenary/Plenary/ui/pln-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PlnWindow, stack);
}

static void
pln_window_init (PlnWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

PlnWindow *
pln_window_new (AdwApplication *application,
                PlnContext     *context)
{
  return g_object_new (PLN_TYPE_WINDOW,
                       "application", application,
                       "context", context,
                       NULL);
}
