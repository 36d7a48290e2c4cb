/* pln-course-report.c: see pln-course-report.h.
 *
 * The figures come from the stored progress rows of the course's
 * recordings, read once in (person, recording, start) order: each person's
 * intervals of one recording are merged again (rows from several origins
 * may overlap), clipped to each item's span and held against the course's
 * completion rule. */
#define G_LOG_DOMAIN "plenary-report"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pln-course-report.h"
#include "pln-csv-writer.h"
#include "pln-intervals.h"
#include "pln-site.h"
#include "pln-store-courses.h"
#include "pln-store-private.h"

/* UTC+7, Asia/Ho_Chi_Minh, for months. */
#define LOCAL_OFFSET (7 * 3600)

struct _PlnCourseReport
{
  GObject            parent_instance;

  PlnCourse         *course;
  PlnCourseGrouping  grouping;
  gint64             made_at;
  GArray            *rows;          /* PlnCourseRow */
  PlnCourseRow       total;
  GPtrArray         *not_started;   /* PlnCoursePerson */
  GArray            *trend;         /* PlnCourseTrendPoint */
};

G_DEFINE_FINAL_TYPE (PlnCourseReport, pln_course_report, G_TYPE_OBJECT)

/* One member of the audience while the report is worked out. */
typedef struct
{
  gint64  id;
  char   *staff_number;
  char   *name;
  char   *title;
  char   *site;
  char   *district;
  char   *group_key;
  char   *group_label;
  int     group_order;
  guint   items_done;
  gint64  first_at;      /* first progress, 0: not started */
  gint64  completed_at;  /* when the last item was completed, 0: not */
} Member;

static void
member_free (gpointer data)
{
  Member *m = data;

  g_free (m->staff_number);
  g_free (m->name);
  g_free (m->title);
  g_free (m->site);
  g_free (m->district);
  g_free (m->group_key);
  g_free (m->group_label);
  g_free (m);
}

static void
person_free (gpointer data)
{
  PlnCoursePerson *p = data;

  g_free (p->staff_number);
  g_free (p->name);
  g_free (p->title);
  g_free (p->site);
  g_free (p->district);
  g_free (p);
}

static void
row_clear (gpointer data)
{
  PlnCourseRow *row = data;

  g_clear_pointer (&row->key, g_free);
  g_clear_pointer (&row->label, g_free);
}

gboolean
pln_course_grouping_from_string (const char        *text,
                                 PlnCourseGrouping *grouping)
{
  if (g_strcmp0 (text, "unit") == 0)
    *grouping = PLN_COURSE_BY_UNIT;
  else if (g_strcmp0 (text, "district") == 0)
    *grouping = PLN_COURSE_BY_DISTRICT;
  else if (g_strcmp0 (text, "level") == 0)
    *grouping = PLN_COURSE_BY_LEVEL;
  else
    return FALSE;
  return TRUE;
}

static int
level_order (const char *word)
{
  PlnSiteLevel level = PLN_SITE_LEVEL_VILLAGE;

  pln_site_level_from_string (word, &level);
  return (int) level;
}

/* Loads the audience's people with their group keys. */
static GPtrArray *
load_members (PlnStore           *store,
              GArray             *audience,
              PlnCourseGrouping   grouping,
              GHashTable         *by_id,
              GError            **error)
{
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func (member_free);
  g_autoptr(GHashTable) wanted = g_hash_table_new (g_int64_hash, g_int64_equal);
  sqlite3_stmt *stmt;
  int rc;

  for (guint i = 0; i < audience->len; i++)
    g_hash_table_add (wanted, &g_array_index (audience, gint64, i));

  stmt = _pln_store_prepare (store,
                             "SELECT p.id, p.staff_number, p.name, p.title, s.code, s.name, s.level, "
                             "       ps.code, ps.name, ps.level, coalesce (d.code, ''), coalesce (d.name, '') "
                             "FROM people p JOIN sites s ON s.id = p.site_id "
                             "LEFT JOIN sites ps ON ps.id = s.parent_id "
                             "LEFT JOIN sites d ON d.id = s.district_id "
                             "ORDER BY p.id;", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *level = (const char *) sqlite3_column_text (stmt, 6);
      const char *district_code = (const char *) sqlite3_column_text (stmt, 10);
      Member *m;

      if (!g_hash_table_contains (wanted, &id))
        continue;
      m = g_new0 (Member, 1);
      m->id = id;
      m->staff_number = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      m->name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      m->title = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      m->site = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      m->district = g_strdup ((const char *) sqlite3_column_text (stmt, 11));

      switch (grouping)
        {
        case PLN_COURSE_BY_UNIT:
          /* Village health workers report to their commune station. */
          if (g_strcmp0 (level, "village") == 0 && sqlite3_column_type (stmt, 7) != SQLITE_NULL)
            {
              m->group_key = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
              m->group_label = g_strdup ((const char *) sqlite3_column_text (stmt, 8));
              m->group_order = level_order ((const char *) sqlite3_column_text (stmt, 9));
            }
          else
            {
              m->group_key = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
              m->group_label = g_strdup (m->site);
              m->group_order = level_order (level);
            }
          break;
        case PLN_COURSE_BY_DISTRICT:
          m->group_key = g_strdup (district_code);
          m->group_label = *district_code != '\0' ? g_strdup (m->district) : g_strdup (_("Provincial level"));
          m->group_order = *district_code != '\0' ? 1 : 0;
          break;
        case PLN_COURSE_BY_LEVEL:
        default:
          {
            PlnSiteLevel l = PLN_SITE_LEVEL_VILLAGE;

            pln_site_level_from_string (level, &l);
            m->group_key = g_strdup (level);
            m->group_label = g_strdup (pln_site_level_get_label (l));
            m->group_order = (int) l;
          }
          break;
        }
      g_hash_table_insert (by_id, &m->id, m);
      g_ptr_array_add (members, m);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      _pln_store_fail (store, _("Cannot read the course’s audience"), error);
      return NULL;
    }
  return g_steal_pointer (&members);
}

/* Holds one (person, recording) group of intervals against the items of
 * that recording. */
static void
settle_group (PlnCourse *course,
              Member    *member,
              gint64     recording_id,
              GArray    *intervals,
              gint64     last_update)
{
  GPtrArray *items = pln_course_get_items (course);
  guint percent = pln_course_get_completion_percent (course);

  if (member == NULL || intervals->len == 0)
    return;
  pln_intervals_merge (intervals);
  for (guint i = 0; i < items->len; i++)
    {
      const PlnCourseItem *item = g_ptr_array_index (items, i);

      if (item->recording_id != recording_id)
        continue;
      if (pln_course_item_is_completed (pln_course_item_watched_ms (item, intervals),
                                        pln_course_item_get_span_ms (item), percent))
        {
          member->items_done++;
          member->completed_at = MAX (member->completed_at, last_update);
        }
    }
}

static gboolean
read_progress (PlnStore    *store,
               PlnCourse   *course,
               GHashTable  *by_id,
               GError     **error)
{
  g_autoptr(GArray) intervals = g_array_new (FALSE, FALSE, sizeof (PlnInterval));
  gint64 person = -1, recording = -1, last_update = 0;
  sqlite3_stmt *stmt;
  int rc;

  stmt = _pln_store_prepare (store,
                             "SELECT person_id, recording_id, start_ms, end_ms, updated_at FROM progress "
                             "WHERE recording_id IN (SELECT recording_id FROM course_items WHERE course_id = ?1) "
                             "ORDER BY person_id, recording_id, start_ms;", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, pln_course_get_id (course));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 p = sqlite3_column_int64 (stmt, 0);
      gint64 r = sqlite3_column_int64 (stmt, 1);
      PlnInterval interval = { sqlite3_column_int64 (stmt, 2), sqlite3_column_int64 (stmt, 3) };
      gint64 updated = sqlite3_column_int64 (stmt, 4);
      Member *m;

      if (p != person || r != recording)
        {
          settle_group (course, g_hash_table_lookup (by_id, &person), recording, intervals, last_update);
          g_array_set_size (intervals, 0);
          person = p;
          recording = r;
          last_update = 0;
        }
      m = g_hash_table_lookup (by_id, &p);
      if (m == NULL)
        continue;   /* watched, but not in the audience */
      g_array_append_val (intervals, interval);
      last_update = MAX (last_update, updated);
      if (m->first_at == 0 || updated < m->first_at)
        m->first_at = MAX (updated, 1);
    }
  settle_group (course, g_hash_table_lookup (by_id, &person), recording, intervals, last_update);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return _pln_store_fail (store, _("Cannot read the progress of the course"), error);
  return TRUE;
}

static int
compare_rows_by_order (gconstpointer a,
                       gconstpointer b,
                       gpointer      orders)
{
  const PlnCourseRow *x = a, *y = b;
  int ox = GPOINTER_TO_INT (g_hash_table_lookup (orders, x->key));
  int oy = GPOINTER_TO_INT (g_hash_table_lookup (orders, y->key));

  if (ox != oy)
    return ox - oy;
  return g_utf8_collate (x->key, y->key);
}

static int
compare_people (gconstpointer a,
                gconstpointer b)
{
  const PlnCoursePerson *x = *(PlnCoursePerson * const *) a, *y = *(PlnCoursePerson * const *) b;
  int c;

  if ((c = g_utf8_collate (x->district, y->district)) != 0)
    return c;
  if ((c = g_utf8_collate (x->site, y->site)) != 0)
    return c;
  return g_strcmp0 (x->staff_number, y->staff_number);
}

static void
month_of (gint64  t,
          int    *year,
          int    *month)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t + LOCAL_OFFSET);

  *year = g_date_time_get_year (dt);
  *month = g_date_time_get_month (dt);
}

static void
build_trend (PlnCourseReport *self,
             GPtrArray       *members)
{
  int y0 = 0, m0 = 0, y1 = 0, m1 = 0;
  gint64 first = G_MAXINT64, last = 0;
  guint n_months;
  g_autofree guint *started = NULL;
  g_autofree guint *completed = NULL;

  for (guint i = 0; i < members->len; i++)
    {
      Member *m = g_ptr_array_index (members, i);

      if (m->first_at == 0)
        continue;
      first = MIN (first, m->first_at);
      last = MAX (last, MAX (m->first_at, m->completed_at));
    }
  if (last == 0)
    return;
  month_of (first, &y0, &m0);
  month_of (last, &y1, &m1);
  n_months = (y1 - y0) * 12 + (m1 - m0) + 1;
  n_months = MIN (n_months, 1200);
  started = g_new0 (guint, n_months);
  completed = g_new0 (guint, n_months);
  for (guint i = 0; i < members->len; i++)
    {
      Member *m = g_ptr_array_index (members, i);
      int y, mo;
      guint index;

      if (m->first_at == 0)
        continue;
      month_of (m->first_at, &y, &mo);
      index = MIN ((guint) ((y - y0) * 12 + (mo - m0)), n_months - 1);
      started[index]++;
      if (m->items_done >= pln_course_get_items (self->course)->len && m->completed_at != 0)
        {
          month_of (m->completed_at, &y, &mo);
          index = MIN ((guint) ((y - y0) * 12 + (mo - m0)), n_months - 1);
          completed[index]++;
        }
    }
  for (guint i = 0; i < n_months; i++)
    {
      PlnCourseTrendPoint point = { y0 + (int) ((m0 - 1 + i) / 12), (int) ((m0 - 1 + i) % 12) + 1, 0, 0 };

      point.started = started[i] + (i > 0 ? g_array_index (self->trend, PlnCourseTrendPoint, i - 1).started : 0);
      point.completed = completed[i] + (i > 0 ? g_array_index (self->trend, PlnCourseTrendPoint, i - 1).completed : 0);
      g_array_append_val (self->trend, point);
    }
}

/* ---- GObject -------------------------------------------------------- */

static void
pln_course_report_finalize (GObject *object)
{
  PlnCourseReport *self = (PlnCourseReport *)object;

  g_clear_object (&self->course);
  g_clear_pointer (&self->rows, g_array_unref);
  row_clear (&self->total);
  g_clear_pointer (&self->not_started, g_ptr_array_unref);
  g_clear_pointer (&self->trend, g_array_unref);

  G_OBJECT_CLASS (pln_course_report_parent_class)->finalize (object);
}

static void
pln_course_report_class_init (PlnCourseReportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pln_course_report_finalize;
}

static void
pln_course_report_init (PlnCourseReport *self)
{
  self->rows = g_array_new (FALSE, TRUE, sizeof (PlnCourseRow));
  g_array_set_clear_func (self->rows, row_clear);
  self->not_started = g_ptr_array_new_with_free_func (person_free);
  self->trend = g_array_new (FALSE, TRUE, sizeof (PlnCourseTrendPoint));
}

/* ---- Public API ----------------------------------------------------- */

PlnCourseReport *
pln_course_report_new (PlnStore           *store,
                       gint64              course_id,
                       PlnCourseGrouping   grouping,
                       GError            **error)
{
  g_autoptr(PlnCourseReport) self = NULL;
  g_autoptr(GArray) audience = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) groups = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) orders = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_items;

  g_return_val_if_fail (PLN_IS_STORE (store), NULL);

  self = g_object_new (PLN_TYPE_COURSE_REPORT, NULL);
  self->grouping = grouping;
  self->made_at = _pln_store_now ();
  self->course = pln_store_get_course (store, course_id, error);
  if (self->course == NULL)
    return NULL;
  n_items = pln_course_get_items (self->course)->len;

  audience = pln_store_resolve_audience (store, pln_course_get_audience_rule (self->course),
                                         pln_course_get_audience_role (self->course), error);
  if (audience == NULL)
    {
      g_prefix_error (error, _("The audience of the course “%s”: "), pln_course_get_title (self->course));
      return NULL;
    }
  members = load_members (store, audience, grouping, by_id, error);
  if (members == NULL || !read_progress (store, self->course, by_id, error))
    return NULL;

  self->total.key = g_strdup ("total");
  self->total.label = g_strdup (_("Total"));
  for (guint i = 0; i < members->len; i++)
    {
      Member *m = g_ptr_array_index (members, i);
      gpointer index_plus_one = g_hash_table_lookup (groups, m->group_key);
      PlnCourseRow *row;
      gboolean done = n_items > 0 && m->items_done >= n_items;

      if (index_plus_one == NULL)
        {
          PlnCourseRow new_row = { g_strdup (m->group_key), g_strdup (m->group_label), 0, 0, 0 };

          g_array_append_val (self->rows, new_row);
          index_plus_one = GUINT_TO_POINTER (self->rows->len);
          /* keys live as long as the rows (not reallocated strings) */
          g_hash_table_insert (groups, g_array_index (self->rows, PlnCourseRow, self->rows->len - 1).key,
                               index_plus_one);
          g_hash_table_insert (orders, g_array_index (self->rows, PlnCourseRow, self->rows->len - 1).key,
                               GINT_TO_POINTER (m->group_order));
        }
      row = &g_array_index (self->rows, PlnCourseRow, GPOINTER_TO_UINT (index_plus_one) - 1);
      row->audience++;
      self->total.audience++;
      if (m->first_at != 0)
        {
          row->started++;
          self->total.started++;
        }
      else
        {
          PlnCoursePerson *p = g_new0 (PlnCoursePerson, 1);

          p->person_id = m->id;
          p->staff_number = g_strdup (m->staff_number);
          p->name = g_strdup (m->name);
          p->title = g_strdup (m->title);
          p->site = g_strdup (m->site);
          p->district = g_strdup (m->district);
          g_ptr_array_add (self->not_started, p);
        }
      if (done)
        {
          row->completed++;
          self->total.completed++;
        }
    }
  g_array_sort_with_data (self->rows, compare_rows_by_order, orders);
  g_ptr_array_sort (self->not_started, compare_people);
  build_trend (self, members);

  return g_steal_pointer (&self);
}

typedef struct
{
  char              *path;
  gint64             course_id;
  PlnCourseGrouping  grouping;
} AsyncData;

static void
async_data_free (AsyncData *data)
{
  g_free (data->path);
  g_free (data);
}

static void
report_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  AsyncData *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnStore) store = NULL;
  PlnCourseReport *report;

  if (g_task_return_error_if_cancelled (task))
    return;
  store = pln_store_open (data->path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  report = pln_course_report_new (store, data->course_id, data->grouping, &error);
  if (report == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, report, g_object_unref);
}

void
pln_course_report_new_async (PlnStore            *store,
                             gint64               course_id,
                             PlnCourseGrouping    grouping,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  AsyncData *data;

  g_return_if_fail (PLN_IS_STORE (store));

  data = g_new0 (AsyncData, 1);
  data->path = g_strdup (pln_store_get_path (store));
  data->course_id = course_id;
  data->grouping = grouping;
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pln_course_report_new_async);
  g_task_set_task_data (task, data, (GDestroyNotify) async_data_free);
  g_task_run_in_thread (task, report_thread);
}

PlnCourseReport *
pln_course_report_new_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pln_course_report_new_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

PlnCourse *
pln_course_report_get_course (PlnCourseReport *self)
{
  g_return_val_if_fail (PLN_IS_COURSE_REPORT (self), NULL);
  return self->course;
}

PlnCourseGrouping
pln_course_report_get_grouping (PlnCourseReport *self)
{
  g_return_val_if_fail (PLN_IS_COURSE_REPORT (self), 0);
  return self->grouping;
}

gint64
pln_course_report_get_made_at (PlnCourseReport *self)
{
  g_return_val_if_fail (PLN_IS_COURSE_REPORT (self), 0);
  return self->made_at;
}

guint
pln_course_report_get_n_rows (PlnCourseReport *self)
{
  g_return_val_if_fail (PLN_IS_COURSE_REPORT (self), 0);
  return self->rows->len;
}

const PlnCourseRow *
pln_course_report_get_row (PlnCourseReport *self,
                           guint            index)
{
  g_return_val_if_fail (PLN_IS_COURSE_REPORT (self), NULL);
  g_return_val_if_fail (index < self->rows->len, NULL);
  return &g_array_index (self->rows, PlnCourseRow, index);
}

const PlnCourseRow *
pln_course_report_get_total (PlnCourseReport *self)
{
  g_return_val_if_fail (PLN_IS_COURSE_REPORT (self), NULL);
  return &self->total;
}

GPtrArray *
pln_course_report_get_not_started (PlnCourseReport *self)
{
  g_return_val_if_fail (PLN_IS_COURSE_REPORT (self), NULL);
  return self->not_started;
}

GArray *
pln_course_report_get_trend (PlnCourseReport *self)
{
  g_return_val_if_fail (PLN_IS_COURSE_REPORT (self), NULL);
  return self->trend;
}

double
pln_course_row_get_percent (const PlnCourseRow *row)
{
  return row->audience > 0 ? row->completed * 100.0 / row->audience : 0.0;
}

gboolean
pln_course_report_row_meets_target (PlnCourseReport    *self,
                                    const PlnCourseRow *row)
{
  g_return_val_if_fail (PLN_IS_COURSE_REPORT (self), FALSE);
  /* completed / audience ≥ target / 100, in integers */
  return row->audience > 0 &&
         (gint64) row->completed * 100 >= (gint64) row->audience * pln_course_get_target_percent (self->course);
}

static void
csv_row (GString     *out,
         const char **fields,
         guint        n)
{
  pln_csv_write_row (out, fields, n);
}

char *
pln_course_report_format_csv (PlnCourseReport *self)
{
  GString *out;
  g_autofree char *target = NULL;
  const char *names[3] = { "unit", "district", "level" };

  g_return_val_if_fail (PLN_IS_COURSE_REPORT (self), NULL);

  out = g_string_new ("");
  target = g_strdup_printf ("%u", pln_course_get_target_percent (self->course));
  {
    g_autofree char *name = g_strdup_printf ("%s_name", names[self->grouping]);
    const char *header[] = { names[self->grouping], name, "audience", "started", "completed",
                             "percent", "target_percent", "meets_target" };
    csv_row (out, header, G_N_ELEMENTS (header));
  }
  for (guint i = 0; i <= self->rows->len; i++)
    {
      const PlnCourseRow *row = i < self->rows->len ? &g_array_index (self->rows, PlnCourseRow, i) : &self->total;
      g_autofree char *audience = g_strdup_printf ("%u", row->audience);
      g_autofree char *started = g_strdup_printf ("%u", row->started);
      g_autofree char *completed = g_strdup_printf ("%u", row->completed);
      char percent[G_ASCII_DTOSTR_BUF_SIZE];
      const char *fields[8];

      g_ascii_formatd (percent, sizeof percent, "%.1f", pln_course_row_get_percent (row));
      fields[0] = row->key;
      fields[1] = row->label;
      fields[2] = audience;
      fields[3] = started;
      fields[4] = completed;
      fields[5] = percent;
      fields[6] = target;
      fields[7] = pln_course_report_row_meets_target (self, row) ? "yes" : "no";
      csv_row (out, fields, G_N_ELEMENTS (fields));
    }
  return g_string_free (out, FALSE);
}

char *
pln_course_report_format_not_started_csv (PlnCourseReport *self)
{
  GString *out;
  const char *header[] = { "staff_number", "name", "title", "site", "district" };

  g_return_val_if_fail (PLN_IS_COURSE_REPORT (self), NULL);

  out = g_string_new ("");
  csv_row (out, header, G_N_ELEMENTS (header));
  for (guint i = 0; i < self->not_started->len; i++)
    {
      const PlnCoursePerson *p = g_ptr_array_index (self->not_started, i);
      const char *fields[] = { p->staff_number, p->name, p->title, p->site, p->district };

      csv_row (out, fields, G_N_ELEMENTS (fields));
    }
  return g_string_free (out, FALSE);
}

char *
pln_course_report_format_trend_csv (PlnCourseReport *self)
{
  GString *out;
  const char *header[] = { "month", "started", "completed", "percent" };

  g_return_val_if_fail (PLN_IS_COURSE_REPORT (self), NULL);

  out = g_string_new ("");
  csv_row (out, header, G_N_ELEMENTS (header));
  for (guint i = 0; i < self->trend->len; i++)
    {
      const PlnCourseTrendPoint *t = &g_array_index (self->trend, PlnCourseTrendPoint, i);
      g_autofree char *month = g_strdup_printf ("%04d-%02d", t->year, t->month);
      g_autofree char *started = g_strdup_printf ("%u", t->started);
      g_autofree char *completed = g_strdup_printf ("%u", t->completed);
      char percent[G_ASCII_DTOSTR_BUF_SIZE];
      const char *fields[4];

      g_ascii_formatd (percent, sizeof percent, "%.1f",
                       self->total.audience > 0 ? t->completed * 100.0 / self->total.audience : 0.0);
      fields[0] = month;
      fields[1] = started;
      fields[2] = completed;
      fields[3] = percent;
      csv_row (out, fields, G_N_ELEMENTS (fields));
    }
  return g_string_free (out, FALSE);
}
