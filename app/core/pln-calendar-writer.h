/* pln-calendar-writer.h: events as an iCalendar file (RFC 5545): stable
 * UIDs, SEQUENCE on change, times in Asia/Ho_Chi_Minh with its VTIMEZONE. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* @events: a model of PlnEvent. @name: the calendar's name (X-WR-CALNAME).
 * Returns the text, CRLF line ends, lines folded at 75 octets. */
char *pln_calendar_write (GListModel *events,
                          const char *name);

G_END_DECLS
