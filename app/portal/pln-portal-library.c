/* pln-portal-library.c: /library (the recordings this viewer may replay,
 * searchable) and /watch/{id} (the player, chapters as links). Works with
 * JavaScript off: chapter links are media fragments (#t=SECONDS). */
#define G_LOG_DOMAIN "plenary-portal"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pln-portal-private.h"
#include "pln-store-recordings.h"
#include "pln-store-search.h"
#include "pln-store-viewers.h"

static char *
format_duration (gint64 ms)
{
  gint64 s = ms / 1000;

  if (s >= 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d", s / 3600, (int) (s / 60 % 60), (int) (s % 60));
  return g_strdup_printf ("%d:%02d", (int) (s / 60), (int) (s % 60));
}

static void
append_viewer_line (PlnRequest *request,
                    GString    *body)
{
  const char *name = _pln_portal_get_viewer_name (request);

  if (name != NULL)
    {
      g_autofree char *name_html = _pln_html_escape (name);
      g_autofree char *line = g_strdup_printf (T (request, N_("Signed in as %s: what you watch counts toward your courses.")),
                                               name_html);

      g_string_append_printf (body, "<p class=\"dim\">%s</p>\n", line);
    }
  else
    {
      g_autofree char *next = g_uri_escape_string (request->path, NULL, FALSE);

      g_string_append_printf (body, "<p class=\"dim\"><a href=\"/signin?next=%s\">%s</a></p>\n",
                              next, T (request, N_("Sign in to see staff recordings and keep your progress")));
    }
}

void
_pln_portal_library (PlnRequest *request,
                     const char *rest)
{
  PlnStore *store = pln_context_get_store (_pln_portal_get_context (request->portal));
  PlnVisibility at_least = _pln_portal_get_viewer (request) != 0 ? PLN_VISIBILITY_STAFF : PLN_VISIBILITY_PUBLIC;
  const char *query = request->query ? g_hash_table_lookup (request->query, "q") : NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (query ? query : ""));
  gboolean searching = *trimmed != '\0';
  g_autoptr(GListModel) recordings = NULL;
  g_autofree char *query_html = _pln_html_escape (query);
  g_autoptr(GString) body = g_string_new (NULL);
  guint shown = 0;

  append_viewer_line (request, body);
  g_string_append_printf (body,
                          "<form method=\"get\" action=\"/library\" role=\"search\">"
                          "<input name=\"q\" type=\"search\" value=\"%s\" aria-label=\"%s\" placeholder=\"%s\">"
                          "<button type=\"submit\">%s</button></form>\n<ul class=\"events\">\n",
                          query_html, T (request, N_("Search")), T (request, N_("Title, event or speaker")),
                          T (request, N_("Search")));

  /* Full-text search (titles, descriptions, agenda, chapters, speakers,
   * sites), blind to case and diacritics; best matches first. */
  if (searching)
    recordings = pln_store_search_recordings (store, query, at_least, TRUE, 200, NULL);
  if (recordings == NULL)
    recordings = searching ? G_LIST_MODEL (g_list_store_new (PLN_TYPE_RECORDING))
                           : pln_store_list_recordings (store, at_least);

  for (guint i = 0; i < g_list_model_get_n_items (recordings); i++)
    {
      g_autoptr(PlnRecording) recording = g_list_model_get_item (recordings, i);
      g_autofree char *title = NULL;
      g_autofree char *event = NULL;
      g_autofree char *duration = NULL;

      title = _pln_html_escape (pln_recording_get_title (recording));
      event = _pln_html_escape (pln_recording_get_event_title (recording));
      duration = format_duration (pln_recording_get_duration_ms (recording));
      g_string_append_printf (body, "<li><a href=\"/watch/%s\"><strong>%s</strong></a><br>"
                              "<span class=\"dim\">%s · %s</span></li>\n",
                              pln_recording_get_public_id (recording), title, event, duration);
      shown++;
    }
  g_string_append (body, "</ul>\n");

  if (shown == 0)
    g_string_append_printf (body, "<p class=\"dim\">%s</p>\n",
                            searching ? T (request, N_("No recording matches this search."))
                                          : T (request, N_("No recordings have been published yet.")));

  _pln_respond_html (request, SOUP_STATUS_OK, T (request, N_("Library")), body->str);
}

void
_pln_portal_watch (PlnRequest *request,
                   const char *public_id)
{
  PlnStore *store = pln_context_get_store (_pln_portal_get_context (request->portal));
  g_autoptr(PlnRecording) recording = _pln_portal_find_visible_recording (request, public_id);
  g_autoptr(GPtrArray) chapters = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *low = NULL;
  g_autofree char *event = NULL;
  g_autofree char *description = NULL;
  const char *start = NULL;
  const char *id;

  if (recording == NULL)
    return;

  id = pln_recording_get_public_id (recording);
  if (request->query != NULL)
    start = g_hash_table_lookup (request->query, "t");
  if (start != NULL && strspn (start, "0123456789") != strlen (start))
    start = NULL;

  event = _pln_html_escape (pln_recording_get_event_title (recording));
  description = _pln_html_escape (pln_recording_get_description (recording));
  g_string_append_printf (body, "<p class=\"dim\">%s</p>\n", event);
  g_string_append_printf (body,
                          "<video id=\"player\" controls preload=\"metadata\" playsinline style=\"width:100%%\" "
                          "src=\"/media/%s.mp4%s%s\"></video>\n",
                          id, start ? "#t=" : "", start ? start : "");

  low = pln_store_dup_recording_output (store, pln_recording_get_id (recording), "low");
  if (low != NULL)
    g_string_append_printf (body, "<p><a href=\"/media/%s/low.mp4\">%s</a></p>\n",
                            id, T (request, N_("Weak connection? Watch the light version")));

  if (*description != '\0')
    g_string_append_printf (body, "<p>%s</p>\n", description);

  chapters = pln_store_list_chapters (store, pln_recording_get_id (recording));
  if (chapters->len > 0)
    {
      g_string_append_printf (body, "<h2>%s</h2>\n<ol class=\"chapters\">\n", T (request, N_("Chapters")));
      for (guint i = 0; i < chapters->len; i++)
        {
          PlnChapterEntry *chapter = g_ptr_array_index (chapters, i);
          g_autofree char *title = _pln_html_escape (chapter->title);
          g_autofree char *at = format_duration (chapter->offset_ms);

          g_string_append_printf (body, "<li><a href=\"/watch/%s?t=%" G_GINT64_FORMAT "\">%s</a> "
                                  "<span class=\"dim\">%s</span></li>\n",
                                  id, chapter->offset_ms / 1000, title, at);
        }
      g_string_append (body, "</ol>\n");
    }

  append_viewer_line (request, body);

  /* Progress and resume for a signed-in viewer: the browser's own record
   * of what was played (video.played) is sent now and then, so seeking
   * ahead never counts as watched. Without script, nothing is sent. */
  if (_pln_portal_get_viewer (request) != 0)
    {
      g_autofree char *csrf = _pln_portal_progress_csrf (request);
      gint64 resume = start ? 0 : pln_store_get_resume_ms (store, _pln_portal_get_viewer (request),
                                                            pln_recording_get_id (recording));

      g_string_append_printf (body,
                              "<script>(function(){var v=document.getElementById('player'),sent='';"
                              "var resume=%" G_GINT64_FORMAT "/1000;"
                              "v.addEventListener('loadedmetadata',function(){if(resume>0&&resume<v.duration-5)v.currentTime=resume;});"
                              "function send(){for(var i=0;i<v.played.length;i++){var s=v.played.start(i),e=v.played.end(i);"
                              "if(e-s<1)continue;var b='csrf=%s&recording=%s&start='+s.toFixed(3)+'&end='+e.toFixed(3);"
                              "if(b===sent)continue;sent=b;fetch('/api/progress',{method:'POST',credentials:'same-origin',"
                              "headers:{'Content-Type':'application/x-www-form-urlencoded'},body:b});}}"
                              "setInterval(send,10000);v.addEventListener('pause',send);v.addEventListener('ended',send);"
                              "window.addEventListener('pagehide',send);})();</script>\n",
                              resume, csrf, id);
    }

  {
    g_autofree char *title = g_strdup (pln_recording_get_title (recording));
    _pln_respond_html (request, SOUP_STATUS_OK, title, body->str);
  }
}
