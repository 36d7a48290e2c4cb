/* pln-viewer-dialog.c: see pln-viewer-dialog.h. */
#define G_LOG_DOMAIN "plenary-library"

#include "config.h"

#include <glib/gi18n.h>

#include "pln-list-find.h"
#include "pln-store-viewers.h"
#include "pln-text-fold.h"
#include "pln-viewer-dialog.h"
#include "pln-widget-util.h"

struct _PlnViewerDialog
{
  AdwWindow           parent_instance;

  PlnContext         *context;
  GCancellable       *cancellable;
  GtkCustomFilter    *filter;
  GtkSingleSelection *selection;
  char              **tokens;
  gint64              wanted_id;
  gboolean            loaded;

  GtkSearchEntry     *search_entry;
  GtkStack           *list_stack;
  GtkSpinner         *spinner;
  GtkListView        *people_view;
  AdwStatusPage      *empty_page;
  GtkPasswordEntry   *code_entry;
  GtkLabel           *error_label;
  GtkButton          *confirm_button;
};

G_DEFINE_FINAL_TYPE (PlnViewerDialog, pln_viewer_dialog, ADW_TYPE_WINDOW)

enum {
  CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- Helpers -------------------------------------------------------- */

static void
show_error (PlnViewerDialog *self,
            const char      *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static gboolean
person_matches (gpointer item,
                gpointer user_data)
{
  PlnViewerDialog *self = user_data;
  PlnPerson *person = item;
  g_autofree char *haystack = NULL;
  g_autofree char *folded = NULL;

  if (self->tokens == NULL || self->tokens[0] == NULL)
    return TRUE;
  haystack = g_strjoin (" ", pln_person_get_name (person), pln_person_get_staff_number (person),
                        pln_person_get_site_name (person) ? pln_person_get_site_name (person) : "", NULL);
  folded = pln_text_fold (haystack);
  for (guint i = 0; self->tokens[i] != NULL; i++)
    if (strstr (folded, self->tokens[i]) == NULL)
      return FALSE;
  return TRUE;
}

static void
update_list_page (PlnViewerDialog *self)
{
  if (!self->loaded)
    gtk_stack_set_visible_child_name (self->list_stack, "loading");
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->selection)) == 0)
    gtk_stack_set_visible_child_name (self->list_stack, "empty");
  else
    gtk_stack_set_visible_child_name (self->list_stack, "list");
}

static void
select_wanted (PlnViewerDialog *self)
{
  guint pos;

  if (!self->loaded || !pln_list_find_id (G_LIST_MODEL (self->selection), self->wanted_id, &pos))
    return;
  gtk_single_selection_set_selected (self->selection, pos);
  gtk_widget_activate_action (GTK_WIDGET (self->people_view), "list.scroll-to-item", "u", pos);
}

/* ---- Callbacks ------------------------------------------------------ */

static void
on_search_changed_cb (GtkSearchEntry  *entry,
                      PlnViewerDialog *self)
{
  g_autofree char *folded = pln_text_fold (gtk_editable_get_text (GTK_EDITABLE (entry)));

  g_strfreev (self->tokens);
  self->tokens = g_strsplit_set (g_strstrip (folded), " \t", -1);
  /* Drop empty words (two spaces in a row). */
  {
    guint j = 0;

    for (guint i = 0; self->tokens[i] != NULL; i++)
      if (*self->tokens[i] != '\0')
        self->tokens[j++] = self->tokens[i];
      else
        g_free (self->tokens[i]);
    self->tokens[j] = NULL;
  }
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_list_page (self);
}

static void
on_people_loaded_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  PlnViewerDialog *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) people = pln_store_list_people_finish (PLN_STORE (source), result, &error);
  GtkFilterListModel *filtered;

  if (people == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message = g_strdup_printf (_("Cannot read the staff list: %s"), error->message);

          self->loaded = TRUE;
          adw_status_page_set_title (self->empty_page, _("Cannot Read the Staff List"));
          adw_status_page_set_description (self->empty_page, message);
          gtk_spinner_stop (self->spinner);
          gtk_stack_set_visible_child_name (self->list_stack, "empty");
        }
      return;
    }
  self->loaded = TRUE;
  gtk_spinner_stop (self->spinner);
  filtered = GTK_FILTER_LIST_MODEL (gtk_single_selection_get_model (self->selection));
  gtk_filter_list_model_set_model (filtered, people);
  update_list_page (self);
  select_wanted (self);
}

static void
on_setup_row_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *where = gtk_label_new (NULL);

  gtk_widget_set_name (box, "viewer-person");
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_xalign (GTK_LABEL (where), 0);
  gtk_label_set_ellipsize (GTK_LABEL (where), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (where, "dim-label");
  gtk_widget_add_css_class (where, "caption");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), where);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_list_item_set_child (item, box);
}

static void
on_bind_row_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  PlnPerson *person = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *name = gtk_widget_get_first_child (box);
  GtkWidget *where = gtk_widget_get_next_sibling (name);
  g_autofree char *line = NULL;
  const char *site = pln_person_get_site_name (person);

  gtk_label_set_text (GTK_LABEL (name), pln_person_get_name (person));
  line = g_strdup_printf ("%s · %s", pln_person_get_staff_number (person), site != NULL ? site : "");
  gtk_label_set_text (GTK_LABEL (where), line);
}

static void
confirm_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PlnViewerDialog *self = PLN_VIEWER_DIALOG (widget);
  PlnPerson *person = gtk_single_selection_get_selected_item (self->selection);
  const char *code = gtk_editable_get_text (GTK_EDITABLE (self->code_entry));
  g_autofree char *name = NULL;
  gint64 id;

  if (person == NULL)
    {
      show_error (self, _("Choose yourself in the list first."));
      return;
    }
  if (code == NULL || *code == '\0')
    {
      show_error (self, _("Type your sign-in code: it is on your staff card, or ask the organiser."));
      gtk_widget_grab_focus (GTK_WIDGET (self->code_entry));
      return;
    }
  id = pln_store_find_person_by_signin_code (pln_context_get_store (self->context), code, &name);
  if (id != pln_person_get_id (person))
    {
      g_autofree char *message = g_strdup_printf (_("This is not the sign-in code of %s. Check it on the staff card, or ask the organiser for it."),
                                                  pln_person_get_name (person));
      show_error (self, message);
      gtk_editable_set_text (GTK_EDITABLE (self->code_entry), "");
      gtk_widget_grab_focus (GTK_WIDGET (self->code_entry));
      return;
    }
  show_error (self, NULL);
  g_signal_emit (self, signals[CHOSEN], 0, id, name);
  gtk_window_close (GTK_WINDOW (self));
}

/* ---- Overrides ------------------------------------------------------ */

static void
pln_viewer_dialog_constructed (GObject *object)
{
  PlnViewerDialog *self = (PlnViewerDialog *)object;

  G_OBJECT_CLASS (pln_viewer_dialog_parent_class)->constructed (object);

  gtk_spinner_start (self->spinner);
  update_list_page (self);
  pln_store_list_people_async (pln_context_get_store (self->context), 0, self->cancellable,
                               on_people_loaded_cb, self);
}

static void
pln_viewer_dialog_dispose (GObject *object)
{
  PlnViewerDialog *self = (PlnViewerDialog *)object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PLN_TYPE_VIEWER_DIALOG);
  g_clear_object (&self->selection);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (pln_viewer_dialog_parent_class)->dispose (object);
}

static void
pln_viewer_dialog_finalize (GObject *object)
{
  PlnViewerDialog *self = (PlnViewerDialog *)object;

  g_clear_object (&self->cancellable);
  g_strfreev (self->tokens);

  G_OBJECT_CLASS (pln_viewer_dialog_parent_class)->finalize (object);
}

static void
pln_viewer_dialog_class_init (PlnViewerDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pln_viewer_dialog_constructed;
  object_class->dispose = pln_viewer_dialog_dispose;
  object_class->finalize = pln_viewer_dialog_finalize;

  pln_widget_class_install_context (object_class, G_STRUCT_OFFSET (PlnViewerDialog, context));

  signals[CHOSEN] = g_signal_new ("chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/plenary/Plenary/ui/pln-viewer-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PlnViewerDialog, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PlnViewerDialog, list_stack);
  gtk_widget_class_bind_template_child (widget_class, PlnViewerDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, PlnViewerDialog, people_view);
  gtk_widget_class_bind_template_child (widget_class, PlnViewerDialog, empty_page);
  gtk_widget_class_bind_template_child (widget_class, PlnViewerDialog, code_entry);
  gtk_widget_class_bind_template_child (widget_class, PlnViewerDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, PlnViewerDialog, confirm_button);

  gtk_widget_class_install_action (widget_class, "viewer.confirm", NULL, confirm_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pln_viewer_dialog_init (PlnViewerDialog *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkFilterListModel *filtered;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->filter = gtk_custom_filter_new (person_matches, self, NULL);
  filtered = gtk_filter_list_model_new (NULL, GTK_FILTER (self->filter));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (filtered));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect (factory, "setup", G_CALLBACK (on_setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind_row_cb), NULL);
  gtk_list_view_set_factory (self->people_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->people_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect (self->search_entry, "search-changed", G_CALLBACK (on_search_changed_cb), self);
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->confirm_button));
}

/* ---- Public API ----------------------------------------------------- */

PlnViewerDialog *
pln_viewer_dialog_new (PlnContext *context,
                       GtkWindow  *parent)
{
  g_return_val_if_fail (PLN_IS_CONTEXT (context), NULL);

  return g_object_new (PLN_TYPE_VIEWER_DIALOG,
                       "context", context,
                       "transient-for", parent,
                       NULL);
}

void
pln_viewer_dialog_select_person (PlnViewerDialog *self,
                                 gint64           person_id)
{
  g_return_if_fail (PLN_IS_VIEWER_DIALOG (self));

  self->wanted_id = person_id;
  select_wanted (self);
}

gboolean
pln_viewer_dialog_is_loaded (PlnViewerDialog *self)
{
  g_return_val_if_fail (PLN_IS_VIEWER_DIALOG (self), FALSE);
  return self->loaded;
}
