// SPDX-License-Identifier: GPL-2.0-or-later
// Source lines of vmlinux addresses from DWARF (libdw), looked up one
// address at a time: .debug_aranges names the compilation unit and only
// that unit's line table is decoded.  Nothing is indexed up front, which
// is what keeps pagerace's start-up far below drgn's and crash's.
#include <elfutils/libdw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmcore/kernel_priv.h" // IWYU pragma: associated

Dwarf *kernel_dwarf(struct vmcore_kernel *k)
{
	if (!k->dwarf_tried) {
		k->dwarf_tried = true;
		// Without vmlinux (symbols from the dump) there is no DWARF.
		k->dwarf = k->elf ?
				   dwarf_begin_elf(k->elf, DWARF_C_READ, NULL) :
				   NULL;
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

// Build paths recorded in the line table ("./include/linux/mm.h") read
// better relative.
static const char *tidy_path(const char *file)
{
	while (file[0] == '.' && file[1] == '/')
		file += 2;
	return file;
}

char *kernel_source(struct vmcore_kernel *k, uint64_t addr)
{
	Dwarf *dw = kernel_dwarf(k);
	if (!dw)
		return NULL;
	// DWARF holds link-time addresses.
	Dwarf_Addr link = addr - k->kaslr;
	Dwarf_Die cu;
	if (!dwarf_addrdie(dw, link, &cu))
		return NULL;
	Dwarf_Line *line = dwarf_getsrc_die(&cu, link);
	int lineno;
	const char *file = line ? dwarf_linesrc(line, NULL, NULL) : NULL;
	if (!file || dwarf_lineno(line, &lineno) != 0)
		return NULL;
	char *s;
	if (asprintf(&s, "%s:%d", tidy_path(file), lineno) < 0)
		return NULL;
	return s;
}
