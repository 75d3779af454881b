#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Wait on a QEMU QMP socket for GUEST_PANICKED, then dump guest memory.

usage: qmp-dump.py SOCKET TIMEOUT FORMAT:PATH [FORMAT:PATH...]
FORMAT is elf-paging, elf or kdump-zlib (kdump-lzo, kdump-snappy also pass
through).  Exits 0 when every dump was written, 2 on timeout (the guest never
panicked), 1 on any other failure.  Quits QEMU in every case.
"""
import json
import os
import socket
import sys
import time


class QMP:
    def __init__(self, path, deadline):
        self.deadline = deadline
        self.sock = None
        while self.sock is None:
            try:
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.connect(path)
                self.sock = s
            except OSError:
                if time.time() > deadline:
                    raise TimeoutError("QMP socket %s never came up" % path)
                time.sleep(0.1)
        self.buf = b""
        self.events = []
        self.recv()  # greeting
        self.cmd("qmp_capabilities")

    def recv(self, timeout=None):
        while b"\n" not in self.buf:
            left = self.deadline - time.time() if timeout is None else timeout
            if left <= 0:
                raise TimeoutError("timed out waiting for QEMU")
            self.sock.settimeout(left)
            data = self.sock.recv(65536)
            if not data:
                raise EOFError("QEMU closed the QMP socket")
            self.buf += data
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def cmd(self, name, timeout=None, **args):
        msg = {"execute": name}
        if args:
            msg["arguments"] = args
        self.sock.sendall(json.dumps(msg).encode() + b"\n")
        while True:
            r = self.recv(timeout)
            if "event" in r:
                self.events.append(r)
                continue
            if "error" in r:
                raise RuntimeError("%s: %s" % (name, r["error"].get("desc")))
            return r.get("return")

    def wait_event(self, name):
        for e in self.events:
            if e["event"] == name:
                return e
        while True:
            r = self.recv()
            if r.get("event") == name:
                return r


def main():
    sock, timeout, targets = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
    deadline = time.time() + timeout
    q = None
    try:
        q = QMP(sock, deadline)
        ev = q.wait_event("GUEST_PANICKED")
        print("qmp-dump: GUEST_PANICKED %s" % json.dumps(ev.get("data", {})))
        for t in targets:
            fmt, path = t.split(":", 1)
            args = {"paging": fmt == "elf-paging",
                    "protocol": "file:" + os.path.abspath(path)}
            if fmt.startswith("kdump-"):
                args["format"] = fmt
            t0 = time.time()
            q.cmd("dump-guest-memory", timeout=600, **args)
            print("qmp-dump: %s -> %s (%.1f s, %d bytes)"
                  % (fmt, path, time.time() - t0, os.path.getsize(path)))
        return 0
    except TimeoutError as e:
        print("qmp-dump: TIMEOUT: %s" % e, file=sys.stderr)
        return 2
    except Exception as e:  # noqa: BLE001 - report anything, then quit QEMU
        print("qmp-dump: FAILED: %s" % e, file=sys.stderr)
        return 1
    finally:
        if q is not None:
            try:
                q.cmd("quit", timeout=10)
            except Exception:  # noqa: BLE001 - QEMU may already be gone
                pass


if __name__ == "__main__":
    sys.exit(main())
