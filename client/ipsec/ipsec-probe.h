/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipsec-probe: which IKEv1 and ESP proposals does a gateway accept?
 *
 * charon's IKEv1 initiator offers only the first algorithm of each kind per proposal, so a
 * server that rejects our list rejects every combination we wrote down. The probe offers the
 * proposals one at a time in main mode.
 *
 * With the profile's pre-shared key each try runs to the end: an accepted IKE proposal
 * authenticates (and brings up an ESP SA with the default ESP proposals), then the first
 * accepted IKE proposal carries one Quick Mode per ESP proposal; every SA is deleted again, so
 * the server keeps no half-open exchange. Without a key the probe tests IKE only, with a
 * throw-away key: the server keeps each accepted try half-open until its own timeout, so the
 * probe never has more than IPSEC_PROBE_HALF_OPEN_MAX of them open at once (strongSwan drops
 * a client above 5) and waits for the oldest to expire before the next.
 */
#pragma once

#include <stdint.h>

#include "ipsec-charon.h"
#include "l2tpc-failure.h"

enum ipsec_probe_kind {
	IPSEC_PROBE_IKE,
	IPSEC_PROBE_ESP,
};

enum ipsec_probe_verdict {
	IPSEC_PROBE_UNKNOWN,
	IPSEC_PROBE_ACCEPTED,
	IPSEC_PROBE_REJECTED,
};

/** Reads one charon control-log line of a main-mode initiation (pure). */
enum ipsec_probe_verdict ipsec_probe_classify_line(const char *line);

struct ipsec_probe;

/** One proposal's verdict, in the order offered. */
typedef void (*ipsec_probe_result_fn)(enum ipsec_probe_kind kind, const char *proposal,
				      enum ipsec_probe_verdict verdict, void *user_data);
/**
 * The probe is over: @ike and @esp list the accepted proposals comma-separated (maybe empty;
 * @esp is NULL when ESP was not probed), also when it ended early; @failure is set when the
 * probe could not finish (gateway silent, wrong key, no charon).
 */
typedef void (*ipsec_probe_done_fn)(const char *ike, const char *esp,
				    const struct l2tpc_failure *failure, void *user_data);
/** Optional progress note ("waiting 12 s ..."), for the user. */
typedef void (*ipsec_probe_note_fn)(const char *note, void *user_data);

/* Without a key, accepted tries left half-open at the server at once (strongSwan's
 * charon.block_threshold is 5 per client address) and how long the server keeps one
 * (strongSwan's half_open_timeout, 30 s). */
#define IPSEC_PROBE_HALF_OPEN_MAX 4
#define IPSEC_PROBE_HALF_OPEN_MS  31000

struct ipsec_probe_params {
	const char *remote_addr;   /* resolved gateway address */
	const char *local_addr;	   /* our address towards it */
	const char *proposals;	   /* IKE, comma-separated; NULL: ipsec_proposals_default_ike() */
	const char *esp_proposals; /* comma-separated; NULL: ipsec_proposals_default_esp() */
	const char *psk;	   /* the profile's key (copied); NULL: IKE only, throw-away key */
	size_t psk_len;
	unsigned int timeout_s; /* per proposal; 0: 10 */
	const struct ipsec_charon_options *charon;
};

/**
 * How long to wait before the next try when the accepted tries of a keyless probe started at
 * @started_ms (oldest first, @n of them) may still be half-open at the server (pure).
 */
uint64_t ipsec_probe_half_open_wait_ms(const uint64_t *started_ms, unsigned int n, uint64_t now_ms);

struct ipsec_probe *ipsec_probe_start(const struct ipsec_probe_params *p,
				      ipsec_probe_result_fn result, ipsec_probe_done_fn done,
				      void *user_data);
void ipsec_probe_set_note_handler(struct ipsec_probe *probe, ipsec_probe_note_fn note);
/** Frees the probe; a try in flight is abandoned (its done callback does not run). */
void ipsec_probe_free(struct ipsec_probe *probe);
