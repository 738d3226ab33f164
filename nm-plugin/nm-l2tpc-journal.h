/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nm-l2tpc-journal: the failure sentence where nmcli's hint sends the user.
 *
 * A failed `nmcli connection up` ends with "Hint: use 'journalctl -xe NM_CONNECTION=<uuid> +
 * NM_DEVICE=...' to get more details." NetworkManager's own lines carry those fields; the
 * service's stderr, which NetworkManager's unit collects, does not. So the service also sends
 * its failure sentence straight to journald's native socket with NM_CONNECTION set, and the
 * command nmcli suggests shows it. Without journald (no socket) nothing is sent.
 */
#pragma once

#define NM_L2TPC_JOURNAL_SOCKET "/run/systemd/journal/socket"

/**
 * Sends one error entry to the journal socket @path (NULL: journald's): MESSAGE="@id: @sentence",
 * PRIORITY=3, SYSLOG_IDENTIFIER=nm-l2tpc-service, NM_CONNECTION=@uuid and L2TPC_FAILURE=@klass
 * (the failure class's name; NULL leaves it out). Returns 0 or -errno (-ENOENT: no journald).
 */
int nm_l2tpc_journal_failure(const char *path, const char *uuid, const char *id, const char *klass,
			     const char *sentence);
