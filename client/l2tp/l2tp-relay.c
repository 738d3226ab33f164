// SPDX-License-Identifier: GPL-2.0-or-later
#include "l2tp-relay.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib.h>

#include "l2tpc-log.h"
#include "ppp-hdlc.h"
#include "l2tpc-i18n.h"

/* Frames from the server held until pppd has set up its tty (pppd's LCP Configure-Request is
 * at most a few frames behind the server's, so a handful is plenty). */
#define L2TP_RELAY_MAX_HELD 16

/* RFC 1662 3.1: all-stations address, unnumbered-information control */
#define PPP_ADDRESS 0xff
#define PPP_CONTROL 0x03

struct l2tp_relay {
	int master_fd;
	int slave_fd; /* our own reference: keeps the pty alive until pppd opens it */
	char *pty_path;
	guint watch;
	l2tp_relay_send_fn send;
	void *user_data;
	struct ppp_hdlc_decoder dec;
	struct l2tp_relay_stats stats;
	/* pppd flushes its tty's input when it sets the tty up, so what the server sends before
	 * pppd speaks (its first LCP Configure-Request) is held here until then. */
	bool pppd_spoke;
	GQueue held; /* of GBytes, HDLC-encoded */
};

static int l2tp_relay_write(struct l2tp_relay *r, const uint8_t *enc, size_t n)
{
	ssize_t w;

	do {
		w = write(r->master_fd, enc, n);
	} while (w < 0 && errno == EINTR);
	if (w == (ssize_t)n) {
		r->stats.to_ppp_frames++;
		return 0;
	}
	/* a partial write leaves a broken frame that pppd's FCS check drops */
	r->stats.to_ppp_dropped++;
	return w < 0 ? -errno : -EAGAIN;
}

static void l2tp_relay_release_held(struct l2tp_relay *r)
{
	GBytes *b;

	while ((b = g_queue_pop_head(&r->held))) {
		gsize n;
		const uint8_t *enc = g_bytes_get_data(b, &n);

		l2tp_relay_write(r, enc, n);
		g_bytes_unref(b);
	}
}

static void l2tp_relay_frame_from_ppp(const uint8_t *frame, size_t len, void *user_data)
{
	struct l2tp_relay *r = user_data;
	uint8_t buf[PPP_HDLC_MAX_FRAME + 2];
	int err;

	/* with ACFC negotiated pppd leaves FF 03 out; L2TP peers expect it (kernel sends it) */
	if (len < 2 || frame[0] != PPP_ADDRESS || frame[1] != PPP_CONTROL) {
		buf[0] = PPP_ADDRESS;
		buf[1] = PPP_CONTROL;
		memcpy(buf + 2, frame, len);
		frame = buf;
		len += 2;
	}
	err = r->send(frame, len, r->user_data);
	if (err < 0)
		r->stats.send_errors++;
	else
		r->stats.to_net_frames++;
	if (!r->pppd_spoke) {
		r->pppd_spoke = true;
		l2tp_relay_release_held(r);
	}
}

static gboolean l2tp_relay_on_master(int fd, GIOCondition cond, gpointer data)
{
	struct l2tp_relay *r = data;
	uint8_t buf[4096];

	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n > 0) {
			ppp_hdlc_decoder_feed(&r->dec, buf, (size_t)n, l2tp_relay_frame_from_ppp,
					      r);
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return G_SOURCE_CONTINUE;
		/* EIO/EOF cannot happen while we hold the slave; stop quietly if it does */
		l2tpc_debug("l2tp", "pty master closed (%s)", n < 0 ? g_strerror(errno) : "eof");
		r->watch = 0;
		return G_SOURCE_REMOVE;
	}
}

int l2tp_relay_new(l2tp_relay_send_fn send, void *user_data, struct l2tp_relay **out,
		   struct l2tpc_failure *f)
{
	struct l2tp_relay *r;
	struct termios tio;
	const char *name;
	int err;

	r = g_new0(struct l2tp_relay, 1);
	r->send = send;
	r->user_data = user_data;
	r->slave_fd = -1;
	ppp_hdlc_decoder_init(&r->dec);
	r->master_fd = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
	if (r->master_fd < 0 || grantpt(r->master_fd) < 0 || unlockpt(r->master_fd) < 0 ||
	    !(name = ptsname(r->master_fd)))
		goto fail;
	r->pty_path = g_strdup(name);
	r->slave_fd = open(r->pty_path, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (r->slave_fd < 0 || tcgetattr(r->slave_fd, &tio) < 0)
		goto fail;
	/* raw until pppd takes over: no echo of frames back to us, no line editing */
	cfmakeraw(&tio);
	if (tcsetattr(r->slave_fd, TCSANOW, &tio) < 0)
		goto fail;
	r->watch = g_unix_fd_add(r->master_fd, G_IO_IN, l2tp_relay_on_master, r);
	*out = r;
	return 0;

fail:
	err = -errno;
	l2tpc_failure_set(f, L2TPC_FAILURE_SYSTEM,
			  _("Cannot open a pseudo-terminal for pppd (%s); mount devpts on /dev/pts "
			    "or load the kernel's l2tp_ppp module so no pty is needed."),
			  g_strerror(-err));
	l2tp_relay_free(r);
	return err;
}

const char *l2tp_relay_pty_path(const struct l2tp_relay *r)
{
	return r->pty_path;
}

int l2tp_relay_deliver(struct l2tp_relay *r, const uint8_t *frame, size_t len)
{
	uint8_t buf[PPP_HDLC_MAX_FRAME];
	uint8_t enc[PPP_HDLC_ENCODED_MAX(PPP_HDLC_MAX_FRAME)];
	size_t n;

	if (len + 2 > sizeof(buf) - 2)
		return -EMSGSIZE;
	/* RFC 2661 section 1 carries FF 03; Microsoft peers drop it, pppd wants it unless ACFC */
	if (len < 2 || frame[0] != PPP_ADDRESS || frame[1] != PPP_CONTROL) {
		buf[0] = PPP_ADDRESS;
		buf[1] = PPP_CONTROL;
		memcpy(buf + 2, frame, len);
		frame = buf;
		len += 2;
	}
	n = ppp_hdlc_encode(frame, len, enc);
	if (!r->pppd_spoke) {
		if (r->held.length >= L2TP_RELAY_MAX_HELD) {
			g_bytes_unref(g_queue_pop_head(&r->held));
			r->stats.to_ppp_dropped++;
		}
		g_queue_push_tail(&r->held, g_bytes_new(enc, n));
		return 0;
	}
	return l2tp_relay_write(r, enc, n);
}

void l2tp_relay_get_stats(const struct l2tp_relay *r, struct l2tp_relay_stats *st)
{
	*st = r->stats;
	st->bad_fcs = r->dec.bad_fcs;
	st->runts = r->dec.runts;
	st->too_long = r->dec.too_long;
}

void l2tp_relay_free(struct l2tp_relay *r)
{
	if (!r)
		return;
	g_clear_handle_id(&r->watch, g_source_remove);
	g_queue_clear_full(&r->held, (GDestroyNotify)g_bytes_unref);
	if (r->slave_fd >= 0)
		close(r->slave_fd);
	if (r->master_fd >= 0)
		close(r->master_fd);
	g_free(r->pty_path);
	g_free(r);
}
