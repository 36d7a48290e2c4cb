/* pln-file-tree.c: see pln-file-tree.h. */
#include "config.h"

#include <glib/gstdio.h>

#include "pln-file-tree.h"

/* Removes PATH and everything below it, best effort: what cannot be removed
 * stays. A symbolic link is removed, never followed, so a link inside a
 * recording folder cannot lead the removal out of it. */
void
pln_file_tree_remove (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          pln_file_tree_remove (child);
        else
          g_remove (child);
      }
  g_rmdir (path);
}
