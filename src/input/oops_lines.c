// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Bounded line reading and removal of what consoles, syslog, journald and
 * mail clients put in front of kernel messages.  Hand-written rather than
 * PCRE2: it runs on every line of inputs of hundreds of megabytes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "oops_priv.h" // IWYU pragma: associated

enum { READ_CHUNK = 256 * 1024 };

struct pgr_error *line_reader_init(struct line_reader *lr, FILE *in,
				   const char *name)
{
	memset(lr, 0, sizeof(*lr));
	lr->in = in;
	// Room for a whole maximal line plus a read chunk behind it.
	lr->size = OOPS_LINE_MAX + READ_CHUNK + 1;
	lr->buf = malloc(lr->size);
	return lr->buf ? NULL : &pgr_enomem;
}

void line_reader_deinit(struct line_reader *lr)
{
	free(lr->buf);
	lr->buf = NULL;
}

// Length of the valid UTF-8 sequence at @p (0 if invalid, -1 if it may
// be valid but is cut by @p end).
static int utf8_seq(const unsigned char *p, const unsigned char *end)
{
	int n;
	unsigned char c = *p;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4;
	else
		return 0;
	for (int i = 1; i < n; i++) {
		if (p + i == end)
			return -1;
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	}
	// Overlong and surrogate forms are no valid UTF-8 either.
	if ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] > 0x9f) ||
	    (c == 0xf0 && p[1] < 0x90) || (c == 0xf4 && p[1] > 0x8f))
		return 0;
	return n;
}

// Output is JSON: bytes that are not UTF-8 (latin-1 logs, binary junk)
// become '?'.  Logs are mostly ASCII, so eight bytes are tested at a time.
// Returns where checking stopped: before a sequence cut by @p end, unless
// @p eof.
static char *sanitize_utf8(char *from, char *to, bool eof)
{
	unsigned char *p = (unsigned char *)from, *end = (unsigned char *)to;
	while (p < end) {
		uint64_t w[8];
		if (end - p >= 64) {
			memcpy(w, p, 64);
			if (!((w[0] | w[1] | w[2] | w[3] | w[4] | w[5] | w[6] |
			       w[7]) & 0x8080808080808080ull)) {
				p += 64;
				continue;
			}
		}
		if (*p < 0x80) {
			p++;
			continue;
		}
		int n = utf8_seq(p, end);
		if (n < 0 && !eof)
			break;
		if (n <= 0) {
			*p++ = '?';
			continue;
		}
		p += n;
	}
	return (char *)p;
}

// Move the unread tail to the front and read more; false at EOF/error.
static struct pgr_error *fill(struct line_reader *lr, const char *name,
			      bool *got_ret)
{
	*got_ret = false;
	if (lr->eof)
		return NULL;
	if (lr->start) {
		memmove(lr->buf, lr->buf + lr->start, lr->end - lr->start);
		lr->end -= lr->start;
		lr->checked -= lr->start < lr->checked ? lr->start : lr->checked;
		lr->start = 0;
	}
	size_t room = lr->size - 1 - lr->end;
	size_t n = fread(lr->buf + lr->end, 1, room, lr->in);
	if (n == 0) {
		if (ferror(lr->in))
			return pgr_error_os(errno ? errno : EIO, name, "read");
		lr->eof = true;
		sanitize_utf8(lr->buf + lr->checked, lr->buf + lr->end, true);
		lr->checked = lr->end;
		return NULL;
	}
	// Later code uses C string functions; binary junk must not cut them.
	// One pass per read, not one per line.
	char *from = lr->buf + lr->end, *to = from + n;
	for (char *z = memchr(from, '\0', n); z; z = memchr(z, '\0', to - z))
		*z = ' ';
	// Mail clients indent with no-break spaces (UTF-8 C2 A0): two
	// spaces keep the length.
	for (char *z = memchr(from, 0xc2, n); z && z + 1 < to;
	     z = memchr(z + 1, 0xc2, to - z - 1)) {
		if ((unsigned char)z[1] == 0xa0)
			z[0] = z[1] = ' ';
	}
	lr->end += n;
	lr->checked = sanitize_utf8(lr->buf + lr->checked, lr->buf + lr->end,
				    false) - lr->buf;
	*got_ret = true;
	return NULL;
}

// Drop the rest of an over-long line, up to and including its newline.
static struct pgr_error *skip_rest(struct line_reader *lr, const char *name)
{
	for (;;) {
		char *nl = memchr(lr->buf + lr->start, '\n',
				  lr->end - lr->start);
		if (nl) {
			lr->start = nl + 1 - lr->buf;
			lr->skipping = false;
			return NULL;
		}
		lr->start = lr->end;
		bool got;
		struct pgr_error *err = fill(lr, name, &got);
		if (err || !got) {
			lr->skipping = false;
			return err;
		}
	}
}

struct pgr_error *line_reader_next(struct line_reader *lr, const char *name,
				   char **line_ret, size_t *len_ret)
{
	struct pgr_error *err;
	*line_ret = NULL;
	*len_ret = 0;
	if (lr->skipping && (err = skip_rest(lr, name)))
		return err;
	char *nl;
	size_t scanned = 0;
	for (;;) {
		char *from = lr->buf + lr->start + scanned;
		nl = memchr(from, '\n', lr->end - lr->start - scanned);
		if (nl || lr->end - lr->start >= OOPS_LINE_MAX)
			break;
		scanned = lr->end - lr->start;
		bool got;
		if ((err = fill(lr, name, &got)))
			return err;
		if (!got)
			break;
	}
	char *line = lr->buf + lr->start;
	size_t len;
	if (nl && nl - line <= OOPS_LINE_MAX) {
		len = nl - line;
		lr->start += len + 1;
	} else if (lr->end - lr->start >= OOPS_LINE_MAX) {
		// Over-long: keep the head, drop the rest on the next call;
		// cut before a UTF-8 sequence, not inside it.
		len = OOPS_LINE_MAX;
		while (len > OOPS_LINE_MAX - 4 &&
		       ((unsigned char)line[len] & 0xc0) == 0x80)
			len--;
		lr->start += len;
		lr->skipping = true;
	} else {
		len = lr->end - lr->start;
		if (len == 0)
			return NULL;
		lr->start = lr->end;
	}
	lr->lineno++;
	// Overwrites the newline (or a byte already consumed/over-long).
	line[len] = '\0';
	*line_ret = line;
	*len_ret = len;
	return NULL;
}

int line_reader_peek(const struct line_reader *lr)
{
	if (lr->skipping || lr->start >= lr->end)
		return -1;
	return (unsigned char)lr->buf[lr->start];
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static const char *skip_spaces(const char *p, const char *end)
{
	while (p < end && *p == ' ')
		p++;
	return p;
}

// "[  123.456789]" or "[T123]"/"[C1]" or "[Mon Nov 24 12:00:01 2023]".
static const char *strip_bracket(const char *p, const char *end,
				 struct oops_line *ret)
{
	const char *q = skip_spaces(p + 1, end);
	if (q < end && (*q == 'T' || *q == 'C') && q + 1 < end &&
	    is_digit(q[1])) {
		long id = 0;
		const char *r = q + 1;
		while (r < end && is_digit(*r) && id < 100000000)
			id = id * 10 + (*r++ - '0');
		if (r < end && *r == ']') {
			ret->caller = *q == 'T' ? id : -(id + 1);
			ret->has_caller = true;
			return r + 1;
		}
		return NULL;
	}
	// "dmesg -H" prints the delta to the previous line: "[  +0.000018]";
	// people who drop timestamps leave "[ ]" or "[...]" in their place.
	if (q < end && *q == '+')
		q++;
	const char *r = q;
	while (r < end && is_digit(*r))
		r++;
	if (r == q && q < end &&
	    (*q == ']' || (end - q > 3 && !memcmp(q, "...]", 4)))) {
		ret->has_timestamp = true;
		return *q == ']' ? q + 1 : q + 4;
	}
	if (r > q && r < end && *r == '.') {
		const char *frac = ++r;
		while (r < end && is_digit(*r))
			r++;
		if (r > frac && r < end && *r == ']') {
			ret->has_timestamp = true;
			return r + 1;
		}
		// "[ 12.345678,T123]" (some dmesg builds) and "[ 1.2][T3]".
		if (r > frac && r < end && *r == ',') {
			ret->has_timestamp = true;
			return strip_bracket(r, end, ret);
		}
		return NULL;
	}
	// dmesg -T: a bracket of letters, digits, spaces and colons (and a
	// time: lockdep's "[ BUG: Invalid wait context ]" is no timestamp).
	if (q < end && *q >= 'A' && *q <= 'Z') {
		const char *c = memchr(q, ']', end - q < 40 ? end - q : 40);
		if (c && memchr(q, ':', c - q) && c - q > 3 && is_digit(c[-1])) {
			ret->has_timestamp = true;
			return c + 1;
		}
	}
	return NULL;
}

// "Nov 24 12:00:01 host kernel: " / "2023-11-24T12:00:01.1+01:00 host
// kernel: ": returns after "kernel: ", or NULL when not a kernel line.
static const char *strip_syslog(const char *p, const char *end)
{
	const char *q;
	if (end - p > 16 && p[3] == ' ' && p[0] >= 'A' && p[0] <= 'Z' &&
	    p[9] == ':' && p[12] == ':') {
		q = p + 15;
	} else if (end - p > 20 && is_digit(p[0]) && p[4] == '-' &&
		   p[7] == '-' && (p[10] == 'T' || p[10] == ' ') &&
		   p[13] == ':') {
		q = memchr(p + 11, ' ', end - p - 11);
		if (!q)
			return NULL;
	} else {
		return NULL;
	}
	q = skip_spaces(q, end);
	const char *host_end = memchr(q, ' ', end - q);
	if (!host_end)
		return NULL;
	q = host_end + 1;
	if (end - q < 7 || memcmp(q, "kernel", 6) != 0)
		return NULL;
	q += 6;
	if (*q == '[') {
		const char *c = memchr(q, ']', end - q);
		q = c ? c + 1 : q;
	}
	if (q >= end || *q != ':')
		return NULL;
	q++;
	return q < end && *q == ' ' ? q + 1 : q;
}

// "localhost kernel: " (rsyslog's short format, no date), returns after
// it or NULL.
static const char *strip_host_kernel(const char *p, const char *end)
{
	const char *sp = memchr(p, ' ', end - p < 64 ? end - p : 64);
	if (!sp || end - sp < 9 || memcmp(sp + 1, "kernel: ", 8) != 0)
		return NULL;
	return sp + 9;
}

// "kern  :warn  : " from dmesg -x.
static const char *strip_dmesg_x(const char *p, const char *end)
{
	if (end - p < 12 || memcmp(p, "kern ", 5) != 0)
		return NULL;
	const char *q = skip_spaces(p + 4, end);
	if (q >= end || *q != ':')
		return NULL;
	q = memchr(q + 1, ':', end - q - 1 < 12 ? end - q - 1 : 12);
	if (!q)
		return NULL;
	q++;
	return q < end && *q == ' ' ? q + 1 : q;
}

// "<4>" levels and /dev/kmsg records "6,1234,5678,-;".
static const char *strip_level(const char *p, const char *end)
{
	if (*p == '<') {
		const char *q = p + 1;
		while (q < end && q - p < 5 && is_digit(*q))
			q++;
		return q > p + 1 && q < end && *q == '>' ? q + 1 : NULL;
	}
	if (is_digit(*p)) {
		const char *q = p;
		while (q < end && q - p < 48 && (is_digit(*q) || *q == ',' ||
						 *q == '-' || *q == 'c'))
			q++;
		if (q < end && *q == ';' && memchr(p, ',', q - p))
			return q + 1;
	}
	return NULL;
}

// Serial consoles leave control characters and ANSI escapes in front.
static const char *strip_noise(const char *p, const char *end)
{
	while (p < end) {
		unsigned char c = *p;
		if (c == 0x1b && p + 1 < end && p[1] == '[') {
			p += 2;
			while (p < end && !((*p >= 'A' && *p <= 'Z') ||
					    (*p >= 'a' && *p <= 'z')))
				p++;
			if (p < end)
				p++;
		} else if ((c < 0x20 && c != '\t') || c == 0x7f) {
			p++;
		} else {
			break;
		}
	}
	return p;
}

// Mail quotes "> > " and the "| " some authors put before pasted logs.
static const char *strip_quote(const char *p, const char *end, int *depth)
{
	while (p < end && (*p == '>' || (*p == '|' && p + 1 < end &&
					 p[1] == ' '))) {
		++*depth;
		p++;
		if (p < end && *p == ' ')
			p++;
	}
	return p;
}

void oops_strip_prefix(char *line, size_t len, struct oops_line *ret)
{
	char *end = line + len;
	const char *p = line;
	while (end > p && (end[-1] == '\r' || end[-1] == ' ' ||
			   end[-1] == '\t'))
		end--;
	*ret = (struct oops_line){ 0 };
	p = strip_noise(p, end);
	p = strip_quote(p, end, &ret->quote);
	for (int round = 0; round < 8 && p < end; round++) {
		const char *q = NULL;
		if (round == 0 && (*p == ' ' || *p == '\t')) {
			// " [  12.3] ...": a paste indented as a whole (commit
			// messages indent by up to a tab).
			const char *b = p;
			while (b < end && b - p < 8 && (*b == ' ' || *b == '\t'))
				b++;
			if (b < end && *b == '[')
				q = strip_bracket(b, end, ret);
		}
		if (q)
			;
		else if (*p == '[')
			q = strip_bracket(p, end, ret);
		else if (*p == '<' || is_digit(*p))
			q = strip_level(p, end);
		if (!q && (is_digit(*p) || (*p >= 'A' && *p <= 'Z')))
			q = strip_syslog(p, end);
		if (!q && *p == 'k')
			q = strip_dmesg_x(p, end);
		// journalctl -k -o cat and pastes that cut the date and
		// host off syslog lines keep a bare "kernel: ".
		if (!q && *p == 'k' && end - p >= 8 &&
		    memcmp(p, "kernel: ", 8) == 0)
			q = p + 7;
		if (!q && round == 0 && *p >= 'a' && *p <= 'z')
			q = strip_host_kernel(p, end);
		if (!q)
			break;
		// printk puts exactly one space after the timestamp; more
		// is indentation (frame lines) and must stay.
		p = q < end && *q == ' ' ? q + 1 : q;
		p = strip_noise(p, end);
	}
	*end = '\0';
	ret->s = p;
	ret->len = end - p;
}

static bool ends_with(const char *s, size_t len, const char *lit, size_t n)
{
	return len >= n && memcmp(s + len - n, lit, n) == 0;
}
#define ENDS(s, len, lit) ends_with((s), (len), (lit), sizeof(lit) - 1)

static bool is_hex_digit(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// "mm/filemap.c:2041" or "kcapi.c:483:21" as the first word.
static bool is_path_line(const char *s, const char *end)
{
	const char *sp = memchr(s, ' ', end - s);
	const char *w = sp ? sp : end;
	const char *c = memchr(s, ':', w - s);
	return c && c > s && c + 1 < w && is_digit(c[1]);
}

bool oops_line_may_wrap(const struct oops_line *l)
{
	const char *s = l->s, *end = s + l->len;
	if (l->len < 12)
		return false;
	// Timestamped lines: the continuation lacks the timestamp, so any
	// long one may have been wrapped (mail clients wrap at 72-80).
	if ((l->has_timestamp || l->has_caller) && l->len >= 40)
		return true;
	const char *t = skip_spaces(s, end);
	// The last character picks the few endings to compare.
	switch (end[-1]) {
	case ':':
	case '[':
		return true;
	case ']':
		if (*t == '[' || *t == '(')
			return true;
		break;
	case 'n':
		if (ENDS(s, l->len, " in"))
			return true;
		break;
	case 't':
		if (ENDS(s, l->len, " at"))
			return true;
		break;
	case 'm':
		if (ENDS(s, l->len, " from"))
			return true;
		break;
	case 's':
		if (ENDS(s, l->len, " address"))
			return true;
		break;
	case 'l':
		if (ENDS(s, l->len, "non-canonical"))
			return true;
		break;
	default:
		break;
	}
	if (*t != 'C' && *t != 'P' && *t != 'W')
		return false;
	size_t tl = end - t;
	if ((STARTS(t, tl, "CPU: ") || STARTS(t, tl, "Pid: ")) &&
	    !oops_find(t, tl, " #"))
		return true;
	return STARTS(t, tl, "WARNING: ") && is_digit(end[-1]);
}

// Whether the text before a trailing "NAME:" is a register line: then the
// name's value went to the next line.
static bool reg_name_cut(const char *s, size_t len)
{
	const char *c = s + len - 1, *n = c;
	while (n > s && c - n < 10 &&
	       (is_digit(n[-1]) || (n[-1] >= 'A' && n[-1] <= 'Z') ||
		(n[-1] >= 'a' && n[-1] <= 'z')))
		n--;
	if (n == c || n == s || n[-1] != ' ')
		return false;
	struct reg_scan scan;
	return oops_is_reg_line(s, n - s, &scan);
}

// Does @n (its text from @t) complete the shape @p was cut in?
static bool completes(const struct oops_line *p, const struct oops_line *n,
		      const char *t)
{
	const char *s = p->s, *end = s + p->len, *tend = n->s + n->len;
	size_t len = p->len, tl = tend - t;
	const char *pt = skip_spaces(s, end);
	size_t ptl = end - pt;
	struct frame_parse fp;
	struct reg_scan scan;
	// "... [rpaphp] [" + "c00000001cdc3b60] [c000...] power_write_file":
	// the wrap cut a ppc stack address.
	if (end[-1] == '[')
		return is_hex_digit(*t) && memchr(t, ']', tl) &&
		       (*pt == '[' || *pt == '(');
	if (end[-1] == ':') {
		if (ENDS(s, len, "address:"))
			return is_hex_digit(*t);
		return is_hex_digit(*t) && reg_name_cut(s, len);
	}
	if (ENDS(s, len, " in"))
		return is_path_line(t, tend) || oops_parse_frame(t, tl, &fp);
	if (ENDS(s, len, " at") || ENDS(s, len, " address"))
		return is_hex_digit(*t) || is_path_line(t, tend);
	if (ENDS(s, len, "non-canonical"))
		return STARTS(t, tl, "address ");
	if (ENDS(s, len, " from"))
		return *t == '[' || oops_parse_frame(t, tl, &fp);
	if (STARTS(pt, ptl, "CPU: ") || STARTS(pt, ptl, "Pid: ")) {
		if (oops_find(pt, ptl, " #"))
			return false;
		return is_digit(*t) || *t == '(' || STARTS(t, tl, "Not tainted") ||
		       STARTS(t, tl, "Tainted: ") || STARTS(t, tl, "Comm: ") ||
		       STARTS(t, tl, "PID: ");
	}
	if (STARTS(pt, ptl, "WARNING: ") && is_digit(end[-1]))
		return oops_parse_frame(t, tl, &fp) && !fp.address.known;
	if (end[-1] == ']' && (*pt == '[' || *pt == '(')) {
		// Only addresses so far: the symbol is on the next line.
		if (!oops_parse_frame(pt, ptl, &fp) || !fp.func)
			return *t != '[' && oops_parse_frame(t, tl, &fp) &&
			       !fp.address.known;
		// ARM "(func) from [<c0123457>]": the caller follows.
		return oops_find(pt, ptl, ") from [") && *t == '(';
	}
	if (!(p->has_timestamp || p->has_caller) || n->has_timestamp ||
	    n->has_caller)
		return false;
	// A timestamped line cut by a mail client: the rest has no prefix.
	if (STARTS(pt, ptl, "Hardware name: "))
		return true;
	if (oops_is_reg_line(pt, ptl, &scan))
		return is_hex_digit(*t) || oops_is_reg_line(t, tl, &scan);
	return oops_parse_frame(pt, ptl, &fp) && fp.func &&
	       !memchr(t, ' ', tl) && *t != '[';
}

bool oops_line_join(struct oops_regex *re, struct oops_line *prev, char *buf,
		    size_t cap, struct oops_line *next, const char *floor)
{
	const char *t = skip_spaces(next->s, next->s + next->len);
	size_t tl = next->s + next->len - t;
	if (!tl || next->quote != prev->quote || prev->len + 1 + tl >= cap ||
	    (prev->has_timestamp && next->has_timestamp) ||
	    (prev->has_caller && next->has_caller))
		return false;
	enum crash_kind kind;
	if (!completes(prev, next, t) ||
	    oops_classify(re, t, tl, &kind) != HDR_NONE)
		return false;
	char *w = buf + (prev->s - buf) + prev->len;
	if (w[-1] == '[') {
		// The "[" opens the next frame's stack address: it moves to
		// the next line (into the byte before it, the end of this
		// line, already copied out), and this frame is complete.
		if (next->s <= floor)
			return false;
		prev->len--;
		while (prev->len && prev->s[prev->len - 1] == ' ')
			prev->len--;
		buf[(prev->s - buf) + prev->len] = '\0';
		next->s = t - 1;
		next->len = tl + 1;
		*(char *)next->s = '[';
		return false;
	}
	*w++ = ' ';
	memmove(w, t, tl);
	w[tl] = '\0';
	prev->len += 1 + tl;
	return true;
}
