#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Guilty-frame agreement on the kernel CVE records (corpus/cve).

Runs 'pagerace analyze --format json -' on the text of every record of
quoted-crashes.jsonl.xz, once per binary given, and prints per binary:

  detected   records in which pagerace found a report
  guilty     records whose first report has a guilty frame
  prose      records whose first report's guilty function is named in the
             fix message outside the quoted reports (the subject included)
  subject    ... named in the fix's subject line
  ceiling    records in which some function of the first report (its
             fault site or any frame) is named in the prose: the most that
             any choice of frame could score
  timeouts, crashes (exit status > 1 or a signal)

This is a PROXY for "the frame a developer would blame": the fixing
developer's message often names the function that did the wrong thing,
and it was written without us.  But it also names callers, helpers and
the function that crashed when that is not the one fixed, so a choice
can agree by chance and a good choice can go unnamed.  Read the figures
as a comparison between two binaries, not as an accuracy.

  guilty-cve.py [--limit N] [--jobs N] [--timeout S] [--min-prose PCT]
                [--half dev|held] [--dedent] [--check-all] [--misses FILE]
                CORPUS PAGERACE...

--half: the data/infra/ tables were reviewed against the misses of the
'dev' half only; the 'held' half is the figure not shaped by that.
--dedent strips every line's leading blanks first (the quoted reports
are indented; see the README of bench/).

--min-prose PCT exits 1 when the first binary's prose agreement (as a
share of all records) is below PCT.  --check-all exits 1 when any record
crashed pagerace, timed out, or produced a report without a record.
"""
import argparse
import concurrent.futures
import json
import lzma
import os
import re
import subprocess
import sys
import zlib

# A line printed by the kernel rather than written by the developer: a
# printk timestamp, a frame with +offset/size, a raw address, a register
# dump.  Such lines outside a detected report are parts of a report that
# the parser did not take in; they are not the developer's words.
LOG_LINE = re.compile(
    r"^\s*(\[\s*\d+\.\d+\]|<\d>|\? |#\d+ |[A-Z0-9]{2,4}: [0-9a-f]{4,})"
    r"|\w\+0x[0-9a-f]+"
    r"|\[<[0-9a-f]+>\]"
    r"|^\s*(RIP|EIP|PC is at|LR is at|pc :|lr :|Call [Tt]race:|Code:)")

HEADER = "In the Linux kernel, the following vulnerability has been resolved:"


def subject_of(text):
    """The fix's subject line: the first non-empty line after the CNA's
    fixed header."""
    lines = text.split("\n")
    start = 1 if lines and lines[0].startswith(HEADER) else 0
    for line in lines[start:]:
        if line.strip():
            return line.strip()
    return ""


def prose_of(text, reports):
    """The message without the lines of the detected reports and without
    other kernel-printed lines."""
    skip = set()
    for r in reports:
        first, last = r["lines"]
        skip.update(range(first, last + 1))
    out = []
    for i, line in enumerate(text.split("\n"), 1):
        if i in skip or LOG_LINE.search(line):
            continue
        out.append(line)
    return "\n".join(out)


def named(name, text):
    """Whether @name occurs in @text as a whole identifier."""
    if not name:
        return False
    return re.search(r"(?<![\w.])" + re.escape(name) + r"(?!\w)", text) is not None


def dedent(text):
    """Every line without its leading blanks (line numbers unchanged)."""
    return "\n".join(line.lstrip(" \t") for line in text.split("\n"))


def run(binary, text, timeout, env):
    """(status, reports): status is ok, timeout or crash."""
    try:
        p = subprocess.run([binary, "analyze", "--format", "json", "-"],
                           input=text.encode(), capture_output=True,
                           timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return "timeout", []
    # 0: a verdict, 1: no known signature; anything else is a failure.
    if p.returncode not in (0, 1):
        return "crash", []
    try:
        doc = json.loads(p.stdout)
    except ValueError:
        return "crash", []
    return "ok", doc.get("reports", [])


def frame_names(rec):
    names = []
    if rec.get("fault"):
        names.append(rec["fault"]["normalized"])
    names += [f["normalized"] for f in rec.get("frames", [])]
    return names


def score(rec_in, status, reports):
    text = rec_in["text"]
    s = {"status": status, "detected": bool(reports)}
    s["norecord"] = any("record" not in r for r in reports)
    first = next((r["record"] for r in reports if "record" in r), None)
    g = first.get("guilty_frame") if first else None
    s["guilty"] = g["normalized"] if g else None
    prose = prose_of(text, reports)
    subj = subject_of(text)
    s["prose"] = named(s["guilty"], prose)
    s["subject"] = named(s["guilty"], subj)
    s["ceiling"] = bool(first) and any(named(n, prose) for n in frame_names(first))
    s["frames"] = frame_names(first) if first else []
    return s


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("--min-prose", type=float, default=None)
    ap.add_argument("--check-all", action="store_true")
    ap.add_argument("--half", choices=("dev", "held"),
                    help="only the records of one half (by a CRC of the CVE id): "
                    "rules were reviewed against misses of 'dev' only")
    ap.add_argument("--dedent", action="store_true",
                    help="strip each line's leading blanks before pagerace reads it")
    ap.add_argument("--misses", help="write the first binary's disagreements here")
    ap.add_argument("corpus")
    ap.add_argument("pagerace", nargs="+")
    a = ap.parse_args()

    records = []
    with lzma.open(a.corpus, "rt") as f:
        for line in f:
            r = json.loads(line)
            if a.half and (zlib.crc32(r["id"].encode()) & 1) != (a.half == "held"):
                continue
            records.append(r)
            if a.limit and len(records) >= a.limit:
                break
    env = dict(os.environ)
    results = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as ex:
        for b in a.pagerace:
            futs = [ex.submit(run, b, dedent(r["text"]) if a.dedent else r["text"],
                               a.timeout, env) for r in records]
            results[b] = [score(r, *fu.result()) for r, fu in zip(records, futs)]

    n = len(records)
    pct = lambda k: 100.0 * k / n if n else 0.0
    print(f"{n} CVE records (proxy measure: the guilty function named by the fix message)")
    fmt = "{:<12} {:>9} {:>9} {:>9} {:>9} {:>9} {:>5} {:>5}  {}"
    print(fmt.format("", "detected", "guilty", "prose", "subject", "ceiling",
                     "t/o", "crash", "binary"))
    for b in a.pagerace:
        rs = results[b]
        c = lambda key: sum(1 for s in rs if s[key])
        print(fmt.format(
            "records %",
            f"{pct(c('detected')):.1f}", f"{pct(c('guilty')):.1f}",
            f"{pct(c('prose')):.1f}", f"{pct(c('subject')):.1f}",
            f"{pct(c('ceiling')):.1f}",
            sum(1 for s in rs if s["status"] == "timeout"),
            sum(1 for s in rs if s["status"] == "crash"), b))
    first = results[a.pagerace[0]]
    ceil = [s for s in first if s["ceiling"]]
    if ceil:
        agree = sum(1 for s in ceil if s["prose"])
        print(f"of the {len(ceil)} records whose prose names a frame of the report, "
              f"the first binary's guilty is named in {100.0 * agree / len(ceil):.1f}%")
    if len(a.pagerace) > 1:
        other = results[a.pagerace[1]]
        won = sum(1 for x, y in zip(first, other) if x["prose"] and not y["prose"])
        lost = sum(1 for x, y in zip(first, other) if y["prose"] and not x["prose"])
        print(f"first vs second binary: {won} records gained, {lost} lost")
    if a.misses:
        with open(a.misses, "w") as out:
            for r, s in zip(records, first):
                if s["ceiling"] and not s["prose"]:
                    out.write(f"{r['id']}\t{s['guilty']}\t{' '.join(s['frames'][:12])}\n")

    rc = 0
    if a.min_prose is not None:
        got = pct(sum(1 for s in first if s["prose"]))
        if got < a.min_prose:
            print(f"prose agreement {got:.1f}% is below the threshold {a.min_prose}%")
            rc = 1
    if a.check_all:
        for r, s in zip(records, first):
            if s["status"] != "ok" or s["norecord"]:
                print(f"{r['id']}: {s['status']}{', report without record' if s['norecord'] else ''}")
                rc = 1
    return rc


if __name__ == "__main__":
    sys.exit(main())
