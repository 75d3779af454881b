// SPDX-License-Identifier: GPL-2.0-or-later
#include <string.h>

#include "json_syntax.h"

/* cJSON's CJSON_NESTING_LIMIT: deeper input is its syntax error too. */
enum { MAX_DEPTH = 1000 };

struct scan {
	const char *p, *end;
};

static void skip_space(struct scan *s)
{
	while (s->p < s->end && strchr(" \t\r\n", *s->p) && *s->p)
		s->p++;
}

static bool literal(struct scan *s, const char *word)
{
	size_t n = strlen(word);
	if ((size_t)(s->end - s->p) < n || memcmp(s->p, word, n) != 0)
		return false;
	s->p += n;
	return true;
}

static bool digits(struct scan *s)
{
	const char *start = s->p;
	while (s->p < s->end && *s->p >= '0' && *s->p <= '9')
		s->p++;
	return s->p > start;
}

static bool number(struct scan *s)
{
	if (s->p < s->end && *s->p == '-')
		s->p++;
	if (!digits(s))
		return false;
	if (s->p < s->end && *s->p == '.') {
		s->p++;
		if (!digits(s))
			return false;
	}
	if (s->p < s->end && (*s->p == 'e' || *s->p == 'E')) {
		s->p++;
		if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
			s->p++;
		if (!digits(s))
			return false;
	}
	return true;
}

static bool string(struct scan *s)
{
	s->p++;
	while (s->p < s->end) {
		unsigned char c = *s->p++;
		if (c == '"')
			return true;
		if (c < 0x20)
			return false;
		if (c != '\\')
			continue;
		if (s->p >= s->end)
			return false;
		c = *s->p++;
		if (c == 'u') {
			for (int i = 0; i < 4; i++, s->p++) {
				if (s->p >= s->end ||
				    !strchr("0123456789abcdefABCDEF", *s->p) ||
				    !*s->p)
					return false;
			}
		} else if (!strchr("\"\\/bfnrt", c) || !c) {
			return false;
		}
	}
	return false;
}

static bool value(struct scan *s, int depth);

/* An array or object after its opening bracket. */
static bool members(struct scan *s, int depth, char close, bool keys)
{
	s->p++;
	skip_space(s);
	if (s->p < s->end && *s->p == close) {
		s->p++;
		return true;
	}
	for (;;) {
		skip_space(s);
		if (keys) {
			if (s->p >= s->end || *s->p != '"' || !string(s))
				return false;
			skip_space(s);
			if (s->p >= s->end || *s->p++ != ':')
				return false;
		}
		if (!value(s, depth + 1))
			return false;
		skip_space(s);
		if (s->p >= s->end)
			return false;
		char c = *s->p++;
		if (c == close)
			return true;
		if (c != ',')
			return false;
	}
}

static bool value(struct scan *s, int depth)
{
	if (depth > MAX_DEPTH)
		return false;
	skip_space(s);
	if (s->p >= s->end)
		return false;
	switch (*s->p) {
	case '{':
		return members(s, depth, '}', true);
	case '[':
		return members(s, depth, ']', false);
	case '"':
		return string(s);
	case 't':
		return literal(s, "true");
	case 'f':
		return literal(s, "false");
	case 'n':
		return literal(s, "null");
	default:
		return number(s);
	}
}

bool json_syntax_valid(const char *text, size_t len)
{
	struct scan s = { text, text + len };
	return value(&s, 0);
}
