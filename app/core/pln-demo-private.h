/* pln-demo-private.h: what the demo's steps share. Each step is a file
 * (pln-demo-people.c, pln-demo-events.c, pln-demo-courses.c) run in order by
 * pln-demo.c in one transaction. */
#pragma once

#include <sqlite3.h>

#include "pln-demo.h"
#include "pln-store-private.h"

G_BEGIN_DECLS

#define SITES_RESOURCE "/org/plenary/Plenary/demo/sites.csv"

/* 2 251 people: 342 above commune level, 343 at communes, 1 566 in villages
 * (two per village: a village health worker and a population collaborator). */
#define N_COMMUNE_PEOPLE  343
#define N_VILLAGES        783
#define N_PROVINCE_PEOPLE 19
#define N_UNIT_PEOPLE     10   /* each provincial unit */
#define N_CENTRE_PEOPLE   8    /* each district health centre */
#define N_OFFICE_PEOPLE   3    /* each district health office */

/* One element of a static array, at random from the seeded generator. */
#define PICK(self, array) ((array)[g_rand_int_range ((self)->rand, 0, G_N_ELEMENTS (array))])

/* One site of the network, as the steps need it. */
typedef struct
{
  gint64  id;
  gint64  district_id;
  char   *code;
  char   *name;
  char   *address;
} DemoSite;

struct _PlnDemo
{
  GObject    parent_instance;

  PlnStore  *store;
  GRand     *rand;

  /* the network step */
  DemoSite  *province;
  GPtrArray *units;       /* provincial units, under the province */
  GPtrArray *districts;   /* district health centres */
  GPtrArray *offices;     /* district health offices */
  GPtrArray *communes;    /* commune health stations */
  GPtrArray *all_sites;   /* owns every DemoSite */
  /* the villages step */
  GPtrArray *villages;
  /* the people step */
  guint      n_people;
  guint      n_commune_people;
  guint      n_village_people;
  gint64     director_id;
  gint64     technician_id;
  char      *director;     /* "name, title" for agendas */
  char      *deputy;
  GHashTable *codes;       /* sign-in codes given so far */
  /* the events step */
  guint      n_events;
  guint      n_points;
  /* the courses step */
  guint      n_lessons;
  guint      n_courses;
  guint      n_progress;
};

typedef struct
{
  const char *title;
  const char *speaker;
  int         hour, minute;   /* local time */
} AgendaLine;

typedef struct
{
  sqlite3_stmt *event;
  sqlite3_stmt *agenda;
  sqlite3_stmt *point;
  sqlite3_stmt *change;
} EventWriter;

/* Expected head-counts of an event's points by level: the host (the
 * province), each provincial unit, each district health centre, each
 * commune station (plus 0 to @commune_spread - 1 at random). A level at 0
 * has no points. */
typedef struct
{
  int host;
  int unit;
  int district;
  int commune;
  int commune_spread;
} DemoHeads;

/* One point's state, filled before it is written. */
typedef struct
{
  DemoSite *site;
  gboolean  is_host;
  int       expected;
  int       reported;      /* -1: never reported */
  gint64    reported_at;
  /* link history: times and statuses, oldest first */
  gint64    at[6];
  const char *status[6];
  guint     n_changes;
} DemoPoint;

/* Helpers (pln-demo.c) */
void          _pln_demo_demo_site_free   (gpointer      data);
/* A Unix time from a local time in Asia/Ho_Chi_Minh (UTC+7, no DST). */
gint64        _pln_demo_local_time       (int           year,
                                          int           month,
                                          int           day,
                                          int           hour,
                                          int           minute);
gint64        _pln_demo_random_between   (PlnDemo      *self,
                                          gint64        from,
                                          gint64        to);
/* 32 hex digits from the seeded generator: deterministic, not secret. */
char         *_pln_demo_demo_token       (PlnDemo      *self);
sqlite3_stmt *_pln_demo_prepare          (PlnDemo      *self,
                                          const char   *sql,
                                          GError      **error);
/* Steps a bound statement and resets it; FALSE with @error on failure. */
gboolean      _pln_demo_run              (PlnDemo      *self,
                                          sqlite3_stmt *stmt,
                                          GError      **error);
gint64        _pln_demo_last_id          (PlnDemo      *self);

/* The steps, in the order they run */
gboolean      _pln_demo_step_network     (PlnDemo      *self,
                                          GError      **error);
gboolean      _pln_demo_step_villages    (PlnDemo      *self,
                                          GError      **error);
gboolean      _pln_demo_step_people      (PlnDemo      *self,
                                          GError      **error);
gboolean      _pln_demo_step_events      (PlnDemo      *self,
                                          GError      **error);
gboolean      _pln_demo_step_courses     (PlnDemo      *self,
                                          GError      **error);

/* Events and their points (pln-demo-events.c), also used by the courses step */
/* Prepares the four statements; FALSE with @error when one fails (clear
 * @w in any case). */
gboolean _pln_demo_event_writer_init  (PlnDemo      *self,
                                       EventWriter  *w,
                                       GError      **error);
void     _pln_demo_event_writer_clear (EventWriter  *w);
gint64 _pln_demo_add_event (PlnDemo           *self,
                            EventWriter       *w,
                            const char        *kind,
                            const char        *title,
                            const char        *description,
                            gint64             starts_at,
                            gint64             ends_at,
                            gint64             created_at,
                            const AgendaLine  *agenda,
                            guint              n_agenda,
                            int                year,
                            int                month,
                            int                day,
                            GError           **error);
void _pln_demo_point_change (DemoPoint  *p,
                             const char *status,
                             gint64      at);
gboolean _pln_demo_write_points (PlnDemo      *self,
                                 EventWriter  *w,
                                 gint64        event_id,
                                 GArray       *points,
                                 GError      **error);
/* The host and every site of each level with a head-count in @heads. */
GArray * _pln_demo_level_points (PlnDemo         *self,
                                 const DemoHeads *heads);
/* Connects every point in the window [from, to] (the host first), drops
 * and restores @n_drops of them during the event, and has each report a
 * head-count near its expected one, adjusted so that the sum is @total. */
void _pln_demo_play_past_event (PlnDemo *self,
                                GArray  *points,
                                gint64   from,
                                gint64   to,
                                gint64   starts_at,
                                gint64   ends_at,
                                guint    n_drops,
                                int      total);

G_END_DECLS
