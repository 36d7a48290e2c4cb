/* pln-list-find.c: see pln-list-find.h. */
#define G_LOG_DOMAIN "plenary-store"

#include "config.h"

#include "pln-list-find.h"

gboolean
pln_list_find_id (GListModel *model,
                  gint64      id,
                  guint      *position)
{
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (model), FALSE);

  n = id != 0 ? g_list_model_get_n_items (model) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);
      gint64 item_id = 0;

      g_object_get (item, "id", &item_id, NULL);
      if (item_id == id)
        {
          if (position != NULL)
            *position = i;
          return TRUE;
        }
    }
  if (position != NULL)
    *position = G_MAXUINT;
  return FALSE;
}
