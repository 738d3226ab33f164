/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * profile-load: reads a profile file and hands its bytes to the pure parser (profile.h).
 *
 * The one place that touches the file system: it refuses a file that holds secrets while
 * other users may read it, and names the profile after its file when [connection] id is absent.
 */
#pragma once

#include <glib.h>

#include "profile.h"

/**
 * Loads and parses @path. Returns 0 with the profile in @out, or -errno with one sentence in
 * @sentence naming the file: -ENOENT/-EACCES (cannot open), -EISDIR, -EFBIG (over 1 MiB),
 * -EINVAL (not a valid profile), -EPERM (secrets in a file other users can read: the sentence
 * says to run chmod 600 on it). @warnings (may be NULL) gets the parser's warnings.
 */
int l2tpc_profile_load_file(const char *path, struct l2tpc_profile **out, GPtrArray *warnings,
			    char **sentence);
