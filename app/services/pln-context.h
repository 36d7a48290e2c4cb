/* pln-context.h: the one object handed to widgets: store, settings and,
 * as they land, the services. */
#pragma once

#include <gio/gio.h>

#include "pln-store.h"

typedef struct _PlnArchive PlnArchive;
typedef struct _PlnRecordingService PlnRecordingService;
typedef struct _PlnScheduler PlnScheduler;

G_BEGIN_DECLS

#define PLN_TYPE_CONTEXT (pln_context_get_type ())
G_DECLARE_FINAL_TYPE (PlnContext, pln_context, PLN, CONTEXT, GObject)

PlnContext *pln_context_new          (PlnStore   *store,
                                      GSettings  *settings);
PlnStore   *pln_context_get_store    (PlnContext *self);
GSettings  *pln_context_get_settings (PlnContext *self);
/* The services, made on first use (see pln-archive.h,
 * pln-recording-service.h, pln-scheduler.h); none is started. */
PlnArchive          *pln_context_get_archive           (PlnContext *self);
PlnRecordingService *pln_context_get_recording_service (PlnContext *self);
PlnScheduler        *pln_context_get_scheduler         (PlnContext *self);

G_END_DECLS
