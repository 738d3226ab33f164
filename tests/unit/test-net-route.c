// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * net-route against the real kernel: the test moves itself into a fresh network namespace (needs
 * root, as the test command runs) so the routes it adds touch nothing of the machine's.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <sched.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/rtnetlink.h>

#include <glib.h>

#include "net-route.h"

static bool in_private_netns;

static void lo_up(void)
{
	struct ifreq ifr = { 0 };
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	g_assert_cmpint(fd, >=, 0);
	g_strlcpy(ifr.ifr_name, "lo", sizeof(ifr.ifr_name));
	g_assert_cmpint(ioctl(fd, SIOCGIFFLAGS, &ifr), ==, 0);
	ifr.ifr_flags |= IFF_UP;
	g_assert_cmpint(ioctl(fd, SIOCSIFFLAGS, &ifr), ==, 0);
	close(fd);
}

static struct sockaddr_in sin4(const char *a)
{
	struct sockaddr_in s = { .sin_family = AF_INET };

	g_assert_cmpint(inet_pton(AF_INET, a, &s.sin_addr), ==, 1);
	return s;
}

static void require_netns(void)
{
	if (!in_private_netns)
		g_test_skip("needs root for a private network namespace");
}

static void test_host_route_roundtrip(void)
{
	struct sockaddr_in gw = sin4("192.0.2.77");
	struct net_route via = { 0 }, host, got;
	struct net_route_set set;
	char buf[128];

	require_netns();
	if (g_test_failed() || !in_private_netns)
		return;
	/* Nothing routes 192.0.2.77 in a fresh namespace. */
	g_assert_cmpint(net_route_get((struct sockaddr *)&gw, &got), ==, -ENETUNREACH);

	via.family = AF_INET;
	via.oif = net_route_ifindex("lo");
	g_assert_cmpint(via.oif, >, 0);
	net_route_host_via(&host, (struct sockaddr *)&gw, &via);
	g_assert_cmpstr(net_route_format(&host, buf, sizeof(buf)), ==, "192.0.2.77/32 dev lo");

	net_route_set_init(&set);
	g_assert_cmpint(net_route_set_add(&set, &host), ==, 0);
	g_assert_cmpint(net_route_get((struct sockaddr *)&gw, &got), ==, 0);
	g_assert_cmpint(got.oif, ==, via.oif);
	g_assert_cmpint(got.table, ==, RT_TABLE_MAIN);
	/* Adding it again is not an error and is not recorded twice. */
	g_assert_cmpint(net_route_set_add(&set, &host), ==, 0);
	g_assert_cmpuint(set.added->len, ==, 1);

	g_assert_cmpint(net_route_set_undo(&set), ==, 0);
	g_assert_cmpint(net_route_get((struct sockaddr *)&gw, &got), ==, -ENETUNREACH);
	net_route_set_clear(&set);
}

static void test_default_halves(void)
{
	struct sockaddr_in far = sin4("198.51.100.9");
	struct net_route halves[2], got;
	struct net_route_set set;

	require_netns();
	if (!in_private_netns)
		return;
	net_route_default_halves(AF_INET, net_route_ifindex("lo"), halves);
	net_route_set_init(&set);
	for (int i = 0; i < 2; i++)
		g_assert_cmpint(net_route_set_add(&set, &halves[i]), ==, 0);
	g_assert_cmpint(net_route_get((struct sockaddr *)&far, &got), ==, 0);
	g_assert_cmpint(got.oif, ==, net_route_ifindex("lo"));
	g_assert_cmpint(got.dst_len, ==, 32); /* RTM_GETROUTE answers for the host */
	g_assert_cmpint(net_route_set_undo(&set), ==, 0);
	g_assert_cmpint(net_route_get((struct sockaddr *)&far, &got), ==, -ENETUNREACH);
	net_route_set_clear(&set);
}

static void test_format_gateway(void)
{
	struct net_route r = { .family = AF_INET, .dst_len = 1, .has_gateway = true };
	char buf[128];

	r.dst[0] = 128;
	r.gateway[0] = 10;
	r.gateway[3] = 1;
	g_assert_cmpstr(net_route_format(&r, buf, sizeof(buf)), ==,
			"128.0.0.0/1 via 10.0.0.1 dev ?");
}

static void test_string_roundtrip(void)
{
	static const char *const good[] = {
		"192.0.2.1/32 oif 3 table 254",
		"192.0.2.1/32 oif 3 table 254 via 10.0.0.1",
		"2001:db8::1/128 oif 7 table 254 via fe80::1",
	};
	static const char *const bad[] = {
		"",
		"192.0.2.1 oif 3 table 254",
		"192.0.2.1/33 oif 3 table 254",
		"192.0.2.1/32 oif x table 254",
		"192.0.2.1/32 dev 3 table 254",
		"192.0.2.1/32 oif 3 table 254 via",
		"192.0.2.1/32 oif 3 table 254 via ::1",
		"host/32 oif 3 table 254",
	};

	for (unsigned i = 0; i < G_N_ELEMENTS(good); i++) {
		struct net_route r;
		g_autofree char *back = NULL;

		g_assert_cmpint(net_route_parse(good[i], &r), ==, 0);
		back = net_route_to_string(&r);
		g_assert_cmpstr(back, ==, good[i]);
	}
	for (unsigned i = 0; i < G_N_ELEMENTS(bad); i++) {
		struct net_route r;

		g_assert_cmpint(net_route_parse(bad[i], &r), ==, -EINVAL);
	}
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	if (geteuid() == 0 && unshare(CLONE_NEWNET) == 0) {
		in_private_netns = true;
		lo_up();
	}
	g_test_add_func("/net-route/host-route", test_host_route_roundtrip);
	g_test_add_func("/net-route/default-halves", test_default_halves);
	g_test_add_func("/net-route/format", test_format_gateway);
	g_test_add_func("/net-route/string", test_string_roundtrip);
	return g_test_run();
}
