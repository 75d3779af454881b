// SPDX-License-Identifier: GPL-2.0-or-later
// kallsyms tables as scripts/kallsyms.c lays them out, in each of the
// four address encodings (absolute; relative with absolute per-CPU
// symbols, until 6.15; relative, 6.15; relative to each entry, 7.0),
// decoded with the encoding found from reference symbols.
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "vmcore/kallsyms.h"

#define BASE UINT64_C(0xffffffff81000000)

struct sym {
	char type;
	const char *name;
	uint64_t addr;
};

static char long_name[201];

static struct sym syms[] = {
	{ 'D', "fixed_percpu_data", 0 },
	{ 'T', "_stext", BASE },
	{ 't', "startup", BASE + 0x10 },
	{ 'T', "func_a", BASE + 0x100 },
	{ 'T', "alias_a", BASE + 0x100 },
	{ 't', "func_b", BASE + 0x200 },
	{ 't', long_name, BASE + 0x300 },
	{ 'T', "_etext", BASE + 0x1000 },
	{ 'D', "init_uts_ns", BASE + 0x1000000 },
	{ 'R', "linux_banner", BASE + 0x1001000 },
};
enum { NSYMS = sizeof(syms) / sizeof(syms[0]) };

enum layout { ABSOLUTE, ABSOLUTE_PERCPU, RELATIVE, PC_RELATIVE };

/** Where the "kernel" keeps kallsyms_offsets / _addresses. */
static const uint64_t TABLE_ADDR = BASE + 0x1100000;
/**
 * 6.15+ per-CPU symbols live in the image (here just below _stext, where
 * they keep the table sorted); the relative base is the lowest address.
 */
static const uint64_t PERCPU_IN_IMAGE = BASE - 0x1000;

// Names as the kernel stores them: a length (two bytes past 127), then
// token indexes; token c is the character c, and token 0x80 is "func_".
static void build(struct kallsyms_tables *t, enum layout layout)
{
	memset(t, 0, sizeof(*t));
	for (int c = 1; c < 128; c++)
		t->tokens[c][0] = (char)c;
	strcpy(t->tokens[0x80], "func_");
	t->names_buf = malloc(4096);
	t->values = calloc(NSYMS, 8);
	t->num = NSYMS;
	size_t pos = 0;
	for (size_t i = 0; i < NSYMS; i++) {
		uint8_t enc[512];
		size_t n = 0;
		enc[n++] = (uint8_t)syms[i].type;
		const char *s = syms[i].name;
		if (strncmp(s, "func_", 5) == 0) {
			enc[n++] = 0x80;
			s += 5;
		}
		for (; *s; s++)
			enc[n++] = (uint8_t)*s;
		if (n > 127) {
			t->names_buf[pos++] = (uint8_t)(0x80 | (n & 0x7f));
			t->names_buf[pos++] = (uint8_t)(n >> 7);
		} else {
			t->names_buf[pos++] = (uint8_t)n;
		}
		memcpy(t->names_buf + pos, enc, n);
		pos += n;
	}
	t->names_len = pos;
	t->names = BASE + 0x1200000;
	if (layout == ABSOLUTE) {
		t->addresses = TABLE_ADDR;
		for (size_t i = 0; i < NSYMS; i++)
			memcpy((uint8_t *)t->values + 8 * i, &syms[i].addr, 8);
		return;
	}
	t->offsets = TABLE_ADDR;
	t->have_base = layout != PC_RELATIVE;
	t->relative_base = layout == RELATIVE ? PERCPU_IN_IMAGE : BASE;
	for (size_t i = 0; i < NSYMS; i++) {
		uint64_t a = syms[i].addr;
		int32_t off;
		if (layout == ABSOLUTE_PERCPU)
			off = a < BASE ? (int32_t)a : (int32_t)(BASE - 1 - a);
		else if (layout == RELATIVE)
			off = (int32_t)(uint32_t)((a < BASE ? PERCPU_IN_IMAGE :
							      a) -
						  t->relative_base);
		else
			off = (int32_t)((a < BASE ? PERCPU_IN_IMAGE : a) -
					(TABLE_ADDR + 4 * i));
		memcpy((uint8_t *)t->values + 4 * i, &off, 4);
	}
}

static const struct kallsyms_ref refs[] = {
	{ "_stext", BASE },
	{ "init_uts_ns", BASE + 0x1000000 },
	{ "swapper_pg_dir", BASE + 0x2000000 }, // not in kallsyms: ignored
};

static void check_layout(enum layout layout, const char *label,
			 const char *want_encoding)
{
	struct kallsyms_tables t;
	build(&t, layout);
	struct symtab st = { 0 };
	char *arena = NULL;
	const char *encoding = NULL;
	struct pgr_error *err =
		kallsyms_decode(&t, refs, 3, &st, &arena, &encoding);
	if (!ok(!err, "%s: decodes", label)) {
		printf("#   %s\n", err->message);
		pgr_error_destroy(err);
		free(t.names_buf);
		free(t.values);
		return;
	}
	is_str(encoding, want_encoding, "%s: encoding", label);
	uint64_t a = 0;
	ok(symtab_find_name(&st, "func_b", &a) && a == BASE + 0x200,
	   "%s: func_b by name (token expanded)", label);
	ok(symtab_find_name(&st, long_name, &a) && a == BASE + 0x300,
	   "%s: a 200-byte name (two-byte length)", label);
	ok(symtab_find_name(&st, "linux_banner", &a) && a == BASE + 0x1001000,
	   "%s: a data symbol", label);
	if (layout == ABSOLUTE_PERCPU)
		ok(symtab_find_name(&st, "fixed_percpu_data", &a) && a == 0,
		   "%s: an absolute per-CPU symbol", label);
	uint64_t size = 0;
	const struct ksym *s = symtab_find_addr(&st, BASE + 0x105, &size);
	ok(s && strcmp(s->name, "func_a") == 0 && size == 0x100,
	   "%s: an address in func_a is named by its first alias, size to the next",
	   label);
	s = symtab_find_addr(&st, BASE + 0x1000010, &size);
	ok(!s, "%s: data past _etext is no text", label);
	symtab_deinit(&st);
	free(arena);
	free(t.names_buf);
	free(t.values);
}

static void check_refused(void)
{
	struct kallsyms_tables t;
	build(&t, RELATIVE);
	struct symtab st = { 0 };
	char *arena = NULL;
	const char *encoding = NULL;
	struct kallsyms_ref wrong[] = { { "_stext", BASE },
					{ "init_uts_ns", BASE + 0x1000 } };
	struct pgr_error *err =
		kallsyms_decode(&t, wrong, 2, &st, &arena, &encoding);
	ok(err && err->code == PGR_ERROR_UNSUPPORTED &&
		   strstr(err->message, "no known encoding"),
	   "a reference symbol at another address: no encoding fits, refused");
	pgr_error_destroy(err);
	err = kallsyms_decode(&t, refs, 1, &st, &arena, &encoding);
	ok(err && err->code == PGR_ERROR_UNSUPPORTED,
	   "one reference symbol is not enough to choose an encoding");
	pgr_error_destroy(err);
	t.names_len = 30;
	err = kallsyms_decode(&t, refs, 3, &st, &arena, &encoding);
	ok(err && err->code == PGR_ERROR_BAD_DATA &&
		   strstr(err->message, "not kallsyms_names"),
	   "names cut short: refused as not kallsyms_names");
	pgr_error_destroy(err);
	free(t.names_buf);
	free(t.values);
}

int main(void)
{
	memset(long_name, 'x', sizeof(long_name) - 1);
	memcpy(long_name, "long_", 5);
	check_layout(ABSOLUTE, "absolute", "absolute addresses");
	check_layout(
		ABSOLUTE_PERCPU, "absolute per-CPU (6.1, 6.12)",
		"relative to kallsyms_relative_base with absolute per-CPU symbols");
	check_layout(RELATIVE, "relative (6.15)",
		     "relative to kallsyms_relative_base");
	check_layout(PC_RELATIVE, "entry-relative (7.0)",
		     "relative to each entry");
	check_refused();
	return tap_done();
}
