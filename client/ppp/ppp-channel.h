/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ppp-channel: the messages between l2tpc and its pppd plugin (docs/pppd-plugin.md).
 *
 * The client hands pppd one end of a SOCK_SEQPACKET socketpair; the plugin finds it through the
 * option "l2tpc-channel-fd N". Secrets travel client -> plugin, so they never appear in pppd's
 * argv, environment or a file; link events travel plugin -> client.
 *
 * A message is a 4-byte header, type (u16) and attribute length (u16), followed by attributes,
 * each tag (u16), length (u16) and value; all big-endian. Unknown attributes are skipped, so
 * either side may add some. This file is plain C without GLib: the plugin, which lives inside
 * pppd, compiles the same source. It is pure and has a fuzz target.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PPP_CHANNEL_VERSION    1
#define PPP_CHANNEL_HEADER_LEN 4
/* Largest message either side sends or accepts. */
#define PPP_CHANNEL_MAX_MSG 2048
/* Limits that match pppd's MAXNAMELEN/MAXSECRETLEN (256 with the terminating zero). */
#define PPP_CHANNEL_MAX_NAME   256
#define PPP_CHANNEL_MAX_SECRET 256
#define PPP_CHANNEL_MAX_IFNAME 16
#define PPP_CHANNEL_MAX_TEXT   256
/* The line our plugin writes to pppd's log when authentication failed after the server chose
 * EAP (the channel's AUTH message stays a plain yes/no). */
#define PPP_CHANNEL_EAP_LOG_LINE "l2tpc-plugin: the server chose EAP authentication"

enum ppp_channel_type {
	PPP_CHANNEL_SECRETS = 1, /* client -> plugin: user, password, EAP-TLS key password */
	PPP_CHANNEL_HELLO = 2,	 /* plugin -> client: channel version, pppd version, pid */
	PPP_CHANNEL_PHASE = 3,	 /* plugin -> client: pppd entered a phase */
	PPP_CHANNEL_AUTH = 4,	 /* plugin -> client: authenticating to the peer worked or not */
	PPP_CHANNEL_IP_UP = 5,	 /* plugin -> client: IPCP is up */
	PPP_CHANNEL_IPV6_UP = 6, /* plugin -> client: IPV6CP is up */
	PPP_CHANNEL_IP_DOWN = 7, /* plugin -> client: IPCP went down */
	PPP_CHANNEL_EXIT = 8,	 /* plugin -> client: pppd is exiting, with its exit status */
	/* client -> plugin: the PPPoL2TP session socket, as SCM_RIGHTS, for a pppd started before
	 * the session existed ("l2tpc-wait-data-fd"); may carry LCP_RESEND_MS */
	PPP_CHANNEL_DATA_FD = 9,
	/* client -> plugin, just before SIGTERM: the server is known dead or this machine's address
	 * is gone; end LCP without waiting for the Terminate-Ack that cannot come */
	PPP_CHANNEL_DROP = 10,
};

enum ppp_channel_attr {
	PPP_CHANNEL_ATTR_USER = 1,	     /* string */
	PPP_CHANNEL_ATTR_PASSWORD = 2,	     /* string, secret */
	PPP_CHANNEL_ATTR_VERSION = 3,	     /* u32 */
	PPP_CHANNEL_ATTR_PPPD_VERSION = 4,   /* string */
	PPP_CHANNEL_ATTR_PID = 5,	     /* u32 */
	PPP_CHANNEL_ATTR_PHASE = 6,	     /* u32, pppd's PHASE_* number */
	PPP_CHANNEL_ATTR_AUTH_OK = 7,	     /* u8, 1 = success */
	PPP_CHANNEL_ATTR_IFNAME = 8,	     /* string */
	PPP_CHANNEL_ATTR_LOCAL4 = 9,	     /* 4 bytes, network order */
	PPP_CHANNEL_ATTR_PEER4 = 10,	     /* 4 bytes */
	PPP_CHANNEL_ATTR_DNS4 = 11,	     /* 4 bytes; up to two, in order */
	PPP_CHANNEL_ATTR_LOCAL_IFID = 12,    /* 8 bytes, IPv6 interface identifier */
	PPP_CHANNEL_ATTR_PEER_IFID = 13,     /* 8 bytes */
	PPP_CHANNEL_ATTR_EXIT_STATUS = 14,   /* u32, pppd's EXIT_* number */
	PPP_CHANNEL_ATTR_TEXT = 15,	     /* string, a human-readable detail */
	PPP_CHANNEL_ATTR_MTU = 16,	     /* u32 */
	PPP_CHANNEL_ATTR_LCP_RESEND_MS = 17, /* u32, see l2tpc-pppd-lcp.h */
	PPP_CHANNEL_ATTR_CERTPASS = 18,	     /* string, secret: the EAP-TLS key's password */
};

/* pppd's phase numbers (pppd.h PHASE_*, the same in 2.4 and 2.5). */
enum ppp_channel_phase {
	PPP_CHANNEL_PHASE_DEAD = 0,
	PPP_CHANNEL_PHASE_INITIALIZE = 1,
	PPP_CHANNEL_PHASE_SERIALCONN = 2,
	PPP_CHANNEL_PHASE_DORMANT = 3,
	PPP_CHANNEL_PHASE_ESTABLISH = 4,
	PPP_CHANNEL_PHASE_AUTHENTICATE = 5,
	PPP_CHANNEL_PHASE_CALLBACK = 6,
	PPP_CHANNEL_PHASE_NETWORK = 7,
	PPP_CHANNEL_PHASE_RUNNING = 8,
	PPP_CHANNEL_PHASE_TERMINATE = 9,
	PPP_CHANNEL_PHASE_DISCONNECT = 10,
	PPP_CHANNEL_PHASE_HOLDOFF = 11,
	PPP_CHANNEL_PHASE_MASTER = 12,
};

struct ppp_channel_msg {
	uint16_t type; /* enum ppp_channel_type; unknown types decode with no fields */
	/* which optional fields were present */
	bool has_version, has_pid, has_phase, has_auth_ok, has_local4, has_peer4, has_local_ifid,
		has_peer_ifid, has_exit_status, has_mtu, has_lcp_resend_ms;
	unsigned n_dns4;
	uint32_t version;
	uint32_t pid;
	uint32_t phase;
	bool auth_ok;
	uint32_t exit_status;
	uint32_t mtu;
	uint32_t lcp_resend_ms;
	uint8_t local4[4], peer4[4];
	uint8_t dns4[2][4];
	uint8_t local_ifid[8], peer_ifid[8];
	char user[PPP_CHANNEL_MAX_NAME];
	char password[PPP_CHANNEL_MAX_SECRET];
	char certpass[PPP_CHANNEL_MAX_SECRET];
	char pppd_version[32];
	char ifname[PPP_CHANNEL_MAX_IFNAME];
	char text[PPP_CHANNEL_MAX_TEXT];
};

void ppp_channel_msg_init(struct ppp_channel_msg *m, enum ppp_channel_type type);
/** Wipes the whole message, secrets included (explicit_bzero). */
void ppp_channel_msg_wipe(struct ppp_channel_msg *m);

/**
 * Encodes @m into @buf (@cap bytes). Only the fields the type uses and marks present are
 * written; strings are written without their terminating zero. Returns the length, -ENOSPC if
 * @cap is too small, or -EINVAL if a string is too long for the receiver.
 */
int ppp_channel_encode(const struct ppp_channel_msg *m, uint8_t *buf, size_t cap);

/**
 * Decodes one message from the start of @buf. Returns the number of bytes it used (header plus
 * attributes), -EAGAIN if @buf holds only part of a message, or -EBADMSG if it is malformed
 * (bad attribute length, string too long or containing a zero, wrong fixed size, too long).
 * @m is always left initialised; on -EBADMSG it is wiped.
 */
int ppp_channel_decode(const uint8_t *buf, size_t len, struct ppp_channel_msg *m);

const char *ppp_channel_type_name(uint16_t type);
/** pppd's phase names, e.g. "authenticate" for 5; "unknown" past the end. */
const char *ppp_channel_phase_name(uint32_t phase);
