// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * Error objects: every fallible function returns a struct pgr_error *,
 * NULL meaning success, and hands results out through its last parameter.
 */
#ifndef PGR_ERROR_H
#define PGR_ERROR_H

#include <stdbool.h>
#include <stdint.h>

enum pgr_error_code {
	/** Allocation failed; the only error that is always fatal. */
	PGR_ERROR_NO_MEMORY,
	/** A system call failed; errnum and path say which. */
	PGR_ERROR_OS,
	/** Text that does not have the expected syntax (rule file, option). */
	PGR_ERROR_SYNTAX,
	/** Input that is readable but not what it claims to be. */
	PGR_ERROR_BAD_DATA,
	/** Something looked up by name does not exist. */
	PGR_ERROR_NOT_FOUND,
	/** Understood, but not supported by this build or this version. */
	PGR_ERROR_UNSUPPORTED,
	/** A resource limit (size, time, recursion) was reached. */
	PGR_ERROR_LIMIT,
	PGR_ERROR_OTHER,
};

struct pgr_error {
	enum pgr_error_code code;
	/** Whether pgr_error_destroy() must free this object. */
	bool needs_free;
	int errnum;
	char *path;
	char *message;
};

/** The static out-of-memory error; never freed. */
extern struct pgr_error pgr_enomem;

struct pgr_error *pgr_error_create(enum pgr_error_code code, const char *msg)
	__attribute__((__returns_nonnull__));
struct pgr_error *pgr_error_format(enum pgr_error_code code, const char *fmt,
				   ...)
	__attribute__((__returns_nonnull__, __format__(__printf__, 2, 3)));
/** An OS error for @p path, with strerror(@p errnum) in the message. */
struct pgr_error *pgr_error_os(int errnum, const char *path, const char *what)
	__attribute__((__returns_nonnull__));
/** Prepend "prefix: " to the message of @p err (e.g. a file name). */
struct pgr_error *pgr_error_prefix(struct pgr_error *err, const char *fmt, ...)
	__attribute__((__returns_nonnull__, __format__(__printf__, 2, 3)));
void pgr_error_destroy(struct pgr_error *err);

static inline void pgr_error_destroyp(struct pgr_error **errp)
{
	pgr_error_destroy(*errp);
}

#endif
