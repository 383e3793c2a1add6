"""File descriptors and connections (issue 16, defect 3): at the open-file limit berth backs off
instead of spinning on accept, logs once per interval, and sheds idle connections so that new
clients are still served; --max-connections caps open connections, idle ones going first."""
import http.client
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time

import pytest

from conftest import BERTH_BIN


def drop_vptr_reports_of_unreadable_memory(log):
    """`log` without UBSan's vptr reports on objects it could not read (no descriptor for its
    pipe); every other line, other sanitizer reports included, is kept."""
    lines = log.splitlines(keepends=True)
    kept, i = [], 0
    while i < len(lines):
        block = lines[i:i + 3]
        if (len(block) == 3 and "runtime error: member " in block[0]
                and "which does not point to an object of type" in block[0]
                and "note: object has invalid vptr" in block[1]
                and "<memory cannot be printed>" in block[2]):
            i += 3
            continue
        kept.append(lines[i])
        i += 1
    return "".join(kept)


class LimitedBerth:
    """berth serve under `prlimit --nofile=N:N` with extra flags, on a free port."""

    def __init__(self, nofile=None, args=()):
        self.tmp = tempfile.mkdtemp(prefix="berth-e2e-fds-")
        self.stderr_path = os.path.join(self.tmp, "stderr")
        command = [BERTH_BIN, "serve", "--listen", "127.0.0.1:0", "--data-dir",
                   os.path.join(self.tmp, "data"), "--access-log", "off", *args]
        if nofile:
            command = ["prlimit", f"--nofile={nofile}:{nofile}", "--"] + command
        self.out = open(os.path.join(self.tmp, "stdout"), "wb")
        self.err = open(self.stderr_path, "wb")
        self.proc = subprocess.Popen(command, stdout=self.out, stderr=self.err)
        deadline = time.time() + 30
        while time.time() < deadline:
            with open(os.path.join(self.tmp, "stdout"), "rb") as f:
                m = re.search(rb"berth listening on http://127\.0\.0\.1:(\d+)", f.read())
            if m:
                self.port = int(m.group(1))
                return
            if self.proc.poll() is not None:
                raise RuntimeError("berth exited early: " + self.stderr())
            time.sleep(0.05)
        raise RuntimeError("berth did not start")

    def stderr(self):
        with open(self.stderr_path, "rb") as f:
            return f.read().decode(errors="replace")

    def cpu_seconds(self):
        with open(f"/proc/{self.proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def ping(self, timeout=10):
        """The status of GET /v2/ on a new connection."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request("GET", "/v2/")
            r = conn.getresponse()
            r.read()
            return r.status
        finally:
            conn.close()

    def stop(self):
        self.proc.terminate()
        try:
            code = self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = self.proc.wait()
        self.out.close()
        self.err.close()
        shutil.rmtree(self.tmp, ignore_errors=True)
        return code


def open_idle(port, n):
    """`n` connected sockets that send nothing."""
    socks = []
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        socks.append(s)
    return socks


def test_out_of_descriptors_berth_backs_off_logs_once_and_keeps_serving():
    # The cap far above what 64 descriptors allow, so accept itself runs out.
    server = LimitedBerth(nofile=64, args=["--max-connections", "1000"])
    socks = []
    try:
        assert server.ping() == 401
        socks = open_idle(server.port, 100)
        time.sleep(0.5)
        before = server.cpu_seconds()
        time.sleep(3)
        spent = server.cpu_seconds() - before
        assert spent < 0.5, f"{spent:.2f} s of CPU in 3 s at the descriptor limit"
        # A new client is served although every descriptor was taken: idle ones are shed.
        started = time.time()
        assert server.ping(timeout=30) == 401
        print(f"served a new client after {time.time() - started:.2f} s; "
              f"{spent:.3f} s CPU in 3 s")
        log = server.stderr()
        # The sanitizer build's one report it cannot help at the limit: its vptr check reads
        # the vtable through a pipe, which cannot be made with every descriptor taken (the
        # vtable is then "memory cannot be printed"). Any other report fails the test.
        log = drop_vptr_reports_of_unreadable_memory(log)
        assert "runtime error:" not in log and "Sanitizer" not in log, log[-3000:]
        failures = [line for line in log.splitlines() if "accept failed" in line]
        assert 1 <= len(failures) <= 3, log[-3000:]
        assert len(log) < 4096, log[-3000:]
    finally:
        for s in socks:
            s.close()
        assert server.stop() == 0


def send_partial(port):
    """A connection whose request is under way: head sent, body not yet whole."""
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.sendall(b"PUT /v2/x/blobs/uploads/y HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nab")
    return s


def test_at_max_connections_idle_ones_are_shed_first_and_busy_ones_kept():
    server = LimitedBerth(args=["--max-connections", "8"])
    socks = []
    try:
        # Eight keep-alive connections that each made a call, then went idle.
        for _ in range(8):
            s = socket.create_connection(("127.0.0.1", server.port), timeout=10)
            s.sendall(b"GET /v2/ HTTP/1.1\r\nHost: x\r\n\r\n")
            assert b"401" in s.recv(65536).split(b"\r\n")[0]
            socks.append(s)
        # A ninth client is served: the longest-idle connection made room.
        assert server.ping() == 401
        socks[0].settimeout(5)
        assert socks[0].recv(1) == b""  # the first (longest idle) one was closed
        for s in socks:
            s.close()
        socks = []
        time.sleep(0.3)

        # Eight connections in the middle of a request are not shed: a ninth waits.
        socks = [send_partial(server.port) for _ in range(8)]
        time.sleep(0.3)
        with pytest.raises(socket.timeout):
            server.ping(timeout=1.5)
        # Once one ends, the waiting client gets its turn.
        socks[0].close()
        assert server.ping(timeout=10) == 401
        assert "at the connection limit" in server.stderr()
    finally:
        for s in socks:
            s.close()
        assert server.stop() == 0
