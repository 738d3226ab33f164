/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipsec-charon: which charon we talk to, and its lifetime.
 *
 * If the system charon answers `version` on its VICI socket (/run/charon.vici,
 * /var/run/charon.vici) we use it as a guest: we never write /etc, never reload or restart it,
 * and only ever unload what we loaded. Otherwise we start a PRIVATE charon with our own
 * strongswan.conf under the run dir (explicit plugin list, VICI socket in the run dir, no
 * routes, no virtual IPs, log file in the run dir), in a mount namespace of its own whose /run
 * is the run dir: the pid file charon hard-codes (/var/run/charon.pid) never meets the system
 * daemon's, and charon's files are /run/charon.* names, which the AppArmor profile Debian and
 * Ubuntu ship for charon allows (docs/security-modules.md). It runs in a session of its own
 * (other l2tpc processes may share it) and is stopped after the last user releases it; one whose
 * users were all killed is an orphan that the next cleanup stops (ipsec_charon_stop_orphans()).
 *
 * Users hold a reference: ipsec_charon_acquire() ... ipsec_charon_release().
 */
#pragma once

#include <stdbool.h>

#include "l2tpc-failure.h"

struct ipsec_charon;

struct ipsec_charon_options {
	const char *run_dir; /* default: L2TPC_RUNDIR (/run/l2tpc) */
	/* defaults: this distribution's (ipsec-paths.h), e.g. Debian's /usr/lib/ipsec/charon */
	const char *charon_path;
	const char *plugin_dir;
	const char *libcharon; /* (IKEv1 check) */
	/* NULL-terminated; default: /run/charon.vici, /var/run/charon.vici */
	const char *const *system_sockets;
	bool private_only; /* never use the system charon (tests) */
	bool never_start;  /* only a charon that runs already (a cleanup): no private start */
	int log_level;	   /* charon's filelog default level, default 1 */
};

/** Called once; @ch is NULL and @failure set when no charon can be had. */
typedef void (*ipsec_charon_ready_fn)(struct ipsec_charon *ch, const struct l2tpc_failure *failure,
				      void *user_data);

/**
 * Finds or starts charon and calls @ready with a reference. Concurrent acquires share one
 * private charon per run dir. @opts may be NULL (defaults); it is copied.
 */
void ipsec_charon_acquire(const struct ipsec_charon_options *opts, ipsec_charon_ready_fn ready,
			  void *user_data);
/** Drops a reference; the private charon is stopped (TERM, then KILL) after the last one. */
void ipsec_charon_release(struct ipsec_charon *ch);
/**
 * @ch died while in use (our private charon exited, or its VICI connection closed under us):
 * the next ipsec_charon_acquire() looks for (or starts) a charon again instead of handing out
 * this one, which lives on only for the references still held. Called for our own private
 * charon's exit; idempotent.
 */
void ipsec_charon_forget(struct ipsec_charon *ch);

/**
 * Stops the private charons of @run_dir (NULL: L2TPC_RUNDIR) that no l2tpc uses any more (their
 * l2tpc was killed): SIGTERM, then SIGKILL after 5 s; waits for them and removes their files from
 * the run dir. A charon some l2tpc still uses is left alone. Returns how many were stopped.
 * Blocks for up to 6 s per charon.
 */
int ipsec_charon_stop_orphans(const char *run_dir);

/** Path of the VICI socket to connect to. */
const char *ipsec_charon_socket(const struct ipsec_charon *ch);
bool ipsec_charon_is_private(const struct ipsec_charon *ch);
/** False when libcharon was built without IKEv1 (strongSwan 6.1 and later by default). */
bool ipsec_charon_has_ikev1(const struct ipsec_charon *ch);
/** The private charon's log file, or NULL for the system charon. */
const char *ipsec_charon_log_path(const struct ipsec_charon *ch);

/* ---- pure helpers (unit tested) ---- */

/** The strongswan.conf text for a private charon. @plugins is a space-separated load list. */
char *ipsec_charon_conf_text(const char *socket_path, const char *log_path, const char *plugins,
			     int log_level);
/**
 * The private charon's load list for the plugins installed in @plugin_dir (space-separated;
 * openssl for crypto, libstrongswan's built-ins without it). @missing is set to a required
 * plugin that is not installed, else NULL.
 */
char *ipsec_charon_plugin_list(const char *plugin_dir, const char **missing);
/** True if /proc/net/udp (or udp6) text lists a socket bound to local @port. */
bool ipsec_charon_udp_port_bound(const char *proc_net_udp, unsigned int port);
/** True if a libcharon image contains charon's IKEv1 task manager. */
bool ipsec_charon_lib_has_ikev1(const void *image, size_t len);
