/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * l2tpc-i18n: gettext for client/ and the CLI.
 *
 * _() translates a sentence a user sees (failure sentences, CLI messages, profile warnings) in
 * the text domain GETTEXT_PACKAGE ("l2tpc"); N_() marks a string in a static table that is
 * translated where it is used. Log lines at debug/info level stay English: they are for bug
 * reports. The program that shows the sentences binds the domain (the CLI in l2tpc.c, the
 * NetworkManager service and the editor in their own main/init code).
 */
#pragma once

#include "config.h"

#include <glib/gi18n-lib.h>
