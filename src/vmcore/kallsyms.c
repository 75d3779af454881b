// SPDX-License-Identifier: GPL-2.0-or-later
// The kernel's symbol table decoded from the dump itself, for a report
// without vmlinux: the kallsyms tables whose addresses VMCOREINFO
// carries since 6.0, Linux kernel commit 5fd8fea935a1 ("vmcoreinfo:
// include kallsyms symbols").  Names are token-compressed
// (scripts/kallsyms.c); addresses have had four encodings, and which one
// a kernel uses is decided by checking every candidate against the
// SYMBOL() addresses VMCOREINFO states, never by the version string.
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "vmcore/kernel_priv.h" // IWYU pragma: associated

/** More symbols than any kernel has (6.12 with KALLSYMS_ALL: ~200k). */
static const uint32_t MAX_SYMS = 1u << 22;
/** Bounds the compressed names read in one piece. */
static const uint64_t MAX_NAMES_BYTES = 32u << 20;
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

struct kallsyms_tables {
	uint64_t names, token_table, token_index, offsets, addresses;
	uint64_t relative_base;
	bool have_base;
	uint32_t num;
	char tokens[256][32];
	uint8_t *names_buf;
	size_t names_len;
	void *values;
};

static void tables_free(struct kallsyms_tables *t)
{
	free(t->names_buf);
	free(t->values);
}

static bool info_symbol(struct vmcore_kernel *k, const char *name,
			uint64_t *ret)
{
	struct pgr_error *err =
		vmcore_info_number(k->dump, "SYMBOL", name, ret);
	pgr_error_destroy(err);
	return !err;
}

static struct pgr_error *unreadable(const char *what, struct pgr_error *err)
{
	if (err == &pgr_enomem)
		return err;
	return pgr_error_prefix(
		err, "the dump's %s cannot be read (filtered out?)", what);
}

// The 256 tokens, each a NUL-terminated string at token_table +
// token_index[i]; a token longer than any real one (they are a few
// bytes) means the tables are not what VMCOREINFO says.
static struct pgr_error *read_tokens(struct vmcore_kernel *k,
				     struct kallsyms_tables *t)
{
	uint16_t index[256];
	struct pgr_error *err =
		vmcore_read(k->dump, t->token_index, index, sizeof(index));
	if (err)
		return unreadable("kallsyms_token_index", err);
	uint16_t max = 0;
	for (int i = 0; i < 256; i++)
		max = index[i] > max ? index[i] : max;
	size_t len = (size_t)max + sizeof(t->tokens[0]);
	_cleanup_free_ char *buf = malloc(len);
	if (!buf)
		return &pgr_enomem;
	// The table may end less than a token's size before unmapped memory.
	size_t missing = 0;
	err = vmcore_read_partial(k->dump, t->token_table, buf, len, &missing);
	if (err)
		return unreadable("kallsyms_token_table", err);
	for (int i = 0; i < 256; i++) {
		const char *s = buf + index[i];
		size_t n = strnlen(s, sizeof(t->tokens[0]));
		if (n == 0 || n == sizeof(t->tokens[0]))
			return pgr_error_format(
				PGR_ERROR_BAD_DATA,
				"kallsyms token %d at 0x%" PRIx64
				" is not a short string: not a kallsyms token table",
				i, t->token_table + index[i]);
		memcpy(t->tokens[i], s, n + 1);
	}
	return NULL;
}

// kallsyms_names has no recorded size: it ends before whichever of the
// other tables follows it.
static uint64_t names_bound(const struct kallsyms_tables *t)
{
	uint64_t others[] = { t->token_table, t->token_index, t->offsets,
			      t->addresses };
	uint64_t end = t->names + MAX_NAMES_BYTES;
	for (size_t i = 0; i < sizeof(others) / sizeof(*others); i++)
		if (others[i] > t->names && others[i] < end)
			end = others[i];
	return end;
}

static struct pgr_error *read_tables(struct vmcore_kernel *k,
				     struct kallsyms_tables *t)
{
	uint64_t num_addr;
	if (!info_symbol(k, "kallsyms_names", &t->names) ||
	    !info_symbol(k, "kallsyms_num_syms", &num_addr) ||
	    !info_symbol(k, "kallsyms_token_table", &t->token_table) ||
	    !info_symbol(k, "kallsyms_token_index", &t->token_index) ||
	    (!info_symbol(k, "kallsyms_offsets", &t->offsets) &&
	     !info_symbol(k, "kallsyms_addresses", &t->addresses)))
		return pgr_error_create(
			PGR_ERROR_NOT_FOUND,
			"the dump's VMCOREINFO has no kallsyms tables (a kernel before 6.0, or built without CONFIG_KALLSYMS)");
	uint64_t base_addr;
	if (t->offsets &&
	    info_symbol(k, "kallsyms_relative_base", &base_addr)) {
		struct pgr_error *err =
			vmcore_read_u64(k->dump, base_addr, &t->relative_base);
		if (err)
			return unreadable("kallsyms_relative_base", err);
		t->have_base = true;
	}
	struct pgr_error *err = vmcore_read_u32(k->dump, num_addr, &t->num);
	if (err)
		return unreadable("kallsyms_num_syms", err);
	if (!t->num || t->num > MAX_SYMS)
		return pgr_error_format(PGR_ERROR_BAD_DATA,
					"kallsyms_num_syms is %" PRIu32
					": not a symbol count",
					t->num);
	if ((err = read_tokens(k, t)))
		return err;
	t->names_len = names_bound(t) - t->names;
	t->names_buf = malloc(t->names_len);
	if (!t->names_buf)
		return &pgr_enomem;
	size_t missing = 0;
	err = vmcore_read_partial(k->dump, t->names, t->names_buf, t->names_len,
				  &missing);
	if (err)
		return unreadable("kallsyms_names", err);
	size_t width = t->offsets ? 4 : 8;
	t->values = malloc((size_t)t->num * width);
	if (!t->values)
		return &pgr_enomem;
	err = vmcore_read(k->dump, t->offsets ? t->offsets : t->addresses,
			  t->values, (size_t)t->num * width);
	if (err)
		return unreadable(t->offsets ? "kallsyms_offsets" :
					       "kallsyms_addresses",
				  err);
	return NULL;
}

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

struct vmcoreinfo_symbol {
	char name[64];
	uint64_t value;
};

// VMCOREINFO's SYMBOL() lines that name places in the kernel image (not
// the heap pointers some of them hold, like mem_section).
static size_t image_symbols(struct vmcore_kernel *k,
			    struct vmcoreinfo_symbol *out, size_t max)
{
	const char *text = vmcore_info_text(k->dump);
	size_t n = 0;
	for (const char *p = text; p && n < max && (p = strstr(p, "SYMBOL("));
	     p++) {
		if (p != text && p[-1] != '\n')
			continue;
		const char *close = strchr(p, ')');
		size_t len = close ? (size_t)(close - p - 7) : 0;
		if (!len || len >= sizeof(out[n].name))
			continue;
		memcpy(out[n].name, p + 7, len);
		out[n].name[len] = '\0';
		if (info_symbol(k, out[n].name, &out[n].value) &&
		    out[n].value >= KERNEL_MAP_START)
			n++;
	}
	return n;
}

// The encoding under which every VMCOREINFO symbol found in the table
// has the address VMCOREINFO gives, and at least two are found; each
// candidate is tried, so a kernel that changed the encoding again is
// refused rather than given wrong addresses.
static struct pgr_error *choose_encoding(struct vmcore_kernel *k,
					 const struct kallsyms_tables *t,
					 const char *arena,
					 const struct decoded *names,
					 enum address_encoding *ret)
{
	struct vmcoreinfo_symbol syms[64];
	size_t nsyms = image_symbols(k, syms, 64);
	// Which kallsyms index each VMCOREINFO symbol has (first one).
	int64_t index[64];
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

static struct pgr_error *fill_symtab(struct vmcore_kernel *k,
				     const struct kallsyms_tables *t,
				     enum address_encoding enc,
				     const char *arena,
				     const struct decoded *names)
{
	if (!ksym_vector_reserve(&k->syms.all, t->num))
		return &pgr_enomem;
	for (uint32_t i = 0; i < t->num; i++) {
		struct ksym s = { .addr = symbol_address(t, enc, i),
				  .name = arena + names[i].name_off };
		if (!ksym_vector_append(&k->syms.all, &s))
			return &pgr_enomem;
	}
	// Temporary hash for the region bounds; rebuilt below.
	struct pgr_error *err = symtab_finish(&k->syms);
	if (err)
		return err;
	static const char *const bounds[][2] = {
		{ "_stext", "_etext" },
		{ "_sinittext", "_einittext" },
		{ "__entry_text_start", "__entry_text_end" },
	};
	struct text_region regions[3];
	size_t nregions = 0;
	for (size_t i = 0; i < 3; i++) {
		struct text_region *r = &regions[nregions];
		if (symtab_find_name(&k->syms, bounds[i][0], &r->start) &&
		    symtab_find_name(&k->syms, bounds[i][1], &r->end) &&
		    r->end > r->start)
			nregions++;
	}
	free(k->syms.hash);
	k->syms.hash = NULL;
	if (!nregions)
		return pgr_error_create(
			PGR_ERROR_BAD_DATA,
			"kallsyms has no _stext/_etext: the text cannot be told from data");
	// kallsyms is sorted by address, and the kernel names an address by
	// the first of its aliases: only that one is a "function", so
	// symtab_finish() keeps it, whatever the names' order.
	uint64_t prev = 0;
	for (uint32_t i = 0; i < t->num; i++) {
		struct ksym *s = &k->syms.all.data[i];
		uint64_t end = region_end(regions, nregions, s->addr);
		if (!is_text_type(names[i].type) || !end)
			continue;
		s->func = s->addr != prev;
		prev = s->addr;
		// Sizes are not recorded: a symbol reaches the next text
		// symbol or its region's end.
		uint64_t next = end;
		for (uint32_t j = i + 1; j < t->num; j++) {
			const struct ksym *o = &k->syms.all.data[j];
			if (o->addr > s->addr && is_text_type(names[j].type) &&
			    region_end(regions, nregions, o->addr) == end) {
				next = o->addr < end ? o->addr : end;
				break;
			}
			if (o->addr >= end)
				break;
		}
		s->size = next - s->addr;
		if (!ksym_vector_append(&k->syms.text, s))
			return &pgr_enomem;
	}
	return symtab_finish(&k->syms);
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

struct pgr_error *symbols_load_kallsyms(struct vmcore_kernel *k)
{
	struct kallsyms_tables t = { 0 };
	struct pgr_error *err = read_tables(k, &t);
	size_t arena_size = t.names_len * 8 + 1024;
	char *arena = NULL;
	struct decoded *names = NULL;
	enum address_encoding enc = ENC_RELATIVE;
	if (!err) {
		arena = malloc(arena_size);
		names = calloc(t.num, sizeof(*names));
		if (!arena || !names)
			err = &pgr_enomem;
	}
	size_t used = 0;
	if (!err)
		err = decode_names(&t, arena, arena_size, names, &used);
	if (!err) {
		// Names are offsets until fill_symtab(): the arena may move.
		char *shrunk = realloc(arena, used);
		if (shrunk)
			arena = shrunk;
	}
	if (!err)
		err = choose_encoding(k, &t, arena, names, &enc);
	if (!err)
		err = check_sorted(&t, enc, names);
	if (!err)
		err = fill_symtab(k, &t, enc, arena, names);
	if (!err) {
		k->kallsyms_arena = arena;
		arena = NULL;
	} else {
		symtab_deinit(&k->syms);
	}
	free(arena);
	free(names);
	tables_free(&t);
	return err;
}
