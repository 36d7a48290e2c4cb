/* pln-sites-page.c: see pln-sites-page.h. */
#define G_LOG_DOMAIN "plenary-sites-page"

#include "config.h"

#include <glib/gi18n.h>

#include "pln-sites-page-private.h"
#include "pln-text-fold.h"

G_DEFINE_FINAL_TYPE (PlnSitesPage, pln_sites_page, ADW_TYPE_BIN)

typedef enum
{
  COLUMN_SITE_NAME,
  COLUMN_SITE_LEVEL,
  COLUMN_SITE_CODE,
  COLUMN_SITE_PEOPLE,
  COLUMN_PERSON_NAME,
  COLUMN_PERSON_TITLE,
  COLUMN_PERSON_STAFF_NUMBER,
  COLUMN_PERSON_PHONE,
} Column;

static GQuark fold_quark;

typedef struct
{
  char *source;   /* name and code as they were folded */
  char *folded;
} Folded;

static void
folded_free (gpointer data)
{
  Folded *f = data;

  g_free (f->source);
  g_free (f->folded);
  g_free (f);
}

/* The site's name and code, folded for matching; cached on the site and
 * folded again when a rename changes them. */
static const char *
site_folded (PlnSite *site)
{
  Folded *cached = g_object_get_qdata (G_OBJECT (site), fold_quark);
  g_autofree char *source = g_strconcat (pln_site_get_name (site), " ", pln_site_get_code (site), NULL);

  if (cached == NULL || g_strcmp0 (cached->source, source) != 0)
    {
      cached = g_new0 (Folded, 1);
      cached->folded = pln_text_fold (source);
      cached->source = g_steal_pointer (&source);
      g_object_set_qdata_full (G_OBJECT (site), fold_quark, cached, folded_free);
    }
  return cached->folded;
}

/* The site shown by a row of either list (a GtkTreeListRow), or NULL. The
 * row keeps its item alive, so the site is returned without a reference. */
static PlnSite *
site_from_item (gpointer item)
{
  g_autoptr(GObject) object = NULL;

  if (!GTK_IS_TREE_LIST_ROW (item))
    return PLN_IS_SITE (item) ? item : NULL;
  object = gtk_tree_list_row_get_item (item);
  return PLN_IS_SITE (object) ? PLN_SITE (object) : NULL;
}

static GListModel *
create_children_cb (gpointer item,
                    gpointer user_data)
{
  PlnSitesPage *self = PLN_SITES_PAGE (user_data);
  PlnSite *site = PLN_SITE (item);

  if (pln_site_get_n_children (site) == 0)
    return NULL;
  return pln_store_get_sites_model (pln_context_get_store (self->context),
                                    pln_site_get_id (site));
}

static GListModel *
no_children_cb (gpointer item,
                gpointer user_data)
{
  return NULL;
}

static gboolean
filter_match_cb (gpointer item,
                 gpointer user_data)
{
  PlnSitesPage *self = PLN_SITES_PAGE (user_data);
  const char *folded = site_folded (PLN_SITE (item));

  if (self->search_tokens == NULL)
    return TRUE;
  for (guint i = 0; self->search_tokens[i] != NULL; i++)
    if (strstr (folded, self->search_tokens[i]) == NULL)
      return FALSE;
  return TRUE;
}

/* Every site, depth first in the tree's order; read once per search and
 * again when the sites change. */
static void
collect_sites (PlnSitesPage *self,
               GListModel   *model,
               GListStore   *into,
               guint         depth)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlnSite) site = g_list_model_get_item (model, i);

      g_list_store_append (into, site);
      if (pln_site_get_n_children (site) > 0 && depth < 16)
        {
          g_autoptr(GListModel) children =
            pln_store_get_sites_model (pln_context_get_store (self->context),
                                       pln_site_get_id (site));
          collect_sites (self, children, into, depth + 1);
        }
    }
}

static void
update_people (PlnSitesPage *self)
{
  guint n_people;
  g_autofree char *subtitle = NULL;
  g_autofree char *count = NULL;
  g_autofree char *title = NULL;

  if (self->selected_site == NULL || self->people == NULL)
    {
      gtk_label_set_text (self->people_title, _("People"));
      gtk_label_set_text (self->people_subtitle, "");
      gtk_stack_set_visible_child_name (self->people_stack, "none");
      return;
    }

  n_people = g_list_model_get_n_items (self->people);
  /* Translators: the heading of the people list; %s is a site's name. */
  title = g_strdup_printf (_("People of %s"), pln_site_get_name (self->selected_site));
  count = g_strdup_printf (ngettext ("%u person", "%u people", n_people), n_people);
  /* Translators: level · code · count, e.g. "Commune · QN-BC-01 · 3 people". */
  subtitle = g_strdup_printf (_("%s · %s · %s"),
                              pln_site_level_get_label (pln_site_get_level (self->selected_site)),
                              pln_site_get_code (self->selected_site),
                              count);
  gtk_label_set_text (self->people_title, title);
  gtk_label_set_text (self->people_subtitle, subtitle);
  gtk_stack_set_visible_child_name (self->people_stack, n_people > 0 ? "list" : "empty");
}

static void
on_people_items_changed_cb (PlnSitesPage *self)
{
  update_people (self);
}

static void
set_selected_site (PlnSitesPage *self,
                   PlnSite      *site)
{
  g_autoptr(GtkNoSelection) people_selection = NULL;

  if (site != NULL && self->selected_site != NULL &&
      pln_site_get_id (site) == pln_site_get_id (self->selected_site))
    {
      g_set_object (&self->selected_site, site);
      update_people (self);
      return;
    }

  if (self->people != NULL)
    g_signal_handlers_disconnect_by_func (self->people, on_people_items_changed_cb, self);
  g_clear_object (&self->people);
  g_set_object (&self->selected_site, site);

  if (site != NULL)
    {
      self->people = pln_store_get_people_model (pln_context_get_store (self->context),
                                                 pln_site_get_id (site));
      g_signal_connect_swapped (self->people, "items-changed",
                                G_CALLBACK (on_people_items_changed_cb), self);
      people_selection = gtk_no_selection_new (g_object_ref (self->people));
    }
  gtk_column_view_set_model (self->people_view, GTK_SELECTION_MODEL (people_selection));
  update_people (self);
}

static void
on_selection_changed_cb (PlnSitesPage *self)
{
  /* While the list under the selection is swapped (search on or off), the
   * site shown stays; swap_model () selects it again where it can. */
  PlnSite *site;

  if (self->swapping)
    return;
  site = site_from_item (gtk_single_selection_get_selected_item (self->selection));
  set_selected_site (self, site);

  /* Narrow: the people take the place of the tree; Back returns. */
  if (site != NULL && adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child_name (self->leaflet, "people");
}

/* Shows @model (the tree or the search results), keeping the selected site
 * selected when the new list shows it. */
static void
swap_model (PlnSitesPage *self,
            GListModel   *model)
{
  gint64 selected_id = self->selected_site != NULL ? pln_site_get_id (self->selected_site) : 0;
  guint n;

  if (gtk_single_selection_get_model (self->selection) == model)
    return;

  self->swapping = TRUE;
  gtk_single_selection_set_model (self->selection, model);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  n = selected_id != 0 ? g_list_model_get_n_items (model) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);
      PlnSite *site = site_from_item (item);

      if (site != NULL && pln_site_get_id (site) == selected_id)
        {
          gtk_single_selection_set_selected (self->selection, i);
          break;
        }
    }
  self->swapping = FALSE;
}

static void
update_empty_state (PlnSitesPage *self)
{
  gboolean has_sites = g_list_model_get_n_items (self->roots) > 0;
  gboolean searching = self->search_tokens != NULL;

  gtk_stack_set_visible_child_name (self->main_stack, has_sites ? "sites" : "empty");
  if (searching && g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0)
    gtk_stack_set_visible_child_name (self->tree_stack, "no-results");
  else
    gtk_stack_set_visible_child_name (self->tree_stack, "tree");
  _pln_sites_page_update_actions (self);
}

/* The province (the usual single root) shows opened, with its units and
 * districts, when the page opens and when the first sites arrive. */
static void
expand_single_root (PlnSitesPage *self)
{
  g_autoptr(GtkTreeListRow) first = NULL;

  if (g_list_model_get_n_items (self->roots) != 1)
    return;
  first = gtk_tree_list_model_get_row (self->tree, 0);
  if (first != NULL)
    gtk_tree_list_row_set_expanded (first, TRUE);
}

static void
on_roots_items_changed_cb (GListModel   *roots,
                           guint         position,
                           guint         removed,
                           guint         added,
                           PlnSitesPage *self)
{
  if (added > 0 && g_list_model_get_n_items (roots) == added)
    expand_single_root (self);
  update_empty_state (self);
}

static void
refresh_search (PlnSitesPage *self)
{
  if (self->search_tokens == NULL)
    {
      swap_model (self, G_LIST_MODEL (self->tree));
      update_empty_state (self);
      return;
    }

  if (self->all_sites == NULL)
    {
      self->all_sites = g_list_store_new (PLN_TYPE_SITE);
      collect_sites (self, self->roots, self->all_sites, 0);
      gtk_filter_list_model_set_model (self->filtered, G_LIST_MODEL (self->all_sites));
    }
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  swap_model (self, G_LIST_MODEL (self->search_tree));
  update_empty_state (self);
}

static void
on_search_changed_cb (PlnSitesPage *self)
{
  g_strfreev (self->search_tokens);
  self->search_tokens = pln_search_tokens_new (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  refresh_search (self);
}

static void
on_store_changed_cb (PlnStore     *store,
                     const char   *table,
                     PlnSitesPage *self)
{
  if (table != NULL && !g_str_equal (table, "sites") &&
      !g_str_equal (table, PLN_STORE_CHANGED_EXTERNAL))
    return;

  /* The search list is a copy: read it again when it is next needed. */
  g_clear_object (&self->all_sites);
  gtk_filter_list_model_set_model (self->filtered, NULL);
  if (self->search_tokens != NULL)
    refresh_search (self);
}

/* GtkTreeListModel decides once whether a row has children. A site that
 * gains its first children later (communes imported after their district)
 * needs a new tree; the rows that were open open again. */
static void
rebuild_tree_cb (gpointer user_data)
{
  PlnSitesPage *self = PLN_SITES_PAGE (user_data);
  g_autoptr(GHashTable) expanded = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  GtkTreeListModel *tree;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->tree)); i++)
    {
      g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_row (self->tree, i);
      g_autoptr(GObject) item = gtk_tree_list_row_get_item (row);

      if (gtk_tree_list_row_get_expanded (row) && PLN_IS_SITE (item))
        g_hash_table_add (expanded, g_memdup2 (&(gint64) { pln_site_get_id (PLN_SITE (item)) }, sizeof (gint64)));
    }

  tree = gtk_tree_list_model_new (g_object_ref (self->roots), FALSE, FALSE,
                                  create_children_cb, self, NULL);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (tree)); i++)
    {
      g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_row (tree, i);
      g_autoptr(GObject) item = gtk_tree_list_row_get_item (row);
      gint64 id = PLN_IS_SITE (item) ? pln_site_get_id (PLN_SITE (item)) : 0;

      if (g_hash_table_contains (expanded, &id))
        gtk_tree_list_row_set_expanded (row, TRUE);
    }

  if (self->search_tokens == NULL)
    swap_model (self, G_LIST_MODEL (tree));
  g_clear_object (&self->tree);
  self->tree = tree;
}

static void
check_row_children (PlnSitesPage   *self,
                    GtkTreeListRow *row,
                    PlnSite        *site)
{
  if (pln_debounce_is_queued (&self->rebuild_later) || self->search_tokens != NULL || row == NULL)
    return;
  if (pln_site_get_n_children (site) > 0 && !gtk_tree_list_row_is_expandable (row))
    pln_debounce_queue (&self->rebuild_later);
}

static void
on_site_n_children_cb (PlnSite     *site,
                       GParamSpec  *pspec,
                       GtkListItem *list_item)
{
  PlnSitesPage *self = g_object_get_data (G_OBJECT (list_item), "pln-page");
  gpointer item = gtk_list_item_get_item (list_item);

  if (self != NULL && GTK_IS_TREE_LIST_ROW (item))
    check_row_children (self, GTK_TREE_LIST_ROW (item), site);
}

/* ---- People counts ---------------------------------------------------- */

static void
show_count (PlnSitesPage *self,
            GtkLabel     *label)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (label), "pln-site-id"));
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (self->counts, &id));
  g_autofree char *text = count > 0 ? g_strdup_printf ("%u", count) : g_strdup ("");

  gtk_label_set_text (label, text);
}

static void
recount_cb (gpointer user_data)
{
  PlnSitesPage *self = PLN_SITES_PAGE (user_data);
  guint n = g_list_model_get_n_items (self->everyone);
  GHashTableIter iter;
  gpointer label;

  g_hash_table_remove_all (self->counts);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlnPerson) person = g_list_model_get_item (self->everyone, i);
      gint64 site_id = pln_person_get_site_id (person);
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (self->counts, &site_id));

      if (count == 0)
        g_hash_table_insert (self->counts, g_memdup2 (&site_id, sizeof site_id), GUINT_TO_POINTER (1));
      else
        g_hash_table_insert (self->counts, g_memdup2 (&site_id, sizeof site_id), GUINT_TO_POINTER (count + 1));
    }

  g_hash_table_iter_init (&iter, self->count_labels);
  while (g_hash_table_iter_next (&iter, &label, NULL))
    show_count (self, GTK_LABEL (label));
}

static void
on_everyone_items_changed_cb (PlnSitesPage *self)
{
  pln_debounce_queue (&self->recount_later);
}

/* ---- Columns ---------------------------------------------------------- */

/* Below this width the tree shows names and people only: a site's level
 * is its place in the tree, and its code is in the people pane's title. */
#define NARROW_TREE_WIDTH 480

static gboolean
tree_is_narrow (PlnSitesPage *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_hadjustment (self->tree_scroller);

  return gtk_adjustment_get_page_size (adjustment) < NARROW_TREE_WIDTH;
}

static gboolean
tree_shows_level (PlnSitesPage *self)
{
  return gtk_column_view_column_get_column_view (self->level_column) != NULL;
}

/* Taken out, not hidden: GTK 4.8's column view still counts a hidden
 * column's width, so the names would not get its place. */
static void
update_narrow_cb (gpointer user_data)
{
  PlnSitesPage *self = PLN_SITES_PAGE (user_data);
  gboolean wide = !tree_is_narrow (self);

  if (wide == tree_shows_level (self))
    return;
  if (wide)
    {
      gtk_column_view_insert_column (self->sites_view, 1, self->level_column);
      gtk_column_view_insert_column (self->sites_view, 2, self->code_column);
    }
  else
    {
      gtk_column_view_remove_column (self->sites_view, self->level_column);
      gtk_column_view_remove_column (self->sites_view, self->code_column);
    }
}

/* The viewport's width is the page size of the horizontal adjustment; the
 * columns change after this allocation, not during it. */
static void
on_tree_width_cb (GtkAdjustment *adjustment,
                  GParamSpec    *pspec,
                  PlnSitesPage  *self)
{
  if (tree_shows_level (self) == tree_is_narrow (self))
    pln_debounce_queue (&self->narrow_later);
}

static char *
level_label_cb (GObject      *object,
                PlnSiteLevel  level)
{
  return g_strdup (pln_site_level_get_label (level));
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  /* Names go on a second line rather than losing their end: Vietnamese
   * site names are long ("Bệnh viện Lão khoa – Phục hồi chức năng …"). */
  if (column == COLUMN_SITE_NAME)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
    }
  else
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_margin_top (label, 3);
  gtk_widget_set_margin_bottom (label, 3);
  if (column == COLUMN_SITE_CODE || column == COLUMN_PERSON_STAFF_NUMBER)
    gtk_widget_add_css_class (label, "site-code");
  if (column == COLUMN_PERSON_PHONE)
    gtk_widget_add_css_class (label, "numeric");
  if (column == COLUMN_SITE_LEVEL)
    gtk_widget_add_css_class (label, "dim-label");
  if (column == COLUMN_SITE_PEOPLE)
    {
      gtk_label_set_xalign (GTK_LABEL (label), 1.0);
      gtk_widget_set_margin_end (label, 12);
      gtk_widget_add_css_class (label, "numeric");
      g_object_set_data (G_OBJECT (list_item), "pln-page",
                         g_object_get_data (G_OBJECT (factory), "pln-page"));
    }

  if (column == COLUMN_SITE_NAME)
    {
      GtkWidget *expander = gtk_tree_expander_new ();

      g_object_set_data (G_OBJECT (list_item), "pln-page",
                         g_object_get_data (G_OBJECT (factory), "pln-page"));

      gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), label);
      gtk_list_item_set_child (list_item, expander);
    }
  else
    gtk_list_item_set_child (list_item, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *child = gtk_list_item_get_child (list_item);
  gpointer item = gtk_list_item_get_item (list_item);
  GtkWidget *label = child;
  GObject *object = NULL;
  const char *property = NULL;
  GBinding *binding;

  switch (column)
    {
    case COLUMN_SITE_NAME:
      gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (child), GTK_TREE_LIST_ROW (item));
      label = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (child));
      object = G_OBJECT (site_from_item (item));
      property = "name";
      break;
    case COLUMN_SITE_LEVEL:
      object = G_OBJECT (site_from_item (item));
      property = "level";
      break;
    case COLUMN_SITE_CODE:
      object = G_OBJECT (site_from_item (item));
      property = "code";
      break;
    case COLUMN_SITE_PEOPLE:
      {
        PlnSitesPage *self = g_object_get_data (G_OBJECT (list_item), "pln-page");
        PlnSite *site = site_from_item (item);

        if (self != NULL && site != NULL)
          {
            g_object_set_data (G_OBJECT (label), "pln-site-id", GSIZE_TO_POINTER (pln_site_get_id (site)));
            g_hash_table_add (self->count_labels, label);
            show_count (self, GTK_LABEL (label));
          }
        return;
      }
    case COLUMN_PERSON_NAME:
      object = item;
      property = "name";
      break;
    case COLUMN_PERSON_TITLE:
      object = item;
      property = "title";
      break;
    case COLUMN_PERSON_STAFF_NUMBER:
      object = item;
      property = "staff-number";
      break;
    case COLUMN_PERSON_PHONE:
      object = item;
      property = "phone";
      break;
    default:
      g_assert_not_reached ();
    }

  if (object == NULL)
    return;

  if (column == COLUMN_SITE_LEVEL)
    {
      g_autoptr(GtkExpression) expression =
        gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 1,
                                     (GtkExpression *[]) {
                                       gtk_property_expression_new (PLN_TYPE_SITE, NULL, "level")
                                     },
                                     G_CALLBACK (level_label_cb), NULL, NULL);
      GtkExpressionWatch *watch = gtk_expression_bind (gtk_expression_ref (expression),
                                                       label, "label", object);
      g_object_set_data_full (G_OBJECT (list_item), "pln-watch", watch,
                              (GDestroyNotify) gtk_expression_watch_unwatch);
      return;
    }

  binding = g_object_bind_property (object, property, label, "label", G_BINDING_SYNC_CREATE);
  g_object_set_data_full (G_OBJECT (list_item), "pln-binding", g_object_ref (binding),
                          (GDestroyNotify) g_binding_unbind);
  if (column == COLUMN_SITE_NAME && g_object_get_data (G_OBJECT (list_item), "pln-page") != NULL)
    {
      PlnSitesPage *self = g_object_get_data (G_OBJECT (list_item), "pln-page");
      gulong id = g_signal_connect (object, "notify::n-children",
                                    G_CALLBACK (on_site_n_children_cb), list_item);

      g_object_set_data (G_OBJECT (list_item), "pln-notify", GSIZE_TO_POINTER (id));
      g_object_set_data (G_OBJECT (list_item), "pln-site", object);
      check_row_children (self, GTK_TREE_LIST_ROW (item), PLN_SITE (object));
    }

  if (column == COLUMN_SITE_NAME)
    {
      /* The full name, which the column may cut, and the district it lies in. */
      PlnSite *site = PLN_SITE (object);
      const char *district = pln_site_get_district_name (site);
      g_autofree char *tooltip = NULL;

      if (district != NULL && *district != '\0' && g_strcmp0 (district, pln_site_get_name (site)) != 0)
        tooltip = g_strdup_printf ("%s\n%s", pln_site_get_name (site), district);
      else
        tooltip = g_strdup (pln_site_get_name (site));
      gtk_widget_set_tooltip_text (label, tooltip);
    }
}

static void
unbind_cell_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);

  gulong notify_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (list_item), "pln-notify"));
  GObject *site = g_object_get_data (G_OBJECT (list_item), "pln-site");

  if (column == COLUMN_SITE_PEOPLE)
    {
      PlnSitesPage *self = g_object_get_data (G_OBJECT (list_item), "pln-page");

      if (self != NULL && self->count_labels != NULL)
        g_hash_table_remove (self->count_labels, gtk_list_item_get_child (list_item));
      return;
    }

  if (notify_id != 0 && site != NULL)
    g_signal_handler_disconnect (site, notify_id);
  g_object_set_data (G_OBJECT (list_item), "pln-notify", NULL);
  g_object_set_data (G_OBJECT (list_item), "pln-site", NULL);
  g_object_set_data (G_OBJECT (list_item), "pln-binding", NULL);
  g_object_set_data (G_OBJECT (list_item), "pln-watch", NULL);
  if (column == COLUMN_SITE_NAME)
    gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (gtk_list_item_get_child (list_item)), NULL);
}

static GtkColumnViewColumn *
add_column (GtkColumnView *view,
            const char    *title,
            Column         column,
            gboolean       expand,
            int            fixed_width)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *col;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell_cb), GINT_TO_POINTER (column));

  col = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (col, expand);
  gtk_column_view_column_set_resizable (col, TRUE);
  if (fixed_width > 0)
    gtk_column_view_column_set_fixed_width (col, fixed_width);
  gtk_column_view_append_column (view, col);
  g_object_unref (col);
  return col;
}

/* ---- Object ----------------------------------------------------------- */

static void
pln_sites_page_constructed (GObject *object)
{
  PlnSitesPage *self = (PlnSitesPage *)object;
  PlnStore *store;

  G_OBJECT_CLASS (pln_sites_page_parent_class)->constructed (object);

  g_return_if_fail (PLN_IS_CONTEXT (self->context));
  store = pln_context_get_store (self->context);

  self->roots = pln_store_get_sites_model (store, 0);
  self->tree = gtk_tree_list_model_new (g_object_ref (self->roots), FALSE, FALSE,
                                        create_children_cb, self, NULL);
  /* After the tree's own handler, so that the tree has the new rows. */
  g_signal_connect_object (self->roots, "items-changed",
                           G_CALLBACK (on_roots_items_changed_cb), self, 0);

  self->filter = gtk_custom_filter_new (filter_match_cb, self, NULL);
  self->filtered = gtk_filter_list_model_new (NULL, g_object_ref (GTK_FILTER (self->filter)));
  self->search_tree = gtk_tree_list_model_new (g_object_ref (G_LIST_MODEL (self->filtered)),
                                               FALSE, FALSE, no_children_cb, NULL, NULL);

  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->tree)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_swapped (self->selection, "notify::selected-item",
                            G_CALLBACK (on_selection_changed_cb), self);
  gtk_column_view_set_model (self->sites_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed_cb), self, 0);

  self->everyone = pln_store_get_people_model (store, 0);
  g_signal_connect_object (self->everyone, "items-changed",
                           G_CALLBACK (on_everyone_items_changed_cb), self, G_CONNECT_SWAPPED);
  recount_cb (self);

  expand_single_root (self);
  update_empty_state (self);
  update_people (self);
}

static void
pln_sites_page_dispose (GObject *object)
{
  PlnSitesPage *self = (PlnSitesPage *)object;

  _pln_sites_page_actions_dispose (self);
  if (self->tree_scroller != NULL)
    g_signal_handlers_disconnect_by_data (gtk_scrolled_window_get_hadjustment (self->tree_scroller), self);
  pln_debounce_cancel (&self->rebuild_later);
  pln_debounce_cancel (&self->recount_later);
  pln_debounce_cancel (&self->narrow_later);

  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  if (self->people != NULL)
    g_signal_handlers_disconnect_by_data (self->people, self);

  /* The template's top widget is AdwBin's child: AdwBin must let go of it
   * before the template drops it, or it would unparent a freed widget. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PLN_TYPE_SITES_PAGE);

  g_clear_object (&self->selection);
  g_clear_object (&self->search_tree);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->all_sites);
  g_clear_object (&self->tree);
  g_clear_object (&self->roots);
  g_clear_object (&self->people);
  g_clear_object (&self->selected_site);
  g_clear_object (&self->everyone);
  g_clear_object (&self->level_column);
  g_clear_object (&self->code_column);
  g_clear_pointer (&self->counts, g_hash_table_unref);
  g_clear_pointer (&self->count_labels, g_hash_table_unref);
  g_clear_pointer (&self->search_tokens, g_strfreev);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (pln_sites_page_parent_class)->dispose (object);
}

static void
pln_sites_page_class_init (PlnSitesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pln_sites_page_constructed;
  object_class->dispose = pln_sites_page_dispose;

  pln_widget_class_install_context (object_class, G_STRUCT_OFFSET (PlnSitesPage, context));

  gtk_widget_class_set_template_from_resource (widget_class, "/org/plenary/Plenary/ui/pln-sites-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PlnSitesPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PlnSitesPage, main_stack);
  gtk_widget_class_bind_template_child (widget_class, PlnSitesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PlnSitesPage, import_button);
  gtk_widget_class_bind_template_child (widget_class, PlnSitesPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, PlnSitesPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, PlnSitesPage, tree_stack);
  gtk_widget_class_bind_template_child (widget_class, PlnSitesPage, sites_view);
  gtk_widget_class_bind_template_child (widget_class, PlnSitesPage, people_title);
  gtk_widget_class_bind_template_child (widget_class, PlnSitesPage, people_subtitle);
  gtk_widget_class_bind_template_child (widget_class, PlnSitesPage, people_stack);
  gtk_widget_class_bind_template_child (widget_class, PlnSitesPage, people_view);
  gtk_widget_class_bind_template_child (widget_class, PlnSitesPage, tree_scroller);

  _pln_sites_page_class_actions_init (klass);

  fold_quark = g_quark_from_static_string ("pln-sites-page-folded");
}

static void
pln_sites_page_init (PlnSitesPage *self)
{
  GtkColumnViewColumn *name_column;
  GtkColumnViewColumn *people_column;

  gtk_widget_init_template (GTK_WIDGET (self));
  pln_debounce_init (&self->rebuild_later, 0, rebuild_tree_cb, self);
  pln_debounce_init (&self->recount_later, 0, recount_cb, self);
  pln_debounce_init_full (&self->narrow_later, G_PRIORITY_HIGH_IDLE, 0, update_narrow_cb, self);
  g_signal_connect (gtk_scrolled_window_get_hadjustment (self->tree_scroller), "notify::page-size",
                    G_CALLBACK (on_tree_width_cb), self);

  name_column = add_column (self->sites_view, _("Name"), COLUMN_SITE_NAME, TRUE, -1);
  /* The name cells watch their site's children count (see rebuild_tree_cb). */
  g_object_set_data (G_OBJECT (gtk_column_view_column_get_factory (name_column)), "pln-page", self);
  /* Narrow (see on_tree_width_cb), the names take their place. */
  self->level_column = g_object_ref (add_column (self->sites_view, _("Level"), COLUMN_SITE_LEVEL, FALSE, 120));
  self->code_column = g_object_ref (add_column (self->sites_view, _("Code"), COLUMN_SITE_CODE, FALSE, 120));
  /* Translators: a column: how many people are registered at the site itself. */
  people_column = add_column (self->sites_view, _("People"), COLUMN_SITE_PEOPLE, FALSE, 80);
  g_object_set_data (G_OBJECT (gtk_column_view_column_get_factory (people_column)), "pln-page", self);
  self->counts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->count_labels = g_hash_table_new (NULL, NULL);

  add_column (self->people_view, _("Name"), COLUMN_PERSON_NAME, TRUE, -1);
  /* Translators: a person's job title, not a document's. */
  add_column (self->people_view, C_("person", "Title"), COLUMN_PERSON_TITLE, TRUE, -1);
  add_column (self->people_view, _("Staff Number"), COLUMN_PERSON_STAFF_NUMBER, FALSE, 110);
  add_column (self->people_view, _("Phone"), COLUMN_PERSON_PHONE, FALSE, 110);

  g_signal_connect_swapped (self->search_entry, "search-changed",
                            G_CALLBACK (on_search_changed_cb), self);
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
}

PlnSitesPage *
pln_sites_page_new (PlnContext *context)
{
  g_return_val_if_fail (PLN_IS_CONTEXT (context), NULL);

  return g_object_new (PLN_TYPE_SITES_PAGE, "context", context, NULL);
}

PlnContext *
pln_sites_page_get_context (PlnSitesPage *self)
{
  g_return_val_if_fail (PLN_IS_SITES_PAGE (self), NULL);
  return self->context;
}

PlnSite *
pln_sites_page_get_selected_site (PlnSitesPage *self)
{
  g_return_val_if_fail (PLN_IS_SITES_PAGE (self), NULL);
  return self->selected_site;
}

gboolean
pln_sites_page_select_position (PlnSitesPage *self,
                                guint         position)
{
  g_return_val_if_fail (PLN_IS_SITES_PAGE (self), FALSE);

  if (position >= g_list_model_get_n_items (G_LIST_MODEL (self->selection)))
    return FALSE;
  gtk_single_selection_set_selected (self->selection, position);
  return TRUE;
}

void
_pln_sites_page_show_toast (PlnSitesPage *self,
                            const char   *message)
{
  AdwToast *toast = adw_toast_new (message);

  /* The newest result replaces an older one at once. */
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
