// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_read_priv.h"

bool rd_bad(struct rd *rd, const char *key, const char *what)
{
	if (!rd->problem[0] && !rd->oom)
		snprintf(rd->problem, sizeof(rd->problem), "\"%s\" is not %s",
			 key ? key : "item", what);
	return false;
}

bool rd_nomem(struct rd *rd)
{
	rd->oom = true;
	return false;
}

const cJSON *rd_member(struct rd *rd, const cJSON *obj, const char *key)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!item && !rd->problem[0] && !rd->oom)
		snprintf(rd->problem, sizeof(rd->problem), "\"%s\" is missing",
			 key);
	return item;
}

bool rd_dup_into(struct rd *rd, const char *s, char **ret)
{
	*ret = pgr_arena_strdup(rd->arena, s);
	return *ret ? true : rd_nomem(rd);
}

/* A string or null (NULL); with @p heap, malloc()ed (verdicts free them). */
bool rd_str_item(struct rd *rd, const cJSON *item, const char *key, bool heap,
		 char **ret)
{
	*ret = NULL;
	if (cJSON_IsNull(item))
		return true;
	if (!cJSON_IsString(item))
		return rd_bad(rd, key, "a string or null");
	if (!heap)
		return rd_dup_into(rd, item->valuestring, ret);
	*ret = strdup(item->valuestring);
	return *ret ? true : rd_nomem(rd);
}

bool rd_str(struct rd *rd, const cJSON *obj, const char *key, char **ret)
{
	const cJSON *item = rd_member(rd, obj, key);
	return item && rd_str_item(rd, item, key, false, ret);
}

bool rd_heap_str(struct rd *rd, const cJSON *obj, const char *key, char **ret)
{
	const cJSON *item = rd_member(rd, obj, key);
	return item && rd_str_item(rd, item, key, true, ret);
}

/* A string that must be there. */
bool rd_text(struct rd *rd, const cJSON *obj, const char *key, char **ret)
{
	if (!rd_str(rd, obj, key, ret))
		return false;
	return *ret ? true : rd_bad(rd, key, "a string");
}

bool rd_bool(struct rd *rd, const cJSON *obj, const char *key, bool *ret)
{
	const cJSON *item = rd_member(rd, obj, key);
	if (!item)
		return false;
	if (!cJSON_IsBool(item))
		return rd_bad(rd, key, "true or false");
	*ret = cJSON_IsTrue(item);
	return true;
}

bool rd_tri(struct rd *rd, const cJSON *obj, const char *key,
	    enum tristate *ret)
{
	const cJSON *item = rd_member(rd, obj, key);
	if (!item)
		return false;
	if (cJSON_IsNull(item))
		*ret = TRI_UNKNOWN;
	else if (cJSON_IsBool(item))
		*ret = cJSON_IsTrue(item) ? TRI_TRUE : TRI_FALSE;
	else
		return rd_bad(rd, key, "true, false or null");
	return true;
}

/* "0x..." or null. */
bool rd_hex_item(struct rd *rd, const cJSON *item, const char *key,
		 struct pgr_u64 *ret)
{
	*ret = (struct pgr_u64){ 0 };
	if (cJSON_IsNull(item))
		return true;
	const char *s = cJSON_IsString(item) ? item->valuestring : NULL;
	char *end;
	if (!s || s[0] != '0' || s[1] != 'x' || !s[2] || s[2] == '-' ||
	    s[2] == '+')
		return rd_bad(rd, key, "a hex string (\"0x...\") or null");
	errno = 0;
	uint64_t v = strtoull(s + 2, &end, 16);
	if (*end || errno)
		return rd_bad(rd, key, "a hex string (\"0x...\") or null");
	*ret = pgr_u64_of(v);
	return true;
}

bool rd_hex(struct rd *rd, const cJSON *obj, const char *key,
	    struct pgr_u64 *ret)
{
	const cJSON *item = rd_member(rd, obj, key);
	return item && rd_hex_item(rd, item, key, ret);
}

/*
 * cJSON reads numbers as doubles, which beyond 2^53 are not the numbers
 * written (a vmcore's page index can be any 64-bit word).  So a
 * document's long whole numbers are handed to cJSON as strings opening
 * with BIG_NUMBER (see rd_quote_big_numbers()), and read from their digits.
 */
#define BIG_NUMBER '\x01'

static bool big_number(const cJSON *item, int64_t *s, uint64_t *u)
{
	const char *t = cJSON_IsString(item) ? item->valuestring : "";
	char *end;
	if (t[0] != BIG_NUMBER || !t[1])
		return false;
	errno = 0;
	if (s)
		*s = strtoll(t + 1, &end, 10);
	else if (t[1] != '-')
		*u = strtoull(t + 1, &end, 10);
	else
		return false;
	return !errno && !*end;
}

bool rd_int_item(struct rd *rd, const cJSON *item, const char *key, int64_t min,
		 int64_t max, int64_t *ret)
{
	if (big_number(item, ret, NULL))
		return *ret >= min && *ret <= max ?
			       true :
			       rd_bad(rd, key, "a whole number in range");
	double d = cJSON_IsNumber(item) ? item->valuedouble : 0.5;
	// (double)max + 1 is exact (a power of two): no overflow below it.
	if (!(d >= (double)min && d < (double)max + 1.0) ||
	    d != (double)(int64_t)d)
		return rd_bad(rd, key, "a whole number in range");
	*ret = (int64_t)d;
	return true;
}

bool rd_known_int(struct rd *rd, const cJSON *obj, const char *key,
		  struct pgr_s64 *ret)
{
	const cJSON *item = rd_member(rd, obj, key);
	*ret = (struct pgr_s64){ 0 };
	if (!item)
		return false;
	if (cJSON_IsNull(item))
		return true;
	ret->known = true;
	return rd_int_item(rd, item, key, INT64_MIN, INT64_MAX, &ret->value);
}

bool rd_uint_item(struct rd *rd, const cJSON *item, const char *key,
		  uint64_t *ret)
{
	if (big_number(item, NULL, ret))
		return true;
	if (!cJSON_IsNumber(item))
		return rd_bad(rd, key, "a whole number >= 0");
	double d = item->valuedouble;
	if (!(d >= 0 && d < 18446744073709551616.0) || d != (double)(uint64_t)d)
		return rd_bad(rd, key, "a whole number >= 0");
	*ret = (uint64_t)d;
	return true;
}

bool rd_known_uint(struct rd *rd, const cJSON *obj, const char *key,
		   struct pgr_u64 *ret)
{
	const cJSON *item = rd_member(rd, obj, key);
	*ret = (struct pgr_u64){ 0 };
	if (!item)
		return false;
	if (cJSON_IsNull(item))
		return true;
	ret->known = true;
	return rd_uint_item(rd, item, key, &ret->value);
}

bool rd_int(struct rd *rd, const cJSON *obj, const char *key, int *ret)
{
	const cJSON *item = rd_member(rd, obj, key);
	int64_t v;
	if (!item || !rd_int_item(rd, item, key, INT32_MIN, INT32_MAX, &v))
		return false;
	*ret = (int)v;
	return true;
}

bool rd_array(struct rd *rd, const cJSON *obj, const char *key,
	      const cJSON **ret)
{
	*ret = rd_member(rd, obj, key);
	return *ret &&
	       (cJSON_IsArray(*ret) ? true : rd_bad(rd, key, "an array"));
}

bool rd_object(struct rd *rd, const cJSON *obj, const char *key,
	       const cJSON **ret)
{
	*ret = rd_member(rd, obj, key);
	return *ret &&
	       (cJSON_IsObject(*ret) ? true : rd_bad(rd, key, "an object"));
}

bool rd_strings(struct rd *rd, const cJSON *obj, const char *key,
		struct string_vector *ret)
{
	const cJSON *arr, *item;
	if (!rd_array(rd, obj, key, &arr))
		return false;
	cJSON_ArrayForEach(item, arr) {
		char *s;
		if (!cJSON_IsString(item))
			return rd_bad(rd, key, "an array of strings");
		if (!rd_dup_into(rd, item->valuestring, &s))
			return false;
		if (!string_vector_append(ret, &s))
			return rd_nomem(rd);
	}
	return true;
}

/* One of @p n names given by @p name_of. */
bool rd_name(struct rd *rd, const cJSON *obj, const char *key,
	     const char *(*name_of)(int), int n, int *ret)
{
	const cJSON *item = rd_member(rd, obj, key);
	if (!item)
		return false;
	for (int i = 0; cJSON_IsString(item) && i < n; i++) {
		if (strcmp(name_of(i), item->valuestring) == 0) {
			*ret = i;
			return true;
		}
	}
	return rd_bad(rd, key, "a name this version writes");
}

bool rd_copy_text(struct rd *rd, const cJSON *obj, const char *key, char *buf,
		  size_t size)
{
	char *s;
	if (!rd_text(rd, obj, key, &s))
		return false;
	if (strlen(s) >= size)
		return rd_bad(rd, key, "as short as pagerace writes it");
	strcpy(buf, s);
	return true;
}

struct pgr_error *rd_error(struct rd *rd, const char *where)
{
	if (rd->oom)
		return &pgr_enomem;
	const char *problem = rd->problem[0] ? rd->problem :
					       "not what pagerace writes";
	return where ? pgr_error_format(PGR_ERROR_BAD_DATA, "%s: %s", where,
					problem) :
		       pgr_error_create(PGR_ERROR_BAD_DATA, problem);
}

/* Whole numbers of more than 15 digits, as BIG_NUMBER strings. */
char *rd_quote_big_numbers(const char *text, size_t len, size_t *len_ret)
{
	char *out = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&out, &n);
	if (!f)
		return NULL;
	bool in_string = false;
	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		if (in_string) {
			if (c == '\\' && i + 1 < len)
				putc(text[i++], f);
			else if (c == '"')
				in_string = false;
			putc(text[i], f);
			continue;
		}
		if (c != '-' && !(c >= '0' && c <= '9')) {
			in_string = c == '"';
			putc(c, f);
			continue;
		}
		// A number token: -?digits(.digits)?([eE][+-]?digits)?
		size_t j = i + (c == '-'), digits;
		while (j < len && text[j] >= '0' && text[j] <= '9')
			j++;
		digits = j - i - (c == '-');
		bool whole = !(j < len && strchr(".eE", text[j]));
		while (j < len && strchr("0123456789.eE+-", text[j]))
			j++;
		if (whole && digits > 15)
			fprintf(f, "\"\\u0001%.*s\"", (int)(j - i), text + i);
		else
			fwrite(text + i, 1, j - i, f);
		i = j - 1;
	}
	bool failed = ferror(f);
	if (fclose(f) || failed) {
		free(out);
		return NULL;
	}
	*len_ret = n;
	return out;
}
