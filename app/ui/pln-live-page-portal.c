/* pln-live-page-portal.c: the check-in portal of the Live page: a switch that runs
 * it on all addresses at the portal-port setting, the addresses to hand
 * out, and why a port cannot be used. */
#define G_LOG_DOMAIN "plenary-live-page"

#include "config.h"

#include <glib/gi18n.h>

#include "pln-live-page-private.h"

/* ---- Portal ------------------------------------------------------------- */

static void
show_urls (PlnLivePage *self,
           GStrv        urls)
{
  g_autofree char *joined = NULL;
  g_autofree char *text = NULL;

  if (urls == NULL || urls[0] == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->portal_urls), FALSE);
      return;
    }
  joined = g_strjoinv ("  ", urls);
  /* Translators: %s is one or more web addresses, e.g. http://192.168.1.20:8080/ */
  text = g_strdup_printf (_("Sites check in at %s"), joined);
  gtk_label_set_text (self->portal_urls, text);
  gtk_widget_set_visible (GTK_WIDGET (self->portal_urls), TRUE);
}

static gboolean
is_wildcard_url (const char *url,
                 guint      *port)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;

  if (host == NULL)
    return FALSE;
  *port = (guint) MAX (g_uri_get_port (uri), 0);
  return g_str_equal (host, "0.0.0.0") || g_str_equal (host, "::");
}

/* Bound to every address: hand out the machine's own addresses on the
 * local network (its host name resolved), else its host name. */
static void
on_host_resolved_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  PlnLivePage *self = user_data;
  g_autoptr(GError) error = NULL;
  GList *addresses = g_resolver_lookup_by_name_finish (G_RESOLVER (source), result, &error);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) urls = NULL;
  guint port;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;  /* the page or the portal went away; self may be gone */
  if (self->portal == NULL)
    {
      g_resolver_free_addresses (addresses);
      return;
    }

  port = pln_portal_get_port (self->portal);
  for (GList *l = addresses; l != NULL; l = l->next)
    {
      GInetAddress *address = l->data;
      g_autofree char *text = NULL;
      g_autofree char *url = NULL;

      if (g_inet_address_get_is_loopback (address) || g_inet_address_get_is_link_local (address) ||
          g_inet_address_get_family (address) != G_SOCKET_FAMILY_IPV4)
        continue;
      text = g_inet_address_to_string (address);
      url = g_strdup_printf ("http://%s:%u/", text, port);
      g_strv_builder_add (builder, url);
    }
  g_resolver_free_addresses (addresses);
  urls = g_strv_builder_end (builder);
  if (urls[0] == NULL)
    {
      g_autofree char *url = g_strdup_printf ("http://%s:%u/", g_get_host_name (), port);
      char *one[] = { url, NULL };

      show_urls (self, one);
      return;
    }
  show_urls (self, urls);
}

void
_pln_live_page_stop_portal (PlnLivePage *self)
{
  g_cancellable_cancel (self->resolve_cancellable);
  g_clear_object (&self->resolve_cancellable);
  if (self->portal == NULL)
    return;
  pln_portal_stop (self->portal);
  g_clear_object (&self->portal);
  show_urls (self, NULL);
  _pln_live_page_notify_portal_running (self);
}

static gboolean
start_portal (PlnLivePage *self)
{
  GSettings *settings = pln_context_get_settings (self->context);
  guint port = settings != NULL ? g_settings_get_uint (settings, "portal-port") : DEFAULT_PORTAL_PORT;
  g_autoptr(PlnPortal) portal = pln_portal_new (self->context);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) urls = NULL;
  guint wildcard_port = 0;

  if (!pln_portal_listen (portal, "0.0.0.0", port, &error))
    {
      g_autofree char *message = NULL;

      /* Translators: %u is a port number, then the reason; the command
       * must stay as it is. */
      message = g_strdup_printf (_("Could not open the check-in portal on port %u. %s "
                                   "If “plenary serve” already runs on this computer, sites can check in there. "
                                   "To use another port in the app: gsettings set org.plenary.Plenary portal-port 8081"),
                                 port, error->message);
      gtk_label_set_text (self->portal_error_label, message);
      gtk_info_bar_set_revealed (self->portal_error, TRUE);
      return FALSE;
    }

  self->portal = g_steal_pointer (&portal);
  gtk_info_bar_set_revealed (self->portal_error, FALSE);
  urls = pln_portal_dup_urls (self->portal);
  if (urls != NULL && urls[0] != NULL && is_wildcard_url (urls[0], &wildcard_port))
    {
      g_autofree char *url = g_strdup_printf ("http://%s:%u/", g_get_host_name (), pln_portal_get_port (self->portal));
      char *one[] = { url, NULL };

      show_urls (self, one);
      self->resolve_cancellable = g_cancellable_new ();
      g_resolver_lookup_by_name_async (g_resolver_get_default (), g_get_host_name (),
                                       self->resolve_cancellable, on_host_resolved_cb, self);
    }
  else
    show_urls (self, urls);
  _pln_live_page_notify_portal_running (self);
  return TRUE;
}

static void
on_portal_error_response_cb (GtkInfoBar *bar,
                             int         response)
{
  gtk_info_bar_set_revealed (bar, FALSE);
}

static gboolean
on_portal_state_set_cb (GtkSwitch   *sw,
                        gboolean     state,
                        PlnLivePage *self)
{
  if (state && self->portal == NULL)
    {
      if (!start_portal (self))
        {
          gtk_switch_set_active (sw, FALSE);
          gtk_switch_set_state (sw, FALSE);
          return TRUE;
        }
    }
  else if (!state)
    _pln_live_page_stop_portal (self);
  gtk_switch_set_state (sw, state);
  return TRUE;
}

void
_pln_live_page_portal_init (PlnLivePage *self)
{
  g_signal_connect (self->portal_switch, "state-set", G_CALLBACK (on_portal_state_set_cb), self);
  g_signal_connect (self->portal_error, "response", G_CALLBACK (on_portal_error_response_cb), NULL);
}
