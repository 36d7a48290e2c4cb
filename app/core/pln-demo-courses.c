/* pln-demo-courses.c: the demo's 2025 "Bình dân học vụ số" course, its
 * events and the progress of the network's staff (see pln-demo.c). */
#define G_LOG_DOMAIN "plenary-demo"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pln-demo-private.h"

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

  _pln_demo_event_writer_init (self, &w, error);
  /* The first person of each commune station is its head. */
  people = w.change != NULL ? _pln_demo_prepare (self,
                                         "SELECT min (p.id), p.site_id FROM people p JOIN sites s ON s.id = p.site_id "
                                         "WHERE s.level = 'commune' GROUP BY p.site_id ORDER BY p.site_id;", error) : NULL;
  delegate = people ? _pln_demo_prepare (self,
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

    starts_at = _pln_demo_local_time (2025, 5, 12, 8, 0);
    ends_at = _pln_demo_local_time (2025, 5, 12, 10, 30);
    id = _pln_demo_add_event (self, &w, "conference",
                              "Hội nghị trực tuyến phát động “Bình dân học vụ số” ngành Y tế Quảng Ninh",
                              "Mục tiêu: 100 % cán bộ được tập huấn kỹ năng số thiết yếu; trên 90 % hoàn thành khóa học "
                              "trực tuyến cơ bản. Trạm y tế xã trở thành điểm truyền thông số cộng đồng.",
                              starts_at, ends_at, _pln_demo_local_time (2025, 4, 28, 9, 0),
                              agenda, G_N_ELEMENTS (agenda), 2025, 5, 12, error);
    if (id == 0)
      goto out;
    points = _pln_demo_level_points (self, &(DemoHeads) { .host = 30, .district = 10, .commune = 3 });
    _pln_demo_play_past_event (self, points, _pln_demo_local_time (2025, 5, 12, 7, 40), _pln_demo_local_time (2025, 5, 12, 8, 10),
                     starts_at, ends_at, 4, 30 + 13 * 10 + 177 * 3 + 12);
    if (!_pln_demo_write_points (self, &w, id, points, error))
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
        sqlite3_bind_int64 (delegate, 4, starts_at + _pln_demo_random_between (self, 0, 20 * 60));
        sqlite3_bind_int64 (delegate, 5, sqlite3_column_int64 (people, 1));
        if (!_pln_demo_run (self, delegate, error))
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

    starts_at = _pln_demo_local_time (2025, 10, 10, 14, 0);
    ends_at = _pln_demo_local_time (2025, 10, 10, 16, 0);
    id = _pln_demo_add_event (self, &w, "workshop",
                              "Hội thảo “Ngày học tập số” 10/10/2025: tiến độ khóa học kỹ năng số cơ bản",
                              "Tổng kết tiến độ khóa học trực tuyến cơ bản theo từng đơn vị, khen thưởng các đơn vị dẫn đầu.",
                              starts_at, ends_at, _pln_demo_local_time (2025, 9, 25, 9, 0),
                              agenda, G_N_ELEMENTS (agenda), 2025, 10, 10, error);
    if (id == 0)
      goto out;
    points = _pln_demo_level_points (self, &(DemoHeads) { .host = 25, .unit = 3, .district = 5 });
    _pln_demo_play_past_event (self, points, _pln_demo_local_time (2025, 10, 10, 13, 40), _pln_demo_local_time (2025, 10, 10, 14, 5),
                     starts_at, ends_at, 1, 25 + 18 * 3 + 13 * 5 + 3);
    if (!_pln_demo_write_points (self, &w, id, points, error))
      goto out;
  }

  _pln_store_emit_changed (self->store, "events");
  _pln_store_emit_changed (self->store, "bridge_points");
  ok = TRUE;

out:
  _pln_demo_event_writer_clear (&w);
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
      if (!_pln_demo_run (self, stmt, error))
        return FALSE;
      self->n_progress++;
    }
  return TRUE;
}

gboolean
_pln_demo_step_courses (PlnDemo  *self,
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
  gint64 course_id, launch = _pln_demo_local_time (2025, 5, 12, 8, 0);
  gint64 end_of_year = _pln_demo_local_time (2025, 12, 31, 20, 0);
  gboolean ok = FALSE;
  int rc;

  if (!add_2025_events (self, &launch_id, present, error))
    return FALSE;

  setting = _pln_demo_prepare (self, "INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2);", error);
  recording = setting == NULL ? NULL : _pln_demo_prepare (self,
                       "INSERT INTO recordings (public_id, title, description, folder, state, visibility, "
                       "started_at, ended_at, duration_ms, created_at) "
                       "VALUES (?1, ?2, ?3, ?4, 'ready', 'staff', ?5, ?6, ?7, ?5);", error);
  course = recording ? _pln_demo_prepare (self,
                                          "INSERT INTO courses (title, description, audience_rule, audience_role, "
                                          "completion_percent, target_percent, target_date, created_at) "
                                          "VALUES (?1, ?2, '', '', 90, 90, ?3, ?4);", error) : NULL;
  item = course ? _pln_demo_prepare (self,
                                     "INSERT INTO course_items (course_id, position, recording_id) VALUES (?1, ?2, ?3);",
                                     error) : NULL;
  people = item ? _pln_demo_prepare (self,
                                     "SELECT p.id, coalesce (s.district_id, s.id), s.level FROM people p "
                                     "JOIN sites s ON s.id = p.site_id ORDER BY p.id;", error) : NULL;
  progress = people ? _pln_demo_prepare (self,
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
      gint64 started = _pln_demo_local_time (2025, 4, 7 + i / 2, 14, 0);

      durations[i] = (gint64) g_rand_int_range (rand, 8 * 60, 22 * 60) * 1000;
      sqlite3_bind_text (recording, 1, public_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (recording, 2, title, -1, SQLITE_STATIC);
      sqlite3_bind_text (recording, 3, "Bài giảng video của khóa học trực tuyến kỹ năng số cơ bản.", -1, SQLITE_STATIC);
      sqlite3_bind_text (recording, 4, folder, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (recording, 5, started);
      sqlite3_bind_int64 (recording, 6, started + durations[i] / 1000);
      sqlite3_bind_int64 (recording, 7, durations[i]);
      if (!_pln_demo_run (self, recording, error))
        goto out;
      recordings[i] = _pln_demo_last_id (self);
      self->n_lessons++;
    }

  sqlite3_bind_text (course, 1, "Bình dân học vụ số: kỹ năng số cơ bản cho cán bộ y tế", -1, SQLITE_STATIC);
  sqlite3_bind_text (course, 2,
                     "Khóa học trực tuyến cơ bản của phong trào “Bình dân học vụ số” ngành Y tế Quảng Ninh "
                     "(2025): 100 % cán bộ được tập huấn kỹ năng số thiết yếu, trên 90 % hoàn thành khóa học "
                     "trước Ngày học tập số 10/10. Văn phòng Sở theo dõi tiến độ từng đơn vị.", -1, SQLITE_STATIC);
  sqlite3_bind_int64 (course, 3, _pln_demo_local_time (2025, 10, 10, 23, 59));
  sqlite3_bind_int64 (course, 4, launch - 3 * 24 * 3600);
  if (!_pln_demo_run (self, course, error))
    goto out;
  course_id = _pln_demo_last_id (self);
  self->n_courses++;
  for (guint i = 0; i < G_N_ELEMENTS (lessons); i++)
    {
      sqlite3_bind_int64 (item, 1, course_id);
      sqlite3_bind_int (item, 2, i + 1);
      sqlite3_bind_int64 (item, 3, recordings[i]);
      if (!_pln_demo_run (self, item, error))
        goto out;
      if (i == 0)
        first_item = _pln_demo_last_id (self);
    }

  /* Presence at the launch counts for lesson 1, as the organiser decided:
   * the setting pln_store_credit_attendance () keeps, and the lesson
   * watched whole ("live") by each head marked present. */
  {
    g_autofree char *key = g_strdup_printf ("course-item-attendance:%" G_GINT64_FORMAT, first_item);
    g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, launch_id);

    sqlite3_bind_text (setting, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text (setting, 2, value, -1, SQLITE_STATIC);
    if (!_pln_demo_run (self, setting, error))
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
      sqlite3_bind_int64 (progress, 6, _pln_demo_local_time (2025, 5, 12, 10, 30));
      if (!_pln_demo_run (self, progress, error))
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

