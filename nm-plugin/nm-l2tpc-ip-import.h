/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nm-l2tpc-ip-import: the IP settings of a NetworkManager-l2tp export.
 *
 * An l2tpc profile holds the VPN keys (and never-default, ignore-auto-dns); the rest of an
 * export's [ipv4] (or the old [ip4]) and [ipv6] groups are NetworkManager's own IP settings,
 * which NetworkManager-l2tp's importer keeps: method, dns, dns-search, routes
 * ("DEST/PREFIX [via HOP] [metric N]", ';'-separated like every list), ignore-auto-routes,
 * ignore-auto-dns, never-default and, for IPv4, dhcp-send-hostname. The file is untrusted: every
 * value is checked (tests/fuzz/fuzz-nm-ip-import.c).
 */
#pragma once

#include <NetworkManager.h>

/**
 * Sets those keys of @kf on @c's ipv4/ipv6 settings (added when missing). Returns 0, or -EINVAL
 * with one sentence in @sentence (g_free it) naming the group, key and value; @c may then hold
 * part of the settings.
 */
int nm_l2tpc_ip_import(GKeyFile *kf, NMConnection *c, char **sentence);
