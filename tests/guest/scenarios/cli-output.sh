#!/bin/bash
# cli-output: what `l2tpc up -v` prints on a terminal (a pty from script(1)) when it fails.
#  1. wrong PSK: exactly one "l2tpc: error:" line, no timestamps, each progress line once.
#  2. IPsec off (the server drops clear L2TP): no ipsec phase ([n/5] lines), one error line.
#  3. the same wrong PSK with stderr in a file: its log lines carry a local time (HH:MM:SS.mmm),
#     never the epoch, and still one "l2tpc: error:" line.
#
#   netns cli (192.0.2.2)                   netns srv (192.0.2.1)
#   l2tpc up office (pty)  ----veth-----    charon responder (PSK), xl2tpd LNS
. "$(dirname "$0")/../lib.sh"

. "$GUEST_LIB_DIR/l2tpc-lib.sh"
l2tpc_testbed

wire_check_off "part 2 sends clear L2TP on purpose: it checks the output with IPsec off"
l2tpc_profile office l2tp-retries=1
sed 's/^ipsec-enabled=yes$/ipsec-enabled=no/' "$G/cli/profiles/office.conf" \
	> "$G/cli/profiles/clear.conf"
(umask 077 && printf 'password=%s\nipsec-psk=wrong-%s\n' "$LNS_PASSWORD" "$SRV_PSK" \
	> "$G/cli/secrets-wrong-psk")

# on_tty TAG PROFILE SECRETS: `l2tpc up PROFILE -v` with a terminal as stdout and stderr;
# what the terminal showed goes to $L/TAG.txt (without the pty's carriage returns).
on_tty() {
	in_cli script -qefc "$L2TPC up $G/cli/profiles/$2.conf -v --pppd-plugin $L2TPC_PLUGIN \
		--secrets-fd 3 3< $3" /dev/null > "$L/$1.raw" 2>&1
	tr -d '\r' < "$L/$1.raw" > "$L/$1.txt"
}
count() { grep -Ec -- "$1" "$2"; }
# Lines l2tpc printed more than once; charon's own ([IKE] ...) repeat with its retransmits.
repeated() { grep -v '^l2tpc: \[[A-Z]*\] ' "$1" | sort | uniq -d; }

# ---- 1. wrong PSK on a terminal
on_tty wrong-psk office "$G/cli/secrets-wrong-psk"
T=$L/wrong-psk.txt
check "wrong PSK: exactly one l2tpc: error: line" [ "$(count '^l2tpc: error: ' "$T")" = 1 ]
check "wrong PSK: it names the pre-shared key" \
	grep -Eq '^l2tpc: error: .*pre-shared key' "$T"
check "wrong PSK: the sentence is printed once" \
	[ "$(count "$(sed -n 's/^l2tpc: error: \(.\{20\}\).*/\1/p' "$T")" "$T")" = 1 ]
check "wrong PSK: no timestamps, no l2tpc[component] lines" \
	lib_not grep -Eq '^[0-9]{9,}\.[0-9]{3} |^[0-9]{2}:[0-9]{2}:[0-9]{2}\.|l2tpc\[' "$T"
check "wrong PSK: the resolve phase once" [ "$(count 'resolve: ' "$T")" = 1 ]
check "wrong PSK: the ipsec phase once" [ "$(count 'ipsec: IKEv1 main mode' "$T")" = 1 ]
check "wrong PSK: the ipsec phase as [2/6]" grep -q '^\[2/6\] ipsec: ' "$T"
check "wrong PSK: -v details shown without a timestamp" grep -q '^l2tpc: started pppd' "$T"
check "wrong PSK: IPsec connection removed, once" [ "$(count 'IPsec connection removed' "$T")" = 1 ]
check "wrong PSK: every l2tpc line once" [ -z "$(repeated "$T")" ]

# ---- 2. IPsec off on a terminal
on_tty clear clear "$G/cli/secrets"
T=$L/clear.txt
check "IPsec off: no ipsec phase" lib_not grep -q 'ipsec: IKEv' "$T"
check "IPsec off: phases counted of 5" grep -q '^\[2/5\] l2tp-tunnel: ' "$T"
check "IPsec off: the clear-text warning" \
	grep -q '^l2tpc: warning: IPsec is off for this profile' "$T"
check "IPsec off: exactly one l2tpc: error: line" [ "$(count '^l2tpc: error: ' "$T")" = 1 ]
check "IPsec off: the sentence is printed once" [ "$(count 'did not answer the tunnel' "$T")" = 1 ]
check "IPsec off: every l2tpc line once" [ -z "$(repeated "$T")" ]

# ---- 3. wrong PSK, stderr to a file
in_cli bash -c "$L2TPC up $G/cli/profiles/office.conf -v --pppd-plugin $L2TPC_PLUGIN \
	--secrets-fd 3 3< $G/cli/secrets-wrong-psk" > "$L/file.out" 2> "$L/file.err"
check "to a file: one l2tpc: error: line" [ "$(count '^l2tpc: error: ' "$L/file.err")" = 1 ]
check "to a file: log lines carry a local time" \
	grep -Eq '^[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3} l2tpc\[ppp\] info: started pppd' "$L/file.err"
check "to a file: no epoch timestamps" lib_not grep -Eq '^[0-9]{9,}\.' "$L/file.err"
check_residue cli l2tpc
finish
