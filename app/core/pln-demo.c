/* pln-demo.c: the demo data set, the Quảng Ninh health network.
 *
 * The figures come from the seed documents: the department of health, 18
 * provincial units, the 13 district-level areas each with its health
 * centre and health office, 177 commune health stations, 2 251 people of
 * whom 343 at commune and 1 566 at village level, and the online conference
 * of 10 November 2022 with 191 bridge points, 1 000 delegates expected and
 * 1 034 reported. How the communes split between districts, the villages,
 * the names and the other events are made up, and say so.
 *
 * The network down to the communes is data (data/demo/sites.csv, compiled
 * in as a resource) read through the CSV importer; villages, people and
 * events are generated here from a GRand with a fixed seed, so the same
 * rows come out every time, tokens and sign-in codes included: they are
 * not secret. Each part is a step; a later one (recordings, courses,
 * progress) adds a step to the table and finds the ids of the earlier
 * steps in the PlnDemo. All steps run in one transaction.
 */
#define G_LOG_DOMAIN "plenary-demo"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pln-demo-private.h"
#include "pln-demo-resources.h"






typedef gboolean (*DemoStepFunc) (PlnDemo  *self,
                                  GError  **error);



static const struct
{
  const char   *name;
  DemoStepFunc  run;
} steps[] = {
  { "network", _pln_demo_step_network },
  { "villages", _pln_demo_step_villages },
  { "people", _pln_demo_step_people },
  { "events", _pln_demo_step_events },
  { "courses", _pln_demo_step_courses },
};

G_DEFINE_FINAL_TYPE (PlnDemo, pln_demo, G_TYPE_OBJECT)

G_DEFINE_QUARK (pln-demo-error-quark, pln_demo_error)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- Helpers -------------------------------------------------------- */

void
_pln_demo_demo_site_free (gpointer data)
{
  DemoSite *s = data;

  g_free (s->code);
  g_free (s->name);
  g_free (s->address);
  g_free (s);
}

/* A Unix time from a local time in Asia/Ho_Chi_Minh (UTC+7, no DST). */
gint64
_pln_demo_local_time (int year,
                      int month,
                      int day,
                      int hour,
                      int minute)
{
  g_autoptr(GDateTime) utc = g_date_time_new_utc (year, month, day, hour, minute, 0);

  return g_date_time_to_unix (utc) - 7 * 3600;
}

gint64
_pln_demo_random_between (PlnDemo *self,
                          gint64   from,
                          gint64   to)
{
  return from + g_rand_int_range (self->rand, 0, (gint32) (to - from + 1));
}

/* 32 hex digits from the seeded generator: deterministic, not secret. */
char *
_pln_demo_demo_token (PlnDemo *self)
{
  return g_strdup_printf ("%08x%08x%08x%08x",
                          g_rand_int (self->rand), g_rand_int (self->rand),
                          g_rand_int (self->rand), g_rand_int (self->rand));
}

sqlite3_stmt *
_pln_demo_prepare (PlnDemo     *self,
                   const char  *sql,
                   GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (_pln_store_get_db (self->store), sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      _pln_store_fail (self->store, _("Cannot write the demo data set"), error);
      return NULL;
    }
  return stmt;
}

/* Steps a bound statement and resets it; FALSE with @error on failure. */
gboolean
_pln_demo_run (PlnDemo       *self,
               sqlite3_stmt  *stmt,
               GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc == SQLITE_DONE || rc == SQLITE_ROW)
    return TRUE;
  return _pln_store_fail (self->store, _("Cannot write the demo data set"), error);
}

gint64
_pln_demo_last_id (PlnDemo *self)
{
  return sqlite3_last_insert_rowid (_pln_store_get_db (self->store));
}

/* ---- The store must be empty (or be emptied) ------------------------ */

static gboolean
is_empty (PlnDemo  *self,
          gboolean *empty,
          GError  **error)
{
  sqlite3_stmt *stmt = _pln_demo_prepare (self,
                                          "SELECT (SELECT count(*) FROM sites) + (SELECT count(*) FROM people) + "
                                          "(SELECT count(*) FROM events);", error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_finalize (stmt);
      return _pln_store_fail (self->store, _("Cannot read the database"), error);
    }
  *empty = sqlite3_column_int64 (stmt, 0) == 0;
  sqlite3_finalize (stmt);
  return TRUE;
}

static gboolean
clear_store (PlnDemo  *self,
             GError  **error)
{
  /* Children before parents, so that no foreign key objects. A table that
   * a later migration adds and that refers to these belongs here too
   * (tests/test-demo.sh runs --force over recordings and courses). */
  static const char clear_sql[] =
    "DELETE FROM progress; DELETE FROM course_items; DELETE FROM courses;"
    "DELETE FROM archive_jobs; DELETE FROM recordings_fts; DELETE FROM schedule_log; DELETE FROM scheduler_lease;"
    "DELETE FROM outputs; DELETE FROM chapters; DELETE FROM segments; DELETE FROM recordings;"
    "DELETE FROM event_sources;"
    "DELETE FROM probe_results; DELETE FROM delegates; DELETE FROM link_changes;"
    "DELETE FROM bridge_points; DELETE FROM agenda_items; DELETE FROM events;"
    "DELETE FROM people; UPDATE sites SET parent_id = NULL, district_id = NULL;"
    "DELETE FROM sites;";

  return _pln_store_exec (self->store, clear_sql, error);
}

/* ---- GObject -------------------------------------------------------- */

static void
pln_demo_finalize (GObject *object)
{
  PlnDemo *self = (PlnDemo *)object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->rand, g_rand_free);
  g_clear_pointer (&self->units, g_ptr_array_unref);
  g_clear_pointer (&self->districts, g_ptr_array_unref);
  g_clear_pointer (&self->offices, g_ptr_array_unref);
  g_clear_pointer (&self->communes, g_ptr_array_unref);
  g_clear_pointer (&self->villages, g_ptr_array_unref);
  g_clear_pointer (&self->all_sites, g_ptr_array_unref);
  g_clear_pointer (&self->codes, g_hash_table_unref);
  g_clear_pointer (&self->director, g_free);
  g_clear_pointer (&self->deputy, g_free);

  G_OBJECT_CLASS (pln_demo_parent_class)->finalize (object);
}

static void
pln_demo_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  PlnDemo *self = PLN_DEMO (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pln_demo_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  PlnDemo *self = PLN_DEMO (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pln_demo_class_init (PlnDemoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pln_demo_finalize;
  object_class->get_property = pln_demo_get_property;
  object_class->set_property = pln_demo_set_property;

  /* Referencing the bundle keeps the linker from dropping it (and its
   * registering constructor) out of the static library. */
  (void) pln_demo_data_get_resource ();

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         PLN_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pln_demo_init (PlnDemo *self)
{
  self->all_sites = g_ptr_array_new_with_free_func (_pln_demo_demo_site_free);
  self->units = g_ptr_array_new ();
  self->districts = g_ptr_array_new ();
  self->offices = g_ptr_array_new ();
  self->communes = g_ptr_array_new ();
  self->villages = g_ptr_array_new ();
  self->codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* ---- Public API ----------------------------------------------------- */

PlnDemo *
pln_demo_new (PlnStore *store)
{
  g_return_val_if_fail (PLN_IS_STORE (store), NULL);

  return g_object_new (PLN_TYPE_DEMO, "store", store, NULL);
}

PlnStore *
pln_demo_get_store (PlnDemo *self)
{
  g_return_val_if_fail (PLN_IS_DEMO (self), NULL);

  return self->store;
}

gboolean
pln_demo_generate (PlnDemo   *self,
                   gboolean   force,
                   GError   **error)
{
  gboolean empty = FALSE;

  g_return_val_if_fail (PLN_IS_DEMO (self), FALSE);
  g_return_val_if_fail (self->rand == NULL, FALSE);   /* once per PlnDemo */

  self->rand = g_rand_new_with_seed (PLN_DEMO_SEED);

  if (!_pln_store_begin (self->store, error))
    return FALSE;

  if (!is_empty (self, &empty, error))
    goto fail;
  if (!empty && !force)
    {
      g_set_error (error, PLN_DEMO_ERROR, PLN_DEMO_ERROR_NOT_EMPTY,
                   _("The database %s already holds sites, people or events. Use another database (--db FILE), or --force to delete them all and put the demo data set in their place."),
                   pln_store_get_path (self->store));
      goto fail;
    }
  if (!empty && !clear_store (self, error))
    goto fail;

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_debug ("Demo step %s", steps[i].name);
      if (!steps[i].run (self, error))
        {
          g_prefix_error (error, _("Cannot make the demo data set (%s): "), steps[i].name);
          goto fail;
        }
    }

  if (!_pln_store_commit (self->store, error))
    return FALSE;
  return TRUE;

fail:
  _pln_store_rollback (self->store);
  return FALSE;
}

char *
pln_demo_describe (PlnDemo *self)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (PLN_IS_DEMO (self), NULL);

  g_string_append_printf (text, _("Demo data set of the Quảng Ninh health network in %s:"),
                          pln_store_get_path (self->store));
  g_string_append_c (text, '\n');
  g_string_append_printf (text, _("  sites: %u (1 department, %u provincial units, %u district health centres, %u district health offices, %u commune health stations, %u villages)"),
                          self->all_sites->len, self->units->len, self->districts->len,
                          self->offices->len, self->communes->len, self->villages->len);
  g_string_append_c (text, '\n');
  g_string_append_printf (text, _("  people: %u (%u at commune level, %u at village level)"),
                          self->n_people, self->n_commune_people, self->n_village_people);
  g_string_append_c (text, '\n');
  g_string_append_printf (text, _("  events: %u, with %u bridge points"), self->n_events, self->n_points);
  g_string_append_c (text, '\n');
  g_string_append_printf (text, _("  courses: %u, with %u lessons and %u progress rows (generated, different by district)"),
                          self->n_courses, self->n_lessons, self->n_progress);
  g_string_append_c (text, '\n');
  g_string_append (text, _("How the 177 commune health stations are split between the 13 district-level areas is illustrative: the source documents give only the total. Villages, names, phone numbers, the 2024, 2025 and 2027 events, the course lessons and everyone’s progress are made up."));
  g_string_append_c (text, '\n');
  g_string_append (text, _("The demo's sign-in codes and bridge-point tokens are generated from a fixed seed: they are the same in every demo database and are not secret."));
  g_string_append_c (text, '\n');

  return g_string_free (text, FALSE);
}
