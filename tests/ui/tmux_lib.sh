# Sourced after tests/lib.sh by the tests that drive hcwed in a real
# terminal: a private tmux server, stopped on exit along with everything
# lib.sh started, and helpers to read and type into its sessions.
command -v tmux >/dev/null 2>&1 || skip "tmux is not installed"

TM="tmux -L hcwed-test-$$ -f /dev/null"
tm_cleanup() { $TM kill-server 2>/dev/null; lib_cleanup; }
trap tm_cleanup EXIT

screen() { $TM capture-pane -p -t "$1"; }
shows() { screen "$1" | grep -q -- "$2"; }
# expect NAME TEXT WHAT: wait up to 15 s for TEXT on NAME's screen.
expect() {
	wait_until 150 shows "$1" "$2" && return 0
	screen "$1" >&2
	fail "$3"
}
keys() { $TM send-keys -t "$@"; }
# client NAME [PRELUDE]: an 80x24 session NAME running the full-screen
# hcwed as NAME, with its own configuration directory; PRELUDE runs in the
# pane first (say, to give the terminal a title).
client() {
	mkdir -p "$T/cfg-$1/hcwed"
	$TM new-session -d -s "$1" -x 80 -y 24 \
	    "${2:+$2; }env TERM=screen-256color LANG=C.UTF-8 \
	    HCWED_PASSWORD=$(pw "$1") XDG_CONFIG_HOME=$T/cfg-$1 HOME=$T \
	    $HCWED --server $SERVER --ca $CA --user $1; sleep 30"
}
