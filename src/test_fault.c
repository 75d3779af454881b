// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Test hooks (test builds only, see test_fault.h).
 *
 * Global mutable state, against the rule, because a replacement malloc
 * has nowhere else to keep it: which call site fails, and the call sites
 * seen so far.  glibc lets a program replace malloc, calloc and realloc
 * (its own functions and every library's call them through the program's
 * definitions); these count and forward to glibc's allocator.  Under
 * AddressSanitizer, which owns malloc, the allocation fault is not
 * available and the replacements are not compiled.
 */
#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <malloc.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_fault.h"

#if defined(__SANITIZE_ADDRESS__)
#define PGR_OWN_MALLOC 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PGR_OWN_MALLOC 0
#else
#define PGR_OWN_MALLOC 1
#endif
#else
#define PGR_OWN_MALLOC 1
#endif

const char *test_fault_spec(void)
{
	return getenv("PAGERACE_TEST_FAULT");
}

#if PGR_OWN_MALLOC
void *__libc_malloc(size_t size);
void *__libc_calloc(size_t n, size_t size);
void *__libc_realloc(void *p, size_t size);

/*
 * A call site is the allocating function and the two that called it
 * (strdup or cJSON's allocator alone would be one site for hundreds of
 * callers); distinct sites in open addressing, never allocated.
 */
enum { SITES = 1 << 15, SITE_DEPTH = 4 };

static struct {
	/** The site number that fails; 0: none. */
	unsigned long target;
	unsigned long seen;
	bool fired, inside;
	uint64_t sites[SITES];
} fault;

/* Whether this allocation is the one that fails. */
static bool fail_here(void)
{
	if (!fault.target || fault.fired || fault.inside)
		return false;
	fault.inside = true;
	void *bt[SITE_DEPTH + 1];
	int n = backtrace(bt, SITE_DEPTH + 1);
	fault.inside = false;
	uint64_t site = 1;
	for (int i = 1; i < n; i++) {
		// A stdio stream whose buffer cannot be allocated works
		// unbuffered: glibc absorbs that failure by design.
		Dl_info info;
		if (dladdr(bt[i], &info) && info.dli_sname &&
		    strcmp(info.dli_sname, "_IO_file_doallocate") == 0)
			return false;
		site = (site ^ (uintptr_t)bt[i]) * 0x100000001b3ULL;
	}
	size_t h = site * 0x9e3779b97f4a7c15ULL >> 49;
	for (size_t i = 0; i < SITES; i++) {
		size_t j = (h + i) & (SITES - 1);
		if (fault.sites[j] == site)
			return false;
		if (fault.sites[j])
			continue;
		fault.sites[j] = site;
		if (++fault.seen != fault.target)
			return false;
		fault.fired = true;
		char msg[256];
		int len = snprintf(
			msg, sizeof(msg),
			"pagerace: test fault: allocation at call site %lu failed:",
			fault.seen);
		for (int f = 1; f < n && len < 200; f++)
			len += snprintf(msg + len, sizeof(msg) - len, " %p",
					bt[f]);
		msg[len++] = '\n';
		ssize_t done = write(STDERR_FILENO, msg, len);
		(void)done;
		return true;
	}
	return false;
}

void *malloc(size_t size)
{
	if (fail_here()) {
		errno = ENOMEM;
		return NULL;
	}
	return __libc_malloc(size);
}

void *calloc(size_t n, size_t size)
{
	if (fail_here()) {
		errno = ENOMEM;
		return NULL;
	}
	return __libc_calloc(n, size);
}

void *realloc(void *p, size_t size)
{
	// glibc shrinks in place, never failing (vasprintf, for one,
	// counts on it only for the memory it gives back).
	if (p && size && size <= malloc_usable_size(p))
		return __libc_realloc(p, size);
	if (fail_here()) {
		errno = ENOMEM;
		return NULL;
	}
	return __libc_realloc(p, size);
}

void test_fault_arm(void)
{
	const char *spec = test_fault_spec();
	if (!spec || strncmp(spec, "alloc-site:", 11) != 0)
		return;
	// backtrace() loads its unwinder on first use, allocating.
	void *bt[SITE_DEPTH];
	backtrace(bt, SITE_DEPTH);
	fault.target = strtoul(spec + 11, NULL, 10);
}
#else
void test_fault_arm(void)
{
	const char *spec = test_fault_spec();
	if (spec && strncmp(spec, "alloc-site:", 11) == 0) {
		fputs("pagerace: test fault: allocation faults need a build without AddressSanitizer\n",
		      stderr);
		exit(77);
	}
}
#endif

struct pgr_error *test_fault_input(const char *spec, uint64_t memory_limit,
				   const char *path)
{
	const char *colon = spec ? strchr(spec, ':') : NULL;
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if (!colon || strcmp(colon + 1, base) != 0)
		return NULL;
	size_t n = colon - spec;
	if (strncmp(spec, "hang", n) == 0)
		for (;;)
			pause();
	if (strncmp(spec, "crash", n) == 0) {
		// The default action, so that a sanitizer's handler does not
		// report the worker's death as a fault of ours.
		signal(SIGSEGV, SIG_DFL);
		raise(SIGSEGV);
	}
	if (strncmp(spec, "hog", n) == 0) {
		// Bounded, so a build without the limit does not eat the
		// machine: 4 times the limit, 1 GiB without one.
		uint64_t max = memory_limit ? memory_limit * 4 :
					      UINT64_C(1) << 30;
		// Chained and kept in a volatile: clang elides a malloc and
		// memset whose memory nothing can reach.
		void *volatile held = NULL;
		for (uint64_t got = 0; got < max; got += 16 << 20) {
			char *p = malloc(16 << 20);
			if (!p)
				return &pgr_enomem;
			memset(p, 1, 16 << 20);
			*(void **)p = held;
			held = p;
		}
		// Held, so that a limit checked from outside (ASan builds)
		// sees it; the time limit ends a build that enforces none.
		for (;;)
			pause();
	}
	return NULL;
}
