/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * conn-record: what `l2tpc status` and `l2tpc down` know about live connections.
 *
 * Each running connection owns <rundir>/conns/<name>.lock (an flock held for the life of the
 * process) and <rundir>/conns/<name>.conn (a keyfile without secrets, written atomically on every
 * phase change). A record whose lock can be taken belongs to a process that died (kill -9): the
 * next `l2tpc up` uses it to clean what that process left behind.
 */
#pragma once

#include <stdbool.h>
#include <glib.h>

struct conn_record {
	char *name;	  /* profile id */
	int pid;	  /* the l2tpc process */
	int pppd_pid;	  /* 0 when not running */
	char *phase;	  /* l2tpc_engine_phase_name() */
	char *ipsec_name; /* charon connection name */
	char *gateway;
	char *ifname, *local, *peer, *dns;
	char *route; /* host route we added to the gateway: "ADDR/LEN dev IFINDEX [via GW]" */
	char *gateway_addr, *local_addr; /* numeric, once resolved: the pair our IPsec SAs join */
	gint64 started;			 /* unix time */
	bool private_charon;
};

void conn_record_clear(struct conn_record *r);

/** Takes the lock of @name; returns an fd to keep open, -EBUSY if a live process holds it. */
int conn_record_lock(const char *rundir, const char *name);
int conn_record_write(const char *rundir, const struct conn_record *r);
void conn_record_remove(const char *rundir, const char *name);

/*
 * A connection cleaned up after a kill may leave the server holding its L2TP tunnel on the old
 * UDP 5-tuple (until the server's keepalive gives up on it); such a tunnel answers a new SCCRQ
 * from the same port with nothing useful. The cleanup leaves <name>.held behind, and the next
 * connection of @name takes an ephemeral source port while it is younger than
 * CONN_RECORD_HELD_S.
 */
#define CONN_RECORD_HELD_S 600
void conn_record_mark_held(const char *rundir, const char *name);
/** True while @name's mark is younger than CONN_RECORD_HELD_S; an older one is removed. */
bool conn_record_held(const char *rundir, const char *name);

/** Parses one record file's contents (pure); 0 or -EINVAL. */
int conn_record_parse(const char *data, size_t len, struct conn_record *out);

/** Reads every record; @alive[i] (may be NULL) says whether its owner still runs. */
GArray *conn_record_list(const char *rundir, GArray **alive);
