#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""What a vmcore report says, on the real vmcore corpus: one page per pfn
(the log's dump_page() merged with memory's struct page, hashed pointers
never shown as addresses), the victim page once with the ground truth's
fields, the crashed trace's frames with addresses and file:line, and the
pages' inode facts as drgn reads them.

  vmcore-report.py CORPUS OUTDIR VMLINUX

OUTDIR holds 'pagerace analyze --format json' documents: DUMP.json (with
--module-debug CORPUS) and DUMP.nomod.json (without).  Prints TAP lines
without a plan.

Explained differences:
 1. drgn 0.0.22 cannot open QEMU's kdump-compressed files: the inode facts
    are then checked against the ground truth's mapping (nrpages), and the
    victim's fields against the truth alone.
 2. The truth's page was printed by the guest before the crash: its
    refcount may differ from the dump's by one LRU-batch reference.
 3. For a tail page the truth holds the tail's raw words, while pagerace
    (like dump_page()) shows the head's flags, refcount and mapping.
 4. Where the unwinder has no frame of the log's trace (QEMU ELF dumps whose
    module memory reads as zeros) there is nothing to enrich: skipped.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vmcore_page import page_word, tail_head  # noqa: E402

try:
    import drgn
    from drgn.helpers.linux.mm import compound_head
except ImportError:
    drgn = None

MAPPING_FLAGS = 3  # PAGE_MAPPING_ANON | PAGE_MAPPING_MOVABLE


def tap(ok, name, detail=None, skip=None):
    if skip:
        print("ok - %s # SKIP %s" % (name, skip))
        return
    print(("ok - " if ok else "not ok - ") + name)
    if not ok and detail is not None:
        for line in str(detail).splitlines()[:12]:
            print("# " + line)


def hexval(v):
    return int(v, 16) if isinstance(v, str) else v


def load_drgn(dump, vmlinux):
    if drgn is None:
        return None
    prog = drgn.Program()
    try:
        prog.set_core_dump(dump)
    except Exception as e:  # explained difference 1
        print("# drgn cannot open %s: %s" % (os.path.basename(dump), e))
        return None
    prog.load_debug_info([vmlinux])
    return prog


def check_pages(label, record):
    pages = record["pages"]
    pfns = [p["pfn"] for p in pages if p["pfn"] is not None]
    dup = sorted(set(p for p in pfns if pfns.count(p) > 1))
    tap(not dup, "%s: one page per pfn (%d pages)" % (label, len(pages)),
        "pfn seen twice: %s" % dup)
    # A 64-bit kernel's struct page never fits in 32 bits: such an
    # "address" is a %p hash id the log printed.
    bad = [p for p in pages
           if (p["address"] is not None and hexval(p["address"]) >> 32 == 0)
           or (p.get("pointers_hashed") and p["address"] is not None)]
    tap(not bad, "%s: no hashed pointer shown as an address" % label,
        [(p["address"], p.get("pointers_hashed")) for p in bad])
    logged = [p for p in pages if p.get("origin") in ("log", "log+memory")]
    if logged:
        merged = [p for p in logged if p.get("origin") == "log+memory"]
        tap(len(merged) == len(logged) and
            all(p["reason"] and p["address"] and not p.get("pointers_hashed")
                for p in merged),
            "%s: the log's dump_page() is merged with memory's page and "
            "keeps its reason" % label,
            [(p.get("origin"), p["pfn"], p["reason"]) for p in logged])



def drgn_page(prog, addr):
    page = drgn.Object(prog, "struct page *", value=addr)
    return {
        "flags": page_word(page, "flags", "flags.f"),
        "refcount": page._refcount.counter.value_(),
        "mapcount": page._mapcount.counter.value_() + 1,
        "mapping": page.mapping.value_(),
        "index": page_word(page, "index", "__folio_index"),
    }


def check_victim(label, record, truth, prog):
    tp = truth.get("guest", {}).get("page")
    if not tp:
        return
    addr = hexval(tp["addr"])
    mine = [p for p in record["pages"]
            if p["address"] is not None and hexval(p["address"]) == addr]
    tap(len(mine) == 1, "%s: victim page 0x%x appears once" % (label, addr),
        [p["address"] for p in record["pages"]])
    if len(mine) != 1:
        return
    p = mine[0]
    head = hexval(tp.get("compound_head", "0x0"))
    tail = head & 1
    want = {"pfn": tp["pfn"]}
    if tail:  # explained difference 3
        head = tail_head(head, hexval(tp["addr"])) + 1
        want["head"] = head - 1
        th = truth["guest"].get("head")
        src = drgn_page(prog, head - 1) if prog else th
        if src:
            for key in ("flags", "refcount", "mapping"):
                want[key] = hexval(src[key])
    else:
        src = drgn_page(prog, addr) if prog else None
        for key in ("flags", "mapping", "index"):
            want[key] = hexval(src[key] if src else tp[key])
        want["refcount"] = src["refcount"] if src else int(tp["refcount"])
        if src:
            want["mapcount"] = src["mapcount"]
    problems = []
    for key, value in want.items():
        got = hexval(p.get(key))
        if key == "refcount" and not src and got is not None and \
                abs(got - value) <= 1:  # explained difference 2
            continue
        if got != value:
            problems.append("%s: ours %s, want %s" % (key, got, value))
    tap(not problems, "%s: victim page's fields match the truth%s"
        % (label, " and drgn" if prog else ""), "\n".join(problems))


def crashed_task(record):
    for t in record["tasks"]:
        if t["crashed"]:
            return t
    return None


def trace(record):
    frames = ([record["fault"]] if record["fault"] else []) + record["frames"]
    # A frame the kernel printed as a bare address (module init text it
    # could no longer name) has no symbol to match or to give a line.
    return [f for f in frames if not f["function"].startswith("0x")]


def check_frames(label, record, nomod):
    task = crashed_task(record)
    unwound = task["frames"] if task else []
    names = {f["normalized"] for f in unwound}
    frames = trace(record)
    shared = [f for f in frames if f["normalized"] in names]
    name = "%s: the crashed trace's frames carry addresses and file:line" % label
    if not shared:  # explained difference 4
        tap(True, name, skip="the unwinder has no frame of the log's trace")
        return
    # The same frame (same function and offset) gets the unwinder's
    # address and line; no other frame gets one it did not print.
    same = {(f["normalized"], f["offset"]): f for f in unwound}
    bad = []
    for f in frames:
        u = same.get((f["normalized"], f["offset"]))
        if u is None:
            if f["source"] or f["address"]:
                bad.append("%s+%s: %s %s, but the unwinder has no such "
                           "frame" % (f["function"], f["offset"],
                                      f["address"], f["source"]))
        elif f["source"] != u["source"] or f["address"] != u["address"]:
            bad.append("%s+%s: %s %s, unwinder %s %s" % (
                f["function"], f["offset"], f["address"], f["source"],
                u["address"], u["source"]))
    with_source = [f for f in frames if f["source"]]
    tap(not bad and with_source, name + " (%d of %d)"
        % (len(with_source), len(frames)), "\n".join(bad) or "none")
    if record["fault"] and any(f["normalized"] == record["fault"]["normalized"]
                               and f["source"] for f in unwound):
        tap(bool(record["fault"]["source"] and record["fault"]["address"]),
            "%s: the fault site %s has its file:line" % (
                label, record["fault"]["function"]), record["fault"])
    # Without --module-debug the vmlinux frames still have their lines.
    if nomod is None:
        return
    vml = [f for f in trace(nomod) if f["module"] is None and f["address"]]
    tap(vml and all(f["source"] for f in vml),
        "%s: without --module-debug, vmlinux frames have file:line (%d)"
        % (label, len(vml)), [(f["function"], f["source"]) for f in vml])


def drgn_inode(prog, addr):
    page = compound_head(drgn.Object(prog, "struct page *", value=addr))
    mapping = page.mapping
    if not mapping.value_() or mapping.value_() & MAPPING_FLAGS:
        return None
    host = mapping.host
    try:
        fs = host.i_sb.s_type.name.string_().decode()
        return {"nrpages": mapping.nrpages.value_(),
                "i_size": host.i_size.value_(), "ino": host.i_ino.value_(),
                "fs_type": fs}
    except drgn.FaultError:
        return None


def check_inodes(label, record, truth, prog):
    pages = [p for p in record["pages"] if p.get("origin") != "log" and
             p["address"] and p["mapping"] and
             not hexval(p["mapping"]) & MAPPING_FLAGS]
    if not pages:
        return
    problems, compared = [], 0
    tm = truth.get("guest", {}).get("mapping")
    for p in pages:
        if prog is not None:
            want = drgn_inode(prog, hexval(p["address"]))
        elif tm and hexval(tm["addr"]) == hexval(p["mapping"]):
            want = {"nrpages": tm["nrpages"]}  # explained difference 1
        else:
            continue
        if want is None:
            continue
        compared += 1
        for key, value in want.items():
            if p.get(key) != value:
                problems.append("page %s %s: ours %s, %s %s" % (
                    p["address"], key, p.get(key),
                    "drgn" if prog else "truth", value))
    if compared:
        tap(not problems, "%s: inode facts (ino, i_size, nrpages, fs type) "
            "match %s (%d pages)" % (label, "drgn" if prog else "the truth",
                                     compared), "\n".join(problems))
    else:
        tap(True, "%s: inode facts" % label, skip="nothing to compare with")


def main():
    corpus, outdir, vmlinux = sys.argv[1:4]
    index = json.load(open(os.path.join(corpus, "corpus.json")))
    for entry in index["dumps"]:
        label = entry["dump"]
        try:
            doc = json.load(open(os.path.join(outdir, label + ".json")))
            record = doc["reports"][0]["record"]
        except (OSError, ValueError, IndexError, KeyError) as e:
            tap(False, "%s: analyze output" % label, e)
            continue
        try:
            nomod = json.load(open(os.path.join(
                outdir, label + ".nomod.json")))["reports"][0]["record"]
        except (OSError, ValueError, IndexError, KeyError):
            nomod = None
        truth = json.load(open(os.path.join(corpus, entry["truth"])))
        prog = load_drgn(os.path.join(corpus, entry["dump"]), vmlinux)
        check_pages(label, record)
        check_victim(label, record, truth, prog)
        check_frames(label, record, nomod)
        check_inodes(label, record, truth, prog)


main()
