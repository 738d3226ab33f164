/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * l2tpc-log: one logging entry point for every client/ module.
 *
 * Messages carry a component ("l2tp", "ipsec", "ppp", "engine", ...) and a level. The default
 * sink writes "l2tpc[component] level: message" to stderr; the CLI and the NetworkManager
 * service install their own sink. Secrets never reach this module: callers log names and
 * lengths, never values (l2tpc_log_redact() helps with key=value dumps).
 */
#pragma once

#include <stdarg.h>
#include <stdbool.h>
#include <glib.h>

enum l2tpc_log_level {
	L2TPC_LOG_ERROR,
	L2TPC_LOG_WARN,
	L2TPC_LOG_INFO,
	L2TPC_LOG_DEBUG,
	L2TPC_LOG_TRACE,
};

typedef void (*l2tpc_log_sink_fn)(enum l2tpc_log_level level, const char *component,
				  const char *message, void *user_data);

/** Messages above @level are dropped before formatting. Default: INFO. */
void l2tpc_log_set_level(enum l2tpc_log_level level);
/** Parses "error", "warn", "info", "debug", "trace"; returns -EINVAL otherwise. */
int l2tpc_log_level_parse(const char *name, enum l2tpc_log_level *out);
const char *l2tpc_log_level_name(enum l2tpc_log_level level);

/** Replaces the sink; NULL restores the stderr sink. */
void l2tpc_log_set_sink(l2tpc_log_sink_fn fn, void *user_data);

bool l2tpc_log_enabled(enum l2tpc_log_level level);
void l2tpc_log(enum l2tpc_log_level level, const char *component, const char *fmt, ...)
	G_GNUC_PRINTF(3, 4);
void l2tpc_log_va(enum l2tpc_log_level level, const char *component, const char *fmt, va_list ap)
	G_GNUC_PRINTF(3, 0);

#define l2tpc_error(comp, ...) l2tpc_log(L2TPC_LOG_ERROR, comp, __VA_ARGS__)
#define l2tpc_warn(comp, ...)  l2tpc_log(L2TPC_LOG_WARN, comp, __VA_ARGS__)
#define l2tpc_info(comp, ...)  l2tpc_log(L2TPC_LOG_INFO, comp, __VA_ARGS__)
#define l2tpc_debug(comp, ...)                                                                     \
	do {                                                                                       \
		if (l2tpc_log_enabled(L2TPC_LOG_DEBUG))                                            \
			l2tpc_log(L2TPC_LOG_DEBUG, comp, __VA_ARGS__);                             \
	} while (0)
#define l2tpc_trace(comp, ...)                                                                     \
	do {                                                                                       \
		if (l2tpc_log_enabled(L2TPC_LOG_TRACE))                                            \
			l2tpc_log(L2TPC_LOG_TRACE, comp, __VA_ARGS__);                             \
	} while (0)
