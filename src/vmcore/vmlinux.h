// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * Finding the vmlinux a dump was taken from, and proving that a vmlinux
 * is that one before anything reads the dump through its symbols.
 */
#ifndef PGR_VMCORE_VMLINUX_H
#define PGR_VMCORE_VMLINUX_H

#include "error.h"
#include "vmcore/dump.h"

/**
 * Look for the vmlinux of kernel @p release where Debian, Ubuntu and
 * Fedora install it: /usr/lib/debug/boot/vmlinux-REL,
 * /usr/lib/debug/lib/modules/REL/vmlinux, /boot/vmlinux-REL (and
 * /lib/modules/REL/build/vmlinux).  @p root prefixes every place (NULL or
 * "" for "/").  PGR_ERROR_NOT_FOUND lists every place looked at.  Returns
 * a heap-allocated path.
 */
struct pgr_error *vmlinux_find(const char *root, const char *release,
			       char **ret);

/**
 * Check that @p vmlinux is the kernel of @p dump: the GNU build-id note
 * against VMCOREINFO's BUILD-ID when both exist, else the release in
 * linux_banner against OSRELEASE and the addresses of VMCOREINFO's
 * SYMBOL()s (minus KERNELOFFSET) against the ELF symbol table.  A
 * mismatch is PGR_ERROR_BAD_DATA naming both files; a file that is not a
 * kernel ELF image, PGR_ERROR_BAD_DATA too.
 */
struct pgr_error *vmlinux_check(struct vmcore_dump *dump,
				const char *dump_path, const char *vmlinux);

#endif
