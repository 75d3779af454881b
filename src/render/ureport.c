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

static const char *get_string(const cJSON *obj, const char *key)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsString(item) ? item->valuestring : NULL;
}

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

static uint64_t hex_value(const cJSON *frame, const char *key, bool *known)
{
	const char *s = get_string(frame, key);
	*known = s != NULL;
	return s ? strtoull(s, NULL, 16) : 0;
}

static cJSON *frame_json(const cJSON *f)
{
	const char *fn = get_string(f, "function");
	const char *mod = get_string(f, "module");
	if (!name_ok(fn, true))
		return NULL;
	cJSON *o = cJSON_CreateObject();
	bool known;
	uint64_t addr = hex_value(f, "address", &known);
	if (known)
		add_u64(o, "address", addr);
	cJSON_AddBoolToObject(o, "reliable",
			      cJSON_IsTrue(cJSON_GetObjectItem(f, "reliable")));
	cJSON_AddStringToObject(o, "function_name", fn);
	// FAF requires both; 0 is what satyr records when it has none.
	add_u64(o, "function_offset", hex_value(f, "offset", &known));
	add_u64(o, "function_length", hex_value(f, "length", &known));
	if (name_ok(mod, false))
		cJSON_AddStringToObject(o, "module_name", mod);
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

static cJSON *problem_json(const cJSON *report, const cJSON *rec)
{
	cJSON *p = cJSON_CreateObject();
	cJSON_AddStringToObject(p, "type", "kerneloops");
	cJSON_AddStringToObject(p, "component", "kernel");
	const char *raw = get_string(report, "raw_oops");
	if (raw)
		cJSON_AddStringToObject(p, "raw_oops", raw);
	const char *version = get_string(rec, "kernel_version");
	if (version)
		cJSON_AddStringToObject(p, "version", version);
	cJSON_AddItemToObject(p, "taint_flags",
			      taint_json(get_string(rec, "taint")));
	cJSON *mods = cJSON_AddArrayToObject(p, "modules");
	const cJSON *m;
	cJSON_ArrayForEach(m, cJSON_GetObjectItem(rec, "modules")) {
		if (cJSON_IsString(m) && name_ok(m->valuestring, false))
			cJSON_AddItemToArray(mods, cJSON_CreateString(m->valuestring));
	}
	cJSON *frames = cJSON_AddArrayToObject(p, "frames");
	const cJSON *f;
	cJSON_ArrayForEach(f, cJSON_GetObjectItem(rec, "frames")) {
		cJSON *fo = frame_json(f);
		if (fo)
			cJSON_AddItemToArray(frames, fo);
	}
	return p;
}

cJSON *ureport_create(const cJSON *report)
{
	const cJSON *rec = cJSON_GetObjectItemCaseSensitive(report, "record");
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	cJSON_AddNumberToObject(o, "ureport_version", 2);
	const char *title = get_string(rec, "title");
	cJSON_AddStringToObject(o, "reason", title ? title : "kernel oops");
	cJSON_AddItemToObject(o, "problem", problem_json(report, rec));
	return o;
}
