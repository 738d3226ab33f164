// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * l2tpc-pppd-plugin: runs inside pppd and talks to l2tpc over an inherited socket.
 *
 * Option "l2tpc-channel-fd N" names the socket. The client writes the PPP secrets into it before
 * pppd starts; the plugin reads them once, on the first authentication hook, and answers pppd's
 * PAP/CHAP (MD5, MS-CHAP, MS-CHAPv2) and EAP-MD5 secret requests from memory, so the password
 * is never in pppd's argv, environment or a file. The secrets stay in locked memory while pppd
 * runs, because a server may re-challenge at any time (RFC 1994 section 4.1), and are wiped when
 * pppd exits. Phase changes, the authentication result, IPCP/IPV6CP results and the exit status
 * go back to the client. The message format is client/ppp/ppp-channel.h (docs/pppd-plugin.md).
 *
 * Builds against pppd 2.4.9 (Debian's ppp-dev) and pppd >= 2.5, whose plugin API replaced the
 * notifier lists and some globals with functions; PPPD_VERSION only exists in 2.5's pppdconf.h.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

/* first: before <stdbool.h> (ppp-channel.h) */
#include "l2tpc-pppd.h"
#if L2TPC_PPPD_25
#include <pppd/upap.h>
#include <pppd/chap.h>
#endif
#include <pppd/eui64.h> /* ipv6cp.h needs eui64_t in both versions */
#include <pppd/fsm.h>
#include <pppd/lcp.h>
#include <pppd/ipcp.h>
#include <pppd/ipv6cp.h>

#include "l2tpc-pppd-lcp.h"
#include "ppp-channel.h"

#if L2TPC_PPPD_25
#define PLUGIN_PPPD_VERSION PPPD_VERSION
#define l2tpc_option_error  ppp_option_error
#else
#define PLUGIN_PPPD_VERSION VERSION
#define l2tpc_option_error  option_error
#endif

/* pppd refuses to load a plugin built for another version. */
#define L2TPC_EXPORT __attribute__((visibility("default")))
L2TPC_EXPORT char pppd_version[] = PLUGIN_PPPD_VERSION;
L2TPC_EXPORT void plugin_init(void);

/* How long the first secret request waits for the client's secrets message. */
#define L2TPC_PLUGIN_SECRETS_TIMEOUT_MS 10000
/* How long a pppd started ahead of the session waits for it (IKE retries included). */
#define L2TPC_PLUGIN_DATA_FD_TIMEOUT_MS 180000

static int l2tpc_channel_fd = -1;
static int l2tpc_tunnel_fd = -1; /* the L2TP UDP socket, held open (see the data fd) */
static bool l2tpc_hello_sent;
static bool l2tpc_authenticating;
static bool l2tpc_auth_reported;

struct l2tpc_secrets {
	bool loaded; /* a SECRETS message arrived (or the attempt failed for good) */
	bool have_password;
	char user[PPP_CHANNEL_MAX_NAME];
	char password[PPP_CHANNEL_MAX_SECRET];
	char certpass[PPP_CHANNEL_MAX_SECRET]; /* EAP-TLS key password; may be empty */
};
static struct l2tpc_secrets *l2tpc_secrets;

static int l2tpc_plugin_wait_data_fd(char **argv);
static int l2tpc_plugin_vj(char **argv);

static option_t l2tpc_options[] = {
	{ "l2tpc-channel-fd", o_int, &l2tpc_channel_fd,
	  "File descriptor of the l2tpc channel (set by l2tpc)", OPT_PRIO },
	{ "l2tpc-wait-data-fd", o_special, (void *)l2tpc_plugin_wait_data_fd,
	  "Wait for the PPPoL2TP socket from l2tpc and put it on this descriptor (set by l2tpc)" },
	{ "l2tpc-vj", o_special_noarg, (void *)l2tpc_plugin_vj,
	  "Allow Van Jacobson TCP/IP header compression again (set by l2tpc)" },
	{ NULL },
};

static void l2tpc_plugin_send(struct ppp_channel_msg *m);

static void l2tpc_plugin_hello(void)
{
	struct ppp_channel_msg m;

	if (l2tpc_hello_sent)
		return;
	l2tpc_hello_sent = true;
	ppp_channel_msg_init(&m, PPP_CHANNEL_HELLO);
	m.version = PPP_CHANNEL_VERSION;
	m.has_version = true;
	m.pid = (uint32_t)getpid();
	m.has_pid = true;
	strncpy(m.pppd_version, PLUGIN_PPPD_VERSION, sizeof(m.pppd_version) - 1);
	l2tpc_plugin_send(&m);
}

static void l2tpc_plugin_send(struct ppp_channel_msg *m)
{
	uint8_t buf[PPP_CHANNEL_MAX_MSG];
	int len;

	if (l2tpc_channel_fd < 0)
		return;
	if (m->type != PPP_CHANNEL_HELLO)
		l2tpc_plugin_hello();
	len = ppp_channel_encode(m, buf, sizeof(buf));
	if (len < 0) {
		error("l2tpc: cannot encode a %s message", ppp_channel_type_name(m->type));
		return;
	}
	/* SOCK_SEQPACKET: one send is one message; the client reads promptly */
	if (send(l2tpc_channel_fd, buf, (size_t)len, MSG_NOSIGNAL) != len)
		warn("l2tpc: cannot send a %s message to l2tpc: %m",
		     ppp_channel_type_name(m->type));
}

static void l2tpc_plugin_take_secrets(const struct ppp_channel_msg *m)
{
	memcpy(l2tpc_secrets->user, m->user, sizeof(m->user));
	memcpy(l2tpc_secrets->password, m->password, sizeof(m->password));
	memcpy(l2tpc_secrets->certpass, m->certpass, sizeof(m->certpass));
	l2tpc_secrets->have_password = m->password[0] != 0;
	dbglog("l2tpc: secrets received (user %s, password of %zu characters, key password of %zu)",
	       l2tpc_secrets->user, strlen(l2tpc_secrets->password),
	       strlen(l2tpc_secrets->certpass));
}

/* Receives one message and the file descriptors it carries: the first in *fd, a second (the
 * L2TP UDP socket to hold) in *extra, else -1; any more are closed. Returns the decoded length,
 * 0 when l2tpc closed the channel, -EBADMSG for a malformed message or another -errno when
 * reading failed. The raw bytes are wiped. */
static int l2tpc_plugin_recv(struct ppp_channel_msg *m, int *fd, int *extra)
{
	uint8_t buf[PPP_CHANNEL_MAX_MSG];
	union {
		struct cmsghdr align;
		char space[CMSG_SPACE(2 * sizeof(int))];
	} control;
	struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
	struct msghdr mh = { .msg_iov = &iov,
			     .msg_iovlen = 1,
			     .msg_control = control.space,
			     .msg_controllen = sizeof(control.space) };
	struct cmsghdr *c;
	ssize_t n;
	int r;

	*fd = -1;
	*extra = -1;
	n = recvmsg(l2tpc_channel_fd, &mh, MSG_CMSG_CLOEXEC);
	if (n <= 0)
		return n == 0 ? 0 : -errno;
	for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		size_t count;
		int got[2];

		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS ||
		    c->cmsg_len < CMSG_LEN(sizeof(int)))
			continue;
		count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		if (count > 2)
			count = 2; /* the buffer holds two: the kernel truncated (MSG_CTRUNC) */
		memcpy(got, CMSG_DATA(c), count * sizeof(int));
		for (size_t i = 0; i < count; i++) {
			if (*fd < 0)
				*fd = got[i];
			else if (*extra < 0)
				*extra = got[i];
			else
				close(got[i]);
		}
	}
	r = ppp_channel_decode(buf, (size_t)n, m);
	explicit_bzero(buf, sizeof(buf));
	return r < 0 ? -EBADMSG : r;
}

static void l2tpc_plugin_load_secrets(void)
{
	struct ppp_channel_msg m;
	struct pollfd pfd = { .fd = l2tpc_channel_fd, .events = POLLIN };
	int fd, extra, r;

	if (!l2tpc_secrets || l2tpc_secrets->loaded || l2tpc_channel_fd < 0)
		return;
	l2tpc_secrets->loaded = true;
	l2tpc_plugin_hello();

	r = poll(&pfd, 1, L2TPC_PLUGIN_SECRETS_TIMEOUT_MS);
	if (r <= 0) {
		error("l2tpc: no secrets arrived from l2tpc within %d s",
		      L2TPC_PLUGIN_SECRETS_TIMEOUT_MS / 1000);
		return;
	}
	r = l2tpc_plugin_recv(&m, &fd, &extra);
	if (fd >= 0)
		close(fd);
	if (extra >= 0)
		close(extra);
	if (r <= 0 && r != -EBADMSG) {
		error("l2tpc: reading the secrets from l2tpc failed: %s",
		      r == 0 ? "the channel closed" : strerror(-r));
		return;
	}
	if (r < 0 || m.type != PPP_CHANNEL_SECRETS) {
		error("l2tpc: the first message from l2tpc is not a valid secrets message");
		ppp_channel_msg_wipe(&m);
		return;
	}
	l2tpc_plugin_take_secrets(&m);
	ppp_channel_msg_wipe(&m);
}

/*
 * "l2tpc-wait-data-fd N": pppd was started while IPsec was still coming up, so that its start
 * costs nothing when the session is there. pppd is reading its options now; block until l2tpc
 * sends the PPPoL2TP session socket and put it on fd N, where "pppol2tp N" (the next options)
 * expects it. The secrets come first and are kept. l2tpc kills pppd if the connection fails.
 */
static int l2tpc_plugin_wait_data_fd(char **argv)
{
	struct pollfd pfd = { .fd = l2tpc_channel_fd, .events = POLLIN };
	struct ppp_channel_msg m;
	char *end = NULL;
	long target = strtol(*argv, &end, 10);
	int fd, extra, r;

	if (!end || *end || target < 0 || target > 1024 || l2tpc_channel_fd < 0) {
		l2tpc_option_error("l2tpc: l2tpc-wait-data-fd needs a descriptor number and "
				   "l2tpc-channel-fd before it");
		return 0;
	}
	l2tpc_plugin_hello();
	for (;;) {
		r = poll(&pfd, 1, L2TPC_PLUGIN_DATA_FD_TIMEOUT_MS);
		if (r <= 0) {
			l2tpc_option_error("l2tpc: no L2TP session arrived from l2tpc within %d s",
					   L2TPC_PLUGIN_DATA_FD_TIMEOUT_MS / 1000);
			return 0;
		}
		r = l2tpc_plugin_recv(&m, &fd, &extra);
		if (extra >= 0 && (r <= 0 || m.type != PPP_CHANNEL_DATA_FD || fd < 0)) {
			close(extra);
			extra = -1;
		}
		if (r <= 0) {
			l2tpc_option_error("l2tpc: the channel to l2tpc closed before the L2TP "
					   "session was up");
			return 0;
		}
		if (m.type == PPP_CHANNEL_SECRETS && l2tpc_secrets && !l2tpc_secrets->loaded) {
			l2tpc_secrets->loaded = true;
			l2tpc_plugin_take_secrets(&m);
			ppp_channel_msg_wipe(&m);
			if (fd >= 0)
				close(fd);
			continue;
		}
		if (m.type != PPP_CHANNEL_DATA_FD || fd < 0) {
			l2tpc_option_error("l2tpc: expected the L2TP session from l2tpc, got a %s "
					   "message",
					   ppp_channel_type_name(m.type));
			ppp_channel_msg_wipe(&m);
			if (fd >= 0)
				close(fd);
			return 0;
		}
		/* Held, never used, until pppd exits (ppp_supervisor_config.tunnel_fd): the
		 * socket's xfrm policy lives while this pppd can send through the session. */
		if (extra >= 0)
			l2tpc_tunnel_fd = extra;
		if (m.has_lcp_resend_ms)
			l2tpc_pppd_lcp_set_resend_ms((int)m.lcp_resend_ms);
		ppp_channel_msg_wipe(&m);
		if (fd != (int)target) {
			if (dup2(fd, (int)target) < 0) {
				l2tpc_option_error(
					"l2tpc: cannot move the L2TP session socket: %m");
				close(fd);
				return 0;
			}
			close(fd);
		}
		dbglog("l2tpc: L2TP session socket received on fd %ld", target);
		return 1;
	}
}

/* The pppol2tp option turns VJ off (pppd 2.4.9 pppol2tp.c), and pppd has no option that turns
 * it on again; RFC 1332 VJ works on any PPP link (ppp_generic does it). */
static int l2tpc_plugin_vj(char **argv)
{
	(void)argv;
	ipcp_wantoptions[0].neg_vj = 1;
	ipcp_allowoptions[0].neg_vj = 1;
	return 1;
}

static void l2tpc_plugin_wipe_secrets(void)
{
	if (l2tpc_secrets)
		explicit_bzero(l2tpc_secrets, sizeof(*l2tpc_secrets));
}

/* pppd asks whether we can answer PAP/CHAP at all: 1 yes, 0 no, -1 "look in the files". */
static int l2tpc_plugin_check(void)
{
	l2tpc_plugin_load_secrets();
	if (!l2tpc_secrets || !l2tpc_secrets->have_password)
		return -1;
	return 1;
}

/* pppd passes buffers of MAXNAMELEN and MAXSECRETLEN (both 256, the sizes we accept). */
static int l2tpc_plugin_passwd(char *user_buf, char *passwd_buf)
{
	l2tpc_plugin_load_secrets();
	if (!l2tpc_secrets || !l2tpc_secrets->have_password)
		return -1;
	if (user_buf && l2tpc_secrets->user[0])
		memcpy(user_buf, l2tpc_secrets->user, PPP_CHANNEL_MAX_NAME);
	if (passwd_buf)
		memcpy(passwd_buf, l2tpc_secrets->password, PPP_CHANNEL_MAX_SECRET);
	return 1;
}

/*
 * EAP-TLS. pppd (2.4.9 auth.c get_eaptls_secret, 2.5 likewise) calls this hook with its global
 * password buffer just before it loads the user's key, and its OpenSSL password callback reads
 * the key's password from that buffer. The same buffer would then answer any later PAP, CHAP or
 * EAP-MD5 request (get_secret() prefers it), so the plugin wipes it again as soon as pppd sends
 * its next frame, which is the TLS ClientHello built with the loaded key.
 * A pppd built without EAP-TLS has no such hook: the weak reference is then NULL and pppd
 * itself refuses the "cert"/"key" options l2tpc writes for EAP-TLS.
 */
extern int (*eaptls_passwd_hook)(char *user, char *passwd) __attribute__((weak));
static char *l2tpc_eaptls_passwd;
static void (*l2tpc_eaptls_prev_send_hook)(unsigned char *p, int len);

static int l2tpc_plugin_eaptls_passwd(char *keyfile, char *passwd_buf)
{
	l2tpc_plugin_load_secrets();
	if (!l2tpc_secrets || !passwd_buf)
		return -1;
	memcpy(passwd_buf, l2tpc_secrets->certpass, PPP_CHANNEL_MAX_SECRET);
	l2tpc_eaptls_passwd = passwd_buf;
	dbglog("l2tpc: EAP-TLS key password for %s handed to pppd", keyfile);
	return 0;
}

static void l2tpc_plugin_eaptls_sent(unsigned char *p, int len)
{
	if (l2tpc_eaptls_passwd) {
		explicit_bzero(l2tpc_eaptls_passwd, PPP_CHANNEL_MAX_SECRET);
		l2tpc_eaptls_passwd = NULL;
	}
	if (l2tpc_eaptls_prev_send_hook)
		l2tpc_eaptls_prev_send_hook(p, len);
}

static void l2tpc_plugin_eaptls_init(void)
{
	if (!&eaptls_passwd_hook)
		return;
	eaptls_passwd_hook = l2tpc_plugin_eaptls_passwd;
	l2tpc_eaptls_prev_send_hook = snoop_send_hook;
	snoop_send_hook = l2tpc_plugin_eaptls_sent;
}

static void l2tpc_plugin_report_auth(bool ok)
{
	struct ppp_channel_msg m;

	if (l2tpc_auth_reported)
		return;
	l2tpc_auth_reported = true;
	/* The server chose EAP (we acked its Authentication-Protocol option): say so in pppd's
	 * log, where the supervisor reads it (PPP_CHANNEL_EAP_LOG_LINE), so the user is told
	 * EAP was the cause. */
	if (!ok && lcp_hisoptions[0].neg_eap)
		notice("%s", PPP_CHANNEL_EAP_LOG_LINE);
	ppp_channel_msg_init(&m, PPP_CHANNEL_AUTH);
	m.auth_ok = ok;
	m.has_auth_ok = true;
	l2tpc_plugin_send(&m);
}

static int l2tpc_plugin_status(void)
{
#if L2TPC_PPPD_25
	return (int)ppp_status();
#else
	return status;
#endif
}

/*
 * LCP is about to send its Terminate-Request. When the server is known dead (pppd's own LCP
 * echo verdict) or l2tpc says so (a DROP message just before its SIGTERM: the server stopped
 * answering, or this machine's address towards it is gone), no Terminate-Ack can come: pppd
 * sends the request once and ends at once, instead of waiting lcp-restart x lcp-max-terminate
 * (2 s) for an answer. Whatever else is queued on the channel (the secrets, when the server
 * asked for no login) is taken as usual.
 */
static void l2tpc_plugin_terminating(void)
{
	struct pollfd pfd = { .fd = l2tpc_channel_fd, .events = POLLIN };
	bool drop = l2tpc_plugin_status() == EXIT_PEER_DEAD;
	struct ppp_channel_msg m;
	int fd, extra, r;

	while (!drop && l2tpc_channel_fd >= 0 && poll(&pfd, 1, 0) > 0 && (pfd.revents & POLLIN)) {
		r = l2tpc_plugin_recv(&m, &fd, &extra);
		if (fd >= 0)
			close(fd);
		if (extra >= 0)
			close(extra);
		if (r <= 0)
			break;
		if (m.type == PPP_CHANNEL_SECRETS && l2tpc_secrets && !l2tpc_secrets->loaded) {
			l2tpc_secrets->loaded = true;
			l2tpc_plugin_take_secrets(&m);
		}
		drop = m.type == PPP_CHANNEL_DROP;
		ppp_channel_msg_wipe(&m);
	}
	if (!drop)
		return;
	lcp_fsm[0].maxtermtransmits = 0;
	info("l2tpc: the server is out of reach: ending LCP without waiting for its answer");
}

static void l2tpc_plugin_phase(void *ctx, int new_phase)
{
	struct ppp_channel_msg m;

	if (new_phase == PHASE_TERMINATE)
		l2tpc_plugin_terminating();
	/* RFC 1661 3.5: the network phase begins only once authentication succeeded */
	if (new_phase == PHASE_AUTHENTICATE) {
		l2tpc_authenticating = true;
	} else if (l2tpc_authenticating && new_phase == PHASE_NETWORK) {
		l2tpc_plugin_report_auth(true);
	} else if (l2tpc_authenticating && l2tpc_plugin_status() == EXIT_AUTH_TOPEER_FAILED) {
		/* Report it now: the server usually hangs up right after rejecting us, and
		 * pppd then overwrites its exit status with EXIT_HANGUP. */
		l2tpc_plugin_report_auth(false);
	}
	if (new_phase != PHASE_AUTHENTICATE)
		l2tpc_authenticating = false;
	ppp_channel_msg_init(&m, PPP_CHANNEL_PHASE);
	m.phase = (uint32_t)new_phase;
	m.has_phase = true;
	l2tpc_plugin_send(&m);
}

static const char *l2tpc_plugin_ifname(void)
{
#if L2TPC_PPPD_25
	return ppp_ifname();
#else
	return ifname;
#endif
}

static void l2tpc_plugin_ip_up(void *ctx, int arg)
{
	struct ppp_channel_msg m;
	ipcp_options *go = &ipcp_gotoptions[0];
	ipcp_options *ho = &ipcp_hisoptions[0];

	ppp_channel_msg_init(&m, PPP_CHANNEL_IP_UP);
	strncpy(m.ifname, l2tpc_plugin_ifname(), sizeof(m.ifname) - 1);
	memcpy(m.local4, &go->ouraddr, 4);
	m.has_local4 = true;
	memcpy(m.peer4, &ho->hisaddr, 4);
	m.has_peer4 = ho->hisaddr != 0;
	/* RFC 1877: the addresses the server gave us in its ConfNak */
	for (int i = 0; i < 2; i++) {
		if (go->dnsaddr[i])
			memcpy(m.dns4[m.n_dns4++], &go->dnsaddr[i], 4);
	}
	l2tpc_plugin_send(&m);
}

static void l2tpc_plugin_ip_down(void *ctx, int arg)
{
	struct ppp_channel_msg m;

	ppp_channel_msg_init(&m, PPP_CHANNEL_IP_DOWN);
	l2tpc_plugin_send(&m);
}

static void l2tpc_plugin_ipv6_up(void *ctx, int arg)
{
	struct ppp_channel_msg m;

	ppp_channel_msg_init(&m, PPP_CHANNEL_IPV6_UP);
	strncpy(m.ifname, l2tpc_plugin_ifname(), sizeof(m.ifname) - 1);
	memcpy(m.local_ifid, &ipv6cp_gotoptions[0].ourid, 8);
	m.has_local_ifid = true;
	memcpy(m.peer_ifid, &ipv6cp_hisoptions[0].hisid, 8);
	m.has_peer_ifid = true;
	l2tpc_plugin_send(&m);
}

static void l2tpc_plugin_exit(void *ctx, int arg)
{
	struct ppp_channel_msg m;
	int st = l2tpc_plugin_status();

	l2tpc_plugin_wipe_secrets();
	if (st == EXIT_AUTH_TOPEER_FAILED)
		l2tpc_plugin_report_auth(false);
	ppp_channel_msg_init(&m, PPP_CHANNEL_EXIT);
	m.exit_status = (uint32_t)st;
	m.has_exit_status = true;
	l2tpc_plugin_send(&m);
}

void plugin_init(void)
{
	/* keep the secrets out of swap; a failure only loses that protection */
	l2tpc_secrets = mmap(NULL, sizeof(*l2tpc_secrets), PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (l2tpc_secrets == MAP_FAILED) {
		l2tpc_secrets = NULL;
		fatal("l2tpc: out of memory");
	}
	if (mlock(l2tpc_secrets, sizeof(*l2tpc_secrets)) < 0)
		dbglog("l2tpc: cannot lock the secrets page: %m");
	madvise(l2tpc_secrets, sizeof(*l2tpc_secrets), MADV_DONTDUMP);

	pap_check_hook = l2tpc_plugin_check;
	pap_passwd_hook = l2tpc_plugin_passwd;
	chap_check_hook = l2tpc_plugin_check;
	chap_passwd_hook = l2tpc_plugin_passwd;
	l2tpc_plugin_eaptls_init();

#if L2TPC_PPPD_25
	ppp_add_options(l2tpc_options);
	ppp_add_notify(NF_PHASE_CHANGE, l2tpc_plugin_phase, NULL);
	ppp_add_notify(NF_IP_UP, l2tpc_plugin_ip_up, NULL);
	ppp_add_notify(NF_IP_DOWN, l2tpc_plugin_ip_down, NULL);
	ppp_add_notify(NF_IPV6_UP, l2tpc_plugin_ipv6_up, NULL);
	ppp_add_notify(NF_EXIT, l2tpc_plugin_exit, NULL);
#else
	add_options(l2tpc_options);
	add_notifier(&phasechange, l2tpc_plugin_phase, NULL);
	add_notifier(&ip_up_notifier, l2tpc_plugin_ip_up, NULL);
	add_notifier(&ip_down_notifier, l2tpc_plugin_ip_down, NULL);
	add_notifier(&ipv6_up_notifier, l2tpc_plugin_ipv6_up, NULL);
	add_notifier(&exitnotify, l2tpc_plugin_exit, NULL);
#endif
	l2tpc_pppd_lcp_init();
	info("l2tpc plugin loaded (channel version %d)", PPP_CHANNEL_VERSION);
}
