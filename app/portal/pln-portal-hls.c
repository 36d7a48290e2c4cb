/* pln-portal-hls.c: /media/{id}/hls.m3u8 and the segment files it names,
 * /media/{id}/seg/segment-NNNNN.mp4.
 *
 * The packager's playlist points into the recording folder by relative
 * paths on disk; the portal rewrites each URI to its own seg/ route, so a
 * request names a segment file by its plain name only, checked against the
 * recorder's naming before anything is opened.
 */
#define G_LOG_DOMAIN "plenary-portal"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <unistd.h>

#include "pln-portal-private.h"
#include "pln-safe-open.h"
#include "pln-store-recordings.h"

/* segment-NNNNN.mp4, as the recorder names them. */
static gboolean
is_segment_name (const char *name)
{
  return strlen (name) == strlen ("segment-00000.mp4") &&
         g_str_has_prefix (name, "segment-") &&
         g_str_has_suffix (name, ".mp4") &&
         strspn (name + strlen ("segment-"), "0123456789") == 5;
}

/* The last path component of a playlist URI, or NULL. */
static char *
uri_basename (const char *uri)
{
  const char *slash = strrchr (uri, '/');
  g_autofree char *unescaped = g_uri_unescape_string (slash ? slash + 1 : uri, "/");

  return unescaped && is_segment_name (unescaped) ? g_steal_pointer (&unescaped) : NULL;
}

static char *
rewrite_playlist (const char *playlist)
{
  g_auto(GStrv) lines = g_strsplit (playlist, "\n", -1);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      if (g_str_has_prefix (line, "#EXT-X-MAP:URI=\""))
        {
          const char *start = line + strlen ("#EXT-X-MAP:URI=\"");
          const char *end = strchr (start, '"');
          g_autofree char *uri = end ? g_strndup (start, end - start) : NULL;
          g_autofree char *name = uri ? uri_basename (uri) : NULL;

          if (name == NULL)
            return NULL;
          g_string_append_printf (out, "#EXT-X-MAP:URI=\"seg/%s\"%s\n", name, end + 1);
        }
      else if (*line != '\0' && *line != '#')
        {
          g_autofree char *name = uri_basename (line);

          if (name == NULL)
            return NULL;
          g_string_append_printf (out, "seg/%s\n", name);
        }
      else if (*line != '\0' || lines[i + 1] != NULL)
        g_string_append_printf (out, "%s\n", line);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
serve_playlist (PlnRequest   *request,
                PlnRecording *recording)
{
  g_autofree char *root = _pln_portal_dup_library (request->portal);
  g_autofree char *path = _pln_portal_dup_output (request->portal, pln_recording_get_id (recording), "hls");
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  g_autofree char *rewritten = NULL;
  int fd = path ? pln_safe_open_beneath (root, path) : -1;

  if (fd >= 0)
    {
      mapped = g_mapped_file_new_from_fd (fd, FALSE, NULL);
      close (fd);
    }
  if (mapped == NULL)
    {
      _pln_respond_text (request, SOUP_STATUS_NOT_FOUND,
                         T (request, N_("This recording has no HLS playlist yet.")));
      return;
    }

  text = g_strndup (g_mapped_file_get_contents (mapped), g_mapped_file_get_length (mapped));
  rewritten = rewrite_playlist (text);
  if (rewritten == NULL)
    {
      g_warning ("The playlist %s names files that are not segments of its recording", path);
      _pln_respond_text (request, SOUP_STATUS_NOT_FOUND,
                         T (request, N_("This recording’s playlist is damaged. Tell the organiser.")));
      return;
    }

  {
    gsize length = strlen (rewritten);

    bytes = g_bytes_new_take (g_steal_pointer (&rewritten), length);
  }
  _pln_respond_bytes (request, SOUP_STATUS_OK, "application/vnd.apple.mpegurl", bytes);
}

/* /media/{id}/hls.m3u8 and /media/{id}/seg/{name}; @rest is after /media/. */
gboolean
_pln_portal_hls (PlnRequest *request,
                 const char *rest)
{
  g_autofree char *public_id = g_strndup (rest, strcspn (rest, "/"));
  const char *tail = rest + strlen (public_id);
  g_autoptr(PlnRecording) recording = NULL;

  if (!g_str_equal (tail, "/hls.m3u8") && !g_str_has_prefix (tail, "/seg/"))
    return FALSE;

  recording = _pln_portal_find_visible_recording (request, public_id);
  if (recording == NULL)
    return TRUE;

  if (g_str_equal (tail, "/hls.m3u8"))
    {
      serve_playlist (request, recording);
      return TRUE;
    }

  if (!is_segment_name (tail + strlen ("/seg/")))
    {
      _pln_respond_text (request, SOUP_STATUS_NOT_FOUND, T (request, N_("There is no such recording.")));
      return TRUE;
    }

  {
    g_autofree char *path = g_build_filename (pln_recording_get_folder (recording),
                                              tail + strlen ("/seg/"), NULL);
    _pln_portal_serve_file (request, path, "video/mp4");
  }
  return TRUE;
}
