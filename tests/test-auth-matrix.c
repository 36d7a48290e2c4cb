/* test-auth-matrix.c: the portal's authorisation matrix, generated from its
 * route table (_pln_portal_get_routes).
 *
 * Every route of the table must have a row below that repeats its declared
 * access and gives a request that reaches it with the right credentials.
 * A route added to the portal without a row here, or whose declared access
 * changed, fails /auth-matrix/table: whoever adds a route must say who may
 * call it, and this test then proves the handler enforces it.
 *
 * For each route, against a real `plenary serve` on 127.0.0.1:
 *  - the right credentials are answered (so the refusals below are about
 *    access, not a broken request);
 *  - PLN_ACCESS_SITE_TOKEN: no token, a forged one, a malformed one and the
 *    token of an event that ended days ago are refused;
 *  - PLN_ACCESS_VIEWER: anonymous, a forged session cookie, and a real
 *    session with another viewer's CSRF value are refused;
 *  - every write (POST) without its CSRF value, with a forged one, or sent
 *    from another origin is refused, and refused writes leave the store
 *    unchanged (checked with sqlite);
 *  - public read routes that show recordings never hand a staff recording
 *    to an anonymous viewer, nor a draft to anyone.
 */
#define G_LOG_DOMAIN "plenary-test"

#include "config.h"

#include <libsoup/soup.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "pln-portal-private.h"

#define PUBLIC_ID  "0123456789abcdef0123456789abcdef"
#define STAFF_ID   "fedcba9876543210fedcba9876543210"
#define DRAFT_ID   "00112233445566778899aabbccddeeff"
#define CODE_A     "24681357"
#define CODE_B     "13572468"
#define FORGED_HEX "5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a"

typedef struct
{
  const char *method;
  const char *route;         /* as in the portal's table */
  PlnAccess   access;        /* what this matrix expects it to declare */
  const char *sample;        /* path with {token} {event} {pub} placeholders */
  const char *content_type;  /* of the body, for POST */
  const char *body;          /* {csrf} {pub} placeholders */
  guint       ok_status;     /* the answer to the right credentials */
} MatrixRow;

static const MatrixRow matrix[] = {
  { "GET",  "/",               PLN_ACCESS_PUBLIC,     "/",                       NULL, NULL, 200 },
  { "GET",  "/style.css",      PLN_ACCESS_PUBLIC,     "/style.css",              NULL, NULL, 200 },
  { "GET",  "/api/events",     PLN_ACCESS_PUBLIC,     "/api/events",             NULL, NULL, 200 },
  { "GET",  "/api/events/",    PLN_ACCESS_PUBLIC,     "/api/events/{event}/points", NULL, NULL, 200 },
  { "POST", "/api/checkin/",   PLN_ACCESS_SITE_TOKEN, "/api/checkin/{token}",
    "application/json", "{\"count\": 7, \"connected\": true}", 200 },
  { "GET",  "/api/recordings", PLN_ACCESS_PUBLIC,     "/api/recordings",         NULL, NULL, 200 },
  { "POST", "/api/progress",   PLN_ACCESS_VIEWER,     "/api/progress",
    "application/x-www-form-urlencoded", "csrf={csrf}&recording={pub}&start=0&end=1.5", 204 },
  { "GET",  "/calendar.ics",   PLN_ACCESS_PUBLIC,     "/calendar.ics",           NULL, NULL, 200 },
  { "GET",  "/library",        PLN_ACCESS_PUBLIC,     "/library",                NULL, NULL, 200 },
  { "GET",  "/watch/",         PLN_ACCESS_PUBLIC,     "/watch/{pub}",            NULL, NULL, 200 },
  { "GET",  "/media/",         PLN_ACCESS_PUBLIC,     "/media/{pub}.mp4",        NULL, NULL, 200 },
  { "GET",  "/signin",         PLN_ACCESS_PUBLIC,     "/signin",                 NULL, NULL, 200 },
  /* Public, since signing in is how one gets a session; still a write
   * guarded by CSRF and Origin. */
  { "POST", "/signin",         PLN_ACCESS_PUBLIC,     "/signin",
    "application/x-www-form-urlencoded", "csrf={csrf}&code=" CODE_A "&next=/library", 303 },
  { "GET",  "/sites/",         PLN_ACCESS_PUBLIC,     "/sites/QN-TYT-BC-02/calendar.ics", NULL, NULL, 200 },
  { "GET",  "/checkin/",       PLN_ACCESS_SITE_TOKEN, "/checkin/{token}",        NULL, NULL, 200 },
  { "POST", "/checkin/",       PLN_ACCESS_SITE_TOKEN, "/checkin/{token}",
    "application/x-www-form-urlencoded", "csrf={csrf}&count=9&connected=1", 303 },
};

typedef struct
{
  char        *dir;
  char        *db_path;
  char        *base;          /* http://127.0.0.1:PORT */
  GSubprocess *server;
  SoupSession *session;
  char        *token;         /* a point of the current event */
  char        *expired_token; /* a point of an event that ended days ago */
  gint64       event_id;
  char        *cookie_a;      /* plenary_session=… of viewer A */
  char        *cookie_b;      /* … and of viewer B */
} Fixture;

static Fixture fx;

/* --- helpers ------------------------------------------------------------ */

static void
run_plenary (const char *first, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;
  va_list args;

  g_ptr_array_add (argv, (char *) g_getenv ("PLENARY_EXE"));
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, fx.db_path);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (fx.dir, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("plenary %s failed: %s%s", first, out, err);
}

static void
sql_exec (const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (fx.db_path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("SQL failed: %s\n%s", message, sql);
  sqlite3_close (db);
}

static char *
sql_text (const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_open (fx.db_path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value ? value : g_strdup ("");
}

/* What a refused write must not change: every count, link and progress. */
static char *
store_fingerprint (void)
{
  return sql_text ("SELECT (SELECT group_concat(coalesce(reported_count, -1) || link_status, ',') FROM bridge_points)"
                   " || '|' || (SELECT count(*) FROM link_changes)"
                   " || '|' || (SELECT count(*) || ':' || coalesce(sum(end_ms - start_ms), 0) FROM progress);");
}

typedef struct
{
  guint  status;
  char  *body;
  char  *set_cookie;
} Answer;

static void
answer_clear (Answer *answer)
{
  g_clear_pointer (&answer->body, g_free);
  g_clear_pointer (&answer->set_cookie, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Answer, answer_clear)

static void
request (Answer     *answer,
         const char *method,
         const char *path,
         const char *cookie,
         const char *origin,
         const char *content_type,
         const char *body)
{
  g_autofree char *url = g_strconcat (fx.base, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;

  g_assert_nonnull (msg);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Accept-Language", "en");
  if (cookie != NULL)
    soup_message_headers_replace (headers, "Cookie", cookie);
  if (origin != NULL)
    soup_message_headers_replace (headers, "Origin", origin);
  if (body != NULL)
    {
      g_autoptr(GBytes) request_body = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, content_type, request_body);
    }

  bytes = soup_session_send_and_read (fx.session, msg, NULL, &error);
  g_assert_no_error (error);
  answer->status = soup_message_get_status (msg);
  answer->body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  answer->set_cookie = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                               "Set-Cookie"));
}

/* The first run of hex digits after @marker in @text. */
static char *
hex_after (const char *text,
           const char *marker)
{
  const char *at = text ? strstr (text, marker) : NULL;
  const char *end;

  if (at == NULL)
    return NULL;
  at += strlen (marker);
  for (end = at; g_ascii_isxdigit (*end); end++)
    ;
  return end > at ? g_strndup (at, end - at) : NULL;
}

static char *
expand (const char *text,
        const char *token,
        const char *csrf)
{
  g_autoptr(GString) out = g_string_new (text);
  g_autofree char *event = g_strdup_printf ("%" G_GINT64_FORMAT, fx.event_id);

  g_string_replace (out, "{token}", token, 0);
  g_string_replace (out, "{event}", event, 0);
  g_string_replace (out, "{pub}", PUBLIC_ID, 0);
  g_string_replace (out, "{csrf}", csrf ? csrf : "", 0);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
sign_in (const char *code)
{
  g_auto(Answer) page = { 0 };
  g_auto(Answer) posted = { 0 };
  g_autofree char *csrf = NULL;
  g_autofree char *body = NULL;
  g_autofree char *id = NULL;

  request (&page, "GET", "/signin", NULL, NULL, NULL, NULL);
  csrf = hex_after (page.body, "name=\"csrf\" value=\"");
  g_assert_nonnull (csrf);
  body = g_strdup_printf ("csrf=%s&code=%s", csrf, code);
  request (&posted, "POST", "/signin", NULL, NULL, "application/x-www-form-urlencoded", body);
  g_assert_cmpuint (posted.status, ==, 303);
  id = hex_after (posted.set_cookie, "plenary_session=");
  g_assert_nonnull (id);
  return g_strdup_printf ("plenary_session=%s", id);
}

/* The CSRF value a real client of @row would hold, for @token/@cookie. */
static char *
csrf_for (const MatrixRow *row,
          const char      *token,
          const char      *cookie)
{
  g_auto(Answer) page = { 0 };
  g_autofree char *path = NULL;

  if (g_str_equal (row->route, "/checkin/"))
    {
      path = g_strdup_printf ("/checkin/%s", token);
      request (&page, "GET", path, NULL, NULL, NULL, NULL);
      return hex_after (page.body, "name=\"csrf\" value=\"");
    }
  if (g_str_equal (row->route, "/signin"))
    {
      request (&page, "GET", "/signin", NULL, NULL, NULL, NULL);
      return hex_after (page.body, "name=\"csrf\" value=\"");
    }
  if (g_str_equal (row->route, "/api/progress"))
    {
      request (&page, "GET", "/watch/" PUBLIC_ID, cookie, NULL, NULL, NULL);
      return hex_after (page.body, "csrf=");
    }
  return NULL;
}

static const MatrixRow *
find_row (const PlnRoute *route)
{
  for (guint i = 0; i < G_N_ELEMENTS (matrix); i++)
    if (g_str_equal (matrix[i].method, route->method) && g_str_equal (matrix[i].route, route->path))
      return &matrix[i];
  return NULL;
}

static const char *
access_name (PlnAccess access)
{
  switch (access)
    {
    case PLN_ACCESS_PUBLIC: return "PLN_ACCESS_PUBLIC";
    case PLN_ACCESS_SITE_TOKEN: return "PLN_ACCESS_SITE_TOKEN";
    case PLN_ACCESS_VIEWER: return "PLN_ACCESS_VIEWER";
    default: return "(undeclared)";
    }
}

/* --- fixture ------------------------------------------------------------ */

static void
write_file (const char *relative,
            const char *contents)
{
  g_autofree char *path = g_build_filename (fx.dir, relative, NULL);
  g_autofree char *folder = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

/* The server goes when the test goes, even when a failed assertion aborts
 * it before fixture_down(). */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
fixture_up (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) start = g_date_time_add_hours (now, 1);
  g_autoptr(GDateTime) end = g_date_time_add_hours (now, 3);
  g_autofree char *start_text = g_date_time_format (start, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *end_text = g_date_time_format (end, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *event_text = NULL;
  g_autofree char *expired_text = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *log_path = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;

  fx.dir = g_dir_make_tmp ("plenary-auth-XXXXXX", &error);
  g_assert_no_error (error);
  fx.db_path = g_build_filename (fx.dir, "portal.db", NULL);

  write_file ("sites.csv",
              "code,name,level,parent_code,district_code,address\n"
              "QN-SYT,Sở Y tế Quảng Ninh,province,,,\n"
              "QN-TTYT-BC,Trung tâm Y tế huyện Ba Chẽ,district,QN-SYT,,\n"
              "QN-TYT-BC-01,Trạm Y tế thị trấn Ba Chẽ,commune,QN-TTYT-BC,,\n"
              "QN-TYT-BC-02,Trạm Y tế xã Thanh Sơn,commune,QN-TTYT-BC,,\n");
  run_plenary ("sites", "import", "sites.csv", NULL);
  run_plenary ("events", "add", "--kind", "conference", "--title", "Hội nghị trực tuyến",
               "--start", start_text, "--end", end_text, "--host", "QN-SYT", NULL);
  run_plenary ("events", "add", "--kind", "training", "--title", "Tập huấn đã qua",
               "--start", start_text, "--end", end_text, "--host", "QN-SYT", NULL);
  event_text = sql_text ("SELECT min(id) FROM events;");
  expired_text = sql_text ("SELECT max(id) FROM events;");
  fx.event_id = g_ascii_strtoll (event_text, NULL, 10);
  run_plenary ("points", "add", event_text, "under=QN-TTYT-BC", "--expected", "20", NULL);
  run_plenary ("points", "add", expired_text, "under=QN-TTYT-BC", "--expected", "20", NULL);
  /* The second event ended three days ago: its tokens are past their grace. */
  sql = g_strdup_printf ("UPDATE events SET starts_at = strftime('%%s','now') - 4 * 86400,"
                         " ends_at = strftime('%%s','now') - 3 * 86400 WHERE id = %s;", expired_text);
  sql_exec (sql);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT bp.token FROM bridge_points bp JOIN sites s ON s.id = bp.site_id"
                         " WHERE s.code = 'QN-TYT-BC-02' AND bp.event_id = %s;", event_text);
  fx.token = sql_text (sql);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT token FROM bridge_points WHERE event_id = %s LIMIT 1;", expired_text);
  fx.expired_token = sql_text (sql);
  g_assert_cmpuint (strlen (fx.token), ==, 32);
  g_assert_cmpuint (strlen (fx.expired_token), ==, 32);

  write_file ("library/pub/recording.mp4", "public recording bytes\n");
  write_file ("library/staff/recording.mp4", "staff recording bytes\n");
  write_file ("library/draft/recording.mp4", "draft recording bytes\n");
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf (
    "INSERT INTO settings (key, value) VALUES ('library-path', '%s/library');"
    "INSERT INTO recordings (public_id, event_id, title, folder, state, visibility, started_at, duration_ms, created_at) VALUES"
    " ('" PUBLIC_ID "', %s, 'Khai mạc', 'pub', 'ready', 'public', 1700000000, 3000, 1700000000),"
    " ('" STAFF_ID "', %s, 'Nội bộ', 'staff', 'ready', 'staff', 1700000100, 3000, 1700000100),"
    " ('" DRAFT_ID "', %s, 'Bản nháp', 'draft', 'ready', 'draft', 1700000200, 3000, 1700000200);"
    "INSERT INTO outputs (recording_id, kind, path, bytes) SELECT id, 'mp4', folder || '/recording.mp4', 0 FROM recordings;"
    "INSERT INTO people (staff_number, name, site_id, signin_code) VALUES"
    " ('NV-1', 'Nguyễn Thị Hoa', 1, '" CODE_A "'), ('NV-2', 'Trần Văn Nam', 1, '" CODE_B "');",
    fx.dir, event_text, event_text, event_text);
  sql_exec (sql);

  log_path = g_build_filename (fx.dir, "serve.log", NULL);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_stdout_file_path (launcher, log_path);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  fx.server = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("PLENARY_EXE"),
                                           "--db", fx.db_path, "serve", "--bind", "127.0.0.1",
                                           "--port", "0", NULL);
  g_assert_no_error (error);

  /* Up to 60 s: tools/fault/valgrind.sh runs the server under valgrind. */
  for (guint i = 0; i < 600 && fx.base == NULL; i++)
    {
      g_autofree char *log = NULL;
      const char *at;

      g_usleep (100 * 1000);
      if (g_file_get_contents (log_path, &log, NULL, NULL) && (at = strstr (log, "http://127.0.0.1:")) != NULL)
        {
          const char *digits = at + strlen ("http://127.0.0.1:");

          while (g_ascii_isdigit (*digits))
            digits++;
          fx.base = g_strndup (at, digits - at);
        }
    }
  if (fx.base == NULL)
    g_error ("plenary serve did not say where it listens");

  fx.session = soup_session_new_with_options ("timeout", 60, NULL);
  fx.cookie_a = sign_in (CODE_A);
  fx.cookie_b = sign_in (CODE_B);
}

static void
fixture_down (void)
{
  if (fx.server != NULL)
    {
      g_subprocess_send_signal (fx.server, SIGTERM);
      g_subprocess_wait (fx.server, NULL, NULL);
    }
  g_clear_object (&fx.server);
  g_clear_object (&fx.session);
  if (fx.dir != NULL)
    {
      g_autofree char *command = g_strdup_printf ("rm -rf '%s'", fx.dir);
      (void) !system (command);
    }
  g_clear_pointer (&fx.dir, g_free);
  g_clear_pointer (&fx.db_path, g_free);
  g_clear_pointer (&fx.base, g_free);
  g_clear_pointer (&fx.token, g_free);
  g_clear_pointer (&fx.expired_token, g_free);
  g_clear_pointer (&fx.cookie_a, g_free);
  g_clear_pointer (&fx.cookie_b, g_free);
}

/* --- tests -------------------------------------------------------------- */

/* Every route of the table has a row here with the same access, and every
 * row still names a route. */
static void
test_table (void)
{
  guint n_routes = 0;
  const PlnRoute *routes = _pln_portal_get_routes (&n_routes);
  g_autoptr(GString) problems = g_string_new (NULL);

  g_assert_cmpuint (n_routes, >, 0);
  for (guint i = 0; i < n_routes; i++)
    {
      const MatrixRow *row = find_row (&routes[i]);

      if (routes[i].access != PLN_ACCESS_PUBLIC && routes[i].access != PLN_ACCESS_SITE_TOKEN &&
          routes[i].access != PLN_ACCESS_VIEWER)
        g_string_append_printf (problems, "route %s %s declares no known access (%d)\n",
                                routes[i].method, routes[i].path, routes[i].access);
      else if (row == NULL)
        g_string_append_printf (problems,
                                "route %s %s (%s) has no row in tests/test-auth-matrix.c: add one with its "
                                "access and a sample request, so the test can prove who may call it\n",
                                routes[i].method, routes[i].path, access_name (routes[i].access));
      else if (row->access != routes[i].access)
        g_string_append_printf (problems, "route %s %s declares %s but the matrix expects %s: "
                                "change the matrix only if the new access is meant\n",
                                routes[i].method, routes[i].path, access_name (routes[i].access),
                                access_name (row->access));
    }

  for (guint j = 0; j < G_N_ELEMENTS (matrix); j++)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < n_routes && !found; i++)
        found = g_str_equal (matrix[j].method, routes[i].method) && g_str_equal (matrix[j].route, routes[i].path);
      if (!found)
        g_string_append_printf (problems, "matrix row %s %s is not a route of the portal any more: remove it\n",
                                matrix[j].method, matrix[j].route);
    }

  if (problems->len > 0)
    g_error ("%s", problems->str);
}

typedef struct
{
  const char *what;
  const char *token;
  const char *cookie;
  const char *origin;
  gboolean    drop_csrf;
  gboolean    forge_csrf;
  gboolean    csrf_of_other_viewer;
} Attempt;

static void
check_refused (const MatrixRow *row,
               const Attempt   *attempt)
{
  g_autofree char *before = store_fingerprint ();
  g_autofree char *after = NULL;
  g_autofree char *csrf = NULL;
  g_autofree char *path = expand (row->sample, attempt->token, NULL);
  g_autofree char *body = NULL;
  g_auto(Answer) answer = { 0 };

  if (row->body != NULL)
    {
      if (attempt->forge_csrf)
        csrf = g_strdup (FORGED_HEX);
      else if (attempt->csrf_of_other_viewer)
        csrf = csrf_for (row, fx.token, fx.cookie_b);
      else if (!attempt->drop_csrf)
        csrf = csrf_for (row, fx.token, attempt->cookie ? attempt->cookie : fx.cookie_a);
      body = expand (row->body, attempt->token, csrf);
      if (attempt->drop_csrf)
        {
          g_autoptr(GString) stripped = g_string_new (body);
          g_string_replace (stripped, "csrf=&", "", 0);
          g_free (body);
          body = g_string_free (g_steal_pointer (&stripped), FALSE);
        }
    }

  request (&answer, row->method, path, attempt->cookie, attempt->origin, row->content_type, body);
  g_test_message ("%s %s (%s): %u", row->method, path, attempt->what, answer.status);
  if (answer.status < 400 || answer.status >= 500)
    g_error ("%s %s was not refused %s: answered %u", row->method, row->route, attempt->what, answer.status);
  if (g_str_equal (row->method, "POST"))
    {
      after = store_fingerprint ();
      if (g_strcmp0 (before, after) != 0)
        g_error ("%s %s refused %s, yet the store changed (%s → %s)", row->method, row->route,
                 attempt->what, before, after);
    }
}

static void
test_route (gconstpointer data)
{
  const MatrixRow *row = data;
  gboolean post = g_str_equal (row->method, "POST");
  gboolean form = post && g_strstr_len (row->body, -1, "{csrf}") != NULL;
  g_autofree char *forged_cookie = g_strdup ("plenary_session=" FORGED_HEX);
  g_autofree char *malformed = g_strdup ("..%2f..%2fetc%2fpasswd");
  g_autofree char *upper = g_ascii_strup (fx.token, -1);
  const char *cookie = row->access == PLN_ACCESS_VIEWER ? fx.cookie_a : NULL;

  /* The right credentials are answered: the refusals below are about access. */
  {
    g_autofree char *csrf = form ? csrf_for (row, fx.token, cookie) : NULL;
    g_autofree char *path = expand (row->sample, fx.token, NULL);
    g_autofree char *body = row->body ? expand (row->body, fx.token, csrf) : NULL;
    g_auto(Answer) answer = { 0 };

    if (form)
      g_assert_nonnull (csrf);
    request (&answer, row->method, path, cookie, NULL, row->content_type, body);
    g_test_message ("%s %s (right credentials): %u", row->method, path, answer.status);
    g_assert_cmpuint (answer.status, ==, row->ok_status);
  }

  if (row->access == PLN_ACCESS_SITE_TOKEN)
    {
      const Attempt attempts[] = {
        { "without a token", "", NULL, NULL, FALSE, FALSE, FALSE },
        { "with a forged token", FORGED_HEX, NULL, NULL, FALSE, FALSE, FALSE },
        { "with a malformed token", malformed, NULL, NULL, FALSE, FALSE, FALSE },
        { "with the token in capitals", upper, NULL, NULL, FALSE, FALSE, FALSE },
        { "with the token of an event that ended days ago", fx.expired_token, NULL, NULL, FALSE, FALSE, FALSE },
      };

      for (guint i = 0; i < G_N_ELEMENTS (attempts); i++)
        check_refused (row, &attempts[i]);
    }

  if (row->access == PLN_ACCESS_VIEWER)
    {
      const Attempt attempts[] = {
        { "to an anonymous viewer", fx.token, NULL, NULL, FALSE, FALSE, FALSE },
        { "with a forged session cookie", fx.token, forged_cookie, NULL, FALSE, FALSE, FALSE },
      };

      for (guint i = 0; i < G_N_ELEMENTS (attempts); i++)
        check_refused (row, &attempts[i]);
    }

  if (post)
    {
      const Attempt from_elsewhere = { "from another origin", fx.token, cookie, "http://evil.example", FALSE, FALSE, FALSE };

      check_refused (row, &from_elsewhere);
    }

  if (form)
    {
      const Attempt attempts[] = {
        { "without its CSRF value", fx.token, cookie, NULL, TRUE, FALSE, FALSE },
        { "with a forged CSRF value", fx.token, cookie, NULL, FALSE, TRUE, FALSE },
      };

      for (guint i = 0; i < G_N_ELEMENTS (attempts); i++)
        check_refused (row, &attempts[i]);
      if (row->access == PLN_ACCESS_VIEWER)
        {
          const Attempt other = { "with another viewer's CSRF value", fx.token, cookie, NULL, FALSE, FALSE, TRUE };

          check_refused (row, &other);
        }
    }
}

/* Public read routes that show recordings keep staff ones from anonymous
 * viewers and drafts from everyone. */
static void
test_recordings (void)
{
  const char *staff_paths[] = {
    "/watch/" STAFF_ID, "/media/" STAFF_ID ".mp4", "/media/" STAFF_ID "/hls.m3u8",
  };
  const char *draft_paths[] = {
    "/watch/" DRAFT_ID, "/media/" DRAFT_ID ".mp4", "/media/" DRAFT_ID "/hls.m3u8",
  };
  g_auto(Answer) listing = { 0 };
  g_auto(Answer) signed_listing = { 0 };
  g_auto(Answer) library = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (staff_paths); i++)
    {
      g_auto(Answer) anonymous = { 0 };
      g_auto(Answer) forged = { 0 };

      request (&anonymous, "GET", staff_paths[i], NULL, NULL, NULL, NULL);
      g_assert_cmpuint (anonymous.status, ==, 403);
      g_assert_null (strstr (anonymous.body, "staff recording bytes"));
      request (&forged, "GET", staff_paths[i], "plenary_session=" FORGED_HEX, NULL, NULL, NULL);
      g_assert_cmpuint (forged.status, ==, 403);
    }
  for (guint i = 0; i < 2; i++)
    {
      g_auto(Answer) viewer = { 0 };

      request (&viewer, "GET", staff_paths[i], fx.cookie_a, NULL, NULL, NULL);
      g_assert_cmpuint (viewer.status, ==, 200);
    }
  for (guint i = 0; i < G_N_ELEMENTS (draft_paths); i++)
    {
      g_auto(Answer) viewer = { 0 };

      request (&viewer, "GET", draft_paths[i], fx.cookie_a, NULL, NULL, NULL);
      g_assert_cmpuint (viewer.status, ==, 404);
      g_assert_null (strstr (viewer.body, "draft recording bytes"));
    }

  request (&listing, "GET", "/api/recordings", NULL, NULL, NULL, NULL);
  g_assert_nonnull (strstr (listing.body, PUBLIC_ID));
  g_assert_null (strstr (listing.body, STAFF_ID));
  g_assert_null (strstr (listing.body, DRAFT_ID));
  request (&signed_listing, "GET", "/api/recordings", fx.cookie_a, NULL, NULL, NULL);
  g_assert_nonnull (strstr (signed_listing.body, STAFF_ID));
  g_assert_null (strstr (signed_listing.body, DRAFT_ID));
  request (&library, "GET", "/library", NULL, NULL, NULL, NULL);
  g_assert_null (strstr (library.body, STAFF_ID));
  g_assert_null (strstr (library.body, "Nội bộ"));
}

/* The public JSON and pages never hand out a bridge point's token. */
static void
test_tokens_stay_secret (void)
{
  const char *paths[] = { "/", "/api/events", "/calendar.ics", "/library", "/api/recordings",
                          "/sites/QN-TYT-BC-02/calendar.ics" };
  g_autofree char *points = g_strdup_printf ("/api/events/%" G_GINT64_FORMAT "/points", fx.event_id);

  for (guint i = 0; i <= G_N_ELEMENTS (paths); i++)
    {
      g_auto(Answer) answer = { 0 };

      request (&answer, "GET", i < G_N_ELEMENTS (paths) ? paths[i] : points, NULL, NULL, NULL, NULL);
      g_assert_cmpuint (answer.status, ==, 200);
      g_assert_null (strstr (answer.body, fx.token));
    }
}

/* Regressions found by tools/fault/portal-abuse.sh: each answered with a
 * 4xx, and the server (which runs with G_DEBUG=fatal-criticals here)
 * still answers afterwards. */
static void
test_regressions (void)
{
  g_autofree char *path = g_strdup_printf ("/api/checkin/%s", fx.token);
  const char *bodies[] = { "", " \n", "null", "[]" };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_auto(Answer) answer = { 0 };
      g_auto(Answer) after = { 0 };

      /* An empty or blank JSON body parses without a root. */
      request (&answer, "POST", path, NULL, NULL, "application/json", bodies[i]);
      g_assert_cmpuint (answer.status, ==, 400);
      request (&after, "GET", "/", NULL, NULL, NULL, NULL);
      g_assert_cmpuint (after.status, ==, 200);
    }
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  fixture_up ();

  g_test_add_func ("/auth-matrix/table", test_table);
  for (guint i = 0; i < G_N_ELEMENTS (matrix); i++)
    {
      g_autofree char *name = g_strdup_printf ("/auth-matrix/%s%s", matrix[i].method, matrix[i].route);

      g_strdelimit (name + strlen ("/auth-matrix/"), "/", '-');
      g_test_add_data_func (name, &matrix[i], test_route);
    }
  g_test_add_func ("/auth-matrix/recordings", test_recordings);
  g_test_add_func ("/auth-matrix/tokens-stay-secret", test_tokens_stay_secret);
  g_test_add_func ("/auth-matrix/regressions", test_regressions);

  status = g_test_run ();
  fixture_down ();
  return status;
}
