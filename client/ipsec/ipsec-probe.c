// SPDX-License-Identifier: GPL-2.0-or-later
#include <string.h>

#include <glib.h>

#include "ipsec-conn.h"
#include "ipsec-probe.h"
#include "ipsec-proposals.h"
#include "l2tpc-i18n.h"
#include "l2tpc-log.h"

#define LOG		"probe"
#define PROBE_TIMEOUT_S 10
/* Once the server has answered a try: SoftEther drops a proposal it does not support without a
 * word (no NO_PROPOSAL_CHOSEN), and it answers the ones it takes within a second. */
#define PROBE_SILENT_TIMEOUT_S 4
/* The check after a silent try uses a proposal the server took before, so an answer is due;
 * a server busy with the probe's earlier exchanges (SoftEther, a loaded box) may take longer
 * than a silent try is given, and a missed answer would end the whole probe. */
#define PROBE_CHECK_TIMEOUT_S 15

struct ipsec_probe {
	struct ipsec_probe_params p;
	char *psk; /* ours, wiped on free; NULL: keyless */
	char **ike, **esp;
	enum ipsec_probe_kind kind;
	guint idx;
	struct ipsec_conn *conn;
	struct ipsec_charon *charon; /* held for the whole probe, so it is not restarted per try */
	enum ipsec_probe_verdict verdict;
	bool established; /* this try's IKE_SA was authenticated */
	bool checking;	  /* this try only asks whether the server still answers */
	bool rechecked;	  /* ... and is that check's second try */
	char *silent;	  /* the proposal that got no answer, until that check decides */
	enum ipsec_probe_kind silent_kind;
	unsigned answered; /* tries that got any verdict */
	GString *ike_ok, *esp_ok;
	GArray *half_open; /* uint64_t ms: keyless accepted tries, oldest first */
	struct l2tpc_failure failure;
	guint idle;
	ipsec_probe_result_fn result;
	ipsec_probe_done_fn done;
	ipsec_probe_note_fn note;
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

uint64_t ipsec_probe_half_open_wait_ms(const uint64_t *started_ms, unsigned int n, uint64_t now_ms)
{
	unsigned int open = 0, first = n;

	for (unsigned int i = 0; i < n; i++) {
		if (now_ms < started_ms[i] + IPSEC_PROBE_HALF_OPEN_MS) {
			if (first == n)
				first = i;
			open++;
		}
	}
	if (open < IPSEC_PROBE_HALF_OPEN_MAX)
		return 0;
	return started_ms[first] + IPSEC_PROBE_HALF_OPEN_MS - now_ms;
}

static uint64_t probe_now_ms(void)
{
	return (uint64_t)(g_get_monotonic_time() / 1000);
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

static const char *ipsec_probe_current(const struct ipsec_probe *pr)
{
	return (pr->kind == IPSEC_PROBE_IKE ? pr->ike : pr->esp)[pr->idx - 1];
}

static void ipsec_probe_decide(struct ipsec_probe *pr, enum ipsec_probe_kind kind,
			       enum ipsec_probe_verdict v)
{
	const char *proposal = ipsec_probe_current(pr);
	GString *ok = kind == IPSEC_PROBE_IKE ? pr->ike_ok : pr->esp_ok;

	if (pr->verdict != IPSEC_PROBE_UNKNOWN)
		return;
	pr->verdict = v;
	pr->answered++;
	l2tpc_debug(LOG, "%s %s: %s", kind == IPSEC_PROBE_IKE ? "IKE" : "ESP", proposal,
		    v == IPSEC_PROBE_ACCEPTED ? "accepted" : "rejected");
	if (v == IPSEC_PROBE_ACCEPTED) {
		g_string_append_printf(ok, "%s%s", ok->len ? "," : "", proposal);
		if (!pr->psk) {
			uint64_t now = probe_now_ms();

			g_array_append_val(pr->half_open, now);
		}
	}
	if (pr->result)
		pr->result(kind, proposal, v, pr->user_data);
}

/* The server stopped answering: end here, keeping what was found. */
static void ipsec_probe_stop(struct ipsec_probe *pr, const struct l2tpc_failure *f)
{
	guint total = g_strv_length(pr->ike) + (pr->psk ? g_strv_length(pr->esp) : 0);

	if (pr->answered && f->klass == L2TPC_FAILURE_IPSEC_UNREACHABLE)
		l2tpc_failure_set(&pr->failure, f->klass,
				  _("The server %s stopped answering the probe after %u of %u "
				    "proposals; what it accepted so far is listed above, so try "
				    "again later for the rest."),
				  pr->p.remote_addr, pr->answered, total);
	else
		l2tpc_failure_copy(&pr->failure, f);
	pr->kind = IPSEC_PROBE_ESP;
	pr->idx = g_strv_length(pr->esp);
}

static void ipsec_probe_on_log(struct ipsec_conn *conn, const char *line, void *data)
{
	struct ipsec_probe *pr = data;
	enum ipsec_probe_verdict v;

	if (line && strstr(line, "IKE_SA ") && strstr(line, " established between "))
		pr->established = true;
	if (pr->psk)
		return; /* with the key each try runs to its end: see ipsec_probe_up_done() */
	v = ipsec_probe_classify_line(line);
	if (v == IPSEC_PROBE_UNKNOWN || pr->verdict != IPSEC_PROBE_UNKNOWN)
		return;
	ipsec_probe_decide(pr, IPSEC_PROBE_IKE, v);
	/* The verdict is in: abandon the exchange (the up callback will not run). */
	ipsec_conn_down(conn, ipsec_probe_down_done, pr);
}

/* After a silent try: the server answered the check with a proposal it took before, so it
 * is alive and the silent proposal is one it does not support; or it did not, and it stopped
 * answering. */
static void ipsec_probe_checked(struct ipsec_probe *pr, const struct l2tpc_failure *f)
{
	g_autofree char *silent = NULL;

	/* One garbled exchange must not end the probe: SoftEther sends a Diffie-Hellman value a
	 * byte short about once in 256 exchanges, and charon gives that exchange up. */
	if (f && f->klass == L2TPC_FAILURE_IPSEC_UNREACHABLE && !pr->rechecked) {
		l2tpc_info(LOG, "the check after %s got no answer either; checking once more",
			   pr->silent);
		pr->rechecked = true;
		return;
	}
	silent = g_steal_pointer(&pr->silent);
	pr->checking = false;
	pr->rechecked = false;
	if (f && f->klass == L2TPC_FAILURE_IPSEC_UNREACHABLE) {
		ipsec_probe_stop(pr, f);
		return;
	}
	l2tpc_info(LOG, "%s got no answer, but the server answers others: taken as rejected",
		   silent);
	pr->answered++;
	if (pr->result)
		pr->result(pr->silent_kind, silent, IPSEC_PROBE_REJECTED, pr->user_data);
}

static void ipsec_probe_up_done(struct ipsec_conn *conn, const struct l2tpc_failure *f, void *data)
{
	struct ipsec_probe *pr = data;
	enum l2tpc_failure_class klass = f ? f->klass : L2TPC_FAILURE_NONE;

	if (pr->checking) {
		ipsec_probe_checked(pr, f);
		ipsec_conn_down(conn, ipsec_probe_down_done, pr);
		return;
	}
	if (pr->verdict != IPSEC_PROBE_UNKNOWN) {
		ipsec_conn_down(conn, ipsec_probe_down_done, pr);
		return;
	}
	switch (klass) {
	case L2TPC_FAILURE_NONE:
		/* authenticated, and the ESP SA is up: the proposal of this try is accepted */
		ipsec_probe_decide(pr, pr->kind, IPSEC_PROBE_ACCEPTED);
		break;
	case L2TPC_FAILURE_IPSEC_PROPOSAL:
		/* In an IKE try with the key, a rejection after the IKE_SA was authenticated is
		 * the default ESP proposals' (Quick Mode), not the IKE proposal's. */
		ipsec_probe_decide(pr, pr->kind,
				   pr->kind == IPSEC_PROBE_IKE && pr->established
					   ? IPSEC_PROBE_ACCEPTED
					   : IPSEC_PROBE_REJECTED);
		break;
	case L2TPC_FAILURE_IPSEC_AUTH:
		if (!pr->psk) { /* the throw-away key: the proposal got that far */
			ipsec_probe_decide(pr, IPSEC_PROBE_IKE, IPSEC_PROBE_ACCEPTED);
			break;
		}
		ipsec_probe_stop(pr, f); /* a wrong key ends the probe */
		break;
	case L2TPC_FAILURE_IPSEC_UNREACHABLE:
		/* With the key, a silent try after answered ones is checked with a proposal the
		 * server took (ipsec_probe_checked()); without, silence means its limit. */
		if (pr->psk && pr->ike_ok->len) {
			pr->checking = true;
			pr->silent = g_strdup(ipsec_probe_current(pr));
			pr->silent_kind = pr->kind;
			break;
		}
		ipsec_probe_stop(pr, f);
		break;
	default:
		ipsec_probe_stop(pr, f);
		break;
	}
	ipsec_conn_down(conn, ipsec_probe_down_done, pr);
}

static void ipsec_probe_finish(struct ipsec_probe *pr)
{
	pr->done(pr->ike_ok->str, pr->psk ? pr->esp_ok->str : NULL,
		 l2tpc_failure_is_set(&pr->failure) ? &pr->failure : NULL, pr->user_data);
}

/* Keyless: never more than IPSEC_PROBE_HALF_OPEN_MAX accepted tries open at the server. */
static bool ipsec_probe_wait_half_open(struct ipsec_probe *pr)
{
	uint64_t wait = ipsec_probe_half_open_wait_ms((const uint64_t *)(void *)pr->half_open->data,
						      pr->half_open->len, probe_now_ms());
	g_autofree char *note = NULL;

	if (!wait)
		return false;
	note = g_strdup_printf(_("waiting %u s for %s to drop the probe's half-open exchanges "
				 "(give the profile with its pre-shared key to probe without "
				 "waiting)"),
			       (unsigned)((wait + 999) / 1000), pr->p.remote_addr);
	if (pr->note)
		pr->note(note, pr->user_data);
	pr->idle = g_timeout_add((guint)wait, ipsec_probe_next_idle, pr);
	return true;
}

static void ipsec_probe_next(struct ipsec_probe *pr)
{
	struct ipsec_conn_params cp = { 0 };
	uint8_t psk[24];
	g_autofree char *ike_first = NULL, *esp_pfs = NULL, *esp_plain = NULL;

	g_clear_pointer(&pr->conn, ipsec_conn_free);
	if (pr->checking) {
		/* the first IKE proposal the server took, with the default ESP proposals */
		g_auto(GStrv) first = g_strsplit(pr->ike_ok->str, ",", 2);

		cp.profile_id = "probe";
		cp.remote_addr = pr->p.remote_addr;
		cp.local_addr = pr->p.local_addr;
		cp.ike_version = 1;
		cp.ike_proposals = first[0];
		cp.psk = pr->psk;
		cp.psk_len = pr->p.psk_len;
		cp.initiate_timeout_s = PROBE_CHECK_TIMEOUT_S;
		cp.charon = pr->p.charon;
		pr->conn = ipsec_conn_new(&cp, &pr->failure);
		if (!pr->conn) {
			ipsec_probe_finish(pr);
			return;
		}
		ipsec_conn_set_log_handler(pr->conn, ipsec_probe_on_log, pr);
		ipsec_conn_up(pr->conn, ipsec_probe_up_done, pr);
		return;
	}
	if (pr->kind == IPSEC_PROBE_IKE && !pr->ike[pr->idx]) {
		/* ESP needs an authenticated IKE_SA: only with the key, over the first IKE
		 * proposal the server accepted. */
		if (!pr->psk || !pr->ike_ok->len) {
			ipsec_probe_finish(pr);
			return;
		}
		pr->kind = IPSEC_PROBE_ESP;
		pr->idx = 0;
	}
	if (pr->kind == IPSEC_PROBE_ESP && !pr->esp[pr->idx]) {
		ipsec_probe_finish(pr);
		return;
	}
	if (!pr->psk && ipsec_probe_wait_half_open(pr))
		return;
	cp.profile_id = "probe";
	cp.remote_addr = pr->p.remote_addr;
	cp.local_addr = pr->p.local_addr;
	cp.ike_version = 1;
	if (pr->kind == IPSEC_PROBE_IKE) {
		cp.ike_proposals = pr->ike[pr->idx];
	} else {
		/* The PFS rule of a default profile (ipsec-pfs=yes): the ESP proposal with the IKE
		 * SA's group first, without it when the server refuses that, so the verdict holds
		 * for PFS-requiring and PFS-refusing servers alike. */
		g_auto(GStrv) first = g_strsplit(pr->ike_ok->str, ",", 2);
		struct ipsec_proposals_pfs want = { .pfs = true };

		ike_first = g_strdup(first[0]);
		want.ike = ike_first;
		want.esp = pr->esp[pr->idx];
		ipsec_proposals_esp_offers(&want, &esp_pfs, &esp_plain);
		cp.ike_proposals = ike_first;
		cp.esp_proposals = esp_pfs;
		cp.esp_fallback = esp_plain;
	}
	if (pr->psk) {
		cp.psk = pr->psk;
		cp.psk_len = pr->p.psk_len;
	} else {
		/* A throw-away key: the server never learns anything of use. */
		for (unsigned i = 0; i < sizeof(psk); i++)
			psk[i] = (uint8_t)g_random_int_range(0, 256);
		cp.psk = (const char *)psk;
		cp.psk_len = sizeof(psk);
	}
	cp.l2tp_local_port = 0;
	cp.initiate_timeout_s = pr->p.timeout_s ? pr->p.timeout_s
				: pr->answered	? PROBE_SILENT_TIMEOUT_S
						: PROBE_TIMEOUT_S;
	cp.charon = pr->p.charon;
	pr->idx++;
	pr->verdict = IPSEC_PROBE_UNKNOWN;
	pr->established = false;
	pr->conn = ipsec_conn_new(&cp, &pr->failure);
	explicit_bzero(psk, sizeof(psk));
	if (!pr->conn) {
		ipsec_probe_finish(pr);
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
		pr->done("", NULL, f, pr->user_data);
		return;
	}
	pr->charon = ch;
	ipsec_probe_next(pr);
}

static char **ipsec_probe_split(const char *csv)
{
	char **v = g_strsplit(csv, ",", -1);

	for (char **q = v; *q; q++)
		g_strstrip(*q);
	return v;
}

struct ipsec_probe *ipsec_probe_start(const struct ipsec_probe_params *p,
				      ipsec_probe_result_fn result, ipsec_probe_done_fn done,
				      void *user_data)
{
	struct ipsec_probe *pr = g_new0(struct ipsec_probe, 1);

	pr->p = *p;
	if (p->psk && p->psk_len) {
		pr->psk = g_malloc(p->psk_len + 1);
		memcpy(pr->psk, p->psk, p->psk_len);
		pr->psk[p->psk_len] = 0;
	}
	pr->p.psk = NULL;
	pr->ike = ipsec_probe_split(p->proposals ? p->proposals : ipsec_proposals_default_ike());
	pr->esp = ipsec_probe_split(p->esp_proposals ? p->esp_proposals
						     : ipsec_proposals_default_esp());
	pr->ike_ok = g_string_new(NULL);
	pr->esp_ok = g_string_new(NULL);
	pr->half_open = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	pr->result = result;
	pr->done = done;
	pr->user_data = user_data;
	ipsec_charon_acquire(p->charon, ipsec_probe_charon_ready, pr);
	return pr;
}

void ipsec_probe_set_note_handler(struct ipsec_probe *pr, ipsec_probe_note_fn note)
{
	pr->note = note;
}

void ipsec_probe_free(struct ipsec_probe *pr)
{
	if (!pr)
		return;
	g_clear_handle_id(&pr->idle, g_source_remove);
	g_clear_pointer(&pr->conn, ipsec_conn_free);
	if (pr->charon)
		ipsec_charon_release(pr->charon);
	if (pr->psk) {
		explicit_bzero(pr->psk, pr->p.psk_len);
		g_free(pr->psk);
	}
	g_free(pr->silent);
	g_strfreev(pr->ike);
	g_strfreev(pr->esp);
	g_string_free(pr->ike_ok, TRUE);
	g_string_free(pr->esp_ok, TRUE);
	g_array_unref(pr->half_open);
	l2tpc_failure_clear(&pr->failure);
	g_free(pr);
}
