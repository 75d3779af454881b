// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

struct pgr_error pgr_enomem = {
	.code = PGR_ERROR_NO_MEMORY,
	.message = "cannot allocate memory",
};

struct pgr_error *pgr_error_create(enum pgr_error_code code, const char *msg)
{
	struct pgr_error *err = calloc(1, sizeof(*err));
	if (!err)
		return &pgr_enomem;
	err->message = strdup(msg);
	if (!err->message) {
		free(err);
		return &pgr_enomem;
	}
	err->code = code;
	err->needs_free = true;
	return err;
}

static struct pgr_error *error_vformat(enum pgr_error_code code,
				       const char *fmt, va_list ap)
	__attribute__((__format__(__printf__, 2, 0)));

static struct pgr_error *error_vformat(enum pgr_error_code code,
				       const char *fmt, va_list ap)
{
	struct pgr_error *err = calloc(1, sizeof(*err));
	if (!err)
		return &pgr_enomem;
	if (vasprintf(&err->message, fmt, ap) < 0) {
		free(err);
		return &pgr_enomem;
	}
	err->code = code;
	err->needs_free = true;
	return err;
}

struct pgr_error *pgr_error_format(enum pgr_error_code code, const char *fmt,
				   ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct pgr_error *err = error_vformat(code, fmt, ap);
	va_end(ap);
	return err;
}

struct pgr_error *pgr_error_fault(uint64_t address, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct pgr_error *err = error_vformat(PGR_ERROR_FAULT, fmt, ap);
	va_end(ap);
	if (err != &pgr_enomem)
		err->address = address;
	return err;
}

bool pgr_error_catch(struct pgr_error **errp, enum pgr_error_code code)
{
	if (!*errp || (*errp)->code != code)
		return false;
	pgr_error_destroy(*errp);
	*errp = NULL;
	return true;
}

struct pgr_error *pgr_error_os(int errnum, const char *path, const char *what)
{
	struct pgr_error *err;
	if (errnum == ENOMEM)
		return &pgr_enomem;
	if (what)
		err = pgr_error_format(PGR_ERROR_OS, "%s: %s: %s", path, what,
				       strerror(errnum));
	else
		err = pgr_error_format(PGR_ERROR_OS, "%s: %s", path,
				       strerror(errnum));
	if (err == &pgr_enomem)
		return err;
	err->errnum = errnum;
	err->path = strdup(path);
	return err;
}

struct pgr_error *pgr_error_prefix(struct pgr_error *err, const char *fmt, ...)
{
	if (!err->needs_free)
		return err;
	char *prefix;
	va_list ap;
	va_start(ap, fmt);
	int n = vasprintf(&prefix, fmt, ap);
	va_end(ap);
	if (n < 0)
		return err;
	char *msg;
	if (asprintf(&msg, "%s: %s", prefix, err->message) >= 0) {
		free(err->message);
		err->message = msg;
	}
	free(prefix);
	return err;
}

void pgr_error_destroy(struct pgr_error *err)
{
	if (!err || !err->needs_free)
		return;
	free(err->message);
	free(err->path);
	free(err);
}
