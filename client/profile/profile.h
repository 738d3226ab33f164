/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * profile: one L2TP/IPsec connection, parsed, validated and with every default applied.
 *
 * The on-disk format is NetworkManager's keyfile layout, so a NetworkManager connection file for
 * NetworkManager-l2tp can be read as it is:
 *
 *   [connection]            id=NAME, optional uuid=, type=vpn
 *   [vpn]                   the keys of profile-keys.h (NetworkManager-l2tp names)
 *   [vpn-secrets]           password, ipsec-psk, ... (secrets may also sit in [vpn])
 *   [ipv4]                  never-default, ignore-auto-dns (NetworkManager's own keys)
 *
 * The parser is pure: bytes in, struct out, no file access (profile-load.h reads files). Bad
 * values are rejected with one sentence naming the key, the value and what is allowed; secret
 * values are never echoed. Unknown keys become warnings, not errors. Secrets live in their own
 * struct and are wiped when the profile is freed.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <glib.h>

/* NetworkManager's NMSettingSecretFlags values, kept as plain numbers (no libnm here). */
#define L2TPC_PROFILE_SECRET_AGENT_OWNED  0x1u
#define L2TPC_PROFILE_SECRET_NOT_SAVED	  0x2u
#define L2TPC_PROFILE_SECRET_NOT_REQUIRED 0x4u

/* The service types a [vpn] service-type key may name. */
#define L2TPC_PROFILE_NM_SERVICE_L2TP  "org.freedesktop.NetworkManager.l2tp"
#define L2TPC_PROFILE_NM_SERVICE_L2TPC "org.freedesktop.NetworkManager.l2tpc"

enum l2tpc_profile_machine_auth {
	L2TPC_PROFILE_MACHINE_AUTH_PSK = 0,
	L2TPC_PROFILE_MACHINE_AUTH_TLS = 1,
};

enum l2tpc_profile_user_auth {
	L2TPC_PROFILE_USER_AUTH_PASSWORD = 0,
	L2TPC_PROFILE_USER_AUTH_TLS = 1,
};

/* Index into the values of ipsec-pfs-group; IKE means "the IKE SA's Diffie-Hellman group". */
enum l2tpc_profile_pfs_group {
	L2TPC_PROFILE_PFS_GROUP_IKE = 0,
};

struct l2tpc_profile_secrets {
	char *password;		/* PPP password */
	char *ipsec_psk;	/* IPsec pre-shared key ("0s" prefix: base64) */
	char *machine_certpass; /* machine key / PKCS#12 password */
	char *user_certpass;	/* EAP-TLS user key password */
	char *l2tp_secret;	/* L2TP tunnel authentication secret */
};

/* Every field holds a resolved value: a key missing from the file has its default. A string
 * field is NULL when unset. Field names follow the key names of profile-keys.c. */
struct l2tpc_profile {
	/* [connection] */
	char *id;
	char *uuid;
	char *service_type; /* [vpn] service-type as read; written back only when set */

	/* general */
	char *gateway;
	bool never_default;
	bool dns;
	bool persistent;
	unsigned persistent_backoff_max; /* s */
	unsigned persistent_timeout;	 /* s */
	bool ipv6;

	/* ipsec */
	bool ipsec_enabled;
	enum l2tpc_profile_machine_auth machine_auth_type;
	char *machine_ca;
	char *machine_cert;
	char *machine_key;
	char *ipsec_ike;
	char *ipsec_esp;
	bool ipsec_pfs;
	enum l2tpc_profile_pfs_group ipsec_pfs_group;
	unsigned ipsec_ikelifetime;
	unsigned ipsec_salifetime;
	char *ipsec_remote_id;
	bool ipsec_check_server_name;
	char *ipsec_local_id;
	bool ipsec_forceencaps;
	bool ipsec_ipcomp;
	bool ipsec_ikev2;
	unsigned ipsec_dpd_delay;

	/* l2tp */
	bool ephemeral_port;
	char *l2tp_host_name;
	unsigned l2tp_hello_interval;
	unsigned l2tp_retries;
	bool l2tp_rx_speed_avp;

	/* ppp */
	char *user;
	char *domain;
	enum l2tpc_profile_user_auth user_auth_type;
	char *user_ca;
	char *user_cert;
	char *user_key;
	bool refuse_eap;
	bool refuse_pap;
	bool refuse_chap;
	bool refuse_mschap;
	bool refuse_mschapv2;
	bool require_mppe;
	bool require_mppe_40;
	bool require_mppe_128;
	bool mppe_stateful;
	bool nobsdcomp;
	bool nodeflate;
	bool no_vj_comp;
	bool nopcomp;
	bool noaccomp;
	unsigned mrru;
	unsigned mtu;
	unsigned mru;
	unsigned lcp_echo_failure;
	unsigned lcp_echo_interval;
	char *ipcp_peer_ip;

	/* NetworkManager secret flags (L2TPC_PROFILE_SECRET_*) of each secret */
	unsigned password_flags;
	unsigned ipsec_psk_flags;
	unsigned machine_certpass_flags;
	unsigned user_certpass_flags;
	unsigned l2tp_secret_flags;

	struct l2tpc_profile_secrets secrets; /* wiped by l2tpc_profile_free() */
};

/** A profile holding every default and no gateway (so it does not pass the checks yet). */
struct l2tpc_profile *l2tpc_profile_new(void);
/** Wipes the secrets and frees @p; NULL is fine. */
void l2tpc_profile_free(struct l2tpc_profile *p);
/* The typedef exists for g_autoptr(l2tpc_profile) only; code says struct l2tpc_profile. */
typedef struct l2tpc_profile l2tpc_profile;
G_DEFINE_AUTOPTR_CLEANUP_FUNC(l2tpc_profile, l2tpc_profile_free)
/** Field-by-field comparison, secrets included; the round-trip tests and fuzzer rely on it. */
bool l2tpc_profile_equal(const struct l2tpc_profile *a, const struct l2tpc_profile *b);

/**
 * Parses a keyfile from @data (@len bytes, need not be NUL-terminated), applies defaults and
 * runs the cross-key checks. On success returns 0 and stores the profile in @out. On failure
 * returns -EINVAL and stores one sentence in @sentence (g_free it). @warnings (may be NULL)
 * receives owned sentences (unknown keys, ignored keys, risky settings).
 */
int l2tpc_profile_keyfile_parse(const char *data, size_t len, struct l2tpc_profile **out,
				GPtrArray *warnings, char **sentence);

/**
 * Sets one key (a [vpn] key, an alias, a secret, or never-default) from its text form, as
 * NetworkManager hands data items and secrets to a service. An empty or NULL @value restores
 * the default. Returns 0, -ENOENT for an unknown key or -EINVAL for a bad value, with a
 * sentence in @sentence (may be NULL). Ignored keys (unit, no-secret) are validated only.
 */
int l2tpc_profile_set(struct l2tpc_profile *p, const char *key, const char *value, char **sentence);

/**
 * The text form of @key's current value ("yes", "1400", a path, a secret), newly allocated,
 * or NULL when the key is unset, an alias, ignored or unknown.
 */
char *l2tpc_profile_get(const struct l2tpc_profile *p, const char *key);

/**
 * Cross-key checks (gateway present, tls needs its certificate, MPPE needs MS-CHAP, ...).
 * Returns 0 or -EINVAL with a sentence; warnings (may be NULL) get risky-but-valid settings.
 */
int l2tpc_profile_check(const struct l2tpc_profile *p, GPtrArray *warnings, char **sentence);

/**
 * Checks one value of one key without a profile: the validator the editors call per field.
 * Returns true when @value is acceptable; otherwise stores a sentence in @sentence (may be
 * NULL). Never echoes the value of a secret key.
 */
bool l2tpc_profile_value_validate(const char *key, const char *value, char **sentence);

/**
 * Serialises @p as a keyfile (the layout above) that l2tpc_profile_keyfile_parse() reads back into
 * an equal profile. Keys at their default are left out, except those whose NetworkManager-l2tp
 * default differs. Secrets are written to [vpn-secrets] only when @with_secrets; the caller then
 * wipes the text (explicit_bzero) before freeing it.
 * Returns a NUL-terminated string; @len (may be NULL) gets its length.
 */
char *l2tpc_profile_keyfile_text(const struct l2tpc_profile *p, bool with_secrets, size_t *len);

/** True when any secret is set (the loader refuses world-readable files then). */
bool l2tpc_profile_has_secrets(const struct l2tpc_profile *p);

/**
 * The secrets this profile needs and does not have, as key names ("password", "ipsec-psk",
 * "machine-certpass", "user-certpass", "l2tp-secret"): the CLI prompts for them and the
 * NetworkManager service returns them as NeedSecrets hints. A secret whose flags say
 * NOT_REQUIRED is never listed; l2tp-secret only when its flags say it is asked for (agent-owned
 * or not saved). Returns a NULL-terminated array (g_strfreev), empty when nothing is missing.
 */
char **l2tpc_profile_missing_secrets(const struct l2tpc_profile *p);

/** Wipes and frees every secret of @s (the struct itself stays). */
void l2tpc_profile_secrets_clear(struct l2tpc_profile_secrets *s);

/** ipsec-pfs-group as a group name ("modp2048"), or NULL for "use the IKE group". */
const char *l2tpc_profile_pfs_group_name(const struct l2tpc_profile *p);
