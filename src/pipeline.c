// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <string.h>

#include "cleanup.h"
#include "enrich/dump.h"
#include "enrich/frames.h"
#include "enrich/log_debug.h"
#include "input/oops.h"
#include "pipeline.h"
#include "render/dump.h"
#include "triage/decompress.h"
#include "vmcore/source.h"

// The stages after a record's enrichment: the known bugs like it, the
// signature engine's verdicts and the bucket, then the sink's renderer.
static struct pgr_error *emit_report(struct report *report,
				     const struct analysis_options *opts,
				     struct report_sink *sink)
{
	struct pgr_error *err;
	/* Candidates only inform: a rule alone makes a race verdict. */
	if (opts->known_bugs &&
	    (err = kb_match(opts->known_bugs, &report->rec, report->known_bugs,
			    &report->known_bugs_count)))
		return err;
	if ((err = engine_evaluate(opts->rules, &report->rec,
				   opts->include_rejected, &report->verdicts)))
		return err;
	bucket_compute(&report->rec, &report->verdicts, &report->bucket);
	return sink->emit(sink, report);
}

struct pgr_error *analyze_log_stream(FILE *in, const char *name,
				     const struct analysis_options *opts,
				     struct report_sink *sink,
				     size_t *count_ret)
{
	_cleanup_(oops_reader_destroyp) struct oops_reader *reader = NULL;
	struct pgr_error *err = oops_reader_create(in, name, opts->oops_patterns,
						   &reader);
	if (err)
		return err;
	size_t count = 0;
	for (;;) {
		// Crash record: the next report of the text.
		struct report report = { .index = count + 1 };
		bool found;
		err = oops_reader_next(reader, &report.rec, &found);
		if (err || !found)
			break;
		// Enrichment: source lines (symbolization) with --vmlinux.
		if (opts->log_debug &&
		    (err = log_debug_enrich(opts->log_debug, &report.rec))) {
			crash_record_deinit(&report.rec);
			break;
		}
		verdict_vector_init(&report.verdicts);
		err = emit_report(&report, opts, sink);
		verdicts_deinit(&report.verdicts);
		crash_record_deinit(&report.rec);
		if (err)
			break;
		count++;
	}
	*count_ret = count;
	return err;
}

// The enrichment steps of a dump's record, in the order of what each
// needs: the dump's facts, its kernel, the tasks' stacks (which need the
// kernel), the pages (which the stacks may have named), the log's frames
// from the crashed task's unwound stack, and a title for a crash the log
// did not report (from those frames).
static struct pgr_error *enrich_dump(struct dump_enrichment *e)
{
	struct pgr_error *err;
	if ((err = enrich_dump_facts(e)) || (err = enrich_dump_kernel(e)) ||
	    (err = enrich_task_stacks(e)) || (err = enrich_page_forensics(e)) ||
	    (err = enrich_frames_from_stack(e->rec)))
		return err;
	return enrich_dump_title(e);
}

// vmcore inputs: one dump, one report.
static struct pgr_error *analyze_vmcore(const char *path,
					const struct analysis_options *opts,
					struct report_sink *sink,
					size_t *count_ret)
{
	const struct vmcore_options vopts = {
		.vmlinux = opts->vmlinux,
		.module_debug = opts->module_debug,
		.debug_root = opts->debug_root,
		.no_vmlinux = opts->no_vmlinux,
		.warnings = opts->warnings,
	};
	// Input adapter: the dump's memory and its kernel log.
	_cleanup_(vmcore_source_closep) struct vmcore_source *src = NULL;
	struct pgr_error *err = vmcore_source_open(path, &src);
	if (err)
		return err;
	vmcore_source_read_log(src, PRINTK_CALLER);
	// Crash record: the panic's report in the log.
	struct report report = { .index = 1 };
	bool found = false;
	if (!src->log_err)
		err = oops_panic_report(src->log.text, src->log.len, path,
					opts->oops_patterns, &report.rec,
					&found);
	else
		crash_record_init(&report.rec);
	// Enrichment from the dump's memory.
	struct dump_enrichment e = { .opts = &vopts,
				     .src = src,
				     .rec = &report.rec,
				     .from_log = found };
	if (!err)
		err = enrich_dump(&e);
	dump_enrichment_deinit(&e);
	// Known bugs, signature engine, renderers.
	if (!err) {
		verdict_vector_init(&report.verdicts);
		err = emit_report(&report, opts, sink);
		verdicts_deinit(&report.verdicts);
		if (!err)
			*count_ret = 1;
	}
	crash_record_deinit(&report.rec);
	return err;
}

// A compressed input: a log is read through the decompressor as a stream;
// a dump is unpacked into a temporary file by the vmcore reader
// (vmcore/staging.h).
static struct pgr_error *analyze_compressed(const char *path,
					    enum input_type type,
					    const struct analysis_options *opts,
					    struct report_sink *sink,
					    size_t *count_ret)
{
	_cleanup_(decompressor_destroyp) struct decompressor *d = NULL;
	struct pgr_error *err = decompressor_create(path, type, &d);
	if (err)
		return err;
	enum input_type inner = decompressor_content_type(d);
	if (input_type_is_vmcore(inner))
		return analyze_vmcore(path, opts, sink, count_ret);
	if (inner != INPUT_LOG)
		return pgr_error_format(PGR_ERROR_BAD_DATA, "%s: %s inside a %s",
					path, input_type_name(inner),
					input_type_name(type));
	err = analyze_log_stream(decompressor_file(d), path, opts, sink,
				 count_ret);
	// The decompressor's words say more than the reader's EIO.
	struct pgr_error *derr = decompressor_take_error(d);
	if (derr) {
		pgr_error_destroy(err);
		err = derr;
	}
	return err;
}

struct pgr_error *analyze_typed_path(const char *path, enum input_type type,
				     const struct analysis_options *opts,
				     struct report_sink *sink, size_t *count_ret)
{
	*count_ret = 0;
	switch (type) {
	case INPUT_LOG:
		break;
	case INPUT_KDUMP:
	case INPUT_FLATTENED:
	case INPUT_ELF_CORE:
		return analyze_vmcore(path, opts, sink, count_ret);
	case INPUT_GZIP:
	case INPUT_XZ:
	case INPUT_ZSTD:
		return analyze_compressed(path, type, opts, sink, count_ret);
	case INPUT_EMPTY:
	case INPUT_BINARY:
		return pgr_error_format(PGR_ERROR_BAD_DATA, "%s: %s", path,
					input_type_name(type));
	default:
		return pgr_error_format(PGR_ERROR_UNSUPPORTED,
					"%s: %s: not supported by this version of pagerace yet",
					path, input_type_name(type));
	}
	_cleanup_fclose_ FILE *in = fopen(path, "r");
	if (!in)
		return pgr_error_os(errno, path, "cannot open");
	struct pgr_error *err = analyze_log_stream(in, path, opts, sink,
						   count_ret);
	if (!err && ferror(in))
		err = pgr_error_os(EIO, path, "cannot read");
	return err;
}

struct pgr_error *analyze_path(const char *path,
			       const struct analysis_options *opts,
			       struct report_sink *sink, size_t *count_ret)
{
	*count_ret = 0;
	if (strcmp(path, "-") == 0)
		return analyze_log_stream(stdin, "<stdin>", opts, sink,
					  count_ret);
	enum input_type type;
	struct pgr_error *err = input_detect(path, &type);
	if (err)
		return err;
	return analyze_typed_path(path, type, opts, sink, count_ret);
}

struct pgr_error *print_kernel_log(const char *path, FILE *out)
{
	_cleanup_(vmcore_source_closep) struct vmcore_source *src = NULL;
	struct pgr_error *err = vmcore_source_open(path, &src);
	if (err)
		return err;
	vmcore_source_read_log(src, 0);
	if (src->log_err) {
		err = pgr_error_prefix(src->log_err, "%s: kernel log", path);
		src->log_err = NULL;
		return err;
	}
	render_kernel_log(&src->log, out);
	return NULL;
}

struct pgr_error *print_dump_info(const char *path,
				  const struct vmcore_options *opts, FILE *out)
{
	_cleanup_(vmcore_source_closep) struct vmcore_source *src = NULL;
	struct pgr_error *err = vmcore_source_open(path, &src);
	if (err)
		return err;
	struct dump_description d;
	err = dump_describe(src, opts, &d);
	if (!err)
		render_dump_info(&d, out);
	dump_description_deinit(&d);
	return err;
}
