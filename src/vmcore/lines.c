// SPDX-License-Identifier: GPL-2.0-or-later
// Source lines and inline chains (debuginfo/srcline.c) of vmlinux addresses
// from DWARF (libdw), reading only what a lookup uses.  libdw's own address index (dwarf_getaranges, and so
// dwarf_addrdie) reads the header of every compilation unit of
// .debug_info before it answers, and so does any dwarf_offdie into a unit
// it has not met yet: on the mapped 590 MB vmlinux of Debian's 6.1 that
// faults in 99 MB of the 156 MB .debug_info, for a few dozen lines.  Here
// .debug_aranges (160 KB) is decoded into a sorted table naming the unit
// of each address, and libdw is handed that unit alone: an ELF image made
// in memory (libelf, never written) whose .debug_info is the unit's bytes
// and whose other .debug_* sections are the vmlinux's own mapped bytes,
// which stay untouched until a line table or string is read.  Answers
// are kept by address (thousands of tasks share their frames), the last
// few units' decoded line tables by unit.
#include <elfutils/libdw.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "debuginfo/srcline.h"
#include "vmcore/kernel_priv.h" // IWYU pragma: associated

/** Units whose libdw handle (and decoded line table) is kept. */
enum { LINE_UNITS = 2 };

struct unit_range {
	uint64_t start, end;
	/** Offset of the unit's header in .debug_info. */
	uint64_t unit;
};

struct debug_section {
	const char *name;
	GElf_Word type;
	GElf_Xword flags;
	const char *data;
	size_t size;
};

struct line_unit {
	uint64_t unit;
	uint64_t last_used;
	Elf *elf;
	Dwarf *dwarf;
	/** Names of the image's sections (.shstrtab). */
	char *names;
};

struct line_memo {
	uint64_t addr;
	/** The chain; its strings are in @c strings (the unit's Dwarf handle
	 * that held them may be gone). */
	struct srcline chain;
	char *strings;
	bool used, found;
};

struct kernel_lines {
	struct unit_range *ranges;
	size_t nranges;
	struct debug_section *sections;
	size_t nsections;
	/** Index of .debug_info in sections. */
	size_t info;
	struct line_unit units[LINE_UNITS];
	uint64_t clock;
	struct line_memo *memo;
	size_t memo_mask, memo_count;
};

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

static void unit_close(struct line_unit *u)
{
	if (u->dwarf)
		dwarf_end(u->dwarf);
	if (u->elf)
		elf_end(u->elf);
	free(u->names);
	memset(u, 0, sizeof(*u));
}

static void lines_free(struct kernel_lines *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < LINE_UNITS; i++)
		unit_close(&l->units[i]);
	for (size_t i = 0; l->memo && i <= l->memo_mask; i++)
		free(l->memo[i].strings);
	free(l->memo);
	free(l->sections);
	free(l->ranges);
	free(l);
}

void lines_close(struct vmcore_kernel *k)
{
	// The CFI handle belongs to the Dwarf and goes with it.
	k->cfi = NULL;
	if (k->dwarf)
		dwarf_end(k->dwarf);
	k->dwarf = NULL;
	lines_free(k->lines);
	k->lines = NULL;
}

static uint64_t read_le(const unsigned char *p, size_t n)
{
	uint64_t v = 0;
	for (size_t i = n; i-- > 0;)
		v = v << 8 | p[i];
	return v;
}

static int range_cmp(const void *a, const void *b)
{
	const struct unit_range *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

// .debug_aranges: per unit a header (length, version 2, the unit's
// offset in .debug_info, address and segment sizes), padding to twice the
// address size, then (address, length) pairs up to a (0, 0) pair.  A set
// that does not parse ends the table: lines are then missing, no more.
static struct pgr_error *parse_aranges(struct kernel_lines *l,
				       const unsigned char *p, size_t size)
{
	size_t cap = 0, off = 0;
	while (off + 4 <= size) {
		size_t set = off;
		uint64_t len = read_le(p + off, 4);
		size_t offsz = 4;
		off += 4;
		if (len == 0xffffffff) {
			if (off + 8 > size)
				break;
			len = read_le(p + off, 8);
			offsz = 8;
			off += 8;
		}
		if (len > size - off || len < 2 + offsz + 2)
			break;
		size_t end = off + len;
		uint64_t unit = read_le(p + off + 2, offsz);
		unsigned int asz = p[off + 2 + offsz];
		unsigned int ssz = p[off + 3 + offsz];
		if (asz != 8 || ssz != 0)
			break;
		off += 4 + offsz;
		off = set + (off - set + 15) / 16 * 16;
		for (; off + 16 <= end; off += 16) {
			uint64_t start = read_le(p + off, 8);
			uint64_t n = read_le(p + off + 8, 8);
			if (!start && !n)
				break;
			if (!n || start + n < start)
				continue;
			if (l->nranges == cap) {
				cap = cap ? cap * 2 : 4096;
				struct unit_range *r =
					realloc(l->ranges, cap * sizeof(*r));
				if (!r)
					return &pgr_enomem;
				l->ranges = r;
			}
			l->ranges[l->nranges++] = (struct unit_range){
				.start = start, .end = start + n, .unit = unit
			};
		}
		off = end;
	}
	qsort(l->ranges, l->nranges, sizeof(*l->ranges), range_cmp);
	return NULL;
}

// The vmlinux's .debug_* sections, as pointers into its mapping (nothing
// is read by taking them).  Compressed sections cannot be cut into units.
static struct pgr_error *collect_sections(struct vmcore_kernel *k,
					  struct kernel_lines *l,
					  const unsigned char **aranges,
					  size_t *aranges_size)
{
	size_t shstrndx, n;
	if (elf_getshdrstrndx(k->elf, &shstrndx) != 0 ||
	    elf_getshdrnum(k->elf, &n) != 0)
		return pgr_error_create(PGR_ERROR_BAD_DATA, "no section names");
	l->sections = calloc(n ? n : 1, sizeof(*l->sections));
	if (!l->sections)
		return &pgr_enomem;
	l->info = SIZE_MAX;
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(k->elf, scn))) {
		GElf_Shdr shdr;
		if (!gelf_getshdr(scn, &shdr) || shdr.sh_type != SHT_PROGBITS ||
		    (shdr.sh_flags & SHF_COMPRESSED))
			continue;
		const char *name = elf_strptr(k->elf, shstrndx, shdr.sh_name);
		if (!name || strncmp(name, ".debug_", 7) != 0)
			continue;
		Elf_Data *data = elf_rawdata(scn, NULL);
		if (!data || !data->d_buf || !data->d_size)
			continue;
		if (strcmp(name, ".debug_aranges") == 0) {
			*aranges = data->d_buf;
			*aranges_size = data->d_size;
			continue;
		}
		if (strcmp(name, ".debug_info") == 0)
			l->info = l->nsections;
		l->sections[l->nsections++] = (struct debug_section){
			.name = name,
			.type = shdr.sh_type,
			.flags = shdr.sh_flags,
			.data = data->d_buf,
			.size = data->d_size,
		};
	}
	if (l->info == SIZE_MAX || !*aranges)
		return pgr_error_create(PGR_ERROR_NOT_FOUND,
					"no .debug_info or .debug_aranges");
	return NULL;
}

static struct kernel_lines *lines_get(struct vmcore_kernel *k)
{
	if (k->lines_tried)
		return k->lines;
	k->lines_tried = true;
	struct kernel_lines *l = calloc(1, sizeof(*l));
	if (!l)
		return NULL;
	k->lines = l;
	const unsigned char *aranges = NULL;
	size_t aranges_size = 0;
	struct pgr_error *err = collect_sections(k, l, &aranges, &aranges_size);
	if (!err)
		err = parse_aranges(l, aranges, aranges_size);
	if (err || !l->nranges) {
		pgr_error_destroy(err);
		lines_free(l);
		k->lines = NULL;
	}
	return k->lines;
}

// The unit at @p unit of .debug_info as an ELF image of its own: section
// 1 is .shstrtab, then the vmlinux's .debug_* sections with .debug_info
// cut down to the unit.  ELF_C_WRITE only makes libelf build the image
// in memory: nothing is ever written (no elf_update), k->fd stays
// read-only.
static bool unit_open(struct vmcore_kernel *k, struct kernel_lines *l,
		      uint64_t unit, struct line_unit *u)
{
	const struct debug_section *info = &l->sections[l->info];
	if (unit + 4 > info->size)
		return false;
	uint64_t len = read_le((const unsigned char *)info->data + unit, 4);
	size_t hdr = 4;
	if (len == 0xffffffff && unit + 12 <= info->size) {
		len = read_le((const unsigned char *)info->data + unit + 4, 8);
		hdr = 12;
	}
	if (len > info->size - unit - hdr)
		return false;
	size_t names_len = sizeof("\0.shstrtab");
	for (size_t i = 0; i < l->nsections; i++)
		names_len += strlen(l->sections[i].name) + 1;
	u->names = malloc(names_len);
	GElf_Ehdr orig, ehdr;
	if (!u->names || !gelf_getehdr(k->elf, &orig))
		return false;
	u->elf = elf_begin(k->fd, ELF_C_WRITE, NULL);
	if (!u->elf || !gelf_newehdr(u->elf, ELFCLASS64) ||
	    !gelf_getehdr(u->elf, &ehdr))
		return false;
	memcpy(ehdr.e_ident, orig.e_ident, EI_NIDENT);
	ehdr.e_type = orig.e_type;
	ehdr.e_machine = orig.e_machine;
	ehdr.e_version = EV_CURRENT;
	ehdr.e_shstrndx = 1;
	if (!gelf_update_ehdr(u->elf, &ehdr))
		return false;
	size_t at = 0;
	u->names[at++] = '\0';
	for (size_t i = 0; i <= l->nsections; i++) {
		// i == 0 is .shstrtab itself, i > 0 the debug section i - 1.
		const struct debug_section *d = i ? &l->sections[i - 1] : NULL;
		const char *name = d ? d->name : ".shstrtab";
		Elf_Scn *scn = elf_newscn(u->elf);
		GElf_Shdr shdr;
		Elf_Data *data = scn ? elf_newdata(scn) : NULL;
		if (!data || !gelf_getshdr(scn, &shdr))
			return false;
		shdr.sh_name = at;
		shdr.sh_type = d ? d->type : SHT_STRTAB;
		shdr.sh_flags = d ? d->flags : 0;
		size_t nlen = strlen(name) + 1;
		memcpy(u->names + at, name, nlen);
		at += nlen;
		data->d_type = ELF_T_BYTE;
		data->d_version = EV_CURRENT;
		data->d_align = 1;
		data->d_off = 0;
		if (!d) {
			data->d_buf = u->names;
			data->d_size = names_len;
		} else if (d == info) {
			data->d_buf = (char *)d->data + unit;
			data->d_size = hdr + len;
		} else {
			data->d_buf = (char *)d->data;
			data->d_size = d->size;
		}
		shdr.sh_size = data->d_size;
		if (!gelf_update_shdr(scn, &shdr))
			return false;
	}
	u->dwarf = dwarf_begin_elf(u->elf, DWARF_C_READ, NULL);
	u->unit = unit;
	return u->dwarf != NULL;
}

// The libdw handle on @p unit: kept, or opened in place of the least
// recently used one.
static Dwarf *unit_dwarf(struct vmcore_kernel *k, struct kernel_lines *l,
			 uint64_t unit)
{
	struct line_unit *lru = &l->units[0];
	for (size_t i = 0; i < LINE_UNITS; i++) {
		struct line_unit *u = &l->units[i];
		if (u->elf && u->unit == unit) {
			u->last_used = ++l->clock;
			return u->dwarf;
		}
		if (!u->elf || u->last_used < lru->last_used)
			lru = u;
	}
	unit_close(lru);
	if (!unit_open(k, l, unit, lru)) {
		unit_close(lru);
		return NULL;
	}
	lru->last_used = ++l->clock;
	return lru->dwarf;
}

static const struct unit_range *find_range(const struct kernel_lines *l,
					   uint64_t addr)
{
	size_t lo = 0, hi = l->nranges;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (l->ranges[mid].start <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo && addr < l->ranges[lo - 1].end ? &l->ranges[lo - 1] : NULL;
}

static bool lookup(struct vmcore_kernel *k, struct kernel_lines *l,
		   Dwarf_Addr link, struct srcline *ret)
{
	const struct unit_range *r = find_range(l, link);
	Dwarf *dw = r ? unit_dwarf(k, l, r->unit) : NULL;
	if (!dw)
		return false;
	// The image holds this one unit, at offset 0.
	Dwarf_Off next;
	size_t hsize;
	Dwarf_Die cu;
	return dwarf_nextcu(dw, 0, &next, &hsize, NULL, NULL, NULL) == 0 &&
	       dwarf_offdie(dw, hsize, &cu) && srcline_lookup(&cu, link, ret);
}

// Keep @p chain in @p m with its strings copied; false when out of memory.
static bool memo_keep(struct line_memo *m, const struct srcline *chain)
{
	size_t len = 0;
	for (size_t i = 0; i < chain->depth; i++) {
		const struct srcline_level *v = &chain->levels[i];
		len += (v->function ? strlen(v->function) + 1 : 0) +
		       (v->file ? strlen(v->file) + 1 : 0);
	}
	char *p = m->strings = malloc(len ? len : 1);
	if (!p)
		return false;
	m->chain = *chain;
	for (size_t i = 0; i < chain->depth; i++) {
		struct srcline_level *v = &m->chain.levels[i];
		const char **fields[] = { &v->function, &v->file };
		for (size_t j = 0; j < 2; j++) {
			if (!*fields[j])
				continue;
			size_t n = strlen(*fields[j]) + 1;
			memcpy(p, *fields[j], n);
			*fields[j] = p;
			p += n;
		}
	}
	return true;
}

static uint64_t memo_hash(uint64_t addr)
{
	return (addr * UINT64_C(0x9e3779b97f4a7c15)) >> 17;
}

static struct line_memo *memo_slot(struct kernel_lines *l, uint64_t addr)
{
	if (!l->memo)
		return NULL;
	for (size_t i = memo_hash(addr) & l->memo_mask;;
	     i = (i + 1) & l->memo_mask) {
		if (!l->memo[i].used || l->memo[i].addr == addr)
			return &l->memo[i];
	}
}

// Room for one more answer (the table at most half full); false when out
// of memory, and then answers are not kept.
static bool memo_grow(struct kernel_lines *l)
{
	if (l->memo && 2 * (l->memo_count + 1) <= l->memo_mask + 1)
		return true;
	size_t cap = l->memo ? 2 * (l->memo_mask + 1) : 256;
	struct line_memo *old = l->memo;
	size_t old_cap = old ? l->memo_mask + 1 : 0;
	l->memo = calloc(cap, sizeof(*l->memo));
	if (!l->memo) {
		l->memo = old;
		return false;
	}
	l->memo_mask = cap - 1;
	for (size_t i = 0; i < old_cap; i++) {
		if (old[i].used)
			*memo_slot(l, old[i].addr) = old[i];
	}
	free(old);
	return true;
}

bool kernel_srcline(struct vmcore_kernel *k, uint64_t addr, struct srcline *ret)
{
	struct kernel_lines *l = lines_get(k);
	if (!l)
		return false;
	// DWARF holds link-time addresses.
	Dwarf_Addr link = addr - k->kaslr;
	struct line_memo *m = memo_slot(l, link);
	if (m && m->used) {
		*ret = m->chain;
		return m->found;
	}
	bool found = lookup(k, l, link, ret);
	// A unit decoded for the first time leaves its pages of .debug_info,
	// .debug_abbrev and .debug_line behind; libdw keeps what it decoded.
	kernel_elf_trim(k);
	// The answer is kept, and handed out from the copy, whose strings
	// outlive the unit's handle; without memory, as it came.
	if (!memo_grow(l))
		return found;
	m = memo_slot(l, link);
	*m = (struct line_memo){ .addr = link, .used = true, .found = found };
	if (found && !memo_keep(m, ret)) {
		*m = (struct line_memo){ 0 };
		return found;
	}
	l->memo_count++;
	if (found)
		*ret = m->chain;
	return found;
}
