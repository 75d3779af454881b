// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "util.h"

struct pgr_error *read_full(int fd, const char *path, void *buf, size_t len,
			    size_t *ret)
{
	size_t done = 0;
	while (done < len) {
		ssize_t n = read(fd, (char *)buf + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return pgr_error_os(errno, path, "cannot read");
		if (n == 0)
			break;
		done += n;
	}
	*ret = done;
	return NULL;
}

struct pgr_error *write_full(int fd, const char *path, const void *data,
			     size_t len)
{
	const char *p = data;
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return pgr_error_os(errno, path, "cannot write");
		p += n;
		len -= n;
	}
	return NULL;
}

static struct pgr_error *too_big(const char *path, size_t max_size)
{
	return pgr_error_format(PGR_ERROR_LIMIT, "%s: more than %zu bytes",
				path, max_size);
}

struct pgr_error *read_file(const char *path, size_t max_size, char **ret,
			    size_t *len_ret)
{
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return pgr_error_os(errno, path, "cannot open");
	struct stat st;
	if (fstat(fd, &st) < 0)
		return pgr_error_os(errno, path, "cannot stat");
	if (S_ISDIR(st.st_mode))
		return pgr_error_os(EISDIR, path, "cannot read");
	if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > max_size)
		return pgr_error_format(PGR_ERROR_LIMIT,
					"%s: file is %lld bytes, more than the %zu allowed",
					path, (long long)st.st_size, max_size);
	size_t cap = 4096, len = 0;
	_cleanup_free_ char *buf = malloc(cap);
	if (!buf)
		return &pgr_enomem;
	for (;;) {
		if (cap - len < 2) {
			// A pipe or a growing file has no size to check up
			// front: stop one byte past the limit.
			if (len > max_size)
				return too_big(path, max_size);
			if (cap > SIZE_MAX / 2)
				return &pgr_enomem;
			char *b = realloc(buf, cap * 2);
			if (!b)
				return &pgr_enomem;
			buf = b;
			cap *= 2;
		}
		size_t want = cap - len - 1, n;
		struct pgr_error *err =
			read_full(fd, path, buf + len, want, &n);
		if (err)
			return err;
		len += n;
		if (n < want)
			break;
	}
	if (len > max_size)
		return too_big(path, max_size);
	buf[len] = '\0';
	*len_ret = len;
	*ret = no_cleanup_ptr(buf);
	return NULL;
}

uint64_t fnv1a64(uint64_t hash, const void *data, size_t len)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < len; i++) {
		hash ^= p[i];
		hash *= UINT64_C(0x100000001b3);
	}
	return hash;
}

size_t terminal_width(FILE *f)
{
	int fd = fileno(f);
	if (fd < 0 || !isatty(fd))
		return 0;
	const char *columns = getenv("COLUMNS");
	char *end;
	unsigned long n = columns ? strtoul(columns, &end, 10) : 0;
	if (columns && *columns && !*end && n >= 20 && n <= 1000)
		return n;
	struct winsize ws;
	if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		return ws.ws_col;
	return 80;
}

struct pgr_error *memstream_close(FILE *f, char **buf)
{
	bool failed = ferror(f);
	if (fclose(f) == 0 && !failed && *buf)
		return NULL;
	free(*buf);
	*buf = NULL;
	return &pgr_enomem;
}
