// SPDX-License-Identifier: GPL-2.0-or-later
#include "l2tp-result.h"
#include "l2tpc-i18n.h"

const char *l2tp_result_name(uint16_t msg_type, uint16_t result)
{
	/* RFC 2661 4.4.2, StopCCN result codes. */
	static const char *const stop[] = {
		"reserved",
		"general request to clear control connection",
		"general error",
		"control channel already exists",
		"requester is not authorized to establish a control channel",
		"protocol version of the requester is not supported",
		"requester is being shut down",
		"finite state machine error",
	};
	/* RFC 2661 4.4.2, CDN result codes. */
	static const char *const cdn[] = {
		"reserved",
		"call disconnected due to loss of carrier",
		"call disconnected for the reason indicated in error code",
		"call disconnected for administrative reasons",
		"no appropriate facilities available (temporary)",
		"no appropriate facilities available (permanent)",
		"invalid destination",
		"no carrier detected",
		"busy signal",
		"no dial tone",
		"call not established within time allotted by LAC",
		"call connected but no appropriate framing detected",
	};

	if (msg_type == L2TP_MSG_STOPCCN && result < G_N_ELEMENTS(stop))
		return stop[result];
	if (msg_type == L2TP_MSG_CDN && result < G_N_ELEMENTS(cdn))
		return cdn[result];
	return "undefined result code";
}

const char *l2tp_result_error_name(uint16_t error)
{
	/* RFC 2661 4.4.2, general error codes. */
	static const char *const names[] = {
		"no general error",	  "no control connection exists yet",
		"length is wrong",	  "field value out of range or reserved field non-zero",
		"insufficient resources", "session ID invalid in this context",
		"vendor-specific error",  "try another server",
		"unknown mandatory AVP",
	};

	return error < G_N_ELEMENTS(names) ? names[error] : "undefined error code";
}

static const char *result_advice(uint16_t msg_type, uint16_t result, uint16_t error)
{
	if (result == 2 && error == L2TP_ERROR_TRY_ANOTHER)
		return _("connect to another server of this service");
	if (result == 2 && error == L2TP_ERROR_NO_RESOURCES)
		return _("the server is out of resources: try again later");
	if (result == 2 && error == L2TP_ERROR_UNKNOWN_MANDATORY)
		return _("the server does not understand this client: report it with a debug log");
	if (msg_type == L2TP_MSG_STOPCCN) {
		switch (result) {
		case L2TP_STOPCCN_ALREADY_EXISTS:
			return _("the server still holds an earlier tunnel: wait a minute and "
				 "reconnect");
		case L2TP_STOPCCN_NOT_AUTHORIZED:
			return _("check the L2TP tunnel secret and host name in the profile");
		case L2TP_STOPCCN_BAD_VERSION:
			return _("the server does not speak L2TP version 2 (RFC 2661)");
		case L2TP_STOPCCN_SHUTTING_DOWN:
			return _("the server is shutting down: try again later");
		case L2TP_STOPCCN_FSM_ERROR:
			return _("the server rejected the message sequence: report it with a debug "
				 "log");
		default:
			return _("reconnect, and ask the server's administrator if it keeps "
				 "happening");
		}
	}
	switch (result) {
	case L2TP_CDN_ADMIN:
		return _("the administrator or a server limit ended the call: reconnect or ask the "
			 "server's administrator");
	case L2TP_CDN_NO_FACILITIES_TEMP:
		return _("the server has no free capacity now: try again later");
	case L2TP_CDN_NO_FACILITIES_PERM:
	case L2TP_CDN_INVALID_DEST:
		return _("the server accepts no calls from this client: ask its administrator");
	case 11:
		return _("PPP did not start: check the PPP settings of the profile");
	default:
		return _("reconnect, and ask the server's administrator if it keeps happening");
	}
}

char *l2tp_result_sentence(const struct l2tp_msg *m, const char *peer_name)
{
	struct l2tp_result_code rc = { 0 };
	bool have = l2tp_msg_get_result_code(m, &rc);
	/* Translators: completes "The L2TP server %s %s (...)"; the advice after ';' is lowercase.
	 */
	const char *what =
		m->type == L2TP_MSG_STOPCCN ? _("closed the tunnel") : _("ended the call");
	g_autofree char *err = NULL, *text = NULL;

	if (!have)
		return g_strdup_printf(
			_("The L2TP server %s %s (%s without a Result Code); "
			  "reconnect, and ask the server's administrator if it keeps "
			  "happening."),
			peer_name, what, l2tp_msg_type_name(m->type));
	if (rc.has_error)
		err = g_strdup_printf(_(", error %u \"%s\""), rc.error,
				      l2tp_result_error_name(rc.error));
	if (rc.message_len) {
		g_autofree char *valid = g_utf8_make_valid(rc.message, (gssize)rc.message_len);

		text = g_strdup_printf(_(", message \"%s\""), g_strstrip(valid));
	}
	return g_strdup_printf(_("The L2TP server %s %s (%s result %u \"%s\"%s%s); %s."), peer_name,
			       what, l2tp_msg_type_name(m->type), rc.result,
			       l2tp_result_name(m->type, rc.result), err ? err : "",
			       text ? text : "", result_advice(m->type, rc.result, rc.error));
}
