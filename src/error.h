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
	/**
	 * Memory at address could not be read (not in the dump, no
	 * translation); the one error a reader of the dump may absorb.
	 */
	PGR_ERROR_FAULT,
	PGR_ERROR_OTHER,
};

struct pgr_error {
	enum pgr_error_code code;
	/** Whether pgr_error_destroy() must free this object. */
	bool needs_free;
	int errnum;
	/** The address that could not be read (PGR_ERROR_FAULT only). */
	uint64_t address;
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
/** A fault at @p address; the message says what was being read. */
struct pgr_error *pgr_error_fault(uint64_t address, const char *fmt, ...)
	__attribute__((__returns_nonnull__, __format__(__printf__, 2, 3)));
/** Prepend "prefix: " to the message of @p err (e.g. a file name). */
struct pgr_error *pgr_error_prefix(struct pgr_error *err, const char *fmt, ...)
	__attribute__((__returns_nonnull__, __format__(__printf__, 2, 3)));
void pgr_error_destroy(struct pgr_error *err);

/**
 * If *@p errp has @p code, destroy it, set *@p errp to NULL and return
 * true; otherwise leave it (NULL or another error) and return false.
 * As libdrgn's drgn_error_catch(): absorb the expected error, pass the
 * rest (out-of-memory above all) on.
 */
bool pgr_error_catch(struct pgr_error **errp, enum pgr_error_code code);

static inline void pgr_error_destroyp(struct pgr_error **errp)
{
	pgr_error_destroy(*errp);
}

#endif
