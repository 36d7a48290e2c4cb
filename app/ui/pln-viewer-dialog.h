/* pln-viewer-dialog.h: asks who is watching: a person from the staff list
 * with their personal sign-in code. */
#pragma once

#include <adwaita.h>

#include "pln-context.h"

G_BEGIN_DECLS

#define PLN_TYPE_VIEWER_DIALOG (pln_viewer_dialog_get_type ())
G_DECLARE_FINAL_TYPE (PlnViewerDialog, pln_viewer_dialog, PLN, VIEWER_DIALOG, AdwWindow)

PlnViewerDialog *pln_viewer_dialog_new      (PlnContext      *context,
                                             GtkWindow       *parent);
/* Selects the person @person_id in the list (once it has loaded). */
void             pln_viewer_dialog_select_person (PlnViewerDialog *self,
                                                  gint64           person_id);
/* TRUE once the staff list has loaded. */
gboolean         pln_viewer_dialog_is_loaded (PlnViewerDialog *self);

/* Signal ::chosen (gint64 person_id, const char *name): the code matched;
 * the dialog closes itself. */

G_END_DECLS
