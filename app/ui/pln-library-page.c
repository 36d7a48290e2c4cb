/* pln-library-page.c: see pln-library-page.h.
 *
 * The listing is read in a worker thread (pln_store_list_library_async)
 * whenever the search, a filter or the store's recordings change, and
 * spliced into one GListStore, so the grid keeps its place; posters are
 * read by the cards in worker threads too and kept in a cache shared by
 * the cards. */
#define G_LOG_DOMAIN "plenary-library"

#include "config.h"

#include <glib/gi18n.h>

#include "pln-archive.h"
#include "pln-event.h"
#include "pln-library-page.h"
#include "pln-recording-card.h"
#include "pln-store-library.h"
#include "pln-viewer-dialog.h"
#include "pln-widget-util.h"

#define VIEWER_KEY "viewer-person-id"
/* Writes come in bursts (a recording and its outputs): read once after. */
#define RELOAD_DELAY_MS 250

typedef enum
{
  DATE_ANY,
  DATE_WEEK,
  DATE_MONTH,
  DATE_THIS_YEAR,
  DATE_LAST_YEAR,
} DateRange;

static const struct
{
  const char *kind;
  const char *label;
} kinds[] = {
  { NULL, N_("All Kinds") },
  { "conference", N_("Conferences") },
  { "training", N_("Trainings") },
  { "workshop", N_("Workshops") },
};

static const char * const date_labels[] = {
  N_("Any Time"),
  N_("Last 7 Days"),
  N_("Last 30 Days"),
  N_("This Year"),
  N_("Last Year"),
};

struct _PlnLibraryPage
{
  AdwBin              parent_instance;

  PlnContext         *context;
  PlnStore           *store;

  GListStore         *items;
  GHashTable         *extras;
  GHashTable         *posters;
  guint               total;
  gboolean            loading;
  gboolean            loaded_once;
  GCancellable       *cancellable;
  PlnDebounce         reload_later;
  gulong              changed_id;

  GListModel         *events;
  GPtrArray          *watched_events;  /* a rename in place refills the filter */
  PlnDebounce         refill_events;
  GArray             *event_ids;
  GArray             *site_ids;
  gboolean            filling;

  gint64              viewer_id;
  char               *viewer_name;
  gint64              pending_open;
  PlnRecordingDetail *detail;

  GCancellable       *import_cancellable;
  guint               n_imports;
  GPtrArray          *toasts;

  AdwToastOverlay    *toast_overlay;
  GtkStack           *main_stack;
  GtkFlowBox         *toolbar;
  GtkSearchEntry     *search_entry;
  GtkDropDown        *event_dropdown;
  GtkDropDown        *kind_dropdown;
  GtkDropDown        *date_dropdown;
  GtkDropDown        *site_dropdown;
  AdwButtonContent   *viewer_content;
  GtkLabel           *count_label;
  GtkStack           *content_stack;
  GtkSpinner         *spinner;
  AdwStatusPage      *error_page;
  GtkGridView        *grid_view;
  AdwBin             *detail_bin;
};

G_DEFINE_FINAL_TYPE (PlnLibraryPage, pln_library_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_LOADING,
  PROP_VIEWER_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void reload (PlnLibraryPage *self);

/* ---- Helpers -------------------------------------------------------- */

static void
on_toast_dismissed_cb (AdwToast       *toast,
                       PlnLibraryPage *self)
{
  g_ptr_array_remove (self->toasts, toast);
}

static void
toast (PlnLibraryPage *self,
       const char     *text)
{
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, 6);
  /* Kept to be dismissed before the overlay goes: libadwaita 1.2 warns
   * when an overlay is destroyed with a toast still shown. */
  g_ptr_array_add (self->toasts, g_object_ref (toast));
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (on_toast_dismissed_cb), self, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
set_loading (PlnLibraryPage *self,
             gboolean        loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static gboolean
filtering (PlnLibraryPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  return (text != NULL && *text != '\0') ||
         gtk_drop_down_get_selected (self->event_dropdown) > 0 ||
         gtk_drop_down_get_selected (self->kind_dropdown) > 0 ||
         gtk_drop_down_get_selected (self->date_dropdown) > 0 ||
         gtk_drop_down_get_selected (self->site_dropdown) > 0;
}

static void
update_count (PlnLibraryPage *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  g_autofree char *text = NULL;

  if (!filtering (self))
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u recording", "%u recordings", shown), shown);
  else
    /* TRANSLATORS: "3 of 120 recordings" */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u recording", "%u of %u recordings", self->total),
                            shown, self->total);
  gtk_label_set_text (self->count_label, text);
}

static void
update_content (PlnLibraryPage *self)
{
  const char *page;

  if (!self->loaded_once)
    page = "loading";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->items)) > 0)
    page = "grid";
  else if (self->total > 0 || filtering (self))
    page = "no-results";
  else
    page = "empty";
  /* The error page stays until a reading succeeds. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "error") == 0 && self->loading)
    return;
  gtk_stack_set_visible_child_name (self->content_stack, page);
  /* An empty library has nothing to search or filter: the empty state
   * alone says what to do (and offers the import). */
  gtk_widget_set_visible (GTK_WIDGET (self->toolbar), !g_str_equal (page, "empty"));
  gtk_widget_set_visible (GTK_WIDGET (self->count_label), !g_str_equal (page, "empty"));
  if (g_str_equal (page, "loading"))
    gtk_spinner_start (self->spinner);
  else
    gtk_spinner_stop (self->spinner);
}

static void
fill_filter (PlnLibraryFilter *filter,
             PlnLibraryPage   *self)
{
  guint event = gtk_drop_down_get_selected (self->event_dropdown);
  guint kind = gtk_drop_down_get_selected (self->kind_dropdown);
  guint date = gtk_drop_down_get_selected (self->date_dropdown);
  guint site = gtk_drop_down_get_selected (self->site_dropdown);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  filter->query = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  if (event > 0 && event < self->event_ids->len)
    filter->event_id = g_array_index (self->event_ids, gint64, event);
  if (kind > 0 && kind < G_N_ELEMENTS (kinds))
    filter->kind = g_strdup (kinds[kind].kind);
  if (site > 0 && site < self->site_ids->len)
    filter->site_id = g_array_index (self->site_ids, gint64, site);

  switch ((DateRange) date)
    {
    case DATE_WEEK:
      filter->from = g_date_time_to_unix (now) - 7 * 24 * 3600;
      break;
    case DATE_MONTH:
      filter->from = g_date_time_to_unix (now) - 30 * 24 * 3600;
      break;
    case DATE_THIS_YEAR:
    case DATE_LAST_YEAR:
      {
        int year = g_date_time_get_year (now) - (date == DATE_LAST_YEAR ? 1 : 0);
        g_autoptr(GDateTime) start = g_date_time_new_local (year, 1, 1, 0, 0, 0);
        g_autoptr(GDateTime) end = g_date_time_new_local (year + 1, 1, 1, 0, 0, 0);

        filter->from = g_date_time_to_unix (start);
        filter->until = g_date_time_to_unix (end);
      }
      break;
    case DATE_ANY:
    default:
      break;
    }
}

/* ---- Reading the listing -------------------------------------------- */

static void
on_listing_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  PlnLibraryPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnLibraryListing) listing = pln_store_list_library_finish (PLN_STORE (source), result, &error);
  g_autoptr(GPtrArray) recordings = NULL;
  guint n;

  if (listing == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  set_loading (self, FALSE);

  if (listing == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("%s. Check that the database file is still there and readable, then try again."),
                                                  error->message);

      adw_status_page_set_description (self->error_page, message);
      gtk_stack_set_visible_child_name (self->content_stack, "error");
      gtk_spinner_stop (self->spinner);
      return;
    }

  /* The new posters and kinds before the new items bind. */
  g_clear_pointer (&self->extras, g_hash_table_unref);
  self->extras = g_steal_pointer (&listing->extras);
  self->total = listing->total;
  n = g_list_model_get_n_items (listing->recordings);
  recordings = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (recordings, g_list_model_get_item (listing->recordings, i));
  g_list_store_splice (self->items, 0, g_list_model_get_n_items (G_LIST_MODEL (self->items)),
                       recordings->pdata, recordings->len);
  self->loaded_once = TRUE;
  update_count (self);
  update_content (self);
}

static void
reload (PlnLibraryPage *self)
{
  PlnLibraryFilter filter = { 0 };

  pln_debounce_cancel (&self->reload_later);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  fill_filter (&filter, self);
  set_loading (self, TRUE);
  pln_store_list_library_async (self->store, &filter, self->cancellable, on_listing_cb, self);
  pln_library_filter_clear (&filter);
  update_content (self);
}

static void
on_reload_timeout_cb (gpointer user_data)
{
  PlnLibraryPage *self = user_data;

  reload (self);
}

static void
on_store_changed_cb (PlnStore       *store,
                     const char     *table,
                     PlnLibraryPage *self)
{
  if (g_strcmp0 (table, "recordings") != 0 && g_strcmp0 (table, "outputs") != 0 &&
      g_strcmp0 (table, "chapters") != 0 && g_strcmp0 (table, "events") != 0 &&
      g_strcmp0 (table, PLN_STORE_CHANGED_EXTERNAL) != 0)
    return;
  pln_debounce_queue (&self->reload_later);
}

/* ---- Filters -------------------------------------------------------- */

static void
fill_events (PlnLibraryPage *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint selected = gtk_drop_down_get_selected (self->event_dropdown);
  gint64 selected_id = (selected != GTK_INVALID_LIST_POSITION && selected < self->event_ids->len)
                       ? g_array_index (self->event_ids, gint64, selected) : 0;
  guint n = g_list_model_get_n_items (self->events);
  guint keep = 0;
  gint64 none = 0;

  self->filling = TRUE;
  g_array_set_size (self->event_ids, 0);
  gtk_string_list_append (labels, _("All Events"));
  g_array_append_val (self->event_ids, none);
  /* Newest first, as the grid. */
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(PlnEvent) event = g_list_model_get_item (self->events, i - 1);
      /* TRANSLATORS: an event in the Library's filter: its date, see g_date_time_format */
      g_autofree char *date = pln_format_local_time (pln_event_get_starts_at (event), _("%d/%m/%Y"));
      g_autofree char *label = g_strdup_printf ("%s · %s", date, pln_event_get_title (event));
      gint64 id = pln_event_get_id (event);

      gtk_string_list_append (labels, label);
      g_array_append_val (self->event_ids, id);
      if (id == selected_id)
        keep = self->event_ids->len - 1;
    }
  gtk_drop_down_set_model (self->event_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->event_dropdown, keep);
  self->filling = FALSE;
  pln_watch_items (&self->watched_events, self->events, &self->refill_events, pln_event_label_properties);
}

static void
on_refill_events_cb (gpointer user_data)
{
  fill_events (user_data);
}

static void
on_events_changed_cb (GListModel     *events,
                      guint           position,
                      guint           removed,
                      guint           added,
                      PlnLibraryPage *self)
{
  fill_events (self);
}

static void
add_sites (PlnLibraryPage *self,
           GtkStringList  *labels,
           gint64          parent_id,
           int             depth)
{
  g_autoptr(GListModel) sites = pln_store_get_sites_model (self->store, parent_id);

  for (guint i = 0; i < g_list_model_get_n_items (sites); i++)
    {
      g_autoptr(PlnSite) site = g_list_model_get_item (sites, i);
      PlnSiteLevel level = pln_site_get_level (site);
      gint64 id = pln_site_get_id (site);

      if (level == PLN_SITE_LEVEL_COMMUNE || level == PLN_SITE_LEVEL_VILLAGE)
        continue;
      gtk_string_list_append (labels, pln_site_get_name (site));
      g_array_append_val (self->site_ids, id);
      if (depth == 0)
        add_sites (self, labels, id, depth + 1);
    }
}

static void
fill_sites (PlnLibraryPage *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  gint64 none = 0;

  self->filling = TRUE;
  g_array_set_size (self->site_ids, 0);
  gtk_string_list_append (labels, _("All Sites"));
  g_array_append_val (self->site_ids, none);
  add_sites (self, labels, 0, 0);
  gtk_drop_down_set_model (self->site_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->site_dropdown, 0);
  self->filling = FALSE;
}

static void
on_filter_changed_cb (PlnLibraryPage *self)
{
  if (self->filling)
    return;
  reload (self);
}

/* ---- The grid ------------------------------------------------------- */

static void
on_setup_card_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  PlnLibraryPage           *self)
{
  gtk_list_item_set_child (item, GTK_WIDGET (pln_recording_card_new ()));
}

static void
on_bind_card_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 PlnLibraryPage           *self)
{
  PlnRecording *recording = gtk_list_item_get_item (item);
  gint64 id = pln_recording_get_id (recording);
  const PlnLibraryExtra *extra = self->extras != NULL ? g_hash_table_lookup (self->extras, &id) : NULL;

  pln_recording_card_bind (PLN_RECORDING_CARD (gtk_list_item_get_child (item)), recording, extra, self->posters);
}

static void
on_unbind_card_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   PlnLibraryPage           *self)
{
  pln_recording_card_unbind (PLN_RECORDING_CARD (gtk_list_item_get_child (item)));
}

static void
on_grid_activate_cb (GtkGridView    *view,
                     guint           position,
                     PlnLibraryPage *self)
{
  g_autoptr(PlnRecording) recording = g_list_model_get_item (G_LIST_MODEL (self->items), position);

  if (recording != NULL)
    pln_library_page_open_recording (self, pln_recording_get_id (recording));
}

/* ---- Who is watching ------------------------------------------------ */

static void
set_viewer (PlnLibraryPage *self,
            gint64          person_id,
            const char     *name)
{
  GSettings *settings = pln_context_get_settings (self->context);

  self->viewer_id = person_id;
  g_free (self->viewer_name);
  self->viewer_name = g_strdup (person_id != 0 ? name : NULL);
  adw_button_content_set_label (self->viewer_content, person_id != 0 ? name : _("Who Is Watching?"));
  if (self->detail != NULL)
    pln_recording_detail_set_viewer (self->detail, person_id, name);
  if (settings != NULL && g_settings_get_int64 (settings, VIEWER_KEY) != person_id)
    g_settings_set_int64 (settings, VIEWER_KEY, person_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEWER_ID]);
}

static void
load_viewer (PlnLibraryPage *self)
{
  GSettings *settings = pln_context_get_settings (self->context);
  g_autoptr(PlnPerson) person = NULL;
  gint64 id = settings != NULL ? g_settings_get_int64 (settings, VIEWER_KEY) : 0;

  if (id != 0)
    person = pln_store_get_person (self->store, id, NULL);
  /* Someone removed from the roster is nobody. */
  set_viewer (self, person != NULL ? id : 0, person != NULL ? pln_person_get_name (person) : NULL);
}

static void
show_detail (PlnLibraryPage *self,
             gint64          id)
{
  g_autoptr(GError) error = NULL;

  if (!pln_recording_detail_show_recording (self->detail, id, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Cannot open the recording: %s"), error->message);

      toast (self, message);
      return;
    }
  gtk_stack_set_visible_child_name (self->main_stack, "detail");
}

static void
on_viewer_chosen_cb (PlnViewerDialog *dialog,
                     gint64           person_id,
                     const char      *name,
                     PlnLibraryPage  *self)
{
  g_autofree char *message = g_strdup_printf (_("%s is watching. Their replay now counts toward their courses."), name);

  set_viewer (self, person_id, name);
  toast (self, message);
}

static gboolean
on_viewer_dialog_closed_cb (GtkWindow      *dialog,
                            PlnLibraryPage *self)
{
  gint64 id = self->pending_open;

  /* Asked on the way to a recording: open it, counted or not. */
  self->pending_open = 0;
  if (id != 0)
    show_detail (self, id);
  return FALSE;
}

static PlnViewerDialog *
ask_viewer (PlnLibraryPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  PlnViewerDialog *dialog = pln_viewer_dialog_new (self->context, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);

  if (self->viewer_id != 0)
    pln_viewer_dialog_select_person (dialog, self->viewer_id);
  g_signal_connect_object (dialog, "chosen", G_CALLBACK (on_viewer_chosen_cb), self, 0);
  g_signal_connect_object (dialog, "close-request", G_CALLBACK (on_viewer_dialog_closed_cb), self, G_CONNECT_AFTER);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

/* ---- Import --------------------------------------------------------- */

typedef struct
{
  PlnLibraryPage *page;
  char           *name;
} ImportData;

static void
import_data_free (ImportData *import)
{
  g_object_unref (import->page);
  g_free (import->name);
  g_free (import);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImportData, import_data_free)

static void
on_import_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(ImportData) import = user_data;
  PlnLibraryPage *self = import->page;
  const char *name = import->name;
  g_autoptr(GError) error = NULL;
  gint64 id = pln_archive_import_finish (PLN_ARCHIVE (source), result, &error);
  g_autofree char *message = NULL;

  self->n_imports--;
  if (id == 0)
    {
      /* The archive's message names the file and the reason. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  message = g_strdup_printf (_("%s is in the library; it plays once it is packaged."), name);
  toast (self, message);
}

static void
on_import_chosen_cb (GtkNativeDialog *chooser,
                     int              response,
                     PlnLibraryPage  *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        pln_library_page_import_file (self, file);
    }
  g_object_unref (chooser);
}

/* ---- Actions -------------------------------------------------------- */

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PlnLibraryPage *self = PLN_LIBRARY_PAGE (widget);

  pln_recording_detail_show_recording (self->detail, 0, NULL);
  gtk_stack_set_visible_child_name (self->main_stack, "browse");
}

static void
choose_viewer_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ask_viewer (PLN_LIBRARY_PAGE (widget));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  reload (PLN_LIBRARY_PAGE (widget));
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PlnLibraryPage *self = PLN_LIBRARY_PAGE (widget);

  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_drop_down_set_selected (self->event_dropdown, 0);
  gtk_drop_down_set_selected (self->kind_dropdown, 0);
  gtk_drop_down_set_selected (self->date_dropdown, 0);
  gtk_drop_down_set_selected (self->site_dropdown, 0);
  self->filling = FALSE;
  reload (self);
}

static void
toast_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  toast (PLN_LIBRARY_PAGE (widget), g_variant_get_string (parameter, NULL));
}

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PlnLibraryPage *self = PLN_LIBRARY_PAGE (widget);

  gtk_stack_set_visible_child_name (self->main_stack, "browse");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PlnLibraryPage *self = PLN_LIBRARY_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) videos = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Import a Video"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  gtk_file_filter_set_name (videos, _("Videos"));
  gtk_file_filter_add_mime_type (videos, "video/*");
  gtk_file_filter_add_mime_type (videos, "audio/*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), videos);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_import_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- Overrides ------------------------------------------------------ */

static void
pln_library_page_constructed (GObject *object)
{
  PlnLibraryPage *self = (PlnLibraryPage *)object;
  GtkListItemFactory *factory;
  g_autoptr(GtkStringList) kind_labels = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) date_list = gtk_string_list_new (NULL);

  G_OBJECT_CLASS (pln_library_page_parent_class)->constructed (object);

  g_return_if_fail (PLN_IS_CONTEXT (self->context));
  self->store = g_object_ref (pln_context_get_store (self->context));

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    gtk_string_list_append (kind_labels, _(kinds[i].label));
  gtk_drop_down_set_model (self->kind_dropdown, G_LIST_MODEL (kind_labels));
  for (guint i = 0; i < G_N_ELEMENTS (date_labels); i++)
    gtk_string_list_append (date_list, _(date_labels[i]));
  gtk_drop_down_set_model (self->date_dropdown, G_LIST_MODEL (date_list));

  self->events = pln_store_get_events_model (self->store);
  g_signal_connect (self->events, "items-changed", G_CALLBACK (on_events_changed_cb), self);
  fill_events (self);
  fill_sites (self);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (on_setup_card_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind_card_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_unbind_card_cb), self);
  gtk_grid_view_set_factory (self->grid_view, factory);
  g_object_unref (factory);
  {
    g_autoptr(GtkNoSelection) selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->items)));

    gtk_grid_view_set_model (self->grid_view, GTK_SELECTION_MODEL (selection));
  }
  g_signal_connect (self->grid_view, "activate", G_CALLBACK (on_grid_activate_cb), self);

  self->detail = pln_recording_detail_new (self->context);
  adw_bin_set_child (self->detail_bin, GTK_WIDGET (self->detail));
  load_viewer (self);

  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (on_filter_changed_cb), self);
  g_signal_connect_swapped (self->event_dropdown, "notify::selected", G_CALLBACK (on_filter_changed_cb), self);
  g_signal_connect_swapped (self->kind_dropdown, "notify::selected", G_CALLBACK (on_filter_changed_cb), self);
  g_signal_connect_swapped (self->date_dropdown, "notify::selected", G_CALLBACK (on_filter_changed_cb), self);
  g_signal_connect_swapped (self->site_dropdown, "notify::selected", G_CALLBACK (on_filter_changed_cb), self);

  self->changed_id = g_signal_connect (self->store, "changed", G_CALLBACK (on_store_changed_cb), self);
  pln_store_hold_watch (self->store);
  reload (self);
}

static void
pln_library_page_dispose (GObject *object)
{
  PlnLibraryPage *self = (PlnLibraryPage *)object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
  g_clear_object (&self->import_cancellable);
  pln_debounce_cancel (&self->reload_later);
  pln_debounce_cancel (&self->refill_events);
  pln_watch_items (&self->watched_events, NULL, &self->refill_events, NULL);
  if (self->store != NULL)
    {
      g_clear_signal_handler (&self->changed_id, self->store);
      pln_store_release_watch (self->store);
    }
  if (self->events != NULL)
    g_signal_handlers_disconnect_by_data (self->events, self);
  g_clear_object (&self->events);

  while (self->toasts != NULL && self->toasts->len > 0)
    {
      g_autoptr(AdwToast) shown = g_object_ref (g_ptr_array_index (self->toasts, 0));

      g_ptr_array_remove_index (self->toasts, 0);
      g_signal_handlers_disconnect_by_data (shown, self);
      adw_toast_dismiss (shown);
    }
  /* AdwBin 1.2 would unparent its child again after the template went. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PLN_TYPE_LIBRARY_PAGE);
  self->detail = NULL;
  g_clear_object (&self->items);
  g_clear_pointer (&self->extras, g_hash_table_unref);
  g_clear_pointer (&self->posters, g_hash_table_unref);
  g_clear_object (&self->store);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (pln_library_page_parent_class)->dispose (object);
}

static void
pln_library_page_finalize (GObject *object)
{
  PlnLibraryPage *self = (PlnLibraryPage *)object;

  g_clear_pointer (&self->event_ids, g_array_unref);
  g_clear_pointer (&self->site_ids, g_array_unref);
  g_clear_pointer (&self->toasts, g_ptr_array_unref);
  g_free (self->viewer_name);

  G_OBJECT_CLASS (pln_library_page_parent_class)->finalize (object);
}

static void
pln_library_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PlnLibraryPage *self = PLN_LIBRARY_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_VIEWER_ID:
      g_value_set_int64 (value, self->viewer_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pln_library_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PlnLibraryPage *self = PLN_LIBRARY_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pln_library_page_class_init (PlnLibraryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pln_library_page_constructed;
  object_class->dispose = pln_library_page_dispose;
  object_class->finalize = pln_library_page_finalize;
  object_class->get_property = pln_library_page_get_property;
  object_class->set_property = pln_library_page_set_property;

  properties[PROP_CONTEXT] = pln_context_param_spec_new ();
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VIEWER_ID] =
    g_param_spec_int64 ("viewer-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/plenary/Plenary/ui/pln-library-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PlnLibraryPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PlnLibraryPage, main_stack);
  gtk_widget_class_bind_template_child (widget_class, PlnLibraryPage, toolbar);
  gtk_widget_class_bind_template_child (widget_class, PlnLibraryPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PlnLibraryPage, event_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PlnLibraryPage, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PlnLibraryPage, date_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PlnLibraryPage, site_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PlnLibraryPage, viewer_content);
  gtk_widget_class_bind_template_child (widget_class, PlnLibraryPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, PlnLibraryPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, PlnLibraryPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, PlnLibraryPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, PlnLibraryPage, grid_view);
  gtk_widget_class_bind_template_child (widget_class, PlnLibraryPage, detail_bin);

  gtk_widget_class_install_action (widget_class, "library.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "library.choose-viewer", NULL, choose_viewer_action);
  gtk_widget_class_install_action (widget_class, "library.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "library.clear-filters", NULL, clear_filters_action);
  gtk_widget_class_install_action (widget_class, "library.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "library.focus-search", NULL, focus_search_action);
  gtk_widget_class_install_action (widget_class, "library.toast", "s", toast_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "library.focus-search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "library.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "library.back", NULL);
}

static void
pln_library_page_init (PlnLibraryPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  pln_debounce_init (&self->reload_later, RELOAD_DELAY_MS, on_reload_timeout_cb, self);
  pln_debounce_init (&self->refill_events, 0, on_refill_events_cb, self);
  self->items = g_list_store_new (PLN_TYPE_RECORDING);
  self->posters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->event_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->site_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->import_cancellable = g_cancellable_new ();
  self->toasts = g_ptr_array_new_with_free_func (g_object_unref);
}

/* ---- Public API ----------------------------------------------------- */

PlnLibraryPage *
pln_library_page_new (PlnContext *context)
{
  g_return_val_if_fail (PLN_IS_CONTEXT (context), NULL);
  return g_object_new (PLN_TYPE_LIBRARY_PAGE, "context", context, NULL);
}

PlnContext *
pln_library_page_get_context (PlnLibraryPage *self)
{
  g_return_val_if_fail (PLN_IS_LIBRARY_PAGE (self), NULL);
  return self->context;
}

gboolean
pln_library_page_is_loading (PlnLibraryPage *self)
{
  g_return_val_if_fail (PLN_IS_LIBRARY_PAGE (self), FALSE);
  return self->loading || pln_debounce_is_queued (&self->reload_later);
}

GListModel *
pln_library_page_get_recordings (PlnLibraryPage *self)
{
  g_return_val_if_fail (PLN_IS_LIBRARY_PAGE (self), NULL);
  return G_LIST_MODEL (self->items);
}

gboolean
pln_library_page_open_recording (PlnLibraryPage *self,
                                 gint64          id)
{
  g_return_val_if_fail (PLN_IS_LIBRARY_PAGE (self), FALSE);

  if (self->viewer_id == 0)
    {
      /* Asked once: the answer is remembered until changed. */
      self->pending_open = id;
      ask_viewer (self);
      return TRUE;
    }
  show_detail (self, id);
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "detail") == 0;
}

PlnRecordingDetail *
pln_library_page_get_detail (PlnLibraryPage *self)
{
  g_return_val_if_fail (PLN_IS_LIBRARY_PAGE (self), NULL);
  return self->detail;
}

gint64
pln_library_page_get_viewer_id (PlnLibraryPage *self)
{
  g_return_val_if_fail (PLN_IS_LIBRARY_PAGE (self), 0);
  return self->viewer_id;
}

void
pln_library_page_import_file (PlnLibraryPage *self,
                              GFile          *file)
{
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *message = NULL;
  ImportData *import;
  char *dot;

  g_return_if_fail (PLN_IS_LIBRARY_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  path = g_file_get_path (file);
  name = g_file_get_basename (file);
  if (path == NULL)
    {
      message = g_strdup_printf (_("Cannot import %s: only files on this computer or a mounted disk can be imported."), name);
      toast (self, message);
      return;
    }
  /* The file's name without its extension is the first title. */
  title = g_strdup (name);
  dot = strrchr (title, '.');
  if (dot != NULL && dot != title)
    *dot = '\0';

  /* TRANSLATORS: %s is a file name */
  message = g_strdup_printf (_("Importing %s…"), name);
  toast (self, message);
  import = g_new0 (ImportData, 1);
  import->page = g_object_ref (self);
  import->name = g_steal_pointer (&name);
  self->n_imports++;
  pln_archive_import_async (pln_context_get_archive (self->context), path, title, 0,
                            PLN_ARCHIVE_IMPORT_DEFAULT, self->import_cancellable,
                            on_import_done_cb, import);
}
