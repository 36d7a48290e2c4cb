/* pln-checkin-sheet.h: a printable page of every bridge point's check-in
 * link as a QR code, for the organiser to send to the sites. */
#pragma once

#include "pln-store.h"

G_BEGIN_DECLS

/* @base_url: how the sites reach the portal ("http://192.168.1.10:8080").
 * Returns an HTML document (A4, one card per point), or NULL with @error. */
char *pln_checkin_sheet_render (PlnStore    *store,
                                gint64       event_id,
                                const char  *base_url,
                                GError     **error);
/* The QR code of @text as an SVG element of @size CSS pixels, or NULL. */
char *pln_qr_svg              (const char  *text,
                                int          size);

G_END_DECLS
