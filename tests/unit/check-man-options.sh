#!/bin/sh
# Every option a command's --help prints is described in the OPTIONS section of its manual
# page, so the page cannot fall behind the program.
# Usage: check-man-options.sh MANPAGE COMMAND [ARGS...]   (COMMAND ARGS --help is run)
set -u
man=$1
shift
help=$(LC_ALL=C LANGUAGE=C "$@" --help) || { echo "not ok 1 - $* --help failed"; exit 1; }
# the OPTIONS section, roff escapes of the minus sign undone
section=$(sed -n '/^\.SH OPTIONS/,/^\.SH /p' "$man" | sed 's/\\-/-/g')
[ -n "$section" ] || { echo "1..1"; echo "not ok 1 - $man has no OPTIONS section"; exit 1; }
# options: the "-x, --long=ARG" column of the help's option lines
opts=$(printf '%s\n' "$help" | sed -n 's/^ \{1,\}\(-[^ ,]*\(, -[^ ,=]*\)*\).*/\1/p' |
	tr ',' '\n' | sed "s/=.*//; s/^ *//" | grep . | sort -u)
n=0
fails=0
echo "1..$(printf '%s\n' "$opts" | wc -l)"
for o in $opts; do
	n=$((n + 1))
	# an option is described when an item (.TP line) names it
	if printf '%s\n' "$section" | grep -A1 '^\.TP' | grep -q -- "\(^\|[ \"]\)$o\([ \",]\|\$\)"; then
		echo "ok $n - $o is in $(basename "$man")'s OPTIONS"
	else
		echo "not ok $n - $* --help prints $o, but the OPTIONS section of $man does not describe it"
		fails=$((fails + 1))
	fi
done
exit $((fails > 0))
