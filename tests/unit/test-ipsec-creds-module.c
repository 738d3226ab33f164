// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The client does not link GnuTLS: ipsec_creds_parse() loads the reader module l2tpc-creds.so
 * on first use (from the build tree here). This binary does not link the reader in, so a
 * parse that reaches GnuTLS proves the module was found and loaded.
 */
#include <errno.h>
#include <string.h>

#include <glib.h>

#include "ipsec-creds.h"

static void test_loads_module(void)
{
	static const uint8_t junk[] = "-----BEGIN CERTIFICATE-----\nnot base64 at all\n"
				      "-----END CERTIFICATE-----\n";
	struct ipsec_creds_request req = { .setting_prefix = "machine" };
	struct l2tpc_failure f = { 0 };
	struct ipsec_creds *creds = NULL;
	int r;

	req.ca = (struct ipsec_creds_input){ junk, sizeof(junk) - 1, "ca.pem" };
	r = ipsec_creds_parse(&req, &creds, &f);
	g_test_message("%d: %s", r, f.sentence ? f.sentence : "");
	/* the module's verdict on the bytes, not "cannot be loaded" */
	g_assert_cmpint(r, ==, -EBADMSG);
	g_assert_null(creds);
	g_assert_null(strstr(f.sentence, "cannot be loaded"));
	g_assert_nonnull(strstr(f.sentence, "ca.pem"));
	l2tpc_failure_clear(&f);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/ipsec-creds-module/loads-module", test_loads_module);
	return g_test_run();
}
