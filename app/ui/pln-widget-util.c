/* pln-widget-util.c: see pln-widget-util.h. */
#define G_LOG_DOMAIN "plenary-ui"

#include "config.h"

#include <string.h>

#include "pln-context.h"
#include "pln-text-fold.h"
#include "pln-widget-util.h"

/* ---- The "context" property ---------------------------------------------- */

enum {
  PROP_0,
  PROP_CONTEXT,
};

/* Where each class keeps its context, by the type that installed it. */
static GQuark
context_offset_quark (void)
{
  static GQuark quark;

  if (quark == 0)
    quark = g_quark_from_static_string ("pln-context-offset");
  return quark;
}

static PlnContext **
context_member (GObject    *object,
                GParamSpec *pspec)
{
  gsize offset = GPOINTER_TO_SIZE (g_type_get_qdata (pspec->owner_type, context_offset_quark ()));

  return &G_STRUCT_MEMBER (PlnContext *, object, offset);
}

static void
context_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, *context_member (object, pspec));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
context_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_CONTEXT:
      *context_member (object, pspec) = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

GParamSpec *
pln_context_param_spec_new (void)
{
  return g_param_spec_object ("context", NULL, NULL, PLN_TYPE_CONTEXT,
                              G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
}

void
pln_widget_class_install_context (GObjectClass *object_class,
                                  gsize         offset)
{
  g_return_if_fail (G_IS_OBJECT_CLASS (object_class));
  g_return_if_fail (offset >= sizeof (GObject));

  g_type_set_qdata (G_OBJECT_CLASS_TYPE (object_class), context_offset_quark (), GSIZE_TO_POINTER (offset));
  object_class->get_property = context_get_property;
  object_class->set_property = context_set_property;
  g_object_class_install_property (object_class, PROP_CONTEXT, pln_context_param_spec_new ());
}

/* ---- Text ---------------------------------------------------------------- */

char *
pln_group_digits (gint64 value)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, value < 0 ? -value : value);
  GString *out = g_string_new (value < 0 ? "-" : "");
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (out, "\u00a0");
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

char **
pln_search_tokens_new (const char *text)
{
  g_autofree char *folded = pln_text_fold (text);
  g_auto(GStrv) tokens = g_strsplit_set (g_strstrip (folded), " \t", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n = 0;

  for (guint i = 0; tokens[i] != NULL; i++)
    if (*tokens[i] != '\0')
      {
        g_strv_builder_add (builder, tokens[i]);
        n++;
      }
  return n > 0 ? g_strv_builder_end (builder) : NULL;
}

/* ---- Debounce ------------------------------------------------------------ */

static gboolean
on_debounce_cb (gpointer user_data)
{
  PlnDebounce *self = user_data;

  self->source_id = 0;
  self->func (self->user_data);
  return G_SOURCE_REMOVE;
}

void
pln_debounce_init_full (PlnDebounce     *self,
                        int              priority,
                        guint            delay_ms,
                        PlnDebounceFunc  func,
                        gpointer         user_data)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (func != NULL);

  self->source_id = 0;
  self->priority = priority;
  self->delay_ms = delay_ms;
  self->func = func;
  self->user_data = user_data;
}

void
pln_debounce_init (PlnDebounce     *self,
                   guint            delay_ms,
                   PlnDebounceFunc  func,
                   gpointer         user_data)
{
  pln_debounce_init_full (self, delay_ms == 0 ? G_PRIORITY_DEFAULT_IDLE : G_PRIORITY_DEFAULT,
                          delay_ms, func, user_data);
}

void
pln_debounce_queue (PlnDebounce *self)
{
  g_return_if_fail (self != NULL && self->func != NULL);

  if (self->source_id != 0)
    return;
  if (self->delay_ms == 0)
    self->source_id = g_idle_add_full (self->priority, on_debounce_cb, self, NULL);
  else if (self->delay_ms % 1000 == 0)
    self->source_id = g_timeout_add_seconds_full (self->priority, self->delay_ms / 1000, on_debounce_cb, self, NULL);
  else
    self->source_id = g_timeout_add_full (self->priority, self->delay_ms, on_debounce_cb, self, NULL);
}

void
pln_debounce_restart (PlnDebounce *self)
{
  pln_debounce_cancel (self);
  pln_debounce_queue (self);
}

void
pln_debounce_cancel (PlnDebounce *self)
{
  g_return_if_fail (self != NULL);

  g_clear_handle_id (&self->source_id, g_source_remove);
}

gboolean
pln_debounce_is_queued (const PlnDebounce *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->source_id != 0;
}

/* ---- Objects updated in place -------------------------------------------- */

const char * const pln_event_label_properties[] = { "title", "starts-at", "ends-at", NULL };

void
pln_list_item_follow (GtkListItem         *list_item,
                      PlnListItemDrawFunc  draw,
                      const char * const  *properties)
{
  GObject *item;

  g_return_if_fail (GTK_IS_LIST_ITEM (list_item));
  g_return_if_fail (draw != NULL);
  g_return_if_fail (properties != NULL);

  item = gtk_list_item_get_item (list_item);
  if (item == NULL)
    return;
  draw (item, NULL, list_item);
  for (guint i = 0; properties[i] != NULL; i++)
    {
      g_autofree char *signal = g_strconcat ("notify::", properties[i], NULL);

      g_signal_connect_object (item, signal, G_CALLBACK (draw), list_item, 0);
    }
}

void
pln_list_item_unfollow (GtkListItem         *list_item,
                        PlnListItemDrawFunc  draw)
{
  GObject *item;

  g_return_if_fail (GTK_IS_LIST_ITEM (list_item));

  item = gtk_list_item_get_item (list_item);
  if (item != NULL)
    g_signal_handlers_disconnect_by_func (item, draw, list_item);
}

static void
on_watched_item_notify_cb (GObject     *item,
                           GParamSpec  *pspec,
                           PlnDebounce *redraw)
{
  pln_debounce_queue (redraw);
}

void
pln_watch_items (GPtrArray          **watched,
                 GListModel          *model,
                 PlnDebounce         *redraw,
                 const char * const  *properties)
{
  g_return_if_fail (watched != NULL);
  g_return_if_fail (redraw != NULL);

  if (*watched != NULL)
    {
      for (guint i = 0; i < (*watched)->len; i++)
        g_signal_handlers_disconnect_by_func (g_ptr_array_index (*watched, i), on_watched_item_notify_cb, redraw);
      g_clear_pointer (watched, g_ptr_array_unref);
    }
  if (model == NULL)
    return;

  *watched = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      GObject *item = g_list_model_get_item (model, i);

      for (guint j = 0; properties != NULL && properties[j] != NULL; j++)
        {
          g_autofree char *signal = g_strconcat ("notify::", properties[j], NULL);

          g_signal_connect (item, signal, G_CALLBACK (on_watched_item_notify_cb), redraw);
        }
      g_ptr_array_add (*watched, item);
    }
}
