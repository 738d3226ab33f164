// SPDX-License-Identifier: GPL-2.0-or-later
/* engine-ppp: pppd for one connection, with the profile's options and secrets. */
#include <arpa/inet.h>
#include <errno.h>

#include "conn-plan.h"
#include "engine-ppp.h"
#include "l2tpc-i18n.h"
#include "l2tpc-log.h"
#include "ppp-options.h"
#include "profile.h"

struct engine_ppp {
	const struct l2tpc_profile *profile;
	const char *pppd_path, *plugin;
	engine_event_fn report;
	void *ud;
	struct ppp_supervisor *sup;
	bool running, stopping;
};

struct engine_ppp *engine_ppp_new(const struct l2tpc_profile *profile, const char *pppd_path,
				  const char *plugin, engine_event_fn report, void *ud)
{
	struct engine_ppp *p = g_new0(struct engine_ppp, 1);

	p->profile = profile;
	p->pppd_path = pppd_path;
	p->plugin = plugin;
	p->report = report;
	p->ud = ud;
	return p;
}

void engine_ppp_free(struct engine_ppp *p)
{
	if (!p)
		return;
	ppp_supervisor_free(p->sup);
	g_free(p);
}

static void sup_on_auth_ok(struct ppp_supervisor *sup, void *ud)
{
	struct engine_ppp *p = ud;

	engine_event_report(p->report, p->ud, ENGINE_EV_PPP_AUTH_OK, NULL);
}

static void sup_on_up(struct ppp_supervisor *sup, const struct ppp_supervisor_ip4 *ip4, void *ud)
{
	struct engine_ppp *p = ud;
	struct engine_event ev = { .type = ENGINE_EV_PPP_UP, .ip4 = ip4 };

	p->report(&ev, p->ud);
}

/* The supervisor's authentication sentence speaks of a user name and password; with EAP-TLS
 * the user has neither, but a key password and certificates to check. */
static bool auth_failed_tls(const struct engine_ppp *p, const struct l2tpc_failure *f,
			    struct l2tpc_failure *out)
{
	if (!f || !l2tpc_failure_is_set(f) || f->klass != L2TPC_FAILURE_PPP_AUTH ||
	    p->profile->user_auth_type != L2TPC_PROFILE_USER_AUTH_TLS)
		return false;
	l2tpc_failure_set(
		out, L2TPC_FAILURE_PPP_AUTH,
		_("The EAP-TLS login with the user certificate failed: check user-certpass "
		  "(the password of user-key), that the server trusts the CA of user-cert, "
		  "and that user-ca signed the server's certificate."));
	return true;
}

static void sup_on_down(struct ppp_supervisor *sup, const struct l2tpc_failure *f, void *ud)
{
	struct engine_ppp *p = ud;
	struct l2tpc_failure why = { 0 };

	p->running = false;
	if (auth_failed_tls(p, f, &why))
		f = &why;
	else if (f && l2tpc_failure_is_set(f))
		l2tpc_failure_copy(&why, f);
	else if (!p->stopping)
		l2tpc_failure_set(&why, L2TPC_FAILURE_PPP,
				  _("pppd ended the PPP link unexpectedly: see the pppd lines in "
				    "the log."));
	engine_event_report(p->report, p->ud, ENGINE_EV_PPP_DOWN, &why);
	l2tpc_failure_clear(&why);
}

static const struct ppp_supervisor_callbacks sup_cb = {
	.auth_ok = sup_on_auth_ok,
	.up = sup_on_up,
	.down = sup_on_down,
};

/* How long our pppd waits, after the server's first LCP Configure-Request, for the answer to
 * its own before sending it again (l2tpc-pppd-lcp.h): the answer is at most one round trip
 * behind, and ICRQ -> ICRP measured one (with the server's processing). Past ~1 s pppd's restart
 * timer is as quick. */
static unsigned lcp_resend_ms(const struct engine_ppp_link *link)
{
	gint64 rtt_ms = link->rtt_us > 0 ? link->rtt_us / 1000 : 100;
	gint64 ms = 2 * rtt_ms + 50;

	return ms < 900 ? (unsigned)ms : 0;
}

int engine_ppp_start(struct engine_ppp *p, const struct engine_ppp_link *link,
		     struct l2tpc_failure *f)
{
	struct ppp_options_settings s;
	struct ppp_supervisor_config cfg = { 0 };
	g_autofree char *options = NULL, *err = NULL;
	bool early = !link;
	int ret;

	ppp_options_settings_init(&s);
	if (early) {
		s.data_fd_later = true;
	} else if (link->pty) {
		s.transport = PPP_OPTIONS_PTY;
		s.pty_path = link->pty;
	}
	s.our_plugin = p->plugin;
	conn_plan_ppp(p->profile, &s);
	s.lcp_resend_ms = early ? 0 : lcp_resend_ms(link);
	s.debug = l2tpc_log_enabled(L2TPC_LOG_DEBUG);
	options = ppp_options_build(&s, &err);
	if (!options) {
		l2tpc_failure_set(f, L2TPC_FAILURE_CONFIG, "%s", err);
		return -EINVAL;
	}
	cfg.pppd_path = p->pppd_path;
	cfg.options = options;
	cfg.data_fd = early ? -1 : link->data_fd;
	cfg.tunnel_fd = early ? -1 : link->tunnel_fd;
	cfg.data_fd_later = early;
	conn_plan_ppp_secrets(p->profile, &cfg);
	p->sup = ppp_supervisor_new(&sup_cb, p);
	ret = ppp_supervisor_start(p->sup, &cfg, f);
	if (ret < 0)
		return ret;
	p->running = true;
	return 0;
}

int engine_ppp_attach(struct engine_ppp *p, const struct engine_ppp_link *link,
		      struct l2tpc_failure *f)
{
	if (link->data_fd < 0) {
		l2tpc_failure_set(f, L2TPC_FAILURE_INTERNAL,
				  _("pppd was started for the kernel L2TP data path, but the "
				    "userspace one was taken; this is a bug in l2tpc, please "
				    "report it with the log."));
		return -EINVAL;
	}
	return ppp_supervisor_give_data_fd(p->sup, link->data_fd, link->tunnel_fd,
					   lcp_resend_ms(link), f);
}

void engine_ppp_stop(struct engine_ppp *p)
{
	if (p->stopping)
		return;
	p->stopping = true;
	ppp_supervisor_stop(p->sup);
}

void engine_ppp_drop(struct engine_ppp *p)
{
	if (p->stopping)
		return;
	p->stopping = true;
	ppp_supervisor_drop(p->sup);
}

bool engine_ppp_peer_dead(const struct engine_ppp *p)
{
	return p && ppp_supervisor_peer_dead(p->sup);
}

bool engine_ppp_started(const struct engine_ppp *p)
{
	return p && p->sup;
}

bool engine_ppp_running(const struct engine_ppp *p)
{
	return p && p->running;
}

int engine_ppp_pid(const struct engine_ppp *p)
{
	return p && p->running ? (int)ppp_supervisor_pid(p->sup) : 0;
}

void engine_ppp_ip_config(const struct ppp_supervisor_ip4 *ip4, struct l2tpc_ip_config *ip)
{
	g_strlcpy(ip->ifname, ip4->ifname, sizeof(ip->ifname));
	inet_ntop(AF_INET, &ip4->local, ip->local4, sizeof(ip->local4));
	if (ip4->peer.s_addr)
		inet_ntop(AF_INET, &ip4->peer, ip->peer4, sizeof(ip->peer4));
	for (unsigned i = 0; i < ip4->n_dns && i < 2; i++)
		inet_ntop(AF_INET, &ip4->dns[i], ip->dns[i], sizeof(ip->dns[i]));
}
