#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Page forensics on the real vmcore corpus, against the ground truth the
guest printed (corpus/vmcore/README.md): the victim page reads back with
the truth's fields (a tail through its head, on every kernel's layout),
every finding the race's memory state implies is there with its subject
(page address, mapping), and no other page-cache finding is (a healthy or
negative dump has none).  Reads 'pagerace analyze --format json'
documents (DUMP.json in OUTDIR).  Prints TAP lines without a plan."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from taplib import hexval as num, tap  # noqa: E402

# Findings about pages and mappings; vmcore-unread is about the dump.
PAGE_FINDINGS = {
    "mapping-null-with-refs", "page-not-in-mapping",
    "tail-where-head-expected", "mapping-freed", "page-freed-in-use",
    "writeback-without-io", "dax-entry-refcount-elevated", "index-mismatch",
    "head-tail-incoherent", "freed-or-poisoned", "refcount-below-mapcount",
}


def expectations(guest):
    """(required [(id, address, mapping)], allowed {(id, address)}) from the
    memory state the guest built."""
    page = guest.get("page")
    if not page:
        return [], set()
    addr = num(page["addr"])
    mapping = num(page["mapping"])
    required, allowed = [], set()
    if mapping == 0 and page["refcount"] > 0:
        required.append(("mapping-null-with-refs", addr, None))
    if "compound" in guest:
        required.append(("tail-where-head-expected", addr, None))
    freed = guest.get("freed")
    if freed:
        required.append(("mapping-freed", None, num(freed["mapping"])))
    if "break_layouts_refcount" in guest and page["refcount"] > 1:
        required.append(("dax-entry-refcount-elevated", addr, mapping))
    # A page that claims a mapping with no pages is not in it.
    m = guest.get("mapping")
    if mapping and m and m.get("nrpages") == 0:
        allowed.add(("page-not-in-mapping", addr))
    return required, allowed


def check_page(label, guest, record):
    page = guest.get("page")
    if not page:
        return
    addr = num(page["addr"])
    pages = [p for p in record["pages"] if p["address"] and num(p["address"]) == addr]
    tap(len(pages) == 1, "%s: the victim page 0x%x is decoded" % (label, addr),
        [p["address"] for p in record["pages"]])
    if not pages:
        return
    p = pages[0]
    comp = guest.get("compound")
    if comp:
        head = guest["head"]
        got = (p["tail"], num(p["head"]) if p["head"] else None, p["order"],
               num(p["mapping"]) if p["mapping"] else p["mapping"],
               p["index"] and num(p["index"]))
        want = (True, num(comp["head"]), comp["order"], num(head["mapping"]),
                num(head["index"]) + comp["tail_index"])
        tap(got == want, "%s: tail page: head, order, the head's mapping and "
            "index + %d" % (label, comp["tail_index"]), (got, want))
        return
    got = (num(p["mapping"]) if p["mapping"] is not None else None,
           p["index"] and num(p["index"]), p["refcount"])
    want = (num(page["mapping"]), page["index"], page["refcount"])
    # Refcounts may differ by one (per-CPU LRU batches, see the README).
    tap(got[:2] == want[:2] and got[2] is not None and abs(got[2] - want[2]) <= 1,
        "%s: page mapping, index and refcount (+-1) as the guest printed" % label,
        (got, want))


def check_findings(label, guest, record):
    findings = [f for f in record["findings"] if f["id"] in PAGE_FINDINGS]
    required, allowed = expectations(guest)
    for fid, addr, mapping in required:
        hit = [f for f in findings if f["id"] == fid
               and (addr is None or (f["address"] and num(f["address"]) == addr))
               and (mapping is None or (f.get("mapping") and num(f["mapping"]) == mapping))]
        subject = ", ".join(s for s in (addr and "page 0x%x" % addr,
                                        mapping and "mapping 0x%x" % mapping) if s)
        tap(bool(hit), "%s: finding %s about %s" % (label, fid, subject),
            json.dumps(findings, indent=1))
    want_ids = {r[0] for r in required}
    extra = [f for f in findings if f["id"] not in want_ids
             and (f["id"], f["address"] and num(f["address"])) not in allowed]
    tap(not extra, "%s: no other page-cache finding%s" % (
        label, "" if guest.get("page") else " (negative control)"),
        "\n".join("%s: %s" % (f["id"], f["text"]) for f in extra))


def main():
    corpus, outdir = sys.argv[1:3]
    index = json.load(open(os.path.join(corpus, "corpus.json")))
    for entry in index["dumps"]:
        label = entry["dump"]
        truth = json.load(open(os.path.join(corpus, entry["truth"])))
        try:
            doc = json.load(open(os.path.join(outdir, label + ".json")))
            record = doc["reports"][0]["record"]
        except (OSError, ValueError, IndexError, KeyError) as e:
            tap(False, "%s: analyze output" % label, e)
            continue
        guest = truth.get("guest", {})
        check_page(label, guest, record)
        check_findings(label, guest, record)


main()
