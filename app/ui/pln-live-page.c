/* pln-live-page.c: see pln-live-page.h. The columns, the totals and the
 * portal switch are in pln-live-page-{cells,totals,portal}.c.
 *
 * The portal lives here rather than in PlnContext: libplenary-portal links
 * libplenary-services (the portal takes the context), so the context cannot
 * create a portal without a circular dependency; the UI layer sits above
 * both. */
#define G_LOG_DOMAIN "plenary-live-page"

#include "config.h"

#include <glib/gi18n.h>

#include "pln-list-find.h"
#include "pln-live-page-private.h"
#include "pln-text-fold.h"

G_DEFINE_FINAL_TYPE (PlnLivePage, pln_live_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_EVENT_ID,
  PROP_PORTAL_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];


/* ---- Helpers ------------------------------------------------------------ */

void
_pln_live_page_show_toast (PlnLivePage *self,
                           const char  *message,
                           guint        timeout)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, timeout);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
_pln_live_page_notify_portal_running (PlnLivePage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORTAL_RUNNING]);
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

static void
update_subtitle (PlnLivePage *self)
{
  guint pos;
  g_autoptr(PlnEvent) event = NULL;
  g_autofree char *starts = NULL;
  g_autofree char *ends = NULL;
  g_autofree char *text = NULL;

  if (!pln_list_find_id (self->events, self->event_id, &pos))
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
  g_strfreev (self->search_tokens);
  self->search_tokens = pln_search_tokens_new (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  refilter (self);
}

static void
refilter_cb (gpointer user_data)
{
  PlnLivePage *self = PLN_LIVE_PAGE (user_data);

  refilter (self);
}

/* A point whose link status changed may leave or enter the filter; the
 * points model updates its objects in place, so watch them. */
static void
on_point_link_status_cb (PlnLivePage *self)
{
  if (!gtk_toggle_button_get_active (self->filter_all))
    pln_debounce_queue (&self->refilter_later);
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
      guint pos;
      g_autoptr(PlnEvent) event = pln_list_find_id (self->events, event_id, &pos) ? g_list_model_get_item (self->events, pos) : NULL;

      if (event != NULL)
        self->event_ends_at = pln_event_get_ends_at (event);
    }
  gtk_filter_list_model_set_model (self->filtered, self->points);
  update_subtitle (self);
  update_points_stack (self);
  _pln_live_page_refresh_totals (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENT_ID]);
}

/* ---- Event list --------------------------------------------------------- */

static void
sync_event_selection (PlnLivePage *self)
{
  guint n = g_list_model_get_n_items (self->events);
  guint pos;

  gtk_stack_set_visible_child_name (self->main_stack, n > 0 ? "live" : "empty");
  if (!pln_list_find_id (self->events, self->event_id, &pos) && n > 0)
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

/* Drawn again when the store's model renames or moves the event in place. */
static void
draw_event_item (GObject     *event,
                 GParamSpec  *pspec,
                 GtkListItem *item)
{
  g_autofree char *text = event_label (PLN_EVENT (event));

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

static void
bind_event_item_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  user_data)
{
  pln_list_item_follow (item, draw_event_item, pln_event_label_properties);
}

static void
unbind_event_item_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      gpointer                  user_data)
{
  pln_list_item_unfollow (item, draw_event_item);
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

  _pln_live_page_add_column (self, COLUMN_SITE, _("Site"), TRUE);
  _pln_live_page_add_column (self, COLUMN_DISTRICT, _("District"), FALSE);
  _pln_live_page_add_column (self, COLUMN_LEVEL, _("Level"), FALSE);
  _pln_live_page_add_column (self, COLUMN_LINK, _("Link"), FALSE);
  _pln_live_page_add_column (self, COLUMN_EXPECTED, _("Expected"), FALSE);
  _pln_live_page_add_column (self, COLUMN_REPORTED, _("Reported"), FALSE);
  _pln_live_page_add_column (self, COLUMN_CONNECTED, _("Connected"), FALSE);

  self->filter = gtk_custom_filter_new (filter_match_cb, self, NULL);
  self->filtered = gtk_filter_list_model_new (NULL, GTK_FILTER (g_object_ref (self->filter)));
  g_signal_connect_swapped (self->filtered, "items-changed",
                            G_CALLBACK (on_filtered_items_changed_cb), self);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->filtered)));
  gtk_column_view_set_model (self->points_view, GTK_SELECTION_MODEL (selection));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_event_item_cb), GINT_TO_POINTER (FALSE));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_event_item_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_event_item_cb), NULL);
  gtk_drop_down_set_factory (self->events_dropdown, factory);
  g_object_unref (factory);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_event_item_cb), GINT_TO_POINTER (TRUE));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_event_item_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_event_item_cb), NULL);
  gtk_drop_down_set_list_factory (self->events_dropdown, factory);
  g_object_unref (factory);

  self->events = pln_store_get_events_model (store);
  gtk_drop_down_set_model (self->events_dropdown, self->events);
  g_signal_connect_object (self->events, "items-changed",
                           G_CALLBACK (on_events_items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->events_dropdown, "notify::selected",
                           G_CALLBACK (on_dropdown_selected_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (store, "changed", G_CALLBACK (_pln_live_page_on_store_changed_cb), self, 0);
  g_signal_connect (self->filter_all, "toggled", G_CALLBACK (on_filter_toggled_cb), self);
  g_signal_connect (self->filter_waiting, "toggled", G_CALLBACK (on_filter_toggled_cb), self);
  g_signal_connect (self->filter_lost, "toggled", G_CALLBACK (on_filter_toggled_cb), self);
  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (on_search_changed_cb), self);
  _pln_live_page_portal_init (self);

  self->tick_id = g_timeout_add_seconds (30, _pln_live_page_tick_cb, self);
  sync_event_selection (self);
}

static void
pln_live_page_dispose (GObject *object)
{
  PlnLivePage *self = PLN_LIVE_PAGE (object);

  _pln_live_page_stop_portal (self);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  pln_debounce_cancel (&self->totals_later);
  pln_debounce_cancel (&self->refilter_later);
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

  properties[PROP_CONTEXT] = pln_context_param_spec_new ();
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
  pln_debounce_init (&self->refilter_later, 0, refilter_cb, self);
  pln_debounce_init (&self->totals_later, 100, _pln_live_page_refresh_totals_now, self);
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

  if (!pln_list_find_id (self->events, event_id, &pos))
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
