/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ppp-supervisor: runs one pppd for one L2TP session and reports what it does.
 *
 * pppd is spawned with an explicit fd map and nothing else inherited: the PPPoL2TP session
 * socket on fd 3 (kernel data path), our plugin's channel on fd 4, the options (from
 * ppp-options) on a pipe at fd 5 read with "file /dev/fd/5". The password goes into the channel
 * before pppd starts, so it is never in pppd's argv or environment (docs/pppd-plugin.md). pppd's
 * log (stderr) is forwarded line by line to l2tpc-log under the component "pppd".
 *
 * The owner gets callbacks: phase changes, IPv4/IPv6 up with the addresses and DNS servers, and
 * one final "down" when pppd has exited, carrying a failure class and sentence built from the
 * channel events and pppd's exit status (pppd.h EXIT_*). Stopping sends SIGTERM and escalates
 * to SIGKILL after a timeout. One GLib main loop, no threads.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>
#include <glib.h>

#include "l2tpc-failure.h"

struct ppp_supervisor;

struct ppp_supervisor_ip4 {
	char ifname[16];
	struct in_addr local;
	struct in_addr peer; /* 0.0.0.0 if the server did not say */
	unsigned n_dns;
	struct in_addr dns[2];
};

struct ppp_supervisor_ip6 {
	char ifname[16];
	uint8_t local_ifid[8];
	uint8_t peer_ifid[8];
};

struct ppp_supervisor_callbacks {
	/* pppd entered a phase (enum ppp_channel_phase) */
	void (*phase)(struct ppp_supervisor *sup, unsigned phase, void *user_data);
	/* authentication to the server succeeded */
	void (*auth_ok)(struct ppp_supervisor *sup, void *user_data);
	/* IPCP is up */
	void (*up)(struct ppp_supervisor *sup, const struct ppp_supervisor_ip4 *ip4,
		   void *user_data);
	/* IPV6CP is up */
	void (*up6)(struct ppp_supervisor *sup, const struct ppp_supervisor_ip6 *ip6,
		    void *user_data);
	/*
	 * pppd has exited (called exactly once per successful start). @failure is unset when the
	 * owner asked for the stop; otherwise it says why the link ended. The supervisor may be
	 * freed from inside this callback.
	 */
	void (*down)(struct ppp_supervisor *sup, const struct l2tpc_failure *failure,
		     void *user_data);
};

struct ppp_supervisor_config {
	const char *pppd_path; /* NULL: PPP_SUPERVISOR_PPPD */
	const char *options;   /* from ppp_options_build(); copied into a pipe */
	int data_fd;	       /* PPPoL2TP session socket, -1 for the pty path (not taken) */
	/* the options say "l2tpc-wait-data-fd": the socket follows with ppp_supervisor_give_data_fd
	 */
	bool data_fd_later;
	/*
	 * The L2TP UDP socket the kernel session sends through; pppd only holds it open. The
	 * kernel frees a socket's own xfrm policy (IP_XFRM_POLICY) when its last descriptor
	 * closes, yet the kernel tunnel keeps sending pppd's frames through that socket: a pppd
	 * that outlives a killed l2tpc would then send in clear once the SA goes. Held by pppd,
	 * the policy lasts as long as anything can send. 0 or less: none (pty path, no IPsec).
	 */
	int tunnel_fd;
	const char *user;     /* sent over the channel; NULL: pppd's "user" option is used */
	const char *password; /* secret: copied into the channel message only, then wiped there */
	const char *certpass; /* secret, like password: the EAP-TLS key's password (or NULL) */
	unsigned stop_timeout_ms; /* SIGTERM -> SIGKILL; 0: PPP_SUPERVISOR_STOP_TIMEOUT_MS */
	/* extra words appended to pppd's argv (tests use "debug"); never secrets */
	const char *const *extra_argv;
};

#define PPP_SUPERVISOR_PPPD	       "/usr/sbin/pppd"
#define PPP_SUPERVISOR_STOP_TIMEOUT_MS 5000

struct ppp_supervisor *ppp_supervisor_new(const struct ppp_supervisor_callbacks *cb,
					  void *user_data);
/** Stops pppd with SIGKILL if it still runs (and reaps it), then frees. NULL is fine. */
void ppp_supervisor_free(struct ppp_supervisor *sup);

/**
 * Starts pppd. Returns 0, or -errno with @failure set (pppd missing, no fds, ...). After 0,
 * exactly one down callback follows.
 */
int ppp_supervisor_start(struct ppp_supervisor *sup, const struct ppp_supervisor_config *cfg,
			 struct l2tpc_failure *failure);

/** Asks pppd to end (SIGTERM, SIGKILL after the stop timeout). The down callback follows. */
void ppp_supervisor_stop(struct ppp_supervisor *sup);
/**
 * Like ppp_supervisor_stop(), for a server known dead or out of reach: once IPCP was up, the
 * plugin is told first (PPP_CHANNEL_DROP), so pppd sends its LCP Terminate-Request once and
 * ends without waiting for the answer.
 */
void ppp_supervisor_drop(struct ppp_supervisor *sup);
/** True when pppd logged that its LCP echo requests went unanswered (the server is dead). */
bool ppp_supervisor_peer_dead(const struct ppp_supervisor *sup);
/**
 * For a pppd started with data_fd_later: hands it the PPPoL2TP session socket @fd and, if
 * above 0, the L2TP UDP socket @tunnel_fd to hold (see ppp_supervisor_config; both copied, not
 * taken) and, if non-zero, the LCP resend wait its options could not know yet. Returns 0 or
 * -errno with @failure set.
 */
int ppp_supervisor_give_data_fd(struct ppp_supervisor *sup, int fd, int tunnel_fd,
				unsigned lcp_resend_ms, struct l2tpc_failure *failure);

/** Whether pppd runs; the tests check that the supervisor is idle again. */
bool ppp_supervisor_running(const struct ppp_supervisor *sup);
/** pppd's pid while it runs, otherwise 0. */
GPid ppp_supervisor_pid(const struct ppp_supervisor *sup);

/** The failure when authentication failed after the server chose EAP (pure, unit-tested). */
void ppp_supervisor_eap_failure(const char *user, struct l2tpc_failure *failure);
/**
 * The failure when the server ended LCP because we refused every authentication protocol it
 * offers (typically PAP, refused by default): names refuse-pap (pure, unit-tested).
 */
void ppp_supervisor_no_method_failure(struct l2tpc_failure *failure);
/**
 * The failure for pppd's exit: @wait_status from waitpid(), @auth_failed if the plugin reported
 * a failed authentication, @stopped if the owner asked for the stop. Pure; unit-tested.
 */
void ppp_supervisor_exit_failure(int wait_status, bool auth_failed, bool stopped, const char *user,
				 struct l2tpc_failure *failure);
