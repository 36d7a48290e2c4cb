/* pln-event-agenda.c: see pln-event-agenda.h. */
#define G_LOG_DOMAIN "plenary-event-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "pln-event-agenda.h"

struct _PlnEventAgenda
{
  AdwBin      parent_instance;

  GtkListBox *list;
};

G_DEFINE_FINAL_TYPE (PlnEventAgenda, pln_event_agenda, ADW_TYPE_BIN)

static void
on_remove_clicked_cb (GtkButton      *button,
                      PlnEventAgenda *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW);

  if (row != NULL)
    gtk_list_box_remove (self->list, row);
}

static void
pln_event_agenda_class_init (PlnEventAgendaClass *klass)
{
}

static void
pln_event_agenda_init (PlnEventAgenda *self)
{
  GtkWidget *placeholder = gtk_label_new (_("No agenda items yet."));

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_set_name (GTK_WIDGET (self->list), "editor-agenda");
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_list_box_set_placeholder (self->list, placeholder);
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->list));
}

PlnEventAgenda *
pln_event_agenda_new (void)
{
  return g_object_new (PLN_TYPE_EVENT_AGENDA, NULL);
}

GtkWidget *
pln_event_agenda_add_item (PlnEventAgenda *self,
                           const char     *title,
                           const char     *speaker,
                           const char     *time)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *title_entry = gtk_entry_new ();
  GtkWidget *speaker_entry = gtk_entry_new ();
  GtkWidget *time_entry = gtk_entry_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");

  g_return_val_if_fail (PLN_IS_EVENT_AGENDA (self), NULL);

  gtk_widget_set_hexpand (title_entry, TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (title_entry), _("Item title"));
  gtk_entry_set_placeholder_text (GTK_ENTRY (speaker_entry), _("Speaker"));
  gtk_entry_set_placeholder_text (GTK_ENTRY (time_entry), _("HH:MM"));
  gtk_editable_set_width_chars (GTK_EDITABLE (time_entry), 6);
  gtk_editable_set_width_chars (GTK_EDITABLE (speaker_entry), 14);
  gtk_editable_set_text (GTK_EDITABLE (title_entry), title != NULL ? title : "");
  gtk_editable_set_text (GTK_EDITABLE (speaker_entry), speaker != NULL ? speaker : "");
  gtk_editable_set_text (GTK_EDITABLE (time_entry), time != NULL ? time : "");
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove this item"));
  g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_clicked_cb), self);

  gtk_box_append (GTK_BOX (box), time_entry);
  gtk_box_append (GTK_BOX (box), title_entry);
  gtk_box_append (GTK_BOX (box), speaker_entry);
  gtk_box_append (GTK_BOX (box), remove);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  g_object_set_data (G_OBJECT (row), "pln-title", title_entry);
  g_object_set_data (G_OBJECT (row), "pln-speaker", speaker_entry);
  g_object_set_data (G_OBJECT (row), "pln-time", time_entry);
  gtk_list_box_append (self->list, row);
  return time_entry;
}

void
pln_event_agenda_load (PlnEventAgenda *self,
                       PlnEvent       *event)
{
  GListModel *agenda;
  GtkWidget *row;

  g_return_if_fail (PLN_IS_EVENT_AGENDA (self));
  g_return_if_fail (PLN_IS_EVENT (event));

  while ((row = GTK_WIDGET (gtk_list_box_get_row_at_index (self->list, 0))) != NULL)
    gtk_list_box_remove (self->list, row);

  agenda = pln_event_get_agenda (event);
  for (guint i = 0; i < g_list_model_get_n_items (agenda); i++)
    {
      g_autoptr(PlnAgendaItem) item = g_list_model_get_item (agenda, i);
      g_autofree char *time = pln_format_local_time (pln_agenda_item_get_planned_start (item), "%H:%M");

      pln_event_agenda_add_item (self, pln_agenda_item_get_title (item), pln_agenda_item_get_speaker (item), time);
    }
}

gboolean
pln_event_agenda_read (PlnEventAgenda *self,
                       PlnEvent       *event,
                       gint64          starts_at,
                       GString        *errors)
{
  g_autoptr(GTimeZone) tz = pln_event_dup_time_zone ();
  g_autoptr(GDateTime) start = g_date_time_new_from_unix_utc (starts_at);
  g_autoptr(GDateTime) day = g_date_time_to_timezone (start, tz);
  int position = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (PLN_IS_EVENT_AGENDA (self), FALSE);

  pln_event_clear_agenda (event);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkEditable *title = g_object_get_data (G_OBJECT (row), "pln-title");
      GtkEditable *speaker = g_object_get_data (G_OBJECT (row), "pln-speaker");
      GtkEditable *time = g_object_get_data (G_OBJECT (row), "pln-time");
      g_autoptr(PlnAgendaItem) item = NULL;
      g_autofree char *title_text = NULL;
      const char *time_text;
      gint64 planned = 0;
      int h, m;
      char rest;

      if (title == NULL)
        continue;
      title_text = g_strstrip (g_strdup (gtk_editable_get_text (title)));
      time_text = gtk_editable_get_text (time);
      if (*title_text == '\0')
        continue;
      if (*time_text != '\0')
        {
          if (sscanf (time_text, "%d:%d%c", &h, &m, &rest) == 2 && h >= 0 && h < 24 && m >= 0 && m < 60)
            {
              g_autoptr(GDateTime) at = g_date_time_new (tz, g_date_time_get_year (day),
                                                         g_date_time_get_month (day),
                                                         g_date_time_get_day_of_month (day), h, m, 0);
              planned = g_date_time_to_unix (at);
              gtk_widget_remove_css_class (GTK_WIDGET (time), "error");
            }
          else
            {
              gtk_widget_add_css_class (GTK_WIDGET (time), "error");
              if (errors->len > 0)
                g_string_append_c (errors, '\n');
              /* Translators: %s is an agenda item's title. */
              g_string_append_printf (errors, _("Agenda item “%s”: write its start as HH:MM, e.g. 08:30."),
                                      title_text);
              ok = FALSE;
              continue;
            }
        }

      item = pln_agenda_item_new ();
      pln_agenda_item_set_position (item, position++);
      pln_agenda_item_set_title (item, title_text);
      pln_agenda_item_set_speaker (item, gtk_editable_get_text (speaker));
      pln_agenda_item_set_planned_start (item, planned);
      pln_event_append_agenda_item (event, item);
    }
  return ok;
}
