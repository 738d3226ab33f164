// SPDX-License-Identifier: GPL-2.0-or-later
/* l2tpc-pppd-lcp: see l2tpc-pppd-lcp.h. */
#include "l2tpc-pppd.h" /* first: pppd's own bool */
#include <pppd/fsm.h>
#include <pppd/lcp.h>

#include "l2tpc-pppd-lcp.h"

/* RFC 1662 3.1 address and control, RFC 1661 protocol number of LCP */
#define L2TPC_LCP_ADDRESS  0xff
#define L2TPC_LCP_CONTROL  0x03
#define L2TPC_LCP_PROTOCOL 0xc021

static int l2tpc_lcp_resend_ms; /* 0: off */
static int l2tpc_lcp_peer_seen;
static int l2tpc_lcp_reqid;
static void (*l2tpc_lcp_prev_hook)(unsigned char *p, int len);

static option_t l2tpc_lcp_options[] = {
	{ "l2tpc-lcp-resend-ms", o_int, &l2tpc_lcp_resend_ms,
	  "Resend an unanswered LCP Configure-Request this long after the peer's first one (set "
	  "by l2tpc)",
	  OPT_PRIO },
	{ NULL },
};

static void l2tpc_lcp_resend(void *arg)
{
	fsm *f = &lcp_fsm[0];
	unsigned char ci[256];
	int cilen;

	(void)arg;
	/* ACKSENT: we acknowledged the server's request and ours is still unanswered. A new
	 * identifier means pppd sent a new request meanwhile (restart timer, Nak). */
	if (f->state != ACKSENT || f->reqid != l2tpc_lcp_reqid || !f->callbacks->cilen ||
	    !f->callbacks->addci)
		return;
	cilen = f->callbacks->cilen(f);
	if (cilen <= 0 || cilen > (int)sizeof(ci) || cilen > peer_mru[f->unit] - HEADERLEN)
		return;
	f->callbacks->addci(f, ci, &cilen);
	info("l2tpc: the server's PPP started after our LCP Configure-Request left; sending it "
	     "again now");
	fsm_sdata(f, CONFREQ, f->reqid, ci, cilen);
}

static void l2tpc_lcp_snoop(unsigned char *p, int len)
{
	fsm *f = &lcp_fsm[0];
	int ms = l2tpc_lcp_resend_ms;

	if (l2tpc_lcp_prev_hook)
		l2tpc_lcp_prev_hook(p, len);
	if (l2tpc_lcp_peer_seen || ms <= 0)
		return;
	if (len >= 2 && p[0] == L2TPC_LCP_ADDRESS && p[1] == L2TPC_LCP_CONTROL) {
		p += 2;
		len -= 2;
	}
	if (len < 3 || ((p[0] << 8) | p[1]) != L2TPC_LCP_PROTOCOL || p[2] != CONFREQ)
		return;
	l2tpc_lcp_peer_seen = 1;
	/* the hook runs before LCP sees the packet: REQSENT means ours is unanswered */
	if (f->state != REQSENT)
		return;
	l2tpc_lcp_reqid = f->reqid;
#if L2TPC_PPPD_25
	ppp_timeout(l2tpc_lcp_resend, NULL, ms / 1000, (ms % 1000) * 1000);
#else
	timeout(l2tpc_lcp_resend, NULL, ms / 1000, (ms % 1000) * 1000);
#endif
}

void l2tpc_pppd_lcp_set_resend_ms(int ms)
{
	l2tpc_lcp_resend_ms = ms;
}

void l2tpc_pppd_lcp_init(void)
{
	l2tpc_lcp_resend_ms = 0;
	l2tpc_lcp_peer_seen = 0;
#if L2TPC_PPPD_25
	ppp_add_options(l2tpc_lcp_options);
#else
	add_options(l2tpc_lcp_options);
#endif
	l2tpc_lcp_prev_hook = snoop_recv_hook;
	snoop_recv_hook = l2tpc_lcp_snoop;
}
