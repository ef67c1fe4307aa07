"""A second client of the protocol, written from docs/PROTOCOL.md alone: it
reads the document, and runs every example in it against a real hcwedd,
each on a fresh server with the accounts the document names, checking
that the server says what the document says it says (section 10 gives
the rules).  With --show it prints what the server said instead, to write
an example from."""

import json
import os
import re
import sys

sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests"))
import hcwedtest  # noqa: E402

DOC = os.path.join(os.environ["top_srcdir"], "docs", "PROTOCOL.md")
ACCOUNTS = [("alice", "correct horse", "doctor", "Dr Alice Moreau"),
            ("bob", "battery staple", "nurse", "Bob Martin")]
PASSWORD = {a[0]: a[1] for a in ACCOUNTS}
# Members whose values differ from run to run (section 10).
VOLATILE = {"ts", "server", "message", "retry_after_ms"}
LINE = re.compile(r"^(alice|bob)?([<>]) ?(.*)$")


def examples(text):
    """(heading, [(user, 'send'|'recv', line)]) for each runnable block."""
    heading, out, block = "", [], None
    for raw in text.splitlines():
        if raw.startswith("#"):
            heading = raw.lstrip("# ").strip()
        if raw.startswith("```"):
            if block is None:
                block = []
                continue
            if any(kind == "send" for _, kind, _ in block):
                out.append((heading, block))
            block = None
            continue
        if block is None or not raw.strip() or raw.startswith("$"):
            continue
        m = LINE.match(raw)
        if m:
            user = m.group(1) or "alice"
            block.append((user, "send" if m.group(2) == ">" else "recv",
                          m.group(3)))
        elif raw.startswith("{"):
            block.append(("alice", "recv", raw))
        else:
            block.append(("?", "text", raw))
    return out


def same(want, got, path=""):
    """'' if got matches want under the document's rules, else why."""
    if type(want) is not type(got):
        return "%s: %r where the document has %r" % (path, got, want)
    if isinstance(want, dict):
        if list(want) != list(got):
            return "%s: members %s where the document has %s" % (
                path, list(got), list(want))
        for k in want:
            if k in VOLATILE:
                continue
            why = same(want[k], got[k], path + "." + k)
            if why:
                return why
        return ""
    if isinstance(want, list):
        if len(want) != len(got):
            return "%s: %d items where the document has %d" % (
                path, len(got), len(want))
        for i, (w, g) in enumerate(zip(want, got)):
            why = same(w, g, "%s[%d]" % (path, i))
            if why:
                return why
        return ""
    return "" if want == got else "%s: %r where the document has %r" % (
        path, got, want)


def run(t, n, heading, block, show):
    srv = t.server(users=ACCOUNTS, name="ex%d" % n)
    raw = {u for u, kind, line in block
           if kind == "send" and '"cmd":"hello"' in line.replace(" ", "")}
    sessions = {}
    # bob first, so that alice's session hears nothing before the example.
    for user in ("bob", "alice"):
        if user in raw:
            sessions[user] = srv.connect()
        else:
            sessions[user] = srv.session(user, PASSWORD[user])
    for s in sessions.values():
        s.drain()
    ok = True
    for user, kind, line in block:
        if kind == "text":
            t.check(False, "%s: a line that is neither sent nor received: "
                    "%s" % (heading, line))
            ok = False
            break
        s = sessions[user]
        if kind == "send":
            s.send_raw(line.encode() + b"\n")
            if show:
                print("%s> %s" % (user, line))
            continue
        got = s.line()
        if show:
            print("%s< %s" % (user, json.dumps(got, separators=(",", ":"))))
            continue
        why = "the connection closed" if got is None else \
            same(json.loads(line), got)
        if why:
            t.check(False, "%s: %s %s" % (heading, user, why))
            ok = False
            break
    for s in sessions.values():
        s.close()
    srv.stop()
    return ok


def main():
    show = "--show" in sys.argv
    t = hcwedtest.Test("protocol")
    found = examples(open(DOC).read())
    t.check(len(found) >= 14, "%d examples in PROTOCOL.md" % len(found))
    passed = sum(run(t, n, h, b, show) for n, (h, b) in enumerate(found))
    t.check(show or passed == len(found),
            "%d of %d examples hold against a real hcwedd"
            % (passed, len(found)))
    return t.done()


if __name__ == "__main__":
    hcwedtest.run(main)
