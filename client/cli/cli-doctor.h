/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cli-doctor: `l2tpc doctor`, what a connection needs on this machine, one line per item
 * (docs/cli.md). The readers of system files below are pure, for the unit test.
 */
#pragma once

#include <stdbool.h>

/* The distribution families whose package names the doctor knows. */
enum cli_doctor_distro {
	CLI_DOCTOR_DEBIAN,
	CLI_DOCTOR_UBUNTU,
	CLI_DOCTOR_FEDORA,
	CLI_DOCTOR_ARCH,
	CLI_DOCTOR_SUSE,
	CLI_DOCTOR_OTHER,
};

/** The family of an /etc/os-release text (ID, then ID_LIKE). */
enum cli_doctor_distro cli_doctor_distro(const char *os_release);

/**
 * True if a modprobe.d text keeps @module from loading: "blacklist MODULE" (which stops
 * autoloading) or "install MODULE /bin/false" (or /bin/true, which stops it altogether).
 */
bool cli_doctor_blacklisted(const char *modprobe_conf, const char *module);

/** True if a modules.dep / modules.builtin text lists @module (dashes and underscores alike). */
bool cli_doctor_module_listed(const char *modules_dep, const char *module);

/**
 * The socket inode of a /proc/net/udp(6) line bound to local @port, 0 if none; the first one.
 */
unsigned long cli_doctor_udp_inode(const char *proc_net_udp, unsigned int port);

/** True if an AppArmor profile text has a rule for /run/charon.* (or /{,var/}run/charon.*). */
bool cli_doctor_profile_allows_run_charon(const char *profile);

int cli_doctor(int argc, char **argv);
