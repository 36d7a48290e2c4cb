/* pln-relay.c: a loopback relay between a source and the recorder that
 * cuts the stream on a schedule, for tools/fault/relay-cut.sh and soak.sh.
 *
 *   pln-relay tcp|udp LISTEN_PORT TARGET_PORT [--cut-at S --cut-for S]
 *             [--flap-every S --flap-for S] [--go-file FILE] [--log FILE]
 *
 * tcp: accepts on 127.0.0.1:LISTEN_PORT, connects each client to
 * 127.0.0.1:TARGET_PORT and copies both ways. During a cut every open
 * connection is closed and new ones are closed as soon as they arrive (the
 * link is down).
 * udp: forwards datagrams from the peer that last sent to LISTEN_PORT to
 * TARGET_PORT and the answers back. During a cut every datagram is dropped.
 *
 * --cut-at/--cut-for: one cut, S seconds after start, lasting S seconds.
 * --go-file FILE: the schedule's clock starts when FILE exists (the script
 * creates it once the recordings run); until then nothing is cut.
 * --flap-every/--flap-for: a cut of --flap-for seconds every --flap-every
 * seconds (the first one after --flap-every seconds).
 * The log gets "cut EPOCH_MS" and "restore EPOCH_MS" lines, and for udp a
 * "flow EPOCH_MS" line at the first datagram the sender sends after each
 * restore (when a pushing sender is back, whatever the receiver does).
 * Only 127.0.0.1. */
#include <errno.h>
#include <math.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <arpa/inet.h>
#include <unistd.h>

#include <glib.h>

static double cut_at = -1, cut_for = 30, flap_every = 0, flap_for = 3;
static char *log_path = NULL, *go_file = NULL;
static gint64 t0 = -1;  /* monotonic µs, -1 until the go file exists */
static gboolean is_down = FALSE;
static gboolean awaiting_flow = FALSE;   /* restored, no datagram from the sender yet */

static void
log_line (const char *what)
{
  FILE *f;

  if (log_path == NULL || (f = fopen (log_path, "a")) == NULL)
    return;
  fprintf (f, "%s %" G_GINT64_FORMAT "\n", what, g_get_real_time () / 1000);
  fclose (f);
}

static gboolean
should_be_down (void)
{
  double t;

  if (t0 < 0)
    {
      if (!g_file_test (go_file, G_FILE_TEST_EXISTS))
        return FALSE;
      t0 = g_get_monotonic_time ();
    }
  t = (g_get_monotonic_time () - t0) / 1e6;
  if (cut_at >= 0 && cut_at <= t && t < cut_at + cut_for)
    return TRUE;
  if (flap_every > 0)
    {
      double k = floor (t / flap_every);
      return k >= 1 && t - k * flap_every < flap_for;
    }
  return FALSE;
}

static gboolean
schedule_update (void)
{
  gboolean down = should_be_down ();

  if (down != is_down)
    {
      is_down = down;
      awaiting_flow = !down;
      log_line (down ? "cut" : "restore");
    }
  return down;
}

static struct sockaddr_in
loopback (int port)
{
  struct sockaddr_in a;

  memset (&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_port = htons ((uint16_t) port);
  a.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  return a;
}

static int
bound_socket (int type, int port)
{
  struct sockaddr_in a = loopback (port);
  int one = 1;
  int fd = socket (AF_INET, type, 0);

  if (fd < 0)
    return -1;
  if (type == SOCK_STREAM)
    setsockopt (fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind (fd, (struct sockaddr *) &a, sizeof a) < 0)
    {
      fprintf (stderr, "pln-relay: cannot bind 127.0.0.1:%d: %s\n", port, g_strerror (errno));
      close (fd);
      return -1;
    }
  return fd;
}

static gboolean
send_all (int fd, const char *data, gssize len)
{
  while (len > 0)
    {
      gssize n = send (fd, data, (size_t) len, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      len -= n;
    }
  return TRUE;
}

/* pairs: fd -> the fd of its other end */
static void
close_pair (GHashTable *pairs, int fd)
{
  int other = GPOINTER_TO_INT (g_hash_table_lookup (pairs, GINT_TO_POINTER (fd)));

  g_hash_table_remove (pairs, GINT_TO_POINTER (fd));
  g_hash_table_remove (pairs, GINT_TO_POINTER (other));
  close (fd);
  close (other);
}

static int
run_tcp (int listen_port, int target)
{
  g_autoptr(GHashTable) pairs = g_hash_table_new (NULL, NULL);
  g_autofree char *buf = g_malloc (65536);
  int server = bound_socket (SOCK_STREAM, listen_port);

  if (server < 0 || listen (server, 64) < 0)
    return 1;
  for (;;)
    {
      gboolean down = schedule_update ();
      g_autofree struct pollfd *fds = NULL;
      GHashTableIter iter;
      gpointer key;
      guint n = 1, i;

      if (down && g_hash_table_size (pairs) > 0)
        {
          g_hash_table_iter_init (&iter, pairs);
          while (g_hash_table_iter_next (&iter, &key, NULL))
            close (GPOINTER_TO_INT (key));
          g_hash_table_remove_all (pairs);
        }
      fds = g_new0 (struct pollfd, g_hash_table_size (pairs) + 1);
      fds[0].fd = server;
      fds[0].events = POLLIN;
      g_hash_table_iter_init (&iter, pairs);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          fds[n].fd = GPOINTER_TO_INT (key);
          fds[n].events = POLLIN;
          n++;
        }
      if (poll (fds, n, 50) <= 0)
        continue;
      for (i = 0; i < n; i++)
        {
          gssize got;

          if (fds[i].revents == 0)
            continue;
          if (i == 0)
            {
              struct sockaddr_in a = loopback (target);
              int client = accept (server, NULL, NULL);
              int upstream;

              if (client < 0)
                continue;
              if (down)
                {
                  close (client);
                  continue;
                }
              upstream = socket (AF_INET, SOCK_STREAM, 0);
              if (upstream < 0 || connect (upstream, (struct sockaddr *) &a, sizeof a) < 0)
                {
                  if (upstream >= 0)
                    close (upstream);
                  close (client);
                  continue;
                }
              g_hash_table_insert (pairs, GINT_TO_POINTER (client), GINT_TO_POINTER (upstream));
              g_hash_table_insert (pairs, GINT_TO_POINTER (upstream), GINT_TO_POINTER (client));
              continue;
            }
          if (!g_hash_table_contains (pairs, GINT_TO_POINTER (fds[i].fd)))
            continue;  /* closed with its other end in this round */
          got = recv (fds[i].fd, buf, 65536, 0);
          if (got <= 0)
            {
              close_pair (pairs, fds[i].fd);
              continue;
            }
          if (!send_all (GPOINTER_TO_INT (g_hash_table_lookup (pairs, GINT_TO_POINTER (fds[i].fd))), buf, got))
            close_pair (pairs, fds[i].fd);
        }
    }
  return 0;
}

static int
run_udp (int listen_port, int target)
{
  g_autofree char *buf = g_malloc (65536);
  struct sockaddr_in to = loopback (target), peer;
  gboolean have_peer = FALSE;
  int front = bound_socket (SOCK_DGRAM, listen_port);
  int back = bound_socket (SOCK_DGRAM, 0);

  if (front < 0 || back < 0)
    return 1;
  for (;;)
    {
      gboolean down = schedule_update ();
      struct pollfd fds[2] = { { front, POLLIN, 0 }, { back, POLLIN, 0 } };
      int i;

      if (poll (fds, 2, 50) <= 0)
        continue;
      for (i = 0; i < 2; i++)
        {
          struct sockaddr_in from;
          socklen_t from_len = sizeof from;
          gssize got;

          if (fds[i].revents == 0)
            continue;
          got = recvfrom (fds[i].fd, buf, 65536, 0, (struct sockaddr *) &from, &from_len);
          if (got < 0 || down)
            continue;
          if (i == 0)
            {
              if (awaiting_flow)
                {
                  awaiting_flow = FALSE;
                  log_line ("flow");
                }
              peer = from;
              have_peer = TRUE;
              sendto (back, buf, (size_t) got, 0, (struct sockaddr *) &to, sizeof to);
            }
          else if (have_peer)
            sendto (front, buf, (size_t) got, 0, (struct sockaddr *) &peer, sizeof peer);
        }
    }
  return 0;
}

static gboolean
parse_port (const char *s, int *port)
{
  guint64 v;

  if (!g_ascii_string_to_unsigned (s, 10, 1, 65535, &v, NULL))
    return FALSE;
  *port = (int) v;
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  int listen_port, target;
  GOptionEntry entries[] = {
    { "cut-at", 0, 0, G_OPTION_ARG_DOUBLE, &cut_at, "One cut, S seconds after start", "S" },
    { "cut-for", 0, 0, G_OPTION_ARG_DOUBLE, &cut_for, "Length of that cut (30)", "S" },
    { "flap-every", 0, 0, G_OPTION_ARG_DOUBLE, &flap_every, "A cut every S seconds", "S" },
    { "flap-for", 0, 0, G_OPTION_ARG_DOUBLE, &flap_for, "Length of each flap (3)", "S" },
    { "log", 0, 0, G_OPTION_ARG_FILENAME, &log_path, "Write cut/restore lines to FILE", "FILE" },
    { "go-file", 0, 0, G_OPTION_ARG_FILENAME, &go_file, "Start the clock when FILE exists", "FILE" },
    { NULL, 0, 0, 0, NULL, NULL, NULL }
  };

  signal (SIGPIPE, SIG_IGN);
  context = g_option_context_new ("tcp|udp LISTEN_PORT TARGET_PORT");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "pln-relay: %s\n", error->message);
      return 2;
    }
  if (argc != 4 || (strcmp (argv[1], "tcp") != 0 && strcmp (argv[1], "udp") != 0) ||
      !parse_port (argv[2], &listen_port) || !parse_port (argv[3], &target))
    {
      fprintf (stderr, "usage: pln-relay tcp|udp LISTEN_PORT TARGET_PORT [--cut-at S --cut-for S] "
                       "[--flap-every S --flap-for S] [--go-file FILE] [--log FILE]\n");
      return 2;
    }
  if (go_file == NULL)
    t0 = g_get_monotonic_time ();
  return strcmp (argv[1], "tcp") == 0 ? run_tcp (listen_port, target) : run_udp (listen_port, target);
}
