/* pln-demo-people.c: the demo's network, villages and staff (see pln-demo.c). */
#define G_LOG_DOMAIN "plenary-demo"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pln-demo-private.h"
#include "pln-importer.h"

/* ---- Step: the network from sites.csv ------------------------------- */

gboolean
_pln_demo_step_network (PlnDemo  *self,
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

  stmt = _pln_demo_prepare (self,
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

gboolean
_pln_demo_step_villages (PlnDemo  *self,
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

  stmt = _pln_demo_prepare (self,
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
          if (!_pln_demo_run (self, stmt, error))
            {
              _pln_demo_demo_site_free (v);
              sqlite3_finalize (stmt);
              return FALSE;
            }
          v->id = _pln_demo_last_id (self);
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
  if (!_pln_demo_run (self, w->stmt, error))
    return 0;

  self->n_people++;
  if (name_out != NULL)
    *name_out = g_steal_pointer (&name);
  return _pln_demo_last_id (self);
}

gboolean
_pln_demo_step_people (PlnDemo  *self,
                       GError  **error)
{
  PeopleWriter w = { 0 };
  g_autofree guint *per_commune = g_new0 (guint, self->communes->len);
  g_autofree char *director = NULL;
  g_autofree char *deputy = NULL;
  gboolean ok = FALSE;
  guint n;

  w.stmt = _pln_demo_prepare (self,
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

