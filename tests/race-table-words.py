#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Check that the race table of 'pagerace explain ID' wraps at word
boundaries: every line of a cell is a run of its step's text that starts
and ends at a space, the text's ends, or after a joint ( , / | > _ . -).

usage: race-table-words.py PAGERACE ID...   (exit 1 and a message per bad cell)
"""
import json
import re
import subprocess
import sys

JOINTS = "(,/|>_.-"


def table(text):
    """{step: [(column, fragment), ...]} from the explain output."""
    rows, step, inside = {}, None, False
    for line in text.splitlines():
        if re.match(r"^    -----\+", line):
            inside = True
            continue
        if not inside:
            continue
        m = re.match(r"^    ( {0,2}\d+|   )  (\|.*)$", line)
        if not m:
            inside = False
            continue
        if m.group(1).strip():
            step = int(m.group(1))
        for col, cell in enumerate(m.group(2).split("|")[1:]):
            frag = cell[1:].rstrip()
            if frag:
                rows.setdefault(step, []).append((col, frag))
    return rows


def bad_fragments(does, frags):
    pos = 0
    for frag in frags:
        i = does.find(frag, pos)
        if i < 0:
            yield frag, "not found in the step's text"
            continue
        end = i + len(frag)
        starts = i == 0 or does[i - 1] == " " or does[i - 1] in JOINTS
        ends = end == len(does) or does[end] == " " or frag[-1] in JOINTS
        if not (starts and ends):
            yield frag, "cut in the middle of a word"
        pos = end


def main():
    prog, ids = sys.argv[1], sys.argv[2:]
    failed = 0
    for rid in ids:
        rule = json.loads(subprocess.run([prog, "signatures", "show", "--format=json", rid],
                                         check=True, capture_output=True, text=True).stdout)
        out = subprocess.run([prog, "explain", rid], check=True, capture_output=True,
                             text=True).stdout
        rows = table(out)
        if len(rows) != len(rule["race"]):
            print(f"{rid}: {len(rows)} steps in the table, {len(rule['race'])} in the rule")
            failed += 1
            continue
        for n, step in enumerate(rule["race"], 1):
            frags = [f for _, f in rows[n]]
            for frag, why in bad_fragments(" ".join(step["does"].split()), frags):
                print(f"{rid} step {n}: '{frag}': {why}")
                failed += 1
    sys.exit(1 if failed else 0)


main()
