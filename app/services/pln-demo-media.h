/* pln-demo-media.h: the demo's recordings: a few seconds of test pattern
 * per demo event (its title burnt in, its agenda as chapters), recorded
 * faster than real time and packaged, so that a new user's Library and
 * portal are not empty. The rows are the same on every run; the media
 * bytes may differ. */
#pragma once

#include <gio/gio.h>

#include "pln-store.h"

G_BEGIN_DECLS

#define PLN_DEMO_MEDIA_RECORDINGS 3
#define PLN_DEMO_MEDIA_MS         3000

/* Replaces the library's demo/ folder. Returns the number of recordings
 * made, or -1 with @error set. */
int pln_demo_media_record (PlnStore  *store,
                           GError   **error);

G_END_DECLS
