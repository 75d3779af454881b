#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Ground truth and drgn checks for the pagerace vmcore corpus.

check-dump.py truth --scenario S --method M --format F --kernel-release R
                    --console LOG --dump NAME --out JSON
    Parse the guest's "pagerace-truth: {json}" console lines (what the guest
    itself printed) and the crash header into the dump's ground-truth JSON.

check-dump.py check [--vmlinux V] [--module KO] [--dump PATH] TRUTH.json...
    Open each dump with drgn and check it against its ground truth: kernel
    release, the crashed thread is the crashing actor and its stack holds the
    expected functions (in order), every other actor's stack holds its
    function, the victim struct page (and mapping) read back with the values
    the guest printed, and the guest's truth lines are in the dump's own log.
    Exit status 0 when every check of every dump passed, 1 otherwise.
"""
import argparse
import json
import os
import re
import struct
import sys

# What each scenario must look like, independent of what the guest printed.
# Stacks are innermost first; they must appear in that order (not adjacent).
# A WARN()'s first line: "WARNING: CPU: 1 PID: 123 at FILE:LINE FUNC+..."
# until 7.x, which prints "WARNING: FILE:LINE at FUNC+..., CPU#1: comm/123".
WARN_AT = r"WARNING: (CPU: \d+ PID: \d+ at )?%s"

SCENARIOS = {
    "A": {
        "race": "lustre ll_readpage vs llap_shrink_cache (LU-1878)",
        "module": "lustre.ko",
        "panic": r"BUG: kernel NULL pointer dereference",
        "crasher": ["ll_readahead", "ll_readpage", "ll_fault"],
        "actors": {"shrinker": ["ll_teardown_mmaps", "llap_shrink_cache", "ll_shrink_cache"],
                   "group_io": ["obd_trigger_group_io"]},
    },
    "B": {
        "race": "THP truncate vs collapse_file: VM_BUG_ON_PAGE(PageTail(page))",
        "panic": r"kernel BUG at mm/truncate\.c:\d+!",
        "crasher": ["truncate_inode_page", "truncate_inode_pages_range",
                    "truncate_pagecache", "do_dentry_open"],
        "actors": {"collapse": ["collapse_file", "khugepaged_scan_file"]},
    },
    "C": {
        "race": "ext4 DAX punch hole vs direct I/O pin (LP#1787089)",
        "panic": WARN_AT % r"fs/dax\.c:\d+ (at )?dax_disassociate_entry",
        "crasher": ["dax_disassociate_entry", "__dax_invalidate_entry",
                    "dax_delete_mapping_entry", "truncate_exceptional_pvec_entries",
                    "truncate_inode_pages_range", "truncate_pagecache_range",
                    "ext4_punch_hole"],
        "actors": {"direct_io": ["dio_await_completion",
                   "do_blockdev_direct_IO", "__blockdev_direct_IO", "ext4_direct_IO"]},
    },
    "D": {
        "race": "end_page_writeback belated wake-up: BUG_ON(PageWriteback(page))",
        "panic": r"kernel BUG at fs/ext4/inode\.c:\d+!",
        "crasher": ["mpage_prepare_extent_to_map", "ext4_writepages", "do_writepages"],
        "actors": {"waker": ["end_page_writeback", "ext4_finish_bio",
                             "ext4_release_io_end", "ext4_end_io_rsv_work"]},
    },
    "E": {
        "race": "__isolate_lru_page vs truncate: mapping freed (69d763fc6d3a)",
        "panic": r"general protection fault",
        "crasher": ["__isolate_lru_page", "isolate_migratepages_block",
                    "isolate_migratepages", "compact_zone"],
        "actors": {"truncate": ["evict", "iput"]},
    },
    "N": {
        "race": None,
        "panic": r"BUG: kernel NULL pointer dereference",
        "crasher": ["netcfg_lookup", "netcfg_apply", "do_one_initcall"],
        "actors": {},
    },
    "S": {
        "race": None,
        "panic": r"sysrq: Trigger a crash",
        "crasher": ["sysrq_handle_crash", "__handle_sysrq", "write_sysrq_trigger"],
        "actors": {},
    },
}

# Variant 2 (llcrash.ko, module/repro/): the same races and memory states,
# with other files, other function names (6.x folio and iomap names, newer
# Lustre), other comms and one module for all.
SCENARIOS_V2 = {
    "A": {
        "race": SCENARIOS["A"]["race"],
        "panic": r"BUG: kernel NULL pointer dereference",
        "crasher": ["ll_read_ahead_pages", "ll_readahead", "ll_io_read_page",
                    "ll_read_folio", "ll_fault0", "ll_fault"],
        "actors": {"shrinker": ["osc_lru_shrink", "osc_cache_shrink_scan", "do_shrink_slab"],
                   "group_io": ["ptlrpcd_check", "ptlrpcd"]},
    },
    "B": {
        "race": SCENARIOS["B"]["race"],
        "panic": r"kernel BUG at repro/thp_trunc\.c:\d+!",
        "crasher": ["truncate_inode_folio", "truncate_inode_pages_range",
                    "truncate_pagecache", "shmem_setattr", "notify_change", "do_truncate"],
        "actors": {"collapse": ["collapse_file", "hpage_collapse_scan_file",
                                "khugepaged_scan_mm_slot"]},
    },
    "C": {
        "race": SCENARIOS["C"]["race"],
        "panic": WARN_AT % r"repro/dax_entry\.c:\d+ (at )?dax_disassociate_entry",
        "crasher": ["dax_disassociate_entry", "__dax_invalidate_entry",
                    "dax_delete_mapping_entry", "truncate_folio_batch_exceptionals",
                    "truncate_inode_pages_range", "truncate_pagecache_range",
                    "xfs_flush_unmap_range", "xfs_free_file_space", "xfs_file_fallocate"],
        "actors": {"direct_io": ["__iomap_dio_rw", "iomap_dio_rw", "xfs_file_dio_read",
                                 "xfs_file_read_iter"]},
    },
    "D": {
        "race": SCENARIOS["D"]["race"],
        "panic": r"kernel BUG at repro/writeback\.c:\d+!",
        "crasher": ["folio_prepare_writeback", "writeback_get_folio", "writeback_iter",
                    "iomap_writepages", "xfs_vm_writepages", "do_writepages"],
        "actors": {"waker": ["folio_end_writeback", "iomap_finish_ioend",
                             "iomap_finish_ioends", "xfs_end_ioend"]},
    },
    "E": {
        "race": SCENARIOS["E"]["race"],
        "panic": r"general protection fault",
        "crasher": ["isolate_migratepages_block", "isolate_migratepages", "compact_zone",
                    "compact_node", "kcompactd_do_work"],
        "actors": {"truncate": ["evict", "iput", "do_unlinkat"]},
    },
    "N": {
        "race": None,
        "panic": r"BUG: kernel NULL pointer dereference",
        "crasher": ["ini_parse_line", "ini_parse_buffer", "llcrash_load_config",
                    "do_one_initcall"],
        "actors": {},
    },
}
for _spec in SCENARIOS_V2.values():
    _spec["module"] = "llcrash.ko"
VARIANTS = {1: SCENARIOS, 2: SCENARIOS_V2}

PRODUCERS = {
    "kdump-compressed": "kexec -p capture kernel: makedumpfile -F -c -d 31 /proc/vmcore "
                        "> virtio disk; host: makedumpfile -R",
    "elf-paging": "QEMU dump-guest-memory paging=true (ELF)",
    "qemu-kdump-zlib": "QEMU dump-guest-memory format=kdump-zlib (flattened); host: makedumpfile -R",
}
REFCOUNT_NOTE = ("refcount may read back one higher or lower than printed: "
                 "per-CPU LRU batches take and drop references on their own")
TRUTH_RE = re.compile(r"pagerace-truth: (\{.*\})\s*$")
PANIC_RE = re.compile(r"(BUG: |kernel BUG at|WARNING: CPU|WARNING: \S+:\d+ at |general protection fault|"
                      r"Oops:|Kernel panic - not syncing|sysrq: Trigger a crash)")


def parse_console(path):
    guest = {"actors": []}
    lines = []
    crash = []
    with open(path, "rb") as fh:
        text = fh.read().decode("utf-8", "replace")
    for raw in text.splitlines():
        line = raw.rstrip("\r")
        m = TRUTH_RE.search(line)
        if m:
            obj = json.loads(m.group(1))
            lines.append(m.group(1))
            for k, v in obj.items():
                if k == "actor":
                    guest["actors"].append(v)
                elif k == "note":
                    guest.setdefault("notes", []).append(v)
                else:
                    guest[k] = v
            continue
        if PANIC_RE.search(line) and len(crash) < 8:
            crash.append(re.sub(r"^\[\s*[0-9.]+\]\s*", "", line))
    return guest, lines, crash


def cmd_truth(a):
    if a.scenario not in VARIANTS[a.variant]:
        sys.exit("check-dump: variant %d has no scenario %s" % (a.variant, a.scenario))
    spec = VARIANTS[a.variant][a.scenario]
    guest, lines, crash = parse_console(a.console)
    if not lines:
        sys.exit("check-dump: no pagerace-truth lines in %s" % a.console)
    if guest.get("scenario") != a.scenario:
        sys.exit("check-dump: console says scenario %r, expected %r"
                 % (guest.get("scenario"), a.scenario))
    if not any(x.get("role") == "crasher" for x in guest["actors"]):
        sys.exit("check-dump: no crasher actor in the guest's truth lines")
    if not crash:
        sys.exit("check-dump: no crash header in %s" % a.console)
    truth = {
        "schema": "pagerace-vmcore-truth/1",
        "scenario": a.scenario,
        "variant": a.variant,
        "race": spec["race"],
        "negative": spec["race"] is None,
        "kernel_release": a.kernel_release,
        "method": a.method,
        "format": a.format,
        "dump": a.dump,
        "producer": PRODUCERS.get(a.format, a.format),
        "vmlinux": a.vmlinux or "/usr/lib/debug/boot/vmlinux-" + a.kernel_release,
        "console_log": os.path.basename(a.console),
        "module": a.module_name or spec.get("module", "pagerace_repro.ko"),
        "guest": guest,
        "guest_truth_lines": lines,
        "crash_lines": crash,
        "expected": {"panic": spec["panic"], "crasher_stack": spec["crasher"],
                     "actor_stacks": spec["actors"]},
        "notes": [REFCOUNT_NOTE],
    }
    if a.job_key:
        truth["job_key"] = a.job_key
    tmp = a.out + ".tmp"
    with open(tmp, "w") as fh:
        json.dump(truth, fh, indent=1)
        fh.write("\n")
    os.rename(tmp, a.out)
    return 0


class Checker:
    def __init__(self, truth_path, vmlinux, module, dump, module_debug=None):
        self.path = truth_path
        with open(truth_path) as fh:
            self.t = json.load(fh)
        d = os.path.dirname(os.path.abspath(truth_path))
        self.dump = dump or os.path.join(d, self.t["dump"])
        self.vmlinux = vmlinux or "/usr/lib/debug/boot/vmlinux-" + self.t["kernel_release"]
        self.module = module or os.path.join(d, self.t.get("module", "pagerace_repro.ko"))
        self.module_debug = module_debug
        self.fails = []
        self.oks = 0

    def ok(self, cond, what):
        if cond:
            self.oks += 1
        else:
            self.fails.append(what)
        return cond

    def frames(self, trace):
        names = []
        for f in trace:
            n = None
            try:
                n = f.name
            except (AttributeError, LookupError):
                n = None
            if n is None:
                try:
                    n = f.symbol().name
                except LookupError:
                    n = "?"
            names.append(re.sub(r"\.(cold|isra|constprop|part)(\.\d+)?$", "", n))
            if f.pc < 0xffff800000000000:	# user space: stop
                break
        return names

    @staticmethod
    def in_order(names, want):
        i = 0
        for n in names:
            if i < len(want) and n == want[i]:
                i += 1
        return i == len(want)

    def run(self):
        import drgn
        from drgn.helpers.linux.pid import find_task
        from drgn.helpers.linux.mm import page_to_pfn
        from drgn.helpers.linux.printk import get_dmesg
        from drgn.helpers.linux.sched import task_state_to_char

        t = self.t
        g = t["guest"]
        if not self.ok(os.path.isfile(self.dump), "dump file %s missing" % self.dump):
            return
        prog = drgn.Program()
        if t["format"] == "qemu-kdump-zlib":
            # QEMU leaves the diskdump header's utsname mostly empty (and
            # QEMU 10 calls the machine "Unknown"), and the
            # libkdumpfile under drgn 0.0.22 then refuses the file ("Key has
            # no value" for arch.name).  Check a scratch copy with the empty
            # fields filled; the corpus keeps QEMU's bytes untouched.
            self.scratch = uts_filled_copy(self.dump, t["kernel_release"])
            prog.set_core_dump(self.scratch)
        else:
            prog.set_core_dump(self.dump)
        for p in (self.vmlinux, self.module):
            if not os.path.isfile(p):
                self.fails.append("debug file %s missing" % p)
                return
        extra = []
        if self.module_debug and os.path.isdir(self.module_debug) and t["method"] == "qemu":
            # the -dbg package's pvpanic/qemu_fw_cfg debug files, needed to
            # unwind the QEMU dumps' panic CPU (it stops in pvpanic)
            extra = [os.path.join(self.module_debug, f)
                     for f in sorted(os.listdir(self.module_debug)) if f.endswith(".ko")]
        try:
            # default=True also finds the installed module debug info, if any
            prog.load_debug_info([self.vmlinux, self.module] + extra, default=True)
        except drgn.MissingDebugInfoError as e:
            # modules of the guest without debug info here: fine, unless ours
            if os.path.basename(self.module)[:-3] in str(e):
                self.fails.append("debug info: %s" % e)
                return

        rel = prog["init_uts_ns"].name.release.string_().decode()
        self.ok(rel == t["kernel_release"],
                "kernel release %s != %s" % (rel, t["kernel_release"]))

        # the guest's own truth lines are in the dump's log: same boot
        dmesg = get_dmesg(prog).decode("utf-8", "replace")
        missing = [l for l in t["guest_truth_lines"] if l not in dmesg]
        self.ok(not missing, "truth lines not in the dump's dmesg: %s" % missing[:2])
        self.ok(re.search(t["expected"]["panic"], dmesg) is not None,
                "panic message /%s/ not in the dump's dmesg" % t["expected"]["panic"])

        # which task crashed
        crasher = [x for x in g["actors"] if x["role"] == "crasher"][0]
        panic_cpu = prog["panic_cpu"].counter.value_()
        self.ok(panic_cpu >= 0, "panic_cpu is %d" % panic_cpu)
        if t["method"] == "kdump":
            ct = prog.crashed_thread()
            self.ok(ct.tid == crasher["pid"],
                    "crashed thread is pid %d, expected crasher pid %d" % (ct.tid, crasher["pid"]))
        if panic_cpu >= 0:
            from drgn.helpers.linux.percpu import per_cpu
            cur = per_cpu(prog["runqueues"], panic_cpu).curr
            self.ok(cur.pid.value_() == crasher["pid"],
                    "task on panic_cpu %d is pid %d, expected %d"
                    % (panic_cpu, cur.pid.value_(), crasher["pid"]))

        for actor in g["actors"]:
            task = find_task(prog, actor["pid"])
            if not self.ok(bool(task), "actor %s pid %d not found" % (actor["role"], actor["pid"])):
                continue
            comm = task.comm.string_().decode()
            self.ok(comm == actor["comm"], "pid %d comm %r != %r" % (actor["pid"], comm, actor["comm"]))
            if "task" in actor:
                self.ok(task.value_() == int(actor["task"], 16),
                        "pid %d task_struct 0x%x != %s" % (actor["pid"], task.value_(), actor["task"]))
            try:
                if actor["role"] == "crasher" and t["method"] == "qemu":
                    # QEMU's dumps carry the vCPUs' registers, but no kdump
                    # crash notes: unwind the panic CPU from its PRSTATUS
                    regs = prstatus_regs(self.dump, panic_cpu)
                    trace = prog.stack_trace(drgn.Object.from_bytes_(prog, "struct pt_regs", regs))
                else:
                    trace = prog.stack_trace(task)
                names = self.frames(trace)
            except (ValueError, LookupError) as e:
                self.fails.append("no stack for %s pid %d: %s" % (actor["role"], actor["pid"], e))
                continue
            if actor["role"] == "crasher":
                want = t["expected"]["crasher_stack"]
            else:
                want = t["expected"]["actor_stacks"].get(actor["role"], [actor["func"]])
                st = task_state_to_char(task)
                self.ok(st == "D", "%s pid %d state %s, expected D" % (actor["role"], actor["pid"], st))
            self.ok(self.in_order(names, want),
                    "%s pid %d stack %s lacks %s" % (actor["role"], actor["pid"], names[:14], want))
            self.ok(actor["func"] in names,
                    "%s pid %d stack lacks its own function %s" % (actor["role"], actor["pid"], actor["func"]))

        # victim objects
        for key in ("page", "head"):
            if key not in g:
                continue
            p = g[key]
            page = drgn.Object(prog, "struct page *", int(p["addr"], 16))
            got = {
                "pfn": page_to_pfn(page).value_(),
                "flags": page_word(page, "flags"),
                "mapping": page.mapping.value_(),
                "index": page_word(page, "index"),
                "mapcount": page._mapcount.counter.value_(),
                "compound_head": page_word(page, "compound_head"),
            }
            exp = {"pfn": p["pfn"], "flags": int(p["flags"], 16), "mapping": int(p["mapping"], 16),
                   "index": p["index"], "mapcount": p["mapcount"],
                   "compound_head": int(p["compound_head"], 16)}
            if not exp["compound_head"] & 1:
                # not a tail page: the word is lru.next, which moves with the LRU
                del exp["compound_head"]
            for f in exp:
                self.ok(got[f] == exp[f], "%s.%s reads 0x%x, guest printed 0x%x"
                        % (key, f, got[f] & (2**64 - 1), exp[f] & (2**64 - 1)))
            ref = page._refcount.counter.value_()
            self.ok(abs(ref - p["refcount"]) <= 1,
                    "%s._refcount reads %d, guest printed %d (+-1 allowed)" % (key, ref, p["refcount"]))
            if ref != p["refcount"]:
                print("check-dump: note: %s: %s._refcount %d vs printed %d (%s)"
                      % (os.path.basename(self.path), key, ref, p["refcount"], REFCOUNT_NOTE))

        for key in ("mapping", "mapping_at_entry"):
            if key not in g:
                continue
            m = g[key]
            mp = drgn.Object(prog, "struct address_space *", int(m["addr"], 16))
            if "freed" in g and int(g["freed"]["mapping"], 16) == int(m["addr"], 16):
                poison = int(g["freed"]["poison"], 16)
                pat = int.from_bytes(bytes([poison]) * 8, "little")
                self.ok(mp.a_ops.value_() == pat,
                        "freed mapping a_ops reads 0x%x, expected poison 0x%x" % (mp.a_ops.value_(), pat))
                self.ok(mp.host.value_() == pat,
                        "freed mapping host reads 0x%x, expected poison 0x%x" % (mp.host.value_(), pat))
                stale = int(g["stale_mapping"], 16)
                self.ok(stale == int(m["addr"], 16), "stale mapping 0x%x != freed 0x%x" % (stale, int(m["addr"], 16)))
                continue
            self.ok(mp.host.value_() == int(m["host"], 16),
                    "%s.host reads 0x%x, guest printed %s" % (key, mp.host.value_(), m["host"]))
            self.ok(mp.nrpages.value_() == m["nrpages"],
                    "%s.nrpages reads %d, guest printed %d" % (key, mp.nrpages.value_(), m["nrpages"]))
            self.ok(mp.host.i_mapping.value_() == mp.value_(),
                    "%s.host->i_mapping does not point back" % key)

        if "large" in g:
            self.check_large(prog, g["large"])

        if "compound" in g:
            c = g["compound"]
            head = drgn.Object(prog, "struct page *", int(c["head"], 16))
            order = compound_order(prog, head)
            self.ok(order == c["order"], "compound order reads %d, guest printed %d" % (order, c["order"]))
            tail = drgn.Object(prog, "struct page *", int(g["page"]["addr"], 16))
            # head | 1, or (7.1 compound_info with HVO, d50569612c29) a mask
            # of the tail's own address | 1
            word = page_word(tail, "compound_head")
            self.ok(word & 1 and (word - 1 == head.value_() or tail.value_() & word == head.value_()),
                    "victim is not a tail of the printed head")


    def check_large(self, prog, large):
        """The large-dump scenario (guest-large.sh): as many tasks and as
        much page cache in the dump as the guest counted before crashing."""
        from drgn.helpers.linux.pid import for_each_task
        ntasks = sum(1 for _ in for_each_task(prog))
        self.ok(ntasks >= large["tasks"] >= large["tasks_started"],
                "large: %d tasks in the dump, the guest counted %d processes after starting %d"
                % (ntasks, large["tasks"], large["tasks_started"]))
        # NR_FILE_PAGES is Cached + buffers + swap cache (meminfo)
        file_kb = prog["vm_node_stat"][prog["NR_FILE_PAGES"].value_()].counter.value_() * 4
        self.ok(file_kb >= large["cached_kb"] * 9 // 10 and file_kb >= 1 << 20,
                "large: %d KB of file pages in the dump, the guest counted Cached %d KB"
                % (file_kb, large["cached_kb"]))


# struct page words whose member moved between kernel series (the layout is
# decided by the members the debug info has, not by the version)
PAGE_WORDS = {
    "flags": (("flags",), ("flags", "f")),			# memdesc_flags_t: 6.18
    "index": (("index",), ("__folio_index",)),			# 6.16
    "compound_head": (("compound_head",), ("compound_info",)),	# 7.1
}


def page_word(page, what):
    for path in PAGE_WORDS[what]:
        obj = page
        try:
            for member in path:
                obj = obj.member_(member)
        except LookupError:
            continue
        value = obj.value_()
        if not isinstance(value, dict):	# 6.18's flags is a struct: take .f
            return value
    raise LookupError("struct page has no %s member" % what)


def compound_order(prog, head):
    """Order of the compound page at head: page[1].compound_order (<= 6.0),
    folio._folio_order (6.1), low byte of folio._flags_1 (6.6, ebc1baf5c9b4)."""
    import drgn
    folio = drgn.Object(prog, "struct folio *", head.value_())
    for get in (lambda: head[1].compound_order.value_(),
                lambda: folio._folio_order.value_(),
                lambda: folio._flags_1.value_() & 0xff):
        try:
            return get()
        except (LookupError, AttributeError):
            continue
    raise LookupError("no compound order in this kernel's struct page/folio")


def uts_filled_copy(path, release):
    import shutil
    import tempfile
    fd, tmp = tempfile.mkstemp(prefix="pagerace-uts-", suffix=".kdump")
    os.close(fd)
    shutil.copyfile(path, tmp)
    fill = [b"Linux", b"(none)", release.encode(), b"#1", b"x86_64", b"(none)"]
    with open(tmp, "r+b") as f:
        head = f.read(12 + 6 * 65)
        if head[:8] != b"KDUMP   ":
            raise ValueError("%s: not kdump-compressed" % path)
        for i, val in enumerate(fill):
            off = 12 + 65 * i
            field = head[off:off + 65].split(b"\0")[0]
            # QEMU 7.2 leaves the fields empty but machine; QEMU 10 also
            # writes machine "Unknown"
            if not field or (i == 4 and field != val):
                f.seek(off)
                f.write(val[:64].ljust(65, b"\0"))
    return tmp


def elf_notes(path):
    with open(path, "rb") as f:
        h = f.read(64)
        if h[:4] != b"\x7fELF" or h[4] != 2:
            raise ValueError("%s: not a 64-bit ELF" % path)
        phoff, = struct.unpack_from("<Q", h, 32)
        phnum, = struct.unpack_from("<H", h, 56)
        f.seek(phoff)
        ph = f.read(56 * phnum)
        out = b""
        for i in range(phnum):
            ptype, _, off, _, _, filesz = struct.unpack_from("<IIQQQQ", ph, 56 * i)
            if ptype == 4:  # PT_NOTE
                f.seek(off)
                out += f.read(filesz)
        return out


def kdump_notes(path):
    """ELF notes of a kdump-compressed (diskdump) file, header version >= 4."""
    with open(path, "rb") as f:
        h = f.read(464)
        if h[:8] != b"KDUMP   ":
            raise ValueError("%s: not kdump-compressed" % path)
        version, = struct.unpack_from("<i", h, 8)
        block_size, = struct.unpack_from("<i", h, 428)
        if version < 4:
            raise ValueError("%s: diskdump header v%d has no notes" % (path, version))
        f.seek(block_size)
        sub = f.read(64)
        off_note, size_note = struct.unpack_from("<QQ", sub, 48)
        f.seek(off_note)
        return f.read(size_note)


def prstatus_regs(path, cpu):
    """struct pt_regs bytes of CPU cpu's NT_PRSTATUS note (x86-64)."""
    with open(path, "rb") as f:
        magic = f.read(8)
    notes = elf_notes(path) if magic[:4] == b"\x7fELF" else kdump_notes(path)
    found = []
    o = 0
    while o + 12 <= len(notes):
        namesz, descsz, ntype = struct.unpack_from("<III", notes, o)
        d = o + 12 + ((namesz + 3) & ~3)
        if ntype == 1 and descsz >= 112 + 168:  # NT_PRSTATUS
            pid, = struct.unpack_from("<I", notes, d + 32)
            found.append((pid, notes[d + 112:d + 112 + 168]))
        o = d + ((descsz + 3) & ~3)
    # QEMU numbers its PRSTATUS notes pr_pid = vCPU index + 1, in vCPU order
    for pid, regs in found:
        if pid == cpu + 1:
            return regs
    if cpu < len(found):
        return found[cpu][1]
    raise LookupError("no PRSTATUS note for CPU %d in %s" % (cpu, path))


def cmd_check(a):
    bad = 0
    for path in a.truth:
        c = Checker(path, a.vmlinux, a.module, a.dump, a.module_debug)
        try:
            c.run()
        except Exception as e:  # noqa: BLE001 - any drgn error is a failed check
            c.fails.append("%s: %s" % (type(e).__name__, e))
        finally:
            if getattr(c, "scratch", None):
                os.unlink(c.scratch)
        name = os.path.basename(path)
        if c.fails:
            bad += 1
            print("check-dump: FAIL %s (%d checks passed, %d failed)" % (name, c.oks, len(c.fails)))
            for f in c.fails:
                print("check-dump:   - %s" % f)
        else:
            print("check-dump: ok %s (%d checks)" % (name, c.oks))
    return 1 if bad else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("truth")
    t.add_argument("--scenario", required=True, choices=sorted(SCENARIOS))
    t.add_argument("--variant", type=int, default=1, choices=sorted(VARIANTS))
    t.add_argument("--method", required=True, choices=["kdump", "qemu"])
    t.add_argument("--format", required=True)
    t.add_argument("--kernel-release", required=True)
    t.add_argument("--console", required=True)
    t.add_argument("--dump", required=True)
    t.add_argument("--out", required=True)
    t.add_argument("--vmlinux")
    t.add_argument("--module-name", help="the scenario's module file (default per scenario)")
    t.add_argument("--job-key", help="the key of the inputs that made the dump (make-corpus.sh)")
    c = sub.add_parser("check")
    c.add_argument("--vmlinux")
    c.add_argument("--module")
    c.add_argument("--module-debug", help="directory of the -dbg package's module debug files")
    c.add_argument("--dump", help="dump path (default: next to the truth file)")
    c.add_argument("truth", nargs="+")
    a = ap.parse_args()
    return cmd_truth(a) if a.cmd == "truth" else cmd_check(a)


if __name__ == "__main__":
    sys.exit(main())
