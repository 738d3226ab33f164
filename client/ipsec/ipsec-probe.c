// SPDX-License-Identifier: GPL-2.0-or-later
#include <string.h>

#include <glib.h>

#include "ipsec-conn.h"
#include "ipsec-probe.h"
#include "l2tpc-log.h"

#define LOG "probe"
#define PROBE_TIMEOUT_S 10

struct ipsec_probe {
	struct ipsec_probe_params p;
	char **proposals;
	guint next_idx;
	struct ipsec_conn *conn;
	struct ipsec_charon *charon; /* held for the whole probe, so it is not restarted per try */
	enum ipsec_probe_verdict verdict;
	GString *accepted;
	struct l2tpc_failure failure;
	guint idle;
	ipsec_probe_result_fn result;
	ipsec_probe_done_fn done;
	void *user_data;
};

enum ipsec_probe_verdict ipsec_probe_classify_line(const char *line)
{
	if (!line)
		return IPSEC_PROBE_UNKNOWN;
	/* The server rejected every proposal of this try. */
	if (strstr(line, "NO_PROPOSAL_CHOSEN") || strstr(line, "N(NO_PROP)"))
		return IPSEC_PROBE_REJECTED;
	/* We only build the key exchange (main mode message 3) after the server picked one of
	 * our proposals in message 2. */
	if (strstr(line, "generating ID_PROT request") && strstr(line, "[ KE "))
		return IPSEC_PROBE_ACCEPTED;
	return IPSEC_PROBE_UNKNOWN;
}

static void ipsec_probe_next(struct ipsec_probe *pr);

static gboolean ipsec_probe_next_idle(gpointer data)
{
	struct ipsec_probe *pr = data;

	pr->idle = 0;
	ipsec_probe_next(pr);
	return G_SOURCE_REMOVE;
}

static void ipsec_probe_down_done(struct ipsec_conn *conn, const struct l2tpc_failure *f,
				  void *data)
{
	struct ipsec_probe *pr = data;

	(void)conn;
	(void)f;
	/* from the main loop: the connection may still be on the stack */
	pr->idle = g_idle_add(ipsec_probe_next_idle, pr);
}

static void ipsec_probe_decide(struct ipsec_probe *pr, enum ipsec_probe_verdict v)
{
	const char *proposal = pr->proposals[pr->next_idx - 1];

	if (pr->verdict != IPSEC_PROBE_UNKNOWN)
		return;
	pr->verdict = v;
	l2tpc_debug(LOG, "%s: %s", proposal, v == IPSEC_PROBE_ACCEPTED ? "accepted" : "rejected");
	if (v == IPSEC_PROBE_ACCEPTED)
		g_string_append_printf(pr->accepted, "%s%s", pr->accepted->len ? "," : "",
				       proposal);
	if (pr->result)
		pr->result(proposal, v, pr->user_data);
}

static void ipsec_probe_on_log(struct ipsec_conn *conn, const char *line, void *data)
{
	struct ipsec_probe *pr = data;
	enum ipsec_probe_verdict v = ipsec_probe_classify_line(line);

	if (v == IPSEC_PROBE_UNKNOWN || pr->verdict != IPSEC_PROBE_UNKNOWN)
		return;
	ipsec_probe_decide(pr, v);
	/* The verdict is in: abandon the exchange (the up callback will not run). */
	ipsec_conn_down(conn, ipsec_probe_down_done, pr);
}

static void ipsec_probe_up_done(struct ipsec_conn *conn, const struct l2tpc_failure *f,
				void *data)
{
	struct ipsec_probe *pr = data;

	if (pr->verdict == IPSEC_PROBE_UNKNOWN) {
		switch (f ? f->klass : L2TPC_FAILURE_NONE) {
		case L2TPC_FAILURE_IPSEC_PROPOSAL:
			ipsec_probe_decide(pr, IPSEC_PROBE_REJECTED);
			break;
		case L2TPC_FAILURE_NONE: /* the throw-away key worked?! it was accepted anyway */
		case L2TPC_FAILURE_IPSEC_AUTH:
			ipsec_probe_decide(pr, IPSEC_PROBE_ACCEPTED);
			break;
		default:
			/* silent gateway, no charon, ...: no point in trying the others */
			l2tpc_failure_set(&pr->failure, f->klass, "%s", f->sentence);
			pr->next_idx = g_strv_length(pr->proposals);
			break;
		}
	}
	ipsec_conn_down(conn, ipsec_probe_down_done, pr);
}

static void ipsec_probe_next(struct ipsec_probe *pr)
{
	struct ipsec_conn_params cp = { 0 };
	uint8_t psk[24];

	g_clear_pointer(&pr->conn, ipsec_conn_free);
	if (!pr->proposals[pr->next_idx]) {
		pr->done(pr->accepted->str, l2tpc_failure_is_set(&pr->failure) ? &pr->failure : NULL,
			 pr->user_data);
		return;
	}
	/* A throw-away key: the server never learns anything of use, and nothing we have is
	 * sent. */
	for (unsigned i = 0; i < sizeof(psk); i++)
		psk[i] = (uint8_t)g_random_int_range(0, 256);
	cp.profile_id = "probe";
	cp.remote_addr = pr->p.remote_addr;
	cp.local_addr = pr->p.local_addr;
	cp.ike_version = 1;
	cp.ike_proposals = pr->proposals[pr->next_idx];
	cp.psk = (const char *)psk;
	cp.psk_len = sizeof(psk);
	cp.l2tp_local_port = 0;
	cp.initiate_timeout_s = pr->p.timeout_s ? pr->p.timeout_s : PROBE_TIMEOUT_S;
	cp.charon = pr->p.charon;
	pr->next_idx++;
	pr->verdict = IPSEC_PROBE_UNKNOWN;
	pr->conn = ipsec_conn_new(&cp, &pr->failure);
	explicit_bzero(psk, sizeof(psk));
	if (!pr->conn) {
		pr->done(pr->accepted->str, &pr->failure, pr->user_data);
		return;
	}
	ipsec_conn_set_log_handler(pr->conn, ipsec_probe_on_log, pr);
	ipsec_conn_up(pr->conn, ipsec_probe_up_done, pr);
}

static void ipsec_probe_charon_ready(struct ipsec_charon *ch, const struct l2tpc_failure *f,
				     void *data)
{
	struct ipsec_probe *pr = data;

	if (!ch) {
		pr->done("", f, pr->user_data);
		return;
	}
	pr->charon = ch;
	ipsec_probe_next(pr);
}

struct ipsec_probe *ipsec_probe_start(const struct ipsec_probe_params *p,
				      ipsec_probe_result_fn result, ipsec_probe_done_fn done,
				      void *user_data)
{
	struct ipsec_probe *pr = g_new0(struct ipsec_probe, 1);

	pr->p = *p;
	pr->proposals = g_strsplit(p->proposals ? p->proposals : ipsec_conn_default_ike(), ",", -1);
	for (char **q = pr->proposals; *q; q++)
		g_strstrip(*q);
	pr->accepted = g_string_new(NULL);
	pr->result = result;
	pr->done = done;
	pr->user_data = user_data;
	ipsec_charon_acquire(p->charon, ipsec_probe_charon_ready, pr);
	return pr;
}

void ipsec_probe_free(struct ipsec_probe *pr)
{
	if (!pr)
		return;
	g_clear_handle_id(&pr->idle, g_source_remove);
	g_clear_pointer(&pr->conn, ipsec_conn_free);
	if (pr->charon)
		ipsec_charon_release(pr->charon);
	g_strfreev(pr->proposals);
	g_string_free(pr->accepted, TRUE);
	l2tpc_failure_clear(&pr->failure);
	g_free(pr);
}
