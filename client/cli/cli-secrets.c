// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli-secrets.h"
#include "l2tpc-i18n.h"

#define SECRETS_MAX  (64 * 1024)
#define NMCLI_PREFIX "vpn.secrets."

static void wipe_free(gpointer p)
{
	if (p) {
		explicit_bzero(p, strlen(p));
		g_free(p);
	}
}

GHashTable *cli_secrets_table_new(void)
{
	return g_hash_table_new_full(g_str_hash, g_str_equal, g_free, wipe_free);
}

static int parse_line(char *line, GHashTable *out)
{
	char *key = line, *value;
	char *eq = strchr(line, '='), *colon = strchr(line, ':');

	if (g_str_has_prefix(line, NMCLI_PREFIX) && colon) {
		key = line + strlen(NMCLI_PREFIX);
		*colon = '\0';
		value = colon + 1;
	} else if (eq) {
		*eq = '\0';
		value = eq + 1;
	} else {
		return -EINVAL;
	}
	g_strstrip(key);
	if (!*key)
		return -EINVAL;
	g_hash_table_replace(out, g_strdup(key), g_strdup(value));
	return 0;
}

int cli_secrets_parse(const char *data, size_t len, GHashTable *out, char **sentence)
{
	g_autofree char *copy = g_strndup(data, len);
	char *save = NULL, *line;
	int lineno = 0, ret = 0;

	if (memchr(data, '\0', len)) {
		*sentence =
			g_strdup(_("The secrets input contains a NUL byte: give one key=value per "
				   "line of text."));
		ret = -EINVAL;
		goto out;
	}
	for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *l = line;

		lineno++;
		l[strcspn(l, "\r")] = '\0';
		while (*l == ' ' || *l == '\t')
			l++;
		if (*l == '\0' || *l == '#')
			continue;
		if (parse_line(l, out) < 0) {
			/* Never echo the line: it may hold a secret. */
			*sentence =
				g_strdup_printf(_("Line %d of the secrets input is not of the form "
						  "key=value or vpn.secrets.key:value: fix that "
						  "line."),
						lineno);
			ret = -EINVAL;
			break;
		}
	}
out:
	explicit_bzero(copy, len);
	return ret;
}

int cli_secrets_read_fd(int fd, GHashTable *out, char **sentence)
{
	char *buf = g_malloc(SECRETS_MAX + 1);
	size_t len = 0;
	int ret;

	for (;;) {
		ssize_t n = read(fd, buf + len, SECRETS_MAX - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*sentence = g_strdup_printf(
				_("Cannot read secrets from file descriptor %d: %s; "
				  "check --secrets-fd."),
				fd, g_strerror(errno));
			ret = -errno;
			goto out;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len == SECRETS_MAX) {
			*sentence =
				g_strdup(_("The secrets input is larger than 64 KiB: give only the "
					   "secrets, one key=value per line."));
			ret = -E2BIG;
			goto out;
		}
	}
	ret = cli_secrets_parse(buf, len, out, sentence);
out:
	explicit_bzero(buf, len);
	g_free(buf);
	return ret;
}

int cli_secrets_prompt(const char *question, char **out)
{
	struct termios old, quiet;
	char buf[1024];
	FILE *tty;
	int fd, ret = 0;

	fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -ENOTTY;
	tty = fdopen(fd, "r+");
	if (!tty) {
		close(fd);
		return -ENOTTY;
	}
	if (tcgetattr(fd, &old) < 0) {
		fclose(tty);
		return -ENOTTY;
	}
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	quiet.c_lflag |= ECHONL;
	fprintf(tty, "%s", question);
	fflush(tty);
	tcsetattr(fd, TCSAFLUSH, &quiet);
	if (!fgets(buf, sizeof(buf), tty))
		ret = -EIO;
	tcsetattr(fd, TCSAFLUSH, &old);
	fclose(tty);
	if (ret == 0) {
		buf[strcspn(buf, "\r\n")] = '\0';
		*out = g_strdup(buf);
	}
	explicit_bzero(buf, sizeof(buf));
	return ret;
}
