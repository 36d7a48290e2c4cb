/* pln-widget-util.h: what the pages and dialogs share that is not a
 * widget: the "context" property they are all built with, work queued
 * once for many requests (a reload after a burst of store changes, a
 * refilter after link changes, a recount), and views that follow objects
 * the store's models update in place. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* ---- The "context" property ---------------------------------------------- */

/* The construct-only "context" property (a PlnContext) every page and
 * dialog takes. */
GParamSpec *pln_context_param_spec_new     (void);

/* For a class whose only property is "context": installs it, with
 * get_property and set_property that keep a reference in the instance's
 * PlnContext pointer at @offset (G_STRUCT_OFFSET (PlnThing, context));
 * dispose still clears it. */
void        pln_widget_class_install_context (GObjectClass *object_class,
                                              gsize         offset);

/* ---- Text ---------------------------------------------------------------- */

/* "1 000": digits grouped by threes with a no-break space, as the seed
 * documents write head-counts. */
char       *pln_group_digits               (gint64        value);

/* What a person typed in a search entry, folded (pln_text_fold) and split
 * into words; NULL when there is no word. */
char      **pln_search_tokens_new          (const char   *text);

/* ---- Debounce ------------------------------------------------------------ */

typedef void (*PlnDebounceFunc) (gpointer user_data);

/* Kept in the instance that owns the work; cancel it in dispose. */
typedef struct
{
  guint           source_id;
  guint           delay_ms;
  int             priority;
  PlnDebounceFunc func;
  gpointer        user_data;
} PlnDebounce;

/* @delay_ms 0: when the main loop is idle; a whole number of seconds: a
 * g_timeout_add_seconds() timer (woken with the other second timers);
 * otherwise a timeout of that many milliseconds. */
void     pln_debounce_init      (PlnDebounce     *self,
                                 guint            delay_ms,
                                 PlnDebounceFunc  func,
                                 gpointer         user_data);
/* The same with the source's priority. */
void     pln_debounce_init_full (PlnDebounce     *self,
                                 int              priority,
                                 guint            delay_ms,
                                 PlnDebounceFunc  func,
                                 gpointer         user_data);
/* Runs func once after the delay; a request while one is queued joins it. */
void     pln_debounce_queue     (PlnDebounce     *self);
/* Runs func once after the delay from now: a request while one is queued
 * puts it off (for typing). */
void     pln_debounce_restart   (PlnDebounce     *self);
void     pln_debounce_cancel    (PlnDebounce     *self);
gboolean pln_debounce_is_queued (const PlnDebounce *self);

/* ---- Objects updated in place -------------------------------------------- */

/* The store's models (PlnQueryModel) keep an object whose row is still
 * there and update its properties in place: it notifies, and the model
 * emits no items-changed. A view that drew it once would keep old text. */

/* A handler of the item's "notify" that draws @list_item (@pspec is NULL
 * for the first drawing). */
typedef void (*PlnListItemDrawFunc) (GObject     *item,
                                     GParamSpec  *pspec,
                                     GtkListItem *list_item);

/* For a factory's "bind": draws @list_item now, and again whenever one of
 * the @properties (NULL-terminated) of its item notifies, until
 * pln_list_item_unfollow () in "unbind". */
void     pln_list_item_follow   (GtkListItem         *list_item,
                                 PlnListItemDrawFunc  draw,
                                 const char * const  *properties);
void     pln_list_item_unfollow (GtkListItem         *list_item,
                                 PlnListItemDrawFunc  draw);

/* For a view that draws a whole model at once: *@watched (a GPtrArray
 * the caller keeps, NULL at first) becomes the items of @model, each of
 * which queues @redraw when one of its @properties (NULL-terminated)
 * notifies; the items watched before are let go. Call it after each
 * drawing, so new items are watched too; with @model NULL (in dispose) it
 * only lets go. */
void     pln_watch_items        (GPtrArray          **watched,
                                 GListModel          *model,
                                 PlnDebounce         *redraw,
                                 const char * const  *properties);

/* What a line naming an event shows: its title and its times. */
extern const char * const pln_event_label_properties[];

G_END_DECLS
