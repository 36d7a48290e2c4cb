/* pln-recorder-page.c: see pln-recorder-page.h.
 *
 * The feeds of an event are its recording sources (the event_sources rows
 * the scheduler records from the event's start minus its lead to its end
 * plus its tail); the bridge points' source addresses are offered to be
 * added. Start and Stop go through the scheduler (by hand, as `plenary
 * events record` does), so the schedule does not start a stopped feed
 * again nor stop a feed started early. Each feed's tile watches the
 * recorder the recording service runs for it: figures once a second,
 * preview frames and levels from its preview tap while the page is on
 * screen. Free disk space is asked asynchronously every few seconds. */
#define G_LOG_DOMAIN "plenary-recorder-page"

#include "config.h"

#include <glib/gi18n.h>

#include "pln-feed-tile.h"
#include "pln-list-find.h"
#include "pln-recorder-page.h"
#include "pln-recording-service.h"
#include "pln-scheduler.h"
#include "pln-store-recordings.h"
#include "pln-store-schedule.h"
#include "pln-widget-util.h"

#define GB (G_GUINT64_CONSTANT (1000) * 1000 * 1000)
#define DISK_AMBER_BYTES (5 * GB)
#define DISK_RED_BYTES   (1 * GB)
#define DROPPED_AMBER_PCT 1.0
#define DROPPED_RED_PCT   5.0
#define DISK_CHECK_SECONDS 5
#define SCHEDULE_CHECK_SECONDS 10
/* As many as the engine's mosaic shows (PLN_MOSAIC_MAX_FEEDS). */
#define MOSAIC_MAX_FEEDS 16

struct _PlnRecorderPage
{
  AdwBin            parent_instance;

  PlnContext       *context;

  GListModel       *events;
  gboolean          selecting;
  gboolean          user_chose;      /* else it follows the event in progress */
  gint64            event_id;
  PlnEvent         *event;           /* with its agenda */
  gint64            record_from;     /* the event's recording window */
  gint64            record_until;
  guint             next_agenda;     /* chapters of an agenda without times */

  GHashTable       *tiles;           /* uri → PlnFeedTile (the flow box owns them) */
  guint             tick_id;
  guint             ticks;
  PlnDebounce       reload_later;

  GCancellable     *disk_cancellable;
  gboolean          disk_known;
  gboolean          disk_busy;
  guint64           disk_free;
  char             *disk_error;

  gint64            next_from;       /* next scheduled recording (0: none) */
  char             *next_title;
  char             *foreign_owner;   /* another instance holds the schedule */
  char             *error;           /* the last action's failure, shown until the next one works */

  AdwMessageDialog *stop_dialog;

  AdwToastOverlay  *toast_overlay;
  GtkStack         *main_stack;
  GtkDropDown      *events_dropdown;
  GtkLabel         *countdown_label;
  GtkMenuButton    *add_button;
  GtkListBox       *candidates_list;
  GtkLabel         *no_candidates_label;
  GtkEntry         *uri_entry;
  GtkLabel         *notice_label;
  GtkLabel         *elapsed_label;
  GtkLabel         *status_label;
  GtkLabel         *bitrate_label;
  GtkLabel         *dropped_label;
  GtkLabel         *disk_label;
  GtkLabel         *disk_caption;
  GtkButton        *start_button;
  GtkButton        *chapter_button;
  GtkLabel         *chapter_label;
  GtkStack         *feeds_stack;
  GtkFlowBox       *feeds_box;
};

G_DEFINE_FINAL_TYPE (PlnRecorderPage, pln_recorder_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_EVENT_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update_dashboard (PlnRecorderPage *self);
static void update_actions   (PlnRecorderPage *self);
static void sync_event_selection (PlnRecorderPage *self);

/* ---- Helpers ------------------------------------------------------------ */

static void
show_toast (PlnRecorderPage *self,
            const char      *message,
            guint            timeout)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, timeout);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* A failure stays in the notice above the figures (a toast would cut a
 * long reason off) until the next action works. */
static void
show_error (PlnRecorderPage *self,
            const char      *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  update_dashboard (self);
}

static void
clear_error (PlnRecorderPage *self)
{
  g_clear_pointer (&self->error, g_free);
}

static char *
format_clock (gint64 seconds)
{
  seconds = MAX (seconds, 0);
  return g_strdup_printf ("%d:%02d:%02d", (int) (seconds / 3600), (int) (seconds / 60 % 60), (int) (seconds % 60));
}

static void
set_level_class (GtkWidget *widget,
                 int        level)   /* 0 fine, 1 amber, 2 red */
{
  gtk_widget_remove_css_class (widget, "figure-warning");
  gtk_widget_remove_css_class (widget, "figure-error");
  if (level == 1)
    gtk_widget_add_css_class (widget, "figure-warning");
  else if (level >= 2)
    gtk_widget_add_css_class (widget, "figure-error");
}

static PlnScheduler *
scheduler (PlnRecorderPage *self)
{
  return pln_context_get_scheduler (self->context);
}

static PlnRecordingService *
service (PlnRecorderPage *self)
{
  return pln_context_get_recording_service (self->context);
}

static gboolean
tile_is_active (PlnFeedTile *tile)
{
  PlnRecorderState state = pln_feed_tile_get_state (tile);

  return pln_feed_tile_get_recorder (tile) != NULL &&
         (state == PLN_RECORDER_STATE_STARTING || state == PLN_RECORDER_STATE_RECORDING ||
          state == PLN_RECORDER_STATE_RECONNECTING || state == PLN_RECORDER_STATE_IDLE);
}

static guint
count_active (PlnRecorderPage *self)
{
  GHashTableIter iter;
  gpointer value;
  guint n = 0;

  g_hash_table_iter_init (&iter, self->tiles);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    n += tile_is_active (value);
  return n;
}

/* The sources of the chosen event (element-type PlnScheduledSource). */
static GPtrArray *
event_sources (PlnRecorderPage *self)
{
  GPtrArray *all = pln_store_list_scheduled_sources (pln_context_get_store (self->context),
                                                     G_MININT32, G_MAXINT64 / 2,
                                                     PLN_DEFAULT_LEAD_SECONDS, PLN_DEFAULT_TAIL_SECONDS);

  for (guint i = all->len; i > 0; i--)
    if (((PlnScheduledSource *) g_ptr_array_index (all, i - 1))->event_id != self->event_id)
      g_ptr_array_remove_index (all, i - 1);
  return all;
}

static gboolean
window_is_open (PlnRecorderPage *self)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  return self->event != NULL && now < self->record_until;
}

/* ---- Chapters ----------------------------------------------------------- */

/* The agenda item going on now (by planned start), else the next one not
 * marked yet; NULL when the agenda is empty or used up. */
static char *
dup_chapter_title (PlnRecorderPage *self)
{
  GListModel *agenda;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint n;
  g_autofree char *current = NULL;
  gboolean timed = FALSE;

  if (self->event == NULL)
    return NULL;
  agenda = pln_event_get_agenda (self->event);
  n = g_list_model_get_n_items (agenda);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlnAgendaItem) item = g_list_model_get_item (agenda, i);
      gint64 planned = pln_agenda_item_get_planned_start (item);

      if (planned > 0)
        timed = TRUE;
      if (planned > 0 && planned <= now)
        {
          g_free (current);
          current = g_strdup (pln_agenda_item_get_title (item));
        }
    }
  if (current != NULL)
    return g_steal_pointer (&current);
  if (!timed || now < self->record_until)
    {
      if (self->next_agenda < n)
        {
          g_autoptr(PlnAgendaItem) item = g_list_model_get_item (agenda, self->next_agenda);
          return g_strdup (pln_agenda_item_get_title (item));
        }
    }
  return NULL;
}

static void
update_chapter_label (PlnRecorderPage *self)
{
  g_autofree char *title = dup_chapter_title (self);

  if (title == NULL)
    title = g_strdup (_("No agenda item: a numbered chapter"));
  gtk_label_set_text (self->chapter_label, title);
  /* Ellipsized on a narrow window: the whole title in the tooltip. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->chapter_label), title);
}

/* ---- Disk --------------------------------------------------------------- */

static void
on_disk_info_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PlnRecorderPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInfo) info = g_file_query_filesystem_info_finish (G_FILE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->disk_busy = FALSE;
  g_clear_pointer (&self->disk_error, g_free);
  if (info == NULL || !g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE))
    {
      g_autofree char *path = g_file_get_path (G_FILE (object));

      self->disk_known = FALSE;
      self->disk_error = g_strdup_printf (_("Cannot tell the free space of %s: %s"), path,
                                          error != NULL ? error->message : _("not reported"));
    }
  else
    {
      self->disk_known = TRUE;
      self->disk_free = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE);
    }
  update_dashboard (self);
}

static void
query_disk (PlnRecorderPage *self)
{
  g_autofree char *library = NULL;
  g_autoptr(GFile) file = NULL;

  if (self->disk_busy)
    return;
  library = pln_store_dup_library_path (pln_context_get_store (self->context));
  file = g_file_new_for_path (library);
  /* Before the first recording the folder may not exist yet: its
   * nearest existing parent is on the same disk. */
  while (!g_file_query_exists (file, NULL))
    {
      g_autoptr(GFile) parent = g_file_get_parent (file);

      if (parent == NULL)
        break;
      g_set_object (&file, parent);
    }
  self->disk_busy = TRUE;
  g_file_query_filesystem_info_async (file, G_FILE_ATTRIBUTE_FILESYSTEM_FREE, G_PRIORITY_DEFAULT,
                                      self->disk_cancellable, on_disk_info_cb, g_object_ref (self));
}

/* ---- Schedule: countdown and the lease ------------------------------------ */

static void
check_schedule (PlnRecorderPage *self)
{
  PlnStore *store = pln_context_get_store (self->context);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(GPtrArray) sources = pln_store_list_scheduled_sources (store, now, now + 366 * 24 * 3600,
                                                                   PLN_DEFAULT_LEAD_SECONDS,
                                                                   PLN_DEFAULT_TAIL_SECONDS);
  g_autofree char *owner = NULL;
  gint64 expires_ms = 0;

  self->next_from = 0;
  g_clear_pointer (&self->next_title, g_free);
  for (guint i = 0; i < sources->len; i++)
    {
      PlnScheduledSource *source = g_ptr_array_index (sources, i);

      if (source->record_from > now && (self->next_from == 0 || source->record_from < self->next_from))
        {
          self->next_from = source->record_from;
          g_free (self->next_title);
          self->next_title = g_strdup (source->title);
        }
    }

  owner = pln_store_dup_lease_owner (store, &expires_ms);
  g_clear_pointer (&self->foreign_owner, g_free);
  if (owner != NULL && g_strcmp0 (owner, pln_scheduler_get_owner (scheduler (self))) != 0 &&
      expires_ms > g_get_real_time () / 1000)
    self->foreign_owner = g_steal_pointer (&owner);
}

static void
update_countdown (PlnRecorderPage *self)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *text = NULL;

  if (self->next_from == 0 || self->next_from <= now)
    text = g_strdup (_("No scheduled recording ahead"));
  else if (self->next_from - now < 24 * 3600)
    {
      g_autofree char *clock = format_clock (self->next_from - now);
      /* Translators: the countdown to the next scheduled recording: event title, time left "1:05:32". */
      text = g_strdup_printf (_("Next recording: %s in %s"), self->next_title, clock);
    }
  else
    {
      /* Translators: a date and time, strftime-like. */
      g_autofree char *when = pln_format_local_time (self->next_from, _("%e %b %Y, %H:%M"));
      /* Translators: the next scheduled recording: event title, date and time. */
      text = g_strdup_printf (_("Next recording: %s on %s"), self->next_title, g_strstrip (when));
    }
  gtk_label_set_text (self->countdown_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->countdown_label), text);
}

/* ---- Feeds -------------------------------------------------------------- */

static PlnFeedTile *
ensure_tile (PlnRecorderPage *self,
             const char      *uri,
             gint64           source_id)
{
  PlnFeedTile *tile = g_hash_table_lookup (self->tiles, uri);

  if (tile == NULL)
    {
      tile = pln_feed_tile_new (source_id, uri);
      g_signal_connect_object (tile, "figures-changed", G_CALLBACK (update_dashboard), self, G_CONNECT_SWAPPED);
      pln_feed_tile_set_watching (tile, gtk_widget_get_mapped (GTK_WIDGET (self)));
      gtk_flow_box_append (self->feeds_box, GTK_WIDGET (tile));
      g_hash_table_insert (self->tiles, g_strdup (uri), tile);
    }
  else
    pln_feed_tile_set_source_id (tile, source_id);
  return tile;
}

static void
remove_tile (PlnRecorderPage *self,
             PlnFeedTile     *tile)
{
  GtkWidget *child = gtk_widget_get_parent (GTK_WIDGET (tile));

  pln_feed_tile_set_recorder (tile, NULL);
  g_hash_table_remove (self->tiles, pln_feed_tile_get_uri (tile));
  gtk_flow_box_remove (self->feeds_box, child != NULL ? child : GTK_WIDGET (tile));
}

static void
clear_tiles (PlnRecorderPage *self)
{
  g_autoptr(GList) tiles = g_hash_table_get_values (self->tiles);

  for (GList *l = tiles; l != NULL; l = l->next)
    remove_tile (self, l->data);
}

/* What a feed's tile says while no recorder of this process records it. */
static void
set_idle_state (PlnRecorderPage *self,
                PlnFeedTile     *tile)
{
  PlnStore *store = pln_context_get_store (self->context);
  gint64 recording_id = pln_store_find_source_recording (store, self->event_id, pln_feed_tile_get_source_id (tile));
  g_autoptr(PlnRecording) recording = recording_id != 0 ? pln_store_get_recording (store, recording_id, NULL) : NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_object_set_data (G_OBJECT (tile), "pln-recorded", GINT_TO_POINTER (recording != NULL));
  if (recording == NULL)
    {
      g_autofree char *explanation = NULL;

      if (!window_is_open (self))
        pln_feed_tile_set_idle (tile, _("Not recorded"),
                                _("This event is over: its feeds can no longer be recorded."), FALSE);
      else if (now < self->record_from)
        {
          /* Translators: a date and time, strftime-like. */
          g_autofree char *when = pln_format_local_time (self->record_from, _("%e %b %Y, %H:%M"));

          explanation = g_strdup_printf (_("Recording starts by itself at %s, or now with Start Recording."),
                                         g_strstrip (when));
          pln_feed_tile_set_idle (tile, _("Scheduled"), explanation, TRUE);
        }
      else
        pln_feed_tile_set_idle (tile, _("Not recording"), _("Press Start Recording to record this feed."), TRUE);
      return;
    }

  if (g_str_equal (pln_recording_get_state (recording), "recording"))
    pln_feed_tile_set_idle (tile, _("Recording elsewhere"),
                            _("Another Plenary on this database records this feed (plenary serve)."), FALSE);
  else if (g_str_equal (pln_recording_get_state (recording), "failed"))
    pln_feed_tile_set_idle (tile, _("Failed"),
                            _("This feed’s recording failed; the reason is in the notifications and the schedule log."), FALSE);
  else
    pln_feed_tile_set_idle (tile, _("Recorded"),
                            _("This feed was recorded for this event: find it in the Library."), FALSE);
}

/* Hands each tile the recorder of this process that records its feed. */
static void
refresh_recorders (PlnRecorderPage *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->tiles);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      PlnFeedTile *tile = value;
      gint64 source_id = pln_feed_tile_get_source_id (tile);
      PlnRecorder *recorder = source_id != 0 ? pln_recording_service_get_recorder (service (self), source_id) : NULL;
      PlnRecorder *had = pln_feed_tile_get_recorder (tile);

      if (recorder == had)
        continue;
      /* The service lets a finished recorder go: the store says what
       * became of the recording. */
      if (recorder == NULL)
        {
          pln_feed_tile_set_recorder (tile, NULL);
          set_idle_state (self, tile);
        }
      else if (recorder != NULL)
        pln_feed_tile_set_recorder (tile, recorder);
    }
}

static GtkWidget *
candidate_row_new (const char *title,
                   const char *uri)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  g_autofree char *shown = pln_uri_strip_credentials (uri);
  GtkWidget *icon = gtk_image_new_from_icon_name ("list-add-symbolic");

  gtk_widget_set_name (GTK_WIDGET (row), "recorder-candidate");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (row, shown != NULL ? shown : uri);
  adw_action_row_add_suffix (row, icon);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "recorder.add-feed");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row), g_variant_new_string (uri));
  return GTK_WIDGET (row);
}

static char *
point_title (PlnBridgePoint *point)
{
  if (pln_bridge_point_get_is_host (point))
    /* Translators: the feed of the host point: "Host feed · Sở Y tế Quảng Ninh". */
    return g_strdup_printf (_("Host feed · %s"), pln_bridge_point_get_site_name (point));
  return g_strdup (pln_bridge_point_get_site_name (point));
}

/* A name for a feed that is no point's: a test picture's title, else the
 * address's host, else the address. */
static char *
feed_name (const char *uri)
{
  if (g_str_has_prefix (uri, "mosaic:"))
    return g_strdup (_("Mosaic of the feeds"));

  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED_QUERY, NULL);
  const char *query = parsed != NULL ? g_uri_get_query (parsed) : NULL;
  g_autoptr(GHashTable) params = query != NULL ? g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL) : NULL;
  const char *title = params != NULL ? g_hash_table_lookup (params, "title") : NULL;

  if (title != NULL && *title != '\0')
    return g_strdup (title);
  if (parsed != NULL && g_uri_get_host (parsed) != NULL && *g_uri_get_host (parsed) != '\0')
    return g_strdup (g_uri_get_host (parsed));
  return pln_uri_strip_credentials (uri);
}

static void
reload (PlnRecorderPage *self)
{
  PlnStore *store = pln_context_get_store (self->context);
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(GPtrArray) point_sources = NULL;
  g_autoptr(GHashTable) point_titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) keep = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GList) tiles = NULL;
  GtkWidget *row;
  guint n_candidates = 0, n_unnamed = 0;
  const char *host_title = NULL;
  gboolean has_host_feed = FALSE;

  g_clear_object (&self->event);
  if (self->event_id != 0)
    self->event = pln_store_get_event (store, self->event_id, NULL);
  if (self->event == NULL)
    {
      clear_tiles (self);
      gtk_stack_set_visible_child_name (self->feeds_stack, "no-feeds");
      update_actions (self);
      return;
    }

  self->record_from = pln_event_get_starts_at (self->event) - PLN_DEFAULT_LEAD_SECONDS;
  self->record_until = pln_event_get_ends_at (self->event) + PLN_DEFAULT_TAIL_SECONDS;
  sources = event_sources (self);
  if (sources->len > 0)
    {
      PlnScheduledSource *first = g_ptr_array_index (sources, 0);

      self->record_from = first->record_from;
      self->record_until = first->record_until;
    }

  /* The bridge points' feeds, by address. */
  point_sources = pln_store_list_point_sources (store, self->event_id);
  for (guint i = 0; i < point_sources->len; i++)
    {
      g_auto(GStrv) parts = g_strsplit (g_ptr_array_index (point_sources, i), "\t", 2);
      g_autoptr(PlnBridgePoint) point = NULL;

      if (g_strv_length (parts) != 2 || *parts[1] == '\0')
        continue;
      point = pln_store_get_point (store, g_ascii_strtoll (parts[0], NULL, 10), NULL);
      if (point != NULL && !g_hash_table_contains (point_titles, parts[1]))
        {
          g_hash_table_insert (point_titles, g_strdup (parts[1]), point_title (point));
          if (pln_bridge_point_get_is_host (point))
            host_title = g_hash_table_lookup (point_titles, parts[1]);
        }
    }

  for (guint i = 0; i < sources->len; i++)
    {
      PlnScheduledSource *source = g_ptr_array_index (sources, i);
      const char *title = g_hash_table_lookup (point_titles, source->uri);

      has_host_feed |= title != NULL && g_str_equal (title, host_title != NULL ? host_title : "");
    }

  for (guint i = 0; i < sources->len; i++)
    {
      PlnScheduledSource *source = g_ptr_array_index (sources, i);
      PlnFeedTile *tile = ensure_tile (self, source->uri, source->source_id);
      const char *title = g_hash_table_lookup (point_titles, source->uri);

      if (title != NULL)
        pln_feed_tile_set_title (tile, title);
      else if (!has_host_feed && n_unnamed++ == 0)
        /* A source given with the event (`--record`) is its programme feed. */
        pln_feed_tile_set_title (tile, _("Host feed"));
      else
        {
          g_autofree char *name = feed_name (source->uri);
          pln_feed_tile_set_title (tile, name);
        }
      g_hash_table_add (keep, (gpointer) pln_feed_tile_get_uri (tile));
    }

  tiles = g_hash_table_get_values (self->tiles);
  for (GList *l = tiles; l != NULL; l = l->next)
    if (!g_hash_table_contains (keep, pln_feed_tile_get_uri (l->data)))
      remove_tile (self, l->data);

  /* The points' feeds not chosen yet. */
  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->candidates_list))) != NULL)
    gtk_list_box_remove (self->candidates_list, row);
  for (guint i = 0; i < point_sources->len; i++)
    {
      g_auto(GStrv) parts = g_strsplit (g_ptr_array_index (point_sources, i), "\t", 2);

      if (g_strv_length (parts) != 2 || *parts[1] == '\0' || g_hash_table_contains (self->tiles, parts[1]))
        continue;
      gtk_list_box_append (self->candidates_list,
                           candidate_row_new (g_hash_table_lookup (point_titles, parts[1]), parts[1]));
      n_candidates++;
    }
  /* The feeds side by side in one picture, recordable like any feed. */
  {
    g_autoptr(GPtrArray) feeds = g_ptr_array_new ();
    g_autoptr(GString) mosaic = g_string_new ("mosaic:?");

    for (guint i = 0; i < sources->len; i++)
      {
        const char *uri = ((PlnScheduledSource *) g_ptr_array_index (sources, i))->uri;

        if (!g_str_has_prefix (uri, "mosaic:"))
          g_ptr_array_add (feeds, (gpointer) uri);
      }
    for (guint i = 0; i < point_sources->len; i++)
      {
        const char *tab = strchr (g_ptr_array_index (point_sources, i), '\t');

        if (tab != NULL && tab[1] != '\0' && !g_str_has_prefix (tab + 1, "mosaic:") &&
            !g_hash_table_contains (self->tiles, tab + 1))
          g_ptr_array_add (feeds, (gpointer) (tab + 1));
      }
    if (feeds->len >= 2)
      {
        guint n = MIN (feeds->len, MOSAIC_MAX_FEEDS);
        guint columns = 1;
        g_autofree char *subtitle = NULL;
        GtkWidget *candidate;

        while (columns * columns < n)
          columns++;
        for (guint i = 0; i < n; i++)
          {
            g_autofree char *escaped = g_uri_escape_string (g_ptr_array_index (feeds, i), NULL, FALSE);
            g_string_append_printf (mosaic, "src=%s&", escaped);
          }
        g_string_append_printf (mosaic, "size=1280x720&fps=15&columns=%u", columns);
        if (!g_hash_table_contains (self->tiles, mosaic->str))
          {
            subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u feed side by side in one picture",
                                                     "%u feeds side by side in one picture", n), n);
            candidate = candidate_row_new (_("Mosaic of the feeds"), mosaic->str);
            adw_action_row_set_subtitle (ADW_ACTION_ROW (candidate), subtitle);
            gtk_widget_set_name (candidate, "recorder-mosaic");
            gtk_list_box_append (self->candidates_list, candidate);
            n_candidates++;
          }
      }
  }
  gtk_widget_set_visible (GTK_WIDGET (self->candidates_list), n_candidates > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->no_candidates_label), n_candidates == 0);

  gtk_stack_set_visible_child_name (self->feeds_stack, g_hash_table_size (self->tiles) > 0 ? "feeds" : "no-feeds");

  refresh_recorders (self);
  {
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, self->tiles);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      if (pln_feed_tile_get_recorder (value) == NULL)
        set_idle_state (self, value);
  }
  check_schedule (self);
  update_countdown (self);
  update_chapter_label (self);
  update_dashboard (self);
}

static void
reload_cb (gpointer user_data)
{
  PlnRecorderPage *self = user_data;

  reload (self);
}

static void
queue_reload (PlnRecorderPage *self)
{
  pln_debounce_queue (&self->reload_later);
}

static void
on_store_changed_cb (PlnStore        *store,
                     const char      *table,
                     PlnRecorderPage *self)
{
  if (table != NULL && !g_str_equal (table, "event_sources") && !g_str_equal (table, "recordings") &&
      !g_str_equal (table, "bridge_points") && !g_str_equal (table, "events") &&
      !g_str_equal (table, PLN_STORE_CHANGED_EXTERNAL))
    return;
  queue_reload (self);
}

/* ---- Dashboard ---------------------------------------------------------- */

static void
update_notice (PlnRecorderPage *self,
               guint            n_reconnecting,
               guint            n_silent)
{
  g_autoptr(GString) text = g_string_new (NULL);
  int level = 0;

  if (self->foreign_owner != NULL)
    {
      g_string_append_printf (text, _("Another Plenary (%s) runs this database’s schedule, usually plenary serve: it records the scheduled feeds. Start and stop them there, or stop it to record here."),
                              self->foreign_owner);
      level = MAX (level, 1);
    }
  if (n_reconnecting > 0)
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                 "%u feed lost its link and is reconnecting; its recording goes on when the picture comes back.",
                                                 "%u feeds lost their link and are reconnecting; their recordings go on when the picture comes back.",
                                                 n_reconnecting), n_reconnecting);
      level = 2;
    }
  if (n_silent > 0)
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                 "%u feed has had no sound for %d s or more.",
                                                 "%u feeds have had no sound for %d s or more.",
                                                 n_silent), n_silent, PLN_FEED_TILE_SILENCE_SECONDS);
      level = MAX (level, 1);
    }
  if (self->error != NULL)
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, self->error);
      level = 2;
    }
  if (self->disk_error != NULL)
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, self->disk_error);
      level = MAX (level, 1);
    }
  gtk_label_set_text (self->notice_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->notice_label), text->len > 0);
  gtk_widget_remove_css_class (GTK_WIDGET (self->notice_label), "recorder-notice-error");
  if (level >= 2)
    gtk_widget_add_css_class (GTK_WIDGET (self->notice_label), "recorder-notice-error");
}

static void
update_dashboard (PlnRecorderPage *self)
{
  GHashTableIter iter;
  gpointer value;
  guint n_recording = 0, n_reconnecting = 0, n_silent = 0, n_active = 0;
  gint64 elapsed_ms = 0;
  double bitrate = 0;
  guint64 frames = 0, dropped = 0;
  g_autofree char *clock = NULL;
  g_autofree char *text = NULL;

  g_hash_table_iter_init (&iter, self->tiles);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      PlnFeedTile *tile = value;

      if (!tile_is_active (tile))
        continue;
      n_active++;
      switch (pln_feed_tile_get_state (tile))
        {
        case PLN_RECORDER_STATE_RECORDING:
          n_recording++;
          break;
        case PLN_RECORDER_STATE_RECONNECTING:
          n_reconnecting++;
          break;
        case PLN_RECORDER_STATE_IDLE:
        case PLN_RECORDER_STATE_STARTING:
        case PLN_RECORDER_STATE_STOPPED:
        case PLN_RECORDER_STATE_FAILED:
        default:
          break;
        }
      elapsed_ms = MAX (elapsed_ms, pln_feed_tile_get_elapsed_ms (tile));
      bitrate += pln_feed_tile_get_bitrate_kbps (tile);
      frames += pln_feed_tile_get_frames (tile);
      dropped += pln_feed_tile_get_frames_dropped (tile);
      n_silent += pln_feed_tile_get_silent_seconds (tile) >= PLN_FEED_TILE_SILENCE_SECONDS;
    }

  /* Elapsed time and state. */
  clock = format_clock (elapsed_ms / 1000);
  gtk_label_set_text (self->elapsed_label, clock);
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "recorder-live");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "figure-error");
  if (n_reconnecting > 0)
    {
      /* Translators: the recorder's state: how many feeds are reconnecting. */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "RECONNECTING %u feed", "RECONNECTING %u feeds",
                                           n_reconnecting), n_reconnecting);
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "figure-error");
    }
  else if (n_recording > 0)
    {
      /* Translators: the recorder's state: how many feeds record now. */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "● RECORDING %u feed", "● RECORDING %u feeds",
                                           n_recording), n_recording);
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "recorder-live");
    }
  else if (n_active > 0)
    text = g_strdup (_("Connecting…"));
  else
    text = g_strdup (_("Not recording"));
  gtk_label_set_text (self->status_label, text);
  g_clear_pointer (&text, g_free);

  /* Bitrate. */
  if (n_active > 0)
    text = g_strdup_printf (_("%.0f kbit/s"), bitrate);
  gtk_label_set_text (self->bitrate_label, text != NULL ? text : "—");
  g_clear_pointer (&text, g_free);

  /* Dropped frames. */
  if (n_active > 0)
    {
      double pct = frames + dropped > 0 ? 100.0 * dropped / (frames + dropped) : 0.0;
      guint n_dropped = (guint) MIN (dropped, G_MAXUINT);
      g_autofree char *tip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u frame dropped",
                                                           "%u frames dropped", n_dropped), n_dropped);

      text = g_strdup_printf (_("%.1f %%"), pct);
      set_level_class (GTK_WIDGET (self->dropped_label),
                       pct > DROPPED_RED_PCT ? 2 : pct > DROPPED_AMBER_PCT ? 1 : 0);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->dropped_label), tip);
    }
  else
    set_level_class (GTK_WIDGET (self->dropped_label), 0);
  gtk_label_set_text (self->dropped_label, text != NULL ? text : "—");
  g_clear_pointer (&text, g_free);

  /* Disk left, and time left at this rate. */
  if (self->disk_known)
    {
      g_autofree char *size = g_format_size (self->disk_free);

      if (n_active > 0 && bitrate > 0)
        {
          gint64 seconds = (gint64) (self->disk_free * 8.0 / (bitrate * 1000.0));
          g_autofree char *left = g_strdup_printf ("%d:%02d", (int) MIN (seconds / 3600, 9999), (int) (seconds / 60 % 60));

          /* Translators: free disk space and when it will be full at the current rate: "38 GB · full in 12:34" (hours:minutes). */
          text = g_strdup_printf (_("%s · full in %s"), size, left);
        }
      else
        text = g_steal_pointer (&size);
      set_level_class (GTK_WIDGET (self->disk_label),
                       self->disk_free < DISK_RED_BYTES ? 2 : self->disk_free < DISK_AMBER_BYTES ? 1 : 0);
    }
  gtk_label_set_text (self->disk_label, text != NULL ? text : "—");

  update_notice (self, n_reconnecting, n_silent);
  update_actions (self);
}

/* ---- Actions ------------------------------------------------------------ */

static void
update_actions (PlnRecorderPage *self)
{
  guint n_active = count_active (self);
  gboolean has_feeds = g_hash_table_size (self->tiles) > 0;
  gboolean can_start = self->event != NULL && has_feeds && window_is_open (self) && self->foreign_owner == NULL;
  GHashTableIter iter;
  gpointer value;
  gboolean startable = FALSE;

  /* Start only when a feed is left to start (set_idle_state() marks
   * those recorded already). */
  g_hash_table_iter_init (&iter, self->tiles);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (pln_feed_tile_get_recorder (value) == NULL && g_object_get_data (value, "pln-recorded") == NULL)
      startable = TRUE;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "recorder.start", can_start && startable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "recorder.stop", n_active > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "recorder.chapter", n_active > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "recorder.record-feed", can_start);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "recorder.stop-feed", n_active > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "recorder.add-feed", self->event != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "recorder.add-uri", self->event != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), self->event != NULL);
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  PlnRecorderPage *self = PLN_RECORDER_PAGE (widget);
  g_autoptr(GError) error = NULL;
  int started;

  if (self->event == NULL)
    return;
  clear_error (self);
  started = pln_scheduler_start_event_now (scheduler (self), self->event_id, &error);
  if (started < 0)
    {
      g_autofree char *message = g_strdup_printf (_("Could not start recording “%s”: %s"),
                                                  pln_event_get_title (self->event), error->message);
      show_error (self, message);
    }
  else if (started == 0)
    show_toast (self, _("Every feed of this event is recording or was recorded already. Add a feed to record more."), 5);
  refresh_recorders (self);
  update_dashboard (self);
}

/* Records one feed now: alone when the event's window is open (the
 * schedule wants it anyway), else with the event's other feeds, started
 * early by hand. */
static void
start_feed (PlnRecorderPage *self,
            gint64           source_id)
{
  g_autoptr(GPtrArray) sources = event_sources (self);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(GError) error = NULL;

  if (now >= self->record_from && now < self->record_until)
    {
      for (guint i = 0; i < sources->len; i++)
        {
          PlnScheduledSource *source = g_ptr_array_index (sources, i);

          if (source->source_id == source_id &&
              pln_recording_service_ensure (service (self), source, &error) == 0 && error != NULL)
            break;
        }
    }
  else
    pln_scheduler_start_event_now (scheduler (self), self->event_id, &error);

  if (error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not start recording: %s"), error->message);
      show_error (self, message);
    }
  refresh_recorders (self);
  update_dashboard (self);
}

/* Makes @uri a feed of the event; records it at once when the event is
 * being recorded (or @record). */
static void
add_feed (PlnRecorderPage *self,
          const char      *uri,
          gboolean         record)
{
  PlnStore *store = pln_context_get_store (self->context);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnSource) source = NULL;
  gboolean recording = count_active (self) > 0;
  gint64 source_id;

  if (self->event == NULL)
    return;
  clear_error (self);
  source = pln_source_new (uri, &error);
  if (source == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Cannot record “%s”: %s"), uri, error->message);
      show_error (self, message);
      return;
    }
  source_id = pln_store_add_event_source (store, self->event_id, uri, &error);
  if (source_id == 0)
    {
      g_autofree char *message = g_strdup_printf (_("Could not add the feed %s to “%s”: %s"), uri,
                                                  pln_event_get_title (self->event), error->message);
      show_error (self, message);
      return;
    }
  reload (self);
  if ((record || recording) && window_is_open (self) && self->foreign_owner == NULL)
    start_feed (self, source_id);
}

static void
add_feed_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  PlnRecorderPage *self = PLN_RECORDER_PAGE (widget);

  gtk_menu_button_popdown (self->add_button);
  add_feed (self, g_variant_get_string (param, NULL), FALSE);
}

static void
add_uri_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  PlnRecorderPage *self = PLN_RECORDER_PAGE (widget);
  g_autofree char *uri = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->uri_entry))));

  if (*uri == '\0')
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->uri_entry));
      return;
    }
  gtk_menu_button_popdown (self->add_button);
  gtk_editable_set_text (GTK_EDITABLE (self->uri_entry), "");
  add_feed (self, uri, FALSE);
}

static void
record_feed_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  PlnRecorderPage *self = PLN_RECORDER_PAGE (widget);
  PlnFeedTile *tile = g_hash_table_lookup (self->tiles, g_variant_get_string (param, NULL));

  if (tile == NULL)
    return;
  if (pln_feed_tile_get_source_id (tile) == 0)
    add_feed (self, pln_feed_tile_get_uri (tile), TRUE);
  else
    start_feed (self, pln_feed_tile_get_source_id (tile));
}

static void
on_remove_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       PlnRecorderPage  *self)
{
  const char *uri = g_object_get_data (G_OBJECT (dialog), "uri");
  gint64 event_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "event-id"));
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "remove"))
    return;
  clear_error (self);
  if (!pln_store_remove_event_source (pln_context_get_store (self->context), event_id, uri, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not remove the feed %s: %s"), uri, error->message);
      show_error (self, message);
      return;
    }
  if (event_id == self->event_id)
    reload (self);
}

/* Removes a feed (not recording) from the event's sources, once confirmed;
 * a feed that is recording is refused in the same place, a dialog that
 * says to stop it first. */
static void
remove_feed_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  PlnRecorderPage *self = PLN_RECORDER_PAGE (widget);
  PlnFeedTile *tile = g_hash_table_lookup (self->tiles, g_variant_get_string (param, NULL));
  GtkRoot *root = gtk_widget_get_root (widget);
  AdwMessageDialog *dialog;

  if (tile == NULL || self->event == NULL)
    return;
  if (tile_is_active (tile))
    {
      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                           _("Stop the Recording First"), NULL));
      adw_message_dialog_format_body (dialog, _("“%s” is recording: stop its recording first, then remove the feed."),
                                      pln_feed_tile_get_title (tile));
      gtk_widget_set_name (GTK_WIDGET (dialog), "recorder-remove-dialog");
      adw_message_dialog_add_response (dialog, "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Remove the Feed?"), NULL));
  adw_message_dialog_format_body (dialog,
                                  _("“%s” is no longer recorded for “%s”. The recordings already made stay in the library."),
                                  pln_feed_tile_get_title (tile), pln_event_get_title (self->event));
  gtk_widget_set_name (GTK_WIDGET (dialog), "recorder-remove-dialog");
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "remove", _("_Remove"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "uri", g_strdup (pln_feed_tile_get_uri (tile)), g_free);
  g_object_set_data (G_OBJECT (dialog), "event-id", GSIZE_TO_POINTER ((gsize) self->event_id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_stop_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     PlnRecorderPage  *self)
{
  gint64 source_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "source-id"));
  gint64 event_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "event-id"));

  self->stop_dialog = NULL;
  if (!g_str_equal (response, "stop"))
    return;
  if (source_id != 0)
    pln_recording_service_stop (service (self), source_id);
  else
    pln_scheduler_stop_event_now (scheduler (self), event_id);
  update_dashboard (self);
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  PlnRecorderPage *self = PLN_RECORDER_PAGE (widget);
  gint64 source_id = param != NULL ? g_variant_get_int64 (param) : 0;
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;
  guint n_active = count_active (self);

  if (self->event == NULL || n_active == 0 || self->stop_dialog != NULL)
    return;

  if (source_id != 0)
    body = g_strdup (_("This feed’s recording ends and is packaged for the Library. It cannot be recorded again for this event."));
  else
    body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "The recording of %u feed of “%s” ends and is packaged for the Library. A stopped feed cannot be recorded again for this event.",
                                         "The recordings of %u feeds of “%s” end and are packaged for the Library. A stopped feed cannot be recorded again for this event.",
                                         n_active),
                            n_active, pln_event_get_title (self->event));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Stop Recording?"), body));
  gtk_widget_set_name (GTK_WIDGET (dialog), "recorder-stop-dialog");
  adw_message_dialog_add_responses (dialog, "cancel", _("_Keep Recording"), "stop", _("_Stop"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "stop", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), "source-id", GSIZE_TO_POINTER ((gsize) source_id));
  g_object_set_data (G_OBJECT (dialog), "event-id", GSIZE_TO_POINTER ((gsize) self->event_id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_stop_response_cb), self, 0);
  self->stop_dialog = dialog;
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
toggle_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  PlnRecorderPage *self = PLN_RECORDER_PAGE (widget);

  if (count_active (self) > 0)
    stop_action (widget, "recorder.stop", NULL);
  else if (gtk_widget_is_sensitive (GTK_WIDGET (self->start_button)))
    start_action (widget, "recorder.start", NULL);
}

static void
chapter_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  PlnRecorderPage *self = PLN_RECORDER_PAGE (widget);
  g_autofree char *title = dup_chapter_title (self);
  g_autofree char *message = NULL;
  g_autofree char *clock = NULL;
  GHashTableIter iter;
  gpointer value;
  guint marked = 0;
  gint64 elapsed_ms = 0;

  if (title == NULL)
    /* Translators: the title of a chapter marked without an agenda item. */
    title = g_strdup_printf (_("Chapter %u"), self->next_agenda + 1);

  g_hash_table_iter_init (&iter, self->tiles);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      PlnRecorder *recorder = pln_feed_tile_get_recorder (value);
      g_autoptr(GError) error = NULL;

      if (recorder == NULL || !tile_is_active (value))
        continue;
      if (pln_recorder_mark_chapter (recorder, title, &error))
        {
          marked++;
          elapsed_ms = MAX (elapsed_ms, pln_feed_tile_get_elapsed_ms (value));
        }
      else
        {
          g_autofree char *failed = g_strdup_printf (_("Could not mark the chapter in %s: %s"),
                                                     pln_feed_tile_get_uri (value), error->message);
          show_error (self, failed);
        }
    }
  if (marked == 0)
    return;
  self->next_agenda++;
  clock = format_clock (elapsed_ms / 1000);
  /* Translators: a toast: the chapter's title and when it was marked. */
  message = g_strdup_printf (_("Chapter “%s” marked at %s"), title, clock);
  show_toast (self, message, 3);
  update_chapter_label (self);
}

static void
on_uri_entry_activate_cb (PlnRecorderPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "recorder.add-uri", NULL);
}

/* ---- Events ------------------------------------------------------------- */

static char *
event_label_cb (PlnEvent *event)
{
  g_autofree char *date = NULL;

  if (event == NULL)
    return g_strdup ("");
  /* Translators: a date in the events list, strftime-like; "10 Nov 2022". */
  date = pln_format_local_time (pln_event_get_starts_at (event), _("%e %b %Y"));
  /* Translators: an event in the list: "title — date". */
  return g_strdup_printf (_("%s — %s"), pln_event_get_title (event), g_strstrip (date));
}

/* The chosen event ellipsizes in the button (its full name in the
 * tooltip) and wraps in the list, so a long title never makes the page
 * wider than a phone. */
static void
event_item_setup_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     gpointer                  in_list)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  if (GPOINTER_TO_INT (in_list))
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
    }
  else
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 64);
    }
  gtk_list_item_set_child (item, label);
}

/* Drawn again when the store's model renames or moves the event in place. */
static void
draw_event_item (GObject     *event,
                 GParamSpec  *pspec,
                 GtkListItem *item)
{
  g_autofree char *text = event_label_cb (PLN_EVENT (event));
  GtkWidget *label = gtk_list_item_get_child (item);

  gtk_label_set_text (GTK_LABEL (label), text);
  if (gtk_label_get_ellipsize (GTK_LABEL (label)) != PANGO_ELLIPSIZE_NONE)
    gtk_widget_set_tooltip_text (label, text);
}

static void
event_item_bind_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  in_list)
{
  pln_list_item_follow (item, draw_event_item, pln_event_label_properties);
}

static void
event_item_unbind_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      gpointer                  in_list)
{
  pln_list_item_unfollow (item, draw_event_item);
}

static GtkListItemFactory *
event_item_factory_new (gboolean in_list)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (event_item_setup_cb), GINT_TO_POINTER (in_list));
  g_signal_connect (factory, "bind", G_CALLBACK (event_item_bind_cb), GINT_TO_POINTER (in_list));
  g_signal_connect (factory, "unbind", G_CALLBACK (event_item_unbind_cb), GINT_TO_POINTER (in_list));
  return factory;
}

/* The event recording or in progress, else the next to start, else the
 * latest. */
static guint
pick_event (PlnRecorderPage *self)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint n = g_list_model_get_n_items (self->events);
  guint best = GTK_INVALID_LIST_POSITION;
  int best_rank = -1;
  gint64 best_start = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlnEvent) event = g_list_model_get_item (self->events, i);
      gint64 starts = pln_event_get_starts_at (event);
      int rank = (starts - PLN_DEFAULT_LEAD_SECONDS <= now && now < pln_event_get_ends_at (event)) ? 2
               : starts > now ? 1 : 0;
      gboolean better = rank > best_rank ||
                        (rank == best_rank && (rank == 1 ? starts < best_start : starts > best_start));

      if (better)
        {
          best = i;
          best_rank = rank;
          best_start = starts;
        }
    }
  return best;
}

static void
set_event (PlnRecorderPage *self,
           gint64           event_id)
{
  if (self->event_id == event_id && self->event != NULL)
    return;
  if (self->event_id != event_id)
    {
      clear_tiles (self);
      self->next_agenda = 0;
    }
  self->event_id = event_id;
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENT_ID]);
}

static void
sync_event_selection (PlnRecorderPage *self)
{
  guint n = g_list_model_get_n_items (self->events);
  guint pos;
  gboolean found = pln_list_find_id (self->events, self->event_id, &pos);

  gtk_stack_set_visible_child_name (self->main_stack, n > 0 ? "recorder" : "empty");
  if ((!found || !self->user_chose) && n > 0)
    pos = pick_event (self);
  self->selecting = TRUE;
  gtk_drop_down_set_selected (self->events_dropdown, pos);
  self->selecting = FALSE;

  if (pos == GTK_INVALID_LIST_POSITION)
    set_event (self, 0);
  else
    {
      g_autoptr(PlnEvent) event = g_list_model_get_item (self->events, pos);
      set_event (self, pln_event_get_id (event));
    }
}

static void
on_dropdown_selected_cb (PlnRecorderPage *self)
{
  guint pos = gtk_drop_down_get_selected (self->events_dropdown);
  g_autoptr(PlnEvent) event = NULL;

  if (self->selecting || pos == GTK_INVALID_LIST_POSITION)
    return;
  event = g_list_model_get_item (self->events, pos);
  /* The list changing moves the selection along with the same event:
   * only another event is a choice. */
  if (event != NULL && pln_event_get_id (event) != self->event_id)
    {
      self->user_chose = TRUE;
      set_event (self, pln_event_get_id (event));
    }
}

/* ---- Settings into the recording service -------------------------------- */

static void
apply_settings (PlnRecorderPage *self)
{
  GSettings *settings = pln_context_get_settings (self->context);

  if (settings == NULL)
    return;
  pln_recording_service_set_segment_seconds (service (self), g_settings_get_uint (settings, "segment-minutes") * 60);
  pln_recording_service_set_preset (service (self),
                                    g_settings_get_enum (settings, "recording-quality") == 1
                                      ? PLN_ENCODE_PRESET_LIGHT : PLN_ENCODE_PRESET_GOOD);
}

/* ---- Tick --------------------------------------------------------------- */

static gboolean
tick_cb (gpointer user_data)
{
  PlnRecorderPage *self = user_data;

  if (self->ticks % SCHEDULE_CHECK_SECONDS == 0)
    check_schedule (self);
  if (self->ticks % DISK_CHECK_SECONDS == 0)
    query_disk (self);
  self->ticks++;

  refresh_recorders (self);
  update_countdown (self);
  if (self->ticks % 30 == 0)
    {
      update_chapter_label (self);
      /* The next event's window may have opened. */
      if (!self->user_chose)
        sync_event_selection (self);
    }
  update_dashboard (self);
  return G_SOURCE_CONTINUE;
}

static void
set_watching (PlnRecorderPage *self,
              gboolean         watching)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->tiles);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    pln_feed_tile_set_watching (value, watching);
}

/* ---- GObject ------------------------------------------------------------ */

static void
pln_recorder_page_map (GtkWidget *widget)
{
  PlnRecorderPage *self = PLN_RECORDER_PAGE (widget);

  GTK_WIDGET_CLASS (pln_recorder_page_parent_class)->map (widget);
  set_watching (self, TRUE);
  self->ticks = 0;
  tick_cb (self);
}

static void
pln_recorder_page_unmap (GtkWidget *widget)
{
  PlnRecorderPage *self = PLN_RECORDER_PAGE (widget);

  set_watching (self, FALSE);
  GTK_WIDGET_CLASS (pln_recorder_page_parent_class)->unmap (widget);
}

static void
pln_recorder_page_constructed (GObject *object)
{
  PlnRecorderPage *self = PLN_RECORDER_PAGE (object);
  PlnStore *store;
  GSettings *settings;
  GtkExpression *expression;
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GtkListItemFactory) list_factory = NULL;

  G_OBJECT_CLASS (pln_recorder_page_parent_class)->constructed (object);

  g_return_if_fail (PLN_IS_CONTEXT (self->context));
  store = pln_context_get_store (self->context);

  expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                            G_CALLBACK (event_label_cb), NULL, NULL);
  gtk_drop_down_set_expression (self->events_dropdown, expression);
  gtk_expression_unref (expression);
  factory = event_item_factory_new (FALSE);
  list_factory = event_item_factory_new (TRUE);
  gtk_drop_down_set_factory (self->events_dropdown, factory);
  gtk_drop_down_set_list_factory (self->events_dropdown, list_factory);
  self->events = pln_store_get_events_model (store);
  gtk_drop_down_set_model (self->events_dropdown, self->events);
  g_signal_connect_object (self->events, "items-changed",
                           G_CALLBACK (sync_event_selection), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->events_dropdown, "notify::selected",
                           G_CALLBACK (on_dropdown_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed_cb), self, 0);
  g_signal_connect_object (self->uri_entry, "activate", G_CALLBACK (on_uri_entry_activate_cb),
                           self, G_CONNECT_SWAPPED);

  settings = pln_context_get_settings (self->context);
  if (settings != NULL)
    {
      g_signal_connect_object (settings, "changed::segment-minutes", G_CALLBACK (apply_settings), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (settings, "changed::recording-quality", G_CALLBACK (apply_settings), self, G_CONNECT_SWAPPED);
      apply_settings (self);
    }

  check_schedule (self);
  sync_event_selection (self);
  update_countdown (self);
  self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
}

static void
pln_recorder_page_dispose (GObject *object)
{
  PlnRecorderPage *self = PLN_RECORDER_PAGE (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  pln_debounce_cancel (&self->reload_later);
  if (self->disk_cancellable != NULL)
    g_cancellable_cancel (self->disk_cancellable);
  g_clear_object (&self->disk_cancellable);
  if (self->stop_dialog != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->stop_dialog, self);
      gtk_window_destroy (GTK_WINDOW (self->stop_dialog));
      self->stop_dialog = NULL;
    }
  if (self->tiles != NULL)
    clear_tiles (self);
  /* The template's top widget is AdwBin's child: AdwBin lets go of it
   * before the template drops it. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PLN_TYPE_RECORDER_PAGE);
  g_clear_object (&self->events);
  g_clear_object (&self->event);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (pln_recorder_page_parent_class)->dispose (object);
}

static void
pln_recorder_page_finalize (GObject *object)
{
  PlnRecorderPage *self = PLN_RECORDER_PAGE (object);

  g_clear_pointer (&self->tiles, g_hash_table_unref);
  g_free (self->disk_error);
  g_free (self->next_title);
  g_free (self->foreign_owner);
  g_free (self->error);

  G_OBJECT_CLASS (pln_recorder_page_parent_class)->finalize (object);
}

static void
pln_recorder_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PlnRecorderPage *self = PLN_RECORDER_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_EVENT_ID:
      g_value_set_int64 (value, self->event_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pln_recorder_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  PlnRecorderPage *self = PLN_RECORDER_PAGE (object);

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
pln_recorder_page_class_init (PlnRecorderPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pln_recorder_page_constructed;
  object_class->dispose = pln_recorder_page_dispose;
  object_class->finalize = pln_recorder_page_finalize;
  object_class->get_property = pln_recorder_page_get_property;
  object_class->set_property = pln_recorder_page_set_property;
  widget_class->map = pln_recorder_page_map;
  widget_class->unmap = pln_recorder_page_unmap;

  properties[PROP_CONTEXT] = pln_context_param_spec_new ();
  properties[PROP_EVENT_ID] =
    g_param_spec_int64 ("event-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/plenary/Plenary/ui/pln-recorder-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PlnRecorderPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PlnRecorderPage, main_stack);
  gtk_widget_class_bind_template_child (widget_class, PlnRecorderPage, events_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PlnRecorderPage, countdown_label);
  gtk_widget_class_bind_template_child (widget_class, PlnRecorderPage, add_button);
  gtk_widget_class_bind_template_child (widget_class, PlnRecorderPage, candidates_list);
  gtk_widget_class_bind_template_child (widget_class, PlnRecorderPage, no_candidates_label);
  gtk_widget_class_bind_template_child (widget_class, PlnRecorderPage, uri_entry);
  gtk_widget_class_bind_template_child (widget_class, PlnRecorderPage, notice_label);
  gtk_widget_class_bind_template_child (widget_class, PlnRecorderPage, elapsed_label);
  gtk_widget_class_bind_template_child (widget_class, PlnRecorderPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, PlnRecorderPage, bitrate_label);
  gtk_widget_class_bind_template_child (widget_class, PlnRecorderPage, dropped_label);
  gtk_widget_class_bind_template_child (widget_class, PlnRecorderPage, disk_label);
  gtk_widget_class_bind_template_child (widget_class, PlnRecorderPage, disk_caption);
  gtk_widget_class_bind_template_child (widget_class, PlnRecorderPage, start_button);
  gtk_widget_class_bind_template_child (widget_class, PlnRecorderPage, chapter_button);
  gtk_widget_class_bind_template_child (widget_class, PlnRecorderPage, chapter_label);
  gtk_widget_class_bind_template_child (widget_class, PlnRecorderPage, feeds_stack);
  gtk_widget_class_bind_template_child (widget_class, PlnRecorderPage, feeds_box);

  gtk_widget_class_install_action (widget_class, "recorder.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "recorder.stop", "x", stop_action);
  gtk_widget_class_install_action (widget_class, "recorder.toggle", NULL, toggle_action);
  gtk_widget_class_install_action (widget_class, "recorder.chapter", NULL, chapter_action);
  gtk_widget_class_install_action (widget_class, "recorder.record-feed", "s", record_feed_action);
  gtk_widget_class_install_action (widget_class, "recorder.stop-feed", "x", stop_action);
  gtk_widget_class_install_action (widget_class, "recorder.add-feed", "s", add_feed_action);
  gtk_widget_class_install_action (widget_class, "recorder.add-uri", NULL, add_uri_action);
  gtk_widget_class_install_action (widget_class, "recorder.remove-feed", "s", remove_feed_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "recorder.toggle", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK, "recorder.chapter", NULL);
}

static void
pln_recorder_page_init (PlnRecorderPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  pln_debounce_init (&self->reload_later, 100, reload_cb, self);
  self->tiles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->disk_cancellable = g_cancellable_new ();
}

/* ---- Public API --------------------------------------------------------- */

PlnRecorderPage *
pln_recorder_page_new (PlnContext *context)
{
  g_return_val_if_fail (PLN_IS_CONTEXT (context), NULL);

  return g_object_new (PLN_TYPE_RECORDER_PAGE, "context", context, NULL);
}

gint64
pln_recorder_page_get_event_id (PlnRecorderPage *self)
{
  g_return_val_if_fail (PLN_IS_RECORDER_PAGE (self), 0);
  return self->event_id;
}

gboolean
pln_recorder_page_set_event_id (PlnRecorderPage *self,
                                gint64           event_id)
{
  guint pos;

  g_return_val_if_fail (PLN_IS_RECORDER_PAGE (self), FALSE);

  if (!pln_list_find_id (self->events, event_id, &pos))
    return FALSE;
  self->user_chose = TRUE;
  gtk_drop_down_set_selected (self->events_dropdown, pos);
  set_event (self, event_id);
  return TRUE;
}
