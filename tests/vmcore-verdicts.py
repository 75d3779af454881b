#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Verdicts on the real vmcore corpus: every documented race reproduced in
a dump must come out confirmed on its dump evidence, and the negatives
must not be claimed.  Reads 'pagerace analyze --format json' documents
(one per dump, as DUMP.json in OUTDIR) and the corpus's ground truth.
Prints TAP lines without a plan, each named by kernel series, reproducer
variant and dump.

Variant 2 (llcrash.ko: the same races through other files, module and
function names) is named only by rules that follow the dump's evidence
rather than the file names of variant 1.  Until those rules are merged, a
failed assertion on a variant-2 positive dump is reported as TAP "# TODO"
(an expected failure, see V2_TODO); every other assertion is a plain
failure."""
import json
import os
import sys

# The rule each scenario of corpus/vmcore reproduces (see its README).
EXPECTED = {
    "A": "lustre-readahead-null-mapping",
    "B": "thp-truncate-tail-page",
    "C": "ext4-dax-dio-truncate-refcount",
    "D": "writeback-stale-wakeup",
    "E": "isolate-lru-mapping-uaf",
}


# Set to None once the evidence-based signatures name every race on
# variant 2: its failures then count as failures.
V2_TODO = None
todo = None	# the TODO reason of the dump being checked, if any


def tap(ok, name, detail=None):
    if ok:
        print("ok - " + name)
    elif todo:
        print("not ok - %s # TODO %s" % (name, todo))
    else:
        print("not ok - " + name)
    if not ok and detail is not None:
        for line in str(detail).splitlines()[:10]:
            print("# " + line)


def check_positive(label, want, report):
    verdicts = report["verdicts"]
    top = verdicts[0] if verdicts else None
    tap(top is not None and top["signature"] == want,
        "%s: top verdict is %s" % (label, want),
        top and (top["signature"], top["level"]))
    if not top or top["signature"] != want:
        return
    tap(top["level_before_version"] == "confirmed",
        "%s: confirmed on dump evidence (score %d)" % (label, top["score"]),
        (top["level_before_version"], top["score"]))
    decisive = [c for c in top["conditions"]
                if c["decisive"] and c["outcome"] == "matched"]
    tap(bool(decisive), "%s: decisive dump evidence listed: %s" % (
        label, "; ".join(c["type"] for c in decisive)))
    # The Debian kernel has most fixes: then the level must say so.
    if top["level"] != top["level_before_version"]:
        tap(bool(top["version_note"]),
            "%s: lowered to %s by version, with a note" % (label, top["level"]),
            top["version_note"])
    seen = [a for a in top["actors"] if a["seen"]]
    tap(len(seen) >= 2, "%s: two actors of the race bound to tasks: %s" % (
        label, ", ".join("%s=%s/%s" % (a["name"], a["comm"], a["pid"])
                         for a in seen)), top["actors"])


def main():
    global todo
    corpus, outdir = sys.argv[1:3]
    index = json.load(open(os.path.join(corpus, "corpus.json")))
    series = index.get("series") or index.get("kernel_release", "?")
    for entry in index["dumps"]:
        variant = entry.get("variant", 1)
        label = "%s v%d %s" % (series, variant, entry["dump"])
        todo = None
        path = os.path.join(outdir, entry["dump"] + ".json")
        try:
            doc = json.load(open(path))
        except (OSError, ValueError) as e:
            tap(False, "%s: analyze output" % label, e)
            continue
        reports = doc["reports"]
        tap(len(reports) == 1 and not doc["errors"],
            "%s: one report, no error" % label, doc["errors"])
        if not reports:
            continue
        report = reports[0]
        tap(report["record"]["source"] == "vmcore",
            "%s: the record comes from the dump" % label)
        want = EXPECTED.get(entry["scenario"])
        if want:
            todo = V2_TODO if variant != 1 else None
            check_positive(label, want, report)
            todo = None
        else:
            levels = [v["level"] for v in report["verdicts"]]
            tap(not set(levels) & {"likely", "confirmed"},
                "%s: a negative is not claimed by any rule" % label, levels)


main()
