// SPDX-License-Identifier: GPL-2.0-or-later
// The index of the knowledge base, the matching of a crash record against
// it, and what a kernel release says of a fix.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "guilty.h"
#include "kb/kb.h"
#include "signature/version.h"

/* ---------------------------------------------------------------- index */

/*
 * The index key "T:NAME" of @p name under @p tag (g guilty frame, f fault
 * function, s BUG/WARN file, t first frame, n function the fix names);
 * 0 when there is none (no name, or one too long to be a function).
 */
static int index_key(char key[256], char tag, const char *name)
{
	if (!name || !*name)
		return 0;
	int n = snprintf(key, 256, "%c:%s", tag, name);
	return n < 0 || n >= 256 ? 0 : n;
}

static struct pgr_error *index_add(struct kb *kb, char tag, const char *name,
				   size_t entry)
{
	char key[256];
	int n = index_key(key, tag, name);
	if (!n)
		return NULL;
	bool added;
	size_t *slot = strmap_get_or_add(&kb->index, key, n,
					 kb->postings.size, &added);
	if (!slot)
		return &pgr_enomem;
	if (added) {
		if (kb->postings.size == kb->postings.capacity) {
			size_t cap = kb->postings.capacity ?
					     kb->postings.capacity * 2 : 256;
			struct size_vector *d = realloc(
				kb->postings.data, cap * sizeof(*d));
			if (!d)
				return &pgr_enomem;
			kb->postings.data = d;
			kb->postings.capacity = cap;
		}
		size_vector_init(&kb->postings.data[kb->postings.size++]);
	}
	struct size_vector *list = &kb->postings.data[*slot];
	/* Entries are indexed in order: a repeat is always the last. */
	if (list->size && list->data[list->size - 1] == entry)
		return NULL;
	return size_vector_append(list, &entry) ? NULL : &pgr_enomem;
}

struct pgr_error *kb_build_index(struct kb *kb)
{
	struct pgr_error *err = NULL;
	for (size_t i = 0; i < kb->entries.size && !err; i++) {
		const struct kb_entry *e = &kb->entries.data[i];
		vector_for_each(const struct kb_crash, c, &e->crashes) {
			if ((err = index_add(kb, 'g', c->guilty, i)) ||
			    (err = index_add(kb, 'f', c->fault, i)) ||
			    (err = index_add(kb, 's', c->site_file, i)) ||
			    (err = index_add(kb, 't', c->frames.size ?
							      c->frames.data[0] :
							      NULL, i)))
				break;
		}
		vector_for_each(char *const, f, &e->functions) {
			if (!err)
				err = index_add(kb, 'n', *f, i);
		}
	}
	return err;
}

static const struct size_vector *index_get(const struct kb *kb, char tag,
					   const char *name)
{
	char key[256];
	int n = index_key(key, tag, name);
	if (!n)
		return NULL;
	const size_t *slot = strmap_get(&kb->index, key, n);
	return slot ? &kb->postings.data[*slot] : NULL;
}

/* ------------------------------------------------------------- matching */

enum { MAX_QUERY_FRAMES = 16 };

/* Scores below KB_MIN_SCORE are not worth a reader's time. */
enum {
	KB_MIN_SCORE = 3,
	KB_MEDIUM_SCORE = 7,
	KB_STRONG_SCORE = 11,
	KB_BEFORE_BUG_PENALTY = 3,
	/* How many callers of the guilty frame must agree, and the cost of
	 * each that does not. */
	KB_CALLERS_COMPARED = 3,
	KB_CALLER_PENALTY = 2,
};


struct query {
	enum crash_kind kind;
	const char *guilty, *fault, *site_file;
	uint64_t site_line;
	const char *frames[MAX_QUERY_FRAMES];
	size_t nframes;
};

static void query_of(const struct crash_record *rec, struct query *q)
{
	memset(q, 0, sizeof(*q));
	q->kind = rec->kind;
	const struct frame *g = crash_record_guilty(rec);
	q->guilty = g ? g->normalized : NULL;
	q->fault = rec->has_fault ? rec->fault.normalized : NULL;
	q->site_file = rec->source_file;
	q->site_line = rec->source_line.known ? rec->source_line.value : 0;
	size_t from = rec->guilty >= 0 ? (size_t)rec->guilty : 0;
	for (size_t i = from;
	     i < rec->frames.size && q->nframes < MAX_QUERY_FRAMES; i++) {
		const struct frame *f = &rec->frames.data[i];
		if (f->reliable && f->normalized &&
		    !infra_frame_group(rec->kind, f->normalized))
			q->frames[q->nframes++] = f->normalized;
	}
}

static bool same(const char *a, const char *b)
{
	return a && b && a[0] == b[0] && strcmp(a, b) == 0;
}

/* Longest common subsequence: frames in the same order, gaps allowed. */
static size_t frames_in_order(const struct query *q, const struct kb_crash *c)
{
	size_t m = c->frames.size < MAX_QUERY_FRAMES ? c->frames.size :
						       MAX_QUERY_FRAMES;
	size_t prev[MAX_QUERY_FRAMES + 1] = { 0 }, cur[MAX_QUERY_FRAMES + 1];
	for (size_t i = 0; i < q->nframes; i++) {
		cur[0] = 0;
		for (size_t j = 0; j < m; j++) {
			// The first byte rules out most pairs without a call.
			if (q->frames[i][0] == c->frames.data[j][0] &&
			    strcmp(q->frames[i], c->frames.data[j]) == 0)
				cur[j + 1] = prev[j] + 1;
			else
				cur[j + 1] = prev[j + 1] > cur[j] ? prev[j + 1] :
								    cur[j];
		}
		memcpy(prev, cur, (m + 1) * sizeof(*prev));
	}
	return prev[m];
}

/*
 * Sibling bugs share the code that crashed and differ in who called it:
 * two fixes for two scsi_debug commands that both overrun in
 * sg_copy_buffer(), one clock disabled twice by two drivers.  So the
 * callers right below the guilty frame must agree too: count those of
 * the report that the quoted crash lacks.  A quote with fewer frames
 * than that was abridged by whoever pasted it and says nothing.
 */
static size_t callers_differ(const struct query *q, const struct kb_crash *c)
{
	if (c->frames.size <= KB_CALLERS_COMPARED)
		return 0;
	size_t differ = 0;
	for (size_t i = 1; i < q->nframes && i <= KB_CALLERS_COMPARED; i++) {
		bool found = false;
		vector_for_each(char *const, f, &c->frames) {
			if ((*f)[0] == q->frames[i][0] &&
			    strcmp(*f, q->frames[i]) == 0) {
				found = true;
				break;
			}
		}
		differ += !found;
	}
	return differ;
}

/*
 * The similarity of a report and a quoted crash (documented in
 * man/pagerace.1, KNOWN BUGS): guilty frame 4, fault function 2, kind 2,
 * BUG/WARN file 2 and line 1 more, and 1 for each frame in the same
 * order, at most 5.
 */
static int crash_score(const struct query *q, const struct kb_crash *c,
		       char *why, size_t why_len, size_t *in_order_ret)
{
	int score = 0;
	/* Kind and file alone are shared by unrelated bugs of a subsystem. */
	bool specific = false;
	size_t used = 0;
	/* Without @p why only the score: the words are for the best crash. */
	if (why)
		why[0] = '\0';
#define AGREE(points, text)                                                \
	do {                                                               \
		score += (points);                                         \
		int w = why ? snprintf(why + used, why_len - used, "%s%s", \
				       used ? ", " : "", (text)) :         \
			      0;                                           \
		if (w > 0 && (size_t)w < why_len - used)                   \
			used += w;                                         \
	} while (0)
	if (same(q->guilty, c->guilty)) {
		AGREE(4, "guilty frame");
		specific = true;
	}
	/* A fault site that is the guilty frame agrees once, not twice. */
	if (same(q->fault, c->fault) && !same(q->fault, q->guilty)) {
		AGREE(2, "fault function");
		specific = true;
	}
	if (q->kind != CRASH_UNKNOWN && q->kind == c->kind)
		AGREE(2, "crash kind");
	if (same(q->site_file, c->site_file)) {
		if (q->site_line && q->site_line == c->site_line) {
			AGREE(3, "BUG/WARN site");
			specific = true;
		} else {
			AGREE(2, "BUG/WARN file");
		}
	}
	size_t n = frames_in_order(q, c);
	*in_order_ret = n;
	if (n >= 2) {
		char text[40] = "";
		if (why)
			snprintf(text, sizeof(text), "%zu frames in order", n);
		AGREE(n > 5 ? 5 : (int)n, text);
		specific = specific || n >= 3;
	}
	size_t differ = callers_differ(q, c);
	if (differ) {
		char text[48] = "";
		// Scoring every candidate, only the best one's words are kept.
		if (why)
			snprintf(text, sizeof(text),
				 "not: %zu of the callers differ", differ);
		AGREE(-KB_CALLER_PENALTY * (int)differ, text);
	}
#undef AGREE
	return specific ? score : 0;
}


static bool candidate_before(const struct kb_candidate *a,
			     const struct kb_candidate *b)
{
	if (a->score != b->score)
		return a->score > b->score;
	if (a->in_order != b->in_order)
		return a->in_order > b->in_order;
	return strcmp(a->entry->id, b->entry->id) > 0;
}

static void consider(const struct kb *kb, const struct query *q,
		     const char *version, size_t idx, struct kb_candidate *out,
		     size_t *count)
{
	const struct kb_entry *e = &kb->entries.data[idx];
	for (size_t i = 0; i < *count; i++) {
		if (out[i].entry == e)
			return;
	}
	struct kb_candidate c = { .entry = e };
	vector_for_each(const struct kb_crash, k, &e->crashes) {
		size_t in_order;
		int s = crash_score(q, k, NULL, 0, &in_order);
		if (s > c.score || (s == c.score && in_order > c.in_order)) {
			c.score = s;
			c.in_order = in_order;
			c.crash = k;
		}
	}
	if (c.crash) {
		size_t in_order;
		crash_score(q, c.crash, c.why, sizeof(c.why), &in_order);
	}
	if (c.score < KB_MIN_SCORE && q->guilty) {
		vector_for_each(char *const, f, &e->functions) {
			if (strcmp(*f, q->guilty) == 0) {
				c.score = KB_MIN_SCORE;
				c.crash = NULL;
				snprintf(c.why, sizeof(c.why),
					 "the fix names the guilty function %s()",
					 q->guilty);
				break;
			}
		}
	}
	if (c.score < KB_MIN_SCORE)
		return;
	/*
	 * A bug that came after the crash's kernel is not this crash's,
	 * unless a distribution backported it: it sinks, but stays listed.
	 */
	kb_version_verdict(e, version, &c);
	if (c.version_state == KB_VERSION_BEFORE_BUG)
		c.score -= KB_BEFORE_BUG_PENALTY;
	if (c.score < KB_MIN_SCORE)
		return;
	c.strength = c.score >= KB_STRONG_SCORE ? KB_STRONG :
		     c.score >= KB_MEDIUM_SCORE ? KB_MEDIUM :
						  KB_WEAK;
	/*
	 * Keep the best KB_MAX_CANDIDATES; on equal scores the longer trace
	 * in common (uncapped) first, then the newest record.
	 */
	size_t pos = *count;
	while (pos > 0 && candidate_before(&c, &out[pos - 1]))
		pos--;
	if (pos >= KB_MAX_CANDIDATES)
		return;
	size_t n = *count < KB_MAX_CANDIDATES ? *count : KB_MAX_CANDIDATES - 1;
	memmove(&out[pos + 1], &out[pos], (n - pos) * sizeof(*out));
	out[pos] = c;
	if (*count < KB_MAX_CANDIDATES)
		(*count)++;
}

/*
 * An entry is in several lists (guilty frame, fault, file: often the same
 * list twice when the fault is the guilty frame) and scores the same in
 * each: @p seen (a bit per entry) lets each be scored once.  An entry
 * that was dropped from the best stays dropped, so this changes nothing
 * but the time.
 */
static void consider_all(const struct kb *kb, const struct query *q,
			 const char *version, const struct size_vector *list,
			 unsigned char *seen, struct kb_candidate *out,
			 size_t *count)
{
	if (!list)
		return;
	vector_for_each(const size_t, i, list) {
		if (seen[*i / 8] & (1 << (*i % 8)))
			continue;
		seen[*i / 8] |= 1 << (*i % 8);
		consider(kb, q, version, *i, out, count);
	}
}

struct pgr_error *kb_match(const struct kb *kb, const struct crash_record *rec,
			   struct kb_candidate *out, size_t *count_ret)
{
	struct query q;
	query_of(rec, &q);
	size_t count = 0;
	const char *v = rec->kernel_version;
	_cleanup_free_ unsigned char *seen =
		calloc(kb->entries.size / 8 + 1, 1);
	if (!seen)
		return &pgr_enomem;
	consider_all(kb, &q, v, index_get(kb, 'g', q.guilty), seen, out,
		     &count);
	consider_all(kb, &q, v, index_get(kb, 'f', q.fault), seen, out, &count);
	consider_all(kb, &q, v, index_get(kb, 'g', q.fault), seen, out, &count);
	consider_all(kb, &q, v, index_get(kb, 's', q.site_file), seen, out,
		     &count);
	consider_all(kb, &q, v, index_get(kb, 'n', q.guilty), seen, out,
		     &count);
	/* Reports without a guilty frame are indexed by their first frame. */
	for (size_t i = 0; i < q.nframes && i < 2; i++)
		consider_all(kb, &q, v, index_get(kb, 't', q.frames[i]), seen,
			     out, &count);
	*count_ret = count;
	return NULL;
}

/* ------------------------------------------------------ version verdict */

static bool parse(const char *s, struct kernel_version *v)
{
	return s && kernel_version_parse(s, v);
}

void kb_version_verdict(const struct kb_entry *e, const char *version,
			struct kb_candidate *c)
{
	struct kernel_version k, intro, fixed, mainline;
	char branch[24];
	c->version_state = KB_VERSION_UNKNOWN;
	const char *ml = e->mainline_fix;
	bool have_ml = parse(ml, &mainline);
	if (!parse(version, &k)) {
		snprintf(c->version_text, sizeof(c->version_text),
			 "no kernel version in the report%s%s%s",
			 have_ml ? "; fixed in " : "", have_ml ? ml : "",
			 have_ml ? " mainline" : "");
		return;
	}
	kernel_version_branch(&k, branch, sizeof(branch));
	if (k.distro) {
		snprintf(c->version_text, sizeof(c->version_text),
			 "%s kernel %s (base %s): by version unknown, "
			 "backports likely%s%s%s",
			 k.distro, version, branch, have_ml ? "; fixed in " : "",
			 have_ml ? ml : "", have_ml ? " mainline" : "");
		return;
	}
	vector_for_each(const struct kb_branch, b, &e->branches) {
		if (strcmp(b->branch, branch) != 0)
			continue;
		struct kernel_version from;
		bool has_fixed = parse(b->fixed, &fixed);
		if (parse(b->affected_from, &from) &&
		    kernel_version_cmp(&k, &from) < 0) {
			c->version_state = KB_VERSION_BEFORE_BUG;
			snprintf(c->version_text, sizeof(c->version_text),
				 "%s predates the bug on %s.y (it came in %s)",
				 version, branch, b->affected_from);
		} else if (!has_fixed) {
			c->version_state = KB_VERSION_AFFECTED;
			snprintf(c->version_text, sizeof(c->version_text),
				 "%s is affected; no fix listed for %s.y%s%s%s",
				 version, branch, have_ml ? "; fixed in " : "",
				 have_ml ? ml : "", have_ml ? " mainline" : "");
		} else if (kernel_version_cmp(&k, &fixed) >= 0) {
			c->version_state = KB_VERSION_HAS_FIX;
			snprintf(c->version_text, sizeof(c->version_text),
				 "%s has the fix (fixed in %s on %s.y): a "
				 "regression or another bug",
				 version, b->fixed, branch);
		} else {
			c->version_state = KB_VERSION_AFFECTED;
			snprintf(c->version_text, sizeof(c->version_text),
				 "%s is affected; fixed in %s on %s.y%s%s%s",
				 version, b->fixed, branch,
				 have_ml ? " and in " : "", have_ml ? ml : "",
				 have_ml ? " mainline" : "");
		}
		return;
	}
	/*
	 * A branch's own rows come first: the bug may have been backported
	 * to a branch older than the mainline release that introduced it.
	 */
	if (parse(e->introduced, &intro) && kernel_version_cmp(&k, &intro) < 0) {
		c->version_state = KB_VERSION_BEFORE_BUG;
		snprintf(c->version_text, sizeof(c->version_text),
			 "%s predates the bug (introduced in %s)", version,
			 e->introduced);
		return;
	}
	if (!have_ml) {
		snprintf(c->version_text, sizeof(c->version_text),
			 "the record names no fixed release");
		return;
	}
	bool same_branch = k.major == mainline.major &&
			   k.minor == mainline.minor &&
			   k.three_part == mainline.three_part;
	if (same_branch && k.rc) {
		snprintf(c->version_text, sizeof(c->version_text),
			 "%s is a release candidate of %s, where the fix "
			 "landed: by version unknown",
			 version, ml);
	} else if (kernel_version_cmp(&k, &mainline) >= 0) {
		c->version_state = KB_VERSION_HAS_FIX;
		snprintf(c->version_text, sizeof(c->version_text),
			 "%s has the fix (fixed in %s mainline): a regression "
			 "or another bug",
			 version, ml);
	} else {
		c->version_state = KB_VERSION_AFFECTED;
		snprintf(c->version_text, sizeof(c->version_text),
			 "%s is affected; no fix listed for %s.y; fixed in %s "
			 "mainline",
			 version, branch, ml);
	}
}
