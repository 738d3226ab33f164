/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nm-l2tpc-settings: the translations between NetworkManager and the client library.
 *
 * NetworkManager hands the service an NMConnection (data items, secrets, IP settings); the engine
 * wants a struct l2tpc_profile. The engine answers with a struct l2tpc_ip_config or a failure;
 * NetworkManager wants a{sv} dictionaries and an NMVpnPluginFailure. Nothing here talks D-Bus or
 * touches the system, so the unit tests call it directly.
 */
#pragma once

#include <NetworkManager.h>

#include "engine.h"
#include "l2tpc-failure.h"
#include "profile.h"

/**
 * Builds a profile from @connection: the vpn data items and secrets through l2tpc_profile_set()
 * (unknown keys become warnings), the id and uuid, vpn.user-name when there is no "user" item,
 * and ipv4.never-default / ipv6.method. Returns 0 with the profile in @out, or -EINVAL with one
 * sentence in @sentence (g_free it). Secrets may still be missing: see
 * l2tpc_profile_missing_secrets(). @warnings may be NULL.
 */
int nm_l2tpc_settings_to_profile(NMConnection *connection, struct l2tpc_profile **out,
				 GPtrArray *warnings, char **sentence);

/** NetworkManager's failure reason for a failure class (login, IP config, or connect failed). */
NMVpnPluginFailure nm_l2tpc_settings_failure_reason(enum l2tpc_failure_class klass);

/** A secret key's name in words, translated ("ipsec-psk" -> "IPsec pre-shared key"). */
const char *nm_l2tpc_settings_secret_label(const char *key);

/** The generic config (tundev, external gateway, MTU, has-ip4/has-ip6) as a floating a{sv}. */
GVariant *nm_l2tpc_settings_config(const struct l2tpc_ip_config *ip);

/** The IPv4 config (address, peer, /32, DNS, never-default) as a floating a{sv}; NULL when PPP
 * negotiated no IPv4 or an address does not parse. */
GVariant *nm_l2tpc_settings_ip4_config(const struct l2tpc_ip_config *ip, bool never_default);

/** The IPv6 config from IPV6CP's interface identifiers (link-local /64 and peer) as a floating
 * a{sv}; NULL when IPV6CP did not run. */
GVariant *nm_l2tpc_settings_ip6_config(const struct l2tpc_ip_config *ip, bool never_default);

/**
 * Builds a new NetworkManager connection of type l2tpc from @p: [connection] id and uuid (a new
 * uuid when @p has none), the vpn data items that differ from the defaults (the keys of
 * l2tpc_profile_keyfile_text()), ipv4.never-default and ipv4.ignore-auto-dns; the secrets too
 * when @with_secrets. Returns the connection (g_object_unref it).
 */
NMConnection *nm_l2tpc_settings_from_profile(const struct l2tpc_profile *p, bool with_secrets);
