#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Compare two reports of one dump, 'pagerace analyze --format=json':
WITH (the -dbg vmlinux) and ALONE (--no-vmlinux: symbols from the dump's
kallsyms, types from its BTF, stacks from its ORC tables).  Prints TAP
lines (no plan) named after LABEL; exit status 0.

ALONE must agree with WITH on every field both have: the record's kind,
title, frames and pages, every task (comm, state, CPU, crashed, and its
frames: function, module, address, offset, length, reliability,
context), the page fields, the findings, the bucket and every verdict
with its conditions.  What only WITH has (a frame's file:line) must be
absent from ALONE, not different; ALONE alone has the vmcore-no-vmlinux
finding that says so.
"""
import json
import sys

FRAME_KEYS = ("function", "normalized", "module", "address", "offset",
              "length", "reliable", "context")
n_test = 0


def tap(ok, name, detail=None):
    global n_test
    n_test += 1
    print(("ok" if ok else "not ok") + " %d - %s" % (n_test, name))
    if not ok and detail:
        for line in str(detail).splitlines()[:20]:
            print("# " + line)


def frames(fs):
    return [{k: f.get(k) for k in FRAME_KEYS} for f in fs or []]


def frame_diff(a, b):
    """The first difference of two frame lists, or None."""
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            keys = [k for k in FRAME_KEYS if x.get(k) != y.get(k)]
            return "frame %d differs in %s: %r vs %r" % (
                i, ",".join(keys), {k: x[k] for k in keys},
                {k: y[k] for k in keys})
    if len(a) != len(b):
        return "%d frames vs %d: %r" % (
            len(a), len(b), [f["function"] for f in (a if len(a) > len(b)
                                                     else b)[min(len(a), len(b)):]][:8])
    return None


def tasks(rec):
    out = {}
    for t in rec.get("tasks") or []:
        key = "%s/%s" % (t.get("pid"), t.get("comm"))
        out.setdefault(key, []).append(t)
    return out


def findings(rec):
    return sorted((f["id"], f.get("text"), f.get("address"))
                  for f in rec.get("findings") or []
                  if f["id"] != "vmcore-no-vmlinux")


def verdicts(report):
    return [(v.get("signature"), v.get("level"), v.get("score"),
             [(c.get("type"), c.get("outcome"), c.get("fact"))
              for c in v.get("conditions") or []])
            for v in report.get("verdicts") or []]


def compare(label, with_doc, alone_doc):
    rw, ra = with_doc["reports"], alone_doc["reports"]
    tap(len(rw) == len(ra) == 1, "%s: one report each" % label,
        "%d vs %d" % (len(rw), len(ra)))
    if not rw or not ra:
        return
    w, a = rw[0], ra[0]
    recw, reca = w["record"], a["record"]
    for key in ("kind", "title", "comm", "pid", "cpu", "fault_address"):
        if recw.get(key) != reca.get(key):
            tap(False, "%s: record %s" % (label, key),
                "%r vs %r" % (recw.get(key), reca.get(key)))
            break
    else:
        tap(True, "%s: record kind, title, comm, pid, cpu" % label)
    d = frame_diff(frames(recw.get("frames")), frames(reca.get("frames")))
    tap(d is None, "%s: the record's frames" % label, d)
    tw, ta = tasks(recw), tasks(reca)
    tap(tw.keys() == ta.keys() and tw, "%s: the same %d tasks" % (label, len(tw)),
        "only with vmlinux: %s; only alone: %s" % (
            sorted(set(tw) - set(ta))[:10], sorted(set(ta) - set(tw))[:10]))
    bad = []
    nframes = 0
    for key in sorted(set(tw) & set(ta)):
        for x, y in zip(tw[key], ta[key]):
            nframes += len(x.get("frames") or [])
            for k in ("state", "cpu", "crashed"):
                if x.get(k) != y.get(k):
                    bad.append("%s: %s %r vs %r" % (key, k, x.get(k), y.get(k)))
            d = frame_diff(frames(x.get("frames")), frames(y.get("frames")))
            if d:
                bad.append("%s: %s" % (key, d))
    tap(not bad and nframes > 0,
        "%s: every task's state and stack (%d frames)" % (label, nframes),
        "\n".join(bad[:10]) or "no frames")
    # As far as with vmlinux: on 7.2 that stack ends after one frame too
    # (the 7.1 ORC register renumbering is not read yet, with or without).
    crashed = [t for t in reca.get("tasks") or [] if t.get("crashed")]
    crashed_w = [t for t in recw.get("tasks") or [] if t.get("crashed")]
    deep = len(crashed_w) == 1 and len(crashed_w[0].get("frames") or []) > 1
    tap(len(crashed) == len(crashed_w) and
        (not deep or len(crashed[0].get("frames") or []) > 1),
        "%s: the crashed task is unwound without vmlinux%s" % (
            label, "" if deep else " (as far as with it: %s)" % (
                "one frame" if crashed_w else "no crashed task found")),
        "%d crashed tasks, %d with vmlinux" % (len(crashed), len(crashed_w)))
    sources = [f.get("source") for t in reca.get("tasks") or []
               for f in t.get("frames") or [] if f.get("source")]
    tap(not sources, "%s: no file:line without vmlinux" % label,
        sources[:3])
    pw, pa = recw.get("pages") or [], reca.get("pages") or []
    tap(pw == pa, "%s: the %d pages, every field" % (label, len(pw)),
        "with: %s\nalone: %s" % (json.dumps(pw)[:600], json.dumps(pa)[:600]))
    fw, fa = findings(recw), findings(reca)
    tap(fw == fa, "%s: the findings (%d)" % (label, len(fw)),
        "with: %s\nalone: %s" % (fw, fa))
    notes = [f for f in reca.get("findings") or []
             if f["id"] == "vmcore-no-vmlinux"]
    tap(len(notes) == 1 and "file:line" in notes[0]["text"],
        "%s: the report says it had no vmlinux" % label, notes)
    same = (w.get("bucket") == a.get("bucket") and
            w.get("verdict") == a.get("verdict") and
            verdicts(w) == verdicts(a))
    tap(same, "%s: bucket, verdict and every rule's conditions" % label,
        "bucket %r vs %r, verdict %r vs %r\n%s\n%s" % (
            w.get("bucket"), a.get("bucket"), w.get("verdict"),
            a.get("verdict"), verdicts(w)[:2], verdicts(a)[:2]))


def main():
    label, with_path, alone_path = sys.argv[1:4]
    compare(label, json.load(open(with_path)), json.load(open(alone_path)))


if __name__ == "__main__":
    main()
