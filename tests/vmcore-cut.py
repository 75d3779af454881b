#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Cut a real dump down to the pages a reader reads: the fixtures of
tests/data/vmcore (tests/data/vmcore/make-fixtures.sh).

  vmcore-cut.py kdump IN OUT TRACE   kdump-compressed (makedumpfile) dump
  vmcore-cut.py elf IN OUT TRACE     ELF core (/proc/vmcore, QEMU)

TRACE is "strace -f -s 0 -e trace=pread64" output of a pagerace run on
IN: every page of IN that run read (its page descriptor or its data, in
a kdump file; its bytes, in an ELF core) is kept, every other page is
left out as makedumpfile leaves out a filtered page (kdump: its bit in
the dumpable bitmap is clear; ELF: no PT_LOAD covers it).  Headers,
VMCOREINFO and notes are copied as they are.
"""
import bisect
import re
import struct
import sys


def reads(trace, path):
    """(offset, length) of every pread64 of the file at @path."""
    # A forked child reads through its parent's descriptors: the last
    # file a descriptor number was opened on, in any process.
    fds = {}
    out = []
    for line in open(trace):
        m = re.match(r'\d+\s+openat\(AT_FDCWD, "([^"]*)".*\)\s+=\s+(\d+)', line)
        if m:
            fds[m.group(2)] = m.group(1) == path
            continue
        m = re.match(r'\d+\s+pread64\((\d+), .*, (\d+), (\d+)\)\s+=\s+(\d+)', line)
        if m and fds.get(m.group(1)):
            out.append((int(m.group(3)), int(m.group(4))))
    return out


def cut_kdump(src, dst, trace):
    data = open(src, "rb").read()
    bs, sub, bitmap_blocks, max_mapnr = struct.unpack_from("<IiII", data, 428)
    head_end = (1 + sub) * bs
    bm_len = bitmap_blocks * bs // 2
    bm1 = data[head_end:head_end + bm_len]
    bm2 = data[head_end + bm_len:head_end + 2 * bm_len]
    desc_start = head_end + 2 * bm_len
    dumpable = [pfn for pfn in range(max_mapnr)
                if bm2[pfn >> 3] >> (pfn & 7) & 1]
    descs = [struct.unpack_from("<QIIQ", data, desc_start + 24 * i)
             for i in range(len(dumpable))]
    by_data = {}
    for i, d in enumerate(descs):
        by_data.setdefault(d[0], []).append(i)
    # The reader takes the file a block at a time (descriptors and page
    # data): a page is kept when a read covered part of its data.  Pages
    # that share their data (makedumpfile writes one zero page for all)
    # are kept when a read covered their descriptor too.
    seen_desc = set()
    spans = []
    for off, n in reads(trace, src):
        if desc_start <= off < desc_start + 24 * len(descs):
            first = (off - desc_start) // 24
            last = (off + max(n, 1) - 1 - desc_start) // 24
            seen_desc.update(range(first, min(last, len(descs) - 1) + 1))
        if off + n > desc_start + 24 * len(descs):
            spans.append((off, off + n))
    starts = sorted(by_data)
    keep = set()
    for lo, hi in spans:
        j = bisect.bisect_right(starts, lo) - 1
        j = max(j, 0)
        while j < len(starts) and starts[j] < hi:
            off = starts[j]
            pages = by_data[off]
            if off + descs[pages[0]][1] > lo:
                keep.update(pages if len(pages) == 1 else
                            [i for i in pages if i in seen_desc])
            j += 1
    keep = sorted(keep)
    new_bm2 = bytearray(bm_len)
    for i in keep:
        pfn = dumpable[i]
        new_bm2[pfn >> 3] |= 1 << (pfn & 7)
    out = bytearray(data[:head_end]) + bm1 + new_bm2
    data_off = len(out) + 24 * len(keep)
    table = bytearray()
    body = bytearray()
    placed = {}
    for i in keep:
        off, size, flags, pflags = descs[i]
        if off not in placed:
            placed[off] = data_off + len(body)
            body += data[off:off + size]
        table += struct.pack("<QIIQ", placed[off], size, flags, pflags)
    out += table + body
    open(dst, "wb").write(out)
    return len(keep), len(dumpable)


def cut_elf(src, dst, trace):
    data = open(src, "rb").read()
    (phoff,) = struct.unpack_from("<Q", data, 32)
    phentsize, phnum = struct.unpack_from("<HH", data, 54)
    phdrs = [list(struct.unpack_from("<IIQQQQQQ", data, phoff + i * phentsize))
             for i in range(phnum)]
    want = set()
    for off, n in reads(trace, src):
        for p in range(off >> 12, (off + max(n, 1) - 1 >> 12) + 1):
            want.add(p)
    notes = [p for p in phdrs if p[0] != 1]
    loads = []
    for p in phdrs:
        if p[0] != 1:
            continue
        typ, flags, off, vaddr, paddr, filesz, memsz, align = p
        # Runs of kept file pages inside this segment.
        page = off >> 12
        end = off + filesz
        run = None
        while page << 12 < end:
            lo = max(page << 12, off)
            hi = min((page + 1) << 12, end)
            if page in want:
                if run and run[1] == lo:
                    run[1] = hi
                else:
                    run = [lo, hi]
                    loads.append((run, p))
            page += 1
    nph = len(notes) + len(loads)
    out = bytearray(data[:64])
    struct.pack_into("<QQ", out, 32, 64, 0)
    struct.pack_into("<HHHH", out, 54, phentsize, nph, 0, 0)
    body_off = 64 + nph * phentsize
    body = bytearray()
    table = bytearray()
    for p in notes:
        table += struct.pack("<IIQQQQQQ", p[0], p[1], body_off + len(body),
                             p[3], p[4], p[5], p[6], p[7])
        body += data[p[2]:p[2] + p[5]]
    for (lo, hi), p in loads:
        # Page-aligned data in the file, as the kernel's and QEMU's.
        pad = (-(body_off + len(body))) % 4096
        body += bytes(pad)
        delta = lo - p[2]
        table += struct.pack("<IIQQQQQQ", 1, p[1], body_off + len(body),
                             p[3] + delta, p[4] + delta, hi - lo, hi - lo, p[7])
        body += data[lo:hi]
    out += table + body
    open(dst, "wb").write(out)
    return len(loads), sum(1 for p in phdrs if p[0] == 1)


if __name__ == "__main__":
    kind, src, dst, trace = sys.argv[1:5]
    kept, total = (cut_kdump if kind == "kdump" else cut_elf)(src, dst, trace)
    print("%s: kept %d of %d %s" % (dst, kept, total,
                                    "pages" if kind == "kdump" else "segments (runs of pages out of PT_LOADs)"))
