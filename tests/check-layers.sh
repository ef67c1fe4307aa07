#!/bin/sh
# Enforce the layering rules of docs/DESIGN.md on the source tree:
#  - only ui/ includes curses, and only through ui/curses.h; the entry
#    points outside ui/ that start the client see none of it, not even
#    through a ui/ header;
#  - only the store files include sqlite3;
#  - the codec and the planner do no I/O (no sockets, files, clocks);
#  - config.h is the first include of every .c file;
#  - no source file grows much past 500 lines (hard stop at 550).
set -u
cd "${top_srcdir:-$(dirname "$0")/..}" || exit 99

fail=0
complain() { echo "FAIL: $*"; fail=1; }

srcs=$(find src net ui tests bench -name '*.[ch]' 2>/dev/null | sort)

# Whether header $1 brings curses in, through the ui/ headers it includes
# (a subshell, so that the recursion keeps its own h).
reaches_curses() (
	case $1 in ui/curses.h) exit 0;; esac
	for h in $(sed -n 's/^#include "\(ui\/[^"]*\)"/\1/p' "$1"); do
		reaches_curses "$h" && exit 0
	done
	exit 1
)

for f in $srcs; do
	case $f in
	ui/curses.h) ;;
	*)	grep -qE '^#include <(n?curses|ncursesw/)' "$f" &&
		    complain "$f includes curses directly (use ui/curses.h)";;
	esac
	# Data flows up: src/ and net/ never reach into ui/, except the
	# entry points that start the full-screen client.
	case $f in
	src/hcwed.c|src/cmd_ui*) ;;
	src/*|net/*)	grep -q '^#include "ui/' "$f" &&
		    complain "$f includes ui/ headers from a lower layer";;
	esac
	case $f in
	ui/*|bench/*|tests/*) ;;
	*)	for h in $(sed -n 's/^#include "\(ui\/[^"]*\)"/\1/p' "$f"); do
			reaches_curses "$h" &&
			    complain "$f sees curses through $h"
		done;;
	esac
	case $f in
	net/*)	grep -qE '^#include "src/(store|hub|planner|slotbook)' "$f" &&
		    [ "${f#net/slothttp}" = "$f" ] && [ "${f#net/server}" = "$f" ] &&
		    complain "$f reaches into domain state from net/";;
	esac
	case $f in
	src/store*|src/slotstore*|tests/*|bench/*) ;;
	*)	grep -q '^#include <sqlite3.h>' "$f" &&
		    complain "$f includes sqlite3 (only the store files may)";;
	esac
	case $f in
	*.c)	first=$(grep -m1 '^#include' "$f")
		[ "$first" = '#include "config.h"' ] ||
		    complain "$f: first include is not config.h";;
	esac
	lines=$(wc -l < "$f")
	[ "$lines" -le 550 ] || complain "$f has $lines lines (split it)"
done

for f in net/proto*.c src/planner*.c; do
	[ -f "$f" ] || continue
	grep -nE '\b(socket|connect|read|write|fopen|open|printf|fprintf|getenv|time|localtime|clock_gettime|gettimeofday|rand|random|sleep|usleep)\(' "$f" |
	    grep -v '^\s*\*' | while IFS= read -r hit; do
		echo "FAIL: $f is meant to be pure but calls I/O: $hit"
	done | grep . && fail=1
done

[ "$fail" -eq 0 ] && echo "layers: $(echo "$srcs" | wc -w) files checked, all rules hold"
exit "$fail"
