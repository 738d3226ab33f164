// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Failure sentences for IPsec (see ipsec-errors.h). The patterns are the messages of charon
 * 5.x (sa/ikev1/tasks/main_mode.c, quick_mode.c, task_manager_v1.c, socket_default); each rule
 * names the log line it keys on.
 */
#include <string.h>

#include "ipsec-errors.h"
#include "ipsec-proposals.h"
#include "l2tpc-i18n.h"

static bool ipsec_errors_any(const char *const *lines, unsigned int n, const char *needle,
			     unsigned int *at)
{
	for (unsigned int i = 0; i < n; i++) {
		if (lines[i] && strstr(lines[i], needle)) {
			if (at)
				*at = i;
			return true;
		}
	}
	return false;
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

bool ipsec_errors_quick_mode_refused(const char *const *lines, unsigned int n)
{
	return ipsec_errors_ike_established(lines, n) &&
	       (ipsec_errors_any(lines, n, "NO_PROPOSAL_CHOSEN", NULL) ||
		ipsec_errors_any(lines, n, "no matching proposal found", NULL));
}

static const char *ipsec_errors_or(const char *s, const char *dflt)
{
	return s && *s ? s : dflt;
}

enum l2tpc_failure_class ipsec_errors_classify(const char *const *lines, unsigned int n,
					       const char *errmsg,
					       const struct ipsec_errors_ctx *ctx,
					       struct l2tpc_failure *f)
{
	const char *gw = ipsec_errors_or(ctx->gateway, "the gateway");
	bool phase2 = ipsec_errors_ike_established(lines, n);
	const char *secret = ctx->psk ? _("pre-shared key") : _("certificate");
	unsigned int at;

	/* socket_default: "unable to bind socket: Address already in use" */
	if (ipsec_errors_any(lines, n, "unable to bind socket", NULL) ||
	    ipsec_errors_any(lines, n, "no socket found to send", NULL) ||
	    ipsec_errors_any(lines, n, "no socket implementation registered", NULL)) {
		ipsec_errors_daemon(IPSEC_DAEMON_PORT_IN_USE, NULL, f);
		return f->klass;
	}
	/* main_mode.c / aggressive_mode.c: "IDir 'X' does not match to 'Y'" */
	if (ipsec_errors_any(lines, n, "does not match to", &at)) {
		g_autofree char *got = ipsec_errors_quoted(lines[at], 0);
		g_autofree char *want = ipsec_errors_quoted(lines[at], 1);

		l2tpc_failure_set(
			f, L2TPC_FAILURE_IPSEC_AUTH,
			_("%s identified itself as '%s', not as the expected remote ID '%s': "
			  "set the remote ID (ipsec-gateway-id) to '%s' or leave it empty."),
			gw, ipsec_errors_or(got, "?"),
			ipsec_errors_or(want, ipsec_errors_or(ctx->remote_id, "?")),
			ipsec_errors_or(got, "?"));
		return f->klass;
	}
	/* "received NO_PROPOSAL_CHOSEN error notify", "no matching proposal found",
	 * "no acceptable proposal found" */
	if (ipsec_errors_any(lines, n, "NO_PROPOSAL_CHOSEN", NULL) ||
	    ipsec_errors_any(lines, n, "no matching proposal found", NULL) ||
	    ipsec_errors_any(lines, n, "no acceptable proposal", NULL)) {
		if (phase2 && ctx->esp_first)
			l2tpc_failure_set(
				f, L2TPC_FAILURE_IPSEC_PROPOSAL,
				_("%s accepts none of the ESP proposals we offered, neither with "
				  "PFS (%s) nor without (%s): ask its administrator for its ESP "
				  "proposals and set ipsec-esp."),
				gw, ctx->esp_first,
				ipsec_errors_or(ctx->esp_offered, "the defaults"));
		else if (phase2)
			l2tpc_failure_set(
				f, L2TPC_FAILURE_IPSEC_PROPOSAL,
				_("%s accepts none of the ESP proposals we offered (%s): ask its "
				  "administrator for its ESP proposals and set ipsec-esp%s."),
				gw, ipsec_errors_or(ctx->esp_offered, "the defaults"),
				ipsec_proposals_have_group(ctx->esp_offered)
					? ""
					: _(", or ipsec-pfs=yes if it requires perfect forward "
					    "secrecy"));
		else
			l2tpc_failure_set(
				f, L2TPC_FAILURE_IPSEC_PROPOSAL,
				_("%s accepts none of the IKE proposals we offered (%s): run "
				  "`l2tpc probe` to find what it accepts and set ipsec-ike."),
				gw, ipsec_errors_or(ctx->ike_offered, "the defaults"));
		return f->klass;
	}
	/* quick_mode.c: traffic selectors refused; INVALID_ID_INFORMATION after phase 1 */
	if (ipsec_errors_any(lines, n, "no acceptable traffic selectors", NULL) ||
	    ipsec_errors_any(lines, n, "TS_UNACCEPTABLE", NULL) ||
	    (phase2 && ipsec_errors_any(lines, n, "received INVALID_ID_INFORMATION", NULL))) {
		l2tpc_failure_set(
			f, L2TPC_FAILURE_IPSEC_PROPOSAL,
			_("%s refused to protect L2TP (UDP port 1701) in transport mode: the "
			  "server's IPsec policy does not allow L2TP/IPsec from this client."),
			gw);
		return f->klass;
	}
	/* our own side has no key: "no shared key found for ..." */
	if (ipsec_errors_any(lines, n, "no shared key found", NULL)) {
		l2tpc_failure_set(
			f, L2TPC_FAILURE_CONFIG,
			_("charon found no pre-shared key for the connection to %s: check "
			  "that the profile has a PSK and that its local and remote IDs are "
			  "right."),
			gw);
		return f->klass;
	}
	/* pubkey_v1_authenticator.c / pubkey_authenticator.c: "no trusted ECDSA public key
	 * found for 'ID'": nothing the server sent chains to our CA */
	if (!ctx->psk && ipsec_errors_any(lines, n, "no trusted", &at) &&
	    strstr(lines[at], "found for '")) {
		g_autofree char *who = ipsec_errors_quoted(lines[at], 0);

		l2tpc_failure_set(f, L2TPC_FAILURE_IPSEC_AUTH,
				  _("The IPsec server at %s identified itself as '%s' but has no "
				    "certificate from the CA in machine-ca: check machine-ca, or "
				    "this is not your server."),
				  gw, ipsec_errors_or(who, "?"));
		return f->klass;
	}
	/* The gateway said no to our identity or proof: AUTHENTICATION_FAILED,
	 * INVALID_ID_INFORMATION (phase 1), INVALID_HASH_INFORMATION; or we rejected its proof:
	 * "calculated HASH does not match HASH payload", "authentication of 'X' failed",
	 * "signature validation failed", "no trusted ... public key found". */
	if (ipsec_errors_any(lines, n, "AUTHENTICATION_FAILED", NULL) ||
	    ipsec_errors_any(lines, n, "INVALID_ID_INFORMATION", NULL) ||
	    ipsec_errors_any(lines, n, "INVALID_HASH_INFORMATION", NULL) ||
	    ipsec_errors_any(lines, n, "calculated HASH does not match", NULL) ||
	    ipsec_errors_any(lines, n, "signature validation failed", NULL) ||
	    ipsec_errors_any(lines, n, "no trusted", NULL) ||
	    (ipsec_errors_any(lines, n, "authentication of", &at) && strstr(lines[at], "failed"))) {
		l2tpc_failure_set(f, L2TPC_FAILURE_IPSEC_AUTH,
				  _("IPsec authentication with %s failed: check the %s%s."), gw,
				  secret,
				  ctx->psk ? "" : _(", its CA and the gateway's certificate"));
		return f->klass;
	}
	/* task_manager_v1.c: "giving up after N retransmits" */
	if (ipsec_errors_any(lines, n, "giving up after", NULL) ||
	    ipsec_errors_any(lines, n, "peer not responding", NULL)) {
		/* Main mode got as far as our encrypted ID/HASH (MM5) and the gateway went
		 * silent: an IKEv1 responder that cannot decrypt it (wrong PSK) drops it. */
		if (!phase2 && ipsec_errors_any(lines, n, "request 0 [ ID HASH", NULL)) {
			l2tpc_failure_set(
				f, L2TPC_FAILURE_IPSEC_AUTH,
				_("%s stopped answering when we authenticated, which most "
				  "often means the %s is wrong: check the %s."),
				gw, secret, secret);
		} else if (phase2) {
			l2tpc_failure_set(
				f, L2TPC_FAILURE_IPSEC_PROPOSAL,
				_("%s did not answer our request for an ESP transport SA "
				  "for L2TP (quick mode): its IPsec policy or ESP proposals "
				  "(%s) may not match; %s"),
				gw, ipsec_errors_or(ctx->esp_offered, "the defaults"),
				ctx->esp_fallback
					? _("if the server does not do perfect forward "
					    "secrecy, set ipsec-pfs=no, else set ipsec-esp.")
					: _("set ipsec-esp."));
		} else {
			l2tpc_failure_set(
				f, L2TPC_FAILURE_IPSEC_UNREACHABLE,
				_("%s does not answer IKE on UDP port 500: check the "
				  "address and that no firewall blocks UDP 500 and 4500."),
				gw);
		}
		return f->klass;
	}
	/* vici_control.c: OUT_OF_RES → "... not established after Nms" */
	if (errmsg && strstr(errmsg, "not established after")) {
		l2tpc_failure_set(f, L2TPC_FAILURE_IPSEC_UNREACHABLE,
				  _("IPsec with %s was not established within %u s: the gateway "
				    "answers too slowly or not at all."),
				  gw, ctx->timeout_s);
		return f->klass;
	}
	if (errmsg && strstr(errmsg, "config") && strstr(errmsg, "not found")) {
		l2tpc_failure_set(
			f, L2TPC_FAILURE_INTERNAL,
			_("charon lost our IPsec connection for %s before it started (%s); "
			  "another program may have reloaded charon's configuration."),
			gw, errmsg);
		return f->klass;
	}
	l2tpc_failure_set(f, L2TPC_FAILURE_IPSEC_UNREACHABLE,
			  _("IPsec negotiation with %s failed%s%s%s: run with --log-level debug to "
			    "see charon's log."),
			  gw, n ? " after \"" : "", n ? ipsec_errors_or(lines[n - 1], "") : "",
			  n ? "\"" : "");
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
