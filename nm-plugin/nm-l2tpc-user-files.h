/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nm-l2tpc-user-files: the certificate and key files of a private connection, read as its user.
 *
 * nm-l2tpc-service runs as root. A connection that connection.permissions restricts to users
 * ("user:alice") belongs to them, and whoever can edit it must not get a root-only file (an SSH
 * host key, another user's key) read on their behalf (CVE-2025-9615). So before the engine
 * starts, every file such a connection names (machine-cert/-key/-ca, user-cert/-key/-ca) is
 * read by a child process that has dropped to each user of the list in turn (its uid, gid and
 * groups); the bytes come back over a pipe, and the engine gets them through its read_file hook
 * instead of opening the paths itself. A connection for all users (no permissions) is the
 * administrator's, and its files are read by the service as before.
 */
#pragma once

#include <NetworkManager.h>

#include "l2tpc-failure.h"
#include "profile.h"

struct nm_l2tpc_user_files;

/**
 * Reads the files @p names as each user in @connection's permissions. Returns 0 with a new set
 * in @out, or with @out NULL when the connection is not restricted to users; or -errno with one
 * sentence in @sentence (g_free it) naming the setting, the file and the user.
 */
int nm_l2tpc_user_files_read(NMConnection *connection, const struct l2tpc_profile *p,
			     struct nm_l2tpc_user_files **out, char **sentence);

/** The engine's read_file hook (struct l2tpc_engine_options): a copy of a file read above. */
int nm_l2tpc_user_files_get(const char *path, const char *setting, uint8_t **data, size_t *len,
			    struct l2tpc_failure *f, void *ud);

/** Wipes the bytes and frees the set; NULL is allowed. */
void nm_l2tpc_user_files_free(struct nm_l2tpc_user_files *uf);
