/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cli-secrets: secrets for `l2tpc up` that are not in the profile, from a file descriptor or a
 * prompt on the terminal, never from argv or the environment.
 *
 * --secrets-fd N reads lines until EOF. Two line forms are accepted:
 *   password=s3cret                   (a profile key, as in the profile's [vpn-secrets] group)
 *   vpn.secrets.password:s3cret       (nmcli's passwd-file form, so one file serves both)
 * Blank lines and lines starting with '#' are skipped. Values are kept in a table whose
 * destructor wipes them.
 */
#pragma once

#include <glib.h>

/** A table key → value whose values are wiped when removed or when the table is destroyed. */
GHashTable *cli_secrets_table_new(void);

/** Parses @data (pure); 0, or -EINVAL with *@sentence naming the bad line number. */
int cli_secrets_parse(const char *data, size_t len, GHashTable *out, char **sentence);

/** Reads @fd to EOF (at most 64 KiB) and parses it; closes nothing. */
int cli_secrets_read_fd(int fd, GHashTable *out, char **sentence);

/** Asks on /dev/tty with echo off; -ENOTTY when there is no terminal. */
int cli_secrets_prompt(const char *question, char **out);
