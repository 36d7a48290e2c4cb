/* pln-store-courses.c: see pln-store-courses.h. */
#define G_LOG_DOMAIN "plenary-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pln-site-rule.h"
#include "pln-store-courses.h"
#include "pln-store-private.h"
#include "pln-store-viewers.h"

static int
compare_id (gconstpointer a,
            gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Fills the items of @course (id set) from course_items, with their titles
 * and spans. */
static gboolean
load_items (PlnStore   *self,
            PlnCourse  *course,
            GError    **error)
{
  sqlite3_stmt *stmt;
  int rc;

  /* A chapter's span ends at the next chapter of its recording, or at the
   * recording's end; both on the timeline people play (gaps closed, the
   * trimmed start cut off). */
  stmt = _pln_store_prepare (self,
                             "SELECT i.id, i.recording_id, coalesce (i.chapter_id, 0), r.title, "
                             "       r.duration_ms, c.title, "
                             "       " PLN_STORE_SQL_PLAYED_MS ("c.recording_id", "c.offset_ms") " - r.trim_start_ms, "
                             "       (SELECT " PLN_STORE_SQL_PLAYED_MS ("n.recording_id", "n.offset_ms") " - r.trim_start_ms "
                             "        FROM chapters n "
                             "        WHERE n.recording_id = c.recording_id AND n.offset_ms > c.offset_ms "
                             "        ORDER BY n.offset_ms LIMIT 1) "
                             "FROM course_items i JOIN recordings r ON r.id = i.recording_id "
                             "LEFT JOIN chapters c ON c.id = i.chapter_id "
                             "WHERE i.course_id = ?1 ORDER BY i.position;", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, pln_course_get_id (course));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PlnCourseItem *item = pln_course_item_new (sqlite3_column_int64 (stmt, 1),
                                                 sqlite3_column_int64 (stmt, 2));
      gint64 duration = sqlite3_column_int64 (stmt, 4);

      item->id = sqlite3_column_int64 (stmt, 0);
      g_free (item->title);
      if (item->chapter_id != 0)
        {
          item->title = g_strdup_printf ("%s – %s", (const char *) sqlite3_column_text (stmt, 3),
                                         (const char *) sqlite3_column_text (stmt, 5));
          item->start_ms = CLAMP (sqlite3_column_int64 (stmt, 6), 0, duration);
          item->end_ms = sqlite3_column_type (stmt, 7) == SQLITE_NULL ? duration : sqlite3_column_int64 (stmt, 7);
          item->end_ms = CLAMP (item->end_ms, item->start_ms, duration);
        }
      else
        {
          item->title = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
          item->start_ms = 0;
          item->end_ms = duration;
        }
      pln_course_add_item (course, item);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return _pln_store_fail (self, _("Cannot read the course’s items"), error);
  return TRUE;
}

static PlnCourse *
course_from_row (sqlite3_stmt *stmt)
{
  PlnCourse *course = pln_course_new ();

  pln_course_set_id (course, sqlite3_column_int64 (stmt, 0));
  pln_course_set_title (course, (const char *) sqlite3_column_text (stmt, 1));
  pln_course_set_description (course, (const char *) sqlite3_column_text (stmt, 2));
  pln_course_set_audience_rule (course, (const char *) sqlite3_column_text (stmt, 3));
  pln_course_set_audience_role (course, (const char *) sqlite3_column_text (stmt, 4));
  pln_course_set_completion_percent (course, sqlite3_column_int (stmt, 5));
  pln_course_set_target_percent (course, sqlite3_column_int (stmt, 6));
  pln_course_set_target_date (course, sqlite3_column_int64 (stmt, 7));
  pln_course_set_created_at (course, sqlite3_column_int64 (stmt, 8));
  return course;
}

#define COURSE_COLUMNS \
  "SELECT id, title, description, audience_rule, audience_role, completion_percent, " \
  "target_percent, coalesce (target_date, 0), created_at FROM courses "

/* What a course must hold before it is written: a title, an item, an
 * audience rule that parses and selects sites. */
static gboolean
validate_course (PlnStore   *self,
                 PlnCourse  *course,
                 GError    **error)
{
  const char *rule = pln_course_get_audience_rule (course);

  if (*pln_course_get_title (course) == '\0')
    {
      g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_INVALID,
                   _("A course needs a title."));
      return FALSE;
    }
  if (pln_course_get_items (course)->len == 0)
    {
      g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_INVALID,
                   _("The course “%s” has no recordings: give it at least one."),
                   pln_course_get_title (course));
      return FALSE;
    }
  if (*rule != '\0')
    {
      g_autoptr(PlnSiteRule) parsed = pln_site_rule_parse (rule, error);
      g_autoptr(GArray) sites = NULL;

      if (parsed == NULL)
        return FALSE;
      sites = pln_site_rule_expand (parsed, self, error);
      if (sites == NULL)
        return FALSE;
    }
  return TRUE;
}

/* The recording of item @i, and its chapter when there is one, exist. */
static gboolean
check_item (PlnStore       *self,
            PlnCourseItem  *item,
            guint           i,
            GError        **error)
{
  sqlite3_stmt *stmt = _pln_store_prepare (self,
                                           "SELECT 1 FROM recordings r WHERE r.id = ?1 AND (?2 = 0 OR EXISTS "
                                           "(SELECT 1 FROM chapters c WHERE c.id = ?2 AND c.recording_id = r.id));", error);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, item->recording_id);
  sqlite3_bind_int64 (stmt, 2, item->chapter_id);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  if (found)
    return TRUE;
  if (item->chapter_id != 0)
    g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_NOT_FOUND,
                 _("Item %u of the course: recording %lld has no chapter %lld. “plenary library list” shows the recordings."),
                 i + 1, (long long) item->recording_id, (long long) item->chapter_id);
  else
    g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_NOT_FOUND,
                 _("Item %u of the course: there is no recording with the id %lld. “plenary library list” shows the recordings."),
                 i + 1, (long long) item->recording_id);
  return FALSE;
}

static gboolean
run_ids (PlnStore    *self,
         const char  *sql,
         gint64       a,
         gint64       b,
         GError     **error)
{
  sqlite3_stmt *stmt = _pln_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, a);
  sqlite3_bind_int64 (stmt, 2, b);
  return _pln_store_step_done (self, stmt, _("Cannot save the course"), error);
}

/* Makes the items of course @course_id those of @items, in order. An item
 * already there (same recording and chapter) keeps its id, so what hangs on
 * it (the event whose presence marks credit it) survives an edit; an item
 * taken out goes with its credit. Inside the caller's transaction. */
static gboolean
write_items (PlnStore   *self,
             gint64      course_id,
             GPtrArray  *items,
             GError    **error)
{
  g_autoptr(GArray) kept = g_array_new (FALSE, TRUE, sizeof (gint64));
  sqlite3_stmt *stmt;

  g_array_set_size (kept, items->len);
  stmt = _pln_store_prepare (self, "SELECT id, recording_id, coalesce (chapter_id, 0) FROM course_items "
                                   "WHERE course_id = ?1 ORDER BY position;", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, course_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      gboolean matched = FALSE;

      for (guint i = 0; i < items->len && !matched; i++)
        {
          PlnCourseItem *item = g_ptr_array_index (items, i);

          if (g_array_index (kept, gint64, i) == 0 &&
              item->recording_id == sqlite3_column_int64 (stmt, 1) &&
              item->chapter_id == sqlite3_column_int64 (stmt, 2))
            {
              g_array_index (kept, gint64, i) = id;
              matched = TRUE;
            }
        }
      if (!matched &&
          (!run_ids (self, "DELETE FROM settings WHERE key = 'course-item-attendance:' || ?1;", id, 0, error) ||
           !run_ids (self, "DELETE FROM course_items WHERE id = ?1;", id, 0, error)))
        {
          sqlite3_finalize (stmt);
          return FALSE;
        }
    }
  sqlite3_finalize (stmt);

  /* Out of the way of UNIQUE (course_id, position) while they move. */
  if (!run_ids (self, "UPDATE course_items SET position = -position WHERE course_id = ?1;", course_id, 0, error))
    return FALSE;
  for (guint i = 0; i < items->len; i++)
    {
      PlnCourseItem *item = g_ptr_array_index (items, i);
      gint64 id = g_array_index (kept, gint64, i);

      if (!check_item (self, item, i, error))
        return FALSE;
      if (id != 0)
        {
          if (!run_ids (self, "UPDATE course_items SET position = ?2 WHERE id = ?1;", id, i + 1, error))
            return FALSE;
        }
      else
        {
          stmt = _pln_store_prepare (self,
                                     "INSERT INTO course_items (course_id, position, recording_id, chapter_id) "
                                     "VALUES (?1, ?2, ?3, nullif (?4, 0));", error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, course_id);
          sqlite3_bind_int (stmt, 2, i + 1);
          sqlite3_bind_int64 (stmt, 3, item->recording_id);
          sqlite3_bind_int64 (stmt, 4, item->chapter_id);
          if (!_pln_store_step_done (self, stmt, _("Cannot save the course"), error))
            return FALSE;
          id = sqlite3_last_insert_rowid (_pln_store_get_db (self));
        }
      item->id = id;
      item->position = i + 1;
    }
  return TRUE;
}

/* Binds the course's own columns as ?1 … ?7 (title to target date). */
static void
bind_course (sqlite3_stmt *stmt,
             PlnCourse    *course)
{
  sqlite3_bind_text (stmt, 1, pln_course_get_title (course), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, pln_course_get_description (course), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, pln_course_get_audience_rule (course), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, pln_course_get_audience_role (course), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 5, pln_course_get_completion_percent (course));
  sqlite3_bind_int (stmt, 6, pln_course_get_target_percent (course));
  sqlite3_bind_int64 (stmt, 7, pln_course_get_target_date (course));
}

gint64
pln_store_add_course (PlnStore   *self,
                      PlnCourse  *course,
                      GError    **error)
{
  sqlite3_stmt *stmt;
  gint64 id;

  g_return_val_if_fail (PLN_IS_STORE (self), 0);
  g_return_val_if_fail (PLN_IS_COURSE (course), 0);

  if (!validate_course (self, course, error))
    return 0;
  if (pln_course_get_created_at (course) == 0)
    pln_course_set_created_at (course, _pln_store_now ());

  if (!_pln_store_begin (self, error))
    return 0;

  stmt = _pln_store_prepare (self,
                             "INSERT INTO courses (title, description, audience_rule, audience_role, "
                             "completion_percent, target_percent, target_date, created_at) "
                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, nullif (?7, 0), ?8);", error);
  if (stmt == NULL)
    goto failed;
  bind_course (stmt, course);
  sqlite3_bind_int64 (stmt, 8, pln_course_get_created_at (course));
  if (!_pln_store_step_done (self, stmt, _("Cannot save the course"), error))
    goto failed;
  id = sqlite3_last_insert_rowid (_pln_store_get_db (self));
  if (!write_items (self, id, pln_course_get_items (course), error))
    goto failed;

  if (!_pln_store_commit (self, error))
    return 0;
  pln_course_set_id (course, id);
  _pln_store_emit_changed (self, "courses");
  return id;

failed:
  _pln_store_rollback (self);
  return 0;
}

gboolean
pln_store_update_course (PlnStore   *self,
                         PlnCourse  *course,
                         GError    **error)
{
  sqlite3_stmt *stmt;
  gint64 id;

  g_return_val_if_fail (PLN_IS_STORE (self), FALSE);
  g_return_val_if_fail (PLN_IS_COURSE (course), FALSE);

  id = pln_course_get_id (course);
  if (!validate_course (self, course, error))
    return FALSE;
  if (!_pln_store_begin (self, error))
    return FALSE;

  stmt = _pln_store_prepare (self,
                             "UPDATE courses SET title = ?1, description = ?2, audience_rule = ?3, "
                             "audience_role = ?4, completion_percent = ?5, target_percent = ?6, "
                             "target_date = nullif (?7, 0) WHERE id = ?8;", error);
  if (stmt == NULL)
    goto failed;
  bind_course (stmt, course);
  sqlite3_bind_int64 (stmt, 8, id);
  if (!_pln_store_step_done (self, stmt, _("Cannot save the course"), error))
    goto failed;
  if (sqlite3_changes (_pln_store_get_db (self)) == 0)
    {
      g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_NOT_FOUND,
                   _("There is no course with the id %lld. “plenary courses list” shows the courses."),
                   (long long) id);
      goto failed;
    }
  if (!write_items (self, id, pln_course_get_items (course), error))
    goto failed;

  if (!_pln_store_commit (self, error))
    return FALSE;
  _pln_store_emit_changed (self, "courses");
  return TRUE;

failed:
  _pln_store_rollback (self);
  return FALSE;
}

PlnCourse *
pln_store_get_course (PlnStore  *self,
                      gint64     id,
                      GError   **error)
{
  g_autoptr(PlnCourse) course = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (PLN_IS_STORE (self), NULL);

  stmt = _pln_store_prepare (self, COURSE_COLUMNS "WHERE id = ?1;", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    course = course_from_row (stmt);
  sqlite3_finalize (stmt);
  if (course == NULL)
    {
      if (rc != SQLITE_DONE)
        _pln_store_fail (self, _("Cannot read the course"), error);
      else
        g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_NOT_FOUND,
                     _("There is no course with the id %lld. “plenary courses list” shows the courses."),
                     (long long) id);
      return NULL;
    }
  if (!load_items (self, course, error))
    return NULL;
  return g_steal_pointer (&course);
}

gboolean
pln_store_delete_course (PlnStore  *self,
                         gint64     id,
                         GError   **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PLN_IS_STORE (self), FALSE);

  if (!_pln_store_begin (self, error))
    return FALSE;
  /* Its items' attendance settings go with it: item ids are reused. */
  stmt = _pln_store_prepare (self,
                             "DELETE FROM settings WHERE key IN (SELECT 'course-item-attendance:' || id "
                             "FROM course_items WHERE course_id = ?1);", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!_pln_store_step_done (self, stmt, _("Cannot delete the course"), error))
    goto failed;
  stmt = _pln_store_prepare (self, "DELETE FROM courses WHERE id = ?1;", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!_pln_store_step_done (self, stmt, _("Cannot delete the course"), error))
    goto failed;
  if (sqlite3_changes (_pln_store_get_db (self)) == 0)
    {
      g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_NOT_FOUND,
                   _("There is no course with the id %lld. “plenary courses list” shows the courses."),
                   (long long) id);
      goto failed;
    }
  if (!_pln_store_commit (self, error))
    return FALSE;
  _pln_store_emit_changed (self, "courses");
  return TRUE;

failed:
  _pln_store_rollback (self);
  return FALSE;
}

gint64
pln_store_get_item_attendance_event (PlnStore *self,
                                     gint64    item_id)
{
  g_autofree char *key = g_strdup_printf ("course-item-attendance:%" G_GINT64_FORMAT, item_id);
  g_autofree char *value = pln_store_dup_setting (self, key);

  return value != NULL ? g_ascii_strtoll (value, NULL, 10) : 0;
}

GListModel *
pln_store_list_courses (PlnStore  *self,
                        GError   **error)
{
  g_autoptr(GListStore) list = g_list_store_new (PLN_TYPE_COURSE);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (PLN_IS_STORE (self), NULL);

  stmt = _pln_store_prepare (self, COURSE_COLUMNS "ORDER BY id;", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(PlnCourse) course = course_from_row (stmt);

      g_list_store_append (list, course);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      _pln_store_fail (self, _("Cannot read the courses"), error);
      return NULL;
    }
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(PlnCourse) course = g_list_model_get_item (G_LIST_MODEL (list), i);

      if (!load_items (self, course, error))
        return NULL;
    }
  return G_LIST_MODEL (g_steal_pointer (&list));
}

GArray *
pln_store_list_event_recordings (PlnStore  *self,
                                 gint64     event_id,
                                 GError   **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  stmt = _pln_store_prepare (self,
                             "SELECT id FROM recordings WHERE event_id = ?1 "
                             "ORDER BY coalesce (started_at, created_at), id;", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, event_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      _pln_store_fail (self, _("Cannot read the recordings"), error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

/* Does @title contain one of @words (folded, non-empty)? */
static gboolean
title_matches (const char  *title,
               char       **words)
{
  g_autofree char *folded = pln_fold_name (title);

  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0' && strstr (folded, words[i]) != NULL)
      return TRUE;
  return FALSE;
}

GArray *
pln_store_resolve_audience (PlnStore    *self,
                            const char  *rule,
                            const char  *role,
                            GError     **error)
{
  g_autoptr(GArray) people = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) sites = NULL;
  g_auto(GStrv) words = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (PLN_IS_STORE (self), NULL);

  if (rule != NULL && strspn (rule, " \t") != strlen (rule))
    {
      g_autoptr(PlnSiteRule) parsed = pln_site_rule_parse (rule, error);
      g_autoptr(GArray) ids = NULL;

      if (parsed == NULL)
        return NULL;
      ids = pln_site_rule_expand (parsed, self, error);
      if (ids == NULL)
        return NULL;
      sites = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      for (guint i = 0; i < ids->len; i++)
        g_hash_table_add (sites, g_memdup2 (&g_array_index (ids, gint64, i), sizeof (gint64)));
    }

  if (role != NULL && *role != '\0')
    {
      words = g_strsplit (role, ",", -1);
      for (guint i = 0; words[i] != NULL; i++)
        {
          char *folded = pln_fold_name (g_strstrip (words[i]));
          g_free (words[i]);
          words[i] = folded;
        }
    }

  stmt = _pln_store_prepare (self, "SELECT id, site_id, title FROM people ORDER BY id;", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      gint64 site = sqlite3_column_int64 (stmt, 1);

      if (sites != NULL && !g_hash_table_contains (sites, &site))
        continue;
      if (words != NULL && !title_matches ((const char *) sqlite3_column_text (stmt, 2), words))
        continue;
      g_array_append_val (people, id);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      _pln_store_fail (self, _("Cannot read the people"), error);
      return NULL;
    }
  g_array_sort (people, compare_id);
  return g_steal_pointer (&people);
}

int
pln_store_credit_attendance (PlnStore  *self,
                             gint64     course_id,
                             guint      position,
                             gint64     event_id,
                             GError   **error)
{
  g_autoptr(PlnCourse) course = NULL;
  g_autoptr(PlnEvent) event = NULL;
  g_autoptr(GArray) present = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *key = NULL;
  g_autofree char *value = NULL;
  const PlnCourseItem *item;
  GPtrArray *items;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (PLN_IS_STORE (self), -1);

  course = pln_store_get_course (self, course_id, error);
  if (course == NULL)
    return -1;
  items = pln_course_get_items (course);
  if (position < 1 || position > items->len)
    {
      g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_INVALID,
                   _("The course “%s” has no item %u: its items are 1 to %u."),
                   pln_course_get_title (course), position, items->len);
      return -1;
    }
  item = g_ptr_array_index (items, position - 1);
  if (pln_course_item_get_span_ms (item) == 0)
    {
      g_set_error (error, PLN_STORE_ERROR, PLN_STORE_ERROR_INVALID,
                   _("Item %u of the course (“%s”) has no length yet: attendance can count once its recording has ended."),
                   position, item->title);
      return -1;
    }
  event = pln_store_get_event (self, event_id, error);
  if (event == NULL)
    return -1;

  stmt = _pln_store_prepare (self,
                             "SELECT DISTINCT d.person_id FROM delegates d JOIN bridge_points b ON b.id = d.point_id "
                             "WHERE b.event_id = ?1 AND d.present = 1 ORDER BY d.person_id;", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, event_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (present, id);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      _pln_store_fail (self, _("Cannot read the delegate lists"), error);
      return -1;
    }

  if (!_pln_store_begin (self, error))
    return -1;
  for (guint i = 0; i < present->len; i++)
    if (!pln_store_add_progress (self, g_array_index (present, gint64, i), item->recording_id,
                                 item->start_ms, item->end_ms, "live", error))
      goto failed;
  key = g_strdup_printf ("course-item-attendance:%" G_GINT64_FORMAT, item->id);
  value = g_strdup_printf ("%" G_GINT64_FORMAT, event_id);
  if (!pln_store_set_setting (self, key, value, error))
    goto failed;
  if (!_pln_store_commit (self, error))
    return -1;
  return (int) present->len;

failed:
  _pln_store_rollback (self);
  return -1;
}
