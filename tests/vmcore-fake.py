#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# Small fake ELF files for tests/run-vmcore.sh, so bad-input cases need no
# second kernel build:
#   vmcore-fake.py vmlinux OUT [--build-id HEX] [--sym NAME=HEXADDR]...
#       an x86-64 ET_EXEC with a GNU build-id note and/or a symbol table
#   vmcore-fake.py core OUT [--vmcoreinfo FILE]
#       an x86-64 ELF core (one PRSTATUS note, one page of memory) without
#       VMCOREINFO, or with FILE's text as its VMCOREINFO note
import struct
import sys


def section_headers(sections, shstr_off, shstrtab):
    """sections: list of (name, type, offset, size, link, entsize)."""
    out = [b"\0" * 64]
    for name, stype, off, size, link, entsize in sections:
        out.append(struct.pack("<IIQQQQIIQQ", shstrtab.index(name.encode() + b"\0"),
                               stype, 2 if stype == 7 else 0, 0, off, size,
                               link, 1 if stype == 2 else 0, 8 if stype != 7 else 4,
                               entsize))
    return b"".join(out)


def fake_vmlinux(out, build_id, syms):
    body = bytearray()
    sections = []
    base = 64
    if build_id:
        desc = bytes.fromhex(build_id)
        note = struct.pack("<III", 4, len(desc), 3) + b"GNU\0" + desc
        sections.append((".notes", 7, base + len(body), len(note), 0, 0))
        body += note
    if syms:
        strtab = b"\0" + b"".join(n.encode() + b"\0" for n, _ in syms)
        symtab = b"\0" * 24
        for n, v in syms:
            symtab += struct.pack("<IBBHQQ", strtab.index(n.encode() + b"\0"),
                                  0x12, 0, 0xfff1, v, 0)
        while len(body) % 8:
            body += b"\0"
        nsec = len(sections) + 1  # index the symtab's strtab will get
        sections.append((".symtab", 2, base + len(body), len(symtab), nsec + 1, 24))
        body += symtab
        sections.append((".strtab", 3, base + len(body), len(strtab), 0, 0))
        body += strtab
    shstrtab = b"\0" + b"".join(s[0].encode() + b"\0" for s in sections) + b".shstrtab\0"
    sections.append((".shstrtab", 3, base + len(body), len(shstrtab), 0, 0))
    body += shstrtab
    while len(body) % 8:
        body += b"\0"
    shoff = base + len(body)
    eh = b"\x7fELF\x02\x01\x01" + b"\0" * 9 + struct.pack(
        "<HHIQQQIHHHHHH", 2, 62, 1, 0xffffffff81000000, 0, shoff, 0, 64, 56, 0,
        64, len(sections) + 1, len(sections))
    with open(out, "wb") as f:
        f.write(eh + body + section_headers(sections, 0, shstrtab))


def fake_core(out, vmcoreinfo=None):
    prstatus = bytearray(336)
    struct.pack_into("<I", prstatus, 32, 1)
    note = struct.pack("<III", 5, len(prstatus), 1) + b"CORE\0\0\0\0" + prstatus
    if vmcoreinfo:
        desc = vmcoreinfo + b"\0" * (-len(vmcoreinfo) % 4)
        note += struct.pack("<III", 11, len(vmcoreinfo), 0) + b"VMCOREINFO\0\0" + desc
    phoff, nph = 64, 2
    note_off = phoff + 56 * nph
    load_off = (note_off + len(note) + 4095) & ~4095
    eh = b"\x7fELF\x02\x01\x01" + b"\0" * 9 + struct.pack(
        "<HHIQQQIHHHHHH", 4, 62, 1, 0, phoff, 0, 0, 64, 56, nph, 64, 0, 0)
    ph = struct.pack("<IIQQQQQQ", 4, 0, note_off, 0, 0, len(note), 0, 0)
    ph += struct.pack("<IIQQQQQQ", 1, 7, load_off, 0xffff888000000000, 0,
                      4096, 4096, 4096)
    data = eh + ph + note
    data += b"\0" * (load_off - len(data)) + b"\xaa" * 4096
    with open(out, "wb") as f:
        f.write(data)


def main(argv):
    kind, out = argv[1], argv[2]
    if kind == "core":
        vmcoreinfo = None
        if len(argv) > 4 and argv[3] == "--vmcoreinfo":
            vmcoreinfo = open(argv[4], "rb").read()
        fake_core(out, vmcoreinfo)
        return
    build_id, syms, i = None, [], 3
    while i < len(argv):
        if argv[i] == "--build-id":
            build_id = argv[i + 1]
        elif argv[i] == "--sym":
            n, v = argv[i + 1].split("=")
            syms.append((n, int(v, 16)))
        i += 2
    fake_vmlinux(out, build_id, syms)


main(sys.argv)
