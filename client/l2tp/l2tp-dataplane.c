// SPDX-License-Identifier: GPL-2.0-or-later
#include "l2tp-dataplane.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/if_pppox.h>

#include <glib.h>

#include "l2tp-nl.h"
#include "l2tp-pppox.h"
#include "l2tpc-log.h"
#include "l2tpc-i18n.h"

/* A tunnel deleted over netlink releases the UDP socket from a kernel work queue; the legacy
 * path may find it still busy for a moment. */
#define L2TP_DATAPLANE_BUSY_RETRIES 20
#define L2TP_DATAPLANE_BUSY_WAIT_US 10000

struct l2tp_dataplane {
	enum l2tp_dataplane_kind kind;
	uint16_t tunnel_id, session_id;
	struct l2tp_nl *nl;	  /* netlink path: for the deletes at teardown */
	int tunnel_fd;		  /* legacy path: the session 0/0 socket */
	int session_fd;		  /* kernel paths: the PPPoL2TP session socket for pppd */
	struct l2tp_relay *relay; /* userspace path */
};

const char *l2tp_dataplane_kind_name(enum l2tp_dataplane_kind kind)
{
	switch (kind) {
	case L2TP_DATAPLANE_NETLINK:
		return "kernel (netlink)";
	case L2TP_DATAPLANE_LEGACY:
		return "kernel (PPPoL2TP sockets)";
	case L2TP_DATAPLANE_USERSPACE:
		return "userspace (pty)";
	}
	return "unknown";
}

static struct l2tp_dataplane *l2tp_dataplane_alloc(const struct l2tp_dataplane_params *p)
{
	struct l2tp_dataplane *dp = g_new0(struct l2tp_dataplane, 1);

	dp->tunnel_id = p->tunnel_id;
	dp->session_id = p->session_id;
	dp->tunnel_fd = -1;
	dp->session_fd = -1;
	return dp;
}

static bool l2tp_dataplane_no_kernel_support(int err)
{
	return err == -EAFNOSUPPORT || err == -EPROTONOSUPPORT || err == -ENOENT ||
	       err == -EOPNOTSUPP || err == -ESOCKTNOSUPPORT;
}

/* (a) generic netlink. Returns 0, or -errno with *why set to a static reason. */
static int l2tp_dataplane_try_netlink(struct l2tp_dataplane *dp,
				      const struct l2tp_dataplane_params *p, const char **why)
{
	int r;

	if (p->probe && p->probe->done) {
		dp->nl = g_steal_pointer(&p->probe->nl);
		r = dp->nl ? 0 : p->probe->nl_err;
	} else {
		r = l2tp_nl_open(&dp->nl);
	}
	if (r < 0) {
		*why = r == -ENOENT ? "the kernel has no generic-netlink family \"l2tp\" "
				      "(module l2tp_netlink, CONFIG_L2TP_V3)"
				    : "the generic-netlink socket failed";
		return r;
	}
	r = l2tp_nl_tunnel_create(dp->nl, p);
	if (r < 0) {
		*why = "L2TP_CMD_TUNNEL_CREATE was refused";
		goto fail;
	}
	r = l2tp_nl_session_create(dp->nl, p);
	if (r < 0) {
		/* PPP pseudowires over netlink need l2tp_ppp and CONFIG_L2TP_V3 */
		*why = r == -EPROTONOSUPPORT ? "the kernel cannot create PPP sessions over netlink "
					       "(l2tp_ppp or CONFIG_L2TP_V3 missing)"
					     : "L2TP_CMD_SESSION_CREATE was refused";
		l2tp_nl_tunnel_delete(dp->nl, p->tunnel_id);
		goto fail;
	}
	r = l2tp_pppox_connect(p, false);
	if (r < 0) {
		*why = "the PPPoL2TP socket could not attach to the netlink session";
		l2tp_nl_session_delete(dp->nl, p->tunnel_id, p->session_id);
		l2tp_nl_tunnel_delete(dp->nl, p->tunnel_id);
		goto fail;
	}
	dp->session_fd = r;
	dp->kind = L2TP_DATAPLANE_NETLINK;
	return 0;
fail:
	l2tp_nl_close(dp->nl);
	dp->nl = NULL;
	return r;
}

/* (b) legacy PPPoL2TP sockets */
static int l2tp_dataplane_try_legacy(struct l2tp_dataplane *dp,
				     const struct l2tp_dataplane_params *p, const char **why)
{
	int r;

	for (int i = 0;; i++) {
		r = l2tp_pppox_connect(p, true);
		if (r != -EBUSY && r != -EEXIST && r != -EALREADY)
			break;
		if (i >= L2TP_DATAPLANE_BUSY_RETRIES)
			break;
		g_usleep(L2TP_DATAPLANE_BUSY_WAIT_US);
	}
	if (r < 0) {
		*why = l2tp_dataplane_no_kernel_support(r)
			       ? "the kernel has no PPPoL2TP sockets (module l2tp_ppp)"
			       : "the PPPoL2TP tunnel socket could not bind to the UDP socket";
		return r;
	}
	dp->tunnel_fd = r;
	r = l2tp_pppox_connect(p, false);
	if (r < 0) {
		*why = "the PPPoL2TP session socket could not be connected";
		close(dp->tunnel_fd);
		dp->tunnel_fd = -1;
		return r;
	}
	dp->session_fd = r;
	dp->kind = L2TP_DATAPLANE_LEGACY;
	return 0;
}

/* (c) userspace relay */
static int l2tp_dataplane_try_userspace(struct l2tp_dataplane *dp,
					const struct l2tp_dataplane_params *p,
					struct l2tpc_failure *f)
{
	int r;

	if (!p->send) {
		l2tpc_failure_set(
			f, L2TPC_FAILURE_INTERNAL,
			_("The userspace L2TP data path has no send function; this is a bug "
			  "in l2tpc, please report it."));
		return -EINVAL;
	}
	r = l2tp_relay_new(p->send, p->send_data, &dp->relay, f);
	if (r < 0)
		return r;
	dp->kind = L2TP_DATAPLANE_USERSPACE;
	return 0;
}

void l2tp_dataplane_probe_run(enum l2tp_dataplane_mode mode, struct l2tp_dataplane_probe *out)
{
	int fd;

	*out = (struct l2tp_dataplane_probe){ .nl_err = -ENOENT, .pppox_err = -EAFNOSUPPORT };
	if (mode == L2TP_DATAPLANE_AUTO || mode == L2TP_DATAPLANE_ONLY_NETLINK)
		out->nl_err = l2tp_nl_open(&out->nl);
	if (mode != L2TP_DATAPLANE_ONLY_USERSPACE) {
		fd = socket(AF_PPPOX, SOCK_DGRAM | SOCK_CLOEXEC, PX_PROTO_OL2TP);
		out->pppox_err = fd < 0 ? -errno : 0;
		if (fd >= 0)
			close(fd);
	}
	out->done = true;
}

bool l2tp_dataplane_probe_kernel(enum l2tp_dataplane_mode mode,
				 const struct l2tp_dataplane_probe *probe)
{
	if (!probe->done || mode == L2TP_DATAPLANE_ONLY_USERSPACE)
		return false;
	/* Both kernel paths end in a PPPoL2TP session socket; without one, AUTO falls back to
	 * the userspace relay and a forced kernel path fails. */
	return probe->pppox_err == 0;
}

void l2tp_dataplane_probe_clear(struct l2tp_dataplane_probe *probe)
{
	g_clear_pointer(&probe->nl, l2tp_nl_close);
	probe->done = false;
}

int l2tp_dataplane_open(const struct l2tp_dataplane_params *p, struct l2tp_dataplane **out,
			struct l2tpc_failure *f)
{
	struct l2tp_dataplane *dp = l2tp_dataplane_alloc(p);
	const char *nl_why = NULL, *legacy_why = NULL;
	int nl_err = 0, legacy_err = 0, r;

	if (p->mode == L2TP_DATAPLANE_AUTO || p->mode == L2TP_DATAPLANE_ONLY_NETLINK) {
		nl_err = l2tp_dataplane_try_netlink(dp, p, &nl_why);
		if (nl_err == 0) {
			l2tpc_info("l2tp",
				   "data path: kernel via generic netlink (tunnel %u, session "
				   "%u, fd %d)",
				   p->tunnel_id, p->session_id, dp->session_fd);
			goto ok;
		}
		if (p->mode == L2TP_DATAPLANE_ONLY_NETLINK) {
			l2tpc_failure_set(
				f, L2TPC_FAILURE_SYSTEM,
				_("The kernel L2TP netlink data path failed: %s (%s); run "
				  "'modprobe l2tp_netlink l2tp_ppp' or choose another data "
				  "path."),
				nl_why, g_strerror(-nl_err));
			r = nl_err;
			goto fail;
		}
	}
	if (p->mode == L2TP_DATAPLANE_AUTO || p->mode == L2TP_DATAPLANE_ONLY_LEGACY) {
		legacy_err = l2tp_dataplane_try_legacy(dp, p, &legacy_why);
		if (legacy_err == 0) {
			if (nl_why)
				l2tpc_info("l2tp",
					   "data path: kernel via PPPoL2TP sockets, because "
					   "%s (%s)",
					   nl_why, g_strerror(-nl_err));
			else
				l2tpc_info("l2tp",
					   "data path: kernel via PPPoL2TP sockets (forced)");
			goto ok;
		}
		if (p->mode == L2TP_DATAPLANE_ONLY_LEGACY ||
		    !l2tp_dataplane_no_kernel_support(legacy_err)) {
			/* l2tp_ppp is there but refused us: the userspace path would hide a bug */
			l2tpc_failure_set(
				f, L2TPC_FAILURE_SYSTEM,
				_("The kernel L2TP data path failed: %s (%s); run 'modprobe "
				  "l2tp_ppp' or install linux-modules-extra, and check that "
				  "no other L2TP client uses the same tunnel."),
				legacy_why, g_strerror(-legacy_err));
			r = legacy_err;
			goto fail;
		}
	}
	r = l2tp_dataplane_try_userspace(dp, p, f);
	if (r < 0)
		goto fail;
	if (legacy_why)
		l2tpc_warn("l2tp",
			   "The kernel has no L2TP support (module l2tp_ppp): run "
			   "'modprobe l2tp_ppp' or install linux-modules-extra; falling back "
			   "to the slower userspace data path on %s.",
			   l2tp_relay_pty_path(dp->relay));
	else
		l2tpc_info("l2tp", "data path: userspace pty %s (forced)",
			   l2tp_relay_pty_path(dp->relay));
ok:
	*out = dp;
	return 0;
fail:
	l2tp_dataplane_close(dp);
	return r;
}

enum l2tp_dataplane_kind l2tp_dataplane_get_kind(const struct l2tp_dataplane *dp)
{
	return dp->kind;
}

int l2tp_dataplane_pppox_fd(const struct l2tp_dataplane *dp)
{
	return dp->session_fd;
}

const char *l2tp_dataplane_pty_path(const struct l2tp_dataplane *dp)
{
	return dp->relay ? l2tp_relay_pty_path(dp->relay) : NULL;
}

int l2tp_dataplane_deliver(struct l2tp_dataplane *dp, const uint8_t *frame, size_t len)
{
	if (!dp->relay)
		return -EOPNOTSUPP;
	return l2tp_relay_deliver(dp->relay, frame, len);
}

void l2tp_dataplane_close(struct l2tp_dataplane *dp)
{
	if (!dp)
		return;
	if (dp->session_fd >= 0)
		close(dp->session_fd);
	if (dp->tunnel_fd >= 0)
		close(dp->tunnel_fd);
	if (dp->nl) {
		int r = l2tp_nl_session_delete(dp->nl, dp->tunnel_id, dp->session_id);

		/* closing the last PPPoL2TP socket may already have removed the session */
		if (r < 0 && r != -ENOENT)
			l2tpc_debug("l2tp", "netlink session delete: %s", g_strerror(-r));
		r = l2tp_nl_tunnel_delete(dp->nl, dp->tunnel_id);
		if (r < 0 && r != -ENOENT)
			l2tpc_debug("l2tp", "netlink tunnel delete: %s", g_strerror(-r));
		l2tp_nl_close(dp->nl);
	}
	l2tp_relay_free(dp->relay);
	g_free(dp);
}
