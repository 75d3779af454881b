#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Line up scripts/decode_stacktrace.sh's output for a log with pagerace's
JSON for the same log, frame by frame, and count the frames whose lines
agree.

usage: log-debug-compare.py DECODED-TEXT PAGERACE-JSON [MODULE_DIR]

decode_stacktrace.sh rewrites "func+0x1a/0x40 [mod]" as "func (file:line
file:line ...) mod", innermost first; pagerace's frames carry the same
chain (inline_chain, else source).  Frames are matched in log order by
function name (the fault site's RIP: line first, as the log prints it).
A path agrees when pagerace's (in the tree) ends decode_stacktrace.sh's
(which keeps the build directory of files outside the kernel tree).
With MODULE_DIR, frames that differ are told apart when they are of a
module's function outside its .text: decode_stacktrace.sh adds the offset
to nm's value, which in a .ko is relative to the function's section, and
addr2line reads the sum in .text, so its line there is another code's.
Prints "frames N matched M agree A" and the first disagreements."""
import difflib
import importlib.util
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location(
    "ldc", os.path.join(HERE, "..", "tests", "log-debug-compare.py"))
ldc = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ldc)

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
            out.append((fr["function"], srcs, fr.get("module")))
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
    moddir = sys.argv[3] if len(sys.argv) > 3 else None
    syms = {}

    def outside_text(func, mod):
        path = None
        for n in (mod, (mod or "").replace("_", "-")):
            if moddir and n and os.path.exists(os.path.join(moddir, n + ".ko")):
                path = os.path.join(moddir, n + ".ko")
                break
        if not path:
            return False
        if path not in syms:
            syms[path] = ldc.symbols(path)
        cands = syms[path].get(func, [])
        return bool(cands) and all(sec != ".text" for sec, _ in cands)

    sm = difflib.SequenceMatcher(None, [f[0] for f in ours],
                                 [n for n, _ in dec], autojunk=False)
    matched = agree = elsewhere = 0
    bad = []
    for a, b, n in sm.get_matching_blocks():
        for i in range(n):
            matched += 1
            func, srcs, mod = ours[a + i]
            if same(srcs, dec[b + i][1]):
                agree += 1
            elif outside_text(func, mod):
                elsewhere += 1
            elif len(bad) < 5:
                bad.append("%s: pagerace %s, decode_stacktrace.sh %s" % (
                    func, srcs, dec[b + i][1]))
    print("frames %d decoded %d matched %d agree %d, differ %d (%d of them"
          " module functions outside .text)" % (
              len(ours), len(dec), matched, agree, matched - agree,
              elsewhere))
    for b in bad:
        print("  differs: " + b)


main()
