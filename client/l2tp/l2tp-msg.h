/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * l2tp-msg: whole L2TPv2 control messages (RFC 2661 3.2, 6); the headers are l2tp-header.h.
 *
 * Pure code: no socket, no clock. l2tp_msg_parse() turns a control message into a struct l2tp_msg
 * whose IETF AVPs are checked against RFC 2661 4.4 (lengths, hiding) and unhidden with the tunnel
 * secret; vendor AVPs are kept as they came. The builders produce the messages a LAC sends with a
 * zeroed header: the reliable transport (l2tp-reliable.h) stamps Tunnel ID, Session ID, Ns and Nr
 * at send time.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>

#include "l2tp-avp.h"
#include "l2tp-header.h"

/* RFC 2661 3.2: control message types. */
enum l2tp_msg_type {
	L2TP_MSG_ZLB = 0, /* not on the wire: a header-only acknowledgement */
	L2TP_MSG_SCCRQ = 1,
	L2TP_MSG_SCCRP = 2,
	L2TP_MSG_SCCCN = 3,
	L2TP_MSG_STOPCCN = 4,
	L2TP_MSG_HELLO = 6,
	L2TP_MSG_OCRQ = 7,
	L2TP_MSG_OCRP = 8,
	L2TP_MSG_OCCN = 9,
	L2TP_MSG_ICRQ = 10,
	L2TP_MSG_ICRP = 11,
	L2TP_MSG_ICCN = 12,
	L2TP_MSG_CDN = 14,
	L2TP_MSG_WEN = 15,
	L2TP_MSG_SLI = 16,
};

/* RFC 2661 4.4.2: StopCCN result codes, CDN result codes, general error codes. */
enum {
	L2TP_STOPCCN_CLEAR = 1,
	L2TP_STOPCCN_GENERAL_ERROR = 2,
	L2TP_STOPCCN_ALREADY_EXISTS = 3,
	L2TP_STOPCCN_NOT_AUTHORIZED = 4,
	L2TP_STOPCCN_BAD_VERSION = 5,
	L2TP_STOPCCN_SHUTTING_DOWN = 6,
	L2TP_STOPCCN_FSM_ERROR = 7,
};
enum {
	L2TP_CDN_LOST_CARRIER = 1,
	L2TP_CDN_GENERAL_ERROR = 2,
	L2TP_CDN_ADMIN = 3,
	L2TP_CDN_NO_FACILITIES_TEMP = 4,
	L2TP_CDN_NO_FACILITIES_PERM = 5,
	L2TP_CDN_INVALID_DEST = 6,
};
enum {
	L2TP_ERROR_NONE = 0,
	L2TP_ERROR_NO_CONTROL = 1,
	L2TP_ERROR_BAD_LENGTH = 2,
	L2TP_ERROR_BAD_VALUE = 3,
	L2TP_ERROR_NO_RESOURCES = 4,
	L2TP_ERROR_BAD_SESSION = 5,
	L2TP_ERROR_VENDOR = 6,
	L2TP_ERROR_TRY_ANOTHER = 7,
	L2TP_ERROR_UNKNOWN_MANDATORY = 8,
};

/** A vendor or unknown AVP kept as it came (value still hidden if @hidden). */
struct l2tp_msg_avp {
	uint16_t vendor, type;
	bool mandatory, hidden;
	guint off; /* into l2tp_msg.store */
	size_t len;
};

/** A parsed control message. Free its storage with l2tp_msg_clear(). */
struct l2tp_msg {
	struct l2tp_header hdr;
	bool zlb;
	uint16_t type;			/* Message Type value (0 for a ZLB) */
	bool type_mandatory;		/* M bit of the Message Type AVP */
	uint64_t present;		/* bit n: IETF AVP n was present */
	uint64_t was_hidden;		/* bit n: IETF AVP n arrived hidden */
	guint off[L2TP_AVP_TYPE_COUNT]; /* revealed value of IETF AVP n (first occurrence) */
	uint16_t len[L2TP_AVP_TYPE_COUNT];
	GByteArray *store;	/* owns every value */
	GArray *others;		/* struct l2tp_msg_avp: vendor AVPs, unknown IETF AVPs */
	bool unknown_mandatory; /* RFC 2661 4.1: an unrecognised AVP with M=1 was present */
	uint16_t unknown_vendor, unknown_type; /* the first such AVP */
};

/**
 * Parses a control message (the whole datagram, header included). Hidden AVPs are revealed with
 * @secret (may be NULL). Returns 0; -EPROTONOSUPPORT (not version 2: discard silently);
 * -EBADMSG (malformed: AVP lengths, a known AVP with a bad length, Message Type missing or not
 * first, Random Vector missing before a hidden AVP, a hidden AVP that cannot be revealed);
 * -ENOKEY (a hidden AVP but no secret). On error *@why (if not NULL) gets a static phrase.
 * An unknown AVP with M=1 is not an error here: it sets @unknown_mandatory so the caller can
 * tear down as RFC 2661 4.1 demands. On error @m is left empty; on success free it with
 * l2tp_msg_clear().
 */
int l2tp_msg_parse(const uint8_t *pkt, size_t len, const uint8_t *secret, size_t secret_len,
		   struct l2tp_msg *m, const char **why);
void l2tp_msg_clear(struct l2tp_msg *m);

/** "SCCRQ", "ICRP", "ZLB", ...; "unknown" otherwise. */
const char *l2tp_msg_type_name(uint16_t type);
/** True for types RFC 2661 3.2 defines. */
bool l2tp_msg_type_known(uint16_t type);
/** True for the call management and session messages (RFC 2661 3.2), which belong to a
 * session rather than to the tunnel. */
bool l2tp_msg_type_is_session(uint16_t type);

/* Typed accessors on a parsed message: false if the AVP is absent (lengths were checked). */
bool l2tp_msg_has(const struct l2tp_msg *m, enum l2tp_avp_type t);
bool l2tp_msg_get_u16(const struct l2tp_msg *m, enum l2tp_avp_type t, uint16_t *out);
/* u32: a LAC reads no 32-bit AVP; the unit tests read ours (Framing Capabilities, Call Serial
 * Number) with it. */
bool l2tp_msg_get_u32(const struct l2tp_msg *m, enum l2tp_avp_type t, uint32_t *out);
bool l2tp_msg_get_bytes(const struct l2tp_msg *m, enum l2tp_avp_type t, const uint8_t **v,
			size_t *len);
/** Newly allocated, NUL-terminated copy of a string AVP (non-UTF-8 octets replaced). */
char *l2tp_msg_dup_string(const struct l2tp_msg *m, enum l2tp_avp_type t);
bool l2tp_msg_get_result_code(const struct l2tp_msg *m, struct l2tp_result_code *out);
bool l2tp_msg_get_protocol_version(const struct l2tp_msg *m, uint8_t *ver, uint8_t *rev);
struct l2tp_call_errors {
	uint32_t crc, framing, hw_overruns, buf_overruns, timeouts, alignment;
};
bool l2tp_msg_get_call_errors(const struct l2tp_msg *m, struct l2tp_call_errors *out);
bool l2tp_msg_get_accm(const struct l2tp_msg *m, uint32_t *send_accm, uint32_t *recv_accm);

/*
 * Builders. Each returns a new GByteArray holding a 12-octet zeroed control header followed by
 * the Message Type AVP (M=1, first as RFC 2661 4.4.1 requires) and the message's AVPs.
 * l2tp_msg_build_new() + l2tp_avp_put*() build any other message (tests use it to play an LNS).
 */
GByteArray *l2tp_msg_build_new(uint16_t type);
/** Sets the header's Length to @b->len and the given fields. */
void l2tp_msg_stamp(GByteArray *b, uint16_t tunnel_id, uint16_t session_id, uint16_t ns,
		    uint16_t nr);

struct l2tp_sccrq_params {
	const char *host_name;	  /* required, >= 1 octet */
	uint16_t tunnel_id;	  /* our Assigned Tunnel ID, non-zero */
	uint16_t recv_window;	  /* 0: omit (peer assumes 4) */
	const uint8_t *challenge; /* NULL: no tunnel authentication */
	size_t challenge_len;
	const char *vendor_name; /* NULL: omit */
	uint16_t firmware_rev;	 /* 0: omit */
	uint32_t framing_caps;	 /* RFC 2661 4.4.3 bits */
	uint32_t bearer_caps;	 /* 0: omit */
};
GByteArray *l2tp_msg_build_sccrq(const struct l2tp_sccrq_params *p);
/** SCCCN; @response (16 octets) answers an SCCRP challenge, NULL if none came. */
GByteArray *l2tp_msg_build_scccn(const uint8_t *response);
/** StopCCN carrying our Assigned Tunnel ID and Result Code (@msg may be NULL). */
GByteArray *l2tp_msg_build_stopccn(uint16_t tunnel_id, uint16_t result, uint16_t error,
				   const char *msg);
GByteArray *l2tp_msg_build_hello(void);
/** ICRQ with our Assigned Session ID, Call Serial Number and, if non-zero, Bearer Type. */
GByteArray *l2tp_msg_build_icrq(uint16_t session_id, uint32_t serial, uint32_t bearer_type);
struct l2tp_iccn_params {
	uint32_t tx_speed;     /* Tx Connect Speed, bps */
	uint32_t framing_type; /* RFC 2661 4.4.5 bits */
	bool send_rx_speed;    /* WatchGuard needs it off (xl2tpd #136) */
	uint32_t rx_speed;
	bool sequencing_required;
};
GByteArray *l2tp_msg_build_iccn(const struct l2tp_iccn_params *p);
/** CDN with our Assigned Session ID (0 when refusing a call we never accepted). */
GByteArray *l2tp_msg_build_cdn(uint16_t session_id, uint16_t result, uint16_t error,
			       const char *msg);
/** A ZLB acknowledgement: 12 octets into @out. */
void l2tp_msg_build_zlb(uint8_t *out, uint16_t tunnel_id, uint16_t session_id, uint16_t ns,
			uint16_t nr);
