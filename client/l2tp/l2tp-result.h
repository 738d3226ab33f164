/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * l2tp-result: turns the Result Code a server sends in StopCCN or CDN (RFC 2661 4.4.2) into one
 * sentence for the user: what the server said, with the RFC meaning of its codes, and what to
 * do about it.
 */
#pragma once

#include <stdint.h>

#include "l2tp-msg.h"

/** RFC 2661 4.4.2 meaning of a StopCCN or CDN result code ("general error", ...). */
const char *l2tp_result_name(uint16_t msg_type, uint16_t result);
/** RFC 2661 4.4.2 meaning of a general error code. */
const char *l2tp_result_error_name(uint16_t error);

/**
 * "The L2TP server 192.0.2.1 closed the tunnel (StopCCN result 4 "requester is not authorized
 * ...", error 0 "no general error", message "bad secret"); check the tunnel secret ...".
 * @m is the received StopCCN or CDN. Newly allocated.
 */
char *l2tp_result_sentence(const struct l2tp_msg *m, const char *peer_name);
