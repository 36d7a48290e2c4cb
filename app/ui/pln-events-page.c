/* pln-events-page.c: see pln-events-page.h. */
#define G_LOG_DOMAIN "plenary-events-page"

#include "config.h"

#include <glib/gi18n.h>

#include "pln-calendar-writer.h"
#include "pln-events-page-private.h"
#include "pln-list-find.h"
#include "pln-text-fold.h"
#include "pln-widget-util.h"

G_DEFINE_FINAL_TYPE (PlnEventsPage, pln_events_page, ADW_TYPE_BIN)

static PlnStore *
get_store (PlnEventsPage *self)
{
  return pln_context_get_store (self->context);
}

void
_pln_events_page_show_toast (PlnEventsPage *self,
                             const char    *message)
{
  /* One toast at a time: the newest replaces the one shown (libadwaita
   * 1.2 trips over a queue of toasts when the window goes). */
  if (self->toast != NULL)
    adw_toast_dismiss (self->toast);
  g_clear_object (&self->toast);
  self->toast = adw_toast_new (message);
  adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (self->toast));
}

gboolean
_pln_event_is_past (PlnEvent *event,
                    gint64    now)
{
  gint64 end = pln_event_get_ends_at (event);

  if (end == 0)
    end = pln_event_get_starts_at (event);
  return end < now;
}

/* The search: every word, without accents, in the title, host or kind. */
static gboolean
search_match_cb (gpointer item,
                 gpointer user_data)
{
  PlnEventsPage *self = PLN_EVENTS_PAGE (user_data);
  PlnEvent *event = PLN_EVENT (item);
  g_autofree char *haystack = NULL;
  g_autofree char *folded = NULL;

  if (self->search_tokens == NULL)
    return TRUE;

  haystack = g_strjoin (" ", pln_event_get_title (event),
                        pln_event_get_host_site_name (event) != NULL ? pln_event_get_host_site_name (event) : "",
                        pln_event_kind_get_label (pln_event_get_kind (event)),
                        NULL);
  folded = pln_text_fold (haystack);
  for (guint i = 0; self->search_tokens[i] != NULL; i++)
    if (strstr (folded, self->search_tokens[i]) == NULL)
      return FALSE;
  return TRUE;
}

/* The list: upcoming or past, and the search. */
static gboolean
filter_match_cb (gpointer item,
                 gpointer user_data)
{
  PlnEventsPage *self = PLN_EVENTS_PAGE (user_data);

  if (_pln_event_is_past (PLN_EVENT (item), g_get_real_time () / G_USEC_PER_SEC) != self->show_past)
    return FALSE;
  return search_match_cb (item, user_data);
}

static int
sort_cb (gconstpointer a,
         gconstpointer b,
         gpointer      user_data)
{
  PlnEventsPage *self = PLN_EVENTS_PAGE (user_data);
  gint64 sa = pln_event_get_starts_at (PLN_EVENT ((gpointer) a));
  gint64 sb = pln_event_get_starts_at (PLN_EVENT ((gpointer) b));
  int order = sa < sb ? -1 : sa > sb ? 1 : 0;

  /* Upcoming: soonest first; past: latest first. */
  return self->show_past ? -order : order;
}

static void
update_state (PlnEventsPage *self)
{
  gboolean any = g_list_model_get_n_items (self->events) > 0;
  gboolean shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) > 0;

  gtk_stack_set_visible_child_name (self->main_stack, any ? "events" : "empty");
  gtk_stack_set_visible_child_name (self->list_stack, shown ? "list" : "no-results");
  if (self->search_tokens != NULL)
    {
      adw_status_page_set_title (self->no_results, _("No Matching Events"));
      adw_status_page_set_description (self->no_results,
                                       _("No event has this title or host. Accents do not matter: “quang ninh” finds “Quảng Ninh”."));
    }
  else if (self->show_past)
    {
      adw_status_page_set_title (self->no_results, _("No Past Events"));
      adw_status_page_set_description (self->no_results, _("Events show here once they are over."));
    }
  else
    {
      adw_status_page_set_title (self->no_results, _("No Upcoming Events"));
      adw_status_page_set_description (self->no_results,
                                       _("Schedule one with New, or look through the past events."));
    }
  _pln_events_page_update_actions (self);
}

/* The month view keeps its month while a result shows in it; otherwise it
 * goes to the first result's. */
static void
follow_search_in_month (PlnEventsPage *self)
{
  g_autoptr(PlnEvent) first = NULL;

  if (self->search_tokens == NULL || pln_events_month_get_n_shown (self->month_view) > 0 ||
      g_list_model_get_n_items (G_LIST_MODEL (self->searched)) == 0)
    return;
  first = g_list_model_get_item (G_LIST_MODEL (self->searched), 0);
  pln_events_month_show_time (self->month_view, pln_event_get_starts_at (first));
}

static void
refilter (PlnEventsPage *self)
{
  gtk_filter_changed (GTK_FILTER (self->search_filter), GTK_FILTER_CHANGE_DIFFERENT);
  follow_search_in_month (self);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
  update_state (self);
}

static void
on_search_changed_cb (PlnEventsPage *self)
{
  g_strfreev (self->search_tokens);
  self->search_tokens = pln_search_tokens_new (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  refilter (self);
}

static void
on_past_toggled_cb (PlnEventsPage *self)
{
  pln_events_page_set_show_past (self, gtk_toggle_button_get_active (self->past_button));
}

static void
on_month_toggled_cb (PlnEventsPage *self)
{
  pln_events_page_set_view (self, gtk_toggle_button_get_active (self->month_button) ? "month" : "list");
}

/* An event clicked in the month: selected in the list, and opened. */
static void
on_month_event_activated_cb (PlnEventsMonth *month,
                             gint64          id,
                             PlnEventsPage  *self)
{
  g_autoptr(PlnEvent) event = pln_store_get_event (get_store (self), id, NULL);

  if (event == NULL)
    return;
  pln_events_page_set_show_past (self, _pln_event_is_past (event, g_get_real_time () / G_USEC_PER_SEC));
  if (pln_events_page_select_id (self, id))
    gtk_widget_activate_action (GTK_WIDGET (self), "events.edit", NULL);
}

static void
on_events_changed_cb (PlnEventsPage *self)
{
  /* The store's model refreshes a moment after a write: the event just
   * saved or copied gets selected once it is listed. */
  if (self->pending_select != 0 && pln_events_page_select_id (self, self->pending_select))
    self->pending_select = 0;
  update_state (self);
}

void
_pln_events_page_select_soon (PlnEventsPage *self,
                              gint64         id)
{
  self->pending_select = pln_events_page_select_id (self, id) ? 0 : id;
}

/* ---- The toolbar: one row, or two on a narrow page ---------------------- */

/* The toolbar lays its children out in one row when the search field gets
 * at least SEARCH_COMFORTABLE pixels there; on a narrower page (a phone,
 * or Vietnamese labels at 360 px) the search field and what follows it
 * (New, the event menu) go to a second row, the search field as wide as
 * that row. The search field is the toolbar's child that expands. */
#define TOOLBAR_SPACING 6
#define SEARCH_COMFORTABLE 160

static GtkWidget *
toolbar_split_child (GtkWidget *toolbar)
{
  for (GtkWidget *child = gtk_widget_get_first_child (toolbar); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_should_layout (child) && gtk_widget_get_hexpand (child))
      return child;
  return NULL;
}

/* The widths of the shown children from @from up to (not with) @to, side
 * by side; the expanding child counts at least @expand_min. */
static void
toolbar_row_width (GtkWidget *from,
                   GtkWidget *to,
                   int        expand_min,
                   int       *min,
                   int       *nat)
{
  int n = 0;

  *min = *nat = 0;
  for (GtkWidget *child = from; child != NULL && child != to; child = gtk_widget_get_next_sibling (child))
    {
      int child_min, child_nat;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &child_min, &child_nat, NULL, NULL);
      if (gtk_widget_get_hexpand (child))
        child_min = MAX (child_min, expand_min);
      *min += child_min;
      *nat += MAX (child_min, child_nat);
      n++;
    }
  if (n > 1)
    {
      *min += (n - 1) * TOOLBAR_SPACING;
      *nat += (n - 1) * TOOLBAR_SPACING;
    }
}

static gboolean
toolbar_fits_one_row (GtkWidget *toolbar,
                      int        width)
{
  int min, nat;

  if (toolbar_split_child (toolbar) == NULL)
    return TRUE;
  toolbar_row_width (gtk_widget_get_first_child (toolbar), NULL, SEARCH_COMFORTABLE, &min, &nat);
  return width >= min;
}

/* The height of the shown children from @from up to @to, in one row. */
static void
toolbar_row_height (GtkWidget *from,
                    GtkWidget *to,
                    int       *min,
                    int       *nat)
{
  *min = *nat = 0;
  for (GtkWidget *child = from; child != NULL && child != to; child = gtk_widget_get_next_sibling (child))
    {
      int child_min, child_nat;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, -1, &child_min, &child_nat, NULL, NULL);
      *min = MAX (*min, child_min);
      *nat = MAX (*nat, child_nat);
    }
}

static GtkSizeRequestMode
toolbar_request_mode_cb (GtkWidget *toolbar)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
toolbar_measure_cb (GtkWidget      *toolbar,
                    GtkOrientation  orientation,
                    int             for_size,
                    int            *minimum,
                    int            *natural,
                    int            *minimum_baseline,
                    int            *natural_baseline)
{
  GtkWidget *first = gtk_widget_get_first_child (toolbar);
  GtkWidget *split = toolbar_split_child (toolbar);
  int min1, nat1, min2, nat2;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* At least each row of two; at best everything in one. */
      toolbar_row_width (first, NULL, 0, minimum, natural);
      if (split != NULL)
        {
          toolbar_row_width (first, split, 0, &min1, &nat1);
          toolbar_row_width (split, NULL, 0, &min2, &nat2);
          *minimum = MAX (min1, min2);
        }
      *natural = MAX (*natural, *minimum);
    }
  else if (for_size < 0 || toolbar_fits_one_row (toolbar, for_size))
    toolbar_row_height (first, NULL, minimum, natural);
  else
    {
      toolbar_row_height (first, split, &min1, &nat1);
      toolbar_row_height (split, NULL, &min2, &nat2);
      *minimum = min1 + TOOLBAR_SPACING + min2;
      *natural = nat1 + TOOLBAR_SPACING + nat2;
    }
}

/* One row from @from up to @to at @y: each child as wide as it likes, the
 * expanding one takes what is left (at least its minimum). */
static void
toolbar_allocate_row (GtkWidget *toolbar,
                      GtkWidget *from,
                      GtkWidget *to,
                      int        width,
                      int        y,
                      int        height)
{
  gboolean rtl = gtk_widget_get_direction (toolbar) == GTK_TEXT_DIR_RTL;
  int fixed = 0, n = 0, x = 0;

  for (GtkWidget *child = from; child != NULL && child != to; child = gtk_widget_get_next_sibling (child))
    {
      int child_min, child_nat;

      if (!gtk_widget_should_layout (child))
        continue;
      n++;
      if (gtk_widget_get_hexpand (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &child_min, &child_nat, NULL, NULL);
      fixed += MAX (child_min, child_nat);
    }
  if (n > 1)
    fixed += (n - 1) * TOOLBAR_SPACING;

  for (GtkWidget *child = from; child != NULL && child != to; child = gtk_widget_get_next_sibling (child))
    {
      int child_min, child_nat, w;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &child_min, &child_nat, NULL, NULL);
      w = gtk_widget_get_hexpand (child) ? MAX (child_min, width - fixed) : MAX (child_min, child_nat);
      gtk_widget_size_allocate (child,
                                &(GtkAllocation) { rtl ? width - x - w : x, y, w, height },
                                -1);
      x += w + TOOLBAR_SPACING;
    }
}

static void
toolbar_allocate_cb (GtkWidget *toolbar,
                     int        width,
                     int        height,
                     int        baseline)
{
  GtkWidget *first = gtk_widget_get_first_child (toolbar);
  GtkWidget *split = toolbar_split_child (toolbar);
  int min1, nat1, min2, nat2;

  if (toolbar_fits_one_row (toolbar, width))
    {
      toolbar_allocate_row (toolbar, first, NULL, width, 0, height);
      return;
    }
  toolbar_row_height (first, split, &min1, &nat1);
  toolbar_row_height (split, NULL, &min2, &nat2);
  toolbar_allocate_row (toolbar, first, split, width, 0, nat1);
  toolbar_allocate_row (toolbar, split, NULL, width, nat1 + TOOLBAR_SPACING, MAX (min2, height - nat1 - TOOLBAR_SPACING));
}

/* ---- Rows --------------------------------------------------------------- */

static void
row_setup_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *when = gtk_label_new (NULL);
  GtkWidget *counts = gtk_label_new (NULL);

  gtk_widget_set_hexpand (texts, TRUE);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (when), 0);
  gtk_label_set_wrap (GTK_LABEL (when), TRUE);
  gtk_widget_add_css_class (when, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (counts), 1);
  /* "191 points · 1 085 expected" takes two lines on a phone (three in
   * Vietnamese), not one word a line; one line where there is room (it
   * asks for one line: otherwise the row's two lines of title and time
   * let it wrap at any width). */
  gtk_label_set_wrap (GTK_LABEL (counts), TRUE);
  gtk_label_set_natural_wrap_mode (GTK_LABEL (counts), GTK_NATURAL_WRAP_NONE);
  gtk_label_set_width_chars (GTK_LABEL (counts), 13);
  gtk_label_set_justify (GTK_LABEL (counts), GTK_JUSTIFY_RIGHT);
  gtk_widget_set_valign (counts, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (counts, "dim-label");
  gtk_widget_add_css_class (counts, "numeric");
  gtk_widget_set_name (counts, "events-row-counts");

  gtk_box_append (GTK_BOX (texts), title);
  gtk_box_append (GTK_BOX (texts), when);
  gtk_box_append (GTK_BOX (box), texts);
  gtk_box_append (GTK_BOX (box), counts);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  g_object_set_data (G_OBJECT (box), "pln-title", title);
  g_object_set_data (G_OBJECT (box), "pln-when", when);
  g_object_set_data (G_OBJECT (box), "pln-counts", counts);
  gtk_list_item_set_child (item, box);
}

/* @text with no-break spaces for its spaces. */
static char *
keep_together (char *text)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);

  g_free (text);
  return g_strjoinv ("\u00a0", words);
}

/* The store's model updates an event in place when its points change (an
 * editor saves them after the event itself), so a bound row follows its
 * event's notifications rather than showing it once. */
static void
row_show_event (GtkWidget *box,
                PlnEvent  *event)
{
  const char *host = pln_event_get_host_site_name (event);
  guint n_points = pln_event_get_n_points (event);
  gint64 expected = pln_event_get_expected_total (event);
  g_autofree char *starts = pln_format_local_time (pln_event_get_starts_at (event), "%d/%m/%Y %H:%M");
  g_autofree char *ends = pln_format_local_time (pln_event_get_ends_at (event), "%H:%M");
  g_autofree char *when = NULL;
  g_autofree char *n_text = pln_group_digits (n_points);
  g_autofree char *e_text = pln_group_digits (expected);
  g_autofree char *points = NULL;
  g_autofree char *expected_text = NULL;
  g_autofree char *counts = NULL;

  if (host != NULL && *host != '\0')
    /* Translators: "10/11/2022 08:00–11:30 · Conference · Sở Y tế Quảng Ninh". */
    when = g_strdup_printf (_("%s–%s · %s · %s"), starts, ends,
                            pln_event_kind_get_label (pln_event_get_kind (event)), host);
  else
    when = g_strdup_printf (_("%s–%s · %s"), starts, ends,
                            pln_event_kind_get_label (pln_event_get_kind (event)));
  points = g_strdup_printf (ngettext ("%s point", "%s points", n_points), n_text);
  expected_text = g_strdup_printf (ngettext ("%s expected", "%s expected", (gulong) expected), e_text);
  /* Each half stays on one line ("dự kiến 144 người", never "dự / kiến"). */
  points = keep_together (g_steal_pointer (&points));
  expected_text = keep_together (g_steal_pointer (&expected_text));
  counts = g_strdup_printf (_("%s · %s"), points, expected_text);

  gtk_label_set_text (g_object_get_data (G_OBJECT (box), "pln-title"), pln_event_get_title (event));
  gtk_label_set_text (g_object_get_data (G_OBJECT (box), "pln-when"), when);
  gtk_label_set_text (g_object_get_data (G_OBJECT (box), "pln-counts"), counts);
}

static void
draw_row (GObject     *event,
          GParamSpec  *pspec,
          GtkListItem *item)
{
  row_show_event (gtk_list_item_get_child (item), PLN_EVENT (event));
}

static void
row_bind_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  static const char * const shown[] = { "title", "starts-at", "ends-at", "kind", "host-site-name",
                                        "n-points", "expected-total", NULL };

  pln_list_item_follow (item, draw_row, shown);
}

static void
row_unbind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  pln_list_item_unfollow (item, draw_row);
}

static void
on_row_activated_cb (GtkListView   *view,
                     guint          position,
                     PlnEventsPage *self)
{
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self), "events.edit", NULL);
}

/* ---- GObject ------------------------------------------------------------ */

static void
pln_events_page_constructed (GObject *object)
{
  PlnEventsPage *self = (PlnEventsPage *)object;
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  G_OBJECT_CLASS (pln_events_page_parent_class)->constructed (object);
  g_return_if_fail (PLN_IS_CONTEXT (self->context));

  self->events = pln_store_get_events_model (get_store (self));
  self->filter = gtk_custom_filter_new (filter_match_cb, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (self->events),
                                              g_object_ref (GTK_FILTER (self->filter)));
  self->sorter = gtk_custom_sorter_new (sort_cb, self, NULL);
  self->sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filtered)),
                                          g_object_ref (GTK_SORTER (self->sorter)));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->sorted)));
  self->search_filter = gtk_custom_filter_new (search_match_cb, self, NULL);
  self->searched = gtk_filter_list_model_new (g_object_ref (self->events),
                                              g_object_ref (GTK_FILTER (self->search_filter)));
  pln_events_month_set_model (self->month_view, G_LIST_MODEL (self->searched));
  g_signal_connect (self->month_view, "event-activated", G_CALLBACK (on_month_event_activated_cb), self);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);

  g_signal_connect (factory, "setup", G_CALLBACK (row_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (row_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (row_unbind_cb), self);
  gtk_list_view_set_factory (self->events_view, factory);
  gtk_list_view_set_model (self->events_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_swapped (self->events, "items-changed", G_CALLBACK (on_events_changed_cb), self);
  g_signal_connect_swapped (self->filtered, "items-changed", G_CALLBACK (on_events_changed_cb), self);
  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (_pln_events_page_update_actions), self);
  g_signal_connect (self->events_view, "activate", G_CALLBACK (on_row_activated_cb), self);
  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (on_search_changed_cb), self);
  g_signal_connect_swapped (self->past_button, "toggled", G_CALLBACK (on_past_toggled_cb), self);
  g_signal_connect_swapped (self->month_button, "toggled", G_CALLBACK (on_month_toggled_cb), self);

  update_state (self);
}

static void
pln_events_page_dispose (GObject *object)
{
  PlnEventsPage *self = (PlnEventsPage *)object;

  _pln_events_page_actions_dispose (self);
  if (self->events != NULL)
    g_signal_handlers_disconnect_by_data (self->events, self);
  if (self->filtered != NULL)
    g_signal_handlers_disconnect_by_data (self->filtered, self);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  if (self->toast != NULL)
    adw_toast_dismiss (self->toast);
  g_clear_object (&self->toast);
  /* AdwBin would unparent its child again after the template did. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PLN_TYPE_EVENTS_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->sorted);
  g_clear_object (&self->sorter);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->searched);
  g_clear_object (&self->search_filter);
  g_clear_object (&self->events);
  g_clear_pointer (&self->search_tokens, g_strfreev);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (pln_events_page_parent_class)->dispose (object);
}

static void
pln_events_page_class_init (PlnEventsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pln_events_page_constructed;
  object_class->dispose = pln_events_page_dispose;

  pln_widget_class_install_context (object_class, G_STRUCT_OFFSET (PlnEventsPage, context));

  g_type_ensure (PLN_TYPE_EVENTS_MONTH);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/plenary/Plenary/ui/pln-events-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PlnEventsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PlnEventsPage, main_stack);
  gtk_widget_class_bind_template_child (widget_class, PlnEventsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, PlnEventsPage, list_button);
  gtk_widget_class_bind_template_child (widget_class, PlnEventsPage, month_button);
  gtk_widget_class_bind_template_child (widget_class, PlnEventsPage, toolbar);
  gtk_widget_class_bind_template_child (widget_class, PlnEventsPage, period_box);
  gtk_widget_class_bind_template_child (widget_class, PlnEventsPage, views_stack);
  gtk_widget_class_bind_template_child (widget_class, PlnEventsPage, month_view);
  gtk_widget_class_bind_template_child (widget_class, PlnEventsPage, upcoming_button);
  gtk_widget_class_bind_template_child (widget_class, PlnEventsPage, past_button);
  gtk_widget_class_bind_template_child (widget_class, PlnEventsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PlnEventsPage, events_view);
  gtk_widget_class_bind_template_child (widget_class, PlnEventsPage, no_results);

  _pln_events_page_class_actions_init (klass);
}

static void
pln_events_page_init (PlnEventsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_layout_manager (self->toolbar, gtk_custom_layout_new (toolbar_request_mode_cb,
                                                                       toolbar_measure_cb,
                                                                       toolbar_allocate_cb));
}

PlnEventsPage *
pln_events_page_new (PlnContext *context)
{
  g_return_val_if_fail (PLN_IS_CONTEXT (context), NULL);
  return g_object_new (PLN_TYPE_EVENTS_PAGE, "context", context, NULL);
}

PlnContext *
pln_events_page_get_context (PlnEventsPage *self)
{
  g_return_val_if_fail (PLN_IS_EVENTS_PAGE (self), NULL);
  return self->context;
}

void
pln_events_page_set_show_past (PlnEventsPage *self,
                               gboolean       show_past)
{
  g_return_if_fail (PLN_IS_EVENTS_PAGE (self));

  show_past = !!show_past;
  if (gtk_toggle_button_get_active (self->past_button) != show_past)
    gtk_toggle_button_set_active (show_past ? self->past_button : self->upcoming_button, TRUE);
  if (self->show_past == show_past)
    return;
  self->show_past = show_past;
  refilter (self);
}

void
pln_events_page_set_view (PlnEventsPage *self,
                          const char    *view)
{
  gboolean month;

  g_return_if_fail (PLN_IS_EVENTS_PAGE (self));
  g_return_if_fail (g_strcmp0 (view, "list") == 0 || g_strcmp0 (view, "month") == 0);

  month = g_str_equal (view, "month");
  if (gtk_toggle_button_get_active (self->month_button) != month)
    gtk_toggle_button_set_active (month ? self->month_button : self->list_button, TRUE);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->views_stack), view) == 0)
    return;
  /* The month opens on the selected event's, else where it was. */
  if (month)
    {
      PlnEvent *event = gtk_single_selection_get_selected_item (self->selection);

      if (event != NULL)
        pln_events_month_show_time (self->month_view, pln_event_get_starts_at (event));
      follow_search_in_month (self);
    }
  gtk_widget_set_visible (self->period_box, !month);
  gtk_stack_set_visible_child_name (self->views_stack, view);
}

const char *
pln_events_page_get_view (PlnEventsPage *self)
{
  g_return_val_if_fail (PLN_IS_EVENTS_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->views_stack);
}

gint64
pln_events_page_get_selected_id (PlnEventsPage *self)
{
  PlnEvent *event;

  g_return_val_if_fail (PLN_IS_EVENTS_PAGE (self), 0);
  event = gtk_single_selection_get_selected_item (self->selection);
  return event != NULL ? pln_event_get_id (event) : 0;
}

gboolean
pln_events_page_select_id (PlnEventsPage *self,
                           gint64         event_id)
{
  guint pos;

  g_return_val_if_fail (PLN_IS_EVENTS_PAGE (self), FALSE);

  if (!pln_list_find_id (G_LIST_MODEL (self->selection), event_id, &pos))
    return FALSE;
  gtk_single_selection_set_selected (self->selection, pos);
  return TRUE;
}

static gint64
shift_year (GTimeZone *tz,
            gint64     t)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) later = NULL;

  if (t == 0)
    return 0;
  utc = g_date_time_new_from_unix_utc (t);
  local = g_date_time_to_timezone (utc, tz);
  later = g_date_time_add_years (local, 1);
  return later != NULL ? g_date_time_to_unix (later) : t;
}

gint64
pln_events_page_duplicate_event (PlnEventsPage *self,
                                 gint64         event_id,
                                 GError       **error)
{
  PlnStore *store;
  g_autoptr(PlnEvent) source = NULL;
  g_autoptr(PlnEvent) copy = NULL;
  g_autoptr(GTimeZone) tz = pln_event_dup_time_zone ();
  g_autoptr(GListModel) points = NULL;
  g_autoptr(GHashTable) groups = NULL;
  GListModel *agenda;
  GHashTableIter iter;
  gpointer key, value;
  gint64 id;

  g_return_val_if_fail (PLN_IS_EVENTS_PAGE (self), 0);
  store = get_store (self);

  source = pln_store_get_event (store, event_id, error);
  if (source == NULL)
    return 0;

  copy = pln_event_new ();
  pln_event_set_kind (copy, pln_event_get_kind (source));
  pln_event_set_title (copy, pln_event_get_title (source));
  pln_event_set_description (copy, pln_event_get_description (source));
  pln_event_set_starts_at (copy, shift_year (tz, pln_event_get_starts_at (source)));
  pln_event_set_ends_at (copy, shift_year (tz, pln_event_get_ends_at (source)));
  pln_event_set_host_site_id (copy, pln_event_get_host_site_id (source));
  agenda = pln_event_get_agenda (source);
  for (guint i = 0; i < g_list_model_get_n_items (agenda); i++)
    {
      g_autoptr(PlnAgendaItem) item = g_list_model_get_item (agenda, i);
      g_autoptr(PlnAgendaItem) item_copy = pln_agenda_item_new ();

      pln_agenda_item_set_position (item_copy, pln_agenda_item_get_position (item));
      pln_agenda_item_set_title (item_copy, pln_agenda_item_get_title (item));
      pln_agenda_item_set_speaker (item_copy, pln_agenda_item_get_speaker (item));
      pln_agenda_item_set_planned_start (item_copy, shift_year (tz, pln_agenda_item_get_planned_start (item)));
      pln_event_append_agenda_item (copy, item_copy);
    }

  id = pln_store_add_event (store, copy, error);
  if (id == 0)
    return 0;

  /* The points, grouped by expected head-count: one transaction each, new
   * tokens from the store. The host's point exists already. */
  points = pln_store_get_points_model (store, event_id);
  groups = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, (GDestroyNotify) g_array_unref);
  for (guint i = 0; i < g_list_model_get_n_items (points); i++)
    {
      g_autoptr(PlnBridgePoint) point = g_list_model_get_item (points, i);
      int expected = pln_bridge_point_get_expected_count (point);
      gint64 site_id = pln_bridge_point_get_site_id (point);
      GArray *ids;

      if (site_id == pln_event_get_host_site_id (copy))
        {
          g_autoptr(PlnBridgePoint) host = pln_store_find_point (store, id, site_id, NULL);

          if (host != NULL &&
              !pln_store_set_point_expected (store, pln_bridge_point_get_id (host), expected, error))
            return 0;
          continue;
        }
      ids = g_hash_table_lookup (groups, GINT_TO_POINTER (expected));
      if (ids == NULL)
        {
          ids = g_array_new (FALSE, FALSE, sizeof (gint64));
          g_hash_table_insert (groups, GINT_TO_POINTER (expected), ids);
        }
      g_array_append_val (ids, site_id);
    }
  g_hash_table_iter_init (&iter, groups);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (pln_store_add_points (store, id, value, GPOINTER_TO_INT (key), error) < 0)
      return 0;
  return id;
}

gboolean
pln_events_page_export_file (PlnEventsPage *self,
                             GFile         *file,
                             GError       **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (PLN_IS_EVENTS_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  text = pln_calendar_write (self->events, _("Plenary events"));
  return g_file_replace_contents (file, text, strlen (text), NULL, FALSE,
                                  G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, error);
}
