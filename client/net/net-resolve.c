// SPDX-License-Identifier: GPL-2.0-or-later
/* net-resolve (see net-resolve.h): GResolver for names, inet_pton for numbers. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>

#include "net-resolve.h"
#include "l2tpc-i18n.h"

void net_resolve_text(struct net_addr *a)
{
	const void *raw = a->ss.ss_family == AF_INET6
				  ? (const void *)&((struct sockaddr_in6 *)&a->ss)->sin6_addr
				  : (const void *)&((struct sockaddr_in *)&a->ss)->sin_addr;

	inet_ntop(a->ss.ss_family, raw, a->text, sizeof(a->text));
}

int net_resolve_numeric(const char *s, struct net_addr *a)
{
	g_autofree char *host = NULL;
	size_t n = strlen(s);

	memset(a, 0, sizeof(*a));
	host = (n > 2 && s[0] == '[' && s[n - 1] == ']') ? g_strndup(s + 1, n - 2) : g_strdup(s);
	if (inet_pton(AF_INET, host, &((struct sockaddr_in *)&a->ss)->sin_addr) == 1) {
		a->ss.ss_family = AF_INET;
		a->len = sizeof(struct sockaddr_in);
	} else if (inet_pton(AF_INET6, host, &((struct sockaddr_in6 *)&a->ss)->sin6_addr) == 1) {
		a->ss.ss_family = AF_INET6;
		a->len = sizeof(struct sockaddr_in6);
	} else {
		return -EINVAL;
	}
	net_resolve_text(a);
	return 0;
}

struct resolve_ctx {
	char *host;
	net_resolve_fn done;
	void *ud;
	struct net_addr numeric;
};

static gboolean resolve_numeric_done(gpointer data)
{
	struct resolve_ctx *c = data;

	c->done(&c->numeric, NULL, c->ud);
	g_free(c->host);
	g_free(c);
	return G_SOURCE_REMOVE;
}

static void resolve_done(GObject *src, GAsyncResult *res, gpointer data)
{
	struct resolve_ctx *c = data;
	g_autoptr(GError) err = NULL;
	GList *addrs = g_resolver_lookup_by_name_finish(G_RESOLVER(src), res, &err);
	struct l2tpc_failure f = { 0 };
	struct net_addr a;

	if (!addrs) {
		if (!g_error_matches(err, G_IO_ERROR, G_IO_ERROR_CANCELLED))
			l2tpc_failure_set(
				&f, L2TPC_FAILURE_RESOLVE,
				_("The VPN gateway name '%s' does not resolve (%s): check "
				  "the gateway setting and your DNS."),
				c->host, err ? err->message : "no address");
		else
			l2tpc_failure_set(&f, L2TPC_FAILURE_RESOLVE,
					  _("Resolving '%s' was cancelled."), c->host);
		c->done(NULL, &f, c->ud);
		goto out;
	}
	/* First address in the resolver's order (RFC 6724 via getaddrinfo). */
	{
		g_autofree char *s = g_inet_address_to_string(addrs->data);

		net_resolve_numeric(s, &a);
	}
	g_resolver_free_addresses(addrs);
	c->done(&a, NULL, c->ud);
out:
	l2tpc_failure_clear(&f);
	g_free(c->host);
	g_free(c);
}

void net_resolve(const char *host, GCancellable *cancel, net_resolve_fn done, void *ud)
{
	struct resolve_ctx *c = g_new0(struct resolve_ctx, 1);

	c->host = g_strdup(host);
	c->done = done;
	c->ud = ud;
	/* A numeric address needs no lookup, but @done still runs from the main loop: a caller
	 * whose loop is not yet running must not hear the outcome (say, a failure) before it. */
	if (net_resolve_numeric(host, &c->numeric) == 0) {
		g_idle_add(resolve_numeric_done, c);
		return;
	}
	g_autoptr(GResolver) resolver = g_resolver_get_default();

	g_resolver_lookup_by_name_async(resolver, host, cancel, resolve_done, c);
}
