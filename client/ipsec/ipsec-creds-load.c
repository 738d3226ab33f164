// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ipsec-creds-load: ipsec_creds_load(), the file-reading and logging side of ipsec-creds.h.
 * File buffers hold key material, so they are wiped before they are freed.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ipsec-creds.h"
#include "l2tpc-log.h"
#include "l2tpc-i18n.h"

/* Reads @path into a buffer the caller wipes and frees. */
static int creds_read_file(const char *path, const char *setting, uint8_t **data, size_t *len,
			   struct l2tpc_failure *f)
{
	g_autofree uint8_t *buf = NULL;
	size_t got = 0;
	struct stat st;
	int fd, r = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0 || fstat(fd, &st) < 0) {
		r = -errno;
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		r = -EISDIR;
		goto out;
	}
	if (st.st_size > IPSEC_CREDS_MAX_INPUT) {
		l2tpc_failure_set(f, L2TPC_FAILURE_CONFIG,
				  _("%s is larger than 1 MiB, which no certificate or key file is; "
				    "check %s."),
				  path, setting);
		close(fd);
		return -EFBIG;
	}
	buf = g_malloc(IPSEC_CREDS_MAX_INPUT + 1);
	while (got <= IPSEC_CREDS_MAX_INPUT) {
		ssize_t n = read(fd, buf + got, IPSEC_CREDS_MAX_INPUT + 1 - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r = -errno;
			break;
		}
		if (n == 0)
			break;
		got += n;
	}
out:
	if (fd >= 0)
		close(fd);
	if (r < 0) {
		if (buf)
			explicit_bzero(buf, got);
		l2tpc_failure_set(f, L2TPC_FAILURE_CONFIG, _("cannot read %s: %s; check %s."), path,
				  g_strerror(-r), setting);
		return r;
	}
	*data = g_steal_pointer(&buf);
	*len = got; /* > IPSEC_CREDS_MAX_INPUT is refused by the parser */
	return 0;
}

static void creds_input_clear(struct ipsec_creds_input *in)
{
	if (in->data) {
		explicit_bzero((void *)in->data, in->len);
		g_free((void *)in->data);
	}
	in->data = NULL;
	in->len = 0;
}

static bool creds_set(const char *path)
{
	return path && path[0];
}

int ipsec_creds_load(const struct ipsec_creds_files *files, struct ipsec_creds **out,
		     struct l2tpc_failure *f)
{
	const char *prefix = files->setting_prefix ? files->setting_prefix : "machine";
	struct ipsec_creds_request req = {
		.setting_prefix = prefix,
		.password = files->password,
		.now = g_get_real_time() / G_USEC_PER_SEC,
	};
	const char *paths[3] = { files->cert_path, files->key_path, files->ca_path };
	const char *suffix[3] = { "cert", "key", "ca" };
	struct ipsec_creds_input *inputs[3] = { &req.cert, &req.key, &req.ca };
	int r = 0;

	*out = NULL;
	for (int i = 0; i < 3 && r == 0; i++) {
		g_autofree char *setting = g_strdup_printf("%s-%s", prefix, suffix[i]);
		uint8_t *data = NULL;

		if (!creds_set(paths[i]))
			continue;
		/* NetworkManager-l2tp profiles often name one .p12 as both cert and key. */
		if (i == 1 && creds_set(paths[0]) && strcmp(paths[0], paths[1]) == 0)
			continue;
		if (files->read)
			r = files->read(paths[i], setting, &data, &inputs[i]->len, f,
					files->read_ud);
		else
			r = creds_read_file(paths[i], setting, &data, &inputs[i]->len, f);
		inputs[i]->data = data;
		inputs[i]->name = paths[i];
	}
	if (r == 0)
		r = ipsec_creds_parse(&req, out, f);
	for (int i = 0; i < 3; i++)
		creds_input_clear(inputs[i]);
	if (r < 0)
		return r;
	if ((*out)->cert)
		l2tpc_info("ipsec",
			   "%s certificate %s (%s) with its %s key from %s, %u more in chain",
			   prefix, (*out)->subject, (*out)->fingerprint,
			   ipsec_creds_key_type_vici((*out)->key_type), files->cert_path,
			   (*out)->chain->len);
	if ((*out)->cas->len)
		l2tpc_info("ipsec", "%s CA: %u certificate(s) from %s", prefix, (*out)->cas->len,
			   files->ca_path);
	for (unsigned int i = 0; i < (*out)->warnings->len; i++)
		l2tpc_warn("ipsec", "%s", (const char *)(*out)->warnings->pdata[i]);
	return 0;
}
