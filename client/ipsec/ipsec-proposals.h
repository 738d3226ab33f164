/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipsec-proposals: the IKE and ESP proposals l2tpc offers, in one place.
 *
 * - The default lists. charon's IKEv1 initiator puts only the first algorithm of each kind of a
 *   proposal on the wire, so every default proposal is one combination, strongest first, the
 *   legacy 3DES/MD5/MODP-1024 ones last (old boxes still ship with nothing else).
 * - The PFS rule. Some servers require a Diffie-Hellman exchange in Quick Mode (libreswan's
 *   default, many strongSwan setups), others refuse one (Windows RRAS, MikroTik setups with
 *   pfs-group=none, strongSwan with no group in its esp_proposals). One IKEv1 Quick Mode cannot
 *   offer both: it carries one KE payload, and charon drops the proposals without a group when
 *   any has one (quick_mode.c get_proposals). So ipsec-pfs=yes offers PFS first and, when the
 *   server refuses that Quick Mode, the same proposals without a group. The refusal arrives
 *   under the IKE SA's protection, so nobody else can force the fallback. ESP proposals that
 *   name a group themselves (ipsec-esp=aes256-sha1-modp2048) require PFS: no fallback.
 * - Normalisation. NetworkManager-l2tp exports carry strongSwan ipsec.conf strings ("...!" for
 *   strict) or libreswan ones ("aes256-sha1;modp1024", "aes128-sha2_256", "aes_gcm256-null",
 *   "dh14"); charon's VICI takes neither. ipsec_proposals_normalize() turns both into charon's
 *   syntax (VICI proposals are always strict, so '!' only goes away).
 */
#pragma once

#include <stdbool.h>
#include <glib.h>

enum ipsec_proposals_kind {
	IPSEC_PROPOSALS_IKE,
	IPSEC_PROPOSALS_ESP,
};

/** The default IKE proposals, comma-separated, one combination each. */
const char *ipsec_proposals_default_ike(void);
/** The default ESP proposals, comma-separated, without a Diffie-Hellman group. */
const char *ipsec_proposals_default_esp(void);
/** The default proposals of @kind: what an unset ipsec-ike or ipsec-esp offers. */
const char *ipsec_proposals_default(enum ipsec_proposals_kind kind);

/**
 * Normalises a proposal list as a user or NetworkManager-l2tp wrote it into charon's syntax:
 * lower case, no spaces, no trailing '!', '-' between algorithms, strongSwan's names for
 * libreswan's. Returns 0 and a new string in @out, or -EINVAL and (if @why is not NULL) a
 * sentence fragment naming the offending item, such as "'aes256-foo' has an unknown algorithm
 * 'foo'".
 */
int ipsec_proposals_normalize(const char *in, enum ipsec_proposals_kind kind, char **out,
			      char **why);

/** Whether any proposal of the (normalised) list names a Diffie-Hellman group. */
bool ipsec_proposals_have_group(const char *list);

/**
 * The Diffie-Hellman groups of a (normalised) list, in order of first appearance, joined by
 * '-' ("modp2048-ecp384"); "" when none.
 */
char *ipsec_proposals_groups(const char *list);

/** What the profile asks for, for ipsec_proposals_esp_offers(). */
struct ipsec_proposals_pfs {
	const char *ike;   /* the IKE proposals (normalised); NULL: the default */
	const char *esp;   /* the ESP proposals (normalised); NULL: the default */
	bool pfs;	   /* ipsec-pfs */
	const char *group; /* ipsec-pfs-group; NULL or "ike": the IKE SA's group */
};

/**
 * The PFS rule: the ESP proposals to offer first (@first) and, when the server refuses them in
 * Quick Mode, the ones to try instead (@fallback, NULL when there is no second try). With PFS
 * each proposal that names no group gets the PFS groups appended: @group, or for "ike" every
 * group of the IKE proposals (charon then offers the one the IKE SA negotiated). Both strings
 * are new.
 */
void ipsec_proposals_esp_offers(const struct ipsec_proposals_pfs *in, char **first,
				char **fallback);
