/* pln-recorder-enums.c: GTypes of the engine's enumerations. */
#define G_LOG_DOMAIN "plenary-recorder"

#include "config.h"

#include "pln-recorder-enums.h"

G_DEFINE_ENUM_TYPE (PlnRecorderState, pln_recorder_state,
                    G_DEFINE_ENUM_VALUE (PLN_RECORDER_STATE_IDLE, "idle"),
                    G_DEFINE_ENUM_VALUE (PLN_RECORDER_STATE_STARTING, "starting"),
                    G_DEFINE_ENUM_VALUE (PLN_RECORDER_STATE_RECORDING, "recording"),
                    G_DEFINE_ENUM_VALUE (PLN_RECORDER_STATE_RECONNECTING, "reconnecting"),
                    G_DEFINE_ENUM_VALUE (PLN_RECORDER_STATE_STOPPED, "stopped"),
                    G_DEFINE_ENUM_VALUE (PLN_RECORDER_STATE_FAILED, "failed"))

G_DEFINE_ENUM_TYPE (PlnEncodePreset, pln_encode_preset,
                    G_DEFINE_ENUM_VALUE (PLN_ENCODE_PRESET_GOOD, "good"),
                    G_DEFINE_ENUM_VALUE (PLN_ENCODE_PRESET_LIGHT, "light"))

/**
 * pln_recorder_state_to_string:
 *
 * Returns: the state's nick ("recording"), not translated: for logs and
 * machine-readable output.
 */
const char *
pln_recorder_state_to_string (PlnRecorderState state)
{
  GEnumClass *klass = g_type_class_ref (PLN_TYPE_RECORDER_STATE);
  GEnumValue *value = g_enum_get_value (klass, state);
  const char *nick = value != NULL ? value->value_nick : "unknown";

  g_type_class_unref (klass);
  return nick;
}
