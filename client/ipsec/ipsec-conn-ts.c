// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ipsec-conn-ts: the UDP ports of a traffic selector as charon prints it (see ipsec-conn.h).
 */
#include <errno.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "ipsec-conn.h"

static int ipsec_conn_port_value(const char *text, uint16_t *port)
{
	char *end = NULL;
	unsigned long v;

	if (g_ascii_isdigit(*text)) {
		v = strtoul(text, &end, 10);
		if (v > 65535 || end == text)
			return -EINVAL;
		*port = (uint16_t)v;
		return (int)(end - text);
	}
	/* charon names a single well-known port by its service (1701 is "l2f" in netbase) */
	{
		size_t n = strspn(
			text, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-");
		g_autofree char *name = g_strndup(text, n);
		struct servent *se = n ? getservbyname(name, "udp") : NULL;

		if (!se)
			return -EINVAL;
		*port = ntohs((uint16_t)se->s_port);
		return (int)n;
	}
}

int ipsec_conn_ts_ports(const char *ts, uint16_t *lo, uint16_t *hi)
{
	const char *p = ts ? strchr(ts, '[') : NULL;
	int n;

	if (!p || strncmp(p + 1, "udp", 3) != 0)
		return -EINVAL;
	p += 4;
	if (*p == ']') {
		*lo = 0;
		*hi = 65535;
		return 0;
	}
	if (*p++ != '/')
		return -EINVAL;
	n = ipsec_conn_port_value(p, lo);
	if (n < 0)
		return n;
	p += n;
	*hi = *lo;
	if (*p == '-') {
		n = ipsec_conn_port_value(p + 1, hi);
		if (n < 0 || *hi < *lo)
			return -EINVAL;
		p += 1 + n;
	}
	return *p == ']' ? 0 : -EINVAL;
}
