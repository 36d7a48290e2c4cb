/* pln-recorder-error.h: the error domain of the live media engine. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PLN_RECORDER_ERROR (pln_recorder_error_quark ())

/**
 * PlnRecorderError:
 * @PLN_RECORDER_ERROR_FAILED: anything else
 * @PLN_RECORDER_ERROR_INVALID_URI: the source URI cannot be understood
 * @PLN_RECORDER_ERROR_UNREACHABLE: the source cannot be reached or opened
 * @PLN_RECORDER_ERROR_UNSUPPORTED: the source carries media the engine cannot record
 * @PLN_RECORDER_ERROR_MISSING_ELEMENT: a GStreamer element is not installed
 * @PLN_RECORDER_ERROR_FOLDER: the recording folder cannot be created or written
 * @PLN_RECORDER_ERROR_DISK_FULL: the disk is (nearly) full
 * @PLN_RECORDER_ERROR_GAVE_UP: the source stayed away longer than the reconnect limit
 * @PLN_RECORDER_ERROR_NO_MEDIA: nothing could be recorded
 * @PLN_RECORDER_ERROR_BUSY: the recorder is already running
 */
typedef enum
{
  PLN_RECORDER_ERROR_FAILED,
  PLN_RECORDER_ERROR_INVALID_URI,
  PLN_RECORDER_ERROR_UNREACHABLE,
  PLN_RECORDER_ERROR_UNSUPPORTED,
  PLN_RECORDER_ERROR_MISSING_ELEMENT,
  PLN_RECORDER_ERROR_FOLDER,
  PLN_RECORDER_ERROR_DISK_FULL,
  PLN_RECORDER_ERROR_GAVE_UP,
  PLN_RECORDER_ERROR_NO_MEDIA,
  PLN_RECORDER_ERROR_BUSY,
} PlnRecorderError;

GQuark pln_recorder_error_quark (void);

G_END_DECLS
