/* pln-event-editor.c: see pln-event-editor.h.
 *
 * The editor works on copies: the bridge points are PlnBridgePoint objects
 * of its own (id 0 for a point not saved yet), so that Cancel leaves the
 * store as it was. Save hands copies of the event and of the points to
 * pln_event_save_async (), which writes them in a thread on a connection
 * of its own while the window shows that it is saving. The rules that
 * choose points are in pln-event-editor-rules.c; the tree of the network,
 * the point rows and the agenda are widgets of their own. */
#define G_LOG_DOMAIN "plenary-event-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "pln-event-agenda.h"
#include "pln-event-editor-private.h"
#include "pln-event-point-row.h"
#include "pln-event-points-tree.h"
#include "pln-event-save.h"
#include "pln-list-find.h"
#include "pln-widget-util.h"

G_DEFINE_FINAL_TYPE (PlnEventEditor, pln_event_editor, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_EVENT_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

PlnStore *
_pln_event_editor_get_store (PlnEventEditor *self)
{
  return pln_context_get_store (self->context);
}

void
_pln_event_editor_show_error (PlnEventEditor *self,
                              const char     *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  /* The sentence is at the top of the form: bring it into view. */
  if (message != NULL)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->form)), 0);
}

/* ---- Points ------------------------------------------------------------ */

void
_pln_event_editor_update_summary (PlnEventEditor *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->points));
  g_autofree char *points = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *count = NULL;
  g_autofree char *text = NULL;
  gint64 total = pln_event_editor_get_expected_total (self);

  count = pln_group_digits (n);
  points = g_strdup_printf (ngettext ("%s point", "%s points", n), count);
  g_clear_pointer (&count, g_free);
  count = pln_group_digits (total);
  expected = g_strdup_printf (ngettext ("%s expected", "%s expected", (gulong) total), count);
  /* Translators: "191 points · 1 000 expected". */
  text = g_strdup_printf (_("%s · %s"), points, expected);
  gtk_label_set_text (self->points_summary, text);
  gtk_stack_set_visible_child_name (self->points_stack, n > 0 ? "list" : "empty");
  pln_event_points_tree_refresh (self->points_tree);
}

PlnBridgePoint *
_pln_event_editor_point_for_site (PlnEventEditor *self,
                                  PlnSite        *site,
                                  int             expected)
{
  PlnBridgePoint *point = pln_bridge_point_new ();

  pln_bridge_point_set_site_id (point, pln_site_get_id (site));
  pln_bridge_point_set_site_code (point, pln_site_get_code (site));
  pln_bridge_point_set_site_name (point, pln_site_get_name (site));
  pln_bridge_point_set_site_level (point, pln_site_get_level (site));
  pln_bridge_point_set_district_name (point, pln_site_get_district_name (site));
  pln_bridge_point_set_expected_count (point, expected);
  return point;
}

static void
take_point (PlnEventEditor *self,
            PlnBridgePoint *point,
            gboolean        first)
{
  gint64 *key = g_new (gint64, 1);

  *key = pln_bridge_point_get_site_id (point);
  g_hash_table_insert (self->point_by_site, key, point);
  if (first)
    g_list_store_insert (self->points, 0, point);
  else
    g_list_store_append (self->points, point);
  g_object_unref (point);
}

static void
remove_point (PlnEventEditor *self,
              PlnBridgePoint *point)
{
  guint position;
  gint64 site_id = pln_bridge_point_get_site_id (point);

  if (!g_list_store_find (self->points, point, &position))
    return;
  g_hash_table_remove (self->point_by_site, &site_id);
  g_list_store_remove (self->points, position);
  _pln_event_editor_update_summary (self);
}

/* Adds the sites @rule_text chooses that are not points yet; returns the
 * number added, or -1 with @error set. */
static void
set_host (PlnEventEditor *self,
          gint64          site_id)
{
  PlnBridgePoint *point;
  guint position;

  if (site_id == self->host_site_id)
    return;

  /* The old host stays a point, as the store keeps it. */
  point = g_hash_table_lookup (self->point_by_site, &self->host_site_id);
  if (point != NULL)
    pln_bridge_point_set_is_host (point, FALSE);
  self->host_site_id = site_id;
  if (site_id == 0)
    {
      _pln_event_editor_update_summary (self);
      return;
    }

  point = g_hash_table_lookup (self->point_by_site, &site_id);
  if (point != NULL)
    {
      /* Move it to the top, where the host is listed. */
      g_object_ref (point);
      if (g_list_store_find (self->points, point, &position))
        g_list_store_remove (self->points, position);
      pln_bridge_point_set_is_host (point, TRUE);
      g_list_store_insert (self->points, 0, point);
      g_object_unref (point);
    }
  else
    {
      g_autoptr(PlnSite) site = pln_store_get_site (_pln_event_editor_get_store (self), site_id, NULL);

      if (site != NULL)
        {
          point = _pln_event_editor_point_for_site (self, site, gtk_spin_button_get_value_as_int (self->expected_spin));
          pln_bridge_point_set_is_host (point, TRUE);
          take_point (self, point, TRUE);
        }
    }
  _pln_event_editor_update_summary (self);
}

/* ---- Point rows --------------------------------------------------------- */

static void
on_point_row_remove_cb (PlnEventPointRow *row,
                        PlnEventEditor   *self)
{
  PlnBridgePoint *point = pln_event_point_row_get_point (row);

  if (point == NULL)
    return;
  if (pln_bridge_point_get_site_id (point) == self->host_site_id)
    {
      /* Removing the host's point means no host. */
      adw_combo_row_set_selected (self->host_row, 0);
    }
  remove_point (self, point);
}

static void
point_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                PlnEventEditor           *self)
{
  PlnEventPointRow *row = pln_event_point_row_new ();

  g_signal_connect_swapped (row, "changed", G_CALLBACK (_pln_event_editor_update_summary), self);
  g_signal_connect (row, "remove", G_CALLBACK (on_point_row_remove_cb), self);
  gtk_list_item_set_child (item, GTK_WIDGET (row));
  gtk_list_item_set_activatable (item, FALSE);
}

static void
point_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               PlnEventEditor           *self)
{
  pln_event_point_row_set_point (PLN_EVENT_POINT_ROW (gtk_list_item_get_child (item)),
                                 gtk_list_item_get_item (item));
}

static void
point_unbind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 PlnEventEditor           *self)
{
  pln_event_point_row_set_point (PLN_EVENT_POINT_ROW (gtk_list_item_get_child (item)), NULL);
}

/* A branch of the network checked or unchecked in the tree. */
static void
on_branch_toggled_cb (PlnEventPointsTree *tree,
                      GArray             *site_ids,
                      gboolean            join,
                      PlnEventEditor     *self)
{
  if (join)
    {
      g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);
      int expected = gtk_spin_button_get_value_as_int (self->expected_spin);

      for (guint i = 0; i < site_ids->len; i++)
        {
          gint64 id = g_array_index (site_ids, gint64, i);
          g_autoptr(PlnSite) site = NULL;

          if (g_hash_table_contains (self->point_by_site, &id) ||
              (site = pln_store_get_site (_pln_event_editor_get_store (self), id, NULL)) == NULL)
            continue;
          g_ptr_array_add (added, _pln_event_editor_point_for_site (self, site, expected));
          g_hash_table_insert (self->point_by_site, g_memdup2 (&id, sizeof id),
                               g_ptr_array_index (added, added->len - 1));
        }
      /* One change of the list for all of them. */
      g_list_store_splice (self->points, g_list_model_get_n_items (G_LIST_MODEL (self->points)), 0,
                           added->pdata, added->len);
    }
  else
    {
      g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GHashTable) leaving = g_hash_table_new (g_int64_hash, g_int64_equal);
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->points));

      for (guint i = 0; i < site_ids->len; i++)
        g_hash_table_add (leaving, &g_array_index (site_ids, gint64, i));
      if (g_hash_table_contains (leaving, &self->host_site_id))
        adw_combo_row_set_selected (self->host_row, 0);
      n = g_list_model_get_n_items (G_LIST_MODEL (self->points));
      for (guint i = 0; i < n; i++)
        {
          PlnBridgePoint *point = g_list_model_get_item (G_LIST_MODEL (self->points), i);
          gint64 id = pln_bridge_point_get_site_id (point);

          if (g_hash_table_contains (leaving, &id))
            {
              g_hash_table_remove (self->point_by_site, &id);
              g_object_unref (point);
            }
          else
            g_ptr_array_add (kept, point);
        }
      g_list_store_splice (self->points, 0, n, kept->pdata, kept->len);
    }
  _pln_event_editor_show_error (self, NULL);
  _pln_event_editor_update_summary (self);
}

/* ---- Times -------------------------------------------------------------- */

static void
clear_field_error (AdwEntryRow *row)
{
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

static gboolean
read_time_field (PlnEventEditor *self,
                 AdwEntryRow    *row,
                 const char     *field,
                 gint64         *out,
                 GString        *errors)
{
  g_autoptr(GError) error = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  if (pln_event_editor_parse_time (text, out, &error))
    {
      clear_field_error (row);
      return TRUE;
    }
  gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  if (errors->len > 0)
    g_string_append_c (errors, '\n');
  /* Translators: "Start: …", the field then what is wrong. */
  g_string_append_printf (errors, _("%s: %s"), field, error->message);
  return FALSE;
}

static char *
format_time (gint64 t)
{
  return pln_format_local_time (t, "%d/%m/%Y %H:%M");
}

static void
on_host_selected_cb (PlnEventEditor *self)
{
  PlnSite *site = adw_combo_row_get_selected_item (self->host_row);

  set_host (self, site != NULL ? pln_site_get_id (site) : 0);
}

/* ---- Loading and saving ------------------------------------------------- */

static void
load_event (PlnEventEditor *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) points = NULL;
  g_autofree char *starts = NULL;
  g_autofree char *ends = NULL;
  guint position;

  self->event = pln_store_get_event (_pln_event_editor_get_store (self), self->event_id, &error);
  if (self->event == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not read the event: %s"), error->message);
      _pln_event_editor_show_error (self, message);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", FALSE);
      return;
    }

  gtk_window_set_title (GTK_WINDOW (self), _("Edit Event"));
  adw_combo_row_set_selected (self->kind_row, pln_event_get_kind (self->event));
  gtk_editable_set_text (GTK_EDITABLE (self->title_row), pln_event_get_title (self->event));
  starts = format_time (pln_event_get_starts_at (self->event));
  ends = format_time (pln_event_get_ends_at (self->event));
  gtk_editable_set_text (GTK_EDITABLE (self->start_row), starts);
  gtk_editable_set_text (GTK_EDITABLE (self->end_row), ends);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->description_view),
                            pln_event_get_description (self->event) != NULL ? pln_event_get_description (self->event) : "",
                            -1);

  pln_event_agenda_load (self->agenda, self->event);

  /* Copies of the stored points, so that Cancel changes nothing. */
  points = pln_store_get_points_model (_pln_event_editor_get_store (self), self->event_id);
  for (guint i = 0; i < g_list_model_get_n_items (points); i++)
    {
      g_autoptr(PlnBridgePoint) stored = g_list_model_get_item (points, i);
      PlnBridgePoint *copy = pln_bridge_point_new ();

      pln_bridge_point_set_id (copy, pln_bridge_point_get_id (stored));
      pln_bridge_point_set_site_id (copy, pln_bridge_point_get_site_id (stored));
      pln_bridge_point_set_site_code (copy, pln_bridge_point_get_site_code (stored));
      pln_bridge_point_set_site_name (copy, pln_bridge_point_get_site_name (stored));
      pln_bridge_point_set_site_level (copy, pln_bridge_point_get_site_level (stored));
      pln_bridge_point_set_district_name (copy, pln_bridge_point_get_district_name (stored));
      pln_bridge_point_set_is_host (copy, pln_bridge_point_get_is_host (stored));
      pln_bridge_point_set_expected_count (copy, pln_bridge_point_get_expected_count (stored));
      take_point (self, copy, FALSE);
    }

  self->host_site_id = pln_event_get_host_site_id (self->event);
  if (!pln_list_find_id (G_LIST_MODEL (self->sites), self->host_site_id, &position))
    position = 0;
  adw_combo_row_set_selected (self->host_row, position);
  _pln_event_editor_update_summary (self);
}

/* While saving, the form and Save wait, a spinner and a sentence say so,
 * and the window stays open until the store answered. */
static void
set_saving (PlnEventEditor *self,
            gboolean        saving,
            guint           n_points)
{
  self->saving = saving;
  /* Focus leaves the form first: an entry made insensitive while it has
   * the focus would never hear that it lost it. */
  if (saving)
    gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_widget_set_sensitive (self->form, !saving);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", !saving);
  gtk_spinner_set_spinning (self->save_spinner, saving);
  gtk_widget_set_visible (GTK_WIDGET (self->save_spinner), saving);
  gtk_widget_set_visible (GTK_WIDGET (self->save_status), saving);
  if (saving)
    {
      g_autofree char *count = pln_group_digits (n_points);
      /* Translators: shown while the event is written; %s is a number. */
      g_autofree char *text = g_strdup_printf (ngettext ("Saving the event and %s bridge point…",
                                                         "Saving the event and %s bridge points…", n_points),
                                               count);

      gtk_label_set_text (self->save_status, text);
    }
}

static void
on_saved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PlnEventEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 id = pln_event_save_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_saving (self, FALSE, 0);
  if (id == 0)
    {
      /* Translators: %s says what went wrong. */
      g_autofree char *message = g_strdup_printf (_("Could not save the event: %s"), error->message);
      _pln_event_editor_show_error (self, message);
      return;
    }

  self->event_id = id;
  g_clear_object (&self->event);
  self->event = pln_store_get_event (_pln_event_editor_get_store (self), id, NULL);
  /* The lists of this window's store follow at once, not at the next
   * poll for other writers. */
  pln_store_check_external_changes (_pln_event_editor_get_store (self));
  g_signal_emit (self, signals[SAVED], 0, id);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  PlnEventEditor *self = PLN_EVENT_EDITOR (widget);
  g_autoptr(GString) errors = g_string_new (NULL);
  g_autoptr(PlnEvent) event = pln_event_new ();
  g_autofree char *title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_row))));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->description_view);
  GtkTextIter start_iter, end_iter;
  g_autofree char *description = NULL;
  GArray *choices;
  gint64 starts_at = 0, ends_at = 0;
  gboolean times_ok;
  guint n;

  if (self->saving)
    return;

  if (*title == '\0')
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->title_row), "error");
      g_string_append (errors, _("Title: give the event a title."));
    }
  else
    clear_field_error (self->title_row);

  times_ok = read_time_field (self, self->start_row, _("Start"), &starts_at, errors);
  times_ok = read_time_field (self, self->end_row, _("End"), &ends_at, errors) && times_ok;
  if (times_ok && ends_at <= starts_at)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->end_row), "error");
      if (errors->len > 0)
        g_string_append_c (errors, '\n');
      g_string_append (errors, _("End: the event must end after it starts."));
    }

  if (times_ok)
    pln_event_agenda_read (self->agenda, event, starts_at, errors);
  if (errors->len > 0)
    {
      _pln_event_editor_show_error (self, errors->str);
      return;
    }
  _pln_event_editor_show_error (self, NULL);

  /* A copy for the thread: the window keeps its own objects. */
  if (self->event != NULL)
    {
      pln_event_set_id (event, pln_event_get_id (self->event));
      pln_event_set_uid (event, pln_event_get_uid (self->event));
      pln_event_set_sequence (event, pln_event_get_sequence (self->event));
    }
  gtk_text_buffer_get_bounds (buffer, &start_iter, &end_iter);
  description = gtk_text_buffer_get_text (buffer, &start_iter, &end_iter, FALSE);
  pln_event_set_kind (event, adw_combo_row_get_selected (self->kind_row));
  pln_event_set_title (event, title);
  pln_event_set_description (event, description);
  pln_event_set_starts_at (event, starts_at);
  pln_event_set_ends_at (event, ends_at);
  pln_event_set_host_site_id (event, self->host_site_id);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->points));
  choices = g_array_sized_new (FALSE, FALSE, sizeof (PlnPointChoice), n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlnBridgePoint) point = g_list_model_get_item (G_LIST_MODEL (self->points), i);
      PlnPointChoice choice = {
        pln_bridge_point_get_site_id (point),
        pln_bridge_point_get_expected_count (point),
        pln_bridge_point_get_is_host (point),
      };

      g_array_append_val (choices, choice);
    }

  set_saving (self, TRUE, n);
  pln_event_save_async (pln_store_get_path (_pln_event_editor_get_store (self)), g_steal_pointer (&event), choices,
                        self->cancellable, on_saved_cb, g_object_ref (self));
}

static void
add_item_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  PlnEventEditor *self = PLN_EVENT_EDITOR (widget);

  gtk_widget_grab_focus (pln_event_agenda_add_item (self->agenda, NULL, NULL, NULL));
}

/* ---- GObject ------------------------------------------------------------ */

static void
pln_event_editor_constructed (GObject *object)
{
  PlnEventEditor *self = (PlnEventEditor *)object;
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkNoSelection *selection;

  G_OBJECT_CLASS (pln_event_editor_parent_class)->constructed (object);
  g_return_if_fail (PLN_IS_CONTEXT (self->context));

  for (PlnEventKind k = PLN_EVENT_KIND_CONFERENCE; k <= PLN_EVENT_KIND_WORKSHOP; k++)
    gtk_string_list_append (kinds, pln_event_kind_get_label (k));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kinds));

  _pln_event_editor_fill_site_lists (self);
  adw_combo_row_set_expression (self->host_row,
                                gtk_property_expression_new (PLN_TYPE_SITE, NULL, "name"));
  adw_combo_row_set_model (self->host_row, G_LIST_MODEL (self->sites));

  g_signal_connect (factory, "setup", G_CALLBACK (point_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (point_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (point_unbind_cb), self);
  gtk_list_view_set_factory (self->points_view, factory);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->points)));
  gtk_list_view_set_model (self->points_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);

  pln_event_points_tree_load (self->points_tree, _pln_event_editor_get_store (self));
  pln_event_points_tree_set_chosen (self->points_tree, self->point_by_site);
  g_signal_connect (self->points_tree, "branch-toggled", G_CALLBACK (on_branch_toggled_cb), self);

  if (self->event_id != 0)
    load_event (self);
  else
    {
      /* A new event is usually hosted by the department: the network's
       * first site. */
      if (g_list_model_get_n_items (G_LIST_MODEL (self->sites)) > 1)
        adw_combo_row_set_selected (self->host_row, 1);
      else
        adw_combo_row_set_selected (self->host_row, 0);
      set_host (self, 0);
      on_host_selected_cb (self);
    }
  g_signal_connect_swapped (self->host_row, "notify::selected", G_CALLBACK (on_host_selected_cb), self);
  g_signal_connect_swapped (self->rule_row, "changed", G_CALLBACK (_pln_event_editor_on_rule_changed_cb), self);
  g_signal_connect_swapped (self->expected_spin, "value-changed", G_CALLBACK (_pln_event_editor_on_rule_changed_cb), self);
  g_signal_connect (self->title_row, "changed", G_CALLBACK (clear_field_error), NULL);
  g_signal_connect (self->start_row, "changed", G_CALLBACK (clear_field_error), NULL);
  g_signal_connect (self->end_row, "changed", G_CALLBACK (clear_field_error), NULL);
  _pln_event_editor_on_rule_changed_cb (self);
  _pln_event_editor_update_summary (self);
}

/* The window stays while it saves: the store answers in a moment. */
static gboolean
pln_event_editor_close_request (GtkWindow *window)
{
  PlnEventEditor *self = PLN_EVENT_EDITOR (window);

  if (self->saving)
    return TRUE;
  return GTK_WINDOW_CLASS (pln_event_editor_parent_class)->close_request (window);
}

static void
pln_event_editor_dispose (GObject *object)
{
  PlnEventEditor *self = (PlnEventEditor *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PLN_TYPE_EVENT_EDITOR);
  g_clear_object (&self->event);
  g_clear_object (&self->sites);
  g_clear_object (&self->points);
  g_clear_pointer (&self->point_by_site, g_hash_table_unref);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (pln_event_editor_parent_class)->dispose (object);
}

static void
pln_event_editor_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PlnEventEditor *self = PLN_EVENT_EDITOR (object);

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
pln_event_editor_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PlnEventEditor *self = PLN_EVENT_EDITOR (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_EVENT_ID:
      self->event_id = g_value_get_int64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pln_event_editor_class_init (PlnEventEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = pln_event_editor_constructed;
  window_class->close_request = pln_event_editor_close_request;
  object_class->dispose = pln_event_editor_dispose;
  object_class->get_property = pln_event_editor_get_property;
  object_class->set_property = pln_event_editor_set_property;

  properties[PROP_CONTEXT] = pln_context_param_spec_new ();
  properties[PROP_EVENT_ID] =
    g_param_spec_int64 ("event-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* ::saved (gint64 id): the event was written; the window closes. */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (PLN_TYPE_EVENT_AGENDA);
  g_type_ensure (PLN_TYPE_EVENT_POINTS_TREE);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/plenary/Plenary/ui/pln-event-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, PlnEventEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, PlnEventEditor, form);
  gtk_widget_class_bind_template_child (widget_class, PlnEventEditor, save_spinner);
  gtk_widget_class_bind_template_child (widget_class, PlnEventEditor, save_status);
  gtk_widget_class_bind_template_child (widget_class, PlnEventEditor, kind_row);
  gtk_widget_class_bind_template_child (widget_class, PlnEventEditor, title_row);
  gtk_widget_class_bind_template_child (widget_class, PlnEventEditor, start_row);
  gtk_widget_class_bind_template_child (widget_class, PlnEventEditor, end_row);
  gtk_widget_class_bind_template_child (widget_class, PlnEventEditor, host_row);
  gtk_widget_class_bind_template_child (widget_class, PlnEventEditor, description_view);
  gtk_widget_class_bind_template_child (widget_class, PlnEventEditor, agenda);
  gtk_widget_class_bind_template_child (widget_class, PlnEventEditor, expected_spin);
  gtk_widget_class_bind_template_child (widget_class, PlnEventEditor, communes_button);
  gtk_widget_class_bind_template_child (widget_class, PlnEventEditor, under_button);
  gtk_widget_class_bind_template_child (widget_class, PlnEventEditor, district_checks);
  gtk_widget_class_bind_template_child (widget_class, PlnEventEditor, under_list);
  gtk_widget_class_bind_template_child (widget_class, PlnEventEditor, rule_row);
  gtk_widget_class_bind_template_child (widget_class, PlnEventEditor, rule_preview);
  gtk_widget_class_bind_template_child (widget_class, PlnEventEditor, points_summary);
  gtk_widget_class_bind_template_child (widget_class, PlnEventEditor, points_stack);
  gtk_widget_class_bind_template_child (widget_class, PlnEventEditor, points_view);
  gtk_widget_class_bind_template_child (widget_class, PlnEventEditor, points_tree);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.add-item", NULL, add_item_action);
  _pln_event_editor_class_rules_init (klass);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pln_event_editor_init (PlnEventEditor *self)
{
  self->sites = g_list_store_new (PLN_TYPE_SITE);
  self->points = g_list_store_new (PLN_TYPE_BRIDGE_POINT);
  self->point_by_site = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

PlnEventEditor *
pln_event_editor_new (GtkWindow  *parent,
                      PlnContext *context,
                      gint64      event_id)
{
  g_return_val_if_fail (PLN_IS_CONTEXT (context), NULL);

  return g_object_new (PLN_TYPE_EVENT_EDITOR,
                       "transient-for", parent,
                       "context", context,
                       "event-id", event_id,
                       NULL);
}

PlnContext *
pln_event_editor_get_context (PlnEventEditor *self)
{
  g_return_val_if_fail (PLN_IS_EVENT_EDITOR (self), NULL);
  return self->context;
}

gint64
pln_event_editor_get_event_id (PlnEventEditor *self)
{
  g_return_val_if_fail (PLN_IS_EVENT_EDITOR (self), 0);
  return self->event_id;
}

guint
pln_event_editor_get_n_points (PlnEventEditor *self)
{
  g_return_val_if_fail (PLN_IS_EVENT_EDITOR (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->points));
}

gint64
pln_event_editor_get_expected_total (PlnEventEditor *self)
{
  guint n;
  gint64 total = 0;

  g_return_val_if_fail (PLN_IS_EVENT_EDITOR (self), 0);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->points));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlnBridgePoint) point = g_list_model_get_item (G_LIST_MODEL (self->points), i);

      total += pln_bridge_point_get_expected_count (point);
    }
  return total;
}

gboolean
pln_event_editor_parse_time (const char  *text,
                             gint64      *unix_seconds,
                             GError     **error)
{
  g_autoptr(GTimeZone) tz = pln_event_dup_time_zone ();
  g_autoptr(GDateTime) dt = NULL;
  int d, mo, y, h, mi;
  char rest;

  g_return_val_if_fail (unix_seconds != NULL, FALSE);

  if (text != NULL &&
      sscanf (text, "%d/%d/%d %d:%d %c", &d, &mo, &y, &h, &mi, &rest) == 5 &&
      y >= 1970 && y <= 9999 && h >= 0 && h < 24 && mi >= 0 && mi < 60)
    dt = g_date_time_new (tz, y, mo, d, h, mi, 0);
  if (dt == NULL || g_date_time_get_day_of_month (dt) != d)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   /* Translators: %s is what was typed. */
                   _("“%s” is not a date and time: write DD/MM/YYYY HH:MM, e.g. 10/11/2022 08:00."),
                   text != NULL ? text : "");
      return FALSE;
    }
  *unix_seconds = g_date_time_to_unix (dt);
  return TRUE;
}
