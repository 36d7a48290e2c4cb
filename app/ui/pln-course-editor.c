/* pln-course-editor.c: see pln-course-editor.h. */
#define G_LOG_DOMAIN "plenary-course-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "pln-course-editor.h"
#include "pln-report-ui.h"
#include "pln-store-courses.h"
#include "pln-widget-util.h"

struct _PlnCourseEditor
{
  AdwWindow       parent_instance;

  PlnContext     *context;
  GListModel     *events;
  PlnDebounce     count_later;

  GtkButton      *cancel_button;
  GtkButton      *create_button;
  AdwEntryRow    *title_row;
  AdwEntryRow    *description_row;
  AdwComboRow    *event_row;
  AdwEntryRow    *rule_row;
  AdwEntryRow    *role_row;
  AdwActionRow   *audience_row;
  GtkSpinButton  *completion_spin;
  GtkSpinButton  *target_spin;
  AdwEntryRow    *date_row;
  GtkLabel       *error_label;
};

G_DEFINE_FINAL_TYPE (PlnCourseEditor, pln_course_editor, ADW_TYPE_WINDOW)

enum {
  CREATED,
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

static void
show_error (PlnCourseEditor *self,
            const char      *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
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

static void
on_create_clicked_cb (PlnCourseEditor *self)
{
  g_autoptr(PlnCourse) course = pln_course_new ();
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = stripped (self->title_row);
  g_autofree char *description = stripped (self->description_row);
  g_autofree char *rule = stripped (self->rule_row);
  g_autofree char *role = stripped (self->role_row);
  g_autofree char *day = stripped (self->date_row);
  gint64 event_id = selected_event (self);
  gint64 id;

  if (*title == '\0')
    {
      show_error (self, _("Give the course a title."));
      gtk_widget_grab_focus (GTK_WIDGET (self->title_row));
      return;
    }
  if (event_id != 0)
    ids = pln_store_list_event_recordings (get_store (self), event_id, &error);
  if (ids == NULL || ids->len == 0)
    {
      show_error (self, _("The event chosen has no recordings yet: choose an event that was recorded."));
      return;
    }
  pln_course_set_title (course, title);
  pln_course_set_description (course, description);
  pln_course_set_audience_rule (course, rule);
  pln_course_set_audience_role (course, role);
  pln_course_set_completion_percent (course, gtk_spin_button_get_value_as_int (self->completion_spin));
  pln_course_set_target_percent (course, gtk_spin_button_get_value_as_int (self->target_spin));
  if (*day != '\0')
    {
      gint64 date = pln_course_parse_target_date (day);

      if (date == 0)
        {
          g_autofree char *message = g_strdup_printf (_("“%s” is not a date: write it as YYYY-MM-DD, like 2025-10-10."), day);

          show_error (self, message);
          gtk_widget_grab_focus (GTK_WIDGET (self->date_row));
          return;
        }
      pln_course_set_target_date (course, date);
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
  gtk_widget_dispose_template (GTK_WIDGET (self), PLN_TYPE_COURSE_EDITOR);
  g_clear_object (&self->events);
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

  gtk_widget_class_set_template_from_resource (widget_class, "/org/plenary/Plenary/ui/pln-course-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, PlnCourseEditor, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, PlnCourseEditor, create_button);
  gtk_widget_class_bind_template_child (widget_class, PlnCourseEditor, title_row);
  gtk_widget_class_bind_template_child (widget_class, PlnCourseEditor, description_row);
  gtk_widget_class_bind_template_child (widget_class, PlnCourseEditor, event_row);
  gtk_widget_class_bind_template_child (widget_class, PlnCourseEditor, rule_row);
  gtk_widget_class_bind_template_child (widget_class, PlnCourseEditor, role_row);
  gtk_widget_class_bind_template_child (widget_class, PlnCourseEditor, audience_row);
  gtk_widget_class_bind_template_child (widget_class, PlnCourseEditor, completion_spin);
  gtk_widget_class_bind_template_child (widget_class, PlnCourseEditor, target_spin);
  gtk_widget_class_bind_template_child (widget_class, PlnCourseEditor, date_row);
  gtk_widget_class_bind_template_child (widget_class, PlnCourseEditor, error_label);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pln_course_editor_init (PlnCourseEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  pln_debounce_init (&self->count_later, 250, count_audience_cb, self);
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
