// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Which security module confines charon (see ipsec-mac.h).
 */
#include <string.h>
#include <sys/xattr.h>

#include <glib.h>

#include "ipsec-mac.h"
#include "l2tpc-log.h"

#define LOG "ipsec"

#define APPARMOR_PROFILES "/sys/kernel/security/apparmor/profiles"
#define SELINUX_ENFORCE	  "/sys/fs/selinux/enforce"

/* "NAME (MODE)" → NAME and MODE; false for anything else. */
static bool ipsec_mac_split(const char *line, char **name, char **mode)
{
	const char *open = strrchr(line, '(');
	const char *close = open ? strchr(open, ')') : NULL;

	if (!open || !close || open == line || open[-1] != ' ')
		return false;
	*name = g_strndup(line, open - 1 - line);
	*mode = g_strndup(open + 1, close - open - 1);
	return true;
}

char *ipsec_mac_apparmor_mode(const char *profiles, const char *binary)
{
	g_auto(GStrv) lines = g_strsplit(profiles ? profiles : "", "\n", -1);

	for (guint i = 0; lines[i]; i++) {
		g_autofree char *name = NULL;
		char *mode = NULL;

		if (!ipsec_mac_split(lines[i], &name, &mode))
			continue;
		if (strcmp(name, binary) == 0)
			return mode;
		g_free(mode);
	}
	return NULL;
}

char *ipsec_mac_apparmor_label(const char *attr_current, char **mode)
{
	g_autofree char *text = g_strstrip(g_strdup(attr_current ? attr_current : ""));
	g_autofree char *m = NULL;
	char *name = NULL;

	if (mode)
		*mode = NULL;
	if (!*text || strcmp(text, "unconfined") == 0)
		return NULL;
	if (!ipsec_mac_split(text, &name, &m))
		name = g_strdup(text);
	if (mode)
		*mode = g_steal_pointer(&m);
	return name;
}

/* Fedora labels charon ipsec_exec_t; executing it enters the confined ipsec_t domain. */
static char *ipsec_mac_selinux_context(const char *binary)
{
	char buf[256];
	ssize_t n = getxattr(binary, "security.selinux", buf, sizeof(buf) - 1);

	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	return g_strdup(buf);
}

void ipsec_mac_probe(const char *binary, struct ipsec_mac *mac)
{
	g_autofree char *profiles = NULL;
	g_autofree char *enforce = NULL;
	g_autofree char *mode = NULL;

	memset(mac, 0, sizeof(*mac));
	if (g_file_get_contents(APPARMOR_PROFILES, &profiles, NULL, NULL)) {
		mode = ipsec_mac_apparmor_mode(profiles, binary);
		if (mode) {
			mac->module = IPSEC_MAC_APPARMOR;
			mac->enforcing = strcmp(mode, "enforce") == 0;
			mac->label = g_strdup(binary);
			return;
		}
	}
	if (g_file_get_contents(SELINUX_ENFORCE, &enforce, NULL, NULL)) {
		mac->module = IPSEC_MAC_SELINUX;
		mac->enforcing = enforce[0] == '1';
		mac->label = ipsec_mac_selinux_context(binary);
	}
}

void ipsec_mac_clear(struct ipsec_mac *mac)
{
	g_clear_pointer(&mac->label, g_free);
	mac->module = IPSEC_MAC_NONE;
	mac->enforcing = false;
}

enum ipsec_daemon_problem ipsec_mac_start_problem(const char *binary, char **label)
{
	struct ipsec_mac mac;
	enum ipsec_daemon_problem p = IPSEC_DAEMON_START_FAILED;

	*label = NULL;
	ipsec_mac_probe(binary, &mac);
	if (mac.enforcing && mac.module == IPSEC_MAC_APPARMOR)
		p = IPSEC_DAEMON_APPARMOR;
	else if (mac.enforcing && mac.module == IPSEC_MAC_SELINUX)
		p = IPSEC_DAEMON_SELINUX;
	if (p != IPSEC_DAEMON_START_FAILED)
		*label = g_steal_pointer(&mac.label);
	ipsec_mac_clear(&mac);
	return p;
}

void ipsec_mac_log_label(const char *pid)
{
	g_autofree char *path = g_strdup_printf("/proc/%s/attr/current", pid);
	g_autofree char *text = NULL;
	g_autofree char *mode = NULL;
	g_autofree char *label = NULL;

	if (!g_file_get_contents(path, &text, NULL, NULL))
		return;
	label = ipsec_mac_apparmor_label(text, &mode);
	if (label)
		l2tpc_info(LOG,
			   "the private charon (pid %s) runs under the security label %s%s%s%s",
			   pid, label, mode ? " (" : "", mode ? mode : "", mode ? ")" : "");
}
