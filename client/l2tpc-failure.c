// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdarg.h>

#include "l2tpc-failure.h"

const char *l2tpc_failure_class_name(enum l2tpc_failure_class klass)
{
	switch (klass) {
	case L2TPC_FAILURE_NONE:
		return "none";
	case L2TPC_FAILURE_INTERNAL:
		return "internal";
	case L2TPC_FAILURE_CONFIG:
		return "config";
	case L2TPC_FAILURE_RESOLVE:
		return "resolve";
	case L2TPC_FAILURE_IPSEC_UNREACHABLE:
		return "ipsec-unreachable";
	case L2TPC_FAILURE_IPSEC_PROPOSAL:
		return "ipsec-proposal";
	case L2TPC_FAILURE_IPSEC_AUTH:
		return "ipsec-auth";
	case L2TPC_FAILURE_IPSEC_DAEMON:
		return "ipsec-daemon";
	case L2TPC_FAILURE_L2TP:
		return "l2tp";
	case L2TPC_FAILURE_PPP_AUTH:
		return "ppp-auth";
	case L2TPC_FAILURE_PPP:
		return "ppp";
	case L2TPC_FAILURE_IP_CONFIG:
		return "ip-config";
	case L2TPC_FAILURE_SYSTEM:
		return "system";
	case L2TPC_FAILURE_PEER_DISCONNECT:
		return "peer-disconnect";
	}
	return "unknown";
}

bool l2tpc_failure_set(struct l2tpc_failure *f, enum l2tpc_failure_class klass, const char *fmt,
		       ...)
{
	va_list ap;

	if (l2tpc_failure_is_set(f))
		return false;
	f->klass = klass;
	va_start(ap, fmt);
	f->sentence = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	return true;
}

bool l2tpc_failure_copy(struct l2tpc_failure *to, const struct l2tpc_failure *from)
{
	if (!l2tpc_failure_set(to, from->klass, "%s", from->sentence))
		return false;
	to->secret_refused = from->secret_refused;
	return true;
}

void l2tpc_failure_clear(struct l2tpc_failure *f)
{
	g_clear_pointer(&f->sentence, g_free);
	f->klass = L2TPC_FAILURE_NONE;
	f->secret_refused = false;
}
