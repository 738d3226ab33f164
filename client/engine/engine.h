/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * engine: one L2TP/IPsec connection, from a profile to an address on ppp and back.
 *
 * Phases, in order: resolve the gateway, bring up IPsec (ESP transport for udp/1701), open the
 * L2TP tunnel, open the session, authenticate in PPP, receive the IP configuration, connected.
 * l2tpc_engine_stop() and every failure undo exactly what was done, in reverse order (the state
 * machine and its teardown table are in engine.c). The owner learns about progress through
 * callbacks; the end arrives once, as ops->stopped with the failure (class + one sentence) or
 * NULL after a requested stop. The CLI and the NetworkManager service are the owners. This is
 * the only header of client/engine/ meant for code outside it. One GLib main loop, no threads.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

#include "l2tpc-failure.h"
#include "net-route.h"

struct l2tpc_profile;
struct l2tpc_engine;

enum l2tpc_phase {
	L2TPC_PHASE_IDLE,
	L2TPC_PHASE_RESOLVE,
	L2TPC_PHASE_IPSEC,
	L2TPC_PHASE_L2TP_TUNNEL,
	L2TPC_PHASE_L2TP_SESSION,
	L2TPC_PHASE_PPP_AUTH,
	L2TPC_PHASE_IP_CONFIG,
	L2TPC_PHASE_CONNECTED,
	L2TPC_PHASE_DISCONNECTING,
	L2TPC_PHASE_DISCONNECTED,
};

const char *l2tpc_engine_phase_name(enum l2tpc_phase phase);

/* What the connection got from PPP, plus what the owner needs for routing. */
struct l2tpc_ip_config {
	char ifname[16];
	char local4[46], peer4[46]; /* empty when IPv4 was not negotiated */
	char local6[46], peer6[46]; /* interface identifiers as link-local addresses */
	char dns[2][46];	    /* up to two servers, empty if none */
	unsigned mtu;
	char gateway[46]; /* the VPN gateway's external address */
};

struct l2tpc_engine_ops {
	/** Progress: a new phase; @detail is a short human line ("IKEv1 main mode to 192.0.2.1").
	 */
	void (*phase)(struct l2tpc_engine *e, enum l2tpc_phase phase, const char *detail, void *ud);
	/** The connection is up. */
	void (*connected)(struct l2tpc_engine *e, const struct l2tpc_ip_config *ip, void *ud);
	/**
	 * Everything is undone, once per engine. @failure is NULL after a requested stop, else
	 * why it ended (its class tells a wrong profile from a network that may come back). The
	 * engine may not be freed from inside this callback.
	 */
	void (*stopped)(struct l2tpc_engine *e, const struct l2tpc_failure *failure, void *ud);
};

struct l2tpc_engine_options {
	const char *rundir;	 /* runtime dir for a private charon; NULL: the build default */
	bool default_route;	 /* route everything through the tunnel (CLI --default-route) */
	bool host_route;	 /* pin a host route to the gateway (default true) */
	const char *pppd_path;	 /* NULL: pppd from PATH */
	const char *pppd_plugin; /* NULL: installed l2tpc-pppd-plugin.so */
	int dataplane;		 /* -1 auto, else enum l2tp_dataplane_kind */
	/* Use an ephemeral L2TP source port even if the profile says 1701: after a crash the
	 * server may still hold a tunnel on the old 5-tuple, and each UDP 5-tuple carries one. */
	bool force_ephemeral_port;
	/* Reads the certificate and key files the profile names (see ipsec_creds_read_fn);
	 * NULL: this process opens them. nm-l2tpc-service reads a private connection's files
	 * as the connection's user. */
	int (*read_file)(const char *path, const char *setting, uint8_t **data, size_t *len,
			 struct l2tpc_failure *f, void *ud);
	void *read_file_ud;
};

void l2tpc_engine_options_init(struct l2tpc_engine_options *o);

/**
 * Creates an engine for @profile (borrowed; must outlive the engine). Secrets are taken from the
 * profile's secrets; none may be missing (see l2tpc_profile_missing_secrets()).
 */
struct l2tpc_engine *l2tpc_engine_new(const struct l2tpc_profile *profile,
				      const struct l2tpc_engine_options *opts,
				      const struct l2tpc_engine_ops *ops, void *ud);
void l2tpc_engine_free(struct l2tpc_engine *e);

/** Starts connecting; progress and the result arrive through the ops. */
void l2tpc_engine_start(struct l2tpc_engine *e);
/** Disconnects (or aborts a connect); ops->stopped follows with failure NULL. Idempotent. */
void l2tpc_engine_stop(struct l2tpc_engine *e);
/**
 * l2tpc_engine_stop() for a server known dead or a local address that is gone: everything is
 * undone locally at once (pppd, tunnel, SA, routes, records, as after a stop); what may still
 * reach the server (an LCP Terminate-Request, a StopCCN, the IKE DELETE) is sent once and no
 * answer is waited for.
 */
void l2tpc_engine_drop(struct l2tpc_engine *e);

enum l2tpc_phase l2tpc_engine_phase(const struct l2tpc_engine *e);
/** Once DISCONNECTED: why the connection ended (as ops->stopped said), NULL after a stop. */
const struct l2tpc_failure *l2tpc_engine_failure(const struct l2tpc_engine *e);
/** The charon connection name this engine uses ("l2tpc-<id>"). */
const char *l2tpc_engine_ipsec_name(const struct l2tpc_engine *e);
/** pppd's pid while it runs, else 0 (for the runtime record). */
int l2tpc_engine_pppd_pid(const struct l2tpc_engine *e);
/** The host route to the gateway this engine added (for the runtime record); false if none. */
bool l2tpc_engine_host_route(const struct l2tpc_engine *e, struct net_route *out);

/** The gateway's and our numeric addresses once resolved (for the runtime record), else false. */
bool l2tpc_engine_addresses(const struct l2tpc_engine *e, const char **gateway, const char **local);

struct l2tpc_engine_keep;

/**
 * Keeps the charon the engines of @opts use (a private one, or the system's) running between
 * them, until l2tpc_engine_keep_free(): the next engine of the same connection (a persistent
 * connection's next attempt) finds it running instead of starting a private charon again. Take
 * it once an engine is up (it never starts a charon itself); nothing of a connection stays
 * loaded in the kept charon, each engine unloads what it loaded.
 */
struct l2tpc_engine_keep *l2tpc_engine_keep_new(const struct l2tpc_engine_options *opts);
/** Lets the kept charon go: a private charon nobody else uses is stopped. NULL is fine. */
void l2tpc_engine_keep_free(struct l2tpc_engine_keep *k);

/**
 * Removes what a killed `l2tpc up` (or service) of @name left behind, as recorded under @rundir:
 * its pppd, its routes, a private charon nobody uses any more (with the SAs it holds), the kernel
 * IPsec state between the recorded addresses, and the record itself (a connection left in a
 * system charon is removed by the next IPsec setup). A record past the IPsec phase leaves the
 * mark conn_record_held() reads: the server may still hold the killed tunnel. With @lock_held
 * the caller holds @name's lock, so every record of @name not written by this process is stale;
 * otherwise only records whose owner's lock is free are. Returns true while such a mark is young
 * (from this cleanup or an earlier one): the next connection should use an ephemeral port.
 */
bool l2tpc_engine_cleanup_stale(const char *rundir, const char *name, bool lock_held);
