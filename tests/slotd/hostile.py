"""hcwed-slotd against hostile peers: a flood of requests with a wrong key
and 7 KB slot ids (which once reached the journal verbatim, 256 MB in 5 s),
a journal that grows without end, a client that trickles one header line
every second, and one address opening connection after connection."""

import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

SLOTD = os.path.join(os.environ.get("top_builddir", "."), "hcwed-slotd")
failed = 0


def check(cond, what):
    global failed
    print(("ok: " if cond else "FAIL: ") + what, flush=True)
    if not cond:
        failed += 1


def keys(db, name, admin=False):
    out = subprocess.run([SLOTD, "token", "add", name, "--db", db] +
                         (["--admin"] if admin else []), check=True,
                         capture_output=True, text=True).stdout
    return dict(line.split() for line in out.splitlines())


def start(tmp, db, *args):
    ready = os.path.join(tmp, "ready")
    if os.path.exists(ready):
        os.unlink(ready)
    p = subprocess.Popen([SLOTD, "--listen", "127.0.0.1:0", "--db", db,
                          "--ready-file", ready, "--rate-limit", "off"] +
                         list(args), stderr=open(os.path.join(tmp, "log"),
                                                 "a"))
    for _ in range(100):
        if os.path.exists(ready) and open(ready).read().strip():
            return p, int(open(ready).read().split(":")[-1])
        time.sleep(0.1)
    p.kill()
    raise OSError("hcwed-slotd did not start")


def request(port, method, path, key):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    c.request(method, path, headers={"Authorization": "Bearer " + key})
    r = c.getresponse()
    body = r.read()
    c.close()
    return r.status, body


def journal_rows(db):
    rows, since = [], 0
    while True:
        out = subprocess.run([SLOTD, "journal", "--db", db, "--json",
                              "--since", str(since)], check=True,
                             capture_output=True, text=True).stdout
        page = json.loads(out)
        if not page["entries"]:
            return rows
        rows += page["entries"]
        since = page["next"]


def main(tmp):
    db = os.path.join(tmp, "s.db")
    k = keys(db, "alice")
    admin = keys(db, "boss", admin=True)["admin"]

    # 1. A flood with a wrong key and a 7 KB slot id is counted, not
    #    journaled: the file does not grow with it.
    p, port = start(tmp, db)
    before = os.path.getsize(db)
    long_id = "7" * 7000
    for _ in range(300):
        status, _ = request(port, "POST", "/hotel/api/reservation/" +
                            long_id, "0" * 64)
        assert status == 401, status
    status, body = request(port, "GET", "/admin/stats", admin)
    stats = json.loads(body)
    check(stats.get("refused_without_key", {}).get("401") == 300,
          "300 requests with a wrong key are counted: %s"
          % stats.get("refused_without_key"))
    status, body = request(port, "POST", "/hotel/api/reservation/" +
                           long_id, k["hotel"])
    check(status == 403 and len(body) < 200,
          "a 7 KB slot id is refused, quoted short: %d %s" % (status, body))
    p.terminate()
    p.wait(timeout=30)
    rows = journal_rows(db)
    check(len(rows) == 1 and rows[0].get("slot") in (None, ""),
          "only the request with a key is journaled, without its text: %s"
          % rows[-1:])
    grew = os.path.getsize(db) - before
    check(grew < 256 * 1024, "the database grew by %d bytes" % grew)

    # 2. The journal keeps its newest rows only (and no header deadline,
    #    0, is a setting like any other).
    p, port = start(tmp, db, "--journal-max", "300", "--header-timeout", "0")
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    c.request("POST", "/hotel/api/reservation/5", body=b"x" * 5000,
              headers={"Authorization": "Bearer " + k["hotel"]})
    r = c.getresponse()
    r.read()
    c.close()
    status, body = request(port, "GET", "/admin/stats", admin)
    check(r.status == 413 and json.loads(body)["refused_without_key"].get(
          "413") == 1, "a body over 4 KiB is 413, counted, not journaled")
    for _ in range(1000):
        request(port, "GET", "/hotel/api/reservation/available", k["hotel"])
    p.terminate()
    p.wait(timeout=30)
    n = len(journal_rows(db))
    check(300 <= n <= 300 + 256, "a journal bounded at 300 holds %d" % n)

    # 3. A header trickled one line a second is cut at the deadline, and
    # 4. one address may hold conn-max connections, no more.
    p, port = start(tmp, db, "--header-timeout", "2s", "--conn-max", "4")
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /hotel/api/reservation HTTP/1.1\r\n")
    t0, closed = time.time(), None
    for i in range(8):
        time.sleep(1)
        try:
            s.sendall(b"X-Slow: %d\r\n" % i)
            s.settimeout(0.05)
            if s.recv(100) == b"":
                closed = time.time() - t0
                break
        except socket.timeout:
            pass
        except OSError:
            closed = time.time() - t0
            break
    s.close()
    check(closed is not None and closed < 4,
          "a trickled header is cut after %s s" % closed)
    status, _ = request(port, "GET", "/hotel/api/reservation", k["hotel"])
    check(status == 200, "a prompt request is served")
    # Closed connections are forgotten within a quarter of a second.
    time.sleep(1)
    conns = [socket.create_connection(("127.0.0.1", port))
             for _ in range(6)]
    time.sleep(0.5)
    alive = 0
    for c in conns:
        c.settimeout(0.2)
        try:
            alive += c.recv(10) != b""
        except socket.timeout:
            alive += 1
        except OSError:
            pass
    check(alive == 4, "of 6 connections from one address, %d stay" % alive)
    for c in conns:
        c.close()
    time.sleep(0.6)
    status, _ = request(port, "GET", "/hotel/api/reservation", k["hotel"])
    check(status == 200, "once they close, the address is served again")
    p.terminate()
    p.wait(timeout=30)
    return 1 if failed else 0


if __name__ == "__main__":
    d = tempfile.mkdtemp(prefix="slotd_hostile.")
    try:
        rc = main(d)
    except (OSError, AssertionError, ValueError) as e:
        print("FAIL: %s" % e)
        rc = 1
    finally:
        subprocess.run(["pkill", "-f", "--", "--db " + d], check=False)
        shutil.rmtree(d, ignore_errors=True)
    sys.exit(rc)
