/* pln-portal-media.c: /media/{id}.mp4, the packaged recording with HTTP
 * ranges answered by us (see pln-http-range.c), so that browsers seek.
 *
 * Files are reached by the recording's random public id only, never by a
 * path from the request; the path comes from the store and is opened
 * beneath the library folder (pln-safe-open.c). A recording that is not
 * public is served only to a signed-in viewer, checked on every request.
 */
#define G_LOG_DOMAIN "plenary-portal"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pln-http-range.h"
#include "pln-portal-private.h"
#include "pln-safe-open.h"
#include "pln-store-recordings.h"

/* The recording @public_id if this request may see it, else NULL and the
 * refusal already answered. */
PlnRecording *
_pln_portal_find_visible_recording (PlnRequest *request,
                                    const char *public_id)
{
  g_autoptr(PlnRecording) recording = NULL;

  if (strlen (public_id) == 32)
    recording = _pln_portal_lookup_recording (request->portal, public_id);

  if (recording == NULL ||
      g_strcmp0 (pln_recording_get_state (recording), "ready") != 0 ||
      pln_recording_get_visibility (recording) == PLN_VISIBILITY_DRAFT)
    {
      _pln_respond_text (request, SOUP_STATUS_NOT_FOUND, T (request, N_("There is no such recording.")));
      return NULL;
    }

  if (pln_recording_get_visibility (recording) == PLN_VISIBILITY_STAFF &&
      _pln_portal_get_viewer (request) == 0)
    {
      _pln_respond_text (request, SOUP_STATUS_FORBIDDEN,
                         T (request, N_("This recording is for staff: sign in with your personal code first.")));
      return NULL;
    }

  return g_steal_pointer (&recording);
}

/* Serves @relative_path (from the store) of the library with ranges: the
 * answer's status and headers are decided here, the body is sent by
 * pln-portal-send.c outside libsoup's write loop. */
void
_pln_portal_serve_file (PlnRequest *request,
                        const char *relative_path,
                        const char *content_type)
{
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (request->msg);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (request->msg);
  g_autofree char *root = _pln_portal_dup_library (request->portal);
  PlnByteRange ranges[PLN_HTTP_RANGE_MAX];
  guint n_ranges = 0;
  struct stat st;
  int fd;

  fd = relative_path ? pln_safe_open_beneath (root, relative_path) : -1;
  if (fd < 0 || fstat (fd, &st) != 0)
    {
      if (relative_path != NULL)
        g_warning ("Cannot open %s beneath the library: %s", relative_path, g_strerror (errno));
      if (fd >= 0)
        close (fd);
      _pln_respond_text (request, SOUP_STATUS_NOT_FOUND,
                         T (request, N_("This recording’s file is missing. Tell the organiser.")));
      return;
    }

  soup_message_headers_replace (headers, "Accept-Ranges", "bytes");
  soup_message_headers_replace (headers, "Cache-Control", "private, max-age=3600");

  switch (pln_http_range_parse (soup_message_headers_get_one (request_headers, "Range"),
                                (guint64) st.st_size, ranges, &n_ranges))
    {
    case PLN_HTTP_RANGE_OK:
      _pln_portal_send_file (request, fd, (guint64) st.st_size, ranges, n_ranges, content_type);
      break;

    case PLN_HTTP_RANGE_UNSATISFIABLE:
      {
        g_autofree char *value = g_strdup_printf ("bytes */%" G_GUINT64_FORMAT, (guint64) st.st_size);

        close (fd);
        soup_message_headers_replace (headers, "Content-Range", value);
        soup_server_message_set_status (request->msg, SOUP_STATUS_REQUESTED_RANGE_NOT_SATISFIABLE, NULL);
      }
      break;

    case PLN_HTTP_RANGE_NONE:
    default:
      _pln_portal_send_file (request, fd, (guint64) st.st_size, NULL, 0, content_type);
      break;
    }
}

void
_pln_portal_media (PlnRequest *request,
                   const char *rest)
{
  g_autoptr(PlnRecording) recording = NULL;
  g_autofree char *public_id = NULL;
  g_autofree char *path = NULL;
  const char *kind;

  /* /media/{id}.mp4 is the faststart MP4; /media/{id}/low.mp4 the
   * low-bandwidth rendition; /media/{id}/audio.m4a the sound alone;
   * /media/{id}/hls.m3u8 and its segments are in pln-portal-hls.c. */
  if (_pln_portal_hls (request, rest))
    return;
  if (g_str_has_suffix (rest, "/low.mp4"))
    kind = "low";
  else if (g_str_has_suffix (rest, "/audio.m4a"))
    kind = "audio";
  else if (g_str_has_suffix (rest, ".mp4") && strchr (rest, '/') == NULL)
    kind = "mp4";
  else
    {
      _pln_respond_text (request, SOUP_STATUS_NOT_FOUND, T (request, N_("There is no such recording.")));
      return;
    }

  public_id = g_strndup (rest, strcspn (rest, "./"));
  recording = _pln_portal_find_visible_recording (request, public_id);
  if (recording == NULL)
    return;

  path = _pln_portal_dup_output (request->portal, pln_recording_get_id (recording), kind);
  _pln_portal_serve_file (request, path, g_str_equal (kind, "audio") ? "audio/mp4" : "video/mp4");
}
