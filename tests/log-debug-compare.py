#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Compare the source lines pagerace gave a log's frames (--vmlinux,
--module-debug; its JSON on stdin) with binutils' addr2line -a -i -f, one
run per file and section for all of a log's frames.

usage: log-debug-compare.py VMLINUX MODULE_DIR call|printed JSON...

The address of a frame is its function's symbol value plus the printed
offset, one less for a return address in "call" mode (every frame but the
fault site).  Functions whose name more than one symbol of the file has
are left out (the choice between them is pagerace's, not addr2line's).
Prints an "ok - " or "not ok - " line per JSON file (a file whose
frames all agree, at least one compared), and a comment per frame that
disagrees."""
import collections
import json
import os
import re
import subprocess
import sys


def symbols(path):
    """name -> [(section name, value)] of the file's code symbols."""
    sections = {}
    out = subprocess.run(["readelf", "-SW", path], capture_output=True,
                         text=True, check=True).stdout
    for m in re.finditer(r"^\s*\[\s*(\d+)\]\s+(\S+)\s+\S+\s+\S+\s+\S+\s+\S+"
                         r"\s+\S+\s+(\S*)", out, re.M):
        sections[m.group(1)] = (m.group(2), "X" in m.group(3))
    syms = collections.defaultdict(list)
    out = subprocess.run(["readelf", "-sW", path], capture_output=True,
                         text=True, check=True).stdout
    for line in out.splitlines():
        f = line.split()
        if len(f) < 8 or f[3] not in ("FUNC", "NOTYPE") or not f[6].isdigit():
            continue
        name, exe = sections.get(f[6], ("", False))
        if exe:
            syms[f[7]].append((name, int(f[1], 16)))
    return syms


def addr2line(path, section, addrs):
    """addr -> [(function, file:line)] from addr2line -a -i -f."""
    cmd = ["addr2line", "-a", "-i", "-f", "-e", path]
    if section:
        cmd += ["-j", section]
    out = subprocess.run(cmd + ["%x" % a for a in addrs], capture_output=True,
                         text=True, check=True).stdout.splitlines()
    res, cur, i = {}, None, 0
    while i < len(out):
        if out[i].startswith("0x"):
            cur = int(out[i], 16)
            res[cur] = []
            i += 1
            continue
        src = re.sub(r" \(discriminator \d+\)$", "", out[i + 1])
        res[cur].append((out[i], src))
        i += 2
    return res


def same_source(ours, theirs):
    if ours == theirs:
        return True
    # addr2line joins the build directory; pagerace prints the path in
    # the tree.
    po, _, lo = ours.rpartition(":")
    pt, _, lt = theirs.rpartition(":")
    return lo == lt and pt.endswith("/" + po)


def compare(doc, vmlinux, moddir, mode, files):
    """(frames compared, frames that differ, left out, comments)"""
    frames = []
    notes = []
    for rep in doc["reports"]:
        rec = rep["record"]
        todo = []
        if rec.get("fault") and rec["fault"].get("function"):
            todo.append((rec["fault"], True))
        todo += [(f, False) for f in rec["frames"]]
        for t in rec.get("tasks", []) + rec.get("object_stacks", []):
            todo += [(f, False) for f in t["frames"]]
        for f, exact in todo:
            if f.get("offset") is None:
                continue
            mod = f.get("module")
            path = vmlinux
            if mod:
                for n in (mod, mod.replace("_", "-")):
                    if os.path.exists(os.path.join(moddir, n + ".ko")):
                        path = os.path.join(moddir, n + ".ko")
                        break
                else:
                    continue
            if path not in files:
                files[path] = symbols(path)
            frames.append((f, exact, path))
    skipped = 0
    want = collections.defaultdict(list)
    plan = []
    for f, exact, path in frames:
        cands = files[path].get(f["function"], [])
        if len(cands) != 1:
            skipped += 1
            continue
        section, value = cands[0]
        off = int(f["offset"], 16)
        addr = value + off - (0 if exact or mode == "printed" or not off
                              else 1)
        sec = section if path != vmlinux else None
        want[(path, sec)].append(addr)
        plan.append((f, path, sec, addr))
    got = {}
    for (path, sec), addrs in want.items():
        for a, chain in addr2line(path, sec, sorted(set(addrs))).items():
            got[(path, sec, a)] = chain
    bad = 0
    for f, path, sec, addr in plan:
        chain = got.get((path, sec, addr), [])
        if f.get("inline_chain"):
            ours = [(l["function"], l["source"]) for l in f["inline_chain"]]
        elif f.get("source"):
            ours = [(None, f["source"])]
        else:
            ours = []
        # No line ("??:0"), or a row of line 0 ("file.c:?": padding
        # between functions, the __pfx_ symbols of 6.2+ kernels): no
        # source, which is what pagerace gives.
        theirs = chain if chain and not re.search(r":(\?|0)$",
                                                  chain[0][1]) else []
        ok = len(ours) == len(theirs) and all(
            (o[0] is None or o[0] == t[0]) and same_source(o[1], t[1])
            for o, t in zip(ours, theirs))
        if not ok:
            bad += 1
            notes.append("%s+%s [%s]: pagerace %s, addr2line %s" % (
                f["function"], f["offset"], os.path.basename(path), ours,
                theirs))
    return len(plan), bad, skipped, notes


def main():
    vmlinux, moddir, mode = sys.argv[1:4]
    files = {}
    for path in sys.argv[4:]:
        name = os.path.basename(path)
        try:
            with open(path) as f:
                doc = json.load(f)
            n, bad, skipped, notes = compare(doc, vmlinux, moddir, mode,
                                             files)
        except (OSError, ValueError, KeyError,
                subprocess.CalledProcessError) as e:
            print("not ok - %s: %s" % (name, e))
            continue
        what = "%s: %d frames, %d differ from addr2line -i -f (%s " \
            "addresses; %d left out, name not unique)" % (
                name, n, bad, mode, skipped)
        print("%s - %s" % ("not ok" if bad or not n else "ok", what))
        for note in notes[:10]:
            print("# " + note)


if __name__ == "__main__":
    main()
