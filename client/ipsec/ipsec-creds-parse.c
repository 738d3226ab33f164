// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ipsec-creds-parse: ipsec_creds_parse() for the client, which does not link GnuTLS.
 *
 * GnuTLS and what it pulls in (p11-kit, nettle, gmp, libtasn1, ...) cost every l2tpc process
 * ~2.5 MB of resident memory and a dozen libraries to map at start, but only certificate users
 * need them. The parser (ipsec-creds.c, ipsec-creds-read.c) is built as the module
 * l2tpc-creds.so and loaded on the first certificate. Tests link the parser in directly; then
 * the weak reference below finds it and nothing is loaded.
 */
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "ipsec-creds.h"
#include "l2tpc-i18n.h"
#include "l2tpc-log.h"

typedef int (*ipsec_creds_parse_fn)(const struct ipsec_creds_request *req, struct ipsec_creds **out,
				    struct l2tpc_failure *f);

int ipsec_creds_gnutls_parse(const struct ipsec_creds_request *req, struct ipsec_creds **out,
			     struct l2tpc_failure *f) __attribute__((weak));

/* A program run from the build tree (tests, the guest scenarios) uses the module built next to
 * it; an installed one only ever the installed module. */
static const char *ipsec_creds_module_path(void)
{
	static char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n > 0) {
		exe[n] = 0;
		if (g_str_has_prefix(exe, L2TPC_BUILD_ROOT "/") &&
		    access(L2TPC_CREDS_MODULE_UNINSTALLED, R_OK) == 0)
			return L2TPC_CREDS_MODULE_UNINSTALLED;
	}
	return L2TPC_CREDS_MODULE;
}

int ipsec_creds_parse(const struct ipsec_creds_request *req, struct ipsec_creds **out,
		      struct l2tpc_failure *f)
{
	static ipsec_creds_parse_fn parse;

	if (!parse && ipsec_creds_gnutls_parse)
		parse = ipsec_creds_gnutls_parse;
	if (!parse) {
		const char *path = ipsec_creds_module_path();
		void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);

		if (h)
			parse = (ipsec_creds_parse_fn)dlsym(h, "ipsec_creds_gnutls_parse");
		if (!parse) {
			*out = NULL;
			l2tpc_failure_set(f, L2TPC_FAILURE_SYSTEM,
					  _("Reading certificates needs %s, which cannot be loaded "
					    "(%s); reinstall l2tpc."),
					  path, dlerror());
			return -ENOENT;
		}
		l2tpc_debug("ipsec", "certificate reader loaded from %s", path);
	}
	return parse(req, out, f);
}
