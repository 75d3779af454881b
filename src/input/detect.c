// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "input/detect.h"
#include "util.h"

enum { DETECT_SAMPLE = 65536 };

static const char *const type_names[] = {
#define X(e, name, dump) [INPUT_##e] = name,
	PGR_INPUT_TYPES(X)
#undef X
};

static const bool type_is_dump[] = {
#define X(e, name, dump) [INPUT_##e] = dump,
	PGR_INPUT_TYPES(X)
#undef X
};

const char *input_type_name(enum input_type type)
{
	return type_names[type];
}

bool input_type_is_vmcore(enum input_type type)
{
	return type_is_dump[type];
}

static const struct {
	const char *magic;
	size_t len;
	enum input_type type;
} magics[] = {
	{ "KDUMP   ", 8, INPUT_KDUMP },
	{ "DISKDUMP", 8, INPUT_KDUMP },
	{ "makedumpfile", 12, INPUT_FLATTENED },
	{ "\x1f\x8b", 2, INPUT_GZIP },
	{ "\xfd" "7zXZ\0", 6, INPUT_XZ },
	{ "\x28\xb5\x2f\xfd", 4, INPUT_ZSTD },
};

/*
 * Console logs are text but real ones carry some junk (serial noise,
 * ANSI colour, a stray NUL from a truncated write): call it binary only
 * when a clear share of the sample is not text.
 */
static bool looks_like_text(const unsigned char *buf, size_t len)
{
	size_t odd = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = buf[i];
		if (c == 0 || (c < 0x20 && c != '\n' && c != '\r' &&
			       c != '\t' && c != 0x1b && c != '\f'))
			odd++;
	}
	return odd * 20 <= len;
}

enum input_type input_classify(const unsigned char *buf, size_t len)
{
	if (len == 0)
		return INPUT_EMPTY;
	for (size_t i = 0; i < sizeof(magics) / sizeof(magics[0]); i++) {
		if (len >= magics[i].len &&
		    memcmp(buf, magics[i].magic, magics[i].len) == 0)
			return magics[i].type;
	}
	// ELF with e_type == ET_CORE (little or big endian).
	if (len >= 18 && memcmp(buf, "\x7f" "ELF", 4) == 0) {
		unsigned type = buf[5] == 2 ? (buf[16] << 8 | buf[17]) :
					      (buf[17] << 8 | buf[16]);
		return type == 4 ? INPUT_ELF_CORE : INPUT_BINARY;
	}
	return looks_like_text(buf, len) ? INPUT_LOG : INPUT_BINARY;
}

struct pgr_error *input_detect(const char *path, enum input_type *ret)
{
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return pgr_error_os(errno, path, "cannot open");
	struct stat st;
	if (fstat(fd, &st) < 0)
		return pgr_error_os(errno, path, "cannot stat");
	if (S_ISDIR(st.st_mode))
		return pgr_error_format(PGR_ERROR_BAD_DATA,
					"%s: is a directory (use 'pagerace triage' for directories)",
					path);
	unsigned char buf[DETECT_SAMPLE];
	size_t len;
	struct pgr_error *err = read_full(fd, path, buf, sizeof(buf), &len);
	if (err)
		return err;
	*ret = input_classify(buf, len);
	return NULL;
}
