/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipsec-peer-name: does the server's certificate name the gateway the user entered?
 *
 * With certificates and no ipsec-remote-id, charon accepts any identity whose certificate
 * chains to the trusted CA; where that CA also issues client certificates (the corporate
 * case), an employee's certificate could stand in for the gateway. Windows and browsers check
 * that the server's certificate names the address the user typed (subjectAltName DNS or IP);
 * so do we (profile key ipsec-check-server-name).
 *
 * charon cannot be asked to: IKEv1 main mode compares the IDir the server sends with the
 * configured remote id strictly (main_mode.c), and most servers send their certificate's DN,
 * so remote id = the gateway name would refuse them. So once the IKE SA is authenticated
 * (before any L2TP packet), we ask charon: which certificates it holds for the identity the
 * server authenticated as (the server's certificate, from its cache) and which name the
 * gateway (list-certs with a subject filter, matched by charon's own subjectAltName code). The
 * server passes when one certificate is in both answers and is not our own.
 */
#pragma once

#include <glib.h>

#include "l2tpc-failure.h"
#include "vici-client.h"

struct ipsec_peer_name;

/** @failure is NULL when the server's certificate names the gateway. */
typedef void (*ipsec_peer_name_done_fn)(const struct l2tpc_failure *failure, void *user_data);

struct ipsec_peer_name_params {
	const char *server_name; /* the gateway as the user entered it: host name or address */
	const char *remote_id;	 /* the identity the server authenticated as (list-sas) */
	const char *gateway;	 /* the address we connected to, for the sentence */
	GBytes *own_cert;	 /* our certificate (DER), never taken as the server's */
};

/**
 * Starts the check on @ctl (an open control connection, not owned); @done runs once, later.
 * Free the check after @done ran, or after freeing @ctl (which drops the pending requests).
 */
struct ipsec_peer_name *ipsec_peer_name_check(struct vici_client *ctl,
					      const struct ipsec_peer_name_params *p,
					      ipsec_peer_name_done_fn done, void *user_data);
void ipsec_peer_name_free(struct ipsec_peer_name *pn);

/* ---- pure parts, unit tested ---- */

/**
 * Whether a certificate (DER blobs) is in both @by_id and @by_name and is not @own (may be
 * NULL).
 */
bool ipsec_peer_name_match(GPtrArray *by_id, GPtrArray *by_name, GBytes *own);
/** The failure when the server's certificate does not name @p->server_name. */
void ipsec_peer_name_failure(const struct ipsec_peer_name_params *p, struct l2tpc_failure *f);
