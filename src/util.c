// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "util.h"

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
	if (S_ISREG(st.st_mode) && (size_t)st.st_size > max_size)
		return pgr_error_format(PGR_ERROR_LIMIT,
					"%s: file is %lld bytes, more than the %zu allowed",
					path, (long long)st.st_size, max_size);
	size_t cap = 4096, len = 0;
	_cleanup_free_ char *buf = malloc(cap);
	if (!buf)
		return &pgr_enomem;
	for (;;) {
		if (cap - len < 2) {
			if (cap >= max_size + 2)
				return pgr_error_format(PGR_ERROR_LIMIT,
							"%s: more than %zu bytes",
							path, max_size);
			char *b = realloc(buf, cap * 2);
			if (!b)
				return &pgr_enomem;
			buf = b;
			cap *= 2;
		}
		ssize_t n = read(fd, buf + len, cap - len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return pgr_error_os(errno, path, "cannot read");
		}
		if (n == 0)
			break;
		len += n;
	}
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
