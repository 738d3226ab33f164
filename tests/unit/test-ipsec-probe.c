// SPDX-License-Identifier: GPL-2.0-or-later
/* The probe's reading of charon's control-log lines (the lines are charon 5.9's, as seen in the
 * cli-probe guest scenario). */
#include <glib.h>

#include "ipsec-probe.h"

static const struct {
	const char *line;
	enum ipsec_probe_verdict verdict;
} cases[] = {
	{ "generating ID_PROT request 0 [ KE No NAT-D NAT-D ]", IPSEC_PROBE_ACCEPTED },
	{ "generating ID_PROT request 0 [ SA V V V V V ]", IPSEC_PROBE_UNKNOWN },
	{ "received NO_PROPOSAL_CHOSEN error notify", IPSEC_PROBE_REJECTED },
	{ "parsed INFORMATIONAL_V1 request 2185213843 [ N(NO_PROP) ]", IPSEC_PROBE_REJECTED },
	{ "sending packet: from 192.0.2.2[500] to 192.0.2.1[500] (180 bytes)",
	  IPSEC_PROBE_UNKNOWN },
	{ "", IPSEC_PROBE_UNKNOWN },
	{ NULL, IPSEC_PROBE_UNKNOWN },
};

static void test_classify(void)
{
	for (unsigned i = 0; i < G_N_ELEMENTS(cases); i++)
		g_assert_cmpint(ipsec_probe_classify_line(cases[i].line), ==, cases[i].verdict);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/ipsec-probe/classify", test_classify);
	return g_test_run();
}
