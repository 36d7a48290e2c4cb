/* pln-portal-checkin.c: /checkin/{token}, where a bridge point says it is
 * connected and how many people sit in its room.
 *
 * Made for a phone on a slow link: one small page, no script, one form, so
 * that checking in is at most two taps (type the count, press the button).
 * A wrong or expired token gets a plain refusal and nothing else.
 */
#define G_LOG_DOMAIN "plenary-portal"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "pln-bridge-point.h"
#include "pln-event.h"
#include "pln-portal-private.h"
#include "pln-store.h"

/* A token stays valid until a day after its event ends. */
#define TOKEN_GRACE_SECONDS (24 * 3600)
/* At most this many check-ins per token and minute. */
#define MAX_POSTS_PER_MINUTE 20
#define MAX_COUNT 100000

typedef struct
{
  gint64 window_start;
  guint  posts;
} RateWindow;

static GHashTable *rate_windows;

static gboolean
token_is_well_formed (const char *token)
{
  if (strlen (token) != 32)
    return FALSE;
  for (const char *p = token; *p; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

static gboolean
rate_limit_allows (const char *token)
{
  gint64 now = g_get_monotonic_time () / G_USEC_PER_SEC;
  RateWindow *window;

  if (rate_windows == NULL)
    rate_windows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  window = g_hash_table_lookup (rate_windows, token);
  if (window == NULL)
    {
      window = g_new0 (RateWindow, 1);
      g_hash_table_insert (rate_windows, g_strdup (token), window);
    }
  if (now - window->window_start >= 60)
    {
      window->window_start = now;
      window->posts = 0;
    }
  return ++window->posts <= MAX_POSTS_PER_MINUTE;
}

static void
refuse (PlnRequest *request)
{
  _pln_respond_text (request, SOUP_STATUS_FORBIDDEN,
                     T (request, N_("This check-in link is not valid. Ask the organiser for your site’s link.")));
}

static char *
format_local_time (gint64 unix_seconds)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Asia/Ho_Chi_Minh");
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_seconds);
  g_autoptr(GDateTime) local = NULL;

  if (zone == NULL)
    zone = g_time_zone_new_offset (7 * 3600);
  local = g_date_time_to_timezone (utc, zone);
  return g_date_time_format (local, "%H:%M %d/%m/%Y");
}

static void
render_page (PlnRequest     *request,
             const char     *token,
             PlnBridgePoint *point,
             PlnEvent       *event,
             const char     *notice)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *event_title = _pln_html_escape (pln_event_get_title (event));
  g_autofree char *site_name = _pln_html_escape (pln_bridge_point_get_site_name (point));
  g_autofree char *starts = format_local_time (pln_event_get_starts_at (event));
  g_autofree char *csrf = _pln_csrf_token (request->portal, token);
  int reported = pln_bridge_point_get_reported_count (point);
  PlnLinkStatus status = pln_bridge_point_get_link_status (point);
  g_autofree char *count_value = reported >= 0 ? g_strdup_printf ("%d", reported) : g_strdup ("");

  if (notice != NULL)
    g_string_append_printf (body, "<p class=\"notice\" role=\"status\">%s</p>\n", notice);

  g_string_append_printf (body,
                          "<p class=\"event\">%s<br><span class=\"dim\">%s</span></p>\n"
                          "<p class=\"site\">%s: <strong id=\"site\">%s</strong></p>\n",
                          event_title, starts, T (request, N_("Bridge point")), site_name);

  g_string_append_printf (body, "<p class=\"state\" id=\"state\">%s</p>\n",
                          status == PLN_LINK_STATUS_CONNECTED
                            ? T (request, N_("Connected: the organiser can see you."))
                            : T (request, N_("Not reported as connected yet.")));

  g_string_append_printf (body,
                          "<form method=\"post\" action=\"/checkin/%s\">\n"
                          "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n"
                          "<input type=\"hidden\" name=\"connected\" value=\"1\">\n"
                          "<label for=\"count\">%s</label>\n"
                          "<input id=\"count\" name=\"count\" type=\"number\" inputmode=\"numeric\" min=\"0\" max=\"%d\" value=\"%s\">\n"
                          "<button type=\"submit\">%s</button>\n"
                          "</form>\n",
                          token, csrf,
                          T (request, N_("People in the room")), MAX_COUNT, count_value,
                          T (request, N_("We are connected")));

  _pln_respond_html (request, SOUP_STATUS_OK, T (request, N_("Check-in")), body->str);
}

static void
handle_post (PlnRequest     *request,
             const char     *token,
             PlnBridgePoint *point,
             PlnEvent       *event)
{
  PlnStore *store = pln_context_get_store (_pln_portal_get_context (request->portal));
  g_autoptr(GHashTable) form = _pln_request_parse_form (request);
  g_autoptr(GError) error = NULL;
  const char *count_text, *connected;
  gint64 count = -1;

  if (form == NULL || !_pln_csrf_check (request->portal, token, g_hash_table_lookup (form, "csrf")))
    {
      _pln_respond_text (request, SOUP_STATUS_FORBIDDEN,
                         T (request, N_("This form has expired. Open the check-in link again and resend.")));
      return;
    }

  count_text = g_hash_table_lookup (form, "count");
  connected = g_hash_table_lookup (form, "connected");

  if (count_text != NULL && *count_text != '\0')
    {
      char *end = NULL;

      count = g_ascii_strtoll (count_text, &end, 10);
      if (end == NULL || *end != '\0' || count < 0 || count > MAX_COUNT)
        {
          g_autofree char *message = g_strdup_printf (T (request, N_("“%s” is not a head-count: type a whole number from 0 to %d.")),
                                                      count_text, MAX_COUNT);
          g_autofree char *notice = _pln_html_escape (message);

          render_page (request, token, point, event, notice);
          soup_server_message_set_status (request->msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, NULL);
          return;
        }
    }

  if (g_strcmp0 (connected, "1") == 0 &&
      !pln_store_set_link_status (store, pln_bridge_point_get_id (point),
                                  PLN_LINK_STATUS_CONNECTED, 0, &error))
    goto failed;

  if (count >= 0 &&
      !pln_store_report_count (store, pln_bridge_point_get_id (point), (int) count, 0, &error))
    goto failed;

  {
    g_autofree char *location = g_strdup_printf ("/checkin/%s?saved=1", token);

    soup_server_message_set_redirect (request->msg, SOUP_STATUS_SEE_OTHER, location);
  }
  return;

failed:
  g_warning ("Check-in of point %" G_GINT64_FORMAT " failed: %s",
             pln_bridge_point_get_id (point), error->message);
  _pln_respond_text (request, SOUP_STATUS_SERVICE_UNAVAILABLE,
                     T (request, N_("Your check-in could not be saved. Send it again in a moment.")));
}

/* The point whose token is @token, if it is valid and not expired; else
 * NULL with the plain refusal already answered. Also applies the per-token
 * rate limit to writes. */
PlnBridgePoint *
_pln_portal_find_checkin_point (PlnRequest *request,
                                const char *token)
{
  PlnStore *store = pln_context_get_store (_pln_portal_get_context (request->portal));
  g_autoptr(PlnBridgePoint) point = NULL;
  g_autoptr(PlnEvent) event = NULL;

  if (!token_is_well_formed (token))
    {
      refuse (request);
      return NULL;
    }

  point = pln_store_find_point_by_token (store, token, NULL);
  /* The lookup matched; compare again in constant time so the answer's
   * timing never depends on how much of a guess was right. */
  if (point == NULL || !_pln_constant_time_equal (pln_bridge_point_get_token (point), token))
    {
      refuse (request);
      return NULL;
    }

  event = pln_store_get_event (store, pln_bridge_point_get_event_id (point), NULL);
  if (event == NULL ||
      g_get_real_time () / G_USEC_PER_SEC > pln_event_get_ends_at (event) + TOKEN_GRACE_SECONDS)
    {
      refuse (request);
      return NULL;
    }

  if (g_str_equal (request->method, "POST") && !rate_limit_allows (token))
    {
      _pln_respond_text (request, 429,
                         T (request, N_("Too many check-ins in a minute. Wait a minute and send again.")));
      return NULL;
    }

  return g_steal_pointer (&point);
}

void
_pln_portal_checkin (PlnRequest *request,
                     const char *token)
{
  PlnStore *store = pln_context_get_store (_pln_portal_get_context (request->portal));
  g_autoptr(PlnBridgePoint) point = _pln_portal_find_checkin_point (request, token);
  g_autoptr(PlnEvent) event = NULL;

  if (point == NULL)
    return;
  event = pln_store_get_event (store, pln_bridge_point_get_event_id (point), NULL);
  if (event == NULL)
    {
      refuse (request);
      return;
    }

  if (g_str_equal (request->method, "POST"))
    {
      handle_post (request, token, point, event);
      return;
    }

  render_page (request, token, point, event,
               request->query && g_hash_table_contains (request->query, "saved")
                 ? T (request, N_("Thank you: the organiser has your report."))
                 : NULL);
}
