// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ppp-guest-test: drives the real pppd through client/ppp/ inside a guest kernel.
 *
 *   [ppp-supervisor] -> pppd + l2tpc-pppd-plugin.so (client, pty A)
 *                         | async HDLC
 *                   l2tp_relay A  <- PPP frames ->  l2tp_relay B
 *                                                      | async HDLC
 *                                     server pppd (SERVER-CMD, pty B, MS-CHAPv2)
 *
 * The two userspace relays are the data path l2tpc uses without l2tp_ppp, wired back to back,
 * so this also runs the HDLC codec against pppd's own framing. The password is read from stdin.
 *
 * With --dataplane legacy|netlink the frames take the kernel instead: two UDP sockets on
 * 127.0.0.1 connected to each other, each with a kernel L2TP tunnel + session opened by
 * l2tp-dataplane (IDs mirrored), the client's PPPoL2TP socket goes to pppd through the
 * supervisor, the server's to SERVER-CMD as fd 3 ("pppol2tp 3"). /proc/net/pppol2tp must show
 * both while up and be empty after teardown.
 *
 * Usage: ppp-guest-test --plugin PATH --user NAME [--expect-auth-failure]
 *        [--dataplane legacy|netlink] -- SERVER-CMD...   ("{PTY}" becomes pty B) Prints "CHECK
 * <name> ok|FAIL <detail>" lines and exits 0 only if every check passed.
 */
#include <errno.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <arpa/inet.h>

#include <glib.h>

#include "l2tp-dataplane.h"
#include "l2tpc-log.h"
#include "ppp-options.h"
#include "ppp-supervisor.h"

struct test {
	GMainLoop *loop;
	struct l2tp_relay *a, *b;
	const char *dataplane; /* NULL: the two relays */
	struct l2tp_dataplane *dp_a, *dp_b;
	int udp_a, udp_b;
	struct ppp_supervisor *sup;
	char *password;
	bool expect_auth_failure;
	bool saw_up, saw_down, saw_auth_ok;
	GPid pppd_pid;
	GPid server_pid;
	int failures;
};

static void test_check(struct test *t, const char *name, bool ok, const char *detail)
{
	printf("CHECK %s %s%s%s\n", name, ok ? "ok" : "FAIL", detail ? " " : "",
	       detail ? detail : "");
	fflush(stdout);
	if (!ok)
		t->failures++;
}

static int send_a_to_b(const uint8_t *frame, size_t len, void *user_data)
{
	struct test *t = user_data;

	return l2tp_relay_deliver(t->b, frame, len);
}

static int send_b_to_a(const uint8_t *frame, size_t len, void *user_data)
{
	struct test *t = user_data;

	return l2tp_relay_deliver(t->a, frame, len);
}

/* true if @needle occurs in the file (NUL-separated /proc files included) */
static bool file_contains(const char *path, const char *needle, bool *readable)
{
	g_autofree char *buf = NULL;
	gsize len = 0;
	bool found;

	*readable = g_file_get_contents(path, &buf, &len, NULL);
	if (!*readable)
		return false;
	found = memmem(buf, len, needle, strlen(needle)) != NULL;
	explicit_bzero(buf, len);
	return found;
}

static bool if_has_addr(const char *ifname, struct in_addr want)
{
	struct ifreq ifr = { 0 };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	bool ok;

	g_strlcpy(ifr.ifr_name, ifname, sizeof(ifr.ifr_name));
	ok = fd >= 0 && ioctl(fd, SIOCGIFADDR, &ifr) == 0 &&
	     ((struct sockaddr_in *)&ifr.ifr_addr)->sin_addr.s_addr == want.s_addr;
	if (fd >= 0)
		close(fd);
	return ok;
}

/* number of tunnel and session entries in /proc/net/pppol2tp (the header lines excluded) */
static int pppol2tp_entries(void)
{
	g_autofree char *buf = NULL;
	g_auto(GStrv) lines = NULL;
	int n = 0;

	if (!g_file_get_contents("/proc/net/pppol2tp", &buf, NULL, NULL))
		return -1;
	lines = g_strsplit(buf, "\n", -1);
	for (char **l = lines; *l; l++) {
		const char *x = *l + strspn(*l, " ");

		if (g_str_has_prefix(x, "TUNNEL '") || g_str_has_prefix(x, "SESSION '"))
			n++;
	}
	return n;
}

static void on_phase(struct ppp_supervisor *sup, unsigned phase, void *user_data)
{
	printf("PHASE %u\n", phase);
}

static void on_auth_ok(struct ppp_supervisor *sup, void *user_data)
{
	struct test *t = user_data;

	t->saw_auth_ok = true;
}

static void on_up(struct ppp_supervisor *sup, const struct ppp_supervisor_ip4 *ip, void *user_data)
{
	struct test *t = user_data;
	char local[INET_ADDRSTRLEN], peer[INET_ADDRSTRLEN], dns[2][INET_ADDRSTRLEN] = { "", "" };
	g_autofree char *cmdline = g_strdup_printf("/proc/%d/cmdline", t->pppd_pid);
	g_autofree char *environ_path = g_strdup_printf("/proc/%d/environ", t->pppd_pid);
	bool readable1, readable2, in_cmdline, in_environ;

	t->saw_up = true;
	inet_ntop(AF_INET, &ip->local, local, sizeof(local));
	inet_ntop(AF_INET, &ip->peer, peer, sizeof(peer));
	for (unsigned i = 0; i < ip->n_dns && i < 2; i++)
		inet_ntop(AF_INET, &ip->dns[i], dns[i], sizeof(dns[i]));
	printf("UP ifname=%s local=%s peer=%s dns1=%s dns2=%s\n", ip->ifname, local, peer, dns[0],
	       dns[1]);

	in_cmdline = file_contains(cmdline, t->password, &readable1);
	in_environ = file_contains(environ_path, t->password, &readable2);
	test_check(t, "pppd-cmdline-readable", readable1, cmdline);
	test_check(t, "password-not-in-cmdline", readable1 && !in_cmdline, NULL);
	test_check(t, "password-not-in-environ", readable2 && !in_environ, NULL);
	test_check(t, "auth-ok-reported", t->saw_auth_ok, NULL);
	test_check(t, "address-on-interface", if_has_addr(ip->ifname, ip->local), ip->ifname);
	test_check(t, "not-expected-to-come-up", !t->expect_auth_failure, NULL);
	if (t->dataplane) {
		int n = pppol2tp_entries();
		g_autofree char *d = g_strdup_printf("%d entries", n);

		/* two tunnels and two sessions (client and server); the legacy tunnel sockets
		 * add a management session 0 per tunnel */
		int want = !strcmp(t->dataplane, "legacy") ? 6 : 4;

		test_check(t, "kernel-pppol2tp-while-up", n == want, d);
	}
	/* now the teardown: SIGTERM, down callback follows */
	ppp_supervisor_stop(sup);
}

static void on_down(struct ppp_supervisor *sup, const struct l2tpc_failure *f, void *user_data)
{
	struct test *t = user_data;

	t->saw_down = true;
	printf("DOWN class=%s sentence=%s\n", l2tpc_failure_class_name(f->klass),
	       f->sentence ? f->sentence : "");
	if (t->expect_auth_failure) {
		test_check(t, "auth-failure-class", f->klass == L2TPC_FAILURE_PPP_AUTH,
			   l2tpc_failure_class_name(f->klass));
		test_check(t, "auth-failure-sentence",
			   f->sentence && strstr(f->sentence, "PPP authentication failed"), NULL);
	} else {
		test_check(t, "stopped-without-failure", f->klass == L2TPC_FAILURE_NONE,
			   l2tpc_failure_class_name(f->klass));
	}
	g_main_loop_quit(t->loop);
}

static gboolean on_timeout(gpointer data)
{
	struct test *t = data;

	test_check(t, "finished-in-time", false, "no down event within 60 s");
	g_main_loop_quit(t->loop);
	return G_SOURCE_REMOVE;
}

static void on_server_exit(GPid pid, gint status, gpointer data)
{
	struct test *t = data;

	printf("SERVER exited with wait status %d\n", status);
	g_spawn_close_pid(pid);
	t->server_pid = 0;
}

static int udp_socket_on_loopback(struct sockaddr_in *addr)
{
	socklen_t len = sizeof(*addr);
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	memset(addr, 0, sizeof(*addr));
	addr->sin_family = AF_INET;
	addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)addr, sizeof(*addr)) < 0 ||
	    getsockname(fd, (struct sockaddr *)addr, &len) < 0)
		return -1;
	return fd;
}

/* Two LAC-style kernel endpoints talking to each other over loopback. */
static int open_kernel_dataplanes(struct test *t)
{
	struct l2tp_dataplane_params pa = { 0 }, pb = { 0 };
	struct sockaddr_in aa, ab;
	struct l2tpc_failure f = { 0 };
	enum l2tp_dataplane_mode mode;
	enum l2tp_dataplane_kind want;

	if (!strcmp(t->dataplane, "legacy")) {
		mode = L2TP_DATAPLANE_ONLY_LEGACY;
		want = L2TP_DATAPLANE_LEGACY;
	} else if (!strcmp(t->dataplane, "netlink")) {
		mode = L2TP_DATAPLANE_ONLY_NETLINK;
		want = L2TP_DATAPLANE_NETLINK;
	} else {
		fprintf(stderr, "ppp-guest-test: unknown data plane %s\n", t->dataplane);
		return -1;
	}
	t->udp_a = udp_socket_on_loopback(&aa);
	t->udp_b = udp_socket_on_loopback(&ab);
	if (t->udp_a < 0 || t->udp_b < 0 ||
	    connect(t->udp_a, (struct sockaddr *)&ab, sizeof(ab)) < 0 ||
	    connect(t->udp_b, (struct sockaddr *)&aa, sizeof(aa)) < 0) {
		perror("ppp-guest-test: udp sockets");
		return -1;
	}
	pa.udp_fd = t->udp_a;
	pa.tunnel_id = 100;
	pa.peer_tunnel_id = 200;
	pa.session_id = 10;
	pa.peer_session_id = 20;
	memcpy(&pa.peer, &ab, sizeof(ab));
	pa.peer_len = sizeof(ab);
	pa.mode = mode;
	pb = pa;
	pb.udp_fd = t->udp_b;
	pb.tunnel_id = 200;
	pb.peer_tunnel_id = 100;
	pb.session_id = 20;
	pb.peer_session_id = 10;
	memcpy(&pb.peer, &aa, sizeof(aa));
	if (l2tp_dataplane_open(&pa, &t->dp_a, &f) < 0 ||
	    l2tp_dataplane_open(&pb, &t->dp_b, &f) < 0) {
		printf("DATAPLANE-FAILED %s\n", f.sentence);
		test_check(t, "dataplane-open", false, f.sentence);
		return -1;
	}
	printf("DATAPLANE %s\n", l2tp_dataplane_kind_name(l2tp_dataplane_get_kind(t->dp_a)));
	test_check(t, "dataplane-kind", l2tp_dataplane_get_kind(t->dp_a) == want,
		   l2tp_dataplane_kind_name(l2tp_dataplane_get_kind(t->dp_a)));
	return 0;
}

int main(int argc, char **argv)
{
	struct test t = { 0 };
	const char *plugin = NULL, *user = NULL;
	g_autoptr(GPtrArray) server_argv = g_ptr_array_new_with_free_func(g_free);
	static const struct ppp_supervisor_callbacks cb = {
		.phase = on_phase,
		.auth_ok = on_auth_ok,
		.up = on_up,
		.down = on_down,
	};
	struct ppp_options_settings s;
	struct ppp_supervisor_config cfg = { 0 };
	struct l2tpc_failure f = { 0 };
	g_autofree char *options = NULL, *err_sentence = NULL;
	g_autoptr(GError) err = NULL;
	char pwbuf[256];
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--plugin") && i + 1 < argc)
			plugin = argv[++i];
		else if (!strcmp(argv[i], "--user") && i + 1 < argc)
			user = argv[++i];
		else if (!strcmp(argv[i], "--dataplane") && i + 1 < argc)
			t.dataplane = argv[++i];
		else if (!strcmp(argv[i], "--expect-auth-failure"))
			t.expect_auth_failure = true;
		else if (!strcmp(argv[i], "--"))
			break;
		else
			break;
	}
	if (!plugin || !user || i >= argc || strcmp(argv[i], "--") || i + 1 >= argc) {
		fprintf(stderr,
			"usage: %s --plugin PATH --user NAME [--expect-auth-failure] -- "
			"SERVER-CMD... < password\n",
			argv[0]);
		return 2;
	}
	if (!fgets(pwbuf, sizeof(pwbuf), stdin)) {
		fprintf(stderr, "ppp-guest-test: no password on stdin\n");
		return 2;
	}
	pwbuf[strcspn(pwbuf, "\n")] = 0;
	t.password = pwbuf;
	l2tpc_log_set_level(L2TPC_LOG_DEBUG);

	t.loop = g_main_loop_new(NULL, FALSE);
	if (t.dataplane) {
		if (open_kernel_dataplanes(&t) < 0)
			return 1;
	} else if (l2tp_relay_new(send_a_to_b, &t, &t.a, &f) < 0 ||
		   l2tp_relay_new(send_b_to_a, &t, &t.b, &f) < 0) {
		fprintf(stderr, "ppp-guest-test: %s\n", f.sentence);
		return 1;
	}
	for (int k = i + 1; k < argc; k++) {
		if (!strcmp(argv[k], "{PTY}") && t.b)
			g_ptr_array_add(server_argv, g_strdup(l2tp_relay_pty_path(t.b)));
		else
			g_ptr_array_add(server_argv, g_strdup(argv[k]));
	}
	g_ptr_array_add(server_argv, NULL);
	{
		int src = t.dataplane ? l2tp_dataplane_pppox_fd(t.dp_b) : -1, dst = 3;

		if (!g_spawn_async_with_pipes_and_fds(
			    NULL, (const char *const *)server_argv->pdata, NULL,
			    G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_SEARCH_PATH, NULL, NULL, -1, -1, -1,
			    t.dataplane ? &src : NULL, t.dataplane ? &dst : NULL,
			    t.dataplane ? 1 : 0, &t.server_pid, NULL, NULL, NULL, &err))
			t.server_pid = 0;
	}
	if (!t.server_pid) {
		fprintf(stderr, "ppp-guest-test: cannot start the server: %s\n", err->message);
		return 1;
	}
	g_child_watch_add(t.server_pid, on_server_exit, &t);

	ppp_options_settings_init(&s);
	if (!t.dataplane) {
		s.transport = PPP_OPTIONS_PTY;
		s.pty_path = l2tp_relay_pty_path(t.a);
	}
	s.our_plugin = plugin;
	s.user = user;
	s.refuse_pap = s.refuse_chap = s.refuse_mschap = s.refuse_eap = true;
	options = ppp_options_build(&s, &err_sentence);
	if (!options) {
		fprintf(stderr, "ppp-guest-test: %s\n", err_sentence);
		return 1;
	}
	printf("OPTIONS\n%s", options);

	t.sup = ppp_supervisor_new(&cb, &t);
	cfg.options = options;
	cfg.data_fd = t.dataplane ? l2tp_dataplane_pppox_fd(t.dp_a) : -1;
	cfg.user = user;
	cfg.password = t.password;
	cfg.stop_timeout_ms = 3000;
	if (ppp_supervisor_start(t.sup, &cfg, &f) < 0) {
		fprintf(stderr, "ppp-guest-test: %s\n", f.sentence);
		return 1;
	}
	t.pppd_pid = ppp_supervisor_pid(t.sup);
	printf("PPPD pid=%d\n", t.pppd_pid);
	fflush(stdout);
	g_timeout_add_seconds(60, on_timeout, &t);
	g_main_loop_run(t.loop);

	test_check(&t, "down-reported", t.saw_down, NULL);
	if (t.expect_auth_failure)
		test_check(&t, "never-came-up", !t.saw_up, NULL);
	else
		test_check(&t, "came-up", t.saw_up, NULL);
	test_check(&t, "pppd-gone", kill(t.pppd_pid, 0) < 0 && errno == ESRCH, NULL);
	test_check(&t, "supervisor-idle", !ppp_supervisor_running(t.sup), NULL);
	if (!t.dataplane) {
		struct l2tp_relay_stats st;

		l2tp_relay_get_stats(t.a, &st);
		printf("RELAY A to_net=%" G_GUINT64_FORMAT " to_ppp=%" G_GUINT64_FORMAT
		       " dropped=%" G_GUINT64_FORMAT " bad_fcs=%" G_GUINT64_FORMAT "\n",
		       st.to_net_frames, st.to_ppp_frames, st.to_ppp_dropped, st.bad_fcs);
		test_check(&t, "relay-carried-frames", st.to_net_frames > 0 && st.to_ppp_frames > 0,
			   NULL);
		test_check(&t, "relay-no-bad-fcs", st.bad_fcs == 0, NULL);
	}

	if (t.server_pid > 0) {
		kill(t.server_pid, SIGTERM);
		waitpid(t.server_pid, NULL, 0);
	}
	ppp_supervisor_free(t.sup);
	l2tp_relay_free(t.a);
	l2tp_relay_free(t.b);
	if (t.dataplane) {
		int n = -1;

		l2tp_dataplane_close(t.dp_a);
		l2tp_dataplane_close(t.dp_b);
		/* the control plane's part of the teardown: close the UDP sockets */
		close(t.udp_a);
		close(t.udp_b);
		/* the kernel frees tunnels from a work queue: allow it a moment */
		for (int k = 0; k < 30 && (n = pppol2tp_entries()) != 0; k++)
			g_usleep(100000);
		test_check(&t, "kernel-pppol2tp-empty-after-teardown", n == 0, NULL);
	}
	explicit_bzero(pwbuf, sizeof(pwbuf));
	printf("RESULT %s (%d failed checks)\n", t.failures ? "FAIL" : "PASS", t.failures);
	return t.failures ? 1 : 0;
}
