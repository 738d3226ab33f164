// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * charon lifecycle: the generated strongswan.conf, the UDP 500 probe, the IKEv1 check, and the
 * failures found before anything is started (no charon binary, no vici plugin, port taken).
 */
#include <sys/un.h>
#include <sys/socket.h>
#include <unistd.h>
#include <stdint.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "ipsec-charon.h"

static void test_conf_text(void)
{
	g_autofree char *conf = ipsec_charon_conf_text(
		"/run/l2tpc/charon.vici", "/run/l2tpc/charon.log", "random nonce vici", 2);

	g_assert_nonnull(strstr(conf, "\tload = random nonce vici\n"));
	g_assert_nonnull(strstr(conf, "socket = unix:///run/l2tpc/charon.vici\n"));
	g_assert_nonnull(strstr(conf, "install_routes = no\n"));
	g_assert_nonnull(strstr(conf, "install_virtual_ip = no\n"));
	g_assert_nonnull(strstr(conf, "routing_table = 0\n"));
	g_assert_nonnull(strstr(conf, "path = /run/l2tpc/charon.log\n"));
	g_assert_nonnull(strstr(conf, "default = 2\n"));
	/* milliseconds in the log: teardown and connect steps are tens of ms apart */
	g_assert_nonnull(strstr(conf, "time_add_ms = yes\n"));
	g_assert_nonnull(strstr(conf, "load_legacy = no\n"));
}

static void plugin_files(const char *dir, const char *names, bool create)
{
	g_auto(GStrv) v = g_strsplit(names, " ", -1);

	for (int i = 0; v[i]; i++) {
		g_autofree char *p = g_strdup_printf("%s/libstrongswan-%s.so", dir, v[i]);

		if (create)
			g_assert_true(g_file_set_contents(p, "", 0, NULL));
		else
			g_unlink(p);
	}
}

/* openssl alone does the crypto when installed; libstrongswan's built-ins only without it. */
static void test_plugin_list(void)
{
	static const char all[] =
		"random nonce aes des sha1 sha2 md5 hmac kdf gmp curve25519 openssl pem pkcs1 "
		"pkcs8 pkcs12 pubkey x509 revocation constraints kernel-netlink socket-default "
		"stroke af-alg vici";
	g_autofree char *dir = g_dir_make_tmp("charon-test-XXXXXX", NULL);
	g_autofree char *with = NULL, *without = NULL, *no_vici = NULL;
	const char *missing = "unset";

	plugin_files(dir, all, true);
	with = ipsec_charon_plugin_list(dir, &missing);
	g_assert_cmpstr(
		with, ==,
		"random nonce openssl kdf pem x509 constraints kernel-netlink socket-default "
		"vici");
	g_assert_null(missing);

	plugin_files(dir, "openssl", false);
	without = ipsec_charon_plugin_list(dir, &missing);
	g_assert_cmpstr(without, ==,
			"random nonce aes sha1 sha2 md5 hmac kdf gmp curve25519 pkcs1 pkcs8 pubkey "
			"pem x509 constraints kernel-netlink socket-default vici");
	g_assert_null(missing);

	plugin_files(dir, "vici", false);
	no_vici = ipsec_charon_plugin_list(dir, &missing);
	g_assert_cmpstr(missing, ==, "vici");

	plugin_files(dir, all, false);
	g_rmdir(dir);
}

static void test_udp_port(void)
{
	static const char udp[] =
		"   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   "
		"uid\n"
		"  417: 0100007F:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000   0\n"
		"  882: 00000000:01F4 00000000:0000 07 00000000:00000000 00:00000000 00000000   "
		"0\n";
	static const char udp_free[] = "   sl  local_address rem_address   st tx_queue rx_queue tr "
				       "tm->when retrnsmt   uid\n"
				       "  417: 0100007F:0035 00000000:01F4 07 00000000:00000000 "
				       "00:00000000 00000000   0\n";

	g_assert_true(ipsec_charon_udp_port_bound(udp, 500));
	g_assert_true(ipsec_charon_udp_port_bound(udp, 53));
	g_assert_false(ipsec_charon_udp_port_bound(udp, 4500));
	/* a remote port of 500 is not a local binding */
	g_assert_false(ipsec_charon_udp_port_bound(udp_free, 500));
	g_assert_false(ipsec_charon_udp_port_bound("", 500));
}

static void test_ikev1_check(void)
{
	static const char with[] = "\0\0task_manager_v1_create\0main_mode_create";
	static const char without[] = "\0\0task_manager_v2_create\0";
	g_autoptr(GMappedFile) lib =
		g_mapped_file_new("/usr/lib/ipsec/libcharon.so.0", FALSE, NULL);

	g_assert_true(ipsec_charon_lib_has_ikev1(with, sizeof(with)));
	g_assert_false(ipsec_charon_lib_has_ikev1(without, sizeof(without)));
	/* Debian's libcharon is built with IKEv1 (the test machine has strongswan-charon). */
	g_assert_nonnull(lib);
	g_assert_true(ipsec_charon_lib_has_ikev1(g_mapped_file_get_contents(lib),
						 g_mapped_file_get_length(lib)));
}

struct outcome {
	GMainLoop *loop;
	struct ipsec_charon *ch;
	struct l2tpc_failure f;
};

static void on_ready(struct ipsec_charon *ch, const struct l2tpc_failure *f, void *data)
{
	struct outcome *o = data;

	o->ch = ch;
	if (f)
		l2tpc_failure_set(&o->f, f->klass, "%s", f->sentence);
	g_main_loop_quit(o->loop);
}

static void acquire(const struct ipsec_charon_options *opts, struct outcome *o)
{
	o->loop = g_main_loop_new(NULL, FALSE);
	ipsec_charon_acquire(opts, on_ready, o);
	g_main_loop_run(o->loop);
	g_main_loop_unref(o->loop);
}

static void test_missing_charon(void)
{
	g_autofree char *dir = g_dir_make_tmp("charon-test-XXXXXX", NULL);
	struct ipsec_charon_options opts = {
		.run_dir = dir,
		.charon_path = "/nonexistent/charon",
		.private_only = true,
	};
	struct outcome o = { 0 };

	acquire(&opts, &o);
	g_assert_null(o.ch);
	g_assert_cmpint(o.f.klass, ==, L2TPC_FAILURE_IPSEC_DAEMON);
	g_assert_cmpstr(o.f.sentence, ==,
			"strongSwan's IKE daemon is not installed (/nonexistent/charon is "
			"missing): install the Debian package strongswan-charon.");
	l2tpc_failure_clear(&o.f);
	g_rmdir(dir);
}

static void test_missing_vici_plugin(void)
{
	g_autofree char *dir = g_dir_make_tmp("charon-test-XXXXXX", NULL);
	const char *required[] = { "random", "nonce", "kernel-netlink", "socket-default", NULL };
	struct ipsec_charon_options opts = {
		.run_dir = dir,
		.charon_path = "/bin/true",
		.plugin_dir = dir,
		.private_only = true,
	};
	struct outcome o = { 0 };
	g_autofree char *want = g_strdup_printf(
		"strongSwan's vici plugin is not installed (%s/libstrongswan-vici.so is missing): "
		"install the Debian package strongswan-swanctl (libcharon-extra-plugins on older "
		"releases).",
		dir);

	for (int i = 0; required[i]; i++) {
		g_autofree char *p = g_strdup_printf("%s/libstrongswan-%s.so", dir, required[i]);

		g_assert_true(g_file_set_contents(p, "", 0, NULL));
	}
	acquire(&opts, &o);
	g_assert_null(o.ch);
	g_assert_cmpstr(o.f.sentence, ==, want);
	l2tpc_failure_clear(&o.f);
	for (int i = 0; required[i]; i++) {
		g_autofree char *p = g_strdup_printf("%s/libstrongswan-%s.so", dir, required[i]);

		g_unlink(p);
	}
	g_rmdir(dir);
}

/* A "charon" that answers the version request with bytes that are not VICI. */
static gpointer garbage_charon(gpointer data)
{
	int lfd = GPOINTER_TO_INT(data), fd = accept(lfd, NULL, NULL);
	uint8_t len[4], body[512];
	static const uint8_t garbage[] = { 0, 0, 0, 4, 1, 4, 1, 'l' }; /* a list never closed */

	if (fd < 0)
		return NULL;
	if (read(fd, len, 4) == 4) {
		size_t n = (size_t)len[0] << 24 | len[1] << 16 | len[2] << 8 | len[3];

		if (n <= sizeof(body) && read(fd, body, n) == (ssize_t)n)
			(void)!write(fd, garbage, sizeof(garbage));
	}
	(void)!read(fd, body, sizeof(body)); /* until the client hangs up */
	close(fd);
	return NULL;
}

static void test_malformed_reply(void)
{
	g_autofree char *dir = g_dir_make_tmp("charon-test-XXXXXX", NULL);
	g_autofree char *sock = g_build_filename(dir, "charon.vici", NULL);
	const char *sockets[] = { sock, NULL };
	struct ipsec_charon_options opts = {
		.run_dir = dir,
		.system_sockets = sockets,
		.never_start = true,
	};
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct outcome o = { 0 };
	GThread *th;

	g_strlcpy(sa.sun_path, sock, sizeof(sa.sun_path));
	g_assert_cmpint(bind(lfd, (struct sockaddr *)&sa, sizeof(sa)), ==, 0);
	g_assert_cmpint(listen(lfd, 1), ==, 0);
	th = g_thread_new("garbage-charon", garbage_charon, GINT_TO_POINTER(lfd));
	acquire(&opts, &o);
	g_thread_join(th);
	g_assert_null(o.ch);
	g_assert_cmpint(o.f.klass, ==, L2TPC_FAILURE_IPSEC_DAEMON);
	/* it answered: the sentence says malformed, never that charon did not answer */
	g_assert_nonnull(strstr(o.f.sentence, "malformed VICI message"));
	g_assert_null(strstr(o.f.sentence, "not answer"));
	g_assert_null(strstr(o.f.sentence, "no charon"));
	l2tpc_failure_clear(&o.f);
	close(lfd);
	g_unlink(sock);
	g_rmdir(dir);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/ipsec-charon/conf-text", test_conf_text);
	g_test_add_func("/ipsec-charon/plugin-list", test_plugin_list);
	g_test_add_func("/ipsec-charon/udp-port", test_udp_port);
	g_test_add_func("/ipsec-charon/ikev1", test_ikev1_check);
	g_test_add_func("/ipsec-charon/missing-charon", test_missing_charon);
	g_test_add_func("/ipsec-charon/missing-vici-plugin", test_missing_vici_plugin);
	g_test_add_func("/ipsec-charon/malformed-reply", test_malformed_reply);
	return g_test_run();
}
