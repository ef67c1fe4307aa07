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
import sys
import tempfile
import time


def run(main):
    """Exit with what main() returns; a failure to talk to the programs
    (socket.timeout is an OSError) is a failed test, said in one line."""
    try:
        sys.exit(main())
    except (OSError, ValueError, subprocess.TimeoutExpired) as e:
        print("FAIL: %s" % e)
        sys.exit(1)


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

    def sanitized(self):
        """Whether hcwedd is an AddressSanitizer build, whose memory use
        (freed blocks held in quarantine, shadow memory) is not the
        program's own."""
        with open(os.path.join(self.builddir, "hcwedd"), "rb") as f:
            return b"__asan_init" in f.read()

    def hcwedd(self, *args, stdin=None):
        """Run an hcwedd admin command; (status, output)."""
        r = subprocess.run([os.path.join(self.builddir, "hcwedd")] +
                           list(args), input=stdin, capture_output=True,
                           text=True, timeout=60)
        return r.returncode, r.stdout + r.stderr

    def server(self, users=(), config="", args=(), name="h"):
        """A new server on its own database; users are (name, password)
        or (name, password, role, display)."""
        db = os.path.join(self.dir, name + ".db")
        for u in users:
            extra = ["--display", u[3]] if len(u) > 3 else []
            rc, out = self.hcwedd("user", "add", u[0], "--role",
                                  u[2] if len(u) > 2 else "nurse",
                                  "--db", db, *extra, stdin=u[1] + "\n")
            if rc != 0:
                raise OSError("user add %s: %s" % (u[0], out))
        conf = os.path.join(self.dir, name + ".conf")
        with open(conf, "w") as f:
            f.write("db = %s\n%s" % (db, config))
        return Server(self, conf, args, name)


class Server:
    def __init__(self, test, conf, args, name="h"):
        self.test = test
        ready = os.path.join(test.dir, name + ".ready")
        self.log = os.path.join(test.dir, name + ".log")
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
        self.timeout = timeout
        self.buf = b""
        self.events = []
        self.longest = 0
        self.limits = {}

    def send_raw(self, data):
        self.sock.sendall(data)

    def send_nowait(self, obj):
        self.send_raw(json.dumps(obj).encode() + b"\n")

    def line(self, wait=None):
        """The next line from the server as an object; None at EOF, or
        when wait seconds pass without one."""
        self.sock.settimeout(self.timeout if wait is None else wait)
        while b"\n" not in self.buf:
            try:
                data = self.sock.recv(1 << 16)
            except socket.timeout:
                if wait is None:
                    raise
                return None
            if not data:
                return None
            self.buf += data
        raw, self.buf = self.buf.split(b"\n", 1)
        self.longest = max(self.longest, len(raw) + 1)
        return json.loads(raw)

    def drain(self, wait=0.3):
        """Forget what the server has said, up to a quiet of wait s."""
        while self.line(wait) is not None:
            pass

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
