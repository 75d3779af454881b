// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * A JSON writer that streams to a FILE: values go out as they are made,
 * so a document of any size costs the memory of its deepest nesting.
 * Output is compact; the caller puts newlines between large items (one
 * report a line).  A failed write shows in ferror() of the stream.
 */
#ifndef PGR_RENDER_JSON_WRITER_H
#define PGR_RENDER_JSON_WRITER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "record.h"

enum { JSON_WRITER_MAX_DEPTH = 32 };

struct json_writer {
	FILE *out;
	unsigned int depth;
	/** Per open container: whether it has a value yet (needs a comma). */
	bool has_value[JSON_WRITER_MAX_DEPTH];
};

void jw_init(struct json_writer *w, FILE *out);

/* @p key names the value inside an object; NULL inside an array. */
void jw_object_begin(struct json_writer *w, const char *key);
void jw_object_end(struct json_writer *w);
void jw_array_begin(struct json_writer *w, const char *key);
void jw_array_end(struct json_writer *w);
/** A string, or null for NULL. */
void jw_string(struct json_writer *w, const char *key, const char *s);
/** The first @p len bytes of @p s as a string. */
void jw_string_len(struct json_writer *w, const char *key, const char *s,
		   size_t len);
void jw_null(struct json_writer *w, const char *key);
void jw_bool(struct json_writer *w, const char *key, bool b);
void jw_uint(struct json_writer *w, const char *key, uint64_t v);
void jw_int(struct json_writer *w, const char *key, int64_t v);
/** A number as cJSON writes it: integral values without a fraction. */
void jw_double(struct json_writer *w, const char *key, double v);
/** Known: "0x..." (addresses do not fit a JSON number); else null. */
void jw_hex(struct json_writer *w, const char *key, struct pgr_u64 v);
void jw_known_uint(struct json_writer *w, const char *key, struct pgr_u64 v);
void jw_known_int(struct json_writer *w, const char *key, struct pgr_s64 v);
/** null for unknown, else a bool. */
void jw_tristate(struct json_writer *w, const char *key, enum tristate t);
/** A newline between items, for people and line-based tools. */
void jw_newline(struct json_writer *w);

#endif
