/* pln-live-page-cells.c: the columns of the Live page's points: site, district, level,
 * link since when, expected, reported (typed in place, saved with the store),
 * connected time. */
#define G_LOG_DOMAIN "plenary-live-page"

#include "config.h"

#include <glib/gi18n.h>

#include "pln-live-page-private.h"

/* ---- Cells -------------------------------------------------------------- */

static void
update_duration_label (PlnLivePage *self,
                       GtkLabel    *label)
{
  PlnBridgePoint *point = g_object_get_data (G_OBJECT (label), "pln-point");
  g_autofree char *text = NULL;
  gint64 seconds, now;

  if (point == NULL)
    return;
  /* An event that is over counts up to its end, not up to now. */
  now = g_get_real_time () / G_USEC_PER_SEC;
  if (self->event_ends_at > 0 && self->event_ends_at < now)
    now = self->event_ends_at;
  seconds = pln_store_get_connected_seconds (pln_context_get_store (self->context),
                                             pln_bridge_point_get_id (point), now, NULL);
  text = seconds > 0 ? pln_format_duration (seconds) : g_strdup ("—");
  gtk_label_set_text (label, text);
}

static void
update_cell (PlnLivePage    *self,
             GtkWidget      *widget,
             PlnBridgePoint *point,
             Column          column)
{
  g_autofree char *text = NULL;

  switch (column)
    {
    case COLUMN_SITE:
      if (pln_bridge_point_get_is_host (point))
        /* Translators: the host point's site in the live board; %s is its name. */
        text = g_strdup_printf (_("%s (host)"), pln_bridge_point_get_site_name (point));
      else
        text = g_strdup (pln_bridge_point_get_site_name (point));
      gtk_widget_set_tooltip_text (widget, pln_bridge_point_get_site_code (point));
      break;
    case COLUMN_DISTRICT:
      text = g_strdup (pln_bridge_point_get_district_name (point) ? pln_bridge_point_get_district_name (point) : "");
      break;
    case COLUMN_LEVEL:
      text = g_strdup (pln_site_level_get_label (pln_bridge_point_get_site_level (point)));
      break;
    case COLUMN_LINK:
      {
        PlnLinkStatus status = pln_bridge_point_get_link_status (point);

        text = pln_bridge_point_dup_status_text (point);
        if (status == PLN_LINK_STATUS_LOST)
          gtk_widget_add_css_class (widget, "error");
        else
          gtk_widget_remove_css_class (widget, "error");
        if (status == PLN_LINK_STATUS_CONNECTED)
          gtk_widget_add_css_class (widget, "success");
        else
          gtk_widget_remove_css_class (widget, "success");
        if (status == PLN_LINK_STATUS_WAITING)
          gtk_widget_add_css_class (widget, "dim-label");
        else
          gtk_widget_remove_css_class (widget, "dim-label");
      }
      break;
    case COLUMN_EXPECTED:
      text = pln_format_count (pln_bridge_point_get_expected_count (point));
      break;
    case COLUMN_REPORTED:
      {
        GtkSpinButton *spin = GTK_SPIN_BUTTON (widget);
        int reported = pln_bridge_point_get_reported_count (point);

        if (gtk_widget_get_focus_child (widget) != NULL)
          {
            /* Someone is typing here: do not pull the text from under them. */
            g_autofree char *shown = g_strdup_printf ("%d", (int) gtk_spin_button_get_value (spin));

            if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (spin)), shown) != 0 &&
                !((int) gtk_spin_button_get_value (spin) < 0 &&
                  *gtk_editable_get_text (GTK_EDITABLE (spin)) == '\0'))
              return;
          }
        g_object_set_data (G_OBJECT (spin), "pln-updating", GINT_TO_POINTER (TRUE));
        gtk_spin_button_set_value (spin, MAX (reported, -1));
        g_object_set_data (G_OBJECT (spin), "pln-updating", NULL);
      }
      return;
    case COLUMN_CONNECTED:
      update_duration_label (self, GTK_LABEL (widget));
      return;
    default:
      g_assert_not_reached ();
    }
  gtk_label_set_text (GTK_LABEL (widget), text);
}

static void
on_point_notify_cb (PlnBridgePoint *point,
                    GParamSpec     *pspec,
                    GtkWidget      *widget)
{
  PlnLivePage *self = g_object_get_data (G_OBJECT (widget), "pln-page");
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (widget), "pln-column"));

  if (self != NULL)
    update_cell (self, widget, point, column);
}

/* The spin button shows nothing until the site reported (-1). */
static gboolean
on_reported_output_cb (GtkSpinButton *spin)
{
  double value = gtk_adjustment_get_value (gtk_spin_button_get_adjustment (spin));
  g_autofree char *text = NULL;

  if (value < 0)
    text = g_strdup ("");
  else
    text = g_strdup_printf ("%d", (int) value);
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (spin)), text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

static void
on_reported_value_changed_cb (GtkSpinButton *spin,
                              PlnLivePage   *self)
{
  PlnBridgePoint *point = g_object_get_data (G_OBJECT (spin), "pln-point");
  int value = gtk_spin_button_get_value_as_int (spin);
  g_autoptr(GError) error = NULL;

  if (point == NULL || g_object_get_data (G_OBJECT (spin), "pln-updating") != NULL)
    return;
  if (value < 0 || value == pln_bridge_point_get_reported_count (point))
    return;

  if (!pln_store_report_count (pln_context_get_store (self->context),
                               pln_bridge_point_get_id (point), value, 0, &error))
    {
      g_autofree char *message = NULL;

      /* Translators: %s is a site's name, then the reason. */
      message = g_strdup_printf (_("Could not save the head-count of %s: %s"),
                                 pln_bridge_point_get_site_name (point), error->message);
      _pln_live_page_show_toast (self, message, 0);
    }
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               PlnLivePage              *self)
{
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "pln-column"));
  GtkWidget *widget;

  if (column == COLUMN_REPORTED)
    {
      widget = gtk_spin_button_new_with_range (-1, 1000000, 1);
      gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (widget), FALSE);
      gtk_editable_set_width_chars (GTK_EDITABLE (widget), 5);
      gtk_widget_set_name (widget, "live-reported");
      gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reported head-count"),
                                      -1);
      g_signal_connect (widget, "output", G_CALLBACK (on_reported_output_cb), NULL);
      g_signal_connect (widget, "value-changed", G_CALLBACK (on_reported_value_changed_cb), self);
    }
  else
    {
      widget = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (widget),
                            column == COLUMN_EXPECTED || column == COLUMN_CONNECTED ? 1.0 : 0.0);
      gtk_label_set_ellipsize (GTK_LABEL (widget), PANGO_ELLIPSIZE_END);
      /* Narrow windows scroll sideways rather than cut every cell short. */
      if (column == COLUMN_SITE)
        gtk_label_set_width_chars (GTK_LABEL (widget), 18);
      else if (column == COLUMN_DISTRICT)
        gtk_label_set_width_chars (GTK_LABEL (widget), 14);
      else if (column == COLUMN_LEVEL)
        gtk_label_set_width_chars (GTK_LABEL (widget), 8);
      else if (column == COLUMN_LINK)
        gtk_label_set_width_chars (GTK_LABEL (widget), 18);
      if (column == COLUMN_EXPECTED || column == COLUMN_CONNECTED)
        gtk_widget_add_css_class (widget, "numeric");
    }
  g_object_set_data (G_OBJECT (widget), "pln-page", self);
  g_object_set_data (G_OBJECT (widget), "pln-column", GINT_TO_POINTER (column));
  gtk_list_item_set_child (item, widget);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              PlnLivePage              *self)
{
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "pln-column"));
  PlnBridgePoint *point = gtk_list_item_get_item (item);
  GtkWidget *widget = gtk_list_item_get_child (item);
  gulong id;

  g_object_set_data (G_OBJECT (widget), "pln-point", point);
  update_cell (self, widget, point, column);
  id = g_signal_connect_object (point, "notify", G_CALLBACK (on_point_notify_cb), widget, 0);
  g_object_set_data (G_OBJECT (widget), "pln-handler", GSIZE_TO_POINTER ((gsize) id));
  if (column == COLUMN_CONNECTED)
    g_hash_table_add (self->duration_labels, widget);
}

static void
unbind_cell_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                PlnLivePage              *self)
{
  GtkWidget *widget = gtk_list_item_get_child (item);
  PlnBridgePoint *point = g_object_get_data (G_OBJECT (widget), "pln-point");
  gulong id = (gulong) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (widget), "pln-handler"));

  if (point != NULL && id != 0)
    g_signal_handler_disconnect (point, id);
  g_object_set_data (G_OBJECT (widget), "pln-handler", NULL);
  g_object_set_data (G_OBJECT (widget), "pln-point", NULL);
  if (self->duration_labels != NULL)
    g_hash_table_remove (self->duration_labels, widget);
}

void
_pln_live_page_add_column (PlnLivePage *self,
                           Column       column,
                           const char  *title,
                           gboolean     expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *col;

  g_object_set_data (G_OBJECT (factory), "pln-column", GINT_TO_POINTER (column));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell_cb), self);

  col = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (col, expand);
  gtk_column_view_column_set_resizable (col, TRUE);
  gtk_column_view_append_column (self->points_view, col);
  g_object_unref (col);
}

gboolean
_pln_live_page_tick_cb (gpointer user_data)
{
  PlnLivePage *self = PLN_LIVE_PAGE (user_data);
  GHashTableIter iter;
  gpointer label;

  g_hash_table_iter_init (&iter, self->duration_labels);
  while (g_hash_table_iter_next (&iter, &label, NULL))
    update_duration_label (self, GTK_LABEL (label));
  return G_SOURCE_CONTINUE;
}
