/* pln-portal-send.c: media bodies sent outside libsoup's write loop.
 *
 * libsoup 3.2 writes a response body from memory on the main loop, one
 * write and one signal emission at a time; for media that meant mapping
 * the file for every request, faulting its pages in and copying them to
 * the socket. Here the handler decides status and headers as usual, then
 * takes the connection from libsoup (soup_server_message_steal_connection)
 * and sends the header block and the file ranges itself with sendfile(2),
 * non-blocking, from a socket source on the same main context: no copy
 * through user space, no thread per viewer, and a viewer whose player has
 * stopped reading (a paused video) costs nothing but its socket.
 *
 * Keep-alive: players ask for range after range on one connection, so when
 * the body is sent and the request allowed it, the connection is handed
 * back to libsoup with soup_server_accept_iostream, which reads the next
 * request from it (see finish () for bytes a client already sent). Each
 * hand-back keeps a few objects alive with the connection, so after
 * MAX_TAKEN_REQUESTS on one connection it is closed, as nginx does after
 * keepalive_requests.
 *
 * Slow clients: a send that makes no progress for SEND_SECONDS is cut with
 * a reset, by the portal's once-a-second check of its sends.
 */
#define G_LOG_DOMAIN "plenary-portal"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pln-portal-private.h"

#define SEND_SECONDS        30
/* How much one connection may send per wake-up before the others get
 * their turn. */
#define SEND_BUDGET         (1024 * 1024)
#define MAX_TAKEN_REQUESTS  100

/* One piece of a body: bytes in memory (part headers of a multipart
 * answer), or a range of the file. */
typedef struct
{
  GBytes  *bytes;       /* NULL for a file range */
  guint64  offset;
  guint64  length;
} Piece;

struct _PlnSend
{
  PlnPortal *portal;    /* not owned: the portal cancels its sends when it stops */
  GIOStream *stream;
  GSocket   *socket;
  GSource   *source;
  int        fd;
  GArray    *pieces;
  guint      current;
  guint64    done;      /* bytes of the current piece already sent */
  gboolean   keep_alive;
  gboolean   buffered;  /* the client had sent more than this request */
  gint64     last_progress;
  gint64     limit_us;
};

static void
piece_clear (gpointer data)
{
  Piece *piece = data;

  g_clear_pointer (&piece->bytes, g_bytes_unref);
}

static void
add_memory (GArray     *pieces,
            GBytes     *bytes)
{
  Piece piece = { .bytes = bytes, .offset = 0, .length = g_bytes_get_size (bytes) };

  g_array_append_val (pieces, piece);
}

static void
add_text (GArray     *pieces,
          const char *text)
{
  add_memory (pieces, g_bytes_new (text, strlen (text)));
}

static void
add_range (GArray  *pieces,
           guint64  start,
           guint64  end)
{
  Piece piece = { .bytes = NULL, .offset = start, .length = end - start + 1 };

  g_array_append_val (pieces, piece);
}

static guint64
pieces_length (GArray *pieces)
{
  guint64 total = 0;

  for (guint i = 0; i < pieces->len; i++)
    total += g_array_index (pieces, Piece, i).length;
  return total;
}

/* The body's pieces, and the response headers that describe it. */
static GArray *
build_body (SoupServerMessage  *msg,
            guint64             size,
            const PlnByteRange *ranges,
            guint               n_ranges,
            const char         *content_type)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  GArray *pieces = g_array_new (FALSE, TRUE, sizeof (Piece));

  g_array_set_clear_func (pieces, piece_clear);

  if (n_ranges == 0)
    {
      if (size > 0)
        add_range (pieces, 0, size - 1);
      soup_message_headers_set_content_type (headers, content_type, NULL);
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
    }
  else if (n_ranges == 1)
    {
      add_range (pieces, ranges[0].start, ranges[0].end);
      soup_message_headers_set_content_range (headers, ranges[0].start, ranges[0].end, size);
      soup_message_headers_set_content_type (headers, content_type, NULL);
      soup_server_message_set_status (msg, SOUP_STATUS_PARTIAL_CONTENT, NULL);
    }
  else
    {
      /* RFC 9110 §14.6: multipart/byteranges, with a boundary that cannot
       * be guessed from the file. */
      g_autofree char *boundary = g_strdup_printf ("plenary-%08x%08x%08x",
                                                   g_random_int (), g_random_int (), g_random_int ());
      g_autofree char *type = g_strdup_printf ("multipart/byteranges; boundary=%s", boundary);

      for (guint i = 0; i < n_ranges; i++)
        {
          g_autofree char *part = g_strdup_printf ("%s--%s\r\nContent-Type: %s\r\n"
                                                   "Content-Range: bytes %" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT "\r\n\r\n",
                                                   i == 0 ? "" : "\r\n", boundary, content_type,
                                                   ranges[i].start, ranges[i].end, size);
          add_text (pieces, part);
          add_range (pieces, ranges[i].start, ranges[i].end);
        }
      {
        g_autofree char *end = g_strdup_printf ("\r\n--%s--\r\n", boundary);
        add_text (pieces, end);
      }
      soup_message_headers_replace (headers, "Content-Type", type);
      soup_server_message_set_status (msg, SOUP_STATUS_PARTIAL_CONTENT, NULL);
    }

  soup_message_headers_set_content_length (headers, pieces_length (pieces));
  return pieces;
}

/* Whether the client lets the connection stay open after this answer. */
static gboolean
request_keeps_alive (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  if (soup_message_headers_header_contains (headers, "Connection", "close"))
    return FALSE;
  if (soup_server_message_get_http_version (msg) == SOUP_HTTP_1_0)
    return soup_message_headers_header_contains (headers, "Connection", "keep-alive");
  return TRUE;
}

/* The status line and headers libsoup would have written, with ours. */
static GBytes *
build_header_block (SoupServerMessage *msg,
                    gboolean           keep_alive)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  gboolean http10 = soup_server_message_get_http_version (msg) == SOUP_HTTP_1_0;
  g_autoptr(GString) block = g_string_new (NULL);
  SoupMessageHeadersIter iter;
  const char *name, *value;

  g_string_append_printf (block, "HTTP/1.%c %u %s\r\n", http10 ? '0' : '1',
                          soup_server_message_get_status (msg),
                          soup_server_message_get_reason_phrase (msg));
  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    if (g_ascii_strcasecmp (name, "Connection") != 0 &&
        g_ascii_strcasecmp (name, "Transfer-Encoding") != 0)
      g_string_append_printf (block, "%s: %s\r\n", name, value);
  if (!keep_alive)
    g_string_append (block, "Connection: close\r\n");
  else if (http10)
    g_string_append (block, "Connection: keep-alive\r\n");
  g_string_append (block, "\r\n");
  return g_string_free_to_bytes (g_steal_pointer (&block));
}

/* Also from within the source's own callback: GLib allows destroying a
 * source while it dispatches. */
static void
pln_send_free (PlnSend *job)
{
  if (job->source != NULL)
    {
      g_source_destroy (job->source);
      g_source_unref (job->source);
    }
  if (job->fd >= 0)
    close (job->fd);
  g_clear_object (&job->stream);
  g_clear_object (&job->socket);
  g_clear_pointer (&job->pieces, g_array_unref);
  g_free (job);
}

typedef enum
{
  SEND_COMPLETE,
  SEND_FAILED,   /* the client went, the file shrank: close */
  SEND_CUT,      /* a stalled client, or the portal stops: reset */
} SendEnd;

/* Ends @job: the connection goes back to libsoup for its next request
 * when the body went out whole and the client keeps it alive, else it is
 * closed. A cut connection is reset (SO_LINGER 0): what the kernel still
 * holds for a client that stopped reading (megabytes) is dropped at once
 * instead of trickling out to it. */
static void
finish (PlnSend  *job,
        SendEnd   end)
{
  gboolean complete = end == SEND_COMPLETE;

  _pln_portal_remove_send (job->portal, job);

  if (complete && job->keep_alive)
    {
      g_autoptr(GIOStream) next = NULL;

      /* Bytes the client sent beyond this request (pipelining) wait in the
       * taken stream's buffer: hand that stream back, wrapped once more by
       * libsoup. Else a fresh connection on the same socket, so that the
       * wrappers (and their sources, each woken in turn) do not pile up;
       * the taken stream stays with it, since dropping it would close the
       * socket. */
      if (job->buffered)
        next = g_object_ref (job->stream);
      else
        {
          next = G_IO_STREAM (g_socket_connection_factory_create_connection (job->socket));
          g_object_set_data_full (G_OBJECT (next), "pln-taken-stream",
                                  g_object_ref (job->stream), g_object_unref);
        }
      if (_pln_portal_hand_back (job->portal, next, job->socket))
        {
          pln_send_free (job);
          return;
        }
    }

  if (end == SEND_CUT)
    {
      struct linger linger = { .l_onoff = 1, .l_linger = 0 };

      setsockopt (g_socket_get_fd (job->socket), SOL_SOCKET, SO_LINGER, &linger, sizeof linger);
    }
  g_io_stream_close (job->stream, NULL, NULL);
  g_socket_close (job->socket, NULL);
  pln_send_free (job);
}

void
_pln_send_cancel (PlnSend *job)
{
  job->keep_alive = FALSE;
  finish (job, SEND_CUT);
}

gboolean
_pln_send_is_stalled (PlnSend *job,
                      gint64   now)
{
  if (now - job->last_progress < job->limit_us)
    return FALSE;
  g_debug ("Cutting a client that read nothing for %" G_GINT64_FORMAT " s", job->limit_us / G_USEC_PER_SEC);
  return TRUE;
}

GSocket *
_pln_send_get_socket (PlnSend *job)
{
  return job->socket;
}

static gboolean
on_socket_ready_cb (GSocket      *socket,
                    GIOCondition  condition,
                    gpointer      user_data)
{
  PlnSend *job = user_data;
  int sockfd = g_socket_get_fd (socket);
  guint64 budget = SEND_BUDGET;

  while (job->current < job->pieces->len && budget > 0)
    {
      Piece *piece = &g_array_index (job->pieces, Piece, job->current);
      gsize want = (gsize) MIN (piece->length - job->done, budget);
      gboolean more = job->current + 1 < job->pieces->len;
      ssize_t n;

      if (piece->bytes != NULL)
        n = send (sockfd, (const char *) g_bytes_get_data (piece->bytes, NULL) + piece->offset + job->done,
                  want, MSG_NOSIGNAL | MSG_DONTWAIT | (more ? MSG_MORE : 0));
      else
        {
          off_t offset = (off_t) (piece->offset + job->done);

          /* SIGPIPE is ignored process-wide by GSocket: a gone client
           * gives EPIPE here. */
          n = sendfile (sockfd, job->fd, &offset, want);
        }

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        break;
      if (n <= 0)
        {
          /* The client went, or the file shrank under us: the client sees
           * a short body and the connection ends. */
          g_debug ("Media send ended early: %s", n < 0 ? g_strerror (errno) : "the file is shorter than announced");
          finish (job, SEND_FAILED);
          return G_SOURCE_REMOVE;
        }

      job->done += (guint64) n;
      budget -= (guint64) n;
      job->last_progress = g_get_monotonic_time ();
      if (job->done == piece->length)
        {
          job->current++;
          job->done = 0;
        }
    }

  if (job->current == job->pieces->len)
    {
      finish (job, SEND_COMPLETE);
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

/* The fallback when the connection cannot be taken: the same pieces as
 * libsoup body chunks, the file mapped rather than copied. */
static void
respond_through_libsoup (SoupServerMessage *msg,
                         int                fd,
                         GArray            *pieces)
{
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  g_autoptr(GMappedFile) mapped = pieces->len > 0 ? g_mapped_file_new_from_fd (fd, FALSE, NULL) : NULL;
  g_autoptr(GBytes) file = mapped ? g_mapped_file_get_bytes (mapped) : NULL;

  for (guint i = 0; i < pieces->len; i++)
    {
      Piece *piece = &g_array_index (pieces, Piece, i);

      if (piece->bytes != NULL)
        soup_message_body_append_bytes (body, piece->bytes);
      else if (file != NULL && piece->offset + piece->length <= g_bytes_get_size (file))
        {
          g_autoptr(GBytes) part = g_bytes_new_from_bytes (file, piece->offset, piece->length);
          soup_message_body_append_bytes (body, part);
        }
    }
}

void
_pln_portal_send_file (PlnRequest         *request,
                       int                 fd,
                       guint64             size,
                       const PlnByteRange *ranges,
                       guint               n_ranges,
                       const char         *content_type)
{
  SoupServerMessage *msg = request->msg;
  GSocket *socket = g_object_get_data (G_OBJECT (msg), "pln-socket");
  g_autoptr(GArray) pieces = build_body (msg, size, ranges, n_ranges, content_type);
  guint taken;
  const char *override;
  PlnSend *job;

  if (g_str_equal (request->method, "HEAD") || pieces->len == 0)
    {
      close (fd);
      return;
    }
  if (socket == NULL)
    {
      respond_through_libsoup (msg, fd, pieces);
      close (fd);
      return;
    }

  taken = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (socket), "pln-taken")) + 1;
  g_object_set_data (G_OBJECT (socket), "pln-taken", GUINT_TO_POINTER (taken));
  override = g_getenv ("PLENARY_PORTAL_SEND_SECONDS");

  job = g_new0 (PlnSend, 1);
  job->portal = request->portal;
  job->socket = g_object_ref (socket);
  job->fd = fd;
  job->keep_alive = request_keeps_alive (msg) && taken < MAX_TAKEN_REQUESTS;
  job->limit_us = (override ? MAX (1, g_ascii_strtoll (override, NULL, 10)) : SEND_SECONDS) * G_USEC_PER_SEC;
  job->last_progress = g_get_monotonic_time ();
  job->pieces = g_steal_pointer (&pieces);
  {
    GBytes *header = build_header_block (msg, job->keep_alive);
    Piece piece = { .bytes = header, .offset = 0, .length = g_bytes_get_size (header) };

    g_array_prepend_val (job->pieces, piece);
  }

  /* From here on @msg is libsoup's no more (and may be freed). */
  job->stream = soup_server_message_steal_connection (msg);
  if (job->stream == NULL)
    {
      g_warning ("libsoup gave no connection to send a media body on");
      pln_send_free (job);
      return;
    }
  job->buffered = g_pollable_input_stream_is_readable (G_POLLABLE_INPUT_STREAM (g_io_stream_get_input_stream (job->stream)));

  job->source = g_socket_create_source (socket, G_IO_OUT, NULL);
  g_source_set_callback (job->source, G_SOURCE_FUNC (on_socket_ready_cb), job, NULL);
  g_source_attach (job->source, g_main_context_get_thread_default ());
  _pln_portal_add_send (job->portal, job);
}
