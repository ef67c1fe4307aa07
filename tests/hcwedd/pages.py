"""Big pages against a real hcwedd: 300 messages of 16 KiB, which a history
or sync page of limit 300 would carry as one 4.8 MB line, asked for by 60
sessions at once.  Every line the server sends must stay within the line
limit it announces (a page ends early, with "more"), paging must still see
every message exactly once, and the server must stay under 64 MiB."""

import json
import os
import sys

sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests"))
import hcwedtest  # noqa: E402

BODY = 16384
COUNT = 300
SESSIONS = 60


def main():
    t = hcwedtest.Test("pages")
    srv = t.server(users=[("alice", "night-shift-42"), ("bob", "ward-four-77")],
                   config="send_rate = 0\naddr_conn_max = 0\n"
                   "request_limits = no\n")
    alice = srv.session("alice", "night-shift-42")
    line_max = alice.limits["line"]
    # Quotes and tabs cost more once escaped; each body is distinct.
    for i in range(COUNT):
        body = ('%05d "quoted"\t' % i) * (BODY // 16)
        alice.send_nowait({"cmd": "send", "to": "bob", "body": body[:BODY],
                           "cid": "c%d" % i})
    acks = [alice.reply() for _ in range(COUNT)]
    t.check(all(a.get("reply") == "ack" for a in acks),
            "300 messages of 16 KiB are stored")

    bobs = [srv.session("bob", "ward-four-77") for _ in range(SESSIONS)]
    for b in bobs:
        b.send_nowait({"cmd": "history", "with": "alice", "limit": COUNT})
        b.send_nowait({"cmd": "sync", "after": 0, "limit": COUNT})
    longest = 0
    firsts = []
    for b in bobs:
        h, s = b.reply(), b.reply()
        longest = max(longest, b.longest)
        firsts.append((h, s))
    t.check(longest <= line_max,
            "60 sessions: the longest line is %d bytes, the limit %d"
            % (longest, line_max))
    h, s = firsts[0]
    t.check(h.get("more") is True and 0 < len(h["messages"]) < COUNT,
            "history ends early with more (%d messages)"
            % len(h.get("messages", [])))
    t.check(s.get("more") is True and 0 < len(s["messages"]) < COUNT,
            "sync ends early with more (%d messages)"
            % len(s.get("messages", [])))
    rss = srv.peak_rss_kib()
    if t.sanitized():
        print("SKIP: the peak RSS (%d KiB) of an AddressSanitizer build "
              "is its quarantine's, not the server's" % rss)
    else:
        t.check(rss < 64 * 1024, "the server's peak RSS is %d KiB" % rss)

    # Paging on sees every message once, newest first for history.
    b = bobs[0]
    seen = [m["mid"] for m in h["messages"]]
    while h.get("more"):
        h = b.request({"cmd": "history", "with": "alice", "limit": COUNT,
                       "before": min(m["mid"] for m in h["messages"])})
        seen += [m["mid"] for m in h["messages"]]
    t.check(sorted(seen) == sorted(set(seen)) and len(seen) == COUNT,
            "history pages: %d messages, each once" % len(seen))
    seen = [m["mid"] for m in s["messages"]]
    while s.get("more"):
        s = b.request({"cmd": "sync", "after": s["last"], "limit": COUNT})
        seen += [m["mid"] for m in s["messages"]]
    t.check(seen == sorted(set(seen)) and len(seen) == COUNT,
            "sync pages: %d messages, each once, in order" % len(seen))
    t.check(b.longest <= line_max, "paging stays within the line limit")

    # A body that would not fit once escaped is refused, nothing stored.
    # Its request line (6 bytes a character) just fits; the event's
    # extra members would not.
    n = (line_max - 64) // 6
    big = "\u0001" * n
    r = alice.request({"cmd": "send", "to": "bob", "body": big, "cid": "x"})
    t.check(r.get("error") == 413, "a message whose event would exceed "
            "the line is 413: %s" % json.dumps(r)[:80])
    # The largest bodies that are taken still fit a page of their own
    # (the event fits; the page around it must too), and PROTOCOL.md's
    # promise holds: a sixth of the line, less 200 bytes, always fits.
    taken = 0
    for n in range(line_max // 6 - 200, (line_max - 64) // 6):
        r = alice.request({"cmd": "send", "to": "bob", "cid": "n%d" % n,
                           "body": "\u0001" * n})
        if r.get("reply") != "ack":
            t.check(n > line_max // 6 - 200, "a body of %d is refused" % n)
            break
        taken = n
    h = alice.request({"cmd": "history", "with": "bob", "limit": 1})
    s = alice.request({"cmd": "sync", "after": h["messages"][0]["mid"] - 1,
                       "limit": 1})
    t.check(alice.longest <= line_max and taken > 0,
            "the largest body taken (%d) fits alone on a page: longest line "
            "%d bytes" % (taken, alice.longest))
    return t.done()


if __name__ == "__main__":
    hcwedtest.run(main)
