/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * engine-ipsec: the engine's IPsec step. Up: acquire charon (system or private), load the
 * credentials and the connection, initiate the CHILD_SA and check it is TRANSPORT
 * (client/ipsec/ipsec-conn); then bind the L2TP socket to that SA. Down: block the socket,
 * terminate, unload what was loaded, release charon. Private to client/engine/.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine-event.h"
#include "net-resolve.h"
#include "l2tpc-failure.h"

struct l2tpc_profile;
struct l2tp_udp;
struct engine_ipsec;

struct engine_ipsec_params {
	const struct l2tpc_profile *profile;
	const char *rundir; /* for a private charon */
	/* reads the profile's certificate files (engine.h's read_file); NULL: open them here */
	int (*read_file)(const char *path, const char *setting, uint8_t **data, size_t *len,
			 struct l2tpc_failure *f, void *ud);
	void *read_file_ud;
	const struct net_addr *gw, *local;
	struct l2tp_udp *udp; /* the L2TP socket the SA will carry */
};

/**
 * @params is copied (its pointers are borrowed for the life of the step). Reports
 * ENGINE_EV_IPSEC_INITIATING (IKE runs in charon now: a moment for work that must not delay
 * charon's start), _UP and _DOWN (the end of engine_ipsec_up() and engine_ipsec_down()), _LOST
 * (the SA went away on its own: the gateway deleted it, DPD, charon died) and ENGINE_EV_FAIL
 * (the L2TP server answered from a port outside the SA, after engine_ipsec_bind()).
 */
struct engine_ipsec *engine_ipsec_new(const struct engine_ipsec_params *params,
				      engine_event_fn report, void *ud);
/** Frees; an SA that is up must be brought down first (or it stays in charon). */
void engine_ipsec_free(struct engine_ipsec *s);

/** Starts bringing the SA up; 0 (ENGINE_EV_IPSEC_UP follows), or -errno with @f set. */
int engine_ipsec_up(struct engine_ipsec *s, struct l2tpc_failure *f);
/** After up: ties the L2TP socket to the SA (it carries nothing else) and watches for an L2TP
 * server that moves outside it. */
int engine_ipsec_bind(struct engine_ipsec *s, struct l2tpc_failure *f);
/** Blocks the L2TP socket, terminates and unloads; ENGINE_EV_IPSEC_DOWN follows. Not while busy. */
void engine_ipsec_down(struct engine_ipsec *s);
/** engine_ipsec_down() towards a gateway known dead or out of reach (ipsec_conn_drop()). */
void engine_ipsec_drop(struct engine_ipsec *s);
/** True while an up or a down is in flight. */
bool engine_ipsec_busy(const struct engine_ipsec *s);
/** True when something was loaded into charon that down must remove. */
bool engine_ipsec_loaded(const struct engine_ipsec *s);
