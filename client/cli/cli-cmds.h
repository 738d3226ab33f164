/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cli-cmds: the l2tpc subcommands; each returns the process exit code. */
#pragma once

#include "config.h"
#include "l2tpc-failure.h"

/* Exit codes besides the failure classes (docs/cli.md). */
#define L2TPC_EXIT_USAGE     L2TPC_FAILURE_CONFIG
#define L2TPC_EXIT_NOT_FOUND 20 /* down: no such connection */

int cli_up(int argc, char **argv);
int cli_status_down(int argc, char **argv);
int cli_status(int argc, char **argv);
int cli_probe(int argc, char **argv);
