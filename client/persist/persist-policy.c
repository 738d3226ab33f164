// SPDX-License-Identifier: GPL-2.0-or-later
/* persist-policy: which endings a persistent connection retries, and the backoff schedule. */
#include "persist-policy.h"

bool persist_policy_retry(enum l2tpc_failure_class klass)
{
	switch (klass) {
	case L2TPC_FAILURE_RESOLVE:	      /* no DNS while the network is down */
	case L2TPC_FAILURE_IPSEC_UNREACHABLE: /* no route, or no IKE answer yet */
	case L2TPC_FAILURE_L2TP:	      /* tunnel timed out or torn down */
	case L2TPC_FAILURE_PPP:		      /* dead peer (LCP echo), pppd's link dropped */
	case L2TPC_FAILURE_PEER_DISCONNECT:   /* the server hung up a working connection */
		return true;
	case L2TPC_FAILURE_NONE:
	case L2TPC_FAILURE_INTERNAL:
	case L2TPC_FAILURE_CONFIG:
	case L2TPC_FAILURE_IPSEC_PROPOSAL:
	case L2TPC_FAILURE_IPSEC_AUTH:
	case L2TPC_FAILURE_IPSEC_DAEMON:
	case L2TPC_FAILURE_PPP_AUTH:
	case L2TPC_FAILURE_IP_CONFIG:
	case L2TPC_FAILURE_SYSTEM:
		return false;
	}
	return false;
}

unsigned persist_policy_delay_s(unsigned attempt, unsigned max_s)
{
	unsigned d = 1;

	if (attempt <= 1)
		return 0;
	for (unsigned i = 2; i < attempt && d < max_s; i++)
		d *= 2;
	return d < max_s ? d : max_s;
}
