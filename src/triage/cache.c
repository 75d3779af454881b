// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "triage/cache.h"
#include "util.h"

enum { CACHE_MAX_ENTRY = 1 << 30 };

struct pgr_error *cache_default_dir(char **ret)
{
	const char *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	int n;
	// The XDG base directory spec ignores relative paths.
	if (xdg && xdg[0] == '/')
		n = asprintf(ret, "%s/pagerace", xdg);
	else if (home && *home)
		n = asprintf(ret, "%s/.cache/pagerace", home);
	else
		return pgr_error_create(PGR_ERROR_NOT_FOUND,
					"no cache directory: neither XDG_CACHE_HOME nor HOME is set");
	return n < 0 ? &pgr_enomem : NULL;
}

struct pgr_error *cache_prepare(const char *dir)
{
	_cleanup_free_ char *path = strdup(dir);
	if (!path)
		return &pgr_enomem;
	for (char *p = path + 1;; p++) {
		bool last = !*p;
		if (*p != '/' && !last)
			continue;
		*p = '\0';
		if (mkdir(path, 0777) < 0 && errno != EEXIST)
			return pgr_error_os(errno, path, "cannot create the cache directory");
		if (last)
			break;
		*p = '/';
	}
	if (access(dir, W_OK) < 0)
		return pgr_error_os(errno, dir, "cannot write to the cache directory");
	return NULL;
}

struct pgr_error *cache_hash_file(const char *path, uint64_t *hash_ret,
				  uint64_t *size_ret)
{
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return pgr_error_os(errno, path, "cannot open");
	unsigned char buf[65536];
	uint64_t hash = FNV1A64_INIT, size = 0;
	for (;;) {
		size_t n;
		struct pgr_error *err =
			read_full(fd, path, buf, sizeof(buf), &n);
		if (err)
			return err;
		if (n == 0)
			break;
		hash = fnv1a64(hash, buf, n);
		size += n;
	}
	*hash_ret = hash;
	*size_ret = size;
	return NULL;
}

void cache_key(uint64_t hash, uint64_t size, uint64_t rules_hash,
	       const char *extra, char ret[CACHE_KEY_SIZE])
{
	uint64_t tool = fnv1a64(FNV1A64_INIT, PACKAGE_VERSION,
				sizeof(PACKAGE_VERSION));
	if (extra)
		tool = fnv1a64(tool, extra, strlen(extra));
	snprintf(ret, CACHE_KEY_SIZE,
		 "%02x/%016" PRIx64 "-%" PRIu64 "-%016" PRIx64 "-%016" PRIx64,
		 (unsigned)(hash >> 56), hash, size, rules_hash, tool);
}

struct pgr_error *cache_lookup(const char *dir, const char *key, char **ret,
			       size_t *len_ret)
{
	_cleanup_free_ char *path = NULL;
	if (asprintf(&path, "%s/%s.jsonl", dir, key) < 0)
		return &pgr_enomem;
	*ret = NULL;
	*len_ret = 0;
	if (access(path, F_OK) < 0)
		return NULL;
	return read_file(path, CACHE_MAX_ENTRY, ret, len_ret);
}

struct pgr_error *cache_store(const char *dir, const char *key,
			      const char *data, size_t len)
{
	_cleanup_free_ char *sub = NULL, *path = NULL, *tmp = NULL;
	if (asprintf(&sub, "%s/%.2s", dir, key) < 0 ||
	    asprintf(&path, "%s/%s.jsonl", dir, key) < 0 ||
	    asprintf(&tmp, "%s.tmp.%ld", path, (long)getpid()) < 0)
		return &pgr_enomem;
	if (mkdir(sub, 0777) < 0 && errno != EEXIST)
		return pgr_error_os(errno, sub, "cannot create");
	_cleanup_close_ int fd =
		open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0)
		return pgr_error_os(errno, tmp, "cannot create");
	struct pgr_error *err = write_full(fd, tmp, data, len);
	if (!err && rename(tmp, path) < 0)
		err = pgr_error_os(errno, path, "cannot rename");
	if (err)
		unlink(tmp);
	return err;
}
