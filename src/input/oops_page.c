// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dump_page() decoding.  The block's shape changed a lot over the years
 * (mm/debug.c): 4.x "count:" and " compound_mapcount: N" on the page
 * line, 5.x "refcount:" plus a "head:ADDR order:N" line for compound
 * pages, 6.x a hashed or missing page address and "head: order:N ...".
 * So it is decoded as key:value tokens, not with one fixed pattern.
 */
#include <stdlib.h>
#include <string.h>

#include "oops_priv.h" // IWYU pragma: associated

bool oops_page_is_start(const char *s, size_t len)
{
	if (!STARTS(s, len, "page:"))
		return false;
	return oops_find(s, len, "count:") || oops_find(s, len, "mapping:") ||
	       oops_find(s, len, "uninitialized");
}

static bool is_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || c == '_';
}

// A value as printed: "(null)" is the NULL pointer, a fact.
static struct pgr_u64 hex_value(const char *v, size_t n)
{
	uint64_t x;
	const char *end;
	if (n >= 6 && memcmp(v, "(null)", 6) == 0)
		return pgr_u64_of(0);
	if (oops_parse_hex(v, &end, &x) && end == v + n)
		return pgr_u64_of(x);
	return (struct pgr_u64){ 0 };
}

static struct pgr_s64 dec_value(const char *v, size_t n)
{
	char *end;
	long long x = strtoll(v, &end, 10);
	return end == v + n && n ? pgr_s64_of(x) : (struct pgr_s64){ 0 };
}

static bool key_is(const char *k, size_t kn, const char *lit)
{
	return strlen(lit) == kn && memcmp(k, lit, kn) == 0;
}

// Store one token; false on ENOMEM.  Unknown keys are skipped.
static bool page_token(struct crash_record *rec, struct page_dump *page,
		       const char *k, size_t kn, const char *v, size_t vn)
{
	if (key_is(k, kn, "page"))
		page->address = hex_value(v, vn);
	else if (key_is(k, kn, "refcount") || key_is(k, kn, "count"))
		page->refcount = dec_value(v, vn);
	else if (key_is(k, kn, "mapcount"))
		page->mapcount = dec_value(v, vn);
	else if (key_is(k, kn, "mapping"))
		page->mapping = hex_value(v, vn);
	else if (key_is(k, kn, "index"))
		page->index = hex_value(v, vn);
	else if (key_is(k, kn, "pfn"))
		page->pfn = hex_value(v, vn);
	else if (key_is(k, kn, "head"))
		page->head = hex_value(v, vn);
	else if (key_is(k, kn, "order"))
		page->order = pgr_u64_of(strtoull(v, NULL, 10));
	else if (key_is(k, kn, "compound_mapcount") ||
		 key_is(k, kn, "entire_mapcount"))
		page->compound_mapcount = dec_value(v, vn);
	else if (key_is(k, kn, "ino"))
		page->ino = hex_value(v, vn); // printed with %lx
	else if (key_is(k, kn, "aops") && !page->aops)
		return (page->aops = record_strndup(rec, v, vn)) != NULL;
	return true;
}

static bool is_page_key(const char *k, size_t kn)
{
	static const char *const keys[] = {
		"page",	 "refcount", "count", "mapcount", "mapping",
		"index", "pfn",	     "head",  "order",	  "compound_mapcount",
		"aops",	 "memcg",    "anon",  "ksm",	  "entire_mapcount",
	};
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (key_is(k, kn, keys[i]))
			return true;
	}
	return false;
}

// 'dentry name:"foo bar"': the name may hold spaces.
static const char *page_dentry(struct crash_record *rec,
			       struct page_dump *page, const char *p,
			       const char *end, bool *ok_ret)
{
	*ok_ret = true;
	const char *q = memchr(p, '"', end - p);
	if (!q)
		return end;
	const char *c = memchr(q + 1, '"', end - q - 1);
	if (!c)
		c = end;
	if (!page->dentry &&
	    !(page->dentry = record_strndup(rec, q + 1, c - q - 1)))
		*ok_ret = false;
	return c < end ? c + 1 : end;
}

// A line of key:value tokens; *matched_ret false if it is not one.
static bool page_tokens(struct crash_record *rec, struct page_dump *page,
			const char *s, size_t len, bool *matched_ret)
{
	const char *p = s, *end = s + len;
	*matched_ret = false;
	for (int i = 0; p < end; i++) {
		while (p < end && *p == ' ')
			p++;
		const char *k = p;
		while (p < end && is_key_char(*p))
			p++;
		size_t kn = p - k;
		if (kn == 6 && memcmp(k, "dentry", 6) == 0) {
			bool ok;
			p = page_dentry(rec, page, p, end, &ok);
			if (!ok)
				return false;
			continue;
		}
		if (p == end || *p != ':' || !kn) {
			if (i == 0)
				return true;
			// Free text ("is uninitialized", " CMA"): next word.
			while (p < end && *p != ' ')
				p++;
			continue;
		}
		if (i == 0 && !is_page_key(k, kn))
			return true;
		*matched_ret = true;
		p++;
		// "mapping:          (null)", "compound_mapcount: 0".
		const char *v = p;
		while (v < end && *v == ' ')
			v++;
		const char *ve = v;
		while (ve < end && *ve != ' ')
			ve++;
		if (memchr(v, ':', ve - v) && v != p) {
			// Empty value followed by the next key ("page: refcount:1").
			continue;
		}
		if (!page_token(rec, page, k, kn, v, ve - v))
			return false;
		p = ve;
	}
	return true;
}

static bool push_word(struct crash_record *rec, struct string_vector *v,
		      const char *w, size_t n)
{
	char *c = record_strndup(rec, w, n);
	return c && string_vector_append(v, &c);
}

// "flags: 0x17ffffc0010036(referenced|uptodate|lru|active|head)".
static bool page_flags(struct crash_record *rec, struct page_dump *page,
		       const char *s, const char *end)
{
	const char *p;
	uint64_t v;
	if (!oops_parse_hex(s, &p, &v))
		return true;
	page->flags = pgr_u64_of(v);
	if (p >= end || *p != '(')
		return true;
	const char *close = memchr(p, ')', end - p);
	if (!close)
		close = end;
	for (const char *w = p + 1; w < close;) {
		const char *bar = memchr(w, '|', close - w);
		const char *we = bar ? bar : close;
		// "node=1", "zone=2": fields packed into the word, not flags.
		if (we > w && !memchr(w, '=', we - w)) {
			if (!push_word(rec, &page->flag_names, w, we - w))
				return false;
			if ((we - w == 4 && memcmp(w, "head", 4) == 0) ||
			    (we - w == 8 && memcmp(w, "compound", 8) == 0))
				page->is_compound = TRI_TRUE;
			if (we - w == 4 && memcmp(w, "tail", 4) == 0)
				page->is_tail = page->is_compound = TRI_TRUE;
		}
		w = we + 1;
	}
	return true;
}

static bool page_raw(struct crash_record *rec, struct page_dump *page,
		     const char *p, const char *end)
{
	while (p < end && page->raw.size < 64) {
		while (p < end && *p == ' ')
			p++;
		const char *w = p;
		while (p < end && *p != ' ')
			p++;
		if (p > w && !push_word(rec, &page->raw, w, p - w))
			return false;
	}
	return true;
}

// Tail or not follows from the head address, never from the "head" flag:
// since 5.x the flags printed are the head page's.
static void page_settle(struct page_dump *page)
{
	if (page->head.known || page->order.known ||
	    page->compound_mapcount.known)
		page->is_compound = TRI_TRUE;
	if (page->head.known)
		page->is_tail = !page->address.known ||
						page->address.value !=
							page->head.value ?
					TRI_TRUE :
					TRI_FALSE;
}

bool oops_page_line(struct crash_record *rec, struct page_dump *page,
		    const char *s, size_t len, bool start,
		    enum page_line *ret)
{
	const char *end = s + len;
	*ret = PAGE_LINE_PART;
	if (STARTS(s, len, "page dumped because: ")) {
		*ret = PAGE_LINE_END;
		page_settle(page);
		return page->reason ||
		       (page->reason = record_strndup(rec, s + 21, len - 21));
	}
	const char *f = NULL;
	if (STARTS(s, len, "flags: "))
		f = s + 7;
	else if (STARTS(s, len, "anon flags: ") || STARTS(s, len, "file flags: "))
		f = s + 12;
	else if (STARTS(s, len, "ksm flags: "))
		f = s + 11;
	if (f)
		return page_flags(rec, page, f, end);
	if (STARTS(s, len, "raw: "))
		return page_raw(rec, page, s + 5, end);
	// "head: 057ff000..." are the head page's raw words.
	if (STARTS(s, len, "head: ") && len >= 22 &&
	    strspn(s + 6, "0123456789abcdef") == 16)
		return true;
	if (STARTS(s, len, "page_type:") || STARTS(s, len, "page->") ||
	    STARTS(s, len, "memcg:"))
		return true;
	bool matched;
	if (!page_tokens(rec, page, s, len, &matched))
		return false;
	if (!matched && !start)
		*ret = PAGE_LINE_NONE;
	page_settle(page);
	return true;
}
