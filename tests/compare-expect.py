#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Compare 'pagerace analyze --format json' output with a hand-written
corpus expectation (corpus/oops/*.expect.json).  Prints one line per
checked fact: "ok - NAME" or "not ok - NAME: got X, want Y"."""
import json
import sys


def norm_hex(v):
    if v is None:
        return None
    if isinstance(v, int):
        return v
    return int(str(v), 16)


def page_checks(want, pages):
    """Yield (name, ok, got) for each expected page fact; the page is the
    one whose address or pfn matches, else the first."""
    page = pages[0] if pages else None
    for p in pages:
        if "pfn" in want and p["pfn"] and norm_hex(p["pfn"]) == norm_hex(want["pfn"]):
            page = p
    if page is None:
        yield "page present", False, "no page"
        return
    for key, w in want.items():
        if key in ("refcount", "mapcount", "index"):
            got = page[key]
            yield f"page.{key}", got == w, got
        elif key in ("mapping", "pfn"):
            got = norm_hex(page[key])
            yield f"page.{key}", got == norm_hex(w if w is not None else 0), page[key]
        elif key == "flags":
            got = page["flag_names"]
            yield "page.flags", set(w) <= set(got), got
        elif key == "tail":
            yield "page.tail", page["tail"] == w, page["tail"]
        elif key == "compound_head":
            yield "page.head", (page["head"] is not None) == w, page["head"]
        elif key == "dumped_because":
            yield "page.reason", page["reason"] == w, page["reason"]
        else:
            # A key this script does not know is a typo in the expect
            # file: it would otherwise never be checked.
            yield f"page.{key} (no such page fact)", False, None


KNOWN_KEYS = {"taint", "modules", "last_frame", "guilty_frame",
              "fault_function", "frames", "page", "object_stacks",
              "other_tasks", "known_wrong", "doubt"}


def report_checks(want, got):
    rec = got["record"]
    simple = {
        "kind": rec["kind"],
        "arch": rec["arch"],
        "version": rec["kernel_version"],
        "source_file": rec["source_file"],
        "source_line": rec["source_line"],
        "comm": rec["comm"],
        "pid": rec["pid"],
        "cpu": rec["cpu"],
        "syz_title": rec.get("syz_title"),
        "corrupted": rec.get("corrupted"),
    }
    for key, value in simple.items():
        if key in want:
            yield key, value == want[key], value
    # An expectation this script does not know is a typo: never checked.
    for key in sorted(set(want) - set(simple) - KNOWN_KEYS):
        yield f"{key} (no such expectation)", False, None
    if "taint" in want:
        # "" is "not tainted"; null is "the log does not say".
        yield "taint", rec["taint"] == want["taint"], rec["taint"]
    if "modules" in want:
        yield "modules", len(rec["modules"]) == want["modules"], len(rec["modules"])
    if "last_frame" in want:
        fr = [f["function"] for f in rec["frames"] if f["reliable"]]
        got_last = fr[-1] if fr else None
        yield "last_frame", got_last == want["last_frame"], got_last
    if "guilty_frame" in want:
        g = rec["guilty_frame"]
        names = (g["function"], g["normalized"]) if g else ()
        yield "guilty_frame", want["guilty_frame"] in names, g and g["function"]
    if "fault_function" in want:
        f = rec["fault"]
        names = (f["function"], f["normalized"]) if f else ()
        yield "fault_function", want["fault_function"] in names, f and f["function"]
    if "frames" in want:
        got_frames = [f["function"] for f in rec["frames"] if f["reliable"]]
        n = len(want["frames"])
        yield "frames", got_frames[:n] == want["frames"], got_frames[:n]
    if "page" in want:
        yield from page_checks(want["page"], rec["pages"])
    for role, frames in want.get("object_stacks", {}).items():
        stacks = [x for x in rec.get("object_stacks", []) if x["role"] == role]
        got = [f["function"] for f in stacks[0]["frames"]][:len(frames)] if stacks else None
        yield f"object_stacks.{role}", got == frames, got
    for t in want.get("other_tasks", []):
        found = [x for x in rec["tasks"]
                 if x["comm"] == t.get("comm", x["comm"])
                 and x["pid"] == t.get("pid", x["pid"])
                 and set(t.get("frames_contain", [])) <=
                 {f["normalized"] for f in x["frames"]} | {f["function"] for f in x["frames"]}]
        yield f"task {t.get('comm')} {t.get('pid')}", bool(found), len(rec["tasks"])


def main():
    name, expect_path, actual_path = sys.argv[1:4]
    want = json.load(open(expect_path))["reports"]
    got = json.load(open(actual_path))["reports"]
    print(("ok" if len(got) == len(want) else "not ok") +
          f" - {name}: {len(want)} reports" +
          ("" if len(got) == len(want) else f": got {len(got)}"))
    for i, w in enumerate(want):
        if i >= len(got):
            print(f"not ok - {name}#{i + 1}: missing")
            continue
        # "known_wrong": facts pagerace is known to get wrong; reported as
        # TAP TODO (an expected failure; passing is an unexpected pass).
        todo = set(w.get("known_wrong", []))
        for check, ok, value in report_checks(w, got[i]):
            line = f"{name}#{i + 1} {check}"
            mark = " # TODO known wrong" if check in todo else ""
            print(f"ok - {line}{mark}" if ok else f"not ok - {line}: got {value!r}{mark}")


main()
