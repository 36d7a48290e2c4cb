/* pln-portal-calendar.c: /calendar.ics (every event) and
 * /sites/{code}/calendar.ics (the events where that site is a bridge point). */
#define G_LOG_DOMAIN "plenary-portal"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pln-bridge-point.h"
#include "pln-calendar-writer.h"
#include "pln-event.h"
#include "pln-portal-private.h"
#include "pln-site.h"
#include "pln-store.h"

static void
respond_calendar (PlnRequest *request,
                  GListModel *events,
                  const char *name)
{
  g_autofree char *text = pln_calendar_write (events, name);
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  _pln_respond_bytes (request, SOUP_STATUS_OK, "text/calendar; charset=utf-8", bytes);
}

void
_pln_portal_calendar (PlnRequest *request,
                      const char *rest)
{
  PlnStore *store = pln_context_get_store (_pln_portal_get_context (request->portal));
  g_autoptr(GListModel) events = pln_store_get_events_model (store);

  respond_calendar (request, events, T (request, N_("Plenary events")));
}

void
_pln_portal_site_calendar (PlnRequest *request,
                           const char *rest)
{
  PlnStore *store = pln_context_get_store (_pln_portal_get_context (request->portal));
  g_autoptr(GListModel) events = pln_store_get_events_model (store);
  g_autoptr(GListStore) mine = g_list_store_new (PLN_TYPE_EVENT);
  g_autoptr(PlnSite) site = NULL;
  g_autofree char *code = NULL;
  const char *slash = strchr (rest, '/');

  if (slash == NULL || !g_str_equal (slash, "/calendar.ics"))
    {
      _pln_respond_text (request, SOUP_STATUS_NOT_FOUND, T (request, N_("There is nothing at this address.")));
      return;
    }

  code = g_strndup (rest, slash - rest);
  site = pln_store_find_site_by_code (store, code, NULL);
  if (site == NULL)
    {
      _pln_respond_text (request, SOUP_STATUS_NOT_FOUND, T (request, N_("There is no site with this code.")));
      return;
    }

  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(PlnEvent) event = g_list_model_get_item (events, i);
      g_autoptr(PlnBridgePoint) point = pln_store_find_point (store, pln_event_get_id (event),
                                                              pln_site_get_id (site), NULL);

      if (point != NULL)
        g_list_store_append (mine, event);
    }

  respond_calendar (request, G_LIST_MODEL (mine), pln_site_get_name (site));
}
