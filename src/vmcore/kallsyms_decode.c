// SPDX-License-Identifier: GPL-2.0-or-later
// kallsyms tables to a symbol table.  Names are token-compressed
// (scripts/kallsyms.c); addresses have had four encodings, and which one
// a kernel uses is decided by checking every candidate against symbols
// whose addresses are known otherwise, never by the version string.
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "vmcore/kallsyms.h" // IWYU pragma: associated

/** KSYM_NAME_LEN is 512 since 6.1. */
enum { NAME_MAX_LEN = 512 };

enum address_encoding {
	/** kallsyms_addresses[]: absolute values (no BASE_RELATIVE). */
	ENC_ABSOLUTE,
	/*
	 * relative_base - 1 - offset for negative offsets, the offset
	 * itself (a per-CPU symbol) otherwise: x86-64 SMP kernels until
	 * Linux kernel commit 01157ddc58dc ("kallsyms: Remove
	 * KALLSYMS_ABSOLUTE_PERCPU") (6.15).
	 */
	ENC_ABSOLUTE_PERCPU,
	/** relative_base + (u32)offset. */
	ENC_RELATIVE,
	/*
	 * &kallsyms_offsets[i] + offset: since Linux kernel commit
	 * a081b5789255 ("kallsyms: Get rid of kallsyms relative base")
	 * (7.0), which took kallsyms_relative_base out of VMCOREINFO.
	 */
	ENC_PC_RELATIVE,
	ENC_COUNT,
};

static const char *const encoding_names[ENC_COUNT] = {
	"absolute addresses",
	"relative to kallsyms_relative_base with absolute per-CPU symbols",
	"relative to kallsyms_relative_base",
	"relative to each entry",
};

static uint64_t symbol_address(const struct kallsyms_tables *t,
			       enum address_encoding enc, uint32_t i)
{
	int32_t off = 0;
	if (enc == ENC_ABSOLUTE) {
		uint64_t v;
		memcpy(&v, (const uint8_t *)t->values + 8 * (size_t)i, 8);
		return v;
	}
	memcpy(&off, (const uint8_t *)t->values + 4 * (size_t)i, 4);
	switch (enc) {
	case ENC_ABSOLUTE_PERCPU:
		return off >= 0 ? (uint64_t)off :
				  t->relative_base - 1 - (int64_t)off;
	case ENC_RELATIVE:
		return t->relative_base + (uint32_t)off;
	default:
		return t->offsets + 4 * (uint64_t)i + (int64_t)off;
	}
}

/** One decoded name: its type letter and where it starts in the arena. */
struct decoded {
	size_t name_off;
	char type;
};

// Expand every name into @p arena (NUL-terminated, type letter first).
// A length or token past the table's end means it is not kallsyms_names.
static struct pgr_error *decode_names(const struct kallsyms_tables *t,
				      char *arena, size_t arena_size,
				      struct decoded *out, size_t *used_ret)
{
	size_t pos = 0, used = 0;
	uint32_t i;
	for (i = 0; i < t->num; i++) {
		if (pos >= t->names_len)
			goto truncated;
		// Since 6.1 a length over 127 takes two bytes (ULEB128),
		// Linux kernel commit 73bbb94466fd ("kallsyms: support "big"
		// kernel symbols"); earlier lengths never set bit 7.
		size_t len = t->names_buf[pos++];
		if (len & 0x80) {
			if (pos >= t->names_len)
				goto truncated;
			len = (len & 0x7f) | ((size_t)t->names_buf[pos++] << 7);
		}
		if (!len || len > t->names_len - pos)
			goto truncated;
		size_t start = used;
		for (size_t j = 0; j < len; j++) {
			const char *tok = t->tokens[t->names_buf[pos + j]];
			size_t n = strlen(tok);
			if (used + n + 1 > arena_size ||
			    used - start + n >= NAME_MAX_LEN)
				return pgr_error_format(
					PGR_ERROR_BAD_DATA,
					"kallsyms name %" PRIu32
					" is longer than any symbol: not kallsyms_names",
					i);
			memcpy(arena + used, tok, n);
			used += n;
		}
		pos += len;
		arena[used++] = '\0';
		if (used - start < 3)
			goto truncated;
		out[i] = (struct decoded){ .name_off = start + 1,
					   .type = arena[start] };
	}
	*used_ret = used;
	return NULL;
truncated:
	return pgr_error_format(
		PGR_ERROR_BAD_DATA,
		"kallsyms_names ends or breaks at symbol %" PRIu32
		" of %" PRIu32 ": not kallsyms_names",
		i, t->num);
}

// The encoding under which every VMCOREINFO symbol found in the table
// has the address VMCOREINFO gives, and at least two are found; each
// candidate is tried, so a kernel that changed the encoding again is
// refused rather than given wrong addresses.
static struct pgr_error *choose_encoding(const struct kallsyms_tables *t,
					 const struct kallsyms_ref *syms,
					 size_t nsyms, const char *arena,
					 const struct decoded *names,
					 enum address_encoding *ret)
{
	if (nsyms > KALLSYMS_MAX_REFS)
		nsyms = KALLSYMS_MAX_REFS;
	// Which kallsyms index each VMCOREINFO symbol has (first one).
	int64_t index[KALLSYMS_MAX_REFS];
	for (size_t s = 0; s < nsyms; s++)
		index[s] = -1;
	for (uint32_t i = 0; i < t->num; i++) {
		const char *name = arena + names[i].name_off;
		for (size_t s = 0; s < nsyms; s++)
			if (index[s] < 0 && strcmp(name, syms[s].name) == 0)
				index[s] = i;
	}
	for (int enc = 0; enc < ENC_COUNT; enc++) {
		if ((enc == ENC_ABSOLUTE) != !t->offsets ||
		    ((enc == ENC_ABSOLUTE_PERCPU || enc == ENC_RELATIVE) &&
		     !t->have_base) ||
		    (enc == ENC_PC_RELATIVE && t->have_base))
			continue;
		size_t matched = 0, wrong = 0;
		for (size_t s = 0; s < nsyms; s++) {
			if (index[s] < 0)
				continue;
			uint64_t a = symbol_address(t, enc, (uint32_t)index[s]);
			if (a == syms[s].value)
				matched++;
			else
				wrong++;
		}
		if (matched >= 2 && !wrong) {
			*ret = (enum address_encoding)enc;
			return NULL;
		}
	}
	return pgr_error_format(
		PGR_ERROR_UNSUPPORTED,
		"the kallsyms addresses match VMCOREINFO's SYMBOL()s under no known encoding (%s, %s, %s, %s): a kernel not yet known",
		encoding_names[0], encoding_names[1], encoding_names[2],
		encoding_names[3]);
}

static bool is_text_type(char type)
{
	return type == 'T' || type == 't' || type == 'W' || type == 'w';
}

// The end of the text region holding @p addr: the kernel's text, its
// init text, or the entry trampolines; 0 when none.
struct text_region {
	uint64_t start, end;
};

static uint64_t region_end(const struct text_region *r, size_t n, uint64_t addr)
{
	for (size_t i = 0; i < n; i++)
		if (addr >= r[i].start && addr < r[i].end)
			return r[i].end;
	return 0;
}

// Before the name hash exists: the first symbol called @p name.
static bool first_named(const struct symtab *syms, const char *name,
			uint64_t *ret)
{
	vector_for_each(const struct ksym, s, &syms->all) {
		if (strcmp(s->name, name) == 0) {
			*ret = s->addr;
			return true;
		}
	}
	return false;
}

static struct pgr_error *fill_symtab(struct symtab *syms,
				     const struct kallsyms_tables *t,
				     enum address_encoding enc,
				     const char *arena,
				     const struct decoded *names)
{
	if (!ksym_vector_reserve(&syms->all, t->num))
		return &pgr_enomem;
	for (uint32_t i = 0; i < t->num; i++) {
		struct ksym s = { .addr = symbol_address(t, enc, i),
				  .name = arena + names[i].name_off };
		if (!ksym_vector_append(&syms->all, &s))
			return &pgr_enomem;
	}
	static const char *const bounds[][2] = {
		{ "_stext", "_etext" },
		{ "_sinittext", "_einittext" },
		{ "__entry_text_start", "__entry_text_end" },
	};
	struct text_region regions[3];
	size_t nregions = 0;
	for (size_t i = 0; i < 3; i++) {
		struct text_region *r = &regions[nregions];
		if (first_named(syms, bounds[i][0], &r->start) &&
		    first_named(syms, bounds[i][1], &r->end) &&
		    r->end > r->start)
			nregions++;
	}
	if (!nregions)
		return pgr_error_create(
			PGR_ERROR_BAD_DATA,
			"kallsyms has no _stext/_etext: the text cannot be told from data");
	// kallsyms is sorted by address, and the kernel names an address by
	// the first of its aliases: only that one is a "function", so
	// symtab_finish() keeps it, whatever the names' order.
	uint64_t prev = 0;
	for (uint32_t i = 0; i < t->num; i++) {
		struct ksym *s = &syms->all.data[i];
		uint64_t end = region_end(regions, nregions, s->addr);
		if (!is_text_type(names[i].type) || !end)
			continue;
		s->func = s->addr != prev;
		prev = s->addr;
		// Sizes are not recorded: a symbol reaches the next text
		// symbol or its region's end.
		uint64_t next = end;
		for (uint32_t j = i + 1; j < t->num; j++) {
			const struct ksym *o = &syms->all.data[j];
			if (o->addr > s->addr && is_text_type(names[j].type) &&
			    region_end(regions, nregions, o->addr) == end) {
				next = o->addr < end ? o->addr : end;
				break;
			}
			if (o->addr >= end)
				break;
		}
		s->size = next - s->addr;
		if (!ksym_vector_append(&syms->text, s))
			return &pgr_enomem;
	}
	if (!syms->text.size)
		return pgr_error_create(PGR_ERROR_BAD_DATA,
					"kallsyms has no text symbols");
	return symtab_finish(syms);
}

// kallsyms is sorted by address (scripts/kallsyms.c sort_symbols()) in
// every encoding; a table that is not did not decode right.
static struct pgr_error *check_sorted(const struct kallsyms_tables *t,
				      enum address_encoding enc,
				      const struct decoded *names)
{
	uint64_t prev = 0;
	for (uint32_t i = 0; i < t->num; i++) {
		uint64_t a = symbol_address(t, enc, i);
		if (a < KERNEL_MAP_START)
			continue; // absolute per-CPU offsets sort apart
		if (a < prev && is_text_type(names[i].type))
			return pgr_error_format(
				PGR_ERROR_BAD_DATA,
				"kallsyms symbol %" PRIu32
				" is below the one before it (0x%" PRIx64
				" < 0x%" PRIx64 "): the table did not decode",
				i, a, prev);
		prev = a > prev ? a : prev;
	}
	return NULL;
}

struct pgr_error *kallsyms_decode(const struct kallsyms_tables *t,
				  const struct kallsyms_ref *refs, size_t nrefs,
				  struct symtab *syms, char **arena_ret,
				  const char **encoding_ret)
{
	size_t arena_size = t->names_len * 8 + 1024;
	char *arena = malloc(arena_size);
	struct decoded *names = calloc(t->num ? t->num : 1, sizeof(*names));
	enum address_encoding enc = ENC_RELATIVE;
	struct pgr_error *err = arena && names ? NULL : &pgr_enomem;
	size_t used = 0;
	if (!err)
		err = decode_names(t, arena, arena_size, names, &used);
	if (!err) {
		// Names are offsets until fill_symtab(): the arena may move.
		char *shrunk = realloc(arena, used);
		if (shrunk)
			arena = shrunk;
		err = choose_encoding(t, refs, nrefs, arena, names, &enc);
	}
	if (!err)
		err = check_sorted(t, enc, names);
	if (!err)
		err = fill_symtab(syms, t, enc, arena, names);
	free(names);
	if (err) {
		symtab_deinit(syms);
		free(arena);
		return err;
	}
	*arena_ret = arena;
	*encoding_ret = encoding_names[enc];
	return NULL;
}
