// SPDX-License-Identifier: GPL-2.0-or-later
#include <ctype.h>
#include <string.h>

#include "triage/notlog.h"

struct line {
	const char *p;
	size_t len;
};

/* The next line of [*pos, end); the last, partial one only when whole. */
static bool next_line(const char **pos, const char *end, bool whole,
		      struct line *ret)
{
	const char *p = *pos;
	if (p >= end)
		return false;
	const char *nl = memchr(p, '\n', end - p);
	if (!nl && !whole)
		return false;
	ret->p = p;
	ret->len = (nl ? nl : end) - p;
	*pos = nl ? nl + 1 : end;
	return true;
}

static bool starts_with(const char *p, size_t len, const char *word)
{
	size_t n = strlen(word);
	return len >= n && memcmp(p, word, n) == 0;
}

/*
 * What printk writes at the start of a line, after the optional
 * "<N>" level, "[  12.345678]" timestamp or syslog "... kernel: "
 * prefix: the openings of the reports the parser knows.
 */
static const char *const report_openings[] = {
	"BUG: ",
	"WARNING: ",
	"kernel BUG at ",
	"------------[ cut here ]",
	"Oops",
	"Kernel panic",
	"Unable to handle",
	"general protection fault",
	"Internal error",
	"invalid opcode",
	"INFO: task",
	"UBSAN: ",
	"Call Trace:",
	"RIP: ",
	"IP: [<",
	"[<",
	"Hardware name: ",
	"Modules linked in:",
	"page:",
	"Linux version",
};

static bool is_printk_timestamp(const char *p, size_t len)
{
	size_t i = 1, digits = 0;
	if (!len || p[0] != '[')
		return false;
	while (i < len && p[i] == ' ')
		i++;
	while (i < len && isdigit((unsigned char)p[i]))
		i++, digits++;
	return digits && i < len && p[i] == '.';
}

static bool looks_like_kernel_line(const char *p, size_t len)
{
	if (is_printk_timestamp(p, len))
		return true;
	const char *k = memmem(p, len, "kernel: ", 8);
	if (k) {
		len -= k + 8 - p;
		p = k + 8;
	} else if (len >= 3 && p[0] == '<' && isdigit((unsigned char)p[1]) &&
		   p[2] == '>') {
		p += 3;
		len -= 3;
	}
	while (len && (*p == ' ' || *p == '\t'))
		p++, len--;
	if (is_printk_timestamp(p, len))
		return true;
	for (size_t i = 0;
	     i < sizeof(report_openings) / sizeof(*report_openings); i++) {
		if (starts_with(p, len, report_openings[i]))
			return true;
	}
	return false;
}

/* '{', or '[' opening a JSON array (a printk timestamp is "[ digits."). */
static bool is_json(const char *p, const char *end)
{
	while (p < end && isspace((unsigned char)*p))
		p++;
	if (p == end)
		return false;
	if (*p == '{')
		return true;
	if (*p != '[')
		return false;
	for (p++; p < end && isspace((unsigned char)*p); p++)
		;
	return p < end && strchr("{[\"]", *p);
}

static size_t count_tabs(const struct line *l)
{
	size_t n = 0;
	for (size_t i = 0; i < l->len; i++)
		n += l->p[i] == '\t';
	return n;
}

const char *text_not_a_log(const char *buf, size_t len, bool whole)
{
	const char *end = buf + len;
	if (is_json(buf, end))
		return "JSON data";
	const char *pos = buf;
	struct line l, first = { 0 };
	size_t rows = 0, tabs = 0;
	bool table = true;
	while (next_line(&pos, end, whole, &l)) {
		if (looks_like_kernel_line(l.p, l.len))
			return NULL;
		if (!l.len || (l.len == 1 && l.p[0] == '\r'))
			continue;
		if (!first.p)
			first = l;
		// Tables: every row (not '#' comments) has the same tabs.
		if (l.p[0] == '#')
			continue;
		size_t n = count_tabs(&l);
		if (!n || (rows && n != tabs))
			table = false;
		tabs = n;
		rows++;
	}
	if (table && rows >= 2)
		return "a tab-separated table";
	if (first.p && first.len >= 2 && first.p[0] == '#') {
		size_t i = 0;
		while (i < first.len && first.p[i] == '#')
			i++;
		if (i <= 6 && i < first.len && first.p[i] == ' ')
			return "Markdown text";
	}
	return NULL;
}
