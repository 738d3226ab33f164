// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * l2tpc doctor: checks what a connection needs on this machine and prints one line per item,
 * "ok", "warn" (works, but not as well, or not from NetworkManager) or "FAIL" (a connection
 * cannot work), with what to do
 * on this distribution. Exit status 0 without FAIL lines, 1 with. Read-only: it loads no
 * module, starts no daemon, writes no file.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <glib.h>

#include "cli-cmds.h"
#include "cli-doctor.h"
#include "ipsec-charon.h"
#include "ipsec-mac.h"
#include "ipsec-paths.h"
#include "l2tpc-i18n.h"
#include "vici-client.h"
#include "vici-msg.h"

#define DOCTOR_PROBE_MS 2000

/* Where distributions put charon's plugins (ipsec-paths.h). */
static const char *const plugin_dirs[] = {
	"/usr/lib/ipsec/plugins",   "/usr/lib64/strongswan/plugins", "/usr/lib/strongswan/plugins",
	"/usr/lib64/ipsec/plugins", "/usr/libexec/ipsec/plugins",    NULL,
};
static const char *const pppd_lib_dirs[] = { "/usr/lib/pppd", "/usr/lib64/pppd",
					     "/usr/lib/x86_64-linux-gnu/pppd", NULL };
static const char *const modprobe_dirs[] = { "/etc/modprobe.d", "/run/modprobe.d",
					     "/usr/lib/modprobe.d", "/lib/modprobe.d", NULL };

struct doctor {
	enum cli_doctor_distro distro;
	const char *charon;  /* found charon, or NULL */
	char *system_charon; /* "strongSwan X on PATH" when a system charon answers */
	int fails;
	GMainLoop *loop;
};

/* ---- pure readers ---- */

enum cli_doctor_distro cli_doctor_distro(const char *os_release)
{
	static const struct {
		const char *id;
		enum cli_doctor_distro d;
	} ids[] = {
		{ "ubuntu", CLI_DOCTOR_UBUNTU }, { "debian", CLI_DOCTOR_DEBIAN },
		{ "fedora", CLI_DOCTOR_FEDORA }, { "rhel", CLI_DOCTOR_FEDORA },
		{ "centos", CLI_DOCTOR_FEDORA }, { "arch", CLI_DOCTOR_ARCH },
		{ "suse", CLI_DOCTOR_SUSE },	 { "sles", CLI_DOCTOR_SUSE },
	};
	g_auto(GStrv) lines = g_strsplit(os_release ? os_release : "", "\n", -1);

	/* ID first (Ubuntu says ID_LIKE=debian), then each word of ID_LIKE */
	for (int pass = 0; pass < 2; pass++) {
		const char *key = pass == 0 ? "ID=" : "ID_LIKE=";

		for (guint i = 0; lines[i]; i++) {
			g_auto(GStrv) words = NULL;

			if (!g_str_has_prefix(lines[i], key))
				continue;
			words = g_strsplit_set(lines[i] + strlen(key), "\"' ", -1);
			for (guint w = 0; words[w]; w++) {
				if (g_str_has_prefix(words[w], "opensuse"))
					return CLI_DOCTOR_SUSE;
				for (size_t k = 0; k < G_N_ELEMENTS(ids); k++)
					if (strcmp(words[w], ids[k].id) == 0)
						return ids[k].d;
			}
		}
	}
	return CLI_DOCTOR_OTHER;
}

static bool doctor_same_module(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (*a != *b && !((*a == '-' || *a == '_') && (*b == '-' || *b == '_')))
			return false;
	return !*a && !*b;
}

bool cli_doctor_blacklisted(const char *text, const char *module)
{
	g_auto(GStrv) lines = g_strsplit(text ? text : "", "\n", -1);

	for (guint i = 0; lines[i]; i++) {
		g_auto(GStrv) w = g_strsplit_set(g_strstrip(lines[i]), " \t", -1);
		guint n = g_strv_length(w);

		if (n < 2 || w[0][0] == '#' || !doctor_same_module(w[1], module))
			continue;
		if (strcmp(w[0], "blacklist") == 0)
			return true;
		if (strcmp(w[0], "install") == 0 && n >= 3 &&
		    (g_str_has_suffix(w[2], "/false") || g_str_has_suffix(w[2], "/true")))
			return true;
	}
	return false;
}

bool cli_doctor_module_listed(const char *text, const char *module)
{
	g_auto(GStrv) lines = g_strsplit(text ? text : "", "\n", -1);

	for (guint i = 0; lines[i]; i++) {
		/* "kernel/net/l2tp/l2tp_ppp.ko.xz: deps" or "kernel/net/ipv4/esp4.ko" */
		const char *colon = strchr(lines[i], ':');
		g_autofree char *path =
			colon ? g_strndup(lines[i], colon - lines[i]) : g_strdup(lines[i]);
		const char *base = strrchr(path, '/');
		char *dot;

		base = base ? base + 1 : path;
		dot = strstr(base, ".ko");
		if (!dot)
			continue;
		*dot = '\0';
		if (doctor_same_module(base, module))
			return true;
	}
	return false;
}

unsigned long cli_doctor_udp_inode(const char *text, unsigned int port)
{
	g_auto(GStrv) lines = g_strsplit(text ? text : "", "\n", -1);

	/* "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid
	 *  timeout inode": the inode is the tenth field. g_strsplit gives an empty vector for
	 * an empty text, so the header is skipped inside the loop, not by starting at 1. */
	for (guint i = 0; lines[i]; i++) {
		if (i == 0)
			continue;
		g_auto(GStrv) f = g_strsplit_set(g_strstrip(lines[i]), " ", -1);
		GPtrArray *cols = g_ptr_array_new();
		const char *local;
		unsigned long inode = 0;
		char *colon;

		for (guint k = 0; f[k]; k++)
			if (*f[k])
				g_ptr_array_add(cols, f[k]);
		if (cols->len >= 10) {
			local = g_ptr_array_index(cols, 1);
			colon = strrchr(local, ':');
			if (colon && strtoul(colon + 1, NULL, 16) == port)
				inode = strtoul(g_ptr_array_index(cols, 9), NULL, 10);
		}
		g_ptr_array_free(cols, TRUE);
		if (inode)
			return inode;
	}
	return 0;
}

bool cli_doctor_profile_allows_run_charon(const char *profile)
{
	g_auto(GStrv) lines = g_strsplit(profile ? profile : "", "\n", -1);

	for (guint i = 0; lines[i]; i++) {
		const char *l = g_strstrip(lines[i]);

		if (*l == '#' || g_str_has_prefix(l, "deny") || g_str_has_prefix(l, "audit deny"))
			continue;
		if ((g_str_has_prefix(l, "/run/charon.*") ||
		     g_str_has_prefix(l, "/{,var/}run/charon.*") ||
		     g_str_has_prefix(l, "/var/run/charon.*")) &&
		    strchr(l, 'r') && strchr(l, 'w'))
			return true;
	}
	return false;
}

/* ---- output ---- */

static void doctor_line(struct doctor *d, const char *level, const char *fmt, ...)
	G_GNUC_PRINTF(3, 4);

static void doctor_line(struct doctor *d, const char *level, const char *fmt, ...)
{
	g_autofree char *text = NULL;
	va_list ap;

	va_start(ap, fmt);
	text = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	if (strcmp(level, "FAIL") == 0)
		d->fails++;
	printf("%-5s %s\n", level, text);
	fflush(stdout);
}

/* The package that provides @what on this distribution. */
static const char *doctor_package(const struct doctor *d, const char *what)
{
	static const struct {
		const char *what;
		const char *pkg[CLI_DOCTOR_OTHER + 1]; /* Debian Ubuntu Fedora Arch SUSE other */
	} t[] = {
		{ "charon",
		  { "strongswan-charon", "strongswan-charon", "strongswan", "strongswan",
		    "strongswan", "strongSwan" } },
		{ "vici",
		  { "strongswan-swanctl", "strongswan-swanctl", "strongswan", "strongswan",
		    "strongswan", "strongSwan's vici plugin" } },
		{ "pppd", { "ppp", "ppp", "ppp", "ppp", "ppp", "pppd" } },
		{ "modules",
		  { "linux-image-amd64", "linux-modules-extra-$(uname -r)", "kernel-modules-extra",
		    "linux", "kernel-default", "a kernel with these modules" } },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(t); i++)
		if (strcmp(t[i].what, what) == 0)
			return t[i].pkg[d->distro];
	return what;
}

/* ---- kernel modules ---- */

static char *doctor_blacklisted_in(const char *module)
{
	for (int i = 0; modprobe_dirs[i]; i++) {
		g_autoptr(GDir) dir = g_dir_open(modprobe_dirs[i], 0, NULL);
		const char *name;

		while (dir && (name = g_dir_read_name(dir))) {
			g_autofree char *path = g_build_filename(modprobe_dirs[i], name, NULL);
			g_autofree char *text = NULL;

			if (g_str_has_suffix(name, ".conf") &&
			    g_file_get_contents(path, &text, NULL, NULL) &&
			    cli_doctor_blacklisted(text, module))
				return g_steal_pointer(&path);
		}
	}
	return NULL;
}

static void doctor_module(struct doctor *d, const char *module, const char *without)
{
	g_autofree char *sys = g_strdup_printf("/sys/module/%s", module);
	g_autofree char *blacklist = doctor_blacklisted_in(module);
	g_autofree char *dep = NULL, *builtin = NULL;
	/* Translators: joins the module's state to what follows from it, e.g. "kernel module
	 * l2tp_ppp: blacklisted in FILE, so the userspace data path is used (slower): ..." */
	const char *so = without ? _(", so ") : "";
	struct utsname u;
	bool present;

	if (g_file_test(sys, G_FILE_TEST_IS_DIR)) {
		doctor_line(d, "ok", _("kernel module %s: loaded"), module);
		return;
	}
	uname(&u);
	{
		g_autofree char *p = g_strdup_printf("/lib/modules/%s/modules.dep", u.release);
		g_autofree char *b = g_strdup_printf("/lib/modules/%s/modules.builtin", u.release);

		g_file_get_contents(p, &dep, NULL, NULL);
		g_file_get_contents(b, &builtin, NULL, NULL);
	}
	present =
		cli_doctor_module_listed(dep, module) || cli_doctor_module_listed(builtin, module);
	if (present && blacklist)
		doctor_line(d, without ? "warn" : "FAIL",
			    _("kernel module %s: blacklisted in %s%s%s: remove that line, or load "
			      "it with 'modprobe %s'."),
			    module, blacklist, so, without ? without : "", module);
	else if (present)
		doctor_line(d, "ok", _("kernel module %s: available (loaded when needed)"), module);
	else
		doctor_line(d, without ? "warn" : "FAIL",
			    _("kernel module %s: not in this kernel (%s)%s%s: install %s."), module,
			    u.release, so, without ? without : "", doctor_package(d, "modules"));
}

/* ---- charon ---- */

static void doctor_charon(struct doctor *d)
{
	struct ipsec_paths paths;
	const char *vici = NULL;

	/* the charon l2tpc itself will start */
	ipsec_paths_find(L2TPC_CHARON_PATH, &paths);
	if (g_file_test(paths.charon, G_FILE_TEST_IS_EXECUTABLE))
		d->charon = g_intern_string(paths.charon);
	ipsec_paths_clear(&paths);
	if (!d->charon) {
		doctor_line(d, "FAIL", _("strongSwan's charon: not installed: install %s."),
			    doctor_package(d, "charon"));
		return;
	}
	doctor_line(d, "ok", _("strongSwan's charon: %s"), d->charon);
	for (int i = 0; plugin_dirs[i] && !vici; i++) {
		g_autofree char *so =
			g_build_filename(plugin_dirs[i], "libstrongswan-vici.so", NULL);

		if (g_file_test(so, G_FILE_TEST_EXISTS))
			vici = plugin_dirs[i];
	}
	if (vici)
		doctor_line(d, "ok", _("charon's vici plugin: in %s"), vici);
	else
		doctor_line(d, "FAIL", _("charon's vici plugin: not installed: install %s."),
			    doctor_package(d, "vici"));
}

static void doctor_version(struct vici_client *c, const struct vici_msg *reply, const char *error,
			   void *data)
{
	struct doctor *d = data;

	if (!error && reply)
		d->system_charon = g_strdup_printf("%s %s on %s", vici_msg_get_str(reply, "daemon"),
						   vici_msg_get_str(reply, "version"),
						   vici_client_get_path(c));
	g_main_loop_quit(d->loop);
}

static void doctor_connected(struct vici_client *c, const struct vici_msg *reply, const char *error,
			     void *data)
{
	struct doctor *d = data;

	if (error)
		g_main_loop_quit(d->loop);
	else
		vici_client_command(c, "version", DOCTOR_PROBE_MS, doctor_version, d);
}

static void doctor_system_charon(struct doctor *d)
{
	static const char *const sockets[] = { "/run/charon.vici", "/var/run/charon.vici", NULL };

	for (int i = 0; sockets[i] && !d->system_charon; i++) {
		struct vici_client *c;

		if (!g_file_test(sockets[i], G_FILE_TEST_EXISTS))
			continue;
		c = vici_client_new(sockets[i]);
		vici_client_connect(c, DOCTOR_PROBE_MS, doctor_connected, d);
		g_main_loop_run(d->loop);
		vici_client_free(c);
	}
	if (d->system_charon)
		doctor_line(d, "ok", _("system charon: %s answers; l2tpc uses it"),
			    d->system_charon);
	else
		doctor_line(d, "ok",
			    _("system charon: none answers on /run/charon.vici; l2tpc starts a "
			      "private one"));
}

/* ---- security module ---- */

static void doctor_mac(struct doctor *d)
{
	struct ipsec_mac mac;

	if (!d->charon)
		return;
	ipsec_mac_probe(d->charon, &mac);
	if (mac.module == IPSEC_MAC_APPARMOR) {
		/* Debian's file name: the path with dots for slashes */
		g_autofree char *base = g_strdelimit(g_strdup(d->charon + 1), "/", '.');
		g_autofree char *file = g_build_filename("/etc/apparmor.d", base, NULL);
		g_autofree char *local = g_build_filename("/etc/apparmor.d/local", base, NULL);
		g_autofree char *text = NULL, *local_text = NULL;

		g_file_get_contents(file, &text, NULL, NULL);
		g_file_get_contents(local, &local_text, NULL, NULL);
		if (!mac.enforcing)
			doctor_line(d, "ok",
				    _("security module: AppArmor profile %s (complain mode: it "
				      "logs, denies nothing)"),
				    mac.label);
		else if (d->system_charon || cli_doctor_profile_allows_run_charon(text) ||
			 cli_doctor_profile_allows_run_charon(local_text))
			doctor_line(d, "ok",
				    _("security module: AppArmor profile %s (enforce) confines "
				      "charon; it allows /run/charon.*, where the private charon "
				      "keeps its files"),
				    mac.label);
		else
			doctor_line(d, "FAIL",
				    _("security module: AppArmor profile %s (enforce) does not "
				      "allow /run/charon.*, where the private charon keeps its "
				      "files: add '/run/charon.* rw,' to %s and run "
				      "'apparmor_parser -r %s'."),
				    mac.label, local, file);
	} else if (mac.module == IPSEC_MAC_SELINUX && mac.enforcing) {
		char ctx[256] = "";
		ssize_t n = getxattr(L2TPC_RUNDIR, "security.selinux", ctx, sizeof(ctx) - 1);

		if (n > 0 && strstr(ctx, "ipsec_var_run_t"))
			doctor_line(d, "ok", _("security module: SELinux (enforcing); %s is %s"),
				    L2TPC_RUNDIR, ctx);
		else
			doctor_line(d, "warn",
				    _("security module: SELinux (enforcing), charon is %s: label "
				      "l2tpc's run directory for it (semanage fcontext -a -t "
				      "ipsec_var_run_t '%s(/.*)?'; restorecon -R %s)."),
				    mac.label ? mac.label : "?", L2TPC_RUNDIR, L2TPC_RUNDIR);
	} else {
		doctor_line(d, "ok", _("security module: none confines charon"));
	}
	ipsec_mac_clear(&mac);
}

/* ---- pppd ---- */

static void doctor_pppd(struct doctor *d)
{
	g_autofree char *dir = NULL;

	if (!g_file_test("/usr/sbin/pppd", G_FILE_TEST_IS_EXECUTABLE)) {
		doctor_line(d, "FAIL", _("pppd: not installed: install %s."),
			    doctor_package(d, "pppd"));
		return;
	}
	for (int i = 0; pppd_lib_dirs[i] && !dir; i++) {
		g_autoptr(GDir) gd = g_dir_open(pppd_lib_dirs[i], 0, NULL);
		const char *v;

		while (gd && !dir && (v = g_dir_read_name(gd))) {
			g_autofree char *so =
				g_build_filename(pppd_lib_dirs[i], v, "pppol2tp.so", NULL);

			if (g_file_test(so, G_FILE_TEST_EXISTS))
				dir = g_build_filename(pppd_lib_dirs[i], v, NULL);
		}
	}
	if (!dir) {
		doctor_line(d, "FAIL",
			    _("pppd's plugin directory: no pppol2tp.so in /usr/lib/pppd/<version>: "
			      "reinstall %s."),
			    doctor_package(d, "pppd"));
		return;
	}
	doctor_line(d, "ok", _("pppd: /usr/sbin/pppd, plugins in %s"), dir);
	{
		g_autofree char *ours = g_build_filename(dir, "l2tpc-pppd-plugin.so", NULL);

		if (g_file_test(ours, G_FILE_TEST_EXISTS))
			doctor_line(d, "ok", _("l2tpc's pppd plugin: %s"), ours);
		else
			doctor_line(d, "FAIL",
				    _("l2tpc's pppd plugin: not in %s: install l2tpc with 'meson "
				      "install' (or pass --pppd-plugin PATH to l2tpc up)."),
				    dir);
	}
}

/* ---- NetworkManager ---- */

static const char *doctor_first(const char *const *paths)
{
	for (int i = 0; paths[i]; i++)
		if (g_file_test(paths[i], G_FILE_TEST_EXISTS))
			return paths[i];
	return NULL;
}

static void doctor_nm(struct doctor *d)
{
	static const char *const names[] = { "/usr/lib/NetworkManager/VPN/nm-l2tpc-service.name",
					     "/etc/NetworkManager/VPN/nm-l2tpc-service.name",
					     NULL };
	static const char *const policies[] = { "/usr/share/dbus-1/system.d/nm-l2tpc-service.conf",
						"/etc/dbus-1/system.d/nm-l2tpc-service.conf",
						NULL };
	const char *name = doctor_first(names);
	const char *policy = doctor_first(policies);

	if (!g_file_test("/usr/sbin/NetworkManager", G_FILE_TEST_IS_EXECUTABLE)) {
		doctor_line(d, "ok", _("NetworkManager: not installed (l2tpc up works without)"));
		return;
	}
	if (name && policy) {
		doctor_line(d, "ok", _("NetworkManager plugin: %s, %s"), name, policy);
		return;
	}
	if (g_file_test("/usr/local/lib/NetworkManager/VPN/nm-l2tpc-service.name",
			G_FILE_TEST_EXISTS))
		doctor_line(d, "warn",
			    _("NetworkManager plugin: installed under /usr/local, where "
			      "NetworkManager does not read it: reinstall with 'meson setup "
			      "--prefix=/usr'."));
	else
		doctor_line(d, "warn",
			    _("NetworkManager plugin: %s missing: install l2tpc's NetworkManager "
			      "plugin (meson install with --prefix=/usr)."),
			    name ? policies[0] : names[0]);
}

/* ---- UDP ports ---- */

/* The process holding socket @inode: "NAME (pid N)", or NULL. */
static char *doctor_socket_owner(unsigned long inode)
{
	g_autofree char *want = g_strdup_printf("socket:[%lu]", inode);
	g_autoptr(GDir) proc = g_dir_open("/proc", 0, NULL);
	const char *pid;

	while (proc && (pid = g_dir_read_name(proc))) {
		g_autofree char *fds = g_strdup_printf("/proc/%s/fd", pid);
		g_autoptr(GDir) fd = NULL;
		const char *n;

		if (!g_ascii_isdigit(pid[0]) || !(fd = g_dir_open(fds, 0, NULL)))
			continue;
		while ((n = g_dir_read_name(fd))) {
			g_autofree char *link = g_build_filename(fds, n, NULL);
			g_autofree char *target = g_file_read_link(link, NULL);

			if (target && strcmp(target, want) == 0) {
				g_autofree char *commf = g_strdup_printf("/proc/%s/comm", pid);
				g_autofree char *comm = NULL;

				g_file_get_contents(commf, &comm, NULL, NULL);
				return g_strdup_printf("%s (pid %s)", comm ? g_strstrip(comm) : "?",
						       pid);
			}
		}
	}
	return g_strdup(_("a process l2tpc cannot see"));
}

static void doctor_port(struct doctor *d, unsigned int port, const char *what)
{
	static const char *const files[] = { "/proc/net/udp", "/proc/net/udp6", NULL };
	g_autofree char *owner = NULL;

	for (int i = 0; files[i] && !owner; i++) {
		g_autofree char *text = NULL;
		unsigned long inode;

		if (!g_file_get_contents(files[i], &text, NULL, NULL))
			continue;
		inode = cli_doctor_udp_inode(text, port);
		if (inode)
			owner = doctor_socket_owner(inode);
	}
	if (!owner)
		doctor_line(d, "ok", _("udp/%u: free"), port);
	else if (port != 1701 && g_str_has_prefix(owner, "charon ") && d->system_charon)
		doctor_line(d, "ok", _("udp/%u: held by the system charon, %s"), port, owner);
	else if (port != 1701 && g_str_has_prefix(owner, "charon "))
		doctor_line(d, "warn",
			    _("udp/%u: held by %s, a charon that does not answer on VICI (l2tpc's "
			      "private one, or one without the vici plugin)"),
			    port, owner);
	else
		doctor_line(d, "FAIL", _("udp/%u: held by %s, but l2tpc needs it for %s: stop it."),
			    port, owner, what);
}

int cli_doctor(int argc, char **argv)
{
	struct doctor d = { 0 };
	g_autofree char *os = NULL;

	if (argc > 1) {
		fprintf(stderr, _("l2tpc: doctor takes no arguments.\n"));
		return L2TPC_EXIT_USAGE;
	}
	if (!g_file_get_contents("/etc/os-release", &os, NULL, NULL))
		g_file_get_contents("/usr/lib/os-release", &os, NULL, NULL);
	d.distro = cli_doctor_distro(os);
	d.loop = g_main_loop_new(NULL, FALSE);

	doctor_module(&d, "l2tp_ppp", _("the userspace data path is used (slower)"));
	doctor_module(&d, "l2tp_netlink", _("the legacy kernel data path is used"));
	doctor_module(&d, "esp4", NULL);
	doctor_module(&d, "ppp_generic", NULL);
	doctor_charon(&d);
	doctor_system_charon(&d);
	doctor_mac(&d);
	doctor_pppd(&d);
	doctor_nm(&d);
	doctor_port(&d, 500, "IKE");
	doctor_port(&d, 4500, "IKE behind NAT");
	doctor_port(&d, 1701, "L2TP");
	if (d.fails)
		printf(_("%d problem(s): a connection cannot work until they are fixed.\n"),
		       d.fails);
	g_main_loop_unref(d.loop);
	g_free(d.system_charon);
	return d.fails ? 1 : 0;
}
