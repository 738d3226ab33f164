// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test-nm-journal: the failure entry the service sends to journald's native socket carries
 * NM_CONNECTION (what nmcli's "journalctl -xe NM_CONNECTION=..." hint selects) and the sentence
 * on one line. A datagram socket in a temporary directory stands in for journald.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "nm-l2tpc-journal.h"

static void test_entry(void)
{
	g_autofree char *dir = g_dir_make_tmp("nm-journal-XXXXXX", NULL);
	g_autofree char *path = g_build_filename(dir, "socket", NULL);
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char buf[4096];
	ssize_t n;
	int fd = socket(AF_UNIX, SOCK_DGRAM, 0);

	g_assert_cmpint(fd, >=, 0);
	g_strlcpy(sa.sun_path, path, sizeof(sa.sun_path));
	g_assert_cmpint(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), ==, 0);
	g_assert_cmpint(nm_l2tpc_journal_failure(path, "5f1c2d4e-0000-4000-8000-000000000001",
						 "office", "ipsec-proposal",
						 "192.0.2.1 accepts none\nof the proposals."),
			==, 0);
	n = recv(fd, buf, sizeof(buf) - 1, MSG_DONTWAIT);
	g_assert_cmpint(n, >, 0);
	buf[n] = 0;
	g_assert_cmpstr(buf, ==,
			"MESSAGE=office: 192.0.2.1 accepts none of the proposals.\n"
			"PRIORITY=3\n"
			"SYSLOG_IDENTIFIER=nm-l2tpc-service\n"
			"NM_CONNECTION=5f1c2d4e-0000-4000-8000-000000000001\n"
			"L2TPC_FAILURE=ipsec-proposal\n");
	close(fd);
	g_unlink(path);
	g_rmdir(dir);
}

/* No journald: an error the service ignores, never a crash or a block. */
static void test_no_journald(void)
{
	g_assert_cmpint(
		nm_l2tpc_journal_failure("/nonexistent/l2tpc/socket", "u", "office", NULL, "x."),
		==, -ENOENT);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/nm-journal/entry", test_entry);
	g_test_add_func("/nm-journal/no-journald", test_no_journald);
	return g_test_run();
}
