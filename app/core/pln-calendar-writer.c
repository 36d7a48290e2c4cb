/* pln-calendar-writer.c: see pln-calendar-writer.h. libical does the
 * escaping and line folding; we give it the values. */
#define G_LOG_DOMAIN "plenary-calendar"

#include "config.h"

#include <libical/ical.h>

#include "pln-calendar-writer.h"
#include "pln-event.h"

#define TZID "Asia/Ho_Chi_Minh"

/* Viet Nam has kept UTC+07:00 without daylight saving since 13 June 1975,
 * so one STANDARD rule describes the zone fully; written out rather than
 * taken from libical's zone data, whose copy differs between systems. */
static icalcomponent *
new_vtimezone (void)
{
  icalcomponent *zone = icalcomponent_new (ICAL_VTIMEZONE_COMPONENT);
  icalcomponent *standard = icalcomponent_new (ICAL_XSTANDARD_COMPONENT);
  struct icaltimetype start = icaltime_from_string ("19750613T000000");

  icalcomponent_add_property (zone, icalproperty_new_tzid (TZID));
  icalcomponent_add_property (standard, icalproperty_new_dtstart (start));
  icalcomponent_add_property (standard, icalproperty_new_tzoffsetfrom (7 * 3600));
  icalcomponent_add_property (standard, icalproperty_new_tzoffsetto (7 * 3600));
  icalcomponent_add_property (standard, icalproperty_new_tzname ("+07"));
  icalcomponent_add_component (zone, standard);
  return zone;
}

static icalproperty *
local_time_property (icalproperty *(*make) (struct icaltimetype),
                     gint64         unix_seconds)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_seconds);
  g_autoptr(GDateTime) local = g_date_time_add_hours (utc, 7);
  struct icaltimetype t = icaltime_null_time ();
  icalproperty *property;

  t.year = g_date_time_get_year (local);
  t.month = g_date_time_get_month (local);
  t.day = g_date_time_get_day_of_month (local);
  t.hour = g_date_time_get_hour (local);
  t.minute = g_date_time_get_minute (local);
  t.second = g_date_time_get_second (local);
  t.is_date = 0;

  property = make (t);
  icalproperty_add_parameter (property, icalparameter_new_tzid (TZID));
  return property;
}

static icalcomponent *
new_vevent (PlnEvent            *event,
            struct icaltimetype  stamp)
{
  icalcomponent *vevent = icalcomponent_new (ICAL_VEVENT_COMPONENT);
  const char *host = pln_event_get_host_site_name (event);
  const char *description = pln_event_get_description (event);

  icalcomponent_add_property (vevent, icalproperty_new_uid (pln_event_get_uid (event)));
  icalcomponent_add_property (vevent, icalproperty_new_dtstamp (stamp));
  icalcomponent_add_property (vevent, icalproperty_new_sequence (pln_event_get_sequence (event)));
  icalcomponent_add_property (vevent, local_time_property (icalproperty_new_dtstart,
                                                           pln_event_get_starts_at (event)));
  icalcomponent_add_property (vevent, local_time_property (icalproperty_new_dtend,
                                                           pln_event_get_ends_at (event)));
  icalcomponent_add_property (vevent, icalproperty_new_summary (pln_event_get_title (event)));
  if (description != NULL && *description != '\0')
    icalcomponent_add_property (vevent, icalproperty_new_description (description));
  if (host != NULL && *host != '\0')
    icalcomponent_add_property (vevent, icalproperty_new_location (host));
  icalcomponent_add_property (vevent,
                              icalproperty_new_categories (pln_event_kind_to_string (pln_event_get_kind (event))));
  return vevent;
}

char *
pln_calendar_write (GListModel *events,
                    const char *name)
{
  icalcomponent *calendar = icalcomponent_new (ICAL_VCALENDAR_COMPONENT);
  struct icaltimetype stamp = icaltime_from_timet_with_zone (time (NULL), 0, icaltimezone_get_utc_timezone ());
  char *text;

  icalcomponent_add_property (calendar, icalproperty_new_version ("2.0"));
  icalcomponent_add_property (calendar, icalproperty_new_prodid ("-//Plenary//Plenary " PACKAGE_VERSION "//EN"));
  icalcomponent_add_property (calendar, icalproperty_new_calscale ("GREGORIAN"));
  if (name != NULL)
    {
      icalproperty *calname = icalproperty_new_x (name);

      icalproperty_set_x_name (calname, "X-WR-CALNAME");
      icalcomponent_add_property (calendar, calname);
    }
  icalcomponent_add_component (calendar, new_vtimezone ());

  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(PlnEvent) event = g_list_model_get_item (events, i);

      icalcomponent_add_component (calendar, new_vevent (event, stamp));
    }

  text = icalcomponent_as_ical_string_r (calendar);
  icalcomponent_free (calendar);
  return text;
}
