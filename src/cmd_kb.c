// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "cleanup.h"
#include "cmd_options.h"
#include "commands.h"
#include "input/oops.h"
#include "kb/cve.h"
#include "kb/kb.h"
#include "kb/source.h"
#include "pipeline.h"
#include "rules_path.h"
#include "signature/rules.h"

static const char *const kb_synopsis[] = {
	"pagerace kb build [-o FILE] RECORDS",
	"pagerace kb match [-k FILE] INPUT...",
	"pagerace kb show [-k FILE] [--kernel=RELEASE] CVE-ID...",
	NULL,
};

enum { OPT_KERNEL = 256 };

static const struct cmd_option kb_options[] = {
	{ "output", 'o', "FILE", "knowledge file to write (.zst, .gz: compressed)" },
	{ "kb", 'k', "FILE", "knowledge file to read (default: the installed one)" },
	{ "kernel", OPT_KERNEL, "REL", "show: what the kernel release REL has of each fix" },
	{ "help", 'h', NULL, "this text" },
	{ 0 },
};

static const struct cmd_spec kb_spec = {
	.synopsis = kb_synopsis,
	.about = "Known kernel bugs from the kernel's CVE records.  RECORDS is a\n"
		 "directory of CVE-*.json files (a checkout of the kernel's vulns\n"
		 "repository) or a tarball of one (.tar, .tar.gz, .tar.xz, .tar.zst).\n",
	.options = kb_options,
};

/* Name this many skipped records; count the rest. */
enum { KB_NAMED_SKIPS = 5 };

struct build_state {
	struct kb *kb;
	struct oops_patterns *patterns;
	size_t skipped;
	char *skipped_names[KB_NAMED_SKIPS];
};

static struct pgr_error *build_one(void *arg, const char *name,
				   const char *data, size_t len)
{
	(void)len;
	struct build_state *st = arg;
	struct pgr_error *err = kb_add_cve(st->kb, name, data, st->patterns);
	if (!err || err->code == PGR_ERROR_NO_MEMORY)
		return err;
	if (st->skipped < KB_NAMED_SKIPS)
		st->skipped_names[st->skipped] = strdup(err->message);
	st->skipped++;
	pgr_error_destroy(err);
	return NULL;
}

static int fail(struct pgr_error *err)
{
	int code = exit_code_for(err);
	report_error(err);
	return code;
}

/* Write @p kb to @p path through a temporary file, never half a file. */
static struct pgr_error *write_kb(const struct kb *kb, const char *path)
{
	_cleanup_free_ char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	if (!mem)
		return &pgr_enomem;
	struct pgr_error *err = kb_write(kb, mem, path);
	if (fclose(mem) == EOF && !err)
		err = &pgr_enomem;
	if (err)
		return err;
	_cleanup_free_ char *tmp = NULL;
	if (asprintf(&tmp, "%s.tmp%ld", path, (long)getpid()) < 0) {
		tmp = NULL;
		return &pgr_enomem;
	}
	size_t plen = strlen(path);
	bool gz = plen > 3 && strcmp(path + plen - 3, ".gz") == 0;
	bool zst = plen > 4 && strcmp(path + plen - 4, ".zst") == 0;
	bool ok;
	if (zst) {
		/* zstd: a tenth of gzip's time to read back, at every start. */
		size_t cap = ZSTD_compressBound(len);
		_cleanup_free_ char *z = malloc(cap);
		if (!z)
			return &pgr_enomem;
		size_t zlen = ZSTD_compress(z, cap, text, len, 19);
		FILE *f = fopen(tmp, "w");
		ok = !ZSTD_isError(zlen) && f && fwrite(z, 1, zlen, f) == zlen;
		ok = f && fclose(f) == 0 && ok;
	} else if (gz) {
		/* -n semantics: no name or time in the header, so that
		 * rebuilding from the same records gives the same bytes. */
		gzFile g = gzopen(tmp, "wb9");
		ok = g && gzwrite(g, text, len) == (int)len;
		ok = g && gzclose(g) == Z_OK && ok;
	} else {
		FILE *f = fopen(tmp, "w");
		ok = f && fwrite(text, 1, len, f) == len;
		ok = f && fclose(f) == 0 && ok;
	}
	if (!ok || rename(tmp, path) < 0) {
		err = pgr_error_os(errno ? errno : EIO, path, "cannot write");
		unlink(tmp);
	}
	return err;
}

static int kb_build(int argc, char **argv, const char *output)
{
	if (argc != 1 || !output) {
		fputs("pagerace kb build: expected one RECORDS path and -o FILE\n",
		      stderr);
		return EXIT_USAGE_OR_INPUT;
	}
	struct kb kb;
	kb_init(&kb);
	struct build_state st = { .kb = &kb };
	struct kb_source_stats stats;
	/* The records' name, not where this machine keeps them. */
	const char *base = strrchr(argv[0], '/');
	base = base && base[1] ? base + 1 : argv[0];
	struct pgr_error *err = oops_patterns_create(&st.patterns);
	if (!err && !(kb.source = kb_strdup(&kb, base)))
		err = &pgr_enomem;
	if (!err)
		err = kb_source_walk(argv[0], build_one, &st, &stats);
	if (!err)
		err = write_kb(&kb, output);
	int code = 0;
	if (err) {
		code = fail(err);
	} else {
		size_t crashes = 0, with = 0;
		vector_for_each(struct kb_entry, e, &kb.entries) {
			crashes += e->crashes.size;
			with += e->crashes.size != 0;
		}
		fprintf(stderr,
			"pagerace kb build: %zu records, %zu entries, %zu quoting "
			"%zu crash reports, %zu skipped, %zu too large -> %s\n",
			stats.records, kb.entries.size, with, crashes,
			st.skipped, stats.too_large, output);
		for (size_t i = 0; i < st.skipped && i < KB_NAMED_SKIPS; i++)
			fprintf(stderr, "  skipped: %s\n",
				st.skipped_names[i] ? st.skipped_names[i] : "?");
	}
	for (size_t i = 0; i < st.skipped && i < KB_NAMED_SKIPS; i++)
		free(st.skipped_names[i]);
	oops_patterns_destroy(st.patterns);
	kb_deinit(&kb);
	return code;
}

static void print_entry(FILE *out, const struct kb_entry *e)
{
	fprintf(out, "%s  %s\n", e->id, e->subject ? e->subject : "");
	if (e->introduced || e->mainline_fix)
		fprintf(out, "  introduced %s, fixed in %s mainline\n",
			e->introduced ? e->introduced : "?",
			e->mainline_fix ? e->mainline_fix : "?");
	vector_for_each(const struct kb_branch, b, &e->branches)
		fprintf(out, "  %s.y: fixed in %s%s%s\n", b->branch,
			b->fixed ? b->fixed : "(none listed)",
			b->affected_from ? ", affected from " : "",
			b->affected_from ? b->affected_from : "");
	if (e->commits.size) {
		fputs("  commits", out);
		vector_for_each(char *const, c, &e->commits)
			fprintf(out, " %s", *c);
		fputc('\n', out);
	}
	if (e->files.size) {
		fputs("  files", out);
		vector_for_each(char *const, f, &e->files)
			fprintf(out, " %s", *f);
		fputc('\n', out);
	}
	vector_for_each(const struct kb_crash, c, &e->crashes) {
		fprintf(out, "  crash %s in %s", crash_kind_name(c->kind),
			c->guilty ? c->guilty : "?");
		if (c->site_file)
			fprintf(out, " at %s:%llu", c->site_file,
				(unsigned long long)c->site_line);
		fputc(':', out);
		vector_for_each(char *const, f, &c->frames)
			fprintf(out, " %s", *f);
		fputc('\n', out);
	}
}

static struct pgr_error *load(struct kb *kb, const char *path)
{
	_cleanup_free_ char *dflt = NULL;
	struct pgr_error *err = path ? NULL : kb_file_default_path(&dflt);
	if (err)
		return err;
	if (!path && !dflt)
		return pgr_error_create(PGR_ERROR_NOT_FOUND,
					"PAGERACE_KB is empty: no knowledge file; "
					"name one with --kb=FILE");
	return kb_read(kb, path ? path : dflt);
}

static const char *const version_state_names[] = {
	[KB_VERSION_UNKNOWN] = "unknown",
	[KB_VERSION_BEFORE_BUG] = "before_bug",
	[KB_VERSION_AFFECTED] = "affected",
	[KB_VERSION_HAS_FIX] = "has_fix",
};

static int kb_show(int argc, char **argv, const char *path,
		   const char *kernel)
{
	struct kb kb;
	kb_init(&kb);
	struct pgr_error *err = load(&kb, path);
	int code = err ? fail(err) : 0;
	for (int i = 0; i < argc && !code; i++) {
		const struct kb_entry *found = NULL;
		vector_for_each(const struct kb_entry, e, &kb.entries) {
			if (strcasecmp(e->id, argv[i]) == 0)
				found = e;
		}
		if (!found) {
			fprintf(stderr, "pagerace kb show: no record %s\n",
				argv[i]);
			code = EXIT_USAGE_OR_INPUT;
		} else {
			print_entry(stdout, found);
			if (kernel) {
				struct kb_candidate c = { .entry = found };
				kb_version_verdict(found, kernel, &c);
				printf("  kernel %s: %s: %s\n", kernel,
				       version_state_names[c.version_state],
				       c.version_text);
			}
		}
	}
	kb_deinit(&kb);
	return code;
}

struct match_sink {
	struct report_sink sink;
	const struct kb *kb;
};

static struct pgr_error *match_emit(struct report_sink *sink,
				    const struct report *report)
{
	const struct match_sink *ms = (const struct match_sink *)sink;
	struct kb_candidate c[KB_MAX_CANDIDATES];
	size_t n;
	struct pgr_error *err = kb_match(ms->kb, &report->rec, c, &n);
	if (err)
		return err;
	printf("== %s:%zu: %s\n", report->rec.input, report->rec.first_line,
	       report->rec.title ? report->rec.title : "?");
	if (!n)
		puts("  no known bug like this one");
	for (size_t i = 0; i < n; i++) {
		printf("  %-6s %2d  %s  %s\n", kb_strength_name(c[i].strength),
		       c[i].score, c[i].entry->id,
		       c[i].entry->subject ? c[i].entry->subject : "");
		printf("             agrees: %s\n", c[i].why);
		printf("             %s\n", c[i].version_text);
	}
	return NULL;
}

static int kb_match_inputs(int argc, char **argv, const char *path)
{
	if (argc < 1) {
		fputs("pagerace kb match: expected INPUT...\n", stderr);
		return EXIT_USAGE_OR_INPUT;
	}
	struct rule_set rules;
	rule_set_init(&rules);
	int code = load_rules_for_command(NULL, false, &rules);
	if (code) {
		rule_set_deinit(&rules);
		return code;
	}
	struct kb kb;
	kb_init(&kb);
	struct pgr_error *err = load(&kb, path);
	code = err ? fail(err) : EXIT_NOTHING_FOUND;
	struct match_sink ms = { .sink = { .emit = match_emit }, .kb = &kb };
	struct analysis_options opts = { .rules = &rules };
	for (int i = 0; i < argc && !err; i++) {
		size_t count = 0;
		struct pgr_error *e = analyze_path(argv[i], &opts, &ms.sink,
						   &count);
		if (e) {
			bool fatal = e->code == PGR_ERROR_NO_MEMORY;
			code = fail(e);
			if (fatal)
				break;
		} else if (count && code == EXIT_NOTHING_FOUND) {
			code = 0;
		}
	}
	kb_deinit(&kb);
	rule_set_deinit(&rules);
	return code;
}

struct kb_args {
	const char *output, *path, *kernel;
};

/* Returns -1 to go on, else the exit code to leave with. */
static int parse_kb_options(int argc, char **argv, bool stop_at_operand,
			    struct kb_args *a)
{
	struct cmd_getopt g;
	cmd_getopt_init(&g, &kb_spec, stop_at_operand);
	int c;
	while ((c = getopt_long(argc, argv, g.optstring, g.longopts, NULL)) !=
	       -1) {
		switch (c) {
		case 'o': a->output = optarg; break;
		case 'k': a->path = optarg; break;
		case OPT_KERNEL: a->kernel = optarg; break;
		case 'h': cmd_usage(&kb_spec, stdout); return 0;
		default: cmd_usage(&kb_spec, stderr); return EXIT_USAGE_OR_INPUT;
		}
	}
	return -1;
}

int cmd_kb(int argc, char **argv)
{
	struct kb_args a = { 0 };
	optind = 1;
	/* '+': options before the subcommand, the rest is its own. */
	int code = parse_kb_options(argc, argv, true, &a);
	if (code >= 0)
		return code;
	if (optind >= argc) {
		cmd_usage(&kb_spec, stderr);
		return EXIT_USAGE_OR_INPUT;
	}
	const char *sub = argv[optind];
	int sub_argc = argc - optind;
	char **sub_argv = argv + optind;
	/* 0 makes glibc's getopt start afresh on the new argument vector. */
	optind = 0;
	code = parse_kb_options(sub_argc, sub_argv, false, &a);
	if (code >= 0)
		return code;
	sub_argc -= optind;
	sub_argv += optind;
	if (strcmp(sub, "build") == 0)
		return kb_build(sub_argc, sub_argv, a.output);
	if (strcmp(sub, "match") == 0)
		return kb_match_inputs(sub_argc, sub_argv, a.path);
	if (strcmp(sub, "show") == 0)
		return kb_show(sub_argc, sub_argv, a.path, a.kernel);
	fprintf(stderr, "pagerace kb: unknown subcommand '%s' (build, match or show)\n",
		sub);
	return EXIT_USAGE_OR_INPUT;
}
