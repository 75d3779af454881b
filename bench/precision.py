#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Inputs of the precision benchmark (bench/precision.sh) and test
(tests/run-precision.sh).

  precision.py reports CVE.jsonl.xz DIR     one log per CVE record's text
  precision.py mixed CVE.jsonl.xz OUT MB    a console log of at least MB
                                            megabytes: the reports, each
                                            after ordinary boot/driver
                                            console lines, repeated
The CVE records quote crashes of bugs other than the page-cache races
(their fix messages); corpus/cve/README.md names source and licence.
"""
import lzma
import json
import os
import sys

# Ordinary console lines: what a kernel prints between crashes.  Written
# for this benchmark, in the forms printk uses.
ORDINARY = [
    "usb 1-1: new high-speed USB device number %d using xhci_hcd",
    "EXT4-fs (sda%d): mounted filesystem with ordered data mode. Quota mode: none.",
    "e1000e 0000:00:1f.6 eth%d: NIC Link is Up 1000 Mbps Full Duplex, Flow Control: Rx/Tx",
    "audit: type=1400 audit(1700000000.%03d:42): apparmor=\"STATUS\" operation=\"profile_load\"",
    "systemd[1]: Started Journal Service (pid %d).",
    "IPv6: ADDRCONF(NETDEV_CHANGE): eth%d: link becomes ready",
    "nvme nvme0: %d/0/0 default/read/poll queues",
    "Memory: %dK/16658028K available (14339K kernel code, 2480K rwdata)",
    "perf: interrupt took too long (%d > 2500), lowering kernel.perf_event_max_sample_rate",
    "device-mapper: uevent: version 1.0.%d",
]


def records(path):
    with lzma.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)


def ordinary(n, t):
    for i in range(n):
        t += 0.0137
        yield "[%12.6f] %s\n" % (t, ORDINARY[(i * 7 + int(t)) % len(ORDINARY)] % (i % 1000))


def main():
    cmd = sys.argv[1]
    if cmd == "reports":
        os.makedirs(sys.argv[3], exist_ok=True)
        for r in records(sys.argv[2]):
            with open(os.path.join(sys.argv[3], r["id"] + ".log"), "w") as f:
                f.write(r["text"] + "\n")
    elif cmd == "mixed":
        limit = int(sys.argv[4]) << 20
        written, t, rounds = 0, 1.0, 0
        with open(sys.argv[3], "w") as out:
            while written < limit:
                rounds += 1
                for r in records(sys.argv[2]):
                    for line in ordinary(20, t):
                        out.write(line)
                        written += len(line)
                    t += 1.0
                    out.write(r["text"] + "\n\n")
                    written += len(r["text"]) + 2
                    if written >= limit:
                        break
        print(rounds)
    else:
        sys.exit("usage: precision.py reports|mixed ...")


if __name__ == "__main__":
    main()
