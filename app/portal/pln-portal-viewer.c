/* pln-portal-viewer.c: staff sign in with their personal code; a session
 * cookie (128 random bits, HttpOnly) then names them on every request.
 * Sessions live in memory only: restarting the portal signs everyone out,
 * which is the safe side for a server on a shared network. */
#define G_LOG_DOMAIN "plenary-portal"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/random.h>

#include "pln-portal-private.h"
#include "pln-store-recordings.h"
#include "pln-store-viewers.h"

#define SESSION_COOKIE "plenary_session"
#define SESSION_SECONDS (12 * 3600)
#define MAX_ATTEMPTS_PER_MINUTE 10

typedef struct
{
  gint64  person_id;
  char   *name;
  gint64  expires;
} Session;

typedef struct
{
  gint64 window_start;
  guint  attempts;
} Attempts;

static GHashTable *sessions;   /* session id → Session */
static GHashTable *attempts;   /* client address → Attempts */

static void
session_free (gpointer data)
{
  Session *session = data;

  g_free (session->name);
  g_free (session);
}

static gint64
now_seconds (void)
{
  return g_get_monotonic_time () / G_USEC_PER_SEC;
}

static const Session *
find_session (PlnRequest *request)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (request->msg);
  const char *cookies = soup_message_headers_get_one (headers, "Cookie");
  g_auto(GStrv) pairs = NULL;
  Session *session = NULL;

  if (cookies == NULL || sessions == NULL)
    return NULL;

  pairs = g_strsplit (cookies, ";", 32);
  for (guint i = 0; pairs[i] != NULL && session == NULL; i++)
    {
      const char *pair = g_strstrip (pairs[i]);

      if (g_str_has_prefix (pair, SESSION_COOKIE "="))
        session = g_hash_table_lookup (sessions, pair + strlen (SESSION_COOKIE "="));
    }

  if (session != NULL && session->expires < now_seconds ())
    return NULL;
  return session;
}

gint64
_pln_portal_get_viewer (PlnRequest *request)
{
  const Session *session = find_session (request);

  return session ? session->person_id : 0;
}

const char *
_pln_portal_get_viewer_name (PlnRequest *request)
{
  const Session *session = find_session (request);

  return session ? session->name : NULL;
}

static gboolean
attempt_allowed (PlnRequest *request)
{
  const char *address = soup_server_message_get_remote_host (request->msg);
  Attempts *entry;

  if (attempts == NULL)
    attempts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (address == NULL)
    address = "";

  entry = g_hash_table_lookup (attempts, address);
  if (entry == NULL)
    {
      entry = g_new0 (Attempts, 1);
      g_hash_table_insert (attempts, g_strdup (address), entry);
    }
  if (now_seconds () - entry->window_start >= 60)
    {
      entry->window_start = now_seconds ();
      entry->attempts = 0;
    }
  return ++entry->attempts <= MAX_ATTEMPTS_PER_MINUTE;
}

/* Only our own paths: never a redirect to another site. */
static const char *
safe_next (const char *next)
{
  if (next == NULL || next[0] != '/' || next[1] == '/' || next[1] == '\\' ||
      strpbrk (next, "\r\n") != NULL)
    return "/library";
  return next;
}

static void
render_signin (PlnRequest *request,
               const char *next,
               const char *notice)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *csrf = _pln_csrf_token (request->portal, "signin");
  g_autofree char *next_html = _pln_html_escape (safe_next (next));

  if (notice != NULL)
    g_string_append_printf (body, "<p class=\"notice\" role=\"alert\">%s</p>\n", notice);
  g_string_append_printf (body,
                          "<p>%s</p>\n"
                          "<form method=\"post\" action=\"/signin\">\n"
                          "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n"
                          "<input type=\"hidden\" name=\"next\" value=\"%s\">\n"
                          "<label for=\"code\">%s</label>\n"
                          "<input id=\"code\" name=\"code\" type=\"password\" autocomplete=\"current-password\" required>\n"
                          "<button type=\"submit\">%s</button>\n</form>\n",
                          T (request, N_("Sign in with the personal code the office gave you, so that what you watch counts toward your courses.")),
                          csrf, next_html,
                          T (request, N_("Personal code")),
                          T (request, N_("Sign in")));
  _pln_respond_html (request, SOUP_STATUS_OK, T (request, N_("Sign in")), body->str);
}

void
_pln_portal_signin (PlnRequest *request,
                    const char *rest)
{
  PlnStore *store = pln_context_get_store (_pln_portal_get_context (request->portal));
  g_autoptr(GHashTable) form = NULL;
  g_autofree char *name = NULL;
  guint8 raw[16];
  g_autofree char *session_id = NULL;
  g_autofree char *cookie = NULL;
  Session *session;
  gint64 person_id;

  if (g_str_equal (request->method, "GET"))
    {
      render_signin (request, request->query ? g_hash_table_lookup (request->query, "next") : NULL, NULL);
      return;
    }

  form = _pln_request_parse_form (request);
  if (form == NULL || !_pln_csrf_check (request->portal, "signin", g_hash_table_lookup (form, "csrf")))
    {
      _pln_respond_text (request, SOUP_STATUS_FORBIDDEN,
                         T (request, N_("This form has expired. Open the sign-in page again.")));
      return;
    }

  if (!attempt_allowed (request))
    {
      _pln_respond_text (request, 429, T (request, N_("Too many attempts. Wait a minute and try again.")));
      return;
    }

  person_id = pln_store_find_person_by_signin_code (store, g_hash_table_lookup (form, "code"), &name);
  if (person_id == 0)
    {
      render_signin (request, g_hash_table_lookup (form, "next"),
                     T (request, N_("This code is not known. Check it, or ask the office for yours.")));
      soup_server_message_set_status (request->msg, SOUP_STATUS_UNAUTHORIZED, NULL);
      return;
    }

  if (getrandom (raw, sizeof raw, 0) != sizeof raw)
    {
      _pln_respond_text (request, SOUP_STATUS_SERVICE_UNAVAILABLE,
                         T (request, N_("Signing in is not possible right now. Try again in a moment.")));
      return;
    }
  session_id = g_malloc0 (2 * sizeof raw + 1);
  for (guint i = 0; i < sizeof raw; i++)
    g_snprintf (session_id + 2 * i, 3, "%02x", raw[i]);

  if (sessions == NULL)
    sessions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, session_free);
  session = g_new0 (Session, 1);
  session->person_id = person_id;
  session->name = g_steal_pointer (&name);
  session->expires = now_seconds () + SESSION_SECONDS;
  g_hash_table_insert (sessions, g_strdup (session_id), session);

  cookie = g_strdup_printf (SESSION_COOKIE "=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%d",
                            session_id, SESSION_SECONDS);
  soup_message_headers_append (soup_server_message_get_response_headers (request->msg), "Set-Cookie", cookie);
  soup_server_message_set_redirect (request->msg, SOUP_STATUS_SEE_OTHER, safe_next (g_hash_table_lookup (form, "next")));
}

/* POST /api/progress: recording={public id}&start=S&end=S (seconds,
 * decimals allowed) from the player, for the signed-in viewer. */
void
_pln_portal_api_progress (PlnRequest *request,
                          const char *rest)
{
  PlnStore *store = pln_context_get_store (_pln_portal_get_context (request->portal));
  gint64 viewer = _pln_portal_get_viewer (request);
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(PlnRecording) recording = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *scope = NULL;
  const char *start_text, *end_text;
  double start, end;
  char *tail = NULL;

  if (viewer == 0)
    {
      _pln_respond_text (request, SOUP_STATUS_UNAUTHORIZED, T (request, N_("Sign in first.")));
      return;
    }

  scope = g_strdup_printf ("progress:%" G_GINT64_FORMAT, viewer);
  form = _pln_request_parse_form (request);
  if (form == NULL || !_pln_csrf_check (request->portal, scope, g_hash_table_lookup (form, "csrf")))
    {
      _pln_respond_text (request, SOUP_STATUS_FORBIDDEN, T (request, N_("This form has expired. Reload the page.")));
      return;
    }

  start_text = g_hash_table_lookup (form, "start");
  end_text = g_hash_table_lookup (form, "end");
  start = start_text ? g_ascii_strtod (start_text, &tail) : -1;
  if (tail == NULL || *tail != '\0')
    start = -1;
  tail = NULL;
  end = end_text ? g_ascii_strtod (end_text, &tail) : -1;
  if (tail == NULL || *tail != '\0')
    end = -1;
  if (!(start >= 0 && end > start && end < 24 * 3600 * 7))
    {
      _pln_respond_text (request, SOUP_STATUS_BAD_REQUEST,
                         T (request, N_("A watched interval needs a start and a later end, in seconds.")));
      return;
    }

  recording = _pln_portal_find_visible_recording (request, g_hash_table_lookup (form, "recording")
                                                           ? g_hash_table_lookup (form, "recording") : "");
  if (recording == NULL)
    return;

  if (!pln_store_add_progress (store, viewer, pln_recording_get_id (recording),
                               (gint64) (start * 1000), (gint64) (end * 1000), "portal", &error))
    {
      g_warning ("Cannot save progress: %s", error->message);
      _pln_respond_text (request, SOUP_STATUS_SERVICE_UNAVAILABLE,
                         T (request, N_("Your progress could not be saved. It will be sent again.")));
      return;
    }

  soup_server_message_set_status (request->msg, SOUP_STATUS_NO_CONTENT, NULL);
}

char *
_pln_portal_progress_csrf (PlnRequest *request)
{
  g_autofree char *scope = g_strdup_printf ("progress:%" G_GINT64_FORMAT, _pln_portal_get_viewer (request));

  return _pln_csrf_token (request->portal, scope);
}
