// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * profile-load: profile files on disk (see profile-load.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "profile-load.h"
#include "profile-private.h"
#include "l2tpc-i18n.h"

#define PROFILE_MAX_BYTES (1024 * 1024)

static int profile_load_fail(char **sentence, int r, char *text)
{
	if (sentence)
		*sentence = text;
	else
		g_free(text);
	return r;
}

/* "office.conf" -> "office": a profile without [connection] id is named after its file. */
static char *profile_load_name_from_path(const char *path)
{
	static const char *const exts[] = { ".nmconnection", ".conf", ".ini", ".profile" };
	char *base = g_path_get_basename(path);

	for (size_t i = 0; i < G_N_ELEMENTS(exts); i++) {
		size_t bl = strlen(base), el = strlen(exts[i]);

		if (bl > el && strcmp(base + bl - el, exts[i]) == 0) {
			base[bl - el] = '\0';
			break;
		}
	}
	return base;
}

static int profile_load_read(int fd, const char *path, char **buf, size_t *len, struct stat *st,
			     char **sentence)
{
	size_t got = 0;

	if (fstat(fd, st) < 0) {
		int e = errno;

		return profile_load_fail(sentence, -e,
					 g_strdup_printf(_("Cannot read %s: %s; check the file."),
							 path, g_strerror(e)));
	}
	if (S_ISDIR(st->st_mode))
		return profile_load_fail(sentence, -EISDIR,
					 g_strdup_printf(_("%s is a directory: give the path of a "
							   "profile file."),
							 path));
	if (!S_ISREG(st->st_mode))
		return profile_load_fail(
			sentence, -EINVAL,
			g_strdup_printf(_("%s is not a regular file: give the path "
					  "of a profile file."),
					path));
	if (st->st_size > PROFILE_MAX_BYTES)
		return profile_load_fail(
			sentence, -EFBIG,
			g_strdup_printf(_("%s is over 1 MiB, too large for a "
					  "profile: check that it is the right file."),
					path));
	*buf = g_malloc((size_t)st->st_size + 1);
	while (got < (size_t)st->st_size) {
		ssize_t r = read(fd, *buf + got, (size_t)st->st_size - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;

			return profile_load_fail(sentence, -e,
						 g_strdup_printf(_("Cannot read %s: %s; check the "
								   "file."),
								 path, g_strerror(e)));
		}
		if (r == 0)
			break; /* shrank while reading: parse what is there */
		got += (size_t)r;
	}
	(*buf)[got] = '\0';
	*len = got;
	return 0;
}

int l2tpc_profile_load_file(const char *path, struct l2tpc_profile **out, GPtrArray *warnings,
			    char **sentence)
{
	g_autofree char *inner = NULL;
	struct l2tpc_profile *p = NULL;
	char *buf = NULL;
	size_t len = 0;
	struct stat st;
	int fd, r;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		int e = errno;

		if (e == EACCES || e == EPERM)
			return profile_load_fail(
				sentence, -e,
				g_strdup_printf(_("Cannot read %s: %s; check its permissions "
						  "(profiles with secrets are readable by root "
						  "only: run l2tpc as root)."),
						path, g_strerror(e)));
		return profile_load_fail(sentence, -e,
					 g_strdup_printf(_("Cannot open %s: %s; check the path."),
							 path, g_strerror(e)));
	}
	r = profile_load_read(fd, path, &buf, &len, &st, sentence);
	close(fd);
	if (r < 0) {
		g_free(buf);
		return r;
	}
	r = l2tpc_profile_keyfile_parse(buf, len, &p, warnings, &inner);
	/* The raw bytes may hold secrets. */
	explicit_bzero(buf, len);
	g_free(buf);
	if (r < 0)
		return profile_load_fail(sentence, r, g_strdup_printf("%s: %s", path, inner));
	if (l2tpc_profile_has_secrets(p) && (st.st_mode & (S_IROTH | S_IWOTH))) {
		l2tpc_profile_free(p);
		return profile_load_fail(
			sentence, -EPERM,
			g_strdup_printf(_("%s holds secrets but other users can "
					  "read it: run chmod 600 %s and try again."),
					path, path));
	}
	if (l2tpc_profile_has_secrets(p) && (st.st_mode & S_IRGRP))
		l2tpc_profile_value_warn(
			warnings,
			_("%s holds secrets and its group can read it: chmod 600 %s keeps "
			  "them private."),
			path, path);
	if (!p->id)
		p->id = profile_load_name_from_path(path);
	*out = p;
	return 0;
}
