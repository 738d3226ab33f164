// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * journald's native protocol: one datagram of "FIELD=value\n" lines (values without newlines;
 * ours are flattened to one line), sent to an AF_UNIX datagram socket.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <glib.h>

#include "nm-l2tpc-journal.h"

static void nm_l2tpc_journal_field(GString *msg, const char *name, const char *value)
{
	g_string_append_printf(msg, "%s=", name);
	for (const char *c = value; *c; c++)
		g_string_append_c(msg, *c == '\n' ? ' ' : *c);
	g_string_append_c(msg, '\n');
}

int nm_l2tpc_journal_failure(const char *path, const char *uuid, const char *id, const char *klass,
			     const char *sentence)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	g_autoptr(GString) msg = g_string_new(NULL);
	g_autofree char *text = g_strdup_printf("%s: %s", id, sentence);
	int fd, ret = 0;

	if (!path)
		path = NM_L2TPC_JOURNAL_SOCKET;
	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, path);
	nm_l2tpc_journal_field(msg, "MESSAGE", text);
	nm_l2tpc_journal_field(msg, "PRIORITY", "3");
	nm_l2tpc_journal_field(msg, "SYSLOG_IDENTIFIER", "nm-l2tpc-service");
	if (uuid)
		nm_l2tpc_journal_field(msg, "NM_CONNECTION", uuid);
	if (klass)
		nm_l2tpc_journal_field(msg, "L2TPC_FAILURE", klass);

	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (sendto(fd, msg->str, msg->len, MSG_NOSIGNAL, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}
