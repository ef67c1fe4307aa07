"""What the Python tests share: a scratch directory, a real hcwedd on a
loopback port with accounts made by "hcwedd user add", line sessions that
speak docs/PROTOCOL.md, and checks that count failures.  Every process
started is stopped when the test ends, however it ends."""

import atexit
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time


class Test:
    def __init__(self, name):
        self.name = name
        self.failed = 0
        self.dir = tempfile.mkdtemp(prefix=name + ".")
        self.procs = []
        atexit.register(self.cleanup)
        signal.signal(signal.SIGTERM, lambda *_: exit(1))
        self.builddir = os.environ.get("top_builddir", ".")

    def check(self, cond, what):
        print(("ok: " if cond else "FAIL: ") + what, flush=True)
        if not cond:
            self.failed += 1
        return cond

    def skip(self, why):
        print("SKIP: " + why)
        exit(77)

    def done(self):
        return 1 if self.failed else 0

    def cleanup(self):
        for p in self.procs:
            if p.poll() is None:
                p.kill()
                p.wait()
        shutil.rmtree(self.dir, ignore_errors=True)

    def hcwedd(self, *args, stdin=None):
        """Run an hcwedd admin command; (status, output)."""
        r = subprocess.run([os.path.join(self.builddir, "hcwedd")] +
                           list(args), input=stdin, capture_output=True,
                           text=True, timeout=60)
        return r.returncode, r.stdout + r.stderr

    def server(self, users=(), config="", args=()):
        db = os.path.join(self.dir, "h.db")
        for name, pw in users:
            rc, out = self.hcwedd("user", "add", name, "--role", "nurse",
                                  "--db", db, stdin=pw + "\n")
            if rc != 0:
                raise OSError("user add %s: %s" % (name, out))
        conf = os.path.join(self.dir, "h.conf")
        with open(conf, "w") as f:
            f.write("db = %s\n%s" % (db, config))
        return Server(self, conf, args)


class Server:
    def __init__(self, test, conf, args):
        self.test = test
        ready = os.path.join(test.dir, "ready")
        self.log = os.path.join(test.dir, "log")
        self.proc = subprocess.Popen(
            [os.path.join(test.builddir, "hcwedd"), "--listen",
             "127.0.0.1:0", "--config", conf, "--ready-file", ready,
             "--log-file", self.log] + list(args))
        test.procs.append(self.proc)
        for _ in range(200):
            if os.path.exists(ready) and open(ready).read().strip():
                break
            if self.proc.poll() is not None:
                raise OSError("hcwedd exited with %d" % self.proc.returncode)
            time.sleep(0.05)
        else:
            raise OSError("hcwedd did not get ready")
        self.port = int(open(ready).read().strip().rsplit(":", 1)[1])

    def connect(self):
        return Session(self.port)

    def session(self, user, password):
        s = self.connect()
        s.hello()
        r = s.request({"cmd": "login", "user": user, "password": password})
        if r.get("reply") != "login":
            raise OSError("login %s: %s" % (user, r))
        return s

    def peak_rss_kib(self):
        with open("/proc/%d/status" % self.proc.pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        return -1

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=30)


class Session:
    """One connection: requests out, replies in order, events kept."""

    def __init__(self, port, timeout=30):
        self.sock = socket.create_connection(("127.0.0.1", port),
                                             timeout=timeout)
        self.rfile = self.sock.makefile("rb")
        self.events = []
        self.longest = 0
        self.limits = {}

    def send_raw(self, data):
        self.sock.sendall(data)

    def send_nowait(self, obj):
        self.send_raw(json.dumps(obj).encode() + b"\n")

    def line(self):
        """The next line from the server as an object; None at EOF."""
        raw = self.rfile.readline()
        if not raw:
            return None
        self.longest = max(self.longest, len(raw))
        return json.loads(raw)

    def reply(self):
        """The next reply or error; events met on the way are kept."""
        while True:
            m = self.line()
            if m is None or "event" not in m:
                return m
            self.events.append(m)

    def request(self, obj):
        self.send_nowait(obj)
        return self.reply()

    def hello(self):
        r = self.request({"cmd": "hello", "version": 1})
        self.limits = r.get("limits", {})
        return r

    def close(self):
        self.sock.close()
