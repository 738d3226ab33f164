/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * profile-import: reads the files NetworkManager-l2tp's "Export..." writes.
 *
 * Those files are INI text: [connection] id (old versions: name), [vpn] with the data keys and
 * booleans written true/false, and [ipv4]/[ipv6] (old versions: [ip4]) with NetworkManager's IP
 * settings. The [vpn] keys go through the profile validator; plasma-nm's use-cert, cert-ca,
 * cert-pub and cert-key become machine-auth-type=tls, machine-ca, machine-cert and machine-key.
 * A file that does not name ipsec-enabled or refuse-pap gets l2tpc's defaults (IPsec on, PAP
 * refused), although NetworkManager-l2tp wrote them only when yes: an import makes a new
 * connection, and a new connection starts protected (docs/profile-keys.md).
 * Pure: bytes in, profile out.
 */
#pragma once

#include <stddef.h>
#include <glib.h>

#include "profile.h"

/**
 * Imports a NetworkManager-l2tp export from @data (@len bytes). Returns 0 with the profile in
 * @out, or -EINVAL with one sentence in @sentence. @warnings (may be NULL) gets unknown keys and
 * each IP setting that an l2tpc profile does not hold (DNS servers, search domains, routes,
 * addressing method), which NetworkManager keeps in its own settings.
 */
int l2tpc_profile_import_nm_conf(const char *data, size_t len, struct l2tpc_profile **out,
				 GPtrArray *warnings, char **sentence);
