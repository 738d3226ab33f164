// SPDX-License-Identifier: GPL-2.0-or-later
/* nm-l2tpc-user-files: a private connection's files, read as its user (see the header). */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"
#include <glib/gi18n-lib.h>
#include "ipsec-creds.h"
#include "l2tpc-log.h"
#include "nm-l2tpc-user-files.h"

/* Exit codes of the reading child besides 0 and an errno value. */
#define USER_FILES_EXIT_NOT_REGULAR 254
#define USER_FILES_EXIT_NO_SWITCH   255

struct user_files_blob {
	uint8_t *data;
	size_t len;
};

struct nm_l2tpc_user_files {
	GHashTable *blobs; /* path -> struct user_files_blob */
};

struct user_files_user {
	char *name;
	uid_t uid;
	gid_t gid;
	gid_t *groups;
	int ngroups;
};

static void user_files_blob_free(gpointer p)
{
	struct user_files_blob *b = p;

	explicit_bzero(b->data, b->len);
	g_free(b->data);
	g_free(b);
}

void nm_l2tpc_user_files_free(struct nm_l2tpc_user_files *uf)
{
	if (!uf)
		return;
	g_hash_table_unref(uf->blobs);
	g_free(uf);
}

static void user_files_user_clear(struct user_files_user *u)
{
	g_free(u->name);
	g_free(u->groups);
}

/* Looks up @name's uid, gid and groups (before the fork: NSS is not async-signal-safe). */
static int user_files_user_lookup(const char *name, struct user_files_user *u)
{
	struct passwd pwbuf, *pw = NULL;
	char buf[4096];
	int n = 32;

	if (getpwnam_r(name, &pwbuf, buf, sizeof(buf), &pw) != 0 || !pw)
		return -ENOENT;
	u->name = g_strdup(name);
	u->uid = pw->pw_uid;
	u->gid = pw->pw_gid;
	u->groups = g_new(gid_t, n);
	if (getgrouplist(name, pw->pw_gid, u->groups, &n) < 0) {
		u->groups = g_renew(gid_t, u->groups, n);
		if (getgrouplist(name, pw->pw_gid, u->groups, &n) < 0)
			n = 0;
	}
	u->ngroups = n;
	return 0;
}

/* The child: become @u, open @path, copy it to @out_fd. Only async-signal-safe calls. */
static void __attribute__((noreturn))
user_files_child(const struct user_files_user *u, const char *path, int out_fd)
{
	char buf[16384];
	struct stat st;
	size_t total = 0;
	int fd;

	if (setgroups(u->ngroups, u->groups) < 0 || setgid(u->gid) < 0 || setuid(u->uid) < 0 ||
	    (u->uid != 0 && setuid(0) == 0))
		_exit(USER_FILES_EXIT_NO_SWITCH);
	fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		_exit(errno);
	if (fstat(fd, &st) < 0)
		_exit(errno);
	if (!S_ISREG(st.st_mode))
		_exit(USER_FILES_EXIT_NOT_REGULAR);
	while (total <= IPSEC_CREDS_MAX_INPUT) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			_exit(errno);
		if (n == 0)
			break;
		for (ssize_t off = 0; off < n;) {
			ssize_t w = write(out_fd, buf + off, n - off);

			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0)
				_exit(errno);
			off += w;
		}
		total += n;
	}
	explicit_bzero(buf, sizeof(buf));
	_exit(0);
}

/*
 * Reads @path as @u in a child process. Returns 0 with the bytes in @out (g_malloc), -errno
 * when the user cannot open or read it, -EFBIG above IPSEC_CREDS_MAX_INPUT, -EBADFD when it is
 * not a regular file, -EPERM when the child could not become the user.
 */
static int user_files_read_as(const struct user_files_user *u, const char *path,
			      struct user_files_blob *out)
{
	g_autofree uint8_t *buf = g_malloc(IPSEC_CREDS_MAX_INPUT + 1);
	size_t got = 0;
	int pfd[2], status = 0, r = 0;
	pid_t pid, w;

	if (pipe2(pfd, O_CLOEXEC) < 0)
		return -errno;
	pid = fork();
	if (pid < 0) {
		r = -errno;
		close(pfd[0]);
		close(pfd[1]);
		return r;
	}
	if (pid == 0) {
		close(pfd[0]);
		user_files_child(u, path, pfd[1]);
	}
	close(pfd[1]);
	while (got <= IPSEC_CREDS_MAX_INPUT) {
		ssize_t n = read(pfd[0], buf + got, IPSEC_CREDS_MAX_INPUT + 1 - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += n;
	}
	close(pfd[0]); /* a child still writing an oversized file gets EPIPE and ends */
	do
		w = waitpid(pid, &status, 0);
	while (w < 0 && errno == EINTR);
	if (w < 0 || !WIFEXITED(status))
		r = -EIO;
	else if (WEXITSTATUS(status) == USER_FILES_EXIT_NO_SWITCH)
		r = -EPERM;
	else if (WEXITSTATUS(status) == USER_FILES_EXIT_NOT_REGULAR)
		r = -EBADFD;
	else if (WEXITSTATUS(status) != 0)
		r = -WEXITSTATUS(status);
	else if (got > IPSEC_CREDS_MAX_INPUT)
		r = -EFBIG;
	if (r < 0) {
		explicit_bzero(buf, got);
		return r;
	}
	out->data = g_realloc(g_steal_pointer(&buf), got ? got : 1);
	out->len = got;
	return 0;
}

static char *user_files_sentence(int r, const char *setting, const char *path,
				 const struct user_files_user *u, const char *id)
{
	switch (r) {
	case -EPERM:
		return g_strdup_printf(_("Cannot switch to the user %s to read %s %s; "
					 "nm-l2tpc-service must run as root."),
				       u->name, setting, path);
	case -EBADFD:
		return g_strdup_printf(_("%s %s is not a regular file; set %s to a certificate "
					 "or key file."),
				       setting, path, setting);
	case -EFBIG:
		return g_strdup_printf(_("%s %s is larger than 1 MiB, which no certificate or key "
					 "file is; check %s."),
				       setting, path, setting);
	default:
		/* Translators: "machine-key /etc/ssl/private/vpn.pem cannot be read by alice,
		 * the user the connection 'office' is restricted to (Permission denied): ..." */
		return g_strdup_printf(_("%s %s cannot be read by %s, the user the connection "
					 "'%s' is restricted to (%s): NetworkManager reads a "
					 "private connection's files as its user, so make the file "
					 "readable by %s or make the connection available to all "
					 "users."),
				       setting, path, u->name, id, g_strerror(-r), u->name);
	}
}

int nm_l2tpc_user_files_read(NMConnection *connection, const struct l2tpc_profile *p,
			     struct nm_l2tpc_user_files **out, char **sentence)
{
	const struct {
		const char *setting;
		const char *path;
	} files[] = {
		{ "machine-cert", p->machine_cert }, { "machine-key", p->machine_key },
		{ "machine-ca", p->machine_ca },     { "user-cert", p->user_cert },
		{ "user-key", p->user_key },	     { "user-ca", p->user_ca },
	};
	NMSettingConnection *s_con = nm_connection_get_setting_connection(connection);
	struct nm_l2tpc_user_files *uf = NULL;
	guint n = s_con ? nm_setting_connection_get_num_permissions(s_con) : 0;

	*out = NULL;
	for (guint i = 0; i < n; i++) {
		const char *type = NULL, *name = NULL;
		struct user_files_user u = { 0 };

		if (!nm_setting_connection_get_permission(s_con, i, &type, &name, NULL) ||
		    g_strcmp0(type, "user") != 0 || !name)
			continue;
		if (!uf) {
			uf = g_new0(struct nm_l2tpc_user_files, 1);
			uf->blobs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
							  user_files_blob_free);
		}
		if (user_files_user_lookup(name, &u) < 0) {
			*sentence = g_strdup_printf(
				_("The connection '%s' is restricted to the user %s, who does not "
				  "exist on this system: correct connection.permissions."),
				p->id, name);
			nm_l2tpc_user_files_free(uf);
			return -ENOENT;
		}
		for (size_t f = 0; f < G_N_ELEMENTS(files); f++) {
			struct user_files_blob blob = { 0 };
			int r;

			if (!files[f].path || !files[f].path[0])
				continue;
			r = user_files_read_as(&u, files[f].path, &blob);
			if (r < 0) {
				*sentence = user_files_sentence(r, files[f].setting, files[f].path,
								&u, p->id);
				user_files_user_clear(&u);
				nm_l2tpc_user_files_free(uf);
				return r;
			}
			l2tpc_info("nm", "%s: read %s %s as %s (%zu bytes)", p->id,
				   files[f].setting, files[f].path, u.name, blob.len);
			if (g_hash_table_contains(uf->blobs, files[f].path)) {
				explicit_bzero(blob.data, blob.len);
				g_free(blob.data);
				continue;
			}
			g_hash_table_insert(uf->blobs, g_strdup(files[f].path),
					    g_memdup2(&blob, sizeof(blob)));
		}
		user_files_user_clear(&u);
	}
	*out = uf;
	return 0;
}

int nm_l2tpc_user_files_get(const char *path, const char *setting, uint8_t **data, size_t *len,
			    struct l2tpc_failure *f, void *ud)
{
	struct nm_l2tpc_user_files *uf = ud;
	const struct user_files_blob *b = g_hash_table_lookup(uf->blobs, path);

	if (!b) {
		/* Every path of the profile was read before the engine started. */
		l2tpc_failure_set(f, L2TPC_FAILURE_INTERNAL,
				  _("%s %s was not read as the connection's user; this is a bug "
				    "in nm-l2tpc-service."),
				  setting, path);
		return -ENOENT;
	}
	*data = g_memdup2(b->data, b->len ? b->len : 1);
	*len = b->len;
	return 0;
}
