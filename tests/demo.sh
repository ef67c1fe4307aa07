#!/bin/sh
# The newcomer path must keep working: play the scripted demo on the
# binaries of this build and check that the message was stored, delivered,
# read and answered.
set -eu
out=$(mktemp)
trap 'rm -f "$out"' EXIT
HCWED_BUILD="$top_builddir" HCWED_SKIP_BUILD=1 \
    timeout 120 sh "$top_srcdir/scripts/demo" --script > "$out"
cat "$out"
grep -q '^hcwedd on 127.0.0.1:[0-9]* (TLS' "$out"
grep -q '^stored by the server as message [0-9][0-9]*$' "$out"
grep -q '"by":"bob","state":"delivered"' "$out"
grep -q '"by":"bob","state":"read"' "$out"
grep -q '"from":"bob","to":"alice","body":"Bob here: on my way to the ward."' "$out"
echo "demo: stored, delivered, read and answered"
