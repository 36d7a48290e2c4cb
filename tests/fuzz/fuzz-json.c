/* fuzz-json.c: the JSON bodies the portal reads (POST /api/checkin/{token},
 * see pln-portal-api.c): json-glib's parser as the portal calls it, then the
 * portal's acceptance rules for "count" and "connected". Checks, beyond "no
 * crash": no GLib critical or warning, an accepted count is a whole number
 * from 0 to 100000, and an object the parser accepted comes back equal
 * through the generator (the portal's answers are written with it). */
#include "config.h"

#include "fuzz-log.h"

#include <json-glib/json-glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* The rule of _pln_portal_api_checkin: -1 when "count" is refused, -2 when
 * it is absent, else the count. */
static gint64
accepted_count (JsonObject *object)
{
  JsonNode *count;
  gint64 value;

  if (!json_object_has_member (object, "count"))
    return -2;
  count = json_object_get_member (object, "count");
  if (!JSON_NODE_HOLDS_VALUE (count) || json_node_get_value_type (count) != G_TYPE_INT64 ||
      (value = json_node_get_int (count)) < 0 || value > 100000)
    return -1;
  return value;
}

/* The same for "connected": -1 refused, -2 absent, else 0 or 1. */
static int
accepted_connected (JsonObject *object)
{
  JsonNode *connected;

  if (!json_object_has_member (object, "connected"))
    return -2;
  connected = json_object_get_member (object, "connected");
  if (!JSON_NODE_HOLDS_VALUE (connected) || json_node_get_value_type (connected) != G_TYPE_BOOLEAN)
    return -1;
  return json_node_get_boolean (connected) ? 1 : 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  JsonParser *parser = json_parser_new ();
  JsonParser *again = NULL;
  JsonGenerator *generator = NULL;
  JsonObject *object;
  JsonNode *root;
  char *text = NULL;
  gsize length = 0;
  gint64 count;

  /* An empty body parses without a root, which the portal once handed to
   * JSON_NODE_HOLDS_OBJECT (found by tools/fault/portal-abuse.sh). */
  if (!json_parser_load_from_data (parser, (const char *) data, size, NULL) ||
      json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    goto out;
  root = json_parser_get_root (parser);
  object = json_node_get_object (root);

  count = accepted_count (object);
  if (count != -1 && count != -2 && (count < 0 || count > 100000))
    abort ();
  (void) accepted_connected (object);

  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);
  again = json_parser_new ();
  /* Found by this harness, json-glib 1.6 writes back what it cannot read:
   * doubles that overflowed to infinity (1e999) as "inf", 9e44 as "9e+44.0",
   * and strings holding an escape JSON does not have ("\2"), which its
   * parser accepts and turns into bytes that are not UTF-8. Plenary never
   * writes a client's numbers or strings back, so those cases are let
   * through; any other failure is a finding. */
  if (!json_parser_load_from_data (again, text, length, NULL))
    {
      if (!g_utf8_validate (text, length, NULL) ||
          strstr (text, "inf") != NULL || strstr (text, "nan") != NULL ||
          strstr (text, "e+") != NULL || strstr (text, "e-") != NULL)
        goto out;
      abort ();
    }
  object = json_node_get_object (json_parser_get_root (again));
  if (accepted_count (object) != count ||
      accepted_connected (object) != accepted_connected (json_node_get_object (root)))
    abort ();

out:
  g_free (text);
  g_clear_object (&generator);
  g_clear_object (&again);
  g_object_unref (parser);
  return 0;
}
