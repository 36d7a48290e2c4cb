/* pln-event-points-tree.h: the network as a tree with a check box per site,
 * for choosing an event's bridge points: province, its units and district
 * centres, their units and commune stations (villages come through the
 * rules). A box is checked when the site and everything beneath it are
 * points, half-checked when some are; checking one asks for the whole
 * branch (::branch-toggled with the site ids and whether they join). */
#pragma once

#include <adwaita.h>

#include "pln-store.h"

G_BEGIN_DECLS

typedef enum
{
  PLN_BRANCH_NONE,    /* nothing of the branch is a point */
  PLN_BRANCH_SOME,    /* some of it is */
  PLN_BRANCH_ALL,     /* the site and everything shown beneath it are */
} PlnBranchState;

#define PLN_TYPE_EVENT_POINTS_TREE (pln_event_points_tree_get_type ())
G_DECLARE_FINAL_TYPE (PlnEventPointsTree, pln_event_points_tree, PLN, EVENT_POINTS_TREE, AdwBin)

PlnEventPointsTree *pln_event_points_tree_new        (void);
/* Reads the network from @store (the roots opened). */
void                pln_event_points_tree_load       (PlnEventPointsTree *self,
                                                      PlnStore           *store);
/* @chosen: the set of site ids (gint64 *) that are points, which the tree
 * keeps a reference to; call _refresh () after it changed. */
void                pln_event_points_tree_set_chosen (PlnEventPointsTree *self,
                                                      GHashTable         *chosen);
void                pln_event_points_tree_refresh    (PlnEventPointsTree *self);
PlnBranchState      pln_event_points_tree_get_state  (PlnEventPointsTree *self,
                                                      gint64              site_id);
/* The ids (gint64) of @site_id and every site the tree shows beneath it. */
GArray             *pln_event_points_tree_get_branch (PlnEventPointsTree *self,
                                                      gint64              site_id);
/* As a click on the site's box: the whole branch joins, or, when all of
 * it is chosen already, leaves. */
void                pln_event_points_tree_toggle     (PlnEventPointsTree *self,
                                                      gint64              site_id);

G_END_DECLS
