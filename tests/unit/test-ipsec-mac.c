// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ipsec-mac: reading the AppArmor profile list and a process's label.
 */
#include <glib.h>

#include "ipsec-mac.h"

static void test_profile_mode(void)
{
	static const char profiles[] = "nvidia_modprobe (enforce)\n"
				       "/usr/sbin/ntpd (complain)\n"
				       "/usr/lib/ipsec/charon (enforce)\n"
				       "/usr/lib/ipsec/stroke (enforce)\n";
	static const struct {
		const char *text;
		const char *binary;
		const char *want;
	} t[] = {
		{ profiles, "/usr/lib/ipsec/charon", "enforce" },
		{ profiles, "/usr/sbin/ntpd", "complain" },
		{ profiles, "/usr/libexec/strongswan/charon", NULL },
		{ profiles, "/usr/lib/ipsec/char", NULL },
		{ "/usr/lib/ipsec/charon (kill)\n", "/usr/lib/ipsec/charon", "kill" },
		{ "/usr/lib/ipsec/charon\n", "/usr/lib/ipsec/charon", NULL },
		{ "", "/usr/lib/ipsec/charon", NULL },
		{ NULL, "/usr/lib/ipsec/charon", NULL },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(t); i++) {
		g_autofree char *mode = ipsec_mac_apparmor_mode(t[i].text, t[i].binary);

		g_assert_cmpstr(mode, ==, t[i].want);
	}
}

static void test_process_label(void)
{
	static const struct {
		const char *text;
		const char *want;
		const char *want_mode;
	} t[] = {
		{ "/usr/lib/ipsec/charon (enforce)\n", "/usr/lib/ipsec/charon", "enforce" },
		{ "unconfined\n", NULL, NULL },
		{ "", NULL, NULL },
		{ "system_u:system_r:ipsec_t:s0", "system_u:system_r:ipsec_t:s0", NULL },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(t); i++) {
		g_autofree char *mode = NULL;
		g_autofree char *label = ipsec_mac_apparmor_label(t[i].text, &mode);

		g_assert_cmpstr(label, ==, t[i].want);
		g_assert_cmpstr(mode, ==, t[i].want_mode);
	}
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/ipsec-mac/profile-mode", test_profile_mode);
	g_test_add_func("/ipsec-mac/process-label", test_process_label);
	return g_test_run();
}
