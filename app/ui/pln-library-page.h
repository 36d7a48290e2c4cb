/* pln-library-page.h: the recordings as a grid of posters (virtualised, so
 * 10 000 scroll smoothly), searched with the store's full-text search and
 * filtered by event, kind, date and site; a recording opens in a detail
 * view that plays it in the window. Who is watching is asked once and
 * remembered in the settings until changed. */
#pragma once

#include <adwaita.h>

#include "pln-context.h"
#include "pln-recording-detail.h"

G_BEGIN_DECLS

#define PLN_TYPE_LIBRARY_PAGE (pln_library_page_get_type ())
G_DECLARE_FINAL_TYPE (PlnLibraryPage, pln_library_page, PLN, LIBRARY_PAGE, AdwBin)

PlnLibraryPage     *pln_library_page_new            (PlnContext     *context);
PlnContext         *pln_library_page_get_context    (PlnLibraryPage *self);
/* TRUE while a listing is being read. */
gboolean            pln_library_page_is_loading     (PlnLibraryPage *self);
/* The recordings the grid holds now (after search and filters). */
GListModel         *pln_library_page_get_recordings (PlnLibraryPage *self);
/* Opens recording @id in the detail view (asking who is watching first
 * when nobody was chosen yet). */
gboolean            pln_library_page_open_recording (PlnLibraryPage *self,
                                                     gint64          id);
PlnRecordingDetail *pln_library_page_get_detail     (PlnLibraryPage *self);
/* The person watching (0: nobody chosen). */
gint64              pln_library_page_get_viewer_id  (PlnLibraryPage *self);
/* Imports a video file as a recording (as the Import button does). */
void                pln_library_page_import_file    (PlnLibraryPage *self,
                                                     GFile          *file);

G_END_DECLS
