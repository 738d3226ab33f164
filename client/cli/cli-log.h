/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cli-log: what the l2tpc command writes to stderr, besides its own sentences.
 *
 * The CLI says each failure once, as "l2tpc: error: SENTENCE", and each phase once, as its
 * "[n/6] phase: detail" line. So below debug level its log sink drops what repeats those: the
 * engine's error-level copy of the failure sentence and its phase lines. On a terminal, below
 * debug, lines carry no timestamp ("l2tpc: warning: ..."); in debug, or when stderr is a file or
 * a pipe, each line starts with the local time ("20:01:02.345 l2tpc[ipsec] info: ...").
 */
#pragma once

#include <stdarg.h>

/** Installs the sink; call after the log level is set. */
void cli_log_init(void);

/** Prints "l2tpc: error: " and the formatted sentence, with a leading "l2tpc: " dropped. */
void cli_log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/**
 * 0 when running as root; else says that @cmd needs root and returns the exit code of
 * L2TPC_FAILURE_SYSTEM.
 */
int cli_log_need_root(const char *cmd);
