/* pln-store.h: the sqlite store of sites, people, events and recordings. */
#pragma once

#include <gio/gio.h>

#include "pln-agenda-item.h"
#include "pln-attendance-report.h"
#include "pln-bridge-point.h"
#include "pln-event.h"
#include "pln-person.h"
#include "pln-site.h"

G_BEGIN_DECLS

#define PLN_STORE_ERROR (pln_store_error_quark ())

typedef enum
{
  PLN_STORE_ERROR_OPEN,
  PLN_STORE_ERROR_MIGRATE,
  PLN_STORE_ERROR_TOO_NEW,
  PLN_STORE_ERROR_QUERY,
  PLN_STORE_ERROR_NOT_FOUND,
  PLN_STORE_ERROR_INVALID,
} PlnStoreError;

#define PLN_TYPE_STORE (pln_store_get_type ())
G_DECLARE_FINAL_TYPE (PlnStore, pln_store, PLN, STORE, GObject)

GQuark      pln_store_error_quark          (void);
PlnStore   *pln_store_open                 (const char  *path,
                                            GError     **error);
const char *pln_store_get_path             (PlnStore    *self);
int         pln_store_get_schema_version   (PlnStore    *self);
int         pln_store_get_latest_version   (void);
char       *pln_store_dup_setting          (PlnStore    *self,
                                            const char  *key);
gboolean    pln_store_set_setting          (PlnStore    *self,
                                            const char  *key,
                                            const char  *value,
                                            GError     **error);

/* The settings key of the library folder (recordings), shared by the app
 * and `plenary serve` through the database. */
#define PLN_SETTING_LIBRARY_PATH "library-path"

/* ::changed — detailed by table name ("changed::events"). A write by this
 * process emits it with the table it wrote; a write by another process on the
 * same file (noticed through PRAGMA data_version while watching) emits it
 * with the table "*" and no detail filter matches but the plain "changed". */
#define PLN_STORE_CHANGED_EXTERNAL "*"

/* Cross-process watching: while the hold count is above zero the store polls
 * PRAGMA data_version every 500 ms on the thread-default main context of the
 * first hold. The models hold it while they exist. */
void        pln_store_hold_watch           (PlnStore    *self);
void        pln_store_release_watch        (PlnStore    *self);
/* Polls once now; returns TRUE (and emits ::changed "*") if another
 * connection wrote since the last poll. */
gboolean    pln_store_check_external_changes (PlnStore  *self);

/* ---- Sites ---------------------------------------------------------- */

/* Returns (transfer full) the site, or NULL with PLN_STORE_ERROR_NOT_FOUND. */
PlnSite    *pln_store_get_site             (PlnStore    *self,
                                            gint64       id,
                                            GError     **error);
PlnSite    *pln_store_find_site_by_code    (PlnStore    *self,
                                            const char  *code,
                                            GError     **error);
/* Adds a site; district_id is worked out from the parent. Returns the new
 * id, or 0 with @error set (duplicate code, unknown parent). */
gint64      pln_store_add_site             (PlnStore    *self,
                                            const char  *code,
                                            const char  *name,
                                            PlnSiteLevel level,
                                            gint64       parent_id,
                                            GError     **error);
/* (transfer full): the sites directly under @parent_id (0: the roots,
 * i.e. sites without a parent), ordered by level then code. Refreshes on
 * change; for GtkTreeListModel, create one per expanded row. */
GListModel *pln_store_get_sites_model      (PlnStore    *self,
                                            gint64       parent_id);

/* ---- People --------------------------------------------------------- */

PlnPerson  *pln_store_get_person           (PlnStore    *self,
                                            gint64       id,
                                            GError     **error);
PlnPerson  *pln_store_find_person_by_staff_number (PlnStore   *self,
                                                   const char *staff_number,
                                                   GError    **error);
/* Adds @person (its id is ignored and set on success). An empty sign-in
 * code gets a random one. Returns the new id or 0. */
gint64      pln_store_add_person           (PlnStore    *self,
                                            PlnPerson   *person,
                                            GError     **error);
/* (transfer full): the people of @site_id (0: everyone), by name. */
GListModel *pln_store_get_people_model     (PlnStore    *self,
                                            gint64       site_id);
/* The same list once, read in a thread on its own read-only connection.
 * Finish returns (transfer full) a GListModel of PlnPerson. */
void        pln_store_list_people_async    (PlnStore           *self,
                                            gint64              site_id,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
GListModel *pln_store_list_people_finish   (PlnStore           *self,
                                            GAsyncResult       *result,
                                            GError            **error);

/* ---- Events --------------------------------------------------------- */

/* Returns (transfer full) the event with its agenda and point totals. */
PlnEvent   *pln_store_get_event            (PlnStore    *self,
                                            gint64       id,
                                            GError     **error);
PlnEvent   *pln_store_find_event_by_uid    (PlnStore    *self,
                                            const char  *uid,
                                            GError     **error);
/* Stores a new event with its agenda (an empty uid gets one) and, when it
 * has a host site, its host point (is-host, expected 0). Sets the id on
 * @event. Returns the new id or 0 with @error set. */
gint64      pln_store_add_event            (PlnStore    *self,
                                            PlnEvent    *event,
                                            GError     **error);
/* Writes @event's fields and replaces its agenda; raises its sequence. A
 * changed host site gets a host point (the old host point stays a point). */
gboolean    pln_store_update_event         (PlnStore    *self,
                                            PlnEvent    *event,
                                            GError     **error);
/* Deletes the event with its agenda and bridge points. */
gboolean    pln_store_delete_event         (PlnStore    *self,
                                            gint64       id,
                                            GError     **error);
/* (transfer full): all events, sorted by start, with point totals. */
GListModel *pln_store_get_events_model     (PlnStore    *self);

/* ---- Bridge points -------------------------------------------------- */

PlnBridgePoint *pln_store_get_point        (PlnStore    *self,
                                            gint64       id,
                                            GError     **error);
PlnBridgePoint *pln_store_find_point       (PlnStore    *self,
                                            gint64       event_id,
                                            gint64       site_id,
                                            GError     **error);
PlnBridgePoint *pln_store_find_point_by_token (PlnStore   *self,
                                               const char *token,
                                               GError    **error);
/* Adds a point per site in @site_ids (gint64) to @event_id, each expecting
 * @expected_each people and with its own random token, in one transaction.
 * Sites that already are points of the event are left as they are.
 * Returns the number of points added, or -1 with @error set. */
int         pln_store_add_points           (PlnStore    *self,
                                            gint64       event_id,
                                            GArray      *site_ids,
                                            int          expected_each,
                                            GError     **error);
gboolean    pln_store_delete_point         (PlnStore    *self,
                                            gint64       point_id,
                                            GError     **error);
/* Expected head-count, technician (0: none) and source URI of a point. */
gboolean    pln_store_set_point_expected   (PlnStore    *self,
                                            gint64       point_id,
                                            int          expected,
                                            GError     **error);
gboolean    pln_store_set_point_technician (PlnStore    *self,
                                            gint64       point_id,
                                            gint64       person_id,
                                            GError     **error);
gboolean    pln_store_set_point_source     (PlnStore    *self,
                                            gint64       point_id,
                                            const char  *uri,
                                            GError     **error);
/* Records the head-count a site reported (reported_at = @at, 0: now). */
gboolean    pln_store_report_count         (PlnStore    *self,
                                            gint64       point_id,
                                            int          count,
                                            gint64       at,
                                            GError     **error);
/* Sets the link status at @at (0: now) and records the change in the
 * point's history (link_changes); setting the same status is a no-op. */
gboolean    pln_store_set_link_status      (PlnStore    *self,
                                            gint64       point_id,
                                            PlnLinkStatus status,
                                            gint64       at,
                                            GError     **error);
/* Seconds the point's link was connected in all, up to @now (0: now),
 * from its history: "connected 2 h 10 min in all". -1 on error. */
gint64      pln_store_get_connected_seconds (PlnStore   *self,
                                             gint64      point_id,
                                             gint64      now,
                                             GError    **error);
/* Replaces the delegates expected at a point (person ids, gint64); marks
 * are kept for people who stay. */
gboolean    pln_store_set_delegates        (PlnStore    *self,
                                            gint64       point_id,
                                            GArray      *person_ids,
                                            GError     **error);
gboolean    pln_store_set_presence         (PlnStore    *self,
                                            gint64       point_id,
                                            gint64       person_id,
                                            gboolean     present,
                                            GError     **error);
/* (transfer full): the delegates of a point as PlnPerson, by name. */
GListModel *pln_store_list_delegates       (PlnStore    *self,
                                            gint64       point_id,
                                            GError     **error);
/* Number of delegates of a point and how many are marked present. */
gboolean    pln_store_count_delegates      (PlnStore    *self,
                                            gint64       point_id,
                                            guint       *expected,
                                            guint       *present,
                                            GError     **error);
/* (transfer full): the points of @event_id, host first then by level and
 * code. Refreshes on change. */
GListModel *pln_store_get_points_model     (PlnStore    *self,
                                            gint64       event_id);
void        pln_store_list_points_async    (PlnStore           *self,
                                            gint64              event_id,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
GListModel *pln_store_list_points_finish   (PlnStore           *self,
                                            GAsyncResult       *result,
                                            GError            **error);

/* ---- Reports -------------------------------------------------------- */

PlnAttendanceReport *pln_store_get_attendance_report (PlnStore          *self,
                                                      gint64             event_id,
                                                      PlnReportGrouping  grouping,
                                                      GError           **error);
void        pln_store_get_attendance_report_async  (PlnStore           *self,
                                                    gint64              event_id,
                                                    PlnReportGrouping   grouping,
                                                    GCancellable       *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer            user_data);
PlnAttendanceReport *pln_store_get_attendance_report_finish (PlnStore      *self,
                                                             GAsyncResult  *result,
                                                             GError       **error);

/* ---- Backup --------------------------------------------------------- */

/* Writes a consistent copy of the database to @path (sqlite's online backup),
 * while others may be writing. The copy is written next to @path and renamed
 * over it only when complete. */
gboolean    pln_store_backup               (PlnStore    *self,
                                            const char  *path,
                                            GError     **error);
/* Checks that @path is a Plenary database this version can open (schema
 * version, tables, integrity), then replaces this store's content with it in
 * one transaction (other connections see the old or the new, never half),
 * and migrates it when it is older. */
gboolean    pln_store_restore              (PlnStore    *self,
                                            const char  *path,
                                            GError     **error);

/* 32 lowercase hex digits from 16 bytes of the system's random source. */
char       *pln_store_new_token            (void);

G_END_DECLS
