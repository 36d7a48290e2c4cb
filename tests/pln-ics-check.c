/* pln-ics-check.c: parses an iCalendar file with libical, as a calendar
 * program would, and prints one line per event: UID, SEQUENCE, TZID of
 * DTSTART, DTSTART, SUMMARY. Exit 1 when libical finds an error. */
#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>

int
main (int    argc,
      char **argv)
{
  FILE *file;
  char *text;
  long size;
  icalcomponent *calendar;
  int errors = 0;

  if (argc != 2 || (file = fopen (argv[1], "rb")) == NULL)
    return 2;
  fseek (file, 0, SEEK_END);
  size = ftell (file);
  rewind (file);
  text = calloc (1, size + 1);
  if (fread (text, 1, size, file) != (size_t) size)
    return 2;
  fclose (file);

  calendar = icalparser_parse_string (text);
  if (calendar == NULL || icalcomponent_isa (calendar) != ICAL_VCALENDAR_COMPONENT)
    return 1;
  icalrestriction_check (calendar);
  errors = icalcomponent_count_errors (calendar);
  if (icalcomponent_get_first_component (calendar, ICAL_VTIMEZONE_COMPONENT) == NULL)
    errors++;

  for (icalcomponent *event = icalcomponent_get_first_component (calendar, ICAL_VEVENT_COMPONENT);
       event != NULL;
       event = icalcomponent_get_next_component (calendar, ICAL_VEVENT_COMPONENT))
    {
      icalproperty *dtstart = icalcomponent_get_first_property (event, ICAL_DTSTART_PROPERTY);
      icalparameter *tzid = dtstart ? icalproperty_get_first_parameter (dtstart, ICAL_TZID_PARAMETER) : NULL;

      printf ("%s|%d|%s|%s|%s\n",
              icalcomponent_get_uid (event),
              icalcomponent_get_sequence (event),
              tzid ? icalparameter_get_tzid (tzid) : "",
              icaltime_as_ical_string (icalcomponent_get_dtstart (event)),
              icalcomponent_get_summary (event));
    }

  icalcomponent_free (calendar);
  free (text);
  return errors == 0 ? 0 : 1;
}
