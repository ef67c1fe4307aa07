"""Account changes on a running hcwedd, as an administrator makes them:
"hcwedd user del" ends the account's sessions at once and sends to it get
404; a new account given the name sees none of the old one's messages;
"hcwedd user passwd" ends the sessions the old password opened."""

import os
import sys

sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests"))
import hcwedtest  # noqa: E402


def ended(session, reason):
    """Whether the session hears bye (after any other events), then the
    end of the connection."""
    m = session.line()
    while m is not None and m.get("event") not in (None, "bye"):
        m = session.line()
    return (m is not None and m.get("event") == "bye" and
            m.get("reason") == reason and session.line() is None)


def main():
    t = hcwedtest.Test("accounts")
    srv = t.server(users=[("alice", "night-shift-42"), ("bob", "ward-four-77")])
    db = os.path.join(t.dir, "h.db")
    alice = srv.session("alice", "night-shift-42")
    bob = srv.session("bob", "ward-four-77")
    r = alice.request({"cmd": "send", "to": "bob", "body": "Bed 4: K 6.1",
                       "cid": "a1"})
    t.check(r.get("reply") == "ack", "alice writes to bob")
    r = bob.request({"cmd": "send", "to": "alice", "body": "on my way",
                     "cid": "b1"})
    t.check(r.get("reply") == "ack", "bob answers")

    rc, out = t.hcwedd("user", "del", "bob", "--db", db)
    t.check(rc == 0, "user del bob: %s" % out.strip())
    t.check(ended(bob, "account deleted"),
            "bob's session gets bye and ends")
    r = alice.request({"cmd": "send", "to": "bob", "body": "x", "cid": "a2"})
    t.check(r.get("error") == 404, "a send to the deleted bob is 404")
    r = srv.connect()
    r.hello()
    r = r.request({"cmd": "login", "user": "bob", "password": "ward-four-77"})
    t.check(r.get("error") == 403, "the old password logs nobody in")

    rc, out = t.hcwedd("user", "add", "bob", "--role", "nurse", "--db", db,
                       stdin="another-person\n")
    t.check(rc == 0, "a new bob: %s" % out.strip())
    bob2 = srv.session("bob", "another-person")
    h = bob2.request({"cmd": "history", "with": "alice"})
    t.check(h.get("messages") == [], "the new bob sees none of the old "
            "one's conversation: %s" % h)
    s = bob2.request({"cmd": "sync", "after": 0})
    t.check(not [m for m in s.get("messages", [])
                 if "Bed 4" in m.get("body", "")],
            "nor in a sync")
    h = alice.request({"cmd": "history", "with": "bob"})
    t.check(h.get("messages") == [],
            "alice's conversation with the new bob starts empty")
    r = bob2.request({"cmd": "send", "to": "alice", "body": "hello",
                      "cid": "b1"})
    t.check(r.get("reply") == "ack" and not r.get("duplicate"),
            "the new bob's client ids start afresh")

    rc, out = t.hcwedd("user", "add", ".bob.1", "--role", "nurse",
                       "--db", db, stdin="whatever-pw\n")
    t.check(rc == 2 and "may not begin" in out,
            "names beginning with . are refused: %s" % out.strip())

    alice2 = srv.session("alice", "night-shift-42")
    rc, out = t.hcwedd("user", "passwd", "alice", "--db", db,
                       stdin="a-new-password\n")
    t.check(rc == 0, "user passwd alice: %s" % out.strip())
    t.check(ended(alice, "password changed; log in again") and
            ended(alice2, "password changed; log in again"),
            "every session of alice ends")
    srv.session("alice", "a-new-password")
    t.check(True, "alice logs in with the new password")
    log = open(srv.log).read()
    t.check("account deleted user=bob sessions=1" in log,
            "the deletion is logged")
    return t.done()


if __name__ == "__main__":
    hcwedtest.run(main)
