// SPDX-License-Identifier: GPL-2.0-or-later
/* nm-l2tpc-auth-keyring.c: secrets the user's keyring keeps for NetworkManager.
 *
 * nm-applet's secret agent stores agent-owned secrets (flags 1) in the Secret Service under the
 * schema org.freedesktop.NetworkManager.Connection with three attributes: the connection's
 * UUID, the setting name ("vpn") and the key. NetworkManager-l2tp's dialog looks there before
 * asking, so a password saved "for this user" is not asked again; so do we. The schema name is
 * not matched: older stores wrote the attributes under a generic schema.
 */
#include "config.h"

#include <libsecret/secret.h>
#include <NetworkManager.h>

#include "nm-l2tpc-auth-dialog.h"

static const SecretSchema auth_keyring_schema = {
	"org.freedesktop.NetworkManager.Connection",
	SECRET_SCHEMA_DONT_MATCH_NAME,
	{
		{ "connection-uuid", SECRET_SCHEMA_ATTRIBUTE_STRING },
		{ "setting-name", SECRET_SCHEMA_ATTRIBUTE_STRING },
		{ "setting-key", SECRET_SCHEMA_ATTRIBUTE_STRING },
		{ NULL, 0 },
	},
};

char *nm_l2tpc_auth_keyring_lookup(const char *uuid, const char *key)
{
	g_autoptr(GError) error = NULL;
	g_autofree char *bus = g_build_filename(g_get_user_runtime_dir(), "bus", NULL);
	char *secret, *copy;

	/* Without a session bus there is no keyring to ask (a console, a system agent); GDBus
	 * would try to start one. */
	if (!g_getenv("DBUS_SESSION_BUS_ADDRESS") && !g_file_test(bus, G_FILE_TEST_EXISTS))
		return NULL;
	secret = secret_password_lookup_nonpageable_sync(
		&auth_keyring_schema, NULL, &error, "connection-uuid", uuid, "setting-name",
		NM_SETTING_VPN_SETTING_NAME, "setting-key", key, NULL);
	if (error)
		g_debug("keyring lookup of %s: %s", key, error->message);
	if (!secret)
		return NULL;
	/* out of libsecret's locked memory into ours, which the caller wipes */
	copy = g_strdup(secret);
	secret_password_free(secret);
	return copy;
}
