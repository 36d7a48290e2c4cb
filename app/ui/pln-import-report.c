/* pln-import-report.c: see pln-import-report.h. */
#define G_LOG_DOMAIN "plenary-import-report"

#include "config.h"

#include <glib/gi18n.h>

#include "pln-import-report.h"
#include "pln-importer.h"

GtkWidget *
pln_import_report_new (GtkWindow    *parent,
                       const char   *file_name,
                       const GError *error)
{
  GtkWidget *dialog;
  GtkWidget *scrolled;
  GtkWidget *list;
  g_auto(GStrv) lines = NULL;
  g_autofree char *heading = NULL;
  guint n_lines = 0;

  g_return_val_if_fail (error != NULL, NULL);

  /* Translators: %s is a file name. */
  heading = g_strdup_printf (_("Could Not Import “%s”"), file_name);
  dialog = adw_message_dialog_new (parent, heading, NULL);
  gtk_widget_set_name (dialog, "import-report");
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");

  if (error->domain == PLN_IMPORT_ERROR && error->code != PLN_IMPORT_ERROR_ROWS)
    {
      /* The importer's own sentence already says that nothing was written. */
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), error->message);
      return dialog;
    }
  if (error->domain != PLN_IMPORT_ERROR)
    {
      /* The file could not be read, or the database not opened. */
      g_autofree char *body =
        g_strdup_printf (_("Nothing was imported. %s"), error->message);
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), body);
      return dialog;
    }

  lines = g_strsplit (error->message, "\n", -1);
  list = gtk_list_box_new ();
  gtk_widget_set_name (list, "import-report-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_widget_add_css_class (list, "import-report-list");
  /* The importer's first line sums up ("Nothing was imported: 2 rows are
   * wrong…"); each further line names one row and what is wrong with it. */
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), lines[0]);
  for (guint i = 1; lines[0] != NULL && lines[i] != NULL; i++)
    {
      GtkWidget *label;

      if (*g_strstrip (lines[i]) == '\0')
        continue;
      label = gtk_label_new (lines[i]);
      gtk_label_set_xalign (GTK_LABEL (label), 0.0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_set_margin_start (label, 12);
      gtk_widget_set_margin_end (label, 12);
      gtk_widget_set_margin_top (label, 6);
      gtk_widget_set_margin_bottom (label, 6);
      gtk_list_box_append (GTK_LIST_BOX (list), label);
      n_lines++;
    }

  if (n_lines == 0)
    return dialog;

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
  /* Wrapped rows under-report their height before the dialog has its
   * width: ask for room for a few rows from the start. */
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), MIN (n_lines, 4) * 64);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);

  return dialog;
}
