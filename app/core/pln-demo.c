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

#include "pln-demo.h"
#include "pln-demo-resources.h"
#include "pln-importer.h"
#include "pln-store-private.h"

#define SITES_RESOURCE "/org/plenary/Plenary/demo/sites.csv"

/* 2 251 people: 342 above commune level, 343 at communes, 1 566 in villages
 * (two per village: a village health worker and a population collaborator). */
#define N_COMMUNE_PEOPLE  343
#define N_VILLAGES        783
#define N_PROVINCE_PEOPLE 19
#define N_UNIT_PEOPLE     10   /* each provincial unit */
#define N_CENTRE_PEOPLE   8    /* each district health centre */
#define N_OFFICE_PEOPLE   3    /* each district health office */

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

typedef gboolean (*DemoStepFunc) (PlnDemo  *self,
                                  GError  **error);

static gboolean step_network  (PlnDemo *self, GError **error);
static gboolean step_villages (PlnDemo *self, GError **error);
static gboolean step_people   (PlnDemo *self, GError **error);
static gboolean step_events   (PlnDemo *self, GError **error);
static gboolean step_courses  (PlnDemo *self, GError **error);

static const struct
{
  const char   *name;
  DemoStepFunc  run;
} steps[] = {
  { "network", step_network },
  { "villages", step_villages },
  { "people", step_people },
  { "events", step_events },
  { "courses", step_courses },
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

static void
demo_site_free (gpointer data)
{
  DemoSite *s = data;

  g_free (s->code);
  g_free (s->name);
  g_free (s->address);
  g_free (s);
}

/* A Unix time from a local time in Asia/Ho_Chi_Minh (UTC+7, no DST). */
static gint64
local_time (int year,
            int month,
            int day,
            int hour,
            int minute)
{
  g_autoptr(GDateTime) utc = g_date_time_new_utc (year, month, day, hour, minute, 0);

  return g_date_time_to_unix (utc) - 7 * 3600;
}

static gint64
random_between (PlnDemo *self,
                gint64   from,
                gint64   to)
{
  return from + g_rand_int_range (self->rand, 0, (gint32) (to - from + 1));
}

/* 32 hex digits from the seeded generator: deterministic, not secret. */
static char *
demo_token (PlnDemo *self)
{
  return g_strdup_printf ("%08x%08x%08x%08x",
                          g_rand_int (self->rand), g_rand_int (self->rand),
                          g_rand_int (self->rand), g_rand_int (self->rand));
}

static sqlite3_stmt *
prepare (PlnDemo     *self,
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
static gboolean
run (PlnDemo       *self,
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

static gint64
last_id (PlnDemo *self)
{
  return sqlite3_last_insert_rowid (_pln_store_get_db (self->store));
}

/* ---- The store must be empty (or be emptied) ------------------------ */

static gboolean
is_empty (PlnDemo  *self,
          gboolean *empty,
          GError  **error)
{
  sqlite3_stmt *stmt = prepare (self,
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

/* ---- Step: the network from sites.csv ------------------------------- */

static gboolean
step_network (PlnDemo  *self,
              GError  **error)
{
  g_autoptr(GBytes) csv = NULL;
  const char *data;
  gsize size;
  sqlite3_stmt *stmt;
  int rc;

  csv = g_resources_lookup_data (SITES_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (csv == NULL)
    return FALSE;
  data = g_bytes_get_data (csv, &size);
  if (!pln_import_sites (self->store, data, size, NULL, error))
    return FALSE;

  stmt = prepare (self,
                  "SELECT s.id, coalesce (s.district_id, 0), s.code, s.name, s.address, s.level, "
                  "coalesce (p.level, '') FROM sites s LEFT JOIN sites p ON p.id = s.parent_id "
                  "ORDER BY s.id;", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DemoSite *s = g_new0 (DemoSite, 1);
      const char *level = (const char *) sqlite3_column_text (stmt, 5);
      const char *parent_level = (const char *) sqlite3_column_text (stmt, 6);

      s->id = sqlite3_column_int64 (stmt, 0);
      s->district_id = sqlite3_column_int64 (stmt, 1);
      s->code = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      s->name = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      s->address = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      g_ptr_array_add (self->all_sites, s);

      if (g_str_equal (level, "province"))
        self->province = s;
      else if (g_str_equal (level, "unit") && g_str_equal (parent_level, "province"))
        g_ptr_array_add (self->units, s);
      else if (g_str_equal (level, "unit"))
        g_ptr_array_add (self->offices, s);
      else if (g_str_equal (level, "district"))
        g_ptr_array_add (self->districts, s);
      else if (g_str_equal (level, "commune"))
        g_ptr_array_add (self->communes, s);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return _pln_store_fail (self->store, _("Cannot read the sites"), error);

  if (self->province == NULL || self->districts->len != 13 || self->communes->len != 177)
    {
      g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_INVALID,
                   "The demo network is incomplete: %u districts, %u communes",
                   self->districts->len, self->communes->len);
      return FALSE;
    }
  return TRUE;
}

/* ---- Step: villages ------------------------------------------------- */

static gboolean
step_villages (PlnDemo  *self,
               GError  **error)
{
  g_autofree guint *count = g_new0 (guint, self->communes->len);
  guint n = 0;
  sqlite3_stmt *stmt;

  /* Four villages per commune, the rest spread at random. */
  for (guint i = 0; i < self->communes->len; i++, n += 4)
    count[i] = 4;
  for (; n < N_VILLAGES; n++)
    count[g_rand_int_range (self->rand, 0, self->communes->len)]++;

  stmt = prepare (self,
                  "INSERT INTO sites (code, name, level, parent_id, district_id, address) "
                  "VALUES (?1, ?2, 'village', ?3, ?4, ?5);", error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < self->communes->len; i++)
    {
      DemoSite *commune = g_ptr_array_index (self->communes, i);
      /* "Trạm Y tế phường Bãi Cháy" → "phường Bãi Cháy" */
      const char *place = commune->name + strlen ("Trạm Y tế ");
      const char *word = g_str_has_prefix (place, "xã") ? "Thôn" : "Khu";

      for (guint k = 1; k <= count[i]; k++)
        {
          DemoSite *v = g_new0 (DemoSite, 1);

          v->code = g_strdup_printf ("%s-T%02u", commune->code, k);
          v->name = g_strdup_printf ("%s %u, %s", word, k, place);
          v->address = g_strdup_printf ("%s %u, %s", word, k, commune->address);
          v->district_id = commune->district_id;

          sqlite3_bind_text (stmt, 1, v->code, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 2, v->name, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, 3, commune->id);
          sqlite3_bind_int64 (stmt, 4, v->district_id);
          sqlite3_bind_text (stmt, 5, v->address, -1, SQLITE_STATIC);
          if (!run (self, stmt, error))
            {
              demo_site_free (v);
              sqlite3_finalize (stmt);
              return FALSE;
            }
          v->id = last_id (self);
          g_ptr_array_add (self->all_sites, v);
          g_ptr_array_add (self->villages, v);
        }
    }
  sqlite3_finalize (stmt);
  _pln_store_emit_changed (self->store, "sites");
  return TRUE;
}

/* ---- Step: people --------------------------------------------------- */

static const char * const family_names[] = {
  /* repeated roughly as often as they are borne */
  "Nguyễn", "Nguyễn", "Nguyễn", "Nguyễn", "Nguyễn", "Nguyễn", "Nguyễn", "Nguyễn",
  "Trần", "Trần", "Trần", "Lê", "Lê", "Lê", "Phạm", "Phạm", "Hoàng", "Hoàng",
  "Vũ", "Vũ", "Phan", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh",
  "Lương", "Triệu", "Trịnh", "Đào", "Mai",
};
static const char * const male_middle[] = {
  "Văn", "Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Thanh", "Xuân",
  "Mạnh", "Tiến", "Ngọc", "Hoàng", "Trung",
};
static const char * const female_middle[] = {
  "Thị", "Thị", "Thị", "Thị", "Thu", "Ngọc", "Thanh", "Hồng", "Minh", "Phương",
  "Thúy", "Kim", "Hải", "Bích", "Diệu",
};
static const char * const male_given[] = {
  "An", "Bình", "Cường", "Dũng", "Đạt", "Hùng", "Hải", "Hiếu", "Hoàng", "Huy",
  "Khánh", "Long", "Nam", "Phong", "Quân", "Sơn", "Thắng", "Thành", "Trung",
  "Tuấn", "Việt", "Vinh", "Toàn", "Lâm", "Đông", "Kiên", "Tùng", "Hưng",
};
static const char * const female_given[] = {
  "Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hoa", "Hương", "Huyền",
  "Lan", "Linh", "Loan", "Mai", "Nga", "Ngọc", "Nhung", "Oanh", "Phương",
  "Thảo", "Thủy", "Trang", "Vân", "Yến", "Hiền", "Liên", "Nhàn", "Tâm",
};
static const char * const phone_prefixes[] = {
  "091", "094", "088", "098", "097", "086", "083", "084", "096", "033", "035", "036",
};

static const char * const province_titles[] = {
  "Chuyên viên phòng Nghiệp vụ Y", "Chuyên viên phòng Kế hoạch – Tài chính",
  "Chuyên viên Văn phòng Sở", "Chuyên viên phòng Tổ chức cán bộ",
  "Chuyên viên thanh tra Sở", "Phó Trưởng phòng Nghiệp vụ Dược",
};
static const char * const unit_titles[] = {
  "Bác sĩ", "Bác sĩ", "Điều dưỡng", "Điều dưỡng", "Dược sĩ", "Kỹ thuật viên",
  "Cán bộ truyền thông", "Cán bộ công tác xã hội", "Trưởng phòng Kế hoạch tổng hợp",
  "Điều dưỡng trưởng",
};
static const char * const centre_titles[] = {
  "Bác sĩ", "Y sĩ", "Điều dưỡng", "Cán bộ truyền thông", "Kỹ thuật viên",
  "Cán bộ dân số", "Hộ sinh",
};
static const char * const commune_titles[] = {
  "Y sĩ", "Điều dưỡng", "Hộ sinh", "Dược sĩ", "Y sĩ y học cổ truyền", "Cán bộ dân số",
};

#define PICK(self, array) ((array)[g_rand_int_range ((self)->rand, 0, G_N_ELEMENTS (array))])

static char *
demo_name (PlnDemo *self)
{
  gboolean female = g_rand_int_range (self->rand, 0, 100) < 62;  /* the health sector */
  const char *family = PICK (self, family_names);

  if (female)
    {
      const char *middle = PICK (self, female_middle);
      const char *given = PICK (self, female_given);

      if (g_str_equal (middle, "Thị") && g_rand_int_range (self->rand, 0, 4) == 0)
        return g_strdup_printf ("%s Thị %s %s", family, PICK (self, female_middle), given);
      return g_strdup_printf ("%s %s %s", family, middle, given);
    }
  return g_strdup_printf ("%s %s %s", family, PICK (self, male_middle), PICK (self, male_given));
}

typedef struct
{
  sqlite3_stmt *stmt;
  guint         number;   /* the last staff number */
} PeopleWriter;

static gint64
add_person (PlnDemo       *self,
            PeopleWriter  *w,
            DemoSite      *site,
            const char    *title,
            gboolean       with_email,
            char         **name_out,
            GError       **error)
{
  g_autofree char *name = demo_name (self);
  g_autofree char *staff = g_strdup_printf ("QN%05u", ++w->number);
  g_autofree char *phone = NULL;
  g_autofree char *email = NULL;
  g_autofree char *code = NULL;
  guint32 digits = g_rand_int_range (self->rand, 0, 10000000);

  phone = g_strdup_printf ("%s%u %03u %03u", PICK (self, phone_prefixes),
                           digits / 1000000, (digits / 1000) % 1000, digits % 1000);
  if (with_email)
    {
      /* "Đặng Thị Ngọc Ánh" → "anhdtn.qn00123@…": the reserved .example
       * domain, so no mail ever leaves for a real address. */
      g_auto(GStrv) words = g_strsplit (name, " ", -1);
      guint n = g_strv_length (words);
      g_autoptr(GString) local = g_string_new (NULL);
      g_autofree char *ascii = NULL;
      g_autofree char *lower = NULL;

      g_string_append (local, words[n - 1]);
      for (guint i = 0; i + 1 < n; i++)
        g_string_append_unichar (local, g_utf8_get_char (words[i]));
      /* Đ has no decomposition, so the C transliteration cannot drop its bar. */
      g_string_replace (local, "Đ", "D", 0);
      g_string_replace (local, "đ", "d", 0);
      ascii = g_str_to_ascii (local->str, "C");
      lower = g_ascii_strdown (ascii, -1);
      email = g_strdup_printf ("%s.%s@syt.quangninh.example", lower, staff + 2);
    }

  do
    {
      static const char alphabet[] = PLN_SIGNIN_CODE_ALPHABET;

      g_free (code);
      code = g_malloc (PLN_SIGNIN_CODE_LENGTH + 1);
      for (guint i = 0; i < PLN_SIGNIN_CODE_LENGTH; i++)
        code[i] = alphabet[g_rand_int_range (self->rand, 0, sizeof alphabet - 1)];
      code[PLN_SIGNIN_CODE_LENGTH] = '\0';
    }
  while (g_hash_table_contains (self->codes, code));
  g_hash_table_add (self->codes, g_strdup (code));

  sqlite3_bind_text (w->stmt, 1, staff, -1, SQLITE_STATIC);
  sqlite3_bind_text (w->stmt, 2, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (w->stmt, 3, title, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (w->stmt, 4, site->id);
  sqlite3_bind_text (w->stmt, 5, phone, -1, SQLITE_STATIC);
  sqlite3_bind_text (w->stmt, 6, email != NULL ? email : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (w->stmt, 7, code, -1, SQLITE_STATIC);
  if (!run (self, w->stmt, error))
    return 0;

  self->n_people++;
  if (name_out != NULL)
    *name_out = g_steal_pointer (&name);
  return last_id (self);
}

static gboolean
step_people (PlnDemo  *self,
             GError  **error)
{
  PeopleWriter w = { 0 };
  g_autofree guint *per_commune = g_new0 (guint, self->communes->len);
  g_autofree char *director = NULL;
  g_autofree char *deputy = NULL;
  gboolean ok = FALSE;
  guint n;

  w.stmt = prepare (self,
                    "INSERT INTO people (staff_number, name, title, site_id, phone, email, signin_code) "
                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7);", error);
  if (w.stmt == NULL)
    return FALSE;

#define ADD(site, title, email, name_out) \
  if (add_person (self, &w, (site), (title), (email), (name_out), error) == 0) goto out

  /* The department: its director chairs the events. */
  if ((self->director_id = add_person (self, &w, self->province, "Giám đốc Sở Y tế", TRUE, &director, error)) == 0)
    goto out;
  ADD (self->province, "Phó Giám đốc Sở Y tế", TRUE, &deputy);
  if ((self->technician_id = add_person (self, &w, self->province, "Kỹ thuật viên công nghệ thông tin",
                                         TRUE, NULL, error)) == 0)
    goto out;
  for (guint i = 3; i < N_PROVINCE_PEOPLE; i++)
    ADD (self->province, PICK (self, province_titles), TRUE, NULL);

  for (guint u = 0; u < self->units->len; u++)
    {
      ADD (g_ptr_array_index (self->units, u), "Phó Giám đốc", TRUE, NULL);
      for (guint i = 1; i < N_UNIT_PEOPLE; i++)
        ADD (g_ptr_array_index (self->units, u), PICK (self, unit_titles), TRUE, NULL);
    }
  for (guint d = 0; d < self->districts->len; d++)
    {
      ADD (g_ptr_array_index (self->districts, d), "Giám đốc Trung tâm Y tế", TRUE, NULL);
      for (guint i = 1; i < N_CENTRE_PEOPLE; i++)
        ADD (g_ptr_array_index (self->districts, d), PICK (self, centre_titles), TRUE, NULL);
    }
  for (guint o = 0; o < self->offices->len; o++)
    {
      ADD (g_ptr_array_index (self->offices, o), "Trưởng phòng Y tế", TRUE, NULL);
      for (guint i = 1; i < N_OFFICE_PEOPLE; i++)
        ADD (g_ptr_array_index (self->offices, o), "Chuyên viên phòng Y tế", TRUE, NULL);
    }

  /* One head per commune station, the others spread at random. */
  for (n = 0; n < self->communes->len; n++)
    per_commune[n] = 1;
  for (; n < N_COMMUNE_PEOPLE; n++)
    per_commune[g_rand_int_range (self->rand, 0, self->communes->len)]++;
  for (guint c = 0; c < self->communes->len; c++)
    {
      DemoSite *commune = g_ptr_array_index (self->communes, c);

      ADD (commune, g_rand_boolean (self->rand) ? "Trạm trưởng, Bác sĩ" : "Trạm trưởng, Y sĩ", FALSE, NULL);
      for (guint i = 1; i < per_commune[c]; i++)
        ADD (commune, PICK (self, commune_titles), FALSE, NULL);
      self->n_commune_people += per_commune[c];
    }

  for (guint v = 0; v < self->villages->len; v++)
    {
      DemoSite *village = g_ptr_array_index (self->villages, v);

      ADD (village, "Nhân viên y tế thôn bản", FALSE, NULL);
      ADD (village, "Cộng tác viên dân số", FALSE, NULL);
      self->n_village_people += 2;
    }
#undef ADD

  self->director = g_strdup_printf ("%s, Giám đốc Sở Y tế", director);
  self->deputy = g_strdup_printf ("%s, Phó Giám đốc Sở Y tế", deputy);
  _pln_store_emit_changed (self->store, "people");
  ok = TRUE;

out:
  sqlite3_finalize (w.stmt);
  return ok;
}

/* ---- Step: events --------------------------------------------------- */

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

static gint64
add_event (PlnDemo           *self,
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
           GError           **error)
{
  g_autofree char *token = demo_token (self);
  g_autofree char *uid = g_strdup_printf ("%s@plenary", token);
  gint64 id;

  sqlite3_bind_text (w->event, 1, uid, -1, SQLITE_STATIC);
  sqlite3_bind_text (w->event, 2, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (w->event, 3, title, -1, SQLITE_STATIC);
  sqlite3_bind_text (w->event, 4, description, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (w->event, 5, starts_at);
  sqlite3_bind_int64 (w->event, 6, ends_at);
  sqlite3_bind_int64 (w->event, 7, self->province->id);
  sqlite3_bind_int64 (w->event, 8, created_at);
  if (!run (self, w->event, error))
    return 0;
  id = last_id (self);

  for (guint i = 0; i < n_agenda; i++)
    {
      sqlite3_bind_int64 (w->agenda, 1, id);
      sqlite3_bind_int (w->agenda, 2, i + 1);
      sqlite3_bind_text (w->agenda, 3, agenda[i].title, -1, SQLITE_STATIC);
      sqlite3_bind_text (w->agenda, 4, agenda[i].speaker != NULL ? agenda[i].speaker : "", -1, SQLITE_STATIC);
      sqlite3_bind_int64 (w->agenda, 5, local_time (year, month, day, agenda[i].hour, agenda[i].minute));
      if (!run (self, w->agenda, error))
        return 0;
    }

  self->n_events++;
  return id;
}

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

static void
point_change (DemoPoint  *p,
              const char *status,
              gint64      at)
{
  g_assert (p->n_changes < G_N_ELEMENTS (p->at));
  p->status[p->n_changes] = status;
  p->at[p->n_changes] = at;
  p->n_changes++;
}

static gboolean
write_points (PlnDemo      *self,
              EventWriter  *w,
              gint64        event_id,
              GArray       *points,
              GError      **error)
{
  for (guint i = 0; i < points->len; i++)
    {
      DemoPoint *p = &g_array_index (points, DemoPoint, i);
      g_autofree char *token = demo_token (self);
      gint64 point_id;

      sqlite3_bind_int64 (w->point, 1, event_id);
      sqlite3_bind_int64 (w->point, 2, p->site->id);
      sqlite3_bind_int (w->point, 3, p->is_host);
      sqlite3_bind_int (w->point, 4, p->expected);
      if (p->reported >= 0)
        {
          sqlite3_bind_int (w->point, 5, p->reported);
          sqlite3_bind_int64 (w->point, 6, p->reported_at);
        }
      sqlite3_bind_text (w->point, 7, p->n_changes > 0 ? p->status[p->n_changes - 1] : "waiting", -1, SQLITE_STATIC);
      if (p->n_changes > 0)
        sqlite3_bind_int64 (w->point, 8, p->at[p->n_changes - 1]);
      if (p->is_host)
        sqlite3_bind_int64 (w->point, 9, self->technician_id);
      sqlite3_bind_text (w->point, 10, token, -1, SQLITE_STATIC);
      if (!run (self, w->point, error))
        return FALSE;
      point_id = last_id (self);
      self->n_points++;

      for (guint c = 0; c < p->n_changes; c++)
        {
          sqlite3_bind_int64 (w->change, 1, point_id);
          sqlite3_bind_text (w->change, 2, p->status[c], -1, SQLITE_STATIC);
          sqlite3_bind_int64 (w->change, 3, p->at[c]);
          if (!run (self, w->change, error))
            return FALSE;
        }
    }
  return TRUE;
}

static DemoPoint *
add_point (GArray   *points,
           DemoSite *site,
           int       expected)
{
  DemoPoint p = { 0 };

  p.site = site;
  p.expected = expected;
  p.reported = -1;
  g_array_append_val (points, p);
  return &g_array_index (points, DemoPoint, points->len - 1);
}

/* Connects every point in the window [from, to] (the host first), drops
 * and restores @n_drops of them during the event, and has each report a
 * head-count near its expected one, adjusted so that the sum is @total. */
static void
play_past_event (PlnDemo *self,
                 GArray  *points,
                 gint64   from,
                 gint64   to,
                 gint64   starts_at,
                 gint64   ends_at,
                 guint    n_drops,
                 int      total)
{
  static const int drift[] = { -1, 0, 0, 0, 1, 1, 1, 2 };
  g_autoptr(GArray) reporting = g_array_new (FALSE, FALSE, sizeof (guint));
  int sum = 0;

  for (guint i = 0; i < points->len; i++)
    {
      DemoPoint *p = &g_array_index (points, DemoPoint, i);

      if (p->n_changes > 0)   /* marked as never connected */
        continue;
      point_change (p, "connected", p->is_host ? from - 15 * 60 : random_between (self, from, to));
      p->reported = MAX (1, p->expected + PICK (self, drift));
      p->reported_at = MAX (p->at[0], starts_at) + random_between (self, 2 * 60, 30 * 60);
      sum += p->reported;
      g_array_append_val (reporting, i);
    }

  /* Spread the difference one by one over random reporting points. */
  while (sum != total && reporting->len > 0)
    {
      guint i = g_array_index (reporting, guint, g_rand_int_range (self->rand, 0, reporting->len));
      DemoPoint *p = &g_array_index (points, DemoPoint, i);

      if (sum < total)
        {
          p->reported++;
          sum++;
        }
      else if (p->reported > 1)
        {
          p->reported--;
          sum--;
        }
    }

  for (guint d = 0; d < n_drops && reporting->len > 1; d++)
    {
      /* Not the host: its feed is the conference. */
      guint i = g_array_index (reporting, guint, g_rand_int_range (self->rand, 1, reporting->len));
      DemoPoint *p = &g_array_index (points, DemoPoint, i);
      gint64 lost;

      if (p->n_changes != 1)
        continue;
      lost = random_between (self, starts_at + 20 * 60, ends_at - 30 * 60);
      point_change (p, "lost", lost);
      point_change (p, "connected", lost + random_between (self, 40, 8 * 60));
    }
}

static gboolean
step_events (PlnDemo  *self,
             GError  **error)
{
  EventWriter w = { 0 };
  g_autoptr(GArray) points = NULL;
  gboolean ok = FALSE;
  gint64 id, starts_at, ends_at;
  guint n, never[2];

  w.event = prepare (self,
                     "INSERT INTO events (uid, kind, title, description, starts_at, ends_at, "
                     "host_site_id, sequence, created_at, updated_at) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, ?8, ?8);", error);
  w.agenda = w.event ? prepare (self,
                                "INSERT INTO agenda_items (event_id, position, title, speaker, planned_start) "
                                "VALUES (?1, ?2, ?3, ?4, ?5);", error) : NULL;
  w.point = w.agenda ? prepare (self,
                                "INSERT INTO bridge_points (event_id, site_id, is_host, expected_count, "
                                "reported_count, reported_at, link_status, link_since, technician_id, token) "
                                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10);", error) : NULL;
  w.change = w.point ? prepare (self,
                                "INSERT INTO link_changes (point_id, status, changed_at) VALUES (?1, ?2, ?3);",
                                error) : NULL;
  if (w.change == NULL)
    goto out;

  /* 1. The online conference of 10 November 2022: the host, the 13 district
   * health centres and the 177 commune stations; 1 000 expected, 1 034
   * reported, two stations never connected. */
  {
    const AgendaLine agenda[] = {
      { "Khai mạc hội nghị, giới thiệu đại biểu", "Văn phòng Sở Y tế", 8, 0 },
      { "Báo cáo kết quả công tác truyền thông, giáo dục sức khỏe năm 2022, phương hướng năm 2023",
        "Trung tâm Kiểm soát bệnh tật tỉnh Quảng Ninh", 8, 10 },
      { "Tham luận của các trung tâm y tế tuyến huyện và trạm y tế xã", NULL, 8, 50 },
      { "Thảo luận tại các điểm cầu", NULL, 9, 40 },
      { "Khen thưởng các tập thể, cá nhân có thành tích xuất sắc", self->deputy, 10, 30 },
      { "Phát biểu chỉ đạo và bế mạc", self->director, 10, 50 },
    };

    starts_at = local_time (2022, 11, 10, 8, 0);
    ends_at = local_time (2022, 11, 10, 11, 30);
    id = add_event (self, &w, "conference",
                    "Hội nghị trực tuyến mạng lưới truyền thông y tế tỉnh Quảng Ninh năm 2022",
                    "Tổng kết công tác truyền thông, giáo dục sức khỏe năm 2022 của mạng lưới truyền thông "
                    "y tế: Sở Y tế (điểm cầu chính), các trung tâm y tế tuyến huyện và 177 trạm y tế xã, "
                    "phường, thị trấn; nhân viên y tế thôn bản và cộng tác viên dân số dự tại trạm.",
                    starts_at, ends_at, local_time (2022, 10, 25, 9, 0),
                    agenda, G_N_ELEMENTS (agenda), 2022, 11, 10, error);
    if (id == 0)
      goto out;

    points = g_array_new (FALSE, TRUE, sizeof (DemoPoint));
    add_point (points, self->province, 40)->is_host = TRUE;
    for (guint i = 0; i < self->districts->len; i++)
      add_point (points, g_ptr_array_index (self->districts, i), 15);
    for (guint i = 0; i < self->communes->len; i++)
      add_point (points, g_ptr_array_index (self->communes, i), 4);
    /* 40 + 13 × 15 + 177 × 4 = 943: 57 stations expect one more. */
    for (n = 943; n < 1000; )
      {
        DemoPoint *p = &g_array_index (points, DemoPoint, 14 + g_rand_int_range (self->rand, 0, 177));
        if (p->expected == 4)
          {
            p->expected++;
            n++;
          }
      }

    /* Two stations never connect: one never tried, one failed its link. */
    never[0] = 14 + g_rand_int_range (self->rand, 0, 177);
    do
      never[1] = 14 + g_rand_int_range (self->rand, 0, 177);
    while (never[1] == never[0]);
    point_change (&g_array_index (points, DemoPoint, never[1]), "lost", local_time (2022, 11, 10, 7, 52));
    /* never[0] stays 'waiting' with no history; mark it so play skips it. */
    g_array_index (points, DemoPoint, never[0]).n_changes = G_N_ELEMENTS (((DemoPoint *) NULL)->at);
    play_past_event (self, points, local_time (2022, 11, 10, 7, 45), local_time (2022, 11, 10, 8, 5),
                     starts_at, ends_at, 7, 1034);
    g_array_index (points, DemoPoint, never[0]).n_changes = 0;

    if (!write_points (self, &w, id, points, error))
      goto out;
    g_clear_pointer (&points, g_array_unref);
  }

  /* 2. A training like Quảng Ngãi's of 2 August 2024, held in Quảng Ninh:
   * the host, the provincial units and the district health centres. */
  {
    const char *instructor = "ThS. Lê Thu Hằng, Trung tâm Truyền thông – Giáo dục sức khỏe Trung ương (giảng viên khách mời)";
    const AgendaLine agenda[] = {
      { "Khai mạc lớp tập huấn", self->deputy, 8, 0 },
      { "Truyền thông trên mạng xã hội: nội dung, quản lý trang, tương tác với người dân", instructor, 8, 15 },
      { "Marketing trong cơ sở y tế: hình ảnh đơn vị và trải nghiệm người bệnh", instructor, 10, 15 },
      { "Nhận diện và xử lý thông tin sai lệch về y tế trên không gian mạng", instructor, 13, 30 },
      { "Thảo luận, giải đáp và bế mạc", NULL, 15, 45 },
    };

    starts_at = local_time (2024, 8, 2, 8, 0);
    ends_at = local_time (2024, 8, 2, 16, 30);
    id = add_event (self, &w, "training",
                    "Tập huấn kỹ năng truyền thông trên mạng xã hội, marketing y tế và xử lý thông tin sai lệch",
                    "Dành cho lãnh đạo đơn vị, trưởng phòng Kế hoạch tổng hợp, cán bộ truyền thông, "
                    "điều dưỡng trưởng và cán bộ công tác xã hội của các đơn vị trực thuộc Sở Y tế.",
                    starts_at, ends_at, local_time (2024, 7, 20, 14, 0),
                    agenda, G_N_ELEMENTS (agenda), 2024, 8, 2, error);
    if (id == 0)
      goto out;

    points = g_array_new (FALSE, TRUE, sizeof (DemoPoint));
    add_point (points, self->province, 20)->is_host = TRUE;
    for (guint i = 0; i < self->units->len; i++)
      add_point (points, g_ptr_array_index (self->units, i), 5);
    for (guint i = 0; i < self->districts->len; i++)
      add_point (points, g_ptr_array_index (self->districts, i), 6);
    play_past_event (self, points, local_time (2024, 8, 2, 7, 40), local_time (2024, 8, 2, 7, 58),
                     starts_at, ends_at, 2, 196);
    if (!write_points (self, &w, id, points, error))
      goto out;
    g_clear_pointer (&points, g_array_unref);
  }

  /* 3. Upcoming: the 2027 review of "Bình dân học vụ số" (digital skills
   * for all) across the network; nobody has connected yet. */
  {
    const AgendaLine agenda[] = {
      { "Khai mạc, báo cáo kết quả triển khai “Bình dân học vụ số” trong ngành y tế", self->deputy, 8, 0 },
      { "Trạm y tế xã: điểm truyền thông số cộng đồng – kinh nghiệm từ các địa phương", NULL, 8, 45 },
      { "Tiến độ khóa học kỹ năng số cơ bản theo từng đơn vị", NULL, 9, 30 },
      { "Khen thưởng và bế mạc", self->director, 10, 30 },
    };

    starts_at = local_time (2027, 5, 12, 8, 0);
    ends_at = local_time (2027, 5, 12, 11, 0);
    id = add_event (self, &w, "conference",
                    "Hội nghị trực tuyến sơ kết “Bình dân học vụ số” ngành Y tế Quảng Ninh",
                    "Mục tiêu: 100 % cán bộ được tập huấn kỹ năng số thiết yếu, trên 90 % hoàn thành khóa học "
                    "trực tuyến cơ bản.",
                    starts_at, ends_at, local_time (2026, 11, 2, 9, 0),
                    agenda, G_N_ELEMENTS (agenda), 2027, 5, 12, error);
    if (id == 0)
      goto out;

    points = g_array_new (FALSE, TRUE, sizeof (DemoPoint));
    add_point (points, self->province, 30)->is_host = TRUE;
    for (guint i = 0; i < self->units->len; i++)
      add_point (points, g_ptr_array_index (self->units, i), 4);
    for (guint i = 0; i < self->districts->len; i++)
      add_point (points, g_ptr_array_index (self->districts, i), 10);
    for (guint i = 0; i < self->communes->len; i++)
      add_point (points, g_ptr_array_index (self->communes, i), 4 + g_rand_int_range (self->rand, 0, 3));
    if (!write_points (self, &w, id, points, error))
      goto out;
    g_clear_pointer (&points, g_array_unref);
  }

  _pln_store_emit_changed (self->store, "events");
  _pln_store_emit_changed (self->store, "bridge_points");
  ok = TRUE;

out:
  sqlite3_finalize (w.event);
  sqlite3_finalize (w.agenda);
  sqlite3_finalize (w.point);
  sqlite3_finalize (w.change);
  return ok;
}


/* ---- Step: the "Bình dân học vụ số" course and its progress ---------- */

/* The basic online course of 2025 (seed 003): 30 short lessons, for all
 * the network's staff, 90 % of each lesson to watch, 90 % of the staff by
 * the Digital Learning Day, 10 October 2025. The lessons are recordings
 * rows without media (the archive's demo recordings are separate rows);
 * the progress is generated: how keen each district is, and so how many
 * start and finish and when, differs by district. */
static const char * const lessons[] = {
  "Làm quen với điện thoại thông minh và máy tính",
  "Kết nối Internet, Wi-Fi và dữ liệu di động an toàn",
  "Tài khoản định danh điện tử VNeID: cài đặt và sử dụng",
  "Mật khẩu mạnh và xác thực hai lớp",
  "Nhận diện lừa đảo trực tuyến và tin nhắn giả mạo",
  "Bảo vệ dữ liệu cá nhân của người bệnh",
  "Thư điện tử công vụ: gửi, nhận, đính kèm",
  "Soạn thảo văn bản trên máy tính và điện thoại",
  "Bảng tính cơ bản: nhập số liệu và tính tổng",
  "Lưu trữ và chia sẻ tệp trên đám mây",
  "Họp trực tuyến: tham gia, bật micro, chia sẻ màn hình",
  "Chụp ảnh và quay video truyền thông bằng điện thoại",
  "Thiết kế infographic đơn giản",
  "Viết tin bài truyền thông sức khỏe cho trang mạng xã hội",
  "Quản lý trang Fanpage của trạm y tế",
  "Trả lời bình luận và tin nhắn của người dân",
  "Xử lý thông tin sai lệch về y tế trên mạng",
  "Livestream tư vấn sức khỏe: chuẩn bị và thực hiện",
  "Podcast và phát thanh trên loa truyền thanh thông minh",
  "Dịch vụ công trực tuyến trong lĩnh vực y tế",
  "Hồ sơ sức khỏe điện tử và sổ sức khỏe điện tử",
  "Khám chữa bệnh bảo hiểm y tế bằng căn cước công dân gắn chip",
  "Thanh toán không dùng tiền mặt tại cơ sở y tế",
  "Phần mềm quản lý trạm y tế xã",
  "Báo cáo thống kê y tế trực tuyến",
  "Tư vấn sức khỏe từ xa: quy trình và lưu ý",
  "Hướng dẫn người dân dùng ứng dụng y tế trên điện thoại",
  "Trạm y tế xã – điểm truyền thông số cộng đồng",
  "An toàn thông tin khi làm việc trên mạng",
  "Ôn tập và bài kiểm tra cuối khóa",
};

/* The 2025 events of the course (seed 003): the online launch on 12 May
 * 2025, whose first part presented lesson 1 live, with each commune
 * station's head on the delegate list of their station's point; and the
 * Digital Learning Day workshop of 10 October. The organiser let presence
 * at the launch count for lesson 1 (pln_store_credit_attendance's setting
 * and "live" progress rows, written by the courses step). Returns the ids
 * of the people marked present, in @present. */
static gboolean
add_2025_events (PlnDemo  *self,
                 gint64   *launch_id,
                 GArray   *present,
                 GError  **error)
{
  EventWriter w = { 0 };
  g_autoptr(GArray) points = NULL;
  sqlite3_stmt *people = NULL, *delegate = NULL;
  gboolean ok = FALSE;
  gint64 id, starts_at, ends_at;
  int rc;

  w.event = prepare (self,
                     "INSERT INTO events (uid, kind, title, description, starts_at, ends_at, "
                     "host_site_id, sequence, created_at, updated_at) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, ?8, ?8);", error);
  w.agenda = w.event ? prepare (self,
                                "INSERT INTO agenda_items (event_id, position, title, speaker, planned_start) "
                                "VALUES (?1, ?2, ?3, ?4, ?5);", error) : NULL;
  w.point = w.agenda ? prepare (self,
                                "INSERT INTO bridge_points (event_id, site_id, is_host, expected_count, "
                                "reported_count, reported_at, link_status, link_since, technician_id, token) "
                                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10);", error) : NULL;
  w.change = w.point ? prepare (self,
                                "INSERT INTO link_changes (point_id, status, changed_at) VALUES (?1, ?2, ?3);",
                                error) : NULL;
  /* The first person of each commune station is its head. */
  people = w.change ? prepare (self,
                               "SELECT min (p.id), p.site_id FROM people p JOIN sites s ON s.id = p.site_id "
                               "WHERE s.level = 'commune' GROUP BY p.site_id ORDER BY p.site_id;", error) : NULL;
  delegate = people ? prepare (self,
                               "INSERT INTO delegates (point_id, person_id, present, marked_at) "
                               "SELECT id, ?2, ?3, ?4 FROM bridge_points WHERE event_id = ?1 AND site_id = ?5;",
                               error) : NULL;
  if (delegate == NULL)
    goto out;

  {
    const AgendaLine agenda[] = {
      { "Phát động phong trào “Bình dân học vụ số” trong ngành Y tế", self->director, 8, 0 },
      { "Bài 1 của khóa học trực tuyến: làm quen với điện thoại thông minh và máy tính", NULL, 8, 30 },
      { "Hướng dẫn đăng nhập và theo dõi tiến độ khóa học", NULL, 9, 30 },
      { "Bế mạc", self->deputy, 10, 15 },
    };

    starts_at = local_time (2025, 5, 12, 8, 0);
    ends_at = local_time (2025, 5, 12, 10, 30);
    id = add_event (self, &w, "conference",
                    "Hội nghị trực tuyến phát động “Bình dân học vụ số” ngành Y tế Quảng Ninh",
                    "Mục tiêu: 100 % cán bộ được tập huấn kỹ năng số thiết yếu; trên 90 % hoàn thành khóa học "
                    "trực tuyến cơ bản. Trạm y tế xã trở thành điểm truyền thông số cộng đồng.",
                    starts_at, ends_at, local_time (2025, 4, 28, 9, 0),
                    agenda, G_N_ELEMENTS (agenda), 2025, 5, 12, error);
    if (id == 0)
      goto out;
    points = g_array_new (FALSE, TRUE, sizeof (DemoPoint));
    add_point (points, self->province, 30)->is_host = TRUE;
    for (guint i = 0; i < self->districts->len; i++)
      add_point (points, g_ptr_array_index (self->districts, i), 10);
    for (guint i = 0; i < self->communes->len; i++)
      add_point (points, g_ptr_array_index (self->communes, i), 3);
    play_past_event (self, points, local_time (2025, 5, 12, 7, 40), local_time (2025, 5, 12, 8, 10),
                     starts_at, ends_at, 4, 30 + 13 * 10 + 177 * 3 + 12);
    if (!write_points (self, &w, id, points, error))
      goto out;
    g_clear_pointer (&points, g_array_unref);
    *launch_id = id;

    /* The heads on their station's list; nine in ten marked present. */
    while ((rc = sqlite3_step (people)) == SQLITE_ROW)
      {
        gint64 person = sqlite3_column_int64 (people, 0);
        gboolean here = g_rand_int_range (self->rand, 0, 10) != 0;

        sqlite3_bind_int64 (delegate, 1, id);
        sqlite3_bind_int64 (delegate, 2, person);
        sqlite3_bind_int (delegate, 3, here);
        sqlite3_bind_int64 (delegate, 4, starts_at + random_between (self, 0, 20 * 60));
        sqlite3_bind_int64 (delegate, 5, sqlite3_column_int64 (people, 1));
        if (!run (self, delegate, error))
          goto out;
        if (here)
          g_array_append_val (present, person);
      }
    if (rc != SQLITE_DONE)
      {
        _pln_store_fail (self->store, _("Cannot write the demo data set"), error);
        goto out;
      }
  }

  {
    const AgendaLine agenda[] = {
      { "Ngày học tập số: kết quả khóa học cơ bản sau năm tháng", self->deputy, 14, 0 },
      { "Kinh nghiệm của các đơn vị hoàn thành sớm", NULL, 14, 30 },
      { "Khen thưởng các đơn vị dẫn đầu", self->director, 15, 30 },
    };

    starts_at = local_time (2025, 10, 10, 14, 0);
    ends_at = local_time (2025, 10, 10, 16, 0);
    id = add_event (self, &w, "workshop",
                    "Hội thảo “Ngày học tập số” 10/10/2025: tiến độ khóa học kỹ năng số cơ bản",
                    "Tổng kết tiến độ khóa học trực tuyến cơ bản theo từng đơn vị, khen thưởng các đơn vị dẫn đầu.",
                    starts_at, ends_at, local_time (2025, 9, 25, 9, 0),
                    agenda, G_N_ELEMENTS (agenda), 2025, 10, 10, error);
    if (id == 0)
      goto out;
    points = g_array_new (FALSE, TRUE, sizeof (DemoPoint));
    add_point (points, self->province, 25)->is_host = TRUE;
    for (guint i = 0; i < self->units->len; i++)
      add_point (points, g_ptr_array_index (self->units, i), 3);
    for (guint i = 0; i < self->districts->len; i++)
      add_point (points, g_ptr_array_index (self->districts, i), 5);
    play_past_event (self, points, local_time (2025, 10, 10, 13, 40), local_time (2025, 10, 10, 14, 5),
                     starts_at, ends_at, 1, 25 + 18 * 3 + 13 * 5 + 3);
    if (!write_points (self, &w, id, points, error))
      goto out;
  }

  _pln_store_emit_changed (self->store, "events");
  _pln_store_emit_changed (self->store, "bridge_points");
  ok = TRUE;

out:
  sqlite3_finalize (w.event);
  sqlite3_finalize (w.agenda);
  sqlite3_finalize (w.point);
  sqlite3_finalize (w.change);
  sqlite3_finalize (people);
  sqlite3_finalize (delegate);
  return ok;
}

/* Pieces of one person's watching of one lesson. */
static gboolean
write_watch (PlnDemo       *self,
             sqlite3_stmt  *stmt,
             GRand         *rand,
             gint64         person,
             gint64         recording,
             gint64         duration_ms,
             gboolean       complete,
             gint64         at,
             GError       **error)
{
  gint64 pieces[2][2];
  guint n = 1;

  if (complete)
    {
      /* Mostly straight through; sometimes a skipped stretch (under the
       * 10 % the rule allows) or the last seconds left out. */
      guint shape = g_rand_int_range (rand, 0, 10);

      if (shape < 6)
        {
          pieces[0][0] = 0;
          pieces[0][1] = duration_ms;
        }
      else if (shape < 8)
        {
          gint64 from = duration_ms * g_rand_int_range (rand, 20, 70) / 100;
          gint64 skip = duration_ms * g_rand_int_range (rand, 2, 8) / 100;

          pieces[0][0] = 0;
          pieces[0][1] = from;
          pieces[1][0] = from + skip;
          pieces[1][1] = duration_ms;
          n = 2;
        }
      else
        {
          pieces[0][0] = 0;
          pieces[0][1] = duration_ms - duration_ms * g_rand_int_range (rand, 1, 9) / 100;
        }
    }
  else
    {
      /* Stopped somewhere, or skipped ahead: never 90 %. */
      pieces[0][0] = 0;
      pieces[0][1] = duration_ms * g_rand_int_range (rand, 5, 60) / 100;
      if (g_rand_int_range (rand, 0, 3) == 0)
        {
          pieces[1][0] = duration_ms * g_rand_int_range (rand, 70, 80) / 100;
          pieces[1][1] = duration_ms * g_rand_int_range (rand, 80, 95) / 100;
          n = 2;
        }
    }

  for (guint i = 0; i < n; i++)
    {
      sqlite3_bind_int64 (stmt, 1, person);
      sqlite3_bind_int64 (stmt, 2, recording);
      sqlite3_bind_int64 (stmt, 3, pieces[i][0]);
      sqlite3_bind_int64 (stmt, 4, pieces[i][1]);
      sqlite3_bind_text (stmt, 5, g_rand_int_range (rand, 0, 4) == 0 ? "app" : "portal", -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 6, at + i * 600);
      if (!run (self, stmt, error))
        return FALSE;
      self->n_progress++;
    }
  return TRUE;
}

static gboolean
step_courses (PlnDemo  *self,
              GError  **error)
{
  /* A generator of its own, so that the rows of the earlier steps do not
   * depend on this one and the other way round. */
  g_autoptr(GRand) rand = g_rand_new_with_seed (PLN_DEMO_SEED ^ 0x2025);
  g_autoptr(GHashTable) zeal = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GHashTable) credited = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) present = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *setting = NULL;
  gint64 launch_id = 0, first_item = 0;
  gint64 recordings[G_N_ELEMENTS (lessons)];
  gint64 durations[G_N_ELEMENTS (lessons)];
  sqlite3_stmt *recording = NULL, *course = NULL, *item = NULL, *people = NULL, *progress = NULL;
  gint64 course_id, launch = local_time (2025, 5, 12, 8, 0);
  gint64 end_of_year = local_time (2025, 12, 31, 20, 0);
  gboolean ok = FALSE;
  int rc;

  if (!add_2025_events (self, &launch_id, present, error))
    return FALSE;

  setting = prepare (self, "INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2);", error);
  recording = setting == NULL ? NULL : prepare (self,
                       "INSERT INTO recordings (public_id, title, description, folder, state, visibility, "
                       "started_at, ended_at, duration_ms, created_at) "
                       "VALUES (?1, ?2, ?3, ?4, 'ready', 'staff', ?5, ?6, ?7, ?5);", error);
  course = recording ? prepare (self,
                                "INSERT INTO courses (title, description, audience_rule, audience_role, "
                                "completion_percent, target_percent, target_date, created_at) "
                                "VALUES (?1, ?2, '', '', 90, 90, ?3, ?4);", error) : NULL;
  item = course ? prepare (self,
                           "INSERT INTO course_items (course_id, position, recording_id) VALUES (?1, ?2, ?3);",
                           error) : NULL;
  people = item ? prepare (self,
                           "SELECT p.id, coalesce (s.district_id, s.id), s.level FROM people p "
                           "JOIN sites s ON s.id = p.site_id ORDER BY p.id;", error) : NULL;
  progress = people ? prepare (self,
                               "INSERT INTO progress (person_id, recording_id, start_ms, end_ms, origin, updated_at) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6);", error) : NULL;
  if (progress == NULL)
    goto out;

  /* The lessons, recorded in the weeks before the launch. */
  for (guint i = 0; i < G_N_ELEMENTS (lessons); i++)
    {
      g_autofree char *public_id = g_strdup_printf ("%08x%08x%08x%08x", g_rand_int (rand), g_rand_int (rand),
                                                    g_rand_int (rand), g_rand_int (rand));
      g_autofree char *title = g_strdup_printf ("Bình dân học vụ số – Bài %u: %s", i + 1, lessons[i]);
      g_autofree char *folder = g_strdup_printf ("demo/binh-dan-hoc-vu-so/bai-%02u", i + 1);
      gint64 started = local_time (2025, 4, 7 + i / 2, 14, 0);

      durations[i] = (gint64) g_rand_int_range (rand, 8 * 60, 22 * 60) * 1000;
      sqlite3_bind_text (recording, 1, public_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (recording, 2, title, -1, SQLITE_STATIC);
      sqlite3_bind_text (recording, 3, "Bài giảng video của khóa học trực tuyến kỹ năng số cơ bản.", -1, SQLITE_STATIC);
      sqlite3_bind_text (recording, 4, folder, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (recording, 5, started);
      sqlite3_bind_int64 (recording, 6, started + durations[i] / 1000);
      sqlite3_bind_int64 (recording, 7, durations[i]);
      if (!run (self, recording, error))
        goto out;
      recordings[i] = last_id (self);
      self->n_lessons++;
    }

  sqlite3_bind_text (course, 1, "Bình dân học vụ số: kỹ năng số cơ bản cho cán bộ y tế", -1, SQLITE_STATIC);
  sqlite3_bind_text (course, 2,
                     "Khóa học trực tuyến cơ bản của phong trào “Bình dân học vụ số” ngành Y tế Quảng Ninh "
                     "(2025): 100 % cán bộ được tập huấn kỹ năng số thiết yếu, trên 90 % hoàn thành khóa học "
                     "trước Ngày học tập số 10/10. Văn phòng Sở theo dõi tiến độ từng đơn vị.", -1, SQLITE_STATIC);
  sqlite3_bind_int64 (course, 3, local_time (2025, 10, 10, 23, 59));
  sqlite3_bind_int64 (course, 4, launch - 3 * 24 * 3600);
  if (!run (self, course, error))
    goto out;
  course_id = last_id (self);
  self->n_courses++;
  for (guint i = 0; i < G_N_ELEMENTS (lessons); i++)
    {
      sqlite3_bind_int64 (item, 1, course_id);
      sqlite3_bind_int (item, 2, i + 1);
      sqlite3_bind_int64 (item, 3, recordings[i]);
      if (!run (self, item, error))
        goto out;
      if (i == 0)
        first_item = last_id (self);
    }

  /* Presence at the launch counts for lesson 1, as the organiser decided:
   * the setting pln_store_credit_attendance () keeps, and the lesson
   * watched whole ("live") by each head marked present. */
  {
    g_autofree char *key = g_strdup_printf ("course-item-attendance:%" G_GINT64_FORMAT, first_item);
    g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, launch_id);

    sqlite3_bind_text (setting, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text (setting, 2, value, -1, SQLITE_STATIC);
    if (!run (self, setting, error))
      goto out;
  }
  for (guint i = 0; i < present->len; i++)
    {
      gint64 *person = &g_array_index (present, gint64, i);

      sqlite3_bind_int64 (progress, 1, *person);
      sqlite3_bind_int64 (progress, 2, recordings[0]);
      sqlite3_bind_int64 (progress, 3, 0);
      sqlite3_bind_int64 (progress, 4, durations[0]);
      sqlite3_bind_text (progress, 5, "live", -1, SQLITE_STATIC);
      sqlite3_bind_int64 (progress, 6, local_time (2025, 5, 12, 10, 30));
      if (!run (self, progress, error))
        goto out;
      self->n_progress++;
      g_hash_table_add (credited, person);
    }

  /* Everyone, in id order; each district (the provincial sites each on
   * their own) gets how keen it is the first time one of its people comes. */
  while ((rc = sqlite3_step (people)) == SQLITE_ROW)
    {
      gint64 person = sqlite3_column_int64 (people, 0);
      gint64 district = sqlite3_column_int64 (people, 1);
      gboolean village = g_strcmp0 ((const char *) sqlite3_column_text (people, 2), "village") == 0;
      double *keen = g_hash_table_lookup (zeal, &district);
      double p_start, p_finish;
      guint done;
      gint64 at;

      if (keen == NULL)
        {
          keen = g_new (double, 1);
          /* A few keen ones reach the target: the units to reward. */
          *keen = g_hash_table_size (zeal) % 5 == 1 ? 0.98 : 0.30 + 0.60 * g_rand_double (rand);
          g_hash_table_insert (zeal, g_memdup2 (&district, sizeof district), keen);
        }
      p_start = 0.80 + 0.20 * *keen - (village ? 0.03 : 0.0);
      p_finish = 0.50 + 0.50 * *keen - (village ? 0.05 : 0.0);
      if (g_rand_double (rand) >= p_start)
        continue;

      /* Keener districts start sooner after the launch. */
      at = launch + (gint64) ((1.0 - *keen) * 60 + g_rand_int_range (rand, 0, 50)) * 24 * 3600
           + g_rand_int_range (rand, 0, 10 * 3600);
      done = g_rand_double (rand) < p_finish ? G_N_ELEMENTS (lessons) : (guint) g_rand_int_range (rand, 0, G_N_ELEMENTS (lessons));
      for (guint i = 0; i < G_N_ELEMENTS (lessons) && i <= done; i++)
        {
          /* Lesson 1 already counts from the launch for those present. */
          if (i == 0 && g_hash_table_contains (credited, &person))
            {
              if (done == 0)
                break;
              continue;
            }
          if (i == done)
            {
              /* Where they stopped: partly watched, or not opened. */
              if (g_rand_boolean (rand) && !write_watch (self, progress, rand, person, recordings[i], durations[i],
                                                         FALSE, MIN (at, end_of_year), error))
                goto out;
              break;
            }
          if (!write_watch (self, progress, rand, person, recordings[i], durations[i], TRUE,
                            MIN (at, end_of_year), error))
            goto out;
          at += g_rand_int_range (rand, 0, 4) * 24 * 3600 + g_rand_int_range (rand, 1800, 4 * 3600);
        }
    }
  if (rc != SQLITE_DONE)
    {
      _pln_store_fail (self->store, _("Cannot write the demo data set"), error);
      goto out;
    }

  _pln_store_emit_changed (self->store, "recordings");
  _pln_store_emit_changed (self->store, "courses");
  _pln_store_emit_changed (self->store, "progress");
  ok = TRUE;

out:
  sqlite3_finalize (setting);
  sqlite3_finalize (recording);
  sqlite3_finalize (course);
  sqlite3_finalize (item);
  sqlite3_finalize (people);
  sqlite3_finalize (progress);
  return ok;
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
  self->all_sites = g_ptr_array_new_with_free_func (demo_site_free);
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
