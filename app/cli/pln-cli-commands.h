/* pln-cli-commands.h: one entry point per command group, each in its own
 * pln-cli-GROUP.c, listed in the table in pln-cli.c. */
#pragma once

#include "pln-cli.h"

G_BEGIN_DECLS

int pln_cli_serve (PlnCli *cli, int argc, char **argv);
int pln_cli_record (PlnCli *cli, int argc, char **argv);
int pln_cli_version (PlnCli *cli, int argc, char **argv);

G_END_DECLS
