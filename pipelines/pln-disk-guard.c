/* pln-disk-guard.c: watches the free space under a recording folder.
 *
 * It refuses a start below the floor, and while started it looks once a
 * second and emits ::low when the free space falls under the floor, so the
 * recorder can close its segment cleanly before the disk is full.
 */
#define G_LOG_DOMAIN "plenary-disk-guard"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pln-disk-guard.h"
#include "pln-recorder-error.h"

struct _PlnDiskGuard
{
  GObject  parent_instance;

  char    *dir;
  guint64  floor;
  guint    timeout_id;
  gboolean fired;
};

G_DEFINE_FINAL_TYPE (PlnDiskGuard, pln_disk_guard, G_TYPE_OBJECT)

enum {
  LOW,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
on_timeout_cb (gpointer user_data)
{
  PlnDiskGuard *self = user_data;
  guint64 free_bytes = 0;

  if (!pln_disk_guard_query_free (self, &free_bytes, NULL))
    return G_SOURCE_CONTINUE;

  if (free_bytes < self->floor)
    {
      if (!self->fired)
        {
          self->fired = TRUE;
          g_signal_emit (self, signals[LOW], 0, free_bytes);
        }
    }
  else
    self->fired = FALSE;

  return G_SOURCE_CONTINUE;
}

static void
pln_disk_guard_finalize (GObject *object)
{
  PlnDiskGuard *self = PLN_DISK_GUARD (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_free (self->dir);

  G_OBJECT_CLASS (pln_disk_guard_parent_class)->finalize (object);
}

static void
pln_disk_guard_class_init (PlnDiskGuardClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pln_disk_guard_finalize;

  /**
   * PlnDiskGuard::low:
   * @free_bytes: what is left
   *
   * The free space fell below the floor. Emitted once per fall.
   */
  signals[LOW] = g_signal_new ("low", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                               0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT64);
}

static void
pln_disk_guard_init (PlnDiskGuard *self)
{
}

PlnDiskGuard *
pln_disk_guard_new (const char *dir,
                    guint64     floor_bytes)
{
  PlnDiskGuard *self;

  g_return_val_if_fail (dir != NULL, NULL);

  self = g_object_new (PLN_TYPE_DISK_GUARD, NULL);
  self->dir = g_strdup (dir);
  self->floor = floor_bytes;
  return self;
}

const char *
pln_disk_guard_get_dir (PlnDiskGuard *self)
{
  g_return_val_if_fail (PLN_IS_DISK_GUARD (self), NULL);
  return self->dir;
}

guint64
pln_disk_guard_get_floor (PlnDiskGuard *self)
{
  g_return_val_if_fail (PLN_IS_DISK_GUARD (self), 0);
  return self->floor;
}

gboolean
pln_disk_guard_query_free (PlnDiskGuard  *self,
                           guint64       *free_bytes,
                           GError       **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;

  g_return_val_if_fail (PLN_IS_DISK_GUARD (self), FALSE);

  file = g_file_new_for_path (self->dir);
  info = g_file_query_filesystem_info (file, G_FILE_ATTRIBUTE_FILESYSTEM_FREE, NULL, error);
  if (info == NULL)
    return FALSE;
  *free_bytes = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE);
  return TRUE;
}

/**
 * pln_disk_guard_check:
 *
 * Returns: %FALSE with %PLN_RECORDER_ERROR_DISK_FULL when less than the
 * floor is free, or with %PLN_RECORDER_ERROR_FOLDER when the folder's disk
 * cannot be asked.
 */
gboolean
pln_disk_guard_check (PlnDiskGuard  *self,
                      GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  guint64 free_bytes = 0;

  g_return_val_if_fail (PLN_IS_DISK_GUARD (self), FALSE);

  if (!pln_disk_guard_query_free (self, &free_bytes, &local_error))
    {
      g_set_error (error, PLN_RECORDER_ERROR, PLN_RECORDER_ERROR_FOLDER,
                   _("Cannot read the free space of the disk holding %s: %s"),
                   self->dir, local_error->message);
      return FALSE;
    }
  if (free_bytes < self->floor)
    {
      g_autofree char *have = g_format_size (free_bytes);
      g_autofree char *need = g_format_size (self->floor);

      g_set_error (error, PLN_RECORDER_ERROR, PLN_RECORDER_ERROR_DISK_FULL,
                   _("The disk holding %s has only %s free; recording needs at least %s. Free space or choose another folder."),
                   self->dir, have, need);
      return FALSE;
    }
  return TRUE;
}

void
pln_disk_guard_start (PlnDiskGuard *self)
{
  g_return_if_fail (PLN_IS_DISK_GUARD (self));

  if (self->timeout_id != 0)
    return;
  self->fired = FALSE;
  self->timeout_id = g_timeout_add_seconds (1, on_timeout_cb, self);
}

void
pln_disk_guard_stop (PlnDiskGuard *self)
{
  g_return_if_fail (PLN_IS_DISK_GUARD (self));
  g_clear_handle_id (&self->timeout_id, g_source_remove);
}
