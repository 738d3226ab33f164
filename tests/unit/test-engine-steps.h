/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fakes of the engine's steps (client/engine/engine-{resolve,routes,ipsec,l2tp,dataplane,ppp}.c)
 * for test-engine: each call is recorded by name in fake_calls(); the test then reports what the
 * real step would (fake_emit() and friends), and the fake keeps the step's state as the real one
 * does (running, open, busy, loaded).
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "engine-event.h"
#include "l2tp-tunnel.h"

void fake_steps_reset(void);
/** Every step function the engine called since the last clear, "name name ". */
const char *fake_calls(void);
void fake_calls_clear(void);
/** The step function @call fails (class SYSTEM, "The fake step failed."). */
void fake_fail_call(const char *call);
/** What the probe predicts (default: a kernel data path). */
void fake_set_kernel_expected(bool kernel);
/** Whether pppd's LCP echo found the server dead (engine_ppp_peer_dead(); default false). */
void fake_set_peer_dead(bool dead);

/** Reports @type with @f (which may be NULL) as the step owning it would. */
void fake_emit(enum engine_event_type type, const struct l2tpc_failure *f);
void fake_resolved(const char *addr);
void fake_tunnel_up(uint16_t local_id, uint16_t peer_id);
void fake_session_up(void);
void fake_emit_session_up(const struct l2tp_session_info *info);
void fake_ppp_up(const char *ifname, const char *local, const char *peer);
/** Answers every undo the engine is waiting for, as the steps would, until it waits no more. */
void fake_answer_undos(void);
/** True while some step still has something up, held or in flight. */
bool fake_anything_left(void);
