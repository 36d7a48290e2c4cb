/* pln-event-point-row.c: see pln-event-point-row.h. */
#define G_LOG_DOMAIN "plenary-event-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "pln-event-point-row.h"

struct _PlnEventPointRow
{
  GtkBox          parent_instance;

  PlnBridgePoint *point;          /* weak: the editor's list owns it */
  GtkLabel       *name;
  GtkLabel       *detail;
  GtkSpinButton  *spin;
  GtkButton      *remove;
};

G_DEFINE_FINAL_TYPE (PlnEventPointRow, pln_event_point_row, GTK_TYPE_BOX)

enum {
  CHANGED,
  REMOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
on_spin_changed_cb (PlnEventPointRow *self)
{
  if (self->point == NULL)
    return;
  pln_bridge_point_set_expected_count (self->point, gtk_spin_button_get_value_as_int (self->spin));
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_remove_clicked_cb (PlnEventPointRow *self)
{
  if (self->point != NULL)
    g_signal_emit (self, signals[REMOVE], 0);
}

static void
pln_event_point_row_dispose (GObject *object)
{
  PlnEventPointRow *self = (PlnEventPointRow *)object;

  g_clear_weak_pointer (&self->point);
  G_OBJECT_CLASS (pln_event_point_row_parent_class)->dispose (object);
}

static void
pln_event_point_row_class_init (PlnEventPointRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pln_event_point_row_dispose;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[REMOVE] = g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
pln_event_point_row_init (PlnEventPointRow *self)
{
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  gtk_box_set_spacing (GTK_BOX (self), 12);
  self->name = GTK_LABEL (gtk_label_new (NULL));
  self->detail = GTK_LABEL (gtk_label_new (NULL));
  self->spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0, 100000, 1));
  self->remove = GTK_BUTTON (gtk_button_new_from_icon_name ("list-remove-symbolic"));

  gtk_widget_set_hexpand (texts, TRUE);
  gtk_label_set_xalign (self->name, 0);
  gtk_label_set_ellipsize (self->name, PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (self->detail, 0);
  gtk_label_set_ellipsize (self->detail, PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (self->detail), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->detail), "caption");
  gtk_box_append (GTK_BOX (texts), GTK_WIDGET (self->name));
  gtk_box_append (GTK_BOX (texts), GTK_WIDGET (self->detail));

  gtk_widget_set_valign (GTK_WIDGET (self->spin), GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->spin), _("Expected head-count at this point"));
  gtk_widget_set_valign (GTK_WIDGET (self->remove), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self->remove), "flat");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->remove), _("Remove this bridge point"));

  gtk_box_append (GTK_BOX (self), texts);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->spin));
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->remove));
  gtk_widget_set_margin_start (GTK_WIDGET (self), 6);
  gtk_widget_set_margin_end (GTK_WIDGET (self), 6);

  g_signal_connect_swapped (self->spin, "value-changed", G_CALLBACK (on_spin_changed_cb), self);
  g_signal_connect_swapped (self->remove, "clicked", G_CALLBACK (on_remove_clicked_cb), self);
}

PlnEventPointRow *
pln_event_point_row_new (void)
{
  return g_object_new (PLN_TYPE_EVENT_POINT_ROW, NULL);
}

PlnBridgePoint *
pln_event_point_row_get_point (PlnEventPointRow *self)
{
  g_return_val_if_fail (PLN_IS_EVENT_POINT_ROW (self), NULL);
  return self->point;
}

void
pln_event_point_row_set_point (PlnEventPointRow *self,
                               PlnBridgePoint   *point)
{
  const char *district;
  const char *level;
  g_autofree char *detail = NULL;

  g_return_if_fail (PLN_IS_EVENT_POINT_ROW (self));

  g_clear_weak_pointer (&self->point);
  if (point == NULL)
    return;

  district = pln_bridge_point_get_district_name (point);
  level = pln_site_level_get_label (pln_bridge_point_get_site_level (point));
  if (pln_bridge_point_get_is_host (point))
    /* Translators: the line under the host's name in the points list. */
    detail = g_strdup_printf (_("Host · %s · %s"), level, pln_bridge_point_get_site_code (point));
  else if (district != NULL && *district != '\0' &&
           pln_bridge_point_get_site_level (point) > PLN_SITE_LEVEL_DISTRICT)
    /* Translators: level · district · code, e.g. "Commune · Ba Chẽ · QN-TYT-BC-01". */
    detail = g_strdup_printf (_("%s · %s · %s"), level, district, pln_bridge_point_get_site_code (point));
  else
    detail = g_strdup_printf (_("%s · %s"), level, pln_bridge_point_get_site_code (point));

  gtk_label_set_text (self->name, pln_bridge_point_get_site_name (point));
  gtk_label_set_text (self->detail, detail);
  /* The value first, the point after: setting it is no change by hand. */
  gtk_spin_button_set_value (self->spin, pln_bridge_point_get_expected_count (point));
  g_set_weak_pointer (&self->point, point);
}
