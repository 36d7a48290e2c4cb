/* pln-live-page.c: see pln-live-page.h.
 *
 * The portal lives here rather than in PlnContext: libplenary-portal links
 * libplenary-services (the portal takes the context), so the context cannot
 * create a portal without a circular dependency; the UI layer sits above
 * both. */
#define G_LOG_DOMAIN "plenary-live-page"

#include "config.h"

#include <glib/gi18n.h>

#include "pln-live-page.h"
#include "pln-portal.h"
#include "pln-text-fold.h"

struct _PlnLivePage
{
  AdwBin              parent_instance;

  PlnContext         *context;

  GListModel         *events;
  gint64              event_id;
  gint64              event_ends_at;
  gboolean            selecting;

  GListModel         *points;
  GtkCustomFilter    *filter;
  GtkFilterListModel *filtered;
  char              **search_tokens;

  /* Labels of the Connected column now shown, refreshed as time passes. */
  GHashTable         *duration_labels;
  guint               tick_id;
  guint               refilter_id;

  GCancellable       *report_cancellable;
  guint               report_id;

  PlnPortal          *portal;
  GCancellable       *resolve_cancellable;

  AdwToastOverlay    *toast_overlay;
  GtkStack           *main_stack;
  GtkDropDown        *events_dropdown;
  GtkToggleButton    *filter_all;
  GtkToggleButton    *filter_waiting;
  GtkToggleButton    *filter_lost;
  GtkSearchEntry     *search_entry;
  GtkSwitch          *portal_switch;
  GtkLabel           *portal_urls;
  GtkInfoBar         *portal_error;
  GtkLabel           *portal_error_label;
  GtkLabel           *headline;
  GtkLabel           *event_subtitle;
  GtkStack           *points_stack;
  GtkColumnView      *points_view;
  AdwStatusPage      *no_results;
  AdwLeaflet         *leaflet;
  GtkListBox         *district_list;
  GtkListBox         *level_list;
};

G_DEFINE_FINAL_TYPE (PlnLivePage, pln_live_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_EVENT_ID,
  PROP_PORTAL_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef enum
{
  COLUMN_SITE,
  COLUMN_DISTRICT,
  COLUMN_LEVEL,
  COLUMN_LINK,
  COLUMN_EXPECTED,
  COLUMN_REPORTED,
  COLUMN_CONNECTED,
} Column;

#define DEFAULT_PORTAL_PORT 8080

static void refresh_totals (PlnLivePage *self);

/* ---- Helpers ------------------------------------------------------------ */

/* "1 034": groups of three digits, as the seed documents write head-counts. */
static char *
group_digits (gint64 value)
{
  g_autofree char *plain = g_strdup_printf ("%" G_GINT64_FORMAT, value);
  GString *out = g_string_new ("");
  gsize len = strlen (plain);
  gsize start = plain[0] == '-' ? 1 : 0;

  g_string_append_len (out, plain, start);
  for (gsize i = start; i < len; i++)
    {
      if (i > start && (len - i) % 3 == 0)
        g_string_append_c (out, ' ');
      g_string_append_c (out, plain[i]);
    }
  return g_string_free (out, FALSE);
}

static void
show_toast (PlnLivePage *self,
            const char  *message,
            guint        timeout)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, timeout);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* ---- Events ------------------------------------------------------------- */

static char *
event_label (PlnEvent *event)
{
  g_autofree char *date = NULL;

  if (event == NULL)
    return g_strdup ("");
  /* Translators: a date in the events list, strftime-like; "10 Nov 2022". */
  date = pln_format_local_time (pln_event_get_starts_at (event), _("%e %b %Y"));
  /* Translators: an event in the list: "title — date". */
  return g_strdup_printf (_("%s — %s"), pln_event_get_title (event), g_strstrip (date));
}

/* The event in progress, else the next to start, else the latest. */
static guint
default_event_position (PlnLivePage *self)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint n = g_list_model_get_n_items (self->events);
  guint running = GTK_INVALID_LIST_POSITION, next = GTK_INVALID_LIST_POSITION;
  guint latest = GTK_INVALID_LIST_POSITION;
  gint64 next_start = G_MAXINT64, latest_start = G_MININT64;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlnEvent) event = g_list_model_get_item (self->events, i);
      gint64 starts = pln_event_get_starts_at (event);
      gint64 ends = pln_event_get_ends_at (event);

      if (starts <= now && now < MAX (ends, starts + 1) && running == GTK_INVALID_LIST_POSITION)
        running = i;
      if (starts > now && starts < next_start)
        {
          next_start = starts;
          next = i;
        }
      if (starts >= latest_start)
        {
          latest_start = starts;
          latest = i;
        }
    }
  if (running != GTK_INVALID_LIST_POSITION)
    return running;
  if (next != GTK_INVALID_LIST_POSITION)
    return next;
  return latest;
}

static guint
event_position (PlnLivePage *self,
                gint64       event_id)
{
  guint n = g_list_model_get_n_items (self->events);

  for (guint i = 0; i < n && event_id != 0; i++)
    {
      g_autoptr(PlnEvent) event = g_list_model_get_item (self->events, i);

      if (pln_event_get_id (event) == event_id)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

static void
update_subtitle (PlnLivePage *self)
{
  guint pos = event_position (self, self->event_id);
  g_autoptr(PlnEvent) event = NULL;
  g_autofree char *starts = NULL;
  g_autofree char *ends = NULL;
  g_autofree char *text = NULL;

  if (pos == GTK_INVALID_LIST_POSITION)
    {
      gtk_label_set_text (self->event_subtitle, "");
      return;
    }
  event = g_list_model_get_item (self->events, pos);
  /* Translators: a date and time, strftime-like. */
  starts = pln_format_local_time (pln_event_get_starts_at (event), _("%e %b %Y, %H:%M"));
  ends = pln_format_local_time (pln_event_get_ends_at (event), "%H:%M");
  /* Translators: title · start – end, e.g. "Conference · 10 Nov 2022, 08:00 – 11:30". */
  text = g_strdup_printf (_("%s · %s – %s"), pln_event_get_title (event), g_strstrip (starts), ends);
  gtk_label_set_text (self->event_subtitle, text);
}

/* ---- Points ------------------------------------------------------------- */

static gboolean
filter_match_cb (gpointer item,
                 gpointer user_data)
{
  PlnLivePage *self = PLN_LIVE_PAGE (user_data);
  PlnBridgePoint *point = PLN_BRIDGE_POINT (item);
  PlnLinkStatus status = pln_bridge_point_get_link_status (point);
  g_autofree char *haystack = NULL;
  g_autofree char *folded = NULL;

  if (gtk_toggle_button_get_active (self->filter_waiting) && status != PLN_LINK_STATUS_WAITING)
    return FALSE;
  if (gtk_toggle_button_get_active (self->filter_lost) && status != PLN_LINK_STATUS_LOST)
    return FALSE;
  if (self->search_tokens == NULL)
    return TRUE;

  haystack = g_strjoin (" ", pln_bridge_point_get_site_name (point),
                        pln_bridge_point_get_site_code (point),
                        pln_bridge_point_get_district_name (point) ? pln_bridge_point_get_district_name (point) : "",
                        NULL);
  folded = pln_text_fold (haystack);
  for (guint i = 0; self->search_tokens[i] != NULL; i++)
    if (strstr (folded, self->search_tokens[i]) == NULL)
      return FALSE;
  return TRUE;
}

static void
update_points_stack (PlnLivePage *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0;
  const char *description;

  if (!empty)
    {
      gtk_stack_set_visible_child_name (self->points_stack, "list");
      return;
    }
  if (self->points == NULL || g_list_model_get_n_items (self->points) == 0)
    description = _("This event has no bridge points yet. Add sites to it on the Events page.");
  else if (gtk_toggle_button_get_active (self->filter_waiting))
    description = _("Every point has connected at least once.");
  else if (gtk_toggle_button_get_active (self->filter_lost))
    description = _("No point has lost its link.");
  else
    description = _("No point has this site, district or code. Accents do not matter: “ba che” finds “Ba Chẽ”.");
  adw_status_page_set_description (self->no_results, description);
  gtk_stack_set_visible_child_name (self->points_stack, "no-results");
}

static void
refilter (PlnLivePage *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_points_stack (self);
}

static void
on_filtered_items_changed_cb (PlnLivePage *self)
{
  update_points_stack (self);
}

static void
on_filter_toggled_cb (GtkToggleButton *button,
                      PlnLivePage     *self)
{
  if (gtk_toggle_button_get_active (button))
    refilter (self);
}

static void
on_search_changed_cb (PlnLivePage *self)
{
  g_autofree char *folded = pln_text_fold (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  g_auto(GStrv) tokens = g_strsplit_set (g_strstrip (folded), " \t", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n = 0;

  for (guint i = 0; tokens[i] != NULL; i++)
    if (*tokens[i] != '\0')
      {
        g_strv_builder_add (builder, tokens[i]);
        n++;
      }
  g_clear_pointer (&self->search_tokens, g_strfreev);
  if (n > 0)
    self->search_tokens = g_strv_builder_end (builder);
  refilter (self);
}

static gboolean
refilter_cb (gpointer user_data)
{
  PlnLivePage *self = PLN_LIVE_PAGE (user_data);

  self->refilter_id = 0;
  refilter (self);
  return G_SOURCE_REMOVE;
}

/* A point whose link status changed may leave or enter the filter; the
 * points model updates its objects in place, so watch them. */
static void
on_point_link_status_cb (PlnLivePage *self)
{
  if (self->refilter_id == 0 && !gtk_toggle_button_get_active (self->filter_all))
    self->refilter_id = g_idle_add (refilter_cb, self);
}

static void
watch_points (PlnLivePage *self,
              guint        position,
              guint        added)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(PlnBridgePoint) point = g_list_model_get_item (self->points, i);

      g_signal_connect_object (point, "notify::link-status",
                               G_CALLBACK (on_point_link_status_cb), self, G_CONNECT_SWAPPED);
    }
}

static void
on_points_items_changed_cb (GListModel  *points,
                            guint        position,
                            guint        removed,
                            guint        added,
                            PlnLivePage *self)
{
  watch_points (self, position, added);
  update_points_stack (self);
}

static void
set_event (PlnLivePage *self,
           gint64       event_id)
{
  if (self->event_id == event_id && (self->points != NULL || event_id == 0))
    return;

  if (self->points != NULL)
    g_signal_handlers_disconnect_by_func (self->points, on_points_items_changed_cb, self);
  g_clear_object (&self->points);
  self->event_id = event_id;

  if (event_id != 0)
    {
      self->points = pln_store_get_points_model (pln_context_get_store (self->context), event_id);
      g_signal_connect (self->points, "items-changed",
                        G_CALLBACK (on_points_items_changed_cb), self);
      watch_points (self, 0, g_list_model_get_n_items (self->points));
    }
  self->event_ends_at = 0;
  if (event_id != 0)
    {
      guint pos = event_position (self, event_id);
      g_autoptr(PlnEvent) event = pos != GTK_INVALID_LIST_POSITION ? g_list_model_get_item (self->events, pos) : NULL;

      if (event != NULL)
        self->event_ends_at = pln_event_get_ends_at (event);
    }
  gtk_filter_list_model_set_model (self->filtered, self->points);
  update_subtitle (self);
  update_points_stack (self);
  refresh_totals (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENT_ID]);
}

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
      text = group_digits (pln_bridge_point_get_expected_count (point));
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
      show_toast (self, message, 0);
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

static void
add_column (PlnLivePage *self,
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

static gboolean
tick_cb (gpointer user_data)
{
  PlnLivePage *self = PLN_LIVE_PAGE (user_data);
  GHashTableIter iter;
  gpointer label;

  g_hash_table_iter_init (&iter, self->duration_labels);
  while (g_hash_table_iter_next (&iter, &label, NULL))
    update_duration_label (self, GTK_LABEL (label));
  return G_SOURCE_CONTINUE;
}

/* ---- Totals ------------------------------------------------------------- */

static GtkWidget *
total_row (const PlnAttendanceRow *row)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *name = gtk_label_new (row->label);
  GtkWidget *figures;
  g_autofree char *reported = group_digits (row->reported);
  g_autofree char *expected = group_digits (row->expected);
  g_autofree char *connected = group_digits (row->connected);
  g_autofree char *points = group_digits (row->points);
  g_autofree char *text = NULL;

  /* Translators: a line of the totals: delegates, then points connected;
   * "412 / 400 · 60 / 61". */
  text = g_strdup_printf (_("%s / %s · %s / %s"), reported, expected, connected, points);
  figures = gtk_label_new (text);

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_wrap (GTK_LABEL (name), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (name), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_label_set_xalign (GTK_LABEL (figures), 1);
  gtk_widget_add_css_class (figures, "numeric");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), figures);
  return box;
}

static void
fill_list (GtkListBox          *list,
           PlnAttendanceReport *report)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
  if (report == NULL)
    return;
  for (guint i = 0; i < pln_attendance_report_get_n_rows (report); i++)
    {
      const PlnAttendanceRow *row = pln_attendance_report_get_row (report, i);

      gtk_list_box_append (list, total_row (row));
    }
}

static void
set_headline (PlnLivePage            *self,
              const PlnAttendanceRow *total)
{
  g_autofree char *reported = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *connected = NULL;
  g_autofree char *points = NULL;
  g_autofree char *text = NULL;

  if (total == NULL)
    {
      gtk_label_set_text (self->headline, "");
      return;
    }
  reported = group_digits (total->reported);
  expected = group_digits (total->expected);
  connected = group_digits (total->connected);
  points = group_digits (total->points);
  /* Translators: the headline of the live board; "1 034 / 1 000 delegates ·
   * 189 / 191 points connected" (reported / expected, connected / all). */
  text = g_strdup_printf (_("%s / %s delegates · %s / %s points connected"),
                          reported, expected, connected, points);
  gtk_label_set_text (self->headline, text);
}

static void
on_report_ready_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GtkListBox *list = user_data;  /* a full reference */
  g_autoptr(PlnAttendanceReport) report = NULL;
  g_autoptr(GError) error = NULL;
  PlnLivePage *self;

  report = pln_store_get_attendance_report_finish (PLN_STORE (source), result, &error);
  if (report == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Cannot make the live totals: %s", error->message);
      g_object_unref (list);
      return;
    }

  self = PLN_LIVE_PAGE (gtk_widget_get_ancestor (GTK_WIDGET (list), PLN_TYPE_LIVE_PAGE));
  if (self != NULL && pln_attendance_report_get_event_id (report) == self->event_id)
    {
      fill_list (list, report);
      if (list == self->district_list)
        set_headline (self, pln_attendance_report_get_total (report));
    }
  g_object_unref (list);
}

static gboolean
refresh_totals_cb (gpointer user_data)
{
  PlnLivePage *self = PLN_LIVE_PAGE (user_data);
  PlnStore *store = pln_context_get_store (self->context);

  self->report_id = 0;
  g_cancellable_cancel (self->report_cancellable);
  g_clear_object (&self->report_cancellable);

  if (self->event_id == 0)
    {
      fill_list (self->district_list, NULL);
      fill_list (self->level_list, NULL);
      set_headline (self, NULL);
      return G_SOURCE_REMOVE;
    }

  self->report_cancellable = g_cancellable_new ();
  pln_store_get_attendance_report_async (store, self->event_id, PLN_REPORT_BY_DISTRICT,
                                         self->report_cancellable, on_report_ready_cb,
                                         g_object_ref (self->district_list));
  pln_store_get_attendance_report_async (store, self->event_id, PLN_REPORT_BY_LEVEL,
                                         self->report_cancellable, on_report_ready_cb,
                                         g_object_ref (self->level_list));
  return G_SOURCE_REMOVE;
}

/* Several writes in a row (a site reporting, then its link) make one
 * report; the totals follow within a fraction of a second. */
static void
refresh_totals (PlnLivePage *self)
{
  if (self->report_id == 0)
    self->report_id = g_timeout_add (100, refresh_totals_cb, self);
}

static void
on_store_changed_cb (PlnStore    *store,
                     const char  *table,
                     PlnLivePage *self)
{
  if (table != NULL && !g_str_equal (table, "bridge_points") && !g_str_equal (table, "link_changes") &&
      !g_str_equal (table, "events") && !g_str_equal (table, "sites") &&
      !g_str_equal (table, PLN_STORE_CHANGED_EXTERNAL))
    return;
  refresh_totals (self);
}

/* ---- Event list --------------------------------------------------------- */

static void
sync_event_selection (PlnLivePage *self)
{
  guint n = g_list_model_get_n_items (self->events);
  guint pos;

  gtk_stack_set_visible_child_name (self->main_stack, n > 0 ? "live" : "empty");
  pos = event_position (self, self->event_id);
  if (pos == GTK_INVALID_LIST_POSITION && n > 0)
    pos = default_event_position (self);

  self->selecting = TRUE;
  gtk_drop_down_set_selected (self->events_dropdown, pos);
  self->selecting = FALSE;

  if (pos == GTK_INVALID_LIST_POSITION)
    set_event (self, 0);
  else
    {
      g_autoptr(PlnEvent) event = g_list_model_get_item (self->events, pos);
      set_event (self, pln_event_get_id (event));
      update_subtitle (self);
    }
}

static void
on_events_items_changed_cb (PlnLivePage *self)
{
  sync_event_selection (self);
}

static void
on_dropdown_selected_cb (PlnLivePage *self)
{
  guint pos = gtk_drop_down_get_selected (self->events_dropdown);
  g_autoptr(PlnEvent) event = NULL;

  if (self->selecting || pos == GTK_INVALID_LIST_POSITION)
    return;
  event = g_list_model_get_item (self->events, pos);
  if (event != NULL)
    set_event (self, pln_event_get_id (event));
}

static void
setup_event_item_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (GPOINTER_TO_INT (user_data))
    {
      /* In the popover: the whole title, wrapped. */
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 50);
    }
  else
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
      gtk_label_set_width_chars (GTK_LABEL (label), 12);
    }
  gtk_list_item_set_child (item, label);
}

static void
bind_event_item_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  user_data)
{
  g_autofree char *text = event_label (gtk_list_item_get_item (item));

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

/* ---- Portal ------------------------------------------------------------- */

static void
show_urls (PlnLivePage *self,
           GStrv        urls)
{
  g_autofree char *joined = NULL;
  g_autofree char *text = NULL;

  if (urls == NULL || urls[0] == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->portal_urls), FALSE);
      return;
    }
  joined = g_strjoinv ("  ", urls);
  /* Translators: %s is one or more web addresses, e.g. http://192.168.1.20:8080/ */
  text = g_strdup_printf (_("Sites check in at %s"), joined);
  gtk_label_set_text (self->portal_urls, text);
  gtk_widget_set_visible (GTK_WIDGET (self->portal_urls), TRUE);
}

static gboolean
is_wildcard_url (const char *url,
                 guint      *port)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;

  if (host == NULL)
    return FALSE;
  *port = (guint) MAX (g_uri_get_port (uri), 0);
  return g_str_equal (host, "0.0.0.0") || g_str_equal (host, "::");
}

/* Bound to every address: hand out the machine's own addresses on the
 * local network (its host name resolved), else its host name. */
static void
on_host_resolved_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  PlnLivePage *self = user_data;
  g_autoptr(GError) error = NULL;
  GList *addresses = g_resolver_lookup_by_name_finish (G_RESOLVER (source), result, &error);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) urls = NULL;
  guint port;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;  /* the page or the portal went away; self may be gone */
  if (self->portal == NULL)
    {
      g_resolver_free_addresses (addresses);
      return;
    }

  port = pln_portal_get_port (self->portal);
  for (GList *l = addresses; l != NULL; l = l->next)
    {
      GInetAddress *address = l->data;
      g_autofree char *text = NULL;
      g_autofree char *url = NULL;

      if (g_inet_address_get_is_loopback (address) || g_inet_address_get_is_link_local (address) ||
          g_inet_address_get_family (address) != G_SOCKET_FAMILY_IPV4)
        continue;
      text = g_inet_address_to_string (address);
      url = g_strdup_printf ("http://%s:%u/", text, port);
      g_strv_builder_add (builder, url);
    }
  g_resolver_free_addresses (addresses);
  urls = g_strv_builder_end (builder);
  if (urls[0] == NULL)
    {
      g_autofree char *url = g_strdup_printf ("http://%s:%u/", g_get_host_name (), port);
      char *one[] = { url, NULL };

      show_urls (self, one);
      return;
    }
  show_urls (self, urls);
}

static void
stop_portal (PlnLivePage *self)
{
  g_cancellable_cancel (self->resolve_cancellable);
  g_clear_object (&self->resolve_cancellable);
  if (self->portal == NULL)
    return;
  pln_portal_stop (self->portal);
  g_clear_object (&self->portal);
  show_urls (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORTAL_RUNNING]);
}

static gboolean
start_portal (PlnLivePage *self)
{
  GSettings *settings = pln_context_get_settings (self->context);
  guint port = settings != NULL ? g_settings_get_uint (settings, "portal-port") : DEFAULT_PORTAL_PORT;
  g_autoptr(PlnPortal) portal = pln_portal_new (self->context);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) urls = NULL;
  guint wildcard_port = 0;

  if (!pln_portal_listen (portal, "0.0.0.0", port, &error))
    {
      g_autofree char *message = NULL;

      /* Translators: %u is a port number, then the reason; the command
       * must stay as it is. */
      message = g_strdup_printf (_("Could not open the check-in portal on port %u. %s "
                                   "If “plenary serve” already runs on this computer, sites can check in there. "
                                   "To use another port in the app: gsettings set org.plenary.Plenary portal-port 8081"),
                                 port, error->message);
      gtk_label_set_text (self->portal_error_label, message);
      gtk_info_bar_set_revealed (self->portal_error, TRUE);
      return FALSE;
    }

  self->portal = g_steal_pointer (&portal);
  gtk_info_bar_set_revealed (self->portal_error, FALSE);
  urls = pln_portal_dup_urls (self->portal);
  if (urls != NULL && urls[0] != NULL && is_wildcard_url (urls[0], &wildcard_port))
    {
      g_autofree char *url = g_strdup_printf ("http://%s:%u/", g_get_host_name (), pln_portal_get_port (self->portal));
      char *one[] = { url, NULL };

      show_urls (self, one);
      self->resolve_cancellable = g_cancellable_new ();
      g_resolver_lookup_by_name_async (g_resolver_get_default (), g_get_host_name (),
                                       self->resolve_cancellable, on_host_resolved_cb, self);
    }
  else
    show_urls (self, urls);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORTAL_RUNNING]);
  return TRUE;
}

static void
on_portal_error_response_cb (GtkInfoBar *bar,
                             int         response)
{
  gtk_info_bar_set_revealed (bar, FALSE);
}

static gboolean
on_portal_state_set_cb (GtkSwitch   *sw,
                        gboolean     state,
                        PlnLivePage *self)
{
  if (state && self->portal == NULL)
    {
      if (!start_portal (self))
        {
          gtk_switch_set_active (sw, FALSE);
          gtk_switch_set_state (sw, FALSE);
          return TRUE;
        }
    }
  else if (!state)
    stop_portal (self);
  gtk_switch_set_state (sw, state);
  return TRUE;
}

/* ---- Actions ------------------------------------------------------------ */

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  gtk_widget_grab_focus (GTK_WIDGET (PLN_LIVE_PAGE (widget)->search_entry));
}

static void
set_filter_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  PlnLivePage *self = PLN_LIVE_PAGE (widget);
  const char *which = g_variant_get_string (param, NULL);

  if (g_str_equal (which, "waiting"))
    gtk_toggle_button_set_active (self->filter_waiting, TRUE);
  else if (g_str_equal (which, "lost"))
    gtk_toggle_button_set_active (self->filter_lost, TRUE);
  else
    gtk_toggle_button_set_active (self->filter_all, TRUE);
}

static void
show_totals_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  /* Narrow windows fold the totals behind the points; swipe back to return. */
  adw_leaflet_set_visible_child_name (PLN_LIVE_PAGE (widget)->leaflet, "totals");
}

static void
show_points_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  adw_leaflet_set_visible_child_name (PLN_LIVE_PAGE (widget)->leaflet, "points");
}

/* ---- GObject ------------------------------------------------------------ */

static void
pln_live_page_constructed (GObject *object)
{
  PlnLivePage *self = PLN_LIVE_PAGE (object);
  PlnStore *store;
  GtkListItemFactory *factory;
  g_autoptr(GtkNoSelection) selection = NULL;

  G_OBJECT_CLASS (pln_live_page_parent_class)->constructed (object);

  g_return_if_fail (PLN_IS_CONTEXT (self->context));
  store = pln_context_get_store (self->context);

  add_column (self, COLUMN_SITE, _("Site"), TRUE);
  add_column (self, COLUMN_DISTRICT, _("District"), FALSE);
  add_column (self, COLUMN_LEVEL, _("Level"), FALSE);
  add_column (self, COLUMN_LINK, _("Link"), FALSE);
  add_column (self, COLUMN_EXPECTED, _("Expected"), FALSE);
  add_column (self, COLUMN_REPORTED, _("Reported"), FALSE);
  add_column (self, COLUMN_CONNECTED, _("Connected"), FALSE);

  self->filter = gtk_custom_filter_new (filter_match_cb, self, NULL);
  self->filtered = gtk_filter_list_model_new (NULL, GTK_FILTER (g_object_ref (self->filter)));
  g_signal_connect_swapped (self->filtered, "items-changed",
                            G_CALLBACK (on_filtered_items_changed_cb), self);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->filtered)));
  gtk_column_view_set_model (self->points_view, GTK_SELECTION_MODEL (selection));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_event_item_cb), GINT_TO_POINTER (FALSE));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_event_item_cb), NULL);
  gtk_drop_down_set_factory (self->events_dropdown, factory);
  g_object_unref (factory);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_event_item_cb), GINT_TO_POINTER (TRUE));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_event_item_cb), NULL);
  gtk_drop_down_set_list_factory (self->events_dropdown, factory);
  g_object_unref (factory);

  self->events = pln_store_get_events_model (store);
  gtk_drop_down_set_model (self->events_dropdown, self->events);
  g_signal_connect_object (self->events, "items-changed",
                           G_CALLBACK (on_events_items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->events_dropdown, "notify::selected",
                           G_CALLBACK (on_dropdown_selected_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed_cb), self, 0);
  g_signal_connect (self->filter_all, "toggled", G_CALLBACK (on_filter_toggled_cb), self);
  g_signal_connect (self->filter_waiting, "toggled", G_CALLBACK (on_filter_toggled_cb), self);
  g_signal_connect (self->filter_lost, "toggled", G_CALLBACK (on_filter_toggled_cb), self);
  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (on_search_changed_cb), self);
  g_signal_connect (self->portal_switch, "state-set", G_CALLBACK (on_portal_state_set_cb), self);
  g_signal_connect (self->portal_error, "response", G_CALLBACK (on_portal_error_response_cb), NULL);

  self->tick_id = g_timeout_add_seconds (30, tick_cb, self);
  sync_event_selection (self);
}

static void
pln_live_page_dispose (GObject *object)
{
  PlnLivePage *self = PLN_LIVE_PAGE (object);

  stop_portal (self);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->report_id, g_source_remove);
  g_clear_handle_id (&self->refilter_id, g_source_remove);
  g_cancellable_cancel (self->report_cancellable);
  g_clear_object (&self->report_cancellable);

  if (self->points != NULL)
    g_signal_handlers_disconnect_by_func (self->points, on_points_items_changed_cb, self);
  if (self->filtered != NULL)
    g_signal_handlers_disconnect_by_func (self->filtered, on_filtered_items_changed_cb, self);
  if (self->points_view != NULL)
    gtk_column_view_set_model (self->points_view, NULL);

  /* The template's top widget is AdwBin's child: AdwBin must let go of it
   * before the template drops it, or it would unparent a freed widget. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PLN_TYPE_LIVE_PAGE);

  g_clear_pointer (&self->duration_labels, g_hash_table_unref);
  g_clear_object (&self->points);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->events);
  g_clear_pointer (&self->search_tokens, g_strfreev);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (pln_live_page_parent_class)->dispose (object);
}

static void
pln_live_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PlnLivePage *self = PLN_LIVE_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_EVENT_ID:
      g_value_set_int64 (value, self->event_id);
      break;
    case PROP_PORTAL_RUNNING:
      g_value_set_boolean (value, self->portal != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pln_live_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  PlnLivePage *self = PLN_LIVE_PAGE (object);

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
pln_live_page_class_init (PlnLivePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pln_live_page_constructed;
  object_class->dispose = pln_live_page_dispose;
  object_class->get_property = pln_live_page_get_property;
  object_class->set_property = pln_live_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, PLN_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EVENT_ID] =
    g_param_spec_int64 ("event-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PORTAL_RUNNING] =
    g_param_spec_boolean ("portal-running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/plenary/Plenary/ui/pln-live-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PlnLivePage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PlnLivePage, main_stack);
  gtk_widget_class_bind_template_child (widget_class, PlnLivePage, events_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PlnLivePage, filter_all);
  gtk_widget_class_bind_template_child (widget_class, PlnLivePage, filter_waiting);
  gtk_widget_class_bind_template_child (widget_class, PlnLivePage, filter_lost);
  gtk_widget_class_bind_template_child (widget_class, PlnLivePage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PlnLivePage, portal_switch);
  gtk_widget_class_bind_template_child (widget_class, PlnLivePage, portal_urls);
  gtk_widget_class_bind_template_child (widget_class, PlnLivePage, portal_error);
  gtk_widget_class_bind_template_child (widget_class, PlnLivePage, portal_error_label);
  gtk_widget_class_bind_template_child (widget_class, PlnLivePage, headline);
  gtk_widget_class_bind_template_child (widget_class, PlnLivePage, event_subtitle);
  gtk_widget_class_bind_template_child (widget_class, PlnLivePage, points_stack);
  gtk_widget_class_bind_template_child (widget_class, PlnLivePage, points_view);
  gtk_widget_class_bind_template_child (widget_class, PlnLivePage, no_results);
  gtk_widget_class_bind_template_child (widget_class, PlnLivePage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, PlnLivePage, district_list);
  gtk_widget_class_bind_template_child (widget_class, PlnLivePage, level_list);

  gtk_widget_class_install_action (widget_class, "live.focus-search", NULL, focus_search_action);
  gtk_widget_class_install_action (widget_class, "live.filter", "s", set_filter_action);
  gtk_widget_class_install_action (widget_class, "live.show-totals", NULL, show_totals_action);
  gtk_widget_class_install_action (widget_class, "live.show-points", NULL, show_points_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "live.focus-search", NULL);
}

static void
pln_live_page_init (PlnLivePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->duration_labels = g_hash_table_new (NULL, NULL);
}

/* ---- Public API --------------------------------------------------------- */

PlnLivePage *
pln_live_page_new (PlnContext *context)
{
  g_return_val_if_fail (PLN_IS_CONTEXT (context), NULL);

  return g_object_new (PLN_TYPE_LIVE_PAGE, "context", context, NULL);
}

PlnContext *
pln_live_page_get_context (PlnLivePage *self)
{
  g_return_val_if_fail (PLN_IS_LIVE_PAGE (self), NULL);
  return self->context;
}

gint64
pln_live_page_get_event_id (PlnLivePage *self)
{
  g_return_val_if_fail (PLN_IS_LIVE_PAGE (self), 0);
  return self->event_id;
}

gboolean
pln_live_page_select_event (PlnLivePage *self,
                            gint64       event_id)
{
  guint pos;

  g_return_val_if_fail (PLN_IS_LIVE_PAGE (self), FALSE);

  pos = event_position (self, event_id);
  if (pos == GTK_INVALID_LIST_POSITION)
    return FALSE;
  self->selecting = TRUE;
  gtk_drop_down_set_selected (self->events_dropdown, pos);
  self->selecting = FALSE;
  set_event (self, event_id);
  return TRUE;
}

gboolean
pln_live_page_get_portal_running (PlnLivePage *self)
{
  g_return_val_if_fail (PLN_IS_LIVE_PAGE (self), FALSE);
  return self->portal != NULL;
}
