#!/bin/sh
# Runs the built auth dialog (external UI: no display needed) and nm-l2tpc-migrate (a bad option:
# no NetworkManager needed) in each language and checks what the user sees: the text domain is
# bound at start and the nm-plugin strings are marked and translated. C is the English control.
# Usage: test-nm-translated.sh AUTH-DIALOG MIGRATE LOCALEDIR (the build tree's po/)
set -u
dialog=$1 migrate=$2
export L2TPC_LOCALEDIR=$3
S=org.freedesktop.NetworkManager.l2tpc
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
n=0

report() { # OK DESCRIPTION EXPECTED
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2; output:"
		sed 's/^/# /' "$tmp/out"
		echo "# expected: $3"
		fails=$((fails + 1))
	fi
}

# dialog LANGUAGE EXPECTED_TITLE EXPECTED_PASSWORD_LABEL
dialog() {
	printf 'DATA_KEY=gateway\nDATA_VAL=192.0.2.1\n\nDATA_KEY=password-flags\nDATA_VAL=2\n\nDONE\n\n' |
		LC_ALL=C.UTF-8 LANGUAGE=$1 "$dialog" -u u1 -n office -s $S --external-ui-mode \
			>"$tmp/out" 2>&1
	grep -qxF "Title=$2" "$tmp/out" && grep -qxF "Label=$3" "$tmp/out"
	report $? "LANGUAGE=$1 auth dialog: title and label" "Title=$2, Label=$3"
}

# migrate LANGUAGE EXPECTED_STDERR_TEXT
migrate() {
	LC_ALL=C.UTF-8 LANGUAGE=$1 "$migrate" --no-such-option >"$tmp/out" 2>&1
	rc=$?
	[ "$rc" -eq 2 ] && grep -qF -- "$2" "$tmp/out"
	report $? "LANGUAGE=$1 nm-l2tpc-migrate --no-such-option (exit $rc)" "$2"
}

echo "1..32"
dialog C "Authenticate VPN" "Password"
dialog cs "Ověření VPN" "Heslo"
dialog de "VPN-Authentifizierung" "Passwort"
dialog es "Autenticación de la VPN" "Contraseña"
dialog fr "Authentification VPN" "Mot de passe"
dialog it "Autenticazione VPN" "Password"
dialog ja "VPN の認証" "パスワード"
dialog ko "VPN 인증" "암호"
dialog nl "VPN-authenticatie" "Wachtwoord"
dialog pl "Uwierzytelnianie VPN" "Hasło"
dialog pt_BR "Autenticar VPN" "Senha"
dialog ru "Аутентификация VPN" "Пароль"
dialog sv "Autentisera VPN" "Lösenord"
dialog tr "VPN Kimlik Doğrulaması" "Parola"
dialog uk "Автентифікація VPN" "Пароль"
dialog zh_CN "VPN 身份验证" "密码"
migrate C ": see --help."
migrate cs ": viz --help."
migrate de ": siehe --help."
migrate es ": vea --help."
migrate fr " : voir --help."
migrate it ": vedi --help."
migrate ja ": --help を参照してください。"
migrate ko ": --help를 보십시오."
migrate nl ": zie --help."
migrate pl ": zobacz --help."
migrate pt_BR ": veja --help."
migrate ru ": см. --help."
migrate sv ": se --help."
migrate tr ": --help'e bakın."
migrate uk ": див. --help."
migrate zh_CN "：请参阅 --help。"
exit $((fails > 0))
