/* pln-file-tree.h: removing a folder the services made (a recording that
 * wrote nothing, a packaging job's partial output, a demo take). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void pln_file_tree_remove (const char *path);

G_END_DECLS
