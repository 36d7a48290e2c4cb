/* pln-list-find.h: where an object stands in a GListModel, found by its
 * store id (events, sites, people, courses: every model object has an
 * "id" property, a gint64 that is 0 until the row is saved). */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* TRUE and its @position (may be NULL) when @model holds an item whose
 * "id" is @id; FALSE, and GTK's invalid position (G_MAXUINT) in
 * @position, when it does not or when @id is 0 (an unsaved object has no
 * place to be found at). */
gboolean pln_list_find_id (GListModel *model,
                           gint64      id,
                           guint      *position);

G_END_DECLS
