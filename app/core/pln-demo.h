/* pln-demo.h: the demo data set, the Quảng Ninh health network. */
#pragma once

#include "pln-store.h"

G_BEGIN_DECLS

#define PLN_DEMO_ERROR (pln_demo_error_quark ())

typedef enum
{
  PLN_DEMO_ERROR_NOT_EMPTY,
} PlnDemoError;

/* The fixed seed of the demo's random numbers: the same rows every time. */
#define PLN_DEMO_SEED 20221110

#define PLN_TYPE_DEMO (pln_demo_get_type ())
G_DECLARE_FINAL_TYPE (PlnDemo, pln_demo, PLN, DEMO, GObject)

GQuark    pln_demo_error_quark  (void);
PlnDemo  *pln_demo_new          (PlnStore  *store);
PlnStore *pln_demo_get_store    (PlnDemo   *self);
/* Fills the store with the demo data set, in one transaction: the network
 * (sites), the people, the events. A store that already holds sites,
 * people or events is refused (PLN_DEMO_ERROR_NOT_EMPTY) unless @force,
 * which first deletes all of them, with their recordings and courses. */
gboolean  pln_demo_generate     (PlnDemo   *self,
                                 gboolean   force,
                                 GError   **error);
/* (transfer full): a few translated lines saying what was generated. */
char     *pln_demo_describe     (PlnDemo   *self);

G_END_DECLS
