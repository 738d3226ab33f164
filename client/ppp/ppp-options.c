// SPDX-License-Identifier: GPL-2.0-or-later
#include "ppp-options.h"
#include "l2tpc-i18n.h"

#include <string.h>

/* RFC 1661 6.1: the MRU may not go below 128 without harm; pppd refuses < 128 as well. */
#define PPP_OPTIONS_MIN_MTU 128
/* PPP over L2TP over UDP never exceeds an Ethernet payload. */
#define PPP_OPTIONS_MAX_MTU 1500

void ppp_options_settings_init(struct ppp_options_settings *s)
{
	memset(s, 0, sizeof(*s));
	s->transport = PPP_OPTIONS_PPPOL2TP;
	s->lcp_echo_interval = -1;
	s->lcp_echo_failure = -1;
	s->nobsdcomp = true;
	s->nodeflate = true;
	s->novj = true;
}

char *ppp_options_quote(const char *word)
{
	GString *q;
	bool plain = *word != 0;

	for (const char *p = word; *p; p++) {
		if (!g_ascii_isalnum(*p) && !strchr("-_.,:/@+=%", *p))
			plain = false;
	}
	if (plain)
		return g_strdup(word);

	/* pppd options.c getword(): inside "..." a backslash escapes the next character. */
	q = g_string_new("\"");
	for (const char *p = word; *p; p++) {
		if (*p == '"' || *p == '\\')
			g_string_append_c(q, '\\');
		if (*p == '\n')
			g_string_append(q, "\\n");
		else
			g_string_append_c(q, *p);
	}
	g_string_append_c(q, '"');
	return g_string_free(q, FALSE);
}

static void ppp_options_add(GString *out, const char *name, const char *arg)
{
	g_string_append(out, name);
	if (arg) {
		g_autofree char *q = ppp_options_quote(arg);

		g_string_append_c(out, ' ');
		g_string_append(out, q);
	}
	g_string_append_c(out, '\n');
}

static void ppp_options_add_int(GString *out, const char *name, long value)
{
	g_string_append_printf(out, "%s %ld\n", name, value);
}

static bool ppp_options_check(const struct ppp_options_settings *s, char **error_sentence)
{
	bool any_mppe = s->require_mppe || s->require_mppe_40 || s->require_mppe_128;

	if (s->refuse_pap && s->refuse_chap && s->refuse_mschap && s->refuse_mschapv2 &&
	    s->refuse_eap) {
		*error_sentence = g_strdup(_(
			"Every PPP authentication method is refused, so no server can be accepted: "
			"allow at least one of PAP, CHAP, MS-CHAP, MS-CHAPv2 or EAP in the "
			"profile."));
		return false;
	}
	/* RFC 3078: MPPE keys come from MS-CHAP (or EAP-TLS); pppd refuses MPPE without them. */
	if (any_mppe && s->refuse_mschap && s->refuse_mschapv2 && !s->eap_tls) {
		*error_sentence = g_strdup(_(
			"MPPE encryption needs MS-CHAP or MS-CHAPv2, but the profile refuses both: "
			"allow MS-CHAPv2 or turn off require-mppe."));
		return false;
	}
	if (s->eap_tls && (s->refuse_eap || !s->tls_cert || !s->tls_key)) {
		*error_sentence = g_strdup(_("EAP-TLS needs EAP and a PEM certificate and key: set "
					     "user-cert and user-key, "
					     "and refuse-eap=no."));
		return false;
	}
	if (s->transport == PPP_OPTIONS_PTY && (!s->pty_path || !*s->pty_path)) {
		*error_sentence =
			g_strdup(_("The userspace L2TP data path has no pty for pppd; this is "
				   "a bug in l2tpc, please report it."));
		return false;
	}
	for (int i = 0; i < 2; i++) {
		unsigned v = i ? s->mru : s->mtu;

		if (v && (v < PPP_OPTIONS_MIN_MTU || v > PPP_OPTIONS_MAX_MTU)) {
			*error_sentence = g_strdup_printf(
				_("The PPP %s %u is out of range: set a value from %d to %d "
				  "(1400 is a safe choice)."),
				i ? "MRU" : "MTU", v, PPP_OPTIONS_MIN_MTU, PPP_OPTIONS_MAX_MTU);
			return false;
		}
	}
	return true;
}

char *ppp_options_build(const struct ppp_options_settings *s, char **error_sentence)
{
	g_autoptr(GString) out = g_string_new("# pppd options written by l2tpc\n");
	bool any_mppe = s->require_mppe || s->require_mppe_40 || s->require_mppe_128;
	int echo_interval = s->lcp_echo_interval < 0 ? PPP_OPTIONS_DEFAULT_LCP_ECHO_INTERVAL
						     : s->lcp_echo_interval;
	int echo_failure = s->lcp_echo_failure < 0 ? PPP_OPTIONS_DEFAULT_LCP_ECHO_FAILURE
						   : s->lcp_echo_failure;

	*error_sentence = NULL;
	if (!ppp_options_check(s, error_sentence))
		return NULL;

	/* our plugin first: its options must be known before the link's (l2tpc-wait-data-fd
	 * provides the fd that "pppol2tp" checks as soon as it is read) */
	ppp_options_add(out, "plugin", s->our_plugin ? s->our_plugin : "l2tpc-pppd-plugin.so");
	ppp_options_add_int(out, "l2tpc-channel-fd", PPP_OPTIONS_FD_CHANNEL);
	if (s->lcp_resend_ms)
		ppp_options_add_int(out, "l2tpc-lcp-resend-ms", (int)s->lcp_resend_ms);
	if (s->transport == PPP_OPTIONS_PPPOL2TP && s->data_fd_later)
		ppp_options_add_int(out, "l2tpc-wait-data-fd", PPP_OPTIONS_FD_DATA);

	/* the link */
	if (s->transport == PPP_OPTIONS_PPPOL2TP) {
		ppp_options_add(out, "plugin",
				s->pppol2tp_plugin ? s->pppol2tp_plugin : "pppol2tp.so");
		ppp_options_add_int(out, "pppol2tp", PPP_OPTIONS_FD_DATA);
	} else {
		/* the pty carries async HDLC; no modem lines, no lock file, no flow control */
		ppp_options_add(out, s->pty_path, NULL);
		ppp_options_add(out, "local", NULL);
		ppp_options_add(out, "nocrtscts", NULL);
		ppp_options_add(out, "nolock", NULL);
		/* PPP over L2TP is clean 8-bit: no control character needs escaping */
		ppp_options_add(out, "asyncmap", "0");
	}

	/* process behaviour: the supervisor watches pppd, so it stays in the foreground */
	ppp_options_add(out, "nodetach", NULL);
	ppp_options_add(out, "maxfail", "1");
	ppp_options_add(out, "noipdefault", NULL);
	ppp_options_add(out, "nodefaultroute", NULL);
	/* we are the client: the server does not authenticate itself at the PPP layer */
	ppp_options_add(out, "noauth", NULL);
	/* never print a PAP password in a debug packet dump */
	ppp_options_add(out, "hide-password", NULL);
	if (!s->no_peer_dns)
		ppp_options_add(out, "usepeerdns", NULL);
	if (s->ifname)
		ppp_options_add(out, "ifname", s->ifname);
	if (s->debug)
		ppp_options_add(out, "debug", NULL);

	/* authentication (the secret itself comes over the plugin channel) */
	if (s->user && *s->user) {
		g_autofree char *name = s->domain && *s->domain
						? g_strdup_printf("%s\\%s", s->domain, s->user)
						: g_strdup(s->user);
		ppp_options_add(out, "user", name);
	}
	/* EAP-TLS: the certificate is the only credential, so no method may fall back to a
	 * password (the plugin answers no password request then) */
	if (s->refuse_pap || s->eap_tls)
		ppp_options_add(out, "refuse-pap", NULL);
	if (s->refuse_chap || s->eap_tls)
		ppp_options_add(out, "refuse-chap", NULL);
	if (s->refuse_mschap || s->eap_tls)
		ppp_options_add(out, "refuse-mschap", NULL);
	if (s->refuse_mschapv2 || s->eap_tls)
		ppp_options_add(out, "refuse-mschap-v2", NULL);
	if (s->refuse_eap)
		ppp_options_add(out, "refuse-eap", NULL);
	if (s->eap_tls) {
		/* pppd 2.4.9 auth.c: with ca (or capath), cert and key given as options it does not
		 * read /etc/ppp/eaptls-client */
		if (s->tls_ca)
			ppp_options_add(out, "ca", s->tls_ca);
		else
			ppp_options_add(out, "capath", PPP_OPTIONS_SYSTEM_CA_DIR);
		ppp_options_add(out, "cert", s->tls_cert);
		ppp_options_add(out, "key", s->tls_key);
		/* a server that skips authentication would leave the user unauthenticated */
		ppp_options_add(out, "need-peer-eap", NULL);
	}

	/* compression and encryption: CCP (RFC 1962) carries MPPE (RFC 3078) and the data
	 * compressors; without any of them it is not run at all */
	if (any_mppe || !s->nobsdcomp || !s->nodeflate) {
		if (s->require_mppe)
			ppp_options_add(out, "require-mppe", NULL);
		if (s->require_mppe_40)
			ppp_options_add(out, "require-mppe-40", NULL);
		if (s->require_mppe_128)
			ppp_options_add(out, "require-mppe-128", NULL);
		if (any_mppe)
			ppp_options_add(out, s->mppe_stateful ? "mppe-stateful" : "nomppe-stateful",
					NULL);
		/* the pppol2tp option turned BSD-Compress, Deflate and VJ off (pppd 2.4.9
		 * pppol2tp.c); an allowed one is turned on again here, after it */
		ppp_options_add(out, s->nobsdcomp ? "nobsdcomp" : "bsdcomp",
				s->nobsdcomp ? NULL : "15");
		ppp_options_add(out, s->nodeflate ? "nodeflate" : "deflate",
				s->nodeflate ? NULL : "15");
	} else {
		ppp_options_add(out, "noccp", NULL);
	}
	/* pppd has no option that turns VJ on again: our plugin's does */
	ppp_options_add(out, s->novj ? "novj" : "l2tpc-vj", NULL);
	if (s->nopcomp)
		ppp_options_add(out, "nopcomp", NULL);
	if (s->noaccomp)
		ppp_options_add(out, "noaccomp", NULL);

	/* link parameters */
	ppp_options_add_int(out, "mtu", s->mtu ? s->mtu : PPP_OPTIONS_DEFAULT_MTU);
	ppp_options_add_int(out, "mru", s->mru ? s->mru : PPP_OPTIONS_DEFAULT_MTU);
	ppp_options_add_int(out, "lcp-echo-interval", echo_interval);
	ppp_options_add_int(out, "lcp-echo-failure", echo_interval ? echo_failure : 0);
	/* Traffic is liveness: pppd sends an echo request only after an interval in which
	 * nothing arrived, so a busy link carries no extra packet, and a silent server is
	 * noticed (failure + 1) to (failure + 2) intervals after its last packet: 20-24 s by
	 * default (docs/profile-keys.md). */
	if (echo_interval)
		ppp_options_add(out, "lcp-echo-adaptive", NULL);
	/* The first ConfReq often leaves before the server's pppd is attached and is lost; retry
	 * after 1 s instead of pppd's 3 s (TESTBED.md: 3.7 s -> 1.7 s setup). */
	ppp_options_add_int(out, "lcp-restart", 1);
	if (s->mrru) {
		/* RFC 1990: offering an MRRU is asking for multilink */
		ppp_options_add(out, "multilink", NULL);
		ppp_options_add_int(out, "mrru", s->mrru);
	}
	if (s->ipcp_peer_ip && *s->ipcp_peer_ip) {
		g_autofree char *peer = g_strconcat(":", s->ipcp_peer_ip, NULL);

		/* a suggestion, as NetworkManager-l2tp makes it: the server's own address wins */
		ppp_options_add(out, peer, NULL);
		ppp_options_add(out, "ipcp-accept-remote", NULL);
	}
	if (s->ipv6)
		ppp_options_add(out, "+ipv6", NULL);
	else
		ppp_options_add(out, "noipv6", NULL);

	return g_string_free(g_steal_pointer(&out), FALSE);
}
