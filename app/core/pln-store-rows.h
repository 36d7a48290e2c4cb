/* pln-store-rows.h: reading model objects out of a sqlite connection. These
 * work on any connection (the store's own, or a worker thread's read-only
 * one), so the models and the *_async queries share them. Core-private. */
#pragma once

#include <sqlite3.h>

#include "pln-store.h"

G_BEGIN_DECLS

typedef enum
{
  PLN_ROW_SITE,
  PLN_ROW_PERSON,
  PLN_ROW_EVENT,
  PLN_ROW_POINT,
  PLN_ROW_AGENDA_ITEM,
} PlnRowKind;

/* An SQL expression that orders levels from the top. */
#define PLN_LEVEL_ORDER(col) \
  "CASE " col " WHEN 'province' THEN 0 WHEN 'unit' THEN 1 WHEN 'district' THEN 2 " \
  "WHEN 'commune' THEN 3 ELSE 4 END"

GType      _pln_row_kind_get_gtype (PlnRowKind   kind);
/* Runs the SELECT of @kind with @where ("WHERE …" and/or "ORDER BY …",
 * NULL for the default order); "?1" in @where is bound to @int_arg and "?2"
 * to @text_arg. Returns (transfer full) a GPtrArray of objects, or NULL. */
GPtrArray *_pln_rows_select        (sqlite3     *db,
                                    PlnRowKind   kind,
                                    const char  *where,
                                    gint64       int_arg,
                                    const char  *text_arg,
                                    GError     **error);
/* The first object of such a SELECT, or NULL with NOT_FOUND (@what names
 * the thing in the message, e.g. "site “X”"). */
gpointer   _pln_rows_select_one    (sqlite3     *db,
                                    PlnRowKind   kind,
                                    const char  *where,
                                    gint64       int_arg,
                                    const char  *text_arg,
                                    const char  *what,
                                    GError     **error);
/* Opens a read-only connection to @path for a worker thread. */
sqlite3   *_pln_rows_open_reader   (const char  *path,
                                    GError     **error);

/* Runs the SELECT of @kind on a read-only connection in a worker thread;
 * the task returns a GListStore (g_task_propagate_pointer). */
void       _pln_store_list_async   (PlnStore            *self,
                                    PlnRowKind           kind,
                                    const char          *where,
                                    gint64               arg,
                                    gpointer             source_tag,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);

G_END_DECLS
