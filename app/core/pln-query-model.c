/* pln-query-model.c: see pln-query-model.h.
 *
 * On ::changed for one of its tables (or an external change), the model
 * reloads from an idle callback, so a burst of writes costs one reload.
 * The reload keeps the objects whose id is still there at the same place
 * and updates their properties in place (so bindings and tree rows stay),
 * and emits one items-changed for the range between the unchanged prefix
 * and suffix. */
#define G_LOG_DOMAIN "plenary-store"

#include "config.h"

#include "pln-query-model.h"
#include "pln-store-private.h"

struct _PlnQueryModel
{
  GObject     parent_instance;

  PlnStore   *store;
  PlnRowKind  kind;
  char       *where;
  gint64      int_arg;
  char      **tables;
  GPtrArray  *items;
  gulong      changed_id;
  guint       idle_id;
};

static void pln_query_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PlnQueryModel, pln_query_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      pln_query_model_list_model_init))

static gint64
item_id (gpointer item)
{
  gint64 id = 0;

  g_object_get (item, "id", &id, NULL);
  return id;
}

/* Copies every property of @from that differs onto @to; each setter
 * notifies only on a real change. */
static void
update_in_place (GObject *to,
                 GObject *from)
{
  g_autofree GParamSpec **pspecs = NULL;
  guint n_pspecs;

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (to), &n_pspecs);
  g_object_freeze_notify (to);
  for (guint i = 0; i < n_pspecs; i++)
    {
      g_auto(GValue) a = G_VALUE_INIT;
      g_auto(GValue) b = G_VALUE_INIT;

      if ((pspecs[i]->flags & G_PARAM_READWRITE) != G_PARAM_READWRITE)
        continue;
      g_value_init (&a, pspecs[i]->value_type);
      g_value_init (&b, pspecs[i]->value_type);
      g_object_get_property (to, pspecs[i]->name, &a);
      g_object_get_property (from, pspecs[i]->name, &b);
      if (g_param_values_cmp (pspecs[i], &a, &b) != 0)
        g_object_set_property (to, pspecs[i]->name, &b);
    }
  g_object_thaw_notify (to);
}

static gboolean
on_idle_refresh_cb (gpointer data)
{
  PlnQueryModel *self = data;

  self->idle_id = 0;
  _pln_query_model_refresh (self);
  return G_SOURCE_REMOVE;
}

static void
on_store_changed_cb (PlnStore   *store,
                     const char *table,
                     gpointer    data)
{
  PlnQueryModel *self = data;

  if (table != NULL && !g_str_equal (table, PLN_STORE_CHANGED_EXTERNAL) &&
      !g_strv_contains ((const char * const *) self->tables, table))
    return;

  if (self->idle_id == 0)
    self->idle_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, on_idle_refresh_cb,
                                     g_object_ref (self), g_object_unref);
}

static GType
pln_query_model_get_item_type (GListModel *model)
{
  return _pln_row_kind_get_gtype (PLN_QUERY_MODEL (model)->kind);
}

static guint
pln_query_model_get_n_items (GListModel *model)
{
  return PLN_QUERY_MODEL (model)->items->len;
}

static gpointer
pln_query_model_get_item (GListModel *model,
                          guint       position)
{
  PlnQueryModel *self = PLN_QUERY_MODEL (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
pln_query_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = pln_query_model_get_item_type;
  iface->get_n_items = pln_query_model_get_n_items;
  iface->get_item = pln_query_model_get_item;
}

static void
pln_query_model_dispose (GObject *object)
{
  PlnQueryModel *self = (PlnQueryModel *)object;

  g_clear_handle_id (&self->idle_id, g_source_remove);
  if (self->store != NULL)
    {
      g_clear_signal_handler (&self->changed_id, self->store);
      pln_store_release_watch (self->store);
      g_clear_object (&self->store);
    }

  G_OBJECT_CLASS (pln_query_model_parent_class)->dispose (object);
}

static void
pln_query_model_finalize (GObject *object)
{
  PlnQueryModel *self = (PlnQueryModel *)object;

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->tables, g_strfreev);
  g_clear_pointer (&self->where, g_free);

  G_OBJECT_CLASS (pln_query_model_parent_class)->finalize (object);
}

static void
pln_query_model_class_init (PlnQueryModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pln_query_model_dispose;
  object_class->finalize = pln_query_model_finalize;
}

static void
pln_query_model_init (PlnQueryModel *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

PlnQueryModel *
_pln_query_model_new (PlnStore           *store,
                      PlnRowKind          kind,
                      const char         *where,
                      gint64              int_arg,
                      const char * const *tables)
{
  PlnQueryModel *self = g_object_new (PLN_TYPE_QUERY_MODEL, NULL);

  self->store = g_object_ref (store);
  self->kind = kind;
  self->where = g_strdup (where);
  self->int_arg = int_arg;
  self->tables = g_strdupv ((char **) tables);
  self->changed_id = g_signal_connect (store, "changed", G_CALLBACK (on_store_changed_cb), self);
  pln_store_hold_watch (store);

  _pln_query_model_refresh (self);
  return self;
}

void
_pln_query_model_refresh (PlnQueryModel *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) fresh = NULL;
  g_autoptr(GPtrArray) old = NULL;
  guint prefix = 0, suffix = 0;
  guint n_old, n_new;

  g_return_if_fail (PLN_IS_QUERY_MODEL (self));

  if (self->store == NULL)
    return;

  fresh = _pln_rows_select (_pln_store_get_db (self->store), self->kind,
                            self->where, self->int_arg, NULL, &error);
  if (fresh == NULL)
    {
      g_warning ("Cannot refresh a list: %s", error->message);
      return;
    }

  n_old = self->items->len;
  n_new = fresh->len;

  while (prefix < n_old && prefix < n_new &&
         item_id (g_ptr_array_index (self->items, prefix)) == item_id (g_ptr_array_index (fresh, prefix)))
    prefix++;
  while (suffix < n_old - prefix && suffix < n_new - prefix &&
         item_id (g_ptr_array_index (self->items, n_old - 1 - suffix)) ==
         item_id (g_ptr_array_index (fresh, n_new - 1 - suffix)))
    suffix++;

  /* Keep the objects of the prefix and suffix, with fresh values. */
  for (guint i = 0; i < prefix; i++)
    {
      GObject *kept = g_ptr_array_index (self->items, i);
      GObject *made = g_ptr_array_index (fresh, i);

      update_in_place (kept, made);
      g_ptr_array_index (fresh, i) = g_object_ref (kept);
      g_object_unref (made);
    }
  for (guint i = 0; i < suffix; i++)
    {
      GObject *kept = g_ptr_array_index (self->items, n_old - 1 - i);
      GObject *made = g_ptr_array_index (fresh, n_new - 1 - i);

      update_in_place (kept, made);
      g_ptr_array_index (fresh, n_new - 1 - i) = g_object_ref (kept);
      g_object_unref (made);
    }

  old = g_steal_pointer (&self->items);
  self->items = g_steal_pointer (&fresh);

  if (n_old - prefix - suffix > 0 || n_new - prefix - suffix > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix,
                                n_old - prefix - suffix, n_new - prefix - suffix);
}
