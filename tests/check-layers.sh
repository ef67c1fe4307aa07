#!/bin/sh
# Enforce the layering of docs/DESIGN.md on the tree.  One table below says
# which folders each folder may include and call; nothing is exempt.
#  - includes: every #include "dir/x.h" names the file's own folder or one
#    its row allows;
#  - calls: every symbol a component's library leaves undefined is defined
#    in its own library or an allowed one (nm on the built libraries);
#  - only ui/ includes curses, through ui/curses.h, and nothing outside ui/
#    sees it through a ui/ header; only the store files include or call
#    sqlite3;
#  - the codec (net/proto*) and the planner (src/book/planner*) call no
#    I/O, clock or randomness, and only src/base/clock.c reads the time;
#  - config.h is the first include of every .c file, and no source file
#    grows much past 500 lines (hard stop at 550).
# tests/NAME/ holds the tests of the folder named NAME and may use what
# that folder may, plus the folder itself and tests/.
set -u
src=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
build=${top_builddir:-$src/build}
cd "$src" || exit 99

# folder	may include and call
edges='
src/base
net		src/base
src/hcwedd	net src/base
src/slotd	net src/base
src/book	src/base
ui		src/book src/base
src/hcwed	ui src/book net src/base
bench		ui src/book net src/base
tests		src/base
tests/fuzz	src/hcwedd src/slotd src/book net src/base
'
components='src/base net src/hcwedd src/slotd src/book ui src/hcwed'
stores='src/hcwedd/store* src/slotd/slotstore* src/base/store_wal*'
pure='net/proto* src/book/planner*'
# What a pure file may not call: sockets, files, terminals, clocks, chance.
impure='accept bind clock_gettime close connect fclose fdopen fflush fopen
fprintf fputs fread fwrite getenv gettimeofday localtime nanosleep open
printf puts rand random read recv send sleep socket time usleep write'
impure=$(echo $impure)

fail=0
complain() { echo "FAIL: $*"; fail=1; }

allowed() {
	echo "$edges" | awk -v d="$1" '$1 == d { $1 = ""; print }'
}

# The row for a file: its folder's, or for tests/NAME/ that of NAME.
row_of() {
	dir=${1%/*}
	case $dir in
	tests/fuzz|tests|bench|src/*|net|ui) ;;
	tests/*)
		for c in $components; do
			[ "${c##*/}" = "${dir#tests/}" ] &&
			    { echo "$dir tests $c $(allowed "$c")"; return; }
		done
		echo "$dir"; return;;
	esac
	echo "$dir $(allowed "$dir")"
}

srcs=$(find src net ui tests bench -name '*.[ch]' | sort)

for f in $srcs; do
	row=$(row_of "$f")
	for inc in $(sed -n 's/^#include "\([^"]*\/[^"]*\)"/\1/p' "$f"); do
		case " $row " in
		*" ${inc%/*} "*) ;;
		*) complain "$f includes $inc (${f%/*} may use only: ${row#* })";;
		esac
	done
	case $f in
	*.c)	first=$(grep -m1 '^#include' "$f")
		[ "$first" = '#include "config.h"' ] ||
		    complain "$f: first include is not config.h";;
	esac
	lines=$(wc -l < "$f")
	[ "$lines" -le 550 ] || complain "$f has $lines lines (split it)"
done

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
	case $f in
	ui/*|tests/ui/*|bench/*) ;;
	*)	for h in $(sed -n 's/^#include "\(ui\/[^"]*\)"/\1/p' "$f"); do
			reaches_curses "$h" &&
			    complain "$f sees curses through $h"
		done;;
	esac
	is_store=0
	for p in $stores; do
		case $f in $p) is_store=1;; esac
	done
	case $f in tests/*) is_store=1;; esac
	[ "$is_store" -eq 1 ] || ! grep -q '^#include <sqlite3.h>' "$f" ||
	    complain "$f includes sqlite3 (only the store files may)"
done

# Calls: nm on the libraries the build made.
libs=""
for c in $components; do
	lib=$build/$c/lib${c##*/}.a
	if [ ! -f "$lib" ]; then
		echo "SKIP: calls not checked, $lib is not built"
		libs=""; break
	fi
	libs="$libs $c=$lib"
done
if [ -n "$libs" ]; then
	defs=$(mktemp) || exit 99
	trap 'rm -f "$defs"' EXIT
	for cl in $libs; do
		nm -A --defined-only -g "${cl#*=}" 2>/dev/null |
		    awk -v c="${cl%%=*}" '{ print $NF, c }'
	done > "$defs"
	for cl in $libs; do
		c=${cl%%=*}
		ok="$c $(allowed "$c")"
		nm -A -u "${cl#*=}" 2>/dev/null | awk '{ print $1, $NF }' |
		    sed 's/^[^:]*:\([^:]*\):* / \1 /' |
		    awk -v ok=" $ok " -v c="$c" -v stores="$stores" \
			-v pure="$pure" -v impure="$impure" '
		function glob(s, p) {
			gsub(/\./, "\\.", p); gsub(/\*/, ".*", p)
			return s ~ ("^" p "$")
		}
		function any(s, list,  n, a, i) {
			n = split(list, a, " ")
			for (i = 1; i <= n; i++) if (glob(s, a[i])) return 1
			return 0
		}
		NR == FNR { home[$1] = $2; next }
		{
			obj = c "/" $1; sym = $2
			if (sym in home && index(ok, " " home[sym] " ") == 0)
				printf "FAIL: %s calls %s in %s\n", obj, sym, home[sym]
			if (sym ~ /^sqlite3_/ && !any(obj, stores))
				printf "FAIL: %s calls %s (only the store files may)\n", obj, sym
			if ((sym == "clock_gettime" || sym == "gettimeofday") &&
			    obj != "src/base/clock.o")
				printf "FAIL: %s reads the time itself (use src/base/clock.h)\n", obj
			if (any(obj, pure) && index(" " impure " ", " " sym " "))
				printf "FAIL: %s is meant to be pure but calls %s\n", obj, sym
		}' "$defs" - | grep . && fail=1
	done
fi

[ "$fail" -eq 0 ] &&
    echo "layers: $(echo "$srcs" | wc -w) files and the calls of $(echo "$components" | wc -w) libraries checked, all rules hold"
exit "$fail"
