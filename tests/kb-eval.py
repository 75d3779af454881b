#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Self-recall and precision of the known-bugs knowledge file.

Usage: kb-eval.py PAGERACE KB QUOTED.jsonl.xz [--sources SOURCES.tsv] [LOG...]

Recall: every CVE record whose message quotes a crash report is written
out as a log and matched; the record counts as recalled when one of its
reports lists the record itself among the first 3 candidates.
Precision: for the LOGs (reports of other bugs), the share of reports
whose best candidate is "strong".  A log whose row in SOURCES.tsv names
the CVE record it was taken from is a report of that bug: a strong
candidate naming that record is a hit (counted apart), any other strong
one is not.  Prints one line per figure:
  recall N/M P%              of the records with a report detected
  recall-with-trace N/M P%   of those whose report has any candidate
  strong-leave-one-out N/M P%  reports whose best other candidate is strong
  strong-on-other N/M P%     LOG reports whose best candidate is strong
                             and not the record the log was taken from
  strong-own N/M P%          LOG reports taken from a record whose best
                             candidate is that record, strong
"""
import json
import lzma
import os
import re
import subprocess
import sys
import tempfile

HEAD = re.compile(r"^== (.*):(\d+): ")
CAND = re.compile(r"^  (strong|medium|weak)\s+-?\d+\s+(CVE-\d+-\d+)\s")


def match(pagerace, kb, paths):
    """{path: [[(strength, id), ...] per report]}"""
    out = {}
    for i in range(0, len(paths), 500):
        chunk = paths[i:i + 500]
        p = subprocess.run([pagerace, "kb", "match", "-k", kb] + chunk,
                           capture_output=True, text=True)
        if p.returncode not in (0, 1, 2):
            sys.exit(f"pagerace kb match exited {p.returncode}: {p.stderr[:500]}")
        cur = None
        for line in p.stdout.splitlines():
            m = HEAD.match(line)
            if m:
                cur = []
                out.setdefault(m.group(1), []).append(cur)
                continue
            m = CAND.match(line)
            if m and cur is not None:
                cur.append((m.group(1), m.group(2)))
    return out


def cited(sources):
    """{log file name: set of CVE ids its source names}"""
    out = {}
    if not sources:
        return out
    with open(sources) as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 5:
                out[cols[0]] = set(re.findall(r"CVE-\d+-\d+", cols[4]))
    return out


def main():
    pagerace, kb, quoted = sys.argv[1:4]
    logs = sys.argv[4:]
    sources = None
    if logs[:1] == ["--sources"]:
        sources, logs = logs[1], logs[2:]
    own = cited(sources)
    rows = [json.loads(l) for l in lzma.open(quoted, "rt")]
    with tempfile.TemporaryDirectory() as tmp:
        paths = {}
        for r in rows:
            path = os.path.join(tmp, r["id"] + ".txt")
            with open(path, "w") as f:
                f.write(r["text"])
            paths[path] = r["id"]
        res = match(pagerace, kb, list(paths))
        with_report = with_candidates = recalled = 0
        others = strong_others = 0
        for path, cid in paths.items():
            reports = res.get(path)
            if not reports:
                continue
            with_report += 1
            with_candidates += any(reports)
            if any(cid in [c[1] for c in rep[:3]] for rep in reports):
                recalled += 1
            # Leave one out: without the record itself, the report is
            # one of a bug the knowledge file does not know.
            for rep in reports:
                rest = [c for c in rep if c[1] != cid]
                others += 1
                strong_others += bool(rest) and rest[0][0] == "strong"
    pct = 100.0 * recalled / with_report if with_report else 0.0
    print(f"recall {recalled}/{with_report} {pct:.1f}%")
    pct = 100.0 * recalled / with_candidates if with_candidates else 0.0
    print(f"recall-with-trace {recalled}/{with_candidates} {pct:.1f}%")
    pct = 100.0 * strong_others / others if others else 0.0
    print(f"strong-leave-one-out {strong_others}/{others} {pct:.1f}%")
    if logs:
        res = match(pagerace, kb, logs)
        total = strong = from_record = own_strong = 0
        for path, reps in res.items():
            ids = own.get(os.path.basename(path), set())
            from_record += bool(ids)
            for i, rep in enumerate(reps):
                total += 1
                if not rep or rep[0][0] != "strong":
                    continue
                if rep[0][1] in ids:
                    own_strong += i == 0
                else:
                    strong += 1
        pct = 100.0 * strong / total if total else 0.0
        print(f"strong-on-other {strong}/{total} {pct:.1f}%")
        pct = 100.0 * own_strong / from_record if from_record else 0.0
        print(f"strong-own {own_strong}/{from_record} {pct:.1f}%")


if __name__ == "__main__":
    main()
