// SPDX-License-Identifier: GPL-2.0-or-later
/* engine-ipsec: maps a profile onto ipsec-conn and runs its up/down for the engine. */
#include <errno.h>
#include <string.h>

#include "conn-plan.h"
#include "engine-ipsec.h"
#include "engine-private.h"
#include "ipsec-conn.h"
#include "ipsec-creds.h"
#include "l2tp-udp.h"
#include "l2tpc-log.h"
#include "net-xfrm.h"
#include "profile.h"
#include "l2tpc-i18n.h"

struct engine_ipsec {
	struct ipsec_conn *conn;
	struct ipsec_creds *creds;
	struct ipsec_charon_options charon;
	bool busy, loaded;
};

/* Ties the L2TP socket to the SA just set up: from here on it carries nothing else. */
static int protect_udp(struct l2tpc_engine *e, struct l2tpc_failure *f)
{
	uint32_t reqid = ipsec_conn_reqid(e->ipsec->conn);

	if (!reqid) {
		l2tpc_failure_set(
			f, L2TPC_FAILURE_IPSEC_DAEMON,
			_("charon did not report the kernel reqid of the IPsec SA with "
			  "%s, so L2TP cannot be bound to it; update strongSwan to 5.9 or "
			  "later."),
			e->gw.text);
		return -EPROTO;
	}
	l2tp_udp_set_ipcomp(e->udp, ipsec_conn_ipcomp(e->ipsec->conn));
	return l2tp_udp_require_esp(e->udp, reqid, f);
}

static void udp_moved(uint16_t port, void *ud)
{
	struct l2tpc_engine *e = ud;
	struct l2tpc_failure f = { 0 };
	g_autofree char *covered = NULL;
	uint16_t lo, hi;

	ipsec_conn_remote_ports(e->ipsec->conn, &lo, &hi);
	covered = lo == hi ? g_strdup_printf("%u", lo) : g_strdup_printf("%u-%u", lo, hi);
	l2tpc_failure_set(&f, L2TPC_FAILURE_L2TP,
			  _("The L2TP server %s moved the tunnel to UDP port %u, outside the IPsec "
			    "policy it agreed to (server port %s); l2tpc sends no L2TP outside "
			    "IPsec: ask the server's administrator to cover that port in the IPsec "
			    "policy or to answer from port 1701."),
			  e->gw.text, port, covered);
	engine_fail(e, &f);
	l2tpc_failure_clear(&f);
}

/* With the SA narrowed to some server ports, a server that answers from another one is named
 * at once instead of timing out (docs/l2tp.md). */
static void watch_moves(struct l2tpc_engine *e)
{
	uint16_t lo, hi;
	int r;

	ipsec_conn_remote_ports(e->ipsec->conn, &lo, &hi);
	r = l2tp_udp_watch_moves(e->udp, lo, hi, udp_moved, e);
	if (r < 0)
		l2tpc_debug("engine", "cannot watch for a moved L2TP port: %s", g_strerror(-r));
}

static void conn_done(struct ipsec_conn *conn, const struct l2tpc_failure *f, void *ud)
{
	struct l2tpc_engine *e = ud;
	struct l2tpc_failure pf = { 0 };

	e->ipsec->busy = false;
	/* down: a CPI charon reserved for an IPComp the server declined outlives the SA */
	if (!e->ipsec->loaded && e->profile->ipsec_ipcomp && e->local.len &&
	    net_xfrm_drop_comp_reservations((struct sockaddr *)&e->gw.ss,
					    (struct sockaddr *)&e->local.ss) > 0)
		l2tpc_info("ipsec", "removed the IPComp CPI charon had reserved for %s",
			   e->gw.text);
	if (!f && e->ipsec->loaded && !e->tearing_down) {
		if (protect_udp(e, &pf) < 0) {
			engine_ipsec_done(e, &pf);
			l2tpc_failure_clear(&pf);
			return;
		}
		watch_moves(e);
	}
	engine_ipsec_done(e, f);
}

static void conn_lost(struct ipsec_conn *conn, const struct l2tpc_failure *f, void *ud)
{
	struct l2tpc_engine *e = ud;

	if (!e->tearing_down)
		engine_fail(e, f);
}

static void conn_initiating(struct ipsec_conn *conn, void *ud)
{
	engine_ppp_start_early(ud);
}

static int load_creds(struct l2tpc_engine *e, struct l2tpc_failure *f)
{
	const struct l2tpc_profile *p = e->profile;
	struct ipsec_creds_files files = { 0 };

	conn_plan_ipsec_creds(p, &files);
	files.read = e->opts.read_file;
	files.read_ud = e->opts.read_file_ud;
	return ipsec_creds_load(&files, &e->ipsec->creds, f);
}

void engine_ipsec_up(struct l2tpc_engine *e)
{
	const struct l2tpc_profile *p = e->profile;
	struct ipsec_conn_params cp = { 0 };
	struct conn_plan_env env = { 0 };
	struct l2tpc_failure f = { 0 };
	bool tls = p->machine_auth_type == L2TPC_PROFILE_MACHINE_AUTH_TLS;
	g_auto(conn_plan_strings) owned = { 0 };

	e->ipsec = g_new0(struct engine_ipsec, 1);
	e->ipsec->charon.run_dir = e->opts.rundir;
	if (tls && load_creds(e, &f) < 0)
		goto fail;
	env.gateway_addr = e->gw.text;
	env.local_addr = e->local.text;
	env.l2tp_local_port = l2tp_udp_local_port(e->udp);
	if (conn_plan_ipsec(p, &env, &cp, &owned, &f) < 0)
		goto fail;
	cp.charon = &e->ipsec->charon;
	if (tls) {
		struct ipsec_creds *c = e->ipsec->creds;

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
	} else {
		if (!cp.psk) {
			l2tpc_failure_set(
				&f, L2TPC_FAILURE_CONFIG,
				_("The profile has no IPsec pre-shared key: set ipsec-psk or "
				  "switch machine-auth-type to tls."));
			goto fail;
		}
	}
	e->ipsec->conn = ipsec_conn_new(&cp, &f);
	if (!e->ipsec->conn)
		goto fail;
	ipsec_conn_set_lost_handler(e->ipsec->conn, conn_lost, e);
	ipsec_conn_set_initiating_handler(e->ipsec->conn, conn_initiating, e);
	e->ipsec->busy = true;
	e->ipsec->loaded = true;
	ipsec_conn_up(e->ipsec->conn, conn_done, e);
	return;
fail:
	engine_ipsec_done(e, &f);
	l2tpc_failure_clear(&f);
}

bool engine_ipsec_busy(struct l2tpc_engine *e)
{
	return e->ipsec && e->ipsec->busy;
}

bool engine_ipsec_active(struct l2tpc_engine *e)
{
	return e->ipsec && e->ipsec->loaded;
}

void engine_ipsec_down(struct l2tpc_engine *e)
{
	/* Nothing of the tunnel may follow the SA in clear text (a StopCCN retransmission, a
	 * late data frame): block the socket before charon deletes the SA. */
	if (e->udp) {
		(void)l2tp_udp_block(e->udp);
		l2tp_udp_unwatch_moves(e->udp);
	}
	e->ipsec->loaded = false;
	e->ipsec->busy = true;
	ipsec_conn_down(e->ipsec->conn, conn_done, e);
}

void engine_ipsec_free(struct l2tpc_engine *e)
{
	if (!e->ipsec)
		return;
	g_clear_pointer(&e->ipsec->conn, ipsec_conn_free);
	g_clear_pointer(&e->ipsec->creds, ipsec_creds_free);
	g_clear_pointer(&e->ipsec, g_free);
}
