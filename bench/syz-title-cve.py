#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""syz_title against the syzbot titles that fix messages quote.

Many fixes of syzbot reports name the report by its dashboard title in
their prose: 'syzbot reported "KASAN: slab-use-after-free Read in f"',
'syzbot found a possible deadlock in f', 'Fix "WARNING in f"'.  Those
titles were written by syzbot, not by us, from the same crash the record
quotes; this compares them with the syz_title pagerace gives the record's
reports.

Only title forms the kernel itself never prints are taken ("KASAN: X Read
in f" and not "BUG: KASAN: X in f", "possible deadlock in f", "WARNING in
f", "INFO: task hung in f", ...), in records that mention syzbot or
syzkaller, from lines that are not log lines.  A record without a titled report (the fix quotes the title only) is
not compared.  A record agrees when one of
its reports has exactly the quoted title; 'prefix' counts the records
where the part before " in " agrees, 'function' where the part after it
does.  A PROXY: the quoted title can belong to another crash of the same
bug (syzbot keeps the first crash's title), and prose sometimes
paraphrases.

    bench/syz-title-cve.py [--pagerace PATH] [--corpus FILE] [--misses]
                           [--dedent] [--min-agree PCT]
"""
import collections
import re
import signal
import sys

import cverecords

FUNC = r"[A-Za-z_][A-Za-z0-9_.]*"
# Title forms that only syzbot writes: the kernel's own headers have
# "BUG: " before the tool, "at file:line" after WARNING, and no "in f"
# after lockdep's and the watchdogs' headers.
FORMS = [
    r"KASAN: [a-z-]+ (?:Read|Write) in",
    r"KASAN: invalid-free in",
    r"KFENCE: [a-z-]+ (?:read|write) in",
    r"KMSAN: [a-z-]+ in",
    r"KCSAN: data-race in",
    r"UBSAN: [a-z-]+ in",
    r"possible deadlock in",
    r"inconsistent lock state in",
    r"INFO: task hung in",
    r"INFO: task can't die in",
    r"INFO: rcu detected stall in",
    r"INFO: trying to register non-static key in",
    r"BUG: soft lockup in",
    r"WARNING in",
    r"WARNING: [A-Za-z ]+ in",
    r"BUG: (?:sleeping function called from invalid context"
    r"|scheduling while atomic|corrupted list|bad usercopy"
    r"|unable to handle kernel [A-Za-z ]+|spinlock [a-z ]+|rwlock [a-z ]+"
    r"|held lock freed|bad unlock balance|stack guard page was hit"
    r"|using [a-z_]+\(\) in preemptible code) in",
    r"general protection fault in",
    r"kernel BUG in",
    r"memory leak in",
    r"divide error in",
    r"invalid opcode in",
    r"stack segment fault in",
    r"kernel panic: stack is corrupted in",
]
TITLE = re.compile(r"(?<![\w:] )(?<![A-Za-z:])(" + "|".join(FORMS) + r") (" +
                   FUNC + r"(?: / " + FUNC + r")?)")
LOG_LINE = re.compile(r"^\s*(\[\s*\d+\.\d+\]|<\d>|\? |#\d+ )|\+0x[0-9a-f]+|"
                      r"\.[ch]:\d")


def quoted_titles(text):
    out = []
    for line in text.split("\n"):
        if LOG_LINE.search(line) or "BUG: KASAN" in line or \
                "BUG: KMSAN" in line or "BUG: KCSAN" in line or \
                "BUG: KFENCE" in line:
            continue
        for m in TITLE.finditer(line):
            func = m.group(2).rstrip(".")
            # "UBSAN: ... in drivers/net/x.c:12", "in htc_drv_txrx.c":
            # the kernel's file, not a title's function.
            if line[m.end():m.end() + 1] in ("/", ":") or \
                    re.search(r"\.[chS]$", func):
                continue
            # "memory leak in the driver", "WARNING in a loop": prose.
            if func in ("the", "a", "an", "this", "that", "it", "case",
                        "some", "order", "which", "our", "its"):
                continue
            out.append(m.group(1) + " " + func)
    return out


def split(title):
    i = title.find(" in ")
    return (title[:i], title[i + 4:]) if i >= 0 else (title, "")


def main():
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    ap = cverecords.arguments()
    ap.add_argument("--misses", action="store_true")
    ap.add_argument("--dedent", action="store_true",
                    help="strip every line's leading blanks first")
    ap.add_argument("--min-agree", type=float)
    args = ap.parse_args()
    records = cverecords.load(args.corpus)
    wanted = {}
    for r in records:
        low = r["text"].lower()
        if "syzbot" not in low and "syzkaller" not in low:
            continue
        titles = quoted_titles(r["text"])
        if titles:
            wanted[r["id"]] = (r, titles)
    n = agree = prefix = func = 0
    by_prefix = collections.Counter()
    by_prefix_ok = collections.Counter()
    misses = []
    texts = {}
    for cve, (r, _) in wanted.items():
        text = r["text"]
        if args.dedent:
            text = "\n".join(x.lstrip(" \t") for x in text.split("\n"))
        texts[cve] = text
    got = {cve: [t for t in (rep["record"].get("syz_title") for rep in reps) if t]
           for cve, reps in cverecords.analyze_texts(
               args.pagerace, texts, "syz-title-cve").items()}
    quoted_only = 0
    for cve, (_, titles) in sorted(wanted.items()):
        ours = got.get(cve, [])
        # The fix quotes the title but not the report (or pagerace
        # finds none): nothing to compare.
        if not ours:
            quoted_only += 1
            continue
        n += 1
        want = titles[0]
        wp, wf = split(want)
        by_prefix[wp.split(":")[0] if ":" in wp else wp] += 1
        hit = any(t in ours for t in titles)
        if hit:
            agree += 1
            by_prefix_ok[wp.split(":")[0] if ":" in wp else wp] += 1
        if any(split(o)[0] == split(t)[0] for o in ours for t in titles):
            prefix += 1
        if any(split(o)[1] == split(t)[1] for o in ours for t in titles):
            func += 1
        if not hit:
            misses.append((cve, want, ours[:3]))
    pct = 100.0 * agree / max(n, 1)
    print(f"records quoting a syzbot title: {n + quoted_only}, "
          f"{quoted_only} without a titled report, compared: {n}")
    print(f"  title agrees     {agree:4} ({pct:.1f}%)")
    print(f"  prefix agrees    {prefix:4} ({100.0 * prefix / max(n, 1):.1f}%)")
    print(f"  function agrees  {func:4} ({100.0 * func / max(n, 1):.1f}%)")
    for k, v in by_prefix.most_common():
        print(f"    {k:45} {by_prefix_ok[k]:3}/{v:3}")
    if args.misses:
        for cve, want, ours in misses:
            print(f"{cve}\twant {want}\tgot {ours}")
    if args.min_agree is not None and pct < args.min_agree:
        print(f"FAIL: title agrees {pct:.1f}% < {args.min_agree}%")
        return 1
    return 0


sys.exit(main())
