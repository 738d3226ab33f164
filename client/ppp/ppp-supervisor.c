// SPDX-License-Identifier: GPL-2.0-or-later
#include "ppp-supervisor.h"

#include <errno.h>
#include <fcntl.h>
#include <arpa/inet.h>
#include <signal.h>
#include <sys/prctl.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib-unix.h>

#include "l2tpc-log.h"
#include "ppp-channel.h"
#include "ppp-options.h"
#include "l2tpc-i18n.h"

/* pppd.h EXIT_* (identical in pppd 2.4 and 2.5) */
enum {
	PPPD_EXIT_OK = 0,
	PPPD_EXIT_FATAL_ERROR = 1,
	PPPD_EXIT_OPTION_ERROR = 2,
	PPPD_EXIT_NOT_ROOT = 3,
	PPPD_EXIT_NO_KERNEL_SUPPORT = 4,
	PPPD_EXIT_USER_REQUEST = 5,
	PPPD_EXIT_LOCK_FAILED = 6,
	PPPD_EXIT_OPEN_FAILED = 7,
	PPPD_EXIT_CONNECT_FAILED = 8,
	PPPD_EXIT_PTYCMD_FAILED = 9,
	PPPD_EXIT_NEGOTIATION_FAILED = 10,
	PPPD_EXIT_PEER_AUTH_FAILED = 11,
	PPPD_EXIT_IDLE_TIMEOUT = 12,
	PPPD_EXIT_CONNECT_TIME = 13,
	PPPD_EXIT_CALLBACK = 14,
	PPPD_EXIT_PEER_DEAD = 15,
	PPPD_EXIT_HANGUP = 16,
	PPPD_EXIT_LOOPBACK = 17,
	PPPD_EXIT_INIT_FAILED = 18,
	PPPD_EXIT_AUTH_TOPEER_FAILED = 19,
	PPPD_EXIT_TRAFFIC_LIMIT = 20,
	PPPD_EXIT_CNID_AUTH_FAILED = 21,
};

/* What pppd logs when the server ends LCP because we refused every authentication protocol it
 * offered ("LCP terminated by peer (peer refused to authenticate)"). */
#define PPPD_LOG_PEER_REFUSED_AUTH "LCP terminated by peer (peer refused to authenticate)"

struct ppp_supervisor {
	struct ppp_supervisor_callbacks cb;
	void *user_data;
	GPid pid;
	guint child_watch;
	int channel_fd;
	guint channel_watch;
	int log_fd;
	guint log_watch;
	GString *log_line;
	guint kill_timer;
	unsigned stop_timeout_ms;
	bool stopping;
	bool auth_failed;
	bool auth_eap;	   /* the plugin logged that the server chose EAP */
	bool auth_refused; /* the server ended LCP: it takes none of the methods we allow */
	bool echo_failed;  /* pppd logged that its LCP echo requests went unanswered */
	bool ip_up;	   /* IPCP came up: the plugin reads the channel at LCP's end */
	char *user;
	struct l2tpc_failure channel_failure;
};

struct ppp_supervisor *ppp_supervisor_new(const struct ppp_supervisor_callbacks *cb,
					  void *user_data)
{
	struct ppp_supervisor *sup = g_new0(struct ppp_supervisor, 1);

	sup->cb = *cb;
	sup->user_data = user_data;
	sup->channel_fd = -1;
	sup->log_fd = -1;
	sup->log_line = g_string_new(NULL);
	return sup;
}

static void ppp_supervisor_close_io(struct ppp_supervisor *sup)
{
	g_clear_handle_id(&sup->channel_watch, g_source_remove);
	g_clear_handle_id(&sup->log_watch, g_source_remove);
	g_clear_handle_id(&sup->kill_timer, g_source_remove);
	if (sup->channel_fd >= 0)
		close(sup->channel_fd);
	if (sup->log_fd >= 0)
		close(sup->log_fd);
	sup->channel_fd = -1;
	sup->log_fd = -1;
}

void ppp_supervisor_free(struct ppp_supervisor *sup)
{
	if (!sup)
		return;
	g_clear_handle_id(&sup->child_watch, g_source_remove);
	if (sup->pid > 0) {
		kill(sup->pid, SIGKILL);
		while (waitpid(sup->pid, NULL, 0) < 0 && errno == EINTR)
			;
		g_spawn_close_pid(sup->pid);
		sup->pid = 0;
	}
	ppp_supervisor_close_io(sup);
	g_string_free(sup->log_line, TRUE);
	l2tpc_failure_clear(&sup->channel_failure);
	g_free(sup->user);
	g_free(sup);
}

bool ppp_supervisor_running(const struct ppp_supervisor *sup)
{
	return sup->pid > 0;
}

GPid ppp_supervisor_pid(const struct ppp_supervisor *sup)
{
	return sup->pid;
}

void ppp_supervisor_eap_failure(const char *user, struct l2tpc_failure *f)
{
	l2tpc_failure_set(f, L2TPC_FAILURE_PPP_AUTH,
			  _("PPP authentication failed after the server chose EAP, of which pppd "
			    "speaks only EAP-MD5: if the user name \"%s\" and its password are "
			    "right, set refuse-eap=yes so that the server falls back to MS-CHAPv2 "
			    "or CHAP."),
			  user && *user ? user : "(pppd's default)");
}

void ppp_supervisor_no_method_failure(struct l2tpc_failure *f)
{
	l2tpc_failure_set(f, L2TPC_FAILURE_PPP_AUTH,
			  _("The server ended PPP before the login: it accepts none of the "
			    "authentication methods this connection allows. If it takes only PAP, "
			    "which sends the password itself and is refused unless asked for, set "
			    "refuse-pap=no (with IPsec on, PAP stays protected on the wire); "
			    "otherwise allow the method the server uses (refuse-* keys)."));
}

void ppp_supervisor_exit_failure(int wait_status, bool auth_failed, bool stopped, const char *user,
				 struct l2tpc_failure *f)
{
	const char *who = user && *user ? user : "(pppd's default)";
	int code;

	if (auth_failed ||
	    (WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == PPPD_EXIT_AUTH_TOPEER_FAILED)) {
		/* the server said no to our credentials: the one cause here that the user can
		 * fix by typing them again (not a method it does not take, nor EAP) */
		if (l2tpc_failure_set(
			    f, L2TPC_FAILURE_PPP_AUTH,
			    _("PPP authentication failed: the server rejected the user "
			      "name \"%s\" or its password; check both (and the NT domain "
			      "if the server expects DOMAIN\\user)."),
			    who))
			f->secret_refused = true;
		return;
	}
	if (WIFSIGNALED(wait_status)) {
		if (!stopped)
			l2tpc_failure_set(f, L2TPC_FAILURE_PPP,
					  _("pppd was killed by signal %d (%s); see the pppd log "
					    "above and check the system log for the reason."),
					  WTERMSIG(wait_status),
					  g_strsignal(WTERMSIG(wait_status)));
		return;
	}
	if (!WIFEXITED(wait_status))
		return;
	code = WEXITSTATUS(wait_status);
	if (stopped && (code == PPPD_EXIT_OK || code == PPPD_EXIT_USER_REQUEST))
		return;

	switch (code) {
	case PPPD_EXIT_OK:
	case PPPD_EXIT_USER_REQUEST:
		l2tpc_failure_set(
			f, L2TPC_FAILURE_PPP,
			_("pppd ended the link on its own (exit status %d); another program "
			  "may have signalled it, see the pppd log above."),
			code);
		break;
	case PPPD_EXIT_OPTION_ERROR:
		l2tpc_failure_set(
			f, L2TPC_FAILURE_INTERNAL,
			_("pppd rejected the options l2tpc gave it (see the pppd log above); "
			  "check that the ppp package is 2.4.9 or newer and the l2tpc pppd "
			  "plugin is installed for this pppd version."));
		break;
	case PPPD_EXIT_NOT_ROOT:
		l2tpc_failure_set(
			f, L2TPC_FAILURE_SYSTEM,
			_("pppd refused to run without root privileges: run l2tpc as root "
			  "or through NetworkManager."));
		break;
	case PPPD_EXIT_NO_KERNEL_SUPPORT:
		l2tpc_failure_set(
			f, L2TPC_FAILURE_SYSTEM,
			_("The kernel has no PPP support (/dev/ppp is missing): run "
			  "'modprobe ppp_generic' or install your distribution's extra kernel "
			  "modules."));
		break;
	case PPPD_EXIT_NEGOTIATION_FAILED:
		l2tpc_failure_set(
			f, L2TPC_FAILURE_PPP,
			_("PPP negotiation with the server failed (no agreement on LCP, IPCP "
			  "or MPPE); if the server requires MPPE encryption turn on "
			  "require-mppe, otherwise see the pppd log above."));
		break;
	case PPPD_EXIT_PEER_AUTH_FAILED:
		l2tpc_failure_set(f, L2TPC_FAILURE_PPP_AUTH,
				  _("The server would not authenticate itself to pppd; remove any "
				    "'auth' option from /etc/ppp/options."));
		break;
	case PPPD_EXIT_PEER_DEAD:
		l2tpc_failure_set(
			f, L2TPC_FAILURE_PEER_DISCONNECT,
			_("The connection to the server was lost: nothing came back from it, "
			  "not even answers to PPP echo requests (the network path or the "
			  "server went down); check the network and reconnect."));
		break;
	case PPPD_EXIT_HANGUP:
		l2tpc_failure_set(
			f, L2TPC_FAILURE_PEER_DISCONNECT,
			_("The server hung up the PPP link; reconnect, and ask the server's "
			  "administrator if it keeps happening."));
		break;
	case PPPD_EXIT_IDLE_TIMEOUT:
	case PPPD_EXIT_CONNECT_TIME:
	case PPPD_EXIT_TRAFFIC_LIMIT:
		l2tpc_failure_set(
			f, L2TPC_FAILURE_PPP,
			_("pppd closed the link after an idle, connect-time or traffic limit "
			  "(exit status %d); remove the limit from /etc/ppp/options to avoid it."),
			code);
		break;
	case PPPD_EXIT_LOOPBACK:
		l2tpc_failure_set(
			f, L2TPC_FAILURE_PPP,
			_("pppd saw its own LCP requests come back (a looped-back link); check "
			  "that the server's L2TP daemon actually starts PPP."));
		break;
	default:
		l2tpc_failure_set(
			f, L2TPC_FAILURE_PPP,
			_("pppd could not set up the PPP link (exit status %d); see the pppd "
			  "log above for the reason."),
			code);
		break;
	}
}

static void ppp_supervisor_handle_msg(struct ppp_supervisor *sup, const struct ppp_channel_msg *m)
{
	switch (m->type) {
	case PPP_CHANNEL_HELLO:
		l2tpc_debug("ppp", "plugin channel v%u in pppd %s (pid %u)", m->version,
			    m->pppd_version, m->pid);
		break;
	case PPP_CHANNEL_PHASE:
		l2tpc_debug("ppp", "pppd phase %s", ppp_channel_phase_name(m->phase));
		if (sup->cb.phase)
			sup->cb.phase(sup, m->phase, sup->user_data);
		break;
	case PPP_CHANNEL_AUTH:
		if (!m->auth_ok) {
			sup->auth_failed = true;
		} else {
			l2tpc_info("ppp", "PPP authentication succeeded");
			if (sup->cb.auth_ok)
				sup->cb.auth_ok(sup, sup->user_data);
		}
		break;
	case PPP_CHANNEL_IP_UP: {
		struct ppp_supervisor_ip4 ip = { 0 };
		char a[INET_ADDRSTRLEN], b[INET_ADDRSTRLEN];

		g_strlcpy(ip.ifname, m->ifname, sizeof(ip.ifname));
		memcpy(&ip.local, m->local4, 4);
		memcpy(&ip.peer, m->peer4, 4);
		ip.n_dns = m->n_dns4;
		for (unsigned i = 0; i < m->n_dns4; i++)
			memcpy(&ip.dns[i], m->dns4[i], 4);
		sup->ip_up = true;
		l2tpc_info("ppp", "IPCP up on %s: local %s, peer %s, %u DNS server(s)", ip.ifname,
			   inet_ntop(AF_INET, &ip.local, a, sizeof(a)),
			   inet_ntop(AF_INET, &ip.peer, b, sizeof(b)), ip.n_dns);
		if (sup->cb.up)
			sup->cb.up(sup, &ip, sup->user_data);
		break;
	}
	case PPP_CHANNEL_IPV6_UP: {
		struct ppp_supervisor_ip6 ip6 = { 0 };

		g_strlcpy(ip6.ifname, m->ifname, sizeof(ip6.ifname));
		memcpy(ip6.local_ifid, m->local_ifid, 8);
		memcpy(ip6.peer_ifid, m->peer_ifid, 8);
		l2tpc_info("ppp", "IPV6CP up on %s", ip6.ifname);
		if (sup->cb.up6)
			sup->cb.up6(sup, &ip6, sup->user_data);
		break;
	}
	case PPP_CHANNEL_IP_DOWN:
		l2tpc_info("ppp", "IPCP went down");
		break;
	case PPP_CHANNEL_EXIT:
		l2tpc_debug("ppp", "pppd is exiting with status %u", m->exit_status);
		break;
	default:
		l2tpc_debug("ppp", "ignoring plugin message type %u", m->type);
		break;
	}
}

/* Reads every message waiting on the channel; returns false once the channel is closed. */
static bool ppp_supervisor_read_channel(struct ppp_supervisor *sup)
{
	for (;;) {
		uint8_t buf[PPP_CHANNEL_MAX_MSG];
		struct ppp_channel_msg m;
		ssize_t n = recv(sup->channel_fd, buf, sizeof(buf), MSG_DONTWAIT);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return true;
		if (n <= 0)
			return false;
		if (ppp_channel_decode(buf, (size_t)n, &m) < 0) {
			l2tpc_warn("ppp",
				   "dropping a malformed message of %zd bytes from the pppd "
				   "plugin",
				   n);
			continue;
		}
		ppp_supervisor_handle_msg(sup, &m);
		ppp_channel_msg_wipe(&m);
	}
}

static gboolean ppp_supervisor_on_channel(int fd, GIOCondition cond, gpointer data)
{
	struct ppp_supervisor *sup = data;

	if (!ppp_supervisor_read_channel(sup)) {
		sup->channel_watch = 0;
		return G_SOURCE_REMOVE;
	}
	return G_SOURCE_CONTINUE;
}

static void ppp_supervisor_flush_log(struct ppp_supervisor *sup, bool all)
{
	char *nl;

	while ((nl = memchr(sup->log_line->str, '\n', sup->log_line->len))) {
		*nl = 0;
		if (strstr(sup->log_line->str, PPP_CHANNEL_EAP_LOG_LINE))
			sup->auth_eap = true;
		/* pppd's LcpLinkFailure() line; the exit status that follows is a hangup's */
		if (g_str_has_prefix(sup->log_line->str, "No response to ") &&
		    strstr(sup->log_line->str, "echo-requests"))
			sup->echo_failed = true;
		/* pppd logs the reason of the server's LCP Terminate-Request; a pppd server that
		 * got a Configure-Nak for every authentication protocol it offers says this. */
		if (strstr(sup->log_line->str, PPPD_LOG_PEER_REFUSED_AUTH))
			sup->auth_refused = true;
		if (nl != sup->log_line->str)
			l2tpc_info("pppd", "%s", sup->log_line->str);
		g_string_erase(sup->log_line, 0, nl - sup->log_line->str + 1);
	}
	if (all && sup->log_line->len) {
		l2tpc_info("pppd", "%s", sup->log_line->str);
		g_string_truncate(sup->log_line, 0);
	}
}

static bool ppp_supervisor_read_log(struct ppp_supervisor *sup)
{
	char buf[1024];
	ssize_t n;

	for (;;) {
		n = read(sup->log_fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return true;
		if (n <= 0) {
			ppp_supervisor_flush_log(sup, true);
			return false;
		}
		g_string_append_len(sup->log_line, buf, n);
		ppp_supervisor_flush_log(sup, false);
	}
}

static gboolean ppp_supervisor_on_log(int fd, GIOCondition cond, gpointer data)
{
	struct ppp_supervisor *sup = data;

	if (!ppp_supervisor_read_log(sup)) {
		sup->log_watch = 0;
		return G_SOURCE_REMOVE;
	}
	return G_SOURCE_CONTINUE;
}

static void ppp_supervisor_on_exit(GPid pid, gint wait_status, gpointer data)
{
	struct ppp_supervisor *sup = data;
	struct l2tpc_failure failure = { 0 };

	sup->child_watch = 0;
	g_spawn_close_pid(pid);
	sup->pid = 0;
	/* the plugin's last messages (auth result, exit) may still be queued */
	if (sup->channel_fd >= 0)
		ppp_supervisor_read_channel(sup);
	if (sup->log_fd >= 0)
		ppp_supervisor_read_log(sup);
	ppp_supervisor_close_io(sup);

	if (WIFEXITED(wait_status))
		l2tpc_info("ppp", "pppd (pid %d) exited with status %d", pid,
			   WEXITSTATUS(wait_status));
	else if (WIFSIGNALED(wait_status))
		l2tpc_info("ppp", "pppd (pid %d) was killed by signal %d", pid,
			   WTERMSIG(wait_status));
	if (sup->auth_eap &&
	    (sup->auth_failed ||
	     (WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == PPPD_EXIT_AUTH_TOPEER_FAILED)))
		ppp_supervisor_eap_failure(sup->user, &failure);
	/* pppd records EXIT_PEER_DEAD when its echoes go unanswered, but the link's hangup that
	 * follows overwrites it with EXIT_HANGUP: the server did not hang up, it fell silent. */
	if (sup->echo_failed && !sup->stopping && WIFEXITED(wait_status) &&
	    WEXITSTATUS(wait_status) == PPPD_EXIT_HANGUP)
		wait_status = PPPD_EXIT_PEER_DEAD << 8;
	if (sup->auth_refused)
		ppp_supervisor_no_method_failure(&failure);
	ppp_supervisor_exit_failure(wait_status, sup->auth_failed, sup->stopping, sup->user,
				    &failure);
	sup->stopping = false;
	if (sup->cb.down)
		sup->cb.down(sup, &failure, sup->user_data); /* may free sup */
	l2tpc_failure_clear(&failure);
}

static int ppp_supervisor_send_secrets(int fd, const struct ppp_supervisor_config *cfg,
				       struct l2tpc_failure *failure)
{
	struct ppp_channel_msg m;
	uint8_t buf[PPP_CHANNEL_MAX_MSG];
	int n, r = 0;

	ppp_channel_msg_init(&m, PPP_CHANNEL_SECRETS);
	if (cfg->user)
		g_strlcpy(m.user, cfg->user, sizeof(m.user));
	if (cfg->password)
		g_strlcpy(m.password, cfg->password, sizeof(m.password));
	if (cfg->certpass)
		g_strlcpy(m.certpass, cfg->certpass, sizeof(m.certpass));
	if ((cfg->user && strlen(cfg->user) >= sizeof(m.user)) ||
	    (cfg->password && strlen(cfg->password) >= sizeof(m.password)) ||
	    (cfg->certpass && strlen(cfg->certpass) >= sizeof(m.certpass))) {
		l2tpc_failure_set(failure, L2TPC_FAILURE_CONFIG,
				  _("The PPP user name or password is longer than pppd accepts "
				    "(%zu characters); shorten it."),
				  sizeof(m.user) - 1);
		r = -EINVAL;
		goto out;
	}
	n = ppp_channel_encode(&m, buf, sizeof(buf));
	if (n < 0 || send(fd, buf, (size_t)n, MSG_NOSIGNAL) != n) {
		l2tpc_failure_set(
			failure, L2TPC_FAILURE_INTERNAL,
			_("Handing the PPP secrets to the pppd plugin failed; this is a bug "
			  "in l2tpc, please report it."));
		r = n < 0 ? n : -EIO;
	}
	explicit_bzero(buf, sizeof(buf));
out:
	ppp_channel_msg_wipe(&m);
	return r;
}

static int ppp_supervisor_options_pipe(const char *options, struct l2tpc_failure *failure)
{
	int p[2];
	size_t len = strlen(options), off = 0;

	/* the options are a few hundred bytes, far below the pipe buffer: no deadlock */
	if (pipe2(p, O_CLOEXEC) < 0 || len > 60000) {
		l2tpc_failure_set(
			failure, L2TPC_FAILURE_SYSTEM,
			_("Cannot create a pipe for pppd's options (%s); the system is out "
			  "of file descriptors."),
			g_strerror(errno));
		return -EMFILE;
	}
	while (off < len) {
		ssize_t n = write(p[1], options + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			close(p[0]);
			close(p[1]);
			l2tpc_failure_set(failure, L2TPC_FAILURE_SYSTEM,
					  _("Cannot write pppd's options into a pipe (%s)."),
					  g_strerror(errno));
			return -EIO;
		}
		off += (size_t)n;
	}
	close(p[1]);
	return p[0];
}

/* Runs in the child before exec: a pppd whose l2tpc died (kill -9) has no control connection
 * left and must not linger; the next `l2tpc up` cleans anything else from the record. */
static void ppp_supervisor_child_setup(gpointer data)
{
	(void)data;
	prctl(PR_SET_PDEATHSIG, SIGTERM);
}

int ppp_supervisor_give_data_fd(struct ppp_supervisor *sup, int fd, int tunnel_fd,
				unsigned lcp_resend_ms, struct l2tpc_failure *failure)
{
	struct ppp_channel_msg m;
	uint8_t buf[PPP_CHANNEL_MAX_MSG];
	union {
		struct cmsghdr align;
		char space[CMSG_SPACE(2 * sizeof(int))];
	} control = { 0 };
	int fds[2] = { fd, tunnel_fd };
	size_t n_fds = tunnel_fd > 0 ? 2 : 1;
	struct iovec iov = { .iov_base = buf };
	struct msghdr mh = { .msg_iov = &iov,
			     .msg_iovlen = 1,
			     .msg_control = control.space,
			     .msg_controllen = CMSG_SPACE(n_fds * sizeof(int)) };
	struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
	int n;

	ppp_channel_msg_init(&m, PPP_CHANNEL_DATA_FD);
	if (lcp_resend_ms) {
		m.lcp_resend_ms = lcp_resend_ms;
		m.has_lcp_resend_ms = true;
	}
	n = ppp_channel_encode(&m, buf, sizeof(buf));
	if (n > 0 && sup->channel_fd >= 0) {
		iov.iov_len = (size_t)n;
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(n_fds * sizeof(int));
		memcpy(CMSG_DATA(c), fds, n_fds * sizeof(int));
		if (sendmsg(sup->channel_fd, &mh, MSG_NOSIGNAL) == n) {
			l2tpc_debug("ppp", "handed the L2TP session socket to pppd (pid %d)",
				    sup->pid);
			return 0;
		}
		n = -errno;
	}
	/* pppd died meanwhile (its exit is reported too) or the channel broke */
	l2tpc_failure_set(failure, L2TPC_FAILURE_PPP,
			  _("Handing the L2TP session to pppd failed (%s); see the pppd lines in "
			    "the log."),
			  g_strerror(n < 0 ? -n : EIO));
	return n < 0 ? n : -EIO;
}

int ppp_supervisor_start(struct ppp_supervisor *sup, const struct ppp_supervisor_config *cfg,
			 struct l2tpc_failure *failure)
{
	g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GError) err = NULL;
	const char *envp[] = { "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL=C", NULL };
	int sv[2] = { -1, -1 }, opt_fd = -1, log_fd = -1, hold_fd = -1;
	int source_fds[4], target_fds[4];
	gsize n_fds = 0;
	GPid pid;
	int r;

	g_return_val_if_fail(sup->pid == 0, -EBUSY);
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) {
		l2tpc_failure_set(
			failure, L2TPC_FAILURE_SYSTEM,
			_("Cannot create the pppd plugin channel (%s); the system is out of "
			  "file descriptors."),
			g_strerror(errno));
		return -errno;
	}
	r = ppp_supervisor_send_secrets(sv[0], cfg, failure);
	if (r < 0)
		goto fail;
	opt_fd = ppp_supervisor_options_pipe(cfg->options, failure);
	if (opt_fd < 0) {
		r = opt_fd;
		goto fail;
	}

	if (cfg->data_fd_later) {
		/* Hold the number: pppd opens its options file as the lowest free descriptor,
		 * and the plugin's dup2() onto it would pull the file from under pppd. */
		hold_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
		if (hold_fd < 0) {
			r = -errno;
			l2tpc_failure_set(failure, L2TPC_FAILURE_SYSTEM,
					  _("Cannot open /dev/null for pppd (%s)."),
					  g_strerror(-r));
			goto fail;
		}
		source_fds[n_fds] = hold_fd;
		target_fds[n_fds++] = PPP_OPTIONS_FD_DATA;
	} else if (cfg->data_fd >= 0) {
		source_fds[n_fds] = cfg->data_fd;
		target_fds[n_fds++] = PPP_OPTIONS_FD_DATA;
		if (cfg->tunnel_fd > 0) {
			source_fds[n_fds] = cfg->tunnel_fd;
			target_fds[n_fds++] = PPP_OPTIONS_FD_TUNNEL;
		}
	}
	source_fds[n_fds] = sv[1];
	target_fds[n_fds++] = PPP_OPTIONS_FD_CHANNEL;
	source_fds[n_fds] = opt_fd;
	target_fds[n_fds++] = PPP_OPTIONS_FD_FILE;

	g_ptr_array_add(argv, g_strdup(cfg->pppd_path ? cfg->pppd_path : PPP_SUPERVISOR_PPPD));
	g_ptr_array_add(argv, g_strdup("file"));
	g_ptr_array_add(argv, g_strdup_printf("/dev/fd/%d", PPP_OPTIONS_FD_FILE));
	/* pppd logs to stdout by default with nodetach; we read stderr */
	g_ptr_array_add(argv, g_strdup("logfd"));
	g_ptr_array_add(argv, g_strdup("2"));
	for (const char *const *x = cfg->extra_argv; x && *x; x++)
		g_ptr_array_add(argv, g_strdup(*x));
	g_ptr_array_add(argv, NULL);

	if (!g_spawn_async_with_pipes_and_fds(
		    NULL, (const char *const *)argv->pdata, envp,
		    G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDIN_FROM_DEV_NULL |
			    G_SPAWN_STDOUT_TO_DEV_NULL,
		    ppp_supervisor_child_setup, NULL, -1, -1, -1, source_fds, target_fds, n_fds,
		    &pid, NULL, NULL, &log_fd, &err)) {
		l2tpc_failure_set(failure, L2TPC_FAILURE_SYSTEM,
				  _("pppd could not be started (%s): install the ppp package."),
				  err->message);
		r = -ENOENT;
		goto fail;
	}
	close(sv[1]);
	close(opt_fd);
	if (hold_fd >= 0)
		close(hold_fd);
	sup->pid = pid;
	sup->channel_fd = sv[0];
	sup->log_fd = log_fd;
	g_unix_set_fd_nonblocking(log_fd, TRUE, NULL);
	sup->stop_timeout_ms =
		cfg->stop_timeout_ms ? cfg->stop_timeout_ms : PPP_SUPERVISOR_STOP_TIMEOUT_MS;
	sup->auth_failed = false;
	sup->auth_eap = false;
	sup->echo_failed = false;
	sup->ip_up = false;
	sup->auth_refused = false;
	sup->stopping = false;
	g_free(sup->user);
	sup->user = g_strdup(cfg->user);
	sup->child_watch = g_child_watch_add(pid, ppp_supervisor_on_exit, sup);
	sup->channel_watch = g_unix_fd_add(sup->channel_fd, G_IO_IN | G_IO_HUP | G_IO_ERR,
					   ppp_supervisor_on_channel, sup);
	sup->log_watch =
		g_unix_fd_add(log_fd, G_IO_IN | G_IO_HUP | G_IO_ERR, ppp_supervisor_on_log, sup);
	l2tpc_info("ppp", "started pppd (pid %d, %s data path%s)", pid,
		   cfg->data_fd >= 0 || cfg->data_fd_later ? "kernel PPPoL2TP" : "pty",
		   cfg->data_fd_later ? ", waiting for the L2TP session" : "");
	return 0;

fail:
	close(sv[0]);
	close(sv[1]);
	if (opt_fd >= 0)
		close(opt_fd);
	if (hold_fd >= 0)
		close(hold_fd);
	return r;
}

static gboolean ppp_supervisor_on_kill_timer(gpointer data)
{
	struct ppp_supervisor *sup = data;

	sup->kill_timer = 0;
	if (sup->pid > 0) {
		l2tpc_warn("ppp",
			   "pppd (pid %d) did not exit within %u ms of SIGTERM; sending "
			   "SIGKILL",
			   sup->pid, sup->stop_timeout_ms);
		kill(sup->pid, SIGKILL);
	}
	return G_SOURCE_REMOVE;
}

void ppp_supervisor_stop(struct ppp_supervisor *sup)
{
	if (sup->pid <= 0 || sup->stopping)
		return;
	sup->stopping = true;
	l2tpc_info("ppp", "stopping pppd (pid %d)", sup->pid);
	kill(sup->pid, SIGTERM);
	sup->kill_timer = g_timeout_add(sup->stop_timeout_ms, ppp_supervisor_on_kill_timer, sup);
}

void ppp_supervisor_drop(struct ppp_supervisor *sup)
{
	struct ppp_channel_msg m;
	uint8_t buf[PPP_CHANNEL_HEADER_LEN];
	int n;

	if (sup->pid <= 0 || sup->stopping)
		return;
	ppp_channel_msg_init(&m, PPP_CHANNEL_DROP);
	n = ppp_channel_encode(&m, buf, sizeof(buf));
	/* before the signal: the plugin looks for it when the signal ends LCP */
	if (sup->ip_up && sup->channel_fd >= 0 && n > 0 &&
	    send(sup->channel_fd, buf, (size_t)n, MSG_NOSIGNAL) != n)
		l2tpc_debug("ppp", "cannot tell pppd the server is gone: %s", g_strerror(errno));
	ppp_supervisor_stop(sup);
}

bool ppp_supervisor_peer_dead(const struct ppp_supervisor *sup)
{
	return sup && sup->echo_failed;
}
