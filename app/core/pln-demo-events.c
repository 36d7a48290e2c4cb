/* pln-demo-events.c: the demo's events, their bridge points and what
 * happened at past ones (see pln-demo.c). */
#define G_LOG_DOMAIN "plenary-demo"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pln-demo-private.h"

/* ---- Step: events --------------------------------------------------- */

gboolean
_pln_demo_event_writer_init (PlnDemo      *self,
                             EventWriter  *w,
                             GError      **error)
{
  w->event = _pln_demo_prepare (self,
                                "INSERT INTO events (uid, kind, title, description, starts_at, ends_at, "
                                "host_site_id, sequence, created_at, updated_at) "
                                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, ?8, ?8);", error);
  w->agenda = w->event ? _pln_demo_prepare (self,
                                            "INSERT INTO agenda_items (event_id, position, title, speaker, planned_start) "
                                            "VALUES (?1, ?2, ?3, ?4, ?5);", error) : NULL;
  w->point = w->agenda ? _pln_demo_prepare (self,
                                            "INSERT INTO bridge_points (event_id, site_id, is_host, expected_count, "
                                            "reported_count, reported_at, link_status, link_since, technician_id, token) "
                                            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10);", error) : NULL;
  w->change = w->point ? _pln_demo_prepare (self,
                                            "INSERT INTO link_changes (point_id, status, changed_at) VALUES (?1, ?2, ?3);",
                                            error) : NULL;
  return w->change != NULL;
}

void
_pln_demo_event_writer_clear (EventWriter *w)
{
  g_clear_pointer (&w->event, sqlite3_finalize);
  g_clear_pointer (&w->agenda, sqlite3_finalize);
  g_clear_pointer (&w->point, sqlite3_finalize);
  g_clear_pointer (&w->change, sqlite3_finalize);
}

gint64
_pln_demo_add_event (PlnDemo           *self,
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
  g_autofree char *token = _pln_demo_demo_token (self);
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
  if (!_pln_demo_run (self, w->event, error))
    return 0;
  id = _pln_demo_last_id (self);

  for (guint i = 0; i < n_agenda; i++)
    {
      sqlite3_bind_int64 (w->agenda, 1, id);
      sqlite3_bind_int (w->agenda, 2, i + 1);
      sqlite3_bind_text (w->agenda, 3, agenda[i].title, -1, SQLITE_STATIC);
      sqlite3_bind_text (w->agenda, 4, agenda[i].speaker != NULL ? agenda[i].speaker : "", -1, SQLITE_STATIC);
      sqlite3_bind_int64 (w->agenda, 5, _pln_demo_local_time (year, month, day, agenda[i].hour, agenda[i].minute));
      if (!_pln_demo_run (self, w->agenda, error))
        return 0;
    }

  self->n_events++;
  return id;
}

void
_pln_demo_point_change (DemoPoint  *p,
                        const char *status,
                        gint64      at)
{
  g_assert (p->n_changes < G_N_ELEMENTS (p->at));
  p->status[p->n_changes] = status;
  p->at[p->n_changes] = at;
  p->n_changes++;
}

gboolean
_pln_demo_write_points (PlnDemo      *self,
                        EventWriter  *w,
                        gint64        event_id,
                        GArray       *points,
                        GError      **error)
{
  for (guint i = 0; i < points->len; i++)
    {
      DemoPoint *p = &g_array_index (points, DemoPoint, i);
      g_autofree char *token = _pln_demo_demo_token (self);
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
      if (!_pln_demo_run (self, w->point, error))
        return FALSE;
      point_id = _pln_demo_last_id (self);
      self->n_points++;

      for (guint c = 0; c < p->n_changes; c++)
        {
          sqlite3_bind_int64 (w->change, 1, point_id);
          sqlite3_bind_text (w->change, 2, p->status[c], -1, SQLITE_STATIC);
          sqlite3_bind_int64 (w->change, 3, p->at[c]);
          if (!_pln_demo_run (self, w->change, error))
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

static void
add_level_points (GArray    *points,
                  GPtrArray *sites,
                  int        expected,
                  int        spread,
                  GRand     *rand)
{
  for (guint i = 0; expected > 0 && i < sites->len; i++)
    add_point (points, g_ptr_array_index (sites, i),
                         expected + (spread > 0 ? g_rand_int_range (rand, 0, spread) : 0));
}

GArray *
_pln_demo_level_points (PlnDemo         *self,
                        const DemoHeads *heads)
{
  GArray *points = g_array_new (FALSE, TRUE, sizeof (DemoPoint));

  add_point (points, self->province, heads->host)->is_host = TRUE;
  add_level_points (points, self->units, heads->unit, 0, self->rand);
  add_level_points (points, self->districts, heads->district, 0, self->rand);
  add_level_points (points, self->communes, heads->commune, heads->commune_spread, self->rand);
  return points;
}

/* Connects every point in the window [from, to] (the host first), drops
 * and restores @n_drops of them during the event, and has each report a
 * head-count near its expected one, adjusted so that the sum is @total. */
void
_pln_demo_play_past_event (PlnDemo *self,
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
      _pln_demo_point_change (p, "connected", p->is_host ? from - 15 * 60 : _pln_demo_random_between (self, from, to));
      p->reported = MAX (1, p->expected + PICK (self, drift));
      p->reported_at = MAX (p->at[0], starts_at) + _pln_demo_random_between (self, 2 * 60, 30 * 60);
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
      lost = _pln_demo_random_between (self, starts_at + 20 * 60, ends_at - 30 * 60);
      _pln_demo_point_change (p, "lost", lost);
      _pln_demo_point_change (p, "connected", lost + _pln_demo_random_between (self, 40, 8 * 60));
    }
}

gboolean
_pln_demo_step_events (PlnDemo  *self,
                       GError  **error)
{
  EventWriter w = { 0 };
  g_autoptr(GArray) points = NULL;
  gboolean ok = FALSE;
  gint64 id, starts_at, ends_at;
  guint n, never[2];

  if (!_pln_demo_event_writer_init (self, &w, error))
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

    starts_at = _pln_demo_local_time (2022, 11, 10, 8, 0);
    ends_at = _pln_demo_local_time (2022, 11, 10, 11, 30);
    id = _pln_demo_add_event (self, &w, "conference",
                              "Hội nghị trực tuyến mạng lưới truyền thông y tế tỉnh Quảng Ninh năm 2022",
                              "Tổng kết công tác truyền thông, giáo dục sức khỏe năm 2022 của mạng lưới truyền thông "
                              "y tế: Sở Y tế (điểm cầu chính), các trung tâm y tế tuyến huyện và 177 trạm y tế xã, "
                              "phường, thị trấn; nhân viên y tế thôn bản và cộng tác viên dân số dự tại trạm.",
                              starts_at, ends_at, _pln_demo_local_time (2022, 10, 25, 9, 0),
                              agenda, G_N_ELEMENTS (agenda), 2022, 11, 10, error);
    if (id == 0)
      goto out;

    points = _pln_demo_level_points (self, &(DemoHeads) { .host = 40, .district = 15, .commune = 4 });
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
    _pln_demo_point_change (&g_array_index (points, DemoPoint, never[1]), "lost", _pln_demo_local_time (2022, 11, 10, 7, 52));
    /* never[0] stays 'waiting' with no history; mark it so play skips it. */
    g_array_index (points, DemoPoint, never[0]).n_changes = G_N_ELEMENTS (((DemoPoint *) NULL)->at);
    _pln_demo_play_past_event (self, points, _pln_demo_local_time (2022, 11, 10, 7, 45), _pln_demo_local_time (2022, 11, 10, 8, 5),
                     starts_at, ends_at, 7, 1034);
    g_array_index (points, DemoPoint, never[0]).n_changes = 0;

    if (!_pln_demo_write_points (self, &w, id, points, error))
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

    starts_at = _pln_demo_local_time (2024, 8, 2, 8, 0);
    ends_at = _pln_demo_local_time (2024, 8, 2, 16, 30);
    id = _pln_demo_add_event (self, &w, "training",
                              "Tập huấn kỹ năng truyền thông trên mạng xã hội, marketing y tế và xử lý thông tin sai lệch",
                              "Dành cho lãnh đạo đơn vị, trưởng phòng Kế hoạch tổng hợp, cán bộ truyền thông, "
                              "điều dưỡng trưởng và cán bộ công tác xã hội của các đơn vị trực thuộc Sở Y tế.",
                              starts_at, ends_at, _pln_demo_local_time (2024, 7, 20, 14, 0),
                              agenda, G_N_ELEMENTS (agenda), 2024, 8, 2, error);
    if (id == 0)
      goto out;

    points = _pln_demo_level_points (self, &(DemoHeads) { .host = 20, .unit = 5, .district = 6 });
    _pln_demo_play_past_event (self, points, _pln_demo_local_time (2024, 8, 2, 7, 40), _pln_demo_local_time (2024, 8, 2, 7, 58),
                     starts_at, ends_at, 2, 196);
    if (!_pln_demo_write_points (self, &w, id, points, error))
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

    starts_at = _pln_demo_local_time (2027, 5, 12, 8, 0);
    ends_at = _pln_demo_local_time (2027, 5, 12, 11, 0);
    id = _pln_demo_add_event (self, &w, "conference",
                              "Hội nghị trực tuyến sơ kết “Bình dân học vụ số” ngành Y tế Quảng Ninh",
                              "Mục tiêu: 100 % cán bộ được tập huấn kỹ năng số thiết yếu, trên 90 % hoàn thành khóa học "
                              "trực tuyến cơ bản.",
                              starts_at, ends_at, _pln_demo_local_time (2026, 11, 2, 9, 0),
                              agenda, G_N_ELEMENTS (agenda), 2027, 5, 12, error);
    if (id == 0)
      goto out;

    points = _pln_demo_level_points (self, &(DemoHeads) { .host = 30, .unit = 4, .district = 10,
                                                          .commune = 4, .commune_spread = 3 });
    if (!_pln_demo_write_points (self, &w, id, points, error))
      goto out;
    g_clear_pointer (&points, g_array_unref);
  }

  _pln_store_emit_changed (self->store, "events");
  _pln_store_emit_changed (self->store, "bridge_points");
  ok = TRUE;

out:
  _pln_demo_event_writer_clear (&w);
  return ok;
}


