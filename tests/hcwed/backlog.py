"""A clinician back from a long shift off: 80,000 short messages wait,
a few hundred to a sync page, so the client's sync runs into the server's
per-account limit on reads (100 at once, 20 a second) on its way.  The real
`hcwed listen --count` must still receive every one, once: a refused
page is asked for again, not given up."""

import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests"))
import hcwedtest  # noqa: E402

COUNT = 80000


def main():
    t = hcwedtest.Test("backlog")
    srv = t.server(users=[("alice", "night-shift-42"),
                          ("bob", "ward-four-77")],
                   config="send_rate = 0\n")
    alice = srv.session("alice", "night-shift-42")
    acks = []
    for start in range(0, COUNT, 1000):
        for i in range(start, start + 1000):
            alice.send_nowait({"cmd": "send", "to": "bob", "cid": "c%d" % i,
                               "body": "Obs round %d: all stable" % i})
        acks += [alice.reply() for _ in range(1000)]
    t.check(all(a.get("reply") == "ack" for a in acks),
            "%d messages wait for bob" % COUNT)
    env = dict(os.environ, HCWED_PASSWORD="ward-four-77",
               XDG_CONFIG_HOME=os.path.join(t.dir, "config"),
               HOME=t.dir)
    hcwed = os.environ.get("HCWED", os.path.join(t.builddir, "hcwed"))
    p = subprocess.run([hcwed, "listen",
                        "--server", "127.0.0.1:%d" % srv.port,
                        "--user", "bob", "--insecure", "--count",
                        str(COUNT)],
                       env=env, capture_output=True, text=True, timeout=60)
    mids = [json.loads(line)["mid"] for line in p.stdout.splitlines()
            if '"event":"message"' in line.replace(" ", "")]
    t.check(p.returncode == 0, "hcwed listen ended with %d" % p.returncode)
    # A refused page is asked for again in silence: no error, no
    # reconnection.
    t.check("too many" not in p.stderr and "reconnect" not in p.stderr,
            "the listener says nothing of it: %s" % p.stderr.strip()[-300:])
    t.check(len(mids) == COUNT and len(set(mids)) == COUNT,
            "bob received %d messages, %d distinct" % (len(mids),
                                                        len(set(mids))))
    return t.done()


if __name__ == "__main__":
    hcwedtest.run(main)
