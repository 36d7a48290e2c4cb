/* pln-hls-playlist.h: an HLS media playlist over a recording's own segment
 * files, by byte range, copying no media. */
#pragma once

#include "pln-manifest.h"

G_BEGIN_DECLS

#define PLN_HLS_TARGET_SECONDS 6.0

char *pln_hls_playlist_build (PlnManifest  *manifest,
                              const char   *uri_prefix,
                              gboolean      live,
                              double       *media_duration,
                              GError      **error);
char *pln_hls_playlist_build_window (PlnManifest  *manifest,
                                     const char   *uri_prefix,
                                     gboolean      live,
                                     double        from,
                                     double        to,
                                     double       *media_duration,
                                     GError      **error);

G_END_DECLS
