/* pln-portal-private.h: what the portal's route files share. */
#pragma once

#include <libsoup/soup.h>

#include "pln-bridge-point.h"
#include "pln-catalog.h"
#include "pln-http-range.h"
#include "pln-recording.h"
#include "pln-portal.h"

G_BEGIN_DECLS

/* Who may call a route. Every route declares one; the route table is the
 * one place that says it, so a test can walk it. */
typedef enum
{
  PLN_ACCESS_PUBLIC,      /* anyone on the network */
  PLN_ACCESS_SITE_TOKEN,  /* the bridge point's own token, in the path */
  PLN_ACCESS_VIEWER,      /* a signed-in member of staff */
} PlnAccess;

/* One request as the route handlers see it. */
typedef struct
{
  PlnPortal         *portal;
  SoupServerMessage *msg;
  const char        *path;
  const char        *method;
  GHashTable        *query;      /* may be NULL */
  const char        *lang;       /* "vi" or "en" */
  PlnCatalog        *catalog;    /* for lang */
} PlnRequest;

typedef void (*PlnRouteFunc) (PlnRequest *request,
                              const char *rest);

typedef struct
{
  const char   *method;      /* "GET" (HEAD follows it) or "POST" */
  const char   *path;        /* exact, or a prefix when it ends with '/' */
  PlnAccess     access;
  PlnRouteFunc  handler;
} PlnRoute;

/* The table, for the authorisation tests. */
const PlnRoute *_pln_portal_get_routes      (guint       *n_routes);
PlnContext     *_pln_portal_get_context     (PlnPortal   *self);
/* Store look-ups of media requests, kept until the store changes (another
 * process's writes are noticed on the next look-up). */
PlnRecording   *_pln_portal_lookup_recording (PlnPortal  *self,
                                              const char *public_id);
char           *_pln_portal_dup_output      (PlnPortal   *self,
                                             gint64       recording_id,
                                             const char  *kind);
char           *_pln_portal_dup_library     (PlnPortal   *self);
/* A secret made at start-up, for CSRF tokens. */
const guint8   *_pln_portal_get_secret      (PlnPortal   *self,
                                             gsize       *length);

/* Translation for this request: T(request, "msgid") with N_() at the call. */
#define T(request, msgid) pln_catalog_lookup ((request)->catalog, (msgid))

/* Responses. */
void  _pln_respond_html     (PlnRequest *request,
                             guint       status,
                             const char *title,
                             const char *body_html);
void  _pln_respond_text     (PlnRequest *request,
                             guint       status,
                             const char *text);
void  _pln_respond_bytes    (PlnRequest *request,
                             guint       status,
                             const char *content_type,
                             GBytes     *bytes);
/* HTML-escaped copy of @text. */
char *_pln_html_escape      (const char *text);
/* Form fields of an application/x-www-form-urlencoded body, or NULL when
 * it is not one (or is malformed). */
GHashTable *_pln_request_parse_form (PlnRequest *request);
/* A CSRF token bound to @scope (e.g. the check-in token), and its check in
 * constant time. */
char     *_pln_csrf_token       (PlnPortal   *self,
                                 const char  *scope);
gboolean  _pln_csrf_check       (PlnPortal   *self,
                                 const char  *scope,
                                 const char  *value);
gboolean  _pln_constant_time_equal (const char *a,
                                    const char *b);

/* Route handlers, one file each. */
void _pln_portal_home     (PlnRequest *request, const char *rest);
void _pln_portal_checkin  (PlnRequest *request, const char *rest);
void _pln_portal_api_events (PlnRequest *request, const char *rest);
void _pln_portal_style    (PlnRequest *request, const char *rest);
void _pln_portal_calendar (PlnRequest *request, const char *rest);
void _pln_portal_api_recordings (PlnRequest *request, const char *rest);
void _pln_portal_library  (PlnRequest *request, const char *rest);
void _pln_portal_watch    (PlnRequest *request, const char *rest);
void _pln_portal_media    (PlnRequest *request, const char *rest);
void _pln_portal_signin   (PlnRequest *request, const char *rest);
/* Answers /media/{id}/hls.m3u8 and /media/{id}/seg/…; FALSE when @rest is
 * neither. */
gboolean _pln_portal_hls  (PlnRequest *request, const char *rest);
void _pln_portal_api_progress (PlnRequest *request, const char *rest);
void _pln_portal_api_event_points (PlnRequest *request, const char *rest);
void _pln_portal_api_checkin (PlnRequest *request, const char *rest);
/* The CSRF value the player sends with its progress. */
char *_pln_portal_progress_csrf (PlnRequest *request);

/* The signed-in viewer (a person id), or 0; checked on every request. */
gint64      _pln_portal_get_viewer      (PlnRequest *request);
const char *_pln_portal_get_viewer_name (PlnRequest *request);
/* The recording if this request may replay it; else NULL, refusal sent.
 * Access rule: public ones for anyone, staff ones for a signed-in viewer,
 * drafts for nobody. */
PlnRecording *_pln_portal_find_visible_recording (PlnRequest *request,
                                         const char *public_id);
/* The bridge point of a valid, unexpired check-in token; else NULL, the
 * refusal sent. Writes are rate-limited per token here. */
PlnBridgePoint *_pln_portal_find_checkin_point (PlnRequest *request,
                                                const char *token);
/* Serves a file of the library (path from the store) with HTTP ranges. */
void        _pln_portal_serve_file      (PlnRequest *request,
                                         const char *relative_path,
                                         const char *content_type);

/* Media bodies outside libsoup's write loop (pln-portal-send.c). */
typedef struct _PlnSend PlnSend;
/* Answers 200 (no @ranges) or 206 with the bytes of @fd (owned from here
 * on): sets status and headers, then takes the connection from libsoup and
 * sends the body with sendfile(2); @request->msg must not be used after. */
void      _pln_portal_send_file   (PlnRequest         *request,
                                   int                 fd,
                                   guint64             size,
                                   const PlnByteRange *ranges,
                                   guint               n_ranges,
                                   const char         *content_type);
/* Resets a send's connection and frees it (stalled, or the portal stops). */
void      _pln_send_cancel        (PlnSend    *job);
/* Whether @job made no progress for its time (30 s, or
 * PLENARY_PORTAL_SEND_SECONDS); the portal checks once a second. */
gboolean  _pln_send_is_stalled    (PlnSend    *job,
                                   gint64      now);
/* The socket  sends on (the portal leaves it alone meanwhile). */
GSocket  *_pln_send_get_socket    (PlnSend    *job);
/* The portal keeps its sends, to close them when it stops. */
void      _pln_portal_add_send    (PlnPortal  *self,
                                   PlnSend    *send);
void      _pln_portal_remove_send (PlnPortal  *self,
                                   PlnSend    *send);
/* Gives a taken connection back to libsoup for its next request. */
gboolean  _pln_portal_hand_back   (PlnPortal  *self,
                                   GIOStream  *stream,
                                   GSocket    *socket);
void _pln_portal_site_calendar (PlnRequest *request, const char *rest);

G_END_DECLS
