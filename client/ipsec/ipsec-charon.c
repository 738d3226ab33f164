// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * charon lifecycle (see ipsec-charon.h): probe the system charon, else start and supervise a
 * private one.
 */
#include <errno.h>
#include <sys/file.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "config.h"
#include "ipsec-charon.h"
#include "ipsec-charon-stop.h"
#include "run-dir.h"
#include "ipsec-errors.h"
#include "ipsec-mac.h"
#include "ipsec-paths.h"
#include "l2tpc-log.h"
#include "vici-client.h"
#include "l2tpc-i18n.h"

#define LOG		    "ipsec"
#define CHARON_PROBE_MS	    2000  /* a healthy charon answers `version` at once */
#define CHARON_START_MS	    20000 /* UML: plugin loading takes seconds */
#define CHARON_NO_NAMESPACE 125	  /* exit status of a child that got no mount namespace */

/*
 * The private charon's files as charon sees them. Its /run is our run dir (see
 * ipsec_charon_child_setup), so they are <run dir>/charon.* to us, and names AppArmor's charon
 * profile (Debian, Ubuntu) already allows: /run/charon.* rw (docs/security-modules.md).
 */
#define CHARON_NS_CONF "/run/charon.conf"
#define CHARON_NS_VICI "/run/charon.vici"
#define CHARON_NS_LOG  "/run/charon.log"

/*
 * What a private charon loads: the kernel IPsec and socket backends, vici, X.509 (pem decodes
 * the DER blobs vici's load-cert/load-key hand over, x509 parses certificates, constraints
 * checks their name constraints), and crypto. openssl provides every algorithm we may propose
 * (MODP, ECP and Curve25519 groups, AES, 3DES, SHA-1/2, HMAC) and every key a certificate
 * profile can bring (RSA, ECDSA, Ed25519, PKCS#8); the other built-in crypto plugins would only
 * duplicate it and cost RSS (~0.25 MB). kdf stays: strongSwan 5.9.8's openssl KDF refuses
 * KDF_PRF with OpenSSL 3 ("KDF_PRF with PRF_HMAC_SHA2_256 not supported": IKEv2 fails).
 * Without openssl (libstrongswan-standard-plugins not installed) the built-ins are loaded
 * instead: no ECP groups, no ECDSA. Not loaded: stroke, af-alg (probes dozens of kernel
 * modules), revocation (nothing to fetch CRLs or OCSP with), kernel-libipsec (tunnel mode only),
 * resolve/attr/updown.
 * PKCS#12 files are decoded by l2tpc itself (ipsec-creds-read.c), so no pkcs12 plugin either.
 */
static const char *const charon_plugins[] = {
	"random",      "nonce",		 "@crypto",	   "pem",  "x509",
	"constraints", "kernel-netlink", "socket-default", "vici", NULL
};
static const char *const charon_crypto_openssl[] = { "openssl", "kdf", NULL };
static const char *const charon_crypto_builtin[] = { "aes",   "sha1",  "sha2",	 "md5",
						     "hmac",  "kdf",   "gmp",	 "curve25519",
						     "pkcs1", "pkcs8", "pubkey", NULL };
/* Without these charon cannot do L2TP/IPsec at all. */
static const char *const charon_required[] = { "random", "nonce", "kernel-netlink",
					       "socket-default", NULL };

static const char *const default_system_sockets[] = { "/run/charon.vici", "/var/run/charon.vici",
						      NULL };

struct ipsec_charon_waiter {
	ipsec_charon_ready_fn fn;
	void *data;
};

/* The exit watch outlives the object when it is released while charon still runs. */
struct ipsec_charon_watch {
	struct ipsec_charon *ch;
};

struct ipsec_charon {
	int ref;
	struct ipsec_charon_watch *watch;
	guint flush;
	bool ready;
	bool gone; /* it died while in use (ipsec_charon_forget()) */
	bool is_private;
	bool has_ikev1;
	char *run_dir;
	char *socket;
	char *log_path;
	char *pid_path; /* written by the child before exec */
	GSubprocess *proc;
	int users_fd; /* <run dir>/charon.users, flock LOCK_SH while we use a private charon */
	bool probing_other; /* asking another l2tpc's private charon */
	GSList *waiters;    /* struct ipsec_charon_waiter *, until ready */
	/* startup */
	struct ipsec_charon_options opts;
	const char *const *sys_next;
	struct vici_client *probe;
	gint64 deadline;
	guint retry;
};

static GHashTable *charons; /* run dir -> struct ipsec_charon * (live ones) */

static void ipsec_charon_try_system(struct ipsec_charon *ch);
static void ipsec_charon_start_private(struct ipsec_charon *ch);

/* ---- pure helpers ---- */

bool ipsec_charon_udp_port_bound(const char *text, unsigned int port)
{
	g_auto(GStrv) lines = g_strsplit(text ? text : "", "\n", -1);

	/* "  sl  local_address rem_address   st ..." then "   0: 00000000:01F4 00000000:0000 07" */
	for (guint i = 0; lines[i]; i++) {
		const char *colon = strchr(lines[i], ':');
		const char *p;
		unsigned long local_port;
		char *end;

		if (!colon || i == 0) /* the header line names the columns */
			continue;
		p = strchr(colon + 1, ':'); /* after the local address */
		if (!p)
			continue;
		local_port = strtoul(p + 1, &end, 16);
		if (end != p + 1 && local_port == port)
			return true;
	}
	return false;
}

bool ipsec_charon_lib_has_ikev1(const void *image, size_t len)
{
	static const char sym[] = "task_manager_v1_create";

	return image && memmem(image, len, sym, sizeof(sym) - 1) != NULL;
}

/* ---- accessors ---- */

const char *ipsec_charon_socket(const struct ipsec_charon *ch)
{
	return ch->socket;
}

bool ipsec_charon_is_private(const struct ipsec_charon *ch)
{
	return ch->is_private;
}

bool ipsec_charon_has_ikev1(const struct ipsec_charon *ch)
{
	return ch->has_ikev1;
}

const char *ipsec_charon_log_path(const struct ipsec_charon *ch)
{
	return ch->is_private ? ch->log_path : NULL;
}

/* ---- completion ---- */

static void ipsec_charon_free(struct ipsec_charon *ch)
{
	if (ch->retry)
		g_source_remove(ch->retry);
	if (ch->flush)
		g_source_remove(ch->flush);
	if (ch->watch)
		ch->watch->ch = NULL;
	vici_client_free(ch->probe);
	g_clear_object(&ch->proc);
	if (ch->users_fd >= 0)
		close(ch->users_fd);
	g_free(ch->run_dir);
	g_free(ch->socket);
	g_free(ch->log_path);
	g_free(ch->pid_path);
	g_free((char *)ch->opts.charon_path);
	g_free((char *)ch->opts.plugin_dir);
	g_free((char *)ch->opts.libcharon);
	g_strfreev((char **)ch->opts.system_sockets);
	g_free(ch);
}

/*
 * A private charon serves every l2tpc process of its run dir (so two `l2tpc up` coexist): each
 * holds a shared flock on <run dir>/charon.users while it uses it, and whoever releases it last
 * (an exclusive lock can be had) stops it, by pid from <run dir>/charon.pid.
 */
static char *ipsec_charon_path(const struct ipsec_charon *ch, const char *name)
{
	return g_build_filename(ch->run_dir, name, NULL);
}

static void ipsec_charon_users_join(struct ipsec_charon *ch)
{
	g_autofree char *path = ipsec_charon_path(ch, "charon.users");

	if (ch->users_fd >= 0)
		return; /* joined before we started it */
	ch->users_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, RUN_DIR_FILE_MODE);
	if (ch->users_fd >= 0 && flock(ch->users_fd, LOCK_SH) < 0) {
		close(ch->users_fd);
		ch->users_fd = -1;
	}
}

/* True when no other process uses the private charon (we may stop it). */
static bool ipsec_charon_users_last(struct ipsec_charon *ch)
{
	if (ch->users_fd < 0)
		return ch->proc != NULL;
	return flock(ch->users_fd, LOCK_EX | LOCK_NB) == 0;
}

/* The last user leaves: nothing of the private charon may stay in the run dir. */
static void ipsec_charon_forget_files(struct ipsec_charon *ch)
{
	static const char *const names[] = { "charon.pid", "charon.users", "charon.vici",
					     "charon.conf" };

	for (unsigned i = 0; i < G_N_ELEMENTS(names); i++) {
		g_autofree char *path = ipsec_charon_path(ch, names[i]);

		g_unlink(path);
	}
}

void ipsec_charon_forget(struct ipsec_charon *ch)
{
	if (!ch || ch->gone)
		return;
	ch->gone = true;
	if (charons && g_hash_table_lookup(charons, ch->run_dir) == ch)
		g_hash_table_remove(charons, ch->run_dir);
	/* our share of it: a charon started after it must not count us as its user */
	if (ch->users_fd >= 0)
		close(ch->users_fd);
	ch->users_fd = -1;
}

/* Hands the result to every waiter; on failure the object dies afterwards. */
static void ipsec_charon_complete(struct ipsec_charon *ch, const struct l2tpc_failure *f)
{
	GSList *waiters = g_slist_reverse(ch->waiters);

	ch->waiters = NULL;
	vici_client_free(ch->probe);
	ch->probe = NULL;
	if (f) {
		g_hash_table_remove(charons, ch->run_dir);
		if (ch->proc)
			g_subprocess_force_exit(ch->proc);
	} else if (!ch->ready) {
		ch->ready = true;
		if (ch->is_private)
			ipsec_charon_users_join(ch);
		l2tpc_info(LOG, "using %s charon at %s%s",
			   ch->is_private ? "a private" : "the system", ch->socket,
			   ch->has_ikev1 ? "" : " (built without IKEv1)");
	}
	for (GSList *l = waiters; l; l = l->next) {
		struct ipsec_charon_waiter *w = l->data;

		w->fn(f ? NULL : ch, f, w->data);
	}
	g_slist_free_full(waiters, g_free);
	if (f)
		ipsec_charon_free(ch);
}

static void ipsec_charon_fail(struct ipsec_charon *ch, enum ipsec_daemon_problem p,
			      const char *detail)
{
	struct l2tpc_failure f = { 0 };

	ipsec_errors_daemon(p, detail, &f);
	l2tpc_debug(LOG, "no charon: %s", f.sentence); /* the user of the charon reports it */
	ipsec_charon_complete(ch, &f);
	l2tpc_failure_clear(&f);
}

static bool ipsec_charon_read_ikev1(const char *libcharon)
{
	g_autoptr(GMappedFile) map = g_mapped_file_new(libcharon, FALSE, NULL);

	/* If we cannot tell, assume IKEv1 is there and let charon's own error speak. */
	if (!map)
		return true;
	return ipsec_charon_lib_has_ikev1(g_mapped_file_get_contents(map),
					  g_mapped_file_get_length(map));
}

/* ---- system charon ---- */

static void ipsec_charon_system_version(struct vici_client *c, const struct vici_msg *reply,
					const char *error, void *data)
{
	struct ipsec_charon *ch = data;
	const char *path = ch->probing_other ? vici_client_get_path(c) : *ch->sys_next;

	if (error && vici_client_malformed(c)) {
		ipsec_charon_fail(ch, IPSEC_DAEMON_MALFORMED, error);
		return;
	}
	if (ch->probing_other) {
		if (!error && reply) {
			ch->socket = g_strdup(path);
			ch->is_private = true;
			ch->log_path = ipsec_charon_path(ch, "charon.log");
			ch->has_ikev1 = ipsec_charon_read_ikev1(ch->opts.libcharon);
			ipsec_charon_complete(ch, NULL);
			return;
		}
		l2tpc_debug(LOG, "no private charon answers on %s: %s", path, error);
		vici_client_free(ch->probe);
		ch->probe = NULL;
		ipsec_charon_try_system(ch);
		return;
	}
	ch->sys_next++;
	if (!error && reply) {
		l2tpc_debug(LOG, "system charon %s %s answers on %s",
			    vici_msg_get_str(reply, "daemon"), vici_msg_get_str(reply, "version"),
			    path);
		ch->socket = g_strdup(path);
		ch->is_private = false;
		ch->has_ikev1 = ipsec_charon_read_ikev1(ch->opts.libcharon);
		ipsec_charon_complete(ch, NULL);
		return;
	}
	l2tpc_debug(LOG, "no system charon on %s: %s", path, error);
	vici_client_free(ch->probe);
	ch->probe = NULL;
	ipsec_charon_try_system(ch);
}

static void ipsec_charon_system_connected(struct vici_client *c, const struct vici_msg *reply,
					  const char *error, void *data)
{
	struct ipsec_charon *ch = data;

	if (error) {
		ipsec_charon_system_version(c, NULL, error, ch);
		return;
	}
	vici_client_command(c, "version", CHARON_PROBE_MS, ipsec_charon_system_version, ch);
}

static void ipsec_charon_try_system(struct ipsec_charon *ch)
{
	if (ch->opts.private_only || !*ch->sys_next) {
		g_autofree char *other = ipsec_charon_path(ch, "charon.vici");

		if (ch->probing_other || !g_file_test(other, G_FILE_TEST_EXISTS)) {
			if (ch->opts.never_start)
				ipsec_charon_fail(ch, IPSEC_DAEMON_START_FAILED, "none runs");
			else
				ipsec_charon_start_private(ch);
			return;
		}
		/* another l2tpc's private charon in this run dir */
		ch->probing_other = true;
		ch->probe = vici_client_new(other);
		vici_client_connect(ch->probe, CHARON_PROBE_MS, ipsec_charon_system_connected, ch);
		return;
	}
	ch->probe = vici_client_new(*ch->sys_next);
	vici_client_connect(ch->probe, CHARON_PROBE_MS, ipsec_charon_system_connected, ch);
}

/* ---- private charon ---- */

/* Between fork and exec: our pid (charon's, after exec) into @path, async-signal-safely. */
static void ipsec_charon_write_pid(const char *path)
{
	char buf[24];
	unsigned long pid = (unsigned long)getpid();
	size_t i = sizeof(buf);
	int fd;

	buf[--i] = '\n';
	do {
		buf[--i] = (char)('0' + pid % 10);
		pid /= 10;
	} while (pid && i > 0);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, RUN_DIR_FILE_MODE);
	if (fd < 0)
		return;
	(void)!write(fd, buf + i, sizeof(buf) - i);
	close(fd);
}

/*
 * Runs in the child between fork and exec (only async-signal-safe calls): a session of its own,
 * and a mount namespace whose /run is our run dir. So charon's hard-coded /var/run/charon.pid
 * is <run dir>/charon.pid, never the system daemon's, and every file it touches is a
 * /run/charon.* name that its AppArmor profile allows.
 */
static void ipsec_charon_child_setup(gpointer data)
{
	struct ipsec_charon *ch = data;
	const char *run_dir = ch->run_dir;

	/* The pid is on disk before charon runs: if we die from here on, whoever cleans up
	 * finds it (ipsec_charon_stop_orphans). */
	ipsec_charon_write_pid(ch->pid_path);
	/* its log and anything else it creates in the run dir: root only (run-dir.h) */
	umask(077);
	/* Other l2tpc processes may share this charon: it outlives its starter, in its own
	 * session, and the last user stops it. */
	setsid();
	if (unshare(CLONE_NEWNS) < 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    mount(run_dir, "/run", NULL, MS_BIND, NULL) < 0)
		_exit(CHARON_NO_NAMESPACE); /* its config would not be where it looks */
}

/* charon did not come up (@why: it exited, or never answered): a reason a user can act on. */
static void ipsec_charon_fail_start(struct ipsec_charon *ch, const char *why)
{
	g_autofree char *log = NULL;
	g_autofree char *label = NULL;
	enum ipsec_daemon_problem p;

	g_file_get_contents(ch->log_path, &log, NULL, NULL);
	if (ipsec_errors_log_has_port_conflict(log)) {
		ipsec_charon_fail(ch, IPSEC_DAEMON_PORT_IN_USE, NULL);
		return;
	}
	p = ipsec_mac_start_problem(ch->opts.charon_path, &label);
	ipsec_charon_fail(ch, p, p == IPSEC_DAEMON_START_FAILED ? why : label);
}

static void ipsec_charon_exited(GObject *src, GAsyncResult *res, gpointer data)
{
	struct ipsec_charon_watch *watch = data;
	struct ipsec_charon *ch = watch->ch;
	GSubprocess *proc = G_SUBPROCESS(src);

	g_subprocess_wait_finish(proc, res, NULL);
	g_free(watch);
	if (ch)
		ch->watch = NULL;
	if (ch && ch->proc == proc) {
		l2tpc_info(LOG, "private charon exited (status %d)",
			   g_subprocess_get_if_exited(proc) ? g_subprocess_get_exit_status(proc)
							    : -g_subprocess_get_term_sig(proc));
		bool no_ns = g_subprocess_get_if_exited(proc) &&
			     g_subprocess_get_exit_status(proc) == CHARON_NO_NAMESPACE;

		g_clear_object(&ch->proc);
		if (ch->ready)
			ipsec_charon_forget(ch);
		else if (no_ns)
			ipsec_charon_fail(ch, IPSEC_DAEMON_NO_NAMESPACE,
					  "unshare or the bind mount of the run dir failed");
		else
			ipsec_charon_fail_start(ch, "it exited at once");
	}
	g_object_unref(proc);
}

static gboolean ipsec_charon_poll(gpointer data);

static void ipsec_charon_private_version(struct vici_client *c, const struct vici_msg *reply,
					 const char *error, void *data)
{
	struct ipsec_charon *ch = data;

	if (!error && reply && ch->proc && !g_file_test(ch->log_path, G_FILE_TEST_EXISTS)) {
		/* Our configuration creates the log at once: this charon runs on its defaults,
		 * because it was not allowed to read ours (a stricter security profile). */
		ipsec_charon_fail_start(ch, "it could not read its configuration");
		return;
	}
	if (!error && reply) {
		if (ch->proc)
			ipsec_mac_log_label(g_subprocess_get_identifier(ch->proc));
		ipsec_charon_complete(ch, NULL);
		return;
	}
	if (error && vici_client_malformed(c)) {
		ipsec_charon_fail(ch, IPSEC_DAEMON_MALFORMED, error);
		return;
	}
	vici_client_free(ch->probe);
	ch->probe = NULL;
	if (g_get_monotonic_time() > ch->deadline) {
		ipsec_charon_fail_start(ch, "no VICI socket appeared in time");
		return;
	}
	ch->retry = g_timeout_add(100, ipsec_charon_poll, ch);
}

static void ipsec_charon_private_connected(struct vici_client *c, const struct vici_msg *reply,
					   const char *error, void *data)
{
	if (error)
		ipsec_charon_private_version(c, NULL, error, data);
	else
		vici_client_command(c, "version", CHARON_PROBE_MS, ipsec_charon_private_version,
				    data);
}

static gboolean ipsec_charon_poll(gpointer data)
{
	struct ipsec_charon *ch = data;

	ch->retry = 0;
	ch->probe = vici_client_new(ch->socket);
	vici_client_connect(ch->probe, CHARON_PROBE_MS, ipsec_charon_private_connected, ch);
	return G_SOURCE_REMOVE;
}

static bool ipsec_charon_plugin_installed(const char *plugin_dir, const char *name)
{
	g_autofree char *so = g_strdup_printf("%s/libstrongswan-%s.so", plugin_dir, name);

	return g_file_test(so, G_FILE_TEST_EXISTS);
}

char *ipsec_charon_plugin_list(const char *plugin_dir, const char **missing)
{
	GString *load = g_string_new(NULL);
	const char *const *crypto = ipsec_charon_plugin_installed(plugin_dir, "openssl")
					    ? charon_crypto_openssl
					    : charon_crypto_builtin;

	*missing = NULL;
	for (int i = 0; charon_plugins[i]; i++) {
		const char *name = charon_plugins[i];

		if (strcmp(name, "@crypto") == 0) {
			for (int j = 0; crypto[j]; j++)
				if (ipsec_charon_plugin_installed(plugin_dir, crypto[j]))
					g_string_append_printf(load, "%s%s", load->len ? " " : "",
							       crypto[j]);
			continue;
		}
		if (!ipsec_charon_plugin_installed(plugin_dir, name)) {
			if (g_strv_contains(charon_required, name) || strcmp(name, "vici") == 0)
				*missing = name;
			continue;
		}
		g_string_append_printf(load, "%s%s", load->len ? " " : "", name);
	}
	return g_string_free(load, FALSE);
}

static void ipsec_charon_start_private(struct ipsec_charon *ch)
{
	g_autoptr(GSubprocessLauncher) launcher = NULL;
	g_autoptr(GError) err = NULL;
	g_autofree char *plugins = NULL;
	g_autofree char *conf_path = NULL;
	g_autofree char *pid_path = NULL;
	g_autofree char *conf = NULL;
	g_autofree char *udp = NULL;
	g_autofree char *vici_so = NULL;
	const char *missing;
	int r;
	const char *argv[] = { ch->opts.charon_path, NULL };

	if (!g_file_test(ch->opts.charon_path, G_FILE_TEST_IS_EXECUTABLE)) {
		ipsec_charon_fail(ch, IPSEC_DAEMON_NO_CHARON, ch->opts.charon_path);
		return;
	}
	plugins = ipsec_charon_plugin_list(ch->opts.plugin_dir, &missing);
	if (missing && strcmp(missing, "vici") == 0) {
		vici_so = g_strdup_printf("%s/libstrongswan-vici.so", ch->opts.plugin_dir);
		ipsec_charon_fail(ch, IPSEC_DAEMON_NO_VICI_PLUGIN, vici_so);
		return;
	}
	if (missing) {
		ipsec_charon_fail(ch, IPSEC_DAEMON_NO_PLUGIN, missing);
		return;
	}
	/* Our own charon whose l2tpc died holds udp/500 too: it is no foreign daemon. */
	ipsec_charon_stop_orphans(ch->run_dir);
	/* Someone else's IKE daemon on UDP 500: charon would start but could not send. */
	if (g_file_get_contents("/proc/net/udp", &udp, NULL, NULL) &&
	    ipsec_charon_udp_port_bound(udp, 500)) {
		ipsec_charon_fail(ch, IPSEC_DAEMON_PORT_IN_USE, NULL);
		return;
	}
	if ((r = run_dir_make(ch->run_dir)) < 0) {
		g_autofree char *why =
			g_strdup_printf(_("cannot create %s: %s"), ch->run_dir, g_strerror(-r));
		ipsec_charon_fail(ch, IPSEC_DAEMON_START_FAILED, why);
		return;
	}
	ch->socket = g_build_filename(ch->run_dir, "charon.vici", NULL);
	ch->log_path = g_build_filename(ch->run_dir, "charon.log", NULL);
	conf_path = g_build_filename(ch->run_dir, "charon.conf", NULL);
	pid_path = g_build_filename(ch->run_dir, "charon.pid", NULL);
	conf = ipsec_charon_conf_text(CHARON_NS_VICI, CHARON_NS_LOG, plugins,
				      ch->opts.log_level ? ch->opts.log_level : 1);
	/* Nobody answered on the socket: what is left is a dead charon's. Its pid file could
	 * name a process that reused the pid, and charon refuses to start over a live one. */
	g_unlink(ch->socket);
	g_unlink(pid_path);
	if (!g_file_set_contents_full(conf_path, conf, -1, G_FILE_SET_CONTENTS_CONSISTENT,
				      RUN_DIR_FILE_MODE, &err)) {
		ipsec_charon_fail(ch, IPSEC_DAEMON_START_FAILED, err->message);
		return;
	}
	ch->is_private = true;
	ch->has_ikev1 = ipsec_charon_read_ikev1(ch->opts.libcharon);
	/* A user before it runs, so that it is never without one (and never taken for an
	 * orphan) while we start it; the pid file is written by the child before exec. */
	ipsec_charon_users_join(ch);
	ch->pid_path = ipsec_charon_path(ch, "charon.pid");
	launcher = g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
					     G_SUBPROCESS_FLAGS_STDERR_SILENCE);
	g_subprocess_launcher_setenv(launcher, "STRONGSWAN_CONF", CHARON_NS_CONF, TRUE);
	/* which run dir it serves: how a cleanup knows it for ours (ipsec_charon_find_ours) */
	g_subprocess_launcher_setenv(launcher, IPSEC_CHARON_RUN_DIR_ENV, ch->run_dir, TRUE);
	g_subprocess_launcher_set_child_setup(launcher, ipsec_charon_child_setup, ch, NULL);
	ch->proc = g_subprocess_launcher_spawnv(launcher, argv, &err);
	if (!ch->proc) {
		ipsec_charon_fail(ch, IPSEC_DAEMON_START_FAILED, err->message);
		return;
	}
	/* charon writes <run dir>/charon.pid itself (its /var/run/charon.pid) before it answers */
	l2tpc_info(LOG, "started a private charon (pid %s), log %s",
		   g_subprocess_get_identifier(ch->proc), ch->log_path);
	ch->watch = g_new0(struct ipsec_charon_watch, 1);
	ch->watch->ch = ch;
	g_subprocess_wait_async(ch->proc, NULL, ipsec_charon_exited, ch->watch);
	g_object_ref(ch->proc); /* the wait callback's */
	ch->deadline = g_get_monotonic_time() + CHARON_START_MS * 1000;
	ch->retry = g_timeout_add(50, ipsec_charon_poll, ch);
}

/* ---- public ---- */

static gboolean ipsec_charon_begin(gpointer data)
{
	struct ipsec_charon *ch = data;

	ch->retry = 0;
	ipsec_charon_try_system(ch);
	return G_SOURCE_REMOVE;
}

static gboolean ipsec_charon_flush(gpointer data)
{
	struct ipsec_charon *ch = data;

	ch->flush = 0;
	ipsec_charon_complete(ch, NULL);
	return G_SOURCE_REMOVE;
}

void ipsec_charon_acquire(const struct ipsec_charon_options *opts, ipsec_charon_ready_fn ready,
			  void *user_data)
{
	static const struct ipsec_charon_options dflt;
	struct ipsec_paths paths;
	const char *run_dir;
	struct ipsec_charon *ch;
	struct ipsec_charon_waiter *w = g_new0(struct ipsec_charon_waiter, 1);

	if (!opts)
		opts = &dflt;
	run_dir = opts->run_dir ? opts->run_dir : L2TPC_RUNDIR;
	if (!charons)
		charons = g_hash_table_new(g_str_hash, g_str_equal);
	w->fn = ready;
	w->data = user_data;
	ch = g_hash_table_lookup(charons, run_dir);
	if (ch) {
		ch->ref++;
		ch->waiters = g_slist_prepend(ch->waiters, w);
		/* like every other completion: from the main loop, never re-entrantly */
		if (ch->ready && !ch->flush)
			ch->flush = g_idle_add(ipsec_charon_flush, ch);
		return;
	}
	ch = g_new0(struct ipsec_charon, 1);
	ch->ref = 1;
	ch->users_fd = -1;
	ch->run_dir = g_strdup(run_dir);
	ipsec_paths_find(L2TPC_CHARON_PATH, &paths);
	ch->opts.charon_path = g_strdup(opts->charon_path ? opts->charon_path : paths.charon);
	ch->opts.plugin_dir = g_strdup(opts->plugin_dir ? opts->plugin_dir : paths.plugin_dir);
	ch->opts.libcharon = g_strdup(opts->libcharon ? opts->libcharon : paths.libcharon);
	ipsec_paths_clear(&paths);
	ch->opts.system_sockets = (const char *const *)g_strdupv(
		(char **)(opts->system_sockets ? opts->system_sockets : default_system_sockets));
	ch->opts.private_only = opts->private_only;
	ch->opts.never_start = opts->never_start;
	ch->opts.log_level = opts->log_level;
	ch->sys_next = ch->opts.system_sockets;
	ch->waiters = g_slist_prepend(NULL, w);
	g_hash_table_insert(charons, ch->run_dir, ch);
	/* start from the main loop, so even an immediate failure is reported asynchronously */
	ch->retry = g_idle_add(ipsec_charon_begin, ch);
}

static void ipsec_charon_stopped(GObject *src, GAsyncResult *res, gpointer data)
{
	g_subprocess_wait_finish(G_SUBPROCESS(src), res, NULL);
}

static gboolean ipsec_charon_kill(gpointer data)
{
	GSubprocess *proc = data;

	if (!g_subprocess_get_identifier(proc))
		return G_SOURCE_REMOVE; /* already gone */
	l2tpc_warn(LOG, "private charon ignored SIGTERM for %d s; killing it",
		   IPSEC_CHARON_STOP_GRACE_S);
	g_subprocess_force_exit(proc);
	return G_SOURCE_REMOVE;
}

void ipsec_charon_release(struct ipsec_charon *ch)
{
	if (!ch || --ch->ref > 0)
		return;
	if (ch->gone && g_hash_table_contains(charons, ch->run_dir)) {
		/* a charon started since owns the run dir's files now */
		ipsec_charon_free(ch);
		return;
	}
	g_hash_table_remove(charons, ch->run_dir);
	if (ch->is_private && !ch->gone && !ipsec_charon_users_last(ch)) {
		l2tpc_info(LOG, "leaving the private charon to the other l2tpc connections");
	} else if (!ch->proc && ch->is_private) {
		ipsec_charon_stop_pid_file(ch->run_dir);
		ipsec_charon_forget_files(ch);
	} else if (ch->proc) {
		ipsec_charon_forget_files(ch);
		GSubprocess *proc = g_steal_pointer(&ch->proc);

		l2tpc_info(LOG, "stopping the private charon (last connection gone)");
		/* kill() at once: GSubprocess sends signals later from GLib's worker thread, and
		 * l2tpc may exit before that runs, leaving charon behind. */
		if (g_subprocess_get_identifier(proc)) {
			pid_t pid = (pid_t)atoi(g_subprocess_get_identifier(proc));

			if (kill(pid, SIGTERM) == 0)
				ipsec_charon_stop_watch(pid);
		}
		g_timeout_add_seconds_full(G_PRIORITY_DEFAULT, IPSEC_CHARON_STOP_GRACE_S,
					   ipsec_charon_kill, g_object_ref(proc), g_object_unref);
		g_subprocess_wait_async(proc, NULL, ipsec_charon_stopped, NULL);
		g_object_unref(proc);
	}
	ipsec_charon_free(ch);
}
