// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A blocking VICI exchange (see vici-sync.h): poll() for each read and write, bounded by the
 * caller's deadline.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "vici-packet.h"
#include "vici-sync.h"

int vici_sync_connect(const char *socket_path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (g_str_has_prefix(socket_path, "unix://"))
		socket_path += strlen("unix://");
	if (strlen(socket_path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, socket_path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	/* a unix socket connects at once or fails: no wait */
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

/* Waits until @fd is ready for @events, or the deadline: 0, -ETIMEDOUT or -errno. */
static int vici_sync_wait(int fd, short events, gint64 deadline_us)
{
	struct pollfd p = { .fd = fd, .events = events };
	gint64 left = deadline_us - g_get_monotonic_time();
	int r;

	if (left <= 0)
		return -ETIMEDOUT;
	r = poll(&p, 1, (int)((left + 999) / 1000));
	if (r < 0)
		return errno == EINTR ? 0 : -errno;
	return r == 0 ? -ETIMEDOUT : 0;
}

static int vici_sync_write(int fd, const uint8_t *buf, size_t len, gint64 deadline_us)
{
	while (len) {
		ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);
		int r;

		if (n > 0) {
			buf += n;
			len -= (size_t)n;
			continue;
		}
		if (n < 0 && errno != EAGAIN && errno != EINTR)
			return errno == EPIPE ? -ECONNRESET : -errno;
		r = vici_sync_wait(fd, POLLOUT, deadline_us);
		if (r < 0)
			return r;
	}
	return 0;
}

static int vici_sync_read(int fd, uint8_t *buf, size_t len, gint64 deadline_us)
{
	while (len) {
		ssize_t n = recv(fd, buf, len, 0);
		int r;

		if (n > 0) {
			buf += n;
			len -= (size_t)n;
			continue;
		}
		if (n == 0)
			return -ECONNRESET;
		if (errno != EAGAIN && errno != EINTR)
			return -errno;
		r = vici_sync_wait(fd, POLLIN, deadline_us);
		if (r < 0)
			return r;
	}
	return 0;
}

/* One framed packet, parsed: 0 and *out, or -errno. */
static int vici_sync_recv(int fd, gint64 deadline_us, struct vici_msg **out)
{
	uint8_t header[VICI_HEADER_LEN];
	g_autofree uint8_t *body = NULL;
	const char *why;
	size_t len;
	int r = vici_sync_read(fd, header, sizeof(header), deadline_us);

	if (r < 0)
		return r;
	if (vici_packet_frame_length(header, &len) < 0)
		return -EBADMSG;
	body = g_malloc(len);
	r = vici_sync_read(fd, body, len, deadline_us);
	if (r < 0)
		return r;
	return vici_msg_parse(body, len, out, &why) < 0 ? -EBADMSG : 0;
}

int vici_sync_call(int fd, GBytes *request, gint64 deadline_us, vici_sync_event_fn on_event,
		   void *user_data, struct vici_msg **reply)
{
	gsize len;
	const uint8_t *data = g_bytes_get_data(request, &len);
	int r = vici_sync_write(fd, data, len, deadline_us);

	*reply = NULL;
	while (r == 0) {
		struct vici_msg *m = NULL;

		r = vici_sync_recv(fd, deadline_us, &m);
		if (r < 0)
			break;
		if (m->type != VICI_EVENT) {
			*reply = m;
			return 0;
		}
		if (on_event)
			on_event(m, user_data);
		vici_msg_free(m);
	}
	return r;
}
