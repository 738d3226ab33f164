/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipsec-mac: which mandatory access control module confines charon, and how.
 *
 * Debian and Ubuntu ship an AppArmor profile for /usr/lib/ipsec/charon (package
 * strongswan-charon) that desktops enforce; Fedora's SELinux policy runs charon in the ipsec_t
 * domain. Either may keep the private charon from starting. This module reads what the kernel
 * says (the AppArmor profile list, the SELinux enforce flag and the binary's file context) so
 * that a failed start, and `l2tpc doctor`, can name the module and say what to do
 * (docs/security-modules.md). The parsers are pure and unit tested.
 */
#pragma once

#include <stdbool.h>

#include "ipsec-errors.h"

enum ipsec_mac_module {
	IPSEC_MAC_NONE,
	IPSEC_MAC_APPARMOR,
	IPSEC_MAC_SELINUX,
};

/* What confines a binary when it is executed. */
struct ipsec_mac {
	enum ipsec_mac_module module;
	bool enforcing; /* denials are enforced, not only logged */
	char *label;	/* AppArmor profile name, SELinux file context; NULL with IPSEC_MAC_NONE */
};

/** Fills @mac for the executable @binary on this machine; clear it with ipsec_mac_clear(). */
void ipsec_mac_probe(const char *binary, struct ipsec_mac *mac);
void ipsec_mac_clear(struct ipsec_mac *mac);
/**
 * For a charon (@binary) that did not start: IPSEC_DAEMON_APPARMOR or IPSEC_DAEMON_SELINUX with
 * @label set (newly allocated) when an enforcing module confines it, else
 * IPSEC_DAEMON_START_FAILED.
 */
enum ipsec_daemon_problem ipsec_mac_start_problem(const char *binary, char **label);
/** Logs the AppArmor profile process @pid runs under, if any (where a denial would come from). */
void ipsec_mac_log_label(const char *pid);

/* ---- pure helpers (unit tested) ---- */

/**
 * Looks up the profile for @binary in the text of /sys/kernel/security/apparmor/profiles
 * ("NAME (MODE)" lines). Returns its mode ("enforce", "complain", ...; newly allocated) or
 * NULL when no profile is named after @binary.
 */
char *ipsec_mac_apparmor_mode(const char *profiles, const char *binary);
/**
 * The AppArmor profile name a process runs under, from its /proc/PID/attr/current text
 * ("NAME (MODE)\n" or "unconfined\n"); NULL when unconfined. @mode may be NULL.
 */
char *ipsec_mac_apparmor_label(const char *attr_current, char **mode);
