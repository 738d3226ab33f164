/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ppp-options: the pppd options for one connection, built from a settings struct.
 *
 * Pure: it only formats text. The result is an options file (one option per line, quoted the
 * way pppd's option parser reads it) that the supervisor feeds to pppd through a pipe
 * ("file /dev/fd/N"), so pppd's argv stays short. Nothing secret is ever in it: the password
 * goes over the plugin channel (docs/pppd-plugin.md).
 */
#pragma once

#include <stdbool.h>
#include <glib.h>

/* The fds pppd finds its inputs on (the supervisor maps them there). */
#define PPP_OPTIONS_FD_DATA    3 /* the PPPoL2TP session socket, for "pppol2tp N" */
#define PPP_OPTIONS_FD_CHANNEL 4 /* our plugin's channel, "l2tpc-channel-fd N" */
#define PPP_OPTIONS_FD_FILE    5 /* the options themselves, "file /dev/fd/N" */
#define PPP_OPTIONS_FD_TUNNEL  6 /* the L2TP UDP socket: only held open (ppp_supervisor_config) */

#define PPP_OPTIONS_DEFAULT_MTU		      1400
#define PPP_OPTIONS_DEFAULT_LCP_ECHO_INTERVAL 4
#define PPP_OPTIONS_DEFAULT_LCP_ECHO_FAILURE  4
/* Debian's CA directory (hashed links), for EAP-TLS without a user-ca */
#define PPP_OPTIONS_SYSTEM_CA_DIR "/etc/ssl/certs"

enum ppp_options_transport {
	PPP_OPTIONS_PPPOL2TP, /* kernel data path: pppol2tp.so on the session socket */
	PPP_OPTIONS_PTY,      /* userspace data path: async HDLC on a pty */
};

struct ppp_options_settings {
	enum ppp_options_transport transport;
	const char *pty_path;	/* PTY: the slave side, e.g. /dev/pts/3 */
	const char *our_plugin; /* path of l2tpc-pppd-plugin.so; NULL: "l2tpc-pppd-plugin.so" */
	const char *pppol2tp_plugin; /* NULL: "pppol2tp.so" */
	/* PPPOL2TP: pppd starts before the session exists and our plugin waits, while pppd reads
	 * its options, for the socket to arrive over the channel ("l2tpc-wait-data-fd") */
	bool data_fd_later;

	const char *user;   /* PPP user name (not secret) */
	const char *domain; /* NT domain; the name becomes DOMAIN\user */

	bool refuse_pap, refuse_chap, refuse_mschap, refuse_mschapv2, refuse_eap;
	bool require_mppe, require_mppe_40, require_mppe_128, mppe_stateful;

	/* EAP-TLS with a user certificate (pppd's "ca"/"cert"/"key"; PEM files): every other
	 * method is refused and the server must use EAP. The key's password comes over the plugin
	 * channel. tls_ca NULL: the system's CA directory (PPP_OPTIONS_SYSTEM_CA_DIR). */
	bool eap_tls;
	const char *tls_ca, *tls_cert, *tls_key;

	/* compression: CCP runs only for MPPE or an allowed BSD-Compress/Deflate (RFC 1962) */
	bool nobsdcomp, nodeflate;
	bool novj;		  /* Van Jacobson TCP/IP header compression (RFC 1144) */
	bool nopcomp, noaccomp;	  /* LCP protocol / address-control field compression */
	unsigned mrru;		  /* > 0: multilink (RFC 1990) with this MRRU */
	const char *ipcp_peer_ip; /* IPv4 address to suggest for the server (":ADDR") */

	unsigned mtu; /* 0: PPP_OPTIONS_DEFAULT_MTU */
	unsigned mru; /* 0: PPP_OPTIONS_DEFAULT_MTU */
	/* LCP echo: interval < 0 means the default (30 s / 4); 0 turns echoes off. */
	int lcp_echo_interval;
	int lcp_echo_failure;
	/* > 0: our plugin resends our unanswered LCP Configure-Request this many ms after the
	 * server's first one arrives (l2tpc-pppd-lcp.h); 0: off */
	unsigned lcp_resend_ms;

	bool ipv6;
	bool no_peer_dns;   /* default is usepeerdns */
	const char *ifname; /* optional interface name (pppd "ifname") */
	bool debug;
};

/** Fills @s with the defaults (kernel path, MTU/MRU 1400, LCP echo 30 s / 4, usepeerdns, no
 * compression of any kind). */
void ppp_options_settings_init(struct ppp_options_settings *s);

/** Quotes @word for a pppd options file: bare when safe, otherwise "..." with \ escapes. */
char *ppp_options_quote(const char *word);

/**
 * Builds the options file text. Returns NULL and fills @error_sentence (one sentence, owned by
 * the caller) if the settings cannot work: every authentication method refused, an MPPE demand
 * together with refusing both MS-CHAP versions, a PTY without a path, or an out-of-range MTU.
 */
char *ppp_options_build(const struct ppp_options_settings *s, char **error_sentence);
