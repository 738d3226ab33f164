#!/bin/sh
# Runs the built l2tpc on error paths that need no root and no daemons, in German and English,
# and the missing-profile path in every language of po/LINGUAS, and checks the sentence a user
# sees on stderr: the catalogs are compiled, the CLI binds its text domain, and the sentences
# are marked and translated.
# Usage: test-cli-translated.sh L2TPC LOCALEDIR (the build tree's po/, holding <lang>/LC_MESSAGES)
set -u
l2tpc=$1
export L2TPC_LOCALEDIR=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
n=0

# check LANGUAGE EXPECTED_EXIT EXPECTED_STDERR_TEXT ARGS...
check() {
	lang=$1 want_rc=$2 want=$3
	shift 3
	n=$((n + 1))
	LC_ALL=C.UTF-8 LANGUAGE=$lang "$l2tpc" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" -eq "$want_rc" ] && grep -qF -- "$want" "$tmp/err"; then
		echo "ok $n - LANGUAGE=$lang l2tpc $*"
	else
		echo "not ok $n - LANGUAGE=$lang l2tpc $*: exit $rc (want $want_rc), stderr:"
		sed 's/^/# /' "$tmp/err"
		echo "# expected: $want"
		fails=$((fails + 1))
	fi
}

echo "1..22"
check de 2 "l2tpc: error: Kein Profil „nosuch-profile“ gefunden" up nosuch-profile
check C 2 "l2tpc: error: No profile 'nosuch-profile' found" up nosuch-profile
check cs 2 "l2tpc: error: Profil „nosuch-profile“ nebyl nalezen" up nosuch-profile
check es 2 "l2tpc: error: No se encontró el perfil «nosuch-profile»" up nosuch-profile
check fr 2 "l2tpc: error: Aucun profil « nosuch-profile » trouvé" up nosuch-profile
check it 2 "l2tpc: error: Nessun profilo «nosuch-profile» trovato" up nosuch-profile
check ja 2 "l2tpc: error: プロファイル「nosuch-profile」が見つかりません" up nosuch-profile
check ko 2 "l2tpc: error: 프로필 'nosuch-profile'을(를) 찾을 수 없습니다" up nosuch-profile
check nl 2 "l2tpc: error: Geen profiel ‘nosuch-profile’ gevonden" up nosuch-profile
check pl 2 "l2tpc: error: Nie znaleziono profilu „nosuch-profile”" up nosuch-profile
check pt_BR 2 "l2tpc: error: Nenhum perfil “nosuch-profile” encontrado" up nosuch-profile
check ru 2 "l2tpc: error: Профиль «nosuch-profile» не найден" up nosuch-profile
check sv 2 "l2tpc: error: Ingen profil ”nosuch-profile” hittades" up nosuch-profile
check tr 2 "l2tpc: error: 'nosuch-profile' profili bulunamadı" up nosuch-profile
check uk 2 "l2tpc: error: Профіль «nosuch-profile» не знайдено" up nosuch-profile
check zh_CN 2 "l2tpc: error: 找不到配置文件“nosuch-profile”" up nosuch-profile
check de 2 "l2tpc: error: /nonexistent/profile kann nicht geöffnet werden" up /nonexistent/profile
check de 2 "l2tpc: error: l2tpc probe: nennen Sie genau ein Gateway" probe
check de 2 "Aufruf: l2tpc BEFEHL [ARGUMENTE]"
check de 2 "l2tpc: error: unbekannter Befehl „frobnicate“" frobnicate
check de 20 "Es läuft keine Verbindung namens „nosuch“" down nosuch --rundir "$tmp"
check C 20 "No connection named 'nosuch' is running" down nosuch --rundir "$tmp"
exit $((fails > 0))
