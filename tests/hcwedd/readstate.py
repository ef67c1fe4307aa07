"""Read state shared by a user's sessions, and accounts announced as they
come and go, against a real hcwedd: a read receipt from one of bob's
sessions reaches his others (it reached only the sender), "unread" gives
a new session the counts of what no session of bob's has read (it
counted only what it was delivered itself), and "hcwedd user add" and
"user del" reach every logged-in session as "user" events (a new account
appeared by its bare name only at the next who)."""

import os
import sys
import time

sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests"))
import hcwedtest  # noqa: E402


def wait_event(session, pred, wait=5.0):
    """The first event (kept or new) that pred accepts, or None."""
    end = time.time() + wait
    while True:
        for m in session.events:
            if pred(m):
                session.events.remove(m)
                return m
        left = end - time.time()
        if left <= 0:
            return None
        m = session.line(left)
        if m is None:
            return None
        session.events.append(m)


def main():
    t = hcwedtest.Test("readstate")
    srv = t.server(users=[("alice", "night-shift-42"), ("bob", "ward-four-77")])
    db = os.path.join(t.dir, "h.db")
    alice = srv.session("alice", "night-shift-42")
    ward = srv.session("bob", "ward-four-77")
    desk = srv.session("bob", "ward-four-77")

    mids = []
    for i, (body, prio) in enumerate([("K 6.1", "urgent"), ("repeat at 2",
                                      "normal"), ("bed 9 too", "normal")]):
        r = alice.request({"cmd": "send", "to": "bob", "body": body,
                           "priority": prio, "cid": "a%d" % i})
        t.check(r.get("reply") == "ack", "alice sends %s" % body)
        mids.append(r["mid"])
    r = alice.request({"cmd": "send", "to": "*", "body": "drill at 3",
                       "cid": "all1"})
    broadcast = r["mid"]

    u = desk.request({"cmd": "unread"})
    t.check(u.get("reply") == "unread", "unread answers: %s" % u)
    t.check(u.get("conversations") == [
        {"with": "*", "unread": 1, "urgent": 0},
        {"with": "alice", "unread": 3, "urgent": 1}],
        "unread counts by conversation, newest first: %s" % u)
    t.check(u.get("last") == broadcast and u.get("more") is False,
            "last is the newest mid counted: %s" % u)

    # The ward reads the urgent one: the desk hears of it, the ward not.
    r = ward.request({"cmd": "receipt", "state": "read", "mids": [mids[0]]})
    t.check(r.get("reply") == "receipt", "the ward reads K 6.1")
    e = wait_event(desk, lambda m: m.get("event") == "receipt" and
                   m.get("by") == "bob" and m.get("state") == "read")
    t.check(e is not None and e.get("mid") == mids[0],
            "bob's other session hears he read it: %s" % e)
    t.check(wait_event(ward, lambda m: m.get("event") == "receipt" and
                       m.get("by") == "bob", 0.5) is None,
            "the session that read it gets no echo")
    e = wait_event(alice, lambda m: m.get("event") == "receipt" and
                   m.get("state") == "read")
    t.check(e is not None and e.get("mid") == mids[0],
            "alice hears bob read it: %s" % e)
    u = desk.request({"cmd": "unread"})
    t.check(u.get("conversations") == [
        {"with": "*", "unread": 1, "urgent": 0},
        {"with": "alice", "unread": 2, "urgent": 0}],
        "what one session read, no session counts: %s" % u)

    # A note to oneself and alice's own messages are nobody's unread.
    alice.request({"cmd": "send", "to": "alice", "body": "note", "cid": "n"})
    u = alice.request({"cmd": "unread"})
    t.check(u.get("conversations") == [], "alice has nothing unread: %s" % u)

    # Accounts that come and go reach every session.
    alice.events.clear()
    rc, out = t.hcwedd("user", "add", "carol", "--role", "pharmacist",
                       "--display", "Carol Diaz", "--db", db,
                       stdin="pill-counter-9\n")
    t.check(rc == 0, "user add carol: %s" % out.strip())
    e = wait_event(alice, lambda m: m.get("event") == "user")
    t.check(e == {"event": "user", "user": "carol", "display": "Carol Diaz",
                  "role": "pharmacist", "presence": "offline"},
            "alice hears of carol: %s" % e)
    e = wait_event(ward, lambda m: m.get("event") == "user")
    t.check(e is not None and e.get("user") == "carol",
            "so does bob: %s" % e)
    rc, out = t.hcwedd("user", "del", "carol", "--db", db)
    t.check(rc == 0, "user del carol: %s" % out.strip())
    e = wait_event(alice, lambda m: m.get("event") == "user")
    t.check(e == {"event": "user", "user": "carol", "display": "Carol Diaz",
                  "role": "pharmacist", "presence": "offline",
                  "deleted": True},
            "alice hears carol is gone: %s" % e)
    t.done()


hcwedtest.run(main)
