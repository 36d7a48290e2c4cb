/* pln-http-abuse.c: malformed HTTP requests, slow clients and path
 * traversal payloads against a running portal, for
 * tools/fault/portal-abuse.sh.
 *
 *   pln-http-abuse malformed HOST PORT N MEDIA_PATH TOKEN
 *   pln-http-abuse traversal HOST PORT CANARY_TEXT PUBLIC_ID HLS_ID
 *
 * Prints one summary line per category and the figures; exits 1 when an
 * answer breaks the rule: a malformed request gets a 4xx or a closed
 * connection; a request whose only fault is its Range header (a valid HTTP
 * request: RFC 9110 says to ignore a Range it cannot parse) gets 200, 206
 * or 416; the canary is never in an answer; a normal request right after
 * is answered within 1 s. HOST must be 127.0.0.1. */
#define _GNU_SOURCE  /* memmem */
#include <errno.h>
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

#define TIMEOUT 5.0
#define NO_STATUS (-1)     /* the connection closed without an HTTP answer */
#define REFUSED (-2)       /* nobody listens: the portal is down */

static struct sockaddr_in target;

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

static void
set_timeouts (int fd, double seconds)
{
  struct timeval tv;

  tv.tv_sec = (time_t) seconds;
  tv.tv_usec = (suseconds_t) ((seconds - (double) tv.tv_sec) * 1e6);
  setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt (fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

/* A connected socket, or -1 with errno set. */
static int
connect_portal (double timeout)
{
  int fd = socket (AF_INET, SOCK_STREAM, 0);

  if (fd < 0)
    return -1;
  set_timeouts (fd, timeout);
  if (connect (fd, (struct sockaddr *) &target, sizeof target) < 0)
    {
      int saved = errno;
      close (fd);
      errno = saved;
      return -1;
    }
  return fd;
}

static void
send_all (int fd, const guint8 *data, gsize len)
{
  while (len > 0)
    {
      gssize n = send (fd, data, len, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return;  /* the portal closed or stopped reading: its answer tells */
      data += n;
      len -= (gsize) n;
    }
}

static int
parse_status (GByteArray *raw)
{
  const char *p = (const char *) raw->data;
  const char *sp, *end;
  char digits[16];
  gint64 v;

  if (raw->len < 5 || memcmp (p, "HTTP/", 5) != 0)
    return NO_STATUS;
  sp = memchr (p, ' ', raw->len);
  if (sp == NULL)
    return NO_STATUS;
  sp++;
  end = memchr (sp, ' ', raw->len - (gsize) (sp - p));
  if (end == NULL)
    end = p + raw->len;
  if (end - sp < 1 || end - sp >= (gssize) sizeof digits)
    return NO_STATUS;
  memcpy (digits, sp, (size_t) (end - sp));
  digits[end - sp] = '\0';
  if (!g_ascii_string_to_signed (digits, 10, 0, 999, &v, NULL))
    return NO_STATUS;
  return (int) v;
}

static gboolean
has_header_end (GByteArray *raw)
{
  return raw->len >= 4 && g_strstr_len ((const char *) raw->data, raw->len, "\r\n\r\n") != NULL;
}

/* Sends data, returns the status (NO_STATUS for a closed connection,
 * REFUSED when nobody listens) and the raw answer in *answer_out.
 * hang_up: the client closes its side once it has sent (a short body). */
static int
exchange (GBytes     *data,
          double      timeout,
          gboolean    read_all,
          gboolean    hang_up,
          GByteArray **answer_out)
{
  g_autoptr(GByteArray) raw = g_byte_array_new ();
  guint8 buf[65536];
  double deadline;
  gsize len;
  const guint8 *bytes = g_bytes_get_data (data, &len);
  int status;
  int fd = connect_portal (timeout);

  if (fd < 0)
    return errno == ECONNREFUSED ? REFUSED : NO_STATUS;
  send_all (fd, bytes, len);
  if (hang_up)
    shutdown (fd, SHUT_WR);
  deadline = now () + timeout;
  while (now () < deadline)
    {
      struct pollfd pfd = { fd, POLLIN, 0 };
      int left_ms = (int) ((deadline - now ()) * 1000) + 1;
      gssize n;

      if (poll (&pfd, 1, left_ms) <= 0)
        break;
      n = recv (fd, buf, sizeof buf, 0);
      if (n <= 0)
        break;
      g_byte_array_append (raw, buf, (guint) n);
      if (!read_all && has_header_end (raw))
        break;  /* enough to know the status; the body only when asked */
    }
  close (fd);
  status = parse_status (raw);
  if (answer_out != NULL)
    *answer_out = g_steal_pointer (&raw);
  return status;
}

static const char *
status_text (int status, char buf[16])
{
  if (status < 0)
    return "None";
  g_snprintf (buf, 16, "%d", status);
  return buf;
}

static int
normal_request (double *seconds)
{
  static const char text[] = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  g_autoptr(GBytes) req = g_bytes_new_static (text, sizeof text - 1);
  double t0 = now ();
  int status = exchange (req, 2, FALSE, FALSE, NULL);

  *seconds = now () - t0;
  return status;
}

/* Request building */

static GRand *rng;

static int
randrange (int a, int b)  /* [a, b) */
{
  return g_rand_int_range (rng, a, b);
}

static void
add (GByteArray *b, const char *s)
{
  g_byte_array_append (b, (const guint8 *) s, (guint) strlen (s));
}

static void
add_printf (GByteArray *b, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
add_printf (GByteArray *b, const char *format, ...)
{
  g_autofree char *s = NULL;
  va_list args;

  va_start (args, format);
  s = g_strdup_vprintf (format, args);
  va_end (args);
  add (b, s);
}

static void
add_repeat (GByteArray *b, char c, int n)
{
  int i;

  for (i = 0; i < n; i++)
    g_byte_array_append (b, (const guint8 *) &c, 1);
}

/* without_crlf: no CR or LF among them (a header value) */
static void
add_random (GByteArray *b, int n, gboolean without_crlf)
{
  int i;

  for (i = 0; i < n; i++)
    {
      guint8 c = (guint8) randrange (0, 256);
      if (without_crlf && (c == '\r' || c == '\n'))
        continue;
      g_byte_array_append (b, &c, 1);
    }
}

#define H "Host: 127.0.0.1\r\n"
#define C "Connection: close\r\n"

static void
add_body (GByteArray *b, const char *content_type, GByteArray *body)
{
  add_printf (b, "Content-Type: %s\r\nContent-Length: %u\r\n\r\n", content_type, body->len);
  g_byte_array_append (b, body->data, body->len);
}

/* One malformed request of a kind chosen at random: its category in
 * *category, its bytes in b. */
static void
malformed_request (GByteArray *b, const char **category, const char *media, const char *token)
{
  g_autoptr(GByteArray) body = g_byte_array_new ();
  int kind = randrange (0, 14);
  int i, n;

  switch (kind)
    {
    case 0:  /* bad and overlapping ranges on a real file */
      {
        static const char *fixed[] = {
          "bytes=abc", "bytes=5-1", "bytes=-", "bytes=--5", "bytes=1-2-3", NULL, NULL,
          "bytes=99999999999999999999999-", "bytes=-99999999999999999999999",
          "bytes=0-18446744073709551615", "bytes=18446744073709551615-",
          "items=0-5", "bytes 0-5", "bytes=0-5,,,,", NULL, NULL };
        int pick = randrange (0, G_N_ELEMENTS (fixed));

        *category = "range";
        add_printf (b, "GET %s HTTP/1.1\r\n" H C "Range: ", media);
        if (fixed[pick] != NULL)
          add (b, fixed[pick]);
        else if (pick == 5)
          {
            add (b, "bytes=");
            for (i = 0, n = randrange (2, 400); i < n; i++)
              add_printf (b, "%s0-%d", i ? "," : "", randrange (1, 5000));
          }
        else if (pick == 6)
          {
            add (b, "bytes=");
            for (i = 0, n = randrange (100, 2000); i < n; i++)
              add_printf (b, "%s%d-%d", i ? "," : "", i, i);
          }
        else if (pick == 14)
          g_byte_array_append (b, (const guint8 *) "bytes=\0-5", 9);
        else
          {
            add (b, "bytes=");
            add_random (b, randrange (1, 200), TRUE);
          }
        add (b, "\r\n\r\n");
      }
      break;
    case 1:  /* huge headers */
      if (randrange (0, 2))
        {
          *category = "huge-header";
          add (b, "GET / HTTP/1.1\r\n" H C "X-Big: ");
          add_repeat (b, 'a', randrange (17000, 200000));
          add (b, "\r\n\r\n");
        }
      else
        {
          *category = "many-headers";
          add (b, "GET / HTTP/1.1\r\n" H C);
          for (i = 0, n = randrange (65, 2000); i < n; i++)
            add_printf (b, "X-H%d: v\r\n", i);
          add (b, "\r\n");
        }
      break;
    case 2:  /* duplicate Host */
      *category = "duplicate-host";
      add (b, "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n" C "\r\n");
      break;
    case 3:  /* duplicate Content-Length */
      {
        int a = randrange (0, 50), bb = randrange (51, 100);

        *category = "duplicate-length";
        add_printf (b, "POST /checkin/%s HTTP/1.1\r\n" H C
                    "Content-Type: application/x-www-form-urlencoded\r\n"
                    "Content-Length: %d\r\nContent-Length: %d\r\n\r\n", token, a, bb);
        add_repeat (b, 'x', a);
      }
      break;
    case 4:  /* bad chunked bodies */
      *category = "chunked";
      add_printf (b, "POST /api/checkin/%s HTTP/1.1\r\n" H C
                  "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n", token);
      switch (randrange (0, 6))
        {
        case 0: add (b, "zz\r\nabc\r\n0\r\n\r\n"); break;
        case 1: add (b, "ffffffffffffffffff\r\n"); break;
        case 2: add (b, "5\r\nab"); break;
        case 3: add (b, "-1\r\n\r\n"); break;
        case 4: add (b, "3;ext="); add_repeat (b, 'e', 5000); add (b, "\r\nabc\r\n0\r\n\r\n"); break;
        default: add_random (b, 64, FALSE); break;
        }
      break;
    case 5:  /* chunked and a length together (request smuggling) */
      *category = "chunked+length";
      add_printf (b, "POST /checkin/%s HTTP/1.1\r\n" H C
                  "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /x HTTP/1.1\r\n\r\n", token);
      break;
    case 6:  /* bad Content-Length values */
      {
        static const char *values[] = { "-1", "abc", "99999999999999999999999", "1e3", " ", "0x10", "100000000" };

        *category = "bad-length";
        add_printf (b, "POST /api/checkin/%s HTTP/1.1\r\n" H C "Content-Length: %s\r\n\r\n{}",
                    token, values[randrange (0, G_N_ELEMENTS (values))]);
      }
      break;
    case 7:  /* garbage request lines */
      if (randrange (0, 8) == 0)  /* RFC 9110: 505 is the answer to this one */
        {
          *category = "bad-version";
          add (b, "GET / HTTP/9.9\r\n" H C "\r\n");
          break;
        }
      *category = "request-line";
      switch (randrange (0, 7))
        {
        case 0: add (b, "GET\r\n\r\n"); break;
        case 1: add (b, "GET / FOO/1.1\r\n" H "\r\n"); break;
        case 2: add (b, " / HTTP/1.1\r\n" H "\r\n"); break;
        case 3: add (b, "GET  HTTP/1.1\r\n" H "\r\n"); break;
        case 4: add (b, "GET /"); add_repeat (b, 'a', randrange (9000, 70000)); add (b, " HTTP/1.1\r\n" H "\r\n"); break;
        case 5: add_random (b, randrange (1, 300), FALSE); add (b, "\r\n\r\n"); break;
        default:  /* a TLS hello */
          g_byte_array_append (b, (const guint8 *) "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11);
          add_random (b, 100, FALSE);
          break;
        }
      break;
    case 8:  /* methods the portal does not take */
      {
        static const char *methods[] = { "DELETE", "PUT", "PATCH", "OPTIONS", "TRACE", "CONNECT", "PROPFIND", "BREW" };

        *category = "method";
        add_printf (b, "%s / HTTP/1.1\r\n" H C "Content-Length: 0\r\n\r\n", methods[randrange (0, G_N_ELEMENTS (methods))]);
      }
      break;
    case 9:  /* HTTP/1.1 without Host, header without colon, bad folding, NUL */
      switch (randrange (0, 5))
        {
        case 0: *category = "no-host"; add (b, "GET / HTTP/1.1\r\n" C "\r\n"); break;
        case 1: *category = "header-no-colon"; add (b, "GET / HTTP/1.1\r\n" H "NoColonHere\r\n" C "\r\n"); break;
        case 2: *category = "obs-fold"; add (b, "GET / HTTP/1.1\r\n" H " folded: continuation\r\n" C "\r\n"); break;
        case 3:
          *category = "nul-in-header";
          g_byte_array_append (b, (const guint8 *) "GET / HTTP/1.1\r\n" H "X-N\0ul: v\r\n" C "\r\n",
                               sizeof ("GET / HTTP/1.1\r\n" H "X-N\0ul: v\r\n" C "\r\n") - 1);
          break;
        default:
          *category = "nul-in-header";
          g_byte_array_append (b, (const guint8 *) "GET / HTTP/1.1\r\nHost: \0\xff\r\n" C "\r\n",
                               sizeof ("GET / HTTP/1.1\r\nHost: \0\xff\r\n" C "\r\n") - 1);
          break;
        }
      break;
    case 10:  /* oversized body announced */
      *category = "big-body";
      add_printf (b, "POST /api/checkin/%s HTTP/1.1\r\n" H C
                  "Content-Type: application/json\r\nContent-Length: %d\r\n\r\n", token, randrange (65537, 1000000000));
      break;
    case 11:  /* body shorter than announced, then the client hangs up */
      *category = "short-body";
      add_printf (b, "POST /checkin/%s HTTP/1.1\r\n" H C
                  "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 500\r\n\r\ncount=1", token);
      break;
    case 12:  /* malformed JSON and forms to the write routes */
      switch (randrange (0, 10))
        {
        case 0: add (body, "{"); break;
        case 1: add (body, "[]"); break;
        case 2: add (body, "{\"count\":"); break;
        case 3: add (body, "{\"count\": 1e999}"); break;
        case 4: add (body, "{\"count\": -1}"); break;
        case 5: add (body, "{\"count\": 100001}"); break;
        case 6: add (body, "null"); break;
        case 7: add_random (body, 50, FALSE); break;
        case 8: add_repeat (body, '[', 5000); add_repeat (body, ']', 5000); break;
        default: add (body, "{\"count\": \""); add_repeat (body, '9', 1000); add (body, "\"}"); break;
        }
      *category = "json-body";
      add_printf (b, "POST /api/checkin/%s HTTP/1.1\r\n" H C, token);
      add_body (b, "application/json", body);
      break;
    default:  /* forms without a CSRF value, with bad encodings */
      switch (randrange (0, 6))
        {
        case 0: add (body, "count=%zz"); break;
        case 1: add (body, "csrf=&count=1"); break;
        case 2: add (body, "%"); break;
        case 3: add (body, "=&=&=&"); break;
        case 4: add (body, "csrf="); add_repeat (body, 'a', 3000); break;
        default: add_random (body, 80, FALSE); break;
        }
      *category = "form-body";
      add_printf (b, "POST /checkin/%s HTTP/1.1\r\n" H C, token);
      add_body (b, "application/x-www-form-urlencoded", body);
      break;
    }
}

/* Tallies: category -> (answer -> count) */

static void
tally (GHashTable *answers, const char *category, const char *answer, int n)
{
  GHashTable *per = g_hash_table_lookup (answers, category);
  int old;

  if (per == NULL)
    {
      per = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_insert (answers, g_strdup (category), per);
    }
  old = GPOINTER_TO_INT (g_hash_table_lookup (per, answer));
  g_hash_table_insert (per, g_strdup (answer), GINT_TO_POINTER (old + n));
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* "k×v, k×v" sorted by k */
static char *
answers_text (GHashTable *per)
{
  g_autofree gpointer *keys = NULL;
  GString *s = g_string_new (NULL);
  guint n, i;

  keys = g_hash_table_get_keys_as_array (per, &n);
  qsort (keys, n, sizeof *keys, compare_strings);
  for (i = 0; i < n; i++)
    g_string_append_printf (s, "%s%s×%d", i ? ", " : "", (const char *) keys[i],
                            GPOINTER_TO_INT (g_hash_table_lookup (per, keys[i])));
  return g_string_free (s, FALSE);
}

static int
malformed (int n, const char *media, const char *token)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                          (GDestroyNotify) g_hash_table_unref);
  g_autoptr(GPtrArray) bad = g_ptr_array_new_with_free_func (g_free);
  g_autofree gpointer *categories = NULL;
  double slowest_normal = 0, t0, elapsed, t_slow, slow_seconds, during, final;
  int slow[50];
  int i, cut = 0, during_status, final_status;
  guint n_categories, k;
  char sb[16];

  rng = g_rand_new_with_seed (20261122);
  t0 = now ();
  for (i = 0; i < n; i++)
    {
      g_autoptr(GByteArray) b = g_byte_array_new ();
      g_autoptr(GBytes) data = NULL;
      const char *category = NULL;
      gboolean hang_up;
      int status;

      if (i % 1000 == 0)
        {
          fprintf (stderr, "… %d requests\n", i);
          fflush (stderr);
        }
      malformed_request (b, &category, media, token);
      hang_up = g_str_equal (category, "short-body") || g_str_equal (category, "chunked") ||
                g_str_equal (category, "request-line") || g_str_equal (category, "bad-length");
      data = g_byte_array_free_to_bytes (g_steal_pointer (&b));
      status = exchange (data, TIMEOUT, FALSE, hang_up, NULL);
      if (status == REFUSED)
        {
          printf ("request %d (%s): connection refused: the portal is down\n", i, category);
          g_ptr_array_add (bad, g_strdup_printf ("('%s', 'refused')", category));
          break;
        }
      g_hash_table_insert (counts, (gpointer) category,
                           GINT_TO_POINTER (GPOINTER_TO_INT (g_hash_table_lookup (counts, category)) + 1));
      tally (answers, category, status < 0 ? "closed" : status_text (status, sb), 1);
      if (g_str_equal (category, "range"))
        {
          /* a valid request unless the header itself is broken */
          if (!(status == 200 || status == 206 || status == 416 || (status >= 400 && status < 500)))
            g_ptr_array_add (bad, g_strdup_printf ("('%s', %s)", category, status_text (status, sb)));
        }
      else if (g_str_equal (category, "bad-version"))
        {
          if (status >= 0 && status != 505 && !(status >= 400 && status < 500))
            g_ptr_array_add (bad, g_strdup_printf ("('%s', %d)", category, status));
        }
      else if (g_str_equal (category, "header-no-colon"))
        {
          /* Known, and outside Plenary's reach: libsoup 3.2 drops a header
           * line without a colon before any handler sees the request, and
           * serves the rest. Counted apart, not as a failure. */
          if (status >= 0 && status != 200 && !(status >= 400 && status < 500))
            g_ptr_array_add (bad, g_strdup_printf ("('%s', %d)", category, status));
        }
      else if (!(status < 0 || (status >= 400 && status < 500)))
        g_ptr_array_add (bad, g_strdup_printf ("('%s', %d)", category, status));
      if ((i + 1) % 1000 == 0)
        {
          double dt;
          int s = normal_request (&dt);

          slowest_normal = MAX (slowest_normal, dt);
          if (s != 200 || dt > 1.0)
            g_ptr_array_add (bad, g_strdup_printf ("('normal-after', '%s in %.2f s')", status_text (s, sb), dt));
        }
    }
  elapsed = now () - t0;

  /* Slow clients: 50 connections that never finish their headers, at
   * once; the portal must cut them and answer a normal request meanwhile. */
  for (i = 0; i < 50; i++)
    {
      static const char partial[] = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";

      slow[i] = connect_portal (30);
      if (slow[i] >= 0)
        send_all (slow[i], (const guint8 *) partial, sizeof partial - 1);
    }
  during_status = normal_request (&during);
  t_slow = now ();
  for (i = 0; i < 50; i++)
    {
      struct pollfd pfd = { slow[i], POLLIN, 0 };
      char buf[100];

      if (slow[i] < 0)
        {
          cut++;  /* refused or reset at once */
          continue;
        }
      /* readable (an end of file, an answer or a reset) once the portal cuts it */
      if (poll (&pfd, 1, (int) (MAX (0.1, 30 - (now () - t_slow)) * 1000)) > 0)
        {
          if (recv (slow[i], buf, sizeof buf, 0) >= 0 || errno != EAGAIN)
            cut++;
        }
      close (slow[i]);
    }
  slow_seconds = now () - t_slow;
  g_hash_table_insert (counts, (gpointer) "slow-client",
                       GINT_TO_POINTER (GPOINTER_TO_INT (g_hash_table_lookup (counts, "slow-client")) + 50));
  tally (answers, "slow-client", "closed", cut);
  if (during_status != 200 || during > 1.0)
    g_ptr_array_add (bad, g_strdup_printf ("('normal-during-slow', '%s in %.2f s')", status_text (during_status, sb), during));
  if (cut < 50)
    g_ptr_array_add (bad, g_strdup_printf ("('slow-client', '%d of 50 not cut')", 50 - cut));

  final_status = normal_request (&final);
  if (final_status != 200 || final > 1.0)
    g_ptr_array_add (bad, g_strdup_printf ("('normal-after', '%s in %.2f s')", status_text (final_status, sb), final));

  categories = g_hash_table_get_keys_as_array (counts, &n_categories);
  qsort (categories, n_categories, sizeof *categories, compare_strings);
  for (k = 0; k < n_categories; k++)
    {
      GHashTable *per = g_hash_table_lookup (answers, categories[k]);
      g_autofree char *text = per != NULL ? answers_text (per) : g_strdup ("");

      printf ("  %-16s %5d  %s\n", (const char *) categories[k],
              GPOINTER_TO_INT (g_hash_table_lookup (counts, categories[k])), text);
    }
  printf ("malformed requests: %d in %.1f s; answers outside the rule: %u\n", n, elapsed, bad->len);
  printf ("slow clients: 50 cut in %.1f s; a normal request during them: %s in %.3f s\n",
          slow_seconds, status_text (during_status, sb), during);
  printf ("normal request right after: %s in %.3f s (slowest of the checks every 1 000: %.3f s)\n",
          status_text (final_status, sb), final, MAX (slowest_normal, final));
  for (k = 0; k < bad->len && k < 20; k++)
    printf ("  outside the rule: %s\n", (const char *) g_ptr_array_index (bad, k));
  g_rand_free (rng);
  return bad->len == 0 ? 0 : 1;
}

static int
traversal (const char *canary, const char *pub, const char *hls)
{
  static const char *seps[] = {
    "../", "..%2f", "..%2F", "%2e%2e/", "%2e%2e%2f", "%252e%252e%252f", "..%252f", "..\\", "..%5c",
    "%2e%2e%5c", "%c0%ae%c0%ae/", "..%c0%af", "....//", "..;/", ".%2e/", "%2e./", "..%00/", "%u002e%u002e/" };
  g_autoptr(GPtrArray) payloads = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) served = g_ptr_array_new ();
  g_autoptr(GHashTable) statuses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *hls_prefix = g_strdup_printf ("/media/%s/seg/", hls);
  g_autofree char *counts = NULL;
  const char *prefixes[] = { "/media/", hls_prefix, "/watch/", "/style.css/", "/sites/", "/checkin/", "/" };
  double final;
  int final_status;
  guint i, j;
  char sb[16];

  for (i = 0; i < G_N_ELEMENTS (seps); i++)
    for (j = 0; j < G_N_ELEMENTS (prefixes); j++)
      {
        GString *p = g_string_new (prefixes[j]);
        int r;

        for (r = 0; r < 6; r++)
          g_string_append (p, seps[i]);
        g_string_append (p, "canary.txt");
        g_ptr_array_add (payloads, g_string_free (p, FALSE));
      }
  g_ptr_array_add (payloads, g_strconcat ("/media/", hls, "/seg/..%2f..%2f..%2fcanary.txt", NULL));
  g_ptr_array_add (payloads, g_strconcat ("/media/", hls, "/seg/segment-00000.mp4/../../../canary.txt", NULL));
  g_ptr_array_add (payloads, g_strdup ("/media/..%2f..%2fcanary.txt%00.mp4"));
  g_ptr_array_add (payloads, g_strdup ("/media/%2e%2e%2f%2e%2e%2fcanary.txt%00"));
  g_ptr_array_add (payloads, g_strdup ("/media//etc/passwd"));
  g_ptr_array_add (payloads, g_strdup ("/media/%2f%2f%2f%2fetc%2fpasswd"));
  g_ptr_array_add (payloads, g_strdup ("/media/file:%2f%2f%2fetc%2fpasswd"));
  g_ptr_array_add (payloads, g_strdup ("/media/~root/.bashrc"));
  g_ptr_array_add (payloads, g_strconcat ("/media/", pub, ".mp4/../../../canary.txt", NULL));
  g_ptr_array_add (payloads, g_strconcat ("/media/", hls, "/hls.m3u8/../../../canary.txt", NULL));
  g_ptr_array_add (payloads, g_strdup ("/.."));
  g_ptr_array_add (payloads, g_strdup ("/../../../../etc/passwd"));
  g_ptr_array_add (payloads, g_strdup ("//etc/passwd"));
  g_ptr_array_add (payloads, g_strdup ("/%2e%2e/%2e%2e/etc/passwd"));
  g_ptr_array_add (payloads, g_strdup ("/media/aaaabbbbccccddddeeeeffff00001111.mp4"));
  g_ptr_array_add (payloads, g_strdup ("/media/aaaabbbbccccddddeeeeffff00002222.mp4"));
  g_ptr_array_add (payloads, g_strdup ("/media/aaaabbbbccccddddeeeeffff00003333.mp4"));
  g_ptr_array_add (payloads, g_strdup ("/media/aaaabbbbccccddddeeeeffff00004444.mp4"));
  g_ptr_array_add (payloads, g_strdup ("/media/aaaabbbbccccddddeeeeffff00004444/hls.m3u8"));
  g_ptr_array_add (payloads, g_strdup ("/media/aaaabbbbccccddddeeeeffff00004444/seg/link.mp4"));
  g_ptr_array_add (payloads, g_strconcat ("/media/", hls, "/seg/link-segment.mp4", NULL));
  g_ptr_array_add (payloads, g_strconcat ("/media/", hls, "/seg/hard-segment.mp4", NULL));

  for (i = 0; i < payloads->len; i++)
    {
      const char *p = g_ptr_array_index (payloads, i);

      for (j = 0; j < 2; j++)
        {
          g_autofree char *req = g_strdup_printf ("%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                                                  "Range: bytes=0-\r\n\r\n", j == 0 ? "GET" : "HEAD", p);
          g_autoptr(GBytes) data = g_bytes_new_take (req, strlen (req));
          g_autoptr(GByteArray) raw = NULL;
          int status;
          int old;
          const char *key;

          req = NULL;
          status = exchange (data, TIMEOUT, TRUE, FALSE, &raw);
          key = status < 0 ? "closed" : status_text (status, sb);
          old = GPOINTER_TO_INT (g_hash_table_lookup (statuses, key));
          g_hash_table_insert (statuses, g_strdup (key), GINT_TO_POINTER (old + 1));
          if (raw != NULL && raw->len > 0 &&
              (memmem (raw->data, raw->len, canary, strlen (canary)) != NULL ||
               memmem (raw->data, raw->len, "root:x:0:0", 10) != NULL))
            g_ptr_array_add (served, (gpointer) p);  /* once per method */
        }
    }
  final_status = normal_request (&final);
  counts = answers_text (statuses);
  printf ("traversal payloads: %u (each as GET and HEAD); answers %s\n", payloads->len, counts);
  printf ("canary served: %u times\n", served->len);
  for (i = 0; i < served->len; i++)
    printf ("  SERVED: %s\n", (const char *) g_ptr_array_index (served, i));
  printf ("normal request right after: %s in %.3f s\n", status_text (final_status, sb), final);
  return served->len == 0 && final_status == 200 && final <= 1.0 ? 0 : 1;
}

int
main (int    argc,
      char **argv)
{
  guint64 port;
  gint64 n = 0;

  signal (SIGPIPE, SIG_IGN);
  setvbuf (stdout, NULL, _IOLBF, 0);
  if (argc != 7 || (!g_str_equal (argv[1], "malformed") && !g_str_equal (argv[1], "traversal")) ||
      !g_str_equal (argv[2], "127.0.0.1") ||
      !g_ascii_string_to_unsigned (argv[3], 10, 1, 65535, &port, NULL) ||
      (g_str_equal (argv[1], "malformed") && !g_ascii_string_to_signed (argv[4], 10, 0, G_MAXINT, &n, NULL)))
    {
      fprintf (stderr, "usage: pln-http-abuse malformed 127.0.0.1 PORT N MEDIA_PATH TOKEN\n"
                       "       pln-http-abuse traversal 127.0.0.1 PORT CANARY_TEXT PUBLIC_ID HLS_ID\n");
      return 2;
    }
  memset (&target, 0, sizeof target);
  target.sin_family = AF_INET;
  target.sin_port = htons ((uint16_t) port);
  target.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (g_str_equal (argv[1], "malformed"))
    return malformed ((int) n, argv[5], argv[6]);
  return traversal (argv[4], argv[5], argv[6]);
}
