// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "conn-record.h"
#include "run-dir.h"
#include "lock-file.h"

#define GROUP "connection"

void conn_record_clear(struct conn_record *r)
{
	g_free(r->name);
	g_free(r->phase);
	g_free(r->ipsec_name);
	g_free(r->gateway);
	g_free(r->ifname);
	g_free(r->local);
	g_free(r->peer);
	g_free(r->dns);
	g_free(r->route);
	g_free(r->gateway_addr);
	g_free(r->local_addr);
	*r = (struct conn_record){ 0 };
}

static char *conns_dir(const char *rundir)
{
	return g_build_filename(rundir, "conns", NULL);
}

static char *path_for(const char *rundir, const char *name, const char *ext)
{
	g_autofree char *base = g_strconcat(name, ext, NULL);

	return g_build_filename(rundir, "conns", base, NULL);
}

int conn_record_lock(const char *rundir, const char *name)
{
	g_autofree char *dir = conns_dir(rundir);
	g_autofree char *path = path_for(rundir, name, ".lock");

	int r = run_dir_make(rundir);

	if (r < 0 || (r = run_dir_make(dir)) < 0)
		return r;
	return lock_file_take(path, RUN_DIR_FILE_MODE);
}

static void set_str(GKeyFile *kf, const char *key, const char *v)
{
	if (v && *v)
		g_key_file_set_string(kf, GROUP, key, v);
}

int conn_record_write(const char *rundir, const struct conn_record *r)
{
	g_autoptr(GKeyFile) kf = g_key_file_new();
	g_autofree char *path = path_for(rundir, r->name, ".conn");
	g_autofree char *data = NULL;
	gsize len;

	g_key_file_set_string(kf, GROUP, "name", r->name);
	g_key_file_set_integer(kf, GROUP, "pid", r->pid);
	g_key_file_set_integer(kf, GROUP, "pppd-pid", r->pppd_pid);
	g_key_file_set_int64(kf, GROUP, "started", r->started);
	g_key_file_set_boolean(kf, GROUP, "private-charon", r->private_charon);
	set_str(kf, "phase", r->phase);
	set_str(kf, "ipsec-name", r->ipsec_name);
	set_str(kf, "gateway", r->gateway);
	set_str(kf, "ifname", r->ifname);
	set_str(kf, "local", r->local);
	set_str(kf, "peer", r->peer);
	set_str(kf, "dns", r->dns);
	set_str(kf, "route", r->route);
	set_str(kf, "gateway-address", r->gateway_addr);
	set_str(kf, "local-address", r->local_addr);
	data = g_key_file_to_data(kf, &len, NULL);
	/* No secrets, but who connects where is nobody else's business: root only (run-dir.h). */
	if (!g_file_set_contents_full(path, data, len, G_FILE_SET_CONTENTS_CONSISTENT,
				      RUN_DIR_FILE_MODE, NULL))
		return -EIO;
	return 0;
}

void conn_record_remove(const char *rundir, const char *name)
{
	g_autofree char *conn = path_for(rundir, name, ".conn");
	g_autofree char *lock = path_for(rundir, name, ".lock");

	unlink(conn);
	unlink(lock);
}

void conn_record_mark_held(const char *rundir, const char *name)
{
	g_autofree char *path = path_for(rundir, name, ".held");

	/* contents don't matter: the file's age is the mark */
	g_file_set_contents_full(path, "", 0, G_FILE_SET_CONTENTS_NONE, RUN_DIR_FILE_MODE, NULL);
}

bool conn_record_held(const char *rundir, const char *name)
{
	g_autofree char *path = path_for(rundir, name, ".held");
	struct stat st;

	if (stat(path, &st) < 0)
		return false;
	if (time(NULL) - st.st_mtime < CONN_RECORD_HELD_S)
		return true;
	unlink(path);
	return false;
}

static char *get_str(GKeyFile *kf, const char *key)
{
	return g_key_file_get_string(kf, GROUP, key, NULL);
}

int conn_record_parse(const char *data, size_t len, struct conn_record *out)
{
	g_autoptr(GKeyFile) kf = g_key_file_new();

	*out = (struct conn_record){ 0 };
	if (!g_key_file_load_from_data(kf, data, len, G_KEY_FILE_NONE, NULL))
		return -EINVAL;
	out->name = get_str(kf, "name");
	if (!out->name || !*out->name) {
		conn_record_clear(out);
		return -EINVAL;
	}
	out->pid = g_key_file_get_integer(kf, GROUP, "pid", NULL);
	out->pppd_pid = g_key_file_get_integer(kf, GROUP, "pppd-pid", NULL);
	out->started = g_key_file_get_int64(kf, GROUP, "started", NULL);
	out->private_charon = g_key_file_get_boolean(kf, GROUP, "private-charon", NULL);
	out->phase = get_str(kf, "phase");
	out->ipsec_name = get_str(kf, "ipsec-name");
	out->gateway = get_str(kf, "gateway");
	out->ifname = get_str(kf, "ifname");
	out->local = get_str(kf, "local");
	out->peer = get_str(kf, "peer");
	out->dns = get_str(kf, "dns");
	out->route = get_str(kf, "route");
	out->gateway_addr = get_str(kf, "gateway-address");
	out->local_addr = get_str(kf, "local-address");
	return 0;
}

static bool owner_alive(const char *rundir, const char *name)
{
	g_autofree char *path = path_for(rundir, name, ".lock");
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	bool alive;

	if (fd < 0)
		return false;
	alive = flock(fd, LOCK_SH | LOCK_NB) < 0 && errno == EWOULDBLOCK;
	close(fd);
	return alive;
}

GArray *conn_record_list(const char *rundir, GArray **alive)
{
	g_autofree char *dir = conns_dir(rundir);
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	GArray *out = g_array_new(FALSE, TRUE, sizeof(struct conn_record));
	const char *fn;

	g_array_set_clear_func(out, (GDestroyNotify)conn_record_clear);
	if (alive)
		*alive = g_array_new(FALSE, TRUE, sizeof(gboolean));
	while (d && (fn = g_dir_read_name(d))) {
		g_autofree char *path = NULL, *data = NULL;
		struct conn_record r;
		gboolean a;
		gsize len;

		if (!g_str_has_suffix(fn, ".conn"))
			continue;
		path = g_build_filename(dir, fn, NULL);
		if (!g_file_get_contents(path, &data, &len, NULL) ||
		    conn_record_parse(data, len, &r))
			continue;
		a = owner_alive(rundir, r.name);
		g_array_append_val(out, r);
		if (alive)
			g_array_append_val(*alive, a);
	}
	return out;
}
