// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * One ELF file with debug info — a vmlinux or a module's .ko — opened with
 * libdwfl (which relocates a .ko's sections), its functions found by name
 * and its addresses turned into source lines.
 */
#ifndef PGR_DEBUGINFO_DEBUGFILE_H
#define PGR_DEBUGINFO_DEBUGFILE_H

#include <gelf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "debuginfo/srcline.h"
#include "error.h"

struct debugfile;

/**
 * Open @p path, named @p name in libdwfl.  PGR_ERROR_OS when it cannot be
 * opened, PGR_ERROR_BAD_DATA when it is not an ELF file.
 */
struct pgr_error *debugfile_open(const char *path, const char *name,
				 struct debugfile **ret);
void debugfile_close(struct debugfile *d);

/**
 * Open the .ko of module @p module in directory @p dir ("ext4" ->
 * DIR/ext4.ko; a '_' of the module name may be a '-' in the file name);
 * NULL when there is none.  *@p path_ret (if not NULL) gets a
 * heap-allocated copy of the path found.
 */
struct debugfile *debugfile_open_module(const char *dir, const char *module,
					char **path_ret);

/**
 * The address of function @p name in the file's layout.  Of several
 * functions of that name (static ones), the one whose size fits
 * @p length (the "/0x..." of an oops frame; 0 when unknown) wins, else
 * the first.  False when there is none.  The name index is built on the
 * first call.
 */
bool debugfile_function(struct debugfile *d, const char *name, uint64_t length,
			uint64_t *ret);

/** Source line and inline chain of @p addr (the file's layout). */
bool debugfile_srcline(struct debugfile *d, uint64_t addr, struct srcline *ret);

/** Whether the file has DWARF (a stripped vmlinux has none). */
bool debugfile_has_dwarf(struct debugfile *d);

/** Hex of the file's GNU build id, "" when it has none. */
const char *debugfile_build_id(struct debugfile *d);

/**
 * The string held by data symbol @p name (vmlinux's "linux_banner") into
 * @p buf; false when the file has no such symbol or no bytes for it.
 */
bool debugfile_symbol_string(struct debugfile *d, const char *name, char *buf,
			     size_t size);

/** Hex of the NT_GNU_BUILD_ID note of @p elf into @p hex; "" if none. */
void elf_build_id_hex(Elf *elf, char *hex, size_t hex_size);

/**
 * The NUL-terminated bytes at symbol @p sym (e.g. linux_banner) into
 * @p buf; "" when its section has no data there.
 */
void elf_symbol_string(Elf *elf, const GElf_Sym *sym, char *buf, size_t size);

#endif
