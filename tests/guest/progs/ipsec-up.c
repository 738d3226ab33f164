// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ipsec-up: brings one L2TP/IPsec SA up with client/ipsec (ipsec-conn) and down again, for the
 * guest scenarios (tests/guest/scenarios/ipsec-*.sh).
 *
 *   ipsec-up --profile ID --remote IP --psk-file FILE [--local-port 1701|0] [--ike P] [--esp P]
 *            [--remote-id ID] [--local-id ID] [--run-dir DIR] [--private] [--timeout S]
 *            [--cert DER --key DER --key-type rsa --ca DER]
 *            [--creds --cert FILE [--key FILE] [--ca FILE] [--password-file FILE]]
 *            [--ike-version 1|2] [--pfs GROUP]
 *
 *   ipsec-up --query SOCKET     lists charon's connections, shared keys and keys, one a line
 *                               ("conn NAME", "shared ID", "key ID"), for residue checks.
 *
 * Prints "UP <name>" once the SA is up, then holds it until SIGTERM/SIGINT, brings it down and
 * prints "DOWN". On a failure it prints "FAIL <class>: <sentence>" and exits with the class
 * number (docs/cli.md's exit codes). The PSK is read from a file, never from argv.
 * With --creds the certificate, key and CA files go through ipsec_creds_load() the way a
 * profile's do (PEM, DER, PKCS#12, encrypted keys; the password read from a file), and the
 * certificate's subject becomes the local id unless --local-id is given.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib-unix.h>

#include "ipsec-conn.h"
#include "ipsec-creds.h"
#include "ipsec-proposals.h"
#include "l2tpc-log.h"
#include "vici-client.h"

static GMainLoop *loop;
static int exit_code;
static struct ipsec_conn *conn;
static bool is_up;
static bool down_called;

static void on_down(struct ipsec_conn *c, const struct l2tpc_failure *f, void *data)
{
	if (f) {
		printf("FAIL %s: %s\n", l2tpc_failure_class_name(f->klass), f->sentence);
		exit_code = exit_code ? exit_code : (int)f->klass;
	}
	printf("DOWN\n");
	fflush(stdout);
	g_main_loop_quit(loop);
}

/* SIGTERM/SIGINT: take the SA down; during the connect, abandon it and clean up. */
static gboolean on_signal(gpointer data)
{
	if (!down_called) {
		down_called = true;
		is_up = false;
		ipsec_conn_down(conn, on_down, NULL);
	}
	return G_SOURCE_CONTINUE;
}

static void on_lost(struct ipsec_conn *c, const struct l2tpc_failure *f, void *data)
{
	printf("LOST %s: %s\n", l2tpc_failure_class_name(f->klass), f->sentence);
	fflush(stdout);
}

static void on_up(struct ipsec_conn *c, const struct l2tpc_failure *f, void *data)
{
	if (f) {
		printf("FAIL %s: %s\n", l2tpc_failure_class_name(f->klass), f->sentence);
		fflush(stdout);
		exit_code = (int)f->klass;
		g_main_loop_quit(loop);
		return;
	}
	if (down_called)
		return;
	is_up = true;
	printf("UP %s\n", ipsec_conn_name(c));
	fflush(stdout);
}

/* ---- --query ---- */

static const char *const query_cmds[] = { "get-conns", "get-shared", "get-keys", NULL };
static const char *const query_keys[] = { "conns", "keys", "keys" };
static const char *const query_words[] = { "conn", "shared", "key" };
static int query_step;

static void on_query(struct vici_client *c, const struct vici_msg *reply, const char *error,
		     void *data)
{
	const struct vici_node *list;

	if (error) {
		printf("ERROR %s\n", error);
		exit_code = 1;
		g_main_loop_quit(loop);
		return;
	}
	list = vici_msg_get(reply, query_keys[query_step]);
	for (guint i = 0; i < vici_node_count(list); i++)
		printf("%s %s\n", query_words[query_step], vici_node_item(list, i));
	if (!query_cmds[++query_step]) {
		g_main_loop_quit(loop);
		return;
	}
	vici_client_command(c, query_cmds[query_step], 5000, on_query, NULL);
}

static void on_query_connected(struct vici_client *c, const struct vici_msg *reply,
			       const char *error, void *data)
{
	if (error)
		on_query(c, NULL, error, NULL);
	else
		vici_client_command(c, query_cmds[0], 5000, on_query, NULL);
}

static int query(const char *socket)
{
	struct vici_client *c = vici_client_new(socket);

	loop = g_main_loop_new(NULL, FALSE);
	vici_client_connect(c, 5000, on_query_connected, NULL);
	g_main_loop_run(loop);
	vici_client_free(c);
	return exit_code;
}

static GBytes *read_blob(const char *path)
{
	g_autoptr(GError) err = NULL;
	char *data;
	gsize len;

	if (!path)
		return NULL;
	if (!g_file_get_contents(path, &data, &len, &err)) {
		fprintf(stderr, "ipsec-up: %s\n", err->message);
		exit(2);
	}
	return g_bytes_new_take(data, len);
}

/* --creds: the files through ipsec_creds_load(); the password file is wiped after use. */
static int load_creds(const char *cert, const char *key, const char *ca, const char *pw_file,
		      struct ipsec_creds **out, struct l2tpc_failure *f)
{
	g_autoptr(GBytes) pw = read_blob(pw_file);
	g_autofree char *password = NULL;
	struct ipsec_creds_files files = {
		.setting_prefix = "machine",
		.cert_path = cert,
		.key_path = key,
		.ca_path = ca,
	};
	int r;

	if (pw) {
		gsize len;
		const char *d = g_bytes_get_data(pw, &len);

		while (len && d[len - 1] == '\n')
			len--;
		password = g_strndup(d, len);
		explicit_bzero((void *)d, g_bytes_get_size(pw));
		files.password = password;
	}
	r = ipsec_creds_load(&files, out, f);
	if (password)
		explicit_bzero(password, strlen(password));
	return r;
}

int main(int argc, char **argv)
{
	g_autofree char *profile = NULL, *remote = NULL, *psk_file = NULL, *ike = NULL;
	g_autofree char *esp = NULL, *remote_id = NULL, *local_id = NULL, *run_dir = NULL;
	g_autofree char *esp_pfs = NULL, *esp_nopfs = NULL;
	g_autofree char *cert = NULL, *key = NULL, *key_type = NULL, *ca = NULL;
	g_autofree char *log_level = NULL, *query_socket = NULL, *password_file = NULL;
	g_autofree char *pfs = NULL;
	gboolean private_only = FALSE, use_creds = FALSE;
	int local_port = 1701, timeout = 20, ike_version = 1;
	GOptionEntry entries[] = {
		{ "profile", 0, 0, G_OPTION_ARG_STRING, &profile, "profile id", NULL },
		{ "remote", 0, 0, G_OPTION_ARG_STRING, &remote, "gateway address", NULL },
		{ "psk-file", 0, 0, G_OPTION_ARG_FILENAME, &psk_file, "PSK file", NULL },
		{ "local-port", 0, 0, G_OPTION_ARG_INT, &local_port, "L2TP source port", NULL },
		{ "ike", 0, 0, G_OPTION_ARG_STRING, &ike, "IKE proposals", NULL },
		{ "esp", 0, 0, G_OPTION_ARG_STRING, &esp, "ESP proposals", NULL },
		{ "remote-id", 0, 0, G_OPTION_ARG_STRING, &remote_id, "remote ID", NULL },
		{ "local-id", 0, 0, G_OPTION_ARG_STRING, &local_id, "local ID", NULL },
		{ "run-dir", 0, 0, G_OPTION_ARG_FILENAME, &run_dir, "run dir", NULL },
		{ "private", 0, 0, G_OPTION_ARG_NONE, &private_only, "private charon only", NULL },
		{ "timeout", 0, 0, G_OPTION_ARG_INT, &timeout, "initiate timeout (s)", NULL },
		{ "cert", 0, 0, G_OPTION_ARG_FILENAME, &cert, "certificate (DER)", NULL },
		{ "key", 0, 0, G_OPTION_ARG_FILENAME, &key, "private key (DER)", NULL },
		{ "key-type", 0, 0, G_OPTION_ARG_STRING, &key_type, "rsa/ecdsa", NULL },
		{ "ca", 0, 0, G_OPTION_ARG_FILENAME, &ca, "CA certificate (DER)", NULL },
		{ "creds", 0, 0, G_OPTION_ARG_NONE, &use_creds, "use ipsec-creds", NULL },
		{ "password-file", 0, 0, G_OPTION_ARG_FILENAME, &password_file, "key password",
		  NULL },
		{ "ike-version", 0, 0, G_OPTION_ARG_INT, &ike_version, "1 or 2", NULL },
		{ "pfs", 0, 0, G_OPTION_ARG_STRING, &pfs, "ESP PFS group", NULL },
		{ "query", 0, 0, G_OPTION_ARG_FILENAME, &query_socket, "list charon's state",
		  NULL },
		{ "log-level", 0, 0, G_OPTION_ARG_STRING, &log_level, "log level", NULL },
		{ NULL },
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("- bring an L2TP/IPsec SA up");
	g_autoptr(GError) err = NULL;
	g_autoptr(GBytes) psk = NULL, cert_der = NULL, key_der = NULL, ca_der = NULL;
	g_autoptr(GPtrArray) cas = g_ptr_array_new();
	_ipsec_creds_auto_ struct ipsec_creds *creds = NULL;
	struct ipsec_charon_options copts = { 0 };
	struct ipsec_conn_params p = { 0 };
	struct l2tpc_failure f = { 0 };
	enum l2tpc_log_level lvl;

	g_option_context_add_main_entries(ctx, entries, NULL);
	if (g_option_context_parse(ctx, &argc, &argv, &err) && query_socket)
		return query(query_socket);
	if (err || !profile || !remote) {
		fprintf(stderr, "ipsec-up: %s\n",
			err ? err->message : "need --profile and --remote");
		return 2;
	}
	if (log_level && l2tpc_log_level_parse(log_level, &lvl) == 0)
		l2tpc_log_set_level(lvl);
	psk = read_blob(psk_file);
	if (use_creds) {
		if (load_creds(cert, key, ca, password_file, &creds, &f) < 0) {
			printf("FAIL %s: %s\n", l2tpc_failure_class_name(f.klass), f.sentence);
			return (int)f.klass;
		}
		p.cert = creds->cert;
		p.chain = creds->chain;
		p.key = creds->key;
		p.key_type = ipsec_creds_key_type_vici(creds->key_type);
		p.cas = creds->cas;
		p.local_id = local_id ? local_id : creds->subject_asn1dn;
	} else {
		cert_der = read_blob(cert);
		key_der = read_blob(key);
		ca_der = read_blob(ca);
		if (ca_der)
			g_ptr_array_add(cas, ca_der);
		p.cert = cert_der;
		p.key = key_der;
		p.key_type = key_type;
		p.cas = cas;
		p.local_id = local_id;
	}
	copts.run_dir = run_dir;
	copts.private_only = private_only;
	copts.log_level = 2;
	p.profile_id = profile;
	p.remote_addr = remote;
	if (psk) {
		p.psk = g_bytes_get_data(psk, &p.psk_len);
		while (p.psk_len && (p.psk[p.psk_len - 1] == '\n'))
			p.psk_len--;
	}
	p.l2tp_local_port = (uint16_t)local_port;
	p.ike_proposals = ike;
	p.esp_proposals = esp;
	p.remote_id = remote_id;
	p.ike_version = (unsigned int)ike_version;
	if (pfs) {
		/* --pfs GROUP: PFS required with GROUP, as ipsec-esp with a group would */
		struct ipsec_proposals_pfs want = {
			.ike = ike, .esp = esp, .pfs = true, .group = pfs
		};

		ipsec_proposals_esp_offers(&want, &esp_pfs, &esp_nopfs);
		p.esp_proposals = esp_pfs;
	}
	p.initiate_timeout_s = (unsigned int)timeout;
	p.charon = &copts;
	conn = ipsec_conn_new(&p, &f);
	if (!conn) {
		printf("FAIL %s: %s\n", l2tpc_failure_class_name(f.klass), f.sentence);
		return (int)f.klass;
	}
	loop = g_main_loop_new(NULL, FALSE);
	g_unix_signal_add(SIGTERM, on_signal, NULL);
	g_unix_signal_add(SIGINT, on_signal, NULL);
	ipsec_conn_set_lost_handler(conn, on_lost, NULL);
	ipsec_conn_up(conn, on_up, NULL);
	g_main_loop_run(loop);
	ipsec_conn_free(conn);
	/* let a private charon's SIGTERM → exit be reaped before we go */
	for (int i = 0; i < 50 && g_main_context_pending(NULL); i++)
		g_main_context_iteration(NULL, FALSE);
	g_main_loop_unref(loop);
	return exit_code;
}
