/* pln-portal-response.c: answers, escaping, forms and CSRF tokens. */
#define G_LOG_DOMAIN "plenary-portal"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pln-portal-private.h"

char *
_pln_html_escape (const char *text)
{
  return g_markup_escape_text (text != NULL ? text : "", -1);
}

void
_pln_respond_bytes (PlnRequest *request,
                    guint       status,
                    const char *content_type,
                    GBytes     *bytes)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  soup_server_message_set_status (request->msg, status, NULL);
  soup_server_message_set_response (request->msg, content_type, SOUP_MEMORY_COPY, data, size);
}

void
_pln_respond_text (PlnRequest *request,
                   guint       status,
                   const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  _pln_respond_bytes (request, status, "text/plain; charset=utf-8", bytes);
}

/* Pages share one small frame: the title, a language switch and the
 * stylesheet, nothing fetched from outside the local network. */
void
_pln_respond_html (PlnRequest *request,
                   guint       status,
                   const char *title,
                   const char *body_html)
{
  g_autoptr(GString) page = g_string_new (NULL);
  g_autofree char *title_html = _pln_html_escape (title);
  g_autofree char *switch_path = _pln_html_escape (request->path);
  gboolean vi = g_str_equal (request->lang, "vi");
  gsize size;
  char *data;

  g_string_append_printf (page,
                          "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
                          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                          "<title>%s · Plenary</title><link rel=\"stylesheet\" href=\"/style.css\"></head>"
                          "<body><header><a class=\"brand\" href=\"/\">Plenary</a>"
                          "<nav class=\"lang\"><a href=\"%s?lang=%s\">%s</a></nav></header>"
                          "<main><h1>%s</h1>\n%s\n</main></body></html>\n",
                          request->lang, title_html,
                          switch_path, vi ? "en" : "vi", vi ? "English" : "Tiếng Việt",
                          title_html, body_html);

  soup_message_headers_replace (soup_server_message_get_response_headers (request->msg),
                                "Content-Language", request->lang);
  soup_message_headers_replace (soup_server_message_get_response_headers (request->msg),
                                "Cache-Control", "no-store");
  soup_server_message_set_status (request->msg, status, NULL);
  size = page->len;
  data = g_string_free (g_steal_pointer (&page), FALSE);
  soup_server_message_set_response (request->msg, "text/html; charset=utf-8", SOUP_MEMORY_TAKE, data, size);
}

GHashTable *
_pln_request_parse_form (PlnRequest *request)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (request->msg);
  SoupMessageBody *body = soup_server_message_get_request_body (request->msg);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  const char *type;
  gsize size;
  const char *data;

  type = soup_message_headers_get_content_type (headers, NULL);
  if (g_strcmp0 (type, "application/x-www-form-urlencoded") != 0)
    return NULL;

  bytes = soup_message_body_flatten (body);
  data = g_bytes_get_data (bytes, &size);
  if (memchr (data, '\0', size) != NULL)
    return NULL;
  text = g_strndup (data, size);
  return soup_form_decode (text);
}

static char *
csrf_for (PlnPortal  *self,
          const char *scope)
{
  gsize length;
  const guint8 *secret = _pln_portal_get_secret (self, &length);

  return g_compute_hmac_for_string (G_CHECKSUM_SHA256, secret, length, scope, -1);
}

char *
_pln_csrf_token (PlnPortal  *self,
                 const char *scope)
{
  return csrf_for (self, scope);
}

gboolean
_pln_constant_time_equal (const char *a,
                          const char *b)
{
  gsize la, lb;
  guint8 diff;

  if (a == NULL || b == NULL)
    return FALSE;
  la = strlen (a);
  lb = strlen (b);
  diff = la != lb;
  for (gsize i = 0; i < la; i++)
    diff |= (guint8) a[i] ^ (guint8) b[i % (lb ? lb : 1)];
  return diff == 0;
}

gboolean
_pln_csrf_check (PlnPortal  *self,
                 const char *scope,
                 const char *value)
{
  g_autofree char *expected = csrf_for (self, scope);

  return _pln_constant_time_equal (expected, value);
}
