/* pln-cli-commands.h: one entry point per command group, each in its own
 * pln-cli-GROUP.c, listed in the table in pln-cli.c. */
#pragma once

#include "pln-cli.h"

G_BEGIN_DECLS

int pln_cli_backup (PlnCli *cli, int argc, char **argv);
int pln_cli_demo (PlnCli *cli, int argc, char **argv);
int pln_cli_events (PlnCli *cli, int argc, char **argv);
int pln_cli_library (PlnCli *cli, int argc, char **argv);
int pln_cli_people (PlnCli *cli, int argc, char **argv);
int pln_cli_points (PlnCli *cli, int argc, char **argv);
int pln_cli_record (PlnCli *cli, int argc, char **argv);
int pln_cli_report (PlnCli *cli, int argc, char **argv);
int pln_cli_restore (PlnCli *cli, int argc, char **argv);
int pln_cli_checkin_sheet (PlnCli *cli, int argc, char **argv);
int pln_cli_courses (PlnCli *cli, int argc, char **argv);
int pln_cli_serve (PlnCli *cli, int argc, char **argv);
int pln_cli_sites (PlnCli *cli, int argc, char **argv);
int pln_cli_package (PlnCli *cli, int argc, char **argv);
int pln_cli_probe (PlnCli *cli, int argc, char **argv);
int pln_cli_thumbnail (PlnCli *cli, int argc, char **argv);
int pln_cli_version (PlnCli *cli, int argc, char **argv);

/* For the sites and people commands (pln-cli-sites.c): write @bytes to
 * @path or stdout (NULL or "-"), read FILE whole or stdin ("-"). Both print
 * their error; write returns the exit status, read NULL on failure. */
int   pln_cli_write_output (const char *path, GBytes *bytes);
char *pln_cli_read_input   (const char *path, gsize *length);

/* For the courses and report commands (pln-cli-courses.c): parses a course
 * id argument; prints an error and returns 0 if it is not one. */
gint64 pln_cli_parse_course_id (const char *text);

G_END_DECLS
