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

static uint64_t hex_value(const cJSON *frame, const char *key, bool *known)
{
	const char *s = get_string(frame, key);
	*known = s != NULL;
	return s ? strtoull(s, NULL, 16) : 0;
}

static void frame_json(struct json_tree *t, cJSON *frames, const cJSON *f)
{
	const char *fn = get_string(f, "function");
	const char *mod = get_string(f, "module");
	if (!name_ok(fn, true))
		return;
	cJSON *o = jt_object(t, frames, NULL);
	bool known;
	uint64_t addr = hex_value(f, "address", &known);
	if (known)
		jt_u64(t, o, "address", addr);
	jt_bool(t, o, "reliable",
		cJSON_IsTrue(cJSON_GetObjectItem(f, "reliable")));
	jt_string(t, o, "function_name", fn);
	// FAF requires both; 0 is what satyr records when it has none.
	jt_u64(t, o, "function_offset", hex_value(f, "offset", &known));
	jt_u64(t, o, "function_length", hex_value(f, "length", &known));
	if (name_ok(mod, false))
		jt_string(t, o, "module_name", mod);
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
			 const cJSON *report, const cJSON *rec)
{
	cJSON *p = jt_object(t, parent, "problem");
	jt_string(t, p, "type", "kerneloops");
	jt_string(t, p, "component", "kernel");
	const char *raw = get_string(report, "raw_oops");
	if (raw)
		jt_string(t, p, "raw_oops", raw);
	const char *version = get_string(rec, "kernel_version");
	if (version)
		jt_string(t, p, "version", version);
	taint_json(t, p, get_string(rec, "taint"));
	cJSON *mods = jt_array(t, p, "modules");
	const cJSON *m;
	cJSON_ArrayForEach(m, cJSON_GetObjectItem(rec, "modules")) {
		if (cJSON_IsString(m) && name_ok(m->valuestring, false))
			jt_string(t, mods, NULL, m->valuestring);
	}
	cJSON *frames = jt_array(t, p, "frames");
	const cJSON *f;
	cJSON_ArrayForEach(f, cJSON_GetObjectItem(rec, "frames"))
		frame_json(t, frames, f);
}

cJSON *ureport_create(const cJSON *report)
{
	const cJSON *rec = cJSON_GetObjectItemCaseSensitive(report, "record");
	struct json_tree t = { 0 };
	cJSON *o = cJSON_CreateObject();
	jt_number(&t, o, "ureport_version", 2);
	const char *title = get_string(rec, "title");
	jt_string(&t, o, "reason", title ? title : "kernel oops");
	problem_json(&t, o, report, rec);
	return json_tree_finish(&t, o);
}
