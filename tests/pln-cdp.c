/* pln-cdp.c: drives a headless Chromium through the DevTools protocol for
 * the portal's browser tests, over libsoup's own WebSocket client, so the
 * tests need no Node.js. Steps run in order on one page:
 *
 *   pln-cdp STEP...
 *     viewport W H          a phone's viewport of W×H CSS pixels (412×860
 *                           until told)
 *     navigate URL          load URL and wait for its load event
 *     eval JS               run JS (promises awaited); fail if it throws
 *     wait JS SECONDS       poll JS until it is true, or fail
 *     print JS              print the value of JS on a line of its own
 *     screenshot FILE       save the page as PNG
 *
 * Chromium listens on 127.0.0.1 only, with a fresh profile, and is killed
 * at the end. Exit status 0 when every step succeeded.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct
{
  SoupWebsocketConnection *ws;
  GHashTable              *replies;   /* id → JsonNode */
  GPtrArray               *events;    /* method names seen */
  int                      next_id;
  gboolean                 closed;
} Cdp;

static void
on_message_cb (SoupWebsocketConnection *ws,
               int                      type,
               GBytes                  *message,
               gpointer                 user_data)
{
  Cdp *cdp = user_data;
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size;
  const char *data = g_bytes_get_data (message, &size);
  JsonObject *object;

  if (!json_parser_load_from_data (parser, data, size, NULL))
    return;
  object = json_node_get_object (json_parser_get_root (parser));
  if (json_object_has_member (object, "id"))
    g_hash_table_insert (cdp->replies,
                         GINT_TO_POINTER ((int) json_object_get_int_member (object, "id")),
                         json_node_copy (json_parser_get_root (parser)));
  else if (json_object_has_member (object, "method"))
    g_ptr_array_add (cdp->events, g_strdup (json_object_get_string_member (object, "method")));
}

static void
on_closed_cb (SoupWebsocketConnection *ws,
              gpointer                 user_data)
{
  ((Cdp *) user_data)->closed = TRUE;
}

static gboolean
iterate_until (gboolean (*done) (Cdp *, gconstpointer),
               Cdp            *cdp,
               gconstpointer   data,
               double          seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (!done (cdp, data))
    {
      if (cdp->closed || g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

static gboolean
has_reply (Cdp           *cdp,
           gconstpointer  id)
{
  return g_hash_table_contains (cdp->replies, id);
}

static gboolean
has_event (Cdp           *cdp,
           gconstpointer  name)
{
  for (guint i = 0; i < cdp->events->len; i++)
    if (g_str_equal (g_ptr_array_index (cdp->events, i), name))
      return TRUE;
  return FALSE;
}

/* Sends METHOD with PARAMS (a JSON object text, or NULL) and returns the
 * "result" member of the reply, or NULL after printing the error. */
static JsonNode *
call (Cdp        *cdp,
      const char *method,
      const char *params)
{
  int id = ++cdp->next_id;
  g_autofree char *text = g_strdup_printf ("{\"id\":%d,\"method\":\"%s\",\"params\":%s}",
                                           id, method, params ? params : "{}");
  g_autoptr(JsonNode) reply = NULL;
  JsonObject *object;

  soup_websocket_connection_send_text (cdp->ws, text);
  if (!iterate_until (has_reply, cdp, GINT_TO_POINTER (id), 30))
    {
      g_printerr ("pln-cdp: no answer to %s\n", method);
      return NULL;
    }
  g_hash_table_steal_extended (cdp->replies, GINT_TO_POINTER (id), NULL, (gpointer *) &reply);
  object = json_node_get_object (reply);
  if (json_object_has_member (object, "error"))
    {
      g_autofree char *error = json_to_string (json_object_get_member (object, "error"), FALSE);
      g_printerr ("pln-cdp: %s failed: %s\n", method, error);
      return NULL;
    }
  return json_node_copy (json_object_get_member (object, "result"));
}

static char *
json_string (const char *text)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (node, text);
  return json_to_string (node, FALSE);
}

/* Evaluates JS; returns its value as JSON text, or NULL if it threw. */
static char *
evaluate (Cdp        *cdp,
          const char *js)
{
  g_autofree char *expression = json_string (js);
  g_autofree char *params = g_strdup_printf ("{\"expression\":%s,\"awaitPromise\":true,\"returnByValue\":true}",
                                             expression);
  g_autoptr(JsonNode) result = call (cdp, "Runtime.evaluate", params);
  JsonObject *object;

  if (result == NULL)
    return NULL;
  object = json_node_get_object (result);
  if (json_object_has_member (object, "exceptionDetails"))
    {
      g_autofree char *details = json_to_string (json_object_get_member (object, "exceptionDetails"), FALSE);
      g_printerr ("pln-cdp: %s threw: %s\n", js, details);
      return NULL;
    }
  object = json_object_get_object_member (object, "result");
  if (!json_object_has_member (object, "value"))
    return g_strdup ("null");
  return json_to_string (json_object_get_member (object, "value"), FALSE);
}

static gboolean
step_navigate (Cdp        *cdp,
               const char *url)
{
  g_autofree char *quoted = json_string (url);
  g_autofree char *params = g_strdup_printf ("{\"url\":%s}", quoted);
  g_autoptr(JsonNode) result = NULL;

  g_ptr_array_set_size (cdp->events, 0);
  result = call (cdp, "Page.navigate", params);
  if (result == NULL)
    return FALSE;
  if (!iterate_until (has_event, cdp, "Page.loadEventFired", 30))
    {
      g_printerr ("pln-cdp: %s did not finish loading\n", url);
      return FALSE;
    }
  return TRUE;
}

static gboolean
step_wait (Cdp        *cdp,
           const char *js,
           double      seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *value = evaluate (cdp, js);

      if (g_strcmp0 (value, "true") == 0)
        return TRUE;
      g_usleep (200 * 1000);
    }
  g_printerr ("pln-cdp: still not true after %.0f s: %s\n", seconds, js);
  return FALSE;
}

static gboolean
step_screenshot (Cdp        *cdp,
                 const char *file)
{
  g_autoptr(JsonNode) result = call (cdp, "Page.captureScreenshot", "{\"format\":\"png\"}");
  g_autofree guchar *png = NULL;
  gsize length;

  if (result == NULL)
    return FALSE;
  png = g_base64_decode (json_object_get_string_member (json_node_get_object (result), "data"), &length);
  return g_file_set_contents (file, (const char *) png, length, NULL);
}

/* Chromium and the processes it starts form a group of their own, so
 * that they all go at the end. */
static void
own_process_group (gpointer data)
{
  setpgid (0, 0);
}

static char *
read_devtools_port (const char *profile,
                    GPid        pid)
{
  g_autofree char *file = g_build_filename (profile, "DevToolsActivePort", NULL);

  for (int i = 0; i < 300; i++)
    {
      g_autofree char *text = NULL;

      if (g_file_get_contents (file, &text, NULL, NULL) && strchr (text, '\n') != NULL)
        return g_strndup (text, strcspn (text, "\n"));
      g_usleep (100 * 1000);
    }
  return NULL;
}

/* The WebSocket URL of the first page target. */
static char *
find_page (SoupSession *session,
           const char  *port)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%s/json/list", port);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *targets;

  if (body == NULL || !json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                                   g_bytes_get_size (body), NULL))
    return NULL;
  targets = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (targets); i++)
    {
      JsonObject *target = json_array_get_object_element (targets, i);

      if (g_strcmp0 (json_object_get_string_member (target, "type"), "page") == 0)
        return g_strdup (json_object_get_string_member (target, "webSocketDebuggerUrl"));
    }
  return NULL;
}

static void
on_connected_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Cdp *cdp = user_data;
  g_autoptr(GError) error = NULL;

  cdp->ws = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  if (cdp->ws == NULL)
    {
      g_printerr ("pln-cdp: cannot open the DevTools socket: %s\n", error->message);
      cdp->closed = TRUE;
    }
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *profile = g_dir_make_tmp ("pln-cdp-XXXXXX", NULL);
  g_autofree char *profile_arg = g_strdup_printf ("--user-data-dir=%s", profile);
  const char *browser = g_getenv ("CHROMIUM") ? g_getenv ("CHROMIUM") : "chromium";
  const char *chromium_argv[] = {
    browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--autoplay-policy=no-user-gesture-required", "--remote-debugging-address=127.0.0.1",
    "--remote-debugging-port=0", "--window-size=412,860", profile_arg, "about:blank", NULL
  };
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) upgrade = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *port = NULL;
  g_autofree char *ws_url = NULL;
  g_autofree char *command = NULL;
  Cdp cdp = { 0 };
  gboolean ok = TRUE;
  GPid pid;
  int i;

  if (!g_spawn_async (NULL, (char **) chromium_argv, NULL,
                      G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD |
                      G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                      own_process_group, NULL, &pid, &error))
    {
      g_printerr ("pln-cdp: cannot start %s: %s\n", browser, error->message);
      return 77;
    }

  port = read_devtools_port (profile, pid);
  for (int tries = 0; port != NULL && ws_url == NULL && tries < 50; tries++)
    {
      ws_url = find_page (session, port);
      if (ws_url == NULL)
        g_usleep (100 * 1000);
    }
  if (ws_url == NULL)
    {
      g_printerr ("pln-cdp: Chromium did not open its DevTools port\n");
      ok = FALSE;
      goto out;
    }

  upgrade = soup_message_new ("GET", ws_url);
  soup_session_websocket_connect_async (session, upgrade, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        on_connected_cb, &cdp);
  while (cdp.ws == NULL && !cdp.closed)
    g_main_context_iteration (NULL, TRUE);
  if (cdp.ws == NULL)
    {
      ok = FALSE;
      goto out;
    }
  soup_websocket_connection_set_max_incoming_payload_size (cdp.ws, 64 * 1024 * 1024);
  cdp.replies = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) json_node_unref);
  cdp.events = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (cdp.ws, "message", G_CALLBACK (on_message_cb), &cdp);
  g_signal_connect (cdp.ws, "closed", G_CALLBACK (on_closed_cb), &cdp);

  {
    g_autoptr(JsonNode) a = call (&cdp, "Page.enable", NULL);
    g_autoptr(JsonNode) b = call (&cdp, "Emulation.setDeviceMetricsOverride",
                                  "{\"width\":412,\"height\":860,\"deviceScaleFactor\":1,\"mobile\":true}");
    ok = a != NULL && b != NULL;
  }

  for (i = 1; ok && i < argc; i++)
    {
      const char *step = argv[i];

      if (g_str_equal (step, "viewport") && i + 2 < argc)
        {
          g_autofree char *metrics = g_strdup_printf ("{\"width\":%d,\"height\":%d,\"deviceScaleFactor\":1,\"mobile\":true}",
                                                      atoi (argv[i + 1]), atoi (argv[i + 2]));
          g_autoptr(JsonNode) reply = call (&cdp, "Emulation.setDeviceMetricsOverride", metrics);

          ok = reply != NULL;
          i += 2;
        }
      else if (g_str_equal (step, "navigate") && i + 1 < argc)
        ok = step_navigate (&cdp, argv[++i]);
      else if (g_str_equal (step, "eval") && i + 1 < argc)
        {
          g_autofree char *value = evaluate (&cdp, argv[++i]);
          ok = value != NULL;
        }
      else if (g_str_equal (step, "print") && i + 1 < argc)
        {
          g_autofree char *value = evaluate (&cdp, argv[++i]);
          ok = value != NULL;
          if (ok)
            printf ("%s\n", value);
        }
      else if (g_str_equal (step, "wait") && i + 2 < argc)
        {
          ok = step_wait (&cdp, argv[i + 1], g_ascii_strtod (argv[i + 2], NULL));
          i += 2;
        }
      else if (g_str_equal (step, "screenshot") && i + 1 < argc)
        ok = step_screenshot (&cdp, argv[++i]);
      else
        {
          g_printerr ("pln-cdp: cannot read the step “%s”\n", step);
          ok = FALSE;
        }
      fflush (stdout);
    }

out:
  g_clear_object (&cdp.ws);
  g_clear_pointer (&cdp.replies, g_hash_table_unref);
  g_clear_pointer (&cdp.events, g_ptr_array_unref);
  /* Every process of the browser ends before its profile goes: one still
   * writing there made the removal fail now and then. */
  kill (-pid, SIGKILL);
  waitpid (pid, NULL, 0);
  g_spawn_close_pid (pid);
  command = g_strdup_printf ("rm -rf '%s' 2>/dev/null", profile);
  for (int tries = 0; system (command) != 0 || g_file_test (profile, G_FILE_TEST_EXISTS); tries++)
    {
      if (tries == 20)
        {
          g_printerr ("pln-cdp: could not remove %s\n", profile);
          break;
        }
      kill (-pid, SIGKILL);
      g_usleep (100 * 1000);
    }
  return ok ? 0 : 1;
}
