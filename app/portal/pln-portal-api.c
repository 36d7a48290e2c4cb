/* pln-portal-api.c: the JSON API (see docs/api.md). */
#define G_LOG_DOMAIN "plenary-portal"

#include "config.h"

#include <json-glib/json-glib.h>

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
