// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ipsec-conn-name: the name of a profile's connection in charon (see ipsec-conn.h).
 */
#include <string.h>

#include "ipsec-conn.h"

char *ipsec_conn_name_for(const char *profile_id)
{
	GString *s = g_string_new(IPSEC_CONN_PREFIX);

	for (const char *p = profile_id ? profile_id : ""; *p && s->len < 200; p++)
		g_string_append_c(s, g_ascii_isalnum(*p) || strchr("._-", *p) ? *p : '_');
	return g_string_free(s, FALSE);
}
