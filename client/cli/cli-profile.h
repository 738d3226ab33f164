/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cli-profile: finding and loading the profile named on the command line. */
#pragma once

struct l2tpc_profile;

/**
 * Loads @arg: a path, or a bare name looked up as /etc/l2tpc/NAME(.conf) and
 * $XDG_CONFIG_HOME/l2tpc/NAME(.conf). Prints warnings and the error sentence; returns 0 or the
 * exit code.
 */
int cli_profile_load(const char *arg, struct l2tpc_profile **out);

/** "Password", "IPsec pre-shared key", ... for a secret key name (prompts). */
const char *cli_profile_secret_label(const char *key);

/** auto/netlink/legacy/userspace → -1 or enum l2tp_dataplane_kind; -EINVAL otherwise. */
int cli_profile_parse_dataplane(const char *s, int *out);
