/* pln-event-save.c: see pln-event-save.h. */
#define G_LOG_DOMAIN "plenary-event-save"

#include "config.h"

#include <glib/gi18n.h>

#include "pln-event-save.h"
#include "pln-store.h"

typedef struct
{
  char     *db_path;
  PlnEvent *event;
  GArray   *points;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_free (data->db_path);
  g_clear_object (&data->event);
  g_clear_pointer (&data->points, g_array_unref);
  g_free (data);
}

static gboolean
save_points (PlnStore  *store,
             gint64     event_id,
             GArray    *points,
             GError   **error)
{
  g_autoptr(GListModel) stored = pln_store_get_points_model (store, event_id);
  g_autoptr(GHashTable) wanted = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) stored_by_site = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                                        (GDestroyNotify) g_array_unref);
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < points->len; i++)
    g_hash_table_add (wanted, &g_array_index (points, PlnPointChoice, i).site_id);

  /* Removed points go; the others are remembered by site. */
  for (guint i = 0; i < g_list_model_get_n_items (stored); i++)
    {
      g_autoptr(PlnBridgePoint) point = g_list_model_get_item (stored, i);
      gint64 site_id = pln_bridge_point_get_site_id (point);

      if (!g_hash_table_contains (wanted, &site_id))
        {
          if (!pln_store_delete_point (store, pln_bridge_point_get_id (point), error))
            return FALSE;
          continue;
        }
      g_hash_table_insert (stored_by_site, g_memdup2 (&site_id, sizeof site_id), g_object_ref (point));
    }

  /* New points, one transaction per expected head-count. */
  for (guint i = 0; i < points->len; i++)
    {
      PlnPointChoice *choice = &g_array_index (points, PlnPointChoice, i);
      GArray *ids;

      if (g_hash_table_contains (stored_by_site, &choice->site_id))
        continue;
      ids = g_hash_table_lookup (groups, GINT_TO_POINTER (choice->expected));
      if (ids == NULL)
        {
          ids = g_array_new (FALSE, FALSE, sizeof (gint64));
          g_hash_table_insert (groups, GINT_TO_POINTER (choice->expected), ids);
        }
      g_array_append_val (ids, choice->site_id);
    }
  g_hash_table_iter_init (&iter, groups);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (pln_store_add_points (store, event_id, value, GPOINTER_TO_INT (key), error) < 0)
      return FALSE;

  /* Head-counts changed on stored points (the host's point, which the
   * store adds with none, among them). */
  for (guint i = 0; i < points->len; i++)
    {
      PlnPointChoice *choice = &g_array_index (points, PlnPointChoice, i);
      PlnBridgePoint *old = g_hash_table_lookup (stored_by_site, &choice->site_id);
      g_autoptr(PlnBridgePoint) fresh = NULL;

      if (old == NULL && !choice->is_host)
        continue;
      if (old == NULL)
        old = fresh = pln_store_find_point (store, event_id, choice->site_id, NULL);
      if (old != NULL &&
          pln_bridge_point_get_expected_count (old) != choice->expected &&
          !pln_store_set_point_expected (store, pln_bridge_point_get_id (old), choice->expected, error))
        return FALSE;
    }
  return TRUE;
}

static void
save_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveData *data = task_data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(PlnStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  if (g_task_return_error_if_cancelled (task))
    return;

  /* The store's models watch for other writers on the thread-default
   * context: here one of the thread's own that never runs. */
  g_main_context_push_thread_default (context);
  store = pln_store_open (data->db_path, &error);
  if (store != NULL)
    {
      if (pln_event_get_id (data->event) == 0)
        id = pln_store_add_event (store, data->event, &error);
      else if (pln_store_update_event (store, data->event, &error))
        id = pln_event_get_id (data->event);
      if (id != 0 && !save_points (store, id, data->points, &error))
        id = 0;
    }
  g_clear_object (&store);
  g_main_context_pop_thread_default (context);

  if (id == 0)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, id);
}

void
pln_event_save_async (const char          *db_path,
                      PlnEvent            *event,
                      GArray              *points,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SaveData *data;

  g_return_if_fail (db_path != NULL);
  g_return_if_fail (PLN_IS_EVENT (event));
  g_return_if_fail (points != NULL);

  data = g_new0 (SaveData, 1);
  data->db_path = g_strdup (db_path);
  data->event = event;
  data->points = points;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pln_event_save_async);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);
  g_task_run_in_thread (task, save_thread);
}

gint64
pln_event_save_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), 0);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pln_event_save_async, 0);

  return g_task_propagate_int (G_TASK (result), error);
}
