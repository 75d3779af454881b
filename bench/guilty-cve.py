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
  agree      prose among the ceiling records: how often the choice among
             the report's frames is the one the developer named
  timeouts, crashes (exit status > 1 or a signal)

This is a PROXY for "the frame a developer would blame": the fixing
developer's message often names the function that did the wrong thing,
and it was written without us.  But it also names callers, helpers and
the function that crashed when that is not the one fixed, so a choice
can agree by chance and a good choice can go unnamed.  Read the figures
as a comparison between two binaries, not as an accuracy.

  guilty-cve.py [--limit N] [--jobs N] [--timeout S] [--min-agree PCT]
                [--half dev|held] [--dedent] [--check-all] [--misses FILE]
                CORPUS PAGERACE...

--half splits the records by a CRC of the CVE id.  The first version of
data/infra/ was written from kernel knowledge and a look at the 70 frames
old pagerace blamed most often over all records; later additions were
reviewed against the misses of the 'dev' half only, so 'held' is the
less shaped figure.
--dedent strips every line's leading blanks first: most reports are
quoted indented, and pagerace does not read indented reports yet; with
it the figures show what the guilty rules do once it does.
--min-agree PCT exits 1 when the first binary's agree figure is below
PCT.  --check-all exits 1 when any record crashed pagerace, timed out,
produced a report without a record, or has a report header at the start
of a line and no report.
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

# Report headers at the start of a line (after an ASCII printk
# timestamp): a record with one of these must yield a report.  Indented
# headers are left out (pagerace does not read indented reports yet), and
# so are timestamps padded with no-break spaces.
REPORT_START = re.compile(
    r"^(\[ *\d+\.\d+\](\[ *[TC]\d+\])? )?(BUG: KASAN:|kernel BUG at "
    r"|WARNING: CPU: \d+ PID: \d+ at |general protection fault"
    r"|BUG: unable to handle|BUG: kernel NULL pointer|Unable to handle kernel"
    r"|UBSAN: |INFO: task .* blocked for more than)", re.M)

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
    # 0: a verdict, 1: no known signature; anything else is a failure,
    # and so is a sanitizer report whatever the exit status (UBSan and
    # ASan exit 1 too).
    err = p.stderr.decode(errors="replace")
    if p.returncode not in (0, 1) or "runtime error:" in err or "Sanitizer" in err:
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
    s["missed"] = not reports and REPORT_START.search(text) is not None
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


def agreement(rs):
    """Of the records whose prose names some frame of the report, the
    share whose guilty frame is named: the choice among the frames."""
    ceil = [s for s in rs if s["ceiling"]]
    return 100.0 * sum(1 for s in ceil if s["prose"]) / len(ceil) if ceil else 0.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("--min-agree", type=float, default=None)
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
    pct = lambda k, d=n: 100.0 * k / d if d else 0.0
    print(f"{n} CVE records; PROXY measure: is the guilty function named by the fix message?")
    fmt = "{:>9} {:>7} {:>7} {:>8} {:>8} {:>7} {:>4} {:>5}  {}"
    print(fmt.format("detected", "guilty", "prose", "subject", "ceiling",
                     "agree", "t/o", "crash", "binary"))
    for b in a.pagerace:
        rs = results[b]
        c = lambda key: sum(1 for s in rs if s[key])
        print(fmt.format(
            f"{pct(c('detected')):.1f}", f"{pct(c('guilty')):.1f}",
            f"{pct(c('prose')):.1f}", f"{pct(c('subject')):.1f}",
            f"{pct(c('ceiling')):.1f}", f"{agreement(rs):.1f}",
            sum(1 for s in rs if s["status"] == "timeout"),
            sum(1 for s in rs if s["status"] == "crash"), b))
    print("(% of records; agree = prose among the ceiling records)")
    first = results[a.pagerace[0]]
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
    if a.min_agree is not None:
        got = agreement(first)
        if got < a.min_agree:
            print(f"agreement {got:.1f}% is below the threshold {a.min_agree}%")
            rc = 1
    if a.check_all:
        for r, s in zip(records, first):
            if s["status"] != "ok" or s["norecord"] or s["missed"]:
                why = s["status"]
                why += ", a report without a record" if s["norecord"] else ""
                why += ", a report header at a line start but no report" if s["missed"] else ""
                print(f"{r['id']}: {why}")
                rc = 1
    return rc


if __name__ == "__main__":
    sys.exit(main())
