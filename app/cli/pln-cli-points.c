/* pln-cli-points.c: `plenary points add|list|report|link`. */
#define G_LOG_DOMAIN "plenary-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "pln-cli-commands.h"
#include "pln-cli-table.h"
#include "pln-site-rule.h"

#define POINTS_USAGE N_("plenary points add EVENT RULE [--expected N] [--dry-run] | list EVENT [--tokens] | report EVENT SITE_CODE COUNT | link EVENT SITE_CODE waiting|connected|lost")

static PlnEvent *
get_event (PlnStore   *store,
           const char *text)
{
  gint64 id = pln_cli_parse_event_id (text);
  PlnEvent *event;

  if (id == 0)
    return NULL;
  event = pln_store_get_event (store, id, NULL);
  if (event == NULL)
    pln_cli_fail (_("There is no event %s. “plenary events list” shows the events."), text);
  return event;
}

static PlnBridgePoint *
get_point (PlnStore   *store,
           PlnEvent   *event,
           const char *code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnSite) site = NULL;
  PlnBridgePoint *point;

  site = pln_store_find_site_by_code (store, code, NULL);
  if (site == NULL)
    {
      pln_cli_fail (_("There is no site with the code “%s”. “plenary sites list” shows the codes."), code);
      return NULL;
    }
  point = pln_store_find_point (store, pln_event_get_id (event), pln_site_get_id (site), &error);
  if (point == NULL)
    pln_cli_fail (_("%s (%s) is not a bridge point of event %lld. Add it with “plenary points add %lld codes=%s”."),
                  pln_site_get_name (site), code, (long long) pln_event_get_id (event),
                  (long long) pln_event_get_id (event), code);
  return point;
}

static int
points_add (PlnCli  *cli,
            int      argc,
            char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnEvent) event = NULL;
  g_autoptr(PlnSiteRule) rule = NULL;
  g_autoptr(GArray) sites = NULL;
  g_autofree char *sites_text = NULL;
  g_autofree char *expected_text = NULL;
  PlnStore *store;
  int expected = 0;
  gboolean dry_run = FALSE;
  int added;
  GOptionEntry entries[] = {
    { "expected", 0, 0, G_OPTION_ARG_INT, &expected, N_("head-count expected at each point"), "N" },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("only count the sites"), NULL },
    { NULL }
  };

  if (!pln_cli_parse_options (entries, &argc, &argv))
    return pln_cli_usage ("points");
  if (argc != 3)
    return pln_cli_usage ("points");
  if (expected < 0)
    return pln_cli_fail (_("--expected must be 0 or more, not %d."), expected);

  rule = pln_site_rule_parse (argv[2], &error);
  if (rule == NULL)
    return pln_cli_fail_error (error);

  store = pln_cli_get_store (cli);
  if (store == NULL)
    return 1;
  event = get_event (store, argv[1]);
  if (event == NULL)
    return 1;

  sites = pln_site_rule_expand (rule, store, &error);
  if (sites == NULL)
    return pln_cli_fail_error (error);
  if (sites->len == 0)
    return pln_cli_fail (_("The rule “%s” chooses no site. Check it with “plenary sites list”."), argv[2]);

  sites_text = pln_cli_group_digits (sites->len);
  expected_text = pln_cli_group_digits ((gint64) sites->len * expected);
  if (dry_run)
    {
      /* Translators: "191 sites, 1 000 expected." */
      printf (_("%s sites, %s expected (not added: --dry-run).\n"), sites_text, expected_text);
      return 0;
    }

  added = pln_store_add_points (store, pln_event_get_id (event), sites, expected, &error);
  if (added < 0)
    return pln_cli_fail_error (error);

  printf (_("%s sites, %s expected.\n"), sites_text, expected_text);
  printf (g_dngettext (GETTEXT_PACKAGE, "Added %d point to event %lld.\n",
                       "Added %d points to event %lld.\n", added),
          added, (long long) pln_event_get_id (event));
  if ((guint) added < sites->len)
    printf (g_dngettext (GETTEXT_PACKAGE, "%u site was already a point and kept its figures.\n",
                         "%u sites were already points and kept their figures.\n", sites->len - added),
            sites->len - added);
  return 0;
}

static int
points_list (PlnCli  *cli,
             int      argc,
             char   **argv)
{
  g_autoptr(PlnEvent) event = NULL;
  g_autoptr(GListModel) points = NULL;
  gboolean tokens = FALSE;
  PlnCliTable *table;
  PlnStore *store;
  GOptionEntry entries[] = {
    { "tokens", 0, 0, G_OPTION_ARG_NONE, &tokens, N_("show each point's access token (a secret)"), NULL },
    { NULL }
  };

  if (!pln_cli_parse_options (entries, &argc, &argv))
    return pln_cli_usage ("points");
  if (argc != 2)
    return pln_cli_usage ("points");

  store = pln_cli_get_store (cli);
  if (store == NULL)
    return 1;
  event = get_event (store, argv[1]);
  if (event == NULL)
    return 1;

  points = pln_store_get_points_model (store, pln_event_get_id (event));
  table = pln_cli_table_new (tokens ? "lllllrrl" : "lllllrr");
  pln_cli_table_add_row (table, _("Code"), _("Site"), _("Level"), _("District"), _("Link"),
                         _("Expected"), _("Reported"), tokens ? _("Token") : NULL, NULL);
  for (guint i = 0; i < g_list_model_get_n_items (points); i++)
    {
      g_autoptr(PlnBridgePoint) point = g_list_model_get_item (points, i);
      g_autofree char *expected = g_strdup_printf ("%d", pln_bridge_point_get_expected_count (point));
      g_autofree char *reported = pln_bridge_point_get_reported_count (point) >= 0
        ? g_strdup_printf ("%d", pln_bridge_point_get_reported_count (point)) : g_strdup ("–");
      g_autofree char *link = pln_bridge_point_dup_status_text (point);
      g_autofree char *name = pln_bridge_point_get_is_host (point)
        ? g_strdup_printf ("%s (%s)", pln_bridge_point_get_site_name (point), _("host"))
        : g_strdup (pln_bridge_point_get_site_name (point));

      pln_cli_table_add_row (table, pln_bridge_point_get_site_code (point), name,
                             pln_site_level_get_label (pln_bridge_point_get_site_level (point)),
                             pln_bridge_point_get_district_name (point),
                             link, expected, reported,
                             tokens ? pln_bridge_point_get_token (point) : NULL, NULL);
    }
  pln_cli_table_print (table);
  return 0;
}

static int
points_report (PlnCli  *cli,
               int      argc,
               char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnEvent) event = NULL;
  g_autoptr(PlnBridgePoint) point = NULL;
  PlnStore *store;
  int count;

  if (argc != 4)
    return pln_cli_usage ("points");
  count = pln_cli_parse_count (argv[3], _("head-count"));
  if (count < 0)
    return 1;

  store = pln_cli_get_store (cli);
  if (store == NULL)
    return 1;
  event = get_event (store, argv[1]);
  if (event == NULL)
    return 1;
  point = get_point (store, event, argv[2]);
  if (point == NULL)
    return 1;

  if (!pln_store_report_count (store, pln_bridge_point_get_id (point), count, 0, &error))
    return pln_cli_fail_error (error);

  printf (_("%s reported %d present (expected %d).\n"),
          pln_bridge_point_get_site_name (point), count, pln_bridge_point_get_expected_count (point));
  return 0;
}

static int
points_link (PlnCli  *cli,
             int      argc,
             char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnEvent) event = NULL;
  g_autoptr(PlnBridgePoint) point = NULL;
  PlnLinkStatus status;
  PlnStore *store;

  if (argc != 4)
    return pln_cli_usage ("points");
  if (!pln_link_status_from_string (argv[3], &status))
    return pln_cli_fail (_("“%s” is not a link status: write waiting, connected or lost."), argv[3]);

  store = pln_cli_get_store (cli);
  if (store == NULL)
    return 1;
  event = get_event (store, argv[1]);
  if (event == NULL)
    return 1;
  point = get_point (store, event, argv[2]);
  if (point == NULL)
    return 1;

  if (!pln_store_set_link_status (store, pln_bridge_point_get_id (point), status, 0, &error))
    return pln_cli_fail_error (error);

  printf (_("%s: %s.\n"), pln_bridge_point_get_site_name (point), pln_link_status_get_label (status));
  return 0;
}

int
pln_cli_points (PlnCli  *cli,
                int      argc,
                char   **argv)
{
  if (argc < 2)
    return pln_cli_usage ("points");

  if (g_str_equal (argv[1], "add"))
    return points_add (cli, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "list"))
    return points_list (cli, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "report"))
    return points_report (cli, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "link"))
    return points_link (cli, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "help"))
    {
      printf ("%s %s\n", _("Usage:"), _(POINTS_USAGE));
      printf ("%s\n", _("RULE chooses sites, e.g. 'level=commune district=\"Ba Chẽ,Tiên Yên\"', 'under=QN-TTYT-HL', 'codes=A,B,C', 'level=district'; terms combine with AND."));
      return 0;
    }

  pln_cli_fail (_("“%s” is not a points command."), argv[1]);
  return pln_cli_usage ("points");
}
