// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Over 700 lines: one evaluator per condition type of the rule format
 * (the PGR_CONDITION_TYPES table), each writing its evidence in the same
 * words, beside the scoring and actor binding they feed; split by type
 * they would repeat the evidence helpers.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "signature/engine.h"
#include "signature/family.h"
#include "signature/version.h"

/* Bounds so that no rule's regex can stall triage of a corpus. */
enum { REGEX_MATCH_LIMIT = 200000, REGEX_DEPTH_LIMIT = 2000 };

static const char *const level_names[] = {
#define X(e, name) [VERDICT_##e] = name,
	PGR_VERDICT_LEVELS(X)
#undef X
};

const char *verdict_level_name(enum verdict_level level)
{
	return level_names[level];
}

const char *outcome_name(enum outcome o)
{
	static const char *const names[] = {
		[OUTCOME_UNKNOWN] = "unknown",
		[OUTCOME_MATCHED] = "matched",
		[OUTCOME_FAILED] = "failed",
	};
	return names[o];
}

struct eval_ctx {
	const struct crash_record *rec;
	pcre2_match_context *mctx;
	pcre2_match_data *md;
	/** The text message conditions see; built once per record. */
	char *subject;
	/** Whether evaluations write their facts (not when only deciding). */
	bool facts;
	/** Set when a fact could not be written: out of memory. */
	bool *oom;
};

/* What one condition evaluation produces. */
struct eval {
	enum outcome outcome;
	char *fact;
};

__attribute__((__format__(__printf__, 3, 4))) static struct eval
decided(const struct eval_ctx *ctx, enum outcome outcome, const char *fmt, ...)
{
	struct eval e = { .outcome = outcome };
	if (!ctx->facts)
		return e;
	va_list ap;
	va_start(ap, fmt);
	if (vasprintf(&e.fact, fmt, ap) < 0) {
		e.fact = NULL;
		*ctx->oom = true;
	}
	va_end(ap);
	return e;
}

static bool regex_matches(struct eval_ctx *ctx, const pcre2_code *re,
			  const char *s, size_t len, bool *limited)
{
	int rc = pcre2_match(re, (PCRE2_SPTR)s, len, 0, 0, ctx->md,
			     ctx->mctx);
	if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
	    rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT)
		*limited = true;
	return rc >= 0;
}

static bool name_in(const struct string_vector *names, const char *name)
{
	vector_for_each(char *, n, names) {
		if ((*n)[0] == name[0] && strcmp(*n, name) == 0)
			return true;
	}
	return false;
}

/* Function lists: each entry a name or an "@family". */
static bool function_in(const struct string_vector *patterns, const char *name)
{
	vector_for_each(char *, p, patterns) {
		if (function_pattern_matches(*p, name))
			return true;
	}
	return false;
}

/*
 * The crashing trace as conditions see it: the fault site is frame #0,
 * the printed trace frames follow from #1.
 */
static size_t trace_len(const struct crash_record *rec)
{
	return rec->frames.size + 1;
}

static const struct frame *trace_frame(const struct crash_record *rec,
				       size_t i)
{
	if (i == 0)
		return rec->has_fault ? &rec->fault : NULL;
	return &rec->frames.data[i - 1];
}

static bool has_trace(const struct crash_record *rec)
{
	return rec->has_fault || rec->frames.size;
}

static bool member_named(const struct function_family_member *m, size_t n,
			 const char *name)
{
	for (size_t i = 0; i < n; i++) {
		if (m[i].function[0] == name[0] &&
		    strcmp(m[i].function, name) == 0)
			return true;
	}
	return false;
}

/* A family is looked up once, not once a frame: this runs per report. */
static long find_frame(const struct crash_record *rec, size_t from,
		       const char *name)
{
	const struct function_family_member *m = NULL;
	size_t n = name[0] == '@' ? function_family_members(name + 1, &m) : 0;
	for (size_t i = from; i < trace_len(rec); i++) {
		const struct frame *f = trace_frame(rec, i);
		if (!f || !f->normalized)
			continue;
		if (name[0] == '@' ? member_named(m, n, f->normalized) :
				     strcmp(name, f->normalized) == 0)
			return i;
	}
	return -1;
}

static struct eval eval_kind(struct eval_ctx *ctx, const struct condition *c)
{
	const char *kind = crash_kind_name(ctx->rec->kind);
	// A bare stack listing does not say how the kernel died.
	if (ctx->rec->kind == CRASH_UNKNOWN)
		return decided(ctx, OUTCOME_UNKNOWN,
			       "the input does not say the crash kind");
	return decided(ctx,
		       name_in(&c->names, kind) ? OUTCOME_MATCHED :
						  OUTCOME_FAILED,
		       "crash kind %s", kind);
}

static struct eval eval_fault_function(struct eval_ctx *ctx,
				       const struct condition *c)
{
	const struct crash_record *rec = ctx->rec;
	if (!rec->has_fault)
		return decided(ctx, OUTCOME_UNKNOWN,
			       "the input has no RIP/pc line");
	return decided(ctx,
		       function_in(&c->names, rec->fault.normalized) ?
			       OUTCOME_MATCHED :
			       OUTCOME_FAILED,
		       "fault at %s", rec->fault.function);
}

static struct eval eval_guilty_function(struct eval_ctx *ctx,
					const struct condition *c)
{
	const struct frame *g = crash_record_guilty(ctx->rec);
	if (!g)
		return decided(ctx, OUTCOME_UNKNOWN, "no guilty frame");
	return decided(ctx,
		       function_in(&c->names, g->normalized) ?
			       OUTCOME_MATCHED :
			       OUTCOME_FAILED,
		       "guilty frame %s", g->function);
}

static struct eval eval_frames(struct eval_ctx *ctx, const struct condition *c)
{
	const struct crash_record *rec = ctx->rec;
	if (!has_trace(rec))
		return decided(ctx, OUTCOME_UNKNOWN,
			       "the input has no call trace");
	size_t from = 0;
	char buf[512] = "";
	size_t used = 0;
	vector_for_each(char *, name, &c->names) {
		long i = find_frame(rec, from, *name);
		if (i < 0)
			return decided(
				ctx, OUTCOME_FAILED, "%s not in the trace%s%s",
				*name, from ? " after " : "",
				from ? trace_frame(rec, from - 1)->function :
				       "");
		used += snprintf(buf + used, used < sizeof(buf) ? sizeof(buf) - used : 0,
				 "%s#%ld %s", used ? ", " : "", i,
				 trace_frame(rec, i)->function);
		if (used >= sizeof(buf))
			used = sizeof(buf) - 1;
		from = i + 1;
	}
	return decided(ctx, OUTCOME_MATCHED, "frames %s", buf);
}

static struct eval eval_frames_any(struct eval_ctx *ctx,
				   const struct condition *c)
{
	const struct crash_record *rec = ctx->rec;
	if (!has_trace(rec))
		return decided(ctx, OUTCOME_UNKNOWN,
			       "the input has no call trace");
	vector_for_each(char *, name, &c->names) {
		long i = find_frame(rec, 0, *name);
		if (i >= 0)
			return decided(ctx, OUTCOME_MATCHED, "frame #%ld %s", i,
				       trace_frame(rec, i)->function);
	}
	return decided(ctx, OUTCOME_FAILED,
		       "none of them in the %zu-frame trace", rec->frames.size);
}

static struct eval eval_frames_absent(struct eval_ctx *ctx,
				      const struct condition *c)
{
	struct eval any = eval_frames_any(ctx, c);
	if (any.outcome == OUTCOME_UNKNOWN)
		return any;
	free(any.fact);
	if (any.outcome == OUTCOME_FAILED)
		return decided(ctx, OUTCOME_MATCHED,
			       "none of them in the trace");
	vector_for_each(char *, name, &c->names) {
		long i = find_frame(ctx->rec, 0, *name);
		if (i >= 0)
			return decided(ctx, OUTCOME_FAILED,
				       "frame #%ld %s is present", i,
				       trace_frame(ctx->rec, i)->function);
	}
	return decided(ctx, OUTCOME_FAILED, "present");
}

static struct eval eval_source_file(struct eval_ctx *ctx,
				    const struct condition *c)
{
	const char *file = ctx->rec->source_file;
	if (!file)
		return decided(ctx, OUTCOME_UNKNOWN,
			       "the report names no source file");
	// Some builds print absolute paths: compare on a path boundary.
	size_t n = strlen(file), m = strlen(c->text);
	bool ok = n >= m && strcmp(file + n - m, c->text) == 0 &&
		  (n == m || file[n - m - 1] == '/');
	return decided(ctx, ok ? OUTCOME_MATCHED : OUTCOME_FAILED,
		       "source file %s", file);
}

static struct eval eval_source_line(struct eval_ctx *ctx,
				    const struct condition *c)
{
	struct pgr_u64 line = ctx->rec->source_line;
	if (!line.known)
		return decided(ctx, OUTCOME_UNKNOWN,
			       "the report names no source line");
	bool ok = (!c->line_min.known || line.value >= c->line_min.value) &&
		  (!c->line_max.known || line.value <= c->line_max.value);
	return decided(ctx, ok ? OUTCOME_MATCHED : OUTCOME_FAILED,
		       "source line %llu", (unsigned long long)line.value);
}

/*
 * What a message regex sees: the whole report text, with the panic line
 * that followed it, as one subject, so that a negative lookahead
 * ("no Fatal exception anywhere") means what it says.
 */
static char *message_subject(const struct crash_record *rec)
{
	const char *parts[] = { rec->text, rec->headline, rec->message,
				rec->panic_message };
	size_t len = 0;
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		len += parts[i] ? strlen(parts[i]) + 1 : 0;
	char *subject = malloc(len + 1), *p = subject;
	if (!subject)
		return NULL;
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		// Headline and message are lines of the text when there is one.
		if (!parts[i] || (i > 0 && i < 3 && rec->text) ||
		    (i == 3 && rec->text && strstr(rec->text, parts[i])))
			continue;
		p = stpcpy(p, parts[i]);
		*p++ = '\n';
	}
	*p = '\0';
	return subject;
}

static struct eval eval_message(struct eval_ctx *ctx, const struct condition *c)
{
	if (!ctx->subject)
		ctx->subject = message_subject(ctx->rec);
	const char *subject = ctx->subject;
	if (!subject) {
		*ctx->oom = true;
		return decided(ctx, OUTCOME_UNKNOWN, "out of memory");
	}
	// A dump whose log was lost has no text to search.
	if (!*subject)
		return decided(ctx, OUTCOME_UNKNOWN, "the input has no report text");
	bool limited = false;
	if (regex_matches(ctx, c->regex, subject, strlen(subject), &limited)) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(ctx->md);
		int len = (int)(ov[1] - ov[0]);
		if (len == 0)
			return decided(ctx, OUTCOME_MATCHED,
				       "the report text matches");
		return decided(ctx, OUTCOME_MATCHED, "text \"%.*s\"",
			       len > 120 ? 120 : len, subject + ov[0]);
	}
	// A text the regex could not search holds no evidence for the rule:
	// failed, not unknown, so a required one rejects the rule.
	if (limited)
		return decided(ctx, OUTCOME_FAILED,
			       "regex match limit reached for /%s/: the text could not be searched",
			       c->text);
	return decided(ctx, OUTCOME_FAILED,
		       "no text matching /%s/ in the report", c->text);
}

static bool cmp_holds(const struct int_cmp *cmp, int64_t v)
{
	switch (cmp->op) {
	case CMP_EQ: return v == cmp->value;
	case CMP_NE: return v != cmp->value;
	case CMP_LT: return v < cmp->value;
	case CMP_LE: return v <= cmp->value;
	case CMP_GT: return v > cmp->value;
	case CMP_GE: return v >= cmp->value;
	}
	return false;
}

/* Combine sub-results: any failure fails, else any unknown is unknown. */
static void combine(enum outcome *acc, enum outcome o)
{
	if (*acc == OUTCOME_FAILED || o == OUTCOME_FAILED)
		*acc = OUTCOME_FAILED;
	else if (o == OUTCOME_UNKNOWN)
		*acc = OUTCOME_UNKNOWN;
}

static enum outcome tri_outcome(enum tristate want, enum tristate have)
{
	if (have == TRI_UNKNOWN)
		return OUTCOME_UNKNOWN;
	return want == have ? OUTCOME_MATCHED : OUTCOME_FAILED;
}

static enum outcome int_outcome(const struct int_cmp *cmp, struct pgr_s64 v)
{
	if (!v.known)
		return OUTCOME_UNKNOWN;
	return cmp_holds(cmp, v.value) ? OUTCOME_MATCHED : OUTCOME_FAILED;
}

static enum outcome flags_outcome(const struct string_vector *want,
				  const struct page_dump *page, bool present)
{
	if (!page->flag_names.size && !page->flags.known)
		return OUTCOME_UNKNOWN;
	vector_for_each(char *, flag, want) {
		if (name_in(&page->flag_names, *flag) != present)
			return OUTCOME_FAILED;
	}
	return OUTCOME_MATCHED;
}

static enum outcome page_outcome(struct eval_ctx *ctx,
				 const struct page_cond *pc,
				 const struct page_dump *page)
{
	enum outcome o = OUTCOME_MATCHED;
	if (pc->mapping_null != TRI_UNKNOWN) {
		enum tristate is_null = !page->mapping.known ? TRI_UNKNOWN :
					page->mapping.value == 0 ? TRI_TRUE :
								   TRI_FALSE;
		combine(&o, tri_outcome(pc->mapping_null, is_null));
	}
	if (pc->tail != TRI_UNKNOWN)
		combine(&o, tri_outcome(pc->tail, page->is_tail));
	if (pc->compound != TRI_UNKNOWN)
		combine(&o, tri_outcome(pc->compound, page->is_compound));
	if (pc->refcount.set)
		combine(&o, int_outcome(&pc->refcount, page->refcount));
	if (pc->mapcount.set)
		combine(&o, int_outcome(&pc->mapcount, page->mapcount));
	if (pc->flags_present.size)
		combine(&o, flags_outcome(&pc->flags_present, page, true));
	if (pc->flags_absent.size)
		combine(&o, flags_outcome(&pc->flags_absent, page, false));
	if (pc->reason) {
		bool limited = false;
		if (!page->reason)
			combine(&o, OUTCOME_UNKNOWN);
		else
			combine(&o, regex_matches(ctx, pc->reason,
						  page->reason,
						  strlen(page->reason),
						  &limited) ?
					    OUTCOME_MATCHED :
					    OUTCOME_FAILED);
	}
	return o;
}

static struct eval describe_page(const struct eval_ctx *ctx, enum outcome o,
				 const struct page_dump *p)
{
	if (!ctx->facts)
		return (struct eval){ .outcome = o };
	char flags[256] = "";
	size_t used = 0;
	vector_for_each(char *, f, &p->flag_names) {
		used += snprintf(flags + used,
				 used < sizeof(flags) ? sizeof(flags) - used : 0,
				 "%s%s", used ? "|" : "", *f);
		if (used >= sizeof(flags))
			used = sizeof(flags) - 1;
	}
	char mapping[32] = "?", ref[24] = "?", map[24] = "?";
	if (p->mapping.known)
		snprintf(mapping, sizeof(mapping), "%s",
			 p->mapping.value ? "set" : "NULL");
	if (p->refcount.known)
		snprintf(ref, sizeof(ref), "%lld", (long long)p->refcount.value);
	if (p->mapcount.known)
		snprintf(map, sizeof(map), "%lld", (long long)p->mapcount.value);
	return decided(ctx, o,
		       "page %llx: mapping %s, refcount %s, mapcount %s%s%s%s",
		       (unsigned long long)p->address.value, mapping, ref, map,
		       p->is_tail == TRI_TRUE ? ", tail" : "",
		       used ? ", flags " : "", flags);
}

static struct eval eval_page(struct eval_ctx *ctx, const struct condition *c)
{
	const struct crash_record *rec = ctx->rec;
	if (!rec->pages.size)
		return decided(ctx, OUTCOME_UNKNOWN, "%s",
			       rec->source == RECORD_FROM_LOG ?
				       "the log has no page dump" :
				       "no struct page was found");
	const struct page_dump *best = NULL;
	enum outcome best_o = OUTCOME_FAILED;
	vector_for_each(const struct page_dump, page, &rec->pages) {
		enum outcome o = page_outcome(ctx, &c->page, page);
		if (!best || o == OUTCOME_MATCHED ||
		    (o == OUTCOME_UNKNOWN && best_o == OUTCOME_FAILED)) {
			best = page;
			best_o = o;
		}
		if (o == OUTCOME_MATCHED)
			break;
	}
	return describe_page(ctx, best_o, best);
}

static bool task_has_frame(const struct task_stack *task,
			   const struct string_vector *names, const char **which)
{
	vector_for_each(const struct frame, f, &task->frames) {
		if (f->normalized && function_in(names, f->normalized)) {
			*which = f->function;
			return true;
		}
	}
	return false;
}

static bool task_matches(struct eval_ctx *ctx, const struct task_stack *task,
			 const struct string_vector *frames,
			 const pcre2_code *comm, const char **where)
{
	bool limited = false;
	*where = NULL;
	if (frames->size && !task_has_frame(task, frames, where))
		return false;
	if (comm && (!task->comm ||
		     !regex_matches(ctx, comm, task->comm, strlen(task->comm),
				    &limited)))
		return false;
	return true;
}

static size_t other_task_count(const struct crash_record *rec)
{
	size_t n = 0;
	vector_for_each(const struct task_stack, t, &rec->tasks)
		n += !t->crashed;
	return n;
}

static struct eval eval_other_task(struct eval_ctx *ctx,
				   const struct condition *c)
{
	const struct crash_record *rec = ctx->rec;
	size_t others = other_task_count(rec);
	if (!others)
		return decided(ctx, OUTCOME_UNKNOWN,
			       "the input has no other tasks' stacks");
	vector_for_each(const struct task_stack, t, &rec->tasks) {
		const char *where;
		if (t->crashed || !task_matches(ctx, t, &c->names, c->comm, &where))
			continue;
		return decided(ctx, OUTCOME_MATCHED, "pid %lld %s in %s",
			       (long long)t->pid.value, t->comm ? t->comm : "?",
			       where ? where : "(comm match)");
	}
	return decided(ctx, OUTCOME_FAILED,
		       "no such task among %zu other tasks", others);
}

static struct eval eval_kernel(struct eval_ctx *ctx, const struct condition *c)
{
	const char *release = ctx->rec->kernel_version;
	struct kernel_version k, lo, hi;
	if (!release || !kernel_version_parse(release, &k))
		return decided(ctx, OUTCOME_UNKNOWN,
			       "the kernel version is unknown");
	bool ok = true;
	if (c->version_min && kernel_version_parse(c->version_min, &lo))
		ok &= kernel_version_cmp(&k, &lo) >= 0;
	if (c->version_below && kernel_version_parse(c->version_below, &hi))
		ok &= kernel_version_cmp(&k, &hi) < 0;
	return decided(ctx, ok ? OUTCOME_MATCHED : OUTCOME_FAILED, "kernel %s",
		       release);
}

static struct eval eval_arch(struct eval_ctx *ctx, const struct condition *c)
{
	const char *arch = ctx->rec->arch;
	if (!arch)
		return decided(ctx, OUTCOME_UNKNOWN,
			       "the architecture is unknown");
	return decided(ctx,
		       name_in(&c->names, arch) ? OUTCOME_MATCHED :
						  OUTCOME_FAILED,
		       "arch %s", arch);
}

static struct eval eval_module(struct eval_ctx *ctx, const struct condition *c)
{
	const struct crash_record *rec = ctx->rec;
	vector_for_each(char *, m, &rec->modules) {
		if (name_in(&c->names, *m))
			return decided(ctx, OUTCOME_MATCHED, "module %s loaded",
				       *m);
	}
	bool any_module_frame = false;
	for (size_t i = 0; i < trace_len(rec); i++) {
		const struct frame *f = trace_frame(rec, i);
		if (!f || !f->module)
			continue;
		any_module_frame = true;
		if (name_in(&c->names, f->module))
			return decided(ctx, OUTCOME_MATCHED,
				       "frame #%zu %s [%s]", i, f->function,
				       f->module);
	}
	if (!rec->modules.size && !any_module_frame)
		return decided(ctx, OUTCOME_UNKNOWN,
			       "the input lists no modules");
	return decided(ctx, OUTCOME_FAILED, "not loaded (%zu modules listed)",
		       rec->modules.size);
}

/*
 * Whether finding @p f is about the subject a condition binds it to: a
 * page of the crash (the pages the record holds came from the crashing
 * code's registers, stack and log) or the address_space of one.
 */
static bool finding_on_subject(const struct crash_record *rec,
			       const struct finding *f,
			       enum finding_subject subject)
{
	if (subject == SUBJECT_ANY)
		return true;
	if (!f->address.known)
		return false;
	bool stale = false;
	vector_for_each(const struct page_dump, p, &rec->pages) {
		bool page = p->address.known &&
			    p->address.value == f->address.value;
		bool mapping = p->mapping.known && p->mapping.value &&
			       p->pointers_hashed != TRI_TRUE &&
			       p->mapping.value == f->address.value;
		// A mapping finding is filed under its page or its mapping.
		if (page || (subject == SUBJECT_MAPPING && mapping))
			return true;
		stale |= p->mapping.known && !p->mapping.value;
	}
	// A register's stale pointer to a freed address_space is about the
	// mapping a crash page lost when it left the page cache: the dump
	// files such a finding under the pointer, which no page holds now.
	return subject == SUBJECT_MAPPING && stale &&
	       strncmp(f->id, "mapping-", 8) == 0;
}

static struct eval eval_finding(struct eval_ctx *ctx, const struct condition *c)
{
	const struct crash_record *rec = ctx->rec;
	if (rec->source == RECORD_FROM_LOG)
		return decided(ctx, OUTCOME_UNKNOWN,
			       "a log has no dump to check");
	const struct finding *unread = NULL, *elsewhere = NULL;
	vector_for_each(const struct finding, f, &rec->findings) {
		if (strcmp(f->id, "vmcore-unread") == 0)
			unread = f;
		if (!name_in(&c->names, f->id))
			continue;
		if (finding_on_subject(rec, f, c->subject))
			return decided(ctx, OUTCOME_MATCHED, "%s: %s", f->id,
				       f->text);
		elsewhere = f;
	}
	if (elsewhere)
		return decided(ctx, OUTCOME_FAILED,
			       "%s is about 0x%llx, no %s of the crash: %s",
			       elsewhere->id,
			       (unsigned long long)elsewhere->address.value,
			       c->subject == SUBJECT_PAGE ? "page" : "mapping",
			       elsewhere->text);
	// A dump that was only partly read cannot rule a finding out.
	if (unread)
		return decided(
			ctx, OUTCOME_UNKNOWN,
			"not found, but part of the dump was unreadable: %s",
			unread->text);
	// No page of the crash was located: nothing was checked.
	if (c->subject != SUBJECT_ANY && !rec->pages.size)
		return decided(ctx, OUTCOME_UNKNOWN,
			       "the dump located no page of the crash to check");
	return decided(ctx, OUTCOME_FAILED, "the dump showed no such finding");
}

typedef struct eval (*evaluator)(struct eval_ctx *, const struct condition *);

static const evaluator evaluators[COND_TYPE_COUNT] = {
	[COND_KIND] = eval_kind,
	[COND_FAULT_FUNCTION] = eval_fault_function,
	[COND_GUILTY_FUNCTION] = eval_guilty_function,
	[COND_FRAMES] = eval_frames,
	[COND_FRAMES_ANY] = eval_frames_any,
	[COND_FRAMES_ABSENT] = eval_frames_absent,
	[COND_SOURCE_FILE] = eval_source_file,
	[COND_SOURCE_LINE] = eval_source_line,
	[COND_MESSAGE] = eval_message,
	[COND_PAGE] = eval_page,
	[COND_OTHER_TASK] = eval_other_task,
	[COND_KERNEL] = eval_kernel,
	[COND_ARCH] = eval_arch,
	[COND_MODULE] = eval_module,
	[COND_FINDING] = eval_finding,
};

/*
 * A condition that failed or is unknown says what it looked for, so a
 * reader can tell how far the input was from the rule: the names of
 * name-list conditions, the source path, the version range.  (message
 * names its regex in its own fact.)
 */
static char *with_looked_for(const struct eval_ctx *ctx,
			     const struct condition *c, char *fact)
{
	char want[256] = "";
	size_t used = 0;
	switch (c->type) {
	case COND_KIND:
	case COND_FAULT_FUNCTION:
	case COND_GUILTY_FUNCTION:
	case COND_FRAMES_ANY:
	case COND_OTHER_TASK:
	case COND_ARCH:
	case COND_MODULE:
	case COND_FINDING:
		vector_for_each(char *, n, &c->names) {
			int k = snprintf(want + used, sizeof(want) - used,
					 "%s%s", used ? ", " : "", *n);
			if (k < 0 || (size_t)k >= sizeof(want) - used)
				break;
			used += k;
			/* A family says which names it stands for. */
			const struct function_family_member *m;
			size_t members = (*n)[0] == '@' ?
				function_family_members(*n + 1, &m) : 0;
			for (size_t i = 0; i < members; i++) {
				k = snprintf(want + used, sizeof(want) - used,
					     "%s%s%s", i ? " " : " (",
					     m[i].function,
					     i + 1 == members ? ")" : "");
				if (k < 0 || (size_t)k >= sizeof(want) - used)
					break;
				used += k;
			}
		}
		break;
	case COND_SOURCE_FILE:
		snprintf(want, sizeof(want), "%s", c->text);
		break;
	case COND_KERNEL:
		snprintf(want, sizeof(want), "%s%s%s%s%s",
			 c->version_min ? ">= " : "",
			 c->version_min ? c->version_min : "",
			 c->version_min && c->version_below ? ", " : "",
			 c->version_below ? "< " : "",
			 c->version_below ? c->version_below : "");
		break;
	default:
		break;
	}
	char *out;
	if (!fact || !want[0])
		return fact;
	if (asprintf(&out, "%s; looked for %s", fact, want) < 0) {
		*ctx->oom = true;
		return fact;
	}
	free(fact);
	return out;
}

static void verdict_deinit(struct verdict *v)
{
	vector_for_each(struct condition_result, r, &v->results)
		free(r->fact);
	condition_result_vector_deinit(&v->results);
	vector_for_each(struct actor_binding, b, &v->actors) {
		free(b->comm);
		free(b->where);
	}
	actor_binding_vector_deinit(&v->actors);
	free(v->version_note);
}

void verdicts_deinit(struct verdict_vector *verdicts)
{
	vector_for_each(struct verdict, v, verdicts)
		verdict_deinit(v);
	verdict_vector_deinit(verdicts);
}

/*
 * The levels and their arithmetic (pagerace-signatures(5), "Scoring"):
 * a failed required condition rejects the rule; then the evidence floor;
 * then score = 100 * matched / (matched + failed + unknown / 2) over
 * weights decides between possible, likely and confirmed.
 *
 * A required condition marked decisive (dump state: a finding, a page
 * fact) is an alternative to the others: when it matched it stands in
 * for required conditions the input cannot decide (a dump whose log was
 * lost), and when it failed it does not reject the rule (the dump may
 * not have reached that page).
 */
static void score_verdict(struct verdict *v, const struct crash_record *rec)
{
	double matched = 0, failed = 0, unknown = 0;
	bool rejected = false, all_required_matched = true;
	bool decisive_matched = false, decisive_failed = false;
	bool supporting_matched = false, required_decisive_matched = false;
	int required_matched = 0;
	vector_for_each(struct condition_result, r, &v->results) {
		const struct condition *c = r->cond;
		bool plain_required = c->required && !c->decisive;
		// A log has no dump: its findings are not unknown evidence,
		// they are no evidence, and weigh nothing.
		if (c->type == COND_FINDING && rec->source == RECORD_FROM_LOG)
			continue;
		switch (r->outcome) {
		case OUTCOME_MATCHED:
			matched += c->weight;
			decisive_matched |= c->decisive;
			supporting_matched |= !c->required;
			// The kind alone says how the kernel died, not
			// which race: it does not lift a rule off the floor.
			required_matched += c->required && c->type != COND_KIND;
			required_decisive_matched |= c->required && c->decisive;
			break;
		case OUTCOME_FAILED:
			failed += c->weight;
			decisive_failed |= c->decisive;
			rejected |= plain_required;
			all_required_matched &= !plain_required;
			break;
		case OUTCOME_UNKNOWN:
			unknown += c->weight;
			all_required_matched &= !plain_required;
			break;
		}
	}
	all_required_matched |= required_decisive_matched;
	v->required_matched = required_matched;
	double denom = matched + failed + unknown / 2;
	v->score = denom > 0 ? (int)(100 * matched / denom + 0.5) : 0;
	v->level = VERDICT_NONE;
	if (rejected)
		v->none_reason = "a required condition failed";
	else if (rec->kind == CRASH_UNKNOWN && !decisive_matched)
		v->none_reason = "the crash kind is unknown (the input does not say how the kernel died) and no decisive dump finding matched";
	else if (!required_matched)
		v->none_reason = "no required condition beyond the crash kind matched (the fault site is unknown or the input too short)";
	else if (!supporting_matched)
		v->none_reason = "only required conditions matched; possible needs a supporting one too";
	else if (all_required_matched && decisive_matched &&
		 !decisive_failed && v->score >= 80)
		v->level = VERDICT_CONFIRMED;
	else if (all_required_matched && !decisive_failed && v->score >= 70)
		v->level = VERDICT_LIKELY;
	else
		v->level = VERDICT_POSSIBLE;
	v->level_before_version = v->level;
}

static enum verdict_level lower(enum verdict_level level)
{
	return level > VERDICT_POSSIBLE ? level - 1 : level;
}

static void set_note(bool *oom, struct verdict *v, const char *fmt, ...)
	__attribute__((__format__(__printf__, 3, 4)));

static void set_note(bool *oom, struct verdict *v, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (vasprintf(&v->version_note, fmt, ap) < 0) {
		v->version_note = NULL;
		*oom = true;
	}
	va_end(ap);
}

/*
 * Version knowledge, per fix commit and stable branch: a kernel that
 * already has every fix commit, or predates the bug, is evidence for a
 * different bug and lowers the level a step.  Distributions backport, so
 * their kernels are "by version: unknown" and keep their level.
 */
static void apply_version_knowledge(bool *oom, struct verdict *v,
				    const struct crash_record *rec)
{
	const struct rule *rule = v->rule;
	struct kernel_version k, f;
	if (!rec->kernel_version || !kernel_version_parse(rec->kernel_version, &k))
		return;
	char why[256] = "", last[256] = "";
	const char *decided_by = NULL;
	size_t fixes = 0, present = 0, unknown = 0;
	vector_for_each(const struct fix_commit, c, &rule->commits) {
		if (c->prerequisite)
			continue;
		fixes++;
		enum fix_presence p = kernel_version_has_commit(
			&k, c->release, c->stable.data, c->stable.size, why,
			sizeof(why));
		present += p == FIX_PRESENT;
		unknown += p == FIX_UNKNOWN;
		if (p == FIX_ABSENT || !decided_by) {
			decided_by = c->id;
			snprintf(last, sizeof(last), "%s", why);
		}
		if (p == FIX_ABSENT)
			break;
	}
	if (unknown) {
		set_note(oom, v,
			 "by version: unknown, backports likely (%s; fix %s)",
			 last, decided_by);
		return;
	}
	if (fixes && present == fixes) {
		v->level = lower(v->level);
		set_note(
			oom, v,
			"matches %s, but by version kernel %s already has the fix (%s: %s): a regression or a different bug, unless this build lacks the fix",
			rule->id, rec->kernel_version, decided_by, last);
		return;
	}
	if (fixes && decided_by)
		set_note(oom, v, "by version kernel %s lacks fix %s (%s)",
			 rec->kernel_version, decided_by, last);
	if (rule->introduced && !k.distro &&
	    kernel_version_parse(rule->introduced, &f) &&
	    kernel_version_cmp(&k, &f) < 0) {
		free(v->version_note);
		v->level = lower(v->level);
		set_note(
			oom, v,
			"kernel %s predates %s, where this bug was introduced: likely a different bug",
			rec->kernel_version, rule->introduced);
	}
}

static struct pgr_error *bind(struct actor_binding *b, const char *comm,
			      struct pgr_s64 pid, const char *where)
{
	b->bound = true;
	b->pid = pid;
	if ((comm && !(b->comm = strdup(comm))) ||
	    (where && !(b->where = strdup(where))))
		return &pgr_enomem;
	return NULL;
}

static struct pgr_error *bind_actor(struct eval_ctx *ctx,
				    const struct actor *a,
				    struct actor_binding *b)
{
	const struct crash_record *rec = ctx->rec;
	b->actor = a;
	if (a->crashed) {
		const struct frame *g = crash_record_guilty(rec);
		struct pgr_error *err = bind(b, rec->comm, rec->pid,
					     g ? g->function : NULL);
		b->bound = rec->comm || rec->pid.known;
		return err;
	}
	vector_for_each(const struct task_stack, t, &rec->tasks) {
		const char *where;
		if (!t->crashed &&
		    task_matches(ctx, t, &a->frames_any, a->comm, &where))
			return bind(b, t->comm, t->pid, where);
	}
	return NULL;
}

/*
 * Whether a required condition of @rule fails, which rejects the rule
 * whatever the rest say (see score_verdict()).  Conditions have no side
 * effects, so the required ones can be decided first, without facts and
 * the message regexes last: most rules are rejected by their kind or
 * fault function and need no more work.
 */
static bool required_failed(struct eval_ctx *ctx, const struct rule *rule)
{
	bool failed = false;
	ctx->facts = false;
	for (int regex = 0; regex < 2 && !failed; regex++) {
		vector_for_each(const struct condition, c, &rule->conditions) {
			// A required decisive condition is an alternative
			// (score_verdict()): its failure rejects nothing.
			if (!c->required || c->decisive ||
			    (c->type == COND_MESSAGE) != regex)
				continue;
			if (evaluators[c->type](ctx, c).outcome ==
			    OUTCOME_FAILED) {
				failed = true;
				break;
			}
		}
	}
	ctx->facts = true;
	return failed;
}

static struct pgr_error *evaluate_rule(struct eval_ctx *ctx,
				       const struct rule *rule,
				       bool include_rejected,
				       struct verdict_vector *ret)
{
	if (!include_rejected && required_failed(ctx, rule))
		return NULL;
	_cleanup_(verdict_deinit) struct verdict v = { .rule = rule };
	vector_for_each(const struct condition, c, &rule->conditions) {
		struct condition_result *r =
			condition_result_vector_append_entry(&v.results);
		if (!r)
			return &pgr_enomem;
		struct eval e = evaluators[c->type](ctx, c);
		r->cond = c;
		r->outcome = e.outcome;
		r->fact = e.outcome == OUTCOME_MATCHED ?
				  e.fact :
				  with_looked_for(ctx, c, e.fact);
	}
	score_verdict(&v, ctx->rec);
	if (v.level == VERDICT_NONE && !include_rejected)
		return NULL;
	if (v.level != VERDICT_NONE)
		apply_version_knowledge(ctx->oom, &v, ctx->rec);
	vector_for_each(const struct actor, a, &rule->actors) {
		struct actor_binding *b =
			actor_binding_vector_append_entry(&v.actors);
		if (!b)
			return &pgr_enomem;
		struct pgr_error *err = bind_actor(ctx, a, b);
		if (err)
			return err;
	}
	if (!verdict_vector_append(ret, &v))
		return &pgr_enomem;
	// The vector owns the members now.
	v = (struct verdict){ 0 };
	return NULL;
}

static int compare_verdicts(const void *pa, const void *pb)
{
	const struct verdict *a = pa, *b = pb;
	if (a->level != b->level)
		return a->level > b->level ? -1 : 1;
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	return strcmp(a->rule->id, b->rule->id);
}

/*
 * Whether a required condition other than the kind matches, decided
 * without facts: a rule without one is not near (score_verdict() counts
 * the same), and most rules of an unrelated report are skipped here.
 */
static bool required_site_matched(struct eval_ctx *ctx, const struct rule *rule)
{
	bool matched = false;
	ctx->facts = false;
	vector_for_each(const struct condition, c, &rule->conditions) {
		if (!c->required || c->type == COND_KIND ||
		    (c->type == COND_FINDING &&
		     ctx->rec->source == RECORD_FROM_LOG))
			continue;
		if (evaluators[c->type](ctx, c).outcome == OUTCOME_MATCHED) {
			matched = true;
			break;
		}
	}
	ctx->facts = true;
	return matched;
}

/* Nearest first: more required conditions matched, then a higher score. */
static int compare_nearness(const void *pa, const void *pb)
{
	const struct verdict *a = pa, *b = pb;
	if (a->required_matched != b->required_matched)
		return a->required_matched > b->required_matched ? -1 : 1;
	return compare_verdicts(pa, pb);
}

/*
 * No rule reached "possible": say which came closest and why they
 * failed, so that a reader can tell a near miss from an unknown crash.
 * Only rules with a required condition matched are near at all.
 */
static struct pgr_error *add_nearest(struct eval_ctx *ctx,
				     const struct rule_set *set,
				     struct verdict_vector *ret)
{
	_cleanup_(verdicts_deinit) struct verdict_vector all = { 0 };
	vector_for_each(struct rule *, rule, &set->rules) {
		if (!required_site_matched(ctx, *rule))
			continue;
		struct pgr_error *err = evaluate_rule(ctx, *rule, true, &all);
		if (err)
			return err;
	}
	if (all.size > 1)
		qsort(all.data, all.size, sizeof(*all.data), compare_nearness);
	size_t kept = 0;
	for (size_t i = 0; i < all.size; i++) {
		struct verdict *v = &all.data[i];
		if (kept == NEAREST_RULES || v->level != VERDICT_NONE ||
		    !v->required_matched)
			continue;
		v->nearest = true;
		if (!verdict_vector_append(ret, v))
			return &pgr_enomem;
		// The result owns the members now.
		*v = (struct verdict){ 0 };
		kept++;
	}
	return NULL;
}

static void pcre2_match_context_freep(pcre2_match_context **p)
{
	pcre2_match_context_free(*p);
}

static void pcre2_match_data_freep(pcre2_match_data **p)
{
	pcre2_match_data_free(*p);
}

struct pgr_error *engine_evaluate(const struct rule_set *set,
				  const struct crash_record *rec,
				  bool include_rejected,
				  struct verdict_vector *ret)
{
	_cleanup_(pcre2_match_context_freep) pcre2_match_context *mctx =
		pcre2_match_context_create(NULL);
	_cleanup_(pcre2_match_data_freep) pcre2_match_data *md =
		pcre2_match_data_create(8, NULL);
	if (!mctx || !md)
		return &pgr_enomem;
	pcre2_set_match_limit(mctx, REGEX_MATCH_LIMIT);
	pcre2_set_depth_limit(mctx, REGEX_DEPTH_LIMIT);
	bool oom = false;
	struct eval_ctx ctx = {
		.rec = rec, .mctx = mctx, .md = md, .facts = true, .oom = &oom
	};
	struct pgr_error *err = NULL;
	vector_for_each(struct rule *, rule, &set->rules) {
		err = evaluate_rule(&ctx, *rule, include_rejected, ret);
		if (err)
			break;
	}
	if (!err && ret->size > 1)
		qsort(ret->data, ret->size, sizeof(*ret->data),
		      compare_verdicts);
	if (!err && !include_rejected &&
	    (!ret->size || ret->data[0].level < VERDICT_POSSIBLE))
		err = add_nearest(&ctx, set, ret);
	if (!err && oom)
		err = &pgr_enomem;
	free(ctx.subject);
	return err;
}
