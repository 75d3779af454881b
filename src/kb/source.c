// SPDX-License-Identifier: GPL-2.0-or-later
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "input/detect.h"
#include "kb/source.h"
#include "triage/decompress.h"
#include "util.h"

/* Directory trees deeper than this are not a vulns checkout. */
enum { MAX_DEPTH = 16 };

static bool is_record_name(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t len = strlen(base);
	return strncmp(base, "CVE-", 4) == 0 && len > 9 &&
	       strcmp(base + len - 5, ".json") == 0;
}

static struct pgr_error *walk_dir(const char *dir, int depth,
				  kb_record_fn *fn, void *arg,
				  struct kb_source_stats *stats)
{
	if (depth > MAX_DEPTH)
		return pgr_error_format(PGR_ERROR_LIMIT,
					"%s: directories nested deeper than %d",
					dir, MAX_DEPTH);
	_cleanup_closedir_ DIR *d = opendir(dir);
	if (!d)
		return pgr_error_os(errno, dir, "cannot open directory");
	/* readdir order is the file system's: sort for a stable output. */
	struct dirent **names = NULL;
	int n = scandir(dir, &names, NULL, alphasort);
	if (n < 0)
		return pgr_error_os(errno, dir, "cannot read directory");
	struct pgr_error *err = NULL;
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		if (err || name[0] == '.')
			continue;
		_cleanup_free_ char *path = NULL;
		if (asprintf(&path, "%s/%s", dir, name) < 0) {
			path = NULL;
			err = &pgr_enomem;
			continue;
		}
		struct stat st;
		if (stat(path, &st) < 0) {
			err = pgr_error_os(errno, path, "cannot stat");
		} else if (S_ISDIR(st.st_mode)) {
			err = walk_dir(path, depth + 1, fn, arg, stats);
		} else if (S_ISREG(st.st_mode) && is_record_name(path)) {
			if ((size_t)st.st_size > KB_RECORD_MAX) {
				stats->too_large++;
				continue;
			}
			_cleanup_free_ char *data = NULL;
			size_t len;
			err = read_file(path, KB_RECORD_MAX, &data, &len);
			if (!err) {
				stats->records++;
				err = fn(arg, path, data, len);
			}
		}
	}
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return err;
}

/* ustar header fields (POSIX.1-1988, with GNU and pax extensions). */
enum {
	TAR_BLOCK = 512,
	TAR_NAME = 0,
	TAR_SIZE = 124,
	TAR_CHKSUM = 148,
	TAR_TYPE = 156,
	TAR_MAGIC = 257,
	TAR_PREFIX = 345,
};

static bool tar_octal(const unsigned char *p, size_t n, uint64_t *ret)
{
	uint64_t v = 0;
	size_t i = 0;
	while (i < n && p[i] == ' ')
		i++;
	for (; i < n && p[i] >= '0' && p[i] <= '7'; i++) {
		if (v >> 60)
			return false;
		v = v * 8 + (p[i] - '0');
	}
	for (; i < n; i++) {
		if (p[i] != ' ' && p[i] != '\0')
			return false;
	}
	*ret = v;
	return true;
}

static bool tar_checksum_ok(const unsigned char *h)
{
	uint64_t want;
	if (!tar_octal(h + TAR_CHKSUM, 8, &want))
		return false;
	uint64_t sum = 0;
	for (size_t i = 0; i < TAR_BLOCK; i++)
		sum += i >= TAR_CHKSUM && i < TAR_CHKSUM + 8 ? ' ' : h[i];
	return sum == want;
}

static bool read_exact(FILE *f, void *buf, size_t len)
{
	return fread(buf, 1, len, f) == len;
}

static bool skip_bytes(FILE *f, uint64_t len)
{
	char buf[8192];
	while (len) {
		size_t n = len < sizeof(buf) ? len : sizeof(buf);
		if (!read_exact(f, buf, n))
			return false;
		len -= n;
	}
	return true;
}

/* The "path=" record of a pax extended header, if any. */
static char *pax_path(const char *data, size_t len)
{
	size_t pos = 0;
	while (pos < len) {
		char *end;
		unsigned long rec = strtoul(data + pos, &end, 10);
		if (rec == 0 || rec > len - pos || *end != ' ')
			return NULL;
		const char *kv = end + 1, *rec_end = data + pos + rec - 1;
		if (rec_end > kv && strncmp(kv, "path=", 5) == 0)
			return strndup(kv + 5, rec_end - kv - 5);
		pos += rec;
	}
	return NULL;
}

static struct pgr_error *walk_tar(const char *path, FILE *f, kb_record_fn *fn,
				  void *arg, struct kb_source_stats *stats)
{
	unsigned char h[TAR_BLOCK];
	/* A long name from a GNU 'L' or pax 'x' entry, for the next entry. */
	_cleanup_free_ char *long_name = NULL;
	_cleanup_free_ char *data = NULL;
	size_t entries = 0;
	for (;;) {
		if (!read_exact(f, h, sizeof(h)))
			return pgr_error_format(PGR_ERROR_BAD_DATA,
						"%s: the tarball ends inside entry %zu",
						path, entries + 1);
		bool zero = true;
		for (size_t i = 0; i < sizeof(h) && zero; i++)
			zero = h[i] == 0;
		if (zero)
			return NULL;
		uint64_t size;
		if (!tar_checksum_ok(h) || !tar_octal(h + TAR_SIZE, 12, &size))
			return pgr_error_format(PGR_ERROR_BAD_DATA,
						"%s: corrupt tar header at entry %zu",
						path, entries + 1);
		entries++;
		uint64_t padded = (size + TAR_BLOCK - 1) / TAR_BLOCK * TAR_BLOCK;
		char type = h[TAR_TYPE];
		char name[256 + 2];
		if (long_name) {
			snprintf(name, sizeof(name), "%s", long_name);
			free(no_cleanup_ptr(long_name));
		} else if (memcmp(h + TAR_MAGIC, "ustar", 5) == 0 &&
			   h[TAR_PREFIX]) {
			snprintf(name, sizeof(name), "%.155s/%.100s",
				 (char *)h + TAR_PREFIX, (char *)h + TAR_NAME);
		} else {
			snprintf(name, sizeof(name), "%.100s",
				 (char *)h + TAR_NAME);
		}
		bool meta = type == 'L' || type == 'x';
		bool record = (type == '0' || type == '\0') &&
			      is_record_name(name);
		if ((!meta && !record) || size > KB_RECORD_MAX) {
			if (record)
				stats->too_large++;
			if (!skip_bytes(f, padded))
				return pgr_error_format(PGR_ERROR_BAD_DATA,
							"%s: the tarball ends inside %s",
							path, name);
			continue;
		}
		char *buf = realloc(data, padded + 1);
		if (!buf)
			return &pgr_enomem;
		data = buf;
		if (!read_exact(f, data, padded))
			return pgr_error_format(PGR_ERROR_BAD_DATA,
						"%s: the tarball ends inside %s",
						path, name);
		data[size] = '\0';
		if (type == 'L') {
			long_name = strndup(data, size);
			if (!long_name)
				return &pgr_enomem;
		} else if (type == 'x') {
			long_name = pax_path(data, size);
		} else {
			stats->records++;
			struct pgr_error *err = fn(arg, name, data, size);
			if (err)
				return err;
		}
	}
}

struct pgr_error *kb_source_walk(const char *path, kb_record_fn *fn,
				 void *arg, struct kb_source_stats *stats)
{
	*stats = (struct kb_source_stats){ 0 };
	struct stat st;
	if (stat(path, &st) < 0)
		return pgr_error_os(errno, path, "cannot open");
	if (S_ISDIR(st.st_mode))
		return walk_dir(path, 0, fn, arg, stats);
	enum input_type type;
	struct pgr_error *err = input_detect(path, &type);
	if (err)
		return err;
	if (type == INPUT_GZIP || type == INPUT_XZ || type == INPUT_ZSTD) {
		struct decompressor *d;
		err = decompressor_create(path, type, &d);
		if (err)
			return err;
		err = walk_tar(path, decompressor_file(d), fn, arg, stats);
		struct pgr_error *derr = decompressor_take_error(d);
		decompressor_destroy(d);
		if (derr) {
			pgr_error_destroy(err);
			return derr;
		}
		return err;
	}
	_cleanup_fclose_ FILE *f = fopen(path, "rb");
	if (!f)
		return pgr_error_os(errno, path, "cannot open");
	return walk_tar(path, f, fn, arg, stats);
}
