/* pln-safe-open.c: see pln-safe-open.h. */
#define G_LOG_DOMAIN "plenary-portal"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "pln-safe-open.h"

/* glibc 2.36 has no wrapper for openat2. */
static int
call_openat2 (int         dirfd,
              const char *path)
{
  struct open_how how = {
    .flags = O_RDONLY | O_CLOEXEC | O_NOFOLLOW,
    .resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
  };

  return (int) syscall (SYS_openat2, dirfd, path, &how, sizeof how);
}

/* The fallback: one component at a time, never following a link. */
static int
walk_beneath (int         dirfd,
              const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  int current = dup (dirfd);
  guint n = g_strv_length (parts);

  for (guint i = 0; i < n && current >= 0; i++)
    {
      gboolean last = i + 1 == n;
      int next;

      next = openat (current, parts[i],
                     O_RDONLY | O_CLOEXEC | O_NOFOLLOW | (last ? 0 : O_DIRECTORY));
      close (current);
      current = next;
    }
  return current;
}

static gboolean
path_is_plain (const char *path)
{
  g_auto(GStrv) parts = NULL;

  if (path == NULL || *path == '\0' || *path == '/' || strchr (path, '\\') != NULL)
    return FALSE;
  parts = g_strsplit (path, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i] == '\0' || g_str_equal (parts[i], ".") || g_str_equal (parts[i], ".."))
      return FALSE;
  return TRUE;
}

int
pln_safe_open_beneath (const char *root,
                       const char *relative_path)
{
  struct stat st;
  int dirfd, fd, saved;

  if (!path_is_plain (relative_path))
    {
      errno = EACCES;
      return -1;
    }

  dirfd = open (root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dirfd < 0)
    return -1;

  fd = call_openat2 (dirfd, relative_path);
  if (fd < 0 && (errno == ENOSYS || errno == EPERM || errno == E2BIG))
    fd = walk_beneath (dirfd, relative_path);
  saved = errno;
  close (dirfd);
  if (fd < 0)
    {
      errno = saved;
      return -1;
    }

  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode) || st.st_nlink != 1)
    {
      close (fd);
      errno = EACCES;
      return -1;
    }
  return fd;
}
