// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render/json_writer.h"

void jw_init(struct json_writer *w, FILE *out)
{
	w->out = out;
	w->depth = 0;
	w->has_value[0] = false;
}

#define BYTES(b) (UINT64_C(0x0101010101010101) * (b))

/*
 * Whether any byte of @p x needs an escape (below 0x20, '"', '\\'): eight
 * bytes at a time, since nearly every string written has none.  The test
 * has no false negatives, which is all the caller needs.
 */
static bool word_needs_escape(uint64_t x)
{
	uint64_t quote = x ^ BYTES('"'), backslash = x ^ BYTES('\\');
	return ((x - BYTES(0x20)) | (quote - BYTES(1)) |
		(backslash - BYTES(1))) &
	       ~x & BYTES(0x80);
}

/* The bytes from @p p that need no escape. */
static const char *plain_end(const char *p, const char *end)
{
	uint64_t x;
	while (end - p >= 8) {
		memcpy(&x, p, sizeof(x));
		if (word_needs_escape(x))
			break;
		p += 8;
	}
	while (p < end && (unsigned char)*p >= 0x20 && *p != '"' && *p != '\\')
		p++;
	return p;
}

static void put_string(FILE *out, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	putc_unlocked('"', out);
	const char *run = s;
	for (const char *p = s, *end = s + len; p < end; p++) {
		p = plain_end(p, end);
		if (p == end)
			break;
		unsigned char c = *p;
		fwrite_unlocked(run, 1, p - run, out);
		run = p + 1;
		putc_unlocked('\\', out);
		switch (c) {
		case '"':
			putc_unlocked('"', out);
			break;
		case '\\':
			putc_unlocked('\\', out);
			break;
		case '\b':
			putc_unlocked('b', out);
			break;
		case '\f':
			putc_unlocked('f', out);
			break;
		case '\n':
			putc_unlocked('n', out);
			break;
		case '\r':
			putc_unlocked('r', out);
			break;
		case '\t':
			putc_unlocked('t', out);
			break;
		default:
			fputs_unlocked("u00", out);
			putc_unlocked(hex[c >> 4], out);
			putc_unlocked(hex[c & 15], out);
		}
	}
	fwrite_unlocked(run, 1, s + len - run, out);
	putc_unlocked('"', out);
}

/* The comma and key that come before every value. */
static void value_begin(struct json_writer *w, const char *key)
{
	if (w->has_value[w->depth])
		putc_unlocked(',', w->out);
	w->has_value[w->depth] = true;
	if (key) {
		put_string(w->out, key, strlen(key));
		putc_unlocked(':', w->out);
	}
}

/* Deeper than any document pagerace writes: a bug, not an input. */
static void container_open(struct json_writer *w, const char *key, char c)
{
	value_begin(w, key);
	putc_unlocked(c, w->out);
	if (w->depth + 1 >= JSON_WRITER_MAX_DEPTH)
		abort();
	w->has_value[++w->depth] = false;
}

static void container_close(struct json_writer *w, char c)
{
	putc_unlocked(c, w->out);
	if (w->depth)
		w->depth--;
}

void jw_object_begin(struct json_writer *w, const char *key)
{
	container_open(w, key, '{');
}

void jw_object_end(struct json_writer *w)
{
	container_close(w, '}');
}

void jw_array_begin(struct json_writer *w, const char *key)
{
	container_open(w, key, '[');
}

void jw_array_end(struct json_writer *w)
{
	container_close(w, ']');
}

void jw_string_len(struct json_writer *w, const char *key, const char *s,
		   size_t len)
{
	value_begin(w, key);
	put_string(w->out, s, len);
}

void jw_string(struct json_writer *w, const char *key, const char *s)
{
	if (!s) {
		jw_null(w, key);
		return;
	}
	jw_string_len(w, key, s, strlen(s));
}

void jw_null(struct json_writer *w, const char *key)
{
	value_begin(w, key);
	fputs_unlocked("null", w->out);
}

void jw_bool(struct json_writer *w, const char *key, bool b)
{
	value_begin(w, key);
	fputs_unlocked(b ? "true" : "false", w->out);
}

/* Digits by hand: printf's parsing costs more than the conversion. */
static void put_uint(FILE *out, uint64_t v, unsigned int base)
{
	static const char digits[] = "0123456789abcdef";
	char buf[24], *p = buf + sizeof(buf);
	// Constant divisors: a shift for hex, a multiplication for decimal.
	if (base == 16) {
		do {
			*--p = digits[v & 15];
			v >>= 4;
		} while (v);
	} else {
		do {
			*--p = digits[v % 10];
			v /= 10;
		} while (v);
	}
	fwrite_unlocked(p, 1, buf + sizeof(buf) - p, out);
}

void jw_uint(struct json_writer *w, const char *key, uint64_t v)
{
	value_begin(w, key);
	put_uint(w->out, v, 10);
}

void jw_int(struct json_writer *w, const char *key, int64_t v)
{
	value_begin(w, key);
	if (v < 0) {
		putc_unlocked('-', w->out);
		put_uint(w->out, -(uint64_t)v, 10);
	} else {
		put_uint(w->out, v, 10);
	}
}

void jw_double(struct json_writer *w, const char *key, double v)
{
	if (!isfinite(v)) {
		jw_null(w, key);
		return;
	}
	if (v == trunc(v) && fabs(v) < 1e15) {
		jw_int(w, key, (int64_t)v);
		return;
	}
	// The shortest of the two that reads back as the same number.
	char buf[32];
	snprintf(buf, sizeof(buf), "%1.15g", v);
	if (strtod(buf, NULL) != v)
		snprintf(buf, sizeof(buf), "%1.17g", v);
	value_begin(w, key);
	fputs_unlocked(buf, w->out);
}

void jw_hex(struct json_writer *w, const char *key, struct pgr_u64 v)
{
	if (!v.known) {
		jw_null(w, key);
		return;
	}
	value_begin(w, key);
	fputs_unlocked("\"0x", w->out);
	put_uint(w->out, v.value, 16);
	putc_unlocked('"', w->out);
}

void jw_known_uint(struct json_writer *w, const char *key, struct pgr_u64 v)
{
	if (v.known)
		jw_uint(w, key, v.value);
	else
		jw_null(w, key);
}

void jw_known_int(struct json_writer *w, const char *key, struct pgr_s64 v)
{
	if (v.known)
		jw_int(w, key, v.value);
	else
		jw_null(w, key);
}

void jw_tristate(struct json_writer *w, const char *key, enum tristate t)
{
	if (t == TRI_UNKNOWN)
		jw_null(w, key);
	else
		jw_bool(w, key, t == TRI_TRUE);
}

void jw_newline(struct json_writer *w)
{
	putc_unlocked('\n', w->out);
}
