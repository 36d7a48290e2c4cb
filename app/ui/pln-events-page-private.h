/* pln-events-page-private.h: the struct of PlnEventsPage, shared with
 * pln-events-page-actions.c. */
#pragma once

#include "pln-events-month.h"
#include "pln-events-page.h"

G_BEGIN_DECLS

struct _PlnEventsPage
{
  AdwBin               parent_instance;

  PlnContext          *context;

  GListModel          *events;        /* the store's, by start */
  GtkCustomFilter     *filter;
  GtkFilterListModel  *filtered;
  GtkCustomSorter     *sorter;
  GtkSortListModel    *sorted;
  GtkSingleSelection  *selection;
  GtkCustomFilter     *search_filter;  /* the month view's: the search only */
  GtkFilterListModel  *searched;
  gboolean             show_past;
  gint64               pending_select;  /* saved or copied, not listed yet */
  char               **search_tokens;
  GtkFileChooserNative *chooser;
  AdwToast            *toast;

  AdwToastOverlay     *toast_overlay;
  GtkStack            *main_stack;
  GtkStack            *list_stack;
  GtkToggleButton     *list_button;
  GtkToggleButton     *month_button;
  GtkWidget           *toolbar;
  GtkWidget           *period_box;
  GtkStack            *views_stack;
  PlnEventsMonth      *month_view;
  GtkToggleButton     *upcoming_button;
  GtkToggleButton     *past_button;
  GtkSearchEntry      *search_entry;
  GtkListView         *events_view;
  AdwStatusPage       *no_results;
};

void     _pln_events_page_class_actions_init (PlnEventsPageClass *klass);
void     _pln_events_page_update_actions     (PlnEventsPage      *self);
void     _pln_events_page_actions_dispose    (PlnEventsPage      *self);
void     _pln_events_page_show_toast         (PlnEventsPage      *self,
                                              const char         *message);
/* Selects @id now, or once the store's model lists it. */
void     _pln_events_page_select_soon        (PlnEventsPage      *self,
                                              gint64              id);
/* Whether @event is over at @now (Unix seconds). */
gboolean _pln_event_is_past                  (PlnEvent           *event,
                                              gint64              now);

G_END_DECLS
