/* fuzz-log.h: every harness includes this, so that a GLib critical or
 * warning is a finding. Made fatal with g_log_set_always_fatal(), a critical
 * raises SIGTRAP, which libFuzzer does not catch: CI once saw
 * "Trace/breakpoint trap" with neither the message nor the input. Aborting
 * here leaves both. */
#pragma once

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);

static void
fuzz_abort_on_warning (const char     *domain,
                       GLogLevelFlags  level,
                       const char     *message,
                       gpointer        user_data)
{
  fprintf (stderr, "%s: %s\n", domain != NULL ? domain : "(no domain)", message);
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    abort ();
}

/* libFuzzer calls this once, before the first input. */
int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_default_handler (fuzz_abort_on_warning, NULL);
  return 0;
}
