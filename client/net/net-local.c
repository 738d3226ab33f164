// SPDX-License-Identifier: GPL-2.0-or-later
/* net-local (see net-local.h): connect() a UDP socket towards the gateway and read its name. */
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <unistd.h>

#include "l2tpc-i18n.h"
#include "net-local.h"

int net_local_for(const struct net_addr *remote, struct net_addr *local, struct l2tpc_failure *f)
{
	struct sockaddr_storage probe = remote->ss;
	int fd, ret = 0;

	/* connect() on a UDP socket only asks the routing table; nothing goes on the wire. */
	((struct sockaddr_in *)&probe)->sin_port = htons(500);
	fd = socket(remote->ss.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		ret = -errno;
		goto fail;
	}
	memset(local, 0, sizeof(*local));
	local->len = sizeof(local->ss);
	if (connect(fd, (struct sockaddr *)&probe, remote->len) < 0 ||
	    getsockname(fd, (struct sockaddr *)&local->ss, &local->len) < 0) {
		ret = -errno;
		close(fd);
		goto fail;
	}
	close(fd);
	net_resolve_text(local);
	return 0;
fail:
	l2tpc_failure_set(f, L2TPC_FAILURE_IPSEC_UNREACHABLE,
			  _("There is no route to the VPN gateway %s (%s): check the network "
			    "connection and the gateway address."),
			  remote->text, g_strerror(-ret));
	return ret;
}

char *net_local_for_string(const char *remote)
{
	struct l2tpc_failure f = { 0 };
	struct net_addr gw, local;
	int ret;

	if (net_resolve_numeric(remote, &gw) < 0)
		return NULL;
	ret = net_local_for(&gw, &local, &f);
	l2tpc_failure_clear(&f);
	return ret < 0 ? NULL : g_strdup(local.text);
}
