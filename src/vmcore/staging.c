// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "cleanup.h"
#include "triage/decompress.h"
#include "vmcore/staging.h" // IWYU pragma: associated

// makedumpfile's flattened format (makedumpfile.h): a 4096-byte header
// ("makedumpfile", type 1, version 1, big-endian int64s), then records
// of {int64 offset, int64 size} and size bytes, each to be written at
// offset of the dump, until an offset of -1.
enum { FLAT_HEADER_SIZE = 4096, FLAT_TYPE = 1, FLAT_VERSION = 1 };
static const char FLAT_SIGNATURE[] = "makedumpfile";

// A compressed dump may unpack to this many times its size (dumps
// compress 3 to 30 times; makedumpfile's pages are compressed already).
enum { EXPANSION_MAX = 64 };
static const uint64_t STAGE_SLACK = UINT64_C(256) << 20;
// What must stay free on the temporary file's file system.
static const uint64_t FREE_RESERVE = UINT64_C(1) << 30;

static uint64_t be64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

static const char *tmp_dir(void)
{
	const char *dir = getenv("TMPDIR");
	return dir && *dir ? dir : "/tmp";
}

struct stage {
	const char *path;
	int fd;
	/** Bytes the copy may take: the expansion bound and the free space. */
	uint64_t max;
	const char *why_max;
	uint64_t size;
};

static struct pgr_error *stage_open(struct stage *st, uint64_t input_size,
				    unsigned expansion)
{
	const char *dir = tmp_dir();
	st->fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (st->fd < 0)
		return pgr_error_os(errno, dir,
				    "cannot make a temporary file for the dump");
	st->max = input_size * expansion + STAGE_SLACK;
	st->why_max = expansion == 1 ? "the stream's size" :
				       "64 times the compressed size";
	struct statvfs vfs;
	if (fstatvfs(st->fd, &vfs) == 0) {
		uint64_t avail = (uint64_t)vfs.f_bavail * vfs.f_frsize;
		uint64_t room = avail > FREE_RESERVE ? avail - FREE_RESERVE : 0;
		if (room < st->max) {
			st->max = room;
			st->why_max = "the free space in $TMPDIR less 1 GiB";
		}
	}
	return NULL;
}

static struct pgr_error *too_big(const struct stage *st, uint64_t end)
{
	return pgr_error_format(PGR_ERROR_LIMIT,
				"%s: the dump would take more than %" PRIu64
				" MiB to unpack (%s; it reaches byte %" PRIu64
				"): unpack it yourself",
				st->path, st->max >> 20, st->why_max, end);
}

static struct pgr_error *stage_write(struct stage *st, const void *buf,
				     size_t len, uint64_t off)
{
	if (off > st->max || len > st->max - off)
		return too_big(st, off + len);
	const char *p = buf;
	while (len) {
		ssize_t n = pwrite(st->fd, p, len, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return pgr_error_os(n < 0 ? errno : ENOSPC, tmp_dir(),
					    "cannot write the dump's temporary copy");
		p += n;
		off += n;
		len -= n;
	}
	if (off > st->size)
		st->size = off;
	return NULL;
}

static struct pgr_error *read_exact(FILE *in, const char *path, void *buf,
				    size_t len, const char *what)
{
	if (fread(buf, 1, len, in) == len)
		return NULL;
	if (ferror(in))
		return pgr_error_os(errno ? errno : EIO, path, "cannot read");
	return pgr_error_format(PGR_ERROR_BAD_DATA,
				"%s: truncated makedumpfile flattened stream: it ends inside its %s",
				path, what);
}

// Rebuild the dump a flattened stream describes.  A stream cut short
// (a pipe that broke) keeps the records it has: the dump is then read
// as far as it goes.
static struct pgr_error *unflatten(struct stage *st, FILE *in, bool *cut_ret)
{
	_cleanup_free_ unsigned char *buf = malloc(FLAT_HEADER_SIZE);
	if (!buf)
		return &pgr_enomem;
	struct pgr_error *err = read_exact(in, st->path, buf, FLAT_HEADER_SIZE,
					   "header");
	if (err)
		return err;
	if (memcmp(buf, FLAT_SIGNATURE, sizeof(FLAT_SIGNATURE)) != 0 ||
	    be64(buf + 16) != FLAT_TYPE || be64(buf + 24) != FLAT_VERSION)
		return pgr_error_format(PGR_ERROR_BAD_DATA,
					"%s: makedumpfile flattened stream of unknown type %" PRIu64
					" or version %" PRIu64,
					st->path, be64(buf + 16), be64(buf + 24));
	enum { CHUNK = 1 << 20 };
	_cleanup_free_ unsigned char *data = malloc(CHUNK);
	if (!data)
		return &pgr_enomem;
	*cut_ret = false;
	for (uint64_t n = 0;; n++) {
		unsigned char rec[16];
		size_t got = fread(rec, 1, sizeof(rec), in);
		if (got < sizeof(rec)) {
			if (ferror(in))
				return pgr_error_os(errno ? errno : EIO,
						    st->path, "cannot read");
			*cut_ret = true;
			return NULL;
		}
		int64_t off = (int64_t)be64(rec), size = (int64_t)be64(rec + 8);
		if (off == -1)
			return NULL;
		if (off < 0 || size <= 0)
			return pgr_error_format(PGR_ERROR_BAD_DATA,
						"%s: corrupt makedumpfile flattened stream: record %" PRIu64
						" has offset %" PRId64 " and size %" PRId64,
						st->path, n, off, size);
		if ((uint64_t)off > st->max || (uint64_t)size > st->max - off)
			return too_big(st, (uint64_t)off + size);
		for (int64_t done = 0; done < size;) {
			size_t k = size - done < CHUNK ? size - done : CHUNK;
			size_t r = fread(data, 1, k, in);
			if (r && (err = stage_write(st, data, r, off + done)))
				return err;
			done += r;
			if (r < k) {
				if (ferror(in))
					return pgr_error_os(errno ? errno : EIO,
							    st->path,
							    "cannot read");
				*cut_ret = true;
				return NULL;
			}
		}
	}
}

static struct pgr_error *copy_all(struct stage *st, FILE *in)
{
	enum { CHUNK = 1 << 20 };
	_cleanup_free_ unsigned char *data = malloc(CHUNK);
	if (!data)
		return &pgr_enomem;
	for (;;) {
		size_t r = fread(data, 1, CHUNK, in);
		struct pgr_error *err =
			r ? stage_write(st, data, r, st->size) : NULL;
		if (err)
			return err;
		if (r < CHUNK)
			return ferror(in) ? pgr_error_os(errno ? errno : EIO,
							 st->path,
							 "cannot read") :
					    NULL;
	}
}

static bool compressed(enum input_type type)
{
	return type == INPUT_GZIP || type == INPUT_XZ || type == INPUT_ZSTD;
}

bool vmcore_needs_staging(enum input_type type)
{
	return type == INPUT_FLATTENED || compressed(type);
}

struct pgr_error *vmcore_stage(const char *path, enum input_type type,
			       struct vmcore_staged *ret)
{
	struct stat sb;
	if (stat(path, &sb) < 0)
		return pgr_error_os(errno, path, "cannot stat");
	_cleanup_(decompressor_destroyp) struct decompressor *d = NULL;
	_cleanup_fclose_ FILE *plain = NULL;
	FILE *in;
	enum input_type inner = type;
	if (compressed(type)) {
		struct pgr_error *err = decompressor_create(path, type, &d);
		if (err)
			return err;
		inner = decompressor_content_type(d);
		in = decompressor_file(d);
		if (inner != INPUT_KDUMP && inner != INPUT_ELF_CORE &&
		    inner != INPUT_FLATTENED)
			return pgr_error_format(PGR_ERROR_BAD_DATA,
						"%s: %s inside a %s, not a crash dump",
						path, input_type_name(inner),
						input_type_name(type));
	} else {
		if (!(plain = fopen(path, "re")))
			return pgr_error_os(errno, path, "cannot open");
		in = plain;
	}
	struct stage st = { .path = path, .fd = -1 };
	struct pgr_error *err = stage_open(
		&st, sb.st_size, compressed(type) ? EXPANSION_MAX : 1);
	bool cut = false;
	if (!err)
		err = inner == INPUT_FLATTENED ? unflatten(&st, in, &cut) :
						 copy_all(&st, in);
	// The decompressor's words say more than the reader's EIO.  Data
	// that breaks off after the dump's first blocks is a dump cut short:
	// it is read as far as it goes.
	_cleanup_free_ char *why_cut = NULL;
	struct pgr_error *derr = d ? decompressor_take_error(d) : NULL;
	if (derr && (!err || err->code == PGR_ERROR_OS) &&
	    st.size >= FLAT_HEADER_SIZE) {
		pgr_error_destroy(err);
		err = NULL;
		cut = true;
		// Its message starts with the path, named again by the user.
		const char *msg = derr->message;
		size_t n = strlen(path);
		if (strncmp(msg, path, n) == 0 && msg[n] == ':')
			msg += n + 2;
		why_cut = strdup(msg);
		pgr_error_destroy(derr);
		if (!why_cut)
			err = &pgr_enomem;
	} else if (derr && (!err || err->code == PGR_ERROR_OS)) {
		pgr_error_destroy(err);
		err = derr;
	} else {
		pgr_error_destroy(derr);
	}
	if (!err && cut && !why_cut &&
	    !(why_cut = strdup("the makedumpfile flattened stream ends before its end marker")))
		err = &pgr_enomem;
	if (err) {
		if (st.fd >= 0)
			close(st.fd);
		return err;
	}
	*ret = (struct vmcore_staged){ .fd = st.fd,
				       .size = st.size,
				       .flattened = inner == INPUT_FLATTENED,
				       .compressed = compressed(type),
				       .stream_cut = cut,
				       .why_cut = no_cleanup_ptr(why_cut) };
	return NULL;
}
