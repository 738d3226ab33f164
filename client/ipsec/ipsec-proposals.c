// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The proposals l2tpc offers and the normalisation of imported ones (see ipsec-proposals.h).
 * Algorithm names: strongSwan's proposal keywords (swanctl.conf(5), "IKEv2 Cipher Suites" in
 * its documentation) and libreswan's ipsec.conf(5) ike= / esp= / phase2alg= syntax.
 */
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "ipsec-proposals.h"
#include "l2tpc-i18n.h"

#define PROPOSALS_MAX_ITEMS 64

/*
 * Order: what current servers prefer (Windows Server, MikroTik, Cisco, FortiGate, macOS-style
 * racoon configs all accept one of the MODP-2048 or MODP-1024 SHA1 ones), strongest first,
 * 3DES with SHA1 then MD5 last for old boxes.
 */
static const char default_ike[] =
	"aes256-sha256-modp2048,aes128-sha256-modp2048,aes256-sha1-modp2048,aes128-sha1-modp2048,"
	"aes256-sha256-ecp384,aes128-sha256-ecp384,aes256-sha1-ecp384,aes128-sha1-ecp384,"
	"aes256-sha256-ecp256,aes128-sha256-ecp256,aes256-sha1-ecp256,aes128-sha1-ecp256,"
	"aes256-sha256-modp1536,aes128-sha256-modp1536,aes256-sha1-modp1536,aes128-sha1-modp1536,"
	"aes256-sha256-modp1024,aes128-sha256-modp1024,aes256-sha1-modp1024,aes128-sha1-modp1024,"
	"3des-sha1-modp1024,3des-md5-modp1024";
/* SHA1 first: Windows and older Linux peers disagree on SHA2-256 ICV truncation in ESP. */
static const char default_esp[] =
	"aes256-sha1,aes128-sha1,aes256-sha256,aes128-sha256,3des-sha1,3des-md5";

/* libreswan's IKE default groups when an ike= item names none (ipsec.conf(5)), in order. */
static const char *const ike_default_groups[] = { "modp2048", "modp1536", "modp1024" };

const char *ipsec_proposals_default_ike(void)
{
	return default_ike;
}

const char *ipsec_proposals_default_esp(void)
{
	return default_esp;
}

const char *ipsec_proposals_default(enum ipsec_proposals_kind kind)
{
	return kind == IPSEC_PROPOSALS_ESP ? default_esp : default_ike;
}

/* ---- algorithm names ---- */

/* Names only libreswan (or old strongSwan ipsec.conf) uses, with charon's name. */
static const struct {
	const char *from, *to;
} renames[] = {
	{ "sha", "sha1" },	    { "sha2", "sha256" },
	{ "sha2_256", "sha256" },   { "sha2_384", "sha384" },
	{ "sha2_512", "sha512" },   { "sha256_128", "sha256" },
	{ "md5_96", "md5" },	    { "sha1_96", "sha1" },
	{ "aes_xcbc", "aesxcbc" },  { "dh2", "modp1024" },
	{ "dh5", "modp1536" },	    { "dh14", "modp2048" },
	{ "dh15", "modp3072" },	    { "dh16", "modp4096" },
	{ "dh17", "modp6144" },	    { "dh18", "modp8192" },
	{ "dh19", "ecp256" },	    { "dh20", "ecp384" },
	{ "dh21", "ecp521" },	    { "dh22", "modp1024s160" },
	{ "dh23", "modp2048s224" }, { "dh24", "modp2048s256" },
	{ "dh31", "curve25519" },   { "dh32", "curve448" },
	{ "x25519", "curve25519" }, { "x448", "curve448" },
	{ "3des_cbc", "3des" },	    { "chacha20_poly1305", "chacha20poly1305" },
};

/* Names charon takes as they are, by family. */
static const char *const groups[] = {
	"modp768",  "modp1024", "modp1536",	"modp2048",	"modp3072",	"modp4096",
	"modp6144", "modp8192", "modp1024s160", "modp2048s224", "modp2048s256", "ecp192",
	"ecp224",   "ecp256",	"ecp384",	"ecp521",	"ecp224bp",	"ecp256bp",
	"ecp384bp", "ecp512bp", "curve25519",	"curve448",
};
static const char *const integrity[] = {
	"md5",	   "sha1",    "sha256",	  "sha384",    "sha512",       "aesxcbc",
	"aescmac", "md5_128", "sha1_160", "sha256_96", "camelliaxcbc",
};
static const char *const plain_ciphers[] = {
	"3des",	   "des",      "blowfish",    "blowfish128", "blowfish192", "blowfish256",
	"cast128", "camellia", "camellia128", "camellia192", "camellia256", "chacha20poly1305",
	"null",
};

static bool in_list(const char *const *list, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(list[i], s) == 0)
			return true;
	}
	return false;
}

enum token_kind {
	TOKEN_UNKNOWN,
	TOKEN_CIPHER,
	TOKEN_AEAD, /* a cipher that needs no integrity algorithm */
	TOKEN_INTEGRITY,
	TOKEN_PRF,
	TOKEN_GROUP,
	TOKEN_ESN,
	TOKEN_KEYLEN, /* libreswan's "aes_gcm_c-256": a key length on its own */
};

/*
 * An AES name, strongSwan's ("aes256", "aes128gcm16", "aes256ctr") or libreswan's ("aes",
 * "aes_cbc_256", "aes_gcm_c", "aes_gcm256", "aes_ctr"): charon's name in @out.
 */
static enum token_kind aes_token(const char *t, GString *out)
{
	const char *p = t + 3, *mode = "";
	const char *icv = "16";
	unsigned int len = 0;

	if (*p == '_')
		p++;
	if (g_str_has_prefix(p, "cbc")) {
		p += 3;
	} else if (g_str_has_prefix(p, "ctr")) {
		mode = "ctr";
		p += 3;
	} else if (g_str_has_prefix(p, "gcm") || g_str_has_prefix(p, "ccm")) {
		mode = g_str_has_prefix(p, "gcm") ? "gcm" : "ccm";
		p += 3;
		/* libreswan: _a/_b/_c are 8/12/16-byte ICVs, also written 8/12/16 */
		if (p[0] == '_' && p[1] >= 'a' && p[1] <= 'c' &&
		    (p[2] == '\0' || p[2] == '_' || g_ascii_isdigit(p[2]))) {
			icv = p[1] == 'a' ? "8" : p[1] == 'b' ? "12" : "16";
			p += 2;
		}
	}
	if (*p == '_')
		p++;
	if (g_str_has_prefix(p, "128") || g_str_has_prefix(p, "192") ||
	    g_str_has_prefix(p, "256")) {
		len = (unsigned int)g_ascii_strtoull(p, NULL, 10);
		p += 3;
	}
	/* strongSwan's own "aes128ctr", "aes256gcm16", "aes128ccm8" */
	if (!*mode && (g_str_has_prefix(p, "ctr") || g_str_has_prefix(p, "gcm") ||
		       g_str_has_prefix(p, "ccm"))) {
		mode = g_str_has_prefix(p, "ctr")   ? "ctr"
		       : g_str_has_prefix(p, "gcm") ? "gcm"
						    : "ccm";
		p += 3;
	}
	if (*mode && strcmp(mode, "ctr") != 0 && *p) {
		if (strcmp(p, "8") && strcmp(p, "12") && strcmp(p, "16") && strcmp(p, "64") &&
		    strcmp(p, "96") && strcmp(p, "128"))
			return TOKEN_UNKNOWN;
		/* ICV in bits (strongSwan's aes128gcm128) or bytes */
		icv = strcmp(p, "64") == 0    ? "8"
		      : strcmp(p, "96") == 0  ? "12"
		      : strcmp(p, "128") == 0 ? "16"
					      : p;
		p += strlen(p);
	}
	if (*p)
		return TOKEN_UNKNOWN;
	g_string_printf(out, "aes%u%s%s", len ? len : 128, mode,
			strcmp(mode, "gcm") == 0 || strcmp(mode, "ccm") == 0 ? icv : "");
	return *mode && strcmp(mode, "ctr") != 0 ? TOKEN_AEAD : TOKEN_CIPHER;
}

/* One algorithm name (lower case) into charon's name in @out, and what it is. */
static enum token_kind proposals_token(const char *t, GString *out)
{
	for (size_t i = 0; i < G_N_ELEMENTS(renames); i++) {
		if (strcmp(t, renames[i].from) == 0) {
			t = renames[i].to;
			break;
		}
	}
	g_string_assign(out, t);
	if (g_str_has_prefix(t, "aes") && !in_list(integrity, G_N_ELEMENTS(integrity), t))
		return aes_token(t, out);
	if (in_list(groups, G_N_ELEMENTS(groups), t))
		return TOKEN_GROUP;
	if (in_list(integrity, G_N_ELEMENTS(integrity), t))
		return TOKEN_INTEGRITY;
	if (g_str_has_prefix(t, "prf") &&
	    (in_list(integrity, G_N_ELEMENTS(integrity), t + 3) || strcmp(t, "prfaesxcbc") == 0))
		return TOKEN_PRF;
	if (strcmp(t, "chacha20poly1305") == 0)
		return TOKEN_AEAD;
	if (in_list(plain_ciphers, G_N_ELEMENTS(plain_ciphers), t))
		return TOKEN_CIPHER;
	if (strcmp(t, "esn") == 0 || strcmp(t, "noesn") == 0)
		return TOKEN_ESN;
	if (strcmp(t, "128") == 0 || strcmp(t, "192") == 0 || strcmp(t, "256") == 0)
		return TOKEN_KEYLEN;
	return TOKEN_UNKNOWN;
}

/* ---- normalisation ---- */

struct proposal_parts {
	GPtrArray *algs; /* charon names, group excluded */
	GPtrArray *groups;
	bool cipher, aead;
};

static int proposal_fail(char **why, const char *item, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static int proposal_fail(char **why, const char *item, const char *fmt, ...)
{
	va_list ap;

	if (why) {
		g_autofree char *what = NULL;

		va_start(ap, fmt);
		what = g_strdup_vprintf(fmt, ap);
		va_end(ap);
		*why = g_strdup_printf("'%s' %s", item, what);
	}
	return -EINVAL;
}

/* One item ("aes256-sha1;modp1024") into its algorithms. */
static int proposal_parse(const char *item, struct proposal_parts *pp, char **why)
{
	g_auto(GStrv) toks = g_strsplit_set(item, "-;", -1);
	g_autoptr(GString) name = g_string_new(NULL);
	GString *last_cipher = NULL;

	for (size_t i = 0; toks[i]; i++) {
		enum token_kind k;

		if (!*toks[i])
			return proposal_fail(why, item, _("has an empty algorithm name"));
		k = proposals_token(toks[i], name);
		switch (k) {
		case TOKEN_UNKNOWN:
			return proposal_fail(why, item, _("has an unknown algorithm '%s'"),
					     toks[i]);
		case TOKEN_KEYLEN: {
			/* libreswan's "aes_gcm_c-256": the key length of the cipher before */
			const char *c = last_cipher ? last_cipher->str : "";

			if (!g_str_has_prefix(c, "aes128"))
				return proposal_fail(why, item, _("has a stray key length '%s'"),
						     toks[i]);
			g_autofree char *fixed = g_strconcat("aes", toks[i], c + 6, NULL);

			g_string_assign(last_cipher, fixed);
			continue;
		}
		case TOKEN_GROUP:
			if (!in_list((const char *const *)pp->groups->pdata, pp->groups->len,
				     name->str))
				g_ptr_array_add(pp->groups, g_strdup(name->str));
			continue;
		case TOKEN_AEAD:
		case TOKEN_CIPHER:
			pp->cipher = true;
			pp->aead |= k == TOKEN_AEAD;
			break;
		case TOKEN_INTEGRITY:
		case TOKEN_PRF:
		case TOKEN_ESN:
			break;
		}
		/* libreswan writes "aes_gcm256-null": an AEAD cipher's integrity is none */
		if (k == TOKEN_CIPHER && strcmp(name->str, "null") == 0 && pp->aead)
			continue;
		g_ptr_array_add(pp->algs, g_string_new(name->str));
		if (k == TOKEN_CIPHER || k == TOKEN_AEAD)
			last_cipher = pp->algs->pdata[pp->algs->len - 1];
	}
	if (!pp->cipher)
		return proposal_fail(why, item, _("names no encryption algorithm"));
	return 0;
}

static void proposal_append(GString *out, const struct proposal_parts *pp, const char *group)
{
	if (out->len)
		g_string_append_c(out, ',');
	for (guint i = 0; i < pp->algs->len; i++) {
		GString *a = pp->algs->pdata[i];

		g_string_append_printf(out, "%s%s", i ? "-" : "", a->str);
	}
	if (group)
		g_string_append_printf(out, "-%s", group);
	for (guint i = 0; !group && i < pp->groups->len; i++)
		g_string_append_printf(out, "-%s", (char *)pp->groups->pdata[i]);
}

static void string_free(gpointer s)
{
	g_string_free(s, TRUE);
}

int ipsec_proposals_normalize(const char *in, enum ipsec_proposals_kind kind, char **out,
			      char **why)
{
	g_autofree char *lower = g_ascii_strdown(in ? in : "", -1);
	g_autoptr(GString) res = g_string_new(NULL);
	g_auto(GStrv) items = NULL;
	char *s = g_strstrip(lower);
	size_t n = strlen(s), count = 0;

	*out = NULL;
	if (why)
		*why = NULL;
	/* strongSwan ipsec.conf's "strict" mark; VICI proposals are always strict */
	while (n && (s[n - 1] == '!' || g_ascii_isspace(s[n - 1])))
		s[--n] = '\0';
	items = g_strsplit(s, ",", -1);
	for (size_t i = 0; items[i]; i++) {
		struct proposal_parts pp = {
			.algs = g_ptr_array_new_with_free_func(string_free),
			.groups = g_ptr_array_new_with_free_func(g_free),
		};
		char *item = g_strstrip(items[i]);
		int r = 0;

		if (!*item)
			goto next;
		if (strpbrk(item, " \t!")) {
			r = proposal_fail(why, item, _("has a space or '!' inside"));
			goto next;
		}
		if (++count > PROPOSALS_MAX_ITEMS) {
			r = proposal_fail(why, item, _("is one proposal too many (at most 64)"));
			goto next;
		}
		r = proposal_parse(item, &pp, why);
		if (r < 0)
			goto next;
		if (kind == IPSEC_PROPOSALS_IKE && !pp.groups->len) {
			/* libreswan's ike=aes256-sha1 means its default groups; charon needs one
			 * in each IKE proposal, and IKEv1 sends only the first */
			for (size_t g = 0; g < G_N_ELEMENTS(ike_default_groups); g++)
				proposal_append(res, &pp, ike_default_groups[g]);
		} else {
			proposal_append(res, &pp, NULL);
		}
	next:
		g_ptr_array_free(pp.algs, TRUE);
		g_ptr_array_free(pp.groups, TRUE);
		if (r < 0)
			return r;
	}
	if (!res->len) {
		if (why)
			*why = g_strdup(_("it names no proposal"));
		return -EINVAL;
	}
	*out = g_string_free(g_steal_pointer(&res), FALSE);
	return 0;
}

/* ---- PFS ---- */

static void groups_collect(const char *list, GPtrArray *found)
{
	g_auto(GStrv) items = g_strsplit_set(list ? list : "", ",", -1);

	for (size_t i = 0; items[i]; i++) {
		g_auto(GStrv) toks = g_strsplit(items[i], "-", -1);

		for (size_t j = 0; toks[j]; j++) {
			if (in_list(groups, G_N_ELEMENTS(groups), toks[j]) &&
			    !in_list((const char *const *)found->pdata, found->len, toks[j]))
				g_ptr_array_add(found, g_strdup(toks[j]));
		}
	}
}

bool ipsec_proposals_have_group(const char *list)
{
	g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func(g_free);

	groups_collect(list, found);
	return found->len > 0;
}

char *ipsec_proposals_groups(const char *list)
{
	g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func(g_free);

	groups_collect(list, found);
	g_ptr_array_add(found, NULL);
	return g_strjoinv("-", (char **)found->pdata);
}

/* Each item of @esp with "-@suffix" appended. */
static char *esp_with_groups(const char *esp, const char *suffix)
{
	g_auto(GStrv) items = g_strsplit(esp, ",", -1);
	g_autoptr(GString) out = g_string_new(NULL);

	for (size_t i = 0; items[i]; i++) {
		if (!*items[i])
			continue;
		g_string_append_printf(out, "%s%s-%s", out->len ? "," : "", items[i], suffix);
	}
	return g_string_free(g_steal_pointer(&out), FALSE);
}

void ipsec_proposals_esp_offers(const struct ipsec_proposals_pfs *in, char **first, char **fallback)
{
	const char *esp = in->esp ? in->esp : default_esp;
	g_autofree char *ike_groups = NULL;

	*fallback = NULL;
	/* groups written into ipsec-esp: PFS as the user spelled it, nothing else */
	if (!in->pfs || ipsec_proposals_have_group(esp)) {
		*first = g_strdup(esp);
		return;
	}
	if (in->group && *in->group && strcmp(in->group, "ike") != 0) {
		*first = esp_with_groups(esp, in->group);
	} else {
		/* charon's Quick Mode offers the IKE SA's group when a proposal has it */
		ike_groups = ipsec_proposals_groups(in->ike ? in->ike : default_ike);
		*first = *ike_groups ? esp_with_groups(esp, ike_groups) : g_strdup(esp);
	}
	if (strcmp(*first, esp) != 0)
		*fallback = g_strdup(esp);
}
