// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "error.h"
#include "render/json_tree.h"
#include "record.h"
#include "signature/bucket.h"
#include "tap.h"
#include "util.h"

static const char *normalized(const char *name)
{
	static char buf[128];
	size_t n = function_normalized_len(name, strlen(name));
	snprintf(buf, sizeof(buf), "%.*s", (int)n, name);
	return buf;
}

static void test_normalize(void)
{
	is_str(normalized("ll_readahead.isra.3"), "ll_readahead", ".isra.N");
	is_str(normalized("shrink_slab.constprop.0"), "shrink_slab",
	       ".constprop.N");
	is_str(normalized("do_thing.part.0.cold"), "do_thing", ".part.N.cold");
	is_str(normalized("foo.cold"), "foo", ".cold");
	is_str(normalized("bar.llvm.12345"), "bar", "clang .llvm.N");
	is_str(normalized("truncate_inode_page"), "truncate_inode_page",
	       "plain name unchanged");
	is_str(normalized(".isra.0"), ".isra.0", "a name that is all suffix");
}

static void test_kinds(void)
{
	is_str(crash_kind_name(CRASH_BAD_PAGE), "bad_page", "kind name");
	is_int(crash_kind_from_name("warning"), CRASH_WARNING, "kind lookup");
	is_int(crash_kind_from_name("nope"), CRASH_KIND_COUNT, "unknown kind");
}

static void push(struct crash_record *rec, const char *fn, bool reliable)
{
	struct frame *f = frame_vector_push(rec, &rec->frames, fn, strlen(fn));
	f->reliable = reliable;
}

static void test_guilty_bug(void)
{
	struct crash_record rec;
	crash_record_init(&rec);
	rec.kind = CRASH_BAD_PAGE;
	push(&rec, "dump_stack", true);
	push(&rec, "bad_page", true);
	push(&rec, "free_pcp_prepare", true);
	push(&rec, "free_unref_page", true);
	push(&rec, "__put_page", true);
	push(&rec, "collapse_file.isra.0", true);
	ok(!crash_record_finish(&rec), "finish");
	is_str(rec.title, "BUG: Bad page state in collapse_file",
	       "bad_page skips the free path, keeps collapse_file");
	struct bucket a, b;
	bucket_compute(&rec, NULL, &a);
	is_str(a.key, "bad_page:collapse_file@vmlinux", "bucket key");
	rec.frames.data[5].address = pgr_u64_of(0xffffffff81000000);
	bucket_compute(&rec, NULL, &b);
	is_str(a.hash, b.hash, "bucket hash ignores addresses");
	crash_record_deinit(&rec);
}

static void test_guilty_fault(void)
{
	struct crash_record rec;
	crash_record_init(&rec);
	rec.kind = CRASH_BUG;
	rec.has_fault = true;
	rec.fault.function = rec.fault.normalized =
		record_strdup(&rec, "truncate_inode_page");
	push(&rec, "? show_regs", false);
	push(&rec, "truncate_inode_pages_range", true);
	ok(!crash_record_finish(&rec), "finish");
	is_str(rec.title, "kernel BUG in truncate_inode_page",
	       "the fault site is guilty and page-cache functions are kept");
	crash_record_deinit(&rec);

	crash_record_init(&rec);
	rec.kind = CRASH_WARNING;
	push(&rec, "kthread", false);
	push(&rec, "__warn", true);
	push(&rec, "dax_disassociate_entry", true);
	ok(!crash_record_finish(&rec), "finish");
	is_str(rec.title, "WARNING in dax_disassociate_entry",
	       "plumbing skipped, reliable frames first");
	crash_record_deinit(&rec);
}

static void test_arena(void)
{
	struct pgr_arena arena;
	pgr_arena_init(&arena);
	char big[40000];
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	char *a = pgr_arena_strndup(&arena, "abc", 3);
	char *b = pgr_arena_strndup(&arena, big, strlen(big));
	char *c = pgr_arena_strndup(&arena, "def", 3);
	is_str(a, "abc", "small string");
	ok(b && strlen(b) == sizeof(big) - 1, "large string");
	is_str(c, "def", "small string after a large one");
	// A size near SIZE_MAX must fail, not wrap to a tiny block.
	ok(!pgr_arena_alloc(&arena, SIZE_MAX - 3), "huge arena size fails");
	pgr_arena_deinit(&arena);
}

static void test_vector_overflow(void)
{
	struct string_vector v;
	string_vector_init(&v);
	// Doubling to this many pointers would wrap the byte count.
	ok(!string_vector_reserve(&v, SIZE_MAX / 2), "huge vector size fails");
	string_vector_deinit(&v);
}

// A pipe holding @p len bytes, its write end closed; the read end.
static int filled_pipe(size_t len)
{
	int fds[2];
	if (pipe(fds) < 0)
		return -1;
	char buf[256];
	memset(buf, 'x', sizeof(buf));
	bool ok = len <= sizeof(buf) && write(fds[1], buf, len) == (ssize_t)len;
	close(fds[1]);
	if (!ok) {
		close(fds[0]);
		return -1;
	}
	return fds[0];
}

// read_file() on a pipe of @p len bytes: -1 when it succeeds, else the
// error code (-2 when no pipe could be made).
static int read_pipe(size_t len, size_t max, size_t *got_ret)
{
	int fd = filled_pipe(len);
	if (fd < 0)
		return -2;
	char path[64];
	snprintf(path, sizeof(path), "/dev/fd/%d", fd);
	char *buf = NULL;
	*got_ret = 0;
	struct pgr_error *err = read_file(path, max, &buf, got_ret);
	int code = err ? (int)err->code : -1;
	pgr_error_destroy(err);
	free(buf);
	close(fd);
	return code;
}

static void test_read_file_limit(void)
{
	size_t got;
	is_int(read_pipe(10, 10, &got), -1, "a pipe at the limit is read");
	is_int(got, 10, "all of it");
	is_int(read_pipe(100, 10, &got), PGR_ERROR_LIMIT,
	       "a pipe over the limit fails");
}

// A fault keeps its address; catch takes only the code it names, so
// out of memory passes a catch for faults.
static void test_error_catch(void)
{
	struct pgr_error *err =
		pgr_error_fault(0xffff888000001000, "read at %#x", 0x1000);
	ok(err->code == PGR_ERROR_FAULT && err->address == 0xffff888000001000,
	   "a fault carries its address");
	ok(!pgr_error_catch(&err, PGR_ERROR_NOT_FOUND) && err,
	   "catch leaves an error of another code");
	ok(pgr_error_catch(&err, PGR_ERROR_FAULT) && !err,
	   "catch absorbs the code it names");
	struct pgr_error *oom = &pgr_enomem;
	ok(!pgr_error_catch(&oom, PGR_ERROR_FAULT) && oom == &pgr_enomem,
	   "out of memory is not a fault");
	struct pgr_error *none = NULL;
	ok(!pgr_error_catch(&none, PGR_ERROR_FAULT),
	   "no error: nothing caught");
}

// A step into a parent whose creation failed fails the whole tree.
static void test_json_tree(void)
{
	struct json_tree t = { 0 };
	cJSON *o = cJSON_CreateObject();
	jt_string(&t, o, "a", "b");
	jt_u64(&t, o, "n", UINT64_MAX);
	char *s = cJSON_PrintUnformatted(o);
	is_str(s, "{\"a\":\"b\",\"n\":18446744073709551615}",
	       "a tree whose steps succeed");
	free(s);
	ok(json_tree_finish(&t, o) == o, "finish gives the tree");
	cJSON_Delete(o);
	t = (struct json_tree){ 0 };
	o = cJSON_CreateObject();
	jt_string(&t, o, "a", "b");
	// NULL: the parent's creation failed.
	ok(!jt_string(&t, NULL, "x", "y") && t.failed &&
		   !json_tree_finish(&t, o),
	   "a step into a parent that failed fails the tree");
}

int main(void)
{
	test_error_catch();
	test_json_tree();
	test_normalize();
	test_kinds();
	test_guilty_bug();
	test_guilty_fault();
	test_arena();
	test_vector_overflow();
	test_read_file_limit();
	return tap_done();
}
