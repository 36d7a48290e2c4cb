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

G_END_DECLS
