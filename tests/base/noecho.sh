#!/bin/sh
# Ctrl-C at a password prompt leaves the terminal echoing: hcwedd user add
# and hcwed's own prompt, each in a real terminal (tmux).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/tmux_lib.sh"

# prompt_then_ctrl_c NAME PROMPT COMMAND: run COMMAND in a fresh terminal,
# wait for PROMPT, press Ctrl-C, and report whether echo is back on.
prompt_then_ctrl_c() {
	name=$1 prompt=$2
	shift 2
	# The shell traps INT, so it outlives the program and runs stty.
	$TM new-session -d -s "$name" -x 100 -y 20 \
	    "trap true INT; $*; stty -a >$T/$name.stty; sleep 30"
	expect "$name" "$prompt" "$name: no password prompt"
	keys "$name" C-c
	wait_until 100 test -s "$T/$name.stty" || fail "$name: did not stop at Ctrl-C"
	grep -qE '(^| )echo( |$)' "$T/$name.stty" ||
	    fail "$name: echo left off after Ctrl-C: $(cat "$T/$name.stty")"
}

prompt_then_ctrl_c admin "Password for carol" \
    "$HCWEDD" user add carol --role nurse --db "$T/db"
# hcwed asks on /dev/tty before it connects, so no server is needed.
prompt_then_ctrl_c client "Password for bob@" \
    env -u HCWED_PASSWORD "$HCWED" send --server 127.0.0.1:9 --user bob \
    alice hello
echo "PASS: echo restored after Ctrl-C at both prompts"
