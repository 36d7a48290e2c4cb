/* pln-sites-page-private.h: the struct of PlnSitesPage, shared with
 * pln-sites-page-actions.c. */
#pragma once

#include "pln-sites-page.h"
#include "pln-widget-util.h"

G_BEGIN_DECLS

struct _PlnSitesPage
{
  AdwBin              parent_instance;

  PlnContext         *context;

  /* The tree: roots from the store, children created on expansion. */
  GListModel         *roots;
  GtkTreeListModel   *tree;
  PlnDebounce         rebuild_later;
  /* The search: every site, read when a search starts, filtered. */
  GListStore         *all_sites;
  GtkCustomFilter    *filter;
  GtkFilterListModel *filtered;
  GtkTreeListModel   *search_tree;
  char              **search_tokens;

  GtkSingleSelection *selection;
  GListModel         *people;
  PlnSite            *selected_site;
  /* Everyone, counted by site for the People column. */
  GListModel         *everyone;
  GHashTable         *counts;        /* site id (gint64 *) → count */
  GHashTable         *count_labels;  /* GtkLabel * shown in the column */
  PlnDebounce         recount_later;
  gboolean            swapping;

  /* Import and export in flight. */
  GCancellable       *cancellable;
  GtkFileChooserNative *chooser;
  gboolean            busy;

  AdwToastOverlay    *toast_overlay;
  GtkStack           *main_stack;
  GtkSearchEntry     *search_entry;
  GtkMenuButton      *import_button;
  GtkMenuButton      *export_button;
  AdwLeaflet         *leaflet;
  GtkStack           *tree_stack;
  GtkColumnView      *sites_view;
  GtkLabel           *people_title;
  GtkLabel           *people_subtitle;
  GtkStack           *people_stack;
  GtkColumnView      *people_view;
  GtkScrolledWindow  *tree_scroller;
  GtkColumnViewColumn *level_column;
  GtkColumnViewColumn *code_column;
  PlnDebounce         narrow_later;
};

void _pln_sites_page_class_actions_init (PlnSitesPageClass *klass);
void _pln_sites_page_update_actions     (PlnSitesPage      *self);
void _pln_sites_page_actions_dispose    (PlnSitesPage      *self);
void _pln_sites_page_show_toast         (PlnSitesPage      *self,
                                         const char        *message);

G_END_DECLS
