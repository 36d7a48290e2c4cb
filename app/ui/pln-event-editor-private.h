/* pln-event-editor-private.h: the struct of PlnEventEditor, shared with
 * pln-event-editor-rules.c. */
#pragma once

#include "pln-event-agenda.h"
#include "pln-event-editor.h"
#include "pln-event-points-tree.h"

G_BEGIN_DECLS

struct _PlnEventEditor
{
  AdwWindow         parent_instance;

  PlnContext       *context;
  gint64            event_id;
  PlnEvent         *event;          /* the stored event when editing */

  GListStore       *sites;          /* host candidates: placeholder + province, units, districts */
  GListStore       *points;         /* PlnBridgePoint, the working list */
  GHashTable       *point_by_site;  /* site id (gint64 *) → PlnBridgePoint (borrowed) */
  gint64            host_site_id;

  GCancellable     *cancellable;
  gboolean          saving;

  GtkLabel         *error_label;
  GtkWidget        *form;
  GtkSpinner       *save_spinner;
  GtkLabel         *save_status;
  AdwComboRow      *kind_row;
  AdwEntryRow      *title_row;
  AdwEntryRow      *start_row;
  AdwEntryRow      *end_row;
  AdwComboRow      *host_row;
  GtkTextView      *description_view;
  PlnEventAgenda   *agenda;
  GtkSpinButton    *expected_spin;
  GtkMenuButton    *communes_button;
  GtkMenuButton    *under_button;
  GtkBox           *district_checks;
  GtkListBox       *under_list;
  AdwEntryRow      *rule_row;
  GtkLabel         *rule_preview;
  GtkLabel         *points_summary;
  GtkStack         *points_stack;
  GtkListView      *points_view;
  PlnEventPointsTree *points_tree;
};

/* pln-event-editor.c */
PlnStore       *_pln_event_editor_get_store          (PlnEventEditor *self);
/* Shows @message above the form, or hides it (NULL). */
void            _pln_event_editor_show_error         (PlnEventEditor *self,
                                                      const char     *message);
/* The count of points and expected delegates, after a change of points. */
void            _pln_event_editor_update_summary     (PlnEventEditor *self);
/* A new (unsaved) point for @site expecting @expected people. */
PlnBridgePoint *_pln_event_editor_point_for_site     (PlnEventEditor *self,
                                                      PlnSite        *site,
                                                      int             expected);

/* pln-event-editor-rules.c */
/* The host candidates (province, units, districts) and the rule menus. */
void            _pln_event_editor_fill_site_lists    (PlnEventEditor *self);
/* The typed rule's live count, again. */
void            _pln_event_editor_on_rule_changed_cb (PlnEventEditor *self);
void            _pln_event_editor_class_rules_init   (PlnEventEditorClass *klass);

G_END_DECLS
