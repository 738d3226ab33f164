/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipsec-stale: tells a live l2tpc connection in charon from the leftovers of a dead one, and
 * removes the leftovers.
 *
 * Every connection l2tpc loads into charon is named "l2tpc-<profile id>" and holds a lock file
 * "ipsec-<name>.lock" in the run dir for as long as its l2tpc lives; the file records the id of
 * the private key it loaded. A connection whose lock nobody holds belongs to a killed l2tpc:
 * it is terminated (which tells the gateway) and unloaded with its PSK ("<name>-psk") and key.
 */
#pragma once

#include <stdbool.h>

#include "vici-client.h"

/** A lock file taken by ipsec_stale_lock_take(). */
struct ipsec_stale_lock {
	int fd;		/* -1 when not held */
	char *path;	/* NULL when not held */
	char *dead_key; /* the key id a dead run of the same name recorded, or NULL */
};

/**
 * Takes the lock of connection @name in @run_dir (creating the run dir). Returns 0, -EBUSY when
 * another l2tpc holds it, or another -errno.
 */
int ipsec_stale_lock_take(struct ipsec_stale_lock *lock, const char *run_dir, const char *name);
/** Records @key_id (NULL: none) in the lock file, for the cleanup after a crash. */
void ipsec_stale_lock_note(struct ipsec_stale_lock *lock, const char *key_id);
/** Removes the lock file and lets it go; a lock not held is left alone. */
void ipsec_stale_lock_drop(struct ipsec_stale_lock *lock);
/** Frees the strings; a lock still held is released but its file left (a crash's view). */
void ipsec_stale_lock_clear(struct ipsec_stale_lock *lock);

/**
 * The VICI request that removes connection @value from charon: @cmd is "terminate" (key "ike"),
 * "unload-conn" (key "name"), "unload-shared" or "unload-key" (key "id"). Replies go to @fn.
 */
void ipsec_stale_request(struct vici_client *ctl, const char *cmd, const char *key,
			 const char *value, vici_client_reply_fn fn, void *user_data);

struct ipsec_stale;

/** The cleanup finished: @error is NULL, or why charon did not list its connections. */
typedef void (*ipsec_stale_done_fn)(const char *error, void *user_data);

/**
 * Lists charon's connections on @ctl and removes every l2tpc-* one whose lock nobody holds,
 * one after another; @own (our own name, whose lock we hold) is removed too, with
 * @own_dead_key, since it can only be a crashed run's. @done runs once, unless the cleanup is
 * freed first.
 */
struct ipsec_stale *ipsec_stale_clean(struct vici_client *ctl, const char *run_dir, const char *own,
				      const char *own_dead_key, ipsec_stale_done_fn done,
				      void *user_data);
/** Finishes after the connection being removed now: @done runs then, skipping the rest. */
void ipsec_stale_stop(struct ipsec_stale *s);
/** Frees; call after freeing @ctl (whose pending replies would reach a freed cleanup). */
void ipsec_stale_free(struct ipsec_stale *s);
