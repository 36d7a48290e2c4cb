/* pln-reports-view.c: see pln-reports-view.h.
 *
 * Both reports are worked out in a thread on a connection of the thread's
 * own: the year's in the core (pln_year_report_new_async), the attendance
 * report here, because the view also wants each point's connected time,
 * which is one query per point. */
#define G_LOG_DOMAIN "plenary-reports-view"

#include "config.h"

#include <glib/gi18n.h>

#include "pln-bar-chart.h"
#include "pln-list-find.h"
#include "pln-report-ui.h"
#include "pln-reports-view.h"
#include "pln-widget-util.h"

/* One point of the event, as the points table shows it. */
typedef struct
{
  char   *site;
  char   *district;
  char   *link;
  int     expected;
  int     reported;    /* -1: not reported */
  gint64  seconds;     /* connected, in all */
} PointLine;

typedef struct
{
  PlnAttendanceReport *report;
  GPtrArray           *points;  /* PointLine */
} AttendanceResult;

struct _PlnReportsView
{
  AdwBin               parent_instance;

  PlnContext          *context;

  GListModel          *events;
  gint64               event_id;
  PlnReportGrouping    grouping;
  gboolean             selecting;
  PlnAttendanceReport *attendance;
  GPtrArray           *points;   /* PointLine */
  GtkStringList       *points_model;
  GCancellable        *attendance_cancellable;

  PlnYearReport       *year_report;
  GCancellable        *year_cancellable;

  GtkStack            *stack;
  GtkDropDown         *events_dropdown;
  GtkStack            *attendance_stack;
  GtkSpinner          *attendance_spinner;
  GtkLabel            *attendance_headline;
  PlnBarChart         *attendance_chart;
  GtkListBox          *attendance_list;
  GtkColumnView       *points_view;
  GtkSpinButton       *year_spin;
  GtkLabel            *year_caption;
  GtkFlowBox          *year_figures;
  PlnBarChart         *year_chart;
  GtkWidget           *year_no_courses;
  GtkWidget           *year_courses_heading;
};

G_DEFINE_FINAL_TYPE (PlnReportsView, pln_reports_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_GROUPING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void load_attendance (PlnReportsView *self);
static void load_year       (PlnReportsView *self);

/* ---- Helpers ------------------------------------------------------------ */

static void
point_line_free (PointLine *line)
{
  g_free (line->site);
  g_free (line->district);
  g_free (line->link);
  g_free (line);
}

static void
attendance_result_free (AttendanceResult *result)
{
  g_clear_object (&result->report);
  g_clear_pointer (&result->points, g_ptr_array_unref);
  g_free (result);
}

static PlnStore *
get_store (PlnReportsView *self)
{
  return pln_context_get_store (self->context);
}

static AdwToastOverlay *
get_overlay (PlnReportsView *self)
{
  return ADW_TOAST_OVERLAY (gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY));
}

static GtkWidget *
attendance_row (const char *name,
                const char *points,
                const char *connected,
                const char *expected,
                const char *reported,
                const char *row_name)
{
  return pln_report_ui_table_row (row_name,
                                  pln_report_ui_cell (name, "reports-group-name", FALSE, 12),
                                  pln_report_ui_cell (points, "reports-group-points", TRUE, 9),
                                  pln_report_ui_cell (connected, "reports-group-connected", TRUE, 9),
                                  pln_report_ui_cell (expected, "reports-group-expected", TRUE, 9),
                                  pln_report_ui_cell (reported, "reports-group-reported", TRUE, 9),
                                  NULL);
}

static GtkWidget *
attendance_figures_row (const PlnAttendanceRow *row,
                        const char             *row_name)
{
  g_autofree char *points = pln_format_count (row->points);
  g_autofree char *connected = pln_format_count (row->connected);
  g_autofree char *expected = pln_format_count (row->expected);
  g_autofree char *reported = pln_format_count (row->reported);

  return attendance_row (row->label, points, connected, expected, reported, row_name);
}

static char *
format_connected (gint64 seconds)
{
  if (seconds <= 0)
    return g_strdup ("—");
  if (seconds < 3600)
    /* Translators: a connected time under an hour. */
    return g_strdup_printf (_("%lld min"), (long long) (seconds / 60));
  /* Translators: a connected time: "2 h 10 min". */
  return g_strdup_printf (_("%lld h %02lld min"),
                          (long long) (seconds / 3600), (long long) ((seconds % 3600) / 60));
}

static const char *
link_label (PlnLinkStatus status)
{
  switch (status)
    {
    case PLN_LINK_STATUS_CONNECTED:
      return C_("link", "Connected");
    case PLN_LINK_STATUS_LOST:
      return C_("link", "Lost");
    case PLN_LINK_STATUS_WAITING:
    default:
      return C_("link", "Not connected yet");
    }
}

/* ---- Attendance: the thread ---------------------------------------------- */

typedef struct
{
  char              *path;
  gint64             event_id;
  PlnReportGrouping  grouping;
} AttendanceData;

static void
attendance_data_free (AttendanceData *data)
{
  g_free (data->path);
  g_free (data);
}

static AttendanceResult *
work_out_attendance (AttendanceData  *data,
                     GCancellable    *cancellable,
                     GError         **error)
{
  g_autoptr(PlnStore) store = NULL;
  g_autoptr(PlnEvent) event = NULL;
  g_autoptr(GListModel) points = NULL;
  AttendanceResult *result;
  gint64 until;

  store = pln_store_open (data->path, error);
  if (store == NULL)
    return NULL;
  event = pln_store_get_event (store, data->event_id, error);
  if (event == NULL)
    return NULL;
  result = g_new0 (AttendanceResult, 1);
  result->report = pln_store_get_attendance_report (store, data->event_id, data->grouping, error);
  if (result->report == NULL)
    {
      attendance_result_free (result);
      return NULL;
    }
  /* Connected time counts up to the end of the event, as the PDF's. */
  until = MIN (g_get_real_time () / G_USEC_PER_SEC, pln_event_get_ends_at (event));
  points = pln_store_get_points_model (store, data->event_id);
  result->points = g_ptr_array_new_with_free_func ((GDestroyNotify) point_line_free);
  for (guint i = 0; i < g_list_model_get_n_items (points); i++)
    {
      g_autoptr(PlnBridgePoint) point = g_list_model_get_item (points, i);
      PointLine *line = g_new0 (PointLine, 1);

      if (g_cancellable_is_cancelled (cancellable))
        break;
      line->site = g_strdup (pln_bridge_point_get_site_name (point));
      line->district = g_strdup (pln_bridge_point_get_district_name (point));
      line->link = g_strdup (link_label (pln_bridge_point_get_link_status (point)));
      line->expected = pln_bridge_point_get_expected_count (point);
      line->reported = pln_bridge_point_get_reported_at (point) != 0 ? pln_bridge_point_get_reported_count (point) : -1;
      line->seconds = pln_store_get_connected_seconds (store, pln_bridge_point_get_id (point), until, NULL);
      g_ptr_array_add (result->points, line);
    }
  return result;
}

static void
attendance_thread (GTask        *task,
                   gpointer      source,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  /* The store's models watch for other writers on the thread-default
   * context: give them this thread's own. */
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GError) error = NULL;
  AttendanceResult *result;

  if (g_task_return_error_if_cancelled (task))
    return;
  g_main_context_push_thread_default (context);
  result = work_out_attendance (task_data, cancellable, &error);
  g_main_context_pop_thread_default (context);

  if (result == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, result, (GDestroyNotify) attendance_result_free);
}

/* ---- Attendance: on screen ----------------------------------------------- */

static void
show_attendance (PlnReportsView   *self,
                 AttendanceResult *result)
{
  PlnAttendanceReport *report = result->report;
  const PlnAttendanceRow *total = pln_attendance_report_get_total (report);
  guint n = pln_attendance_report_get_n_rows (report);
  g_autofree char *expected = pln_format_count (total->expected);
  g_autofree char *reported = pln_format_count (total->reported);
  g_autofree char *points = pln_format_count (total->points);
  g_autofree char *connected = pln_format_count (total->connected);
  g_autofree char *headline = NULL;
  GtkWidget *header;

  g_set_object (&self->attendance, report);
  g_clear_pointer (&self->points, g_ptr_array_unref);
  self->points = g_ptr_array_ref (result->points);

  /* Translators: the attendance headline: "1 034 / 1 000 delegates · 189 / 191 points connected". */
  headline = g_strdup_printf (_("%s / %s delegates · %s / %s points connected"),
                              reported, expected, connected, points);
  gtk_label_set_text (self->attendance_headline, headline);

  pln_bar_chart_clear (self->attendance_chart);
  for (guint i = 0; i < n; i++)
    {
      const PlnAttendanceRow *row = pln_attendance_report_get_row (report, i);
      g_autofree char *r = pln_format_count (row->reported);
      g_autofree char *e = pln_format_count (row->expected);
      /* Translators: beside a bar: reported / expected. */
      g_autofree char *value = g_strdup_printf (_("%s / %s"), r, e);

      pln_bar_chart_add (self->attendance_chart, row->label, row->reported, row->expected, value);
    }
  pln_bar_chart_set_legend (self->attendance_chart, _("Reported"), _("Expected"));
  gtk_widget_set_visible (GTK_WIDGET (self->attendance_chart), n > 0 && n <= 40);

  pln_report_ui_clear_list_box (self->attendance_list);
  header = attendance_row (pln_attendance_report_get_grouping (report) == PLN_REPORT_BY_LEVEL
                             ? C_("table header", "Level") : C_("table header", "District"),
                           _("Points"), C_("points", "Connected"), _("Expected"), _("Reported"),
                           "reports-header-row");
  gtk_widget_add_css_class (header, "training-table-header");
  gtk_list_box_append (self->attendance_list, header);
  for (guint i = 0; i < n; i++)
    gtk_list_box_append (self->attendance_list,
                         attendance_figures_row (pln_attendance_report_get_row (report, i), "reports-group-row"));
  {
    GtkWidget *row = attendance_figures_row (total, "reports-total-row");

    gtk_widget_add_css_class (row, "training-table-total");
    gtk_list_box_append (self->attendance_list, row);
  }

  pln_report_ui_set_rows (self->points_model, self->points->len);

  gtk_spinner_stop (self->attendance_spinner);
  gtk_stack_set_visible_child_name (self->attendance_stack, "report");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export-csv", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export-pdf", TRUE);
}

static void
on_attendance_ready_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(PlnReportsView) self = user_data;
  g_autoptr(GError) error = NULL;
  AttendanceResult *attendance;

  attendance = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->context == NULL)
    {
      g_clear_pointer (&attendance, attendance_result_free);
      return;
    }
  if (attendance == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not work out the attendance report: %s"), error->message);
      AdwToastOverlay *overlay = get_overlay (self);

      gtk_spinner_stop (self->attendance_spinner);
      gtk_stack_set_visible_child_name (self->attendance_stack, "empty");
      if (overlay != NULL)
        adw_toast_overlay_add_toast (overlay, adw_toast_new (text));
      else
        g_warning ("%s", text);
      return;
    }
  if (pln_attendance_report_get_event_id (attendance->report) == self->event_id &&
      pln_attendance_report_get_grouping (attendance->report) == self->grouping)
    show_attendance (self, attendance);
  attendance_result_free (attendance);
}

static void
load_attendance (PlnReportsView *self)
{
  g_autoptr(GTask) task = NULL;
  AttendanceData *data;

  g_cancellable_cancel (self->attendance_cancellable);
  g_clear_object (&self->attendance_cancellable);
  if (self->event_id == 0)
    {
      g_clear_object (&self->attendance);
      gtk_stack_set_visible_child_name (self->attendance_stack, "empty");
      return;
    }
  if (self->attendance == NULL || pln_attendance_report_get_event_id (self->attendance) != self->event_id ||
      pln_attendance_report_get_grouping (self->attendance) != self->grouping)
    {
      g_clear_object (&self->attendance);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export-csv", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export-pdf", FALSE);
      gtk_spinner_start (self->attendance_spinner);
      gtk_stack_set_visible_child_name (self->attendance_stack, "loading");
    }

  self->attendance_cancellable = g_cancellable_new ();
  data = g_new0 (AttendanceData, 1);
  data->path = g_strdup (pln_store_get_path (get_store (self)));
  data->event_id = self->event_id;
  data->grouping = self->grouping;
  task = g_task_new (NULL, self->attendance_cancellable, on_attendance_ready_cb, g_object_ref (self));
  g_task_set_source_tag (task, load_attendance);
  g_task_set_task_data (task, data, (GDestroyNotify) attendance_data_free);
  g_task_run_in_thread (task, attendance_thread);
}

/* ---- Points table -------------------------------------------------------- */

typedef enum
{
  POINT_SITE,
  POINT_DISTRICT,
  POINT_LINK,
  POINT_EXPECTED,
  POINT_REPORTED,
  POINT_CONNECTED,
} PointColumn;

static char *
point_text (gpointer user_data,
            guint    row,
            int      column)
{
  PlnReportsView *self = user_data;
  const PointLine *line;

  if (self->points == NULL || row >= self->points->len)
    return NULL;
  line = g_ptr_array_index (self->points, row);
  switch ((PointColumn) column)
    {
    case POINT_SITE:
      return g_strdup (line->site);
    case POINT_DISTRICT:
      return g_strdup (line->district);
    case POINT_LINK:
      return g_strdup (line->link);
    case POINT_EXPECTED:
      return pln_format_count (line->expected);
    case POINT_REPORTED:
      return line->reported >= 0 ? pln_format_count (line->reported) : g_strdup ("—");
    case POINT_CONNECTED:
    default:
      return format_connected (line->seconds);
    }
}

/* ---- Year ---------------------------------------------------------------- */

static void
add_figure (PlnReportsView *self,
            const char     *value,
            const char     *caption)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *number = gtk_label_new (value);
  GtkWidget *text = gtk_label_new (caption);

  gtk_widget_set_name (box, "reports-year-figure");
  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "report-figure");
  gtk_widget_set_name (number, "reports-year-value");
  gtk_widget_add_css_class (number, "title-2");
  gtk_widget_add_css_class (number, "numeric");
  gtk_label_set_xalign (GTK_LABEL (number), 0);
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_widget_add_css_class (text, "dim-label");
  gtk_box_append (GTK_BOX (box), number);
  gtk_box_append (GTK_BOX (box), text);
  gtk_flow_box_append (self->year_figures, box);
}

static void
add_count_figure (PlnReportsView *self,
                  gint64          value,
                  const char     *caption)
{
  g_autofree char *text = pln_format_count (value);

  add_figure (self, text, caption);
}

static void
show_year (PlnReportsView *self,
           PlnYearReport  *report)
{
  GArray *courses = pln_year_report_get_courses (report);
  GtkWidget *child;
  g_autofree char *caption = NULL;
  g_autofree char *hours = NULL;
  int year = pln_year_report_get_year (report);

  g_set_object (&self->year_report, report);
  /* Translators: under the year summary's title. */
  caption = g_strdup_printf (_("%d in figures, Vietnam time: events that started in the year, recordings made, replays watched, and the standing of the courses made or due in it."),
                             year);
  gtk_label_set_text (self->year_caption, caption);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->year_figures))) != NULL)
    gtk_flow_box_remove (self->year_figures, child);
  add_count_figure (self, pln_year_report_get_events (report, NULL), _("Events held"));
  add_count_figure (self, pln_year_report_get_events (report, "conference"), _("Conferences"));
  add_count_figure (self, pln_year_report_get_events (report, "training"), _("Trainings"));
  add_count_figure (self, pln_year_report_get_events (report, "workshop"), _("Workshops"));
  {
    g_autofree char *c = pln_format_count (pln_year_report_get_points_connected (report));
    g_autofree char *p = pln_format_count (pln_year_report_get_points (report));
    g_autofree char *value = g_strdup_printf (_("%s / %s"), c, p);

    add_figure (self, value, _("Bridge points connected"));
  }
  add_count_figure (self, pln_year_report_get_delegates_expected (report), _("Delegates expected"));
  add_count_figure (self, pln_year_report_get_delegates_reached (report), _("Delegates reached"));
  add_count_figure (self, pln_year_report_get_recordings (report), _("Recordings"));
  /* Translators: hours recorded, one decimal. */
  hours = g_strdup_printf (_("%.1f h"), pln_year_report_get_hours_recorded (report));
  add_figure (self, hours, _("Hours recorded"));
  add_count_figure (self, pln_year_report_get_recordings_published (report), _("Recordings published"));
  add_count_figure (self, pln_year_report_get_replays (report), _("Replays"));
  add_count_figure (self, pln_year_report_get_viewers (report), _("Staff who replayed"));

  pln_bar_chart_clear (self->year_chart);
  for (guint i = 0; i < courses->len; i++)
    {
      const PlnYearCourse *course = &g_array_index (courses, PlnYearCourse, i);
      double percent = course->audience > 0 ? course->completed * 100.0 / course->audience : 0;
      g_autofree char *value = pln_report_ui_format_percent (percent);

      pln_bar_chart_add (self->year_chart, course->title, percent,
                         course->audience > 0 ? course->started * 100.0 / course->audience : 0, value);
    }
  pln_bar_chart_set_maximum (self->year_chart, 100);
  if (courses->len == 1)
    {
      const PlnYearCourse *course = &g_array_index (courses, PlnYearCourse, 0);
      g_autofree char *label = g_strdup_printf (_("Target %u %%"), course->target_percent);

      pln_bar_chart_set_target (self->year_chart, course->target_percent, label);
    }
  else
    pln_bar_chart_set_target (self->year_chart, -1, NULL);
  pln_bar_chart_set_legend (self->year_chart, _("Completed"), _("Started"));
  gtk_widget_set_visible (GTK_WIDGET (self->year_chart), courses->len > 0);
  gtk_widget_set_visible (self->year_no_courses, courses->len == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export-csv", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export-pdf", TRUE);
}

static void
on_year_ready_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PlnReportsView) self = user_data;
  g_autoptr(PlnYearReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = pln_year_report_new_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->context == NULL)
    return;
  if (report == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not work out the year summary: %s"), error->message);
      AdwToastOverlay *overlay = get_overlay (self);

      if (overlay != NULL)
        adw_toast_overlay_add_toast (overlay, adw_toast_new (text));
      else
        g_warning ("%s", text);
      return;
    }
  if (pln_year_report_get_year (report) == gtk_spin_button_get_value_as_int (self->year_spin))
    show_year (self, report);
}

static void
load_year (PlnReportsView *self)
{
  g_cancellable_cancel (self->year_cancellable);
  g_clear_object (&self->year_cancellable);
  self->year_cancellable = g_cancellable_new ();
  if (self->year_report == NULL ||
      pln_year_report_get_year (self->year_report) != gtk_spin_button_get_value_as_int (self->year_spin))
    {
      g_clear_object (&self->year_report);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export-csv", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export-pdf", FALSE);
    }
  pln_year_report_new_async (get_store (self), gtk_spin_button_get_value_as_int (self->year_spin),
                             self->year_cancellable, on_year_ready_cb, g_object_ref (self));
}

/* ---- Actions ------------------------------------------------------------- */

static gboolean
showing_year (PlnReportsView *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "year") == 0;
}

static void
export_csv_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PlnReportsView *self = PLN_REPORTS_VIEW (widget);
  g_autofree char *name = NULL;
  char *csv;

  if (showing_year (self))
    {
      if (self->year_report == NULL)
        return;
      csv = pln_year_report_format_csv (self->year_report);
      name = g_strdup_printf ("year-%d.csv", pln_year_report_get_year (self->year_report));
    }
  else
    {
      if (self->attendance == NULL)
        return;
      csv = pln_attendance_report_format_csv (self->attendance);
      name = g_strdup_printf ("attendance-%" G_GINT64_FORMAT "-by-%s.csv", self->event_id,
                              self->grouping == PLN_REPORT_BY_LEVEL ? "level" : "district");
    }
  pln_report_export_run (pln_report_export_new_csv (csv, name), widget, get_overlay (self));
}

static void
export_pdf_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PlnReportsView *self = PLN_REPORTS_VIEW (widget);
  g_autofree char *name = NULL;
  GObject *report;

  if (showing_year (self))
    {
      if (self->year_report == NULL)
        return;
      report = G_OBJECT (self->year_report);
      name = g_strdup_printf ("year-%d.pdf", pln_year_report_get_year (self->year_report));
    }
  else
    {
      if (self->attendance == NULL)
        return;
      report = G_OBJECT (self->attendance);
      name = g_strdup_printf ("attendance-%" G_GINT64_FORMAT "-by-%s.pdf", self->event_id,
                              self->grouping == PLN_REPORT_BY_LEVEL ? "level" : "district");
    }
  pln_report_export_run (pln_report_export_new_pdf (report, pln_store_get_path (get_store (self)), name),
                         widget, get_overlay (self));
}

/* ---- Signal callbacks ---------------------------------------------------- */

static void
on_event_selected_cb (GtkDropDown    *dropdown,
                      GParamSpec     *pspec,
                      PlnReportsView *self)
{
  g_autoptr(PlnEvent) event = NULL;
  guint position;

  if (self->selecting)
    return;
  position = gtk_drop_down_get_selected (dropdown);
  if (position != GTK_INVALID_LIST_POSITION)
    event = g_list_model_get_item (self->events, position);
  self->event_id = event != NULL ? pln_event_get_id (event) : 0;
  load_attendance (self);
}

static void
on_year_changed_cb (GtkSpinButton  *spin,
                    PlnReportsView *self)
{
  load_year (self);
}

/* The latest event that has started and has points, else the first. */
static guint
default_event (PlnReportsView *self)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint n = g_list_model_get_n_items (self->events);
  guint best = n > 0 ? 0 : GTK_INVALID_LIST_POSITION;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlnEvent) event = g_list_model_get_item (self->events, i);

      if (pln_event_get_starts_at (event) <= now)
        best = i;
    }
  return best;
}

static void
on_events_changed_cb (GListModel     *events,
                      guint           position,
                      guint           removed,
                      guint           added,
                      PlnReportsView *self)
{
  guint keep;

  pln_list_find_id (self->events, self->event_id, &keep);

  self->selecting = TRUE;
  gtk_drop_down_set_selected (self->events_dropdown, keep != GTK_INVALID_LIST_POSITION ? keep : default_event (self));
  self->selecting = FALSE;
  on_event_selected_cb (self->events_dropdown, NULL, self);
}

/* The chosen event on the button ellipsizes, so a long title never makes
 * the page wider than a phone; the list shows titles whole, wrapped. */
static void
setup_event_label_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (GPOINTER_TO_INT (user_data))
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (label), 12);
    }
  else
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
    }
  gtk_list_item_set_child (item, label);
}

/* Drawn again when the store's model renames or moves the event in place. */
static void
draw_event_label (GObject     *event,
                  GParamSpec  *pspec,
                  GtkListItem *item)
{
  g_autofree char *text = pln_report_ui_event_label (PLN_EVENT (event), NULL);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), text != NULL ? text : "");
}

static void
bind_event_label_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     gpointer                  user_data)
{
  if (gtk_list_item_get_item (item) == NULL)
    gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), "");
  pln_list_item_follow (item, draw_event_label, pln_event_label_properties);
}

static void
unbind_event_label_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *item,
                       gpointer                  user_data)
{
  pln_list_item_unfollow (item, draw_event_label);
}

static GtkListItemFactory *
event_label_factory_new (gboolean ellipsize)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_event_label_cb), GINT_TO_POINTER (ellipsize));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_event_label_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_event_label_cb), NULL);
  return factory;
}

/* ---- Overrides ----------------------------------------------------------- */

static void
pln_reports_view_constructed (GObject *object)
{
  PlnReportsView *self = (PlnReportsView *)object;
  g_autoptr(GtkExpression) expression = NULL;
  GtkNoSelection *selection;
  guint first;

  G_OBJECT_CLASS (pln_reports_view_parent_class)->constructed (object);

  g_return_if_fail (PLN_IS_CONTEXT (self->context));

  self->points_model = gtk_string_list_new (NULL);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->points_model)));
  gtk_column_view_set_model (self->points_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
  pln_report_ui_add_column (self->points_view, _("Site"), POINT_SITE, FALSE, TRUE, point_text, self);
  pln_report_ui_add_column (self->points_view, C_("table header", "District"), POINT_DISTRICT, FALSE, TRUE,
                            point_text, self);
  pln_report_ui_add_column (self->points_view, _("Link"), POINT_LINK, FALSE, FALSE, point_text, self);
  pln_report_ui_add_column (self->points_view, _("Expected"), POINT_EXPECTED, TRUE, FALSE, point_text, self);
  pln_report_ui_add_column (self->points_view, _("Reported"), POINT_REPORTED, TRUE, FALSE, point_text, self);
  pln_report_ui_add_column (self->points_view, _("Connected for"), POINT_CONNECTED, TRUE, FALSE,
                            point_text, self);

  self->events = pln_store_get_events_model (get_store (self));
  expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                            G_CALLBACK (pln_report_ui_event_label), NULL, NULL);
  gtk_drop_down_set_expression (self->events_dropdown, expression);
  {
    g_autoptr(GtkListItemFactory) button_factory = event_label_factory_new (TRUE);
    g_autoptr(GtkListItemFactory) list_factory = event_label_factory_new (FALSE);

    gtk_drop_down_set_factory (self->events_dropdown, button_factory);
    gtk_drop_down_set_list_factory (self->events_dropdown, list_factory);
  }
  gtk_drop_down_set_model (self->events_dropdown, self->events);
  first = default_event (self);
  if (first != GTK_INVALID_LIST_POSITION)
    {
      g_autoptr(PlnEvent) event = g_list_model_get_item (self->events, first);
      g_autoptr(GDateTime) start = g_date_time_new_from_unix_utc (pln_event_get_starts_at (event));

      self->event_id = pln_event_get_id (event);
      self->selecting = TRUE;
      gtk_drop_down_set_selected (self->events_dropdown, first);
      self->selecting = FALSE;
      gtk_spin_button_set_value (self->year_spin, g_date_time_get_year (start));
    }
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      gtk_spin_button_set_value (self->year_spin, g_date_time_get_year (now));
    }
  g_signal_connect_object (self->events, "items-changed", G_CALLBACK (on_events_changed_cb), self, 0);
  g_signal_connect (self->events_dropdown, "notify::selected", G_CALLBACK (on_event_selected_cb), self);
  g_signal_connect (self->year_spin, "value-changed", G_CALLBACK (on_year_changed_cb), self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export-csv", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export-pdf", FALSE);
  gtk_stack_set_visible_child_name (self->attendance_stack, self->event_id != 0 ? "loading" : "empty");
}

static void
pln_reports_view_dispose (GObject *object)
{
  PlnReportsView *self = (PlnReportsView *)object;

  g_cancellable_cancel (self->attendance_cancellable);
  g_clear_object (&self->attendance_cancellable);
  g_cancellable_cancel (self->year_cancellable);
  g_clear_object (&self->year_cancellable);
  if (self->events != NULL)
    g_signal_handlers_disconnect_by_data (self->events, self);
  if (self->points_view != NULL)
    gtk_column_view_set_model (self->points_view, NULL);
  /* The template's top widget is AdwBin's child: AdwBin must let go of it
   * before the template drops it, or it would unparent a freed widget. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PLN_TYPE_REPORTS_VIEW);
  g_clear_object (&self->events);
  g_clear_object (&self->points_model);
  g_clear_pointer (&self->points, g_ptr_array_unref);
  g_clear_object (&self->attendance);
  g_clear_object (&self->year_report);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (pln_reports_view_parent_class)->dispose (object);
}

static void
pln_reports_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PlnReportsView *self = PLN_REPORTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_GROUPING:
      g_value_set_string (value, self->grouping == PLN_REPORT_BY_LEVEL ? "level" : "district");
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pln_reports_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PlnReportsView *self = PLN_REPORTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_GROUPING:
      {
        PlnReportGrouping grouping = g_strcmp0 (g_value_get_string (value), "level") == 0
                                     ? PLN_REPORT_BY_LEVEL : PLN_REPORT_BY_DISTRICT;

        if (grouping != self->grouping)
          {
            self->grouping = grouping;
            g_object_notify_by_pspec (object, pspec);
            if (self->context != NULL && self->events != NULL)
              load_attendance (self);
          }
      }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pln_reports_view_class_init (PlnReportsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pln_reports_view_constructed;
  object_class->dispose = pln_reports_view_dispose;
  object_class->get_property = pln_reports_view_get_property;
  object_class->set_property = pln_reports_view_set_property;

  properties[PROP_CONTEXT] = pln_context_param_spec_new ();
  /* "district" or "level": how the attendance report groups the points. */
  properties[PROP_GROUPING] =
    g_param_spec_string ("grouping", NULL, NULL, "district",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PLN_TYPE_BAR_CHART);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/plenary/Plenary/ui/pln-reports-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PlnReportsView, stack);
  gtk_widget_class_bind_template_child (widget_class, PlnReportsView, events_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PlnReportsView, attendance_stack);
  gtk_widget_class_bind_template_child (widget_class, PlnReportsView, attendance_spinner);
  gtk_widget_class_bind_template_child (widget_class, PlnReportsView, attendance_headline);
  gtk_widget_class_bind_template_child (widget_class, PlnReportsView, attendance_chart);
  gtk_widget_class_bind_template_child (widget_class, PlnReportsView, attendance_list);
  gtk_widget_class_bind_template_child (widget_class, PlnReportsView, points_view);
  gtk_widget_class_bind_template_child (widget_class, PlnReportsView, year_spin);
  gtk_widget_class_bind_template_child (widget_class, PlnReportsView, year_caption);
  gtk_widget_class_bind_template_child (widget_class, PlnReportsView, year_figures);
  gtk_widget_class_bind_template_child (widget_class, PlnReportsView, year_chart);
  gtk_widget_class_bind_template_child (widget_class, PlnReportsView, year_no_courses);
  gtk_widget_class_bind_template_child (widget_class, PlnReportsView, year_courses_heading);

  gtk_widget_class_install_action (widget_class, "reports.export-csv", NULL, export_csv_action);
  gtk_widget_class_install_action (widget_class, "reports.export-pdf", NULL, export_pdf_action);
  gtk_widget_class_install_property_action (widget_class, "reports.by", "grouping");
}

static void
pln_reports_view_init (PlnReportsView *self)
{
  self->grouping = PLN_REPORT_BY_DISTRICT;
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* ---- Public API ---------------------------------------------------------- */

PlnReportsView *
pln_reports_view_new (PlnContext *context)
{
  g_return_val_if_fail (PLN_IS_CONTEXT (context), NULL);

  return g_object_new (PLN_TYPE_REPORTS_VIEW, "context", context, NULL);
}

void
pln_reports_view_show (PlnReportsView *self,
                       const char     *which)
{
  gboolean year;

  g_return_if_fail (PLN_IS_REPORTS_VIEW (self));

  year = g_strcmp0 (which, "year") == 0;
  gtk_stack_set_visible_child_name (self->stack, year ? "year" : "attendance");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export-csv",
                                 year ? self->year_report != NULL : self->attendance != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export-pdf",
                                 year ? self->year_report != NULL : self->attendance != NULL);
  pln_reports_view_reload (self);
}

const char *
pln_reports_view_get_shown (PlnReportsView *self)
{
  g_return_val_if_fail (PLN_IS_REPORTS_VIEW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

gboolean
pln_reports_view_select_event (PlnReportsView *self,
                               gint64          event_id)
{
  guint position;

  g_return_val_if_fail (PLN_IS_REPORTS_VIEW (self), FALSE);

  if (!pln_list_find_id (self->events, event_id, &position))
    return FALSE;
  if (gtk_drop_down_get_selected (self->events_dropdown) == position)
    {
      if (self->event_id != event_id)
        {
          self->event_id = event_id;
          load_attendance (self);
        }
    }
  else
    gtk_drop_down_set_selected (self->events_dropdown, position);
  return TRUE;
}

gint64
pln_reports_view_get_event_id (PlnReportsView *self)
{
  g_return_val_if_fail (PLN_IS_REPORTS_VIEW (self), 0);
  return self->event_id;
}

void
pln_reports_view_set_year (PlnReportsView *self,
                           int             year)
{
  g_return_if_fail (PLN_IS_REPORTS_VIEW (self));
  gtk_spin_button_set_value (self->year_spin, year);
}

PlnAttendanceReport *
pln_reports_view_get_attendance_report (PlnReportsView *self)
{
  g_return_val_if_fail (PLN_IS_REPORTS_VIEW (self), NULL);
  return self->attendance;
}

PlnYearReport *
pln_reports_view_get_year_report (PlnReportsView *self)
{
  g_return_val_if_fail (PLN_IS_REPORTS_VIEW (self), NULL);
  return self->year_report;
}

void
pln_reports_view_reload (PlnReportsView *self)
{
  g_return_if_fail (PLN_IS_REPORTS_VIEW (self));

  if (showing_year (self))
    load_year (self);
  else
    load_attendance (self);
}
