// SPDX-License-Identifier: GPL-2.0-or-later
// The knowledge file: writing it, and reading it back whole.
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "input/detect.h"
#include "kb/kb.h"
#include "triage/decompress.h"
#include "util.h"

/* A line of a knowledge file longer than this is corruption. */
enum { KB_LINE_MAX = 1 << 20 };

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
