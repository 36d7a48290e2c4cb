/* pln-sites-page-actions.c: the sites.* actions of PlnSitesPage: import and
 * export of sites and people as CSV, off the main thread. */
#define G_LOG_DOMAIN "plenary-sites-page"

#include "config.h"

#include <glib/gi18n.h>

#include "pln-exporter.h"
#include "pln-import-report.h"
#include "pln-importer.h"
#include "pln-sites-page-private.h"

typedef enum
{
  KIND_SITES,
  KIND_PEOPLE,
} Kind;

typedef struct
{
  Kind            kind;
  char           *db_path;
  GFile          *file;
  char           *display_name;
  PlnImportStats  stats;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->file);
  g_clear_pointer (&job->db_path, g_free);
  g_clear_pointer (&job->display_name, g_free);
  g_free (job);
}

static gboolean
kind_from_word (const char *word,
                Kind       *kind)
{
  if (g_strcmp0 (word, "sites") == 0)
    *kind = KIND_SITES;
  else if (g_strcmp0 (word, "people") == 0)
    *kind = KIND_PEOPLE;
  else
    return FALSE;
  return TRUE;
}

static char *
file_display_name (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);

  return g_filename_display_name (basename != NULL ? basename : "");
}

static void
set_busy (PlnSitesPage *self,
          gboolean      busy)
{
  self->busy = busy;
  if (!busy)
    g_clear_object (&self->cancellable);
  _pln_sites_page_update_actions (self);
}

/* The worker opens its own connection on the same file, so that the
 * window's store is never touched off the main thread; the window's
 * models notice the other connection's write and refresh. */
static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(PlnStore) store = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;
  gboolean ok;
  GError *error = NULL;

  if (!g_file_load_contents (job->file, cancellable, &data, &length, NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  store = pln_store_open (job->db_path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (job->kind == KIND_SITES)
    ok = pln_import_sites (store, data, length, &job->stats, &error);
  else
    ok = pln_import_people (store, data, length, &job->stats, &error);

  if (!ok)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_import_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  PlnSitesPage *self = PLN_SITES_PAGE (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint total;

  if (self->context == NULL)
    return; /* the page went away meanwhile */
  set_busy (self, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      GtkWidget *dialog;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      dialog = pln_import_report_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                      job->display_name, error);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  /* Let the models see the other connection's write now rather than at
   * the next poll. */
  pln_store_check_external_changes (pln_context_get_store (self->context));

  total = job->stats.inserted + job->stats.updated;
  if (job->kind == KIND_SITES)
    message = g_strdup_printf (ngettext ("Imported %u site", "Imported %u sites", total), total);
  else
    message = g_strdup_printf (ngettext ("Imported %u person", "Imported %u people", total), total);
  _pln_sites_page_show_toast (self, message);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(PlnStore) store = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;

  store = pln_store_open (job->db_path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (job->kind == KIND_SITES)
    bytes = pln_export_sites (store, &error);
  else
    bytes = pln_export_people (store, FALSE, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (!g_file_replace_contents (job->file,
                                g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                NULL, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
on_export_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  PlnSitesPage *self = PLN_SITES_PAGE (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (self->context == NULL)
    return; /* the page went away meanwhile */
  set_busy (self, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      GtkWidget *dialog;
      g_autofree char *heading = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Translators: %s is a file name. */
      heading = g_strdup_printf (_("Could Not Export to “%s”"), job->display_name);
      dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                       heading, error->message);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  /* Translators: %s is a file name. */
  message = g_strdup_printf (_("Exported to “%s”"), job->display_name);
  _pln_sites_page_show_toast (self, message);
}

static void
start_job (PlnSitesPage *self,
           Kind          kind,
           gboolean      import,
           GFile        *file)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  job = g_new0 (Job, 1);
  job->kind = kind;
  job->file = g_object_ref (file);
  job->display_name = file_display_name (file);
  job->db_path = g_strdup (pln_store_get_path (pln_context_get_store (self->context)));

  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);

  task = g_task_new (self, self->cancellable, import ? on_import_done_cb : on_export_done_cb, NULL);
  g_task_set_source_tag (task, import ? (gpointer) import_thread : (gpointer) export_thread);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, import ? import_thread : export_thread);
}

static void
on_chooser_response_cb (GtkNativeDialog *dialog,
                        int              response,
                        PlnSitesPage    *self)
{
  g_autoptr(GFile) file = NULL;
  Kind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "pln-kind"));
  gboolean import = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "pln-import"));

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_clear_object (&self->chooser);
  _pln_sites_page_update_actions (self);

  if (file != NULL)
    start_job (self, kind, import, file);
}

static void
open_chooser (PlnSitesPage *self,
              Kind          kind,
              gboolean      import)
{
  GtkWindow *parent = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  const char *title;

  if (import)
    title = kind == KIND_SITES ? _("Import Sites") : _("Import People");
  else
    title = kind == KIND_SITES ? _("Export Sites") : _("Export People");

  self->chooser = gtk_file_chooser_native_new (title, parent,
                                               import ? GTK_FILE_CHOOSER_ACTION_OPEN
                                                      : GTK_FILE_CHOOSER_ACTION_SAVE,
                                               import ? _("_Import") : _("_Export"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);

  gtk_file_filter_set_name (csv, _("CSV files"));
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), csv);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);

  if (!import)
    /* Translators: the suggested file names of an export; keep ".csv". */
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser),
                                       kind == KIND_SITES ? _("sites.csv") : _("people.csv"));

  g_object_set_data (G_OBJECT (self->chooser), "pln-kind", GINT_TO_POINTER (kind));
  g_object_set_data (G_OBJECT (self->chooser), "pln-import", GINT_TO_POINTER (import));
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response_cb), self);
  _pln_sites_page_update_actions (self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  PlnSitesPage *self = PLN_SITES_PAGE (widget);
  Kind kind;

  if (kind_from_word (g_variant_get_string (param, NULL), &kind) && !self->busy && self->chooser == NULL)
    open_chooser (self, kind, TRUE);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  PlnSitesPage *self = PLN_SITES_PAGE (widget);
  Kind kind;

  if (kind_from_word (g_variant_get_string (param, NULL), &kind) && !self->busy && self->chooser == NULL)
    open_chooser (self, kind, FALSE);
}

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  PlnSitesPage *self = PLN_SITES_PAGE (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
show_tree_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  PlnSitesPage *self = PLN_SITES_PAGE (widget);

  adw_leaflet_set_visible_child_name (self->leaflet, "tree");
}

void
_pln_sites_page_class_actions_init (PlnSitesPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "sites.show-tree", NULL, show_tree_action);

  gtk_widget_class_install_action (widget_class, "sites.import", "s", import_action);
  gtk_widget_class_install_action (widget_class, "sites.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "sites.focus-search", NULL, focus_search_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "sites.focus-search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK,
                                       "sites.import", "s", "sites");
}

/* The one place that decides which of the page's actions are enabled:
 * nothing starts while a file chooser is open or a job runs, and there is
 * nothing to export or search before the first site. */
void
_pln_sites_page_update_actions (PlnSitesPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean idle = !self->busy && self->chooser == NULL;
  gboolean has_sites = self->roots != NULL && g_list_model_get_n_items (self->roots) > 0;

  gtk_widget_action_set_enabled (widget, "sites.import", idle);
  gtk_widget_action_set_enabled (widget, "sites.export", idle && has_sites);
  gtk_widget_action_set_enabled (widget, "sites.focus-search", has_sites);
}

void
_pln_sites_page_actions_dispose (PlnSitesPage *self)
{
  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
}

void
pln_sites_page_import_file (PlnSitesPage *self,
                            const char   *what,
                            GFile        *file)
{
  Kind kind;

  g_return_if_fail (PLN_IS_SITES_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (kind_from_word (what, &kind));
  g_return_if_fail (!self->busy);

  start_job (self, kind, TRUE, file);
}

void
pln_sites_page_export_file (PlnSitesPage *self,
                            const char   *what,
                            GFile        *file)
{
  Kind kind;

  g_return_if_fail (PLN_IS_SITES_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (kind_from_word (what, &kind));
  g_return_if_fail (!self->busy);

  start_job (self, kind, FALSE, file);
}

gboolean
pln_sites_page_is_busy (PlnSitesPage *self)
{
  g_return_val_if_fail (PLN_IS_SITES_PAGE (self), FALSE);
  return self->busy;
}
