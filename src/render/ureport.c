// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/json_tree.h"
#include "render/ureport.h"

/* Taint letters as the kernel prints them, and FAF's names for them. */
static const struct {
	char letter;
	const char *name;
} taint_names[] = {
	{ 'P', "module_proprietary" }, { 'F', "forced_module" },
	{ 'S', "smp_unsafe" },         { 'R', "forced_removal" },
	{ 'M', "mce" },                { 'B', "page_release" },
	{ 'U', "userspace" },          { 'D', "died_recently" },
	{ 'A', "acpi_overridden" },    { 'W', "warning" },
	{ 'C', "staging_driver" },     { 'I', "firmware_workaround" },
	{ 'O', "module_out_of_tree" }, { 'E', "unsigned_module" },
	{ 'L', "soft_lockup" },        { 'K', "live_patch" },
};

/* FAF takes [a-zA-Z0-9_.]+ function names and [a-zA-Z0-9_]+ modules. */
static bool name_ok(const char *s, bool dot)
{
	if (!s || !*s)
		return false;
	for (; *s; s++) {
		if (!(*s == '_' || (*s >= '0' && *s <= '9') ||
		      (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (dot && *s == '.')))
			return false;
	}
	return true;
}

static void frame_json(struct json_tree *t, cJSON *frames,
		       const struct frame *f)
{
	if (!name_ok(f->function, true))
		return;
	cJSON *o = jt_object(t, frames, NULL);
	if (f->address.known)
		jt_u64(t, o, "address", f->address.value);
	jt_bool(t, o, "reliable", f->reliable);
	jt_string(t, o, "function_name", f->function);
	// FAF requires both; 0 is what satyr records when it has none.
	jt_u64(t, o, "function_offset", f->offset.known ? f->offset.value : 0);
	jt_u64(t, o, "function_length", f->length.known ? f->length.value : 0);
	if (name_ok(f->module, false))
		jt_string(t, o, "module_name", f->module);
}

static void taint_json(struct json_tree *t, cJSON *parent, const char *taint)
{
	cJSON *arr = jt_array(t, parent, "taint_flags");
	for (const char *c = taint ? taint : ""; *c; c++) {
		for (size_t i = 0; i < sizeof(taint_names) / sizeof(taint_names[0]); i++) {
			if (taint_names[i].letter == *c)
				jt_string(t, arr, NULL, taint_names[i].name);
		}
	}
}

static void problem_json(struct json_tree *t, cJSON *parent,
			 const struct crash_record *rec)
{
	cJSON *p = jt_object(t, parent, "problem");
	jt_string(t, p, "type", "kerneloops");
	jt_string(t, p, "component", "kernel");
	if (rec->text)
		jt_string(t, p, "raw_oops", rec->text);
	if (rec->kernel_version)
		jt_string(t, p, "version", rec->kernel_version);
	taint_json(t, p, rec->taint);
	cJSON *mods = jt_array(t, p, "modules");
	vector_for_each(char *const, m, &rec->modules) {
		if (name_ok(*m, false))
			jt_string(t, mods, NULL, *m);
	}
	cJSON *frames = jt_array(t, p, "frames");
	vector_for_each(const struct frame, f, &rec->frames)
		frame_json(t, frames, f);
}

cJSON *ureport_create(const struct report *report)
{
	const struct crash_record *rec = &report->rec;
	struct json_tree t = { 0 };
	cJSON *o = cJSON_CreateObject();
	jt_number(&t, o, "ureport_version", 2);
	jt_string(&t, o, "reason", rec->title ? rec->title : "kernel oops");
	problem_json(&t, o, rec);
	return json_tree_finish(&t, o);
}
