# SPDX-License-Identifier: GPL-2.0-or-later
"""The crashed task's unwound stack holds the crasher's functions:
vmcore-crasher-stack.py ANALYZE.json TRUTH.json [--pages]

ANALYZE.json is 'pagerace analyze --format=json' of one dump, TRUTH.json
the corpus's ground truth for it (expected.crasher_stack); with --pages
the record must also have a page."""

import json
import sys

r = json.load(open(sys.argv[1]))["reports"][0]["record"]
want = json.load(open(sys.argv[2]))["expected"]["crasher_stack"]
crashed = [t for t in r["tasks"] if t["crashed"]]
assert len(crashed) == 1, "%d crashed tasks" % len(crashed)
names = [f["normalized"] for f in crashed[0]["frames"]]
missing = [w for w in want if w not in names]
assert not missing, "missing %s in %s" % (missing, names)
if "--pages" in sys.argv[3:]:
    assert r["pages"], "no page"
