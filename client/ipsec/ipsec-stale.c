// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Dead owners' leftovers in charon (see ipsec-stale.h): the lock files and the cleanup.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "ipsec-conn.h"
#include "ipsec-drain.h"
#include "ipsec-stale.h"
#include "l2tpc-log.h"
#include "lock-file.h"
#include "run-dir.h"

#define LOG "ipsec"

/* ---- the lock that marks a live connection ---- */

static char *ipsec_stale_lock_path(const char *run_dir, const char *name)
{
	g_autofree char *file = g_strconcat("ipsec-", name, ".lock", NULL);

	return g_build_filename(run_dir, file, NULL);
}

/* "key=<id>\n" as the lock file holds it: the id, or NULL. */
static char *ipsec_stale_key_of(char *text)
{
	if (!g_str_has_prefix(text, "key="))
		return NULL;
	g_strchomp(text);
	return text[4] ? g_strdup(text + 4) : NULL;
}

int ipsec_stale_lock_take(struct ipsec_stale_lock *lock, const char *run_dir, const char *name)
{
	char buf[256] = { 0 };
	int r = run_dir_make(run_dir);

	lock->fd = -1;
	if (r < 0)
		return r;
	lock->path = ipsec_stale_lock_path(run_dir, name);
	r = lock_file_take(lock->path, RUN_DIR_FILE_MODE);
	if (r < 0)
		return r;
	lock->fd = r;
	/* a crashed run of this profile may have recorded a key id: keep it for cleanup */
	if (pread(lock->fd, buf, sizeof(buf) - 1, 0) > 4)
		lock->dead_key = ipsec_stale_key_of(buf);
	return ftruncate(lock->fd, 0) < 0 ? -errno : 0;
}

void ipsec_stale_lock_note(struct ipsec_stale_lock *lock, const char *key_id)
{
	g_autofree char *text = g_strdup_printf("key=%s\n", key_id ? key_id : "");

	if (lock->fd >= 0 && ftruncate(lock->fd, 0) == 0)
		(void)!pwrite(lock->fd, text, strlen(text), 0);
}

void ipsec_stale_lock_drop(struct ipsec_stale_lock *lock)
{
	if (lock->fd < 0)
		return;
	g_unlink(lock->path);
	close(lock->fd);
	lock->fd = -1;
}

void ipsec_stale_lock_clear(struct ipsec_stale_lock *lock)
{
	lock_file_release(lock->path, lock->fd);
	lock->fd = -1;
	g_clear_pointer(&lock->path, g_free);
	g_clear_pointer(&lock->dead_key, g_free);
}

/* True if nobody holds @name's lock (its owner is gone); *key_id gets the recorded key. */
static bool ipsec_stale_is_dead(const char *run_dir, const char *name, char **key_id)
{
	g_autofree char *path = ipsec_stale_lock_path(run_dir, name);
	g_autofree char *text = NULL;
	int fd = open(path, O_RDWR | O_CLOEXEC);
	bool dead = true;

	*key_id = NULL;
	if (fd >= 0) {
		dead = flock(fd, LOCK_EX | LOCK_NB) == 0;
		close(fd);
	}
	if (dead && g_file_get_contents(path, &text, NULL, NULL))
		*key_id = ipsec_stale_key_of(text);
	if (dead)
		g_unlink(path);
	return dead;
}

/* ---- removing the leftovers ---- */

void ipsec_stale_request(struct vici_client *ctl, const char *cmd, const char *key,
			 const char *value, vici_client_reply_fn fn, void *user_data)
{
	bool terminate = strcmp(cmd, "terminate") == 0;
	GBytes *pkt = NULL;

	if (terminate) {
		pkt = ipsec_conn_build_terminate(value, IPSEC_CONN_TERMINATE_TIMEOUT_MS / 2);
	} else {
		struct vici_builder *b = vici_builder_new(VICI_CMD_REQUEST, cmd);

		vici_builder_add_str(b, key, value);
		vici_builder_finish(b, &pkt, NULL);
	}
	vici_client_call(ctl, pkt,
			 terminate ? IPSEC_CONN_TERMINATE_TIMEOUT_MS : IPSEC_CONN_CTL_TIMEOUT_MS,
			 fn, user_data);
}

struct ipsec_stale {
	struct vici_client *ctl;
	char *run_dir;
	char *own;
	char *own_dead_key;
	GPtrArray *names; /* the l2tpc-* connections charon listed, not looked at yet */
	bool stop;
	ipsec_stale_done_fn done;
	void *done_data;
};

static void ipsec_stale_next(struct ipsec_stale *s);

static void ipsec_stale_finish(struct ipsec_stale *s, const char *error)
{
	ipsec_stale_done_fn fn = s->done;

	s->done = NULL;
	if (fn)
		fn(error, s->done_data);
}

static void ipsec_stale_step(struct vici_client *vc, const struct vici_msg *reply,
			     const char *error, void *data)
{
	/* best effort: whatever is already gone is fine */
	if (error)
		l2tpc_debug(LOG, "cleanup: %s", error);
	else if (vici_client_reply_error(reply))
		l2tpc_debug(LOG, "cleanup: %s", vici_client_reply_error(reply));
}

static void ipsec_stale_batch_done(struct vici_client *vc, const struct vici_msg *reply,
				   const char *error, void *data)
{
	ipsec_stale_step(vc, reply, error, data);
	ipsec_stale_next(data);
}

/* Removes one dead l2tpc-* connection per call; done when none is left. */
static void ipsec_stale_next(struct ipsec_stale *s)
{
	g_autofree char *name = NULL;
	g_autofree char *key_id = NULL;
	g_autofree char *psk_id = NULL;

	while (!s->stop && s->names->len) {
		name = g_strdup(s->names->pdata[0]);
		g_ptr_array_remove_index(s->names, 0);
		if (strcmp(name, s->own) == 0) {
			key_id = g_steal_pointer(&s->own_dead_key); /* read when we took it */
			break;
		}
		if (ipsec_stale_is_dead(s->run_dir, name, &key_id))
			break;
		g_clear_pointer(&name, g_free);
	}
	if (!name) {
		ipsec_stale_finish(s, NULL);
		return;
	}
	l2tpc_info(LOG, "removing %s, left in charon by an l2tpc that is gone", name);
	/* A Main Mode in flight would end without a word to the gateway, which may finish it
	 * and keep the IKE SA: let it land first (bounded), so the terminate below sends a
	 * DELETE. A blocking wait, at most IPSEC_DRAIN_WAIT_MS, and only while one is in flight. */
	ipsec_drain(vici_client_get_path(s->ctl), name, false);
	psk_id = g_strconcat(name, "-psk", NULL);
	ipsec_stale_request(s->ctl, "terminate", "ike", name, ipsec_stale_step, s);
	ipsec_stale_request(s->ctl, "unload-conn", "name", name, ipsec_stale_step, s);
	ipsec_stale_request(s->ctl, "unload-shared", "id", psk_id, ipsec_stale_step, s);
	if (key_id)
		ipsec_stale_request(s->ctl, "unload-key", "id", key_id, ipsec_stale_step, s);
	/* a no-op request as a marker: its reply means the batch above is through */
	vici_client_command(s->ctl, "version", IPSEC_CONN_CTL_TIMEOUT_MS, ipsec_stale_batch_done,
			    s);
}

static void ipsec_stale_got_conns(struct vici_client *vc, const struct vici_msg *reply,
				  const char *error, void *data)
{
	struct ipsec_stale *s = data;
	const struct vici_node *conns = vici_msg_get(reply, "conns");

	if (error) {
		ipsec_stale_finish(s, error);
		return;
	}
	for (guint i = 0; i < vici_node_count(conns); i++) {
		const char *n = vici_node_item(conns, i);

		if (n && g_str_has_prefix(n, IPSEC_CONN_PREFIX))
			g_ptr_array_add(s->names, g_strdup(n));
	}
	ipsec_stale_next(s);
}

struct ipsec_stale *ipsec_stale_clean(struct vici_client *ctl, const char *run_dir, const char *own,
				      const char *own_dead_key, ipsec_stale_done_fn done,
				      void *user_data)
{
	struct ipsec_stale *s = g_new0(struct ipsec_stale, 1);

	s->ctl = ctl;
	s->run_dir = g_strdup(run_dir);
	s->own = g_strdup(own);
	s->own_dead_key = g_strdup(own_dead_key);
	s->names = g_ptr_array_new_with_free_func(g_free);
	s->done = done;
	s->done_data = user_data;
	vici_client_command(ctl, "get-conns", IPSEC_CONN_CTL_TIMEOUT_MS, ipsec_stale_got_conns, s);
	return s;
}

void ipsec_stale_stop(struct ipsec_stale *s)
{
	if (s)
		s->stop = true;
}

void ipsec_stale_free(struct ipsec_stale *s)
{
	if (!s)
		return;
	g_ptr_array_unref(s->names);
	g_free(s->run_dir);
	g_free(s->own);
	g_free(s->own_dead_key);
	g_free(s);
}
