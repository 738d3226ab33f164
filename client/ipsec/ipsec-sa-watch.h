/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipsec-sa-watch: what charon says about one connection's SAs on the control VICI connection.
 *
 * It follows the ike-updown and child-updown events (the gateway or DPD closing the SA) and the
 * connection itself dying under us (charon gone), and lists the SAs (list-sas) until the
 * CHILD_SA is INSTALLED in transport mode: the initiate reply can overtake that move, so it
 * looks a few times before it believes otherwise.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "l2tpc-failure.h"
#include "vici-client.h"

/* What list-sas said about the CHILD_SA we initiated. */
struct ipsec_sa_watch_child {
	bool transport;	  /* seen INSTALLED in transport mode */
	char *mode;	  /* the mode of the last listing, or NULL: not listed */
	char *state;	  /* and its state */
	uint32_t reqid;	  /* the kernel reqid of the installed transport SA */
	uint16_t port_lo; /* server UDP ports its remote traffic selector covers */
	uint16_t port_hi;
	bool ipcomp;   /* it carries IPComp (list-sas names its CPIs) */
	char *peer_id; /* the identity the server authenticated as */
};

struct ipsec_sa_watch;

/**
 * The SA went away on its own (@f says why) or, with @charon_gone, the control connection died
 * (charon stopped or answered garbage). Runs at any time after ipsec_sa_watch_new().
 */
typedef void (*ipsec_sa_watch_lost_fn)(const struct l2tpc_failure *f, bool charon_gone,
				       void *user_data);
/** The listing is over: @error is NULL, or why list-sas failed (@malformed: not VICI). */
typedef void (*ipsec_sa_watch_listed_fn)(const char *error, bool malformed, void *user_data);

/**
 * Watches connection @name (for @gateway's sentences) on the connected @ctl, which must outlive
 * the watch or be freed first.
 */
struct ipsec_sa_watch *ipsec_sa_watch_new(struct vici_client *ctl, const char *name,
					  const char *gateway, ipsec_sa_watch_lost_fn lost,
					  void *user_data);
/**
 * Lists the SAs until CHILD_SA @child is INSTALLED in transport mode or the tries run out, then
 * calls @done once (unless the watch is freed or the listing cancelled first).
 */
void ipsec_sa_watch_list(struct ipsec_sa_watch *w, const char *child, ipsec_sa_watch_listed_fn done,
			 void *user_data);
/** Cancels a listing in progress; its @done never runs. */
void ipsec_sa_watch_cancel(struct ipsec_sa_watch *w);
/** What the listings found. */
const struct ipsec_sa_watch_child *ipsec_sa_watch_child(const struct ipsec_sa_watch *w);
/** How long the listing looks before it believes the SA is not coming, in ms. */
unsigned int ipsec_sa_watch_patience_ms(void);
void ipsec_sa_watch_free(struct ipsec_sa_watch *w);
