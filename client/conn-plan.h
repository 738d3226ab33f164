/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * conn-plan: what a profile makes l2tpc do, as data. It is the one place where profile keys
 * become pppd settings, VICI connection parameters, the L2TP tunnel and session configuration,
 * the credential files to read and the secrets pppd's plugin gets; the engine only adds what
 * it learns while connecting (addresses, ports, the data path).
 *
 * Pure: no file, socket or clock. tests/unit/test-conn-plan.c walks every key of the key table
 * (profile-keys.c) and fails for a key whose value changes nothing in conn_plan_describe(),
 * unless the table marks the key as ignored (IGNORED) or applied by NetworkManager itself
 * (NM_APPLIES) — docs/profile-keys.md says why for each.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "ipsec-conn.h"
#include "ipsec-creds.h"
#include "l2tp-session.h"
#include "l2tp-tunnel.h"
#include "l2tpc-failure.h"
#include "ppp-options.h"
#include "ppp-supervisor.h"

struct l2tpc_profile;

/* What the owner adds to the profile: the CLI's flags, and the engine's findings. */
struct conn_plan_env {
	const char *gateway_addr; /* the gateway's address once resolved; NULL: the gateway key */
	const char *local_addr;	  /* NULL: chosen by routing */
	uint16_t l2tp_local_port; /* our L2TP UDP port (1701, or an ephemeral one) */
	bool default_route;	  /* the CLI's --default-route */
};

/**
 * Refuses what the profile and @env ask for together but cannot be done, with one sentence in
 * @f: a default route (--default-route) for a profile that says never-default, an EAP-TLS
 * user certificate in a format pppd cannot read. Returns 0 or -EINVAL.
 */
int conn_plan_check(const struct l2tpc_profile *p, const struct conn_plan_env *env,
		    struct l2tpc_failure *f);

/** True when the tunnel should carry the default route. */
bool conn_plan_default_route(const struct l2tpc_profile *p, const struct conn_plan_env *env);

/**
 * The pppd settings of @p. @s must come from ppp_options_settings_init(); the transport, the
 * plugin path, LCP resend and debug stay the engine's. Strings point into @p.
 */
void conn_plan_ppp(const struct l2tpc_profile *p, struct ppp_options_settings *s);

/** The secrets the plugin channel carries to pppd (strings point into @p). */
void conn_plan_ppp_secrets(const struct l2tpc_profile *p, struct ppp_supervisor_config *cfg);

/* The strings conn_plan_ipsec() makes (owned; conn_plan_strings_clear()). */
struct conn_plan_strings {
	char *ike, *esp, *esp_fallback;
	char *server_name;
};
void conn_plan_strings_clear(struct conn_plan_strings *owned);
typedef struct conn_plan_strings conn_plan_strings;
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(conn_plan_strings, conn_plan_strings_clear)

/**
 * The VICI connection parameters of @p and @env, without the certificate blobs (they come from
 * the files of conn_plan_ipsec_creds()). The PSK points into @p, the proposals and the server
 * name into @owned. The proposals are the profile's in charon's syntax (ipsec-proposals.h
 * normalises NetworkManager-l2tp's and libreswan's spellings) and the ESP offers of the PFS
 * rule. With a machine certificate, no ipsec-remote-id and ipsec-check-server-name=yes, the
 * server's certificate must name the gateway as entered (Windows and browsers check the same).
 * Returns 0, or -EINVAL with @f set for proposals that cannot be normalised (the profile parser
 * refuses those already).
 */
int conn_plan_ipsec(const struct l2tpc_profile *p, const struct conn_plan_env *env,
		    struct ipsec_conn_params *cp, struct conn_plan_strings *owned,
		    struct l2tpc_failure *f);

/** The machine certificate files for IPsec (only meaningful with machine-auth-type=tls). */
void conn_plan_ipsec_creds(const struct l2tpc_profile *p, struct ipsec_creds_files *files);

/** The L2TP tunnel and session configuration. */
void conn_plan_l2tp(const struct l2tpc_profile *p, const struct conn_plan_env *env,
		    struct l2tp_tunnel_config *tc, struct l2tp_session_config *sc);

/**
 * Everything above as text: the pppd options file, the VICI load-conn and load-shared requests,
 * the credential files, the L2TP configuration, the secrets pppd gets and the secrets still
 * missing, and the route decision; or the failure sentence of conn_plan_check(). Secrets
 * appear as digests, never in clear. For tests and debugging.
 */
char *conn_plan_describe(const struct l2tpc_profile *p, const struct conn_plan_env *env);
