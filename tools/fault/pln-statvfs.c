/* pln-statvfs.c: the free space of a file system, sampled often, for
 * tools/fault/disk-full.sh. Reads statvfs(2) every INTERVAL_MS (20 by
 * default) and prints "EPOCH_MS KB" (the space available to an ordinary
 * user, in kB) each time it changes, flushed at once, until killed. One
 * process for the whole run: spawning df per sample lagged by seconds on
 * a loaded machine.
 *   pln-statvfs PATH [INTERVAL_MS] */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <time.h>

static long long
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_REALTIME, &ts);
  return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
main (int    argc,
      char **argv)
{
  long interval_ms = 20;
  unsigned long long last = (unsigned long long) -1;
  struct timespec pause;

  if (argc < 2 || argc > 3)
    {
      fprintf (stderr, "usage: %s PATH [INTERVAL_MS]\n", argv[0]);
      return 2;
    }
  if (argc == 3 && (interval_ms = strtol (argv[2], NULL, 10)) <= 0)
    {
      fprintf (stderr, "%s: the interval must be a number of milliseconds, not “%s”\n", argv[0], argv[2]);
      return 2;
    }
  pause.tv_sec = interval_ms / 1000;
  pause.tv_nsec = (interval_ms % 1000) * 1000000L;

  for (;;)
    {
      struct statvfs s;
      unsigned long long kb;

      if (statvfs (argv[1], &s) != 0)
        {
          fprintf (stderr, "%s: cannot read the free space of %s: %s\n", argv[0], argv[1], strerror (errno));
          return 1;
        }
      kb = (unsigned long long) s.f_bavail * s.f_frsize / 1024;
      if (kb != last)
        {
          printf ("%lld %llu\n", now_ms (), kb);
          fflush (stdout);
          last = kb;
        }
      nanosleep (&pause, NULL);
    }
}
