// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <lzma.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#include "cleanup.h"
#include "triage/decompress.h"

enum { IN_SIZE = 65536, PEEK_SIZE = 65536 };

struct decompressor {
	char *path;
	int fd;
	enum input_type type;
	z_stream z;
	lzma_stream x;
	ZSTD_DStream *zs;
	/** The library has been initialised (z, x) and needs freeing. */
	bool lib_ready;
	/** Inside a gzip member or zstd frame: the end is not here yet. */
	bool frame_open;
	unsigned char in[IN_SIZE];
	size_t in_len, in_pos;
	bool in_eof;
	/** The compressed data ended cleanly. */
	bool end;
	unsigned char peek[PEEK_SIZE];
	size_t peek_len, peek_pos;
	enum input_type content;
	FILE *file;
	struct pgr_error *err;
};

static const char *format_name(enum input_type type)
{
	return type == INPUT_GZIP ? "gzip" : type == INPUT_XZ ? "xz" : "zstd";
}

static void fail(struct decompressor *d, const char *what)
{
	if (!d->err)
		d->err = pgr_error_format(PGR_ERROR_BAD_DATA, "%s: %s data: %s",
					  d->path, format_name(d->type), what);
}

static bool refill(struct decompressor *d)
{
	if (d->in_pos < d->in_len || d->in_eof)
		return true;
	ssize_t n;
	do
		n = read(d->fd, d->in, sizeof(d->in));
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		d->err = pgr_error_os(errno, d->path, "cannot read");
		return false;
	}
	d->in_len = n;
	d->in_pos = 0;
	d->in_eof = n == 0;
	return true;
}

static size_t gzip_step(struct decompressor *d, unsigned char *buf,
			size_t size)
{
	z_stream *z = &d->z;
	z->next_in = d->in + d->in_pos;
	z->avail_in = d->in_len - d->in_pos;
	z->next_out = buf;
	z->avail_out = size;
	int rc = inflate(z, Z_NO_FLUSH);
	d->in_pos = d->in_len - z->avail_in;
	size_t produced = size - z->avail_out;
	if (rc == Z_STREAM_END) {
		d->frame_open = false;
		// gzip allows concatenated members; other trailing bytes
		// (zero padding from tape or a truncated copy) are ignored,
		// as gunzip does.
		if (!refill(d))
			return produced;
		if (d->in_pos < d->in_len && d->in[d->in_pos] == 0x1f)
			inflateReset(z);
		else
			d->end = true;
	} else if (rc == Z_OK || (rc == Z_BUF_ERROR && produced)) {
		d->frame_open = true;
	} else if (rc != Z_BUF_ERROR) {
		fail(d, z->msg ? z->msg : "invalid data");
	}
	return produced;
}

static const char *lzma_message(lzma_ret rc)
{
	switch (rc) {
	case LZMA_MEM_ERROR: return "cannot allocate memory";
	case LZMA_MEMLIMIT_ERROR: return "memory usage limit reached";
	case LZMA_FORMAT_ERROR: return "not in the .xz format";
	case LZMA_OPTIONS_ERROR: return "unsupported compression options";
	case LZMA_DATA_ERROR: return "compressed data is corrupt";
	case LZMA_BUF_ERROR: return "compressed data is truncated";
	default: return "internal error";
	}
}

static size_t xz_step(struct decompressor *d, unsigned char *buf,
		      size_t size)
{
	lzma_stream *x = &d->x;
	x->next_in = d->in + d->in_pos;
	x->avail_in = d->in_len - d->in_pos;
	x->next_out = buf;
	x->avail_out = size;
	lzma_action action = d->in_eof ? LZMA_FINISH : LZMA_RUN;
	lzma_ret rc = lzma_code(x, action);
	d->in_pos = d->in_len - x->avail_in;
	size_t produced = size - x->avail_out;
	if (rc == LZMA_STREAM_END)
		d->end = true;
	else if (rc != LZMA_OK && !(rc == LZMA_BUF_ERROR && produced))
		fail(d, lzma_message(rc));
	return produced;
}

static size_t zstd_step(struct decompressor *d, unsigned char *buf,
			size_t size)
{
	ZSTD_inBuffer in = { d->in, d->in_len, d->in_pos };
	ZSTD_outBuffer out = { buf, size, 0 };
	size_t rc = ZSTD_decompressStream(d->zs, &out, &in);
	d->in_pos = in.pos;
	if (ZSTD_getErrorCode(rc) == ZSTD_error_memory_allocation && !d->err)
		d->err = &pgr_enomem;
	else if (ZSTD_isError(rc))
		fail(d, ZSTD_getErrorName(rc));
	else
		// 0: a frame is complete; another one may follow.
		d->frame_open = rc != 0;
	return out.pos;
}

/* Decompress into @p buf; 0 at the end of the data or on an error. */
static size_t decompress(struct decompressor *d, unsigned char *buf,
			 size_t size)
{
	size_t produced = 0;
	while (!produced && !d->end && !d->err) {
		if (!refill(d))
			break;
		if (d->in_pos == d->in_len && d->in_eof && d->type != INPUT_XZ) {
			if (d->frame_open)
				fail(d, "truncated");
			d->end = true;
			break;
		}
		if (d->type == INPUT_GZIP)
			produced = gzip_step(d, buf, size);
		else if (d->type == INPUT_XZ)
			produced = xz_step(d, buf, size);
		else
			produced = zstd_step(d, buf, size);
	}
	return produced;
}

static ssize_t cookie_read(void *cookie, char *buf, size_t size)
{
	struct decompressor *d = cookie;
	if (d->peek_pos < d->peek_len) {
		size_t n = d->peek_len - d->peek_pos;
		if (n > size)
			n = size;
		memcpy(buf, d->peek + d->peek_pos, n);
		d->peek_pos += n;
		return n;
	}
	size_t n = decompress(d, (unsigned char *)buf, size);
	if (d->err) {
		errno = EIO;
		return -1;
	}
	return n;
}

static struct pgr_error *start_library(struct decompressor *d)
{
	if (d->type == INPUT_GZIP) {
		// 16 + MAX_WBITS: gzip header and trailer, not raw zlib.
		if (inflateInit2(&d->z, 16 + MAX_WBITS) != Z_OK)
			return &pgr_enomem;
	} else if (d->type == INPUT_XZ) {
		d->x = (lzma_stream)LZMA_STREAM_INIT;
		lzma_ret rc = lzma_stream_decoder(&d->x, UINT64_MAX,
						  LZMA_CONCATENATED);
		if (rc != LZMA_OK)
			return rc == LZMA_MEM_ERROR ? &pgr_enomem :
			       pgr_error_format(PGR_ERROR_OTHER,
						"%s: lzma_stream_decoder: %s",
						d->path, lzma_message(rc));
	} else {
		d->zs = ZSTD_createDStream();
		if (!d->zs)
			return &pgr_enomem;
	}
	d->lib_ready = true;
	return NULL;
}

static struct pgr_error *fill_peek(struct decompressor *d)
{
	while (d->peek_len < sizeof(d->peek) && !d->end && !d->err)
		d->peek_len += decompress(d, d->peek + d->peek_len,
					  sizeof(d->peek) - d->peek_len);
	// An input that is corrupt from its first bytes is corrupt; one
	// that breaks later is reported when the reader gets there.
	if (d->err && !d->peek_len)
		return decompressor_take_error(d);
	d->content = input_classify(d->peek, d->peek_len);
	return NULL;
}

struct pgr_error *decompressor_create(const char *path, enum input_type type,
				      struct decompressor **ret)
{
	_cleanup_(decompressor_destroyp) struct decompressor *d =
		calloc(1, sizeof(*d));
	if (!d)
		return &pgr_enomem;
	d->fd = -1;
	d->type = type;
	d->path = strdup(path);
	if (!d->path)
		return &pgr_enomem;
	d->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (d->fd < 0)
		return pgr_error_os(errno, path, "cannot open");
	struct pgr_error *err = start_library(d);
	if (err || (err = fill_peek(d)))
		return err;
	cookie_io_functions_t io = { .read = cookie_read };
	d->file = fopencookie(d, "r", io);
	if (!d->file)
		return &pgr_enomem;
	*ret = no_cleanup_ptr(d);
	return NULL;
}

void decompressor_destroy(struct decompressor *d)
{
	if (!d)
		return;
	if (d->file)
		fclose(d->file);
	if (d->lib_ready && d->type == INPUT_GZIP)
		inflateEnd(&d->z);
	else if (d->lib_ready && d->type == INPUT_XZ)
		lzma_end(&d->x);
	ZSTD_freeDStream(d->zs);
	if (d->fd >= 0)
		close(d->fd);
	pgr_error_destroy(d->err);
	free(d->path);
	free(d);
}

enum input_type decompressor_content_type(const struct decompressor *d)
{
	return d->content;
}

FILE *decompressor_file(struct decompressor *d)
{
	return d->file;
}

struct pgr_error *decompressor_take_error(struct decompressor *d)
{
	struct pgr_error *err = d->err;
	d->err = NULL;
	return err;
}
