/* pln-attendance-report.c: see pln-attendance-report.h. */
#define G_LOG_DOMAIN "plenary-report"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pln-attendance-report-private.h"
#include "pln-site.h"
#include "pln-store.h"
#include "pln-store-rows.h"

struct _PlnAttendanceReport
{
  GObject            parent_instance;

  gint64             event_id;
  char              *event_title;
  PlnReportGrouping  grouping;
  GArray            *rows;    /* PlnAttendanceRow */
  PlnAttendanceRow   total;
};

G_DEFINE_FINAL_TYPE (PlnAttendanceReport, pln_attendance_report, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (PlnReportGrouping, pln_report_grouping,
  G_DEFINE_ENUM_VALUE (PLN_REPORT_BY_DISTRICT, "district"),
  G_DEFINE_ENUM_VALUE (PLN_REPORT_BY_LEVEL, "level"))

/* A point counts as connected if its link is connected now or was at any
 * time (a change to connected in its history). */
#define CONNECTED_EXPR \
  "(b.link_status = 'connected' OR EXISTS (SELECT 1 FROM link_changes lc " \
  "  WHERE lc.point_id = b.id AND lc.status = 'connected'))"

#define SUMS \
  "count(*), sum (" CONNECTED_EXPR "), sum (b.reported_count IS NOT NULL), " \
  "sum (b.expected_count), sum (coalesce (b.reported_count, 0)) "

static const char by_district_sql[] =
  "SELECT coalesce (d.code, ''), coalesce (d.name, ''), " SUMS
  "FROM bridge_points b JOIN sites s ON s.id = b.site_id "
  "LEFT JOIN sites d ON d.id = s.district_id "
  "WHERE b.event_id = ?1 GROUP BY d.id ORDER BY d.id IS NOT NULL, d.code;";

static const char by_level_sql[] =
  "SELECT s.level, '', " SUMS
  "FROM bridge_points b JOIN sites s ON s.id = b.site_id "
  "WHERE b.event_id = ?1 GROUP BY s.level ORDER BY " PLN_LEVEL_ORDER ("s.level") ";";

static void
clear_row (gpointer data)
{
  PlnAttendanceRow *row = data;

  g_clear_pointer (&row->key, g_free);
  g_clear_pointer (&row->label, g_free);
}

static void
pln_attendance_report_finalize (GObject *object)
{
  PlnAttendanceReport *self = (PlnAttendanceReport *)object;

  g_clear_pointer (&self->rows, g_array_unref);
  g_clear_pointer (&self->event_title, g_free);
  clear_row (&self->total);

  G_OBJECT_CLASS (pln_attendance_report_parent_class)->finalize (object);
}

static void
pln_attendance_report_class_init (PlnAttendanceReportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pln_attendance_report_finalize;
}

static void
pln_attendance_report_init (PlnAttendanceReport *self)
{
  self->rows = g_array_new (FALSE, TRUE, sizeof (PlnAttendanceRow));
  g_array_set_clear_func (self->rows, clear_row);
  self->total.key = g_strdup ("");
  self->total.label = g_strdup (_("Total"));
}

PlnAttendanceReport *
_pln_attendance_report_query (sqlite3            *db,
                              gint64              event_id,
                              PlnReportGrouping   grouping,
                              GError            **error)
{
  g_autoptr(PlnAttendanceReport) self = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  self = g_object_new (PLN_TYPE_ATTENDANCE_REPORT, NULL);
  self->event_id = event_id;
  self->grouping = grouping;

  if (sqlite3_prepare_v2 (db, "SELECT title FROM events WHERE id = ?1;", -1, &stmt, NULL) != SQLITE_OK)
    goto query_failed;
  sqlite3_bind_int64 (stmt, 1, event_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_finalize (stmt);
      g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_NOT_FOUND,
                   _("There is no event with the id %lld. “plenary events list” shows the events."),
                   (long long) event_id);
      return NULL;
    }
  self->event_title = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  if (sqlite3_prepare_v2 (db, grouping == PLN_REPORT_BY_LEVEL ? by_level_sql : by_district_sql,
                          -1, &stmt, NULL) != SQLITE_OK)
    goto query_failed;
  sqlite3_bind_int64 (stmt, 1, event_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PlnAttendanceRow row = { 0 };
      const char *key = (const char *) sqlite3_column_text (stmt, 0);
      const char *name = (const char *) sqlite3_column_text (stmt, 1);

      row.key = g_strdup (key);
      if (grouping == PLN_REPORT_BY_LEVEL)
        {
          PlnSiteLevel level = PLN_SITE_LEVEL_COMMUNE;
          pln_site_level_from_string (key, &level);
          row.label = g_strdup (pln_site_level_get_label (level));
        }
      else if (*key == '\0')
        row.label = g_strdup (_("Provincial level"));
      else
        row.label = g_strdup (name);
      row.points = sqlite3_column_int (stmt, 2);
      row.connected = sqlite3_column_int (stmt, 3);
      row.reporting = sqlite3_column_int (stmt, 4);
      row.expected = sqlite3_column_int64 (stmt, 5);
      row.reported = sqlite3_column_int64 (stmt, 6);

      self->total.points += row.points;
      self->total.connected += row.connected;
      self->total.reporting += row.reporting;
      self->total.expected += row.expected;
      self->total.reported += row.reported;
      g_array_append_val (self->rows, row);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    goto query_failed;

  return g_steal_pointer (&self);

query_failed:
  g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_QUERY,
               _("Cannot read the attendance of the event %lld: %s"),
               (long long) event_id, sqlite3_errmsg (db));
  return NULL;
}

gint64
pln_attendance_report_get_event_id (PlnAttendanceReport *self)
{
  g_return_val_if_fail (PLN_IS_ATTENDANCE_REPORT (self), 0);
  return self->event_id;
}

const char *
pln_attendance_report_get_event_title (PlnAttendanceReport *self)
{
  g_return_val_if_fail (PLN_IS_ATTENDANCE_REPORT (self), NULL);
  return self->event_title;
}

PlnReportGrouping
pln_attendance_report_get_grouping (PlnAttendanceReport *self)
{
  g_return_val_if_fail (PLN_IS_ATTENDANCE_REPORT (self), 0);
  return self->grouping;
}

guint
pln_attendance_report_get_n_rows (PlnAttendanceReport *self)
{
  g_return_val_if_fail (PLN_IS_ATTENDANCE_REPORT (self), 0);
  return self->rows->len;
}

const PlnAttendanceRow *
pln_attendance_report_get_row (PlnAttendanceReport *self,
                               guint                index)
{
  g_return_val_if_fail (PLN_IS_ATTENDANCE_REPORT (self), NULL);
  g_return_val_if_fail (index < self->rows->len, NULL);
  return &g_array_index (self->rows, PlnAttendanceRow, index);
}

const PlnAttendanceRow *
pln_attendance_report_get_total (PlnAttendanceReport *self)
{
  g_return_val_if_fail (PLN_IS_ATTENDANCE_REPORT (self), NULL);
  return &self->total;
}

/* See the header. */
char *
pln_format_count (gint64 value)
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
append_padded (GString    *out,
               const char *text,
               guint       width,
               gboolean    right)
{
  glong len = g_utf8_strlen (text, -1);
  guint pad = len < (glong) width ? width - len : 0;

  if (right)
    for (guint i = 0; i < pad; i++)
      g_string_append_c (out, ' ');
  g_string_append (out, text);
  if (!right)
    for (guint i = 0; i < pad; i++)
      g_string_append_c (out, ' ');
}

char *
pln_attendance_report_format_text (PlnAttendanceReport *self)
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  GString *out;
  guint n_lines;
  guint widths[5] = { 0 };
  const char *group_title;

  g_return_val_if_fail (PLN_IS_ATTENDANCE_REPORT (self), NULL);

  group_title = self->grouping == PLN_REPORT_BY_LEVEL ? _("Level") : _("District");
  g_ptr_array_add (cells, g_strdup (group_title));
  g_ptr_array_add (cells, g_strdup (_("Points")));
  g_ptr_array_add (cells, g_strdup (_("Connected")));
  g_ptr_array_add (cells, g_strdup (_("Expected")));
  g_ptr_array_add (cells, g_strdup (_("Reported")));

  n_lines = self->rows->len + 2;
  for (guint i = 0; i <= self->rows->len; i++)
    {
      const PlnAttendanceRow *row = i < self->rows->len
        ? &g_array_index (self->rows, PlnAttendanceRow, i) : &self->total;

      g_ptr_array_add (cells, g_strdup (row->label));
      g_ptr_array_add (cells, pln_format_count (row->points));
      g_ptr_array_add (cells, pln_format_count (row->connected));
      g_ptr_array_add (cells, pln_format_count (row->expected));
      g_ptr_array_add (cells, pln_format_count (row->reported));
    }

  for (guint i = 0; i < cells->len; i++)
    widths[i % 5] = MAX (widths[i % 5], (guint) g_utf8_strlen (g_ptr_array_index (cells, i), -1));

  out = g_string_new ("");
  for (guint line = 0; line < n_lines; line++)
    {
      if (line == n_lines - 1)
        {
          guint rule = widths[0] + widths[1] + widths[2] + widths[3] + widths[4] + 8;
          for (guint i = 0; i < rule; i++)
            g_string_append (out, "─");
          g_string_append_c (out, '\n');
        }
      for (guint col = 0; col < 5; col++)
        {
          if (col > 0)
            g_string_append (out, "  ");
          append_padded (out, g_ptr_array_index (cells, line * 5 + col), widths[col], col > 0);
        }
      g_string_append_c (out, '\n');
    }

  {
    g_autofree char *connected = pln_format_count (self->total.connected);
    g_autofree char *points = pln_format_count (self->total.points);
    g_autofree char *reported = pln_format_count (self->total.reported);
    g_autofree char *expected = pln_format_count (self->total.expected);

    g_string_append_c (out, '\n');
    /* Translators: "189 / 191 points connected; 1 034 / 1 000 delegates reported / expected." */
    g_string_append_printf (out, _("%s / %s points connected; %s / %s delegates reported / expected."),
                            connected, points, reported, expected);
    g_string_append_c (out, '\n');
  }

  return g_string_free (out, FALSE);
}

static void
append_csv_field (GString    *out,
                  const char *text)
{
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

char *
pln_attendance_report_format_csv (PlnAttendanceReport *self)
{
  GString *out;

  g_return_val_if_fail (PLN_IS_ATTENDANCE_REPORT (self), NULL);

  out = g_string_new ("");
  g_string_append_printf (out, "%s,%s,points,connected,reporting,expected,reported\r\n",
                          self->grouping == PLN_REPORT_BY_LEVEL ? "level" : "district_code",
                          self->grouping == PLN_REPORT_BY_LEVEL ? "level_name" : "district_name");
  for (guint i = 0; i <= self->rows->len; i++)
    {
      const PlnAttendanceRow *row = i < self->rows->len
        ? &g_array_index (self->rows, PlnAttendanceRow, i) : &self->total;

      append_csv_field (out, i < self->rows->len ? row->key : "total");
      g_string_append_c (out, ',');
      append_csv_field (out, row->label);
      g_string_append_printf (out, ",%u,%u,%u,%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT "\r\n",
                              row->points, row->connected, row->reporting,
                              row->expected, row->reported);
    }
  return g_string_free (out, FALSE);
}
