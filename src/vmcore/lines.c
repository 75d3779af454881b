// SPDX-License-Identifier: GPL-2.0-or-later
// Source lines (and inline chains, debuginfo/srcline.c) of vmlinux
// addresses from DWARF (libdw), looked up one address at a time:
// .debug_aranges names the compilation unit and only that unit's line
// table and scopes are decoded.  Nothing is indexed up front, which
// is what keeps pagerace's start-up far below drgn's and crash's.
#include <elfutils/libdw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "debuginfo/srcline.h"
#include "vmcore/kernel_priv.h" // IWYU pragma: associated

Dwarf *kernel_dwarf(struct vmcore_kernel *k)
{
	if (!k->dwarf_tried) {
		k->dwarf_tried = true;
		k->dwarf = dwarf_begin_elf(k->elf, DWARF_C_READ, NULL);
	}
	return k->dwarf;
}

void lines_close(struct vmcore_kernel *k)
{
	// The CFI handle belongs to the Dwarf and goes with it.
	k->cfi = NULL;
	if (k->dwarf)
		dwarf_end(k->dwarf);
	k->dwarf = NULL;
}

bool kernel_srcline(struct vmcore_kernel *k, uint64_t addr, struct srcline *ret)
{
	Dwarf *dw = kernel_dwarf(k);
	Dwarf_Die cu;
	// DWARF holds link-time addresses.
	Dwarf_Addr link = addr - k->kaslr;
	return dw && dwarf_addrdie(dw, link, &cu) &&
	       srcline_lookup(&cu, link, ret);
}
