/* pln-year-report.c: see pln-year-report.h. */
#define G_LOG_DOMAIN "plenary-report"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pln-course-report.h"
#include "pln-csv-writer.h"
#include "pln-store-private.h"
#include "pln-year-report.h"

#define LOCAL_OFFSET (7 * 3600)

struct _PlnYearReport
{
  GObject  parent_instance;

  int      year;
  guint    conferences;
  guint    trainings;
  guint    workshops;
  guint    points;
  guint    points_connected;
  gint64   expected;
  gint64   reached;
  guint    recordings;
  gint64   recorded_ms;
  guint    published;
  guint    replays;
  guint    viewers;
  GArray  *courses;
};

G_DEFINE_FINAL_TYPE (PlnYearReport, pln_year_report, G_TYPE_OBJECT)

static void
year_course_clear (gpointer data)
{
  PlnYearCourse *c = data;

  g_clear_pointer (&c->title, g_free);
}

static void
pln_year_report_finalize (GObject *object)
{
  PlnYearReport *self = (PlnYearReport *)object;

  g_clear_pointer (&self->courses, g_array_unref);
  G_OBJECT_CLASS (pln_year_report_parent_class)->finalize (object);
}

static void
pln_year_report_class_init (PlnYearReportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pln_year_report_finalize;
}

static void
pln_year_report_init (PlnYearReport *self)
{
  self->courses = g_array_new (FALSE, TRUE, sizeof (PlnYearCourse));
  g_array_set_clear_func (self->courses, year_course_clear);
}

/* Runs @sql with ?1, ?2 the year's bounds; calls back for each row. */
static gboolean
query (PlnStore     *store,
       const char   *sql,
       gint64        from,
       gint64        to,
       void        (*row_cb) (PlnYearReport *, sqlite3_stmt *),
       PlnYearReport *self,
       GError      **error)
{
  sqlite3_stmt *stmt = _pln_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, to);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    row_cb (self, stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return _pln_store_fail (store, _("Cannot read the year’s figures"), error);
  return TRUE;
}

static void
on_event_kind (PlnYearReport *self,
               sqlite3_stmt  *stmt)
{
  const char *kind = (const char *) sqlite3_column_text (stmt, 0);
  guint n = sqlite3_column_int (stmt, 1);

  if (g_strcmp0 (kind, "conference") == 0)
    self->conferences = n;
  else if (g_strcmp0 (kind, "training") == 0)
    self->trainings = n;
  else if (g_strcmp0 (kind, "workshop") == 0)
    self->workshops = n;
}

static void
on_points (PlnYearReport *self,
           sqlite3_stmt  *stmt)
{
  self->points = sqlite3_column_int (stmt, 0);
  self->points_connected = sqlite3_column_int (stmt, 1);
  self->expected = sqlite3_column_int64 (stmt, 2);
  self->reached = sqlite3_column_int64 (stmt, 3);
}

static void
on_recordings (PlnYearReport *self,
               sqlite3_stmt  *stmt)
{
  self->recordings = sqlite3_column_int (stmt, 0);
  self->recorded_ms = sqlite3_column_int64 (stmt, 1);
  self->published = sqlite3_column_int (stmt, 2);
}

static void
on_replays (PlnYearReport *self,
            sqlite3_stmt  *stmt)
{
  self->replays = sqlite3_column_int (stmt, 0);
  self->viewers = sqlite3_column_int (stmt, 1);
}

static void
on_course (PlnYearReport *self,
           sqlite3_stmt  *stmt)
{
  PlnYearCourse c = { sqlite3_column_int64 (stmt, 0), NULL, 0, 0, 0, 0 };

  g_array_append_val (self->courses, c);
}

PlnYearReport *
pln_year_report_new (PlnStore  *store,
                     int        year,
                     GError   **error)
{
  g_autoptr(PlnYearReport) self = NULL;
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  gint64 from, to;

  g_return_val_if_fail (PLN_IS_STORE (store), NULL);

  if (year < 1970 || year > 9998)
    {
      g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_INVALID,
                   _("%d is not a year a report can cover: write it with four digits, like 2025."), year);
      return NULL;
    }
  self = g_object_new (PLN_TYPE_YEAR_REPORT, NULL);
  self->year = year;
  start = g_date_time_new_utc (year, 1, 1, 0, 0, 0);
  end = g_date_time_new_utc (year + 1, 1, 1, 0, 0, 0);
  from = g_date_time_to_unix (start) - LOCAL_OFFSET;
  to = g_date_time_to_unix (end) - LOCAL_OFFSET;

  /* A point counts as connected if its link was connected at some time,
   * as in the attendance report. */
  if (!query (store, "SELECT kind, count(*) FROM events WHERE starts_at >= ?1 AND starts_at < ?2 GROUP BY kind;",
              from, to, on_event_kind, self, error) ||
      !query (store,
              "SELECT count(*), "
              "  coalesce (sum (b.link_status = 'connected' OR EXISTS (SELECT 1 FROM link_changes c "
              "            WHERE c.point_id = b.id AND c.status = 'connected')), 0), "
              "  coalesce (sum (b.expected_count), 0), coalesce (sum (b.reported_count), 0) "
              "FROM bridge_points b JOIN events e ON e.id = b.event_id "
              "WHERE e.starts_at >= ?1 AND e.starts_at < ?2;",
              from, to, on_points, self, error) ||
      !query (store,
              "SELECT count(*), coalesce (sum (duration_ms), 0), "
              "  coalesce (sum (state = 'ready' AND visibility IN ('staff', 'public')), 0) "
              "FROM recordings WHERE coalesce (started_at, created_at) >= ?1 AND coalesce (started_at, created_at) < ?2;",
              from, to, on_recordings, self, error) ||
      !query (store,
              "SELECT count(*), count (DISTINCT person_id) FROM "
              "(SELECT DISTINCT person_id, recording_id FROM progress "
              " WHERE origin IN ('app', 'portal') AND updated_at >= ?1 AND updated_at < ?2);",
              from, to, on_replays, self, error) ||
      !query (store,
              "SELECT id FROM courses WHERE (created_at >= ?1 AND created_at < ?2) "
              "OR (target_date >= ?1 AND target_date < ?2) ORDER BY id;",
              from, to, on_course, self, error))
    return NULL;

  for (guint i = 0; i < self->courses->len; i++)
    {
      PlnYearCourse *c = &g_array_index (self->courses, PlnYearCourse, i);
      g_autoptr(PlnCourseReport) report = pln_course_report_new (store, c->course_id, PLN_COURSE_BY_LEVEL, error);
      const PlnCourseRow *total;

      if (report == NULL)
        return NULL;
      total = pln_course_report_get_total (report);
      c->title = g_strdup (pln_course_get_title (pln_course_report_get_course (report)));
      c->audience = total->audience;
      c->started = total->started;
      c->completed = total->completed;
      c->target_percent = pln_course_get_target_percent (pln_course_report_get_course (report));
    }
  return g_steal_pointer (&self);
}

static void
year_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnStore) store = NULL;
  PlnYearReport *report;

  if (g_task_return_error_if_cancelled (task))
    return;
  store = pln_store_open (g_object_get_data (G_OBJECT (task), "path"), &error);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  report = pln_year_report_new (store, GPOINTER_TO_INT (task_data), &error);
  if (report == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, report, g_object_unref);
}

void
pln_year_report_new_async (PlnStore            *store,
                           int                  year,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PLN_IS_STORE (store));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pln_year_report_new_async);
  g_task_set_task_data (task, GINT_TO_POINTER (year), NULL);
  g_object_set_data_full (G_OBJECT (task), "path", g_strdup (pln_store_get_path (store)), g_free);
  g_task_run_in_thread (task, year_thread);
}

PlnYearReport *
pln_year_report_new_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pln_year_report_new_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

int pln_year_report_get_year (PlnYearReport *self) { return self->year; }
guint pln_year_report_get_points (PlnYearReport *self) { return self->points; }
guint pln_year_report_get_points_connected (PlnYearReport *self) { return self->points_connected; }
gint64 pln_year_report_get_delegates_expected (PlnYearReport *self) { return self->expected; }
gint64 pln_year_report_get_delegates_reached (PlnYearReport *self) { return self->reached; }
guint pln_year_report_get_recordings (PlnYearReport *self) { return self->recordings; }
double pln_year_report_get_hours_recorded (PlnYearReport *self) { return self->recorded_ms / 3600000.0; }
guint pln_year_report_get_recordings_published (PlnYearReport *self) { return self->published; }
guint pln_year_report_get_replays (PlnYearReport *self) { return self->replays; }
guint pln_year_report_get_viewers (PlnYearReport *self) { return self->viewers; }
GArray *pln_year_report_get_courses (PlnYearReport *self) { return self->courses; }

guint
pln_year_report_get_events (PlnYearReport *self,
                            const char    *kind)
{
  g_return_val_if_fail (PLN_IS_YEAR_REPORT (self), 0);

  if (kind == NULL)
    return self->conferences + self->trainings + self->workshops;
  if (g_str_equal (kind, "conference"))
    return self->conferences;
  if (g_str_equal (kind, "training"))
    return self->trainings;
  if (g_str_equal (kind, "workshop"))
    return self->workshops;
  return 0;
}

static void
figure (GString    *out,
        const char *name,
        const char *value)
{
  const char *fields[] = { name, value };

  pln_csv_write_row (out, fields, 2);
}

char *
pln_year_report_format_csv (PlnYearReport *self)
{
  GString *out = g_string_new ("");
  char hours[G_ASCII_DTOSTR_BUF_SIZE];
  struct { const char *name; gint64 value; } figures[] = {
    { "events", pln_year_report_get_events (self, NULL) },
    { "conferences", self->conferences },
    { "trainings", self->trainings },
    { "workshops", self->workshops },
    { "bridge_points", self->points },
    { "bridge_points_connected", self->points_connected },
    { "delegates_expected", self->expected },
    { "delegates_reached", self->reached },
    { "recordings", self->recordings },
    { "recordings_published", self->published },
    { "replays", self->replays },
    { "viewers", self->viewers },
  };

  g_return_val_if_fail (PLN_IS_YEAR_REPORT (self), NULL);

  figure (out, "figure", "value");
  {
    g_autofree char *year = g_strdup_printf ("%d", self->year);
    figure (out, "year", year);
  }
  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    {
      g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, figures[i].value);
      figure (out, figures[i].name, value);
    }
  g_ascii_formatd (hours, sizeof hours, "%.1f", pln_year_report_get_hours_recorded (self));
  figure (out, "hours_recorded", hours);

  for (guint i = 0; i < self->courses->len; i++)
    {
      const PlnYearCourse *c = &g_array_index (self->courses, PlnYearCourse, i);
      g_autofree char *name = g_strdup_printf ("course_%" G_GINT64_FORMAT "_completed_percent", c->course_id);
      char percent[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (percent, sizeof percent, "%.1f", c->audience ? c->completed * 100.0 / c->audience : 0.0);
      figure (out, name, percent);
    }
  return g_string_free (out, FALSE);
}
