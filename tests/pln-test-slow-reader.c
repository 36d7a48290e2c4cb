/* pln-test-slow-reader.c: clients that do not read their answer, for
 * test-portal.sh.
 *
 *   pln-test-slow-reader PORT PATH [PAUSE_SECONDS [READ_BYTES]]
 *
 * Connects to 127.0.0.1:PORT with a small receive buffer (8 kB) and asks
 * for PATH. Without READ_BYTES: reads nothing for PAUSE_SECONDS (6), then
 * all it can, and prints how the connection ended ("reset" or "closed")
 * and the bytes it read: a viewer whose player stopped reading. With
 * READ_BYTES: shuts down its sending side once the request is out, waits
 * PAUSE_SECONDS, reads at most READ_BYTES and closes with the rest of the
 * answer unread (prints "read N"): a client that goes before its answer
 * is read, as many a phone does. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int
main (int    argc,
      char **argv)
{
  struct sockaddr_in address = { .sin_family = AF_INET };
  int buffer = 8192, fd;
  char request[1024], data[65536];
  long long total = 0, limit = argc > 4 ? atoll (argv[4]) : -1;
  const char *end = "closed";
  ssize_t n;

  if (argc < 3)
    {
      fprintf (stderr, "usage: pln-test-slow-reader PORT PATH [PAUSE_SECONDS [READ_BYTES]]\n");
      return 2;
    }
  address.sin_port = htons ((unsigned short) atoi (argv[1]));
  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  fd = socket (AF_INET, SOCK_STREAM, 0);
  /* before connect, so the window the server sees is small from the start */
  setsockopt (fd, SOL_SOCKET, SO_RCVBUF, &buffer, sizeof buffer);
  if (fd < 0 || connect (fd, (struct sockaddr *) &address, sizeof address) != 0)
    {
      fprintf (stderr, "cannot connect to 127.0.0.1:%s: %s\n", argv[1], strerror (errno));
      return 1;
    }
  snprintf (request, sizeof request, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", argv[2]);
  if (send (fd, request, strlen (request), MSG_NOSIGNAL) != (ssize_t) strlen (request))
    {
      fprintf (stderr, "cannot send the request: %s\n", strerror (errno));
      return 1;
    }
  if (limit >= 0)
    shutdown (fd, SHUT_WR);
  sleep (argc > 3 ? (unsigned) atoi (argv[3]) : 6);
  while ((limit < 0 || total < limit) &&
         (n = recv (fd, data, limit < 0 || limit - total > (long long) sizeof data ? sizeof data : (size_t) (limit - total), 0)) != 0)
    {
      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          end = errno == ECONNRESET ? "reset" : strerror (errno);
          break;
        }
      total += n;
    }
  if (limit >= 0)
    printf ("read %lld\n", total);
  else
    printf ("%s %lld\n", end, total);
  close (fd);
  return 0;
}
