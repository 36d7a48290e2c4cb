/* pln-portal.c: the server, its limits and the route table.
 *
 * libsoup's own documentation says SoupServer is not meant to face untrusted
 * clients, and 3.2 has open flaws in Range and duplicate-header handling. So
 * everything risky is checked here, as soon as the headers arrive (the early
 * handler runs before any body is read): duplicate Host or Content-Length,
 * header and body size, bodies without a length. Range is parsed by our own
 * pln-http-range.c.
 */
#define G_LOG_DOMAIN "plenary-portal"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <poll.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>

#include "pln-portal-private.h"
#include "pln-store-recordings.h"

#define MAX_HEADER_BYTES (16 * 1024)
#define MAX_HEADERS      64
#define MAX_BODY_BYTES   (64 * 1024)
/* A client must send its request (headers and body) within HEADER_SECONDS,
 * also for the next request on a kept-alive connection, and read an answer
 * libsoup writes within IDLE_SECONDS: slow clients are cut by our own
 * timers, since libsoup 3.2 has none. (Not by a GSocket timeout: GLib then
 * re-arms each socket source on every wake-up, a wake-up write of its own;
 * that was a seventh of the cost of a media request.) Media bodies have
 * their own progress check, see pln-portal-send.c. */
#define HEADER_SECONDS   15
#define LISTEN_BACKLOG   1024
#define IDLE_SECONDS     30
/* libsoup 3.2 keeps the socket of some connections whose client went away
 * early (one that closed before reading all of its answer): file
 * descriptors piled up, 11 → 103 after 10 000 malformed requests, and
 * stayed. So the portal keeps its own list of the connections libsoup
 * works on and, every SWEEP_SECONDS, closes the socket of one whose client
 * hung up (or that our deadlines shut down) when nothing happened on it for
 * HUNG_UP_SECONDS, and of one on which nothing happened for the header and
 * write deadlines together, whatever its state (the backstop). Media
 * bodies being sent have their own check (pln-portal-send.c).
 * A client may hold CLIENT_CONNECTIONS at once (a browser opens 6); more
 * are closed as they come. Connections from this machine are not counted:
 * nginx in front (docs/nginx.conf) connects from there for every client
 * and limits them itself. PLENARY_PORTAL_CLIENT_CONNECTIONS sets the limit
 * and applies it to this machine too (for tests). */
#define SWEEP_SECONDS       2
#define HUNG_UP_SECONDS     2
#define CLIENT_CONNECTIONS  32

struct _PlnPortal
{
  GObject     parent_instance;

  PlnContext *context;
  SoupServer *server;
  PlnCatalog *catalog_vi;
  GHashTable *sends;       /* PlnSend*: media bodies being sent */
  /* What media requests look up, kept until the store changes. */
  GHashTable *recordings;  /* public id → PlnRecording */
  GHashTable *outputs;     /* "id/kind" → path, or NULL for none */
  char       *library;
  gulong      changed_id;
  guint       send_tick_id;
  GHashTable *connections; /* GSocket → Connection: what libsoup works on */
  guint       sweep_id;
  guint       client_limit;
  gboolean    limit_loopback;
  guint       header_seconds;
  gint64      stuck_us;
  guint8      secret[32];
};

G_DEFINE_FINAL_TYPE (PlnPortal, pln_portal, G_TYPE_OBJECT)

G_DEFINE_QUARK (pln-portal-error-quark, pln_portal_error)

static const PlnRoute routes[] = {
  { "GET",  "/",            PLN_ACCESS_PUBLIC,     _pln_portal_home },
  { "GET",  "/style.css",   PLN_ACCESS_PUBLIC,     _pln_portal_style },
  { "GET",  "/api/events",  PLN_ACCESS_PUBLIC,     _pln_portal_api_events },
  { "GET",  "/api/events/", PLN_ACCESS_PUBLIC,     _pln_portal_api_event_points },
  { "POST", "/api/checkin/", PLN_ACCESS_SITE_TOKEN, _pln_portal_api_checkin },
  { "GET",  "/api/recordings", PLN_ACCESS_PUBLIC,  _pln_portal_api_recordings },
  { "POST", "/api/progress", PLN_ACCESS_VIEWER,    _pln_portal_api_progress },
  { "GET",  "/calendar.ics", PLN_ACCESS_PUBLIC,    _pln_portal_calendar },
  { "GET",  "/library",     PLN_ACCESS_PUBLIC,     _pln_portal_library },
  { "GET",  "/watch/",      PLN_ACCESS_PUBLIC,     _pln_portal_watch },
  { "GET",  "/media/",      PLN_ACCESS_PUBLIC,     _pln_portal_media },
  { "GET",  "/signin",      PLN_ACCESS_PUBLIC,     _pln_portal_signin },
  { "POST", "/signin",      PLN_ACCESS_PUBLIC,     _pln_portal_signin },
  { "GET",  "/sites/",      PLN_ACCESS_PUBLIC,     _pln_portal_site_calendar },
  { "GET",  "/checkin/",    PLN_ACCESS_SITE_TOKEN, _pln_portal_checkin },
  { "POST", "/checkin/",    PLN_ACCESS_SITE_TOKEN, _pln_portal_checkin },
};

const PlnRoute *
_pln_portal_get_routes (guint *n_routes)
{
  *n_routes = G_N_ELEMENTS (routes);
  return routes;
}

typedef struct
{
  GSocket *socket;
  guint    timeout_id;
} HeaderDeadline;

static void
header_deadline_free (gpointer data)
{
  HeaderDeadline *deadline = data;

  g_clear_handle_id (&deadline->timeout_id, g_source_remove);
  g_clear_object (&deadline->socket);
  g_free (deadline);
}

static gboolean
on_header_deadline_cb (gpointer user_data)
{
  HeaderDeadline *deadline = user_data;

  deadline->timeout_id = 0;
  g_debug ("Closing a connection that sent no complete request in %u s", HEADER_SECONDS);
  g_socket_shutdown (deadline->socket, TRUE, TRUE, NULL);
  return G_SOURCE_REMOVE;
}

static HeaderDeadline *
header_deadline_new (GSocket *socket,
                     guint    seconds)
{
  HeaderDeadline *deadline = g_new0 (HeaderDeadline, 1);

  deadline->socket = g_object_ref (socket);
  deadline->timeout_id = g_timeout_add_seconds (seconds, on_header_deadline_cb, deadline);
  return deadline;
}

static void
on_message_got_body_cb (SoupServerMessage *msg,
                        gpointer           user_data)
{
  g_object_set_data (G_OBJECT (msg), "pln-header-deadline", NULL);
}

static void
on_message_wrote_headers_cb (SoupServerMessage *msg,
                             gpointer           user_data)
{
  GSocket *socket = g_object_get_data (G_OBJECT (msg), "pln-socket");

  g_object_set_data_full (G_OBJECT (msg), "pln-write-deadline",
                          header_deadline_new (socket, IDLE_SECONDS), header_deadline_free);
}

static void
on_message_wrote_body_cb (SoupServerMessage *msg,
                          gpointer           user_data)
{
  g_object_set_data (G_OBJECT (msg), "pln-write-deadline", NULL);
}

/* The socket under @msg. A connection the portal took for a media body
 * and gave back (see pln-portal-send.c) comes back through
 * soup_server_accept_iostream, for which libsoup 3.2 knows no GSocket; its
 * remote address, which libsoup keeps as we passed it, carries it. */
static GSocket *
message_socket (SoupServerMessage *msg)
{
  GSocket *socket = soup_server_message_get_socket (msg);
  GSocketAddress *remote;

  if (socket != NULL)
    return socket;
  remote = soup_server_message_get_remote_address (msg);
  return remote != NULL ? g_object_get_data (G_OBJECT (remote), "pln-socket") : NULL;
}

/* Connections libsoup works on, with what was last seen of each (see
 * SWEEP_SECONDS). */
typedef struct
{
  GSocket *socket;
  char    *client;         /* its remote address; NULL when unknown */
  gint64   last_activity;  /* monotonic µs: accepted, a request read, an answer written */
  gboolean refused;        /* over its client's limit: shut down, not counted */
} Connection;

static void
connection_free (gpointer data)
{
  Connection *connection = data;

  g_clear_object (&connection->socket);
  g_free (connection->client);
  g_free (connection);
}

/* The remote address of @socket as text, and whether it is this machine. */
static char *
socket_client (GSocket  *socket,
               gboolean *loopback)
{
  g_autoptr(GSocketAddress) remote = g_socket_get_remote_address (socket, NULL);
  GInetAddress *address;

  *loopback = FALSE;
  if (!G_IS_INET_SOCKET_ADDRESS (remote))
    return NULL;
  address = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote));
  *loopback = g_inet_address_get_is_loopback (address);
  return g_inet_address_to_string (address);
}

static guint
count_client_connections (PlnPortal  *self,
                          const char *client)
{
  GHashTableIter iter;
  Connection *connection;
  guint n = 0;

  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &connection))
    if (!connection->refused && g_strcmp0 (connection->client, client) == 0 &&
        !g_socket_is_closed (connection->socket))
      n++;
  return n;
}

/* Whether the client of @socket has gone: it closed or reset the
 * connection, or our own deadlines shut it down. Data still waiting to be
 * read (a pipelined request) is not a hang-up. */
static gboolean
socket_hung_up (GSocket *socket)
{
  struct pollfd pfd = { g_socket_get_fd (socket), POLLIN, 0 };
  char byte;
  ssize_t n;

  if (poll (&pfd, 1, 0) <= 0)
    return FALSE;
  if (pfd.revents & (POLLHUP | POLLERR | POLLNVAL))
    return TRUE;
  n = recv (pfd.fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
}

/* Every SWEEP_SECONDS while there are connections: forgets those libsoup
 * closed, closes those it keeps for nothing. */
static gboolean
on_connection_sweep_cb (gpointer user_data)
{
  PlnPortal *self = user_data;
  g_autoptr(GHashTable) sending = g_hash_table_new (NULL, NULL);
  gint64 now = g_get_monotonic_time ();
  GHashTableIter iter;
  gpointer send;
  Connection *connection;

  g_hash_table_iter_init (&iter, self->sends);
  while (g_hash_table_iter_next (&iter, &send, NULL))
    g_hash_table_add (sending, _pln_send_get_socket (send));

  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &connection))
    {
      gint64 quiet = now - connection->last_activity;

      if (g_socket_is_closed (connection->socket))
        {
          g_hash_table_iter_remove (&iter);
          continue;
        }
      /* A media body being sent has its own progress check. */
      if (g_hash_table_contains (sending, connection->socket))
        {
          connection->last_activity = now;
          continue;
        }
      if ((quiet >= HUNG_UP_SECONDS * G_USEC_PER_SEC && socket_hung_up (connection->socket)) ||
          quiet >= self->stuck_us)
        {
          g_debug ("Closing a connection from %s that libsoup kept: %s, nothing on it for %" G_GINT64_FORMAT " s",
                   connection->client ? connection->client : "?",
                   quiet >= self->stuck_us ? "stuck" : "its client hung up", quiet / G_USEC_PER_SEC);
          g_socket_close (connection->socket, NULL);
          g_hash_table_iter_remove (&iter);
        }
    }

  if (g_hash_table_size (self->connections) > 0)
    return G_SOURCE_CONTINUE;
  self->sweep_id = 0;
  return G_SOURCE_REMOVE;
}

static void
on_message_activity_cb (SoupServerMessage *msg,
                        gpointer           user_data)
{
  PlnPortal *self = user_data;
  GSocket *socket = g_object_get_data (G_OBJECT (msg), "pln-socket");
  Connection *connection = socket ? g_hash_table_lookup (self->connections, socket) : NULL;

  if (connection != NULL)
    connection->last_activity = g_get_monotonic_time ();
}

static void
on_message_wrote_body_data_cb (SoupServerMessage *msg,
                               guint              chunk_size,
                               gpointer           user_data)
{
  on_message_activity_cb (msg, user_data);
}

/* Notes the connection under @msg (a new one, or the next request on a
 * kept one) and refuses a client's connection beyond its limit. */
static void
track_connection (PlnPortal         *self,
                  SoupServerMessage *msg,
                  GSocket           *socket)
{
  Connection *connection = g_hash_table_lookup (self->connections, socket);

  if (connection == NULL)
    {
      gboolean loopback;

      connection = g_new0 (Connection, 1);
      connection->socket = g_object_ref (socket);
      connection->client = socket_client (socket, &loopback);
      g_hash_table_insert (self->connections, socket, connection);
      if (connection->client != NULL && (!loopback || self->limit_loopback) &&
          count_client_connections (self, connection->client) > self->client_limit)
        {
          connection->refused = TRUE;
          g_debug ("Refusing a connection from %s: it has %u open already",
                   connection->client, self->client_limit);
          g_socket_shutdown (socket, TRUE, TRUE, NULL);
        }
      if (self->sweep_id == 0)
        self->sweep_id = g_timeout_add_seconds (SWEEP_SECONDS, on_connection_sweep_cb, self);
    }
  connection->last_activity = g_get_monotonic_time ();

  g_signal_connect_object (msg, "got-headers", G_CALLBACK (on_message_activity_cb), self, 0);
  g_signal_connect_object (msg, "got-body", G_CALLBACK (on_message_activity_cb), self, 0);
  g_signal_connect_object (msg, "wrote-headers", G_CALLBACK (on_message_activity_cb), self, 0);
  g_signal_connect_object (msg, "wrote-body-data", G_CALLBACK (on_message_wrote_body_data_cb), self, 0);
  g_signal_connect_object (msg, "wrote-body", G_CALLBACK (on_message_activity_cb), self, 0);
  g_signal_connect_object (msg, "finished", G_CALLBACK (on_message_activity_cb), self, 0);
}

/* Every request, including an idle keep-alive connection waiting for its
 * next one, starts a deadline for its headers. */
static void
on_request_started_cb (SoupServer        *server,
                       SoupServerMessage *msg,
                       gpointer           user_data)
{
  PlnPortal *self = user_data;
  GSocket *socket = message_socket (msg);

  if (socket == NULL)
    return;

  g_object_set_data_full (G_OBJECT (msg), "pln-socket", g_object_ref (socket), g_object_unref);
  track_connection (self, msg, socket);
  g_object_set_data_full (G_OBJECT (msg), "pln-header-deadline",
                          header_deadline_new (socket, self->header_seconds),
                          header_deadline_free);
  g_signal_connect (msg, "got-body", G_CALLBACK (on_message_got_body_cb), NULL);
  g_signal_connect (msg, "wrote-headers", G_CALLBACK (on_message_wrote_headers_cb), NULL);
  g_signal_connect (msg, "wrote-body", G_CALLBACK (on_message_wrote_body_cb), NULL);
}

/* Answers @status and hangs up without reading the body. Setting a status
 * in the early handler is not enough: libsoup 3.2 still reads the whole
 * body first (and waits for it), so a lying Content-Length would hold the
 * connection open. We take the connection from libsoup instead. */
static void
reject_early (SoupServerMessage *msg,
              guint              status,
              const char        *reason)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);
  g_autofree char *answer = NULL;

  if (stream == NULL)
    {
      soup_server_message_set_status (msg, status, reason);
      return;
    }

  answer = g_strdup_printf ("HTTP/1.1 %u %s\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
                            status, reason ? reason : soup_status_get_phrase (status));
  /* A few bytes into an empty socket buffer: this does not block. */
  g_output_stream_write_all (g_io_stream_get_output_stream (stream), answer, strlen (answer),
                             NULL, NULL, NULL);
  g_io_stream_close (stream, NULL, NULL);
}

/* Refuses what libsoup itself would let through: called once the headers
 * are read, before any body. */
static void
on_early_request_cb (SoupServer        *server,
                     SoupServerMessage *msg,
                     const char        *path,
                     GHashTable        *query,
                     gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageHeadersIter iter;
  const char *name, *value;
  guint n_host = 0, n_length = 0, n_headers = 0;
  gsize header_bytes = 0;
  const char *method = soup_server_message_get_method (msg);

  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    {
      n_headers++;
      header_bytes += strlen (name) + strlen (value) + 4;
      if (g_ascii_strcasecmp (name, "Host") == 0)
        n_host++;
      else if (g_ascii_strcasecmp (name, "Content-Length") == 0)
        n_length++;
    }

  if (n_host > 1 || n_length > 1)
    {
      reject_early (msg, SOUP_STATUS_BAD_REQUEST, NULL);
      return;
    }
  if (n_headers > MAX_HEADERS || header_bytes > MAX_HEADER_BYTES)
    {
      reject_early (msg, 431, "Request Header Fields Too Large");
      return;
    }

  if (g_strcmp0 (method, "GET") == 0 || g_strcmp0 (method, "HEAD") == 0)
    return;

  if (g_strcmp0 (method, "POST") != 0)
    {
      reject_early (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      return;
    }

  /* Bodies must say their length up front, so the limit holds before reading. */
  if (soup_message_headers_get_encoding (headers) != SOUP_ENCODING_CONTENT_LENGTH)
    {
      reject_early (msg, SOUP_STATUS_LENGTH_REQUIRED, NULL);
      return;
    }
  if (soup_message_headers_get_content_length (headers) > MAX_BODY_BYTES)
    reject_early (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, NULL);
}

/* vi or en: ?lang= first (remembered in a cookie), then the cookie, then
 * the browser's Accept-Language; Vietnamese when nothing says. */
static const char *
choose_language (SoupServerMessage *msg,
                 GHashTable        *query)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *asked = query ? g_hash_table_lookup (query, "lang") : NULL;
  const char *cookie = soup_message_headers_get_one (headers, "Cookie");
  const char *accept = soup_message_headers_get_one (headers, "Accept-Language");
  double best_q = -1;
  const char *best = "vi";

  if (g_strcmp0 (asked, "vi") == 0 || g_strcmp0 (asked, "en") == 0)
    {
      g_autofree char *set = g_strdup_printf ("lang=%s; Path=/; SameSite=Lax; Max-Age=31536000", asked);
      soup_message_headers_append (soup_server_message_get_response_headers (msg), "Set-Cookie", set);
      return g_str_equal (asked, "vi") ? "vi" : "en";
    }

  if (cookie != NULL)
    {
      if (strstr (cookie, "lang=en") != NULL)
        return "en";
      if (strstr (cookie, "lang=vi") != NULL)
        return "vi";
    }

  if (accept != NULL)
    {
      g_auto(GStrv) items = g_strsplit (accept, ",", 16);

      for (guint i = 0; items[i] != NULL; i++)
        {
          g_auto(GStrv) parts = g_strsplit (g_strstrip (items[i]), ";", 2);
          const char *tag = parts[0];
          double q = 1.0;

          if (parts[1] != NULL)
            {
              const char *qs = strstr (parts[1], "q=");
              q = qs ? g_ascii_strtod (qs + 2, NULL) : 1.0;
            }
          if (q > best_q && (g_ascii_strncasecmp (tag, "vi", 2) == 0 ||
                             g_ascii_strncasecmp (tag, "en", 2) == 0))
            {
              best_q = q;
              best = g_ascii_strncasecmp (tag, "vi", 2) == 0 ? "vi" : "en";
            }
        }
    }

  return best;
}

/* A browser's form post must come from our own pages: an Origin (when
 * sent) must name the host the request was made to. */
static gboolean
origin_matches_host (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *origin = soup_message_headers_get_one (headers, "Origin");
  const char *host = soup_message_headers_get_one (headers, "Host");
  g_autoptr(GUri) uri = NULL;
  g_autofree char *origin_host = NULL;

  if (origin == NULL)
    return TRUE;
  if (host == NULL)
    return FALSE;
  uri = g_uri_parse (origin, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return FALSE;
  if (g_uri_get_port (uri) > 0)
    origin_host = g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));
  else
    origin_host = g_strdup (g_uri_get_host (uri));
  return g_ascii_strcasecmp (origin_host, host) == 0;
}

static void
on_request_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  PlnPortal *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  gboolean path_known = FALSE;
  PlnRequest request = {
    .portal = self,
    .msg = msg,
    .path = path,
    .method = method,
    .query = query,
  };

  request.lang = choose_language (msg, query);
  request.catalog = g_str_equal (request.lang, "vi") ? self->catalog_vi : NULL;

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Referrer-Policy", "same-origin");

  if (g_str_equal (method, "POST") && !origin_matches_host (msg))
    {
      _pln_respond_text (&request, SOUP_STATUS_FORBIDDEN, T (&request, N_("This form was sent from another site.")));
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      const PlnRoute *route = &routes[i];
      gboolean prefix = g_str_has_suffix (route->path, "/") && strlen (route->path) > 1;
      const char *rest;

      if (prefix ? !g_str_has_prefix (path, route->path) : !g_str_equal (path, route->path))
        continue;
      path_known = TRUE;

      if (!g_str_equal (route->method, method) &&
          !(g_str_equal (method, "HEAD") && g_str_equal (route->method, "GET")))
        continue;

      rest = prefix ? path + strlen (route->path) : "";
      route->handler (&request, rest);
      return;
    }

  if (path_known)
    _pln_respond_text (&request, SOUP_STATUS_METHOD_NOT_ALLOWED, T (&request, N_("This address does not take that kind of request.")));
  else
    _pln_respond_html (&request, SOUP_STATUS_NOT_FOUND, T (&request, N_("Not found")),
                       T (&request, N_("<p>There is nothing at this address. <a href=\"/\">Go to the start page</a>.</p>")));
}

static void
on_store_changed_cb (PlnStore   *store,
                     const char *table,
                     gpointer    user_data)
{
  PlnPortal *self = user_data;

  g_hash_table_remove_all (self->recordings);
  g_hash_table_remove_all (self->outputs);
  g_clear_pointer (&self->library, g_free);
}

static void
pln_portal_dispose (GObject *object)
{
  PlnPortal *self = (PlnPortal *)object;

  if (self->server != NULL)
    pln_portal_stop (self);
  g_clear_handle_id (&self->send_tick_id, g_source_remove);
  g_clear_handle_id (&self->sweep_id, g_source_remove);
  g_clear_pointer (&self->connections, g_hash_table_unref);
  g_clear_pointer (&self->sends, g_hash_table_unref);
  g_clear_object (&self->server);
  if (self->context != NULL)
    g_clear_signal_handler (&self->changed_id, pln_context_get_store (self->context));
  g_clear_pointer (&self->recordings, g_hash_table_unref);
  g_clear_pointer (&self->outputs, g_hash_table_unref);
  g_clear_pointer (&self->library, g_free);
  g_clear_object (&self->context);
  g_clear_pointer (&self->catalog_vi, pln_catalog_free);

  G_OBJECT_CLASS (pln_portal_parent_class)->dispose (object);
}

static void
pln_portal_class_init (PlnPortalClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pln_portal_dispose;
}

static void
pln_portal_init (PlnPortal *self)
{
  const char *localedir = g_getenv ("PLENARY_LOCALEDIR");
  const char *header_seconds = g_getenv ("PLENARY_PORTAL_HEADER_SECONDS");
  const char *client_limit = g_getenv ("PLENARY_PORTAL_CLIENT_CONNECTIONS");

  /* The CSRF secret must not be guessable: the kernel's random source. */
  if (getrandom (self->secret, sizeof self->secret, 0) != (ssize_t) sizeof self->secret)
    g_error ("The system has no random source for the portal's secret");

  self->catalog_vi = pln_catalog_load (localedir ? localedir : LOCALEDIR, GETTEXT_PACKAGE, "vi");
  self->sends = g_hash_table_new (NULL, NULL);
  self->connections = g_hash_table_new_full (NULL, NULL, NULL, connection_free);
  self->header_seconds = header_seconds ? (guint) g_ascii_strtoull (header_seconds, NULL, 10) : 0;
  if (self->header_seconds == 0)
    self->header_seconds = HEADER_SECONDS;
  self->stuck_us = (gint64) (self->header_seconds + IDLE_SECONDS) * G_USEC_PER_SEC;
  self->client_limit = client_limit ? (guint) g_ascii_strtoull (client_limit, NULL, 10) : 0;
  self->limit_loopback = self->client_limit > 0;
  if (self->client_limit == 0)
    self->client_limit = CLIENT_CONNECTIONS;
  self->recordings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->outputs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->server = soup_server_new ("server-header", "Plenary", NULL);
  g_signal_connect (self->server, "request-started", G_CALLBACK (on_request_started_cb), self);
  soup_server_add_early_handler (self->server, NULL, on_early_request_cb, self, NULL);
  soup_server_add_handler (self->server, NULL, on_request_cb, self, NULL);
}

PlnPortal *
pln_portal_new (PlnContext *context)
{
  PlnPortal *self;

  g_return_val_if_fail (PLN_IS_CONTEXT (context), NULL);

  self = g_object_new (PLN_TYPE_PORTAL, NULL);
  self->context = g_object_ref (context);
  self->changed_id = g_signal_connect (pln_context_get_store (context), "changed",
                                       G_CALLBACK (on_store_changed_cb), self);
  return self;
}

gboolean
pln_portal_listen (PlnPortal   *self,
                   const char  *address,
                   guint        port,
                   GError     **error)
{
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (PLN_IS_PORTAL (self), FALSE);

  socket_address = g_inet_socket_address_new_from_string (address, port);
  if (socket_address == NULL)
    {
      g_set_error (error, PLN_PORTAL_ERROR, PLN_PORTAL_ERROR_LISTEN,
                   _("“%s” is not an IP address to listen on. Give one such as 0.0.0.0 (every network) or 127.0.0.1 (this computer only)."),
                   address);
      return FALSE;
    }

  /* Our own socket, for its backlog: GSocket's default of 10 pending
   * connections makes a classroom of phones connecting at once lose SYNs,
   * and each retry waits 1, 2, 4… seconds (stalls of a minute were measured
   * with 200 viewers). */
  socket = g_socket_new (g_socket_address_get_family (socket_address),
                         G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &local_error);
  if (socket != NULL)
    {
      g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
      if (!g_socket_bind (socket, socket_address, TRUE, &local_error) ||
          !g_socket_listen (socket, &local_error))
        g_clear_object (&socket);
    }
  if (socket == NULL ||
      !soup_server_listen_socket (self->server, socket, 0, &local_error))
    {
      g_set_error (error, PLN_PORTAL_ERROR, PLN_PORTAL_ERROR_LISTEN,
                   _("Cannot start the portal on %s port %u: %s. Choose another port or stop the program using it."),
                   address, port, local_error->message);
      return FALSE;
    }
  return TRUE;
}

guint
pln_portal_get_port (PlnPortal *self)
{
  GSList *uris = soup_server_get_uris (self->server);
  guint port = uris ? (guint) g_uri_get_port (uris->data) : 0;

  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return port;
}

/**
 * pln_portal_dup_urls:
 *
 * Returns: (transfer full): the base URLs the portal answers on
 */
GStrv
pln_portal_dup_urls (PlnPortal *self)
{
  GSList *uris = soup_server_get_uris (self->server);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (GSList *l = uris; l != NULL; l = l->next)
    {
      g_autofree char *url = g_uri_to_string (l->data);
      g_strv_builder_add (builder, url);
    }
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return g_strv_builder_end (builder);
}

void
pln_portal_stop (PlnPortal *self)
{
  GHashTableIter iter;
  gpointer send;
  gpointer value;

  soup_server_disconnect (self->server);
  /* Media bodies being sent are ours, not libsoup's: close them too. */
  while (g_hash_table_size (self->sends) > 0)
    {
      g_hash_table_iter_init (&iter, self->sends);
      g_hash_table_iter_next (&iter, &send, NULL);
      _pln_send_cancel (send);
    }
  /* And the connections libsoup kept after its clients went. */
  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Connection *connection = value;

      if (!g_socket_is_closed (connection->socket))
        g_socket_close (connection->socket, NULL);
    }
  g_hash_table_remove_all (self->connections);
  g_clear_handle_id (&self->sweep_id, g_source_remove);
}

/* Once a second while media bodies are being sent: cut those that made no
 * progress for their time. */
static gboolean
on_send_tick_cb (gpointer user_data)
{
  PlnPortal *self = user_data;
  g_autoptr(GPtrArray) stalled = g_ptr_array_new ();
  gint64 now = g_get_monotonic_time ();
  GHashTableIter iter;
  gpointer send;

  g_hash_table_iter_init (&iter, self->sends);
  while (g_hash_table_iter_next (&iter, &send, NULL))
    if (_pln_send_is_stalled (send, now))
      g_ptr_array_add (stalled, send);
  for (guint i = 0; i < stalled->len; i++)
    _pln_send_cancel (g_ptr_array_index (stalled, i));

  if (g_hash_table_size (self->sends) > 0)
    return G_SOURCE_CONTINUE;
  self->send_tick_id = 0;
  return G_SOURCE_REMOVE;
}

void
_pln_portal_add_send (PlnPortal *self,
                      PlnSend   *send)
{
  g_hash_table_add (self->sends, send);
  if (self->send_tick_id == 0)
    self->send_tick_id = g_timeout_add_seconds (1, on_send_tick_cb, self);
}

void
_pln_portal_remove_send (PlnPortal *self,
                         PlnSend   *send)
{
  g_hash_table_remove (self->sends, send);
}

gboolean
_pln_portal_hand_back (PlnPortal *self,
                       GIOStream *stream,
                       GSocket   *socket)
{
  g_autoptr(GSocketAddress) local = g_socket_get_local_address (socket, NULL);
  g_autoptr(GSocketAddress) remote = g_socket_get_remote_address (socket, NULL);
  GSList *listeners = soup_server_get_listeners (self->server);
  gboolean listening = listeners != NULL;

  g_slist_free (listeners);
  if (!listening || !G_IS_INET_SOCKET_ADDRESS (local) || !G_IS_INET_SOCKET_ADDRESS (remote))
    return FALSE;
  g_object_set_data_full (G_OBJECT (remote), "pln-socket", g_object_ref (socket), g_object_unref);
  return soup_server_accept_iostream (self->server, stream, local, remote, NULL);
}

PlnContext *
_pln_portal_get_context (PlnPortal *self)
{
  return self->context;
}

const guint8 *
_pln_portal_get_secret (PlnPortal *self,
                        gsize     *length)
{
  *length = sizeof self->secret;
  return self->secret;
}

/* A player asks for range after range, each one a request: the recording,
 * its output paths and the library folder are looked up in the store once
 * and kept until it changes. Every request still asks sqlite whether
 * another process wrote (PRAGMA data_version, which empties this on a
 * change), so an organiser's change in the app holds for the very next
 * request; and the access check itself runs on every request. */
PlnRecording *
_pln_portal_lookup_recording (PlnPortal  *self,
                              const char *public_id)
{
  PlnStore *store = pln_context_get_store (self->context);
  PlnRecording *recording;

  pln_store_check_external_changes (store);
  recording = g_hash_table_lookup (self->recordings, public_id);
  if (recording == NULL)
    {
      /* Unknown ids are not kept: they cost a query, not memory. */
      recording = pln_store_find_recording_by_public_id (store, public_id, NULL);
      if (recording == NULL)
        return NULL;
      g_hash_table_insert (self->recordings, g_strdup (public_id), recording);
    }
  return g_object_ref (recording);
}

char *
_pln_portal_dup_output (PlnPortal  *self,
                        gint64      recording_id,
                        const char *kind)
{
  g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT "/%s", recording_id, kind);
  gpointer path = NULL;

  if (!g_hash_table_lookup_extended (self->outputs, key, NULL, &path))
    {
      path = pln_store_dup_recording_output (pln_context_get_store (self->context), recording_id, kind);
      g_hash_table_insert (self->outputs, g_steal_pointer (&key), path);
    }
  return g_strdup (path);
}

char *
_pln_portal_dup_library (PlnPortal *self)
{
  if (self->library == NULL)
    self->library = pln_store_dup_library_path (pln_context_get_store (self->context));
  return g_strdup (self->library);
}
