/* pln-checkin-sheet.c: see pln-checkin-sheet.h. The QR codes are inline
 * SVG, so the page needs nothing else and prints sharp at any size. */
#define G_LOG_DOMAIN "plenary-portal"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <qrencode.h>
#include <string.h>

#include "pln-bridge-point.h"
#include "pln-checkin-sheet.h"
#include "pln-event.h"

char *
pln_qr_svg (const char *text,
            int         size)
{
  QRcode *code = QRcode_encodeString (text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  g_autoptr(GString) svg = NULL;
  int quiet = 4;

  if (code == NULL)
    return NULL;

  svg = g_string_new (NULL);
  g_string_append_printf (svg,
                          "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                          "viewBox=\"0 0 %d %d\" shape-rendering=\"crispEdges\">"
                          "<rect width=\"100%%\" height=\"100%%\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
                          size, size, code->width + 2 * quiet, code->width + 2 * quiet);
  for (int y = 0; y < code->width; y++)
    for (int x = 0; x < code->width; x++)
      if (code->data[y * code->width + x] & 1)
        g_string_append_printf (svg, "M%d %dh1v1h-1z", x + quiet, y + quiet);
  g_string_append (svg, "\"/></svg>");

  QRcode_free (code);
  return g_string_free (g_steal_pointer (&svg), FALSE);
}

char *
pln_checkin_sheet_render (PlnStore    *store,
                          gint64       event_id,
                          const char  *base_url,
                          GError     **error)
{
  g_autoptr(PlnEvent) event = NULL;
  g_autoptr(GString) html = NULL;
  g_autofree char *title = NULL;
  g_autofree char *base = NULL;
  g_autoptr(GListModel) points = NULL;

  event = pln_store_get_event (store, event_id, error);
  if (event == NULL)
    return NULL;

  base = g_strdup (base_url);
  while (g_str_has_suffix (base, "/"))
    base[strlen (base) - 1] = '\0';

  title = g_markup_escape_text (pln_event_get_title (event), -1);
  html = g_string_new (NULL);
  g_string_append_printf (html,
                          "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>%s</title><style>"
                          "@page{size:A4;margin:12mm}body{font-family:sans-serif;margin:0}"
                          "h1{font-size:14pt}.cards{display:grid;grid-template-columns:repeat(3,1fr);gap:6mm}"
                          ".card{border:1px dashed #999;padding:3mm;text-align:center;break-inside:avoid;font-size:9pt}"
                          ".card svg{width:40mm;height:40mm}.url{font-family:monospace;font-size:6.5pt;word-break:break-all}"
                          "</style></head><body><h1>%s</h1><p>%s</p><div class=\"cards\">\n",
                          title, title,
                          _("Each bridge point scans its own code to report that it is connected and how many people are in the room."));

  points = pln_store_get_points_model (store, event_id);
  for (guint i = 0; i < g_list_model_get_n_items (points); i++)
    {
      g_autoptr(PlnBridgePoint) point = g_list_model_get_item (points, i);
      g_autofree char *url = g_strdup_printf ("%s/checkin/%s", base, pln_bridge_point_get_token (point));
      g_autofree char *svg = pln_qr_svg (url, 160);
      g_autofree char *name = g_markup_escape_text (pln_bridge_point_get_site_name (point), -1);
      g_autofree char *url_html = g_markup_escape_text (url, -1);

      g_string_append_printf (html, "<div class=\"card\"><strong>%s</strong><br>%s<div class=\"url\">%s</div></div>\n",
                              name, svg ? svg : "", url_html);
    }
  g_string_append (html, "</div></body></html>\n");

  return g_string_free (g_steal_pointer (&html), FALSE);
}
