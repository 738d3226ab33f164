// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Fuzzes the IP settings import of a NetworkManager-l2tp export (nm-l2tpc-ip-import): no crash,
 * and a refusal always comes with one sentence on one line.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nm-l2tpc-ip-import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autoptr(GKeyFile) kf = g_key_file_new();
	g_autoptr(NMConnection) c = NULL;
	g_autofree char *sentence = NULL;

	if (!g_key_file_load_from_data(kf, (const char *)data, size, G_KEY_FILE_NONE, NULL))
		return 0;
	c = nm_simple_connection_new();
	if (nm_l2tpc_ip_import(kf, c, &sentence) < 0 &&
	    (!sentence || !sentence[0] || strchr(sentence, '\n') ||
	     !g_str_has_suffix(sentence, ".")))
		abort();
	return 0;
}
