/* pln-bridge-point.h: one site taking part in one event (a "điểm cầu"). */
#pragma once

#include <gio/gio.h>

#include "pln-site.h"

G_BEGIN_DECLS
typedef enum
{
  PLN_LINK_STATUS_WAITING,
  PLN_LINK_STATUS_CONNECTED,
  PLN_LINK_STATUS_LOST,
} PlnLinkStatus;

#define PLN_TYPE_LINK_STATUS (pln_link_status_get_type ())
GType pln_link_status_get_type (void);

/* "waiting", "connected", "lost": the words of the database and CLI. */
const char *pln_link_status_to_string   (PlnLinkStatus  status);
gboolean    pln_link_status_from_string (const char    *text,
                                         PlnLinkStatus *status);
/* A translated name for people ("Waiting"…). */
const char *pln_link_status_get_label   (PlnLinkStatus  status);

#define PLN_TYPE_BRIDGE_POINT (pln_bridge_point_get_type ())
G_DECLARE_FINAL_TYPE (PlnBridgePoint, pln_bridge_point, PLN, BRIDGE_POINT, GObject)

PlnBridgePoint *pln_bridge_point_new (void);
gint64 pln_bridge_point_get_id (PlnBridgePoint *self);
void pln_bridge_point_set_id (PlnBridgePoint *self, gint64 id);
gint64 pln_bridge_point_get_event_id (PlnBridgePoint *self);
void pln_bridge_point_set_event_id (PlnBridgePoint *self, gint64 event_id);
gint64 pln_bridge_point_get_site_id (PlnBridgePoint *self);
void pln_bridge_point_set_site_id (PlnBridgePoint *self, gint64 site_id);
const char *pln_bridge_point_get_site_code (PlnBridgePoint *self);
void pln_bridge_point_set_site_code (PlnBridgePoint *self, const char *site_code);
const char *pln_bridge_point_get_site_name (PlnBridgePoint *self);
void pln_bridge_point_set_site_name (PlnBridgePoint *self, const char *site_name);
PlnSiteLevel pln_bridge_point_get_site_level (PlnBridgePoint *self);
void pln_bridge_point_set_site_level (PlnBridgePoint *self, PlnSiteLevel site_level);
const char *pln_bridge_point_get_district_name (PlnBridgePoint *self);
void pln_bridge_point_set_district_name (PlnBridgePoint *self, const char *district_name);
gboolean pln_bridge_point_get_is_host (PlnBridgePoint *self);
void pln_bridge_point_set_is_host (PlnBridgePoint *self, gboolean is_host);
int pln_bridge_point_get_expected_count (PlnBridgePoint *self);
void pln_bridge_point_set_expected_count (PlnBridgePoint *self, int expected_count);
int pln_bridge_point_get_reported_count (PlnBridgePoint *self);
void pln_bridge_point_set_reported_count (PlnBridgePoint *self, int reported_count);
gint64 pln_bridge_point_get_reported_at (PlnBridgePoint *self);
void pln_bridge_point_set_reported_at (PlnBridgePoint *self, gint64 reported_at);
PlnLinkStatus pln_bridge_point_get_link_status (PlnBridgePoint *self);
void pln_bridge_point_set_link_status (PlnBridgePoint *self, PlnLinkStatus link_status);
gint64 pln_bridge_point_get_link_since (PlnBridgePoint *self);
void pln_bridge_point_set_link_since (PlnBridgePoint *self, gint64 link_since);
gint64 pln_bridge_point_get_technician_id (PlnBridgePoint *self);
void pln_bridge_point_set_technician_id (PlnBridgePoint *self, gint64 technician_id);
const char *pln_bridge_point_get_source_uri (PlnBridgePoint *self);
void pln_bridge_point_set_source_uri (PlnBridgePoint *self, const char *source_uri);
const char *pln_bridge_point_get_token (PlnBridgePoint *self);
void pln_bridge_point_set_token (PlnBridgePoint *self, const char *token);

/* "Connected since 07:58", "Lost since 08:42" (Asia/Ho_Chi_Minh), or
 * "Waiting": the link status for people. */
char *pln_bridge_point_dup_status_text (PlnBridgePoint *self);
/* "2 h 10 min", "45 min", "30 s": a duration for people (e.g. of
 * pln_store_get_connected_seconds ()). */
char *pln_format_duration (gint64 seconds);

G_END_DECLS
