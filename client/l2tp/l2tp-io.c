// SPDX-License-Identifier: GPL-2.0-or-later
/* l2tp-io (see l2tp-io.h): what a seam left NULL falls back to. */
#include <errno.h>
#include <sys/random.h>

#include <glib.h>

#include "l2tp-io.h"

void l2tp_io_random(const struct l2tp_io *io, void *buf, size_t len)
{
	if (io->random) {
		io->random(buf, len, io->user_data);
		return;
	}
	for (size_t done = 0; done < len;) {
		ssize_t n = getrandom((uint8_t *)buf + done, len - done, 0);

		if (n > 0)
			done += (size_t)n;
		else if (errno != EINTR)
			g_error("getrandom failed: %s", g_strerror(errno));
	}
}
