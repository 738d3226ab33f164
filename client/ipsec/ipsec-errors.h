/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipsec-errors: turns what charon says into one failure sentence.
 *
 * charon reports an `initiate` failure as a bare "establishing CHILD_SA 'l2tp' failed"; the why
 * is only in the control-log lines it streams to the initiating VICI connection. This pure
 * classifier reads those lines (and the errmsg) and picks the class and sentence a user can act
 * on. The daemon problems found before any IKE traffic (no charon, no vici plugin, no IKEv1,
 * UDP 500 taken) get their sentences here too, so every sentence lives in one tested place.
 */
#pragma once

#include <stdbool.h>

#include "l2tpc-failure.h"

/* What the failed attempt offered, for the sentences. */
struct ipsec_errors_ctx {
	const char *gateway;	  /* remote address as the user wrote it */
	const char *ike_offered;  /* comma-separated IKE proposals we sent */
	const char *esp_offered;  /* comma-separated ESP proposals we sent */
	const char *esp_first;	  /* NULL, or the ESP proposals with PFS refused before those */
	const char *esp_fallback; /* NULL, or the ESP proposals without PFS not tried yet */
	const char *remote_id;	  /* configured remote ID, NULL if any */
	bool psk;		  /* authentication by pre-shared key (else certificate) */
	unsigned int timeout_s;	  /* the initiate timeout */
};

/*
 * How far IKE got before it failed, read from the lines: a rule of the classifier applies at
 * some of these stages only.
 */
enum ipsec_errors_stage {
	IPSEC_ERRORS_MAIN_MODE = 1 << 0,  /* phase 1, before our encrypted ID/HASH went out */
	IPSEC_ERRORS_AUTH_SENT = 1 << 1,  /* phase 1, our ID/HASH (main mode message 5) sent */
	IPSEC_ERRORS_QUICK_MODE = 1 << 2, /* "IKE_SA ... established": quick mode (phase 2) */
};
#define IPSEC_ERRORS_PHASE1 (IPSEC_ERRORS_MAIN_MODE | IPSEC_ERRORS_AUTH_SENT)
#define IPSEC_ERRORS_ANY    (IPSEC_ERRORS_PHASE1 | IPSEC_ERRORS_QUICK_MODE)

/* The sentences the classifier can write (the wording is in ipsec-errors.c). */
enum ipsec_errors_sentence {
	IPSEC_ERRORS_SAY_PORT_IN_USE, /* = ipsec_errors_daemon(IPSEC_DAEMON_PORT_IN_USE) */
	IPSEC_ERRORS_SAY_PEER_ID,     /* the gateway's ID is not the configured remote ID */
	IPSEC_ERRORS_SAY_IKE_REFUSED, /* none of our IKE proposals accepted */
	IPSEC_ERRORS_SAY_ESP_REFUSED, /* none of our ESP proposals accepted (with/without PFS) */
	IPSEC_ERRORS_SAY_TS_REFUSED,  /* the server will not protect UDP 1701 in transport mode */
	IPSEC_ERRORS_SAY_NO_PSK,      /* charon has no PSK for the IDs */
	IPSEC_ERRORS_SAY_UNTRUSTED,   /* the server's certificate is not from machine-ca */
	IPSEC_ERRORS_SAY_AUTH_FAILED, /* either side rejected the other's proof */
	IPSEC_ERRORS_SAY_SILENT_AT_AUTH, /* the gateway went silent after our ID/HASH */
	IPSEC_ERRORS_SAY_SILENT_QUICK,	 /* the gateway went silent in quick mode */
	IPSEC_ERRORS_SAY_NO_ANSWER,	 /* the gateway never answered IKE */
	IPSEC_ERRORS_SAY_TIMEOUT,	 /* the initiate timeout ran out */
	IPSEC_ERRORS_SAY_CONFIG_LOST,	 /* charon no longer knows our connection */
};

/*
 * One row of the classifier's table: the first row, in table order, whose pattern is found
 * decides the class and the sentence.
 */
struct ipsec_errors_rule {
	const char *pattern;  /* substring of a charon log line (of the errmsg, with in_errmsg) */
	const char *and_also; /* NULL, or a second substring the first such line must hold */
	bool in_errmsg;	      /* match the initiate errmsg instead of the log lines */
	bool cert_only;	      /* only when authenticating by certificate */
	unsigned int stages;  /* enum ipsec_errors_stage bits the row applies at */
	enum l2tpc_failure_class klass;
	enum ipsec_errors_sentence sentence;
	bool psk_refused; /* with a PSK the row means the gateway refused it: secret_refused */
};

/* The table, exported read-only so the unit test can check it row by row. */
extern const struct ipsec_errors_rule ipsec_errors_rules[];
extern const unsigned int ipsec_errors_n_rules;

/**
 * The index in ipsec_errors_rules of the row that decides these lines and errmsg, or -1 when
 * none does (the generic sentence). @line (may be NULL) gets the line the row matched.
 */
int ipsec_errors_match(const char *const *lines, unsigned int n_lines, const char *errmsg,
		       const struct ipsec_errors_ctx *ctx, const char **line);

/**
 * Classifies a failed initiate from charon's control-log lines (oldest first) and the initiate
 * errmsg (may be NULL). Always records a failure in @f and returns its class.
 */
enum l2tpc_failure_class ipsec_errors_classify(const char *const *lines, unsigned int n_lines,
					       const char *errmsg,
					       const struct ipsec_errors_ctx *ctx,
					       struct l2tpc_failure *f);

/**
 * Whether the lines show the server refusing our Quick Mode proposals (NO_PROPOSAL_CHOSEN after
 * the IKE SA was established): the moment to offer ESP without PFS (ipsec-proposals.h).
 */
bool ipsec_errors_quick_mode_refused(const char *const *lines, unsigned int n_lines);

enum ipsec_daemon_problem {
	IPSEC_DAEMON_NO_CHARON,	     /* /usr/lib/ipsec/charon missing */
	IPSEC_DAEMON_NO_VICI_PLUGIN, /* the vici plugin is not installed */
	IPSEC_DAEMON_NO_PLUGIN,	     /* another plugin we load is missing (detail = its name) */
	IPSEC_DAEMON_NO_IKEV1,	     /* charon built without IKEv1 */
	IPSEC_DAEMON_PORT_IN_USE,    /* UDP 500/4500 held by another IKE daemon */
	IPSEC_DAEMON_START_FAILED,   /* charon exited or never opened its socket (detail = why) */
	IPSEC_DAEMON_GONE,	     /* charon went away while we used it (detail = why) */
	IPSEC_DAEMON_APPARMOR,	     /* did not start, confined by AppArmor (detail = profile) */
	IPSEC_DAEMON_SELINUX,	     /* did not start, SELinux enforcing (detail = file context) */
	IPSEC_DAEMON_NO_NAMESPACE,   /* no mount namespace for the private charon (detail = why) */
	IPSEC_DAEMON_MALFORMED, /* charon answered, but not in VICI (detail = what was wrong) */
};

/** Records the sentence for a daemon problem; @detail as documented per problem, may be NULL. */
void ipsec_errors_daemon(enum ipsec_daemon_problem problem, const char *detail,
			 struct l2tpc_failure *f);

/**
 * Scans the lines of a charon log for a socket bind failure (UDP 500 held by someone else);
 * pure, used on the private charon's log file when it does not come up.
 */
bool ipsec_errors_log_has_port_conflict(const char *log);

/**
 * The CHILD_SA charon reported as established never showed up INSTALLED in transport mode:
 * records the sentence for the last @mode and @state listed (either may be NULL: not listed)
 * with @remote_addr, after @waited_ms of looking.
 */
void ipsec_errors_child_not_up(const char *remote_addr, const char *mode, const char *state,
			       unsigned int waited_ms, struct l2tpc_failure *f);
