// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* JSON numbers are doubles to cJSON: print 64-bit values as raw text. */
static void add_u64(cJSON *o, const char *key, uint64_t v)
{
	char buf[24];
	snprintf(buf, sizeof(buf), "%" PRIu64, v);
	cJSON_AddRawToObject(o, key, buf);
}

static cJSON *frame_json(const struct frame *f)
{
	if (!name_ok(f->function, true))
		return NULL;
	cJSON *o = cJSON_CreateObject();
	if (f->address.known)
		add_u64(o, "address", f->address.value);
	cJSON_AddBoolToObject(o, "reliable", f->reliable);
	cJSON_AddStringToObject(o, "function_name", f->function);
	// FAF requires both; 0 is what satyr records when it has none.
	add_u64(o, "function_offset", f->offset.known ? f->offset.value : 0);
	add_u64(o, "function_length", f->length.known ? f->length.value : 0);
	if (name_ok(f->module, false))
		cJSON_AddStringToObject(o, "module_name", f->module);
	return o;
}

static cJSON *taint_json(const char *taint)
{
	cJSON *arr = cJSON_CreateArray();
	for (const char *t = taint ? taint : ""; *t; t++) {
		for (size_t i = 0; i < sizeof(taint_names) / sizeof(taint_names[0]); i++) {
			if (taint_names[i].letter == *t)
				cJSON_AddItemToArray(arr, cJSON_CreateString(taint_names[i].name));
		}
	}
	return arr;
}

static cJSON *problem_json(const struct crash_record *rec)
{
	cJSON *p = cJSON_CreateObject();
	cJSON_AddStringToObject(p, "type", "kerneloops");
	cJSON_AddStringToObject(p, "component", "kernel");
	if (rec->text)
		cJSON_AddStringToObject(p, "raw_oops", rec->text);
	if (rec->kernel_version)
		cJSON_AddStringToObject(p, "version", rec->kernel_version);
	cJSON_AddItemToObject(p, "taint_flags", taint_json(rec->taint));
	cJSON *mods = cJSON_AddArrayToObject(p, "modules");
	vector_for_each(char *const, m, &rec->modules) {
		if (name_ok(*m, false))
			cJSON_AddItemToArray(mods, cJSON_CreateString(*m));
	}
	cJSON *frames = cJSON_AddArrayToObject(p, "frames");
	vector_for_each(const struct frame, f, &rec->frames) {
		cJSON *fo = frame_json(f);
		if (fo)
			cJSON_AddItemToArray(frames, fo);
	}
	return p;
}

cJSON *ureport_create(const struct report *report)
{
	const struct crash_record *rec = &report->rec;
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	cJSON_AddNumberToObject(o, "ureport_version", 2);
	cJSON_AddStringToObject(o, "reason",
				rec->title ? rec->title : "kernel oops");
	cJSON_AddItemToObject(o, "problem", problem_json(rec));
	return o;
}
