#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Check pagerace's version verdicts against the CVE records' own ranges.

Usage: kb-versions.py PAGERACE KB RECORDS.tar.xz

For every record in the tarball and every stable branch it lists as fixed
from release B.P, the release B.P must be "has_fix" and B.(P-1) "affected"
(when it is not older than the bug's introduction or the branch's first
affected release).  The expectations are read from the record's JSON here,
independently of pagerace's own parser.  TAP output, one line per record;
the plan's last line says how many branches were checked.
"""
import json
import re
import subprocess
import sys
import tarfile

STATE = re.compile(r"^  kernel (\S+): (\w+): ")


def vt(s):
    m = re.match(r"(\d+)\.(\d+)(?:\.(\d+))?$", s)
    return tuple(int(x or 0) for x in m.groups()) if m else None


def expectations(rec):
    cna = rec["containers"]["cna"]
    introduced, late, fixed = None, {}, {}
    for a in cna.get("affected", []):
        for v in a.get("versions", []):
            ver, st = v.get("version"), v.get("status")
            typ, lt, le = v.get("versionType"), v.get("lessThan"), v.get("lessThanOrEqual")
            if typ == "git" or typ == "original_commit_for_fix":
                continue
            if st == "affected" and not lt and not le and ver != "0":
                introduced = introduced or ver
            elif st == "unaffected" and lt and ver == "0":
                introduced = introduced or lt
            elif st == "unaffected" and le and le.endswith(".*"):
                fixed[le[:-2]] = ver
            elif st == "affected" and lt and vt(ver):
                late[".".join(ver.split(".")[:2])] = ver
    out = []
    for branch, ver in fixed.items():
        t = vt(ver)
        if not t or t[2] == 0 or ".".join(map(str, t[:2])) != branch:
            continue
        out.append((ver, "has_fix"))
        before = f"{t[0]}.{t[1]}.{t[2] - 1}"
        floor = [vt(x) for x in (introduced, late.get(branch)) if x and vt(x)]
        if t[2] - 1 >= 1 and all(vt(before) >= f for f in floor):
            out.append((before, "affected"))
    return out


def main():
    pagerace, kb, records = sys.argv[1:4]
    n = failed = checked = 0
    branches = set()
    with tarfile.open(records) as tar:
        for m in tar:
            if not m.isfile() or not m.name.endswith(".json"):
                continue
            rec = json.load(tar.extractfile(m))
            cid = rec["cveMetadata"]["cveId"]
            bad = []
            for release, want in expectations(rec):
                p = subprocess.run([pagerace, "kb", "show", "-k", kb,
                                    "--kernel", release, cid],
                                   capture_output=True, text=True)
                got = [STATE.match(l) for l in p.stdout.splitlines()]
                got = [g.group(2) for g in got if g]
                checked += 1
                branches.add(".".join(release.split(".")[:2]))
                if got != [want]:
                    bad.append(f"{release}: want {want}, got {got or p.stderr.strip()}")
            n += 1
            if bad:
                failed += 1
                print(f"not ok {n} - {cid}: " + "; ".join(bad))
            else:
                print(f"ok {n} - {cid}")
    print(f"1..{n}")
    print(f"# {checked} releases checked on {len(branches)} branches")
    return 1 if failed or checked < 50 or len(branches) < 5 else 0


if __name__ == "__main__":
    sys.exit(main())
