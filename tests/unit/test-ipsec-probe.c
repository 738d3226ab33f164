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

/* Without a key, never more than IPSEC_PROBE_HALF_OPEN_MAX accepted tries open at the server
 * at once: the next waits for the oldest to expire there. */
static void test_half_open_wait(void)
{
	const uint64_t t[] = { 1000, 2000, 3000, 4000, 40000 };

	g_assert_cmpuint(ipsec_probe_half_open_wait_ms(t, 0, 5000), ==, 0);
	g_assert_cmpuint(ipsec_probe_half_open_wait_ms(t, 3, 5000), ==, 0);
	/* four open: wait until the first (1000) has expired */
	g_assert_cmpuint(ipsec_probe_half_open_wait_ms(t, 4, 5000), ==,
			 1000 + IPSEC_PROBE_HALF_OPEN_MS - 5000);
	g_assert_cmpuint(ipsec_probe_half_open_wait_ms(t, 4, 1000 + IPSEC_PROBE_HALF_OPEN_MS), ==,
			 0);
	/* the first expired, four still open (2000..40000 at 41000): wait for 2000's */
	g_assert_cmpuint(ipsec_probe_half_open_wait_ms(t, 5, 32500), ==,
			 2000 + IPSEC_PROBE_HALF_OPEN_MS - 32500);
	g_assert_cmpuint(IPSEC_PROBE_HALF_OPEN_MAX, <, 5); /* strongSwan's block_threshold */
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/ipsec-probe/classify", test_classify);
	g_test_add_func("/ipsec-probe/half-open-wait", test_half_open_wait);
	return g_test_run();
}
