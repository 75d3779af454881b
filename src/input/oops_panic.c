// SPDX-License-Identifier: GPL-2.0-or-later
// Which report of a dump's kernel log is the crash: oops.h.
#include <stdio.h>

#include "cleanup.h"
#include "input/oops.h"

// An oops with panic_on_oops is followed by its "Kernel panic - not
// syncing" line, which the parser may report on its own: that is the
// same crash, so keep the oops and note the panic on it.
static bool is_trailing_panic(const struct crash_record *prev,
			      const struct crash_record *next)
{
	return prev && next->kind == CRASH_PANIC && next->frames.size == 0 &&
	       prev->kind != CRASH_PANIC;
}

static struct pgr_error *take_report(struct crash_record *last, bool *have,
				     struct crash_record *next)
{
	if (*have && is_trailing_panic(last, next)) {
		if (!last->panic_message && next->headline)
			last->panic_message =
				record_strdup(last, next->headline);
		crash_record_deinit(next);
		return last->panic_message || !next->headline ? NULL :
								&pgr_enomem;
	}
	/*
	 * The log is read with printk's caller ids, so the reports of other
	 * tasks and CPUs are told apart, and one that never ended (a soft
	 * lockup warned about during boot) is handed over only at the end of
	 * the log.  The machine went down in the report that began last.
	 */
	if (*have && next->first_line < last->first_line) {
		crash_record_deinit(next);
		return NULL;
	}
	if (*have)
		crash_record_deinit(last);
	*last = *next;
	*have = true;
	return NULL;
}

static struct pgr_error *parse_log(const char *text, size_t len,
				   const char *name,
				   const struct oops_patterns *patterns,
				   struct crash_record *ret, bool *found_ret)
{
	*found_ret = false;
	if (!len)
		return NULL;
	_cleanup_fclose_ FILE *in = fmemopen((void *)text, len, "r");
	if (!in)
		return &pgr_enomem;
	_cleanup_(oops_reader_destroyp) struct oops_reader *reader = NULL;
	struct pgr_error *err = oops_reader_create(in, name, patterns, &reader);
	if (err)
		return err;
	bool have = false;
	for (;;) {
		struct crash_record next;
		bool found;
		err = oops_reader_next(reader, &next, &found);
		if (err || !found)
			break;
		if ((err = take_report(ret, &have, &next)))
			break;
	}
	if (err && have)
		crash_record_deinit(ret);
	*found_ret = have && !err;
	return err;
}

struct pgr_error *oops_panic_report(const char *text, size_t len,
				    const char *name,
				    const struct oops_patterns *patterns,
				    struct crash_record *ret, bool *found_ret)
{
	struct pgr_error *err =
		parse_log(text, len, name, patterns, ret, found_ret);
	if (!*found_ret)
		crash_record_init(ret);
	return err;
}
