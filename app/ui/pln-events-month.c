/* pln-events-month.c: see pln-events-month.h. The grid is built again
 * when the month or the events change (the list's items, or an event the
 * store's model updates in place): 42 days, a few buttons each. */
#define G_LOG_DOMAIN "plenary-events-page"

#include "config.h"

#include <glib/gi18n.h>

#include "pln-event.h"
#include "pln-events-month.h"
#include "pln-widget-util.h"

#define MAX_PER_DAY 3

struct _PlnEventsMonth
{
  AdwBin      parent_instance;

  GListModel *events;
  GPtrArray  *watched;     /* the events, each of which redraws on notify */
  PlnDebounce redraw;
  int         year;
  int         month;
  guint       n_shown;

  GtkLabel   *title;
  GtkGrid    *grid;
};

G_DEFINE_FINAL_TYPE (PlnEventsMonth, pln_events_month, ADW_TYPE_BIN)

enum {
  EVENT_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *month_names[] = {
  N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
  N_("July"), N_("August"), N_("September"), N_("October"), N_("November"), N_("December"),
};

static void rebuild (PlnEventsMonth *self);

/* The local (Vietnam) day of @t as days since 1 January 1 (GDate's Julian). */
static guint32
julian_of (GTimeZone *tz,
           gint64     t)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (t);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);
  g_autoptr(GDate) date = g_date_new_dmy (g_date_time_get_day_of_month (local),
                                          g_date_time_get_month (local),
                                          g_date_time_get_year (local));

  return g_date_get_julian (date);
}

static void
on_event_clicked_cb (GtkButton      *button,
                     PlnEventsMonth *self)
{
  gint64 *id = g_object_get_data (G_OBJECT (button), "pln-event-id");

  if (id != NULL)
    g_signal_emit (self, signals[EVENT_ACTIVATED], 0, *id);
}

static GtkWidget *
event_button (PlnEventsMonth *self,
              PlnEvent       *event)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *label = gtk_label_new (pln_event_get_title (event));
  g_autofree char *when = pln_format_local_time (pln_event_get_starts_at (event), "%H:%M");
  /* Translators: an event in the month view: its start time and title. */
  g_autofree char *tooltip = g_strdup_printf (_("%s %s"), when, pln_event_get_title (event));
  gint64 id = pln_event_get_id (event);

  /* Two lines of the title, then an ellipsis: Vietnamese titles are long. */
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (label), 2);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_width_chars (GTK_LABEL (label), 1);
  gtk_widget_add_css_class (label, "caption");
  gtk_button_set_child (GTK_BUTTON (button), label);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_name (button, "events-month-event");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  g_object_set_data_full (G_OBJECT (button), "pln-event-id", g_memdup2 (&id, sizeof id), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (on_event_clicked_cb), self);
  return button;
}

static void
rebuild (PlnEventsMonth *self)
{
  g_autoptr(GTimeZone) tz = pln_event_dup_time_zone ();
  g_autoptr(GDate) first = g_date_new_dmy (1, self->month, self->year);
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autoptr(GDate) today = g_date_new_dmy (g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                                           g_date_time_get_year (now));
  g_autoptr(GPtrArray) days = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GHashTable) counted = g_hash_table_new (g_direct_hash, g_direct_equal);
  guint32 start_julian, first_julian = g_date_get_julian (first);
  guint n_days_in_month = g_date_get_days_in_month (self->month, self->year);
  GtkWidget *child;
  g_autofree char *title = NULL;

  /* Translators: the month view's title, "November 2022"; %s is a month. */
  pln_debounce_cancel (&self->redraw);
  title = g_strdup_printf (C_("month and year", "%s %d"), _(month_names[self->month - 1]), self->year);
  gtk_label_set_text (self->title, title);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))) != NULL)
    gtk_grid_remove (self->grid, child);

  /* Weekday headings, Monday first as Vietnamese calendars have it. */
  {
    const char *weekdays[] = { C_("weekday", "Mon"), C_("weekday", "Tue"), C_("weekday", "Wed"),
                               C_("weekday", "Thu"), C_("weekday", "Fri"), C_("weekday", "Sat"),
                               C_("weekday", "Sun") };

    for (int i = 0; i < 7; i++)
      {
        GtkWidget *label = gtk_label_new (weekdays[i]);

        gtk_widget_add_css_class (label, "dim-label");
        gtk_widget_add_css_class (label, "caption-heading");
        gtk_grid_attach (self->grid, label, i, 0, 1, 1);
      }
  }

  start_julian = first_julian - (g_date_get_weekday (first) - G_DATE_MONDAY);
  for (guint i = 0; i < 42; i++)
    g_ptr_array_add (days, g_ptr_array_new_with_free_func (g_object_unref));

  /* Each event in every day it spans (most last a morning). */
  self->n_shown = 0;
  for (guint i = 0; self->events != NULL && i < g_list_model_get_n_items (self->events); i++)
    {
      g_autoptr(PlnEvent) event = g_list_model_get_item (self->events, i);
      gint64 starts = pln_event_get_starts_at (event);
      gint64 ends = MAX (pln_event_get_ends_at (event), starts);
      guint32 from = julian_of (tz, starts);
      guint32 to = julian_of (tz, ends > starts ? ends - 1 : ends);

      for (guint32 d = MAX (from, start_julian); d <= to && d < start_julian + 42; d++)
        {
          g_ptr_array_add (g_ptr_array_index (days, d - start_julian), g_object_ref (event));
          if (d >= first_julian && d < first_julian + n_days_in_month &&
              !g_hash_table_contains (counted, event))
            {
              g_hash_table_add (counted, event);
              self->n_shown++;
            }
        }
    }

  /* A title or time changed in place redraws the month. */
  pln_watch_items (&self->watched, self->events, &self->redraw, pln_event_label_properties);

  for (guint i = 0; i < 42; i++)
    {
      GPtrArray *list = g_ptr_array_index (days, i);
      g_autoptr(GDate) date = g_date_new_julian (start_julian + i);
      GtkWidget *cell = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      g_autofree char *number = g_strdup_printf ("%u", g_date_get_day (date));
      GtkWidget *day = gtk_label_new (number);
      gboolean in_month = g_date_get_month (date) == (GDateMonth) self->month;

      gtk_widget_set_name (cell, in_month ? "events-month-day" : "events-month-other-day");
      gtk_widget_add_css_class (cell, "card");
      gtk_widget_set_hexpand (cell, TRUE);
      gtk_widget_set_vexpand (cell, TRUE);
      gtk_widget_set_size_request (cell, 40, 64);
      gtk_label_set_xalign (GTK_LABEL (day), 0);
      gtk_widget_set_margin_start (day, 6);
      gtk_widget_set_margin_top (day, 3);
      gtk_widget_add_css_class (day, "numeric");
      if (!in_month)
        gtk_widget_add_css_class (day, "dim-label");
      if (g_date_compare (date, today) == 0)
        {
          gtk_widget_add_css_class (day, "accent");
          gtk_widget_add_css_class (day, "heading");
        }
      gtk_box_append (GTK_BOX (cell), day);
      if (!in_month)
        gtk_widget_set_opacity (cell, 0.6);

      for (guint j = 0; j < list->len && j < MAX_PER_DAY; j++)
        gtk_box_append (GTK_BOX (cell), event_button (self, g_ptr_array_index (list, j)));
      if (list->len > MAX_PER_DAY)
        {
          guint more = list->len - MAX_PER_DAY;
          /* Translators: below the events a day has room for. */
          g_autofree char *text = g_strdup_printf (ngettext ("%u more", "%u more", more), more);
          GtkWidget *label = gtk_label_new (text);

          gtk_widget_add_css_class (label, "dim-label");
          gtk_widget_add_css_class (label, "caption");
          gtk_box_append (GTK_BOX (cell), label);
        }
      gtk_grid_attach (self->grid, cell, i % 7, 1 + i / 7, 1, 1);
    }
}

static void
redraw_cb (gpointer user_data)
{
  rebuild (user_data);
}

static void
step_month (PlnEventsMonth *self,
            int             delta)
{
  int index = self->year * 12 + (self->month - 1) + delta;

  pln_events_month_set_month (self, index / 12, index % 12 + 1);
}

static void
previous_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  step_month (PLN_EVENTS_MONTH (widget), -1);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  step_month (PLN_EVENTS_MONTH (widget), 1);
}

static void
today_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  pln_events_month_show_time (PLN_EVENTS_MONTH (widget), g_get_real_time () / G_USEC_PER_SEC);
}

static void
pln_events_month_dispose (GObject *object)
{
  PlnEventsMonth *self = (PlnEventsMonth *)object;

  pln_debounce_cancel (&self->redraw);
  pln_watch_items (&self->watched, NULL, &self->redraw, NULL);
  if (self->events != NULL)
    g_signal_handlers_disconnect_by_data (self->events, self);
  g_clear_object (&self->events);

  G_OBJECT_CLASS (pln_events_month_parent_class)->dispose (object);
}

static void
pln_events_month_class_init (PlnEventsMonthClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pln_events_month_dispose;

  /* ::event-activated (gint64 id) */
  signals[EVENT_ACTIVATED] = g_signal_new ("event-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_install_action (widget_class, "month.previous", NULL, previous_action);
  gtk_widget_class_install_action (widget_class, "month.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "month.today", NULL, today_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "month.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "month.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, GDK_CONTROL_MASK, "month.today", NULL);
}

static GtkWidget *
nav_button (const char *icon,
            const char *action,
            const char *tooltip,
            const char *name)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_name (button, name);
  return button;
}

static void
pln_events_month_init (PlnEventsMonth *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *linked = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *today = gtk_button_new_with_mnemonic (_("_Today"));
  GtkWidget *scroller = gtk_scrolled_window_new ();
  g_autoptr(GTimeZone) tz = pln_event_dup_time_zone ();
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);

  pln_debounce_init (&self->redraw, 0, redraw_cb, self);

  self->title = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->title), "events-month-title");
  gtk_widget_add_css_class (GTK_WIDGET (self->title), "title-3");
  gtk_label_set_xalign (self->title, 0);
  /* "Tháng Mười Một năm 2022" cut to "Tháng Mười…" on a phone would name
   * another month: a second line instead. */
  gtk_label_set_wrap (self->title, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->title), TRUE);

  gtk_widget_add_css_class (linked, "linked");
  gtk_box_append (GTK_BOX (linked), nav_button ("go-previous-symbolic", "month.previous",
                                                _("Previous Month (Page Up)"), "events-month-previous"));
  gtk_box_append (GTK_BOX (linked), nav_button ("go-next-symbolic", "month.next",
                                                _("Next Month (Page Down)"), "events-month-next"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (today), "month.today");
  gtk_widget_set_name (today, "events-month-today");
  gtk_widget_set_tooltip_text (today, _("This Month (Ctrl+Home)"));
  gtk_widget_set_valign (today, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (linked, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->title));
  gtk_box_append (GTK_BOX (header), today);
  gtk_box_append (GTK_BOX (header), linked);

  self->grid = GTK_GRID (gtk_grid_new ());
  gtk_widget_set_name (GTK_WIDGET (self->grid), "events-month-grid");
  gtk_grid_set_column_homogeneous (self->grid, TRUE);
  gtk_grid_set_row_spacing (self->grid, 4);
  gtk_grid_set_column_spacing (self->grid, 4);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->grid));
  gtk_widget_set_vexpand (scroller, TRUE);

  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), scroller);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 12);
  adw_bin_set_child (ADW_BIN (self), box);

  self->year = g_date_time_get_year (now);
  self->month = g_date_time_get_month (now);
  rebuild (self);
}

PlnEventsMonth *
pln_events_month_new (void)
{
  return g_object_new (PLN_TYPE_EVENTS_MONTH, NULL);
}

void
pln_events_month_set_model (PlnEventsMonth *self,
                            GListModel     *events)
{
  g_return_if_fail (PLN_IS_EVENTS_MONTH (self));

  if (self->events != NULL)
    g_signal_handlers_disconnect_by_data (self->events, self);
  g_set_object (&self->events, events);
  if (events != NULL)
    g_signal_connect_swapped (events, "items-changed", G_CALLBACK (rebuild), self);
  rebuild (self);
}

void
pln_events_month_set_month (PlnEventsMonth *self,
                            int             year,
                            int             month)
{
  g_return_if_fail (PLN_IS_EVENTS_MONTH (self));
  g_return_if_fail (month >= 1 && month <= 12);
  g_return_if_fail (year >= 1 && year <= 9999);

  if (self->year == year && self->month == month)
    return;
  self->year = year;
  self->month = month;
  rebuild (self);
}

void
pln_events_month_show_time (PlnEventsMonth *self,
                            gint64          unix_seconds)
{
  g_autoptr(GTimeZone) tz = pln_event_dup_time_zone ();
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_seconds);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);

  g_return_if_fail (PLN_IS_EVENTS_MONTH (self));
  pln_events_month_set_month (self, g_date_time_get_year (local), g_date_time_get_month (local));
}

int
pln_events_month_get_year (PlnEventsMonth *self)
{
  g_return_val_if_fail (PLN_IS_EVENTS_MONTH (self), 0);
  return self->year;
}

int
pln_events_month_get_month (PlnEventsMonth *self)
{
  g_return_val_if_fail (PLN_IS_EVENTS_MONTH (self), 0);
  return self->month;
}

guint
pln_events_month_get_n_shown (PlnEventsMonth *self)
{
  g_return_val_if_fail (PLN_IS_EVENTS_MONTH (self), 0);
  return self->n_shown;
}
