// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * creds-guest-test: hands what ipsec-creds made of the given files to a real charon over VICI,
 * the way the connection driver does: load-cert (end-entity and chain with flag NONE, CAs with
 * flag CA), load-key (DER, type from the key). Run by tests/guest/scenarios/creds-charon.sh,
 * which then authenticates IKE with what charon holds.
 *
 * Usage: creds-guest-test [--clear] VICI_SOCKET PREFIX CERT KEY CA   (empty string = not set)
 * --clear sends clear-creds first. Note that charon 5.9 keeps the certificates of connections
 * loaded with load-conn in the same set, so clear-creds drops those too.
 * The certificate password, if any, is the first line of stdin (never in argv).
 * Prints "subject=", "asn1dn=", "key-type=", "key-id=" lines; exits 0 when charon accepted all,
 * 1 with the sentence otherwise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipsec-creds.h"
#include "vici-client.h"

#define CALL_TIMEOUT_MS 10000

struct run {
	GMainLoop *loop;
	unsigned int pending;
	int failed;
};

static void on_reply(struct vici_client *c, const struct vici_msg *reply, const char *error,
		     void *user_data)
{
	struct run *run = user_data;
	const char *why = error ? error : vici_client_reply_error(reply);

	if (why) {
		fprintf(stderr, "creds-guest-test: charon refused: %s\n", why);
		run->failed = 1;
	} else if (reply && vici_msg_get_str(reply, "id")) {
		printf("key-id=%s\n", vici_msg_get_str(reply, "id"));
	}
	if (--run->pending == 0)
		g_main_loop_quit(run->loop);
}

static void send_req(struct vici_client *c, struct run *run, struct vici_builder *b)
{
	GBytes *packet = NULL;
	const char *why = NULL;

	if (vici_builder_finish(b, &packet, &why) < 0) {
		fprintf(stderr, "creds-guest-test: cannot build request: %s\n", why);
		exit(1);
	}
	run->pending++;
	vici_client_call(c, packet, CALL_TIMEOUT_MS, on_reply, run);
}

static void load_cert(struct vici_client *c, struct run *run, GBytes *der, const char *flag)
{
	struct vici_builder *b = vici_builder_new(VICI_CMD_REQUEST, "load-cert");

	vici_builder_add_str(b, "type", "X509");
	vici_builder_add_str(b, "flag", flag);
	vici_builder_add(b, "data", g_bytes_get_data(der, NULL), g_bytes_get_size(der));
	send_req(c, run, b);
}

static void on_connected(struct vici_client *c, const struct vici_msg *reply, const char *error,
			 void *user_data)
{
	struct run *run = user_data;

	if (error) {
		fprintf(stderr, "creds-guest-test: %s\n", error);
		run->failed = 1;
	}
	g_main_loop_quit(run->loop);
}

static char *read_password(void)
{
	char buf[1024];
	char *p = NULL;

	if (fgets(buf, sizeof(buf), stdin)) {
		buf[strcspn(buf, "\n")] = '\0';
		p = g_strdup(buf);
	}
	explicit_bzero(buf, sizeof(buf));
	return p;
}

int main(int argc, char **argv)
{
	struct ipsec_creds *creds = NULL;
	struct l2tpc_failure f = { 0 };
	struct run run = { 0 };
	struct vici_client *c;
	bool clear = argc > 1 && strcmp(argv[1], "--clear") == 0;
	char *password;
	int r;

	if (clear) {
		argv++;
		argc--;
	}
	if (argc != 6) {
		fprintf(stderr,
			"usage: creds-guest-test [--clear] VICI_SOCKET PREFIX CERT KEY CA\n");
		return 2;
	}
	password = read_password();
	r = ipsec_creds_load(&(struct ipsec_creds_files){ .setting_prefix = argv[2],
							  .cert_path = argv[3],
							  .key_path = argv[4],
							  .ca_path = argv[5],
							  .password = password },
			     &creds, &f);
	if (password) {
		explicit_bzero(password, strlen(password));
		g_free(password);
	}
	if (r < 0) {
		printf("failure=%s\n", f.sentence);
		return 1;
	}
	if (creds->cert) {
		printf("subject=%s\nasn1dn=%s\nkey-type=%s\n", creds->subject,
		       creds->subject_asn1dn, ipsec_creds_key_type_vici(creds->key_type));
	}
	fflush(stdout);

	run.loop = g_main_loop_new(NULL, FALSE);
	c = vici_client_new(argv[1]);
	vici_client_connect(c, CALL_TIMEOUT_MS, on_connected, &run);
	g_main_loop_run(run.loop);
	if (run.failed)
		return 1;

	if (clear) {
		vici_client_command(c, "clear-creds", CALL_TIMEOUT_MS, on_reply, &run);
		run.pending++;
	}
	if (creds->cert) {
		struct vici_builder *b = vici_builder_new(VICI_CMD_REQUEST, "load-key");

		load_cert(c, &run, creds->cert, "NONE");
		for (unsigned int i = 0; i < creds->chain->len; i++)
			load_cert(c, &run, creds->chain->pdata[i], "NONE");
		vici_builder_add_str(b, "type", ipsec_creds_key_type_vici(creds->key_type));
		vici_builder_add(b, "data", g_bytes_get_data(creds->key, NULL),
				 g_bytes_get_size(creds->key));
		send_req(c, &run, b);
	}
	for (unsigned int i = 0; i < creds->cas->len; i++)
		load_cert(c, &run, creds->cas->pdata[i], "CA");
	g_main_loop_run(run.loop);

	vici_client_free(c);
	g_main_loop_unref(run.loop);
	ipsec_creds_free(creds);
	return run.failed;
}
