/* pln-recording-detail.c: see pln-recording-detail.h.
 *
 * Progress: the stream's notifications (playing, seeking, timestamp,
 * ended, duration) go to a PlnWatchTracker with the wall clock; it decides
 * what was really watched (never across a seek or a jump, never from a
 * stale timestamp, never faster than real time) and the intervals it
 * closes are saved for the person watching. The store merges what
 * overlaps, so watching twice never counts twice. */
#define G_LOG_DOMAIN "plenary-library"

#include "config.h"

#include <glib/gi18n.h>

#include "pln-archive.h"
#include "pln-event.h"
#include "pln-recording-card.h"
#include "pln-recording-detail.h"
#include "pln-store-library.h"
#include "pln-store-recordings.h"
#include "pln-store-viewers.h"
#include "pln-watch-tracker.h"
#include "pln-widget-util.h"

/* Resuming this close to the end starts again from the beginning. */
#define NEAR_END_MS 3000

struct _PlnRecordingDetail
{
  AdwBin           parent_instance;

  PlnContext      *context;
  PlnRecording    *recording;
  gint64           id;
  GPtrArray       *chapters;
  GtkMediaStream  *stream;

  gint64           viewer_id;
  char            *viewer_name;

  gint64           resume_ms;      /* -1: done */
  PlnWatchTracker *tracker;        /* while there is a stream */
  gboolean         setting_visibility;

  PlnDebounce      fold_later;

  GtkScrolledWindow *columns_scroller;
  GtkBox          *columns;
  GtkLabel        *title_label;
  GtkLabel        *subtitle_label;
  GtkStack        *player_stack;
  GtkVideo        *video;
  AdwStatusPage   *unplayable_page;
  GtkLabel        *progress_label;
  GtkListBox      *chapters_list;
  AdwActionRow    *viewer_row;
  AdwEntryRow     *title_row;
  GtkTextView     *description_view;
  AdwComboRow     *visibility_row;
  GtkSpinButton   *trim_start_spin;
  GtkSpinButton   *trim_end_spin;
};

G_DEFINE_FINAL_TYPE (PlnRecordingDetail, pln_recording_detail, ADW_TYPE_BIN)

/* ---- Helpers -------------------------------------------------------- */

/* Toasts are the page's (library.toast), shown above the whole page. */
static void
toast (PlnRecordingDetail *self,
       const char         *text)
{
  if (!gtk_widget_activate_action (GTK_WIDGET (self), "library.toast", "s", text))
    g_message ("%s", text);
}

static gint64
duration_ms (PlnRecordingDetail *self)
{
  if (self->stream != NULL && gtk_media_stream_get_duration (self->stream) > 0)
    return gtk_media_stream_get_duration (self->stream) / 1000;
  return self->recording != NULL ? pln_recording_get_duration_ms (self->recording) : 0;
}

static void
update_progress_label (PlnRecordingDetail *self)
{
  g_autofree char *text = NULL;

  if (self->id == 0)
    return;
  if (self->viewer_id == 0)
    text = g_strdup (_("Say who is watching to count this replay toward their courses and resume where they stopped."));
  else
    {
      gint64 total = duration_ms (self);
      gint64 watched = pln_store_get_watched_ms (pln_context_get_store (self->context), self->viewer_id, self->id);
      g_autofree char *watched_text = pln_format_clock (watched);
      g_autofree char *total_text = pln_format_clock (total);
      int percent = total > 0 ? (int) CLAMP (watched * 100 / total, 0, 100) : 0;

      /* TRANSLATORS: "Nguyễn Văn An has watched 1:02 of 3:00 (34 %)" */
      text = g_strdup_printf (_("%s has watched %s of %s (%d %%)"),
                              self->viewer_name, watched_text, total_text, percent);
    }
  gtk_label_set_text (self->progress_label, text);
}

/* The wall clock the tracker holds the timestamps against. */
static gint64
clock_ms (void)
{
  return g_get_monotonic_time () / 1000;
}

/* Saves what the tracker says was watched since the last call, for the
 * person watching (nobody: it is dropped). */
static void
save_watched (PlnRecordingDetail *self)
{
  g_autoptr(GArray) intervals = NULL;

  if (self->tracker == NULL || (intervals = pln_watch_tracker_take_intervals (self->tracker)) == NULL)
    return;
  if (self->viewer_id == 0 || self->id == 0)
    return;
  for (guint i = 0; i < intervals->len; i++)
    {
      const PlnInterval *interval = &g_array_index (intervals, PlnInterval, i);
      g_autoptr(GError) error = NULL;

      g_debug ("watched %" G_GINT64_FORMAT "–%" G_GINT64_FORMAT " ms", interval->start_ms, interval->end_ms);
      if (!pln_store_add_progress (pln_context_get_store (self->context), self->viewer_id, self->id,
                                   interval->start_ms, interval->end_ms, "app", &error))
        {
          g_autofree char *message = g_strdup_printf (_("Cannot save how much %s has watched: %s"),
                                                      self->viewer_name, error->message);
          toast (self, message);
          break;
        }
    }
  update_progress_label (self);
}

static void
seek_to (PlnRecordingDetail *self,
         gint64              ms)
{
  if (self->stream == NULL || !gtk_media_stream_is_seekable (self->stream))
    return;
  pln_watch_tracker_seek_requested (self->tracker, clock_ms ());
  save_watched (self);
  gtk_media_stream_seek (self->stream, MAX (ms, 0) * 1000);
}

/* ---- The stream ----------------------------------------------------- */

static void
on_stream_timestamp_cb (GtkMediaStream     *stream,
                        GParamSpec         *pspec,
                        PlnRecordingDetail *self)
{
  pln_watch_tracker_timestamp (self->tracker, gtk_media_stream_get_timestamp (stream) / 1000, clock_ms ());
  save_watched (self);
}

static void
on_stream_ended_cb (GtkMediaStream     *stream,
                    GParamSpec         *pspec,
                    PlnRecordingDetail *self)
{
  if (gtk_media_stream_get_ended (stream))
    {
      pln_watch_tracker_ended (self->tracker, clock_ms ());
      save_watched (self);
    }
}

static void
on_stream_playing_cb (GtkMediaStream     *stream,
                      GParamSpec         *pspec,
                      PlnRecordingDetail *self)
{
  gboolean playing = gtk_media_stream_get_playing (stream);

  /* The end of the stream stops it too, both notified at once in either
   * order: the end first, so the tail counts. */
  if (!playing && gtk_media_stream_get_ended (stream))
    pln_watch_tracker_ended (self->tracker, clock_ms ());
  pln_watch_tracker_playing_changed (self->tracker, playing, clock_ms ());
  save_watched (self);
}

static void
on_stream_seeking_cb (GtkMediaStream     *stream,
                      GParamSpec         *pspec,
                      PlnRecordingDetail *self)
{
  pln_watch_tracker_seeking_changed (self->tracker, gtk_media_stream_is_seeking (stream), clock_ms ());
  save_watched (self);
}

static void
on_stream_duration_cb (GtkMediaStream     *stream,
                       GParamSpec         *pspec,
                       PlnRecordingDetail *self)
{
  pln_watch_tracker_set_duration (self->tracker, gtk_media_stream_get_duration (stream) / 1000);
}

static void
on_stream_prepared_cb (GtkMediaStream     *stream,
                       GParamSpec         *pspec,
                       PlnRecordingDetail *self)
{
  gint64 total = gtk_media_stream_get_duration (stream) / 1000;

  if (!gtk_media_stream_is_prepared (stream))
    return;
  pln_watch_tracker_set_duration (self->tracker, total);
  if (self->resume_ms < 0)
    return;
  if (self->resume_ms > 0 && (total <= 0 || self->resume_ms < total - NEAR_END_MS))
    {
      g_autofree char *at = pln_format_clock (self->resume_ms);
      /* TRANSLATORS: "Resumes at 1:02, where Nguyễn Văn An stopped." */
      g_autofree char *message = g_strdup_printf (_("Resumes at %s, where %s stopped."), at, self->viewer_name);

      pln_watch_tracker_seek_requested (self->tracker, clock_ms ());
      gtk_media_stream_seek (stream, self->resume_ms * 1000);
      toast (self, message);
    }
  self->resume_ms = -1;
  update_progress_label (self);
}

static void
on_stream_error_cb (GtkMediaStream     *stream,
                    GParamSpec         *pspec,
                    PlnRecordingDetail *self)
{
  const GError *error = gtk_media_stream_get_error (stream);
  g_autofree char *message = NULL;

  if (error == NULL)
    return;
  message = g_strdup_printf (_("Cannot play “%s”: %s. Run “plenary library verify” to check its files."),
                             self->recording != NULL ? pln_recording_get_title (self->recording) : "",
                             error->message);
  adw_status_page_set_description (self->unplayable_page, message);
  gtk_stack_set_visible_child_name (self->player_stack, "unplayable");
}

static void
drop_stream (PlnRecordingDetail *self)
{
  if (self->stream == NULL)
    return;
  pln_watch_tracker_close (self->tracker, clock_ms ());
  save_watched (self);
  g_signal_handlers_disconnect_by_data (self->stream, self);
  gtk_media_stream_pause (self->stream);
  gtk_video_set_media_stream (self->video, NULL);
  g_clear_object (&self->stream);
  g_clear_object (&self->tracker);
}

/* ---- Chapters ------------------------------------------------------- */

static void
on_chapter_activated_cb (GtkListBox         *list,
                         GtkListBoxRow      *row,
                         PlnRecordingDetail *self)
{
  pln_recording_detail_jump_to_chapter (self, (guint) gtk_list_box_row_get_index (row));
}

static void
fill_chapters (PlnRecordingDetail *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->chapters_list))) != NULL)
    gtk_list_box_remove (self->chapters_list, child);

  for (guint i = 0; self->chapters != NULL && i < self->chapters->len; i++)
    {
      PlnChapterEntry *chapter = g_ptr_array_index (self->chapters, i);
      g_autofree char *at = pln_format_clock (chapter->offset_ms);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *time = gtk_label_new (at);

      gtk_widget_set_name (row, "detail-chapter");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), chapter->title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      gtk_widget_add_css_class (time, "numeric");
      gtk_widget_add_css_class (time, "dim-label");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), time);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("media-playback-start-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_set_tooltip_text (row, _("Play from here"));
      gtk_list_box_append (self->chapters_list, row);
    }
  if (self->chapters == NULL || self->chapters->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No chapters were marked in this recording."));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_list_box_append (self->chapters_list, row);
    }
}

/* ---- Actions -------------------------------------------------------- */

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PlnRecordingDetail *self = PLN_RECORDING_DETAIL (widget);
  g_autoptr(GError) error = NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->description_view);
  GtkTextIter start, end;
  g_autofree char *description = NULL;
  const char *title = gtk_editable_get_text (GTK_EDITABLE (self->title_row));

  if (self->id == 0)
    return;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  description = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (!pln_store_set_recording_text (pln_context_get_store (self->context), self->id, title, description, &error))
    {
      toast (self, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->title_row), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->title_row), "error");
  gtk_label_set_text (self->title_label, title);
  toast (self, _("Title and description saved."));
}

static void
trim_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PlnRecordingDetail *self = PLN_RECORDING_DETAIL (widget);
  PlnStore *store = pln_context_get_store (self->context);
  g_autoptr(GError) error = NULL;
  gint64 start_ms = (gint64) gtk_spin_button_get_value_as_int (self->trim_start_spin) * 1000;
  gint64 end_ms = (gint64) gtk_spin_button_get_value_as_int (self->trim_end_spin) * 1000;
  gint64 total = pln_recording_get_duration_ms (self->recording);
  g_autofree char *message = NULL;

  if (self->id == 0)
    return;
  if (total > 0 && start_ms + end_ms >= total)
    {
      g_autofree char *length = pln_format_clock (total);

      message = g_strdup_printf (_("Cannot cut %d s and %d s off a recording of %s: nothing would be left. Cut less."),
                                 (int) (start_ms / 1000), (int) (end_ms / 1000), length);
      toast (self, message);
      return;
    }
  if (!pln_store_set_recording_trim (store, self->id, start_ms, end_ms, &error))
    {
      toast (self, error->message);
      return;
    }

  /* Packaging again cuts them off (the archive says why it cannot: being
   * recorded, raw segments removed by the retention policy). */
  if (pln_archive_repackage (pln_context_get_archive (self->context), self->id, &error) == 0)
    {
      message = g_strdup_printf (_("Trim saved, but the recording cannot be packaged again: %s"), error->message);
      toast (self, message);
      return;
    }
  toast (self, _("Trim saved. The recording is being packaged again without the cut parts."));
}

static void
on_visibility_selected_cb (AdwComboRow        *row,
                           GParamSpec         *pspec,
                           PlnRecordingDetail *self)
{
  g_autoptr(GError) error = NULL;
  guint selected = adw_combo_row_get_selected (row);

  if (self->setting_visibility || self->id == 0 || selected > PLN_VISIBILITY_PUBLIC)
    return;
  if (!pln_store_set_recording_visibility (pln_context_get_store (self->context), self->id,
                                           (PlnVisibility) selected, &error))
    {
      toast (self, error->message);
      return;
    }
  switch ((PlnVisibility) selected)
    {
    case PLN_VISIBILITY_PUBLIC:
      toast (self, _("Published: anyone on the local network can replay it on the portal."));
      break;
    case PLN_VISIBILITY_STAFF:
      toast (self, _("Published for staff: they replay it on the portal after signing in."));
      break;
    case PLN_VISIBILITY_DRAFT:
    default:
      toast (self, _("Unpublished: it is no longer on the portal."));
      break;
    }
}

/* ---- Narrow windows ------------------------------------------------- */

/* Below this width the details go under the video instead of beside it. */
#define FOLD_WIDTH 820

static void
on_fold_idle_cb (gpointer user_data)
{
  PlnRecordingDetail *self = user_data;
  gboolean narrow = gtk_widget_get_width (GTK_WIDGET (self->columns_scroller)) < FOLD_WIDTH;

  g_debug ("detail %d px wide: %s", gtk_widget_get_width (GTK_WIDGET (self)), narrow ? "folded" : "side by side");
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->columns),
                                  narrow ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
}

/* The viewport's width is the page size of the horizontal adjustment:
 * it changes with the allocation, and only then (a widget with a layout
 * manager never sees its size_allocate vfunc called). */
static void
on_columns_width_cb (GtkAdjustment      *adjustment,
                     GParamSpec         *pspec,
                     PlnRecordingDetail *self)
{
  GtkOrientation wanted = gtk_adjustment_get_page_size (adjustment) < FOLD_WIDTH
                          ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL;

  /* Not while allocating: the next frame lays it out again. */
  if (gtk_orientable_get_orientation (GTK_ORIENTABLE (self->columns)) != wanted)
    pln_debounce_queue (&self->fold_later);
}

/* ---- Overrides ------------------------------------------------------ */

static void
pln_recording_detail_dispose (GObject *object)
{
  PlnRecordingDetail *self = (PlnRecordingDetail *)object;

  drop_stream (self);
  pln_debounce_cancel (&self->fold_later);
  /* AdwBin 1.2 would unparent its child again after the template went. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PLN_TYPE_RECORDING_DETAIL);
  g_clear_object (&self->recording);
  g_clear_pointer (&self->chapters, g_ptr_array_unref);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (pln_recording_detail_parent_class)->dispose (object);
}

static void
pln_recording_detail_finalize (GObject *object)
{
  PlnRecordingDetail *self = (PlnRecordingDetail *)object;

  g_free (self->viewer_name);

  G_OBJECT_CLASS (pln_recording_detail_parent_class)->finalize (object);
}

static void
pln_recording_detail_class_init (PlnRecordingDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pln_recording_detail_dispose;
  object_class->finalize = pln_recording_detail_finalize;

  pln_widget_class_install_context (object_class, G_STRUCT_OFFSET (PlnRecordingDetail, context));

  gtk_widget_class_set_template_from_resource (widget_class, "/org/plenary/Plenary/ui/pln-recording-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, PlnRecordingDetail, columns);
  gtk_widget_class_bind_template_child (widget_class, PlnRecordingDetail, columns_scroller);
  gtk_widget_class_bind_template_child (widget_class, PlnRecordingDetail, title_label);
  gtk_widget_class_bind_template_child (widget_class, PlnRecordingDetail, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, PlnRecordingDetail, player_stack);
  gtk_widget_class_bind_template_child (widget_class, PlnRecordingDetail, video);
  gtk_widget_class_bind_template_child (widget_class, PlnRecordingDetail, unplayable_page);
  gtk_widget_class_bind_template_child (widget_class, PlnRecordingDetail, progress_label);
  gtk_widget_class_bind_template_child (widget_class, PlnRecordingDetail, chapters_list);
  gtk_widget_class_bind_template_child (widget_class, PlnRecordingDetail, viewer_row);
  gtk_widget_class_bind_template_child (widget_class, PlnRecordingDetail, title_row);
  gtk_widget_class_bind_template_child (widget_class, PlnRecordingDetail, description_view);
  gtk_widget_class_bind_template_child (widget_class, PlnRecordingDetail, visibility_row);
  gtk_widget_class_bind_template_child (widget_class, PlnRecordingDetail, trim_start_spin);
  gtk_widget_class_bind_template_child (widget_class, PlnRecordingDetail, trim_end_spin);

  gtk_widget_class_install_action (widget_class, "detail.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "detail.trim", NULL, trim_action);
}

static void
pln_recording_detail_init (PlnRecordingDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  pln_debounce_init_full (&self->fold_later, G_PRIORITY_HIGH_IDLE, 0, on_fold_idle_cb, self);
  self->resume_ms = -1;
  g_signal_connect (self->chapters_list, "row-activated", G_CALLBACK (on_chapter_activated_cb), self);
  g_signal_connect (self->visibility_row, "notify::selected", G_CALLBACK (on_visibility_selected_cb), self);
  g_signal_connect (gtk_scrolled_window_get_hadjustment (self->columns_scroller), "notify::page-size",
                    G_CALLBACK (on_columns_width_cb), self);
}

/* ---- Public API ----------------------------------------------------- */

PlnRecordingDetail *
pln_recording_detail_new (PlnContext *context)
{
  g_return_val_if_fail (PLN_IS_CONTEXT (context), NULL);
  return g_object_new (PLN_TYPE_RECORDING_DETAIL, "context", context, NULL);
}

gboolean
pln_recording_detail_show_recording (PlnRecordingDetail  *self,
                                     gint64               id,
                                     GError             **error)
{
  PlnStore *store;
  g_autoptr(PlnRecording) recording = NULL;
  g_autofree char *date = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *mp4 = NULL;
  g_autofree char *library = NULL;
  gint64 trim_start = 0, trim_end = 0;
  const char *event_title;

  g_return_val_if_fail (PLN_IS_RECORDING_DETAIL (self), FALSE);

  drop_stream (self);
  g_clear_object (&self->recording);
  g_clear_pointer (&self->chapters, g_ptr_array_unref);
  self->id = 0;
  if (id == 0)
    return TRUE;

  store = pln_context_get_store (self->context);
  recording = pln_store_get_recording (store, id, error);
  if (recording == NULL)
    return FALSE;
  self->recording = g_object_ref (recording);
  self->id = id;
  self->chapters = pln_store_list_chapters (store, id);

  gtk_label_set_text (self->title_label, pln_recording_get_title (recording));
  /* TRANSLATORS: the date a recording was made, see g_date_time_format */
  date = pln_format_local_time (pln_recording_get_started_at (recording), _("%d/%m/%Y %H:%M"));
  event_title = pln_recording_get_event_title (recording);
  subtitle = (event_title != NULL && *event_title != '\0')
             ? g_strdup_printf ("%s · %s · %s", date, event_title, pln_recording_state_label (recording))
             : g_strdup_printf ("%s · %s", date, pln_recording_state_label (recording));
  gtk_label_set_text (self->subtitle_label, subtitle);

  gtk_editable_set_text (GTK_EDITABLE (self->title_row), pln_recording_get_title (recording));
  gtk_widget_remove_css_class (GTK_WIDGET (self->title_row), "error");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->description_view),
                            pln_recording_get_description (recording), -1);
  self->setting_visibility = TRUE;
  adw_combo_row_set_selected (self->visibility_row, pln_recording_get_visibility (recording));
  self->setting_visibility = FALSE;
  pln_store_get_recording_trim (store, id, &trim_start, &trim_end);
  gtk_spin_button_set_value (self->trim_start_spin, (double) trim_start / 1000.0);
  gtk_spin_button_set_value (self->trim_end_spin, (double) trim_end / 1000.0);
  fill_chapters (self);

  /* The packaged MP4 plays; before packaging there is none to play. */
  mp4 = pln_store_dup_recording_output (store, id, "mp4");
  library = pln_store_dup_library_path (store);
  if (mp4 != NULL)
    {
      g_autofree char *path = g_build_filename (library, mp4, NULL);

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        {
          self->stream = gtk_media_file_new_for_filename (path);
          self->resume_ms = self->viewer_id != 0 ? pln_store_get_resume_ms (store, self->viewer_id, id) : -1;
          self->tracker = pln_watch_tracker_new ();
          g_signal_connect (self->stream, "notify::timestamp", G_CALLBACK (on_stream_timestamp_cb), self);
          g_signal_connect (self->stream, "notify::seeking", G_CALLBACK (on_stream_seeking_cb), self);
          g_signal_connect (self->stream, "notify::duration", G_CALLBACK (on_stream_duration_cb), self);
          g_signal_connect (self->stream, "notify::playing", G_CALLBACK (on_stream_playing_cb), self);
          g_signal_connect (self->stream, "notify::ended", G_CALLBACK (on_stream_ended_cb), self);
          g_signal_connect (self->stream, "notify::prepared", G_CALLBACK (on_stream_prepared_cb), self);
          g_signal_connect (self->stream, "notify::error", G_CALLBACK (on_stream_error_cb), self);
          gtk_video_set_media_stream (self->video, self->stream);
          gtk_stack_set_visible_child_name (self->player_stack, "video");
        }
      else
        {
          g_autofree char *message = g_strdup_printf (_("Its video file %s is missing. Run “plenary library verify” to find what else is missing, or package it again."), path);

          adw_status_page_set_description (self->unplayable_page, message);
          gtk_stack_set_visible_child_name (self->player_stack, "unplayable");
        }
    }
  else
    {
      const char *state = pln_recording_get_state (recording);

      const char *why;

      if (g_strcmp0 (state, "failed") == 0)
        why = _("Packaging this recording failed; the raw recording is kept. Retry it with “plenary library jobs”.");
      else if (g_strcmp0 (state, "ready") == 0)
        why = _("The library has no video file for this recording. Run “plenary library verify” to see what is missing, or import the video again.");
      else
        why = _("It plays here once it has been packaged, a moment after it ends.");
      adw_status_page_set_description (self->unplayable_page, why);
      gtk_stack_set_visible_child_name (self->player_stack, "unplayable");
    }
  update_progress_label (self);
  return TRUE;
}

gint64
pln_recording_detail_get_recording_id (PlnRecordingDetail *self)
{
  g_return_val_if_fail (PLN_IS_RECORDING_DETAIL (self), 0);
  return self->id;
}

void
pln_recording_detail_set_viewer (PlnRecordingDetail *self,
                                 gint64              person_id,
                                 const char         *name)
{
  g_return_if_fail (PLN_IS_RECORDING_DETAIL (self));

  /* What the previous person watched is theirs. */
  if (self->tracker != NULL)
    {
      pln_watch_tracker_checkpoint (self->tracker, clock_ms ());
      save_watched (self);
    }
  self->viewer_id = person_id;
  g_free (self->viewer_name);
  self->viewer_name = g_strdup (person_id != 0 && name != NULL ? name : "");
  if (person_id != 0)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->viewer_row), self->viewer_name);
      adw_action_row_set_subtitle (self->viewer_row, _("Their replay counts toward their courses."));
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->viewer_row), _("Nobody chosen"));
      adw_action_row_set_subtitle (self->viewer_row, _("Replay counts toward courses once you say who is watching."));
    }
  update_progress_label (self);
}

GtkMediaStream *
pln_recording_detail_get_stream (PlnRecordingDetail *self)
{
  g_return_val_if_fail (PLN_IS_RECORDING_DETAIL (self), NULL);
  return self->stream;
}

void
pln_recording_detail_save_progress (PlnRecordingDetail *self)
{
  g_return_if_fail (PLN_IS_RECORDING_DETAIL (self));
  if (self->tracker != NULL)
    {
      pln_watch_tracker_checkpoint (self->tracker, clock_ms ());
      save_watched (self);
    }
}

gboolean
pln_recording_detail_jump_to_chapter (PlnRecordingDetail *self,
                                      guint               index)
{
  PlnChapterEntry *chapter;

  g_return_val_if_fail (PLN_IS_RECORDING_DETAIL (self), FALSE);

  if (self->chapters == NULL || index >= self->chapters->len || self->stream == NULL)
    return FALSE;
  chapter = g_ptr_array_index (self->chapters, index);
  seek_to (self, chapter->offset_ms);
  gtk_media_stream_play (self->stream);
  return TRUE;
}
