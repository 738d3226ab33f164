/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * profile-keys: the one table of every profile key.
 *
 * Names follow NetworkManager-l2tp's VPN data keys wherever the meaning is the same, so its
 * connections are read as they are; keys it lacks are l2tpc's own. For each key the table holds
 * its type and allowed values, its default, whether it is a secret (and which key holds that
 * secret's NetworkManager flags), the layer that uses it and a one-line description for the
 * editors and docs/profile-keys.md (a unit test keeps that page equal to this table).
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "ipsec-proposals.h"

enum l2tpc_profile_key_type {
	L2TPC_PROFILE_KEY_STRING,    /* one line of text, at most max characters */
	L2TPC_PROFILE_KEY_SECRET,    /* like STRING; never echoed in a sentence */
	L2TPC_PROFILE_KEY_BOOL,	     /* yes or no (true/false/1/0 also read) */
	L2TPC_PROFILE_KEY_UINT,	     /* number from min to max (or 0 with ZERO_OFF) */
	L2TPC_PROFILE_KEY_FLAGS,     /* NetworkManager secret flags, 0 to 7 */
	L2TPC_PROFILE_KEY_ENUM,	     /* one of values[] */
	L2TPC_PROFILE_KEY_PROPOSALS, /* comma-separated IKE/ESP proposals */
	L2TPC_PROFILE_KEY_FILE,	     /* absolute file path */
	L2TPC_PROFILE_KEY_HOST,	     /* host name or IP address */
	L2TPC_PROFILE_KEY_IPV4,	     /* IPv4 address */
	L2TPC_PROFILE_KEY_IDENTITY,  /* IKE identity: @fqdn, address, DN, ... */
};

enum l2tpc_profile_layer {
	L2TPC_PROFILE_LAYER_GENERAL,
	L2TPC_PROFILE_LAYER_IPSEC,
	L2TPC_PROFILE_LAYER_L2TP,
	L2TPC_PROFILE_LAYER_PPP,
};

enum l2tpc_profile_key_flag {
	L2TPC_PROFILE_KEY_F_NM = 1u << 0,	  /* NetworkManager-l2tp key, same meaning */
	L2TPC_PROFILE_KEY_F_REQUIRED = 1u << 1,	  /* must not be empty */
	L2TPC_PROFILE_KEY_F_ZERO_OFF = 1u << 2,	  /* UINT: 0 turns the feature off */
	L2TPC_PROFILE_KEY_F_IGNORED = 1u << 3,	  /* accepted and validated, no effect (says why) */
	L2TPC_PROFILE_KEY_F_DEPRECATED = 1u << 4, /* alias: its value goes to alias_of */
	L2TPC_PROFILE_KEY_F_QUIET = 1u << 5,	  /* IGNORED without a note */
	L2TPC_PROFILE_KEY_F_KDE = 1u << 6,	  /* legacy plasma-nm key */
	/* applied by NetworkManager itself, not by l2tpc (tests/unit/test-conn-plan.c skips it) */
	L2TPC_PROFILE_KEY_F_NM_APPLIES = 1u << 7,
};

#define L2TPC_PROFILE_KEY_NO_FIELD ((size_t)-1)

struct l2tpc_profile_key {
	const char *name;
	enum l2tpc_profile_key_type type;
	enum l2tpc_profile_layer layer;
	const char *group;	   /* keyfile group: "vpn" (secrets: "vpn-secrets") or "ipv4" */
	const char *def;	   /* default in text form; NULL: unset */
	unsigned min, max;	   /* UINT/FLAGS range; STRING/SECRET/IDENTITY: max length */
	const char *const *values; /* ENUM: NULL-terminated allowed values */
	const char *flags_key;	   /* SECRET: key holding its NetworkManager secret flags */
	const char *alias_of;	   /* DEPRECATED: the key this one stands for */
	const char *nm_default;	   /* NetworkManager-l2tp's default when it differs from ours */
	unsigned flags;		   /* enum l2tpc_profile_key_flag */
	size_t offset;		   /* field in struct l2tpc_profile, or NO_FIELD */
	const char *description;   /* one line, plain text */
};

/** The whole table, in documentation order; @n (may be NULL) gets its length. */
const struct l2tpc_profile_key *l2tpc_profile_keys(size_t *n);
/** The entry named @name, or NULL. */
const struct l2tpc_profile_key *l2tpc_profile_keys_lookup(const char *name);
/** The known key closest to the unknown @name when it looks like a typo of it, else NULL. */
const char *l2tpc_profile_keys_suggest(const char *name);
/** "general", "ipsec", "l2tp" or "ppp". */
const char *l2tpc_profile_keys_layer_name(enum l2tpc_profile_layer layer);
/**
 * What the key takes, in words: "yes/no", "number 576-1500", "0 (off) or number 5-3600",
 * "psk, tls", "file path", ... (newly allocated). Used by sentences and the docs.
 */
char *l2tpc_profile_keys_allowed_text(const struct l2tpc_profile_key *k);
/**
 * For a key of type L2TPC_PROFILE_KEY_PROPOSALS, which proposals it holds (ipsec-esp: ESP,
 * ipsec-ike: IKE); unset, it offers ipsec_proposals_default() of that kind.
 */
enum ipsec_proposals_kind l2tpc_profile_keys_proposals_kind(const struct l2tpc_profile_key *k);
