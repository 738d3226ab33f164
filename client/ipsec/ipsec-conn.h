/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipsec-conn: one L2TP/IPsec connection in charon, from load to unload.
 *
 * The whole life of a connection is one sequence of steps (enum ipsec_conn_step in
 * ipsec-conn.c), each started by ipsec_conn_enter():
 * up:   take our lock → acquire charon (ipsec-charon) → control VICI connection and the SA watch
 *       (ipsec-sa-watch) → remove dead owners' leftovers (ipsec-stale) → load-shared (PSK bound
 *       to explicit owners) or load-key + certificates → load-conn (IKEv1 main mode by default,
 *       ESP transport, udp/1701 traffic selectors) → initiate on a separate VICI connection
 *       with control-log streamed into our log → list-sas until the CHILD_SA is TRANSPORT →
 *       the server-name check (certificates) → up.
 * down: terminate → unload-conn → unload-shared / unload-key of what we loaded → release charon
 *       and our lock. A down while an up step is in flight waits for that step to land.
 * A failure at any step ends in one sentence (ipsec-errors) and the same teardown.
 *
 * The connection is named "l2tpc-<profile id>" in charon; several coexist. A lock file per name
 * in the run dir tells a live connection from a crash's leftovers (ipsec-stale): at up, every
 * "l2tpc-*" connection in charon whose lock nobody holds is terminated and unloaded with its
 * secrets.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

#include "ipsec-charon.h"
#include "l2tpc-failure.h"

#define IPSEC_CONN_PREFIX     "l2tpc-"
#define IPSEC_CONN_CHILD      "l2tp"	  /* any server UDP port: follows an LNS that moves */
#define IPSEC_CONN_CHILD_1701 "l2tp-1701" /* server udp/1701 only, for strict responders */

#define IPSEC_CONN_CTL_TIMEOUT_MS	10000 /* a request on the control connection */
#define IPSEC_CONN_TERMINATE_TIMEOUT_MS 8000  /* terminate: charon tells the gateway first */

struct ipsec_conn_params {
	const char *profile_id;	  /* required: charon name becomes "l2tpc-<profile id>" */
	const char *remote_addr;  /* required: the gateway's IP address (already resolved) */
	const char *local_addr;	  /* NULL: chosen by routing */
	unsigned int ike_version; /* 1 (default when 0) or 2 */
	bool aggressive;	  /* IKEv1 aggressive mode (default main mode) */
	/* charon's syntax (ipsec-proposals), comma-separated; NULL: the defaults */
	const char *ike_proposals;
	const char *esp_proposals;   /* as offered first: with the PFS groups, if any */
	const char *esp_fallback;    /* NULL, or offered when the server refuses esp_proposals in
				      * Quick Mode (PFS refused: ipsec_proposals_esp_offers()) */
	unsigned int ike_lifetime_s; /* 0: 10800 */
	unsigned int esp_lifetime_s; /* 0: 3600 */
	unsigned int dpd_delay_s;    /* 0: off */
	unsigned int dpd_timeout_s;  /* IKEv1; 0: 5 × delay */
	bool force_encap;	     /* UDP-encapsulate ESP even without NAT */
	bool ipcomp;		     /* offer IPComp (RFC 3173) on the CHILD_SA */
	const char *local_id;	     /* NULL: our address (PSK) or the certificate subject */
	const char *remote_id;	     /* NULL: accept any */
	const char *server_name;     /* with a certificate: the gateway as the user entered it,
				      * which the server's certificate must name
				      * (ipsec-peer-name.h); NULL: no such check */
	uint16_t l2tp_local_port;    /* 1701, or 0 when the L2TP port is ephemeral */
	/* PSK authentication (secret: copied, wiped after use) */
	const char *psk;
	size_t psk_len;
	/* certificate authentication: DER blobs (from ipsec-creds) */
	GBytes *cert;
	GPtrArray *chain;			   /* GBytes, may be NULL */
	GPtrArray *cas;				   /* GBytes, may be NULL */
	GBytes *key;				   /* secret */
	const char *key_type;			   /* "rsa", "ecdsa", "ed25519", "ed448" */
	unsigned int initiate_timeout_s;	   /* 0: 30 */
	const struct ipsec_charon_options *charon; /* NULL: defaults */
};

struct ipsec_conn;

/** @failure is NULL on success. */
typedef void (*ipsec_conn_done_fn)(struct ipsec_conn *conn, const struct l2tpc_failure *failure,
				   void *user_data);

/** Copies @p (secrets included, wiped on free). Returns NULL and sets @f on bad params. */
struct ipsec_conn *ipsec_conn_new(const struct ipsec_conn_params *p, struct l2tpc_failure *f);
/** Frees; a connection that is up must be brought down first (or it stays in charon). */
void ipsec_conn_free(struct ipsec_conn *conn);
const char *ipsec_conn_name(const struct ipsec_conn *conn);
/** The kernel reqid of the established transport SA (charon's list-sas); 0 when not up. */
uint32_t ipsec_conn_reqid(const struct ipsec_conn *conn);
/**
 * The server UDP ports the established SA covers (its negotiated remote traffic selector):
 * 0-65535 when the server agreed to any port, 1701-1701 when it narrowed to udp/1701.
 */
void ipsec_conn_remote_ports(const struct ipsec_conn *conn, uint16_t *lo, uint16_t *hi);
/** True when the established SA also carries IPComp (ipsec-ipcomp=yes and the server agreed). */
bool ipsec_conn_ipcomp(const struct ipsec_conn *conn);

/** Brings the IPsec SA up; @done runs once. */
void ipsec_conn_up(struct ipsec_conn *conn, ipsec_conn_done_fn done, void *user_data);
/**
 * A connection object that only cleans (ipsec_conn_clean()): no gateway, no secret, nothing is
 * ever loaded. @charon may be NULL.
 */
struct ipsec_conn *ipsec_conn_new_clean(const char *profile_id,
					const struct ipsec_charon_options *charon);
/**
 * Removes what killed l2tpc processes left in a charon that runs already (never starts one):
 * every l2tpc-* connection whose lock nobody holds (terminated, which tells the gateway, then
 * unloaded with its shared or private key), @conn's own name included. For `l2tpc down` of a
 * stale connection. @done runs once; a charon that does not run is no failure.
 */
void ipsec_conn_clean(struct ipsec_conn *conn, ipsec_conn_done_fn done, void *user_data);
/**
 * Tears down what up loaded (also after a failed or partial up); @done runs once. Called while
 * up is still running, it abandons the up (whose callback then never runs) and tears down once
 * the step in flight has landed.
 */
void ipsec_conn_down(struct ipsec_conn *conn, ipsec_conn_done_fn done, void *user_data);
/**
 * ipsec_conn_down() towards a gateway known dead or out of reach: charon sends the IKE DELETE
 * (if it still can) and removes the SAs at once, without waiting for the gateway's answer.
 */
void ipsec_conn_drop(struct ipsec_conn *conn, ipsec_conn_done_fn done, void *user_data);
/**
 * Called when an established SA goes away on its own (the gateway deleted it, DPD, charon
 * died). The connection still needs ipsec_conn_down() to unload.
 */
void ipsec_conn_set_lost_handler(struct ipsec_conn *conn, ipsec_conn_done_fn lost, void *user_data);

/* ---- pure parts (ipsec-conn-params.c, ipsec-conn-build.c), unit tested ---- */

/** Checks that @p can make a connection: 0, or -EINVAL with the sentence in @f. */
int ipsec_conn_params_check(const struct ipsec_conn_params *p, struct l2tpc_failure *f);
/** A deep copy of @p into @out (strings, blobs, the PSK), except p->charon (NULL in @out). */
void ipsec_conn_params_copy(struct ipsec_conn_params *out, const struct ipsec_conn_params *p);
/** Frees what ipsec_conn_params_copy() allocated, the PSK wiped first; zeroes @p. */
void ipsec_conn_params_clear(struct ipsec_conn_params *p);

/** Called once the initiate request is on its way to charon (IKE now runs in charon): a
 * moment to start work that must not delay charon's start. NULL to stop. */
typedef void (*ipsec_conn_initiating_fn)(struct ipsec_conn *conn, void *user_data);
void ipsec_conn_set_initiating_handler(struct ipsec_conn *conn, ipsec_conn_initiating_fn fn,
				       void *user_data);

/** Called with every control-log line of the initiate (for `l2tpc probe`); NULL to stop. */
typedef void (*ipsec_conn_log_fn)(struct ipsec_conn *conn, const char *line, void *user_data);
void ipsec_conn_set_log_handler(struct ipsec_conn *conn, ipsec_conn_log_fn fn, void *user_data);

/** (ipsec-conn-name.c) "l2tpc-<id>" with every byte outside [A-Za-z0-9._-] replaced by '_'. */
char *ipsec_conn_name_for(const char *profile_id);
/**
 * The UDP ports of a traffic selector as charon prints it (ipsec-conn-ts.c)
 * ("192.0.2.1/32[udp/l2f]", "10.0.0.1/32[udp/1000-2000]", "192.0.2.1/32[udp]" for any port).
 * Returns 0, or -EINVAL for text that is not a UDP selector.
 */
int ipsec_conn_ts_ports(const char *ts, uint16_t *lo, uint16_t *hi);
/** The load-conn request for @p named @name (framed packet). */
GBytes *ipsec_conn_build_load_conn(const struct ipsec_conn_params *p, const char *name);
/**
 * The load-shared request: PSK @p->psk with id "<name>-psk", owners = the local and remote IDs
 * and addresses (@local_addr is what routing picked when p->local_addr is NULL; may be NULL).
 */
GBytes *ipsec_conn_build_load_shared(const struct ipsec_conn_params *p, const char *name,
				     const char *local_addr);
/** A load-cert request for the intermediate certificate @der; NULL when it is too large. */
GBytes *ipsec_conn_build_load_cert(GBytes *der);
/** The load-key request for @p's private key. */
GBytes *ipsec_conn_build_load_key(const struct ipsec_conn_params *p);
/**
 * The terminate request for IKE_SA @name: charon tells the gateway and waits up to
 * @timeout_ms for its answer before it removes the SA anyway; with 0 it removes it right after
 * sending the DELETE.
 */
GBytes *ipsec_conn_build_terminate(const char *name, unsigned int timeout_ms);
/** The initiate request for CHILD_SA @child of @name; @debug: stream charon's level 2 too. */
GBytes *ipsec_conn_build_initiate(const char *name, const char *child, unsigned int timeout_s,
				  bool debug);
