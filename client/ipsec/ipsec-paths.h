/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipsec-paths: where this distribution installed strongSwan's charon, its plugins and
 * libcharon. A path configured at build time (meson option charon_path) wins; otherwise the
 * known locations are searched at run time (docs/dependencies.md):
 *   Debian, Ubuntu      /usr/lib/ipsec/charon, plugins in /usr/lib/ipsec/plugins
 *   Fedora, RHEL        /usr/libexec/strongswan/charon, /usr/lib64/strongswan/plugins
 *   Arch                /usr/lib/strongswan/charon, /usr/lib/ipsec/plugins
 *   openSUSE            /usr/lib/ipsec/charon, /usr/lib64/ipsec/plugins
 *   strongSwan's own    /usr/libexec/ipsec/charon, /usr/lib/ipsec/plugins
 */
#pragma once

#include <stdbool.h>

struct ipsec_paths {
	char *charon; /* the first one found, else the first known location */
	char *plugin_dir;
	char *libcharon;
};

/** Fills @p for this machine (@configured: a build-time charon path, or "" / NULL). */
void ipsec_paths_find(const char *configured, struct ipsec_paths *p);
void ipsec_paths_clear(struct ipsec_paths *p);

/** ipsec_paths_find() with a test seam: @exists(path) says whether a file or folder is there. */
void ipsec_paths_find_with(const char *configured, bool (*exists)(const char *path),
			   struct ipsec_paths *p);
