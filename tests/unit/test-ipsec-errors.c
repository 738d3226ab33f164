// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * IPsec failure classifier: charon's control-log lines of each failure (as charon 5.9 logs
 * them at level 1/2 to the initiating VICI client) map to one class and one sentence.
 */
#include <string.h>

#include <glib.h>

#include "ipsec-errors.h"

static const struct ipsec_errors_ctx ctx = {
	.gateway = "192.0.2.1",
	.ike_offered = "aes256-sha256-modp2048,3des-sha1-modp1024",
	.esp_offered = "aes256-sha1,3des-sha1",
	.psk = true,
	.timeout_s = 30,
};

static const struct {
	const char *name;
	const char *lines[8];
	const char *errmsg;
	enum l2tpc_failure_class klass;
	const char *sentence;
	bool refused; /* secret_refused: the gateway refused our PSK */
} cases[] = {
	{ "unreachable",
	  { "initiating Main Mode IKE_SA l2tpc-p1[1] to 192.0.2.1",
	    "generating ID_PROT request 0 [ SA V V V V V ]",
	    "sending packet: from 192.0.2.2[500] to 192.0.2.1[500] (236 bytes)",
	    "sending retransmit 1 of request message ID 0, seq 1", "giving up after 5 retransmits",
	    "establishing IKE_SA failed, peer not responding" },
	  "establishing CHILD_SA 'l2tp' failed",
	  L2TPC_FAILURE_IPSEC_UNREACHABLE,
	  "192.0.2.1 does not answer IKE on UDP port 500: check the address and that no firewall "
	  "blocks UDP 500 and 4500." },
	{ "ike proposal",
	  { "generating ID_PROT request 0 [ SA V V V V V ]",
	    "parsed INFORMATIONAL_V1 request 1234 [ N(NO_PROP) ]",
	    "received NO_PROPOSAL_CHOSEN error notify" },
	  "establishing CHILD_SA 'l2tp' failed",
	  L2TPC_FAILURE_IPSEC_PROPOSAL,
	  "192.0.2.1 accepts none of the IKE proposals we offered "
	  "(aes256-sha256-modp2048,3des-sha1-modp1024): run `l2tpc probe` to find what it accepts "
	  "and set ipsec-ike." },
	{ "esp proposal",
	  { "IKE_SA l2tpc-p1[1] established between 192.0.2.2[192.0.2.2]...192.0.2.1[192.0.2.1]",
	    "generating QUICK_MODE request 42 [ HASH SA No ID ID ]",
	    "received NO_PROPOSAL_CHOSEN error notify" },
	  NULL,
	  L2TPC_FAILURE_IPSEC_PROPOSAL,
	  "192.0.2.1 accepts none of the ESP proposals we offered (aes256-sha1,3des-sha1): ask its "
	  "administrator for its ESP proposals and set ipsec-esp, or ipsec-pfs=yes if it requires "
	  "perfect forward secrecy." },
	{ "wrong psk, gateway silent after MM5",
	  { "generating ID_PROT request 0 [ ID HASH N(INITIAL_CONTACT) ]",
	    "sending retransmit 5 of request message ID 0, seq 3",
	    "giving up after 5 retransmits" },
	  "establishing CHILD_SA 'l2tp' failed",
	  L2TPC_FAILURE_IPSEC_AUTH,
	  "192.0.2.1 stopped answering when we authenticated, which most often means the "
	  "pre-shared key is wrong: check the pre-shared key.",
	  true },
	{ "wrong psk, gateway tells",
	  { "generating ID_PROT request 0 [ ID HASH ]",
	    "received AUTHENTICATION_FAILED error notify" },
	  NULL,
	  L2TPC_FAILURE_IPSEC_AUTH,
	  "IPsec authentication with 192.0.2.1 failed: check the pre-shared key.",
	  true },
	{ "wrong psk, we check the hash",
	  { "parsed ID_PROT response 0 [ ID HASH ]",
	    "calculated HASH does not match HASH payload" },
	  NULL,
	  L2TPC_FAILURE_IPSEC_AUTH,
	  "IPsec authentication with 192.0.2.1 failed: check the pre-shared key.",
	  true },
	{ "invalid id in phase 1",
	  { "received INVALID_ID_INFORMATION error notify" },
	  NULL,
	  L2TPC_FAILURE_IPSEC_AUTH,
	  "IPsec authentication with 192.0.2.1 failed: check the pre-shared key." },
	{ "peer id mismatch",
	  { "parsed ID_PROT response 0 [ ID HASH ]",
	    "IDir '10.0.0.1' does not match to 'vpn.example.com'" },
	  NULL,
	  L2TPC_FAILURE_IPSEC_AUTH,
	  "192.0.2.1 identified itself as '10.0.0.1', not as the expected remote ID "
	  "'vpn.example.com': set the remote ID (ipsec-remote-id) to '10.0.0.1' or leave it "
	  "empty." },
	{ "traffic selectors refused",
	  { "IKE_SA l2tpc-p1[1] established between 192.0.2.2[x]...192.0.2.1[y]",
	    "received INVALID_ID_INFORMATION error notify" },
	  NULL,
	  L2TPC_FAILURE_IPSEC_PROPOSAL,
	  "192.0.2.1 refused to protect L2TP (UDP port 1701) in transport mode: the server's IPsec "
	  "policy does not allow L2TP/IPsec from this client." },
	{ "port 500 taken",
	  { "unable to bind socket: Address already in use",
	    "no socket found to send IPv4 packet from port 500" },
	  NULL,
	  L2TPC_FAILURE_IPSEC_DAEMON,
	  "UDP port 500 is held by another IKE daemon (libreswan, racoon, or a strongSwan without "
	  "the vici plugin): stop it, or install strongswan-swanctl so l2tpc can use the running "
	  "charon." },
	{ "no psk loaded",
	  { "no shared key found for '192.0.2.2'[192.0.2.2] - '%any'[192.0.2.1]" },
	  NULL,
	  L2TPC_FAILURE_CONFIG,
	  "charon found no pre-shared key for the connection to 192.0.2.1: check that the profile "
	  "has a PSK and that its local and remote IDs are right." },
	{ "initiate timeout",
	  { "initiating Main Mode IKE_SA l2tpc-p1[1] to 192.0.2.1" },
	  "CHILD_SA 'l2tp' not established after 30000ms",
	  L2TPC_FAILURE_IPSEC_UNREACHABLE,
	  "IPsec with 192.0.2.1 was not established within 30 s: the gateway answers too slowly "
	  "or not at all." },
	{ "unknown",
	  { "something odd" },
	  "establishing CHILD_SA 'l2tp' failed",
	  L2TPC_FAILURE_IPSEC_UNREACHABLE,
	  "IPsec negotiation with 192.0.2.1 failed after \"something odd\": run with --log-level "
	  "debug to see charon's log." },
};

static void test_classify(void)
{
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		struct l2tpc_failure f = { 0 };
		unsigned int n = 0;

		while (n < G_N_ELEMENTS(cases[i].lines) && cases[i].lines[n])
			n++;
		g_test_message("case: %s", cases[i].name);
		g_assert_cmpint(ipsec_errors_classify(cases[i].lines, n, cases[i].errmsg, &ctx, &f),
				==, cases[i].klass);
		g_assert_cmpint(f.klass, ==, cases[i].klass);
		g_assert_cmpstr(f.sentence, ==, cases[i].sentence);
		g_assert_cmpint(f.secret_refused, ==, cases[i].refused);
		l2tpc_failure_clear(&f);
	}
}

static void test_certificate_wording(void)
{
	struct ipsec_errors_ctx c = ctx;
	struct l2tpc_failure f = { 0 };
	const char *lines[] = { "received AUTHENTICATION_FAILED error notify" };

	c.psk = false;
	ipsec_errors_classify(lines, 1, NULL, &c, &f);
	g_assert_cmpstr(f.sentence, ==,
			"IPsec authentication with 192.0.2.1 failed: check the certificate, its "
			"CA and the gateway's certificate.");
	l2tpc_failure_clear(&f);
	/* the server's certificate is from another CA (or it sent none) */
	{
		const char *untrusted[] = {
			"parsed ID_PROT response 0 [ ID CERT SIG ]",
			"no trusted ECDSA public key found for 'C=XX, O=other, CN=vpn.example.com'",
		};

		ipsec_errors_classify(untrusted, 2, NULL, &c, &f);
		g_assert_cmpint(f.klass, ==, L2TPC_FAILURE_IPSEC_AUTH);
		g_assert_cmpstr(
			f.sentence, ==,
			"The IPsec server at 192.0.2.1 identified itself as 'C=XX, O=other, "
			"CN=vpn.example.com' but has no certificate from the CA in machine-ca: "
			"check machine-ca, or this is not your server.");
		l2tpc_failure_clear(&f);
	}
}

static void test_daemon_sentences(void)
{
	static const struct {
		enum ipsec_daemon_problem p;
		const char *detail;
		const char *want;
	} d[] = {
		{ IPSEC_DAEMON_NO_CHARON, NULL,
		  "strongSwan's IKE daemon is not installed (/usr/lib/ipsec/charon is missing): "
		  "install the Debian package strongswan-charon." },
		{ IPSEC_DAEMON_NO_VICI_PLUGIN, "/usr/lib/ipsec/plugins/libstrongswan-vici.so",
		  "strongSwan's vici plugin is not installed "
		  "(/usr/lib/ipsec/plugins/libstrongswan-vici.so is missing): install the Debian "
		  "package strongswan-swanctl (libcharon-extra-plugins on older releases)." },
		{ IPSEC_DAEMON_NO_IKEV1, NULL,
		  "This strongSwan was built without IKEv1, which L2TP/IPsec servers need: install "
		  "a strongSwan build with IKEv1 (Debian's does) or set ipsec-ike-version 2 if the "
		  "server speaks IKEv2." },
		{ IPSEC_DAEMON_GONE, "charon closed the VICI connection (the daemon stopped).",
		  "strongSwan's charon went away during the connection (charon closed the VICI "
		  "connection (the daemon stopped)): check whether it crashed or was restarted." },
		{ IPSEC_DAEMON_APPARMOR, "/usr/lib/ipsec/charon",
		  "strongSwan's charon did not start under the AppArmor profile "
		  "/usr/lib/ipsec/charon "
		  "in enforce mode: find what it was denied (journalctl -k | grep "
		  "apparmor=\"DENIED\"), allow that in the profile's local include "
		  "(/etc/apparmor.d/local/usr.lib.ipsec.charon on Debian and Ubuntu) and reload "
		  "the "
		  "profile, or run aa-complain /usr/lib/ipsec/charon." },
		{ IPSEC_DAEMON_SELINUX, "system_u:object_r:ipsec_exec_t:s0",
		  "strongSwan's charon did not start while SELinux enforces its policy (charon is "
		  "system_u:object_r:ipsec_exec_t:s0): find what it was denied (ausearch -m avc "
		  "-ts "
		  "recent), and label l2tpc's run directory for it (semanage fcontext -a -t "
		  "ipsec_var_run_t '/run/l2tpc(/.*)?'; restorecon -R /run/l2tpc)." },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(d); i++) {
		struct l2tpc_failure f = { 0 };

		ipsec_errors_daemon(d[i].p, d[i].detail, &f);
		g_assert_cmpint(f.klass, ==, L2TPC_FAILURE_IPSEC_DAEMON);
		g_assert_cmpstr(f.sentence, ==, d[i].want);
		l2tpc_failure_clear(&f);
	}
	g_assert_true(ipsec_errors_log_has_port_conflict(
		"00[NET] unable to bind socket: Address already in use\n"));
	g_assert_false(ipsec_errors_log_has_port_conflict("00[DMN] Starting IKE charon daemon\n"));
}

/* The CHILD_SA never showed as INSTALLED in transport mode: a slow kernel (charon lists mode
 * "TRANSPORT", state INSTALLING) is not a tunnel-mode server, and the sentence never reads
 * "in TRANSPORT mode, not transport mode". */
static void test_child_not_up(void)
{
	static const struct {
		const char *mode, *state;
		enum l2tpc_failure_class klass;
		const char *want;
	} c[] = {
		{ "TRANSPORT", "INSTALLING", L2TPC_FAILURE_SYSTEM,
		  "The IPsec SA with 192.0.2.1 was negotiated but the kernel had not installed it "
		  "after 1000 ms (charon lists it as INSTALLING): see charon's log, and try "
		  "connecting again." },
		{ "TUNNEL", "INSTALLED", L2TPC_FAILURE_IPSEC_PROPOSAL,
		  "192.0.2.1 set up the IPsec SA in TUNNEL mode, not transport mode: the server "
		  "must offer L2TP/IPsec in transport mode." },
		{ NULL, NULL, L2TPC_FAILURE_INTERNAL,
		  "charon reported the IPsec SA with 192.0.2.1 as established but does not list "
		  "it: see charon's log." },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(c); i++) {
		struct l2tpc_failure f = { 0 };

		ipsec_errors_child_not_up("192.0.2.1", c[i].mode, c[i].state, 1000, &f);
		g_assert_cmpint(f.klass, ==, c[i].klass);
		g_assert_cmpstr(f.sentence, ==, c[i].want);
		g_assert_null(strstr(f.sentence, "TRANSPORT mode"));
		l2tpc_failure_clear(&f);
	}
}

/* The PFS rule's sentences: ipsec-pfs=yes is never the advice when PFS was offered. */
static void test_pfs_wording(void)
{
	const char *refused[] = {
		("IKE_SA l2tpc-p1[1] established between "
		 "192.0.2.2[192.0.2.2]...192.0.2.1[192.0.2.1]"),
		"generating QUICK_MODE request 42 [ HASH SA No KE ID ID ]",
		"received NO_PROPOSAL_CHOSEN error notify",
	};
	const char *silent[] = {
		("IKE_SA l2tpc-p1[1] established between "
		 "192.0.2.2[192.0.2.2]...192.0.2.1[192.0.2.1]"),
		"generating QUICK_MODE request 42 [ HASH SA No KE ID ID ]",
		"giving up after 5 retransmits",
	};
	struct ipsec_errors_ctx c = ctx;
	struct l2tpc_failure f = { 0 };

	g_assert_true(ipsec_errors_quick_mode_refused(refused, 3));
	g_assert_false(ipsec_errors_quick_mode_refused(refused + 1, 2)); /* phase 1 */
	g_assert_false(ipsec_errors_quick_mode_refused(silent, 3));

	/* PFS refused, then the fallback refused too */
	c.esp_first = "aes256-sha1-modp2048,3des-sha1-modp2048";
	ipsec_errors_classify(refused, 3, NULL, &c, &f);
	g_assert_cmpstr(f.sentence, ==,
			"192.0.2.1 accepts none of the ESP proposals we offered, neither with PFS "
			"(aes256-sha1-modp2048,3des-sha1-modp2048) nor without "
			"(aes256-sha1,3des-sha1): ask its administrator for its ESP proposals and "
			"set ipsec-esp.");
	l2tpc_failure_clear(&f);
	/* PFS required by ipsec-esp and refused */
	c = ctx;
	c.esp_offered = "aes256-sha1-modp2048";
	ipsec_errors_classify(refused, 3, NULL, &c, &f);
	g_assert_cmpstr(f.sentence, ==,
			"192.0.2.1 accepts none of the ESP proposals we offered "
			"(aes256-sha1-modp2048): ask its administrator for its ESP proposals and "
			"set ipsec-esp.");
	l2tpc_failure_clear(&f);
	/* PFS offered and the server went silent */
	c = ctx;
	c.esp_offered = "aes256-sha1-modp2048";
	c.esp_fallback = "aes256-sha1";
	ipsec_errors_classify(silent, 3, NULL, &c, &f);
	g_assert_cmpint(f.klass, ==, L2TPC_FAILURE_IPSEC_PROPOSAL);
	g_assert_nonnull(strstr(f.sentence, "set ipsec-pfs=no, else set ipsec-esp."));
	l2tpc_failure_clear(&f);
	/* no PFS offered and the server went silent: no PFS advice */
	ipsec_errors_classify(silent, 3, NULL, &ctx, &f);
	g_assert_null(strstr(f.sentence, "ipsec-pfs"));
	l2tpc_failure_clear(&f);
}

/*
 * The classifier's table row by row: one real charon 5.9 log line (or initiate errmsg) per
 * row, in table order, each decided by its own row. A row added without a case here, or a
 * row that an earlier row shadows, fails.
 */
#define IKE_UP "IKE_SA l2tpc-p1[1] established between 192.0.2.2[192.0.2.2]...192.0.2.1[192.0.2.1]"
#define MM5    "generating ID_PROT request 0 [ ID HASH N(INITIAL_CONTACT) ]"

static const struct {
	const char *lines[3]; /* the stage's context line (if any), then the row's line */
	const char *errmsg;
	bool cert;
	enum l2tpc_failure_class klass;
	const char *fragment; /* a piece of the sentence */
	bool refused;	      /* with a PSK, secret_refused: the gateway refused the key */
} rows[] = {
	{ { "unable to bind socket: Address already in use" },
	  NULL,
	  false,
	  L2TPC_FAILURE_IPSEC_DAEMON,
	  "UDP port 500 is held by another IKE daemon" },
	{ { "no socket found to send IPv4 packet from port 500" },
	  NULL,
	  false,
	  L2TPC_FAILURE_IPSEC_DAEMON,
	  "UDP port 500 is held by another IKE daemon" },
	{ { "no socket implementation registered, sending failed" },
	  NULL,
	  false,
	  L2TPC_FAILURE_IPSEC_DAEMON,
	  "UDP port 500 is held by another IKE daemon" },
	{ { "IDir '198.51.100.7' does not match to 'vpn.example.com'" },
	  NULL,
	  false,
	  L2TPC_FAILURE_IPSEC_AUTH,
	  "set the remote ID (ipsec-remote-id) to '198.51.100.7'" },
	{ { IKE_UP, "received NO_PROPOSAL_CHOSEN error notify" },
	  NULL,
	  false,
	  L2TPC_FAILURE_IPSEC_PROPOSAL,
	  "accepts none of the ESP proposals" },
	{ { IKE_UP, "no matching proposal found" },
	  NULL,
	  false,
	  L2TPC_FAILURE_IPSEC_PROPOSAL,
	  "accepts none of the ESP proposals" },
	{ { IKE_UP, "no acceptable proposal found" },
	  NULL,
	  false,
	  L2TPC_FAILURE_IPSEC_PROPOSAL,
	  "accepts none of the ESP proposals" },
	{ { "parsed INFORMATIONAL_V1 request 3512 [ N(NO_PROP) ]",
	    "received NO_PROPOSAL_CHOSEN error notify" },
	  NULL,
	  false,
	  L2TPC_FAILURE_IPSEC_PROPOSAL,
	  "accepts none of the IKE proposals" },
	{ { "no matching proposal found" },
	  NULL,
	  false,
	  L2TPC_FAILURE_IPSEC_PROPOSAL,
	  "accepts none of the IKE proposals" },
	{ { "no acceptable proposal found" },
	  NULL,
	  false,
	  L2TPC_FAILURE_IPSEC_PROPOSAL,
	  "accepts none of the IKE proposals" },
	{ { IKE_UP, "no acceptable traffic selectors found" },
	  NULL,
	  false,
	  L2TPC_FAILURE_IPSEC_PROPOSAL,
	  "refused to protect L2TP (UDP port 1701)" },
	{ { IKE_UP, "received TS_UNACCEPTABLE notify, no CHILD_SA built" },
	  NULL,
	  false,
	  L2TPC_FAILURE_IPSEC_PROPOSAL,
	  "refused to protect L2TP (UDP port 1701)" },
	{ { IKE_UP, "received INVALID_ID_INFORMATION error notify" },
	  NULL,
	  false,
	  L2TPC_FAILURE_IPSEC_PROPOSAL,
	  "refused to protect L2TP (UDP port 1701)" },
	{ { "no shared key found for '192.0.2.2'[192.0.2.2] - '%any'[192.0.2.1]" },
	  NULL,
	  false,
	  L2TPC_FAILURE_CONFIG,
	  "charon found no pre-shared key" },
	{ { "no trusted RSA public key found for 'C=XX, O=other, CN=vpn.example.com'" },
	  NULL,
	  true,
	  L2TPC_FAILURE_IPSEC_AUTH,
	  "identified itself as 'C=XX, O=other, CN=vpn.example.com'" },
	{ { MM5, "received AUTHENTICATION_FAILED error notify" },
	  NULL,
	  false,
	  L2TPC_FAILURE_IPSEC_AUTH,
	  "IPsec authentication with 192.0.2.1 failed",
	  true },
	{ { "received INVALID_ID_INFORMATION error notify" },
	  NULL,
	  false,
	  L2TPC_FAILURE_IPSEC_AUTH,
	  "IPsec authentication with 192.0.2.1 failed" },
	{ { "received INVALID_HASH_INFORMATION error notify" },
	  NULL,
	  false,
	  L2TPC_FAILURE_IPSEC_AUTH,
	  "IPsec authentication with 192.0.2.1 failed",
	  true },
	{ { "calculated HASH does not match HASH payload" },
	  NULL,
	  false,
	  L2TPC_FAILURE_IPSEC_AUTH,
	  "IPsec authentication with 192.0.2.1 failed",
	  true },
	{ { "signature validation failed, looking for another key" },
	  NULL,
	  true,
	  L2TPC_FAILURE_IPSEC_AUTH,
	  "check the certificate, its CA" },
	/* the generic row; with a PSK the untrusted-certificate row above does not apply */
	{ { "no trusted RSA public key found for 'C=XX, O=other, CN=vpn.example.com'" },
	  NULL,
	  false,
	  L2TPC_FAILURE_IPSEC_AUTH,
	  "IPsec authentication with 192.0.2.1 failed" },
	{ { "authentication of '192.0.2.2' (myself) failed" },
	  NULL,
	  true,
	  L2TPC_FAILURE_IPSEC_AUTH,
	  "IPsec authentication with 192.0.2.1 failed" },
	{ { "sending retransmit 5 of request message ID 0, seq 1",
	    "giving up after 5 retransmits" },
	  NULL,
	  false,
	  L2TPC_FAILURE_IPSEC_UNREACHABLE,
	  "does not answer IKE on UDP port 500" },
	{ { MM5, "giving up after 5 retransmits" },
	  NULL,
	  false,
	  L2TPC_FAILURE_IPSEC_AUTH,
	  "stopped answering when we authenticated",
	  true },
	{ { IKE_UP, "giving up after 5 retransmits" },
	  NULL,
	  false,
	  L2TPC_FAILURE_IPSEC_PROPOSAL,
	  "did not answer our request for an ESP transport SA" },
	{ { "establishing IKE_SA failed, peer not responding" },
	  NULL,
	  false,
	  L2TPC_FAILURE_IPSEC_UNREACHABLE,
	  "does not answer IKE on UDP port 500" },
	{ { MM5, "establishing IKE_SA failed, peer not responding" },
	  NULL,
	  false,
	  L2TPC_FAILURE_IPSEC_AUTH,
	  "stopped answering when we authenticated",
	  true },
	{ { IKE_UP, "establishing IKE_SA failed, peer not responding" },
	  NULL,
	  false,
	  L2TPC_FAILURE_IPSEC_PROPOSAL,
	  "did not answer our request for an ESP transport SA" },
	{ { "initiating Main Mode IKE_SA l2tpc-p1[1] to 192.0.2.1" },
	  "CHILD_SA 'l2tp' not established after 30000ms",
	  false,
	  L2TPC_FAILURE_IPSEC_UNREACHABLE,
	  "was not established within 30 s" },
	{ { "initiating Main Mode IKE_SA l2tpc-p1[1] to 192.0.2.1" },
	  "CHILD_SA config 'l2tp' not found",
	  false,
	  L2TPC_FAILURE_INTERNAL,
	  "charon lost our IPsec connection for 192.0.2.1 before it started (CHILD_SA config "
	  "'l2tp' not found)" },
};

static void test_rows(void)
{
	g_assert_cmpuint(G_N_ELEMENTS(rows), ==, ipsec_errors_n_rules);
	for (size_t i = 0; i < G_N_ELEMENTS(rows); i++) {
		struct ipsec_errors_ctx c = ctx;
		struct l2tpc_failure f = { 0 };
		unsigned int n = 0;
		int row;

		while (n < G_N_ELEMENTS(rows[i].lines) && rows[i].lines[n])
			n++;
		c.psk = !rows[i].cert;
		row = ipsec_errors_match(rows[i].lines, n, rows[i].errmsg, &c, NULL);
		g_test_message("case %zu: \"%s\" -> row %d", i, rows[i].lines[n - 1], row);
		g_assert_cmpint(row, ==, (int)i);
		g_assert_cmpint(ipsec_errors_rules[row].klass, ==, rows[i].klass);
		g_assert_cmpint(ipsec_errors_classify(rows[i].lines, n, rows[i].errmsg, &c, &f), ==,
				rows[i].klass);
		g_assert_nonnull(strstr(f.sentence, rows[i].fragment));
		g_assert_cmpint(f.secret_refused, ==, rows[i].refused);
		g_assert_cmpint(ipsec_errors_rules[row].psk_refused, ==, rows[i].refused);
		/* one sentence: a full stop at the end, no line breaks */
		g_assert_true(g_str_has_suffix(f.sentence, "."));
		g_assert_null(strchr(f.sentence, '\n'));
		l2tpc_failure_clear(&f);
		/* with a certificate no row means a refused secret the user could type again */
		c.psk = false;
		ipsec_errors_classify(rows[i].lines, n, rows[i].errmsg, &c, &f);
		g_assert_false(f.secret_refused);
		l2tpc_failure_clear(&f);
	}
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/ipsec-errors/classify", test_classify);
	g_test_add_func("/ipsec-errors/rows", test_rows);
	g_test_add_func("/ipsec-errors/certificate", test_certificate_wording);
	g_test_add_func("/ipsec-errors/daemon", test_daemon_sentences);
	g_test_add_func("/ipsec-errors/child-not-up", test_child_not_up);
	g_test_add_func("/ipsec-errors/pfs", test_pfs_wording);
	return g_test_run();
}
