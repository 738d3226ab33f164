// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "l2tpc-log.h"

static const char *const level_names[] = {
	[L2TPC_LOG_ERROR] = "error", [L2TPC_LOG_WARN] = "warn",	  [L2TPC_LOG_INFO] = "info",
	[L2TPC_LOG_DEBUG] = "debug", [L2TPC_LOG_TRACE] = "trace",
};

static enum l2tpc_log_level max_level = L2TPC_LOG_INFO;
static l2tpc_log_sink_fn sink_fn;
static void *sink_data;

void l2tpc_log_set_level(enum l2tpc_log_level level)
{
	max_level = level;
}

const char *l2tpc_log_level_name(enum l2tpc_log_level level)
{
	if ((unsigned)level >= G_N_ELEMENTS(level_names))
		return "?";
	return level_names[level];
}

int l2tpc_log_level_parse(const char *name, enum l2tpc_log_level *out)
{
	for (unsigned i = 0; i < G_N_ELEMENTS(level_names); i++) {
		if (name && strcmp(name, level_names[i]) == 0) {
			*out = (enum l2tpc_log_level)i;
			return 0;
		}
	}
	return -EINVAL;
}

void l2tpc_log_set_sink(l2tpc_log_sink_fn fn, void *user_data)
{
	sink_fn = fn;
	sink_data = user_data;
}

bool l2tpc_log_enabled(enum l2tpc_log_level level)
{
	return level <= max_level;
}

static void stderr_sink(enum l2tpc_log_level level, const char *component, const char *message)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	fprintf(stderr, "%lld.%03ld l2tpc[%s] %s: %s\n", (long long)ts.tv_sec, ts.tv_nsec / 1000000,
		component, l2tpc_log_level_name(level), message);
}

void l2tpc_log_va(enum l2tpc_log_level level, const char *component, const char *fmt, va_list ap)
{
	g_autofree char *msg = NULL;

	if (!l2tpc_log_enabled(level))
		return;
	msg = g_strdup_vprintf(fmt, ap);
	if (sink_fn)
		sink_fn(level, component, msg, sink_data);
	else
		stderr_sink(level, component, msg);
}

void l2tpc_log(enum l2tpc_log_level level, const char *component, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	l2tpc_log_va(level, component, fmt, ap);
	va_end(ap);
}
