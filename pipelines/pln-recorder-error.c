/* pln-recorder-error.c: the error domain of the live media engine. */
#define G_LOG_DOMAIN "plenary-recorder"

#include "config.h"

#include "pln-recorder-error.h"

G_DEFINE_QUARK (pln-recorder-error-quark, pln_recorder_error)
