/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * l2tpc-failure: what went wrong, in one class and one sentence.
 *
 * Every failure a user can hit ends in a struct l2tpc_failure: a class (used for the CLI's exit
 * code and NetworkManager's failure reason) and one sentence that says what failed and what to
 * do. Modules fill it with l2tpc_failure_set(); the first failure set wins, so the root cause is
 * not overwritten by the teardown that follows it.
 */
#pragma once

#include <stdbool.h>
#include <glib.h>

/* The numeric values are the CLI's exit codes (docs/cli.md); never renumber. */
enum l2tpc_failure_class {
	L2TPC_FAILURE_NONE = 0,
	L2TPC_FAILURE_INTERNAL = 1,	     /* a bug or an unexpected system error */
	L2TPC_FAILURE_CONFIG = 2,	     /* bad profile, bad arguments, missing secret */
	L2TPC_FAILURE_RESOLVE = 3,	     /* gateway name does not resolve */
	L2TPC_FAILURE_IPSEC_UNREACHABLE = 4, /* no IKE answer from the gateway */
	L2TPC_FAILURE_IPSEC_PROPOSAL = 5,    /* IKE/ESP proposals rejected */
	L2TPC_FAILURE_IPSEC_AUTH = 6,	     /* PSK or certificate authentication failed */
	L2TPC_FAILURE_IPSEC_DAEMON = 7,	     /* charon missing, broken, or port 500 taken */
	L2TPC_FAILURE_L2TP = 8,		     /* tunnel or session refused, timed out or torn down */
	L2TPC_FAILURE_PPP_AUTH = 9,	     /* PPP authentication failed (user name/password) */
	L2TPC_FAILURE_PPP = 10,		     /* pppd failed or the link dropped */
	L2TPC_FAILURE_IP_CONFIG = 11,	     /* no usable IP configuration */
	L2TPC_FAILURE_SYSTEM = 12,	     /* kernel modules, permissions, resources */
	L2TPC_FAILURE_PEER_DISCONNECT = 13,  /* the server ended a working connection */
};

struct l2tpc_failure {
	enum l2tpc_failure_class klass;
	char *sentence; /* owned; one sentence, ends with a full stop */
	/*
	 * The server refused a secret the user gave: the PPP password (ppp-auth after the server
	 * rejected our credentials) or the IPsec pre-shared key (ipsec-auth rows of ipsec-errors
	 * that mean a wrong PSK), so typing it again can help. Unset for the other causes of those
	 * classes: no login method the server takes, EAP, a remote ID mismatch, a certificate.
	 * NetworkManager asks again only when it is set (nm-l2tpc-reprompt).
	 */
	bool secret_refused;
};

/** "config", "resolve", ...: the test programs (tests/guest/progs, tests/ppp) print it. */
const char *l2tpc_failure_class_name(enum l2tpc_failure_class klass);

/** Records the failure unless one is already recorded; returns true if this one was kept. */
bool l2tpc_failure_set(struct l2tpc_failure *f, enum l2tpc_failure_class klass, const char *fmt,
		       ...) G_GNUC_PRINTF(3, 4);
/** Records a copy of @from (class, sentence, secret_refused) unless @to holds one already. */
bool l2tpc_failure_copy(struct l2tpc_failure *to, const struct l2tpc_failure *from);
void l2tpc_failure_clear(struct l2tpc_failure *f);
static inline bool l2tpc_failure_is_set(const struct l2tpc_failure *f)
{
	return f->klass != L2TPC_FAILURE_NONE;
}
