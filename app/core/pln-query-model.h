/* pln-query-model.h: a GListModel over one SELECT of the store that
 * refreshes itself when the store changes. Core-private: the store hands
 * these out as plain GListModels. */
#pragma once

#include "pln-store-rows.h"

G_BEGIN_DECLS

#define PLN_TYPE_QUERY_MODEL (pln_query_model_get_type ())
G_DECLARE_FINAL_TYPE (PlnQueryModel, pln_query_model, PLN, QUERY_MODEL, GObject)

/* @tables: NULL-terminated names of the tables whose writes refresh it. */
PlnQueryModel *_pln_query_model_new     (PlnStore           *store,
                                         PlnRowKind          kind,
                                         const char         *where,
                                         gint64              int_arg,
                                         const char * const *tables);
/* Reloads now (the store calls this on ::changed from an idle). */
void           _pln_query_model_refresh (PlnQueryModel      *self);

G_END_DECLS
