// SPDX-License-Identifier: GPL-2.0-or-later
/* engine-ipsec: maps a profile onto ipsec-conn and runs its up and down. */
#include <errno.h>
#include <string.h>

#include "conn-plan.h"
#include "engine-ipsec.h"
#include "ipsec-conn.h"
#include "ipsec-creds.h"
#include "l2tp-udp.h"
#include "l2tpc-i18n.h"
#include "l2tpc-log.h"
#include "net-xfrm.h"
#include "profile.h"

struct engine_ipsec {
	struct engine_ipsec_params p;
	engine_event_fn report;
	void *ud;
	struct ipsec_conn *conn;
	struct ipsec_creds *creds;
	struct ipsec_charon_options charon;
	bool busy, loaded;
};

struct engine_ipsec *engine_ipsec_new(const struct engine_ipsec_params *params,
				      engine_event_fn report, void *ud)
{
	struct engine_ipsec *s = g_new0(struct engine_ipsec, 1);

	s->p = *params;
	s->report = report;
	s->ud = ud;
	s->charon.run_dir = params->rundir;
	return s;
}

void engine_ipsec_free(struct engine_ipsec *s)
{
	if (!s)
		return;
	g_clear_pointer(&s->conn, ipsec_conn_free);
	g_clear_pointer(&s->creds, ipsec_creds_free);
	g_free(s);
}

static void udp_moved(uint16_t port, void *ud)
{
	struct engine_ipsec *s = ud;
	struct l2tpc_failure f = { 0 };
	g_autofree char *covered = NULL;
	uint16_t lo, hi;

	ipsec_conn_remote_ports(s->conn, &lo, &hi);
	covered = lo == hi ? g_strdup_printf("%u", lo) : g_strdup_printf("%u-%u", lo, hi);
	l2tpc_failure_set(&f, L2TPC_FAILURE_L2TP,
			  _("The L2TP server %s moved the tunnel to UDP port %u, outside the IPsec "
			    "policy it agreed to (server port %s); l2tpc sends no L2TP outside "
			    "IPsec: ask the server's administrator to cover that port in the IPsec "
			    "policy or to answer from port 1701."),
			  s->p.gw->text, port, covered);
	engine_event_report(s->report, s->ud, ENGINE_EV_FAIL, &f);
	l2tpc_failure_clear(&f);
}

/* Ties the L2TP socket to the SA just set up: from here on it carries nothing else. */
int engine_ipsec_bind(struct engine_ipsec *s, struct l2tpc_failure *f)
{
	uint32_t reqid = ipsec_conn_reqid(s->conn);
	uint16_t lo, hi;
	int r;

	if (!reqid) {
		l2tpc_failure_set(
			f, L2TPC_FAILURE_IPSEC_DAEMON,
			_("charon did not report the kernel reqid of the IPsec SA with "
			  "%s, so L2TP cannot be bound to it; update strongSwan to 5.9 or "
			  "later."),
			s->p.gw->text);
		return -EPROTO;
	}
	l2tp_udp_set_ipcomp(s->p.udp, ipsec_conn_ipcomp(s->conn));
	r = l2tp_udp_require_esp(s->p.udp, reqid, f);
	if (r < 0)
		return r;
	/* With the SA narrowed to some server ports, a server that answers from another one is
	 * named at once instead of timing out (docs/l2tp.md). */
	ipsec_conn_remote_ports(s->conn, &lo, &hi);
	r = l2tp_udp_watch_moves(s->p.udp, lo, hi, udp_moved, s);
	if (r < 0)
		l2tpc_debug("engine", "cannot watch for a moved L2TP port: %s", g_strerror(-r));
	return 0;
}

static void conn_up_done(struct ipsec_conn *conn, const struct l2tpc_failure *f, void *ud)
{
	struct engine_ipsec *s = ud;

	s->busy = false;
	engine_event_report(s->report, s->ud, ENGINE_EV_IPSEC_UP, f);
}

static void conn_down_done(struct ipsec_conn *conn, const struct l2tpc_failure *f, void *ud)
{
	struct engine_ipsec *s = ud;
	const struct net_addr *gw = s->p.gw, *local = s->p.local;

	s->busy = false;
	/* a CPI charon reserved for an IPComp the server declined outlives the SA */
	if (s->p.profile->ipsec_ipcomp && local->len &&
	    net_xfrm_drop_comp_reservations((struct sockaddr *)&gw->ss,
					    (struct sockaddr *)&local->ss) > 0)
		l2tpc_info("ipsec", "removed the IPComp CPI charon had reserved for %s", gw->text);
	engine_event_report(s->report, s->ud, ENGINE_EV_IPSEC_DOWN, f);
}

static void conn_lost(struct ipsec_conn *conn, const struct l2tpc_failure *f, void *ud)
{
	struct engine_ipsec *s = ud;

	engine_event_report(s->report, s->ud, ENGINE_EV_IPSEC_LOST, f);
}

static void conn_initiating(struct ipsec_conn *conn, void *ud)
{
	struct engine_ipsec *s = ud;

	engine_event_report(s->report, s->ud, ENGINE_EV_IPSEC_INITIATING, NULL);
}

static int load_creds(struct engine_ipsec *s, struct l2tpc_failure *f)
{
	struct ipsec_creds_files files = { 0 };

	conn_plan_ipsec_creds(s->p.profile, &files);
	files.read = s->p.read_file;
	files.read_ud = s->p.read_file_ud;
	return ipsec_creds_load(&files, &s->creds, f);
}

int engine_ipsec_up(struct engine_ipsec *s, struct l2tpc_failure *f)
{
	const struct l2tpc_profile *p = s->p.profile;
	struct ipsec_conn_params cp = { 0 };
	struct conn_plan_env env = { 0 };
	bool tls = p->machine_auth_type == L2TPC_PROFILE_MACHINE_AUTH_TLS;
	g_auto(conn_plan_strings) owned = { 0 };

	if (tls && load_creds(s, f) < 0)
		return -EINVAL;
	env.gateway_addr = s->p.gw->text;
	env.local_addr = s->p.local->text;
	env.l2tp_local_port = l2tp_udp_local_port(s->p.udp);
	if (conn_plan_ipsec(p, &env, &cp, &owned, f) < 0)
		return -EINVAL;
	cp.charon = &s->charon;
	if (tls) {
		struct ipsec_creds *c = s->creds;

		cp.cert = c->cert;
		cp.chain = c->chain;
		cp.cas = c->cas;
		cp.key = c->key;
		cp.key_type = ipsec_creds_key_type_vici(c->key_type);
		if (!cp.local_id)
			cp.local_id = c->subject_asn1dn;
		if (!cp.server_name && !p->ipsec_remote_id)
			l2tpc_warn("ipsec",
				   "ipsec-check-server-name=no: any certificate from the CA "
				   "is accepted as the server %s",
				   p->gateway);
	} else if (!cp.psk) {
		l2tpc_failure_set(f, L2TPC_FAILURE_CONFIG,
				  _("The profile has no IPsec pre-shared key: set ipsec-psk or "
				    "switch machine-auth-type to tls."));
		return -EINVAL;
	}
	s->conn = ipsec_conn_new(&cp, f);
	if (!s->conn)
		return -EINVAL;
	ipsec_conn_set_lost_handler(s->conn, conn_lost, s);
	ipsec_conn_set_initiating_handler(s->conn, conn_initiating, s);
	s->busy = true;
	s->loaded = true;
	ipsec_conn_up(s->conn, conn_up_done, s);
	return 0;
}

static void engine_ipsec_take_down(struct engine_ipsec *s, bool drop)
{
	/* Nothing of the tunnel may follow the SA in clear text (a StopCCN retransmission, a
	 * late data frame): block the socket before charon deletes the SA. */
	(void)l2tp_udp_block(s->p.udp);
	l2tp_udp_unwatch_moves(s->p.udp);
	s->loaded = false;
	s->busy = true;
	if (drop)
		ipsec_conn_drop(s->conn, conn_down_done, s);
	else
		ipsec_conn_down(s->conn, conn_down_done, s);
}

void engine_ipsec_down(struct engine_ipsec *s)
{
	engine_ipsec_take_down(s, false);
}

void engine_ipsec_drop(struct engine_ipsec *s)
{
	engine_ipsec_take_down(s, true);
}

bool engine_ipsec_busy(const struct engine_ipsec *s)
{
	return s && s->busy;
}

bool engine_ipsec_loaded(const struct engine_ipsec *s)
{
	return s && s->loaded;
}
