/* pln-portal-api.c: the JSON API (see docs/api.md). */
#define G_LOG_DOMAIN "plenary-portal"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "pln-bridge-point.h"
#include "pln-event.h"
#include "pln-portal-private.h"
#include "pln-store.h"
#include "pln-store-recordings.h"

static char *
iso8601_utc (gint64 unix_seconds)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_seconds);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

static void
respond_json (PlnRequest *request,
              JsonNode   *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GBytes) bytes = NULL;
  gsize length;
  char *text;

  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);
  bytes = g_bytes_new_take (text, length);
  _pln_respond_bytes (request, SOUP_STATUS_OK, "application/json", bytes);
}

void
_pln_portal_api_events (PlnRequest *request,
                        const char *rest)
{
  PlnStore *store = pln_context_get_store (_pln_portal_get_context (request->portal));
  g_autoptr(GListModel) events = pln_store_get_events_model (store);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(PlnEvent) event = g_list_model_get_item (events, i);
      g_autofree char *starts = iso8601_utc (pln_event_get_starts_at (event));
      g_autofree char *ends = iso8601_utc (pln_event_get_ends_at (event));

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, pln_event_get_id (event));
      json_builder_set_member_name (builder, "uid");
      json_builder_add_string_value (builder, pln_event_get_uid (event));
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, pln_event_kind_to_string (pln_event_get_kind (event)));
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, pln_event_get_title (event));
      json_builder_set_member_name (builder, "description");
      json_builder_add_string_value (builder, pln_event_get_description (event));
      json_builder_set_member_name (builder, "start");
      json_builder_add_string_value (builder, starts);
      json_builder_set_member_name (builder, "end");
      json_builder_add_string_value (builder, ends);
      json_builder_set_member_name (builder, "host");
      json_builder_add_string_value (builder, pln_event_get_host_site_name (event));
      json_builder_set_member_name (builder, "points");
      json_builder_add_int_value (builder, pln_event_get_n_points (event));
      json_builder_set_member_name (builder, "expected");
      json_builder_add_int_value (builder, pln_event_get_expected_total (event));
      json_builder_set_member_name (builder, "reported");
      json_builder_add_int_value (builder, pln_event_get_reported_total (event));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  respond_json (request, root);
}

void
_pln_portal_api_recordings (PlnRequest *request,
                            const char *rest)
{
  PlnStore *store = pln_context_get_store (_pln_portal_get_context (request->portal));
  PlnVisibility at_least = _pln_portal_get_viewer (request) != 0 ? PLN_VISIBILITY_STAFF : PLN_VISIBILITY_PUBLIC;
  g_autoptr(GListModel) recordings = pln_store_list_recordings (store, at_least);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (recordings); i++)
    {
      g_autoptr(PlnRecording) recording = g_list_model_get_item (recordings, i);
      g_autoptr(GPtrArray) chapters = pln_store_list_chapters (store, pln_recording_get_id (recording));
      g_autofree char *started = iso8601_utc (pln_recording_get_started_at (recording));
      g_autofree char *media = g_strdup_printf ("/media/%s.mp4", pln_recording_get_public_id (recording));

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, pln_recording_get_public_id (recording));
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, pln_recording_get_title (recording));
      json_builder_set_member_name (builder, "event");
      json_builder_add_string_value (builder, pln_recording_get_event_title (recording));
      json_builder_set_member_name (builder, "started");
      json_builder_add_string_value (builder, started);
      json_builder_set_member_name (builder, "duration_ms");
      json_builder_add_int_value (builder, pln_recording_get_duration_ms (recording));
      json_builder_set_member_name (builder, "visibility");
      json_builder_add_string_value (builder, pln_visibility_to_string (pln_recording_get_visibility (recording)));
      json_builder_set_member_name (builder, "media");
      json_builder_add_string_value (builder, media);
      json_builder_set_member_name (builder, "chapters");
      json_builder_begin_array (builder);
      for (guint c = 0; c < chapters->len; c++)
        {
          PlnChapterEntry *chapter = g_ptr_array_index (chapters, c);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "at_ms");
          json_builder_add_int_value (builder, chapter->offset_ms);
          json_builder_set_member_name (builder, "title");
          json_builder_add_string_value (builder, chapter->title);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  respond_json (request, root);
}

static void
add_point (JsonBuilder    *builder,
           PlnBridgePoint *point)
{
  int reported = pln_bridge_point_get_reported_count (point);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "site_code");
  json_builder_add_string_value (builder, pln_bridge_point_get_site_code (point));
  json_builder_set_member_name (builder, "site");
  json_builder_add_string_value (builder, pln_bridge_point_get_site_name (point));
  json_builder_set_member_name (builder, "district");
  json_builder_add_string_value (builder, pln_bridge_point_get_district_name (point));
  json_builder_set_member_name (builder, "host");
  json_builder_add_boolean_value (builder, pln_bridge_point_get_is_host (point));
  json_builder_set_member_name (builder, "expected");
  json_builder_add_int_value (builder, pln_bridge_point_get_expected_count (point));
  json_builder_set_member_name (builder, "reported");
  if (reported >= 0)
    json_builder_add_int_value (builder, reported);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "link");
  json_builder_add_string_value (builder, pln_link_status_to_string (pln_bridge_point_get_link_status (point)));
  json_builder_end_object (builder);
}

/* GET /api/events/{id}/points: the bridge points of an event, without
 * their tokens. */
void
_pln_portal_api_event_points (PlnRequest *request,
                              const char *rest)
{
  PlnStore *store = pln_context_get_store (_pln_portal_get_context (request->portal));
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GListModel) points = NULL;
  g_autoptr(PlnEvent) event = NULL;
  char *end = NULL;
  gint64 id = g_ascii_strtoll (rest, &end, 10);

  if (id <= 0 || end == NULL || !g_str_equal (end, "/points") ||
      (event = pln_store_get_event (store, id, NULL)) == NULL)
    {
      _pln_respond_text (request, SOUP_STATUS_NOT_FOUND, T (request, N_("There is no such event.")));
      return;
    }

  points = pln_store_get_points_model (store, id);
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (points); i++)
    {
      g_autoptr(PlnBridgePoint) point = g_list_model_get_item (points, i);
      add_point (builder, point);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  respond_json (request, root);
}

/* POST /api/checkin/{token} with {"count": N, "connected": true}: the
 * check-in of the page, for a site's own tools. */
void
_pln_portal_api_checkin (PlnRequest *request,
                         const char *token)
{
  PlnStore *store = pln_context_get_store (_pln_portal_get_context (request->portal));
  SoupMessageBody *body = soup_server_message_get_request_body (request->msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(PlnBridgePoint) point = NULL;
  g_autoptr(PlnBridgePoint) saved = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  gint64 count = -1;
  gboolean connected = FALSE;

  point = _pln_portal_find_checkin_point (request, token);
  if (point == NULL)
    return;

  /* An empty or blank body parses, with no root at all (found by
   * tools/fault/portal-abuse.sh: a critical, fatal under G_DEBUG). */
  if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL) ||
      json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      _pln_respond_text (request, SOUP_STATUS_BAD_REQUEST,
                         T (request, N_("Send a JSON object such as {\"count\": 37, \"connected\": true}.")));
      return;
    }
  object = json_node_get_object (json_parser_get_root (parser));

  /* Both members are checked before either is saved, so a refused body
   * changes nothing. */
  if (json_object_has_member (object, "count"))
    {
      JsonNode *node = json_object_get_member (object, "count");

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
          (count = json_node_get_int (node)) < 0 || count > 100000)
        {
          _pln_respond_text (request, SOUP_STATUS_UNPROCESSABLE_ENTITY,
                             T (request, N_("“count” must be a whole number from 0 to 100000.")));
          return;
        }
    }
  /* Not json_object_get_boolean_member_with_default(): json-glib 1.6 logs a
   * critical when the member is an array or an object (found by
   * tests/fuzz/fuzz-json.c). */
  if (json_object_has_member (object, "connected"))
    {
      JsonNode *node = json_object_get_member (object, "connected");

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        {
          _pln_respond_text (request, SOUP_STATUS_UNPROCESSABLE_ENTITY,
                             T (request, N_("“connected” must be true or false.")));
          return;
        }
      connected = json_node_get_boolean (node);
    }

  if (count >= 0 &&
      !pln_store_report_count (store, pln_bridge_point_get_id (point), (int) count, 0, &error))
    goto failed;
  if (connected &&
      !pln_store_set_link_status (store, pln_bridge_point_get_id (point), PLN_LINK_STATUS_CONNECTED, 0, &error))
    goto failed;

  saved = pln_store_get_point (store, pln_bridge_point_get_id (point), NULL);
  builder = json_builder_new ();
  add_point (builder, saved != NULL ? saved : point);
  root = json_builder_get_root (builder);
  respond_json (request, root);
  return;

failed:
  g_warning ("Check-in failed: %s", error->message);
  _pln_respond_text (request, SOUP_STATUS_SERVICE_UNAVAILABLE,
                     T (request, N_("Your check-in could not be saved. Send it again in a moment.")));
}
