// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * profile-keys: the table of every profile key (see profile-keys.h).
 *
 * Defaults that differ from NetworkManager-l2tp carry nm_default so the serialiser always writes
 * them (a file read by NetworkManager-l2tp then behaves the same) and the docs can say so.
 */
#include <limits.h>
#include <string.h>

#include "profile-keys.h"
#include "profile.h"
#include "l2tpc-i18n.h"

#define FIELD(f)  offsetof(struct l2tpc_profile, f)
#define SECRET(f) offsetof(struct l2tpc_profile, secrets.f)
#define NO_FIELD  L2TPC_PROFILE_KEY_NO_FIELD

#define GENERAL L2TPC_PROFILE_LAYER_GENERAL
#define IPSEC	L2TPC_PROFILE_LAYER_IPSEC
#define L2TP	L2TPC_PROFILE_LAYER_L2TP
#define PPP	L2TPC_PROFILE_LAYER_PPP

#define NM	   L2TPC_PROFILE_KEY_F_NM
#define REQUIRED   L2TPC_PROFILE_KEY_F_REQUIRED
#define ZERO_OFF   L2TPC_PROFILE_KEY_F_ZERO_OFF
#define IGNORED	   L2TPC_PROFILE_KEY_F_IGNORED
#define DEPRECATED L2TPC_PROFILE_KEY_F_DEPRECATED
#define QUIET	   L2TPC_PROFILE_KEY_F_QUIET
#define KDE	   L2TPC_PROFILE_KEY_F_KDE

/* Text lengths: pppd keeps secrets and names in 256-byte buffers (MAXSECRETLEN, MAXNAMELEN). */
#define NAME_MAX_LEN   255
#define SECRET_MAX_LEN 255
#define PSK_MAX_LEN    1024

static const char *const machine_auth_values[] = { "psk", "tls", NULL };
static const char *const user_auth_values[] = { "password", "tls", NULL };
/* Order matters: index 0 is L2TPC_PROFILE_PFS_GROUP_IKE. */
static const char *const pfs_group_values[] = { "ike",	    "modp1024", "modp1536", "modp2048",
						"modp3072", "modp4096", "modp6144", "modp8192",
						"ecp256",   "ecp384",	"ecp521",   "curve25519",
						NULL };

#define BOOL_KEY(n, lay, d, fl, fld, desc)                                                         \
	{                                                                                          \
		.name = n, .type = L2TPC_PROFILE_KEY_BOOL, .layer = lay, .group = "vpn", .def = d, \
		.flags = fl, .offset = FIELD(fld), .description = desc                             \
	}
/* A NetworkManager-l2tp boolean whose default differs from ours (the serialiser writes it). */
#define BOOL_KEY_NM(n, lay, d, nmd, fld, desc)                                                     \
	{                                                                                          \
		.name = n, .type = L2TPC_PROFILE_KEY_BOOL, .layer = lay, .group = "vpn", .def = d, \
		.nm_default = nmd, .flags = NM, .offset = FIELD(fld), .description = desc          \
	}
#define FILE_KEY(n, lay, fld, desc)                                                                \
	{                                                                                          \
		.name = n, .type = L2TPC_PROFILE_KEY_FILE, .layer = lay, .group = "vpn",           \
		.max = 4095, .flags = NM, .offset = FIELD(fld), .description = desc                \
	}
#define FLAGS_KEY(n, lay, fl, fld, desc)                                                           \
	{                                                                                          \
		.name = n, .type = L2TPC_PROFILE_KEY_FLAGS, .layer = lay, .group = "vpn",          \
		.def = "0", .min = 0, .max = 7, .flags = fl, .offset = FIELD(fld),                 \
		.description = desc                                                                \
	}

static const struct l2tpc_profile_key keys[] = {
	/* general */
	{ .name = "gateway",
	  .type = L2TPC_PROFILE_KEY_HOST,
	  .layer = GENERAL,
	  .group = "vpn",
	  .max = 255,
	  .flags = NM | REQUIRED,
	  .offset = FIELD(gateway),
	  .description = "Server host name or IP address (an IPv6 address may be in [brackets])." },
	{ .name = "never-default",
	  .type = L2TPC_PROFILE_KEY_BOOL,
	  .layer = GENERAL,
	  .group = "ipv4",
	  .def = "no",
	  .flags = NM,
	  .offset = FIELD(never_default),
	  .description = "Keep the default route off the tunnel (the CLI refuses it with "
			 "--default-route; NetworkManager applies ipv4.never-default itself)." },
	BOOL_KEY("dns", GENERAL, "yes", 0, dns,
		 "Use the DNS servers the server offers over IPCP (pppd usepeerdns)."),
	BOOL_KEY("persistent", GENERAL, "no", 0, persistent,
		 "Reconnect by itself after a dead server, a changed local address or a hang-up "
		 "that is not a failed login (docs/cli.md has the schedule); NetworkManager's "
		 "vpn.persistent turns it on too."),
	{ .name = "persistent-backoff-max",
	  .type = L2TPC_PROFILE_KEY_UINT,
	  .layer = GENERAL,
	  .group = "vpn",
	  .def = "30",
	  .min = 1,
	  .max = 300,
	  .offset = FIELD(persistent_backoff_max),
	  .description = "With persistent: the longest wait in seconds between two reconnect "
			 "attempts (the first attempt starts at once, then the waits double from "
			 "1 s up to this)." },
	{ .name = "persistent-timeout",
	  .type = L2TPC_PROFILE_KEY_UINT,
	  .layer = GENERAL,
	  .group = "vpn",
	  .def = "600",
	  .min = 10,
	  .max = 86400,
	  .offset = FIELD(persistent_timeout),
	  .description = "With persistent: seconds without a connection after which reconnecting "
			 "stops and the connection ends." },

	/* ipsec */
	/* On unless turned off: a profile or vpn.data without the key gets IPsec.
	 * NetworkManager-l2tp read a missing key as off; nm_default makes every writer spell the
	 * value out, and nm-l2tpc-migrate writes "no" into the connections it converts that had it
	 * off. */
	BOOL_KEY_NM("ipsec-enabled", IPSEC, "yes", "no", ipsec_enabled,
		    "Protect the L2TP tunnel with IPsec (ESP in transport mode); no sends "
		    "the tunnel and the PPP login unprotected."),
	{ .name = "machine-auth-type",
	  .type = L2TPC_PROFILE_KEY_ENUM,
	  .layer = IPSEC,
	  .group = "vpn",
	  .def = "psk",
	  .values = machine_auth_values,
	  .flags = NM,
	  .offset = FIELD(machine_auth_type),
	  .description = "How this machine authenticates to the IPsec server: pre-shared key or "
			 "certificate." },
	{ .name = "ipsec-psk",
	  .type = L2TPC_PROFILE_KEY_SECRET,
	  .layer = IPSEC,
	  .group = "vpn",
	  .max = PSK_MAX_LEN,
	  .flags_key = "ipsec-psk-flags",
	  .flags = NM,
	  .offset = SECRET(ipsec_psk),
	  .description = "IPsec pre-shared key (a value starting with 0s is base64)." },
	FLAGS_KEY("ipsec-psk-flags", IPSEC, NM, ipsec_psk_flags,
		  "NetworkManager secret flags of ipsec-psk."),
	FILE_KEY("machine-ca", IPSEC, machine_ca,
		 "CA certificate that signed the IPsec server's certificate."),
	FILE_KEY("machine-cert", IPSEC, machine_cert,
		 "This machine's IPsec certificate (PEM, DER or PKCS#12)."),
	FILE_KEY("machine-key", IPSEC, machine_key,
		 "Private key of machine-cert (PEM, DER or PKCS#8; not needed with PKCS#12)."),
	{ .name = "machine-certpass",
	  .type = L2TPC_PROFILE_KEY_SECRET,
	  .layer = IPSEC,
	  .group = "vpn",
	  .max = SECRET_MAX_LEN,
	  .flags_key = "machine-certpass-flags",
	  .flags = NM,
	  .offset = SECRET(machine_certpass),
	  .description = "Password of machine-key or of the PKCS#12 file." },
	FLAGS_KEY("machine-certpass-flags", IPSEC, NM, machine_certpass_flags,
		  "NetworkManager secret flags of machine-certpass."),
	{ .name = "ipsec-ike",
	  .type = L2TPC_PROFILE_KEY_PROPOSALS,
	  .layer = IPSEC,
	  .group = "vpn",
	  .max = 1024,
	  .flags = NM,
	  .offset = FIELD(ipsec_ike),
	  .description =
		  "IKE (phase 1) proposals such as aes256-sha256-modp2048, in strongSwan's or "
		  "libreswan's spelling; unset uses the built-in list." },
	{ .name = "ipsec-esp",
	  .type = L2TPC_PROFILE_KEY_PROPOSALS,
	  .layer = IPSEC,
	  .group = "vpn",
	  .max = 1024,
	  .flags = NM,
	  .offset = FIELD(ipsec_esp),
	  .description = "ESP (phase 2) proposals such as aes256-sha1; one with a group "
			 "(aes256-sha1-modp2048) requires PFS; unset uses the built-in list." },
	BOOL_KEY("ipsec-pfs", IPSEC, "yes", NM, ipsec_pfs,
		 "Perfect forward secrecy: offer a fresh Diffie-Hellman exchange for each ESP SA, "
		 "and ESP without one if the server refuses it."),
	{ .name = "ipsec-pfs-group",
	  .type = L2TPC_PROFILE_KEY_ENUM,
	  .layer = IPSEC,
	  .group = "vpn",
	  .def = "ike",
	  .values = pfs_group_values,
	  .offset = FIELD(ipsec_pfs_group),
	  .description = "Diffie-Hellman group for PFS; ike offers the IKE SA's group." },
	{ .name = "ipsec-ikelifetime",
	  .type = L2TPC_PROFILE_KEY_UINT,
	  .layer = IPSEC,
	  .group = "vpn",
	  .def = "10800",
	  .min = 60,
	  .max = 86400,
	  .flags = NM,
	  .offset = FIELD(ipsec_ikelifetime),
	  .description = "IKE SA lifetime in seconds." },
	{ .name = "ipsec-salifetime",
	  .type = L2TPC_PROFILE_KEY_UINT,
	  .layer = IPSEC,
	  .group = "vpn",
	  .def = "3600",
	  .min = 60,
	  .max = 86400,
	  .flags = NM,
	  .offset = FIELD(ipsec_salifetime),
	  .description = "ESP SA lifetime in seconds." },
	{ .name = "ipsec-remote-id",
	  .type = L2TPC_PROFILE_KEY_IDENTITY,
	  .layer = IPSEC,
	  .group = "vpn",
	  .max = NAME_MAX_LEN,
	  .flags = NM,
	  .offset = FIELD(ipsec_remote_id),
	  .description = "Identity the IPsec server must present (@fqdn, IP address or DN); unset "
			 "accepts any (with certificates, see ipsec-check-server-name)." },
	BOOL_KEY("ipsec-check-server-name", IPSEC, "yes", 0, ipsec_check_server_name,
		 "With certificates and no ipsec-remote-id, the server's certificate must name "
		 "the gateway as entered (subjectAltName DNS or IP); no is unsafe: any "
		 "certificate from the CA is accepted as the server."),
	{ .name = "ipsec-gateway-id",
	  .type = L2TPC_PROFILE_KEY_IDENTITY,
	  .layer = IPSEC,
	  .group = "vpn",
	  .max = NAME_MAX_LEN,
	  .alias_of = "ipsec-remote-id",
	  .flags = NM | DEPRECATED,
	  .offset = NO_FIELD,
	  .description = "Old name of ipsec-remote-id." },
	{ .name = "ipsec-local-id",
	  .type = L2TPC_PROFILE_KEY_IDENTITY,
	  .layer = IPSEC,
	  .group = "vpn",
	  .max = NAME_MAX_LEN,
	  .offset = FIELD(ipsec_local_id),
	  .description = "Identity this machine presents; unset uses its IP address or its "
			 "certificate's subject." },
	{ .name = "ipsec-group-name",
	  .type = L2TPC_PROFILE_KEY_IDENTITY,
	  .layer = IPSEC,
	  .group = "vpn",
	  .max = NAME_MAX_LEN,
	  .alias_of = "ipsec-local-id",
	  .flags = NM | DEPRECATED,
	  .offset = NO_FIELD,
	  .description = "NetworkManager-l2tp's name for the local IKE identity used with a PSK." },
	BOOL_KEY("ipsec-forceencaps", IPSEC, "no", NM, ipsec_forceencaps,
		 "Always put ESP in UDP (NAT traversal), even when no NAT is detected."),
	BOOL_KEY("ipsec-ipcomp", IPSEC, "no", NM, ipsec_ipcomp,
		 "Offer IPComp compression on the ESP SA."),
	BOOL_KEY("ipsec-ikev2", IPSEC, "no", NM, ipsec_ikev2,
		 "Use IKEv2 instead of IKEv1 (few L2TP servers accept it)."),
	{ .name = "ipsec-dpd-delay",
	  .type = L2TPC_PROFILE_KEY_UINT,
	  .layer = IPSEC,
	  .group = "vpn",
	  .def = "30",
	  .min = 5,
	  .max = 3600,
	  .flags = ZERO_OFF,
	  .offset = FIELD(ipsec_dpd_delay),
	  .description = "Seconds between dead peer detection checks." },

	/* l2tp */
	BOOL_KEY("ephemeral-port", L2TP, "no", NM, ephemeral_port,
		 "Use a random UDP source port instead of 1701 (lets several clients share a "
		 "NAT)."),
	{ .name = "l2tp-secret",
	  .type = L2TPC_PROFILE_KEY_SECRET,
	  .layer = L2TP,
	  .group = "vpn",
	  .max = SECRET_MAX_LEN,
	  .flags_key = "l2tp-secret-flags",
	  .offset = SECRET(l2tp_secret),
	  .description = "Tunnel authentication secret (RFC 2661 challenge and hidden AVPs); most "
			 "servers use none." },
	FLAGS_KEY("l2tp-secret-flags", L2TP, 0, l2tp_secret_flags,
		  "NetworkManager secret flags of l2tp-secret."),
	{ .name = "l2tp-host-name",
	  .type = L2TPC_PROFILE_KEY_STRING,
	  .layer = L2TP,
	  .group = "vpn",
	  .max = NAME_MAX_LEN,
	  .offset = FIELD(l2tp_host_name),
	  .description = "Host Name AVP sent to the server; unset sends this machine's host "
			 "name." },
	{ .name = "l2tp-hello-interval",
	  .type = L2TPC_PROFILE_KEY_UINT,
	  .layer = L2TP,
	  .group = "vpn",
	  .def = "60",
	  .min = 10,
	  .max = 3600,
	  .flags = ZERO_OFF,
	  .offset = FIELD(l2tp_hello_interval),
	  .description = "Idle seconds before a HELLO keepalive is sent (RFC 2661 6.5)." },
	{ .name = "l2tp-retries",
	  .type = L2TPC_PROFILE_KEY_UINT,
	  .layer = L2TP,
	  .group = "vpn",
	  .def = "5",
	  .min = 1,
	  .max = 20,
	  .offset = FIELD(l2tp_retries),
	  .description = "Control message retransmissions before the tunnel is given up (RFC "
			 "2661 5.8)." },
	{ .name = "xl2tpd-max-retries",
	  .type = L2TPC_PROFILE_KEY_UINT,
	  .layer = L2TP,
	  .group = "vpn",
	  .min = 1,
	  .max = 20,
	  .alias_of = "l2tp-retries",
	  .flags = NM | DEPRECATED,
	  .offset = NO_FIELD,
	  .description = "NetworkManager-l2tp's name for l2tp-retries." },
	BOOL_KEY("l2tp-rx-speed-avp", L2TP, "yes", 0, l2tp_rx_speed_avp,
		 "Send the Rx Connect Speed AVP in ICCN (turn off for WatchGuard servers)."),

	/* ppp */
	{ .name = "user",
	  .type = L2TPC_PROFILE_KEY_STRING,
	  .layer = PPP,
	  .group = "vpn",
	  .max = NAME_MAX_LEN,
	  .flags = NM,
	  .offset = FIELD(user),
	  .description = "PPP user name." },
	{ .name = "password",
	  .type = L2TPC_PROFILE_KEY_SECRET,
	  .layer = PPP,
	  .group = "vpn",
	  .max = SECRET_MAX_LEN,
	  .flags_key = "password-flags",
	  .flags = NM,
	  .offset = SECRET(password),
	  .description = "PPP password." },
	FLAGS_KEY("password-flags", PPP, NM, password_flags,
		  "NetworkManager secret flags of password."),
	{ .name = "domain",
	  .type = L2TPC_PROFILE_KEY_STRING,
	  .layer = PPP,
	  .group = "vpn",
	  .max = NAME_MAX_LEN,
	  .flags = NM,
	  .offset = FIELD(domain),
	  .description = "NT domain; the user name is sent as DOMAIN\\user." },
	{ .name = "user-auth-type",
	  .type = L2TPC_PROFILE_KEY_ENUM,
	  .layer = PPP,
	  .group = "vpn",
	  .def = "password",
	  .values = user_auth_values,
	  .flags = NM,
	  .offset = FIELD(user_auth_type),
	  .description = "How the user authenticates over PPP: password or EAP-TLS certificate." },
	FILE_KEY(
		"user-ca", PPP, user_ca,
		"CA certificate (PEM) of the server's EAP-TLS certificate; unset uses the system's "
		"CAs."),
	FILE_KEY("user-cert", PPP, user_cert,
		 "User certificate for EAP-TLS, PEM (pppd 2.4.9 reads no other format)."),
	FILE_KEY("user-key", PPP, user_key,
		 "Private key of user-cert, PEM, encrypted with user-certpass or not."),
	{ .name = "user-certpass",
	  .type = L2TPC_PROFILE_KEY_SECRET,
	  .layer = PPP,
	  .group = "vpn",
	  .max = SECRET_MAX_LEN,
	  .flags_key = "user-certpass-flags",
	  .flags = NM,
	  .offset = SECRET(user_certpass),
	  .description = "Password of user-key or of the PKCS#12 file." },
	FLAGS_KEY("user-certpass-flags", PPP, NM, user_certpass_flags,
		  "NetworkManager secret flags of user-certpass."),
	/* EAP refused unless asked for, as Windows does for a password login: pppd speaks only
	 * EAP-MD5 (and EAP-TLS, user-auth-type=tls, which turns this off), and a server that
	 * offers EAP first (SoftEther) falls back to MS-CHAPv2 only when EAP is refused in LCP.
	 * NetworkManager-l2tp allowed it unless told otherwise. */
	BOOL_KEY_NM("refuse-eap", PPP, "yes", "no", refuse_eap,
		    "Refuse EAP authentication (password logins); no allows EAP-MD5 for a "
		    "server that accepts nothing else. user-auth-type=tls needs EAP and sets "
		    "it to no."),
	/* PAP hands the password itself to the link (RFC 1334 2.2); refused unless asked for, as
	 * Windows does. NetworkManager-l2tp allowed it unless told otherwise. */
	BOOL_KEY_NM("refuse-pap", PPP, "yes", "no", refuse_pap,
		    "Refuse PAP authentication, which sends the password itself; no allows "
		    "it for a server that accepts nothing else."),
	BOOL_KEY("refuse-chap", PPP, "no", NM, refuse_chap, "Refuse CHAP authentication."),
	BOOL_KEY("refuse-mschap", PPP, "no", NM, refuse_mschap, "Refuse MS-CHAP authentication."),
	BOOL_KEY("refuse-mschapv2", PPP, "no", NM, refuse_mschapv2,
		 "Refuse MS-CHAPv2 authentication."),
	BOOL_KEY("require-mppe", PPP, "no", NM, require_mppe, "Require MPPE encryption."),
	BOOL_KEY("require-mppe-40", PPP, "no", NM, require_mppe_40,
		 "Require MPPE with 40-bit keys."),
	BOOL_KEY("require-mppe-128", PPP, "no", NM, require_mppe_128,
		 "Require MPPE with 128-bit keys."),
	BOOL_KEY("mppe-stateful", PPP, "no", NM, mppe_stateful, "Allow stateful MPPE."),
	BOOL_KEY_NM("nobsdcomp", PPP, "yes", "no", nobsdcomp,
		    "Refuse BSD-Compress compression (no: CCP offers it)."),
	BOOL_KEY_NM("nodeflate", PPP, "yes", "no", nodeflate,
		    "Refuse Deflate compression (no: CCP offers it)."),
	BOOL_KEY_NM("no-vj-comp", PPP, "yes", "no", no_vj_comp,
		    "Refuse Van Jacobson TCP/IP header compression (pppd novj)."),
	BOOL_KEY("nopcomp", PPP, "no", NM, nopcomp, "Refuse protocol field compression."),
	BOOL_KEY("noaccomp", PPP, "no", NM, noaccomp, "Refuse address/control field compression."),
	{ .name = "mrru",
	  .type = L2TPC_PROFILE_KEY_UINT,
	  .layer = PPP,
	  .group = "vpn",
	  .def = "0",
	  .min = 1500,
	  .max = 4500,
	  .flags = NM | ZERO_OFF,
	  .offset = FIELD(mrru),
	  .description = "Offer multilink (RFC 1990) with this maximum reconstructed receive unit "
			 "(pppd multilink and mrru)." },
	{ .name = "mtu",
	  .type = L2TPC_PROFILE_KEY_UINT,
	  .layer = PPP,
	  .group = "vpn",
	  .def = "1400",
	  .min = 576,
	  .max = 1500,
	  .flags = NM,
	  .offset = FIELD(mtu),
	  .description = "PPP MTU." },
	{ .name = "mru",
	  .type = L2TPC_PROFILE_KEY_UINT,
	  .layer = PPP,
	  .group = "vpn",
	  .def = "1400",
	  .min = 576,
	  .max = 1500,
	  .flags = NM,
	  .offset = FIELD(mru),
	  .description = "PPP MRU." },
	{ .name = "lcp-echo-failure",
	  .type = L2TPC_PROFILE_KEY_UINT,
	  .layer = PPP,
	  .group = "vpn",
	  .def = "4",
	  .nm_default = "0",
	  .min = 0,
	  .max = 100,
	  .flags = NM,
	  .offset = FIELD(lcp_echo_failure),
	  .description = "Unanswered LCP echo requests before the link is declared dead; 0 never "
			 "gives up." },
	{ .name = "lcp-echo-interval",
	  .type = L2TPC_PROFILE_KEY_UINT,
	  .layer = PPP,
	  .group = "vpn",
	  .def = "4",
	  .nm_default = "0",
	  .min = 0,
	  .max = 3600,
	  .flags = NM,
	  .offset = FIELD(lcp_echo_interval),
	  .description = "Seconds without a packet from the server before an LCP echo request "
			 "is sent; 0 sends none." },
	{ .name = "ipcp-peer-ip",
	  .type = L2TPC_PROFILE_KEY_IPV4,
	  .layer = PPP,
	  .group = "vpn",
	  .flags = NM,
	  .offset = FIELD(ipcp_peer_ip),
	  .description = "Server address to suggest in IPCP when the server names none (pppd "
			 ":ADDR with ipcp-accept-remote)." },
	BOOL_KEY("ipv6", PPP, "no", 0, ipv6, "Negotiate IPv6CP (an IPv6 link-local address)."),
	{ .name = "unit",
	  .type = L2TPC_PROFILE_KEY_UINT,
	  .layer = PPP,
	  .group = "vpn",
	  .min = 0,
	  .max = 65535,
	  .flags = NM | IGNORED,
	  .offset = NO_FIELD,
	  .description = "pppd unit number; ignored, l2tpc names the PPP interface itself." },
	{ .name = "no-secret",
	  .type = L2TPC_PROFILE_KEY_STRING,
	  .layer = GENERAL,
	  .group = "vpn",
	  .max = NAME_MAX_LEN,
	  .flags = NM | IGNORED | QUIET,
	  .offset = NO_FIELD,
	  .description = "NetworkManager auth-dialog token meaning no secret is needed; "
			 "ignored." },

	/* legacy plasma-nm keys (dropped by NetworkManager-l2tp 1.52.4) */
	{ .name = "use-cert",
	  .type = L2TPC_PROFILE_KEY_BOOL,
	  .layer = IPSEC,
	  .group = "vpn",
	  .alias_of = "machine-auth-type",
	  .flags = DEPRECATED | KDE,
	  .offset = NO_FIELD,
	  .description = "Old plasma-nm key: yes means machine-auth-type=tls." },
	{ .name = "cert-ca",
	  .type = L2TPC_PROFILE_KEY_FILE,
	  .layer = IPSEC,
	  .group = "vpn",
	  .max = 4095,
	  .alias_of = "machine-ca",
	  .flags = DEPRECATED | KDE,
	  .offset = NO_FIELD,
	  .description = "Old plasma-nm name of machine-ca." },
	{ .name = "cert-pub",
	  .type = L2TPC_PROFILE_KEY_FILE,
	  .layer = IPSEC,
	  .group = "vpn",
	  .max = 4095,
	  .alias_of = "machine-cert",
	  .flags = DEPRECATED | KDE,
	  .offset = NO_FIELD,
	  .description = "Old plasma-nm name of machine-cert." },
	{ .name = "cert-key",
	  .type = L2TPC_PROFILE_KEY_FILE,
	  .layer = IPSEC,
	  .group = "vpn",
	  .max = 4095,
	  .alias_of = "machine-key",
	  .flags = DEPRECATED | KDE,
	  .offset = NO_FIELD,
	  .description = "Old plasma-nm name of machine-key." },
};

const struct l2tpc_profile_key *l2tpc_profile_keys(size_t *n)
{
	if (n)
		*n = G_N_ELEMENTS(keys);
	return keys;
}

const struct l2tpc_profile_key *l2tpc_profile_keys_lookup(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < G_N_ELEMENTS(keys); i++) {
		if (strcmp(keys[i].name, name) == 0)
			return &keys[i];
	}
	return NULL;
}

/* Levenshtein distance, capped: names are short (< 64), anything longer counts as far. */
static unsigned profile_key_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned row[64], diag, up;

	if (la >= G_N_ELEMENTS(row) || lb >= G_N_ELEMENTS(row))
		return UINT_MAX;
	for (size_t j = 0; j <= lb; j++)
		row[j] = (unsigned)j;
	for (size_t i = 1; i <= la; i++) {
		diag = row[0];
		row[0] = (unsigned)i;
		for (size_t j = 1; j <= lb; j++) {
			up = row[j];
			row[j] = MIN(MIN(row[j] + 1, row[j - 1] + 1),
				     diag + (a[i - 1] == b[j - 1] ? 0 : 1));
			diag = up;
		}
	}
	return row[lb];
}

const char *l2tpc_profile_keys_suggest(const char *name)
{
	const char *best = NULL;
	unsigned best_d = UINT_MAX;

	for (size_t i = 0; name && i < G_N_ELEMENTS(keys); i++) {
		unsigned d = profile_key_distance(name, keys[i].name);

		if (d < best_d) {
			best_d = d;
			best = keys[i].name;
		}
	}
	/* a typo, not another word: at most 2 edits, and fewer than a third of the name */
	return best_d <= 2 && best_d * 3 < strlen(name) ? best : NULL;
}

const char *l2tpc_profile_keys_layer_name(enum l2tpc_profile_layer layer)
{
	switch (layer) {
	case L2TPC_PROFILE_LAYER_GENERAL:
		return "general";
	case L2TPC_PROFILE_LAYER_IPSEC:
		return "ipsec";
	case L2TPC_PROFILE_LAYER_L2TP:
		return "l2tp";
	case L2TPC_PROFILE_LAYER_PPP:
		return "ppp";
	}
	return "general";
}

static char *profile_keys_enum_text(const char *const *values)
{
	GString *s = g_string_new(NULL);
	size_t n = g_strv_length((char **)values);

	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			g_string_append(s, i + 1 == n ? " or " : ", ");
		g_string_append(s, values[i]);
	}
	return g_string_free(s, FALSE);
}

enum ipsec_proposals_kind l2tpc_profile_keys_proposals_kind(const struct l2tpc_profile_key *k)
{
	return strcmp(k->name, "ipsec-esp") == 0 ? IPSEC_PROPOSALS_ESP : IPSEC_PROPOSALS_IKE;
}

char *l2tpc_profile_keys_allowed_text(const struct l2tpc_profile_key *k)
{
	switch (k->type) {
	case L2TPC_PROFILE_KEY_STRING:
	case L2TPC_PROFILE_KEY_SECRET:
		return g_strdup_printf(_("one line of text of at most %u characters"), k->max);
	case L2TPC_PROFILE_KEY_BOOL:
		return g_strdup(_("yes or no"));
	case L2TPC_PROFILE_KEY_UINT:
		if (k->flags & L2TPC_PROFILE_KEY_F_ZERO_OFF)
			return g_strdup_printf(_("0 (off) or a number from %u to %u"), k->min,
					       k->max);
		return g_strdup_printf(_("a number from %u to %u"), k->min, k->max);
	case L2TPC_PROFILE_KEY_FLAGS:
		return g_strdup_printf(_("secret flags, a number from %u to %u"), k->min, k->max);
	case L2TPC_PROFILE_KEY_ENUM:
		return profile_keys_enum_text(k->values);
	case L2TPC_PROFILE_KEY_PROPOSALS:
		return g_strdup(_("a comma-separated list of proposals such as "
				  "aes256-sha256-modp2048,aes128-sha1-modp2048"));
	case L2TPC_PROFILE_KEY_FILE:
		return g_strdup(_("an absolute file path"));
	case L2TPC_PROFILE_KEY_HOST:
		return g_strdup(_("a host name or an IP address"));
	case L2TPC_PROFILE_KEY_IPV4:
		return g_strdup(_("an IPv4 address"));
	case L2TPC_PROFILE_KEY_IDENTITY:
		return g_strdup_printf(
			_("an IKE identity (@fqdn, IP address or distinguished name) "
			  "of at most %u characters"),
			k->max);
	}
	return g_strdup(_("a valid value"));
}
