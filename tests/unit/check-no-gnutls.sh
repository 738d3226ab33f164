#!/bin/sh
# check-no-gnutls BINARY...: none of the binaries loads GnuTLS at start. The certificate reader
# is a module loaded on the first certificate (client/ipsec/ipsec-creds-parse.c); linking
# GnuTLS again would cost every PSK connection ~2.5 MB of memory and a dozen libraries.
status=0
for bin in "$@"; do
	if ldd "$bin" | grep -q 'libgnutls'; then
		echo "FAIL: $bin loads GnuTLS at start:"
		ldd "$bin" | grep libgnutls
		status=1
	else
		echo "ok: $bin does not load GnuTLS at start"
	fi
done
exit $status
