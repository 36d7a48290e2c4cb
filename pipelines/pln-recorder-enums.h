/* pln-recorder-enums.h: enumerations of the live media engine, with GTypes
 * so they can be properties. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * PlnRecorderState:
 * @PLN_RECORDER_STATE_IDLE: not started
 * @PLN_RECORDER_STATE_STARTING: connecting to the source, nothing written yet
 * @PLN_RECORDER_STATE_RECORDING: media flows into a segment
 * @PLN_RECORDER_STATE_RECONNECTING: the source went away; the recording stays open
 * @PLN_RECORDER_STATE_STOPPED: stopped cleanly; every segment is closed
 * @PLN_RECORDER_STATE_FAILED: stopped on an error
 */
typedef enum
{
  PLN_RECORDER_STATE_IDLE,
  PLN_RECORDER_STATE_STARTING,
  PLN_RECORDER_STATE_RECORDING,
  PLN_RECORDER_STATE_RECONNECTING,
  PLN_RECORDER_STATE_STOPPED,
  PLN_RECORDER_STATE_FAILED,
} PlnRecorderState;

/**
 * PlnEncodePreset:
 * @PLN_ENCODE_PRESET_GOOD: better picture for the bitrate, more CPU
 * @PLN_ENCODE_PRESET_LIGHT: light on CPU
 *
 * How raw video is encoded when the source does not carry H.264.
 */
typedef enum
{
  PLN_ENCODE_PRESET_GOOD,
  PLN_ENCODE_PRESET_LIGHT,
} PlnEncodePreset;

#define PLN_TYPE_RECORDER_STATE (pln_recorder_state_get_type ())
GType       pln_recorder_state_get_type  (void) G_GNUC_CONST;
const char *pln_recorder_state_to_string (PlnRecorderState state);

#define PLN_TYPE_ENCODE_PRESET (pln_encode_preset_get_type ())
GType       pln_encode_preset_get_type   (void) G_GNUC_CONST;

G_END_DECLS
