// SPDX-License-Identifier: GPL-2.0-or-later
// The kernel's symbol table read from the dump itself, for a report
// without vmlinux: the kallsyms tables whose addresses VMCOREINFO
// carries since 6.0, Linux kernel commit 5fd8fea935a1 ("vmcoreinfo:
// include kallsyms symbols"), decoded by kallsyms_decode.c and checked
// against VMCOREINFO's own SYMBOL() addresses.
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "vmcore/kallsyms.h"
#include "vmcore/kernel_priv.h" // IWYU pragma: associated

/** More symbols than any kernel has (6.12 with KALLSYMS_ALL: ~200k). */
static const uint32_t MAX_SYMS = 1u << 22;
/** Bounds the compressed names read in one piece. */
static const uint64_t MAX_NAMES_BYTES = 32u << 20;

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

// VMCOREINFO's SYMBOL() lines that name places in the kernel image (not
// the heap pointers some of them hold, like mem_section).
static size_t image_symbols(struct vmcore_kernel *k, struct kallsyms_ref *out,
			    size_t max)
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

struct pgr_error *symbols_load_kallsyms(struct vmcore_kernel *k)
{
	struct kallsyms_tables t = { 0 };
	struct kallsyms_ref refs[KALLSYMS_MAX_REFS];
	const char *encoding;
	struct pgr_error *err = read_tables(k, &t);
	if (!err)
		err = kallsyms_decode(&t, refs,
				      image_symbols(k, refs, KALLSYMS_MAX_REFS),
				      &k->syms, &k->kallsyms_arena, &encoding);
	tables_free(&t);
	return err;
}
