#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Copy an x86-64 ELF vmcore and zero kernel-image ranges in the copy, as
a dump whose pages holding them were lost would read:

    vmcore-zero.py DUMP OUT VMLINUX RANGE...

RANGE is SYMBOL (64 KiB from it) or START:STOP (two symbols).  Addresses
come from the dump's VMCOREINFO SYMBOL() lines, else from VMLINUX's
symbol table plus KERNELOFFSET; an image address is physical address
virt - __START_KERNEL_map + phys_base, found in the PT_LOAD segments by
their p_paddr.  Exit 1 with a message when a range is not in the dump.
"""
import os
import struct
import sys

START_KERNEL_MAP = 0xFFFFFFFF80000000


def elf_phdrs(f):
    f.seek(0)
    ehdr = f.read(64)
    if ehdr[:4] != b"\x7fELF" or ehdr[4] != 2:
        raise SystemExit("not an ELF64 file")
    phoff, = struct.unpack_from("<Q", ehdr, 32)
    phentsize, phnum = struct.unpack_from("<HH", ehdr, 54)
    out = []
    for i in range(phnum):
        f.seek(phoff + i * phentsize)
        out.append(struct.unpack("<IIQQQQQQ", f.read(56)))
    return out


def vmcoreinfo(f, phdrs):
    for p_type, _, off, _, _, filesz, _, _ in phdrs:
        if p_type != 4:  # PT_NOTE
            continue
        f.seek(off)
        data = f.read(filesz)
        pos = 0
        while pos + 12 <= len(data):
            namesz, descsz, _ = struct.unpack_from("<III", data, pos)
            name = data[pos + 12:pos + 12 + namesz].rstrip(b"\0")
            desc_at = pos + 12 + ((namesz + 3) & ~3)
            desc = data[desc_at:desc_at + descsz]
            if name == b"VMCOREINFO":
                return dict(line.split("=", 1) for line in
                            desc.decode("ascii", "replace").splitlines()
                            if "=" in line)
            pos = desc_at + ((descsz + 3) & ~3)
    raise SystemExit("no VMCOREINFO note")


def elf_symbols(path, wanted):
    """Link-time values of the @wanted names in an ELF file's .symtab."""
    found = {}
    with open(path, "rb") as f:
        ehdr = f.read(64)
        shoff, = struct.unpack_from("<Q", ehdr, 40)
        shentsize, shnum = struct.unpack_from("<HH", ehdr, 58)
        shdrs = []
        for i in range(shnum):
            f.seek(shoff + i * shentsize)
            shdrs.append(struct.unpack("<IIQQQQIIQQ", f.read(64)))
        for sh in shdrs:
            if sh[1] != 2:  # SHT_SYMTAB
                continue
            strtab = shdrs[sh[6]]
            f.seek(strtab[4])
            strings = f.read(strtab[5])
            f.seek(sh[4])
            syms = f.read(sh[5])
            for at in range(0, len(syms), 24):
                st_name, _, _, _, value, _ = struct.unpack_from(
                    "<IBBHQQ", syms, at)
                end = strings.find(b"\0", st_name)
                name = strings[st_name:end].decode("ascii", "replace")
                if name in wanted and name not in found:
                    found[name] = value
    return found


def main():
    dump, out, vmlinux = sys.argv[1:4]
    ranges = sys.argv[4:]
    names = {n for r in ranges for n in r.split(":")}
    with open(dump, "rb") as f:
        phdrs = elf_phdrs(f)
        info = vmcoreinfo(f, phdrs)
    kaslr = int(info.get("KERNELOFFSET", "0"), 16)
    phys_base = int(info["NUMBER(phys_base)"]) & (2**64 - 1)
    addr = {}
    for n in names:
        if "SYMBOL(%s)" % n in info:
            addr[n] = int(info["SYMBOL(%s)" % n], 16)
    missing = names - set(addr)
    if missing:
        for n, v in elf_symbols(vmlinux, missing).items():
            addr[n] = v + kaslr
    if names - set(addr):
        raise SystemExit("no symbol %s" % ", ".join(sorted(names - set(addr))))
    with open(dump, "rb") as src, open(out, "wb") as dst:
        size = os.fstat(src.fileno()).st_size
        done = 0
        while done < size:
            done += os.copy_file_range(src.fileno(), dst.fileno(),
                                       size - done, done, done)
    with open(out, "r+b") as f:
        for r in ranges:
            start, _, stop = r.partition(":")
            lo = addr[start]
            hi = addr[stop] if stop else lo + 65536
            phys = (lo - START_KERNEL_MAP + phys_base) & (2**64 - 1)
            length = hi - lo
            for p_type, _, off, _, paddr, filesz, _, _ in phdrs:
                if p_type == 1 and paddr <= phys and phys + length <= paddr + filesz:
                    f.seek(off + phys - paddr)
                    f.write(bytes(length))
                    print("%s: zeroed 0x%x bytes at 0x%x (physical 0x%x)"
                          % (r, length, lo, phys))
                    break
            else:
                raise SystemExit("%s (physical 0x%x, 0x%x bytes) is in no PT_LOAD segment"
                                 % (r, phys, length))


if __name__ == "__main__":
    main()
