/* pln-event-points-tree.c: see pln-event-points-tree.h.
 *
 * The network is read once into memory (a few hundred sites down to the
 * commune stations); the counts of chosen sites per branch are worked out
 * again on each refresh, and the rows shown are updated in place. */
#define G_LOG_DOMAIN "plenary-event-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "pln-event-points-tree.h"

struct _PlnEventPointsTree
{
  AdwBin           parent_instance;

  GListStore      *roots;       /* PlnSite */
  GHashTable      *children;    /* parent id (gint64 *) → GListStore of PlnSite */
  GHashTable      *totals;      /* site id → guint: the site and all shown beneath it */
  GHashTable      *counts;      /* site id → guint: how many of those are chosen */
  GHashTable      *chosen;      /* the editor's: site id (gint64 *) → anything */
  GHashTable      *bound;       /* GtkListItem * shown now */
  GtkTreeListModel *tree;
  GtkListView     *view;
  gboolean         updating;
};

G_DEFINE_FINAL_TYPE (PlnEventPointsTree, pln_event_points_tree, ADW_TYPE_BIN)

enum {
  BRANCH_TOGGLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static guint
lookup_count (GHashTable *table,
              gint64      id)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (table, &id));
}

static void
set_count (GHashTable *table,
           gint64      id,
           guint       value)
{
  g_hash_table_insert (table, g_memdup2 (&id, sizeof id), GUINT_TO_POINTER (value));
}

/* Works out the totals (once) and the chosen counts of @site's branch. */
static void
count_branch (PlnEventPointsTree *self,
              PlnSite            *site,
              guint              *total,
              guint              *chosen)
{
  gint64 id = pln_site_get_id (site);
  GListModel *kids = g_hash_table_lookup (self->children, &id);

  *total = 1;
  *chosen = self->chosen != NULL && g_hash_table_contains (self->chosen, &id) ? 1 : 0;
  for (guint i = 0; kids != NULL && i < g_list_model_get_n_items (kids); i++)
    {
      g_autoptr(PlnSite) kid = g_list_model_get_item (kids, i);
      guint t, c;

      count_branch (self, kid, &t, &c);
      *total += t;
      *chosen += c;
    }
  set_count (self->totals, id, *total);
  set_count (self->counts, id, *chosen);
}

static void
collect_branch (PlnEventPointsTree *self,
                gint64              id,
                GArray             *out)
{
  GListModel *kids = g_hash_table_lookup (self->children, &id);

  g_array_append_val (out, id);
  for (guint i = 0; kids != NULL && i < g_list_model_get_n_items (kids); i++)
    {
      g_autoptr(PlnSite) kid = g_list_model_get_item (kids, i);

      collect_branch (self, pln_site_get_id (kid), out);
    }
}

/* ---- Rows --------------------------------------------------------------- */

static void
update_row (PlnEventPointsTree *self,
            GtkListItem        *item)
{
  GtkTreeListRow *row = gtk_list_item_get_item (item);
  GtkWidget *expander = gtk_list_item_get_child (item);
  GtkCheckButton *check = g_object_get_data (G_OBJECT (expander), "pln-check");
  GtkLabel *count = g_object_get_data (G_OBJECT (expander), "pln-count");
  PlnSite *site;
  gint64 id;
  guint total, chosen;

  if (row == NULL)
    return;
  site = gtk_tree_list_row_get_item (row);
  id = pln_site_get_id (site);
  total = lookup_count (self->totals, id);
  chosen = lookup_count (self->counts, id);

  self->updating = TRUE;
  gtk_check_button_set_active (check, total > 0 && chosen == total);
  gtk_check_button_set_inconsistent (check, chosen > 0 && chosen < total);
  self->updating = FALSE;
  if (total > 1)
    {
      /* Translators: chosen / all sites of a branch of the network, "9 / 12". */
      g_autofree char *text = g_strdup_printf (_("%u / %u"), chosen, total);

      gtk_label_set_text (count, text);
    }
  else
    gtk_label_set_text (count, "");
  g_object_unref (site);
}

static void
on_check_toggled_cb (GtkCheckButton     *check,
                     PlnEventPointsTree *self)
{
  GtkListItem *item = g_object_get_data (G_OBJECT (check), "pln-item");
  GtkTreeListRow *row;
  g_autoptr(PlnSite) site = NULL;

  if (self->updating || item == NULL || (row = gtk_list_item_get_item (item)) == NULL)
    return;
  site = gtk_tree_list_row_get_item (row);
  pln_event_points_tree_toggle (self, pln_site_get_id (site));
  /* Show the state the editor decided, whatever the click did. */
  update_row (self, item);
}

static void
row_setup_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              PlnEventPointsTree       *self)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *count = gtk_label_new (NULL);

  gtk_widget_set_name (check, "editor-tree-check");
  gtk_widget_set_name (name, "editor-tree-name");
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  /* A long name takes a second line rather than losing its end. */
  gtk_label_set_wrap (GTK_LABEL (name), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (name), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_add_css_class (count, "dim-label");
  gtk_widget_add_css_class (count, "numeric");
  gtk_box_append (GTK_BOX (box), check);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), count);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), box);
  gtk_widget_set_margin_end (expander, 6);

  g_object_set_data (G_OBJECT (expander), "pln-check", check);
  g_object_set_data (G_OBJECT (expander), "pln-name", name);
  g_object_set_data (G_OBJECT (expander), "pln-count", count);
  g_object_set_data (G_OBJECT (check), "pln-item", item);
  g_signal_connect (check, "toggled", G_CALLBACK (on_check_toggled_cb), self);
  gtk_list_item_set_child (item, expander);
  gtk_list_item_set_activatable (item, FALSE);
}

static void
row_bind_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             PlnEventPointsTree       *self)
{
  GtkWidget *expander = gtk_list_item_get_child (item);
  GtkTreeListRow *row = gtk_list_item_get_item (item);
  g_autoptr(PlnSite) site = gtk_tree_list_row_get_item (row);
  g_autofree char *tooltip = NULL;
  GtkWidget *check = g_object_get_data (G_OBJECT (expander), "pln-check");

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), row);
  gtk_label_set_text (g_object_get_data (G_OBJECT (expander), "pln-name"), pln_site_get_name (site));
  /* Translators: a check box's tooltip; %s is a site, "Trung tâm Y tế huyện Ba Chẽ". */
  tooltip = g_strdup_printf (_("%s and every site beneath it as bridge points"), pln_site_get_name (site));
  gtk_widget_set_tooltip_text (check, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  pln_site_get_name (site), -1);
  g_hash_table_add (self->bound, item);
  update_row (self, item);
}

static void
row_unbind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               PlnEventPointsTree       *self)
{
  g_hash_table_remove (self->bound, item);
  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (gtk_list_item_get_child (item)), NULL);
}

static GListModel *
create_children_cb (gpointer item,
                    gpointer user_data)
{
  PlnEventPointsTree *self = user_data;
  gint64 id = pln_site_get_id (PLN_SITE (item));
  GListModel *kids = g_hash_table_lookup (self->children, &id);

  return kids != NULL ? g_object_ref (kids) : NULL;
}

/* ---- GObject ------------------------------------------------------------ */

static void
pln_event_points_tree_dispose (GObject *object)
{
  PlnEventPointsTree *self = (PlnEventPointsTree *)object;

  if (self->view != NULL)
    gtk_list_view_set_model (self->view, NULL);
  g_clear_object (&self->tree);
  g_clear_object (&self->roots);
  g_clear_pointer (&self->children, g_hash_table_unref);
  g_clear_pointer (&self->totals, g_hash_table_unref);
  g_clear_pointer (&self->counts, g_hash_table_unref);
  g_clear_pointer (&self->chosen, g_hash_table_unref);
  g_clear_pointer (&self->bound, g_hash_table_unref);

  G_OBJECT_CLASS (pln_event_points_tree_parent_class)->dispose (object);
}

static void
pln_event_points_tree_class_init (PlnEventPointsTreeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pln_event_points_tree_dispose;

  /* ::branch-toggled (GArray of gint64 site ids, gboolean join) */
  signals[BRANCH_TOGGLED] = g_signal_new ("branch-toggled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_ARRAY, G_TYPE_BOOLEAN);
}

static void
pln_event_points_tree_init (PlnEventPointsTree *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkNoSelection *selection;
  GtkWidget *scroller = gtk_scrolled_window_new ();

  self->roots = g_list_store_new (PLN_TYPE_SITE);
  self->children = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->totals = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->counts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->bound = g_hash_table_new (g_direct_hash, g_direct_equal);
  self->tree = gtk_tree_list_model_new (g_object_ref (G_LIST_MODEL (self->roots)), FALSE, FALSE,
                                        create_children_cb, self, NULL);

  g_signal_connect (factory, "setup", G_CALLBACK (row_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (row_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (row_unbind_cb), self);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->tree)));
  self->view = GTK_LIST_VIEW (gtk_list_view_new (GTK_SELECTION_MODEL (selection), g_object_ref (factory)));
  gtk_widget_set_name (GTK_WIDGET (self->view), "editor-tree");
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->view));
  adw_bin_set_child (ADW_BIN (self), scroller);
}

/* ---- Public ------------------------------------------------------------- */

PlnEventPointsTree *
pln_event_points_tree_new (void)
{
  return g_object_new (PLN_TYPE_EVENT_POINTS_TREE, NULL);
}

static void
load_children (PlnEventPointsTree *self,
               PlnStore           *store,
               gint64              parent_id,
               GListStore         *into,
               guint               depth)
{
  g_autoptr(GListModel) model = pln_store_get_sites_model (store, parent_id);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(PlnSite) site = g_list_model_get_item (model, i);
      PlnSiteLevel level = pln_site_get_level (site);

      if (level > PLN_SITE_LEVEL_COMMUNE)
        continue;
      g_list_store_append (into, site);
      if (level < PLN_SITE_LEVEL_COMMUNE && pln_site_get_n_children (site) > 0 && depth < 8)
        {
          g_autoptr(GListStore) kids = g_list_store_new (PLN_TYPE_SITE);
          gint64 id = pln_site_get_id (site);

          load_children (self, store, id, kids, depth + 1);
          if (g_list_model_get_n_items (G_LIST_MODEL (kids)) > 0)
            g_hash_table_insert (self->children, g_memdup2 (&id, sizeof id), g_steal_pointer (&kids));
        }
    }
}

void
pln_event_points_tree_load (PlnEventPointsTree *self,
                            PlnStore           *store)
{
  g_return_if_fail (PLN_IS_EVENT_POINTS_TREE (self));
  g_return_if_fail (PLN_IS_STORE (store));

  g_list_store_remove_all (self->roots);
  g_hash_table_remove_all (self->children);
  {
    g_autoptr(GListStore) roots = g_list_store_new (PLN_TYPE_SITE);
    guint n;

    load_children (self, store, 0, roots, 0);
    n = g_list_model_get_n_items (G_LIST_MODEL (roots));
    for (guint i = 0; i < n; i++)
      {
        g_autoptr(PlnSite) site = g_list_model_get_item (G_LIST_MODEL (roots), i);
        g_list_store_append (self->roots, site);
      }
  }
  pln_event_points_tree_refresh (self);

  /* The province open: its units and district centres show. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->roots)) == 1)
    {
      g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_row (self->tree, 0);

      if (row != NULL)
        gtk_tree_list_row_set_expanded (row, TRUE);
    }
}

void
pln_event_points_tree_set_chosen (PlnEventPointsTree *self,
                                  GHashTable         *chosen)
{
  g_return_if_fail (PLN_IS_EVENT_POINTS_TREE (self));

  if (chosen != NULL)
    g_hash_table_ref (chosen);
  g_clear_pointer (&self->chosen, g_hash_table_unref);
  self->chosen = chosen;
  pln_event_points_tree_refresh (self);
}

void
pln_event_points_tree_refresh (PlnEventPointsTree *self)
{
  GHashTableIter iter;
  gpointer item;

  g_return_if_fail (PLN_IS_EVENT_POINTS_TREE (self));

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->roots)); i++)
    {
      g_autoptr(PlnSite) root = g_list_model_get_item (G_LIST_MODEL (self->roots), i);
      guint total, chosen;

      count_branch (self, root, &total, &chosen);
    }
  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    update_row (self, item);
}

PlnBranchState
pln_event_points_tree_get_state (PlnEventPointsTree *self,
                                 gint64              site_id)
{
  guint total, chosen;

  g_return_val_if_fail (PLN_IS_EVENT_POINTS_TREE (self), PLN_BRANCH_NONE);

  total = lookup_count (self->totals, site_id);
  chosen = lookup_count (self->counts, site_id);
  if (chosen == 0)
    return PLN_BRANCH_NONE;
  return chosen < total ? PLN_BRANCH_SOME : PLN_BRANCH_ALL;
}

GArray *
pln_event_points_tree_get_branch (PlnEventPointsTree *self,
                                  gint64              site_id)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_return_val_if_fail (PLN_IS_EVENT_POINTS_TREE (self), out);

  if (g_hash_table_contains (self->totals, &site_id))
    collect_branch (self, site_id, out);
  return out;
}

void
pln_event_points_tree_toggle (PlnEventPointsTree *self,
                              gint64              site_id)
{
  g_autoptr(GArray) branch = NULL;
  gboolean join;

  g_return_if_fail (PLN_IS_EVENT_POINTS_TREE (self));

  branch = pln_event_points_tree_get_branch (self, site_id);
  if (branch->len == 0)
    return;
  join = pln_event_points_tree_get_state (self, site_id) != PLN_BRANCH_ALL;
  g_signal_emit (self, signals[BRANCH_TOGGLED], 0, branch, join);
}
