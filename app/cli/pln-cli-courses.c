/* pln-cli-courses.c: `plenary courses list|show|add|credit|delete`. */
#define G_LOG_DOMAIN "plenary-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "pln-bridge-point.h"
#include "pln-cli-commands.h"
#include "pln-cli-table.h"
#include "pln-course-report.h"
#include "pln-csv-writer.h"
#include "pln-store-courses.h"

static gint64
parse_id (const char *text,
          const char *what_hint)
{
  guint64 id = 0;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &id, NULL))
    {
      pln_cli_fail ("%s", what_hint);
      return 0;
    }
  return (gint64) id;
}

gint64
pln_cli_parse_course_id (const char *text)
{
  g_autofree char *hint = g_strdup_printf (_("“%s” is not a course id. “plenary courses list” shows the ids."),
                                           text != NULL ? text : "");
  return parse_id (text, hint);
}

/* "2025-10-10" → the end of that day in Vietnam (UTC+7), or 0. */
static gint64
parse_date (const char *text)
{
  int y, m, d;
  char tail;
  g_autoptr(GDateTime) dt = NULL;

  if (sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
    return 0;
  dt = g_date_time_new_utc (y, m, d, 23, 59, 59);
  if (dt == NULL)
    return 0;
  return g_date_time_to_unix (dt) - 7 * 3600;
}

static char *
format_date (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t + 7 * 3600);

  return g_date_time_format (dt, "%Y-%m-%d");
}

static int
courses_list (PlnCli  *cli,
              int      argc,
              char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) courses = NULL;
  gboolean csv = FALSE;
  PlnCliTable *table = NULL;
  GString *out = NULL;
  PlnStore *store;
  guint n;
  GOptionEntry entries[] = {
    { "csv", 0, 0, G_OPTION_ARG_NONE, &csv, N_("write CSV instead of a table"), NULL },
    { NULL }
  };

  if (!pln_cli_parse_options (entries, &argc, &argv))
    return pln_cli_usage ("courses");
  if (argc != 1)
    return pln_cli_usage ("courses");

  store = pln_cli_get_store (cli);
  if (store == NULL)
    return 1;
  courses = pln_store_list_courses (store, &error);
  if (courses == NULL)
    return pln_cli_fail_error (error);
  n = g_list_model_get_n_items (courses);

  if (csv)
    {
      const char *header[] = { "id", "title", "items", "audience", "started", "completed",
                               "completion_percent", "target_percent", "target_date", "audience_rule", "audience_role" };
      out = g_string_new ("");
      pln_csv_write_row (out, header, G_N_ELEMENTS (header));
    }
  else if (n == 0)
    {
      printf ("%s\n", _("No courses yet. Add one with “plenary courses add” or load the demo with “plenary demo”."));
      return 0;
    }
  else
    {
      table = pln_cli_table_new ("rlrrrrrrl");
      pln_cli_table_add_row (table, _("ID"), _("Title"), _("Items"), _("Audience"), _("Started"),
                             _("Completed"), _("Done %"), _("Target %"), _("By"), NULL);
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlnCourse) course = g_list_model_get_item (courses, i);
      g_autoptr(PlnCourseReport) report = pln_course_report_new (store, pln_course_get_id (course),
                                                                 PLN_COURSE_BY_LEVEL, &error);
      const PlnCourseRow *total;
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, pln_course_get_id (course));
      g_autofree char *items = g_strdup_printf ("%u", pln_course_get_items (course)->len);
      g_autofree char *audience = NULL;
      g_autofree char *started = NULL;
      g_autofree char *completed = NULL;
      g_autofree char *percent = NULL;
      g_autofree char *target = g_strdup_printf ("%u", pln_course_get_target_percent (course));
      g_autofree char *rule = g_strdup_printf ("%u", pln_course_get_completion_percent (course));
      g_autofree char *date = pln_course_get_target_date (course) ? format_date (pln_course_get_target_date (course))
                                                                  : g_strdup ("");

      if (report == NULL)
        {
          if (table != NULL)
            pln_cli_table_print (table);
          return pln_cli_fail_error (error);
        }
      total = pln_course_report_get_total (report);
      percent = g_strdup_printf ("%.1f", pln_course_row_get_percent (total));
      if (csv)
        {
          const char *fields[11];

          audience = g_strdup_printf ("%u", total->audience);
          started = g_strdup_printf ("%u", total->started);
          completed = g_strdup_printf ("%u", total->completed);
          fields[0] = id;
          fields[1] = pln_course_get_title (course);
          fields[2] = items;
          fields[3] = audience;
          fields[4] = started;
          fields[5] = completed;
          fields[6] = rule;
          fields[7] = target;
          fields[8] = date;
          fields[9] = pln_course_get_audience_rule (course);
          fields[10] = pln_course_get_audience_role (course);
          pln_csv_write_row (out, fields, G_N_ELEMENTS (fields));
        }
      else
        {
          audience = pln_cli_group_digits (total->audience);
          started = pln_cli_group_digits (total->started);
          completed = pln_cli_group_digits (total->completed);
          pln_cli_table_add_row (table, id, pln_course_get_title (course), items, audience, started,
                                 completed, percent, target, date, NULL);
        }
    }

  if (csv)
    {
      fputs (out->str, stdout);
      g_string_free (out, TRUE);
    }
  else
    pln_cli_table_print (table);
  return 0;
}

/* The course named by @text (an id) with the store it came from, or NULL
 * with the reason printed. */
static PlnCourse *
load_course (PlnCli      *cli,
             const char  *text,
             PlnStore   **store)
{
  g_autoptr(GError) error = NULL;
  PlnCourse *course;
  gint64 id = pln_cli_parse_course_id (text);

  if (id == 0)
    return NULL;
  *store = pln_cli_get_store (cli);
  if (*store == NULL)
    return NULL;
  course = pln_store_get_course (*store, id, &error);
  if (course == NULL)
    pln_cli_fail_error (error);
  return course;
}

static int
courses_show (PlnCli  *cli,
              int      argc,
              char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnCourse) course = NULL;
  g_autoptr(GArray) audience = NULL;
  g_autofree char *size = NULL;
  PlnCliTable *table;
  GPtrArray *items;
  PlnStore *store;

  if (argc != 2)
    return pln_cli_usage ("courses");
  course = load_course (cli, argv[1], &store);
  if (course == NULL)
    return 1;
  audience = pln_store_resolve_audience (store, pln_course_get_audience_rule (course),
                                         pln_course_get_audience_role (course), &error);
  if (audience == NULL)
    return pln_cli_fail_error (error);

  printf ("%s\n", pln_course_get_title (course));
  if (*pln_course_get_description (course) != '\0')
    printf ("%s\n", pln_course_get_description (course));
  printf ("\n");
  size = pln_cli_group_digits (audience->len);
  printf (_("Audience: %s people (sites: %s; titles containing: %s)\n"),
          size,
          *pln_course_get_audience_rule (course) ? pln_course_get_audience_rule (course) : _("all"),
          *pln_course_get_audience_role (course) ? pln_course_get_audience_role (course) : _("any"));
  printf (_("An item is completed when %u %% of it has been watched.\n"), pln_course_get_completion_percent (course));
  if (pln_course_get_target_date (course) != 0)
    {
      g_autofree char *date = format_date (pln_course_get_target_date (course));
      printf (_("Target: %u %% of the audience by %s.\n"), pln_course_get_target_percent (course), date);
    }
  else
    printf (_("Target: %u %% of the audience.\n"), pln_course_get_target_percent (course));
  printf ("\n");

  items = pln_course_get_items (course);
  table = pln_cli_table_new ("rrrlrr");
  pln_cli_table_add_row (table, _("Item"), _("Recording"), _("Chapter"), _("Title"), _("Length"),
                         /* Translators: a column of `plenary courses show`: the live event whose presence counts */
                         _("Presence at event"), NULL);
  for (guint i = 0; i < items->len; i++)
    {
      const PlnCourseItem *item = g_ptr_array_index (items, i);
      g_autofree char *position = g_strdup_printf ("%u", item->position);
      g_autofree char *recording = g_strdup_printf ("%" G_GINT64_FORMAT, item->recording_id);
      g_autofree char *chapter = item->chapter_id ? g_strdup_printf ("%" G_GINT64_FORMAT, item->chapter_id) : g_strdup ("");
      g_autofree char *length = pln_format_duration (pln_course_item_get_span_ms (item) / 1000);
      gint64 live = pln_store_get_item_attendance_event (store, item->id);
      g_autofree char *event = live ? g_strdup_printf ("%" G_GINT64_FORMAT, live) : g_strdup ("");

      pln_cli_table_add_row (table, position, recording, chapter, item->title, length, event, NULL);
    }
  pln_cli_table_print (table);
  return 0;
}

/* "12,13:4,15": recording ids, each optionally with ":CHAPTER_ID". */
static gboolean
add_items (PlnCourse   *course,
           const char  *list,
           GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (list, ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (g_strstrip (parts[i]), ":", 2);
      guint64 recording = 0, chapter = 0;

      if (pair[0] == NULL || !g_ascii_string_to_unsigned (pair[0], 10, 1, G_MAXINT64, &recording, NULL) ||
          (pair[1] != NULL && !g_ascii_string_to_unsigned (pair[1], 10, 1, G_MAXINT64, &chapter, NULL)))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("“%s” in --recordings is not a recording id (or RECORDING:CHAPTER ids). “plenary library list” shows the recordings."),
                       parts[i]);
          return FALSE;
        }
      pln_course_add_item (course, pln_course_item_new ((gint64) recording, (gint64) chapter));
    }
  return TRUE;
}

/* The options `courses add` and `courses edit` share; NULL, 0 and, for
 * the percents, -1 are "not given". */
typedef struct
{
  char   *title;
  char   *description;
  char   *recordings;
  char   *rule;
  char   *role;
  char   *by;
  gint64  event;
  int     completion;
  int     target;
} CourseOptions;

static void
course_options_clear (CourseOptions *o)
{
  g_free (o->title);
  g_free (o->description);
  g_free (o->recordings);
  g_free (o->rule);
  g_free (o->role);
  g_free (o->by);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CourseOptions, course_options_clear)

/* Parses the options into @o; --event only where @with_event. */
static gboolean
course_options_parse (CourseOptions   *o,
                      gboolean         with_event,
                      int             *argc,
                      char          ***argv)
{
  GOptionEntry entries[] = {
    { "title", 0, 0, G_OPTION_ARG_STRING, &o->title, N_("the course’s title"), "TITLE" },
    { "description", 0, 0, G_OPTION_ARG_STRING, &o->description, N_("what the course is for"), "TEXT" },
    { "recordings", 0, 0, G_OPTION_ARG_STRING, &o->recordings, N_("the recordings in order, a chapter as RECORDING:CHAPTER"), "ID,ID:CHAPTER,…" },
    { "audience", 0, 0, G_OPTION_ARG_STRING, &o->rule, N_("the sites whose staff must take it, as a site rule (default: everyone)"), "RULE" },
    { "role", 0, 0, G_OPTION_ARG_STRING, &o->role, N_("only staff whose title contains one of these words"), "WORD,WORD" },
    { "completion", 0, 0, G_OPTION_ARG_INT, &o->completion, N_("percent of each item to watch (default 90)"), "PERCENT" },
    { "target", 0, 0, G_OPTION_ARG_INT, &o->target, N_("percent of the audience to complete it (default 90)"), "PERCENT" },
    { "by", 0, 0, G_OPTION_ARG_STRING, &o->by, N_("the target date"), "YYYY-MM-DD" },
    { "event", 0, 0, G_OPTION_ARG_INT64, &o->event, N_("all recordings of an event, in order"), "EVENT" },
    { NULL }
  };

  if (!with_event)
    memset (&entries[G_N_ELEMENTS (entries) - 2], 0, sizeof entries[0]);
  return pln_cli_parse_options (entries, argc, argv);
}

/* Sets on @course what @o gives, after checking it; FALSE (the reason
 * printed) on a bad value. Items are left to the caller. */
static gboolean
course_options_apply (const CourseOptions *o,
                      PlnCourse           *course)
{
  if (o->completion != -1 && (o->completion < 1 || o->completion > 100))
    {
      pln_cli_fail (_("--completion %d: write a percentage from 1 to 100."), o->completion);
      return FALSE;
    }
  if (o->target != -1 && (o->target < 1 || o->target > 100))
    {
      pln_cli_fail (_("--target %d: write a percentage from 1 to 100."), o->target);
      return FALSE;
    }
  if (o->by != NULL)
    {
      gint64 date = parse_date (o->by);

      if (date == 0)
        {
          pln_cli_fail (_("--by %s is not a date: write it as YYYY-MM-DD, like 2025-10-10."), o->by);
          return FALSE;
        }
      pln_course_set_target_date (course, date);
    }
  if (o->title != NULL)
    pln_course_set_title (course, o->title);
  if (o->description != NULL)
    pln_course_set_description (course, o->description);
  if (o->rule != NULL)
    pln_course_set_audience_rule (course, o->rule);
  if (o->role != NULL)
    pln_course_set_audience_role (course, o->role);
  if (o->completion != -1)
    pln_course_set_completion_percent (course, o->completion);
  if (o->target != -1)
    pln_course_set_target_percent (course, o->target);
  return TRUE;
}

static int
courses_add (PlnCli  *cli,
             int      argc,
             char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnCourse) course = pln_course_new ();
  g_autoptr(GArray) audience = NULL;
  g_auto(CourseOptions) o = { .completion = -1, .target = -1 };
  g_autofree char *size = NULL;
  PlnStore *store;
  gint64 id;

  if (!course_options_parse (&o, TRUE, &argc, &argv))
    return pln_cli_usage ("courses");
  if (argc != 1 || o.title == NULL)
    return pln_cli_usage ("courses");
  if ((o.recordings == NULL) == (o.event == 0))
    return pln_cli_fail (_("Give the course its recordings: either --recordings ID,ID,… or --event EVENT (all recordings of that event)."));
  if (!course_options_apply (&o, course))
    return 1;

  store = pln_cli_get_store (cli);
  if (store == NULL)
    return 1;

  if (o.recordings != NULL && !add_items (course, o.recordings, &error))
    return pln_cli_fail_error (error);
  if (o.event != 0)
    {
      g_autoptr(PlnEvent) found = pln_store_get_event (store, o.event, &error);
      g_autoptr(GArray) ids = NULL;

      if (found == NULL)
        return pln_cli_fail_error (error);
      ids = pln_store_list_event_recordings (store, o.event, &error);
      if (ids == NULL)
        return pln_cli_fail_error (error);
      if (ids->len == 0)
        return pln_cli_fail (_("The event %lld (“%s”) has no recordings yet: record it first, or name the recordings with --recordings."),
                             (long long) o.event, pln_event_get_title (found));
      for (guint i = 0; i < ids->len; i++)
        pln_course_add_item (course, pln_course_item_new (g_array_index (ids, gint64, i), 0));
    }

  id = pln_store_add_course (store, course, &error);
  if (id == 0)
    return pln_cli_fail_error (error);
  audience = pln_store_resolve_audience (store, o.rule, o.role, &error);
  if (audience == NULL)
    return pln_cli_fail_error (error);
  size = pln_cli_group_digits (audience->len);
  /* Translators: after “plenary courses add”: "Added course 2 “TITLE”: 3 items, audience 343 people." */
  printf (ngettext ("Added course %lld “%s”: %u item, audience %s people.\n",
                    "Added course %lld “%s”: %u items, audience %s people.\n",
                    pln_course_get_items (course)->len),
          (long long) id, o.title, pln_course_get_items (course)->len, size);
  return 0;
}

/* `courses edit COURSE [options of add]`: what is given replaces what the
 * course had; items kept keep their attendance credit. */
static int
courses_edit (PlnCli  *cli,
              int      argc,
              char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnCourse) course = NULL;
  g_auto(CourseOptions) o = { .completion = -1, .target = -1 };
  PlnStore *store;
  gint64 id;

  if (!course_options_parse (&o, FALSE, &argc, &argv) || argc != 2)
    return pln_cli_usage ("courses");
  course = load_course (cli, argv[1], &store);
  if (course == NULL)
    return 1;
  id = pln_course_get_id (course);
  if (!course_options_apply (&o, course))
    return 1;
  if (o.recordings != NULL)
    {
      g_ptr_array_set_size (pln_course_get_items (course), 0);
      if (!add_items (course, o.recordings, &error))
        return pln_cli_fail_error (error);
    }

  if (!pln_store_update_course (store, course, &error))
    return pln_cli_fail_error (error);
  /* Translators: after “plenary courses edit”: "Saved course 2 “TITLE”: 3 items." */
  printf (ngettext ("Saved course %lld “%s”: %u item.\n",
                    "Saved course %lld “%s”: %u items.\n",
                    pln_course_get_items (course)->len),
          (long long) id, pln_course_get_title (course), pln_course_get_items (course)->len);
  return 0;
}

static int
courses_credit (PlnCli  *cli,
                int      argc,
                char   **argv)
{
  g_autoptr(GError) error = NULL;
  PlnStore *store;
  gint64 course, event;
  int position, n;

  if (argc != 4)
    return pln_cli_usage ("courses");
  course = pln_cli_parse_course_id (argv[1]);
  if (course == 0)
    return 1;
  position = pln_cli_parse_count (argv[2], _("item"));
  if (position < 0)
    return 1;
  event = pln_cli_parse_event_id (argv[3]);
  if (event == 0)
    return 1;
  store = pln_cli_get_store (cli);
  if (store == NULL)
    return 1;
  n = pln_store_credit_attendance (store, course, position, event, &error);
  if (n < 0)
    return pln_cli_fail_error (error);
  /* Translators: after “plenary courses credit” */
  printf (g_dngettext (GETTEXT_PACKAGE,
                       "%d person marked present at event %lld now has item %d of course %lld as watched.\n",
                       "%d people marked present at event %lld now have item %d of course %lld as watched.\n",
                       n),
          n, (long long) event, position, (long long) course);
  return 0;
}

static int
courses_delete (PlnCli  *cli,
                int      argc,
                char   **argv)
{
  g_autoptr(GError) error = NULL;
  PlnStore *store;
  gint64 id;

  if (argc != 2)
    return pln_cli_usage ("courses");
  id = pln_cli_parse_course_id (argv[1]);
  if (id == 0)
    return 1;
  store = pln_cli_get_store (cli);
  if (store == NULL)
    return 1;
  if (!pln_store_delete_course (store, id, &error))
    return pln_cli_fail_error (error);
  printf (_("Deleted course %lld; the progress of its audience stays.\n"), (long long) id);
  return 0;
}

int
pln_cli_courses (PlnCli  *cli,
                 int      argc,
                 char   **argv)
{
  static const struct
  {
    const char *name;
    int (*run) (PlnCli *, int, char **);
  } subcommands[] = {
    { "list", courses_list },
    { "show", courses_show },
    { "add", courses_add },
    { "edit", courses_edit },
    { "credit", courses_credit },
    { "delete", courses_delete },
  };

  if (argc >= 2)
    for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
      if (g_str_equal (argv[1], subcommands[i].name))
        return subcommands[i].run (cli, argc - 1, argv + 1);
  if (argc >= 2)
    pln_cli_fail (_("“%s” is not a courses command. They are: list, show, add, edit, credit, delete."), argv[1]);
  return pln_cli_usage ("courses");
}
