/* pln-event-editor-rules.c: the event editor's ways of choosing bridge
 * points by rule: the one-click rules (all district centres, the commune
 * stations of all or of checked districts, everything under a site), the
 * typed rule with its live count, and the sites those menus and the host
 * list offer. */
#define G_LOG_DOMAIN "plenary-event-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "pln-event-editor-private.h"
#include "pln-site-rule.h"
#include "pln-widget-util.h"

static int
add_rule (PlnEventEditor *self,
          const char     *rule_text,
          GError        **error)
{
  g_autoptr(PlnSiteRule) rule = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) added = g_ptr_array_new ();
  int expected = gtk_spin_button_get_value_as_int (self->expected_spin);

  rule = pln_site_rule_parse (rule_text, error);
  if (rule == NULL)
    return -1;
  ids = pln_site_rule_expand (rule, _pln_event_editor_get_store (self), error);
  if (ids == NULL)
    return -1;

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(PlnSite) site = NULL;
      gint64 *key;

      if (g_hash_table_contains (self->point_by_site, &id))
        continue;
      site = pln_store_get_site (_pln_event_editor_get_store (self), id, NULL);
      if (site == NULL)
        continue;
      key = g_new (gint64, 1);
      *key = id;
      g_ptr_array_add (added, _pln_event_editor_point_for_site (self, site, expected));
      g_hash_table_insert (self->point_by_site, key, g_ptr_array_index (added, added->len - 1));
    }
  /* One change of the list for all of them. */
  g_list_store_splice (self->points, g_list_model_get_n_items (G_LIST_MODEL (self->points)), 0,
                       added->pdata, added->len);
  for (guint i = 0; i < added->len; i++)
    g_object_unref (g_ptr_array_index (added, i));
  _pln_event_editor_update_summary (self);
  return (int) added->len;
}

static void
apply_rule (PlnEventEditor *self,
            const char     *rule_text)
{
  g_autoptr(GError) error = NULL;

  if (add_rule (self, rule_text, &error) < 0)
    {
      /* Translators: %s says what is wrong with the rule. */
      g_autofree char *message = g_strdup_printf (_("Could not add the sites: %s"), error->message);
      _pln_event_editor_show_error (self, message);
      return;
    }
  _pln_event_editor_show_error (self, NULL);
}

/* ---- Sites for the host and the rule menus ------------------------------ */

static void
collect_upper_sites (PlnEventEditor *self,
                     gint64          parent_id,
                     guint           depth)
{
  g_autoptr(GListModel) model = pln_store_get_sites_model (_pln_event_editor_get_store (self), parent_id);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlnSite) site = g_list_model_get_item (model, i);
      PlnSiteLevel level = pln_site_get_level (site);

      if (level > PLN_SITE_LEVEL_DISTRICT)
        continue;
      g_list_store_append (self->sites, site);
      if (level < PLN_SITE_LEVEL_DISTRICT && pln_site_get_n_children (site) > 0 && depth < 8)
        collect_upper_sites (self, pln_site_get_id (site), depth + 1);
    }
}

static void
on_under_row_activated_cb (GtkListBox     *list,
                           GtkListBoxRow  *row,
                           PlnEventEditor *self)
{
  const char *code = g_object_get_data (G_OBJECT (row), "pln-code");
  g_autofree char *rule = NULL;

  if (code == NULL)
    return;
  rule = g_strdup_printf ("under=%s", code);
  gtk_menu_button_popdown (self->under_button);
  apply_rule (self, rule);
}

void
_pln_event_editor_fill_site_lists (PlnEventEditor *self)
{
  g_autoptr(PlnSite) none = pln_site_new ();
  guint n;

  pln_site_set_name (none, _("No host site"));
  g_list_store_append (self->sites, none);
  collect_upper_sites (self, 0, 0);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->sites));
  for (guint i = 1; i < n; i++)
    {
      g_autoptr(PlnSite) site = g_list_model_get_item (G_LIST_MODEL (self->sites), i);
      GtkWidget *row;
      GtkWidget *label;

      if (pln_site_get_level (site) == PLN_SITE_LEVEL_DISTRICT)
        {
          GtkWidget *check = gtk_check_button_new_with_label (pln_site_get_name (site));

          g_object_set_data_full (G_OBJECT (check), "pln-code", g_strdup (pln_site_get_code (site)), g_free);
          gtk_box_append (self->district_checks, check);
        }

      if (pln_site_get_n_children (site) == 0)
        continue;
      label = gtk_label_new (pln_site_get_name (site));
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_margin_start (label, 6);
      gtk_widget_set_margin_end (label, 6);
      gtk_widget_set_margin_top (label, 6);
      gtk_widget_set_margin_bottom (label, 6);
      row = gtk_list_box_row_new ();
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      g_object_set_data_full (G_OBJECT (row), "pln-code", g_strdup (pln_site_get_code (site)), g_free);
      gtk_list_box_append (self->under_list, row);
    }
  g_signal_connect (self->under_list, "row-activated", G_CALLBACK (on_under_row_activated_cb), self);
}

/* ---- Rule preview ------------------------------------------------------- */

void
_pln_event_editor_on_rule_changed_cb (PlnEventEditor *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->rule_row));
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  g_autoptr(PlnSiteRule) rule = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sites = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *count = NULL;
  g_autofree char *preview = NULL;
  gint64 total;

  gtk_widget_remove_css_class (GTK_WIDGET (self->rule_preview), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->rule_preview), NULL);
  if (*stripped == '\0')
    {
      gtk_label_set_text (self->rule_preview, "");
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.add-typed-rule", FALSE);
      return;
    }

  rule = pln_site_rule_parse (text, &error);
  if (rule != NULL)
    ids = pln_site_rule_expand (rule, _pln_event_editor_get_store (self), &error);
  if (ids == NULL)
    {
      gtk_label_set_text (self->rule_preview, error->message);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->rule_preview), error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->rule_preview), "error");
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.add-typed-rule", FALSE);
      return;
    }

  total = (gint64) ids->len * gtk_spin_button_get_value_as_int (self->expected_spin);
  count = pln_group_digits (ids->len);
  sites = g_strdup_printf (ngettext ("%s site", "%s sites", ids->len), count);
  g_clear_pointer (&count, g_free);
  count = pln_group_digits (total);
  expected = g_strdup_printf (ngettext ("%s expected", "%s expected", (gulong) total), count);
  /* Translators: the rule's preview, "191 sites · 1 000 expected". */
  preview = g_strdup_printf (_("%s · %s"), sites, expected);
  gtk_label_set_text (self->rule_preview, preview);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.add-typed-rule", ids->len > 0);
}

static void
add_rule_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  PlnEventEditor *self = PLN_EVENT_EDITOR (widget);

  gtk_menu_button_popdown (self->communes_button);
  apply_rule (self, g_variant_get_string (param, NULL));
}

static void
add_typed_rule_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  PlnEventEditor *self = PLN_EVENT_EDITOR (widget);

  apply_rule (self, gtk_editable_get_text (GTK_EDITABLE (self->rule_row)));
}

static void
add_checked_communes_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  PlnEventEditor *self = PLN_EVENT_EDITOR (widget);
  g_autoptr(GString) codes = g_string_new (NULL);
  g_autofree char *rule = NULL;

  for (GtkWidget *check = gtk_widget_get_first_child (GTK_WIDGET (self->district_checks));
       check != NULL;
       check = gtk_widget_get_next_sibling (check))
    if (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)))
      {
        if (codes->len > 0)
          g_string_append_c (codes, ',');
        g_string_append (codes, g_object_get_data (G_OBJECT (check), "pln-code"));
      }

  gtk_menu_button_popdown (self->communes_button);
  if (codes->len == 0)
    {
      _pln_event_editor_show_error (self, _("Check at least one district whose commune stations should join."));
      return;
    }
  rule = g_strdup_printf ("level=commune district=\"%s\"", codes->str);
  apply_rule (self, rule);
}

void
_pln_event_editor_class_rules_init (PlnEventEditorClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "editor.add-rule", "s", add_rule_action);
  gtk_widget_class_install_action (widget_class, "editor.add-typed-rule", NULL, add_typed_rule_action);
  gtk_widget_class_install_action (widget_class, "editor.add-checked-communes", NULL,
                                   add_checked_communes_action);
}
