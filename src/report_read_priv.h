// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * Typed fields of the JSON render/json.c writes, for the readers of
 * report_read*.c: each returns false on a field that is not what the
 * writer makes, and leaves the first problem, named by its key, in
 * struct rd (out of memory too).
 */
#ifndef PGR_REPORT_READ_PRIV_H
#define PGR_REPORT_READ_PRIV_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "error.h"
#include "record.h"

/*
 * What one read is at: where strings go, and the first problem found.
 * The readers below return false on any problem and leave the message
 * here, so each field costs one line.
 */
struct rd {
	struct pgr_arena *arena;
	bool oom;
	char problem[160];
};

bool rd_bad(struct rd *rd, const char *key, const char *what);
bool rd_nomem(struct rd *rd);
const cJSON *rd_member(struct rd *rd, const cJSON *obj, const char *key);
bool rd_dup_into(struct rd *rd, const char *s, char **ret);
bool rd_str_item(struct rd *rd, const cJSON *item, const char *key, bool heap,
		 char **ret);
bool rd_str(struct rd *rd, const cJSON *obj, const char *key, char **ret);
bool rd_heap_str(struct rd *rd, const cJSON *obj, const char *key, char **ret);
bool rd_text(struct rd *rd, const cJSON *obj, const char *key, char **ret);
bool rd_bool(struct rd *rd, const cJSON *obj, const char *key, bool *ret);
bool rd_tri(struct rd *rd, const cJSON *obj, const char *key,
	    enum tristate *ret);
bool rd_hex_item(struct rd *rd, const cJSON *item, const char *key,
		 struct pgr_u64 *ret);
bool rd_hex(struct rd *rd, const cJSON *obj, const char *key,
	    struct pgr_u64 *ret);
bool rd_int_item(struct rd *rd, const cJSON *item, const char *key, int64_t min,
		 int64_t max, int64_t *ret);
bool rd_known_int(struct rd *rd, const cJSON *obj, const char *key,
		  struct pgr_s64 *ret);
bool rd_uint_item(struct rd *rd, const cJSON *item, const char *key,
		  uint64_t *ret);
bool rd_known_uint(struct rd *rd, const cJSON *obj, const char *key,
		   struct pgr_u64 *ret);
bool rd_int(struct rd *rd, const cJSON *obj, const char *key, int *ret);
bool rd_array(struct rd *rd, const cJSON *obj, const char *key,
	      const cJSON **ret);
bool rd_object(struct rd *rd, const cJSON *obj, const char *key,
	       const cJSON **ret);
bool rd_strings(struct rd *rd, const cJSON *obj, const char *key,
		struct string_vector *ret);
bool rd_copy_text(struct rd *rd, const cJSON *obj, const char *key, char *buf,
		  size_t size);
struct pgr_error *rd_error(struct rd *rd, const char *where);
char *rd_quote_big_numbers(const char *text, size_t len, size_t *len_ret);
/** One of @p n names given by @p name_of, as its number. */
bool rd_name(struct rd *rd, const cJSON *obj, const char *key,
	     const char *(*name_of)(int), int n, int *ret);

/** The record of a report (its "record" object). */
bool rd_record(struct rd *rd, const cJSON *obj, struct crash_record *rec);

#endif
