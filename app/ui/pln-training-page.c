/* pln-training-page.c: see pln-training-page.h.
 *
 * Reports over the whole staff (2 251 people × 30 recordings in the demo)
 * are worked out by pln_course_report_new_async, in a thread on a
 * connection of its own; the page only lays the figures out. */
#define G_LOG_DOMAIN "plenary-training-page"

#include "config.h"

#include <glib/gi18n.h>

#include "pln-bar-chart.h"
#include "pln-course-editor.h"
#include "pln-report-ui.h"
#include "pln-reports-view.h"
#include "pln-store-courses.h"
#include "pln-target-bar.h"
#include "pln-training-page.h"
#include "pln-widget-util.h"

struct _PlnTrainingPage
{
  AdwBin             parent_instance;

  PlnContext        *context;

  GListModel        *courses;
  /* course id → the list's row, for the figures that arrive later. */
  GHashTable        *course_rows;
  GCancellable      *summary_cancellable;

  gint64             course_id;
  PlnCourseGrouping  grouping;
  gboolean           best_first;
  PlnCourseReport   *report;
  GCancellable      *report_cancellable;
  gboolean           showing_reports;
  gboolean           selecting;
  PlnDebounce        reload_later;

  GtkStringList     *not_started_model;

  GtkWidget         *reports_view;

  AdwToastOverlay   *toast_overlay;
  AdwLeaflet        *leaflet;
  GtkWidget         *sidebar;
  GtkWidget         *content;
  GtkListBox        *course_list;
  GMenuModel        *course_menu;
  GtkWidget         *course_popover;
  GtkWidget         *no_courses_label;
  GtkListBox        *reports_list;
  GtkWidget         *attendance_row;
  GtkWidget         *year_row;
  GtkButton         *back_button;
  GtkStack          *content_stack;
  AdwStatusPage     *error_page;
  GtkSpinner        *spinner;
  AdwBin            *reports_bin;
  GtkLabel          *course_title;
  GtkLabel          *course_summary;
  GtkLabel          *headline;
  PlnTargetBar      *course_bar;
  GtkLabel          *headline_detail;
  PlnBarChart       *group_chart;
  GtkWidget         *chart_note;
  GtkListBox        *group_list;
  GtkLabel          *trend_caption;
  PlnBarChart       *trend_chart;
  GtkLabel          *not_started_heading;
  GtkWidget         *not_started_scroller;
  GtkColumnView     *not_started_view;
  GtkExpander       *items_expander;
  GtkLabel          *items_label;
};

G_DEFINE_FINAL_TYPE (PlnTrainingPage, pln_training_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_COURSE_ID,
  PROP_GROUPING,
  PROP_BEST_FIRST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Groups beyond which a chart of bars is no longer read (as in the PDF). */
#define MAX_CHART_GROUPS 40

static void show_course (PlnTrainingPage *self);

/* ---- Helpers ------------------------------------------------------------ */

static const char *
grouping_name (PlnCourseGrouping grouping)
{
  switch (grouping)
    {
    case PLN_COURSE_BY_UNIT:
      return "unit";
    case PLN_COURSE_BY_LEVEL:
      return "level";
    case PLN_COURSE_BY_DISTRICT:
    default:
      return "district";
    }
}

static double
share (guint part,
       guint whole)
{
  return whole > 0 ? (double) part / whole : 0.0;
}

static PlnStore *
get_store (PlnTrainingPage *self)
{
  return pln_context_get_store (self->context);
}

/* A line of the table: name, audience, started, completed, share, bar. */
static GtkWidget *
table_row (const char *name,
           const char *audience,
           const char *started,
           const char *completed,
           const char *percent,
           GtkWidget  *bar,
           const char *row_name)
{
  if (bar == NULL)
    bar = gtk_label_new ("");
  else
    gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (bar, 96, -1);
  return pln_report_ui_table_row (row_name,
                                  pln_report_ui_cell (name, "training-group-name", FALSE, 12),
                                  pln_report_ui_cell (audience, "training-group-audience", TRUE, 8),
                                  pln_report_ui_cell (started, "training-group-started", TRUE, 8),
                                  pln_report_ui_cell (completed, "training-group-completed", TRUE, 9),
                                  pln_report_ui_cell (percent, "training-group-percent", TRUE, 9),
                                  bar, NULL);
}

static GtkWidget *
figures_row (PlnCourseReport    *report,
             const PlnCourseRow *row,
             const char         *row_name)
{
  PlnCourse *course = pln_course_report_get_course (report);
  g_autofree char *audience = pln_format_count (row->audience);
  g_autofree char *started = pln_format_count (row->started);
  g_autofree char *completed = pln_format_count (row->completed);
  g_autofree char *percent = pln_report_ui_format_percent (pln_course_row_get_percent (row));
  GtkWidget *bar = pln_target_bar_new ();

  pln_target_bar_set_fraction (PLN_TARGET_BAR (bar), share (row->completed, row->audience));
  pln_target_bar_set_started (PLN_TARGET_BAR (bar), share (row->started, row->audience));
  pln_target_bar_set_target (PLN_TARGET_BAR (bar), pln_course_get_target_percent (course) / 100.0);
  return table_row (row->label, audience, started, completed, percent, bar, row_name);
}

static char *
target_text (PlnCourse *course)
{
  gint64 date = pln_course_get_target_date (course);

  if (date > 0)
    {
      /* Translators: a date, strftime-like: "10 Oct 2025". */
      g_autofree char *day = pln_format_local_time (date, _("%e %b %Y"));

      /* Translators: the course's target: "90 % by 10 Oct 2025". */
      return g_strdup_printf (_("%u %% by %s"), pln_course_get_target_percent (course), g_strstrip (day));
    }
  /* Translators: the course's target without a date: "90 %". */
  return g_strdup_printf (_("%u %%"), pln_course_get_target_percent (course));
}

/* ---- Course list -------------------------------------------------------- */

static void
update_course_row (GtkWidget       *row,
                   PlnCourseReport *report)
{
  const PlnCourseRow *total = pln_course_report_get_total (report);
  PlnCourse *course = pln_course_report_get_course (report);
  PlnTargetBar *bar = g_object_get_data (G_OBJECT (row), "bar");
  GtkLabel *figures = g_object_get_data (G_OBJECT (row), "figures");
  g_autofree char *completed = pln_format_count (total->completed);
  g_autofree char *audience = pln_format_count (total->audience);
  g_autofree char *percent = pln_report_ui_format_percent (pln_course_row_get_percent (total));
  g_autofree char *text = NULL;

  pln_target_bar_set_fraction (bar, share (total->completed, total->audience));
  pln_target_bar_set_started (bar, share (total->started, total->audience));
  pln_target_bar_set_target (bar, pln_course_get_target_percent (course) / 100.0);
  /* Translators: a course in the list: "1 590 of 2 251 completed (70.6 %) · target 90 %". */
  text = g_strdup_printf (_("%s of %s completed (%s) · target %u %%"),
                          completed, audience, percent, pln_course_get_target_percent (course));
  gtk_label_set_text (figures, text);
}

static void
on_summary_ready_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(PlnTrainingPage) self = user_data;
  g_autoptr(PlnCourseReport) report = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *row;

  report = pln_course_report_new_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->course_rows == NULL)
    return;
  if (report == NULL)
    {
      g_warning ("Could not work out a course's progress: %s", error->message);
      return;
    }
  row = g_hash_table_lookup (self->course_rows,
                             &(gint64) { pln_course_get_id (pln_course_report_get_course (report)) });
  if (row != NULL)
    update_course_row (row, report);
}

static GtkWidget *
course_row_new (PlnCourse *course)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new (pln_course_get_title (course));
  GtkWidget *bar = pln_target_bar_new ();
  GtkWidget *figures = gtk_label_new (_("Working out the progress…"));

  gtk_widget_set_name (row, "training-course-row");
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (figures), 0);
  gtk_label_set_wrap (GTK_LABEL (figures), TRUE);
  gtk_widget_set_name (figures, "training-course-figures");
  gtk_widget_add_css_class (figures, "dim-label");
  gtk_widget_add_css_class (figures, "caption");
  pln_target_bar_set_target (PLN_TARGET_BAR (bar), pln_course_get_target_percent (course) / 100.0);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), bar);
  gtk_box_append (GTK_BOX (box), figures);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  g_object_set_data (G_OBJECT (row), "bar", bar);
  g_object_set_data (G_OBJECT (row), "figures", figures);
  g_object_set_data (G_OBJECT (row), "course-id", GINT_TO_POINTER ((int) pln_course_get_id (course)));
  return row;
}

static GtkWidget *
find_course_row (PlnTrainingPage *self,
                 gint64           course_id)
{
  return g_hash_table_lookup (self->course_rows, &course_id);
}

static void
select_row_quietly (PlnTrainingPage *self,
                    GtkListBox      *list,
                    GtkWidget       *row)
{
  self->selecting = TRUE;
  if (row != NULL)
    gtk_list_box_select_row (list, GTK_LIST_BOX_ROW (row));
  else
    gtk_list_box_unselect_all (list);
  self->selecting = FALSE;
}

static void
load_courses (PlnTrainingPage *self)
{
  g_autoptr(GError) error = NULL;
  guint n;
  gboolean found = FALSE;

  g_cancellable_cancel (self->summary_cancellable);
  g_clear_object (&self->summary_cancellable);
  self->summary_cancellable = g_cancellable_new ();

  g_clear_object (&self->courses);
  self->courses = pln_store_list_courses (get_store (self), &error);
  if (self->courses == NULL)
    {
      g_warning ("Could not list the courses: %s", error->message);
      self->courses = G_LIST_MODEL (g_list_store_new (PLN_TYPE_COURSE));
    }

  g_hash_table_remove_all (self->course_rows);
  self->selecting = TRUE;
  pln_report_ui_clear_list_box (self->course_list);
  self->selecting = FALSE;
  n = g_list_model_get_n_items (self->courses);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlnCourse) course = g_list_model_get_item (self->courses, i);
      GtkWidget *row = course_row_new (course);
      gint64 *key = g_new (gint64, 1);

      *key = pln_course_get_id (course);
      found |= *key == self->course_id;
      g_hash_table_insert (self->course_rows, key, row);
      gtk_list_box_append (self->course_list, row);
      /* The whole audience's progress, for the bar in the list. */
      pln_course_report_new_async (get_store (self), *key, PLN_COURSE_BY_LEVEL,
                                   self->summary_cancellable, on_summary_ready_cb,
                                   g_object_ref (self));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->course_list), n > 0);
  gtk_widget_set_visible (self->no_courses_label, n == 0);

  if (!found)
    {
      self->course_id = 0;
      g_clear_object (&self->report);
      if (n > 0)
        {
          g_autoptr(PlnCourse) first = g_list_model_get_item (self->courses, 0);

          self->course_id = pln_course_get_id (first);
        }
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COURSE_ID]);
    }
}

/* ---- The course's report ------------------------------------------------ */

static void
fill_summary (PlnTrainingPage *self,
              PlnCourse       *course)
{
  GPtrArray *items = pln_course_get_items (course);
  const char *rule = pln_course_get_audience_rule (course);
  const char *role = pln_course_get_audience_role (course);
  gint64 date = pln_course_get_target_date (course);
  g_autofree char *target = NULL;
  g_autofree char *audience = NULL;
  g_autofree char *summary = NULL;
  g_autoptr(GString) list = g_string_new (NULL);
  const char *description = pln_course_get_description (course);

  if (date > 0)
    {
      g_autofree char *day = pln_format_local_time (date, _("%e %b %Y"));

      /* Translators: the course's target: "90 % of the audience by 10 Oct 2025". */
      target = g_strdup_printf (_("%u %% of the audience by %s"), pln_course_get_target_percent (course),
                                g_strstrip (day));
    }
  else
    /* Translators: the course's target without a date. */
    target = g_strdup_printf (_("%u %% of the audience"), pln_course_get_target_percent (course));
  if (rule == NULL || *rule == '\0')
    audience = g_strdup (_("all staff"));
  else
    audience = g_strdup (rule);
  if (role != NULL && *role != '\0')
    {
      g_autofree char *with_role = NULL;

      /* Translators: an audience narrowed by job titles: "level=commune, titles: trạm trưởng". */
      with_role = g_strdup_printf (_("%s, titles: %s"), audience, role);
      g_free (audience);
      audience = g_steal_pointer (&with_role);
    }
  summary = g_strdup_printf (ngettext ("%u item · audience: %s · an item counts when %u %% of it is watched · target: %s",
                                       "%u items · audience: %s · an item counts when %u %% of it is watched · target: %s",
                                       items->len),
                             items->len, audience, pln_course_get_completion_percent (course), target);
  if (description != NULL && *description != '\0')
    {
      g_autofree char *both = g_strdup_printf ("%s\n%s", description, summary);

      gtk_label_set_text (self->course_summary, both);
    }
  else
    gtk_label_set_text (self->course_summary, summary);

  for (guint i = 0; i < items->len; i++)
    {
      const PlnCourseItem *item = g_ptr_array_index (items, i);
      gint64 minutes = pln_course_item_get_span_ms (item) / 60000;
      gint64 event_id = 0;

      if (list->len > 0)
        g_string_append_c (list, '\n');
      g_string_append_printf (list, "%u. %s", item->position, item->title != NULL ? item->title : "");
      if (minutes > 0)
        /* Translators: an item's length, after its title. */
        g_string_append_printf (list, _(" (%lld min)"), (long long) minutes);
      event_id = pln_store_get_item_attendance_event (get_store (self), item->id);
      if (event_id != 0)
        {
          g_autoptr(PlnEvent) event = pln_store_get_event (get_store (self), event_id, NULL);

          if (event != NULL)
            /* Translators: after an item: presence at this event counts for it. */
            g_string_append_printf (list, _(" — presence at “%s” counts"), pln_event_get_title (event));
        }
    }
  gtk_label_set_text (self->items_label, list->str);
  {
    g_autofree char *heading = g_strdup_printf (ngettext ("The course’s %u item", "The course’s %u items", items->len),
                                                items->len);

    gtk_expander_set_label (self->items_expander, heading);
  }
}

static void
fill_headline (PlnTrainingPage *self,
               PlnCourseReport *report)
{
  PlnCourse *course = pln_course_report_get_course (report);
  const PlnCourseRow *total = pln_course_report_get_total (report);
  guint target = pln_course_get_target_percent (course);
  guint needed = (guint) ((total->audience * (guint64) target + 99) / 100);
  g_autofree char *completed = pln_format_count (total->completed);
  g_autofree char *audience = pln_format_count (total->audience);
  g_autofree char *percent = pln_report_ui_format_percent (pln_course_row_get_percent (total));
  g_autofree char *started = pln_format_count (total->started);
  g_autofree char *target_str = target_text (course);
  g_autofree char *text = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *when = pln_format_local_time (pln_course_report_get_made_at (report), "%H:%M");

  /* Translators: the course's headline: "1 590 of 2 251 completed (70.6 %)". */
  text = g_strdup_printf (_("%s of %s completed (%s)"), completed, audience, percent);
  gtk_label_set_text (self->headline, text);
  pln_target_bar_set_fraction (self->course_bar, share (total->completed, total->audience));
  pln_target_bar_set_started (self->course_bar, share (total->started, total->audience));
  pln_target_bar_set_target (self->course_bar, target / 100.0);

  if (total->completed >= needed)
    /* Translators: under the headline: started; target; made at. */
    detail = g_strdup_printf (_("%s started · target %s: reached · worked out at %s"),
                              started, target_str, when);
  else
    {
      g_autofree char *more = pln_format_count (needed - total->completed);

      /* Translators: under the headline: started; target; how many more must complete; made at. */
      detail = g_strdup_printf (_("%s started · target %s: %s more to complete · worked out at %s"),
                                started, target_str, more, when);
    }
  gtk_label_set_text (self->headline_detail, detail);
}

/* Highest share completed first, then most people completed, then name:
 * the units to reward at the top. */
static int
compare_best_first (gconstpointer a,
                    gconstpointer b)
{
  const PlnCourseRow *x = *(const PlnCourseRow * const *) a;
  const PlnCourseRow *y = *(const PlnCourseRow * const *) b;
  double px = pln_course_row_get_percent (x);
  double py = pln_course_row_get_percent (y);

  if (px != py)
    return px > py ? -1 : 1;
  if (x->completed != y->completed)
    return x->completed > y->completed ? -1 : 1;
  return g_utf8_collate (x->label, y->label);
}

/* The report's groups in the order shown: the report's, or best first. */
static GPtrArray *
shown_rows (PlnTrainingPage *self,
            PlnCourseReport *report)
{
  guint n = pln_course_report_get_n_rows (report);
  GPtrArray *rows = g_ptr_array_sized_new (n);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (rows, (gpointer) pln_course_report_get_row (report, i));
  if (self->best_first)
    g_ptr_array_sort (rows, compare_best_first);
  return rows;
}

static void
fill_groups (PlnTrainingPage *self,
             PlnCourseReport *report)
{
  PlnCourse *course = pln_course_report_get_course (report);
  g_autoptr(GPtrArray) rows = shown_rows (self, report);
  guint n = rows->len;
  guint target = pln_course_get_target_percent (course);
  const char *group_title;
  GtkWidget *header;

  pln_bar_chart_clear (self->group_chart);
  if (n <= MAX_CHART_GROUPS)
    {
      g_autofree char *target_label = NULL;

      for (guint i = 0; i < n; i++)
        {
          const PlnCourseRow *row = g_ptr_array_index (rows, i);
          g_autofree char *percent = pln_report_ui_format_percent (pln_course_row_get_percent (row));

          pln_bar_chart_add (self->group_chart, row->label, pln_course_row_get_percent (row),
                             row->audience > 0 ? row->started * 100.0 / row->audience : 0, percent);
        }
      pln_bar_chart_set_maximum (self->group_chart, 100);
      /* Translators: the chart's dashed line. */
      target_label = g_strdup_printf (_("Target %u %%"), target);
      pln_bar_chart_set_target (self->group_chart, target, target_label);
      pln_bar_chart_set_legend (self->group_chart, _("Completed"), _("Started"));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->group_chart), n > 0 && n <= MAX_CHART_GROUPS);
  gtk_widget_set_visible (self->chart_note, n > MAX_CHART_GROUPS);

  switch (pln_course_report_get_grouping (report))
    {
    case PLN_COURSE_BY_UNIT:
      group_title = C_("table header", "Unit");
      break;
    case PLN_COURSE_BY_LEVEL:
      group_title = C_("table header", "Level");
      break;
    case PLN_COURSE_BY_DISTRICT:
    default:
      group_title = C_("table header", "District");
      break;
    }
  pln_report_ui_clear_list_box (self->group_list);
  header = table_row (group_title, _("Audience"), _("Started"), _("Completed"), _("Completed %"),
                      NULL, "training-header-row");
  gtk_widget_add_css_class (header, "training-table-header");
  gtk_list_box_append (self->group_list, header);
  for (guint i = 0; i < n; i++)
    gtk_list_box_append (self->group_list,
                         figures_row (report, g_ptr_array_index (rows, i), "training-group-row"));
  {
    GtkWidget *total = figures_row (report, pln_course_report_get_total (report), "training-total-row");

    gtk_widget_add_css_class (total, "training-table-total");
    gtk_list_box_append (self->group_list, total);
  }
}

static void
fill_trend (PlnTrainingPage *self,
            PlnCourseReport *report)
{
  GArray *trend = pln_course_report_get_trend (report);
  const PlnCourseRow *total = pln_course_report_get_total (report);
  guint target = pln_course_get_target_percent (pln_course_report_get_course (report));
  g_autofree char *target_label = NULL;

  pln_bar_chart_clear (self->trend_chart);
  for (guint i = 0; i < trend->len; i++)
    {
      const PlnCourseTrendPoint *point = &g_array_index (trend, PlnCourseTrendPoint, i);
      g_autoptr(GDateTime) month = g_date_time_new_utc (point->year, point->month, 1, 0, 0, 0);
      /* Translators: a month under the trend's columns: "Jul 2025". */
      g_autofree char *label = g_date_time_format (month, _("%b %Y"));
      g_autofree char *value = pln_report_ui_format_percent (share (point->completed, total->audience) * 100);

      pln_bar_chart_add (self->trend_chart, label, share (point->completed, total->audience) * 100,
                         share (point->started, total->audience) * 100, value);
    }
  pln_bar_chart_set_maximum (self->trend_chart, 100);
  target_label = g_strdup_printf (_("Target %u %%"), target);
  pln_bar_chart_set_target (self->trend_chart, target, target_label);
  pln_bar_chart_set_legend (self->trend_chart, _("Completed"), _("Started"));
  gtk_widget_set_visible (GTK_WIDGET (self->trend_chart), trend->len > 0);
  gtk_label_set_text (self->trend_caption,
                      trend->len > 0 ? _("The share of the audience that had started and completed by the end of each month (Vietnam time).")
                                     : _("Nobody has started yet: the trend shows once someone watches an item."));
}

static void
fill_not_started (PlnTrainingPage *self,
                  PlnCourseReport *report)
{
  GPtrArray *people = pln_course_report_get_not_started (report);
  g_autofree char *count = pln_format_count (people->len);
  g_autofree char *heading = NULL;

  pln_report_ui_set_rows (self->not_started_model, people->len);
  if (people->len == 0)
    heading = g_strdup (_("Everyone in the audience has started"));
  else
    /* Translators: a heading; %s is a number of people. */
    heading = g_strdup_printf (ngettext ("Who has not started (%s person)", "Who has not started (%s people)",
                                         people->len),
                               count);
  gtk_label_set_text (self->not_started_heading, heading);
  gtk_widget_set_visible (self->not_started_scroller, people->len > 0);
}

static void
show_report (PlnTrainingPage *self,
             PlnCourseReport *report)
{
  PlnCourse *course = pln_course_report_get_course (report);

  g_set_object (&self->report, report);
  gtk_label_set_text (self->course_title, pln_course_get_title (course));
  fill_summary (self, course);
  fill_headline (self, report);
  fill_groups (self, report);
  fill_trend (self, report);
  fill_not_started (self, report);
  gtk_spinner_stop (self->spinner);
  gtk_stack_set_visible_child_name (self->content_stack, "course");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "training.export-pdf", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "training.export-csv", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "training.delete-course", TRUE);
}

static void
on_report_ready_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(PlnTrainingPage) self = user_data;
  g_autoptr(PlnCourseReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = pln_course_report_new_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->context == NULL)
    return;
  if (report == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("%s. Check the course with “plenary courses show %lld”."),
                                               error->message, (long long) self->course_id);

      adw_status_page_set_description (self->error_page, text);
      gtk_spinner_stop (self->spinner);
      gtk_stack_set_visible_child_name (self->content_stack, "error");
      return;
    }
  if (pln_course_get_id (pln_course_report_get_course (report)) != self->course_id ||
      pln_course_report_get_grouping (report) != self->grouping || self->showing_reports)
    return;
  show_report (self, report);
}

static void
show_course (PlnTrainingPage *self)
{
  g_cancellable_cancel (self->report_cancellable);
  g_clear_object (&self->report_cancellable);

  self->showing_reports = FALSE;
  select_row_quietly (self, self->reports_list, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "training.export-pdf", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "training.export-csv", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "training.delete-course", FALSE);
  if (self->course_id == 0)
    {
      g_clear_object (&self->report);
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
      return;
    }

  select_row_quietly (self, self->course_list, find_course_row (self, self->course_id));
  /* Keep the old figures on screen while the same course is worked out
   * again (a change in the store); a different course shows a spinner. */
  if (self->report == NULL ||
      pln_course_get_id (pln_course_report_get_course (self->report)) != self->course_id ||
      pln_course_report_get_grouping (self->report) != self->grouping)
    {
      g_clear_object (&self->report);
      gtk_spinner_start (self->spinner);
      gtk_stack_set_visible_child_name (self->content_stack, "loading");
    }
  self->report_cancellable = g_cancellable_new ();
  pln_course_report_new_async (get_store (self), self->course_id, self->grouping,
                               self->report_cancellable, on_report_ready_cb, g_object_ref (self));
}

/* ---- Not started list --------------------------------------------------- */

typedef enum
{
  PERSON_STAFF_NUMBER,
  PERSON_NAME,
  PERSON_TITLE,
  PERSON_SITE,
  PERSON_DISTRICT,
} PersonColumn;

static char *
person_text (gpointer user_data,
             guint    row,
             int      column)
{
  PlnTrainingPage *self = user_data;
  GPtrArray *people;
  const PlnCoursePerson *person;

  if (self->report == NULL)
    return NULL;
  people = pln_course_report_get_not_started (self->report);
  if (row >= people->len)
    return NULL;
  person = g_ptr_array_index (people, row);
  switch ((PersonColumn) column)
    {
    case PERSON_STAFF_NUMBER:
      return g_strdup (person->staff_number);
    case PERSON_NAME:
      return g_strdup (person->name);
    case PERSON_TITLE:
      return g_strdup (person->title);
    case PERSON_SITE:
      return g_strdup (person->site);
    case PERSON_DISTRICT:
    default:
      return g_strdup (person->district);
    }
}

/* ---- Actions ------------------------------------------------------------ */

static char *
suggested_name (PlnTrainingPage *self,
                const char      *what,
                const char      *suffix)
{
  return g_strdup_printf ("course-%" G_GINT64_FORMAT "-%s.%s", self->course_id, what, suffix);
}

static void
export_csv_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PlnTrainingPage *self = PLN_TRAINING_PAGE (widget);
  const char *which = g_variant_get_string (parameter, NULL);
  g_autofree char *name = NULL;
  char *csv;

  if (self->report == NULL)
    return;
  if (g_str_equal (which, "not-started"))
    csv = pln_course_report_format_not_started_csv (self->report);
  else if (g_str_equal (which, "trend"))
    csv = pln_course_report_format_trend_csv (self->report);
  else
    {
      which = grouping_name (self->grouping);
      csv = pln_course_report_format_csv (self->report);
    }
  name = suggested_name (self, which, "csv");
  pln_report_export_run (pln_report_export_new_csv (csv, name), widget, self->toast_overlay);
}

static void
export_pdf_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PlnTrainingPage *self = PLN_TRAINING_PAGE (widget);
  g_autofree char *name = NULL;

  if (self->report == NULL)
    return;
  name = suggested_name (self, grouping_name (self->grouping), "pdf");
  pln_report_export_run (pln_report_export_new_pdf (G_OBJECT (self->report), NULL, name),
                         widget, self->toast_overlay);
}

static void
set_grouping (PlnTrainingPage *self,
              const char      *name)
{
  PlnCourseGrouping grouping;

  if (name == NULL || !pln_course_grouping_from_string (name, &grouping) || grouping == self->grouping)
    return;
  self->grouping = grouping;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GROUPING]);
  if (self->context != NULL && self->courses != NULL)
    show_course (self);
}

static void
on_course_created_cb (PlnCourseEditor *editor,
                      gint64           course_id,
                      PlnTrainingPage *self)
{
  pln_debounce_cancel (&self->reload_later);
  load_courses (self);
  pln_training_page_select_course (self, course_id);
}

static void
new_course_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PlnTrainingPage *self = PLN_TRAINING_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  PlnCourseEditor *editor = pln_course_editor_new (self->context, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);

  g_signal_connect_object (editor, "created", G_CALLBACK (on_course_created_cb), self, 0);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
edit_course_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PlnTrainingPage *self = PLN_TRAINING_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GError) error = NULL;
  PlnCourseEditor *editor;

  if (self->course_id == 0 || self->showing_reports)
    return;
  editor = pln_course_editor_new_for_course (self->context, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                             self->course_id, &error);
  if (editor == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not open the course: %s"), error->message);

      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
      return;
    }
  /* The store's ::changed reloads the page too, but later (debounced). */
  g_signal_connect_object (editor, "saved", G_CALLBACK (on_course_created_cb), self, 0);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
on_delete_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       PlnTrainingPage  *self)
{
  gint64 course_id = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "course-id"));
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "delete") != 0)
    return;
  if (!pln_store_delete_course (get_store (self), course_id, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not delete the course: %s"), error->message);

      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
      return;
    }
  pln_debounce_cancel (&self->reload_later);
  pln_training_page_reload (self);
}

static void
delete_course_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PlnTrainingPage *self = PLN_TRAINING_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  PlnCourse *course;
  GtkWidget *dialog;

  if (self->report == NULL)
    return;
  course = pln_course_report_get_course (self->report);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Delete the Course?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("“%s” and its targets go. What people watched stays, and counts again in any course made of the same recordings."),
                                  pln_course_get_title (course));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "course-id", GINT_TO_POINTER ((int) pln_course_get_id (course)));
  gtk_widget_set_name (dialog, "training-delete-dialog");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- Signal callbacks --------------------------------------------------- */

static void
on_course_row_selected_cb (GtkListBox      *list,
                           GtkListBoxRow   *row,
                           PlnTrainingPage *self)
{
  gint64 id;

  if (self->selecting || row == NULL)
    return;
  id = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "course-id"));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  if (id == self->course_id && !self->showing_reports && self->report != NULL)
    return;
  if (id != self->course_id)
    {
      self->course_id = id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COURSE_ID]);
    }
  show_course (self);
}

/* A right click on a course: select it and offer its menu (Edit, Delete). */
static void
on_course_list_pressed_cb (GtkGestureClick *gesture,
                           int              n_press,
                           double           x,
                           double           y,
                           PlnTrainingPage *self)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_y (self->course_list, (int) y);
  double px = x, py = y;

  if (row == NULL)
    return;
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_list_box_select_row (self->course_list, row);
  gtk_widget_translate_coordinates (GTK_WIDGET (self->course_list), gtk_widget_get_parent (self->course_popover),
                                    x, y, &px, &py);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->course_popover),
                               &(GdkRectangle) { (int) px, (int) py, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->course_popover));
}

static void
on_report_row_selected_cb (GtkListBox      *list,
                           GtkListBoxRow   *row,
                           PlnTrainingPage *self)
{
  if (self->selecting || row == NULL)
    return;
  pln_training_page_show_reports (self, GTK_WIDGET (row) == self->year_row ? "year" : "attendance");
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
on_back_clicked_cb (GtkButton       *button,
                    PlnTrainingPage *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
reload_timeout_cb (gpointer user_data)
{
  PlnTrainingPage *self = user_data;

  pln_training_page_reload (self);
}

static void
on_store_changed_cb (PlnStore        *store,
                     const char      *table,
                     PlnTrainingPage *self)
{
  if (table != NULL && !g_str_equal (table, "courses") && !g_str_equal (table, "progress") &&
      !g_str_equal (table, "people") && !g_str_equal (table, "sites") &&
      !g_str_equal (table, PLN_STORE_CHANGED_EXTERNAL))
    return;
  /* Progress arrives in bursts (a player writes every few seconds, the
   * portal for many viewers): work the figures out again at most every
   * two seconds. */
  pln_debounce_queue (&self->reload_later);
}

/* ---- Overrides ---------------------------------------------------------- */

static void
pln_training_page_constructed (GObject *object)
{
  PlnTrainingPage *self = (PlnTrainingPage *)object;
  GtkNoSelection *selection;

  G_OBJECT_CLASS (pln_training_page_parent_class)->constructed (object);

  g_return_if_fail (PLN_IS_CONTEXT (self->context));

  self->reports_view = GTK_WIDGET (pln_reports_view_new (self->context));
  adw_bin_set_child (self->reports_bin, self->reports_view);

  self->not_started_model = gtk_string_list_new (NULL);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->not_started_model)));
  gtk_column_view_set_model (self->not_started_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
  pln_report_ui_add_column (self->not_started_view, _("Staff number"), PERSON_STAFF_NUMBER, FALSE, FALSE,
                            person_text, self);
  pln_report_ui_add_column (self->not_started_view, _("Name"), PERSON_NAME, FALSE, TRUE, person_text, self);
  pln_report_ui_add_column (self->not_started_view, C_("person", "Title"), PERSON_TITLE, FALSE, TRUE,
                            person_text, self);
  pln_report_ui_add_column (self->not_started_view, _("Site"), PERSON_SITE, FALSE, TRUE, person_text, self);
  pln_report_ui_add_column (self->not_started_view, C_("table header", "District"), PERSON_DISTRICT, FALSE, TRUE,
                            person_text, self);

  g_signal_connect_object (get_store (self), "changed", G_CALLBACK (on_store_changed_cb), self, 0);

  load_courses (self);
  show_course (self);
}

static void
pln_training_page_dispose (GObject *object)
{
  PlnTrainingPage *self = (PlnTrainingPage *)object;

  g_cancellable_cancel (self->report_cancellable);
  g_clear_object (&self->report_cancellable);
  g_cancellable_cancel (self->summary_cancellable);
  g_clear_object (&self->summary_cancellable);
  pln_debounce_cancel (&self->reload_later);
  if (self->not_started_view != NULL)
    gtk_column_view_set_model (self->not_started_view, NULL);
  g_clear_pointer (&self->course_popover, gtk_widget_unparent);
  /* The template's top widget is AdwBin's child: AdwBin must let go of it
   * before the template drops it, or it would unparent a freed widget. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PLN_TYPE_TRAINING_PAGE);
  self->reports_view = NULL;
  g_clear_pointer (&self->course_rows, g_hash_table_unref);
  g_clear_object (&self->not_started_model);
  g_clear_object (&self->courses);
  g_clear_object (&self->report);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (pln_training_page_parent_class)->dispose (object);
}

static void
pln_training_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PlnTrainingPage *self = PLN_TRAINING_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_COURSE_ID:
      g_value_set_int64 (value, self->course_id);
      break;
    case PROP_GROUPING:
      g_value_set_string (value, grouping_name (self->grouping));
      break;
    case PROP_BEST_FIRST:
      g_value_set_boolean (value, self->best_first);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pln_training_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  PlnTrainingPage *self = PLN_TRAINING_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_GROUPING:
      set_grouping (self, g_value_get_string (value));
      break;
    case PROP_BEST_FIRST:
      if (self->best_first != g_value_get_boolean (value))
        {
          self->best_first = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
          if (self->report != NULL)
            fill_groups (self, self->report);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pln_training_page_class_init (PlnTrainingPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pln_training_page_constructed;
  object_class->dispose = pln_training_page_dispose;
  object_class->get_property = pln_training_page_get_property;
  object_class->set_property = pln_training_page_set_property;

  properties[PROP_CONTEXT] = pln_context_param_spec_new ();
  properties[PROP_COURSE_ID] =
    g_param_spec_int64 ("course-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* "unit", "district" or "level": how the course's report groups people. */
  properties[PROP_GROUPING] =
    g_param_spec_string ("grouping", NULL, NULL, "district",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The groups sorted by their share completed, best first. */
  properties[PROP_BEST_FIRST] =
    g_param_spec_boolean ("best-first", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PLN_TYPE_BAR_CHART);
  g_type_ensure (PLN_TYPE_TARGET_BAR);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/plenary/Plenary/ui/pln-training-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PlnTrainingPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PlnTrainingPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, PlnTrainingPage, sidebar);
  gtk_widget_class_bind_template_child (widget_class, PlnTrainingPage, content);
  gtk_widget_class_bind_template_child (widget_class, PlnTrainingPage, course_list);
  gtk_widget_class_bind_template_child (widget_class, PlnTrainingPage, no_courses_label);
  gtk_widget_class_bind_template_child (widget_class, PlnTrainingPage, reports_list);
  gtk_widget_class_bind_template_child (widget_class, PlnTrainingPage, attendance_row);
  gtk_widget_class_bind_template_child (widget_class, PlnTrainingPage, year_row);
  gtk_widget_class_bind_template_child (widget_class, PlnTrainingPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, PlnTrainingPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, PlnTrainingPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, PlnTrainingPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, PlnTrainingPage, reports_bin);
  gtk_widget_class_bind_template_child (widget_class, PlnTrainingPage, course_title);
  gtk_widget_class_bind_template_child (widget_class, PlnTrainingPage, course_summary);
  gtk_widget_class_bind_template_child (widget_class, PlnTrainingPage, headline);
  gtk_widget_class_bind_template_child (widget_class, PlnTrainingPage, course_bar);
  gtk_widget_class_bind_template_child (widget_class, PlnTrainingPage, headline_detail);
  gtk_widget_class_bind_template_child (widget_class, PlnTrainingPage, group_chart);
  gtk_widget_class_bind_template_child (widget_class, PlnTrainingPage, chart_note);
  gtk_widget_class_bind_template_child (widget_class, PlnTrainingPage, group_list);
  gtk_widget_class_bind_template_child (widget_class, PlnTrainingPage, trend_caption);
  gtk_widget_class_bind_template_child (widget_class, PlnTrainingPage, trend_chart);
  gtk_widget_class_bind_template_child (widget_class, PlnTrainingPage, not_started_heading);
  gtk_widget_class_bind_template_child (widget_class, PlnTrainingPage, not_started_scroller);
  gtk_widget_class_bind_template_child (widget_class, PlnTrainingPage, not_started_view);
  gtk_widget_class_bind_template_child (widget_class, PlnTrainingPage, items_expander);
  gtk_widget_class_bind_template_child (widget_class, PlnTrainingPage, items_label);
  gtk_widget_class_bind_template_child (widget_class, PlnTrainingPage, course_menu);

  gtk_widget_class_install_action (widget_class, "training.export-csv", "s", export_csv_action);
  gtk_widget_class_install_action (widget_class, "training.export-pdf", NULL, export_pdf_action);
  gtk_widget_class_install_action (widget_class, "training.new-course", NULL, new_course_action);
  gtk_widget_class_install_action (widget_class, "training.delete-course", NULL, delete_course_action);
  gtk_widget_class_install_action (widget_class, "training.edit-course", NULL, edit_course_action);
  gtk_widget_class_install_property_action (widget_class, "training.by", "grouping");
  gtk_widget_class_install_property_action (widget_class, "training.best-first", "best-first");
}

static void
pln_training_page_init (PlnTrainingPage *self)
{
  self->grouping = PLN_COURSE_BY_DISTRICT;
  pln_debounce_init (&self->reload_later, 2000, reload_timeout_cb, self);
  self->course_rows = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (self->course_list, "row-selected", G_CALLBACK (on_course_row_selected_cb), self);
  {
    GtkGesture *click = gtk_gesture_click_new ();

    gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
    g_signal_connect (click, "pressed", G_CALLBACK (on_course_list_pressed_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self->course_list), GTK_EVENT_CONTROLLER (click));
    self->course_popover = gtk_popover_menu_new_from_model (self->course_menu);
    gtk_popover_set_has_arrow (GTK_POPOVER (self->course_popover), FALSE);
    gtk_widget_set_halign (self->course_popover, GTK_ALIGN_START);
    /* On the list's box: the list's own children are its rows, cleared on reload. */
    gtk_widget_set_parent (self->course_popover, gtk_widget_get_parent (GTK_WIDGET (self->course_list)));
  }
  g_signal_connect (self->reports_list, "row-selected", G_CALLBACK (on_report_row_selected_cb), self);
  g_signal_connect (self->back_button, "clicked", G_CALLBACK (on_back_clicked_cb), self);
}

/* ---- Public API --------------------------------------------------------- */

PlnTrainingPage *
pln_training_page_new (PlnContext *context)
{
  g_return_val_if_fail (PLN_IS_CONTEXT (context), NULL);

  return g_object_new (PLN_TYPE_TRAINING_PAGE, "context", context, NULL);
}

PlnContext *
pln_training_page_get_context (PlnTrainingPage *self)
{
  g_return_val_if_fail (PLN_IS_TRAINING_PAGE (self), NULL);
  return self->context;
}

gboolean
pln_training_page_select_course (PlnTrainingPage *self,
                                 gint64           course_id)
{
  GtkWidget *row;

  g_return_val_if_fail (PLN_IS_TRAINING_PAGE (self), FALSE);

  row = find_course_row (self, course_id);
  if (row == NULL)
    return FALSE;
  if (self->course_id != course_id)
    {
      self->course_id = course_id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COURSE_ID]);
    }
  show_course (self);
  return TRUE;
}

gint64
pln_training_page_get_course_id (PlnTrainingPage *self)
{
  g_return_val_if_fail (PLN_IS_TRAINING_PAGE (self), 0);
  return self->course_id;
}

PlnCourseReport *
pln_training_page_get_report (PlnTrainingPage *self)
{
  g_return_val_if_fail (PLN_IS_TRAINING_PAGE (self), NULL);
  return self->report;
}

void
pln_training_page_show_reports (PlnTrainingPage *self,
                                const char      *which)
{
  g_return_if_fail (PLN_IS_TRAINING_PAGE (self));

  g_cancellable_cancel (self->report_cancellable);
  self->showing_reports = TRUE;
  select_row_quietly (self, self->course_list, NULL);
  select_row_quietly (self, self->reports_list,
                      g_strcmp0 (which, "year") == 0 ? self->year_row : self->attendance_row);
  pln_reports_view_show (PLN_REPORTS_VIEW (self->reports_view), which);
  gtk_spinner_stop (self->spinner);
  gtk_stack_set_visible_child_name (self->content_stack, "reports");
}

gboolean
pln_training_page_show_attendance (PlnTrainingPage *self,
                                   gint64           event_id)
{
  g_return_val_if_fail (PLN_IS_TRAINING_PAGE (self), FALSE);

  pln_training_page_show_reports (self, "attendance");
  return pln_reports_view_select_event (PLN_REPORTS_VIEW (self->reports_view), event_id);
}

void
pln_training_page_reload (PlnTrainingPage *self)
{
  g_return_if_fail (PLN_IS_TRAINING_PAGE (self));

  load_courses (self);
  if (!self->showing_reports)
    show_course (self);
  else
    pln_reports_view_reload (PLN_REPORTS_VIEW (self->reports_view));
}
