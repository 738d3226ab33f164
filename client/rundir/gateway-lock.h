/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * gateway-lock: one connection per gateway from this machine.
 *
 * Two connections to one gateway cannot both work: they would have the same IPsec selectors
 * (udp/1701 between the same two addresses), the same L2TP addresses and ports, and the
 * gateway's IKE daemon replaces a client's old IKE SA when the same client authenticates again,
 * taking the first connection down. So the second is refused before it touches anything.
 *
 * The lock is <rundir>/gateways/<address>.lock, an flock held for the life of the connection,
 * holding the name of the connection that owns it (for the refusal's sentence).
 */
#pragma once

/**
 * Takes the lock of gateway @addr (numeric) for connection @name. Returns the fd to keep open;
 * -EBUSY when another live connection holds it (*holder, if not NULL, gets its name or NULL);
 * another -errno when the lock file cannot be made.
 */
int gateway_lock_take(const char *rundir, const char *addr, const char *name, char **holder);

/** Releases a lock gateway_lock_take() returned (fd < 0: nothing to do). */
void gateway_lock_release(const char *rundir, const char *addr, int fd);
