// SPDX-License-Identifier: GPL-2.0-or-later
// Test helper for tests/run-vmcore-tasks.sh: open a dump with the kernel
// half (vmcore/kernel.h) and print what it read as JSON, so a script can
// compare it with drgn's reading of the same dump.
//
//   vmcore-kernel-dump DUMP VMLINUX [MODULE_DIR]
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "record.h"
#include "vmcore/dump.h"
#include "vmcore/kernel.h"

static void json_str(const char *s)
{
	if (!s) {
		fputs("null", stdout);
		return;
	}
	putchar('"');
	for (; *s; s++) {
		unsigned char c = *s;
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void frames(const struct frame_vector *v)
{
	putchar('[');
	for (size_t i = 0; i < v->size; i++) {
		const struct frame *f = &v->data[i];
		printf("%s{\"function\":", i ? "," : "");
		json_str(f->function);
		printf(",\"module\":");
		json_str(f->module);
		printf(",\"address\":\"0x%" PRIx64 "\",\"offset\":%" PRIu64
		       ",\"length\":%" PRIu64 ",\"reliable\":%s,\"context\":%d,"
		       "\"source\":",
		       f->address.value, f->offset.value, f->length.value,
		       f->reliable ? "true" : "false", (int)f->context);
		json_str(f->source);
		putchar('}');
	}
	putchar(']');
}

static void u64_field(const char *name, struct pgr_u64 v)
{
	if (v.known)
		printf(",\"%s\":\"0x%" PRIx64 "\"", name, v.value);
}

static void s64_field(const char *name, struct pgr_s64 v)
{
	if (v.known)
		printf(",\"%s\":%" PRId64, name, v.value);
}

static void pages(const struct crash_record *rec)
{
	printf(",\"pages\":[");
	for (size_t i = 0; i < rec->pages.size; i++) {
		const struct page_dump *p = &rec->pages.data[i];
		printf("%s{\"flag_names\":[", i ? "," : "");
		for (size_t j = 0; j < p->flag_names.size; j++) {
			printf("%s", j ? "," : "");
			json_str(p->flag_names.data[j]);
		}
		printf("]");
		u64_field("address", p->address);
		u64_field("pfn", p->pfn);
		u64_field("flags", p->flags);
		u64_field("mapping", p->mapping);
		u64_field("index", p->index);
		u64_field("head", p->head);
		u64_field("order", p->order);
		u64_field("ino", p->ino);
		s64_field("refcount", p->refcount);
		s64_field("mapcount", p->mapcount);
		printf(",\"is_tail\":%d,\"aops\":", (int)p->is_tail);
		json_str(p->aops);
		printf(",\"dentry\":");
		json_str(p->dentry);
		putchar('}');
	}
	printf("],\"findings\":[");
	for (size_t i = 0; i < rec->findings.size; i++) {
		const struct finding *f = &rec->findings.data[i];
		printf("%s{\"id\":", i ? "," : "");
		json_str(f->id);
		printf(",\"text\":");
		json_str(f->text);
		printf("}");
	}
	putchar(']');
}

static void tasks(const struct crash_record *rec)
{
	printf("\"tasks\":[");
	for (size_t i = 0; i < rec->tasks.size; i++) {
		const struct task_stack *t = &rec->tasks.data[i];
		printf("%s\n{\"pid\":%" PRId64 ",\"comm\":", i ? "," : "",
		       t->pid.value);
		json_str(t->comm);
		printf(",\"state\":\"%c\",\"cpu\":%" PRId64
		       ",\"crashed\":%s,\"frames\":",
		       t->state ? t->state : '?',
		       t->cpu.known ? t->cpu.value : -1,
		       t->crashed ? "true" : "false");
		frames(&t->frames);
		putchar('}');
	}
	printf("],\n\"frames\":");
	frames(&rec->frames);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int fail(struct pgr_error *err)
{
	fprintf(stderr, "vmcore-kernel-dump: %s\n", err->message);
	pgr_error_destroy(err);
	return 1;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: %s DUMP VMLINUX [MODULE_DIR]\n",
			argv[0]);
		return 2;
	}
	double t0 = now();
	struct vmcore_dump *dump;
	struct vmcore_kernel *k;
	struct pgr_error *err = vmcore_dump_open(argv[1], &dump);
	if (err)
		return fail(err);
	if ((err = vmcore_kernel_open(dump, argv[2], &k))) {
		vmcore_dump_close(dump);
		return fail(err);
	}
	if (argc > 3 && (err = vmcore_kernel_set_module_debug(k, argv[3])))
		return fail(err);
	double t1 = now();
	struct crash_record rec;
	crash_record_init(&rec);
	rec.source = RECORD_FROM_VMCORE;
	err = vmcore_collect_tasks(k, &rec);
	if (err)
		fprintf(stderr, "tasks: %s\n", err->message);
	pgr_error_destroy(err);
	double t2 = now();
	err = vmcore_page_forensics(k, &rec);
	if (err)
		fprintf(stderr, "pages: %s\n", err->message);
	pgr_error_destroy(err);
	double t3 = now();
	printf("{");
	tasks(&rec);
	pages(&rec);
	printf(",\n\"time\":{\"open\":%.4f,\"tasks\":%.4f,\"pages\":%.4f}}\n",
	       t1 - t0, t2 - t1, t3 - t2);
	crash_record_deinit(&rec);
	vmcore_kernel_close(k);
	vmcore_dump_close(dump);
	return 0;
}
