/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipsec-probe: which IKEv1 proposals does a gateway accept?
 *
 * charon's IKEv1 initiator offers only the first algorithm of each kind per proposal, so a
 * server that rejects our list rejects every combination we wrote down. The probe offers the
 * proposals one at a time in main mode with a throw-away pre-shared key: a server that answers
 * the first exchange (we go on to send our key exchange) has accepted the proposal; one that
 * sends NO_PROPOSAL_CHOSEN has not. No authentication is attempted: each try is abandoned as
 * soon as the verdict is known, and every try is unloaded from charon again.
 */
#pragma once

#include "ipsec-charon.h"
#include "l2tpc-failure.h"

enum ipsec_probe_verdict {
	IPSEC_PROBE_UNKNOWN,
	IPSEC_PROBE_ACCEPTED,
	IPSEC_PROBE_REJECTED,
};

/** Reads one charon control-log line of a main-mode initiation (pure). */
enum ipsec_probe_verdict ipsec_probe_classify_line(const char *line);

struct ipsec_probe;

/** One proposal's verdict, in the order offered. */
typedef void (*ipsec_probe_result_fn)(const char *proposal, enum ipsec_probe_verdict verdict,
				      void *user_data);
/**
 * The probe is over: @accepted lists the accepted proposals comma-separated (maybe empty);
 * @failure is set when the probe could not finish (gateway silent, no charon).
 */
typedef void (*ipsec_probe_done_fn)(const char *accepted, const struct l2tpc_failure *failure,
				    void *user_data);

struct ipsec_probe_params {
	const char *remote_addr; /* resolved gateway address */
	const char *local_addr;	 /* our address towards it */
	const char *proposals;	 /* comma-separated; NULL: ipsec_conn_default_ike() */
	unsigned int timeout_s;	 /* per proposal; 0: 10 */
	const struct ipsec_charon_options *charon;
};

struct ipsec_probe *ipsec_probe_start(const struct ipsec_probe_params *p,
				      ipsec_probe_result_fn result, ipsec_probe_done_fn done,
				      void *user_data);
/** Frees the probe; a try in flight is abandoned (its done callback does not run). */
void ipsec_probe_free(struct ipsec_probe *probe);
