#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Line up scripts/decode_stacktrace.sh's output for a log with pagerace's
JSON for the same log, frame by frame, and count the frames whose lines
agree.

usage: log-debug-compare.py DECODED-TEXT PAGERACE-JSON

decode_stacktrace.sh rewrites "func+0x1a/0x40 [mod]" as "func (file:line
file:line ...) mod", innermost first; pagerace's frames carry the same
chain (inline_chain, else source).  Frames are matched in log order by
function name (the fault site's RIP: line first, as the log prints it).
A path agrees when pagerace's (in the tree) ends decode_stacktrace.sh's
(which keeps the build directory of files outside the kernel tree).
Prints "frames N matched M agree A" and the first disagreements."""
import difflib
import json
import re
import sys

DECODED = re.compile(r"(?:^|[\s:])([\w.$]+) \((.*)\)(?: [\w-]+)?\s*$")


def decoded_frames(path):
    out = []
    with open(path, errors="replace") as f:
        for line in f:
            m = DECODED.search(line)
            if not m:
                continue
            srcs = re.sub(r" \(discriminator \d+\)", "", m.group(2)).split()
            if srcs and all(re.search(r":\d+$", s) for s in srcs):
                out.append((m.group(1), srcs))
    return out


def pagerace_frames(path):
    out = []
    with open(path) as f:
        doc = json.load(f)
    for rep in doc["reports"]:
        rec = rep["record"]
        frames = ([rec["fault"]] if rec.get("fault") else []) + rec["frames"]
        for fr in frames:
            if fr.get("offset") is None or not fr.get("function"):
                continue
            if fr.get("inline_chain"):
                srcs = [l["source"] for l in fr["inline_chain"]]
            else:
                srcs = [fr["source"]] if fr.get("source") else []
            out.append((fr["function"], srcs))
    return out


def same(ours, theirs):
    if len(ours) != len(theirs):
        return False
    for o, t in zip(ours, theirs):
        po, _, lo = o.rpartition(":")
        pt, _, lt = t.rpartition(":")
        if lo != lt or not (po == pt or pt.endswith("/" + po)):
            return False
    return True


def main():
    dec = decoded_frames(sys.argv[1])
    ours = pagerace_frames(sys.argv[2])
    sm = difflib.SequenceMatcher(None, [n for n, _ in ours],
                                 [n for n, _ in dec], autojunk=False)
    matched = agree = 0
    bad = []
    for a, b, n in sm.get_matching_blocks():
        for i in range(n):
            matched += 1
            if same(ours[a + i][1], dec[b + i][1]):
                agree += 1
            elif len(bad) < 5:
                bad.append("%s: pagerace %s, decode_stacktrace.sh %s" % (
                    ours[a + i][0], ours[a + i][1], dec[b + i][1]))
    print("frames %d decoded %d matched %d agree %d" % (
        len(ours), len(dec), matched, agree))
    for b in bad:
        print("  differs: " + b)


main()
