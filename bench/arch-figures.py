#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Figures of bench/arch-figures.sh: CORPUS_DIR holds NAME.expect.json,
OUT_DIR the 'analyze --format=json' output NAME.json of each NAME."""
import collections
import json
import os
import sys

corpus, out = sys.argv[1:3]
# figure -> arch -> [agreeing, expected]
fig = collections.defaultdict(lambda: collections.defaultdict(lambda: [0, 0]))
FIGURES = ("detected", "last_frame", "frame_anywhere", "taint", "modules")


def count(name, arch, ok):
    for a in (arch, "all"):
        fig[name][a][1] += 1
        fig[name][a][0] += bool(ok)


for path in sorted(os.listdir(corpus)):
    if not path.startswith("arch-") or not path.endswith(".expect.json"):
        continue
    name = path[: -len(".expect.json")]
    want = json.load(open(os.path.join(corpus, path)))["reports"]
    try:
        got = json.load(open(os.path.join(out, name + ".json")))["reports"]
    except (OSError, ValueError):
        got = []
    for i, w in enumerate(want):
        arch = w.get("arch", name.split("-")[1])
        rec = got[i]["record"] if i < len(got) else None
        count("detected", arch, rec is not None)
        frames = [f["function"] for f in rec["frames"] if f["reliable"]] if rec else []
        if "last_frame" in w:
            count("last_frame", arch, (frames[-1] if frames else None) == w["last_frame"])
            if w["last_frame"]:
                count("frame_anywhere", arch, w["last_frame"] in frames)
        if "taint" in w:
            t = rec["taint"] if rec else None
            # The count of flags: None (unknown) agrees only with unknown.
            count("taint", arch, (None if t is None else len(t)) ==
                  (None if w["taint"] is None else len(w["taint"])))
        if "modules" in w:
            count("modules", arch, rec is not None and len(rec["modules"]) == w["modules"])

arches = sorted(a for a in fig["detected"] if a != "all")
print("figure          " + " ".join(f"{a:>9}" for a in arches + ["all"]))
for f in FIGURES:
    cells = []
    for a in arches + ["all"]:
        k, n = fig[f][a]
        cells.append(f"{100 * k / n:8.1f}%" if n else "        -")
    print(f"{f:<16}" + " ".join(cells))
for f in FIGURES:
    k, n = fig[f]["all"]
    print(f"{f}: {k}/{n}")
