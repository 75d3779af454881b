# SPDX-License-Identifier: GPL-2.0-or-later
"""The crash reports the kernel's CVE records quote
(corpus/cve/quoted-crashes.jsonl.xz), read and analysed by pagerace: what
bench/cve-kinds.py and bench/syz-title-cve.py share."""
import argparse
import collections
import json
import lzma
import os
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(TOP, "corpus", "cve", "quoted-crashes.jsonl.xz")
# Inputs to one 'pagerace analyze' run.
BATCH = 400


def arguments():
    """An argument parser with --pagerace and --corpus."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--pagerace", default=os.path.join(TOP, "build",
                                                       "pagerace"))
    ap.add_argument("--corpus", default=CORPUS)
    return ap


def load(path=CORPUS):
    """Every record ({"id", "text", ...}) of the corpus file."""
    with lzma.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def analyze(pagerace, paths, who):
    """The JSON reports of each path, by path; a sanitizer report or an
    exit above 1 ends the run (WHO names the script)."""
    env = dict(os.environ)
    env.setdefault("PAGERACE_SIGNATURES", os.path.join(TOP, "signatures"))
    out = subprocess.run([pagerace, "analyze", "--format=json", *paths],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         check=False, env=env)
    if b"runtime error:" in out.stderr or b"Sanitizer" in out.stderr:
        sys.exit(f"{who}: sanitizer report: "
                 f"{out.stderr.decode(errors='replace')[:2000]}")
    if out.returncode > 1:
        sys.exit(f"{who}: {pagerace} exited {out.returncode}: "
                 f"{out.stderr.decode(errors='replace')[:500]}")
    by_input = collections.defaultdict(list)
    for rep in json.loads(out.stdout)["reports"]:
        by_input[rep["input"]].append(rep)
    return by_input


def analyze_texts(pagerace, texts, who):
    """The JSON reports of each text of TEXTS ({id: text}), by id: each is
    written to a file of its own and analysed BATCH files a run."""
    got = {}
    with tempfile.TemporaryDirectory(prefix=who + ".") as tmp:
        items = []
        for key, text in texts.items():
            p = os.path.join(tmp, key + ".txt")
            with open(p, "w", encoding="utf-8") as out:
                out.write(text)
            items.append((key, p))
        for i in range(0, len(items), BATCH):
            batch = items[i:i + BATCH]
            res = analyze(pagerace, [p for _, p in batch], who)
            for key, p in batch:
                got[key] = res.get(p, [])
    return got
