/* pln-live-page-private.h: the struct of PlnLivePage, shared with its
 * siblings: pln-live-page-cells.c (the points' columns), -totals.c (the
 * totals by district and level and the headline) and -portal.c (the
 * check-in portal switch). */
#pragma once

#include "pln-live-page.h"
#include "pln-portal.h"
#include "pln-widget-util.h"

G_BEGIN_DECLS

#define DEFAULT_PORTAL_PORT 8080

typedef enum
{
  COLUMN_SITE,
  COLUMN_DISTRICT,
  COLUMN_LEVEL,
  COLUMN_LINK,
  COLUMN_EXPECTED,
  COLUMN_REPORTED,
  COLUMN_CONNECTED,
} Column;

struct _PlnLivePage
{
  AdwBin              parent_instance;

  PlnContext         *context;

  GListModel         *events;
  gint64              event_id;
  gint64              event_ends_at;
  gboolean            selecting;

  GListModel         *points;
  GtkCustomFilter    *filter;
  GtkFilterListModel *filtered;
  char              **search_tokens;

  /* Labels of the Connected column now shown, refreshed as time passes. */
  GHashTable         *duration_labels;
  guint               tick_id;
  PlnDebounce         refilter_later;

  GCancellable       *report_cancellable;
  PlnDebounce         totals_later;

  PlnPortal          *portal;
  GCancellable       *resolve_cancellable;

  AdwToastOverlay    *toast_overlay;
  GtkStack           *main_stack;
  GtkDropDown        *events_dropdown;
  GtkToggleButton    *filter_all;
  GtkToggleButton    *filter_waiting;
  GtkToggleButton    *filter_lost;
  GtkSearchEntry     *search_entry;
  GtkSwitch          *portal_switch;
  GtkLabel           *portal_urls;
  GtkInfoBar         *portal_error;
  GtkLabel           *portal_error_label;
  GtkLabel           *headline;
  GtkLabel           *event_subtitle;
  GtkStack           *points_stack;
  GtkColumnView      *points_view;
  AdwStatusPage      *no_results;
  AdwLeaflet         *leaflet;
  GtkListBox         *district_list;
  GtkListBox         *level_list;
};

/* pln-live-page.c */
void     _pln_live_page_show_toast           (PlnLivePage *self,
                                              const char  *message,
                                              guint        timeout);
void     _pln_live_page_notify_portal_running (PlnLivePage *self);

/* pln-live-page-cells.c */
void     _pln_live_page_add_column           (PlnLivePage *self,
                                              Column       column,
                                              const char  *title,
                                              gboolean     expand);
/* Every 30 s: the Connected column counts on. */
gboolean _pln_live_page_tick_cb              (gpointer     user_data);

/* pln-live-page-totals.c */
/* Asks for the totals again, soon (several writes in a row make one). */
void     _pln_live_page_refresh_totals       (PlnLivePage *self);
/* What _pln_live_page_refresh_totals queues (a PlnDebounceFunc). */
void     _pln_live_page_refresh_totals_now   (gpointer     user_data);
void     _pln_live_page_on_store_changed_cb  (PlnStore    *store,
                                              const char  *table,
                                              PlnLivePage *self);

/* pln-live-page-portal.c */
void     _pln_live_page_portal_init          (PlnLivePage *self);
void     _pln_live_page_stop_portal          (PlnLivePage *self);

G_END_DECLS
