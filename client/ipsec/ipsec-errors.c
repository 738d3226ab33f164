// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Failure sentences for IPsec (see ipsec-errors.h). The patterns are the messages of charon
 * 5.x (sa/ikev1/tasks/main_mode.c, quick_mode.c, task_manager_v1.c, socket_default), kept in
 * one table of pattern → class → sentence; each row names where charon logs its line.
 */
#include <string.h>

#include "ipsec-errors.h"
#include "ipsec-proposals.h"
#include "l2tpc-i18n.h"

/* Shorthands for the table. */
#define MM	IPSEC_ERRORS_MAIN_MODE
#define MM5	IPSEC_ERRORS_AUTH_SENT
#define QM	IPSEC_ERRORS_QUICK_MODE
#define P1	IPSEC_ERRORS_PHASE1
#define ANY	IPSEC_ERRORS_ANY
#define C(k)	L2TPC_FAILURE_##k
#define SAY(s)	IPSEC_ERRORS_SAY_##s
#define REFUSED true /* psk_refused: with a PSK, a wrong one is the cause */

/*
 * Pattern → class → sentence, first match wins. Each pattern is a message of charon 5.x; the
 * comment names where charon logs it. tests/unit/test-ipsec-errors.c holds a real log line for
 * every row, in this order.
 */
const struct ipsec_errors_rule ipsec_errors_rules[] = {
	/* socket_default: UDP 500 is held by another daemon */
	{ "unable to bind socket", NULL, false, false, ANY, C(IPSEC_DAEMON), SAY(PORT_IN_USE) },
	{ "no socket found to send", NULL, false, false, ANY, C(IPSEC_DAEMON), SAY(PORT_IN_USE) },
	{ "no socket implementation registered", NULL, false, false, ANY, C(IPSEC_DAEMON),
	  SAY(PORT_IN_USE) },
	/* main_mode.c / aggressive_mode.c: "IDir 'X' does not match to 'Y'" */
	{ "does not match to", NULL, false, false, ANY, C(IPSEC_AUTH), SAY(PEER_ID) },
	/* the notify, quick_mode.c ("no matching proposal found"), IKEv2 ike_init.c and
	 * child_create.c ("no acceptable proposal found"): after phase 1 it is ESP */
	{ "NO_PROPOSAL_CHOSEN", NULL, false, false, QM, C(IPSEC_PROPOSAL), SAY(ESP_REFUSED) },
	{ "no matching proposal found", NULL, false, false, QM, C(IPSEC_PROPOSAL),
	  SAY(ESP_REFUSED) },
	{ "no acceptable proposal", NULL, false, false, QM, C(IPSEC_PROPOSAL), SAY(ESP_REFUSED) },
	{ "NO_PROPOSAL_CHOSEN", NULL, false, false, P1, C(IPSEC_PROPOSAL), SAY(IKE_REFUSED) },
	{ "no matching proposal found", NULL, false, false, P1, C(IPSEC_PROPOSAL),
	  SAY(IKE_REFUSED) },
	{ "no acceptable proposal", NULL, false, false, P1, C(IPSEC_PROPOSAL), SAY(IKE_REFUSED) },
	/* quick_mode.c / child_create.c: traffic selectors refused; INVALID_ID_INFORMATION
	 * after phase 1 is the server refusing the selectors of quick mode */
	{ "no acceptable traffic selectors", NULL, false, false, ANY, C(IPSEC_PROPOSAL),
	  SAY(TS_REFUSED) },
	{ "TS_UNACCEPTABLE", NULL, false, false, ANY, C(IPSEC_PROPOSAL), SAY(TS_REFUSED) },
	{ "received INVALID_ID_INFORMATION", NULL, false, false, QM, C(IPSEC_PROPOSAL),
	  SAY(TS_REFUSED) },
	/* phase1.c: our own side has no key */
	{ "no shared key found", NULL, false, false, ANY, C(CONFIG), SAY(NO_PSK) },
	/* pubkey_v1_authenticator.c: nothing the server sent chains to our CA */
	{ "no trusted", "found for '", false, true, ANY, C(IPSEC_AUTH), SAY(UNTRUSTED) },
	/* the gateway said no to our identity or proof, or we rejected its proof; with a PSK
	 * a proof (HASH, AUTH) that does not match is a wrong key, an identity is not */
	{ "AUTHENTICATION_FAILED", NULL, false, false, ANY, C(IPSEC_AUTH), SAY(AUTH_FAILED),
	  REFUSED },
	{ "INVALID_ID_INFORMATION", NULL, false, false, ANY, C(IPSEC_AUTH), SAY(AUTH_FAILED) },
	{ "INVALID_HASH_INFORMATION", NULL, false, false, ANY, C(IPSEC_AUTH), SAY(AUTH_FAILED),
	  REFUSED },
	{ "calculated HASH does not match", NULL, false, false, ANY, C(IPSEC_AUTH),
	  SAY(AUTH_FAILED), REFUSED },
	{ "signature validation failed", NULL, false, false, ANY, C(IPSEC_AUTH), SAY(AUTH_FAILED) },
	{ "no trusted", NULL, false, false, ANY, C(IPSEC_AUTH), SAY(AUTH_FAILED) },
	{ "authentication of", "failed", false, false, ANY, C(IPSEC_AUTH), SAY(AUTH_FAILED) },
	/* task_manager_v1.c / ike_sa.c: retransmits exhausted. After our encrypted ID/HASH an
	 * IKEv1 responder that cannot decrypt it (wrong PSK) drops it silently: that is the
	 * wrong PSK's only sign, so it counts as refused. */
	{ "giving up after", NULL, false, false, MM, C(IPSEC_UNREACHABLE), SAY(NO_ANSWER) },
	{ "giving up after", NULL, false, false, MM5, C(IPSEC_AUTH), SAY(SILENT_AT_AUTH), REFUSED },
	{ "giving up after", NULL, false, false, QM, C(IPSEC_PROPOSAL), SAY(SILENT_QUICK) },
	{ "peer not responding", NULL, false, false, MM, C(IPSEC_UNREACHABLE), SAY(NO_ANSWER) },
	{ "peer not responding", NULL, false, false, MM5, C(IPSEC_AUTH), SAY(SILENT_AT_AUTH),
	  REFUSED },
	{ "peer not responding", NULL, false, false, QM, C(IPSEC_PROPOSAL), SAY(SILENT_QUICK) },
	/* vici_control.c, the initiate errmsg: OUT_OF_RES → "... not established after Nms";
	 * "CHILD_SA config 'x' not found" */
	{ "not established after", NULL, true, false, ANY, C(IPSEC_UNREACHABLE), SAY(TIMEOUT) },
	{ "config", "not found", true, false, ANY, C(INTERNAL), SAY(CONFIG_LOST) },
};
const unsigned int ipsec_errors_n_rules = G_N_ELEMENTS(ipsec_errors_rules);

#undef MM
#undef MM5
#undef QM
#undef P1
#undef ANY
#undef C
#undef SAY
#undef REFUSED

/* The first of the lines holding @needle, or NULL. */
static const char *ipsec_errors_find(const char *const *lines, unsigned int n, const char *needle)
{
	for (unsigned int i = 0; i < n; i++) {
		if (lines[i] && strstr(lines[i], needle))
			return lines[i];
	}
	return NULL;
}

/* charon logs "IDir 'A' does not match to 'B'": A is what the gateway sent. */
static char *ipsec_errors_quoted(const char *line, int which)
{
	const char *p = line;

	for (int i = 0; i < which * 2; i++) {
		p = strchr(p, '\'');
		if (!p)
			return NULL;
		p++;
	}
	p = strchr(p, '\'');
	if (!p)
		return NULL;
	p++;
	const char *end = strchr(p, '\'');
	return end ? g_strndup(p, (gsize)(end - p)) : NULL;
}

/* Phase 1 (main/aggressive mode) completed: charon logs "IKE_SA name[n] established". */
static bool ipsec_errors_ike_established(const char *const *lines, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		if (lines[i] && strstr(lines[i], "IKE_SA ") && strstr(lines[i], " established"))
			return true;
	}
	return false;
}

static enum ipsec_errors_stage ipsec_errors_stage_of(const char *const *lines, unsigned int n)
{
	if (ipsec_errors_ike_established(lines, n))
		return IPSEC_ERRORS_QUICK_MODE;
	/* task_manager_v1.c logs the message it generates: "ID_PROT request 0 [ ID HASH ...]" */
	if (ipsec_errors_find(lines, n, "request 0 [ ID HASH"))
		return IPSEC_ERRORS_AUTH_SENT;
	return IPSEC_ERRORS_MAIN_MODE;
}

bool ipsec_errors_quick_mode_refused(const char *const *lines, unsigned int n)
{
	return ipsec_errors_ike_established(lines, n) &&
	       (ipsec_errors_find(lines, n, "NO_PROPOSAL_CHOSEN") ||
		ipsec_errors_find(lines, n, "no matching proposal found"));
}

static const char *ipsec_errors_or(const char *s, const char *dflt)
{
	return s && *s ? s : dflt;
}

int ipsec_errors_match(const char *const *lines, unsigned int n, const char *errmsg,
		       const struct ipsec_errors_ctx *ctx, const char **line)
{
	enum ipsec_errors_stage stage = ipsec_errors_stage_of(lines, n);

	for (unsigned int i = 0; i < ipsec_errors_n_rules; i++) {
		const struct ipsec_errors_rule *r = &ipsec_errors_rules[i];
		const char *hit;

		if (!(r->stages & stage) || (r->cert_only && ctx->psk))
			continue;
		if (r->in_errmsg)
			hit = errmsg && strstr(errmsg, r->pattern) ? errmsg : NULL;
		else
			hit = ipsec_errors_find(lines, n, r->pattern);
		if (!hit || (r->and_also && !strstr(hit, r->and_also)))
			continue;
		if (line)
			*line = hit;
		return (int)i;
	}
	return -1;
}

/* Writes the sentence of a row; @line is the line (or errmsg) the row matched. */
static void ipsec_errors_say(const struct ipsec_errors_rule *r, const char *line,
			     const char *errmsg, const struct ipsec_errors_ctx *ctx,
			     struct l2tpc_failure *f)
{
	const char *gw = ipsec_errors_or(ctx->gateway, "the gateway");
	const char *secret = ctx->psk ? _("pre-shared key") : _("certificate");
	const char *esp = ipsec_errors_or(ctx->esp_offered, "the defaults");
	g_autofree char *first = ipsec_errors_quoted(line, 0);
	g_autofree char *second = ipsec_errors_quoted(line, 1);

	switch (r->sentence) {
	case IPSEC_ERRORS_SAY_PORT_IN_USE:
		ipsec_errors_daemon(IPSEC_DAEMON_PORT_IN_USE, NULL, f);
		break;
	case IPSEC_ERRORS_SAY_PEER_ID:
		l2tpc_failure_set(
			f, r->klass,
			_("%s identified itself as '%s', not as the expected remote ID '%s': "
			  "set the remote ID (ipsec-remote-id) to '%s' or leave it empty."),
			gw, ipsec_errors_or(first, "?"),
			ipsec_errors_or(second, ipsec_errors_or(ctx->remote_id, "?")),
			ipsec_errors_or(first, "?"));
		break;
	case IPSEC_ERRORS_SAY_ESP_REFUSED:
		if (ctx->esp_first)
			l2tpc_failure_set(
				f, r->klass,
				_("%s accepts none of the ESP proposals we offered, neither with "
				  "PFS (%s) nor without (%s): ask its administrator for its ESP "
				  "proposals and set ipsec-esp."),
				gw, ctx->esp_first, esp);
		else
			l2tpc_failure_set(
				f, r->klass,
				_("%s accepts none of the ESP proposals we offered (%s): ask its "
				  "administrator for its ESP proposals and set ipsec-esp%s."),
				gw, esp,
				ipsec_proposals_have_group(ctx->esp_offered)
					? ""
					: _(", or ipsec-pfs=yes if it requires perfect forward "
					    "secrecy"));
		break;
	case IPSEC_ERRORS_SAY_IKE_REFUSED:
		l2tpc_failure_set(f, r->klass,
				  _("%s accepts none of the IKE proposals we offered (%s): run "
				    "`l2tpc probe` to find what it accepts and set ipsec-ike."),
				  gw, ipsec_errors_or(ctx->ike_offered, "the defaults"));
		break;
	case IPSEC_ERRORS_SAY_TS_REFUSED:
		l2tpc_failure_set(
			f, r->klass,
			_("%s refused to protect L2TP (UDP port 1701) in transport mode: the "
			  "server's IPsec policy does not allow L2TP/IPsec from this client."),
			gw);
		break;
	case IPSEC_ERRORS_SAY_NO_PSK:
		l2tpc_failure_set(
			f, r->klass,
			_("charon found no pre-shared key for the connection to %s: check "
			  "that the profile has a PSK and that its local and remote IDs are "
			  "right."),
			gw);
		break;
	case IPSEC_ERRORS_SAY_UNTRUSTED:
		l2tpc_failure_set(f, r->klass,
				  _("The IPsec server at %s identified itself as '%s' but has no "
				    "certificate from the CA in machine-ca: check machine-ca, or "
				    "this is not your server."),
				  gw, ipsec_errors_or(first, "?"));
		break;
	case IPSEC_ERRORS_SAY_AUTH_FAILED:
		l2tpc_failure_set(
			f, r->klass, _("IPsec authentication with %s failed: check the %s%s."), gw,
			secret, ctx->psk ? "" : _(", its CA and the gateway's certificate"));
		break;
	case IPSEC_ERRORS_SAY_SILENT_AT_AUTH:
		l2tpc_failure_set(f, r->klass,
				  _("%s stopped answering when we authenticated, which most "
				    "often means the %s is wrong: check the %s."),
				  gw, secret, secret);
		break;
	case IPSEC_ERRORS_SAY_SILENT_QUICK:
		l2tpc_failure_set(f, r->klass,
				  _("%s did not answer our request for an ESP transport SA "
				    "for L2TP (quick mode): its IPsec policy or ESP proposals "
				    "(%s) may not match; %s"),
				  gw, esp,
				  ctx->esp_fallback
					  ? _("if the server does not do perfect forward "
					      "secrecy, set ipsec-pfs=no, else set ipsec-esp.")
					  : _("set ipsec-esp."));
		break;
	case IPSEC_ERRORS_SAY_NO_ANSWER:
		l2tpc_failure_set(f, r->klass,
				  _("%s does not answer IKE on UDP port 500: check the "
				    "address and that no firewall blocks UDP 500 and 4500."),
				  gw);
		break;
	case IPSEC_ERRORS_SAY_TIMEOUT:
		l2tpc_failure_set(f, r->klass,
				  _("IPsec with %s was not established within %u s: the gateway "
				    "answers too slowly or not at all."),
				  gw, ctx->timeout_s);
		break;
	case IPSEC_ERRORS_SAY_CONFIG_LOST:
		l2tpc_failure_set(
			f, r->klass,
			_("charon lost our IPsec connection for %s before it started (%s); "
			  "another program may have reloaded charon's configuration."),
			gw, errmsg);
		break;
	}
}

enum l2tpc_failure_class ipsec_errors_classify(const char *const *lines, unsigned int n,
					       const char *errmsg,
					       const struct ipsec_errors_ctx *ctx,
					       struct l2tpc_failure *f)
{
	const char *line = NULL;
	int row = ipsec_errors_match(lines, n, errmsg, ctx, &line);

	if (row >= 0) {
		const struct ipsec_errors_rule *r = &ipsec_errors_rules[row];
		bool had = l2tpc_failure_is_set(f);

		ipsec_errors_say(r, line, errmsg, ctx, f);
		if (!had && r->psk_refused && ctx->psk)
			f->secret_refused = true;
		return f->klass;
	}
	l2tpc_failure_set(f, L2TPC_FAILURE_IPSEC_UNREACHABLE,
			  _("IPsec negotiation with %s failed%s%s%s: run with --log-level debug to "
			    "see charon's log."),
			  ipsec_errors_or(ctx->gateway, "the gateway"), n ? " after \"" : "",
			  n ? ipsec_errors_or(lines[n - 1], "") : "", n ? "\"" : "");
	return f->klass;
}

void ipsec_errors_daemon(enum ipsec_daemon_problem problem, const char *detail_in,
			 struct l2tpc_failure *f)
{
	/* details may be sentences themselves (from vici-client); drop their full stop */
	g_autofree char *detail = g_strdup(detail_in);

	if (detail && g_str_has_suffix(detail, "."))
		detail[strlen(detail) - 1] = '\0';
	switch (problem) {
	case IPSEC_DAEMON_NO_CHARON:
		l2tpc_failure_set(
			f, L2TPC_FAILURE_IPSEC_DAEMON,
			_("strongSwan's IKE daemon is not installed (%s is missing): install "
			  "the Debian package strongswan-charon."),
			ipsec_errors_or(detail, "/usr/lib/ipsec/charon"));
		break;
	case IPSEC_DAEMON_NO_VICI_PLUGIN:
		l2tpc_failure_set(
			f, L2TPC_FAILURE_IPSEC_DAEMON,
			_("strongSwan's vici plugin is not installed (%s is missing): install "
			  "the Debian package strongswan-swanctl (libcharon-extra-plugins on "
			  "older releases)."),
			ipsec_errors_or(detail, "libstrongswan-vici.so"));
		break;
	case IPSEC_DAEMON_NO_PLUGIN:
		l2tpc_failure_set(
			f, L2TPC_FAILURE_IPSEC_DAEMON,
			_("strongSwan's %s plugin is not installed: install the Debian "
			  "packages strongswan-charon and libstrongswan-standard-plugins."),
			ipsec_errors_or(detail, "a required"));
		break;
	case IPSEC_DAEMON_NO_IKEV1:
		l2tpc_failure_set(
			f, L2TPC_FAILURE_IPSEC_DAEMON,
			_("This strongSwan was built without IKEv1, which L2TP/IPsec servers "
			  "need: install a strongSwan build with IKEv1 (Debian's does) or "
			  "set ipsec-ike-version 2 if the server speaks IKEv2."));
		break;
	case IPSEC_DAEMON_PORT_IN_USE:
		l2tpc_failure_set(
			f, L2TPC_FAILURE_IPSEC_DAEMON,
			_("UDP port 500 is held by another IKE daemon (libreswan, racoon, or "
			  "a strongSwan without the vici plugin): stop it, or install "
			  "strongswan-swanctl so l2tpc can use the running charon."));
		break;
	case IPSEC_DAEMON_START_FAILED:
		l2tpc_failure_set(f, L2TPC_FAILURE_IPSEC_DAEMON,
				  _("strongSwan's charon did not start (%s): see its log for the "
				    "reason."),
				  ipsec_errors_or(detail, "no VICI socket appeared"));
		break;
	case IPSEC_DAEMON_GONE:
		l2tpc_failure_set(
			f, L2TPC_FAILURE_IPSEC_DAEMON,
			_("strongSwan's charon went away during the connection (%s): check "
			  "whether it crashed or was restarted."),
			ipsec_errors_or(detail, "its VICI socket closed"));
		break;
	case IPSEC_DAEMON_APPARMOR:
		l2tpc_failure_set(
			f, L2TPC_FAILURE_IPSEC_DAEMON,
			_("strongSwan's charon did not start under the AppArmor profile %s in "
			  "enforce mode: find what it was denied (journalctl -k | grep "
			  "apparmor=\"DENIED\"), allow that in the profile's local include "
			  "(/etc/apparmor.d/local/usr.lib.ipsec.charon on Debian and Ubuntu) and "
			  "reload the profile, or run aa-complain %s."),
			ipsec_errors_or(detail, "/usr/lib/ipsec/charon"),
			ipsec_errors_or(detail, "/usr/lib/ipsec/charon"));
		break;
	case IPSEC_DAEMON_SELINUX:
		l2tpc_failure_set(
			f, L2TPC_FAILURE_IPSEC_DAEMON,
			_("strongSwan's charon did not start while SELinux enforces its policy "
			  "(charon is %s): find what it was denied (ausearch -m avc -ts recent), "
			  "and label l2tpc's run directory for it (semanage fcontext -a -t "
			  "ipsec_var_run_t '/run/l2tpc(/.*)?'; restorecon -R /run/l2tpc)."),
			ipsec_errors_or(detail, "unlabeled"));
		break;
	case IPSEC_DAEMON_MALFORMED:
		/* it answered: not "did not answer", which would send the user the wrong way */
		l2tpc_failure_set(
			f, L2TPC_FAILURE_IPSEC_DAEMON,
			_("strongSwan's charon answered with a malformed VICI message (%s): "
			  "check that charon and its vici plugin come from the same strongSwan "
			  "release, and report it with the log if they do."),
			ipsec_errors_or(detail, "unreadable"));
		break;
	case IPSEC_DAEMON_NO_NAMESPACE:
		l2tpc_failure_set(
			f, L2TPC_FAILURE_IPSEC_DAEMON,
			_("strongSwan's charon could not be given a mount namespace of its own "
			  "(%s): run l2tpc as root (it needs CAP_SYS_ADMIN for that)."),
			ipsec_errors_or(detail, "unshare failed"));
		break;
	}
}

bool ipsec_errors_log_has_port_conflict(const char *log)
{
	return log && (strstr(log, "unable to bind socket: Address already in use") ||
		       strstr(log, "could not open socket: Address already in use"));
}

void ipsec_errors_child_not_up(const char *remote_addr, const char *mode, const char *state,
			       unsigned int waited_ms, struct l2tpc_failure *f)
{
	if (!mode) {
		l2tpc_failure_set(f, L2TPC_FAILURE_INTERNAL,
				  _("charon reported the IPsec SA with %s as established but does "
				    "not list it: see charon's log."),
				  remote_addr);
		return;
	}
	/* charon lists the mode in capitals ("TRANSPORT"); a transport SA that is not
	 * INSTALLED yet is the kernel being slow, not the server's choice of mode. */
	if (g_ascii_strcasecmp(mode, "TRANSPORT") == 0) {
		l2tpc_failure_set(
			f, L2TPC_FAILURE_SYSTEM,
			_("The IPsec SA with %s was negotiated but the kernel had not "
			  "installed it after %u ms (charon lists it as %s): see charon's "
			  "log, and try connecting again."),
			remote_addr, waited_ms, state ? state : "?");
		return;
	}
	l2tpc_failure_set(f, L2TPC_FAILURE_IPSEC_PROPOSAL,
			  _("%s set up the IPsec SA in %s mode, not transport mode: the server "
			    "must offer L2TP/IPsec in transport mode."),
			  remote_addr, mode);
}
