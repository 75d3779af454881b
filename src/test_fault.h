// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * Test hooks, compiled only into test builds (configure
 * --enable-test-hooks, which scripts/build.sh passes and the Debian
 * package does not): $PAGERACE_TEST_FAULT makes an input's analysis hang,
 * crash, hog memory, or makes one allocation fail.  Without the switch
 * the variable is never read.
 */
#ifndef PGR_TEST_FAULT_H
#define PGR_TEST_FAULT_H

#include <stdint.h>

#include "error.h"

#ifdef PGR_TEST_HOOKS
/** What --version adds, so that a test build is never taken for another. */
#define TEST_FAULT_VERSION_NOTE " (test build: PAGERACE_TEST_FAULT is honoured)"
/** $PAGERACE_TEST_FAULT, or NULL. */
const char *test_fault_spec(void);
/**
 * Called first thing in main(): with "alloc-site:K", the first
 * allocation made from the K-th distinct call site seen from here on
 * fails (malloc, calloc and realloc of every library included).
 */
void test_fault_arm(void);
/**
 * "MODE:BASENAME": the analysis of the input named BASENAME hangs,
 * crashes, or allocates until the memory limit stops it (MODE hang,
 * crash, hog); analyze's child and triage's jobs call this.
 */
struct pgr_error *test_fault_input(const char *spec, uint64_t memory_limit,
				   const char *path);
#else
#define TEST_FAULT_VERSION_NOTE ""
static inline const char *test_fault_spec(void)
{
	return NULL;
}

static inline void test_fault_arm(void)
{
}

static inline struct pgr_error *
test_fault_input(const char *spec, uint64_t memory_limit, const char *path)
{
	return NULL;
}
#endif

#endif
