// SPDX-License-Identifier: GPL-2.0-or-later
/* l2tpc-editor-validate.c: the editor asks the client's profile validator. */
#include "config.h"

#include "l2tpc-editor-validate.h"

#include <glib/gi18n-lib.h>

#include "profile.h"

bool l2tpc_editor_validate(const char *key, const char *value, char **sentence)
{
	return l2tpc_profile_value_validate(key, value, sentence);
}

bool l2tpc_editor_validate_missing(const char *key, char **sentence)
{
	if (!l2tpc_profile_value_validate(key, "", sentence))
		return false;
	if (sentence)
		*sentence = g_strdup_printf(_("%s is required: fill it in before saving."), key);
	return false;
}
