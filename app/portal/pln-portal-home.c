/* pln-portal-home.c: the start page and the stylesheet. */
#define G_LOG_DOMAIN "plenary-portal"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pln-event.h"
#include "pln-portal-private.h"
#include "pln-store.h"

/* Kept tiny: a check-in page with it must stay far below 20 KB on a
 * commune station's phone. */
static const char style_css[] =
  /* A long word (a code, an address) wraps rather than runs off a phone's
   * screen; "anywhere" where the browser knows it, so flex items shrink too. */
  "body{font-family:system-ui,sans-serif;margin:0;color:#241f31;background:#fafafa;line-height:1.4;"
  "overflow-wrap:break-word;overflow-wrap:anywhere}"
  "video,img{max-width:100%}input[type=search]{font-size:1em;padding:.3em;width:100%;box-sizing:border-box}"
  "header{display:flex;justify-content:space-between;align-items:center;padding:.6em 1em;background:#1c71d8}"
  "header a{color:#fff;text-decoration:none}.brand{font-weight:bold}"
  "main{max-width:40em;margin:0 auto;padding:1em}h1{font-size:1.4em}"
  ".dim{color:#5e5c64}.notice{background:#e8f5e9;border-left:4px solid #2ec27e;padding:.6em}"
  ".state{font-weight:bold}label{display:block;margin:.8em 0 .3em}"
  "input[type=number]{font-size:1.4em;width:100%;max-width:10em;padding:.3em;box-sizing:border-box}"
  "button{display:block;margin-top:1em;font-size:1.2em;padding:.6em 1.2em;border:0;border-radius:.4em;"
  "background:#2ec27e;color:#fff;width:100%;max-width:20em}"
  "ul.events{list-style:none;padding:0}ul.events li{background:#fff;margin:.4em 0;padding:.6em;border-radius:.4em}";

void
_pln_portal_style (PlnRequest *request,
                   const char *rest)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (style_css, sizeof style_css - 1);

  soup_message_headers_replace (soup_server_message_get_response_headers (request->msg),
                                "Cache-Control", "max-age=86400");
  _pln_respond_bytes (request, SOUP_STATUS_OK, "text/css; charset=utf-8", bytes);
}

static const char *
kind_label (PlnRequest   *request,
            PlnEventKind  kind)
{
  switch (kind)
    {
    case PLN_EVENT_KIND_CONFERENCE:
      return T (request, N_("Conference"));
    case PLN_EVENT_KIND_TRAINING:
      return T (request, N_("Training"));
    case PLN_EVENT_KIND_WORKSHOP:
      return T (request, N_("Workshop"));
    default:
      return "";
    }
}

void
_pln_portal_home (PlnRequest *request,
                  const char *rest)
{
  PlnStore *store = pln_context_get_store (_pln_portal_get_context (request->portal));
  g_autoptr(GListModel) events = pln_store_get_events_model (store);
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Asia/Ho_Chi_Minh");
  g_autoptr(GString) body = g_string_new (NULL);
  guint n = g_list_model_get_n_items (events);

  g_string_append_printf (body, "<p>%s</p>\n",
                          T (request, N_("Conferences and trainings of the health network. Bridge points check in with the link their organiser sent them.")));
  g_string_append_printf (body, "<h2>%s</h2>\n", T (request, N_("Events")));

  if (n == 0)
    g_string_append_printf (body, "<p class=\"dim\">%s</p>\n", T (request, N_("No events yet.")));

  g_string_append (body, "<ul class=\"events\">\n");
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(PlnEvent) event = g_list_model_get_item (events, i - 1);
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (pln_event_get_starts_at (event));
      g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, zone);
      g_autofree char *when = g_date_time_format (local, "%d/%m/%Y %H:%M");
      g_autofree char *title = _pln_html_escape (pln_event_get_title (event));

      g_string_append_printf (body, "<li><strong>%s</strong><br><span class=\"dim\">%s · %s</span></li>\n",
                              title, kind_label (request, pln_event_get_kind (event)), when);
    }
  g_string_append (body, "</ul>\n");

  _pln_respond_html (request, SOUP_STATUS_OK, T (request, N_("Plenary portal")), body->str);
}
