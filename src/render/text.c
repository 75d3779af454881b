// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>
#include <stdbool.h>
#include <string.h>

#include "render/text.h"

enum { OTHER_TASK_FRAMES = 6 };

static void print_frame(FILE *out, const struct frame *f)
{
	fputs(f->function, out);
	if (f->offset.known && f->length.known)
		fprintf(out, "+0x%" PRIx64 "/0x%" PRIx64, f->offset.value,
			f->length.value);
	else if (f->offset.known)
		fprintf(out, "+0x%" PRIx64, f->offset.value);
	if (f->module)
		fprintf(out, " [%s]", f->module);
	if (f->source)
		fprintf(out, "  %s", f->source);
	// Inlined code: each inlined function, then "<" its call site.
	for (size_t i = 0; i + 1 < f->inline_depth; i++)
		fprintf(out, " %s < %s", f->inline_chain[i].function,
			f->inline_chain[i + 1].source);
}

enum { TEXT_WIDTH = 78 };

/*
 * Print @p label then @p text word-wrapped to TEXT_WIDTH columns, with
 * continuation lines indented by @p indent.
 */
static void print_wrapped(FILE *out, int indent, const char *label,
			  const char *text)
{
	fputs(label, out);
	int col = strlen(label);
	bool first = true;
	const char *p = text + strspn(text, " \n");
	while (*p) {
		int word = strcspn(p, " \n");
		if (!first && col + 1 + word > TEXT_WIDTH) {
			fprintf(out, "\n%*s", indent, "");
			col = indent;
		} else if (!first) {
			fputc(' ', out);
			col++;
		}
		fwrite(p, 1, word, out);
		col += word;
		first = false;
		p += word;
		p += strspn(p, " \n");
	}
	fputc('\n', out);
}

static void print_header(FILE *out, const struct report *report)
{
	const struct crash_record *rec = &report->rec;
	fprintf(out, "== %s, report %zu (lines %zu-%zu) ==\n", rec->input,
		report->index, rec->first_line, rec->last_line);
	fprintf(out, "%s\n", rec->title);
	if (rec->headline)
		fprintf(out, "  headline  %s\n", rec->headline);
	if (rec->syz_title && strcmp(rec->syz_title, rec->title) != 0)
		fprintf(out, "  syzbot    %s\n", rec->syz_title);
	if (rec->corrupted == TRI_TRUE)
		fputs("  corrupted report: cut short or mixed with others\n",
		      out);
	if (rec->message && (!rec->headline ||
			     strcmp(rec->message, rec->headline) != 0))
		fprintf(out, "  message   %s\n", rec->message);
	fprintf(out, "  kernel    %s", rec->kernel_version ?
					       rec->kernel_version :
					       "unknown version");
	fprintf(out, " (%s)", rec->arch ? rec->arch : "arch unknown");
	if (rec->taint)
		fprintf(out, ", %s%s", *rec->taint ? "tainted " : "not tainted",
			rec->taint);
	fputc('\n', out);
	if (rec->hardware)
		fprintf(out, "  hardware  %s\n", rec->hardware);
	if (rec->comm || rec->pid.known) {
		fprintf(out, "  task      %s", rec->comm ? rec->comm : "?");
		if (rec->pid.known)
			fprintf(out, " pid %" PRId64, rec->pid.value);
		if (rec->cpu.known)
			fprintf(out, " on CPU %" PRId64, rec->cpu.value);
		fputc('\n', out);
	}
	if (rec->has_fault) {
		fputs("  fault at ", out);
		print_frame(out, &rec->fault);
		if (rec->fault_address.known)
			fprintf(out, ", address 0x%" PRIx64,
				rec->fault_address.value);
		fputc('\n', out);
	}
	if (rec->source_file)
		fprintf(out, "  site      %s:%" PRIu64 "\n", rec->source_file,
			rec->source_line.value);
	if (rec->modules.size)
		fprintf(out, "  modules   %zu loaded\n", rec->modules.size);
	if (rec->panic_message)
		fprintf(out, "  panic     %s\n", rec->panic_message);
}

static void print_trace(FILE *out, const struct crash_record *rec)
{
	if (!rec->frames.size && !rec->has_fault)
		return;
	fputs("Call trace (> guilty, ? unreliable):\n", out);
	const struct frame *g = crash_record_guilty(rec);
	if (rec->has_fault) {
		fprintf(out, "  #0  %c  ", g == &rec->fault ? '>' : ' ');
		print_frame(out, &rec->fault);
		fputs("  (fault site)\n", out);
	}
	int ctx = FRAME_TASK;
	static const char *const ctx_names[] = { "task", "IRQ", "softirq",
						 "NMI", "exception" };
	size_t i = 0;
	vector_for_each(const struct frame, f, &rec->frames) {
		if ((int)f->context != ctx) {
			fprintf(out, "  <%s>\n", ctx_names[f->context]);
			ctx = f->context;
		}
		fprintf(out, "  #%-2zu %c%c ", ++i, f == g ? '>' : ' ',
			f->reliable ? ' ' : '?');
		print_frame(out, f);
		fputc('\n', out);
	}
}

// The host inode behind the page's mapping, on one line.
static void print_inode(FILE *out, const struct page_dump *p)
{
	if (!p->ino.known && !p->fs_type && !p->i_size.known &&
	    !p->nrpages.known && !p->dentry && !p->aops)
		return;
	fputs("  inode", out);
	if (p->ino.known)
		fprintf(out, " %" PRIu64, p->ino.value);
	if (p->fs_type)
		fprintf(out, " on %s", p->fs_type);
	if (p->i_size.known)
		fprintf(out, ", i_size %" PRId64, p->i_size.value);
	if (p->nrpages.known)
		fprintf(out, ", nrpages %" PRIu64, p->nrpages.value);
	if (p->dentry)
		fprintf(out, ", dentry %s", p->dentry);
	if (p->aops)
		fprintf(out, ", aops %s", p->aops);
	fputc('\n', out);
}

static void print_page(FILE *out, const struct page_dump *p)
{
	bool hashed = p->pointers_hashed == TRI_TRUE;
	if (p->address.known)
		fprintf(out, "Page 0x%" PRIx64 ":", p->address.value);
	else if (hashed && p->address_hash.known)
		fprintf(out, "Page (hashed id %08" PRIx64 "):",
			p->address_hash.value);
	else
		fputs("Page ?:", out);
	if (p->refcount.known)
		fprintf(out, " refcount %" PRId64, p->refcount.value);
	if (p->mapcount.known)
		fprintf(out, ", mapcount %" PRId64, p->mapcount.value);
	if (p->mapping.known) {
		if (!p->mapping.value)
			fputs(", mapping NULL", out);
		else if (hashed)
			fputs(", mapping set (hashed)", out);
		else
			fprintf(out, ", mapping 0x%" PRIx64, p->mapping.value);
	}
	if (p->index.known)
		fprintf(out, ", index 0x%" PRIx64, p->index.value);
	if (p->pfn.known)
		fprintf(out, ", pfn 0x%" PRIx64, p->pfn.value);
	fputc('\n', out);
	if (p->is_tail == TRI_TRUE) {
		fputs("  tail page of compound head ", out);
		if (p->head.known)
			fprintf(out, "0x%" PRIx64, p->head.value);
		else
			fputs(hashed ? "(hashed)" : "?", out);
		if (p->order.known)
			fprintf(out, ", order %" PRIu64, p->order.value);
		fputc('\n', out);
	}
	if (p->flag_names.size) {
		fputs("  flags", out);
		vector_for_each(char *, f, &p->flag_names)
			fprintf(out, " %s", *f);
		fputc('\n', out);
	}
	print_inode(out, p);
	if (p->reason)
		fprintf(out, "  dumped because: %s\n", p->reason);
	if (p->from_log && p->from_memory)
		fprintf(out, "  read from memory; the log's dump_page() %s\n",
			p->address_hash.known ? "hashed its pointers" :
						"printed it too");
}

static bool task_is_actor(const struct task_stack *t,
			  const struct verdict_vector *verdicts)
{
	if (!verdicts->size || !t->pid.known)
		return false;
	vector_for_each(const struct actor_binding, b,
			&verdicts->data[0].actors) {
		if (b->bound && b->pid.known && b->pid.value == t->pid.value)
			return true;
	}
	return false;
}

/*
 * A dump holds every task; a person wants the ones that tell the story:
 * the crashed task, the race's actors, and tasks running or blocked
 * (R, D).  Idle and sleeping kernel threads are only counted unless
 * --verbose.
 */
static bool task_worth_showing(const struct task_stack *t,
			       const struct verdict_vector *verdicts)
{
	return t->crashed || task_is_actor(t, verdicts) || t->state == 'D' ||
	       (t->state == 'R' && t->pid.known && t->pid.value > 0) ||
	       !t->state;
}

static void print_frame_names(FILE *out, const struct frame_vector *frames,
			      const struct text_options *opts)
{
	size_t n = 0;
	vector_for_each(const struct frame, f, frames) {
		if (!opts->verbose && n++ == OTHER_TASK_FRAMES) {
			fputs(" ...", out);
			break;
		}
		fprintf(out, " %s", f->normalized);
	}
	fputc('\n', out);
}

static void print_task(FILE *out, const struct task_stack *t,
		       const struct text_options *opts)
{
	fprintf(out, "  %s%s pid %" PRId64 " [%c]:", t->crashed ? "*" : "",
		t->comm ? t->comm : "?", t->pid.value, t->state ? t->state : '?');
	print_frame_names(out, &t->frames, opts);
}

// KASAN/KFENCE/KMSAN's stacks of the object: "Allocated by task 12:".
static void print_object_stacks(FILE *out, const struct crash_record *rec,
				const struct text_options *opts)
{
	vector_for_each(const struct task_stack, t, &rec->object_stacks) {
		fprintf(out, "Object %s stack", t->role);
		if (t->pid.known)
			fprintf(out, " (task %" PRId64 ")", t->pid.value);
		fputc(':', out);
		print_frame_names(out, &t->frames, opts);
	}
}

static void print_tasks(FILE *out, const struct report *report,
			const struct text_options *opts)
{
	const struct crash_record *rec = &report->rec;
	print_object_stacks(out, rec, opts);
	if (!rec->tasks.size)
		return;
	fprintf(out, "Tasks' stacks (%zu):\n", rec->tasks.size);
	size_t hidden = 0;
	vector_for_each(const struct task_stack, t, &rec->tasks) {
		if (opts->verbose || task_worth_showing(t, &report->verdicts))
			print_task(out, t, opts);
		else
			hidden++;
	}
	if (hidden)
		fprintf(out, "  (%zu sleeping or idle tasks not shown; --verbose lists them)\n",
			hidden);
}

static const char outcome_marks[] = {
	[OUTCOME_MATCHED] = '+',
	[OUTCOME_FAILED] = '-',
	[OUTCOME_UNKNOWN] = '?',
};

static void print_fix(FILE *out, const struct rule *rule)
{
	fputs("  fix:\n", out);
	vector_for_each(const struct fix_commit, c, &rule->commits)
		fprintf(out, "    commit %s \"%s\"%s%s\n", c->id, c->title,
			c->release ? " in " : "", c->release ? c->release : "");
	if (!rule->commits.size)
		fputs("    no fix commit has landed\n", out);
	print_wrapped(out, 4, "    ", rule->fix_change);
	if (rule->workaround)
		print_wrapped(out, 4, "  workaround: ", rule->workaround);
}

static void print_verdict(FILE *out, const struct verdict *v, bool full)
{
	const struct rule *rule = v->rule;
	fprintf(out, "Verdict: %s (score %d) %s%s%s\n",
		verdict_level_name(v->level), v->score, rule->id,
		rule->bug ? ", bug " : "", rule->bug ? rule->bug : "");
	print_wrapped(out, 2, "  ", rule->title);
	if (v->version_note) {
		char note[1024];
		if (v->level != v->level_before_version)
			snprintf(note, sizeof(note), "%s (level lowered from %s)",
				 v->version_note,
				 verdict_level_name(v->level_before_version));
		else
			snprintf(note, sizeof(note), "%s", v->version_note);
		print_wrapped(out, 4, "  note: ", note);
	}
	if (!full)
		return;
	fputs("  evidence (+ matched, - failed, ? unknown; R required, ! decisive):\n",
	      out);
	vector_for_each(const struct condition_result, r, &v->results) {
		fprintf(out, "    [%c] %c%c %-16s %s\n",
			outcome_marks[r->outcome], r->cond->required ? 'R' : ' ',
			r->cond->decisive ? '!' : ' ',
			condition_type_key(r->cond->type),
			r->fact ? r->fact : "");
	}
	fputs("  race:\n", out);
	text_race(out, rule, &v->actors);
	print_wrapped(out, 4, "  root cause: ", rule->root_cause);
	print_fix(out, rule);
	fputs("  references:\n", out);
	vector_for_each(char *, ref, &rule->references)
		fprintf(out, "    %s\n", *ref);
}

/*
 * Where a line of at most @p width columns may end in @p s (longer than
 * that): at the last space; else, in a word longer than the column (an
 * expression such as "truncate_pagecache(inode, 0)"), after the last
 * '(', ',', '/', '|' or '>', else the last '_', '.' or '-', so a word is
 * split where a reader sees a joint.  0 when there is no such place.
 */
static int break_point(const char *s, int width)
{
	for (int cut = width; cut > 0; cut--) {
		if (s[cut] == ' ')
			return cut;
	}
	// Joints between the parts of an expression first, then in a name.
	static const char *const joints[] = { "(,/|>", "_.-" };
	for (int j = 0; j < 2; j++) {
		for (int cut = width; cut > 1; cut--) {
			// Not "f(" and ")": leave more than a closer behind.
			if (strchr(joints[j], s[cut - 1]) &&
			    strcspn(s + cut, " \n") > 2)
				return cut;
		}
	}
	return 0;
}

/*
 * Take the next line of at most @p width columns from *@p p, breaking at a
 * word boundary (break_point()); a word with no joint is cut.  Returns its
 * length.
 */
static int next_wrapped_line(const char **p, int width)
{
	const char *s = *p;
	int len = strcspn(s, "\n");
	if (len > width) {
		int cut = break_point(s, width);
		len = cut ? cut : width;
	}
	*p = s + len;
	*p += strspn(*p, " \n");
	return len;
}

/*
 * The race as the seeds draw it: one column per actor, time running
 * down, each step in its actor's column.
 */
/* Print one row of the race table without trailing blanks. */
static void print_race_row(FILE *out, const char *lead, int n, int width,
			   int col, const char *text, int len)
{
	char row[TEXT_WIDTH * 2];
	int used = snprintf(row, sizeof(row), "%s", lead);
	for (int a = 0; a < n && used < (int)sizeof(row); a++)
		used += snprintf(row + used, sizeof(row) - used, "| %-*.*s ",
				 width, a == col ? len : 0,
				 a == col ? text : "");
	if (used >= (int)sizeof(row))
		used = sizeof(row) - 1;
	while (used > 0 && row[used - 1] == ' ')
		used--;
	fprintf(out, "%.*s\n", used, row);
}

/*
 * The race as the seeds draw it: the actors (bound to the input's tasks
 * when @p bindings is given), then one column per actor with time running
 * down and each step in its actor's column.
 */
void text_race(FILE *out, const struct rule *rule,
	       const struct actor_binding_vector *bindings)
{
	int n = rule->actors.size;
	int width = (TEXT_WIDTH - 8) / n - 3;
	for (int a = 0; a < n; a++) {
		const struct actor *actor = &rule->actors.data[a];
		const struct actor_binding *b =
			bindings && a < (int)bindings->size ?
				&bindings->data[a] : NULL;
		char label[64];
		snprintf(label, sizeof(label), "    %-10s ", actor->name);
		print_wrapped(out, 15, label, actor->role);
		if (b && b->bound)
			fprintf(out, "%15s= %s pid %" PRId64 " in %s\n", "",
				b->comm ? b->comm : "?", b->pid.value,
				b->where ? b->where : "?");
		else if (bindings)
			fprintf(out, "%15s= not seen in this input\n", "");
	}
	char header[TEXT_WIDTH * 2];
	int used = snprintf(header, sizeof(header), "         ");
	for (int a = 0; a < n && used < (int)sizeof(header); a++)
		used += snprintf(header + used, sizeof(header) - used,
				 "| %-*.*s ", width, width,
				 rule->actors.data[a].name);
	print_race_row(out, header, 0, width, 0, "", 0);
	fputs("    -----", out);
	for (int a = 0; a < n; a++)
		fprintf(out, "+%.*s", width + 2,
			"--------------------------------------------------"
			"------------------------------");
	fputc('\n', out);
	int step = 0;
	vector_for_each(const struct race_step, st, &rule->steps) {
		int col = 0;
		for (int a = 0; a < n; a++) {
			if (strcmp(rule->actors.data[a].name, st->actor) == 0)
				col = a;
		}
		char lead[24];
		snprintf(lead, sizeof(lead), "    %3d  ", ++step);
		const char *p = st->does;
		for (bool first = true; *p || first; first = false) {
			const char *line = p;
			int len = next_wrapped_line(&p, width);
			print_race_row(out, first ? lead : "         ", n, width,
				       col, line, len);
		}
	}
}

void text_rule(FILE *out, const struct rule *rule)
{
	fprintf(out, "%s", rule->id);
	if (rule->bug)
		fprintf(out, " (bug %s)", rule->bug);
	fprintf(out, "\n  subsystem: %s\n", rule->subsystem);
	print_wrapped(out, 4, "  title: ", rule->title);
	if (rule->introduced)
		fprintf(out, "  introduced: %s\n", rule->introduced);
	if (rule->fixed.size) {
		fputs("  fixed in:", out);
		vector_for_each(char *, f, &rule->fixed)
			fprintf(out, " %s", *f);
		fputc('\n', out);
	}
	fputs("  race:\n", out);
	text_race(out, rule, NULL);
	print_wrapped(out, 4, "  root cause: ", rule->root_cause);
	print_fix(out, rule);
	fputs("  references:\n", out);
	vector_for_each(char *, ref, &rule->references)
		fprintf(out, "    %s\n", *ref);
}

/* "kind, fault_function" of the conditions with outcome @p o. */
static void condition_list(char *buf, size_t size, const struct verdict *v,
			   enum outcome o)
{
	size_t used = 0;
	buf[0] = '\0';
	vector_for_each(const struct condition_result, r, &v->results) {
		if (r->outcome != o || used >= size)
			continue;
		used += snprintf(buf + used, size - used, "%s%s (%s)",
				 used ? "; " : "",
				 condition_type_key(r->cond->type),
				 r->fact ? r->fact : "?");
	}
}

/*
 * No rule reached "possible": why, and the rules that came nearest with
 * what matched and what failed ("not B: ..."), so that a near miss reads
 * differently from a crash no rule knows.
 */
static void print_nearest(FILE *out, const struct crash_record *rec,
			  const struct verdict_vector *vs)
{
	if (rec->kind == CRASH_UNKNOWN)
		print_wrapped(out, 4, "  why: ",
			      "the input does not say how the kernel died (crash kind unknown) and no decisive dump finding matched: no rule can give a verdict");
	vector_for_each(const struct verdict, v, vs) {
		if (!v->nearest)
			continue;
		char head[256], list[1024];
		snprintf(head, sizeof(head), "  nearest: %s%s%s (score %d): ",
			 v->rule->id, v->rule->bug ? ", bug " : "",
			 v->rule->bug ? v->rule->bug : "", v->score);
		print_wrapped(out, 6, head,
			      v->none_reason ? v->none_reason : "below possible");
		condition_list(list, sizeof(list), v, OUTCOME_MATCHED);
		if (list[0])
			print_wrapped(out, 6, "    matched: ", list);
		condition_list(list, sizeof(list), v, OUTCOME_FAILED);
		if (list[0]) {
			snprintf(head, sizeof(head), "    not %s: ",
				 v->rule->bug ? v->rule->bug : v->rule->id);
			print_wrapped(out, 6, head, list);
		}
	}
}

/* Known bugs: the CVE records whose quoted crash is most like this one. */
static void print_known_bugs(FILE *out, const struct report *report,
			     bool verbose)
{
	size_t n = report->known_bugs_count;
	if (!n)
		return;
	if (!verbose && n > 3)
		n = 3;
	fputs("Known bugs like this one (kernel CVE records):\n", out);
	for (size_t i = 0; i < n; i++) {
		const struct kb_candidate *c = &report->known_bugs[i];
		const struct kb_entry *e = c->entry;
		char label[64];
		snprintf(label, sizeof(label), "  %-6s %-16s ",
			 kb_strength_name(c->strength), e->id);
		print_wrapped(out, 26, label, e->subject ? e->subject : "");
		print_wrapped(out, 8, "      agrees: ", c->why);
		print_wrapped(out, 8, "      by version: ", c->version_text);
		/* The CNA lists the stable branches' commits, mainline's last. */
		if (e->commits.size)
			fprintf(out, "      fix: %s\n",
				e->commits.data[e->commits.size - 1]);
	}
}

void text_report(FILE *out, const struct report *report,
		 const struct text_options *opts)
{
	const struct crash_record *rec = &report->rec;
	print_header(out, report);
	print_trace(out, rec);
	vector_for_each(const struct page_dump, p, &rec->pages)
		print_page(out, p);
	print_tasks(out, report, opts);
	if (rec->findings.size)
		fprintf(out, "Findings (%zu):\n", rec->findings.size);
	vector_for_each(const struct finding, f, &rec->findings) {
		char label[64];
		snprintf(label, sizeof(label), "  %s: ", f->id);
		print_wrapped(out, 4, label, f->text);
	}
	fprintf(out, "Bucket: %s (%s)\n", report->bucket.key,
		report->bucket.hash);
	const struct verdict_vector *vs = &report->verdicts;
	if (!vs->size || vs->data[0].level == VERDICT_NONE) {
		fputs("Verdict: no known signature\n", out);
		print_nearest(out, rec, vs);
	}
	size_t i = 0;
	vector_for_each(const struct verdict, v, vs) {
		if (v->nearest ||
		    (v->level == VERDICT_NONE && !opts->verbose))
			continue;
		print_verdict(out, v, i++ == 0 || opts->verbose);
	}
	print_known_bugs(out, report, opts->verbose);
	fputc('\n', out);
}
