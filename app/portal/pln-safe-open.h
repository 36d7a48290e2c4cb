/* pln-safe-open.h: opening a file of the library for the portal, so that no
 * request ever reads outside the library folder. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Opens @relative_path read-only beneath @root: no "..", no absolute path,
 * no symbolic link anywhere on the way, and the result must be a regular
 * file with a single link (a hard link planted in the library cannot lead
 * to a file outside it). Uses openat2 (RESOLVE_BENEATH |
 * RESOLVE_NO_SYMLINKS) and, where the kernel refuses that call, walks the
 * path one component at a time with O_NOFOLLOW.
 * Returns a file descriptor, or -1 with errno set. */
int pln_safe_open_beneath (const char *root,
                           const char *relative_path);

G_END_DECLS
