// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The plugin's early LCP resend (client/pppd-plugin/l2tpc-pppd-lcp.c), compiled against pppd's
 * headers with pppd's few functions it calls provided here: LCP state, the timer and the packet
 * sender are the seams. The same code runs inside pppd in the guest scenarios.
 */
#include "l2tpc-pppd.h" /* first: pppd's own bool */
#include <pppd/fsm.h>
#include <pppd/lcp.h>

#include <stdarg.h>
#include <string.h>

#include <glib.h>

#include "l2tpc-pppd-lcp.h"

/* ---- what pppd provides ---- */
fsm lcp_fsm[NUM_PPP];
int peer_mru[NUM_PPP];
void (*snoop_recv_hook)(unsigned char *p, int len);

static option_t *registered_options;
static void (*timer_fn)(void *);
static int timer_s, timer_us, timers;
static int sent, sent_code, sent_id, sent_len;
static unsigned char sent_data[64];

void add_options(option_t *opt)
{
	registered_options = opt;
}

void timeout(void (*func)(void *), void *arg, int s, int us)
{
	timer_fn = func;
	timer_s = s;
	timer_us = us;
	timers++;
}

void fsm_sdata(fsm *f, int code, int id, u_char *data, int len)
{
	sent++;
	sent_code = code;
	sent_id = id;
	sent_len = len;
	memcpy(sent_data, data, (size_t)len < sizeof(sent_data) ? (size_t)len : sizeof(sent_data));
}

void info(char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	g_test_message("pppd info: %s", fmt);
	va_end(ap);
}

/* LCP's option callbacks: a 6-byte MRU option */
static int fake_cilen(fsm *f)
{
	return 4;
}

static void fake_addci(fsm *f, u_char *ci, int *len)
{
	static const u_char mru[] = { 0x01, 0x04, 0x05, 0x78 };

	memcpy(ci, mru, sizeof(mru));
	*len = sizeof(mru);
}

static fsm_callbacks fake_callbacks = { .cilen = fake_cilen, .addci = fake_addci };

/* ---- helpers ---- */
static unsigned char server_confreq[] = { 0xff, 0x03, 0xc0, 0x21, 0x01, 0x01, 0x00, 0x04 };
static unsigned char server_confack[] = { 0xff, 0x03, 0xc0, 0x21, 0x02, 0x09, 0x00, 0x04 };

/* A fresh plugin state needs a fresh process; each test re-runs init and option setup. */
static void setup(int resend_ms)
{
	memset(lcp_fsm, 0, sizeof(lcp_fsm));
	lcp_fsm[0].callbacks = &fake_callbacks;
	lcp_fsm[0].reqid = 9;
	peer_mru[0] = 1500;
	snoop_recv_hook = NULL;
	timer_fn = NULL;
	timers = sent = 0;
	l2tpc_pppd_lcp_init();
	g_assert_nonnull(snoop_recv_hook);
	g_assert_cmpstr(registered_options[0].name, ==, "l2tpc-lcp-resend-ms");
	l2tpc_pppd_lcp_set_resend_ms(resend_ms);
}

static void test_resends_when_unanswered(void)
{
	setup(70);
	/* ours (id 9) is out and unanswered when the server's first request arrives */
	lcp_fsm[0].state = REQSENT;
	snoop_recv_hook(server_confreq, sizeof(server_confreq));
	g_assert_cmpint(timers, ==, 1);
	g_assert_cmpint(timer_s, ==, 0);
	g_assert_cmpint(timer_us, ==, 70000);
	/* LCP acked the server's request; no Ack for ours within the wait */
	lcp_fsm[0].state = ACKSENT;
	timer_fn(NULL);
	g_assert_cmpint(sent, ==, 1);
	g_assert_cmpint(sent_code, ==, CONFREQ);
	g_assert_cmpint(sent_id, ==, 9); /* a retransmission: same identifier */
	g_assert_cmpint(sent_len, ==, 4);
	g_assert_cmpuint(sent_data[3], ==, 0x78);
	/* only the server's first request starts it */
	snoop_recv_hook(server_confreq, sizeof(server_confreq));
	g_assert_cmpint(timers, ==, 1);
}

static void test_no_resend_once_answered(void)
{
	setup(70);
	lcp_fsm[0].state = REQSENT;
	snoop_recv_hook(server_confreq, sizeof(server_confreq));
	g_assert_cmpint(timers, ==, 1);
	/* the server had our request: its Ack came within the wait */
	lcp_fsm[0].state = OPENED;
	timer_fn(NULL);
	g_assert_cmpint(sent, ==, 0);
}

static void test_no_resend_after_new_request(void)
{
	setup(70);
	lcp_fsm[0].state = REQSENT;
	snoop_recv_hook(server_confreq, sizeof(server_confreq));
	/* pppd sent a new request meanwhile (after a Nak): not ours to repeat */
	lcp_fsm[0].state = ACKSENT;
	lcp_fsm[0].reqid = 10;
	timer_fn(NULL);
	g_assert_cmpint(sent, ==, 0);
}

static void test_not_armed(void)
{
	/* ours was already acknowledged when the server's request came */
	setup(70);
	lcp_fsm[0].state = ACKRCVD;
	snoop_recv_hook(server_confreq, sizeof(server_confreq));
	g_assert_cmpint(timers, ==, 0);
	/* not a Configure-Request, or too short: ignored, still waiting for the first one */
	setup(70);
	lcp_fsm[0].state = REQSENT;
	snoop_recv_hook(server_confack, sizeof(server_confack));
	snoop_recv_hook(server_confreq, 3);
	g_assert_cmpint(timers, ==, 0);
	/* without the address/control bytes (ACFC) it is still recognised */
	snoop_recv_hook(server_confreq + 2, sizeof(server_confreq) - 2);
	g_assert_cmpint(timers, ==, 1);
	/* l2tpc did not ask for it */
	setup(0);
	lcp_fsm[0].state = REQSENT;
	snoop_recv_hook(server_confreq, sizeof(server_confreq));
	g_assert_cmpint(timers, ==, 0);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/pppd-lcp/resends-when-unanswered", test_resends_when_unanswered);
	g_test_add_func("/pppd-lcp/no-resend-once-answered", test_no_resend_once_answered);
	g_test_add_func("/pppd-lcp/no-resend-after-new-request", test_no_resend_after_new_request);
	g_test_add_func("/pppd-lcp/not-armed", test_not_armed);
	return g_test_run();
}
