#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Compare pagerace's reading of a dump (tests/vmcore-kernel-dump JSON)
with drgn 0.0.22's reading of the same dump and with the ground truth the
guest printed.  Prints TAP lines (no plan); exit status 0.

Differences are bugs unless listed here as explained:
 1. drgn shows inlined functions as frames of their own; pagerace gives
    the physical frames only: drgn's inline frames are dropped.
 2. drgn 0.0.22 unwinds past the syscall entry into the user-space pc and
    one garbage frame: its list is cut at the first user-space pc.
 3. Assembler labels: pagerace names addresses as kallsyms does (nearest
    symbol at or below: entry_SYSCALL_64_after_hwframe), drgn by the ELF
    symbol whose size covers the address (entry_SYSCALL_64); drgn also
    leaves such frames unnamed, which are named here by prog.symbol().
 4. QEMU dumps' PRSTATUS notes carry vCPU index + 1 as the pid, so drgn
    takes CPU 0's registers for pid 1 and so on, and its crashed_thread()
    is that pid: on QEMU dumps, tasks running on a CPU are not compared
    with drgn, and the crashed task is checked against the ground truth.
 5. drgn's for_each_task() has no idle tasks (pid 0).
 6. Compiler suffixes (.isra.0, .cold, .part.0) are compared normalized:
    drgn names frames from DWARF (no suffix), pagerace from ELF symbols.
 7. A task running on another CPU of a kdump was stopped by an NMI: both
    read the same registers, so these are compared like the others.
 8. drgn 0.0.22 cannot open QEMU's kdump-compressed files (their header
    has no architecture: "kdump_get_string_attr(KDUMP_ATTR_ARCH_NAME): Key
    has no value"); those dumps are checked against the ground truth only.
 9. drgn's decode_page_flags() lists every enumerator whose bit is set,
    aliases included (PG_reported is PG_uptodate); pagerace names each bit
    once, by its first enumerator, as dump_page() does: drgn's names are
    mapped to the first enumerator of their value.
11. drgn loses the pc in assembler functions without CFI that ORC covers
    (e.g. __put_user_8 under a page fault) and ends its trace there: a
    drgn trace that ends with an unknown pc must be a prefix of ours.
12. The same for labels inside sized functions (__put_user_nocheck_8
    inside __put_user_8): names are equal when one symbol lies inside the
    other.
13. A task that never ran resumes at ret_from_fork (ret_from_fork_asm
    since 6.5) itself, not after a call: drgn's pc - 1 lookup fails there,
    so the pc is looked up; where drgn finds no symbol at all (its
    address-only frame), pagerace's name must be the symbol at that pc.
14. A task caught switching out when the NMI stopped its CPU: the CPU's
    PRSTATUS note carries that task's pid but registers already in the
    idle loop, and drgn unwinds those registers for the task; pagerace
    unwinds the task's saved switch frame.  A drgn stack that is the idle
    loop (ending in start_kernel or secondary_startup_64) for a task that
    is not an idle task is not compared.
10. (Resolved, no longer a difference.)  QEMU ELF dumps (paging=true)
    used to read some module memory as zeros through libkdumpfile
    0.5.1's p_vaddr segment lookup, which searches a list sorted by
    physical address; src/vmcore/dump.c now translates kernel virtual
    addresses through the page tables for ELF dumps (setup_xlat()), and
    these dumps are compared like the others.
"""
import json
import os
import re
import sys
import time

import drgn
from drgn.helpers.linux.pid import for_each_task

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vmcore_page import page_word, tail_head  # noqa: E402

USER_TOP = 0xFFFF800000000000
ALIASES = {"entry_SYSCALL_64_after_hwframe": "entry_SYSCALL_64"}
n_test = 0


def tap(ok, name, detail=None, todo=None):
    global n_test
    n_test += 1
    print(("ok" if ok else "not ok") + " %d - %s" % (n_test, name)
          + (" # TODO %s" % todo if todo and not ok else ""))
    if not ok and detail:
        for line in str(detail).splitlines()[:30]:
            print("# " + line)
    sys.stdout.flush()


def norm(name):
    name = re.sub(r"\.(isra|constprop|part|cold|llvm)(\.\d+)*", "", name or "")
    name = re.sub(r"\.cold$", "", name)
    return ALIASES.get(name, name)


def drgn_names(prog, trace):
    out = []
    for f in trace:
        try:
            pc = f.pc
        except LookupError:  # drgn lost the pc: its trace ends here
            out.append(LOST)
            break
        if pc < USER_TOP:
            break
        if f.is_inline:
            continue
        name = f.name
        if name is None:
            off = 0 if getattr(f, "interrupted", False) else 1
            try:
                name = prog.symbol(f.pc - off).name
            except LookupError:
                try:  # difference 13
                    name = prog.symbol(f.pc).name
                except LookupError:
                    name = hex(f.pc)
        out.append(norm(name))
    return out


LOST = "<pc lost>"


def same_symbol(prog, a, b):
    if a == b:
        return True
    if a.startswith("0x"):  # difference 13: drgn found no symbol there
        try:
            return prog.symbol(b).address == int(a, 16)
        except (LookupError, ValueError):
            return False
    try:  # differences 3 and 12: a label inside a sized symbol
        sa, sb = prog.symbol(a), prog.symbol(b)
    except (LookupError, ValueError):
        return False
    return (sa.address <= sb.address < sa.address + max(sa.size, 1) or
            sb.address <= sa.address < sb.address + max(sb.size, 1))


IDLE_ROOTS = ("start_kernel", "secondary_startup_64")


def same_stack(prog, want, got):
    if want and want[-1] == LOST:  # difference 11
        want = want[:-1]
        got = got[:len(want)]
    return len(want) == len(got) and all(
        same_symbol(prog, a, b) for a, b in zip(want, got))


def ours_names(frames):
    return [norm(f["function"]) for f in frames]


def load_drgn(dump, vmlinux, ko):
    prog = drgn.Program()
    try:
        prog.set_core_dump(dump)
    except Exception as e:  # explained difference 8
        print("# drgn cannot open %s: %s" % (dump, e))
        return None
    prog.load_debug_info([vmlinux] + ([ko] if ko else []))
    return prog


def canonical_flags(prog):
    first = {}
    for name, value in prog.type("enum pageflags").enumerators:
        first.setdefault(value, name)
    return {name: first[value] for name, value in
            prog.type("enum pageflags").enumerators}


def compare_tasks(prog, label, ours, qemu, truth):
    crashed = [t for t in ours["tasks"] if t["crashed"]]
    tap(len(crashed) == 1, "%s: one crashed task" % label,
        [(t["pid"], t["comm"]) for t in crashed])
    ct = crashed[0] if crashed else None
    crasher = [a for a in truth.get("guest", {}).get("actors", [])
               if a.get("role") == "crasher"] if truth else []
    if qemu:
        # Explained difference 4: drgn's crashed thread is a vCPU number.
        want = crasher[0]["pid"] if crasher else None
        tap(ct is not None and (want is None or ct["pid"] == want),
            "%s: crashed task is the truth's crasher (pid %s)" % (label, want),
            ct and (ct["pid"], ct["comm"]))
    elif prog is not None:
        dt = prog.crashed_thread()
        want = drgn_names(prog, dt.stack_trace())
        got = ours_names(ct["frames"]) if ct else None
        tap(ct is not None and ct["pid"] == dt.tid and
            same_stack(prog, want, got),
            "%s: crashed thread pid %d matches drgn (%d frames)"
            % (label, dt.tid, len(want)),
            "drgn: %s\nours: %s" % (want, got))
    expect = truth.get("expected", {}).get("crasher_stack") if truth else None
    if expect and ct:
        names = ours_names(ct["frames"])
        tap(all(e in names for e in expect),
            "%s: crashed stack has %s" % (label, ", ".join(expect)), names)
    if prog is None:
        return
    ncpus = prog["nr_cpu_ids"].value_()
    by_pid = {t["pid"]: t for t in ours["tasks"] if t["pid"] > 0}
    bad, compared, skipped = [], 0, 0
    for task in for_each_task(prog):
        pid = task.pid.value_()
        mine = by_pid.pop(pid, None)
        if mine is None:
            bad.append("pid %d (%s) missing" % (pid, task.comm.string_()))
            continue
        # A task can be on a CPU while its state already says it sleeps
        # (it was stopped between set_current_state() and schedule()).
        if qemu and (mine["state"] == "R" or pid <= ncpus or
                     task.on_cpu.value_()):
            skipped += 1  # explained difference 4
            continue
        want = drgn_names(prog, prog.stack_trace(task))
        got = ours_names(mine["frames"])
        if pid > 0 and want and want[-1] in IDLE_ROOTS:
            skipped += 1  # explained difference 14
            continue
        compared += 1
        if not same_stack(prog, want, got):
            bad.append("pid %d %s:\n  drgn %s\n  ours %s"
                       % (pid, mine["comm"], want, got))
    bad += ["pid %d (%s) not in drgn" % (p, t["comm"]) for p, t in by_pid.items()]
    tap(not bad, "%s: every task's stack matches drgn (%d compared, %d running "
        "on a CPU skipped)" % (label, compared, skipped), "\n".join(bad))



def page_fields(prog, addr):
    page = drgn.Object(prog, "struct page *", value=addr)
    flags = page_word(page, "flags", "flags.f")
    from drgn.helpers.linux.mm import decode_page_flags
    names = [n[3:].lower() if n.startswith("PG_") else n
             for n in decode_page_flags(page).split("|")]
    return {
        "flags": flags,
        "refcount": page._refcount.counter.value_(),
        "mapcount": page._mapcount.counter.value_() + 1,
        "mapping": page.mapping.value_(),
        "index": page_word(page, "index", "__folio_index"),
        "names": [n for n in names if n],
    }


def compare_page(prog, label, ours, truth):
    tp = truth.get("guest", {}).get("page") if truth else None
    if not tp:
        return
    addr = int(tp["addr"], 16)
    mine = [p for p in ours["pages"] if int(p.get("address", "0"), 16) == addr]
    tap(bool(mine), "%s: victim page 0x%x found from registers/stack" % (label, addr),
        [p.get("address") for p in ours["pages"]])
    if not mine:
        return
    p = mine[0]
    tail = int(tp.get("compound_head", "0x0"), 16) & 1
    problems = []
    if prog is None:
        d = {"flags": int(tp["flags"], 16), "refcount": int(tp["refcount"]),
             "mapping": int(tp["mapping"], 16), "index": int(tp["index"]),
             "mapcount": int(tp["mapcount"]) + 1, "names": p["flag_names"]}
        if tail:
            return tap(p.get("head") == "0x%x" % tail_head(int(tp["compound_head"], 16), addr),
                       "%s: victim tail page's head matches the truth" % label)
        if abs(d["refcount"] - (p.get("refcount") or 0)) <= 1:
            d["refcount"] = p.get("refcount")
    else:
        d = page_fields(prog, addr)
    if tail:
        # dump_page() semantics: a tail shows its head's flags, refcount,
        # mapping (explained: the truth holds the tail's raw words).
        head = tail_head(int(tp["compound_head"], 16), addr)
        h = page_fields(prog, head)
        want = {"flags": h["flags"], "refcount": h["refcount"],
                "mapping": h["mapping"], "head": head}
    else:
        want = {"flags": d["flags"], "refcount": d["refcount"],
                "mapping": d["mapping"], "index": d["index"],
                "mapcount": d["mapcount"]}
        # The guest printed these before the crash: equal but for one
        # LRU-batch reference at most.
        if abs(int(tp["refcount"]) - d["refcount"]) > 1:
            problems.append("truth refcount %s, drgn %d" % (tp["refcount"], d["refcount"]))
        if int(tp["flags"], 16) != d["flags"] or int(tp["index"]) != d["index"] \
                or int(tp["mapping"], 16) != d["mapping"]:
            problems.append("truth %s differs from drgn %s" % (tp, d))
        ours_names_ = set(p["flag_names"])
        canon = canonical_flags(prog) if prog is not None else {}
        drgn_set = set(canon.get("PG_" + n, "PG_" + n)[3:]
                       for n in d["names"] if n.isidentifier())
        if ours_names_ != drgn_set:
            problems.append("flags: ours %s drgn %s" % (sorted(ours_names_), sorted(drgn_set)))
    for key, value in want.items():
        got = p.get(key)
        got = int(got, 16) if isinstance(got, str) else got
        if got != value:
            problems.append("%s: ours %s, %s %s" % (key, got, "drgn" if prog else "truth", value))
    who = "drgn" if prog is not None else "the truth"
    tap(not problems, "%s: victim page fields match %s%s" % (label, who, " and the truth" if not tail and prog is not None else ""),
        "\n".join(problems))


def main():
    dump, vmlinux, ko, ours_path, truth_path, qemu = sys.argv[1:7]
    ours = json.load(open(ours_path))
    truth = json.load(open(truth_path)) if truth_path != "-" else None
    label = dump.rsplit("/", 1)[-1]
    t0 = time.time()
    prog = load_drgn(dump, vmlinux, ko if ko != "-" else None)
    compare_tasks(prog, label, ours, qemu == "1", truth)
    compare_page(prog, label, ours, truth)
    t = ours["time"]
    print("# %s: pagerace open %.3fs tasks %.3fs pages %.3fs; drgn (load, all"
          " stacks, page) %.3fs" % (label, t["open"], t["tasks"], t["pages"],
                                  time.time() - t0))


main()
