/* pln-store-viewers.h: staff who sign in to replay recordings (part of the
 * PlnStore API). */
#pragma once

#include "pln-store.h"

G_BEGIN_DECLS

/* The person whose personal sign-in code is @code, or 0. @name (optional)
 * receives their name. */
gint64 pln_store_find_person_by_signin_code (PlnStore    *self,
                                             const char  *code,
                                             char       **name);

/* Adds a watched interval of @recording_id by @person_id and keeps the
 * person's intervals of that recording merged, in one transaction.
 * @origin: "app", "portal" or "live". */
gboolean pln_store_add_progress   (PlnStore    *self,
                                   gint64       person_id,
                                   gint64       recording_id,
                                   gint64       start_ms,
                                   gint64       end_ms,
                                   const char  *origin,
                                   GError     **error);
/* Milliseconds of @recording_id that @person_id has watched, merged. */
gint64   pln_store_get_watched_ms (PlnStore    *self,
                                   gint64       person_id,
                                   gint64       recording_id);
/* Where to resume: the end of the interval watched last, or 0. */
gint64   pln_store_get_resume_ms  (PlnStore    *self,
                                   gint64       person_id,
                                   gint64       recording_id);

G_END_DECLS
