// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "cli-log.h"
#include "l2tpc-failure.h"
#include "l2tpc-i18n.h"
#include "l2tpc-log.h"

static bool stamped;

static void cli_log_sink(enum l2tpc_log_level level, const char *component, const char *message,
			 void *ud)
{
	bool debug = l2tpc_log_enabled(L2TPC_LOG_DEBUG);
	struct timespec ts;
	struct tm tm;
	char when[16];

	/* the failure sentence and the phases: the CLI prints each once itself (cli-up.c) */
	if (!debug && (level == L2TPC_LOG_ERROR || !strcmp(component, "phase")))
		return;
	if (!stamped) {
		if (level == L2TPC_LOG_WARN)
			fprintf(stderr, "l2tpc: warning: %s\n", message);
		else
			fprintf(stderr, "l2tpc: %s\n", message);
		return;
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	localtime_r(&ts.tv_sec, &tm);
	strftime(when, sizeof(when), "%H:%M:%S", &tm);
	fprintf(stderr, "%s.%03ld l2tpc[%s] %s: %s\n", when, ts.tv_nsec / 1000000, component,
		l2tpc_log_level_name(level), message);
}

void cli_log_init(void)
{
	stamped = l2tpc_log_enabled(L2TPC_LOG_DEBUG) || !isatty(STDERR_FILENO);
	l2tpc_log_set_sink(cli_log_sink, NULL);
}

void cli_log_error(const char *fmt, ...)
{
	g_autofree char *msg = NULL;
	const char *text;
	va_list ap;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	text = g_str_has_prefix(msg, "l2tpc: ") ? msg + strlen("l2tpc: ") : msg;
	fprintf(stderr, "l2tpc: error: %s%s", text, g_str_has_suffix(text, "\n") ? "" : "\n");
}

int cli_log_need_root(const char *cmd)
{
	if (geteuid() == 0)
		return 0;
	cli_log_error(_("'l2tpc %s' needs root: run it with sudo.\n"), cmd);
	return L2TPC_FAILURE_SYSTEM;
}
