/* pln-live-page-totals.c: the totals of the Live page by district and by level, and
 * its headline, from the attendance report made off the main thread. */
#define G_LOG_DOMAIN "plenary-live-page"

#include "config.h"

#include <glib/gi18n.h>

#include "pln-live-page-private.h"

/* ---- Totals ------------------------------------------------------------- */

static GtkWidget *
total_row (const PlnAttendanceRow *row)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *name = gtk_label_new (row->label);
  GtkWidget *figures;
  g_autofree char *reported = pln_format_count (row->reported);
  g_autofree char *expected = pln_format_count (row->expected);
  g_autofree char *connected = pln_format_count (row->connected);
  g_autofree char *points = pln_format_count (row->points);
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
  reported = pln_format_count (total->reported);
  expected = pln_format_count (total->expected);
  connected = pln_format_count (total->connected);
  points = pln_format_count (total->points);
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

void
_pln_live_page_refresh_totals_now (gpointer user_data)
{
  PlnLivePage *self = PLN_LIVE_PAGE (user_data);
  PlnStore *store = pln_context_get_store (self->context);

  g_cancellable_cancel (self->report_cancellable);
  g_clear_object (&self->report_cancellable);

  if (self->event_id == 0)
    {
      fill_list (self->district_list, NULL);
      fill_list (self->level_list, NULL);
      set_headline (self, NULL);
      return;
    }

  self->report_cancellable = g_cancellable_new ();
  pln_store_get_attendance_report_async (store, self->event_id, PLN_REPORT_BY_DISTRICT,
                                         self->report_cancellable, on_report_ready_cb,
                                         g_object_ref (self->district_list));
  pln_store_get_attendance_report_async (store, self->event_id, PLN_REPORT_BY_LEVEL,
                                         self->report_cancellable, on_report_ready_cb,
                                         g_object_ref (self->level_list));
}

/* Several writes in a row (a site reporting, then its link) make one
 * report; the totals follow within a fraction of a second. */
void
_pln_live_page_refresh_totals (PlnLivePage *self)
{
  pln_debounce_queue (&self->totals_later);
}

void
_pln_live_page_on_store_changed_cb (PlnStore    *store,
                                    const char  *table,
                                    PlnLivePage *self)
{
  if (table != NULL && !g_str_equal (table, "bridge_points") && !g_str_equal (table, "link_changes") &&
      !g_str_equal (table, "events") && !g_str_equal (table, "sites") &&
      !g_str_equal (table, PLN_STORE_CHANGED_EXTERNAL))
    return;
  _pln_live_page_refresh_totals (self);
}
