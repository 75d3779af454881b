// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * A minimal TAP producer for unit tests (automake's tap-driver.sh reads it).
 *
 *   ok(cond, "name %d", i);  is_str(got, want, "name");  is_int(...);
 *   return tap_done();       // prints the plan, exit status 0 or 1
 */
#ifndef PGR_TAP_H
#define PGR_TAP_H

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static int tap_count, tap_failed;

static inline __attribute__((__format__(__printf__, 2, 3))) bool
ok(bool cond, const char *fmt, ...)
{
	va_list ap;
	printf("%sok %d - ", cond ? "" : "not ", ++tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!cond)
		tap_failed++;
	return cond;
}

#define is_str(got, want, ...)                                               \
	({                                                                   \
		const char *_g = (got), *_w = (want);                        \
		bool _ok = (_g && _w) ? strcmp(_g, _w) == 0 : _g == _w;      \
		if (!ok(_ok, __VA_ARGS__))                                   \
			printf("#   got '%s', want '%s'\n",                      \
			       _g ? _g : "(null)", _w ? _w : "(null)");      \
		_ok;                                                         \
	})

#define is_int(got, want, ...)                                               \
	({                                                                   \
		long long _g = (got), _w = (want);                           \
		bool _ok = _g == _w;                                         \
		if (!ok(_ok, __VA_ARGS__))                                   \
			printf("#   got %lld, want %lld\n", _g, _w);             \
		_ok;                                                         \
	})

static inline int tap_done(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed ? 1 : 0;
}

#endif
