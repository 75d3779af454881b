// SPDX-License-Identifier: GPL-2.0-or-later
// The line table gives the innermost line of an address; the scopes that
// contain it give, for each inlined subroutine, the call
// site in its caller (DW_AT_call_file, DW_AT_call_line).  Only the unit of
// the address is decoded, and libdw keeps its line table for the next
// address in it.
#include <dwarf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "debuginfo/srcline.h" // IWYU pragma: associated

// Kernel builds record paths under the build directory (comp_dir) or as
// "./include/linux/mm.h"; relative to the tree they read as in the
// kernel's own messages and in decode_stacktrace.sh's output.
static const char *tidy_path(const char *file, const char *comp_dir)
{
	size_t n = comp_dir ? strlen(comp_dir) : 0;
	if (n && strncmp(file, comp_dir, n) == 0 && file[n] == '/')
		file += n + 1;
	while (file[0] == '.' && file[1] == '/')
		file += 2;
	return file;
}

// An inlined instance, or a concrete out-of-line copy, names its function
// through DW_AT_abstract_origin; dwarf_attr_integrate follows it.
static const char *scope_name(Dwarf_Die *die)
{
	Dwarf_Attribute attr;
	if (!dwarf_attr_integrate(die, DW_AT_name, &attr))
		return NULL;
	return dwarf_formstring(&attr);
}

static int scope_udata(Dwarf_Die *die, unsigned int name)
{
	Dwarf_Attribute attr;
	Dwarf_Word v;
	if (!dwarf_attr(die, name, &attr) || dwarf_formudata(&attr, &v) != 0 ||
	    v > 0x7fffffff)
		return -1;
	return (int)v;
}

static void push(struct srcline *s, const struct srcline_level *l)
{
	if (s->depth < SRCLINE_MAX_DEPTH)
		s->levels[s->depth++] = *l;
}

bool srcline_lookup(Dwarf_Die *cu, Dwarf_Addr addr, struct srcline *ret)
{
	ret->depth = 0;
	Dwarf_Line *line = dwarf_getsrc_die(cu, addr);
	int lineno;
	const char *file = line ? dwarf_linesrc(line, NULL, NULL) : NULL;
	if (!file || dwarf_lineno(line, &lineno) != 0)
		return false;
	Dwarf_Attribute attr;
	const char *comp_dir =
		dwarf_formstring(dwarf_attr(cu, DW_AT_comp_dir, &attr));
	struct srcline_level cur = { .file = tidy_path(file, comp_dir),
				     .line = lineno };
	Dwarf_Files *files = NULL;
	size_t nfiles = 0;
	// dwarf_getscopes continues an inlined instance with the scopes of
	// its abstract definition; the call chain is the instance's
	// concrete parents, which dwarf_getscopes_die gives.
	Dwarf_Die *scopes = NULL;
	int n = dwarf_getscopes(cu, addr, &scopes);
	if (n > 0) {
		Dwarf_Die inner = scopes[0];
		free(scopes);
		scopes = NULL;
		n = dwarf_getscopes_die(&inner, &scopes);
	}
	for (int i = 0; i < n; i++) {
		int tag = dwarf_tag(&scopes[i]);
		if (tag != DW_TAG_inlined_subroutine &&
		    tag != DW_TAG_subprogram)
			continue;
		cur.function = scope_name(&scopes[i]);
		push(ret, &cur);
		if (tag == DW_TAG_subprogram)
			break;
		if (!files && dwarf_getsrcfiles(cu, &files, &nfiles) != 0)
			files = NULL;
		int call_file = scope_udata(&scopes[i], DW_AT_call_file);
		const char *cf =
			files && call_file >= 0 ?
				dwarf_filesrc(files, call_file, NULL, NULL) :
				NULL;
		cur = (struct srcline_level){
			.file = cf ? tidy_path(cf, comp_dir) : "??",
			.line = scope_udata(&scopes[i], DW_AT_call_line),
		};
		if (cur.line < 0)
			cur.line = 0;
	}
	free(scopes);
	// Code outside any function DIE (assembler): the line alone.
	if (!ret->depth)
		push(ret, &cur);
	return true;
}

static char *level_source(struct crash_record *rec,
			  const struct srcline_level *l)
{
	char buf[4200];
	snprintf(buf, sizeof(buf), "%.4096s:%d", l->file, l->line);
	return record_strdup(rec, buf);
}

bool srcline_to_frame(const struct srcline *s, struct crash_record *rec,
		      struct frame *f)
{
	if (!s->depth)
		return true;
	if (!(f->source = level_source(rec, &s->levels[0])))
		return false;
	if (s->depth < 2)
		return true;
	f->inline_chain = pgr_arena_alloc(&rec->arena,
					  s->depth * sizeof(*f->inline_chain));
	if (!f->inline_chain)
		return false;
	for (size_t i = 0; i < s->depth; i++) {
		const struct srcline_level *l = &s->levels[i];
		struct inline_level *out = &f->inline_chain[i];
		out->function =
			record_strdup(rec, l->function ? l->function : "??");
		out->source = i ? level_source(rec, l) : f->source;
		if (!out->function || !out->source)
			return false;
	}
	f->inline_depth = s->depth;
	return true;
}
