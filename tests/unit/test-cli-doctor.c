// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cli-doctor: the readers of os-release, modprobe.d, modules.dep, /proc/net/udp and AppArmor
 * profiles behind `l2tpc doctor`.
 */
#include <glib.h>

#include "cli-doctor.h"

static void test_distro(void)
{
	static const struct {
		const char *text;
		enum cli_doctor_distro want;
	} t[] = {
		{ "PRETTY_NAME=\"Debian GNU/Linux 12\"\nID=debian\n", CLI_DOCTOR_DEBIAN },
		{ "ID=ubuntu\nID_LIKE=debian\n", CLI_DOCTOR_UBUNTU },
		{ "ID=linuxmint\nID_LIKE=\"ubuntu debian\"\n", CLI_DOCTOR_UBUNTU },
		{ "ID=fedora\n", CLI_DOCTOR_FEDORA },
		{ "ID=\"rocky\"\nID_LIKE=\"rhel centos fedora\"\n", CLI_DOCTOR_FEDORA },
		{ "ID=arch\n", CLI_DOCTOR_ARCH },
		{ "ID=\"opensuse-tumbleweed\"\nID_LIKE=\"opensuse suse\"\n", CLI_DOCTOR_SUSE },
		{ "ID=gentoo\n", CLI_DOCTOR_OTHER },
		{ "", CLI_DOCTOR_OTHER },
		{ NULL, CLI_DOCTOR_OTHER },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(t); i++)
		g_assert_cmpint(cli_doctor_distro(t[i].text), ==, t[i].want);
}

static void test_modules(void)
{
	static const char conf[] =
		"# no L2TP here\n"
		"blacklist l2tp-netlink\n"
		"install esp4 /bin/false\n"
		"install ppp_generic /sbin/modprobe --ignore-install ppp_generic\n"
		"  # blacklist l2tp_ppp\n"
		"options l2tp_ppp debug=1\n";
	static const char dep[] =
		"kernel/net/l2tp/l2tp_ppp.ko.xz: kernel/net/l2tp/l2tp_core.ko.xz\n"
		"kernel/net/ipv4/esp4.ko:\n";

	g_assert_true(cli_doctor_blacklisted(conf, "l2tp_netlink"));
	g_assert_true(cli_doctor_blacklisted(conf, "esp4"));
	g_assert_false(cli_doctor_blacklisted(conf, "ppp_generic"));
	g_assert_false(cli_doctor_blacklisted(conf, "l2tp_ppp"));
	g_assert_false(cli_doctor_blacklisted(NULL, "l2tp_ppp"));
	g_assert_true(cli_doctor_module_listed(dep, "l2tp_ppp"));
	g_assert_true(cli_doctor_module_listed(dep, "esp4"));
	g_assert_false(cli_doctor_module_listed(dep, "l2tp_netlink"));
	g_assert_false(cli_doctor_module_listed(dep, "l2tp"));
	g_assert_true(
		cli_doctor_module_listed("kernel/net/l2tp/l2tp_netlink.ko\n", "l2tp_netlink"));
}

static void test_udp(void)
{
	static const char udp[] = "  sl  local_address rem_address   st tx_queue rx_queue tr "
				  "tm->when retrnsmt   uid  "
				  "timeout inode ref pointer drops\n"
				  "  512: 00000000:06A5 00000000:0000 07 00000000:00000000 "
				  "00:00000000 00000000     0 "
				  "       0 41234 2 0000000000000000 0\n"
				  " 1021: 0200000A:01F4 00000000:0000 07 00000000:00000000 "
				  "00:00000000 00000000     0 "
				  "       0 40001 2 0000000000000000 0\n";

	g_assert_cmpuint(cli_doctor_udp_inode(udp, 1701), ==, 41234);
	g_assert_cmpuint(cli_doctor_udp_inode(udp, 500), ==, 40001);
	g_assert_cmpuint(cli_doctor_udp_inode(udp, 4500), ==, 0);
	g_assert_cmpuint(cli_doctor_udp_inode(NULL, 500), ==, 0);
}

static void test_profile(void)
{
	g_assert_true(cli_doctor_profile_allows_run_charon("  /run/charon.*             rw,\n"));
	g_assert_true(cli_doctor_profile_allows_run_charon("/{,var/}run/charon.* rwk,\n"));
	g_assert_false(cli_doctor_profile_allows_run_charon("  /run/charon.vici rw,\n"));
	g_assert_false(cli_doctor_profile_allows_run_charon("# /run/charon.* rw,\n"));
	g_assert_false(cli_doctor_profile_allows_run_charon("deny /run/charon.* rw,\n"));
	g_assert_false(cli_doctor_profile_allows_run_charon(NULL));
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/cli-doctor/distro", test_distro);
	g_test_add_func("/cli-doctor/modules", test_modules);
	g_test_add_func("/cli-doctor/udp", test_udp);
	g_test_add_func("/cli-doctor/profile", test_profile);
	return g_test_run();
}
