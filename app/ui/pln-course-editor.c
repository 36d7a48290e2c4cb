/* pln-course-editor.c: see pln-course-editor.h. */
#define G_LOG_DOMAIN "plenary-course-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "pln-course-editor.h"
#include "pln-report-ui.h"
#include "pln-store-courses.h"
#include "pln-store-recordings.h"
#include "pln-store-search.h"
#include "pln-widget-util.h"

/* How many recordings the Add Item search shows at most. */
#define ADD_SEARCH_LIMIT 50

struct _PlnCourseEditor
{
  AdwWindow       parent_instance;

  PlnContext     *context;
  GListModel     *events;
  PlnDebounce     count_later;
  /* Editing: the course as stored, and its items as edited (PlnCourseItem). */
  PlnCourse      *course;
  GPtrArray      *items;

  GtkButton      *cancel_button;
  GtkButton      *create_button;
  AdwEntryRow    *title_row;
  AdwEntryRow    *description_row;
  AdwComboRow    *event_row;
  AdwPreferencesGroup *items_group;
  GtkListBox     *items_list;
  AdwEntryRow    *rule_row;
  AdwEntryRow    *role_row;
  AdwActionRow   *audience_row;
  GtkSpinButton  *completion_spin;
  GtkSpinButton  *target_spin;
  AdwEntryRow    *date_row;
  GtkLabel       *error_label;

  /* Add Item: a recording of an event, or found by its title. */
  GtkStack       *stack;
  GtkWidget      *add_item_button;
  AdwComboRow    *add_event_row;
  AdwEntryRow    *add_search_row;
  GtkListBox     *add_list;
  PlnDebounce     search_later;
};

G_DEFINE_FINAL_TYPE (PlnCourseEditor, pln_course_editor, ADW_TYPE_WINDOW)

enum {
  CREATED,
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- Helpers ------------------------------------------------------------ */

static PlnStore *
get_store (PlnCourseEditor *self)
{
  return pln_context_get_store (self->context);
}

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static char *
stripped (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (row_text (row)));
}

static const char *
nonnull (const char *text)
{
  return text != NULL ? text : "";
}

static void
show_error (PlnCourseEditor *self,
            const char      *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* Every row of @list goes (not its placeholder, a child of the list too). */
static void
clear_rows (GtkListBox *list)
{
  GtkListBoxRow *old;

  while ((old = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (old));
}

/* What @list says when it has no rows. */
static void
set_placeholder (GtkListBox *list,
                 const char *text)
{
  GtkWidget *placeholder = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_widget_set_margin_start (placeholder, 12);
  gtk_widget_set_margin_end (placeholder, 12);
  gtk_list_box_set_placeholder (list, placeholder);
}

static gint64
selected_event (PlnCourseEditor *self)
{
  g_autoptr(PlnEvent) event = NULL;
  guint position = adw_combo_row_get_selected (self->event_row);

  if (position == GTK_INVALID_LIST_POSITION)
    return 0;
  event = g_list_model_get_item (self->events, position);
  return event != NULL ? pln_event_get_id (event) : 0;
}

static void
update_event_count (PlnCourseEditor *self)
{
  g_autoptr(GArray) ids = NULL;
  g_autofree char *text = NULL;
  gint64 event_id = selected_event (self);

  if (event_id != 0)
    ids = pln_store_list_event_recordings (get_store (self), event_id, NULL);
  if (ids == NULL || ids->len == 0)
    text = g_strdup (_("No recordings yet: record the event first"));
  else
    text = g_strdup_printf (ngettext ("%u recording", "%u recordings", ids->len), ids->len);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->event_row), text);
}

static void
count_audience_cb (gpointer user_data)
{
  PlnCourseEditor *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) people = NULL;
  g_autofree char *rule = stripped (self->rule_row);
  g_autofree char *role = stripped (self->role_row);
  g_autofree char *text = NULL;

  people = pln_store_resolve_audience (get_store (self), rule, role, &error);
  if (people == NULL)
    text = g_strdup (error->message);
  else
    text = g_strdup_printf (ngettext ("%u person", "%u people", people->len), people->len);
  adw_action_row_set_subtitle (self->audience_row, text);
}

/* The rows of the course's items, each with its Move Up and Remove. */
static void rebuild_items (PlnCourseEditor *self);

static void
on_item_up_clicked_cb (GtkButton       *button,
                       PlnCourseEditor *self)
{
  guint i = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "position"));
  gpointer item;

  if (i == 0 || i >= self->items->len)
    return;
  item = self->items->pdata[i];
  self->items->pdata[i] = self->items->pdata[i - 1];
  self->items->pdata[i - 1] = item;
  rebuild_items (self);
}

static void
on_item_remove_clicked_cb (GtkButton       *button,
                           PlnCourseEditor *self)
{
  guint i = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "position"));

  if (i >= self->items->len)
    return;
  g_ptr_array_remove_index (self->items, i);
  rebuild_items (self);
}

static GtkWidget *
item_button (PlnCourseEditor *self,
             const char      *name,
             const char      *icon,
             const char      *tooltip,
             guint            position,
             GCallback        callback)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_name (button, name);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data (G_OBJECT (button), "position", GUINT_TO_POINTER (position));
  g_signal_connect (button, "clicked", callback, self);
  return button;
}

static void
rebuild_items (PlnCourseEditor *self)
{
  clear_rows (self->items_list);
  for (guint i = 0; i < self->items->len; i++)
    {
      const PlnCourseItem *item = g_ptr_array_index (self->items, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *up = item_button (self, "course-editor-item-up", "go-up-symbolic", _("Move Up"), i,
                                   G_CALLBACK (on_item_up_clicked_cb));
      g_autofree char *number = g_strdup_printf ("%u", i + 1);
      GtkWidget *label = gtk_label_new (number);

      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "numeric");
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), item->title != NULL ? item->title : "");
      gtk_widget_set_name (row, "course-editor-item");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), label);
      gtk_widget_set_sensitive (up, i > 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), up);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 item_button (self, "course-editor-item-remove", "list-remove-symbolic",
                                              _("Remove From the Course"), i,
                                              G_CALLBACK (on_item_remove_clicked_cb)));
      gtk_list_box_append (self->items_list, row);
    }
}

/* ---- Add Item ----------------------------------------------------------- */

static gboolean
course_has_recording (PlnCourseEditor *self,
                      gint64           recording_id)
{
  for (guint i = 0; i < self->items->len; i++)
    {
      const PlnCourseItem *item = g_ptr_array_index (self->items, i);

      if (item->recording_id == recording_id && item->chapter_id == 0)
        return TRUE;
    }
  return FALSE;
}

/* One row of the recordings to choose from: its title, when and how long,
 * its event when it was found by a search; one already in the course
 * cannot be chosen again. */
static GtkWidget *
recording_row (PlnCourseEditor *self,
               PlnRecording    *recording,
               gboolean         with_event)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *when = pln_format_local_time (pln_recording_get_started_at (recording), "%d/%m/%Y");
  g_autofree char *length = pln_format_duration (pln_recording_get_duration_ms (recording) / 1000);
  const char *event = pln_recording_get_event_title (recording);
  g_autofree char *subtitle = NULL;
  gboolean taken = course_has_recording (self, pln_recording_get_id (recording));

  if (with_event && event != NULL && *event != '\0')
    /* Translators: a date, a length, then an event's title. */
    subtitle = g_strdup_printf (_("%s · %s · %s"), when, length, event);
  else
    /* Translators: a date, then a length. */
    subtitle = g_strdup_printf (_("%s · %s"), when, length);
  if (taken)
    {
      g_autofree char *in_course = subtitle;

      /* Translators: the row's date and length, then why it cannot be chosen. */
      subtitle = g_strdup_printf (_("%s · in the course already"), in_course);
    }

  gtk_widget_set_name (row, "course-editor-add-recording");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), nonnull (pln_recording_get_title (recording)));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("list-add-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), !taken);
  gtk_widget_set_sensitive (row, !taken);
  g_object_set_data_full (G_OBJECT (row), "pln-recording", g_object_ref (recording), g_object_unref);
  return row;
}

/* The recordings to choose from: found by the search when something is
 * typed, else those of the event chosen. */
static void
fill_add_list (PlnCourseEditor *self)
{
  g_autofree char *query = stripped (self->add_search_row);

  clear_rows (self->add_list);
  if (*query != '\0')
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GListModel) found = pln_store_search_recordings (get_store (self), query, PLN_VISIBILITY_DRAFT,
                                                                 FALSE, ADD_SEARCH_LIMIT, &error);

      if (found == NULL)
        {
          g_autofree char *message = g_strdup_printf (_("The library could not be searched: %s"), error->message);

          show_error (self, message);
          return;
        }
      for (guint i = 0; i < g_list_model_get_n_items (found); i++)
        {
          g_autoptr(PlnRecording) recording = g_list_model_get_item (found, i);

          gtk_list_box_append (self->add_list, recording_row (self, recording, TRUE));
        }
      return;
    }

  {
    g_autoptr(PlnEvent) event = NULL;
    g_autoptr(GArray) ids = NULL;
    guint position = adw_combo_row_get_selected (self->add_event_row);

    if (position != GTK_INVALID_LIST_POSITION)
      event = g_list_model_get_item (self->events, position);
    if (event != NULL)
      ids = pln_store_list_event_recordings (get_store (self), pln_event_get_id (event), NULL);
    for (guint i = 0; ids != NULL && i < ids->len; i++)
      {
        g_autoptr(PlnRecording) recording = pln_store_get_recording (get_store (self), g_array_index (ids, gint64, i),
                                                                     NULL);

        if (recording != NULL)
          gtk_list_box_append (self->add_list, recording_row (self, recording, FALSE));
      }
  }
}

static void
search_library_cb (gpointer user_data)
{
  fill_add_list (user_data);
}

static void
on_add_search_changed_cb (PlnCourseEditor *self)
{
  pln_debounce_restart (&self->search_later);
}

static void
on_add_event_selected_cb (PlnCourseEditor *self)
{
  /* Choosing an event is looking at its recordings, not at a search. */
  if (*row_text (self->add_search_row) != '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->add_search_row), "");
  pln_debounce_cancel (&self->search_later);
  fill_add_list (self);
}

static void
show_course_page (PlnCourseEditor *self)
{
  pln_debounce_cancel (&self->search_later);
  gtk_stack_set_visible_child_name (self->stack, "course");
  gtk_window_set_focus (GTK_WINDOW (self), self->add_item_button);
}

/* A recording chosen: it is the course's last item now (saved with the
 * course), and the course shows again. */
static void
on_add_row_activated_cb (GtkListBox      *list,
                         GtkListBoxRow   *row,
                         PlnCourseEditor *self)
{
  PlnRecording *recording = g_object_get_data (G_OBJECT (row), "pln-recording");
  PlnCourseItem *item;

  if (recording == NULL || course_has_recording (self, pln_recording_get_id (recording)))
    return;
  item = pln_course_item_new (pln_recording_get_id (recording), 0);
  g_free (item->title);
  item->title = g_strdup (nonnull (pln_recording_get_title (recording)));
  item->end_ms = pln_recording_get_duration_ms (recording);
  g_ptr_array_add (self->items, item);
  rebuild_items (self);
  show_error (self, NULL);
  show_course_page (self);
}

static void
add_item_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  PlnCourseEditor *self = PLN_COURSE_EDITOR (widget);

  if (self->items == NULL)
    return;
  fill_add_list (self);
  gtk_stack_set_visible_child_name (self->stack, "add");
  gtk_widget_grab_focus (GTK_WIDGET (self->add_event_row));
}

/* Escape or Back: from choosing a recording back to the course; from the
 * course, the window closes unsaved. */
static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  PlnCourseEditor *self = PLN_COURSE_EDITOR (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "add") == 0)
    show_course_page (self);
  else
    gtk_window_close (GTK_WINDOW (self));
}

/* ---- Signal callbacks --------------------------------------------------- */

static void
on_audience_changed_cb (PlnCourseEditor *self)
{
  pln_debounce_restart (&self->count_later);
}

static void
on_event_selected_cb (PlnCourseEditor *self)
{
  update_event_count (self);
}

static void
on_cancel_clicked_cb (PlnCourseEditor *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

/* A course with what the rows say (not its items), or NULL when the title
 * or the date is missing or wrong: the window then says so. */
static PlnCourse *
course_from_rows (PlnCourseEditor *self)
{
  g_autoptr(PlnCourse) course = pln_course_new ();
  g_autofree char *title = stripped (self->title_row);
  g_autofree char *description = stripped (self->description_row);
  g_autofree char *rule = stripped (self->rule_row);
  g_autofree char *role = stripped (self->role_row);
  g_autofree char *day = stripped (self->date_row);
  gint64 date = 0;

  if (*title == '\0')
    {
      show_error (self, _("Give the course a title."));
      gtk_widget_grab_focus (GTK_WIDGET (self->title_row));
      return NULL;
    }
  if (*day != '\0' && (date = pln_course_parse_target_date (day)) == 0)
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a date: write it as YYYY-MM-DD, like 2025-10-10."), day);

      show_error (self, message);
      gtk_widget_grab_focus (GTK_WIDGET (self->date_row));
      return NULL;
    }
  pln_course_set_title (course, title);
  pln_course_set_description (course, description);
  pln_course_set_audience_rule (course, rule);
  pln_course_set_audience_role (course, role);
  pln_course_set_completion_percent (course, gtk_spin_button_get_value_as_int (self->completion_spin));
  pln_course_set_target_percent (course, gtk_spin_button_get_value_as_int (self->target_spin));
  pln_course_set_target_date (course, date);
  return g_steal_pointer (&course);
}

/* Editing: writes the course over the stored one; the store refuses a
 * course it would not add (no items, a wrong rule…) and changes nothing. */
static void
save_course (PlnCourseEditor *self)
{
  g_autoptr(PlnCourse) course = course_from_rows (self);
  g_autoptr(GError) error = NULL;

  if (course == NULL)
    return;
  pln_course_set_id (course, pln_course_get_id (self->course));
  pln_course_set_created_at (course, pln_course_get_created_at (self->course));
  for (guint i = 0; i < self->items->len; i++)
    {
      const PlnCourseItem *item = g_ptr_array_index (self->items, i);

      pln_course_add_item (course, pln_course_item_new (item->recording_id, item->chapter_id));
    }

  if (!pln_store_update_course (get_store (self), course, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The course could not be saved: %s"), error->message);

      show_error (self, message);
      return;
    }
  show_error (self, NULL);
  g_signal_emit (self, signals[SAVED], 0, pln_course_get_id (course));
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_create_clicked_cb (PlnCourseEditor *self)
{
  g_autoptr(PlnCourse) course = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  gint64 event_id = selected_event (self);
  gint64 id;

  if (self->course != NULL)
    {
      save_course (self);
      return;
    }
  course = course_from_rows (self);
  if (course == NULL)
    return;
  if (event_id != 0)
    ids = pln_store_list_event_recordings (get_store (self), event_id, &error);
  if (ids == NULL || ids->len == 0)
    {
      show_error (self, _("The event chosen has no recordings yet: choose an event that was recorded."));
      return;
    }
  for (guint i = 0; i < ids->len; i++)
    pln_course_add_item (course, pln_course_item_new (g_array_index (ids, gint64, i), 0));

  id = pln_store_add_course (get_store (self), course, &error);
  if (id == 0)
    {
      g_autofree char *message = g_strdup_printf (_("The course could not be saved: %s"), error->message);

      show_error (self, message);
      return;
    }
  show_error (self, NULL);
  g_signal_emit (self, signals[CREATED], 0, id);
  gtk_window_close (GTK_WINDOW (self));
}

/* ---- Overrides ---------------------------------------------------------- */

static void
pln_course_editor_constructed (GObject *object)
{
  PlnCourseEditor *self = (PlnCourseEditor *)object;
  g_autoptr(GtkExpression) expression = NULL;

  G_OBJECT_CLASS (pln_course_editor_parent_class)->constructed (object);

  self->events = pln_store_get_events_model (get_store (self));
  expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                            G_CALLBACK (pln_report_ui_event_label), NULL, NULL);
  adw_combo_row_set_expression (self->event_row, expression);
  adw_combo_row_set_model (self->event_row, self->events);
  /* The latest event that has recordings is the likeliest. */
  for (guint i = g_list_model_get_n_items (self->events); i > 0; i--)
    {
      g_autoptr(PlnEvent) event = g_list_model_get_item (self->events, i - 1);
      g_autoptr(GArray) ids = pln_store_list_event_recordings (get_store (self), pln_event_get_id (event), NULL);

      if (ids != NULL && ids->len > 0)
        {
          adw_combo_row_set_selected (self->event_row, i - 1);
          break;
        }
    }
  update_event_count (self);
  count_audience_cb (self);

  /* Add Item offers the events as New Course does, the same one first. */
  g_clear_pointer (&expression, gtk_expression_unref);
  expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                            G_CALLBACK (pln_report_ui_event_label), NULL, NULL);
  adw_combo_row_set_expression (self->add_event_row, expression);
  adw_combo_row_set_model (self->add_event_row, self->events);
  adw_combo_row_set_selected (self->add_event_row, adw_combo_row_get_selected (self->event_row));
  set_placeholder (self->add_list, _("No recordings here: choose another event, or search the library by title."));
  g_signal_connect_swapped (self->add_event_row, "notify::selected", G_CALLBACK (on_add_event_selected_cb), self);
  g_signal_connect_swapped (self->add_search_row, "changed", G_CALLBACK (on_add_search_changed_cb), self);
  g_signal_connect (self->add_list, "row-activated", G_CALLBACK (on_add_row_activated_cb), self);

  g_signal_connect_swapped (self->event_row, "notify::selected", G_CALLBACK (on_event_selected_cb), self);
  g_signal_connect_swapped (self->rule_row, "changed", G_CALLBACK (on_audience_changed_cb), self);
  g_signal_connect_swapped (self->role_row, "changed", G_CALLBACK (on_audience_changed_cb), self);
  g_signal_connect_swapped (self->cancel_button, "clicked", G_CALLBACK (on_cancel_clicked_cb), self);
  g_signal_connect_swapped (self->create_button, "clicked", G_CALLBACK (on_create_clicked_cb), self);
}

static void
pln_course_editor_dispose (GObject *object)
{
  PlnCourseEditor *self = (PlnCourseEditor *)object;

  pln_debounce_cancel (&self->count_later);
  pln_debounce_cancel (&self->search_later);
  gtk_widget_dispose_template (GTK_WIDGET (self), PLN_TYPE_COURSE_EDITOR);
  g_clear_object (&self->events);
  g_clear_object (&self->course);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (pln_course_editor_parent_class)->dispose (object);
}

static void
pln_course_editor_class_init (PlnCourseEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pln_course_editor_constructed;
  object_class->dispose = pln_course_editor_dispose;

  pln_widget_class_install_context (object_class, G_STRUCT_OFFSET (PlnCourseEditor, context));

  signals[CREATED] = g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/plenary/Plenary/ui/pln-course-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, PlnCourseEditor, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, PlnCourseEditor, create_button);
  gtk_widget_class_bind_template_child (widget_class, PlnCourseEditor, title_row);
  gtk_widget_class_bind_template_child (widget_class, PlnCourseEditor, description_row);
  gtk_widget_class_bind_template_child (widget_class, PlnCourseEditor, event_row);
  gtk_widget_class_bind_template_child (widget_class, PlnCourseEditor, items_group);
  gtk_widget_class_bind_template_child (widget_class, PlnCourseEditor, items_list);
  gtk_widget_class_bind_template_child (widget_class, PlnCourseEditor, rule_row);
  gtk_widget_class_bind_template_child (widget_class, PlnCourseEditor, role_row);
  gtk_widget_class_bind_template_child (widget_class, PlnCourseEditor, audience_row);
  gtk_widget_class_bind_template_child (widget_class, PlnCourseEditor, completion_spin);
  gtk_widget_class_bind_template_child (widget_class, PlnCourseEditor, target_spin);
  gtk_widget_class_bind_template_child (widget_class, PlnCourseEditor, date_row);
  gtk_widget_class_bind_template_child (widget_class, PlnCourseEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, PlnCourseEditor, stack);
  gtk_widget_class_bind_template_child (widget_class, PlnCourseEditor, add_item_button);
  gtk_widget_class_bind_template_child (widget_class, PlnCourseEditor, add_event_row);
  gtk_widget_class_bind_template_child (widget_class, PlnCourseEditor, add_search_row);
  gtk_widget_class_bind_template_child (widget_class, PlnCourseEditor, add_list);

  gtk_widget_class_install_action (widget_class, "course-editor.add-item", NULL, add_item_action);
  gtk_widget_class_install_action (widget_class, "course-editor.back", NULL, back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "course-editor.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "course-editor.back", NULL);
}

static void
pln_course_editor_init (PlnCourseEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  pln_debounce_init (&self->count_later, 250, count_audience_cb, self);
  pln_debounce_init (&self->search_later, 250, search_library_cb, self);
  /* A new course takes the recordings of an event; items are added to a
   * stored one. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "course-editor.add-item", FALSE);
}

/* ---- Public API --------------------------------------------------------- */

PlnCourseEditor *
pln_course_editor_new (PlnContext *context,
                       GtkWindow  *parent)
{
  g_return_val_if_fail (PLN_IS_CONTEXT (context), NULL);

  return g_object_new (PLN_TYPE_COURSE_EDITOR,
                       "context", context,
                       "transient-for", parent,
                       NULL);
}

PlnCourseEditor *
pln_course_editor_new_for_course (PlnContext  *context,
                                  GtkWindow   *parent,
                                  gint64       course_id,
                                  GError     **error)
{
  g_autoptr(PlnCourse) course = NULL;
  PlnCourseEditor *self;
  GPtrArray *items;
  gint64 date;

  g_return_val_if_fail (PLN_IS_CONTEXT (context), NULL);

  course = pln_store_get_course (pln_context_get_store (context), course_id, error);
  if (course == NULL)
    return NULL;

  self = pln_course_editor_new (context, parent);
  self->course = g_object_ref (course);
  items = pln_course_get_items (course);
  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify) pln_course_item_free);
  for (guint i = 0; i < items->len; i++)
    g_ptr_array_add (self->items, pln_course_item_copy (g_ptr_array_index (items, i)));

  gtk_window_set_title (GTK_WINDOW (self), _("Edit Course"));
  gtk_button_set_label (self->create_button, _("_Save"));
  gtk_widget_set_name (GTK_WIDGET (self->create_button), "course-editor-save");
  gtk_editable_set_text (GTK_EDITABLE (self->title_row), nonnull (pln_course_get_title (course)));
  gtk_editable_set_text (GTK_EDITABLE (self->description_row), nonnull (pln_course_get_description (course)));
  gtk_editable_set_text (GTK_EDITABLE (self->rule_row), nonnull (pln_course_get_audience_rule (course)));
  gtk_editable_set_text (GTK_EDITABLE (self->role_row), nonnull (pln_course_get_audience_role (course)));
  gtk_spin_button_set_value (self->completion_spin, pln_course_get_completion_percent (course));
  gtk_spin_button_set_value (self->target_spin, pln_course_get_target_percent (course));
  date = pln_course_get_target_date (course);
  if (date != 0)
    {
      /* The end of the day in Vietnam (UTC+7), as pln_course_parse_target_date() reads it. */
      g_autoptr(GDateTime) day = g_date_time_new_from_unix_utc (date + 7 * 3600);
      g_autofree char *text = day != NULL ? g_date_time_format (day, "%Y-%m-%d") : NULL;

      gtk_editable_set_text (GTK_EDITABLE (self->date_row), text != NULL ? text : "");
    }

  gtk_widget_set_visible (GTK_WIDGET (self->event_row), FALSE);
  adw_preferences_group_set_description (self->items_group,
                                         _("What people watch, in this order. An item removed leaves the course; what people watched of it stays."));
  gtk_widget_set_visible (GTK_WIDGET (self->items_list), TRUE);
  gtk_widget_set_visible (self->add_item_button, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "course-editor.add-item", TRUE);
  set_placeholder (self->items_list, _("No items left: a course needs at least one recording."));
  rebuild_items (self);
  /* The rows filled in above count the audience at once, not later. */
  pln_debounce_cancel (&self->count_later);
  count_audience_cb (self);
  return self;
}
