// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * Scope-based cleanup, so every function has one exit path without
 * goto ladders.
 */
#ifndef PGR_CLEANUP_H
#define PGR_CLEANUP_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define _cleanup_(fn) __attribute__((__cleanup__(fn)))

static inline void freep(void *p)
{
	free(*(void **)p);
}

static inline void fclosep(FILE **fp)
{
	if (*fp)
		fclose(*fp);
}

static inline void closep(int *fd)
{
	if (*fd >= 0)
		close(*fd);
}

static inline void closedirp(DIR **dir)
{
	if (*dir)
		closedir(*dir);
}

#define _cleanup_free_ _cleanup_(freep)
#define _cleanup_fclose_ _cleanup_(fclosep)
#define _cleanup_close_ _cleanup_(closep)
#define _cleanup_closedir_ _cleanup_(closedirp)
#define _cleanup_error_ _cleanup_(pgr_error_destroyp)

/** Take ownership of a pointer out of a cleanup variable. */
#define no_cleanup_ptr(p)                       \
	({                                      \
		__auto_type __ptr = (p);        \
		(p) = NULL;                     \
		__ptr;                          \
	})
#define return_ptr(p) return no_cleanup_ptr(p)

#endif
