// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "guilty.h"
#include "input/detect.h"
#include "kb/kb.h"
#include "signature/version.h"
#include "triage/decompress.h"
#include "util.h"

/* A line of a knowledge file longer than this is corruption. */
enum { KB_LINE_MAX = 1 << 20 };

void kb_init(struct kb *kb)
{
	memset(kb, 0, sizeof(*kb));
	pgr_arena_init(&kb->arena);
	kb_entry_vector_init(&kb->entries);
	strmap_init(&kb->index);
}

static void entry_deinit(struct kb_entry *e)
{
	string_vector_deinit(&e->commits);
	kb_branch_vector_deinit(&e->branches);
	string_vector_deinit(&e->files);
	string_vector_deinit(&e->functions);
	vector_for_each(struct kb_crash, c, &e->crashes)
		string_vector_deinit(&c->frames);
	kb_crash_vector_deinit(&e->crashes);
}

void kb_deinit(struct kb *kb)
{
	vector_for_each(struct kb_entry, e, &kb->entries)
		entry_deinit(e);
	kb_entry_vector_deinit(&kb->entries);
	for (size_t i = 0; i < kb->postings.size; i++)
		size_vector_deinit(&kb->postings.data[i]);
	free(kb->postings.data);
	strmap_deinit(&kb->index);
	pgr_arena_deinit(&kb->arena);
	free(kb->text);
}

struct kb_entry *kb_add_entry(struct kb *kb)
{
	/* append_entry zeroes: every vector in the entry starts empty. */
	return kb_entry_vector_append_entry(&kb->entries);
}

char *kb_strdup(struct kb *kb, const char *s)
{
	return pgr_arena_strdup(&kb->arena, s);
}

char *kb_strndup(struct kb *kb, const char *s, size_t n)
{
	return pgr_arena_strndup(&kb->arena, s, n);
}

const char *kb_strength_name(enum kb_strength s)
{
	return s == KB_STRONG ? "strong" : s == KB_MEDIUM ? "medium" : "weak";
}

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

/* ----------------------------------------------------------- file format */

/*
 * The knowledge file, one fact per line, fields separated by tabs, "-"
 * for an unknown field:
 *   pagerace-kb FORMAT SOURCE          header
 *   E ID SUBJECT INTRODUCED MAINLINE   an entry; the lines below are its
 *   K COMMIT...                        fix commits, mainline's last
 *   B BRANCH AFFECTED_FROM FIXED       one per stable branch
 *   F FILE...                          files the fix touches
 *   N FUNCTION...                      functions the fix message names
 *   S KIND GUILTY FAULT FILE LINE FRAME...   a quoted crash's signature
 *   end COUNT                          entries written: a truncated file
 *                                      has no end line
 */

static void put_field(FILE *out, const char *s)
{
	fputc('\t', out);
	if (!s || !*s) {
		fputc('-', out);
		return;
	}
	for (; *s; s++)
		fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, out);
}

static void put_list(FILE *out, char tag, const struct string_vector *v)
{
	if (!v->size)
		return;
	fputc(tag, out);
	vector_for_each(char *const, s, v)
		put_field(out, *s);
	fputc('\n', out);
}

struct pgr_error *kb_write(const struct kb *kb, FILE *out, const char *path)
{
	fprintf(out, "pagerace-kb\t%d", KB_FORMAT);
	put_field(out, kb->source);
	fputc('\n', out);
	vector_for_each(const struct kb_entry, e, &kb->entries) {
		fputc('E', out);
		put_field(out, e->id);
		put_field(out, e->subject);
		put_field(out, e->introduced);
		put_field(out, e->mainline_fix);
		fputc('\n', out);
		put_list(out, 'K', &e->commits);
		vector_for_each(const struct kb_branch, b, &e->branches) {
			fputc('B', out);
			put_field(out, b->branch);
			put_field(out, b->affected_from);
			put_field(out, b->fixed);
			fputc('\n', out);
		}
		put_list(out, 'F', &e->files);
		put_list(out, 'N', &e->functions);
		vector_for_each(const struct kb_crash, c, &e->crashes) {
			fputc('S', out);
			put_field(out, crash_kind_name(c->kind));
			put_field(out, c->guilty);
			put_field(out, c->fault);
			put_field(out, c->site_file);
			fprintf(out, "\t%" PRIu64, c->site_line);
			vector_for_each(char *const, f, &c->frames)
				put_field(out, *f);
			fputc('\n', out);
		}
	}
	fprintf(out, "end\t%zu\n", kb->entries.size);
	if (fflush(out) == EOF || ferror(out))
		return pgr_error_os(errno, path, "cannot write");
	return NULL;
}

/* Split @p line at tabs in place; "-" fields become NULL. */
static size_t split_fields(char *line, char **fields, size_t max)
{
	size_t n = 0;
	for (char *p = line; n < max;) {
		char *tab = strchr(p, '\t');
		if (tab)
			*tab = '\0';
		fields[n++] = strcmp(p, "-") == 0 ? NULL : p;
		if (!tab)
			break;
		p = tab + 1;
	}
	return n;
}

static struct pgr_error *read_corrupt(const char *path, size_t line,
				      const char *what)
{
	return pgr_error_format(PGR_ERROR_BAD_DATA,
				"%s: line %zu: %s; rebuild it with "
				"'pagerace kb build RECORDS -o %s'",
				path, line, what, path);
}

static bool push_fields(struct string_vector *v, char **fields, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (fields[i] && !string_vector_append(v, &fields[i]))
			return false;
	}
	return true;
}

/* More than any record has files, functions or frames on one line. */
enum { MAX_FIELDS = 256 };

static struct pgr_error *read_line(struct kb *kb, const char *path,
				   size_t lineno, char *line)
{
	char *f[MAX_FIELDS];
	size_t n = split_fields(line, f, MAX_FIELDS);
	const char *tag = f[0] ? f[0] : "";
	struct kb_entry *e = kb_entry_vector_last(&kb->entries);
	bool oom = false;
	if (strcmp(tag, "E") == 0) {
		if (n != 5 || !f[1])
			return read_corrupt(path, lineno, "malformed entry");
		e = kb_add_entry(kb);
		if (!e)
			return &pgr_enomem;
		e->id = f[1];
		e->subject = f[2];
		e->introduced = f[3];
		e->mainline_fix = f[4];
		return NULL;
	}
	if (!e || !tag[0] || tag[1])
		return read_corrupt(path, lineno, "not a knowledge file line");
	switch (tag[0]) {
	case 'K':
		oom = !push_fields(&e->commits, f + 1, n - 1);
		break;
	case 'F':
		oom = !push_fields(&e->files, f + 1, n - 1);
		break;
	case 'N':
		oom = !push_fields(&e->functions, f + 1, n - 1);
		break;
	case 'B': {
		if (n != 4 || !f[1] || (!f[2] && !f[3]))
			return read_corrupt(path, lineno, "malformed branch");
		struct kb_branch *b =
			kb_branch_vector_append_entry(&e->branches);
		if (!b)
			return &pgr_enomem;
		b->branch = f[1];
		b->affected_from = f[2];
		b->fixed = f[3];
		break;
	}
	case 'S': {
		if (n < 6 || !f[1])
			return read_corrupt(path, lineno, "malformed crash");
		enum crash_kind kind = crash_kind_from_name(f[1]);
		if (kind == CRASH_KIND_COUNT)
			return read_corrupt(path, lineno, "unknown crash kind");
		struct kb_crash *c = kb_crash_vector_append_entry(&e->crashes);
		if (!c)
			return &pgr_enomem;
		c->kind = kind;
		c->guilty = f[2];
		c->fault = f[3];
		c->site_file = f[4];
		c->site_line = f[5] ? strtoull(f[5], NULL, 10) : 0;
		oom = !push_fields(&c->frames, f + 6, n - 6);
		break;
	}
	default:
		return read_corrupt(path, lineno, "not a knowledge file line");
	}
	return oom ? &pgr_enomem : NULL;
}

/*
 * Parse the knowledge file held whole in @p text (the knowledge base owns
 * it: the entries' strings point into it, split in place).
 */
static struct pgr_error *parse_text(struct kb *kb, char *text, size_t len,
				    const char *path)
{
	size_t lineno = 0;
	bool ended = false;
	struct pgr_error *err;
	for (char *line = text, *stop = text + len; line < stop;) {
		char *nl = memchr(line, '\n', stop - line);
		if (!nl)
			return read_corrupt(path, lineno + 1,
					    "the file is truncated (no end line)");
		*nl = '\0';
		char *next = nl + 1;
		if (nl - line > KB_LINE_MAX)
			return read_corrupt(path, lineno + 1, "line too long");
		if (++lineno == 1) {
			char *f[3];
			size_t n = split_fields(line, f, 3);
			if (n < 2 || !f[0] || strcmp(f[0], "pagerace-kb") != 0)
				return pgr_error_format(
					PGR_ERROR_BAD_DATA,
					"%s: not a pagerace knowledge file; build one with "
					"'pagerace kb build RECORDS -o FILE'",
					path);
			if (!f[1] || atoi(f[1]) != KB_FORMAT)
				return pgr_error_format(
					PGR_ERROR_UNSUPPORTED,
					"%s: knowledge file format %s, this pagerace reads %d; "
					"rebuild it with 'pagerace kb build RECORDS -o %s'",
					path, f[1] ? f[1] : "?", KB_FORMAT, path);
			kb->source = n == 3 ? f[2] : NULL;
		} else if (ended) {
			return read_corrupt(path, lineno, "text after the end line");
		} else if (strncmp(line, "end\t", 4) == 0) {
			if (strtoull(line + 4, NULL, 10) != kb->entries.size)
				return read_corrupt(path, lineno,
						    "entry count differs from the end line");
			ended = true;
		} else if ((err = read_line(kb, path, lineno, line))) {
			return err;
		}
		line = next;
	}
	if (!ended)
		return read_corrupt(path, lineno,
				    "the file is truncated (no end line)");
	return kb_build_index(kb);
}

/* Far above the shipped file (5 MB plain); a bound for a hostile one. */
#define KB_FILE_MAX ((size_t)256 << 20)

static struct pgr_error *slurp_compressed(const char *path,
					  enum input_type type, char **ret,
					  size_t *len_ret)
{
	struct decompressor *d;
	struct pgr_error *err = decompressor_create(path, type, &d);
	if (err)
		return err;
	FILE *in = decompressor_file(d);
	char *buf = NULL;
	size_t len = 0, cap = 0;
	for (;;) {
		if (len + 65536 + 1 > cap) {
			if (cap >= KB_FILE_MAX) {
				err = pgr_error_format(PGR_ERROR_LIMIT,
						       "%s: more than %zu bytes",
						       path, KB_FILE_MAX);
				break;
			}
			cap = cap ? cap * 2 : 1 << 20;
			char *nb = realloc(buf, cap);
			if (!nb) {
				err = &pgr_enomem;
				break;
			}
			buf = nb;
		}
		size_t n = fread(buf + len, 1, 65536, in);
		len += n;
		if (n < 65536)
			break;
	}
	struct pgr_error *derr = decompressor_take_error(d);
	decompressor_destroy(d);
	if (derr) {
		pgr_error_destroy(err);
		err = derr;
	}
	if (err) {
		free(buf);
		return err;
	}
	buf[len] = '\0';
	*ret = buf;
	*len_ret = len;
	return NULL;
}

struct pgr_error *kb_read(struct kb *kb, const char *path)
{
	enum input_type type;
	struct pgr_error *err = input_detect(path, &type);
	if (err)
		return err;
	char *text;
	size_t len;
	if (type == INPUT_GZIP || type == INPUT_XZ || type == INPUT_ZSTD)
		err = slurp_compressed(path, type, &text, &len);
	else if (type == INPUT_EMPTY)
		return pgr_error_format(PGR_ERROR_BAD_DATA,
					"%s: empty knowledge file", path);
	else
		err = read_file(path, KB_FILE_MAX, &text, &len);
	if (err)
		return err;
	kb->text = text;
	kb->hash = fnv1a64(FNV1A64_INIT, text, len);
	return parse_text(kb, text, len, path);
}

/* ------------------------------------------------------------- matching */

enum { MAX_QUERY_FRAMES = 16 };

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
	return a && b && strcmp(a, b) == 0;
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
			if (strcmp(q->frames[i], c->frames.data[j]) == 0)
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
	why[0] = '\0';
#define AGREE(points, text)                                              \
	do {                                                             \
		score += (points);                                       \
		int w = snprintf(why + used, why_len - used, "%s%s",     \
				 used ? ", " : "", (text));              \
		if (w > 0 && (size_t)w < why_len - used)                 \
			used += w;                                       \
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
		char text[40];
		snprintf(text, sizeof(text), "%zu frames in order", n);
		AGREE(n > 5 ? 5 : (int)n, text);
		specific = specific || n >= 3;
	}
#undef AGREE
	return specific ? score : 0;
}

/* Scores below this are not worth a reader's time. */
enum {
	KB_MIN_SCORE = 3,
	KB_MEDIUM_SCORE = 7,
	KB_STRONG_SCORE = 11,
	KB_BEFORE_BUG_PENALTY = 3,
};

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
		char why[sizeof(c.why)];
		size_t in_order;
		int s = crash_score(q, k, why, sizeof(why), &in_order);
		if (s > c.score || (s == c.score && in_order > c.in_order)) {
			c.score = s;
			c.in_order = in_order;
			c.crash = k;
			memcpy(c.why, why, sizeof(why));
		}
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

static void consider_all(const struct kb *kb, const struct query *q,
			 const char *version, const struct size_vector *list,
			 struct kb_candidate *out, size_t *count)
{
	if (!list)
		return;
	vector_for_each(const size_t, i, list)
		consider(kb, q, version, *i, out, count);
}

struct pgr_error *kb_match(const struct kb *kb, const struct crash_record *rec,
			   struct kb_candidate *out, size_t *count_ret)
{
	struct query q;
	query_of(rec, &q);
	size_t count = 0;
	const char *v = rec->kernel_version;
	consider_all(kb, &q, v, index_get(kb, 'g', q.guilty), out, &count);
	consider_all(kb, &q, v, index_get(kb, 'f', q.fault), out, &count);
	consider_all(kb, &q, v, index_get(kb, 'g', q.fault), out, &count);
	consider_all(kb, &q, v, index_get(kb, 's', q.site_file), out, &count);
	consider_all(kb, &q, v, index_get(kb, 'n', q.guilty), out, &count);
	/* Reports without a guilty frame are indexed by their first frame. */
	for (size_t i = 0; i < q.nframes && i < 2; i++)
		consider_all(kb, &q, v, index_get(kb, 't', q.frames[i]), out,
			     &count);
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
