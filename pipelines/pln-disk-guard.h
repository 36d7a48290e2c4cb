/* pln-disk-guard.h: watches the free space under a recording folder. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PLN_DISK_GUARD_DEFAULT_FLOOR (G_GUINT64_CONSTANT (500) * 1000 * 1000)

#define PLN_TYPE_DISK_GUARD (pln_disk_guard_get_type ())
G_DECLARE_FINAL_TYPE (PlnDiskGuard, pln_disk_guard, PLN, DISK_GUARD, GObject)

PlnDiskGuard *pln_disk_guard_new         (const char    *dir,
                                          guint64        floor_bytes);
const char   *pln_disk_guard_get_dir     (PlnDiskGuard  *self);
guint64       pln_disk_guard_get_floor   (PlnDiskGuard  *self);
gboolean      pln_disk_guard_query_free  (PlnDiskGuard  *self,
                                          guint64       *free_bytes,
                                          GError       **error);
gboolean      pln_disk_guard_check       (PlnDiskGuard  *self,
                                          GError       **error);
void          pln_disk_guard_start       (PlnDiskGuard  *self);
void          pln_disk_guard_stop        (PlnDiskGuard  *self);

G_END_DECLS
