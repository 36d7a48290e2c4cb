/* pln-sites-page.h: the network of sites as a tree, with a search, the
 * people of the selected site, and CSV import and export. */
#pragma once

#include <adwaita.h>

#include "pln-context.h"

G_BEGIN_DECLS

#define PLN_TYPE_SITES_PAGE (pln_sites_page_get_type ())
G_DECLARE_FINAL_TYPE (PlnSitesPage, pln_sites_page, PLN, SITES_PAGE, AdwBin)

PlnSitesPage *pln_sites_page_new              (PlnContext   *context);
PlnContext   *pln_sites_page_get_context      (PlnSitesPage *self);
/* The site whose people are shown, or %NULL. */
PlnSite      *pln_sites_page_get_selected_site (PlnSitesPage *self);
/* Selects the site shown at @position of the tree as it is now (with the
 * search applied); returns %FALSE past the end. */
gboolean      pln_sites_page_select_position  (PlnSitesPage *self,
                                               guint         position);

/* What the Import… and Export… menus do once a file is chosen: @what is
 * "sites" or "people". The work runs in a thread; the result shows as a
 * toast, or a dialog listing every bad row. */
void          pln_sites_page_import_file      (PlnSitesPage *self,
                                               const char   *what,
                                               GFile        *file);
void          pln_sites_page_export_file      (PlnSitesPage *self,
                                               const char   *what,
                                               GFile        *file);
/* TRUE while an import or export runs. */
gboolean      pln_sites_page_is_busy          (PlnSitesPage *self);

G_END_DECLS
