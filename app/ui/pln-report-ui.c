/* pln-report-ui.c: see pln-report-ui.h. */
#define G_LOG_DOMAIN "plenary-report-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "pln-report-pdf.h"
#include "pln-report-ui.h"

struct _PlnReportExport
{
  char            *csv;
  GObject         *report;
  char            *store_path;
  char            *suggested_name;
  GFile           *file;
  AdwToastOverlay *overlay;
};

/* ---- Figures ------------------------------------------------------------ */

char *
pln_report_ui_format_percent (double percent)
{
  /* Translators: a percentage with one decimal, "70.6 %". */
  return g_strdup_printf (_("%.1f %%"), percent);
}

char *
pln_report_ui_event_label (PlnEvent *event,
                           gpointer  user_data)
{
  g_autofree char *date = NULL;

  if (event == NULL)
    return g_strdup ("");
  /* Translators: a date in the events list, strftime-like; "10 Nov 2022". */
  date = pln_format_local_time (pln_event_get_starts_at (event), _("%e %b %Y"));
  /* Translators: an event in the list: "title — date". */
  return g_strdup_printf (_("%s — %s"), pln_event_get_title (event), g_strstrip (date));
}

/* ---- Tables of figures -------------------------------------------------- */

void
pln_report_ui_clear_list_box (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

GtkWidget *
pln_report_ui_cell (const char *text,
                    const char *name,
                    gboolean    numeric,
                    int         width_chars)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_name (label, name);
  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1.0 : 0.0);
  gtk_label_set_width_chars (GTK_LABEL (label), width_chars);
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  else
    {
      gtk_widget_set_hexpand (label, TRUE);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
    }
  return label;
}

GtkWidget *
pln_report_ui_table_row (const char *row_name,
                         GtkWidget  *first,
                         ...)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  va_list ap;

  gtk_widget_set_name (row, row_name);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  va_start (ap, first);
  for (GtkWidget *child = first; child != NULL; child = va_arg (ap, GtkWidget *))
    gtk_box_append (GTK_BOX (box), child);
  va_end (ap);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

void
pln_report_ui_set_rows (GtkStringList *model,
                        guint          n_rows)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_full (n_rows + 1, g_free);

  for (guint i = 0; i < n_rows; i++)
    g_ptr_array_add (rows, g_strdup_printf ("%u", i));
  g_ptr_array_add (rows, NULL);
  gtk_string_list_splice (model, 0, g_list_model_get_n_items (G_LIST_MODEL (model)),
                          (const char * const *) rows->pdata);
}

typedef struct
{
  int                 column;
  gboolean            numeric;
  PlnReportUiCellFunc text;
  gpointer            user_data;
} Column;

static void
on_column_setup_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    Column                   *column)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), column->numeric ? 1.0 : 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (column->numeric)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
on_column_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   Column                   *column)
{
  GtkStringObject *row = gtk_list_item_get_item (item);
  g_autofree char *text = NULL;

  if (row != NULL)
    text = column->text (column->user_data,
                         (guint) g_ascii_strtoull (gtk_string_object_get_string (row), NULL, 10),
                         column->column);
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text != NULL ? text : "");
}

void
pln_report_ui_add_column (GtkColumnView       *view,
                          const char          *title,
                          int                  column,
                          gboolean             numeric,
                          gboolean             expand,
                          PlnReportUiCellFunc  text,
                          gpointer             user_data)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) view_column = NULL;
  Column *data = g_new0 (Column, 1);

  data->column = column;
  data->numeric = numeric;
  data->text = text;
  data->user_data = user_data;
  g_object_set_data_full (G_OBJECT (factory), "column", data, g_free);
  g_signal_connect (factory, "setup", G_CALLBACK (on_column_setup_cb), data);
  g_signal_connect (factory, "bind", G_CALLBACK (on_column_bind_cb), data);
  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_append_column (view, view_column);
}

/* ---- Export ------------------------------------------------------------- */

PlnReportExport *
pln_report_export_new_csv (char       *csv,
                           const char *suggested_name)
{
  PlnReportExport *export = g_new0 (PlnReportExport, 1);

  export->csv = csv;
  export->suggested_name = g_strdup (suggested_name);
  return export;
}

PlnReportExport *
pln_report_export_new_pdf (GObject    *report,
                           const char *store_path,
                           const char *suggested_name)
{
  PlnReportExport *export = g_new0 (PlnReportExport, 1);

  export->report = g_object_ref (report);
  export->store_path = g_strdup (store_path);
  export->suggested_name = g_strdup (suggested_name);
  return export;
}

void
pln_report_export_free (PlnReportExport *export)
{
  if (export == NULL)
    return;
  g_free (export->csv);
  g_clear_object (&export->report);
  g_free (export->store_path);
  g_free (export->suggested_name);
  g_clear_object (&export->file);
  g_clear_object (&export->overlay);
  g_free (export);
}

static void
report_outcome (PlnReportExport *export,
                const GError    *error)
{
  g_autofree char *name = g_file_get_parse_name (export->file);
  g_autofree char *message = NULL;
  AdwToast *toast;

  if (error == NULL)
    /* Translators: after an export; %s is the file. */
    message = g_strdup_printf (_("Saved “%s”"), name);
  else
    /* Translators: %s is the file, then the reason. */
    message = g_strdup_printf (_("Could not save “%s”: %s. Choose another folder or name."), name, error->message);
  if (error != NULL)
    g_warning ("%s", message);
  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, error == NULL ? 4 : 0);
  adw_toast_overlay_add_toast (export->overlay, toast);
}

static void
on_csv_written_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PlnReportExport) export = user_data;
  g_autoptr(GError) error = NULL;

  g_file_replace_contents_finish (G_FILE (source), result, NULL, &error);
  report_outcome (export, error);
}

static void
on_pdf_written_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PlnReportExport) export = user_data;
  g_autoptr(GError) error = NULL;

  pln_report_pdf_write_finish (result, &error);
  report_outcome (export, error);
}

void
pln_report_export_to_file (PlnReportExport *export,
                           GFile           *file,
                           AdwToastOverlay *overlay)
{
  g_return_if_fail (export != NULL);
  g_return_if_fail (G_IS_FILE (file));

  g_set_object (&export->file, file);
  g_set_object (&export->overlay, overlay);
  if (export->csv != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (export->csv, strlen (export->csv));

      g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                           NULL, on_csv_written_cb, export);
    }
  else
    {
      g_autofree char *path = g_file_get_path (file);

      if (path == NULL)
        {
          g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                                         _("a PDF can only be written to a local folder"));
          report_outcome (export, error);
          pln_report_export_free (export);
          return;
        }
      pln_report_pdf_write_async (export->report, export->store_path, path, NULL,
                                  on_pdf_written_cb, export);
    }
}

static void
on_chooser_response_cb (GtkNativeDialog *chooser,
                        int              response,
                        gpointer         user_data)
{
  PlnReportExport *export = user_data;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    pln_report_export_to_file (export, file, export->overlay);
  else
    pln_report_export_free (export);
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

void
pln_report_export_run (PlnReportExport *export,
                       GtkWidget       *parent,
                       AdwToastOverlay *overlay)
{
  GtkFileChooserNative *chooser;
  GtkRoot *root;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  g_return_if_fail (export != NULL);
  g_return_if_fail (GTK_IS_WIDGET (parent));

  g_set_object (&export->overlay, overlay);
  root = gtk_widget_get_root (parent);
  chooser = gtk_file_chooser_native_new (export->csv != NULL ? _("Export as CSV") : _("Export as PDF"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (export->csv != NULL)
    {
      gtk_file_filter_set_name (filter, _("CSV files"));
      gtk_file_filter_add_suffix (filter, "csv");
    }
  else
    {
      gtk_file_filter_set_name (filter, _("PDF files"));
      gtk_file_filter_add_suffix (filter, "pdf");
    }
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), export->suggested_name);
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response_cb), export);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
