// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Over 700 lines: every single-line shape of every architecture's report
 * (frames, registers, CPU and taint lines) has its decoder here, shared by
 * the reader's states.
 */
/*
 * Line decoders of the oops parser: the PCRE2 patterns (compiled once, by
 * oops_patterns_create(), and shared by readers) and the hand-written scanners for the frequent, simple shapes
 * (registers, hex numbers).
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "input/oops.h"
#include "oops_priv.h" // IWYU pragma: associated

static const char *const patterns[RE_COUNT] = {
	// 1 cpu, 2 pid, 3 comm, 4 pid (2.6), 5 comm (2.6), 6 taint, 7 version.
	// The third form is hung-task's indented "  Not tainted 6.1 #1".
	// Kernels with a crash kernel loaded add "Kdump: loaded" (6.x).
	// ARM before 3.x printed no PID: "CPU: 0    Not tainted  (3.0.8 #1)".
	[RE_CPU] = "^(?:CPU: (\\d+)(?: (?:UID: \\d+ )?PID: (\\d+) Comm: (.+?)"
		   "(?: Kdump: loaded)?)?"
		   "|Pid: (\\d+), comm: (.+?)|\\s+) +"
		   "(?:Not tainted|Tainted: ([A-Z ]+?)) +"
		   // RHEL marks its builds "--------- ---" (RHEL 6: one run
		   // of 16) before the version.  syzbot's builds are named
		   // "syzkaller": a lower-case first letter, where a taint
		   // letter would be upper-case.
		   "(?:-+ +)*\\(?([\\da-z][^\\s()]*)",
	// 1 cpu, 2 pid, 3 file, 4 line, 5 func, 6 off, 7 len, 8 mod,
	// 9 func of 2.6's "WARNING: at file:line func()".
	[RE_WARNING] =
		"^WARNING: (?:CPU: (\\d+) PID: (\\d+) at |at )"
		"(\\S+?):(\\d+) (?:([\\w.$]+)\\+0x([0-9a-f]+)/0x([0-9a-f]+)"
		"(?: \\[([\\w-]+)\\])?|([\\w.$]+)\\(\\))?",
	// kdb "ps"/"btp": 1 task, 2 pid, 3 ppid, 4 on cpu, 5 cpu, 6 state,
	// 7 "*" for the current task, 8 command.
	[RE_KDB_TASK] = "^0x([0-9a-f]{8,16})\\s+(\\d+)\\s+(\\d+)\\s+([01])\\s+"
			"(\\d+)\\s+([A-Z])\\s+0x[0-9a-f]+\\s+(\\*?)(\\S.*)$",
	// sysrq-t / hung task since 5.x: 1 comm, 2 state, 3 pid.
	[RE_SYSRQ_TASK] = "^task:(.+?)\\s+state:([A-Za-z])\\S*\\s.*?"
			  "\\bpid:\\s*(\\d+)",
	// Older sched_show_task(): 1 comm, 2 state, 3 free stack, 4 pid.
	[RE_SYSRQ_OLD_TASK] = "^(\\S+)\\s+([RSDTtZXIWPK])\\s+"
			      "(?:running\\s+|[0-9a-f]{8,16}\\s+)?(\\d+)\\s+"
			      "(\\d+)\\s+\\d+\\s+0x[0-9a-f]+$",
	// A mail-wrapped continuation of "Modules linked in:".
	// Besides names with their flags, "[last unloaded: x]", 3.x's
	// "[permanent]" and an author's "[...]" elision; journalctl's pager
	// ends a line it cut with '>'.
	[RE_MODULE_LIST] =
		"^\\s*(?:[\\w-]+(?:\\([A-Z+-]+\\))?|\\[[^\\]]*\\])"
		"(?:\\s+(?:[\\w-]+(?:\\([A-Z+-]+\\))?|\\[[^\\]]*\\]))*"
		">?\\s*$",
};

enum { MATCH_LIMIT = 100000, DEPTH_LIMIT = 10000, MAX_GROUPS = 16 };

struct pgr_error *pgr_error_pcre2(int rc, size_t offset)
{
	if (rc == PCRE2_ERROR_NOMEMORY || rc == PCRE2_ERROR_HEAP_FAILED)
		return &pgr_enomem;
	PCRE2_UCHAR msg[256];
	if (pcre2_get_error_message(rc, msg, sizeof(msg)) < 0)
		snprintf((char *)msg, sizeof(msg), "error %d", rc);
	if (offset == (size_t)-1)
		return pgr_error_format(PGR_ERROR_OTHER, "pcre2: %s", msg);
	return pgr_error_format(PGR_ERROR_SYNTAX, "pcre2: %s at offset %zu",
				msg, offset);
}

struct pgr_error *oops_patterns_create(struct oops_patterns **ret)
{
	_cleanup_(oops_patterns_destroyp) struct oops_patterns *p =
		calloc(1, sizeof(*p));
	if (!p)
		return &pgr_enomem;
	for (int i = 0; i < RE_COUNT; i++) {
		int rc;
		PCRE2_SIZE off;
		p->code[i] = pcre2_compile((PCRE2_SPTR)patterns[i],
					   PCRE2_ZERO_TERMINATED, 0, &rc, &off,
					   NULL);
		if (!p->code[i])
			return pgr_error_pcre2(rc, off);
		// JIT is an optimisation only; the interpreter is fine too,
		// but out of memory is out of memory.
		if (pcre2_jit_compile(p->code[i], PCRE2_JIT_COMPLETE) ==
		    PCRE2_ERROR_NOMEMORY)
			return &pgr_enomem;
	}
	*ret = no_cleanup_ptr(p);
	return NULL;
}

void oops_patterns_destroy(struct oops_patterns *pat)
{
	if (!pat)
		return;
	for (int i = 0; i < RE_COUNT; i++)
		pcre2_code_free(pat->code[i]);
	free(pat);
}

struct pgr_error *oops_regex_init(struct oops_regex *re,
				  const struct oops_patterns *pat)
{
	memset(re, 0, sizeof(*re));
	if (!pat) {
		struct pgr_error *err = oops_patterns_create(&re->own);
		if (err)
			return err;
		pat = re->own;
	}
	re->pat = pat;
	re->md = pcre2_match_data_create(MAX_GROUPS, NULL);
	re->mctx = pcre2_match_context_create(NULL);
	if (!re->md || !re->mctx)
		return &pgr_enomem;
	// Input is untrusted text: bound the work a single line can cause.
	pcre2_set_match_limit(re->mctx, MATCH_LIMIT);
	pcre2_set_depth_limit(re->mctx, DEPTH_LIMIT);
	return NULL;
}

void oops_regex_deinit(struct oops_regex *re)
{
	oops_patterns_destroy(re->own);
	pcre2_match_data_free(re->md);
	pcre2_match_context_free(re->mctx);
	memset(re, 0, sizeof(*re));
}

int oops_match(struct oops_regex *re, enum oops_re which, const char *s,
	       size_t len)
{
	int rc = pcre2_match(re->pat->code[which], (PCRE2_SPTR)s, len, 0, 0, re->md,
			     re->mctx);
	return rc > 0 ? rc : 0;
}

bool oops_group(struct oops_regex *re, const char *s, int i,
		const char **start_ret, size_t *len_ret)
{
	if (i >= (int)pcre2_get_ovector_count(re->md))
		return false;
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(re->md);
	if (ov[2 * i] == PCRE2_UNSET)
		return false;
	*start_ret = s + ov[2 * i];
	*len_ret = ov[2 * i + 1] - ov[2 * i];
	return true;
}

// Digit values plus one: 0 is "not a hex digit".
static const unsigned char hex_digit[256] = {
	['0'] = 1,  ['1'] = 2,	['2'] = 3,  ['3'] = 4,	['4'] = 5,  ['5'] = 6,
	['6'] = 7,  ['7'] = 8,	['8'] = 9,  ['9'] = 10, ['a'] = 11, ['b'] = 12,
	['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16, ['A'] = 11, ['B'] = 12,
	['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
};

static int hexval(char c)
{
	return hex_digit[(unsigned char)c] - 1;
}

bool oops_parse_hex(const char *s, const char **end_ret, uint64_t *ret)
{
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && hexval(s[2]) >= 0)
		s += 2;
	uint64_t v = 0;
	const char *p = s;
	for (int d; (d = hexval(*p)) >= 0; p++)
		v = v << 4 | d;
	if (end_ret)
		*end_ret = p;
	*ret = v;
	return p > s;
}

// PCRE2's \s (which includes VT) and \w, ASCII only.
static bool is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static bool is_word(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

static bool is_lower_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

static const char *skip_space(const char *p, const char *end)
{
	while (p < end && is_space(*p))
		p++;
	return p;
}

// "[<ffffffff81234567>]" (the "<>" optional, 6 to 16 lowercase digits)
// and the blanks after it: returns what follows, or NULL.
static const char *frame_address(const char *p, const char *end,
				 const char **hex_ret)
{
	if (p == end || *p != '[')
		return NULL;
	p++;
	if (p < end && *p == '<')
		p++;
	const char *hex = p;
	while (p < end && p - hex < 16 && is_lower_hex(*p))
		p++;
	if (p - hex < 6)
		return NULL;
	if (p < end && *p == '>')
		p++;
	if (p == end || *p != ']')
		return NULL;
	*hex_ret = hex;
	return skip_space(p + 1, end);
}

// syzbot's inline frames: " file.c:12 [inline]" follows the name.
static bool inline_suffix(const char *p, const char *end)
{
	if (p == end || !is_space(*p))
		return false;
	const char *w = skip_space(p, end), *q = w;
	while (q < end && !is_space(*q))
		q++;
	const char *colon = q > w ? memrchr(w, ':', q - w) : NULL;
	if (!colon || colon == w || colon + 1 == q)
		return false;
	for (const char *d = colon + 1; d < q; d++) {
		if (*d < '0' || *d > '9')
			return false;
	}
	if (q == end || !is_space(*q))
		return false;
	q = skip_space(q, end);
	return end - q >= 8 && memcmp(q, "[inline]", 8) == 0;
}

static struct pgr_u64 hex_at(const char *g)
{
	uint64_t v;
	if (g && oops_parse_hex(g, NULL, &v))
		return pgr_u64_of(v);
	return (struct pgr_u64){ 0 };
}

static inline __attribute__((always_inline)) bool is_name_start(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' ||
	       c == '.' || c == '$';
}

static inline __attribute__((always_inline)) const char *
name_end(const char *p, const char *end)
{
	while (p < end && (is_word(*p) || *p == '.' || *p == '$'))
		p++;
	return p;
}

// "+0xOFF" and "/0xLEN" after a name; returns what follows.
static inline __attribute__((always_inline)) const char *
offset_length(const char *p, const char *end,
				 const char **off_ret, const char **len_ret)
{
	*off_ret = *len_ret = NULL;
	if (end - p < 4 || memcmp(p, "+0x", 3) != 0 || !is_lower_hex(p[3]))
		return p;
	*off_ret = p + 3;
	p += 3;
	while (p < end && is_lower_hex(*p))
		p++;
	if (end - p >= 4 && memcmp(p, "/0x", 3) == 0 && is_lower_hex(p[3])) {
		*len_ret = p + 3;
		p += 3;
		while (p < end && is_lower_hex(*p))
			p++;
	}
	return p;
}

// ARM since 5.x without addresses: "unwind_backtrace from show_stack+0x".
// " [module]" after a name: returns what follows, or @p p.
static const char *module_suffix(const char *p, const char *end)
{
	const char *m = p;
	if (end - m < 3 || m[0] != ' ' || m[1] != '[')
		return p;
	m += 2;
	while (m < end && (is_word(*m) || *m == '-'))
		m++;
	return m < end && *m == ']' ? m + 1 : p;
}

static bool arm_from(const char *p, const char *end)
{
	p = module_suffix(p, end);
	if (end - p < 7 || memcmp(p, " from ", 6) != 0)
		return false;
	p += 6;
	const char *off, *len, *n;
	if (!is_name_start(*p))
		return false;
	n = name_end(p, end);
	// A quote cut at "caller+0x" is still this shape.
	return (offset_length(n, end, &off, &len) != n && off) || n == end ||
	       (end - n == 3 && memcmp(n, "+0x", 3) == 0);
}

// The caller after ARM's " from ": "[<c0123457>] (caller+0x3/0x4 [mod])"
// or "caller+0x3/0x4 [mod]".  Nothing (func NULL) if @p p has none.
static void arm_caller(const char *p, const char *end,
		       struct frame_caller *ret)
{
	const char *hex = NULL, *q, *off, *len;
	*ret = (struct frame_caller){ 0 };
	if (end - p < 7 || memcmp(p, " from ", 6) != 0)
		return;
	p += 6;
	if ((q = frame_address(p, end, &hex)))
		p = q;
	bool paren = p < end && *p == '(';
	p += paren;
	if (p == end || !is_name_start(*p))
		return;
	const char *name = p;
	p = name_end(p, end);
	const char *name_stop = p;
	p = offset_length(p, end, &off, &len);
	const char *m = module_suffix(p, end);
	*ret = (struct frame_caller){
		.func = name,
		.func_len = name_stop - name,
		.address = hex_at(hex),
		.offset = hex_at(off),
		.length = hex_at(len),
	};
	if (m != p) {
		ret->module = p + 2;
		ret->module_len = m - 1 - (p + 2);
	}
}

// "0x3ff8025a4e6" where a symbol would be (s390, MIPS, RISC-V and x86
// print the bare address when there is no symbol): the rest of the line
// is that token, or nothing.
static bool bare_address(const char *p, const char *end)
{
	if (p == end)
		return true;
	if (end - p < 3 || p[0] != '0' || p[1] != 'x' || !is_lower_hex(p[2]))
		return false;
	p += 2;
	while (p < end && is_lower_hex(*p))
		p++;
	p = skip_space(p, end);
	return p == end || *p == ')' || *p == '[' ||
	       (end - p >= 12 && memcmp(p, "(unreliable)", 12) == 0);
}

// A frame line: optional "(" (s390), one or two bracketed addresses (the
// second is the address when ppc prints "[sp] [pc]"), "? " for stack-scan
// guesses, then func+0xOFF/0xLEN [module], or a syzbot inline frame "func
// file.c:12 [inline]" that has no offset; "(unreliable)" (ppc) anywhere
// after it.  ARM 32 puts the function in parentheses after the address,
// "[<c0123456>] (func+0x1/0x2) from [<c0123457>] (caller+0x3/0x4)" (the
// offset dropped in 5.x), or prints "func from caller+0x3/0x4"; the frame
// is the first function, its caller is the next line's.  A line of
// addresses without a symbol is a frame whose function is unknown.
// ppc64 ELFv1 names the code entry of a function ".func": the frame is
// "func".  It is the hottest decoder (every trace line), so it is written
// out rather than a PCRE2 pattern.
bool oops_parse_frame(const char *s, size_t len, struct frame_parse *ret)
{
	const char *p = s, *end = s + len, *addr1 = NULL, *addr2 = NULL, *q;
	// s390 prints the return-address register's guess in parentheses:
	// "([<00000002623523de>] free_unref_page+0xee/0x148)".
	size_t lead = 0;
	while (lead < len && (s[lead] == ' ' || s[lead] == '\t'))
		lead++;
	bool unreliable = lead < len && s[lead] == '(';
	p = skip_space(p, end);
	if (p < end && *p == '(')
		p++;
	if ((q = frame_address(p, end, &addr1))) {
		p = q;
		if ((q = frame_address(p, end, &addr2)))
			p = q;
	}
	if (p + 1 < end && *p == '?' && is_space(p[1])) {
		unreliable = true;
		p = skip_space(p + 1, end);
	}
	// ARM's "(func)"; a quote may have cut the "[<c0123456>] " before.
	bool paren = false;
	if (addr1 && p + 1 < end && *p == '(' && is_name_start(p[1])) {
		paren = true;
		p++;
	} else if (!addr1 && lead < len && s[lead] == '(' && p < end &&
		   is_name_start(*p) && oops_find(p, end - p, ") from ")) {
		paren = true;
		unreliable = false;
	}
	if ((addr1 || unreliable) && !paren && bare_address(p, end)) {
		*ret = (struct frame_parse){
			.address = hex_at(addr2 ? addr2 : addr1),
			.reliable = false,
		};
		if (!ret->address.known && p < end)
			ret->address = hex_at(p);
		return ret->address.known;
	}
	if (p == end || !is_name_start(*p))
		return false;
	const char *func = p;
	if (*p == '.' && p + 1 < end && is_name_start(p[1]) && p[1] != '.')
		func++;
	p = name_end(p + 1, end);
	const char *func_end = p, *off, *length;
	p = offset_length(p, end, &off, &length);
	const char *pmod = NULL, *pmod_end = NULL;
	if (paren) {
		// "(ath11k_ahb_probe [ath11k_ahb])"
		const char *mq = module_suffix(p, end);
		if (mq != p) {
			pmod = p + 2;
			pmod_end = mq - 1;
			p = mq;
		}
		if (p == end || *p != ')')
			return false;
		p++;
	} else if (!off && !inline_suffix(p, end) && !arm_from(p, end)) {
		return false;
	}
	*ret = (struct frame_parse){
		.func = func,
		.func_len = func_end - func,
		.address = hex_at(addr2 ? addr2 : addr1),
		.offset = hex_at(off),
		.length = hex_at(length),
		.reliable = !unreliable,
	};
	if (pmod) {
		ret->module = pmod;
		ret->module_len = pmod_end - pmod;
	}
	arm_caller(module_suffix(p, end), end, &ret->caller);
	if (p < end && is_space(*p)) {
		const char *m = skip_space(p, end);
		if (m < end && *m == '[') {
			const char *mod = ++m;
			while (m < end && (is_word(*m) || *m == '-'))
				m++;
			// "[c00000001cdc3c20]": the next frame's stack
			// address (a wrapped ppc line), no module.
			bool hex = true;
			for (const char *h = mod; h < m && hex; h++)
				hex = is_lower_hex(*h);
			if (m > mod && m < end && *m == ']' &&
			    !(hex && m - mod >= 8)) {
				ret->module = mod;
				ret->module_len = m - mod;
				p = m + 1;
			} else if (m > mod && m < end && *m == ' ') {
				// CONFIG_STACKTRACE_BUILD_ID: "[ext4 0a1b...]",
				// the module's build id (Linux kernel commit
				// 9294523e3768 "module: add printk formats to
				// add module build ID to stacktraces", v5.14).
				const char *id = m + 1, *e = id;
				while (e < end && is_lower_hex(*e))
					e++;
				if (e - id >= 16 && e < end && *e == ']') {
					ret->module = mod;
					ret->module_len = m - mod;
					ret->build_id = id;
					ret->build_id_len = e - id;
					p = e + 1;
				}
			}
		}
	}
	// "(unreliable)" (ppc), or the ")" of an s390 "([<...>] f+0x/0x)"
	// whose "(" a paste lost.
	p = skip_space(p, end);
	if ((p < end && *p == ')') || oops_find(p, end - p, "(unreliable)"))
		ret->reliable = false;
	return true;
}

bool oops_parse_name_frame(const char *s, size_t len, struct frame_parse *ret,
			   bool *decoded_ret)
{
	const char *p = skip_space(s, s + len), *end = s + len;
	bool unreliable = false;
	*decoded_ret = false;
	if (end - p > 2 && p[0] == '?' && p[1] == ' ') {
		unreliable = true;
		p = skip_space(p + 1, end);
	}
	const char *name = p;
	while (p < end && (is_word(*p) || *p == '.'))
		p++;
	// No kernel's KSYM_NAME_LEN is over 512: a longer word (a megabyte
	// line in a trace) is no symbol.
	if (p - name < 3 || p - name > 512 || (*name >= '0' && *name <= '9') ||
	    *name == '.')
		return false;
	const char *n_end = p;
	p = skip_space(p, end);
	if (p < end && *p == '(' && end[-1] == ')') {
		// "(file.c:12)", "(a.h:1 b.c:2)", "(x.c:3 (discriminator 1))".
		const char *c = memchr(p, ':', end - p);
		if (!c || c + 1 == end || c[1] < '0' || c[1] > '9' ||
		    !memchr(p, '.', c - p))
			return false;
		*decoded_ret = true;
	} else if (p < end && p > n_end) {
		const char *w = p;
		while (p < end && !is_space(*p))
			p++;
		const char *c = memchr(w, ':', p - w);
		if (!c || c + 1 == p || c[1] < '0' || c[1] > '9')
			return false;
		p = skip_space(p, end);
		if (end - p >= 8 && memcmp(p, "[inline]", 8) == 0)
			p += 8;
		if (p != end)
			return false;
	} else if (p != end) {
		return false;
	}
	*ret = (struct frame_parse){ .func = name,
				     .func_len = n_end - name,
				     .reliable = !unreliable };
	return true;
}

struct frame *oops_store_frame(struct crash_record *rec,
			       struct frame_vector *v,
			       const struct frame_parse *fp,
			       enum frame_context ctx)
{
	char hex[24];
	const char *name = fp->func;
	size_t n = fp->func_len;
	if (!name) {
		n = snprintf(hex, sizeof(hex), "0x%" PRIx64, fp->address.value);
		name = hex;
	}
	struct frame *f = frame_vector_push(rec, v, name, n);
	if (!f)
		return NULL;
	f->no_symbol = !fp->func;
	if (fp->module &&
	    !(f->module = record_strndup(rec, fp->module, fp->module_len)))
		return NULL;
	if (fp->build_id && !(f->module_build_id = record_strndup(
				      rec, fp->build_id, fp->build_id_len)))
		return NULL;
	f->address = fp->address;
	f->offset = fp->offset;
	f->length = fp->length;
	f->reliable = fp->reliable;
	f->context = ctx;
	return f;
}

static bool is_name_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

// Skip a "(...)" or "<...>" decoration after a register value.
static const char *skip_decoration(const char *p, const char *end)
{
	const char *c = memchr(p, *p == '(' ? ')' : '>', end - p);
	return c ? c + 1 : NULL;
}

static bool add_reg(struct crash_record *rec, const char *name, size_t n,
		    uint64_t value)
{
	// Names are a few characters: compare inline, no strlen() per entry.
	vector_for_each(struct reg, r, &rec->regs) {
		size_t i = 0;
		while (i < n && r->name[i] == name[i])
			i++;
		if (i == n && r->name[n] == '\0')
			return true;
	}
	struct reg *r = reg_vector_append_entry(&rec->regs);
	if (!r || !(r->name = record_strndup(rec, name, n)))
		return false;
	r->value = value;
	return true;
}

static bool add_gpr(struct crash_record *rec, int index, uint64_t value)
{
	char rn[16];
	int n = snprintf(rn, sizeof(rn), "r%d", index);
	return add_reg(rec, rn, n, value);
}

// Walk "NAME: HEX" pairs; with @rec NULL only validate (and collect the
// pairs into @collect, if given).  ppc's "GPR08:" rows carry several
// values, named r8, r9, ...
static bool scan_regs(struct crash_record *rec, struct reg_scan *collect,
		      const char *s, size_t len, bool *ok_ret)
{
	const char *p = s, *end = s + len;
	int pairs = 0;
	*ok_ret = false;
	while (p < end) {
		while (p < end && *p == ' ')
			p++;
		if (p == end)
			break;
		const char *name = p;
		while (p < end && p - name < 10 && is_name_char(*p))
			p++;
		size_t nlen = p - name;
		if (!nlen || !((*name >= 'A' && *name <= 'Z') ||
			       (*name >= 'a' && *name <= 'z')))
			return true;
		while (p < end && *p == ' ')
			p++;
		if (p == end || *p != ':')
			return true;
		p++;
		while (p < end && *p == ' ')
			p++;
		bool gpr = nlen == 5 && memcmp(name, "GPR", 3) == 0;
		int first = gpr ? (name[3] - '0') * 10 + (name[4] - '0') : 0;
		for (int i = 0;; i++) {
			uint64_t v;
			const char *q;
			if (!oops_parse_hex(p, &q, &v))
				return true;
			// "RSP: 0018:ffffc900..." is segment:offset.
			if (*q == ':' && oops_parse_hex(q + 1, &q, &v) == false)
				return true;
			const char *r = q;
			while (r < end && *r == ' ')
				r++;
			if (r < end && (*r == '(' || *r == '<'))
				q = skip_decoration(r, end);
			if (!q || (q < end && *q != ' '))
				return true;
			if (rec && gpr) {
				if (!add_gpr(rec, first + i, v))
					return false;
			} else if (rec && !add_reg(rec, name, nlen, v)) {
				return false;
			} else if (collect && collect->n < REG_SCAN_MAX) {
				collect->regs[collect->n++] = (struct reg_pair){
					name, nlen, gpr ? first + i : -1, v
				};
			} else if (collect) {
				collect->overflow = true;
			}
			p = q;
			pairs++;
			while (q < end && *q == ' ')
				q++;
			if (!gpr || q == end || hexval(*q) < 0)
				break;
			p = q;
		}
	}
	*ok_ret = pairs > 0;
	return true;
}

bool oops_is_reg_line(const char *s, size_t len, struct reg_scan *ret)
{
	bool ok;
	ret->n = 0;
	ret->overflow = false;
	scan_regs(NULL, ret, s, len, &ok);
	return ok;
}

bool oops_add_regs(struct crash_record *rec, const struct reg_scan *scan,
		   const char *s, size_t len)
{
	if (scan->overflow)
		return oops_parse_regs(rec, s, len);
	for (size_t i = 0; i < scan->n; i++) {
		const struct reg_pair *p = &scan->regs[i];
		if (!(p->gpr >= 0 ? add_gpr(rec, p->gpr, p->value) :
				    add_reg(rec, p->name, p->len, p->value)))
			return false;
	}
	return true;
}

bool oops_parse_regs(struct crash_record *rec, const char *s, size_t len)
{
	bool ok;
	return scan_regs(rec, NULL, s, len, &ok);
}

bool oops_set_taint(struct crash_record *rec, const char *s, size_t len)
{
	char buf[64];
	size_t n = 0;
	// 'G' only says no proprietary module is loaded: not a taint.
	for (size_t i = 0; i < len && n < sizeof(buf) - 1; i++) {
		if (s[i] != ' ' && s[i] != 'G')
			buf[n++] = s[i];
	}
	rec->taint = record_strndup(rec, buf, n);
	return rec->taint != NULL;
}

static bool set_str(struct crash_record *rec, char **field, const char *s,
		    size_t n)
{
	if (*field)
		return true;
	*field = record_strndup(rec, s, n);
	return *field != NULL;
}

static struct pgr_s64 group_dec(struct oops_regex *re, const char *s, int i)
{
	const char *g;
	size_t n;
	if (!oops_group(re, s, i, &g, &n))
		return (struct pgr_s64){ 0 };
	return pgr_s64_of(strtoll(g, NULL, 10));
}

bool oops_parse_cpu_line(struct oops_regex *re, struct crash_record *rec,
			 const char *s, size_t len, bool *matched_ret)
{
	*matched_ret = oops_match(re, RE_CPU, s, len) > 0;
	if (!*matched_ret)
		return true;
	const char *g;
	size_t n;
	struct pgr_s64 v;
	if ((v = group_dec(re, s, 1)).known && !rec->cpu.known)
		rec->cpu = v;
	if (((v = group_dec(re, s, 2)).known ||
	     (v = group_dec(re, s, 4)).known) && !rec->pid.known)
		rec->pid = v;
	if ((oops_group(re, s, 3, &g, &n) || oops_group(re, s, 5, &g, &n)) &&
	    !set_str(rec, &rec->comm, g, n))
		return false;
	if (!rec->taint) {
		if (oops_group(re, s, 6, &g, &n)) {
			if (!oops_set_taint(rec, g, n))
				return false;
		} else if (!(rec->taint = record_strdup(rec, ""))) {
			return false;
		}
	}
	if (oops_group(re, s, 7, &g, &n) &&
	    !set_str(rec, &rec->kernel_version, g, n))
		return false;
	return true;
}

bool oops_is_module_list(struct oops_regex *re, const char *s, size_t len)
{
	// The pattern has a ':' only in "[last unloaded: x]": the register
	// and Code: lines that follow "Modules linked in:" fail here.
	static const char last[] = "[last unloaded";
	const char *colon = memchr(s, ':', len);
	if (colon &&
	    (colon - s < (ptrdiff_t)sizeof(last) - 1 ||
	     memcmp(colon - (sizeof(last) - 1), last, sizeof(last) - 1) != 0))
		return false;
	return oops_match(re, RE_MODULE_LIST, s, len) > 0;
}

const char *oops_module_flags_tail(const char *s, const char *end)
{
	const char *p = s;
	while (p < end && ((*p >= 'A' && *p <= 'Z') || *p == '+' || *p == '-'))
		p++;
	if (p == end || *p != ')' || (p + 1 < end && p[1] != ' '))
		return s;
	p++;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

bool oops_parse_modules(struct crash_record *rec, const char *s, size_t len)
{
	const char *p = s, *end = s + len;
	while (p < end && rec->modules.size < 4096) {
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p == end)
			break;
		// "[last unloaded: x]", "[permanent]", "[...]": no module.
		if (*p == '[') {
			const char *q = memchr(p, ']', end - p);
			if (!q)
				break;
			p = q + 1;
			continue;
		}
		const char *w = p;
		while (p < end && *p != ' ' && *p != '\t' && *p != '(')
			p++;
		size_t n = p - w;
		while (p < end && *p != ' ' && *p != '\t')
			p++;
		// "nvme_fa>": a name journalctl's pager cut at the line's end.
		if (n > 1 && p == end && w[n - 1] == '>')
			n--;
		if (n == 0 || (n == 3 && memcmp(w, "...", 3) == 0))
			continue;
		char *m = record_strndup(rec, w, n);
		if (!m || !string_vector_append(&rec->modules, &m))
			return false;
	}
	return true;
}
