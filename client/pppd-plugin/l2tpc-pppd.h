/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * l2tpc-pppd: pppd's base headers as the plugin's files need them, for pppd 2.4.9 (Debian's
 * ppp-dev) and pppd >= 2.5. L2TPC_PPPD_25 says which: PPPD_VERSION only exists in 2.5's
 * pppdconf.h. Include it before any header that pulls in <stdbool.h>.
 */
#pragma once

/* Debian builds pppd 2.4.9 with IPv6 support; its headers need INET6 to say so. */
#define INET6 1
/* pppd 2.4.9 typedefs bool itself: its headers must come before <stdbool.h>. */
#include <pppd/pppd.h>
#if defined(PPPD_VERSION)
#define L2TPC_PPPD_25 1
#include <pppd/options.h>
#else
#define L2TPC_PPPD_25 0
#endif
